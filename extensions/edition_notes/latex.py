"""LaTeX visitors of the notes extension.

The author's notes are *endnotes* in the PDF as in the copy-text: the list stands after
the essay under the editors' heading, each note with the label the copy-text prints
(``[1].`` … ``[8]``); the marks in the text are the author's numbers, linked both ways.
Editorial notes are lettered (italic letters) and listed after the page's text, apart from
the author's.  Reader comments are environments, in an appendix.

Everything goes through the small macros of ``texinputs/edition-notes.sty`` so that the PDF
can restyle them (for example as reledmac note series) without touching this module.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.writers.latex import LaTeXTranslator

from . import nodes as n


def _target(self: LaTeXTranslator, docname: str | None, node_id: str) -> str:
    doc = docname or self.curfilestack[-1]
    return self.idescape(f"{doc}:{node_id}")


def visit_author_note_ref(self: LaTeXTranslator, node: n.author_note_ref) -> None:
    label = self.encode(node["label"])
    if node.get("resolved"):
        self.body.append(self.hypertarget_to(node, anchor=True))
        self.body.append(r"\edAuthorNoteMark{%s}{%s}" % (
            _target(self, None, f"note-{node['number']}"), label))
    else:
        self.body.append(label)
    raise nodes.SkipNode


def visit_author_notes(self: LaTeXTranslator, node: n.author_notes) -> None:
    self.body.append("\n" + self.hypertarget_to(node, anchor=True))
    self.body.append(r"\begin{edAuthorNotes}{%s}" % self.encode(node["title"]) + "\n")


def depart_author_notes(self: LaTeXTranslator, node: n.author_notes) -> None:
    self.body.append("\n\\end{edAuthorNotes}\n")


def visit_author_note(self: LaTeXTranslator, node: n.author_note) -> None:
    self.body.append("\n" + r"\begin{edAuthorNote}{%s}" % (node["number"] or "") +
                     self.hypertarget_to(node, anchor=True) + "\n")


def depart_author_note(self: LaTeXTranslator, node: n.author_note) -> None:
    self.body.append("\n\\end{edAuthorNote}\n")


def visit_note_label(self: LaTeXTranslator, node: n.note_label) -> None:
    macro = r"\edAuthorNoteLabel" if node["series"] == "author" else r"\edEditorialNoteLabel"
    self.body.append(macro + "{")
    if node.get("refid"):
        self.body.append(r"\hyperref[%s]{" % _target(self, None, node["refid"]))
        node["_close"] = "}}"
    else:
        node["_close"] = "}"


def depart_note_label(self: LaTeXTranslator, node: n.note_label) -> None:
    self.body.append(node["_close"])


def visit_skip(self: LaTeXTranslator, node: nodes.Node) -> None:
    raise nodes.SkipNode


def visit_editorial_note_ref(self: LaTeXTranslator, node: n.editorial_note_ref) -> None:
    self.body.append(self.hypertarget_to(node, anchor=True))
    if node.get("refid"):
        self.body.append(r"\edEditorialNoteMark{%s}{%s}" % (
            _target(self, node["refdoc"], node["refid"]), self.encode(node.get("letter", "?"))))
    else:
        self.body.append(r"\edEditorialNoteMissing{%s}" % self.encode(node.get("letter", "?")))
    raise nodes.SkipNode


def visit_editorial_note(self: LaTeXTranslator, node: n.editorial_note) -> None:
    self.body.append("\n" + r"\begin{edEditorialNote}{%s}" % self.encode(node.get("letter", "")) +
                     self.hypertarget_to(node, anchor=True) + "\n")


def depart_editorial_note(self: LaTeXTranslator, node: n.editorial_note) -> None:
    self.body.append("\n\\end{edEditorialNote}\n")


def visit_editorial_notes_section(self: LaTeXTranslator, node: nodes.Element) -> None:
    self.body.append("\n" + self.hypertarget_to(node, anchor=True))
    self.body.append(r"\begin{edEditorialNotes}{%s}" % self.encode(node["title"]) + "\n")


def depart_editorial_notes_section(self: LaTeXTranslator, node: nodes.Element) -> None:
    self.body.append("\n\\end{edEditorialNotes}\n")


def visit_reader_comment(self: LaTeXTranslator, node: n.reader_comment) -> None:
    self.body.append("\n" + r"\begin{edComment}{%s}{%s}" % (
        node["number"] or "", self.encode(node["name"])) +
        self.hypertarget_to(node, anchor=True) + "\n")


def depart_reader_comment(self: LaTeXTranslator, node: n.reader_comment) -> None:
    self.body.append("\n\\end{edComment}\n")


def visit_comment_header(self: LaTeXTranslator, node: n.comment_header) -> None:
    self.body.append(r"\edCommentHeader{")


def depart_comment_header(self: LaTeXTranslator, node: n.comment_header) -> None:
    self.body.append("}\n")


def visit_unresolved(self: LaTeXTranslator, node: nodes.Element) -> None:
    self.body.append(self.encode(node.astext()))
    raise nodes.SkipNode


def visit_signature(self: LaTeXTranslator, node: nodes.Element) -> None:
    pass


VISITORS = {
    n.author_note_ref: (visit_author_note_ref, None),
    n.author_notes: (visit_author_notes, depart_author_notes),
    n.author_note: (visit_author_note, depart_author_note),
    n.note_label: (visit_note_label, depart_note_label),
    n.note_backlinks: (visit_skip, None),
    n.editorial_note_ref: (visit_editorial_note_ref, None),
    n.editorial_note: (visit_editorial_note, depart_editorial_note),
    n.editorial_notes_section: (visit_editorial_notes_section, depart_editorial_notes_section),
    n.editorial_notes_list: (visit_unresolved, None),
    n.reader_comment: (visit_reader_comment, depart_reader_comment),
    n.comment_header: (visit_comment_header, depart_comment_header),
    n.comment_ref: (visit_unresolved, None),
}


def comments_appendix(app: object, doctree: nodes.document, docname: str) -> None:
    """LaTeX: open the appendix (``\\edCommentsAppendix``) before the section that holds
    the first reader comment (the "Responses" page)."""
    builder = getattr(app, "builder", None)
    if builder is None or builder.format != "latex":
        return
    first = next(doctree.findall(n.reader_comment), None)
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
