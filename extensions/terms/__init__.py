"""Russian terms: the ``ru`` role, one registry of terms, computed transliterations and a
generated glossary.

* the registry (:mod:`.registry`): ``source/terms.yaml`` (``terms_registry``), each term
  defined once by its Cyrillic headword, gloss, optional commentary and the spellings the
  text uses; transliterations are computed with iuliia in the scheme ``terms_transliteration``
  (default ``ala_lc_alt``: Library of Congress without diacritics) and, for the glossary,
  ``terms_scholarly_transliteration`` (default ``ala_lc``: ALA-LC with diacritics);
* the role ``ru`` (:mod:`.roles`) marks an occurrence, keeping the author's spelling;
* occurrences (:mod:`.transforms`, :mod:`.domain`): recorded per document in the ``terms``
  domain (parallel-safe: purged and merged per document), linked in HTML to the glossary
  with a hover/focus tooltip (Cyrillic, transliteration, gloss), ``lang="ru"`` /
  ``lang="ru-Latn"``, transliterations italic; general-index entries under both forms;
* the glossary (:mod:`.directives`, :mod:`.glossary`): ``terms-glossary`` generates it, with
  every occurrence linked back, grouped by page and section; it is rewritten whenever the
  occurrences change (``env-updated``), without re-reading other pages;
* LaTeX (:mod:`.latex`, ``texinputs/edition-terms.sty``): ``\\edTerm``, ``\\edTranslit``,
  ``\\edRussian``, the glossary as an appendix; the other builders print the term's text.

Warnings (all ``terms.*``, with file and line): ``unknown``, ``unmarked``, ``unused``,
``no_cyrillic``, ``duplicate``, ``ambiguous_spelling``, ``registry``, ``transliteration``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

from edition_common import add_latex_package, add_node, add_static_dir
from edition_common.cache import inputs_digest, kept

from . import html, latex
from .directives import TermsGlossary
from .domain import TermsDomain, get_domain, read_registry, registry_path
from .glossary import (
    BuildGlossary,
    GlossesOfThePage,
    on_check_consistency,
    on_env_updated,
    prune_search_index_entries,
)
from .nodes import term_ref, terms_glossary
from .registry import DEFAULT_MAX_BYTES
from .roles import RuRole
from .transforms import TermOccurrences

STY = Path(__file__).resolve().parent / "texinputs" / "edition-terms.sty"


def on_builder_inited(app: Sphinx) -> None:
    """Read the registry at the start of every build (and report its problems); kept in the
    environment while the file, its settings and the code that reads it are unchanged."""
    env = app.env
    domain = get_domain(env)
    digest = inputs_digest([registry_path(env)], env.config.terms_transliteration,
                           env.config.terms_scholarly_transliteration,
                           env.config.terms_registry_max_bytes,
                           max_bytes=env.config.terms_registry_max_bytes,
                           code=[Path(__file__).parent])
    domain.registry = kept(domain.data, "registry_read", digest, lambda: read_registry(env))


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("edition_common")
    app.add_config_value("terms_registry", "terms.yaml", "env", types=frozenset({str}))
    # a larger registry is refused with a warning (terms.registry)
    app.add_config_value("terms_registry_max_bytes", DEFAULT_MAX_BYTES, "env",
                         types=frozenset({int}))
    app.add_config_value("terms_transliteration", "ala_lc_alt", "env", types=frozenset({str}))
    app.add_config_value("terms_scholarly_transliteration", "ala_lc", "env", types=frozenset({str}))
    # whether the glossary page opens the PDF's appendices itself (off when another
    # extension, such as pdf_edition, starts them)
    app.add_config_value("terms_glossary_appendix", True, "env", types=frozenset({bool}))
    # the pages whose occurrences the glossary lists are edition_text_pages (edition_common;
    # empty: every page but the glossary)
    app.add_domain(TermsDomain)
    add_node(app, term_ref, html=(html.visit_term_ref, html.depart_term_ref),
             latex=(latex.visit_term_ref, latex.depart_term_ref))
    add_node(app, terms_glossary, default="skip")  # replaced before any writer sees it
    app.add_role("ru", RuRole())
    app.add_directive("terms-glossary", TermsGlossary)
    app.add_transform(TermOccurrences)
    add_latex_package(app, STY)
    app.connect("builder-inited", on_builder_inited)
    app.add_post_transform(BuildGlossary)
    app.add_post_transform(GlossesOfThePage)
    app.connect("env-updated", on_env_updated)
    app.connect("env-check-consistency", on_check_consistency)
    app.connect("html-collect-pages", prune_search_index_entries)
    add_static_dir(app, __file__, css=["terms.css"])
    return {
        "version": "1.0",
        "env_version": 2,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
