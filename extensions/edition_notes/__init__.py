"""The notes extension: the author's endnotes, the editors' notes and the reader comments.

Roles (``roles.py``): ``noteref`` (a mark of the author's note, printed as the copy-text
prints it, ``[1]``), ``ednote`` (a mark of an editorial note, lettered), ``comment-ref``.
Directives (``directives.py``): ``author-notes`` and ``author-note`` (the author's notes
as endnotes, with the author's numbers and labels), ``editorial-note`` and
``editorial-notes-list`` (the editors' lettered series and its listing page), ``comment``
(a reader comment card).  Cross-document data (editorial notes, marks, comments) lives in
the ``notes`` domain (``domain.py``), which is cleared and merged per document, so reading
in parallel gives the same edition as reading serially.

Warnings (type ``notes``): ``missing_note``, ``unreferenced``, ``duplicate``,
``bad_number``, ``bad_key``, ``lemma_mismatch``, ``comment_no_number``,
``comment_no_author``, ``unknown_comment``, ``unknown_passage``, ``unreferenced_series``.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

from edition_common import add_static_dir

from . import generic, html, latex, text
from .directives import (
    AuthorNoteDirective,
    AuthorNotesDirective,
    CommentDirective,
    EditorialNoteDirective,
    EditorialNotesListDirective,
)
from .domain import NotesDomain, env_updated, outdated
from .nodes import ALL_NODES
from .roles import CommentRefRole, EditorialNoteRefRole, NoteRefRole
from .transforms import NotesResolver, NotesTransform, check_consistency

STY = Path(__file__).resolve().parent / "texinputs" / "edition-notes.sty"


def copy_latex_package(app: Sphinx) -> None:
    if app.builder.format == "latex":
        Path(app.outdir).mkdir(parents=True, exist_ok=True)
        shutil.copyfile(STY, Path(app.outdir) / STY.name)


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("edition_common")
    app.add_config_value("edition_notes_mark_format", "[{n}]", "env", types=[str])
    app.add_config_value("edition_notes_label_format", "[{n}].", "env", types=[str])

    for node in ALL_NODES:
        app.add_node(node, html=html.VISITORS[node], latex=latex.VISITORS[node],
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
    app.add_post_transform(type("NotesResolverForApp", (NotesResolver,), {"sphinx_app": app}))
    app.connect("env-get-outdated", outdated)
    app.connect("env-updated", env_updated)
    app.connect("env-check-consistency", check_consistency)
    app.connect("doctree-resolved", latex.comments_appendix)
    app.connect("builder-inited", copy_latex_package)
    app.add_latex_package("edition-notes")
    add_static_dir(app, __file__, css=["edition-notes.css"])
    return {
        "version": "1.0",
        "env_version": 1,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
