"""Visitors of the notes extension for Sphinx's other writers (man, texinfo): the marks as
printed (``[1]``; editorial notes ``[ed. a]``), the listings' headings as rubrics, the rest
as their content. Text goes through the writer's own ``visit_Text``, which escapes it for
its format."""

from __future__ import annotations

from docutils import nodes
from sphinx.util.docutils import SphinxTranslator

from edition_common import PASS

from . import nodes as n
from . import text


def _emit(self: SphinxTranslator, text: str) -> None:
    nodes.Text(text).walkabout(self)
    raise nodes.SkipNode


def visit_author_note_ref(self: SphinxTranslator, node: n.author_note_ref) -> None:
    _emit(self, node["label"])


def visit_ednote_letter(self: SphinxTranslator, node: n.ednote_letter) -> None:
    _emit(self, f"[ed. {node.get('letter', '?')}]")


def visit_titled(self: SphinxTranslator, node: nodes.Element) -> None:
    nodes.rubric("", node["title"]).walkabout(self)


#: the text builder's visitors, except where they use its own state (add_text, new_state)
VISITORS = {
    **text.VISITORS,
    n.author_note_ref: (visit_author_note_ref, None),
    n.author_notes: (visit_titled, PASS[1]),
    n.ednote_letter: (visit_ednote_letter, None),
    n.editorial_notes_section: (visit_titled, PASS[1]),
    n.comment_header: PASS,
}
