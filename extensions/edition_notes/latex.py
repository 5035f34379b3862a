"""LaTeX visitors of the notes extension.

The author's notes are *endnotes* in the PDF as in the copy-text: the list stands after
the text under the editors' heading, each note with the label the copy-text prints
(``[1].`` … ``[8]``); the marks in the text are the author's numbers, linked both ways.
Editorial notes are lettered (italic letters) and listed after the page's text, apart from
the author's.  Reader comments are environments, in an appendix.

Everything goes through the small macros of ``texinputs/edition-notes.sty`` so that the PDF
can restyle them (for example as reledmac note series) without touching this module.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.writers.latex import LaTeXTranslator

from edition_common import PASS, SKIP, view_text, visit_as_text

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


def _letter(node: nodes.Element) -> str:
    """The letter of an editorial note: the text of its label, resolved."""
    label = next(node.findall(n.ednote_label), None)
    return view_text(label) if label is not None else ""


def _environment(name: str, *args: str, anchor_first: bool = False):
    """Visitors that open and close ``\\begin{name}{args}`` (attributes of the node, or
    the letter of an editorial note, each encoded) with the node's anchor (before the
    environment when it opens with a heading)."""

    def visit(self: LaTeXTranslator, node: nodes.Element) -> None:
        values = "".join("{%s}" % self.encode(_letter(node) if a == "letter" else
                                              str(node.get(a) or "")) for a in args)
        anchor = self.hypertarget_to(node, anchor=True)
        begin = f"\\begin{{{name}}}{values}"
        self.body.append("\n" + (anchor + begin if anchor_first else begin + anchor) + "\n")

    def depart(self: LaTeXTranslator, node: nodes.Element) -> None:
        self.body.append(f"\n\\end{{{name}}}\n")

    return visit, depart


def visit_note_label(self: LaTeXTranslator, node: n.note_label) -> None:
    self.body.append(r"\edAuthorNoteLabel{")
    if node.get("refid"):
        self.body.append(r"\hyperref[%s]{" % _target(self, None, node["refid"]))
        self.context.append("}}")
    else:
        self.context.append("}")


def depart_note_label(self: LaTeXTranslator, node: nodes.Element) -> None:
    self.body.append(self.context.pop())


def visit_ednote_label(self: LaTeXTranslator, node: n.ednote_label) -> None:
    self.body.append(r"\edEditorialNoteLabel{")
    self.context.append("}")


def visit_editorial_note_ref(self: LaTeXTranslator, node: n.editorial_note_ref) -> None:
    self.body.append(self.hypertarget_to(node, anchor=True))


def visit_ednote_letter(self: LaTeXTranslator, node: n.ednote_letter) -> None:
    letter = self.encode(node.get("letter", "?"))
    if node.get("refid"):
        target = _target(self, node["refdoc"], node["refid"])
        self.body.append(r"\edEditorialNoteMark{%s}{%s}" % (target, letter))
    else:
        self.body.append(r"\edEditorialNoteMissing{%s}" % letter)
    raise nodes.SkipNode


def visit_comment_header(self: LaTeXTranslator, node: n.comment_header) -> None:
    self.body.append(r"\edCommentHeader{")


def depart_comment_header(self: LaTeXTranslator, node: n.comment_header) -> None:
    self.body.append("}\n")


VISITORS = {
    n.author_note_ref: (visit_author_note_ref, None),
    n.author_notes: _environment("edAuthorNotes", "title", anchor_first=True),
    n.author_note: _environment("edAuthorNote", "number"),
    n.note_label: (visit_note_label, depart_note_label),
    n.ednote_label: (visit_ednote_label, depart_note_label),
    n.note_backlinks: SKIP,
    n.editorial_note_ref: (visit_editorial_note_ref, PASS[1]),
    n.ednote_letter: (visit_ednote_letter, None),
    n.editorial_note: _environment("edEditorialNote", "letter"),
    n.editorial_notes_section: _environment("edEditorialNotes", "title", anchor_first=True),
    n.editorial_notes_list: (visit_as_text, None),
    n.reader_comment: _environment("edComment", "number", "name"),
    n.comment_header: (visit_comment_header, depart_comment_header),
}
