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

from .text import EDITORIAL, Popup
from .visitors import add_node


class tooltip(nodes.Inline, nodes.TextElement):
    """Anchor with a tooltip. Attributes: ``refuri`` (optional), ``tip_id``, ``lang``,
    ``anchor_classes`` (classes of the ``<a>``); children: the anchor's content, then one
    :class:`tooltip_body`."""


class tooltip_body(Popup, nodes.Inline, nodes.TextElement):
    """The text shown on hover/focus (inline content); no view of the text reads it."""


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


def visit_tooltip_html(self: SphinxTranslator, node: tooltip) -> None:
    self.body.append(self.starttag(node, "span", "", CLASS="ed-tip"))
    attrs: dict[str, str] = {"aria-describedby": node["tip_id"]}
    if node.get("lang"):
        attrs["lang"] = node["lang"]
    classes = " ".join(node.get("anchor_classes", []))
    if node.get("refuri"):
        attrs["href"] = node["refuri"]
        self.body.append(self.starttag(nodes.Element(), "a", "", CLASS=classes, **attrs))
        self.context.append("</a>")
    else:
        attrs["tabindex"] = "0"
        self.body.append(self.starttag(nodes.Element(), "span", "", CLASS=classes, **attrs))
        self.context.append("</span>")


def depart_tooltip_html(self: SphinxTranslator, node: tooltip) -> None:
    # the anchor's closing tag, unless the body took it (then "")
    self.body.append(self.context.pop() + "</span>")


def visit_tooltip_body_html(self: SphinxTranslator, node: tooltip_body) -> None:
    self.body.append(self.context.pop())  # the anchor ends where the body begins
    self.context.append("")
    self.body.append(
        self.starttag(node, "span", "", CLASS=f"ed-tip-body {EDITORIAL}", role="tooltip",
                      ids=[node.parent["tip_id"]])
    )


def depart_tooltip_body_html(self: SphinxTranslator, node: tooltip_body) -> None:
    self.body.append("</span>")


def setup_tooltip(app: Sphinx) -> None:
    # other builders write the anchor's content and leave the body out: it repeats what
    # the edition prints elsewhere
    add_node(app, tooltip, html=(visit_tooltip_html, depart_tooltip_html))
    add_node(app, tooltip_body, default="skip",
             html=(visit_tooltip_body_html, depart_tooltip_body_html))


def setup(app: Sphinx) -> dict[str, Any]:  # pragma: no cover - use edition_common
    setup_tooltip(app)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
