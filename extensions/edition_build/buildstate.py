"""One build at a time per environment; no build left half-done; no page left behind.

* **The lock.**  A build takes an exclusive ``flock`` on ``DOCTREEDIR/.edition-build.lock``
  when its configuration is read (``config-inited``, before the pickled environment is
  loaded) and holds it until the process ends.  A second build of the same checkout (the
  same doctree folder: ``make html`` while ``make livehtml`` or another ``make html`` runs)
  stops at once with one line, ``another build is running …``, before it reads or writes
  anything.  The kernel drops an ``flock`` when its process ends, however it ends (killed,
  crashed, Ctrl+C), so a lock never outlives its build; the file itself stays, empty of
  meaning.  ``make livehtml`` runs each rebuild as a process of its own, one after the
  other: each takes the lock and lets it go.
* **Interrupted builds.**  At the start of reading (``env-get-outdated``) a build writes
  ``DOCTREEDIR/.edition-incomplete-BUILDER``; a build that finishes removes it.  A build
  that finds it (the last one of this builder was interrupted, e.g. by Ctrl+C while
  writing, after the environment was saved but before every page and the search index
  were) re-reads and rewrites every page, so its output equals a clean build's.
* **Removed and renamed pages.**  Sphinx never deletes the output of a page whose source
  is gone: a renamed page would stay published under its old name, with its old text.
  When a source is removed, its output file (``page.html``, ``page/index.html``,
  ``page.txt``) is deleted too.
"""

from __future__ import annotations

import errno
import fcntl
import os
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

logger = logging.getLogger(__name__)

LOCK_NAME = ".edition-build.lock"

#: lock files this process holds, by path (an in-process test may make several
#: applications on one folder, one after the other: they are one build at a time)
_held: dict[Path, int] = {}


class BuildLocked(Exception):
    """Another process holds the build lock of a doctree folder."""


def acquire(doctreedir: Path) -> None:
    """Take the build lock of *doctreedir* for the rest of this process (re-entrant)."""
    path = (Path(doctreedir) / LOCK_NAME).resolve()
    if path in _held:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as exc:
        os.close(fd)
        if exc.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
            raise BuildLocked(str(path)) from None
        raise
    # the holder's pid, for the message a waiting build prints (informative only)
    os.ftruncate(fd, 0)
    os.write(fd, f"{os.getpid()}\n".encode())
    _held[path] = fd


def holder(doctreedir: Path) -> str:
    try:
        pid = (Path(doctreedir) / LOCK_NAME).read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return ""
    return f" (process {pid})" if pid.isdigit() else ""


def take_lock(app: Sphinx, config: Any) -> None:
    """``config-inited``: refuse to start while another build uses this environment."""
    doctreedir = Path(app.doctreedir)
    try:
        acquire(doctreedir)
    except BuildLocked:
        # SystemExit with a message: one line on stderr, exit status 1, no traceback
        raise SystemExit(
            f"another build is running in this checkout{holder(doctreedir)}, using "
            f"{doctreedir}: wait for it to finish (or stop it), then build again"
        ) from None


# -- interrupted builds ----------------------------------------------------------------

def marker(app: Sphinx) -> Path:
    return Path(app.doctreedir) / f".edition-incomplete-{app.builder.name}"


def start_build(app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str],
                removed: set[str]) -> list[str]:
    """``env-get-outdated``: mark this build as begun; after an interrupted one, redo all."""
    path = marker(app)
    interrupted = path.exists()
    app._edition_started_clean = not interrupted  # type: ignore[attr-defined]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("a build of this builder started and has not finished\n", encoding="utf-8")
    remove_outputs(app, removed)
    if interrupted:
        logger.info("the last %s build was interrupted: reading and writing every page again",
                    app.builder.name)
        return sorted(env.found_docs)
    return []


def finish_build(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: a build that ended without an exception is complete."""
    if exception is None and app.builder is not None:
        marker(app).unlink(missing_ok=True)


def stopped_before_writing(app: Sphinx) -> None:
    """A build that stops after reading, before saving or writing anything, leaves the
    output as the build before it left it: complete, unless that one was interrupted."""
    if getattr(app, "_edition_started_clean", False):
        marker(app).unlink(missing_ok=True)


def remove_outputs(app: Sphinx, docnames: set[str]) -> None:
    """Delete the output files of *docnames* (pages whose source is gone), never a file
    outside the output folder."""
    builder = app.builder
    outdir = Path(app.outdir).resolve()
    for docname in sorted(docnames):
        if hasattr(builder, "get_outfilename"):
            path = Path(builder.get_outfilename(docname))
        elif getattr(builder, "out_suffix", None):
            path = outdir / (docname + builder.out_suffix)
        else:
            continue  # one output for the whole edition (LaTeX): rewritten every build
        path = path.resolve()
        if outdir not in path.parents or not path.is_file():
            continue
        path.unlink()
        logger.info("removed %s: its source %s is gone", path.relative_to(outdir), docname)
        parent = path.parent
        while parent != outdir and not any(parent.iterdir()):
            parent.rmdir()
            parent = parent.parent


def prune_search_index(app: Sphinx) -> list[Any]:
    """``html-collect-pages`` (before Sphinx dumps the search index): no word without a page.

    Sphinx's index keeps a word whose pages were all removed with an empty list of pages,
    so that after a page is deleted ``searchindex.js`` differs from a clean build's."""
    indexer = getattr(app.builder, "indexer", None)
    if indexer is not None:
        for mapping in (indexer._mapping, indexer._title_mapping):
            for word in [w for w, docs in mapping.items() if not docs]:
                del mapping[word]
    return []
