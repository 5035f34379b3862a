"""The notes extension: the author's endnotes, the editors' notes and the reader comments.

Roles (``roles.py``): ``noteref`` (a mark of the author's note, printed as the copy-text
prints it, ``[1]``), ``ednote`` (a mark of an editorial note, lettered), ``comment-ref``.
Directives (``directives.py``): ``author-notes`` and ``author-note`` (the author's notes
as endnotes, with the author's numbers and labels), ``editorial-note`` and
``editorial-notes-list`` (the editors' lettered series and its listing page), ``comment``
(a reader comment card).  Cross-document data (editorial notes, marks, comments) lives in
the ``notes`` domain (``domain.py``), which is cleared and merged per document, so reading
in parallel gives the same edition as reading serially; what a page shows from other pages
(letters, popups, links) is a cross-reference of that domain, resolved when it is written.

Warnings (type ``notes``, see ``edition_common.messages.Warn``): ``missing_note``,
``unreferenced``, ``duplicate``, ``bad_number``, ``bad_key``, ``lemma_mismatch``,
``comment_no_number``, ``comment_no_author``, ``unknown_comment``, ``unknown_passage``,
``unreferenced_series``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

from edition_common import add_latex_package, add_node, add_static_dir

from . import generic, html, latex, text
from .directives import (
    AuthorNoteDirective,
    AuthorNotesDirective,
    CommentDirective,
    EditorialNoteDirective,
    EditorialNotesListDirective,
)
from .domain import NotesDomain, env_updated
from .nodes import ALL_NODES
from .roles import CommentRefRole, EditorialNoteRefRole, NoteRefRole
from .transforms import CommentsAppendix, EditorialNotesListing, NotesTransform, check_consistency

STY = Path(__file__).resolve().parent / "texinputs" / "edition-notes.sty"


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("edition_common")
    app.add_config_value("edition_notes_mark_format", "[{n}]", "env", types=[str])
    app.add_config_value("edition_notes_label_format", "[{n}].", "env", types=[str])

    for node in ALL_NODES:
        add_node(app, node, html=html.VISITORS[node], latex=latex.VISITORS[node],
                 text=text.VISITORS[node], man=generic.VISITORS[node],
                 texinfo=generic.VISITORS[node])
    app.add_role("noteref", NoteRefRole())
    app.add_role("ednote", EditorialNoteRefRole())
    app.add_role("comment-ref", CommentRefRole())
    app.add_directive("author-notes", AuthorNotesDirective)
    app.add_directive("author-note", AuthorNoteDirective)
    app.add_directive("editorial-note", EditorialNoteDirective)
    app.add_directive("editorial-notes-list", EditorialNotesListDirective)
    app.add_directive("comment", CommentDirective)

    app.add_domain(NotesDomain)
    app.add_transform(NotesTransform)
    app.add_post_transform(EditorialNotesListing)
    app.add_post_transform(CommentsAppendix)
    app.connect("env-updated", env_updated)
    app.connect("env-check-consistency", check_consistency)
    add_latex_package(app, STY)
    add_static_dir(app, __file__, css=["edition-notes.css"])
    return {
        "version": "1.0",
        "env_version": 2,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
