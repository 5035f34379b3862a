"""HTML visitors of the notes extension.

Editorial matter (headings the copy-text lacks, letters of editorial notes, back-links,
comment headers, listings) carries the class ``ed-editorial``; the author's labels and
marks and the comments' text and signatures are copy-text.  Permalinks are Sphinx's own
(``add_permalink_ref``: ``html_permalinks_icon`` applies).
"""

from __future__ import annotations

from docutils import nodes
from sphinx.util.docutils import SphinxTranslator

from edition_common import EDITORIAL, PASS, SKIP, _

from . import nodes as n


def depart_span(self: SphinxTranslator, node: nodes.Element) -> None:
    self.body.append("</span>")


def depart_div(self: SphinxTranslator, node: nodes.Element) -> None:
    self.body.append("</div>\n")


def depart_section(self: SphinxTranslator, node: nodes.Element) -> None:
    self.body.append("</section>\n")


def visit_author_note_ref(self: SphinxTranslator, node: n.author_note_ref) -> None:
    self.body.append(self.starttag(node, "span", "", CLASS="ed-author-note-mark"))


def _titled_section(self: SphinxTranslator, node: nodes.Element, cls: str, title_id: str,
                    link_title: str) -> None:
    self.body.append(self.starttag(node, "section", CLASS=cls,
                                   **{"aria-labelledby": title_id}))
    self.body.append(f'<h2 id="{title_id}" class="{EDITORIAL}">{self.encode(node["title"])}')
    self.add_permalink_ref(node, link_title)
    self.body.append("</h2>\n")


def visit_author_notes(self: SphinxTranslator, node: n.author_notes) -> None:
    _titled_section(self, node, "ed-author-notes", "notes-title", _("Link to the notes"))


def visit_author_note(self: SphinxTranslator, node: n.author_note) -> None:
    self.body.append(self.starttag(node, "div", CLASS="ed-author-note", role="note"))


def visit_note_label(self: SphinxTranslator, node: n.note_label) -> None:
    cls = "ed-note-label ed-author-note-label"
    if node.get("refid"):
        self.body.append(f'<a class="{cls}" href="#{node["refid"]}" '
                         f'title="{self.attval(_("Back to the text"))}">')
        self.context.append("</a>")
    else:
        self.body.append(f'<span class="{cls}">')
        self.context.append("</span>")


def depart_note_label(self: SphinxTranslator, node: n.note_label) -> None:
    self.body.append(self.context.pop())


def visit_ednote_label(self: SphinxTranslator, node: n.ednote_label) -> None:
    self.body.append(f'<span class="ed-note-label ed-editorial-note-label {EDITORIAL}">')


def visit_note_backlinks(self: SphinxTranslator, node: n.note_backlinks) -> None:
    # not in the popup that shows the note
    self.body.append(f'<span class="ed-note-backlinks {EDITORIAL} ed-tip-omit">')


def visit_editorial_note_ref(self: SphinxTranslator, node: n.editorial_note_ref) -> None:
    # a mark is not copied into another popup (the popup of a note that holds it)
    self.body.append(self.starttag(node, "sup", "", CLASS=f"ed-ednote-mark {EDITORIAL} ed-tip-omit"))


def depart_sup(self: SphinxTranslator, node: nodes.Element) -> None:
    self.body.append("</sup>")


def visit_editorial_note(self: SphinxTranslator, node: n.editorial_note) -> None:
    self.body.append(self.starttag(node, "div", CLASS="ed-ednote", role="note"))


def visit_editorial_notes_section(self: SphinxTranslator, node: nodes.Element) -> None:
    _titled_section(self, node, "ed-ednotes", "editorial-notes-title",
                    _("Link to the editorial notes"))


def visit_reader_comment(self: SphinxTranslator, node: n.reader_comment) -> None:
    self.body.append(self.starttag(node, "article", CLASS="ed-comment"))


def depart_reader_comment(self: SphinxTranslator, node: n.reader_comment) -> None:
    self.body.append("</article>\n")


def visit_comment_header(self: SphinxTranslator, node: n.comment_header) -> None:
    self.body.append(self.starttag(node, "header", "", CLASS=f"ed-comment-header {EDITORIAL}"))


def depart_comment_header(self: SphinxTranslator, node: n.comment_header) -> None:
    if node.parent["ids"]:
        self.body.append(" ")
        self.add_permalink_ref(node.parent, _("Link to this comment"))
    self.body.append("</header>\n")


VISITORS = {
    n.author_note_ref: (visit_author_note_ref, depart_span),
    n.author_notes: (visit_author_notes, depart_section),
    n.author_note: (visit_author_note, depart_div),
    n.note_label: (visit_note_label, depart_note_label),
    n.ednote_label: (visit_ednote_label, depart_span),
    n.note_backlinks: (visit_note_backlinks, depart_span),
    n.editorial_note_ref: (visit_editorial_note_ref, depart_sup),
    n.ednote_letter: PASS,
    n.editorial_note: (visit_editorial_note, depart_div),
    n.editorial_notes_section: (visit_editorial_notes_section, depart_section),
    n.editorial_notes_list: SKIP,
    n.reader_comment: (visit_reader_comment, depart_reader_comment),
    n.comment_header: (visit_comment_header, depart_comment_header),
}
