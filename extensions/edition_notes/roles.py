"""Roles of the notes extension (MyST ``{name}`text``` and reST ``:name:`text```).

* ``noteref`` — a mark of the author's note *N* (``{noteref}`1``` prints ``[1]``);
* ``ednote`` — a mark of the editorial note with the given key (``{ednote}`oct25```),
  printed as its letter (``a``, ``b`` …);
* ``comment-ref`` — a link to reader comment *N* (``{comment-ref}`1``` → “comment 1”).

The letters, the popups and the links across pages are cross-references of the ``notes``
domain (``pending_xref``), resolved when a page is written (:mod:`.domain`).
"""

from __future__ import annotations

from docutils import nodes
from docutils.nodes import Node, system_message
from sphinx.util import logging
from sphinx.util.docutils import SphinxRole

from edition_common import Warn, _, pending_ref, warn

from . import nodes as n

logger = logging.getLogger(__name__)


def parse_number(text: str) -> int | None:
    text = text.strip()
    return int(text) if text.isdigit() and int(text) > 0 else None


def note_key(text: str) -> str:
    """The key of an editorial note as written (``oct25``), normalised to an id."""
    return nodes.make_id(text.strip())


class NoteRefRole(SphinxRole):
    """``{noteref}`N```: the mark of the author's note N, printed as the copy-text prints it."""

    def run(self) -> tuple[list[Node], list[system_message]]:
        number = parse_number(self.text)
        if number is None:
            warn(logger, Warn.NOTES_BAD_NUMBER,
                 f"author's note mark {self.text!r} is not a note number (1, 2, …): "
                 "write {noteref}`N` with the author's number", location=self.get_location())
            return [nodes.Text(self.text)], []
        label = self.config.edition_notes_mark_format.format(n=number)
        # the label, the copy-text's "[1]", is written in when the page's notes are
        # matched with their marks (NotesTransform): until then the mark reads as nothing,
        # so that an apparatus lemma is the words of the sentence around it
        node = n.author_note_ref("", number=number, label=label)
        self.set_source_info(node)
        return [node], []


class EditorialNoteRefRole(SphinxRole):
    """``{ednote}`key```: the mark of the editorial note ``key`` (its letter is given later)."""

    def run(self) -> tuple[list[Node], list[system_message]]:
        key = note_key(self.text)
        if not key:
            warn(logger, Warn.NOTES_BAD_KEY,
                 f"editorial note mark {self.text!r} has no usable key: "
                 "write {ednote}`key` with the key of an {editorial-note}",
                 location=self.get_location())
            return [], []
        node = n.editorial_note_ref("", pending_ref("notes", "ednote", key, nodes.Text("?")),
                                    key=key)
        self.set_source_info(node)
        return [node], []


class CommentRefRole(SphinxRole):
    """``{comment-ref}`N```: “comment N”, linked to the comment's card."""

    def run(self) -> tuple[list[Node], list[system_message]]:
        number = parse_number(self.text)
        if number is None:
            warn(logger, Warn.NOTES_BAD_NUMBER,
                 f"comment reference {self.text!r} is not a comment number",
                 location=self.get_location())
            return [nodes.Text(self.text)], []
        node = pending_ref("notes", "comment", str(number),
                           nodes.Text(_("comment {number}").format(number=number)),
                           classes=["ed-comment-ref"])
        self.set_source_info(node)
        return [node], []
