"""HTML visitors of the notes extension.

Editorial matter (headings the copy-text lacks, letters of editorial notes, back-links,
comment headers, listings) carries the class ``ed-editorial``; the author's labels and
marks and the comments' text and signatures are copy-text.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.util.docutils import SphinxTranslator

from edition_common import EDITORIAL

from . import nodes as n


def visit_author_note_ref(self: SphinxTranslator, node: n.author_note_ref) -> None:
    self.body.append(self.starttag(node, "span", "", CLASS="ed-author-note-mark"))


def depart_span(self: SphinxTranslator, node: nodes.Element) -> None:
    self.body.append("</span>")


def visit_author_notes(self: SphinxTranslator, node: n.author_notes) -> None:
    self.body.append(self.starttag(node, "section", CLASS="ed-author-notes",
                                   **{"aria-labelledby": "notes-title"}))
    self.body.append(f'<h2 id="notes-title" class="{EDITORIAL}">{self.encode(node["title"])}'
                     '<a class="headerlink" href="#notes" title="Link to the notes">¶</a></h2>\n')


def depart_section(self: SphinxTranslator, node: nodes.Element) -> None:
    self.body.append("</section>\n")


def visit_author_note(self: SphinxTranslator, node: n.author_note) -> None:
    self.body.append(self.starttag(node, "div", CLASS="ed-author-note", role="note"))


def depart_div(self: SphinxTranslator, node: nodes.Element) -> None:
    self.body.append("</div>\n")


def visit_note_label(self: SphinxTranslator, node: n.note_label) -> None:
    cls = f"ed-note-label ed-{node['series']}-note-label"
    if node["series"] == "editorial":
        cls += f" {EDITORIAL}"
    if node.get("refid"):
        self.body.append(f'<a class="{cls}" href="#{node["refid"]}" '
                         'title="Back to the text">')
        node["_close"] = "</a>"
    else:
        self.body.append(f'<span class="{cls}">')
        node["_close"] = "</span>"


def depart_note_label(self: SphinxTranslator, node: n.note_label) -> None:
    self.body.append(node["_close"])


def visit_note_backlinks(self: SphinxTranslator, node: n.note_backlinks) -> None:
    links = []
    docs = node.get("refdocs") or [None] * len(node["refids"])
    for i, (refid, doc) in enumerate(zip(node["refids"], docs), start=2):
        uri = f"#{refid}"
        if doc and doc != self.builder.current_docname:
            uri = self.builder.get_relative_uri(self.builder.current_docname, doc) + uri
        links.append(f'<a href="{uri}" title="Back to mark {i}">↩{i}</a>')
    self.body.append(f'<span class="ed-note-backlinks {EDITORIAL}"> {" ".join(links)}</span>')
    raise nodes.SkipNode


def visit_editorial_note_ref(self: SphinxTranslator, node: n.editorial_note_ref) -> None:
    self.body.append(self.starttag(node, "sup", "", CLASS=f"ed-ednote-mark {EDITORIAL}"))


def depart_sup(self: SphinxTranslator, node: nodes.Element) -> None:
    self.body.append("</sup>")


def visit_editorial_note(self: SphinxTranslator, node: n.editorial_note) -> None:
    self.body.append(self.starttag(node, "div", CLASS="ed-ednote", role="note"))


def visit_editorial_notes_section(self: SphinxTranslator, node: nodes.Element) -> None:
    self.body.append(self.starttag(node, "section", CLASS="ed-ednotes",
                                   **{"aria-labelledby": "editorial-notes-title"}))
    self.body.append(f'<h2 id="editorial-notes-title" class="{EDITORIAL}">'
                     f'{self.encode(node["title"])}<a class="headerlink" '
                     'href="#editorial-notes" title="Link to the editorial notes">¶</a></h2>\n')


def visit_reader_comment(self: SphinxTranslator, node: n.reader_comment) -> None:
    self.body.append(self.starttag(node, "article", CLASS="ed-comment"))


def depart_reader_comment(self: SphinxTranslator, node: n.reader_comment) -> None:
    self.body.append("</article>\n")


def visit_comment_header(self: SphinxTranslator, node: n.comment_header) -> None:
    self.body.append(self.starttag(node, "header", "", CLASS=f"ed-comment-header {EDITORIAL}"))


def depart_comment_header(self: SphinxTranslator, node: n.comment_header) -> None:
    comment = node.parent
    if comment.get("ids"):
        self.body.append(f' <a class="headerlink" href="#{comment["ids"][0]}" '
                         'title="Link to this comment">¶</a>')
    self.body.append("</header>\n")


def visit_unresolved(self: SphinxTranslator, node: nodes.Element) -> None:
    self.body.append(self.encode(node.astext()))
    raise nodes.SkipNode


VISITORS = {
    n.author_note_ref: (visit_author_note_ref, depart_span),
    n.author_notes: (visit_author_notes, depart_section),
    n.author_note: (visit_author_note, depart_div),
    n.note_label: (visit_note_label, depart_note_label),
    n.note_backlinks: (visit_note_backlinks, None),
    n.editorial_note_ref: (visit_editorial_note_ref, depart_sup),
    n.editorial_note: (visit_editorial_note, depart_div),
    n.editorial_notes_section: (visit_editorial_notes_section, depart_section),
    n.editorial_notes_list: (visit_unresolved, None),
    n.reader_comment: (visit_reader_comment, depart_reader_comment),
    n.comment_header: (visit_comment_header, depart_comment_header),
    n.comment_ref: (visit_unresolved, None),
}
