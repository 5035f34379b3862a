"""``make livehtml`` serves the edition and follows the editor's saves.

A real ``make livehtml`` (sphinx-autobuild, pinned in requirements.txt) runs on a free
loopback port over a temporary copy of the edition.  The test checks that it answers only
requests for its own host names (a forged ``Host:`` gets 400), fetches a page over HTTP,
saves an edit and waits (bounded, not timed) for the served page to change; then saves a
syntax error and checks that the terminal names it with file and line while the last good
build is still served; then fixes it and sees the fix served without a restart; then edits
the extensions' code and sees every page re-read.  The server is stopped in every case.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from buildcheck import ROOT, corpus, docnames
from live import LiveServer, _group_alive  # scripts/live.py (on sys.path via buildcheck)

# make livehtml on (a copy of) the edition
pytestmark = pytest.mark.edition

BOUND = 120  # seconds: a bound on a shared machine, not a performance target


@pytest.fixture
def server(tmp_path: Path):
    tree = corpus.copy_edition(tmp_path / "edition")
    live = LiveServer(tree)
    try:
        live.start(timeout=300)
        yield live
    finally:
        live.stop()
    assert not live.alive()
    assert not _group_alive(live.proc.pid), "a process of the live server survived stop()"


def test_makefile_binds_loopback_on_port_8000_by_default():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^PORT\s*\?=\s*8000$", makefile, re.M)
    recipe = makefile.split("\nlivehtml:", 1)[1].split("\n\n", 1)[0]
    assert "scripts/live.py" in recipe  # sphinx-autobuild answering only its own host names
    assert "--host 127.0.0.1" in recipe and '--port "$$EDITION_PORT"' in recipe
    for watched in ("conf.py", "bibliography.bib", "extensions"):
        assert f"--watch {watched}" in recipe


def test_live_server_follows_edits_and_keeps_the_last_good_build(server: LiveServer):
    assert server.host == "127.0.0.1"
    essay = server.tree / "source" / "essay.md"
    page = server.fetch("essay.html")
    assert page and "Biography of a slogan" in page
    # sphinx-autobuild injects its reload script into every page it serves
    assert "/websocket-reload" in page

    # 0. it answers only requests for its own host names (no DNS rebinding)
    for host in ("127.0.0.1", f"127.0.0.1:{server.port}", "localhost", f"localhost:{server.port}"):
        assert server.status_for_host(host) == 200, host
    for forged in ("evil.example", f"evil.example:{server.port}", "127.0.0.1.evil.example",
                   "localhost.evil.example:80", ""):
        assert server.status_for_host(forged) == 400, forged

    # 1. a save shows up in the served page
    corpus.edit_paragraph(essay, "first-save")
    server.wait(lambda: "(edit first-save)" in (server.fetch("essay.html") or ""), BOUND,
                "the first edit to be served")

    # 2. a syntax error: named in the terminal, the last good build is still served
    mark = server.mark()
    good = essay.read_text(encoding="utf-8")
    corpus.edit_paragraph(essay, "broken-save")
    lines = essay.read_text(encoding="utf-8").split("\n")
    broken_line = len(lines) + 2
    essay.write_text("\n".join(lines) + "\n\n:::{note}\nA fence never closed.\n", encoding="utf-8")
    server.wait_for_output(lambda out: "Sphinx exited with exit code" in out, BOUND, since=mark)
    terminal = server.output_since(mark)
    assert re.search(
        rf"essay\.md:{broken_line}: WARNING: .*never closed.*\[edition\.unclosed_fence\]", terminal
    ), terminal
    assert "build stopped before writing" in terminal
    served = server.fetch("essay.html") or ""
    assert "(edit first-save)" in served and "(edit broken-save)" not in served
    assert "A fence never closed" not in served

    # 3. a broken directive in another page, while the first error is still there
    mark = server.mark()
    responses = server.tree / "source" / "responses.md"
    responses_good = responses.read_text(encoding="utf-8")
    responses.write_text(responses_good + "\n```{no-such-directive}\nbody\n```\n", encoding="utf-8")
    server.wait_for_output(lambda out: "Sphinx exited with exit code" in out, BOUND, since=mark)
    terminal = server.output_since(mark)
    assert re.search(r"responses\.md:\d+: WARNING: .*no-such-directive", terminal), terminal
    assert "build stopped before writing" in terminal

    # 4. fixing both recovers without a restart; the edit made with the error is now served
    mark = server.mark()
    responses.write_text(responses_good, encoding="utf-8")
    essay.write_text(good.replace("(edit first-save)", "(edit fixed-save)"), encoding="utf-8")
    server.wait(lambda: "(edit fixed-save)" in (server.fetch("essay.html") or ""), BOUND,
                "the fixed page to be served")
    assert server.alive()
    assert "no-such-directive" not in (server.fetch("responses.html") or "")

    # 5. an edit of the extensions' code re-reads every page
    mark = server.mark()
    with (server.tree / "extensions" / "edition_common" / "__init__.py").open("a") as f:
        f.write("\n# a live edit of the code\n")
    server.wait_for_output(
        lambda out: re.search(r"config changed \('edition_code_fingerprint'\).*Serving on", out, re.S),
        BOUND, since=mark,
    )
    terminal = server.output_since(mark).split("config changed ('edition_code_fingerprint')", 1)[1]
    reread = set(re.findall(r"reading sources\.\.\. \[\s*\d+%\] (\S+)", terminal))
    assert reread == docnames(server.tree)
