"""``sphinx-build``, interrupted as Ctrl+C interrupts it, at a chosen stage (the tests of
``test_build_safety.py``): deterministic where a signal sent on reading a progress line
raced the build, which could finish first.

    python interrupted_sphinx.py STAGE SPHINX-BUILD-ARGUMENTS…

STAGE is ``write:N`` (``KeyboardInterrupt``, what Python's SIGINT handler raises, as the
N-th page is about to be written) or ``search`` (as the search index is about to be
dumped)."""

from __future__ import annotations

import sys

from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.cmd.build import main

stage, *argv = sys.argv[1:]
if stage.startswith("write:"):
    at = int(stage.split(":", 1)[1])
    written = 0
    write_doc = StandaloneHTMLBuilder.write_doc

    def interrupted_write_doc(self, docname, doctree):
        global written
        written += 1
        if written == at:
            raise KeyboardInterrupt
        return write_doc(self, docname, doctree)

    StandaloneHTMLBuilder.write_doc = interrupted_write_doc
elif stage == "search":
    def interrupted_dump(self):
        raise KeyboardInterrupt

    StandaloneHTMLBuilder.dump_search_index = interrupted_dump
else:
    raise SystemExit(f"unknown stage {stage!r}")
sys.exit(main(argv))
