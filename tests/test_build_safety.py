"""An editor's ordinary accidents never leave a broken or wrong build (issue 13).

* A build interrupted with Ctrl+C (SIGINT) while it writes the pages: the next build
  succeeds and its output equals a clean build's, file for file.
* Two builds at once in one checkout: the second stops at once with one line ("another
  build is running …") and the first finishes with the right output; the lock (an
  ``flock`` on the doctree folder, ``extensions/edition_build/buildstate.py``) never outlives
  its process, even one killed with SIGKILL.

(A page renamed or deleted is in ``test_incremental.py``.)
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from buildcheck import ROOT, build, corpus, differences
from conftest import one_page_source

SPHINX = [sys.executable, "-m", "sphinx", "-b", "html", "-W"]
ENV = dict(os.environ, PYTHONDONTWRITEBYTECODE="1", NO_COLOR="1")
BOUND = 300  # seconds: a bound for a shared machine, not a performance target


def start(tree: Path, outdir: Path) -> subprocess.Popen[str]:
    """``make html`` on *tree*, in the background, its progress lines readable one by one."""
    return subprocess.Popen(
        [*SPHINX, "-c", str(tree), str(tree / "source"), str(outdir)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=ENV, cwd=tree,
    )


def wait_for(proc: subprocess.Popen[str], text: str) -> list[str]:
    """Read *proc*'s output until a line contains *text*; the lines read."""
    lines: list[str] = []
    deadline = time.monotonic() + BOUND
    for line in proc.stdout:  # type: ignore[union-attr]
        lines.append(line)
        if text in line or time.monotonic() > deadline:
            break
    assert lines and text in lines[-1], "".join(lines)
    return lines


@pytest.mark.parametrize("when", ["writing output... [ 5", "writing output... [ 8",
                                  "dumping search index"])
def test_interrupted_build_then_rebuild_equals_a_clean_build(tmp_path: Path, when: str):
    """Ctrl+C while writing: Sphinx has saved the environment but not every page nor the
    search index; the rebuild used to fail with ``KeyError`` in the search index."""
    tree = corpus.copy_edition(tmp_path / "edition")
    out = tmp_path / "html"
    proc = start(tree, out)
    try:
        wait_for(proc, when)
        proc.send_signal(signal.SIGINT)
        rest, _ = proc.communicate(timeout=BOUND)
    finally:
        proc.kill()
    assert proc.returncode != 0, rest  # it was interrupted, not finished
    again = build(tree, out)
    assert again.returncode == 0 and not again.warnings, again.stderr
    assert "Traceback" not in again.stderr
    clean = build(tree, tmp_path / "clean")
    assert clean.returncode == 0, clean.stderr
    assert differences(out, tmp_path / "clean") == []
    # and the build after that is incremental again: nothing to read or write
    noop = build(tree, out)
    assert noop.returncode == 0 and noop.reread == set() and noop.written == set(), noop.stdout


# -- The lock --------------------------------------------------------------------------------

@pytest.fixture
def one_page(tmp_path: Path) -> Path:
    """A one-page project with the edition's conf.py; returns its source folder."""
    page = one_page_source(tmp_path / "source")
    page.write_text("# A page\n\nThe {ru}`vlast` of the soviets.\n", encoding="utf-8")
    return page.parent


def build_one(source: Path, outdir: Path, doctrees: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*SPHINX, "--keep-going", "-D", "suppress_warnings=terms.unused,persons.unused,cite.uncited,notes.unreferenced_series",
         "-c", str(ROOT), "-d", str(doctrees), str(source), str(outdir)],
        capture_output=True, text=True, env=ENV, timeout=BOUND,
    )


HOLD = """
import sys, time
from pathlib import Path
sys.path.insert(0, {ext!r})
from edition_build import buildstate
buildstate.acquire(Path({doctrees!r}))
print("locked", flush=True)
time.sleep(600)
"""


def test_second_build_refuses_in_one_line_and_the_lock_dies_with_its_process(
        one_page: Path, tmp_path: Path):
    doctrees = tmp_path / "doctrees"
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD.format(ext=str(ROOT / "extensions"), doctrees=str(doctrees))],
        stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "locked"  # type: ignore[union-attr]
        refused = build_one(one_page, tmp_path / "html", doctrees)
        assert refused.returncode == 1
        lines = refused.stderr.strip().splitlines()
        assert len(lines) == 1, refused.stderr
        assert lines[0].startswith(f"another build is running in this checkout (process {holder.pid})")
        assert "wait for it to finish" in lines[0]
        assert "Traceback" not in refused.stdout + refused.stderr
        assert not (tmp_path / "html" / "index.html").exists()  # nothing read or written
    finally:
        holder.send_signal(signal.SIGKILL)  # as the OOM killer or `kill -9` would
        holder.wait()
    # the lock went with the process: the next build runs
    after = build_one(one_page, tmp_path / "html", doctrees)
    assert after.returncode == 0, after.stderr
    assert (tmp_path / "html" / "index.html").exists()


def test_two_real_builds_at_once(one_page: Path, tmp_path: Path):
    """A build paused while it reads holds the lock; a second build of the same checkout
    refuses; the first, resumed, finishes with the same output as a build alone."""
    doctrees = tmp_path / "doctrees"
    first = subprocess.Popen(
        [*SPHINX, "--keep-going", "-D", "suppress_warnings=terms.unused,persons.unused,cite.uncited,notes.unreferenced_series",
         "-c", str(ROOT), "-d", str(doctrees), str(one_page), str(tmp_path / "html")],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=ENV,
    )
    try:
        wait_for(first, "reading sources")
        first.send_signal(signal.SIGSTOP)
        second = build_one(one_page, tmp_path / "html", doctrees)
        assert second.returncode == 1
        assert second.stderr.startswith("another build is running in this checkout"), second.stderr
        first.send_signal(signal.SIGCONT)
        rest, _ = first.communicate(timeout=BOUND)
    finally:
        first.send_signal(signal.SIGCONT)
        first.kill()
    assert first.returncode == 0, rest
    alone = build_one(one_page, tmp_path / "alone", tmp_path / "alone-doctrees")
    assert alone.returncode == 0, alone.stderr
    assert differences(tmp_path / "html", tmp_path / "alone") == []
    # successive builds (as make livehtml runs them, one process each) take the lock in turn
    for _ in range(2):
        again = build_one(one_page, tmp_path / "html", doctrees)
        assert again.returncode == 0, again.stderr
