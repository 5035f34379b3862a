"""Build safety for the whole edition: no page made by old code, no half-good live build.

* ``edition_code_fingerprint`` (a config value that invalidates the environment): a hash of
  ``conf.py`` and of every file of the edition's own extensions (the folder this package
  lives in), static assets excepted.  When the code changes, Sphinx re-reads every
  document (``updating environment: [config changed ('edition_code_fingerprint')]``), so
  neither ``make html`` nor ``make livehtml`` keeps pages that old code made.  Files in a
  ``static/`` folder are copied on every build and need no re-read.
* ``edition_stop_before_writing`` (default ``False``; ``make livehtml`` sets it): when
  reading the sources produced a warning (a syntax error, a broken directive, an unknown
  role, a missing citation key...), the build stops after printing every warning with its
  file and line, before it saves the environment or writes a page.  The HTML already on
  disk, the last good build, stays what the live server shows; the next save re-reads the
  pages that were still broken, so fixing the error recovers without a restart.
  Warnings that arise only while writing (unresolved cross-references) cannot be held back
  this way: they are printed, and the pages are written.
* One build at a time, and no half-done build (:mod:`.buildstate`): a build holds a lock on
  its doctree folder, so a second one started meanwhile stops with one line ("another
  build is running …"); a build after an interrupted one (Ctrl+C while writing) re-reads
  and rewrites every page, so that its output equals a clean build's.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

from . import buildstate, encoding, guard

logger = logging.getLogger(__name__)

EXTENSIONS_DIR = Path(__file__).resolve().parents[1]
SKIP_SUFFIXES = {".pyc", ".pyo"}


def code_fingerprint(confdir: Path | None, extensions_dir: Path = EXTENSIONS_DIR) -> str:
    """Hash ``conf.py`` and the extension files whose change can change what a page says."""
    files: list[Path] = []
    if confdir is not None and (confdir / "conf.py").is_file():
        files.append(confdir / "conf.py")
    files += sorted(
        path for path in extensions_dir.rglob("*")
        if path.is_file()
        and path.suffix not in SKIP_SUFFIXES
        and not {"__pycache__", "static"} & set(path.relative_to(extensions_dir).parts)
    )
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def set_fingerprint(app: Sphinx, config: Config) -> None:
    config.edition_code_fingerprint = code_fingerprint(
        Path(app.confdir) if app.confdir else None
    )


def stop_if_reading_warned(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-get-updated``: runs after reading and its warnings, before pickling/writing."""
    if not app.config.edition_stop_before_writing:
        return []
    # Sphinx counts the warnings it has shown (suppressed ones excepted) in _warncount.
    count = getattr(app, "_warncount", 0)
    if count:
        logger.info(
            "build stopped before writing: %d warning%s above; the pages already built "
            "(the last good build) are left as they were. Fix the file%s named above and "
            "save: the next build re-reads it.",
            count, "" if count == 1 else "s", "" if count == 1 else "s",
        )
        buildstate.stopped_before_writing(app)
        # SystemExit, not an exception: Sphinx would print a crash report for the latter
        raise SystemExit(1)
    return []


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value(
        "edition_code_fingerprint", "", "env", types=frozenset({str}),
        description="hash of conf.py and the edition's extension code (set automatically)",
    )
    app.add_config_value(
        "edition_stop_before_writing", False, "", types=frozenset({bool}),
        description="stop before writing when reading the sources warned (livehtml)",
    )
    # before the pickled environment is loaded (right after config-inited)
    app.connect("config-inited", buildstate.take_lock, priority=10)
    app.connect("config-inited", set_fingerprint)
    app.connect("env-get-outdated", buildstate.start_build)
    app.connect("build-finished", buildstate.finish_build)
    app.connect("html-collect-pages", buildstate.prune_search_index)
    app.connect("env-before-read-docs", encoding.check_encodings)
    # last, after every extension's own builder-inited handler
    app.connect("builder-inited", guard.guard_everything, priority=900)
    # late, after every extension's own env-get-updated handler has run
    app.connect("env-get-updated", stop_if_reading_warned, priority=900)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
