"""Read-time transform, edition-wide checks and the listing of editorial notes.

At read time (:class:`NotesTransform`, one page at a time, parallel-safe):

* the author's notes of the page are matched with their marks: ids (``note-N``,
  ``noteref-N``), two-way links, a popup on each mark with the note's text, and the
  warnings a page can raise by itself (a mark without its note, a note never referenced,
  two notes with one number);
* the page's editorial notes are moved after its text, under an editorial heading, and
  recorded with their marks in the ``notes`` domain; so are the reader comments and the
  page's labels (for replies to a passage).

What needs the whole edition — the letters of the editorial notes, their popups, the links
across pages — is a cross-reference of the ``notes`` domain, resolved when a page is
written (:mod:`.domain`).  The listing of every editorial note is built from the domain's
data when its page is written (:class:`EditorialNotesListing`, a post-transform that runs
before the references are resolved, so that those inside the copied notes resolve from
the listing page).  Edition-wide checks are made once, after all pages are read
(:func:`check_consistency`).
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging

from edition_common import (
    EDITORIAL,
    StoredNode,
    Warn,
    _,
    enclosing,
    make_tooltip,
    pending_ref,
    view_text,
    warn,
)

from . import nodes as n
from .domain import NotesDomain, backlinks

logger = logging.getLogger(__name__)


def paragraph_of(node: nodes.Node) -> nodes.Element | None:
    """The paragraph (or other text element) that holds an inline *node*."""
    return enclosing(node, nodes.TextElement)


def append_to_last_paragraph(note: nodes.Element, node: nodes.Node) -> None:
    """Back-links close the note's last paragraph."""
    last = note.children[-1] if note.children else None
    if isinstance(last, nodes.paragraph):
        last += node
    else:
        note += nodes.paragraph("", "", node)


class NotesTransform(SphinxTransform):
    default_priority = 880

    def apply(self, **kwargs: Any) -> None:
        domain: NotesDomain = self.env.domains["notes"]  # type: ignore[assignment]
        data = domain.doc(self.env.docname)
        self.author_notes()
        self.editorial_notes(data)
        self.comments(data)
        self.labels(data)

    # -- the author's notes: a page by itself ---------------------------------------------

    def author_notes(self) -> None:
        notes: dict[int, n.author_note] = {}
        for note in self.document.findall(n.author_note):
            number = note["number"]
            if number is None:
                continue
            if number in notes:
                warn(logger, Warn.NOTES_DUPLICATE,
                     f"two author's notes numbered {number} (the first at line "
                     f"{notes[number].line}): each number belongs to one note; correct the "
                     "number of one of them", location=note)
                continue
            notes[number] = note
            note["ids"].append(f"note-{number}")
        seen: dict[int, list[str]] = {}
        for ref in list(self.document.findall(n.author_note_ref)):
            number = ref["number"]
            note = notes.get(number)
            if note is None:
                warn(logger, Warn.NOTES_MISSING,
                     f"mark of the author's note {number} but the page has no note "
                     f"{number}: add ```{{author-note}} {number}``` to the notes", location=ref)
                ref += nodes.Text(ref["label"])
                continue
            ids = seen.setdefault(number, [])
            ref_id = f"noteref-{number}" + (f"-{len(ids) + 1}" if ids else "")
            ids.append(ref_id)
            ref["ids"].append(ref_id)
            ref["resolved"] = True
            # the popup shows the note, which is on the page (made once, by its script)
            ref += make_tooltip(self.document, [nodes.Text(ref["label"])], refuri=f"#note-{number}",
                                described_by=f"note-{number}", anchor_classes=["ed-note-ref"])
        for number, note in notes.items():
            refs = seen.get(number, [])
            note["backrefs"] = refs
            label = next(note.findall(n.note_label))
            if not refs:
                warn(logger, Warn.NOTES_UNREFERENCED,
                     f"the author's note {number} is never referenced: mark its place "
                     f"in the text with {{noteref}}`{number}`", location=note)
                continue
            label["refid"] = refs[0]
            if len(refs) > 1:
                append_to_last_paragraph(note, backlinks(None, "", [("", r) for r in refs[1:]]))

    # -- editorial notes: gathered after the page's text ----------------------------------

    def editorial_notes(self, data: dict[str, Any]) -> None:
        found = list(self.document.findall(n.editorial_note))
        if found:
            section = n.editorial_notes_section("", title=_("Editorial notes"))
            section["classes"].append(EDITORIAL)
            section["ids"].append("editorial-notes")
            section += nodes.paragraph(
                "", _("Notes by the editors of this edition, not by the author: lettered "
                      "a, b, c … in the order of their marks; each names the words it is "
                      "about and ends with the sources the editors checked."),
                classes=["ed-ednotes-intro"])
            for note in found:
                note.parent.remove(note)
                section += note
                if not note["key"]:
                    continue
                # its other marks, linked back when the page is written
                append_to_last_paragraph(
                    note, pending_ref("notes", "ednote-backlinks", note["key"], nodes.inline()))
                data["ednotes"].append({
                    "key": note["key"], "line": note.line, "lemma": note["lemma"],
                    "text": view_text(note), "node": StoredNode(note),
                })
            self.document += section
        counts: dict[str, int] = {}
        for ref in self.document.findall(n.editorial_note_ref):
            key = ref["key"]
            counts[key] = counts.get(key, 0) + 1
            ref_id = f"ednoteref-{key}" + (f"-{counts[key]}" if counts[key] > 1 else "")
            ref["ids"].append(ref_id)
            para = paragraph_of(ref)
            data["ednote_refs"].append({
                "key": key, "line": ref.line, "id": ref_id,
                # the lemma may quote either reading of the paragraph
                "context": [view_text(para, view) for view in ("critical", "diplomatic")]
                if para is not None else [],
            })
        if next(self.document.findall(n.editorial_notes_list), None) is not None:
            data["listing"] = True

    # -- reader comments --------------------------------------------------------------------

    def comments(self, data: dict[str, Any]) -> None:
        for comment in self.document.findall(n.reader_comment):
            if comment["number"] is not None:
                data["comments"].append({
                    "number": comment["number"], "line": comment.line,
                    "id": f"comment-{comment['number']}", "name": comment["name"],
                })
            if comment["answers"]:
                data["answers"].append({"number": comment["number"], "line": comment.line,
                                        "answers": comment["answers"]})
        for ref in self.document.findall(addnodes.pending_xref):
            if (ref.get("refdomain") == "notes" and ref.get("reftype") == "comment"
                    and enclosing(ref, n.comment_header) is None):
                data["answers"].append({"number": None, "line": ref.line,
                                        "answers": ref["reftarget"]})

    def labels(self, data: dict[str, Any]) -> None:
        """The page's labels, each with the title of the section around it."""
        for name, explicit in self.document.nametypes.items():
            node_id = self.document.nameids.get(name)
            target = self.document.ids.get(node_id) if explicit and node_id else None
            if target is None:
                continue
            section = (target if isinstance(target, nodes.section)
                       else enclosing(target, nodes.section))
            title = view_text(section[0]) if section is not None and len(section) \
                and isinstance(section[0], nodes.title) else ""
            data["labels"][name] = (node_id, title)


# -- edition-wide checks (once, after every page is read) -----------------------------------

def check_consistency(app: Sphinx, env: Any) -> None:
    domain: NotesDomain = env.domains["notes"]
    defined: dict[str, tuple[str, int]] = {}
    texts: dict[str, str] = {}
    referenced: set[str] = set()
    order = domain.ordered_docs()
    for docname in order:
        for entry in domain.docs.get(docname, {}).get("ednotes", []):
            key = entry["key"]
            if key in defined:
                first = defined[key]
                warn(logger, Warn.NOTES_DUPLICATE,
                     f"two editorial notes with the key {key!r} (the first in "
                     f"{env.doc2path(first[0])}:{first[1]}): give this one its own key",
                     location=(docname, entry["line"]))
                continue
            defined[key] = (docname, entry["line"])
            texts[key] = entry["lemma"]
    for docname in order:
        for ref in domain.docs.get(docname, {}).get("ednote_refs", []):
            key = ref["key"]
            referenced.add(key)
            if key not in defined:
                warn(logger, Warn.NOTES_MISSING,
                     f"mark of the editorial note {key!r} but no such note: add "
                     f"```{{editorial-note}} {key}```", location=(docname, ref["line"]))
                continue
            lemma = texts[key]
            if lemma and not any(lemma in context for context in ref["context"]):
                warn(logger, Warn.NOTES_LEMMA_MISMATCH,
                     f"the lemma {lemma!r} of editorial note {key!r} is not in "
                     "the paragraph of its mark: copy the words exactly from the text",
                     location=(docname, ref["line"]))
    for key, (docname, line) in defined.items():
        if key not in referenced:
            warn(logger, Warn.NOTES_UNREFERENCED,
                 f"the editorial note {key!r} is never referenced: mark its place in "
                 f"the text with {{ednote}}`{key}`", location=(docname, line))
    if defined and not domain.listing_docs():
        docname, line = next(iter(defined.values()))
        warn(logger, Warn.NOTES_UNLISTED,
             "the editorial notes are listed on no page: add ```{editorial-notes-list}``` "
             "to a page of the edition", location=(docname, line))
    comments: dict[int, tuple[str, int]] = {}
    labels = {label for data in domain.docs.values() for label in data.get("labels", {})}
    for docname in order:
        for entry in domain.docs.get(docname, {}).get("comments", []):
            if entry["number"] in comments:
                first_doc, first_line = comments[entry["number"]]
                warn(logger, Warn.NOTES_DUPLICATE,
                     f"two comments numbered {entry['number']} (the first in "
                     f"{env.doc2path(first_doc)}:{first_line}): correct the number",
                     location=(docname, entry["line"]))
            comments.setdefault(entry["number"], (docname, entry["line"]))
    for docname in order:
        for entry in domain.docs.get(docname, {}).get("answers", []):
            target = entry["answers"]
            if target.isdigit():
                if int(target) not in comments:
                    warn(logger, Warn.NOTES_UNKNOWN_COMMENT,
                         f"reply to comment {target}, which does not exist: give the "
                         "number of an existing comment", location=(docname, entry["line"]))
                elif entry["number"] is not None and int(target) == entry["number"]:
                    warn(logger, Warn.NOTES_UNKNOWN_COMMENT, f"comment {target} answers itself",
                         location=(docname, entry["line"]))
            elif target not in labels:
                warn(logger, Warn.NOTES_UNKNOWN_PASSAGE,
                     f"reply to the passage {target!r}, which has no label: put "
                     f"'({target})=' before the passage or give a comment number",
                     location=(docname, entry["line"]))


# -- the listing of every editorial note, when its page is written ------------------------

class EditorialNotesListing(SphinxPostTransform):
    """``editorial-notes-list``: every editorial note of the edition, grouped by page, each
    letter linking back to its mark.  Built from the domain's data (the page is rewritten,
    never re-read, when the notes change); runs before Sphinx resolves references (priority
    10), so that the references in the copied notes resolve from the listing page."""

    default_priority = 5

    def run(self, **kwargs: Any) -> None:
        placeholders = list(self.document.findall(n.editorial_notes_list))
        if not placeholders:
            return
        domain: NotesDomain = self.env.domains["notes"]  # type: ignore[assignment]
        for placeholder in placeholders:
            placeholder.replace_self(self.listing(domain))

    def listing(self, domain: NotesDomain) -> nodes.Element:
        derived = domain.derived
        letters, defined = derived["letters"], derived["defined"]
        # every note is on its own page already: the search finds it there, once
        container = nodes.container("", classes=[EDITORIAL, "ed-ednotes-listing", "no-search"])
        if not defined:
            container += nodes.paragraph("", _("The edition has no editorial notes yet."))
            return container
        by_doc: dict[str, list[dict[str, Any]]] = {}
        for key in sorted(defined, key=lambda k: (len(letters.get(k, "")), letters.get(k, ""))):
            doc, entry = defined[key]
            by_doc.setdefault(doc, []).append(entry)
        for doc in domain.ordered_docs():
            if doc not in by_doc:
                continue
            title = self.env.titles.get(doc)
            heading = nodes.paragraph("", "", classes=["ed-ednotes-listing-page"])
            heading += pending_ref("notes", "page", doc,
                                   nodes.Text(view_text(title) if title else doc))
            container += heading
            for entry in by_doc[doc]:
                note = entry["node"].node()  # a fresh copy, without ids
                container += note
        return container


class CommentsAppendix(SphinxPostTransform):
    """LaTeX: open the appendix (``\\edCommentsAppendix``) before the section that holds the
    first reader comment (a page of comments)."""

    default_priority = 20
    formats = ("latex",)

    def run(self, **kwargs: Any) -> None:
        first = next(self.document.findall(n.reader_comment), None)
        if first is None:
            return
        section = None
        parent = first.parent
        while parent is not None:
            if isinstance(parent, nodes.section):
                section = parent
            parent = parent.parent
        if section is not None and section.parent is not None:
            section.parent.insert(section.parent.index(section),
                                  nodes.raw("", "\\edCommentsAppendix\n", format="latex"))
