"""Doctree nodes of the notes extension.

The author's notes (a numbered series that keeps the author's numbers), the editors' notes
(a lettered series, editorial matter) and the reader comments.  Every node has HTML, LaTeX
and text visitors (``html.py``, ``latex.py``, ``text.py``); what is the editors' says so by
its class (:class:`edition_common.EditorialMatter`), what divides the text below the
section (a note, a comment) is a :class:`edition_common.Division`.
"""

from __future__ import annotations

from docutils import nodes

from edition_common import Division, EditorialMatter, _


class author_note_ref(nodes.Inline, nodes.Element):
    """A mark of the author's note in the text.

    Attributes: ``number`` (int), ``label`` (the mark as the copy-text prints it: ``[1]``),
    ``ids`` (``noteref-1``, ``noteref-1-2`` …), ``resolved`` (the note exists on the page).
    The read-time transform writes the label in: the anchor of a tooltip that shows the
    note (or the bare label when the note is missing)."""


class author_notes(nodes.General, nodes.Element):
    """The list of the author's notes where the copy-text has it (endnotes).

    Attribute ``title``: the editors' heading (``Notes``), rendered as editorial matter.
    """


class author_note(Division, nodes.General, nodes.Element):
    """One of the author's notes: ``number``, ``label`` (as printed: ``[1].``), ``ids``
    (``note-1``), ``backrefs`` (ids of its marks).  The first paragraph starts with a
    :class:`note_label`."""

    def division_label(self) -> str:
        number = self.get("number")
        return _("note {number}").format(number=number) if number is not None else ""


class note_label(nodes.Inline, nodes.TextElement):
    """The printed label of an author's note (``[1].``, the copy-text's): links back to the
    first mark (``refid``)."""


class ednote_label(EditorialMatter, nodes.Inline, nodes.TextElement):
    """The letter of an editorial note (``a``), linked back to its first mark when the page
    is written; ``key``."""


class note_backlinks(EditorialMatter, nodes.Inline, nodes.TextElement):
    """Editorial links back to the second and later marks of a note (HTML only): its
    children are references (``↩2`` …)."""


class editorial_note_ref(EditorialMatter, nodes.Inline, nodes.Element):
    """A mark of an editorial note: ``key``; its child is a reference to the note, resolved
    (letter, popup, link) when the page is written."""


class ednote_letter(EditorialMatter, nodes.Inline, nodes.Element):
    """What a mark of an editorial note resolves to: ``letter``, and ``refdoc``/``refid``
    of the note (none when the note does not exist).  In HTML its child is the tooltip
    (the letter, linked, with the note in a popup); elsewhere the letter."""


class editorial_note(EditorialMatter, nodes.General, nodes.Element):
    """An editorial note: ``key``, ``lemma`` (the copy-text words it is about, optional),
    ``ids`` (``ednote-<key>``).  Moved at read time into the page's
    :class:`editorial_notes_section`; its letter is resolved when the page is written."""


class editorial_notes_section(EditorialMatter, nodes.General, nodes.Element):
    """The editorial notes of one page, after the text (editorial matter): ``title``."""


class editorial_notes_list(EditorialMatter, nodes.General, nodes.Element):
    """Placeholder for the listing of every editorial note of the edition."""


class reader_comment(Division, nodes.General, nodes.Element):
    """A reader comment: ``number``, ``author`` (as signed), ``name`` (for the header),
    ``date``, ``answers``; ``ids`` = ``comment-N``.  First child: a
    :class:`comment_header` (editorial); last child: the signature paragraph."""

    def division_label(self) -> str:
        number = self.get("number")
        return _("comment {number}").format(number=number) if number is not None else ""


class comment_header(EditorialMatter, nodes.General, nodes.TextElement):
    """The editors' header of a comment card (number, commenter, date, what it answers)."""


ALL_NODES = (
    author_note_ref, author_notes, author_note, note_label, ednote_label, note_backlinks,
    editorial_note_ref, ednote_letter, editorial_note, editorial_notes_section, editorial_notes_list,
    reader_comment, comment_header,
)
