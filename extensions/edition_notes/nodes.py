"""Doctree nodes of the notes extension.

The author's notes (a numbered series that keeps the author's numbers), the editors' notes
(a lettered series, editorial matter) and the reader comments.  Every node has HTML, LaTeX
and text visitors (``html.py``, ``latex.py``, ``text.py``).
"""

from __future__ import annotations

from docutils import nodes


class author_note_ref(nodes.Inline, nodes.Element):
    """A mark of the author's note in the text.

    Attributes: ``number`` (int), ``label`` (the mark as printed, e.g. ``[1]``),
    ``ids`` (``noteref-1``, ``noteref-1-2`` …), ``resolved`` (the note exists on the page).
    Children: after the read-time transform, a tooltip (HTML) whose anchor is the label.
    """


class author_notes(nodes.General, nodes.Element):
    """The list of the author's notes where the copy-text has it (endnotes).

    Attribute ``title``: the editors' heading (``Notes``), rendered as editorial matter.
    """


class author_note(nodes.General, nodes.Element):
    """One of the author's notes: ``number``, ``label`` (as printed: ``[1].``), ``ids``
    (``note-1``), ``backrefs`` (ids of its marks).  The first paragraph starts with a
    :class:`note_label`."""


class note_label(nodes.Inline, nodes.TextElement):
    """The printed label of a note (``[1].``, ``a``): links back to the first mark
    (``refid``); ``series`` is ``author`` or ``editorial``."""


class note_backlinks(nodes.Inline, nodes.Element):
    """Editorial links back to the second and later marks of a note (HTML only).
    Attribute ``refids``: the marks' ids."""


class editorial_note_ref(nodes.Inline, nodes.Element):
    """A mark of an editorial note: ``key``; the letter is given when the page is written."""


class editorial_note(nodes.General, nodes.Element):
    """An editorial note: ``key``, ``lemma`` (the copy-text words it is about, optional),
    ``ids`` (``ednote-<key>``).  Moved at read time into the page's
    :class:`editorial_notes_section`; its letter is set when the page is written."""


class editorial_notes_section(nodes.General, nodes.Element):
    """The editorial notes of one page, after the text (editorial matter): ``title``."""


class editorial_notes_list(nodes.General, nodes.Element):
    """Placeholder for the listing of every editorial note of the edition."""


class reader_comment(nodes.General, nodes.Element):
    """A reader comment: ``number``, ``author`` (as signed), ``name`` (for the header),
    ``date``, ``answers``; ``ids`` = ``comment-N``.  First child: a
    :class:`comment_header` (editorial); last child: the signature paragraph."""


class comment_header(nodes.General, nodes.TextElement):
    """The editors' header of a comment card (number, commenter, date, what it answers)."""


class comment_ref(nodes.Inline, nodes.TextElement):
    """A reference to a reader comment by number (``{comment-ref}`1```), resolved when
    the page is written."""


ALL_NODES = (
    author_note_ref, author_notes, author_note, note_label, note_backlinks,
    editorial_note_ref, editorial_note, editorial_notes_section, editorial_notes_list,
    reader_comment, comment_header, comment_ref,
)
