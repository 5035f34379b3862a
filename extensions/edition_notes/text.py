"""Text-builder visitors of the notes extension: the marks as printed (``[1]``; editorial
notes ``[ed. a]``), the notes with their labels under their headings, each comment under a
header line."""

from __future__ import annotations

from docutils import nodes
from sphinx.writers.text import TextTranslator

from . import nodes as n


def visit_author_note_ref(self: TextTranslator, node: n.author_note_ref) -> None:
    self.add_text(node["label"])
    raise nodes.SkipNode


def _heading(self: TextTranslator, title: str) -> None:
    self.new_state(0)
    self.add_text(f"{title}\n{'-' * len(title)}")
    self.end_state(wrap=False)


def visit_titled(self: TextTranslator, node: nodes.Element) -> None:
    _heading(self, node["title"])


def visit_pass(self: TextTranslator, node: nodes.Node) -> None:
    pass


def depart_pass(self: TextTranslator, node: nodes.Node) -> None:
    pass


def visit_skip(self: TextTranslator, node: nodes.Node) -> None:
    raise nodes.SkipNode


def visit_editorial_note_ref(self: TextTranslator, node: n.editorial_note_ref) -> None:
    self.add_text(f"[ed. {node.get('letter', '?')}]")
    raise nodes.SkipNode


def visit_comment_header(self: TextTranslator, node: n.comment_header) -> None:
    self.new_state(0)


def depart_comment_header(self: TextTranslator, node: n.comment_header) -> None:
    self.end_state()


def visit_unresolved(self: TextTranslator, node: nodes.Element) -> None:
    self.add_text(node.astext())
    raise nodes.SkipNode


VISITORS = {
    n.author_note_ref: (visit_author_note_ref, None),
    n.author_notes: (visit_titled, depart_pass),
    n.author_note: (visit_pass, depart_pass),
    n.note_label: (visit_pass, depart_pass),
    n.note_backlinks: (visit_skip, None),
    n.editorial_note_ref: (visit_editorial_note_ref, None),
    n.editorial_note: (visit_pass, depart_pass),
    n.editorial_notes_section: (visit_titled, depart_pass),
    n.editorial_notes_list: (visit_unresolved, None),
    n.reader_comment: (visit_pass, depart_pass),
    n.comment_header: (visit_comment_header, depart_comment_header),
    n.comment_ref: (visit_unresolved, None),
}
