"""Checks on the Markdown sources that MyST itself lets pass.

A fence (```` ``` ````, ``~~~`` or, with ``colon_fence``, ``:::``) that is never closed
does not make MyST warn: it silently swallows the rest of the page into a code block or
directive.  This extension tokenises each Markdown source with MyST's own configured
parser and warns, with the file and the line of the opening fence, about every top-level
fence that reaches the end of the file without its closing marker.

Warning type/subtype: ``edition.unclosed_fence``.

It also holds the edition's **safety settings** for content.  The sources are the author's
text and the editors' markup; they need neither raw output nor files pulled in from disk,
and an editor's stray ``<b>`` or ``.. raw::`` must not reach readers as live markup:

``edition_raw_enabled`` (default ``False``)
    docutils' ``raw_enabled``: the ``raw`` directive (reST ``.. raw::``, MyST ``{raw}``)
    warns "directive disabled" at its line and outputs nothing; a role made from the ``raw``
    role (``.. role:: latex(raw)`` in ``{eval-rst}``) warns ``edition.raw_markup`` at its line
    and shows its text.  MyST does not consult this
    setting for HTML written inline in Markdown, so a transform does: each such tag becomes
    visible text (escaped like any text) with a warning ``edition.raw_markup`` at its line.
``edition_file_insertion_enabled`` (default ``False``)
    docutils' ``file_insertion_enabled``: ``include``, ``literalinclude``, ``csv-table
    :file:`` and ``raw :file:`` warn at their line and insert nothing.

Always on:

* **links and images that run code** — docutils makes a link of every address it knows in
  reST (``javascript:`` and ``data:`` included) and an image of any: a link whose scheme is
  not ``http``, ``https`` or ``mailto`` (or none: inside the edition), an image whose scheme
  is not ``http``/``https`` (or none: a file of the sources) warns ``edition.unsafe_link``
  at its line and is shown as text;
* **a reST footnote reference with no footnote** (``[#]_`` in ``{eval-rst}``), which MyST's
  pages leave without a target and Sphinx's HTML writer fails on, warns
  ``edition.footnote_unresolved`` and is shown as typed.

The edition's own extensions read their data (registry of terms, bibliography, witnesses)
from paths set in ``conf.py``, not from content, and are not affected.
"""

from __future__ import annotations

import re
from typing import Any

from docutils import nodes
from docutils.parsers.rst.roles import raw_role as docutils_raw_role
from markdown_it.renderer import RendererHTML
from myst_parser.parsers.mdit import create_md_parser
from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform
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
    """MyST's parser for *config*, made once per build (not once per page: ~15 ms each),
    reading the blocks only: a fence is a block, and the inline parse was a third of the
    check's time."""
    global _PARSER
    if _PARSER is None or _PARSER[0] is not config:
        parser = create_md_parser(config, RendererHTML)
        parser.disable([r.name for r in parser.core.ruler.__rules__ if r.name != "block"
                        and r.name not in ("normalize",)], ignoreInvalid=True)
        _PARSER = (config, parser)
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


def apply_safety_settings(app: Sphinx) -> None:
    """``builder-inited``: hand the edition's safety settings to docutils for every page."""
    app.env.settings["raw_enabled"] = app.config.edition_raw_enabled
    app.env.settings["file_insertion_enabled"] = app.config.edition_file_insertion_enabled


class RawMarkupAsText(SphinxTransform):
    """Raw markup written in the content (MyST's inline and block HTML) becomes visible text.

    Runs first of all transforms, before any extension adds raw LaTeX of its own.
    """

    default_priority = 1

    def apply(self, **kwargs: Any) -> None:
        if self.config.edition_raw_enabled:
            return
        for raw in list(self.document.findall(nodes.raw)):
            text = raw.astext()
            logger.warning(
                "raw %s markup %r is not allowed in the edition's sources and is shown as "
                "text; write it with MyST markup (emphasis, roles, directives), or escape "
                "a literal '<' as '\\<'",
                raw.get("format", "") or "output", text.strip()[:60],
                location=raw, type="edition", subtype="raw_markup",
            )
            if isinstance(raw.parent, nodes.TextElement):
                raw.replace_self(nodes.Text(text))
            else:
                raw.replace_self(nodes.paragraph(text.strip(), text.strip()))


class UnresolvedFootnoteReference(SphinxTransform):
    """An auto-numbered footnote reference of reST (``[#]_``, ``[*]_`` in ``{eval-rst}``)
    with no footnote for it: MyST's pages leave it without a target, and Sphinx's HTML
    writer fails on it.  It warns at its line and is shown as typed."""

    # after docutils' footnote transforms (620), before Sphinx's collectors (doctree-read, 880)
    default_priority = 870

    def apply(self, **kwargs: Any) -> None:
        for node in list(self.document.findall(nodes.footnote_reference)):
            if node.get("refid"):
                continue
            text = node.rawsource or node.astext()
            logger.warning(
                "footnote reference %r has no footnote and is shown as typed; write the "
                "footnote, or remove the reference", text,
                location=node, type="edition", subtype="footnote_unresolved",
            )
            shown = nodes.inline(text, text, ids=node["ids"])
            node.replace_self(shown)


#: the schemes a link of the text may have (besides none: a link inside the edition)
LINK_SCHEMES = {"http", "https", "mailto"}
SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")


def uri_scheme(uri: str) -> str:
    """The scheme of *uri* as a browser reads it (ASCII whitespace and controls ignored)."""
    match = SCHEME.match(re.sub(r"[\x00-\x20\x7f]", "", uri))
    return match.group(1).lower() if match else ""


def with_line(node: nodes.Element) -> nodes.Node:
    """Where a link is: an image's ``:target:`` link is where its image is (the link itself
    has no line, or the page's first)."""
    image = next(iter(node.findall(nodes.image)), None)
    if image is not None and image.line:
        return image
    return node


class UnsafeLinks(SphinxTransform):
    """Links and images of the text whose address runs code or carries a page of its own
    (``javascript:``, ``data:``, ``vbscript:`` …): docutils makes a link of every such
    address written in reST (``{eval-rst}``), and an image of any.  Each warns at its line
    and is shown as text; only ``http``, ``https``, ``mailto`` and addresses inside the
    edition are links, only ``http``/``https`` and files of the sources are images."""

    default_priority = 871  # before Sphinx's collectors (doctree-read, 880) note the images

    def apply(self, **kwargs: Any) -> None:
        for node in list(self.document.findall(nodes.reference)):
            scheme = uri_scheme(node.get("refuri", ""))
            if not scheme or scheme in LINK_SCHEMES:
                continue
            logger.warning(
                "link to %r is not allowed (a %s: address) and is shown as text; link only "
                "to http, https or mailto addresses", node["refuri"][:80], scheme,
                location=with_line(node), type="edition", subtype="unsafe_link",
            )
            shown = nodes.inline(node.rawsource, "", *node.children, ids=node["ids"])
            node.replace_self(shown)
        for node in list(self.document.findall(nodes.image)):
            scheme = uri_scheme(node.get("uri", ""))
            if not scheme or scheme in ("http", "https"):
                continue
            logger.warning(
                "image %r is not allowed (a %s: address) and is shown by its text; use a file "
                "of the sources", node["uri"][:80], scheme,
                location=node, type="edition", subtype="unsafe_link",
            )
            text = node.get("alt") or node["uri"]
            if isinstance(node.parent, nodes.TextElement):
                node.replace_self(nodes.Text(text))
            else:
                node.replace_self(nodes.paragraph(text, text))


def raw_role(role: str, rawtext: str, text: str, lineno: int, inliner: Any,
             options: dict[str, Any] | None = None, content: list[str] | None = None
             ) -> tuple[list[nodes.Node], list[nodes.system_message]]:
    """docutils' ``raw`` role, and every role made from it with ``.. role:: x(raw)``: when raw
    output is disabled, a warning at its line (docutils' own names none) and the text as typed."""
    if inliner.document.settings.raw_enabled:
        return docutils_raw_role(role, rawtext, text, lineno, inliner, options or {},
                                 content or [])
    source, line = inliner.reporter.get_source_and_line(lineno)
    logger.warning(
        "raw role %r (%s output) is not allowed in the edition's sources and is shown as text; "
        "write it with MyST markup (emphasis, roles, directives)",
        rawtext[:60], (options or {}).get("format", "no"),
        location=f"{source}:{line}", type="edition", subtype="raw_markup",
    )
    return [nodes.Text(nodes.unescape(text, restore_backslashes=True))], []


raw_role.options = docutils_raw_role.options  # type: ignore[attr-defined]


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("myst_parser")
    app.add_role("raw", raw_role, override=True)
    app.add_config_value("edition_raw_enabled", False, "env", types=frozenset({bool}))
    app.add_config_value("edition_file_insertion_enabled", False, "env", types=frozenset({bool}))
    app.connect("source-read", check_source)
    app.connect("builder-inited", apply_safety_settings)
    app.add_transform(RawMarkupAsText)
    app.add_transform(UnresolvedFootnoteReference)
    app.add_transform(UnsafeLinks)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
