"""A link that explains itself: hover or keyboard focus shows a short text in place.

HTML, with the text in the popup::

    <span class="ed-tip">
      <a class="..." href="..." aria-describedby="ed-tip-3">anchor text</a>
      <span class="ed-tip-body ed-editorial" role="tooltip" id="ed-tip-3">body</span>
    </span>

or, when the text is already on the page (an apparatus entry in the page's listing, a
note, a term's gloss in the page's hidden sources), rendered once, not once per mark::

    <span class="ed-tip">
      <a class="..." href="#app-entry-A3" aria-describedby="app-entry-A3">A3</a>
    </span>

``aria-describedby`` names the text itself, so assistive technology reads the same
description either way; ``edition-common.js`` makes the popup of a tip without a body, a
copy of that text (without its elements of class ``ed-tip-omit``), when the anchor is
first hovered or focused (``data-ed-tip-lead``: words before it; ``data-ed-tip-more``: a
link to it after it).  Without JavaScript the anchor is a link to the text, or to the
glossary.

Without a ``refuri`` the anchor is a ``<span tabindex="0">`` (still focusable).  A body is
inline content only (it sits inside a sentence).  CSS shows it on ``:hover`` and
``:focus-within``; ``edition-common.js`` lets Escape hide it.  Other builders (LaTeX, text,
…) render the anchor's children and drop the body, which repeats what the edition prints
elsewhere (glossary, works cited, notes, apparatus).

:class:`tip_sources`: the texts of a page's popups that are nowhere else on it (the
glosses of its Russian terms), once each, in a hidden container at the end of the page.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxTranslator

from .text import EDITORIAL, EditorialMatter, Popup
from .visitors import add_node


class tooltip(nodes.Inline, nodes.TextElement):
    """Anchor with a tooltip. Attributes: ``refuri`` (optional), ``lang``,
    ``anchor_classes`` (classes of the ``<a>``); children: the anchor's content, then one
    :class:`tooltip_body` (its id is given when the page is written), or, with
    ``described_by`` (the id of the text on the page), the anchor's content only, with
    optional ``lead`` and ``more`` words."""


class tooltip_body(Popup, nodes.Inline, nodes.TextElement):
    """The text shown on hover/focus (inline content); no view of the text reads it."""


def make_tooltip(
    document: nodes.document | None,
    anchor: list[nodes.Node],
    body: list[nodes.Node] | None = None,
    *,
    refuri: str | None = None,
    lang: str | None = None,
    anchor_classes: list[str] | None = None,
    classes: list[str] | None = None,
    described_by: str | None = None,
    lead: str | None = None,
    more: str | None = None,
) -> tooltip:
    """Build a :class:`tooltip` node.  Either *body* (the popup's content; its id is
    given when the page is written, one serial per page) or *described_by*:
    the id of the element of the same page whose text the popup shows (then made by the
    page's script, with *lead* before it and, if *more* is given, a link to that element
    with those words after it)."""
    node = tooltip("", "", *anchor, anchor_classes=anchor_classes or [])
    if refuri:
        node["refuri"] = refuri
    if lang:
        node["lang"] = lang
    node["classes"].extend(classes or [])
    if described_by is not None:
        node["described_by"] = described_by
        if lead:
            node["lead"] = lead
        if more:
            node["more"] = more
        return node
    # the body repeats what the edition prints elsewhere (glossary, works cited, notes,
    # apparatus listing): Sphinx's search index skips it ('no-search'), so a search finds
    # each text once, in its place, and the index is not inflated by the copies
    node += tooltip_body("", "", *(body or []), classes=["no-search"])
    return node


class tip_sources(EditorialMatter, nodes.General, nodes.Element):
    """The texts of a page's popups that are nowhere else on the page (HTML only): each
    child has the id its anchors name (``aria-describedby``)."""


def add_tip_sources(document: nodes.document, attribute: str,
                    text: Callable[[str], nodes.Element]) -> None:
    """Give the page, once each, the texts its popups show: for every distinct value of
    *attribute* on the page's tooltips (a term's slug, a work's key), ``text(value)`` — an
    element with the id the tooltips' ``described_by`` names — in a :class:`tip_sources`
    at the end of the page."""
    values = dict.fromkeys(tip[attribute] for tip in document.findall(tooltip)
                           if tip.get(attribute))
    if not values:
        return
    sources = tip_sources()
    for value in values:
        sources += text(value)
    document += sources


def html_tip_id(self: SphinxTranslator) -> str:
    """A popup's id on the page being written: ``ed-tip-N``, one serial for the popups of
    the page, in document order (the translator writes one page). The ``tip_id``
    attributes that the extensions set while reading and while resolving count separately
    (a read-time and a write-time serial both start at 0), so they cannot be the page's
    ids."""
    serial = getattr(self, "_ed_tip_serial", 0)
    self._ed_tip_serial = serial + 1
    return f"ed-tip-{serial}"


def visit_tooltip_html(self: SphinxTranslator, node: tooltip) -> None:
    outer: dict[str, str] = {}
    for key in ("lead", "more"):
        if node.get(key):
            outer[f"data-ed-tip-{key}"] = node[key]
    if node.get("described_by"):
        outer["data-ed-tip"] = node["described_by"]
    self.body.append(self.starttag(node, "span", "", CLASS="ed-tip", **outer))
    tip_id = node.get("described_by") or html_tip_id(self)
    attrs: dict[str, str] = {"aria-describedby": tip_id}
    if node.get("lang"):
        attrs["lang"] = node["lang"]
    classes = " ".join(node.get("anchor_classes", []))
    if node.get("refuri"):
        attrs["href"] = node["refuri"]
        self.body.append(self.starttag(nodes.Element(), "a", "", CLASS=classes, **attrs))
        self.context.append(("</a>", tip_id))
    else:
        attrs["tabindex"] = "0"
        self.body.append(self.starttag(nodes.Element(), "span", "", CLASS=classes, **attrs))
        self.context.append(("</span>", tip_id))


def depart_tooltip_html(self: SphinxTranslator, node: tooltip) -> None:
    # the anchor's closing tag, unless the body took it (then "")
    closing, _ = self.context.pop()
    self.body.append(closing + "</span>")


def visit_tooltip_body_html(self: SphinxTranslator, node: tooltip_body) -> None:
    closing, tip_id = self.context.pop()
    self.body.append(closing)  # the anchor ends where the body begins
    self.context.append(("", tip_id))
    self.body.append(
        self.starttag(node, "span", "", CLASS=f"ed-tip-body {EDITORIAL}", role="tooltip",
                      ids=[tip_id])
    )


def depart_tooltip_body_html(self: SphinxTranslator, node: tooltip_body) -> None:
    self.body.append("</span>")


def visit_tip_sources_html(self: SphinxTranslator, node: tip_sources) -> None:
    self.body.append(self.starttag(node, "div", "", CLASS=f"ed-tip-sources {EDITORIAL} no-search",
                                   hidden="hidden"))


def depart_tip_sources_html(self: SphinxTranslator, node: tip_sources) -> None:
    self.body.append("</div>\n")


def setup_tooltip(app: Sphinx) -> None:
    # other builders write the anchor's content and leave the body out: it repeats what
    # the edition prints elsewhere
    add_node(app, tooltip, html=(visit_tooltip_html, depart_tooltip_html))
    add_node(app, tooltip_body, default="skip",
             html=(visit_tooltip_body_html, depart_tooltip_body_html))
    add_node(app, tip_sources, default="skip",
             html=(visit_tip_sources_html, depart_tip_sources_html))


def setup(app: Sphinx) -> dict[str, Any]:  # pragma: no cover - use edition_common
    setup_tooltip(app)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
