"""Checks on the Markdown sources that MyST itself lets pass.

A fence (```` ``` ````, ``~~~`` or, with ``colon_fence``, ``:::``) that is never closed
does not make MyST warn: it silently swallows the rest of the page into a code block or
directive.  This extension tokenises each Markdown source with MyST's own configured
parser and warns, with the file and the line of the opening fence, about every top-level
fence that reaches the end of the file without its closing marker.

Warning type/subtype: ``edition.unclosed_fence``.
"""

from __future__ import annotations

from typing import Any

from markdown_it.renderer import RendererHTML
from myst_parser.parsers.mdit import create_md_parser
from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)

FENCE_TOKENS = {"fence", "colon_fence"}


def unclosed_fences(text: str, parser: Any) -> list[tuple[int, str]]:
    """Return ``(line, marker)`` for each top-level fence of *text* that is never closed.

    Lines are 1-based.  markdown-it ends an unclosed fence at the end of the input, so
    a fence is unclosed when the last line of its block is not a closing marker.
    """
    lines = text.splitlines()
    found: list[tuple[int, str]] = []
    for token in parser.parse(text):
        if token.type not in FENCE_TOKENS or not token.map:
            continue
        start, end = token.map
        marker = token.markup
        last = lines[end - 1].strip() if end - 1 > start and end - 1 < len(lines) else ""
        closed = (
            end - 1 > start
            and last.startswith(marker[0] * len(marker))
            and set(last) == {marker[0]}
        )
        if not closed:
            found.append((start + 1, marker))
    return found


_PARSER: tuple[Any, Any] | None = None


def md_parser(config: Any) -> Any:
    """MyST's parser for *config*, made once per build (not once per page: ~15 ms each)."""
    global _PARSER
    if _PARSER is None or _PARSER[0] is not config:
        _PARSER = (config, create_md_parser(config, RendererHTML))
    return _PARSER[1]


def check_source(app: Sphinx, docname: str, source: list[str]) -> None:
    """``source-read`` handler: warn about unclosed fences in a Markdown document."""
    if not app.env.doc2path(docname).suffix == ".md":
        return
    text = source[0]
    if "```" not in text and "~~~" not in text and ":::" not in text:
        return
    for line, marker in unclosed_fences(text, md_parser(app.env.myst_config)):
        logger.warning(
            "fence %r opened here is never closed: it swallows the rest of the page; "
            "close it with a line of %s",
            marker,
            marker,
            location=(docname, line),
            type="edition",
            subtype="unclosed_fence",
        )


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("myst_parser")
    app.connect("source-read", check_source)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
