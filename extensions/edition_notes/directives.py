"""Directives of the notes extension (MyST fences and reST ``.. name::``).

* ``author-notes`` — the list of the author's notes where the copy-text has it, under an
  editorial heading (``:title:``, default “Notes”);
* ``author-note N`` — the author's note N; ``:label:`` the label exactly as the copy-text
  prints it when it is not the usual ``[N].`` (note 8: ``[8]``);
* ``editorial-note key`` — an editorial note; ``:lemma:`` the exact copy-text words it is
  about.  It is listed after the page's text, lettered in the order of the marks;
* ``editorial-notes-list`` — every editorial note of the edition, with links into the text;
* ``comment N`` — a reader comment: ``:author:`` the name exactly as signed (rendered as
  the comment's signature), ``:name:`` the name for the card's header (default: the
  signature without a trailing comma or semicolon), ``:date:``, ``:answers:`` a comment number or
  the label of the passage it answers.
"""

from __future__ import annotations

from docutils import nodes
from docutils.nodes import Node
from docutils.parsers.rst import directives
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from edition_common import EDITORIAL, warn

from . import nodes as n
from .roles import note_key, parse_number

logger = logging.getLogger(__name__)


def prepend_label(container: nodes.Element, label: nodes.Node) -> None:
    """Put *label* (and a space) at the start of the container's first paragraph."""
    first = container.children[0] if container.children else None
    if isinstance(first, nodes.paragraph):
        first.insert(0, nodes.Text(" "))
        first.insert(0, label)
    else:
        container.insert(0, nodes.paragraph("", "", label))


def parse_content(directive: SphinxDirective, node: nodes.Element) -> None:
    """Parse the directive's content (Markdown or reST, as the page) into *node*.

    (MyST 5.2 numbers the lines of a directive nested on the very first line of another
    directive's body one too far; the edition's sources leave a blank line after
    ``::::{author-notes}`` so that every warning names its true line.)
    """
    directive.state.nested_parse(directive.content, directive.content_offset, node)


class AuthorNotesDirective(SphinxDirective):
    """The author's notes, as endnotes where the copy-text has them."""

    has_content = True
    option_spec = {"title": directives.unchanged}

    def run(self) -> list[Node]:
        node = n.author_notes("", title=self.options.get("title", "Notes"))
        node["ids"].append("notes")
        self.set_source_info(node)
        parse_content(self, node)
        return [node]


class AuthorNoteDirective(SphinxDirective):
    """One of the author's notes, with the author's number and printed label."""

    has_content = True
    optional_arguments = 1
    option_spec = {"label": directives.unchanged_required}

    def run(self) -> list[Node]:
        raw = self.arguments[0] if self.arguments else ""
        number = parse_number(raw)
        if number is None:
            warn(logger, f"author's note {raw!r} has no number: write ```{{author-note}} N``` "
                 "with the author's number", type="notes", subtype="bad_number",
                 location=self.get_location())
        label = self.options.get("label") or self.config.edition_notes_label_format.format(
            n=number if number is not None else raw)
        node = n.author_note("", number=number, label=label)
        self.set_source_info(node)
        parse_content(self, node)
        prepend_label(node, n.note_label(label, label, series="author"))
        return [node]


class EditorialNoteDirective(SphinxDirective):
    """An editorial note (lettered series, editorial matter)."""

    has_content = True
    optional_arguments = 1
    option_spec = {"lemma": directives.unchanged}

    def run(self) -> list[Node]:
        key = note_key(self.arguments[0]) if self.arguments else ""
        node = n.editorial_note("", key=key, lemma=self.options.get("lemma", "").strip())
        node["classes"].append(EDITORIAL)
        self.set_source_info(node)
        if not key:
            warn(logger, "editorial note without a key: write ```{editorial-note} key``` and "
                 "mark its place in the text with {ednote}`key`",
                 type="notes", subtype="bad_key", location=self.get_location())
        else:
            node["ids"].append(f"ednote-{key}")
        parse_content(self, node)
        if node["lemma"]:
            prepend_label(node, nodes.inline(node["lemma"] + "]", node["lemma"] + "]",
                                             classes=["ed-lemma"]))
        prepend_label(node, n.note_label("", "", series="editorial"))
        return [node]


class EditorialNotesListDirective(SphinxDirective):
    """The listing of all editorial notes (filled in when the page is written)."""

    def run(self) -> list[Node]:
        node = n.editorial_notes_list("")
        node["classes"].append(EDITORIAL)
        self.set_source_info(node)
        return [node]


class CommentDirective(SphinxDirective):
    """A reader comment: a card with its number, the commenter and the body."""

    has_content = True
    optional_arguments = 1
    option_spec = {
        "author": directives.unchanged,
        "name": directives.unchanged,
        "date": directives.unchanged,
        "answers": directives.unchanged,
    }

    def run(self) -> list[Node]:
        raw = self.arguments[0] if self.arguments else ""
        number = parse_number(raw)
        author = self.options.get("author", "")
        if number is None:
            warn(logger, f"comment without a number{f' ({raw!r})' if raw else ''}: write "
                 "```{comment} N``` with the comment's number",
                 type="notes", subtype="comment_no_number", location=self.get_location())
        if not author.strip():
            warn(logger, "comment without its author: add ':author:' with the name exactly "
                 "as signed", type="notes", subtype="comment_no_author",
                 location=self.get_location())
        name = self.options.get("name") or author.strip().rstrip(",;").strip()
        node = n.reader_comment(
            "", number=number, author=author, name=name,
            date=self.options.get("date", "").strip(),
            answers=self.options.get("answers", "").strip(),
        )
        self.set_source_info(node)
        if number is not None:
            node["ids"].append(f"comment-{number}")
        header = n.comment_header("", "")
        self.set_source_info(header)
        node += header
        parse_content(self, node)
        if author:
            # the signature is the commenter's text, exactly as signed
            node += nodes.paragraph(author, author, classes=["ed-comment-signature"])
        return [node]
