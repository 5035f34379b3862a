"""The generated glossary, and the work done when a page is written.

* :class:`BuildGlossary`: in every builder the ``terms-glossary`` placeholder becomes the
  glossary: one entry per registry term in Russian alphabetical order, with the Cyrillic,
  both transliterations, the gloss, the commentary, the spellings the text uses and every
  occurrence, linked back to it (references of the ``terms`` domain) and grouped by page
  (in reading order) and section.  (Each occurrence itself is a reference of the domain,
  linked to its entry: :meth:`.domain.TermsDomain.resolve_term`.)
* LaTeX's index lists the terms under both forms: upmendex sorts the Cyrillic as Russian
  (:mod:`edition_common.latex_index`).
* :func:`on_env_updated`: asks Sphinx to rewrite the glossary page whenever the
  occurrences changed, without re-reading any page.
* :func:`on_check_consistency`: ``terms.unused`` for a registry term that the text never uses.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging

from edition_common import EDITORIAL, Warn, _, add_tip_sources
from edition_common import reading_order as edition_reading_order
from edition_common.domain import pages_to_rewrite
from edition_common.places import listing_digest, page_namer, place_list
from edition_common.registry import warn_unused

from .domain import TermsDomain, get_domain, get_registry, gloss_id
from .nodes import term_ref, terms_glossary
from .registry import CYRILLIC, Registry, Term, scheme_label
from .transforms import index_entries, tooltip_body_nodes

logger = logging.getLogger(__name__)

RUSSIAN_ORDER = "абвгдеёжзийклмнопрстуфхцчшщъыьэюя"


def russian_key(text: str) -> list[int]:
    return [RUSSIAN_ORDER.find(c) if c in RUSSIAN_ORDER else 100 + ord(c) for c in text.casefold()]


def reading_order(env: BuildEnvironment) -> list[str]:
    """Documents in the order of the toctrees from the root document, then the rest."""
    return edition_reading_order(env)


class BuildGlossary(SphinxPostTransform):
    """``terms-glossary`` becomes the glossary when its page is written, from the domain's
    data (for every builder); it runs before Sphinx resolves references, so that its links
    to the occurrences are references of this page."""

    default_priority = 5

    def run(self, **kwargs: Any) -> None:
        placeholders = list(self.document.findall(terms_glossary))
        if not placeholders:
            return
        env = self.env
        domain, registry = get_domain(env), get_registry(env)
        for placeholder in placeholders:
            placeholder.replace_self(build_glossary(env, domain, registry))


class GlossesOfThePage(SphinxPostTransform):
    """HTML: the gloss of every term the page marks, once, in the page's hidden popup texts
    (the terms' popups show it, and ``aria-describedby`` names it)."""

    default_priority = 20  # after the references (the occurrences) are resolved
    formats = ("html",)

    def run(self, **kwargs: Any) -> None:
        registry = get_registry(self.env)

        def gloss(slug: str) -> nodes.Element:
            term = registry.terms[slug]
            return nodes.inline("", "", *tooltip_body_nodes(term), ids=[gloss_id(term)])

        add_tip_sources(self.document, "ed_term", gloss)


def on_env_updated(app: Sphinx, env: BuildEnvironment) -> Iterable[str]:
    """Pages to rewrite without re-reading them: the glossary when the occurrences changed;
    every page when the registry changed (glosses are copied into tooltips, also by other
    extensions' listings)."""
    domain = get_domain(env)
    registry = get_registry(env)
    keep_search_index_entries(env, domain, registry)
    digest = listing_digest(env, domain.digest(), domain.occurrences)
    return pages_to_rewrite(domain, env, domain.glossary_doc(), digest, registry.digest())


def keep_search_index_entries(env: BuildEnvironment, domain: TermsDomain,
                              registry: Registry) -> None:
    """Put this extension's index entries into the environment's search-index store.

    Sphinx 9 fills ``env._search_index_index_entries`` while *writing* a page, after the
    environment has been pickled, so in an incremental build the index entries of every
    page that is not rewritten vanish from ``searchindex.js``.  The entries of the terms are
    known after reading; storing them here (before the pickle) keeps them.
    """
    store = getattr(env, "_search_index_index_entries", None)
    if store is None:
        return
    # a page removed or renamed since the last build: its entries go with it (Sphinx's
    # search index has no place for them; keeping them made the next build fail)
    for doc in [d for d in store if d not in env.found_docs]:
        del store[doc]
    gdoc = domain.glossary_doc()
    for doc in sorted(env.found_docs):
        entries = {tuple(e) for e in domain.data.get("index_entries", {}).get(doc, [])}
        if doc == gdoc:
            for term in registry.terms.values():
                entries |= {(v, t, m) for (_, v, t, m, _)
                            in index_entries(term, term.anchor, "main")["entries"]}
        others = [e for e in store.get(doc, []) if not str(e[1]).startswith("ru-")]
        if entries or others:
            store[doc] = sorted(set(map(tuple, others)) | entries)
    # Sphinx writes the entries in the store's order: make it independent of build history
    ordered = sorted(store.items())
    store.clear()
    store.update(ordered)


def prune_search_index_entries(app: Sphinx) -> list[Any]:
    """``html-collect-pages`` (before Sphinx dumps the search index): drop the index entries
    of pages that the search index does not hold.

    The entries kept by :func:`keep_search_index_entries` are the terms' for every page,
    but the search index holds only the pages it has been fed (this build's and the
    previous ``searchindex.js``'s, with a title); an entry of another page (the index file
    lost, a page without a title) would make Sphinx fail with ``KeyError``."""
    indexer = getattr(app.builder, "indexer", None)
    if indexer is None:
        return []
    titles = indexer._titles
    for doc in [d for d in indexer._index_entries if d not in titles]:
        del indexer._index_entries[doc]
    return []


def on_check_consistency(app: Sphinx, env: BuildEnvironment) -> None:
    domain = get_domain(env)
    registry = get_registry(env)
    warn_unused(Warn.TERMS_UNUSED, registry.terms.values(), domain.used_terms(),
                lambda t: t.slug,
                lambda t: f"the registry term {t.ru!r} ({t.latin}) is never used in the text: "
                          "mark its occurrences with {ru}`…` or remove the entry",
                registry.location)


# -- building the glossary -------------------------------------------------------------

def ru(text: str, term: Term) -> term_ref:
    return term_ref("", text, script="cyrl", term=term.slug)


def latn(text: str, term: Term) -> term_ref:
    return term_ref("", text, script="latn", term=term.slug)


def field(name: str, *body: nodes.Node) -> nodes.field:
    return nodes.field("", nodes.field_name("", name), nodes.field_body("", *body))


def intro(registry: Registry) -> nodes.paragraph:
    para = nodes.paragraph(classes=[EDITORIAL])
    para += nodes.Text(_(
        "Transliterations are computed from the Cyrillic, never typed by hand. "
        "The edition’s normalised form follows {scheme}; the scholarly form beside it "
        "follows {scholarly}. Under “In the text” each entry gives the spellings the text "
        "itself uses, which the edition never changes.").format(
            scheme=scheme_label(registry.scheme),
            scholarly=scheme_label(registry.scholarly_scheme)))
    return para


def occurrence_list(env: BuildEnvironment, domain: TermsDomain,
                    occurrences: list[tuple[str, dict[str, Any]]]) -> nodes.Node:
    """A term's occurrences ``(docname, record)``, grouped by page and section: the place
    description every index of the edition uses (:func:`edition_common.places.place_list`)."""
    return place_list("terms", env, occurrences, page_namer(env),
                      classes=["ed-terms-occurrences"])


def build_glossary(env: BuildEnvironment, domain: TermsDomain,
                   registry: Registry) -> list[nodes.Node]:
    by_term: dict[str, list[tuple[str, dict[str, Any]]]] = {}
    for doc in reading_order(env):
        for occ in domain.occurrences.get(doc, []):
            by_term.setdefault(occ["term"], []).append((doc, occ))
    dl = nodes.definition_list(classes=["ed-terms-glossary", EDITORIAL])
    for term in sorted(registry.terms.values(), key=lambda t: russian_key(t.ru)):
        occurrences = by_term.get(term.slug, [])
        dt = nodes.term("", "", ids=[term.anchor])
        dt += ru(term.ru, term)
        dt += nodes.Text(" · ")
        dt += latn(term.latin, term)
        dd = nodes.definition()
        dd += index_entries(term, term.anchor, main="main")
        if term.gloss:
            dd += nodes.paragraph("", term.gloss, classes=["ed-terms-gloss"])
        fields = nodes.field_list()
        fields += field(_("Transliteration"), nodes.paragraph(
            "", "", latn(term.latin, term), nodes.Text(f" ({scheme_label(registry.scheme)}); "),
            latn(term.scholarly, term), nodes.Text(f" ({scheme_label(registry.scholarly_scheme)})"),
        ))
        if term.commentary:
            fields += field(_("Commentary"), nodes.paragraph("", term.commentary))
        used: dict[str, int] = {}
        for _doc, occ in occurrences:
            used[occ["spelling"]] = used.get(occ["spelling"], 0) + 1
        if used:
            para = nodes.paragraph()
            for i, (spelling, count) in enumerate(used.items()):
                if i:
                    para += nodes.Text(", ")
                script = "cyrl" if CYRILLIC.search(spelling) else "latn"
                para += term_ref("", spelling, script=script, term=term.slug)
                para += nodes.Text(f" ({count}×)")
            fields += field(_("In the text"), para)
        fields += field(_("Occurrences"), occurrence_list(env, domain, occurrences))
        dd += fields
        dl += nodes.definition_list_item("", dt, dd)
    return [intro(registry), dl]
