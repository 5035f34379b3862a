"""The shared model of the edition's extensions (the toolkit's one API).

* :mod:`.text` — **one text model**: the marker classes that say what a node is
  (:class:`EditorialMatter`, :class:`Popup`, :class:`DiplomaticOnly`,
  :class:`CriticalOnly`, :class:`Division`), the CSS classes that keep the copy-text apart
  from editorial matter (:data:`EDITORIAL` ``ed-editorial``, :data:`DIPLOMATIC`
  ``ed-dipl``, :data:`CRITICAL` ``ed-crit``; read back by the fidelity tests), and the
  view-aware text of any node: :func:`view_text`, :func:`view_segments` (with offsets),
  :func:`in_view`, :func:`enclosing`;
* :mod:`.domain` — :class:`EditionDomain`, the base class of the toolkit's domains: data
  per document (``clear_doc``/``merge_domaindata`` written once), references resolved in
  ``resolve_xref`` by ``resolve_<type>`` methods; :func:`pending_ref` makes one;
* :mod:`.messages` — every warning in one table (:class:`Warn`) and :func:`warn`;
  reader-facing strings through :data:`_` (``sphinx.locale``, catalog ``edition``);
  :func:`nearest` names (difflib);
* :mod:`.visitors` — :func:`add_node` for every format, and the visitors that do nothing;
* :mod:`.tooltip` — a link (or a focusable span) that shows a short text on hover and on
  keyboard focus, without leaving the page (terms, citations, notes, apparatus);
* :mod:`.places` — the description of a place in the text (page, section or note, ¶) and
  the linked list of places, for every generated index;
* :mod:`.passages` — the passage scheme: every block of the text pages gets a stable id
  (``p-<section>-<¶>``) while it is read; :func:`passage_id` returns it;
* :mod:`.registry` — the bounded, located reading of an editors' YAML registry;
* :mod:`.pages` — the pages of the text and the witnesses' files, declared once in
  ``conf.py`` (``edition_text_pages``, ``edition_witness_files``); every option naming
  pages is checked (:func:`page_option`);
* :mod:`.latex_index` — the PDF's indexes sorted by upmendex (Cyrillic as Russian);
* :func:`add_static_dir` (serve an extension's ``static/`` folder), :func:`add_latex_package`
  (ship an extension's ``.sty``), :func:`reading_order`, :func:`latex_doc_key`.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

from .domain import (
    EditionDomain,
    StoredNode,
    detached_copy,
    editorial,
    on_missing_reference,
    pending_ref,
)
from .latex_index import setup_latex_index
from .memory import setup_memory
from .messages import Warn, _, init_locale, markdown_table, nearest, warn
from .pages import copy_text_file, page_option, setup_pages, text_pages
from .passages import (
    LateDivisionIds,
    PassageIds,
    PassageMarks,
    PassagesDomain,
    RecordPassages,
    passage_id,
    passage_label,
    passage_marks,
    text_docs,
    visit_passage_marks_html,
    write_concordance,
)
from .places import UnprintedPlaces
from .search import setup_search
from .text import (
    BLOCK_SEP,
    CRITICAL,
    DIPLOMATIC,
    EDITORIAL,
    CriticalOnly,
    DiplomaticOnly,
    Division,
    EditorialMatter,
    Popup,
    ScriptControl,
    enclosing,
    hidden_in,
    in_view,
    view_segments,
    view_text,
)
from .tooltip import (
    add_tip_sources,
    make_tooltip,
    setup_tooltip,
    tip_sources,
    tooltip,
    tooltip_body,
)
from .visitors import PASS, SKIP, add_node, depart_pass, visit_as_text, visit_pass, visit_skip

__all__ = [
    # the text model
    "EDITORIAL", "DIPLOMATIC", "CRITICAL", "BLOCK_SEP", "EditorialMatter", "Popup",
    "DiplomaticOnly", "CriticalOnly", "Division", "ScriptControl", "view_text",
    "view_segments", "in_view",
    "hidden_in", "enclosing",
    # domains and references
    "EditionDomain", "pending_ref", "editorial", "detached_copy", "StoredNode",
    # messages
    "Warn", "warn", "_", "nearest", "markdown_table",
    # writers
    "add_node", "PASS", "SKIP", "visit_pass", "depart_pass", "visit_skip", "visit_as_text",
    "make_tooltip", "tooltip", "tooltip_body", "tip_sources", "add_tip_sources",
    # passages (stable ids of the text's blocks)
    "passage_id", "passage_label", "text_docs",
    # the pages and witnesses of conf.py
    "text_pages", "copy_text_file", "page_option",
    # set-up helpers
    "add_static_dir", "add_latex_package", "add_latex_file", "reading_order", "latex_doc_key",
]


def add_static_dir(
    app: Sphinx, package_file: str, *, css: Iterable[str] = (), js: Iterable[str] = ()
) -> None:
    """Serve the ``static/`` folder beside *package_file* and link the given CSS/JS files.

    Call from an extension's ``setup()``; the folder is appended to ``html_static_path``
    when the configuration is read, relative to the configuration directory (as Sphinx
    reads that setting): an absolute path would make the HTML builder's configuration
    hash in ``.buildinfo`` depend on where the checkout lives, and two builds of the same
    sources from two checkouts would differ (reproducible builds, README).
    """
    static = Path(package_file).resolve().parent / "static"

    def _add(app: Sphinx, config: Any) -> None:
        entry = _config_relative(app, static)
        if entry not in config.html_static_path:
            config.html_static_path.append(entry)

    app.connect("config-inited", _add)
    for name in css:
        app.add_css_file(name)
    for name in js:
        app.add_js_file(name, defer="defer")


def add_latex_package(app: Sphinx, sty: Path, *, after_hyperref: bool = False) -> None:
    """Ship an extension's LaTeX macros, the one way the toolkit does: the ``.sty`` file is
    copied beside the ``.tex`` (:func:`add_latex_file`) and loaded with ``\\usepackage``
    (:meth:`Sphinx.add_latex_package`).  The packages define their macros with
    ``\\providecommand``, so that the PDF edition's package, loaded after them, may
    redefine any of them."""
    add_latex_file(app, sty)
    app.add_latex_package(sty.stem, after_hyperref=after_hyperref)


def add_latex_file(app: Sphinx, path: Path) -> None:
    """Copy *path* beside the ``.tex`` (``latex_additional_files``, relative to the
    configuration directory as Sphinx reads it)."""

    def _add(app: Sphinx, config: Any) -> None:
        entry = _config_relative(app, path)
        files = list(config.latex_additional_files)
        if entry not in files:
            files.append(entry)
        config.latex_additional_files = files

    app.connect("config-inited", _add)


def _config_relative(app: Sphinx, path: Path) -> str:
    """*path* relative to the configuration directory (as Sphinx reads such settings)."""
    try:
        return os.path.relpath(path, Path(app.confdir).resolve()).replace(os.sep, "/")
    except ValueError:  # another drive (Windows): no relative path exists
        return str(path)


def reading_order(env: Any, docs: Iterable[str] | None = None) -> list[str]:
    """Documents in reading order: the toctrees from the root document, depth first, then
    the rest of *docs* (default: every document) sorted by name."""
    seen: list[str] = []
    known: set[str] = set()

    def walk(doc: str) -> None:
        if doc in known or doc not in env.all_docs:
            return
        known.add(doc)
        seen.append(doc)
        for child in env.toctree_includes.get(doc, []):
            walk(child)

    walk(env.config.root_doc)
    rest = env.all_docs if docs is None else docs
    return seen + sorted(d for d in rest if d not in known)


def latex_doc_key(docname: str) -> str:
    """A page's name as a piece of a LaTeX label (letters, digits and hyphens only)."""
    return re.sub(r"[^A-Za-z0-9]", "-", docname)


def reading_text(node: Any) -> str:
    """Deprecated alias of ``view_text(node, "critical")``, kept until the citations
    package reads :func:`view_text` itself."""
    return view_text(node, "critical")


#: deprecated alias of :class:`DiplomaticOnly`
diplomatic_only = DiplomaticOnly


def setup(app: Sphinx) -> dict[str, Any]:
    setup_tooltip(app)
    setup_pages(app)  # edition_text_pages, edition_witness_files; pages named in conf.py exist
    app.add_transform(PassageIds)  # every block of the text pages: its passage id
    app.add_transform(LateDivisionIds)
    app.add_domain(PassagesDomain)  # each text page's passages, for passages.json
    app.add_transform(RecordPassages)
    app.add_post_transform(PassageMarks)  # HTML: its ¶ link and "cite this passage"
    app.add_post_transform(UnprintedPlaces)  # PDF: no link to a place it does not print
    app.connect("build-finished", write_concordance)  # passages.json beside the pages
    add_node(app, passage_marks, default="skip", html=(visit_passage_marks_html, None))
    # the edition statement of a passage's citation ("critical edition, edited by …")
    app.add_config_value("passages_edition", "", "html", types=frozenset({str}))
    setup_latex_index(app)  # the PDF's indexes sorted by upmendex (Cyrillic as Russian)
    setup_search(app)  # the search index stems each word once per build
    setup_memory(app)  # the doctrees kept out of the collector's full scans
    add_static_dir(app, __file__, css=["edition-common.css"], js=["edition-common.js"])
    app.connect("config-inited", init_locale)
    app.connect("missing-reference", on_missing_reference)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
