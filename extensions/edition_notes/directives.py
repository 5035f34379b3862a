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

from edition_common import EDITORIAL, Warn, _, pending_ref, warn

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
        node = n.author_notes("", title=self.options.get("title") or _("Notes"))
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
            warn(logger, Warn.NOTES_BAD_NUMBER,
                 f"author's note {raw!r} has no number: write ```{{author-note}} N``` "
                 "with the author's number", location=self.get_location())
        label = self.options.get("label") or self.config.edition_notes_label_format.format(
            n=number if number is not None else raw)
        node = n.author_note("", number=number, label=label)
        self.set_source_info(node)
        parse_content(self, node)
        prepend_label(node, n.note_label(label, label))
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
            warn(logger, Warn.NOTES_BAD_KEY,
                 "editorial note without a key: write ```{editorial-note} key``` and "
                 "mark its place in the text with {ednote}`key`", location=self.get_location())
        else:
            node["ids"].append(f"ednote-{key}")
        parse_content(self, node)
        if node["lemma"]:
            # the editors quoting the text: not the note's own words
            prepend_label(node, nodes.inline(node["lemma"] + "]", node["lemma"] + "]",
                                             classes=["ed-lemma", EDITORIAL]))
        # the letter, linked back to the first mark: resolved when the page is written
        label = n.ednote_label("", "", key=key)
        if key:
            label += pending_ref("notes", "ednote-label", key, nodes.Text("?"))
        prepend_label(node, label)
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
            warn(logger, Warn.NOTES_COMMENT_NO_NUMBER,
                 f"comment without a number{f' ({raw!r})' if raw else ''}: write "
                 "```{comment} N``` with the comment's number", location=self.get_location())
        if not author.strip():
            warn(logger, Warn.NOTES_COMMENT_NO_AUTHOR,
                 "comment without its author: add ':author:' with the name exactly "
                 "as signed", location=self.get_location())
        name = self.options.get("name") or author.strip().rstrip(",;").strip()
        node = n.reader_comment(
            "", number=number, author=author, name=name,
            date=self.options.get("date", "").strip(),
            answers=self.options.get("answers", "").strip(),
        )
        self.set_source_info(node)
        if number is not None:
            node["ids"].append(f"comment-{number}")
        header = comment_header(number, name, node["date"], node["answers"])
        self.set_source_info(header)
        node += header
        parse_content(self, node)
        if author:
            # the signature is the commenter's text, exactly as signed
            node += nodes.paragraph(author, author, classes=["ed-comment-signature"])
        return [node]


def comment_header(number: int | None, name: str, date: str, answers: str) -> n.comment_header:
    """"Comment 2 · Björn-Olav Kvidal · in reply to comment 1": what the comment answers is
    a reference of the ``notes`` domain (a comment, or a passage by its label)."""
    header = n.comment_header("", "")
    header += nodes.inline("", _("Comment {number}").format(number=number) if number
                           else _("Comment"), classes=["ed-comment-number"])
    if name:
        header += nodes.Text(" · ")
        header += nodes.inline("", name, classes=["ed-comment-author"])
    if date:
        header += nodes.Text(" · ")
        header += nodes.inline("", date, classes=["ed-comment-date"])
    if answers:
        header += nodes.Text(" · " + _("in reply to") + " ")
        if answers.isdigit():
            header += pending_ref("notes", "comment", answers,
                                  nodes.Text(_("comment {number}").format(number=answers)))
        else:
            header += pending_ref("notes", "passage", answers, nodes.Text(answers))
    return header
