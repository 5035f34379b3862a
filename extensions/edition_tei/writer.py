"""A page's resolved doctree as TEI: the same doctree the HTML is written from.

:class:`PageWriter` walks one page and appends TEI elements (lxml) to a ``div``.  Each node
class has one method (``n_<class name>``); a node class with no method and no place in
:data:`NOT_TEXT` is a construct with no TEI mapping: a warning ``tei.unmapped`` at its
source line, and its children are written (its words are never dropped).

What the toolkit's nodes become (the TEI of the *Critical Apparatus*, *Primary Sources*,
*Names and Dates* modules):

* an apparatus entry (``app_entry``): ``emendation`` → ``choice/sic+corr``,
  ``normalisation`` → ``choice/orig+reg``, ``lacuna`` → ``supplied`` (``gap`` when nothing
  is supplied), ``variant`` → ``app/lem+rdg`` with ``wit``, ``sic`` → ``sic``, ``fact`` and
  ``commentary`` → ``seg``; each followed by its ``note type="apparatus"`` (the note, the
  evidence as ``bibl/ptr``, the textual commentary), inside ``app`` for a variant;
* the source of a quotation: a block quotation → ``cit/quote`` + ``bibl``, a quotation in
  a sentence → ``note type="source"`` holding ``cit/quote`` + ``bibl``;
* the author's notes → ``note type="authorial" n place="end" target`` (the copy-text's
  endnotes, where it has them), their marks ``ref type="noteAnchor"``; the editors'
  notes → ``note type="editorial" resp="#ed"`` at their first mark (``ptr`` at the others);
* a reader comment → ``div type="comment"`` with its signature as ``closer/signed``;
* a citation → ``bibl`` with ``ptr target="#bib.KEY"`` and ``citedRange``; a Russian term
  → ``term`` (or ``foreign``, unknown to the glossary) with ``xml:lang`` and ``ref``; a
  person → ``persName ref``; a date → ``date when``/``when-custom``/``datingMethod``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.util import logging

from edition_common import Popup, ScriptControl, Warn
from edition_common.places import ancestors

from . import ids as idmod
from .tei import NOT_XML, E, Element, add, local, sub, text

logger = logging.getLogger(__name__)

#: Nodes that hold no words of the text, written as nothing: index entries, targets (their
#: ids are kept as ``anchor``s), comments, meta data, toctrees, the reading-view switch.
NOT_TEXT: tuple[type, ...] = (
    addnodes.index, nodes.comment, nodes.meta, addnodes.toctree, nodes.system_message,
    nodes.raw, nodes.substitution_definition, nodes.pending, Popup, ScriptControl,
)

#: TEI elements that take only phrase-level content (a block inside is written inline)
INLINE_PARENTS = {"p", "head", "hi", "bibl", "term", "foreign", "seg", "ref", "label",
                  "signed", "persName", "date", "quote_inline", "sic", "corr", "orig", "reg",
                  "supplied", "lem", "rdg", "title", "citedRange", "code", "cell"}


def node_classes(node: nodes.Node) -> list[str]:
    return list(node["classes"]) if isinstance(node, nodes.Element) else []


class PageWriter:
    """One page (*docname*) as TEI.  *tei* is the builder's :class:`TeiContext` (the data
    of the whole edition: entries, notes, terms, references)."""

    def __init__(self, tei: Any, docname: str, doctree: nodes.document) -> None:
        self.tei = tei
        self.docname = docname
        self.doctree = doctree
        self.entries = {e["label"]: e for e in tei.entries.get(docname, [])}
        self.commentary = self._commentaries(doctree)
        self.ednotes = {node["ids"][0]: node for node in doctree.findall(_ednote_class())
                        if node["ids"]}
        self.sources_done: set[str] = set()
        self.unmapped_nodes: set[int] = set()
        self.used_ids: set[str] = set()

    # -- entry points ------------------------------------------------------------------
    def write_into(self, div: Element) -> None:
        """The page's top-level content into *div* (the page's ``div``)."""
        for child in self.doctree.children:
            self.block(child, div)

    # -- ids -----------------------------------------------------------------------------
    def xid(self, html_id: str) -> str:
        return idmod.xml_id(self.docname, html_id)

    def set_ids(self, node: nodes.Element, el: Element, *, anchors_into: Element | None = None,
                block: bool = False) -> None:
        """The node's address as ``xml:id`` of *el* (a block's passage id, or the first id);
        its other ids as ``anchor``s at the start of *anchors_into* (or *el*)."""
        if not node["ids"]:
            return
        first = idmod.passage_id(node) if block else node["ids"][0]
        self.tei.register(self.docname, first, self.xid(first))
        el.set("{http://www.w3.org/XML/1998/namespace}id", self.xid(first))
        into = anchors_into if anchors_into is not None else el
        for other in node["ids"]:
            if other != first:
                self.tei.register(self.docname, other, self.xid(other))
                into.append(E("anchor", xml__id=self.xid(other)))

    def wrap(self, node: nodes.Element, parent: Element, tag: str, *, block: bool = False,
             blocks_inside: bool = False, **attrs: Any) -> Element:
        """*node* as one TEI element *tag* with its ids and its children (phrases, or
        blocks when *blocks_inside*)."""
        el = sub(parent, tag, **attrs)
        self.set_ids(node, el, block=block)
        if blocks_inside:
            self.children_block(node, el)
        else:
            self.children_inline(node, el)
        return el

    def anchors(self, node: nodes.Element, parent: Element) -> None:
        """The ids of a node written without an element of its own, as ``anchor``s."""
        for html_id in node["ids"]:
            self.tei.register(self.docname, html_id, self.xid(html_id))
            sub(parent, "anchor", xml__id=self.xid(html_id))

    # -- dispatch ------------------------------------------------------------------------
    def method(self, node: nodes.Node) -> Callable[[Any, Element], None] | None:
        if type(node) is nodes.Element:
            return self.n_Element
        for cls in type(node).__mro__:
            if cls is nodes.Element:
                break  # what only its docutils base class says is not enough
            found = getattr(self, "n_" + cls.__name__, None)
            if found is not None:
                return found
        return None

    def block(self, node: nodes.Node, parent: Element) -> None:
        """Write *node* where blocks go (a ``div``, ``note``, ``item``, ``quote``)."""
        if isinstance(node, nodes.Text):
            self.check_characters(node)
            if str(node).strip():
                p = sub(parent, "p")
                text(p, str(node))
            return
        if local(parent) in INLINE_PARENTS:
            self.inline(node, parent)
        elif isinstance(node, nodes.Inline) and self.method(node) is None:
            self.inline(node, sub(parent, "p"))  # an unknown phrase where blocks go
        else:
            self.dispatch(node, parent, block=True)

    def inline(self, node: nodes.Node, parent: Element) -> None:
        """Write *node* where phrases go (a ``p``, ``head``, ``hi`` …)."""
        if isinstance(node, nodes.Text):
            self.check_characters(node)
            text(parent, str(node))
        else:
            self.dispatch(node, parent, block=False)

    def check_characters(self, node: nodes.Text) -> None:
        found = NOT_XML.search(str(node))
        if found:
            self.tei.warn(Warn.TEI_CHARACTER,
                          f"the text holds the character U+{ord(found.group()):04X}, which XML "
                          "cannot hold: the TEI edition writes U+FFFD in its place; remove it "
                          "from the source", node.parent)

    def dispatch(self, node: nodes.Node, parent: Element, *, block: bool) -> None:
        if isinstance(node, NOT_TEXT):
            return
        method = self.method(node)
        if method is not None:
            method(node, parent)
        else:
            self.unmapped(node, parent, block=block)

    def children_block(self, node: nodes.Element, parent: Element) -> None:
        for child in node.children:
            self.block(child, parent)

    def children_inline(self, node: nodes.Element, parent: Element) -> None:
        for child in node.children:
            self.inline(child, parent)

    def unmapped(self, node: nodes.Element, parent: Element, *, block: bool) -> None:
        """A construct with no TEI mapping: a warning at its line (one for the construct,
        none for its parts); its words are kept."""
        if not any(isinstance(a, nodes.Element) and id(a) in self.unmapped_nodes
                   for a in ancestors(node)):
            self.unmapped_nodes.add(id(node))
            self.tei.warn(Warn.TEI_UNMAPPED,
                          f"the TEI edition has no mapping for {type(node).__name__!r} nodes: "
                          "its words are written as plain text, its markup is lost; give the "
                          "TEI builder a mapping (extensions/edition_tei/writer.py) or use "
                          "other markup", node)
        self.anchors(node, parent)
        if not block or local(parent) in INLINE_PARENTS:
            self.children_inline(node, parent)
        elif isinstance(node, nodes.TextElement):  # phrases: an anonymous block
            self.children_inline(node, sub(parent, "ab"))
        else:
            self.children_block(node, parent)

    # -- structure -----------------------------------------------------------------------
    def n_section(self, node: nodes.section, parent: Element) -> None:
        if {"ed-apparatus", "ed-editorial"} <= set(node["classes"]):
            return  # the page's listing of its entries: in the TEI, each entry is at its lemma
        self.wrap(node, parent, "div", block=True, blocks_inside=True)

    def n_title(self, node: nodes.title, parent: Element) -> None:
        at_start = local(parent) == "div" and all(local(c) in ("anchor", "head") for c in parent)
        if at_start or local(parent) in INLINE_PARENTS:
            self.wrap(node, parent, "head")
        else:  # the title of a block TEI has no place for a heading in
            self.wrap(node, parent, "p", rend="head")

    def n_paragraph(self, node: nodes.paragraph, parent: Element) -> None:
        if "ed-comment-signature" in node["classes"]:
            closer = sub(parent, "closer")
            signed = sub(closer, "signed")
            self.set_ids(node, closer, block=True)
            self.children_inline(node, signed)
            return
        tag = "dateline" if "dateline" in node["classes"] else "p"
        self.wrap(node, parent, tag, block=True)

    n_compact_paragraph = n_paragraph

    def n_rubric(self, node: nodes.rubric, parent: Element) -> None:
        self.wrap(node, parent, "p", rend="rubric", block=True)

    def n_container(self, node: nodes.container, parent: Element) -> None:
        self.anchors(node, parent)
        self.children_block(node, parent)

    def n_compound(self, node: nodes.compound, parent: Element) -> None:
        if "toctree-wrapper" in node["classes"]:
            # a table of contents: generated where the document is shown, as TEI says
            sub(parent, "divGen", type_="toc")
            return
        self.n_container(node, parent)

    def n_transition(self, node: nodes.transition, parent: Element) -> None:
        sub(parent, "milestone", unit="section", rend="transition")

    def n_block_quote(self, node: nodes.block_quote, parent: Element) -> None:
        source = self._source_of(node)
        if source is not None:
            label, entry = source
            self.sources_done.add(label)  # its mark, inside, is not written again
            cit = sub(parent, "cit", type_="source")
            self.wrap(node, cit, "quote", block=True, blocks_inside=True)
            cit.append(self.source_bibl(entry))
            note = self.entry_note(label, entry, kind="source")
            if note is not None:
                cit.append(note)
            return
        self.wrap(node, parent, "quote", block=True, blocks_inside=True)

    def _source_of(self, node: nodes.block_quote) -> tuple[str, dict] | None:
        """The source entry whose mark closes the block quotation, if one does."""
        last = node.children[-1] if node.children else None
        if not isinstance(last, nodes.paragraph):
            return None
        from apparatus.nodes import app_mark

        marks = [m for m in last.findall(app_mark) if m.get("series") == "S"]
        if len(marks) != 1:
            return None
        entry = self.entries.get(marks[0]["label"])
        return (marks[0]["label"], entry) if entry else None

    def n_bullet_list(self, node: nodes.Element, parent: Element) -> None:
        rend = "numbered" if isinstance(node, nodes.enumerated_list) else "bulleted"
        lst = sub(parent, "list", rend=rend)
        self.set_ids(node, lst, block=True)
        for item in node.children:
            self.block(item, lst)

    n_enumerated_list = n_bullet_list

    def n_list_item(self, node: nodes.list_item, parent: Element) -> None:
        self.wrap(node, parent, "item", block=True, blocks_inside=True)

    def n_definition_list(self, node: nodes.Element, parent: Element) -> None:
        lst = sub(parent, "list", type_="gloss")
        self.set_ids(node, lst, block=True)
        for child in node.children:
            self.block(child, lst)

    def n_definition_list_item(self, node: nodes.definition_list_item, parent: Element) -> None:
        self.anchors(node, parent) if local(parent) != "list" else None
        for child in node.children:
            if isinstance(child, nodes.term):
                label = sub(parent, "label")
                self.set_ids(child, label)
                self.children_inline(child, label)
            elif isinstance(child, nodes.definition):
                item = sub(parent, "item")
                self.set_ids(child, item)
                self.children_block(child, item)
            elif isinstance(child, nodes.classifier):
                continue
            else:
                self.block(child, parent)

    def n_field_list(self, node: nodes.field_list, parent: Element) -> None:
        lst = sub(parent, "list", type_="gloss")
        self.set_ids(node, lst, block=True)
        for field in node.children:
            name, body = field.children[0], field.children[1]
            label = sub(lst, "label")
            self.children_inline(name, label)
            item = sub(lst, "item")
            self.children_block(body, item)

    def n_literal_block(self, node: nodes.literal_block, parent: Element) -> None:
        ab = sub(parent, "ab", type_="code")
        self.set_ids(node, ab, block=True)
        text(ab, node.astext())

    def n_table(self, node: nodes.table, parent: Element) -> None:
        table = sub(parent, "table")
        self.set_ids(node, table, block=True)
        for title in node.findall(nodes.title):
            self.children_inline(title, sub(table, "head"))
            break
        for row_node in node.findall(nodes.row):
            head = isinstance(row_node.parent, nodes.thead)
            row = sub(table, "row", role="label" if head else None)
            for entry in row_node.children:
                cell = sub(row, "cell")
                for child in entry.children:
                    if isinstance(child, nodes.paragraph):
                        self.children_inline(child, cell)
                    else:
                        self.inline(child, cell)

    # -- phrases -------------------------------------------------------------------------
    def _hi(self, rend: str) -> Callable[[nodes.Element, Element], None]:
        def write(node: nodes.Element, parent: Element) -> None:
            self.wrap(node, parent, "hi", rend=rend)
        return write

    def n_emphasis(self, node: nodes.emphasis, parent: Element) -> None:
        self._hi("italic")(node, parent)

    def n_strong(self, node: nodes.strong, parent: Element) -> None:
        self._hi("bold")(node, parent)

    def n_literal(self, node: nodes.literal, parent: Element) -> None:
        code = sub(parent, "code")
        text(code, node.astext())

    def n_inline(self, node: nodes.inline, parent: Element) -> None:
        lang = next((c[len("language-"):] for c in node["classes"]
                     if c.startswith("language-")), None)
        if lang:
            self.wrap(node, parent, "foreign", xml__lang=lang)
            return
        self.anchors(node, parent)
        self.children_inline(node, parent)

    n_abbreviation = n_inline

    def n_target(self, node: nodes.target, parent: Element) -> None:
        self.anchors(node, parent) if local(parent) not in ("list",) else None
        self.children_inline(node, parent)

    def n_reference(self, node: nodes.reference, parent: Element) -> None:
        target = self.tei.target_of(self.docname, node)
        if target is None:
            self.anchors(node, parent)
            self.children_inline(node, parent)
            return
        self.wrap(node, parent, "ref", target=target)

    def n_tooltip(self, node: nodes.Element, parent: Element) -> None:
        # the anchor's words; the popup's body (a Popup) repeats what is written elsewhere
        self.anchors(node, parent)
        self.children_inline(node, parent)

    def n_Element(self, node: nodes.Element, parent: Element) -> None:
        # a bare Element (the resolved form of a pending_xref's wrapper): its words
        self.anchors(node, parent)
        self.children_inline(node, parent)

    # -- docutils' footnotes -----------------------------------------------------------
    def n_footnote_reference(self, node: nodes.Element, parent: Element) -> None:
        target = f"#{self.xid(node['refid'])}" if node.get("refid") else None
        self.wrap(node, parent, "ref", type_="noteAnchor",
                  target=self.tei.pending_pointer(target, node) if target else None)

    def n_footnote(self, node: nodes.Element, parent: Element) -> None:
        labels = [c for c in node.children if isinstance(c, nodes.label)]
        note = sub(parent, "note", type_="footnote", place="end",
                   n=labels[0].astext() if labels else None)
        self.set_ids(node, note, block=True)
        for child in node.children:
            if child not in labels:
                self.block(child, note)

    # -- the notes extension ------------------------------------------------------------
    def n_author_note_ref(self, node: nodes.Element, parent: Element) -> None:
        number = node.get("number")
        target = f"#{self.xid(f'note-{number}')}" if node.get("resolved") else None
        self.wrap(node, parent, "ref", type_="noteAnchor", target=target, n=number)

    def n_author_notes(self, node: nodes.Element, parent: Element) -> None:
        div = sub(parent, "div", type_="notes")
        self.set_ids(node, div, block=True)
        if node.get("title"):
            sub(div, "head", node["title"], type_="editorial")
        self.children_block(node, div)

    def n_author_note(self, node: nodes.Element, parent: Element) -> None:
        backrefs = node.get("backrefs") or []
        if isinstance(backrefs, str):
            backrefs = backrefs.split()
        note = sub(parent, "note", type_="authorial", n=node.get("number"), place="end",
                   target=" ".join(f"#{self.xid(b)}" for b in backrefs) or None)
        self.set_ids(node, note, block=True)
        self.children_block(node, note)

    def n_note_label(self, node: nodes.Element, parent: Element) -> None:
        seg = sub(parent, "seg", type_="label")
        self.children_inline(node, seg)

    def n_editorial_note_ref(self, node: nodes.Element, parent: Element) -> None:
        from edition_notes.nodes import ednote_letter

        letters = list(node.findall(ednote_letter))
        letter = letters[0] if letters else None
        refid = letter.get("refid") if letter is not None else None
        if refid is None:
            return  # no such note: the notes extension has warned at the mark
        note_doc = letter.get("refdoc") or self.docname
        note_node = self.ednotes.get(refid) if note_doc == self.docname else None
        key = idmod.xml_id(note_doc, refid)
        if note_node is not None and not self.tei.emitted(key):
            self.editorial_note(note_node, parent, letter.get("letter"))
        else:
            sub(parent, "ptr", type_="noteAnchor", target=f"#{key}")

    def n_editorial_notes_section(self, node: nodes.Element, parent: Element) -> None:
        """The page's editorial notes are written at their marks; a note without a mark on
        the page is written here."""
        from edition_notes.nodes import editorial_note

        rest = [n for n in node.findall(editorial_note)
                if n["ids"] and not self.tei.emitted(self.xid(n["ids"][0]))]
        if not rest:
            return
        div = sub(parent, "div", type_="editorial-notes", resp="#ed")
        sub(div, "head", node.get("title", ""), type_="editorial")
        for note_node in rest:
            self.editorial_note(note_node, div, None)

    def editorial_note(self, note_node: nodes.Element, parent: Element, letter: str | None) -> None:
        """An editorial note of this page, written once (at its first mark)."""
        key = self.xid(note_node["ids"][0])
        self.tei.mark_emitted(key)
        self.tei.register(self.docname, note_node["ids"][0], key)
        note = sub(parent, "note", type_="editorial", resp="#ed", n=letter, xml__id=key)
        for child in note_node.children:
            self.block(child, note)

    def n_ednote_label(self, node: nodes.Element, parent: Element) -> None:
        return  # the note's letter is its n

    def n_note_backlinks(self, node: nodes.Element, parent: Element) -> None:
        return  # links back to the marks: the note's target says where they are

    def n_reader_comment(self, node: nodes.Element, parent: Element) -> None:
        self.wrap(node, parent, "div", type_="comment", n=node.get("number"), block=True,
                  blocks_inside=True)

    def n_comment_header(self, node: nodes.Element, parent: Element) -> None:
        head = sub(parent, "head", type_="editorial")
        self.children_inline(node, head)

    # -- citations, terms, persons, dates ---------------------------------------------
    def n_cite_as(self, node: nodes.Element, parent: Element) -> None:
        bibl = self.wrap(node, parent, "bibl")
        for key, locator in node.get("targets", []):
            self.cite_target(bibl, key, locator)

    def cite_target(self, bibl: Element, key: str, locator: str) -> None:
        if key in self.tei.works:
            sub(bibl, "ptr", target=f"#{idmod.bib_id(key)}")
        if locator:
            sub(bibl, "citedRange", locator)

    def n_term_ref(self, node: nodes.Element, parent: Element) -> None:
        lang = "ru" if node.get("script") == "cyrl" else "ru-Latn"
        ref = self.tei.term_target(node.get("term", ""))
        el = sub(parent, "term" if ref else "foreign", xml__lang=lang, ref=ref)
        self.set_ids(node, el)
        self.children_inline(node, el)

    def n_person_ref(self, node: nodes.Element, parent: Element) -> None:
        ref = self.tei.person_target(node.get("person", ""))
        self.wrap(node, parent, "persName", ref=ref)

    def n_date_ref(self, node: nodes.Element, parent: Element) -> None:
        attrs = self.tei.date_attrs(node)
        self.wrap(node, parent, "date", **attrs)

    # -- the apparatus -----------------------------------------------------------------
    def n_app_view_switch(self, node: nodes.Element, parent: Element) -> None:
        return

    def n_app_dipl(self, node: nodes.Element, parent: Element) -> None:
        """A reading, inside the element its entry made for it (``sic``, ``corr`` …)."""
        self.anchors(node, parent)
        self.children_inline(node, parent)

    n_app_crit = n_app_dipl

    def n_app_where(self, node: nodes.Element, parent: Element) -> None:
        return  # the PDF's page and line

    def n_app_mark(self, node: nodes.Element, parent: Element) -> None:
        label = node.get("label", "")
        if node.get("series") != "S" or label in self.sources_done:
            return  # an entry's mark: the TEI entry is at its lemma
        entry = self.entries.get(label)
        if entry is None:
            return
        note = self.entry_note(label, entry, kind="source")
        if note is None:
            note = E("note", type_="source", resp="#ed", n=label)
        cit = E("cit", E("quote", entry.get("lemma_shown") or entry["lemma"]),
                self.source_bibl(entry))
        note.insert(0, cit)
        note.set("{http://www.w3.org/XML/1998/namespace}id", self.xid(f"app-entry-{label}"))
        self.tei.register(self.docname, f"app-entry-{label}", self.xid(f"app-entry-{label}"))
        self.tei.register(self.docname, f"app-mark-{label}", self.xid(f"app-entry-{label}"))
        add(parent, note)

    def source_bibl(self, entry: dict) -> Element:
        bibl = E("bibl", type_="source")
        for cite in entry.get("cites", []):
            self.cite_target(bibl, cite["key"], cite.get("locator", ""))
        return bibl

    def n_app_entry(self, node: nodes.Element, parent: Element) -> None:
        from apparatus.nodes import app_crit, app_dipl

        label = node.get("label", "")
        entry = self.entries.get(label, {})
        etype = entry.get("type") or node.get("etype", "")
        html_id = node["ids"][0] if node["ids"] else f"app-{label}"
        key = self.xid(html_id)
        for alias in (html_id, f"app-entry-{label}", f"app-mark-{label}"):
            self.tei.register(self.docname, alias, key)
        dipl = [c for c in node.children if isinstance(c, app_dipl)]
        crit = [c for c in node.children if isinstance(c, app_crit)]
        shared = [c for c in node.children if not isinstance(c, (app_dipl, app_crit))]
        note = self.entry_note(label, entry, kind="apparatus")

        def words(children: list[nodes.Node], el: Element) -> Element:
            for child in children:
                self.inline(child, el)
            return el

        if etype == "variant":
            app = sub(parent, "app", xml__id=key, n=label, type_="variant")
            readings = entry.get("readings", [])
            copy = readings[0] if readings else {"sigla": []}
            lem = sub(app, "lem")
            if crit:  # the edition adopts another reading: the copy-text's is a rdg
                words(shared + crit, lem)
                adopted = next((r for r in readings[1:] if norm(r["text"]) ==
                                norm(" ".join(c.astext() for c in crit))), None)
                self.wit(lem, adopted["sigla"] if adopted else [], resp=not adopted)
                rdg = words(shared + dipl, sub(app, "rdg"))
                self.wit(rdg, copy["sigla"])
                others = [r for r in readings[1:] if r is not adopted]
            else:
                words(shared, lem)
                self.wit(lem, copy["sigla"])
                others = readings[1:]
            for reading in others:
                rdg = sub(app, "rdg", reading["text"])
                self.wit(rdg, reading["sigla"], resp=reading.get("resp") == "ed.")
            if note is not None:
                app.append(note)
            return
        if etype in ("emendation", "normalisation") and dipl and crit:
            old, new = ("sic", "corr") if etype == "emendation" else ("orig", "reg")
            choice = sub(parent, "choice", xml__id=key, n=label)
            if shared:  # words common to both readings stay outside the choice
                choice.getparent().remove(choice)
                seg = sub(parent, "seg", type_=etype, xml__id=key, n=label)
                choice = sub(seg, "choice")
                for child in node.children:
                    if isinstance(child, app_dipl):
                        words([child], sub(choice, old))
                    elif isinstance(child, app_crit):
                        words([child], sub(choice, new, resp="#ed"))
                    else:
                        self.inline(child, seg)
            else:
                words(dipl, sub(choice, old))
                words(crit, sub(choice, new, resp="#ed"))
        elif etype == "lacuna":
            seg = sub(parent, "seg", type_="lacuna", xml__id=key, n=label)
            for child in node.children:
                if isinstance(child, app_crit):
                    if child.astext().strip():
                        words([child], sub(seg, "supplied", resp="#ed", reason="lost"))
                    else:
                        sub(seg, "gap", reason="lost")
                elif isinstance(child, app_dipl):
                    words([child], sub(seg, "sic"))
                else:
                    self.inline(child, seg)
        elif etype == "sic" and not crit:
            words(shared + dipl, sub(parent, "sic", xml__id=key, n=label))
        elif not dipl and not crit:  # fact, commentary: the text is kept
            words(shared, sub(parent, "seg", type_=etype or "entry", xml__id=key, n=label))
        else:
            self.tei.warn(Warn.TEI_UNMAPPED,
                          f"the apparatus entry {label} (type {etype!r}) has readings that "
                          "no TEI form of that type holds: written as app/lem+rdg; check "
                          "the entry's type", node)
            app = sub(parent, "app", xml__id=key, n=label, type_=etype or None)
            words(shared + crit, sub(app, "lem", resp="#ed"))
            self.wit(words(shared + dipl, sub(app, "rdg")), ["R"])
            if note is not None:
                app.append(note)
            return
        if note is not None:
            note.set("target", f"#{key}")
            add(parent, note)

    def wit(self, el: Element, sigla: list[str], *, resp: bool = False) -> None:
        known = [s for s in sigla if s in self.tei.witnesses]
        if known:
            el.set("wit", " ".join(f"#{idmod.witness_id(s)}" for s in known))
        if resp:
            el.set("resp", "#ed")

    def entry_note(self, label: str, entry: dict, *, kind: str) -> Element | None:
        """The entry's ``note``: its short note, the readings of a fact, the evidence
        (``bibl/ptr``), and the textual commentary (the page's listing of the entry)."""
        if not entry:
            return None
        note = E("note", type_=kind, resp="#ed", n=label)
        etype = entry.get("type")
        if etype:
            note.set("subtype", etype)
        readings = self.readings_app(entry)
        if readings is not None:
            sub(note, "p", readings)
        if entry.get("note"):
            sub(note, "p", entry["note"])
        if entry.get("cites") and kind != "source":
            evidence = sub(note, "p", "Evidence: ")
            evidence.append(self.source_bibl(entry))
        for para in self.commentary.get(label, []):
            self.block(para, note)
        return note if len(note) else None

    def readings_app(self, entry: dict) -> Element | None:
        """The entry's readings with their witnesses, as the apparatus prints them: an
        ``app`` whose ``lem`` is the edition's reading (``resp="#ed"`` where the editors
        change the text) and whose ``rdg``s are the others, each with its ``wit``."""
        readings = entry.get("readings") or []
        if not readings or entry.get("type") == "variant":
            return None
        changes = entry.get("type") in ("emendation", "normalisation", "lacuna")
        app = E("app")
        edition = [r for r in readings[1:] if r.get("resp") == "ed."]
        if changes and edition:
            self.wit(sub(app, "lem", entry.get("crit") or edition[0]["text"]), [], resp=True)
            rest = [r for r in readings if r not in edition]
        else:
            self.wit(sub(app, "lem", readings[0]["text"]), readings[0]["sigla"])
            rest = readings[1:]
        for reading in rest:
            self.wit(sub(app, "rdg", reading["text"]), reading["sigla"],
                     resp=reading.get("resp") == "ed.")
        return app

    def _commentaries(self, doctree: nodes.document) -> dict[str, list[nodes.Node]]:
        """Each entry's textual commentary, from the page's listing (resolved: its
        citations and links are those of the HTML)."""
        found: dict[str, list[nodes.Node]] = {}
        for item in doctree.findall(nodes.list_item):
            item_ids = [i for i in item["ids"] if i.startswith("app-entry-")]
            if not item_ids or "ed-app-item" not in item["classes"]:
                continue
            label = item_ids[0][len("app-entry-"):]
            found[label] = [c for c in item.children if isinstance(c, nodes.paragraph)
                            and not {"ed-app-item-head", "ed-app-refs"} & set(c["classes"])]
        return found


def norm(value: str) -> str:
    return " ".join(value.split())


def _ednote_class() -> type:
    from edition_notes.nodes import editorial_note

    return editorial_note
