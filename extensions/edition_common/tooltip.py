"""A link that explains itself: hover or keyboard focus shows a short text in place.

HTML::

    <span class="ed-tip">
      <a class="..." href="..." aria-describedby="ed-tip-3">anchor text</a>
      <span class="ed-tip-body ed-editorial" role="tooltip" id="ed-tip-3">body</span>
    </span>

Without a ``refuri`` the anchor is a ``<span tabindex="0">`` (still focusable).  The body
is inline content only (it sits inside a sentence).  CSS shows it on ``:hover`` and
``:focus-within``; ``edition-common.js`` lets Escape hide it.  Other builders (LaTeX, text,
…) render the anchor's children and drop the body, which repeats what the edition prints
elsewhere (glossary, works cited, notes, apparatus).
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxTranslator


class tooltip(nodes.Inline, nodes.TextElement):
    """Anchor with a tooltip. Attributes: ``refuri`` (optional), ``tip_id``, ``lang``,
    ``anchor_classes`` (classes of the ``<a>``); children: the anchor's content, then one
    :class:`tooltip_body`."""


class tooltip_body(nodes.Inline, nodes.TextElement):
    """The text shown on hover/focus (inline content)."""


def make_tooltip(
    document: nodes.document,
    anchor: list[nodes.Node],
    body: list[nodes.Node],
    *,
    refuri: str | None = None,
    lang: str | None = None,
    anchor_classes: list[str] | None = None,
    classes: list[str] | None = None,
) -> tooltip:
    """Build a :class:`tooltip` node; its id is unique within *document*."""
    env = document.settings.env
    tip_id = f"ed-tip-{env.new_serialno('ed-tip')}"
    node = tooltip("", "", *anchor, tip_id=tip_id, anchor_classes=anchor_classes or [])
    if refuri:
        node["refuri"] = refuri
    if lang:
        node["lang"] = lang
    node["classes"].extend(classes or [])
    # the body repeats what the edition prints elsewhere (glossary, works cited, notes,
    # apparatus listing): Sphinx's search index skips it ('no-search'), so a search finds
    # each text once, in its place, and the index is not inflated by the copies
    node += tooltip_body("", "", *body, classes=["no-search"])
    return node


def html_tip_id(self: SphinxTranslator, node: tooltip) -> str:
    """The popup's id on the page being written: ``ed-tip-N``, one serial for every popup of
    the page, in document order. The ``tip_id`` attributes that the extensions set while
    reading and while resolving count separately (a read-time and a write-time serial both
    start at 0), so they cannot be the page's ids."""
    serial = getattr(self, "_ed_tip_serial", 0)
    self._ed_tip_serial = serial + 1
    node["_html_tip_id"] = f"ed-tip-{serial}"
    return node["_html_tip_id"]


def visit_tooltip_html(self: SphinxTranslator, node: tooltip) -> None:
    self.body.append(self.starttag(node, "span", "", CLASS="ed-tip"))
    attrs: dict[str, str] = {"aria-describedby": html_tip_id(self, node)}
    if node.get("lang"):
        attrs["lang"] = node["lang"]
    classes = " ".join(node.get("anchor_classes", []))
    if node.get("refuri"):
        attrs["href"] = node["refuri"]
        self.body.append(self.starttag(nodes.Element(), "a", "", CLASS=classes, **attrs))
        node["_closing"] = "</a>"
    else:
        attrs["tabindex"] = "0"
        self.body.append(self.starttag(nodes.Element(), "span", "", CLASS=classes, **attrs))
        node["_closing"] = "</span>"


def depart_tooltip_html(self: SphinxTranslator, node: tooltip) -> None:
    self.body.append("</span>")


def visit_tooltip_body_html(self: SphinxTranslator, node: tooltip_body) -> None:
    parent = node.parent
    self.body.append(parent["_closing"])  # the anchor ends where the body begins
    self.body.append(
        self.starttag(node, "span", "", CLASS="ed-tip-body ed-editorial", role="tooltip",
                      ids=[parent["_html_tip_id"]])
    )


def depart_tooltip_body_html(self: SphinxTranslator, node: tooltip_body) -> None:
    self.body.append("</span>")


def visit_passthrough(self: SphinxTranslator, node: nodes.Node) -> None:
    pass


def depart_passthrough(self: SphinxTranslator, node: nodes.Node) -> None:
    pass


def visit_skip(self: SphinxTranslator, node: nodes.Node) -> None:
    raise nodes.SkipNode


def setup_tooltip(app: Sphinx) -> None:
    others = {
        fmt: (visit_passthrough, depart_passthrough)
        for fmt in ("latex", "text", "man", "texinfo")
    }
    app.add_node(tooltip, html=(visit_tooltip_html, depart_tooltip_html), **others)
    app.add_node(
        tooltip_body,
        html=(visit_tooltip_body_html, depart_tooltip_body_html),
        **{fmt: (visit_skip, None) for fmt in others},
    )


def setup(app: Sphinx) -> dict[str, Any]:  # pragma: no cover - use edition_common
    setup_tooltip(app)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
