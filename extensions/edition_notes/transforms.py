"""Read-time transform and write-time resolution of notes and comments.

At read time (:class:`NotesTransform`, one page at a time, parallel-safe):

* the author's notes of the page are matched with their marks: ids (``note-N``,
  ``noteref-N``), two-way links, a popup on each mark with the note's text, and the
  warnings a page can raise by itself (a mark without its note, a note never referenced,
  two notes with one number);
* the page's editorial notes are moved after its text, under an editorial heading, and
  recorded with their marks in the ``notes`` domain; so are the reader comments.

When a page is written (:func:`resolve`, ``doctree-resolved``): editorial note marks get
their letters (edition-wide) and popups, comment headers are filled in, ``{comment-ref}``
links are resolved and the listing of editorial notes is built.  Edition-wide checks are
made once, after all pages are read (:func:`check_consistency`).
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging
from sphinx.util.nodes import make_refnode

from edition_common import EDITORIAL, make_tooltip, tooltip_body, warn

from . import nodes as n

logger = logging.getLogger(__name__)


def plain_text(node: nodes.Node) -> str:
    """The reader's text of *node*: labels, popups and editorial additions left out."""
    parts: list[str] = []

    def walk(node: nodes.Node) -> None:
        if isinstance(node, (tooltip_body, n.note_label, n.note_backlinks, n.comment_header)):
            return
        if isinstance(node, nodes.Element) and EDITORIAL in node.get("classes", []) \
                and not isinstance(node, n.editorial_note):
            return
        if isinstance(node, n.author_note_ref):
            parts.append(node["label"])
            return
        if isinstance(node, nodes.Text):
            parts.append(node.astext())
            return
        if isinstance(node, nodes.Element):
            for child in node.children:
                walk(child)
            if isinstance(node, (nodes.paragraph, nodes.list_item, nodes.line)):
                parts.append(" ")

    walk(node)
    return " ".join("".join(parts).split())


def body_text(note: nodes.Element) -> str:
    """The text of a note without its label (and lemma)."""
    clone = note.deepcopy()
    for lemma in list(clone.findall(lambda x: isinstance(x, nodes.inline)
                                    and "ed-lemma" in x["classes"])):
        lemma.parent.remove(lemma)
    return plain_text(clone)


def append_backlinks(note: nodes.Element, backlinks: n.note_backlinks) -> None:
    """Links back to the second and later marks close the note's last paragraph."""
    last = note.children[-1] if note.children else None
    if isinstance(last, nodes.paragraph):
        last += backlinks
    else:
        note += nodes.paragraph("", "", backlinks)


class NotesTransform(SphinxTransform):
    default_priority = 880

    def apply(self, **kwargs: Any) -> None:
        self.author_notes()
        self.editorial_notes()
        self.comments()

    # -- the author's notes: a page by itself ---------------------------------------------

    def author_notes(self) -> None:
        notes: dict[int, n.author_note] = {}
        for note in self.document.findall(n.author_note):
            number = note["number"]
            if number is None:
                continue
            if number in notes:
                warn(logger, f"two author's notes numbered {number} (the first at line "
                     f"{notes[number].line}): each number belongs to one note; correct the "
                     "number of one of them", type="notes", subtype="duplicate", location=note)
                continue
            notes[number] = note
            note["ids"].append(f"note-{number}")
        seen: dict[int, list[str]] = {}
        for ref in list(self.document.findall(n.author_note_ref)):
            number = ref["number"]
            note = notes.get(number)
            if note is None:
                warn(logger, f"mark of the author's note {number} but the page has no note "
                     f"{number}: add ```{{author-note}} {number}``` to the notes",
                     type="notes", subtype="missing_note", location=ref)
                ref += nodes.Text(ref["label"])
                continue
            ids = seen.setdefault(number, [])
            ref_id = f"noteref-{number}" + (f"-{len(ids) + 1}" if ids else "")
            ids.append(ref_id)
            ref["ids"].append(ref_id)
            ref["resolved"] = True
            ref += make_tooltip(
                self.document, [nodes.Text(ref["label"])],
                [nodes.Text(f"{note['label']} {body_text(note)}")],
                refuri=f"#note-{number}", anchor_classes=["ed-note-ref"],
            )
        for number, note in notes.items():
            refs = seen.get(number, [])
            note["backrefs"] = refs
            label = next(note.findall(n.note_label))
            if not refs:
                warn(logger, f"the author's note {number} is never referenced: mark its place "
                     f"in the text with {{noteref}}`{number}`",
                     type="notes", subtype="unreferenced", location=note)
                continue
            label["refid"] = refs[0]
            if len(refs) > 1:
                append_backlinks(note, n.note_backlinks("", refids=refs[1:]))

    # -- editorial notes: gathered after the page's text ----------------------------------

    def editorial_notes(self) -> None:
        domain = self.env.domains["notes"]
        data = domain.doc(self.env.docname)
        found = list(self.document.findall(n.editorial_note))
        if found:
            section = n.editorial_notes_section("", title="Editorial notes")
            section["classes"].append(EDITORIAL)
            section["ids"].append("editorial-notes")
            section += nodes.paragraph(
                "", "Notes by the editors of this edition, not by the author: lettered "
                "a, b, c … in the order of their marks; each names the words it is about "
                "and ends with the sources the editors checked.",
                classes=["ed-ednotes-intro"])
            for note in found:
                note.parent.remove(note)
                section += note
                if not note["key"]:
                    continue
                clone = note.deepcopy()
                clone["ids"] = []
                # kept in the domain data: no link back to the page's whole doctree, which
                # would otherwise be pickled with the environment and copied with the note
                for node in clone.findall():
                    node.document = None
                data["ednotes"].append({
                    "key": note["key"], "line": note.line, "lemma": note["lemma"],
                    "text": body_text(note), "node": clone,
                })
            self.document += section
        counts: dict[str, int] = {}
        for ref in self.document.findall(n.editorial_note_ref):
            key = ref["key"]
            counts[key] = counts.get(key, 0) + 1
            ref_id = f"ednoteref-{key}" + (f"-{counts[key]}" if counts[key] > 1 else "")
            ref["ids"].append(ref_id)
            para = ref.parent
            while para is not None and not isinstance(para, (nodes.paragraph, nodes.TextElement)):
                para = para.parent
            data["ednote_refs"].append({
                "key": key, "line": ref.line, "id": ref_id,
                "context": plain_text(para) if para is not None else "",
            })
        if any(True for _ in self.document.findall(n.editorial_notes_list)):
            data["listing"] = True

    # -- reader comments --------------------------------------------------------------------

    def comments(self) -> None:
        data = self.env.domains["notes"].doc(self.env.docname)
        for comment in self.document.findall(n.reader_comment):
            if comment["number"] is not None:
                data["comments"].append({
                    "number": comment["number"], "line": comment.line,
                    "id": f"comment-{comment['number']}", "name": comment["name"],
                })
            if comment["answers"]:
                data["answers"].append({"number": comment["number"], "line": comment.line,
                                        "answers": comment["answers"]})
        for ref in self.document.findall(n.comment_ref):
            data["answers"].append({"number": None, "line": ref.line,
                                    "answers": str(ref["number"])})


# -- edition-wide checks (once, after every page is read) -----------------------------------

def check_consistency(app: Sphinx, env: Any) -> None:
    domain = env.domains["notes"]
    defined: dict[str, tuple[str, int]] = {}
    referenced: set[str] = set()
    for docname in domain.ordered_docs():
        data = domain.docs.get(docname)
        if not data:
            continue
        for entry in data["ednotes"]:
            key = entry["key"]
            if key in defined:
                first = defined[key]
                warn(logger, f"two editorial notes with the key {key!r} (the first in "
                     f"{env.doc2path(first[0])}:{first[1]}): give this one its own key",
                     type="notes", subtype="duplicate", location=(docname, entry["line"]))
                continue
            defined[key] = (docname, entry["line"])
    for docname in domain.ordered_docs():
        data = domain.docs.get(docname)
        if not data:
            continue
        for ref in data["ednote_refs"]:
            key = ref["key"]
            referenced.add(key)
            if key not in defined:
                warn(logger, f"mark of the editorial note {key!r} but no such note: add "
                     f"```{{editorial-note}} {key}```", type="notes", subtype="missing_note",
                     location=(docname, ref["line"]))
                continue
            note_doc, _ = defined[key]
            entry = next(e for e in domain.docs[note_doc]["ednotes"] if e["key"] == key)
            if entry["lemma"] and entry["lemma"] not in ref["context"]:
                warn(logger, f"the lemma {entry['lemma']!r} of editorial note {key!r} is not in "
                     "the paragraph of its mark: copy the words exactly from the text",
                     type="notes", subtype="lemma_mismatch", location=(docname, ref["line"]))
    for key, (docname, line) in defined.items():
        if key not in referenced:
            warn(logger, f"the editorial note {key!r} is never referenced: mark its place in "
                 f"the text with {{ednote}}`{key}`", type="notes", subtype="unreferenced",
                 location=(docname, line))
    if defined and not domain.listing_docs():
        docname, line = next(iter(defined.values()))
        warn(logger, "the editorial notes are listed on no page: add ```{editorial-notes-list}``` "
             "to a page of the edition", type="notes", subtype="unreferenced_series",
             location=(docname, line))
    comments = domain.comments()
    seen: set[int] = set()
    for docname in domain.ordered_docs():
        for entry in domain.docs.get(docname, {}).get("comments", []):
            if entry["number"] in seen:
                first_doc, first = comments[entry["number"]]
                warn(logger, f"two comments numbered {entry['number']} (the first in "
                     f"{env.doc2path(first_doc)}:{first['line']}): correct the number",
                     type="notes", subtype="duplicate", location=(docname, entry["line"]))
            seen.add(entry["number"])
        for entry in domain.docs.get(docname, {}).get("answers", []):
            target = entry["answers"]
            if target.isdigit():
                if int(target) not in comments:
                    warn(logger, f"reply to comment {target}, which does not exist: give the "
                         "number of an existing comment", type="notes",
                         subtype="unknown_comment", location=(docname, entry["line"]))
                elif entry["number"] is not None and int(target) == entry["number"]:
                    warn(logger, f"comment {target} answers itself", type="notes",
                         subtype="unknown_comment", location=(docname, entry["line"]))
            elif target not in env.domains.standard_domain.anonlabels:
                warn(logger, f"reply to the passage {target!r}, which has no label: put "
                     f"'({target})=' before the passage or give a comment number",
                     type="notes", subtype="unknown_passage", location=(docname, entry["line"]))


# -- resolution when a page is written --------------------------------------------------------

def _ref(app: Sphinx, fromdoc: str, todoc: str, target: str, child: nodes.Node,
         classes: list[str] | None = None) -> nodes.Element:
    node = make_refnode(app.builder, fromdoc, todoc, target, child)
    node["classes"].extend(classes or [])
    return node


class NotesResolver(SphinxPostTransform):
    """Resolve marks, headers, references and the listing when a page is written.

    Runs before Sphinx's own reference resolution (priority 5), so that cross-references
    inside the copies of notes on the listing page are resolved from the listing page.
    ``setup()`` makes a subclass per application with ``sphinx_app`` set (never ``env.app``).
    """

    default_priority = 5
    sphinx_app: Sphinx

    def run(self, **kwargs: Any) -> None:
        resolve(self.sphinx_app, self.document, self.env.current_document.docname)


def resolve(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    env = app.env
    domain = env.domains["notes"]
    letters: dict[str, str] = domain.data["letters"]
    defined = domain.ednotes()
    for ref in list(doctree.findall(n.editorial_note_ref)):
        key = ref["key"]
        if key not in defined:
            ref["letter"] = "?"
            ref += nodes.Text("?")
            continue
        ref["letter"] = letter = letters.get(key, "?")
        note_doc, entry = defined[key]
        uri = app.builder.get_relative_uri(docname, note_doc) if note_doc != docname else ""
        lemma = f"{entry['lemma']}] " if entry["lemma"] else ""
        ref["refdoc"], ref["refid"] = note_doc, f"ednote-{key}"
        ref += make_tooltip(
            doctree, [nodes.Text(letter)],
            [nodes.Text(f"Editorial note {letter}: {lemma}{entry['text']}")],
            refuri=f"{uri}#ednote-{key}", anchor_classes=["ed-ednote-ref"],
        )
    marks: dict[str, list[tuple[str, str]]] = {}
    for doc in domain.ordered_docs():
        for r in domain.docs.get(doc, {}).get("ednote_refs", []):
            marks.setdefault(r["key"], []).append((doc, r["id"]))
    for note in doctree.findall(n.editorial_note):
        _label_editorial_note(app, note, docname, letters, marks, local=True)
    for comment in doctree.findall(n.reader_comment):
        _fill_header(app, comment, docname)
    for ref in list(doctree.findall(n.comment_ref)):
        found = domain.comments().get(ref["number"])
        if found is None:
            ref.replace_self(nodes.Text(ref.astext()))
            continue
        ref.replace_self(_ref(app, docname, found[0], found[1]["id"],
                              nodes.Text(ref.astext()), ["ed-comment-ref"]))
    for listing in list(doctree.findall(n.editorial_notes_list)):
        listing.replace_self(_listing(app, docname, letters, marks))


def _label_editorial_note(app: Sphinx, note: nodes.Element, docname: str,
                          letters: dict[str, str], marks: dict[str, list[tuple[str, str]]],
                          *, local: bool) -> None:
    key = note["key"]
    note["letter"] = letter = letters.get(key, "?")
    label = next(note.findall(n.note_label))
    targets = marks.get(key, [])
    label.children = []
    if targets:
        todoc, target = targets[0]
        label += _ref(app, docname, todoc, target, nodes.Text(letter), ["ed-ednote-label"])
        if len(targets) > 1:
            append_backlinks(note, n.note_backlinks("", refids=[t for _, t in targets[1:]],
                                                    refdocs=[d for d, _ in targets[1:]]))
    else:
        label += nodes.Text(letter)


def _fill_header(app: Sphinx, comment: nodes.Element, docname: str) -> None:
    header = next(comment.findall(n.comment_header))
    header.children = []
    number = comment["number"]
    header += nodes.inline("", f"Comment {number}" if number else "Comment",
                           classes=["ed-comment-number"])
    if comment["name"]:
        header += nodes.Text(" · ")
        header += nodes.inline("", comment["name"], classes=["ed-comment-author"])
    if comment["date"]:
        header += nodes.Text(" · ")
        header += nodes.inline("", comment["date"], classes=["ed-comment-date"])
    answers = comment["answers"]
    if answers:
        env = app.env
        header += nodes.Text(" · in reply to ")
        if answers.isdigit():
            found = env.domains["notes"].comments().get(int(answers))
            text = nodes.Text(f"comment {answers}")
            header += (_ref(app, docname, found[0], found[1]["id"], text) if found else text)
        else:
            target = env.domains["notes"].data["passages"].get(answers)
            if target:
                words = f"a passage in “{target[2]}”" if target[2] else "a passage"
                header += _ref(app, docname, target[0], target[1], nodes.Text(words))
            else:
                header += nodes.Text(answers)


def _listing(app: Sphinx, docname: str, letters: dict[str, str],
             marks: dict[str, list[tuple[str, str]]]) -> nodes.Node:
    domain = app.env.domains["notes"]
    defined = domain.ednotes()
    container = nodes.container("", classes=[EDITORIAL, "ed-ednotes-listing"])
    if not defined:
        container += nodes.paragraph("", "The edition has no editorial notes yet.")
        return container
    by_doc: dict[str, list[tuple[str, dict[str, Any]]]] = {}
    for key in sorted(defined, key=lambda k: (len(letters.get(k, "")), letters.get(k, ""))):
        doc, entry = defined[key]
        by_doc.setdefault(doc, []).append((key, entry))
    for doc in domain.ordered_docs():
        if doc not in by_doc:
            continue
        title = app.env.titles.get(doc)
        heading = nodes.paragraph("", "", classes=["ed-ednotes-listing-page"])
        heading += _ref(app, docname, doc, "", nodes.Text(title.astext() if title else doc))
        container += heading
        for key, entry in by_doc[doc]:
            note = entry["node"].deepcopy()  # docutils' copy: the note, not its document
            note["ids"] = []
            _label_editorial_note(app, note, docname, letters, marks, local=False)
            container += note
    return container
