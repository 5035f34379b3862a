"""One passage scheme for the whole edition: every block of the text has a stable address.

Every block of a text page (its paragraphs, block quotations, list items, headings, each
author's note and reader comment and each of their paragraphs) gets, while the page is
read, an id derived from its place in the text — the numbering the indexes show
(:mod:`.places`): the division (a section, "note 4", "comment 2") and the paragraph's
number in it.  The id is the block's **first** id, so that every format (HTML, dirhtml,
EPUB, TEI's ``xml:id``) writes it — except on an author's note or a reader comment, which
keep their own id (``note-4``, which their marks' popups and links name) first and take the
passage id after it; :func:`passage_id` returns it in every case.

========================  ====================================  ==================
block                     id                                    label
========================  ====================================  ==================
page title                ``p-title``                           "title"
paragraph of the opening  ``p-opening-3``                       "¶ 3"
section heading           ``p-<section id>``                    "§ 2"
paragraph in a section    ``p-<section id>-4``                  "§ 2 ¶ 4"
block quotation           ``p-<section id>-q5`` (from its ¶ 5)  "§ 1 ¶ 5–9"
list item                 ``p-<section id>-i12`` (its ¶ 12)     "§ 1 ¶ 12"
author's note, comment    ``p-note-4``, ``p-comment-2``         "note 4"
paragraph in a note       ``p-note-4-1``                        "note 4 ¶ 1"
========================  ====================================  ==================

The section's part is the section's own id (its slug), never its ordinal, and paragraphs
are counted within their division: an edit in one section renumbers no other.  The
labels ("§ 2 ¶ 4") count sections in order, as a reader does; they are for reading, the
ids are for linking.

Which pages are text pages: the pages that carry the copy-text
(``apparatus_copy_text_pages``), else ``terms_text_docs`` (:func:`text_docs`).
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.transforms import SphinxTransform
from sphinx.transforms.post_transforms import SphinxPostTransform

from .domain import EditionDomain
from .messages import _
from .pages import text_pages
from .text import EDITORIAL, Division, EditorialMatter, Popup, ScriptControl, view_text

#: the prefix of every passage id (an XML name: TEI's xml:id takes it as it is)
PREFIX = "p-"
#: node attributes: the passage's label ("§ 2 ¶ 4") and a paragraph's number in its division
LABEL = "passage_label"
NUMBER = "passage_n"
PASSAGE = "passage_id"


def text_docs(config: Any) -> set[str] | None:
    """The text pages (``edition_text_pages``, :func:`.pages.text_pages`); None when none
    is declared (then no page is a text page)."""
    return set(text_pages(config)) or None


def passage_id(node: nodes.Node) -> str:
    """The passage id of a block of the text (``p-…``; its first id, except for a note or a
    comment, whose own id stays first), or "" if it has none."""
    if isinstance(node, nodes.Element) and node.get(PASSAGE) in node["ids"]:
        return node[PASSAGE]
    return ""


def passage_label(node: nodes.Node) -> str:
    """How a reader cites the block: "§ 2 ¶ 4", "note 4 ¶ 1", "¶ 3" (or "")."""
    return node.get(LABEL, "") if isinstance(node, nodes.Element) else ""


def is_editorial(node: nodes.Node) -> bool:
    """Editorial matter, a popup or a control: not the text, and no passage."""
    return isinstance(node, (EditorialMatter, Popup, ScriptControl)) or (
        isinstance(node, nodes.Element) and EDITORIAL in node["classes"])


def _slug(text: str) -> str:
    """An id made of letters, digits and hyphens (a section's id is one already)."""
    return nodes.make_id(text)


class Passages:
    """Numbers the blocks of one document and gives them their ids (see the module)."""

    def __init__(self, document: nodes.document) -> None:
        self.document = document
        self.top = next(iter(document.findall(nodes.section)), None)
        self.seen: set[str] = set(document.ids)
        self.given: list[str] = []

    def give(self, node: nodes.Element, new_id: str, label: str, *, first: bool = True) -> None:
        """Give *node* its passage id: first (the element's id in every format), or, for a
        note or a comment, which has an id of its own that its marks' popups and links
        name (``note-4``), after it."""
        if new_id in self.seen and new_id not in node["ids"]:
            return  # an id the page already has (a heading's slug): keep the page's
        self.seen.add(new_id)
        if new_id in node["ids"]:
            node["ids"].remove(new_id)
        if first:
            node["ids"].insert(0, new_id)
            self.document.ids[new_id] = node
        elif node["ids"]:
            node["ids"].append(new_id)
            self.document.ids[new_id] = node
        # else: the note gets its own id later (the notes' transform): LateDivisionIds
        node[LABEL] = label
        node[PASSAGE] = new_id
        self.given.append(new_id)

    def run(self) -> None:
        if self.top is None:
            return
        self.section(self.top, "opening", "")

    def section(self, section: nodes.Element, part: str, label: str) -> None:
        """A section: its heading, then its blocks, its subsections numbered in order."""
        if len(section) and isinstance(section[0], nodes.title):
            if section is self.top:
                self.give(section[0], PREFIX + "title", _("title"))
            else:
                self.give(section[0], PREFIX + part, label)
        counter = [0]
        ordinal = 0
        for child in section.children:
            if isinstance(child, nodes.section):
                if is_editorial(child) or not child["ids"]:
                    continue
                ordinal += 1
                sub = f"{label}.{ordinal}" if label else f"§ {ordinal}"
                self.section(child, _slug(child["ids"][0]), sub)
            else:
                self.blocks(child, part, label, counter)

    def division(self, div: nodes.Element) -> None:
        name = div.division_label()  # type: ignore[attr-defined]
        part = _slug(div["ids"][0]) if div["ids"] else _slug(name)
        if not part:
            return
        self.give(div, PREFIX + part, name, first=False)
        counter = [0]
        for child in div.children:
            self.blocks(child, part, name, counter)

    def blocks(self, node: nodes.Node, part: str, label: str, counter: list[int]) -> None:
        """The blocks in *node* (a child of a division), numbered on *counter*."""
        if not isinstance(node, nodes.Element) or is_editorial(node):
            return
        if isinstance(node, Division) and node.division_label():
            self.division(node)
            return
        if isinstance(node, nodes.section):
            return  # a section below a note: not text the edition has
        prefix = f"{label} " if label else ""
        if isinstance(node, nodes.paragraph):
            counter[0] += 1
            node[NUMBER] = counter[0]
            self.give(node, f"{PREFIX}{part}-{counter[0]}", f"{prefix}¶ {counter[0]}")
            return
        first = counter[0] + 1
        for child in node.children:
            self.blocks(child, part, label, counter)
        if isinstance(node, (nodes.block_quote, nodes.list_item)):
            kind = "q" if isinstance(node, nodes.block_quote) else "i"
            last = counter[0]
            span = f"{first}" if last <= first else f"{first}–{last}"
            self.give(node, f"{PREFIX}{part}-{kind}{first}", f"{prefix}¶ {span}")


class LateDivisionIds(SphinxTransform):
    """A note or a comment that had no id of its own when its passage was numbered (the
    notes' transform gives it later): its passage id after its own."""

    default_priority = 890

    def apply(self, **kwargs: Any) -> None:
        for node in self.document.findall(Division):
            pid = node.get(PASSAGE) if isinstance(node, nodes.Element) else None
            if pid and pid not in node["ids"]:
                node["ids"].append(pid)
                self.document.ids.setdefault(pid, node)


class PassageIds(SphinxTransform):
    """Read time: every block of a text page gets its passage id (before the indexes
    describe their places, :mod:`.places`, which read the numbers given here)."""

    default_priority = 835

    def apply(self, **kwargs: Any) -> None:
        docs = text_docs(self.config)
        if docs is None or self.env.current_document.docname not in docs:
            return
        Passages(self.document).run()


class PassagesDomain(EditionDomain):
    """The passages of each text page, as the concordance lists them (recorded when the
    page is read, so that ``passages.json`` is written without reading a doctree again)."""

    name = "passages"
    label = "Passages of the text"
    per_doc = ("passages",)


class RecordPassages(SphinxTransform):
    """Read time, last: the passages of a text page in its order, for the concordance."""

    default_priority = 999

    def apply(self, **kwargs: Any) -> None:
        docs = text_docs(self.config)
        docname = self.env.current_document.docname
        if docs is None or docname not in docs:
            return
        passages = []
        for node in self.document.findall(nodes.Element):
            pid = passage_id(node)
            if pid:
                words = view_text(node, "critical").split()
                passages.append({
                    "id": pid, "label": passage_label(node),
                    "words": " ".join(words[:8]) + (" …" if len(words) > 8 else ""),
                    "paragraph": isinstance(node, nodes.paragraph)})
        self.env.get_domain(PassagesDomain.name).data["passages"][docname] = passages


# -- on the page: the ¶ link and "cite this passage" ------------------------------------------

class passage_marks(EditorialMatter, nodes.Inline, nodes.Element):
    """HTML: at the end of a paragraph of the text, its ¶ link (Sphinx's permalink, shown on
    hover and focus) and the "cite this passage" link, which the page's script makes copy a
    full citation (without script, a plain link to the passage).  The EPUB has neither (a
    book has no script and no permalinks; its paragraphs keep their ids).
    Attributes ``passage`` (the id), ``label`` ("§ 2 ¶ 4"), ``citation`` (the citation
    without its address)."""


def citation_text(config: Any, label: str, by: str = "", division: str = "") -> str:
    """The citation of a passage, without its address: "Lars T. Lih, “Title”, critical
    edition, …, version 2026.1 (30 November 2026), § 2 ¶ 4" (a reader comment's own
    author first: "Björn-Olav Kvidal, in Lars T. Lih, …, comment 2 ¶ 5")."""
    parts = [config.author, f"“{config.project}”"]
    if config.passages_edition:
        parts.append(config.passages_edition)
    if config.release:
        parts.append(_("version {release}").format(release=config.release)
                     + (f" ({config.today})" if config.today else ""))
    parts.append(label)
    text = ", ".join(p for p in parts if p)
    if by:  # the comment's writer, in the edition ("…, comment 2 ¶ 5")
        text = f"{by}, " + _("in") + " " + text
    return text


class PassageMarks(SphinxPostTransform):
    """Write time (HTML, EPUB): every paragraph of a text page that has a passage id gets
    its :class:`passage_marks`."""

    default_priority = 880
    formats = ("html",)

    def run(self, **kwargs: Any) -> None:
        for para in list(self.document.findall(nodes.paragraph)):
            pid = passage_id(para)
            if not pid:
                continue
            by = division = ""
            parent = para.parent
            while parent is not None and not isinstance(parent, Division):
                parent = parent.parent
            if parent is not None and parent.get("author"):
                by, division = str(parent["author"]).rstrip(",; "), parent.division_label()
            label = passage_label(para)
            para += passage_marks(passage=pid, label=label,
                                  citation=citation_text(self.config, label, by, division))


def visit_passage_marks_html(self: Any, node: passage_marks) -> None:
    from html import escape

    if self.builder.name.startswith("epub"):
        raise nodes.SkipNode  # a book has no script, nor permalinks: the ids alone
    pid, label = escape(node["passage"]), escape(node["label"])
    icon = self.config.html_permalinks_icon or "¶"
    self.body.append(
        f'<span class="ed-passage-marks ed-editorial ed-tip-omit">'
        f'<a class="headerlink ed-passage-link" href="#{pid}" '
        f'title="{escape(_("Link to this passage"))}" '
        f'aria-label="{escape(_("Link to this passage"))}, {label}">{icon}</a>')
    self.body.append(
        f'<a class="ed-cite-passage" href="#{pid}" '
        f'data-ed-citation="{escape(node["citation"])}" '
        f'aria-label="{escape(_("Cite this passage"))}, {label}">{escape(_("cite"))}</a>')
    self.body.append("</span>")
    raise nodes.SkipNode


# -- the concordance ---------------------------------------------------------------------------

#: the concordance's file, beside the HTML pages
CONCORDANCE = "passages.json"


def concordance(env: Any, builder: Any) -> dict[str, Any]:
    """Every passage of the text pages in reading order: its id, page, address, label, first
    words and the name of its destination in the PDF, for a paragraph (whose page and line
    the PDF build writes to ``<job>-passages.json`` under the same name)."""
    from . import latex_doc_key, reading_order

    docs = text_docs(env.config) or set()
    recorded = env.get_domain(PassagesDomain.name).data["passages"]
    passages = []
    for doc in reading_order(env, docs):
        if doc not in docs or doc not in env.all_docs:
            continue
        for item in recorded.get(doc, ()):
            pid = item["id"]
            passages.append({
                "id": pid,
                "page": doc,
                "address": f"{builder.get_target_uri(doc)}#{pid}",
                "label": item["label"],
                "words": item["words"],
                # a paragraph is a destination of the PDF (its page and line: the PDF's own
                # <job>-passages.json); a heading, a quotation, a note is reached by its first
                "pdf": f"{latex_doc_key(doc)}:{pid}" if item["paragraph"] else None,
            })
    return {"version": env.config.release, "passages": passages}


def write_concordance(app: Any, exception: Exception | None) -> None:
    """``build-finished`` (HTML, dirhtml): ``passages.json`` beside the pages."""
    import json
    from pathlib import Path

    if exception is not None or app.builder.format != "html" or app.builder.name.startswith(
            ("epub", "singlehtml")):
        return
    data = concordance(app.env, app.builder)
    (Path(app.outdir) / CONCORDANCE).write_text(
        json.dumps(data, ensure_ascii=False) + "\n", encoding="utf-8")
