"""Text-builder visitors of the notes extension: the marks as printed (``[1]``; editorial
notes ``[ed. a]``), the notes with their labels under their headings, each comment under a
header line."""

from __future__ import annotations

from docutils import nodes
from sphinx.writers.text import TextTranslator

from edition_common import PASS, SKIP

from . import nodes as n


def visit_author_note_ref(self: TextTranslator, node: n.author_note_ref) -> None:
    self.add_text(node["label"])
    raise nodes.SkipNode


def visit_titled(self: TextTranslator, node: nodes.Element) -> None:
    title = node["title"]
    self.new_state(0)
    self.add_text(f"{title}\n{'-' * len(title)}")
    self.end_state(wrap=False)


def visit_ednote_letter(self: TextTranslator, node: n.ednote_letter) -> None:
    self.add_text(f"[ed. {node.get('letter', '?')}]")
    raise nodes.SkipNode


def visit_comment_header(self: TextTranslator, node: n.comment_header) -> None:
    self.new_state(0)


def depart_comment_header(self: TextTranslator, node: n.comment_header) -> None:
    self.end_state()


VISITORS = {
    n.author_note_ref: (visit_author_note_ref, None),
    n.author_notes: (visit_titled, PASS[1]),
    n.author_note: PASS,
    n.note_label: PASS,
    n.ednote_label: PASS,
    n.note_backlinks: SKIP,
    n.editorial_note_ref: PASS,
    n.ednote_letter: (visit_ednote_letter, None),
    n.editorial_note: PASS,
    n.editorial_notes_section: (visit_titled, PASS[1]),
    n.editorial_notes_list: SKIP,
    n.reader_comment: PASS,
    n.comment_header: (visit_comment_header, depart_comment_header),
}
