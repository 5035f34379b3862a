"""The EPUB 3 edition (Sphinx's ``epub`` builder, which writes with the HTML visitors).

An e-book has no hover and no script, and reading systems show notes their own way, so the
pages are adapted when they are resolved for the ``epub`` builder:

* **The reading text is the critical text.** The copy-text's readings that the edition
  replaces (the diplomatic view's, :class:`edition_common.DiplomaticOnly` nodes and class
  ``ed-dipl``), the view switch (a :class:`edition_common.ScriptControl`) and the page's
  hidden popup texts are left out; the apparatus gives the copy-text's
  readings, as in the PDF.
* **Popups become links.** A mark, term, citation or note reference keeps its words and its
  link to the listing that holds the popup's text (the page's notes and apparatus, the
  glossary, the works cited); the popup itself, a repetition of that text, is dropped. A
  popup anchor without a link (a term on the glossary page) keeps its words only.
* **EPUB semantics.** ``epub:type`` from the EPUB 3 Structural Semantics Vocabulary on the
  edition's elements, by their HTML class (:data:`EPUB_TYPES`): note references
  (``noteref``) and the notes they point to (``endnote``, in ``endnotes``: the author's
  notes, the editorial notes, the apparatus entries), term links (``glossref``) and the
  glossary, citation links (``biblioref``) and the works cited (``bibliography``).
* **Language.** The root element carries ``lang`` and ``xml:lang`` (the edition's
  ``language``); Russian words carry ``lang="ru"`` (Cyrillic) or ``lang="ru-Latn"``
  (transliterated) from the terms extension.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.writers.html5 import HTML5Translator

from edition_common import (
    DIPLOMATIC,
    DiplomaticOnly,
    ScriptControl,
    tip_sources,
    tooltip,
    tooltip_body,
)

#: ``epub:type`` of an element by one of its HTML classes (first match wins).
EPUB_TYPES: dict[str, str] = {
    # the author's notes, the editorial notes, the apparatus entries: their marks link here
    # (each element on the page that a note reference points to is an ``endnote``)
    "ed-note-ref": "noteref",
    "ed-ednote-ref": "noteref",
    "ed-app-mark-link": "noteref",
    "ed-author-notes": "endnotes",
    "ed-ednotes": "endnotes",
    "ed-apparatus-series": "endnotes",
    # terms and the glossary, citations and the works cited
    "ed-term-link": "glossref",
    "ed-terms-glossary": "glossary",
    "ed-cite-link": "biblioref",
    "ed-works-cited": "bibliography",
}


def is_epub(builder: Any) -> bool:
    return builder.name == "epub"


def epub_doctree(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Adapt a resolved page for the e-book (run after the other extensions' handlers)."""
    if not is_epub(app.builder):
        return
    for node in list(doctree.findall(nodes.Element)):
        if node.parent is None and node is not doctree:
            continue  # inside a subtree removed already
        if (isinstance(node, (DiplomaticOnly, ScriptControl, tip_sources))
                or DIPLOMATIC in node["classes"]):
            node.parent.remove(node)
    # the ids the page keeps outside every popup (an editorial note's marks of persons and
    # dates stand in the note after the text and again in its popup): a dropped popup
    # does not repeat them
    kept = {i for node in doctree.findall(nodes.Element) if not in_tip_body(node)
            for i in node["ids"]}
    for tip in list(doctree.findall(tooltip)):
        tip.replace_self(link_of(tip, kept))


def in_tip_body(node: nodes.Node) -> bool:
    parent = node.parent
    while parent is not None:
        if isinstance(parent, tooltip_body):
            return True
        parent = parent.parent
    return False


def link_of(tip: tooltip, kept: set[str] | None = None) -> nodes.Node:
    """The anchor of a popup as an inline link (or its words alone), without the popup.
    *kept*: the ids the page has elsewhere (updated with those given here)."""
    kept = set() if kept is None else kept
    anchor = [child for child in tip.children if not isinstance(child, tooltip_body)]
    # the ids inside the dropped popup (a citation's back-reference target in a note shown
    # in a popup) go to its anchor, the place in the text the note belongs to, unless the
    # page has them elsewhere
    dropped = [i for child in tip.children if isinstance(child, tooltip_body)
               for node in child.findall(nodes.Element) for i in node["ids"]
               if i not in kept]
    dropped = list(dict.fromkeys(dropped))
    kept.update(dropped)
    wrapper = nodes.inline("", "", ids=[*tip["ids"], *dropped], classes=list(tip["classes"]))
    classes = list(tip.get("anchor_classes", []))
    if tip.get("lang"):
        classes.append(f"language-{tip['lang']}")  # docutils writes it as lang="…"
    if tip.get("refuri"):
        if any(c == "ed-term" or c.startswith("ed-term-") for c in classes):
            classes.append("ed-term-link")
        wrapper += nodes.reference("", "", *anchor, refuri=tip["refuri"], classes=classes)
    else:
        wrapper += nodes.inline("", "", *anchor, classes=classes)
    # kept even when it has no id or class: a reference must sit in a text element
    return wrapper


NOTEREF_CLASSES = {cls for cls, kind in EPUB_TYPES.items() if kind == "noteref"}


def note_targets(document: nodes.document) -> set[str]:
    """The ids on *document* that its note references point to (``#id``)."""
    return {
        ref["refuri"][1:] for ref in document.findall(nodes.reference)
        if ref.get("refuri", "").startswith("#") and NOTEREF_CLASSES & set(ref["classes"])
    }


class EpubTranslator(HTML5Translator):
    """Sphinx's HTML5 translator, adding ``epub:type``: by class (:data:`EPUB_TYPES`), and
    ``endnote`` on the elements that the page's note references point to."""

    def __init__(self, document: nodes.document, builder: Any) -> None:
        super().__init__(document, builder)
        self.ed_note_targets = note_targets(document)

    def starttag(self, node: nodes.Node, tagname: str, suffix: str = "\n",
                 empty: bool = False, **attributes: Any) -> str:
        if isinstance(node, nodes.Element):
            classes = node["classes"] + str(attributes.get("CLASS", "")).split()
            kind = next((EPUB_TYPES[c] for c in classes if c in EPUB_TYPES), None)
            if kind is None and self.ed_note_targets.intersection(node["ids"]):
                kind = "endnote"
            if kind:
                attributes.setdefault("epub:type", kind)
        return super().starttag(node, tagname, suffix, empty, **attributes)


def html_tag(app: Sphinx, pagename: str, templatename: str, context: dict,
             doctree: Any) -> None:
    """The root element with the language, as XHTML wants it (``lang`` and ``xml:lang``)."""
    if not is_epub(app.builder):
        return
    lang = app.config.epub_language or app.config.language or "en"
    tag = context.get("html_tag") or ""
    if tag.endswith(">") and " lang=" not in tag:
        context["html_tag"] = f'{tag[:-1]} lang="{lang}" xml:lang="{lang}">'


def setup(app: Sphinx) -> None:
    app.set_translator("epub", EpubTranslator, override=True)
    # after every other handler (default priority 500): the terms extension makes some of
    # its popups in its own doctree-resolved handler
    app.connect("doctree-resolved", epub_doctree, priority=900)
    app.connect("html-page-context", html_tag, priority=900)
