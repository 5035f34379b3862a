"""Citations and the bibliography: the author's words linked to checked bibliography data.

Adds, on top of sphinxcontrib-bibtex (which holds the parsed ``bibliography.bib``):

* the role ``cite-as`` (:mod:`.roles`): the author's own words ("(47-8)", note 4's full
  reference) linked to one or more entries with exact locators; HTML shows the full
  reference and the locator on hover and keyboard focus (``edition_common`` tooltip);
* the directive ``works-cited`` (:mod:`.directives`): the works-cited list in the
  edition's style (Chicago author–date, the pybtex style plugin ``edition`` in
  :mod:`.style`), each entry with back-references to every citing place in every page;
  also the works-consulted list and the list of differences between the text's
  citations and the real publications;
* the ``edcite`` domain (:mod:`.domain`): every citation's place, across documents,
  with ``clear_doc``/``merge_domaindata`` (parallel and incremental builds);
* bib-file checking (:mod:`.bibdata`, :mod:`.bibcheck`): a malformed bib file, a
  duplicate key, a file or field over its limit, a macro expansion bomb, control
  characters, a broken cross-reference or an unrenderable LaTeX command is a warning
  naming the bib file's line, not a traceback;
* sphinxcontrib-bibtex's own ``cite`` roles and ``:style:`` options report bad content as
  warnings (:mod:`.bibtex_roles`), not tracebacks;
* the lookup command ``python -m citations.lookup`` (``make cite q=…``, :mod:`.lookup`).

Warnings (all ``cite.*``): ``bib_syntax``, ``bib_too_large``, ``field_too_long``,
``duplicate_key``, ``control_chars``, ``crossref``, ``missing_field``, ``latex``,
``bad_field``, ``bad_url``, ``unknown_key``, ``bad_locator``, ``bad_target``, ``uncited``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.util import logging
from sphinxcontrib.bibtex.bibfile import BibData, BibFile, get_mtime

from edition_common import add_static_dir, warn

from . import bibcheck, bibdata, bibtex_roles, style
from .directives import WorksCitedDirective
from .domain import CitationsDomain
from .nodes import LATEX_PREAMBLE, register as register_nodes
from .roles import CiteAsRole
from .transforms import check_uncited, collect, outdated, resolve

logger = logging.getLogger(__name__)


def load_bibliography(app: Sphinx) -> None:
    """Parse the bib files (with typed warnings) and hand the result to sphinxcontrib-bibtex.

    Runs before sphinxcontrib-bibtex's own ``builder-inited`` handler; the data it stores
    has the files' current modification times, so sphinxcontrib-bibtex finds its cache
    up to date and does not parse again (its parser stops at the first error).
    """
    paths = [(Path(app.confdir) / f).resolve() for f in app.config.bibtex_bibfiles]
    limits = bibcheck.Limits(max_file_bytes=app.config.citations_max_bib_bytes,
                             max_field_chars=app.config.citations_max_field_chars)
    result = bibdata.load(paths, app.config.bibtex_encoding, limits)
    for problem in result.problems:
        warn(logger, problem.message, type="cite", subtype=problem.subtype,
             location=problem.location)
    keys_by_file: dict[Path, dict[str, None]] = {p: {} for p in paths}
    for key in result.data.entries:
        path, _ = result.lines.get(key, (paths[-1], 0))
        keys_by_file.setdefault(path, {})[key] = None
    app.env.get_domain("cite").data["bibdata"] = BibData(
        encoding=app.config.bibtex_encoding,
        bibfiles={p: BibFile(mtime=get_mtime(p), keys=keys_by_file[p]) for p in paths},
        data=result.data,
    )
    app.env.get_domain("edcite").data["bib_lines"] = {
        key: (str(path), line) for key, (path, line) in result.lines.items()
    }


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("sphinxcontrib.bibtex")
    bibtex_roles.setup(app)  # its cite roles and :style: option report bad content
    app.setup_extension("edition_common")
    style.register()
    app.add_config_value("citations_page_labels", {}, "env", types=[dict])
    # bounds on untrusted bib files (bibcheck): larger files are not read, longer fields left out
    app.add_config_value("citations_max_bib_bytes", bibcheck.DEFAULT_MAX_FILE_BYTES, "env", types=[int])
    app.add_config_value("citations_max_field_chars", bibcheck.DEFAULT_MAX_FIELD_CHARS, "env", types=[int])
    app.add_domain(CitationsDomain)
    register_nodes(app)
    app.add_role("cite-as", CiteAsRole())
    app.add_directive("works-cited", WorksCitedDirective)
    app.connect("builder-inited", load_bibliography, priority=400)
    app.connect("doctree-read", collect)
    app.connect("doctree-resolved", resolve)
    app.connect("env-get-outdated", outdated)
    app.connect("env-check-consistency", check_uncited)
    app.connect("config-inited", _latex_preamble)
    add_static_dir(app, __file__, css=["citations.css"])
    return {
        "version": "1.0",
        "env_version": 1,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }


def _latex_preamble(app: Sphinx, config: Any) -> None:
    preamble = config.latex_elements.get("preamble", "")
    if r"\edCite" not in preamble:
        config.latex_elements["preamble"] = preamble + LATEX_PREAMBLE
