"""Citations and the bibliography: the author's words linked to checked bibliography data.

Adds, on top of sphinxcontrib-bibtex (whose ``cite`` domain holds the entries of the bib
files of ``bibtex_bibfiles``):

* the edition's one bibliography (:mod:`.service`): the entries, formatted once in the
  style of ``bibtex_default_style`` (the edition's Chicago author–date style, the pybtex
  style plugin ``edition`` of :mod:`.style`), with one set of labels ("Lih 2014a",
  "Lenin n.d.-b"); citations, the works-cited list, the apparatus, ``make cite`` and the
  PDF all print works through it; the bib files are checked with warnings that name the
  bib file's line (:mod:`.bibdata`), and a field that the style does not print is a
  warning unless it is data for the editors only (``citations_unprinted_fields``);
* the role ``cite-as`` (:mod:`.roles`): the author's own words ("(47-8)", note 4's full
  reference) linked to one or more entries with exact locators; HTML shows the full
  reference and the locator on hover and keyboard focus (``edition_common`` tooltip);
  sphinxcontrib-bibtex's ``cite:p`` and ``cite:t`` print editorial citations in the
  same style; its other citation roles are refused with a warning;
* the directive ``works-cited`` (:mod:`.directives`): the works-cited list, each entry
  with back-references to every citing place in every page (the text, the notes, the
  comments, the apparatus); also the works-consulted list and the list of differences
  between the text's citations and the real publications;
* the ``edcite`` domain (:mod:`.domain`): every citation's place, across documents, with
  ``clear_doc``/``merge_domaindata`` (parallel and incremental builds), and the links to
  and from the works cited as cross-references it resolves;
* bib-file checking (:mod:`.bibdata`, :mod:`.bibcheck`): a malformed bib file, a
  duplicate key, a file or field over its limit, a macro expansion bomb, control
  characters, a broken cross-reference or an unrenderable LaTeX command is a warning
  naming the bib file's line, not a traceback (the bib files are parsed by the edition,
  with bounds, and handed to sphinxcontrib-bibtex as its cache: :mod:`.service`);
* the lookup command ``python -m citations.lookup`` (``make cite q=…``, :mod:`.lookup`).

Configuration: ``citations_page_labels`` (how back-references name the pages),
``citations_max_bib_bytes`` and ``citations_max_field_chars`` (the bounds on a bib file),
``citations_unprinted_fields`` (bib fields that are data for the editors only, besides
:data:`.service.EDITOR_FIELDS`).

Warnings (all ``cite.*``): ``bib_syntax``, ``bib_too_large``, ``field_too_long``,
``control_chars``, ``crossref``, ``missing_field``, ``latex``, ``duplicate_key``,
``bad_field``, ``bad_url``, ``unprinted_field``, ``unknown_key``, ``bad_locator``,
``bad_target``, ``unsupported_role``,
``uncited``.
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx
from sphinxcontrib.bibtex.domain import BibtexDomain
from sphinxcontrib.bibtex.foot_domain import BibtexFootDomain

from edition_common import add_static_dir

from . import bibcheck, bibtex_roles, service, style
from .directives import WorksCitedDirective
from .domain import CitationsDomain, missing_reference
from .nodes import LATEX_PREAMBLE
from .nodes import register as register_nodes
from .roles import CiteAsRole, CiteRole, RefusedCiteRole
from .transforms import (
    WorksCitedLabels,
    WorksCitedLists,
    WorksOfThePage,
    check_uncited,
    collect,
    rewrite,
)

#: sphinxcontrib-bibtex's handler that parses the bib files runs at the default priority
BIBTEX_PRIORITY = 500


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("sphinxcontrib.bibtex")
    bibtex_roles.setup(app)  # its directives' :style: option reports bad content
    app.setup_extension("edition_common")
    style.register()
    app.add_config_value("citations_page_labels", {}, "env", types=[dict])
    # bounds on untrusted bib files (bibcheck): larger files are not read, longer fields left out
    app.add_config_value("citations_max_bib_bytes", bibcheck.DEFAULT_MAX_FILE_BYTES, "env",
                         types=[int])
    app.add_config_value("citations_max_field_chars", bibcheck.DEFAULT_MAX_FIELD_CHARS, "env",
                         types=[int])
    app.add_config_value("citations_unprinted_fields", [], "env", types=[list, tuple])
    app.add_domain(CitationsDomain)
    register_nodes(app)
    app.add_role("cite-as", CiteAsRole())
    # sphinxcontrib-bibtex's citation roles: p and t print in the edition's style, the
    # others are refused with a warning (they would print nothing without its bibliography)
    app.add_role("cite", CiteRole("p"), override=True)
    for name in BibtexDomain.roles:
        role = CiteRole(name) if name in ("p", "t") else RefusedCiteRole(f"cite:{name}")
        app.add_role_to_domain("cite", name, role, override=True)
    app.add_role("footcite", RefusedCiteRole("footcite"), override=True)
    for name in BibtexFootDomain.roles:
        app.add_role_to_domain("footcite", name, RefusedCiteRole(f"footcite:{name}"), override=True)
    app.add_directive("works-cited", WorksCitedDirective)
    # before sphinxcontrib-bibtex's own handler, which then finds its cache up to date
    app.connect("builder-inited", service.load, priority=BIBTEX_PRIORITY - 1)
    app.connect("doctree-read", collect)
    app.add_post_transform(WorksCitedLists)
    app.add_post_transform(WorksCitedLabels)
    app.add_post_transform(WorksOfThePage)
    app.connect("missing-reference", missing_reference)
    app.connect("env-updated", rewrite)
    app.connect("env-check-consistency", check_uncited)
    app.connect("config-inited", _latex_preamble)
    app.connect("config-inited", _no_bibliography)
    add_static_dir(app, __file__, css=["citations.css"])
    return {
        "version": "1.1",
        "env_version": 2,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }


def _no_bibliography(app: Sphinx, config: Any) -> None:
    """A project that names no bib file (one that uses the apparatus without citing works)
    has an empty bibliography; sphinxcontrib-bibtex alone would stop the build."""
    if config.bibtex_bibfiles is None:
        config.bibtex_bibfiles = []


def _latex_preamble(app: Sphinx, config: Any) -> None:
    preamble = config.latex_elements.get("preamble", "")
    if r"\edCite" not in preamble:
        config.latex_elements["preamble"] = preamble + LATEX_PREAMBLE
