"""The generated glossary, and the work done when a document is resolved for a builder.

* :func:`on_doctree_resolved`: in HTML, each occurrence's tooltip gets its link to the
  glossary entry (the glossary page is known only when all pages have been read), and
  occurrences in headings become tooltips in the page itself; in every builder the
  ``terms-glossary`` placeholder becomes the glossary: one entry per registry term in
  Russian alphabetical order, with the Cyrillic, both transliterations, the gloss, the
  commentary, the spellings the text uses and every occurrence, linked back to it and
  grouped by page (in reading order) and section.
* :func:`on_env_updated`: asks Sphinx to rewrite the glossary page whenever the
  occurrences changed, without re-reading any page.
* :func:`on_check_consistency`: ``terms.unused`` for a registry term that the text never uses.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import iuliia
from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

from edition_common import EDITORIAL, make_tooltip, tooltip, warn
from edition_common import reading_order as edition_reading_order
from edition_common.domain import pages_to_rewrite
from edition_common.places import place_list

from .domain import TermsDomain, get_domain, get_registry
from .nodes import term_ref, terms_glossary
from .registry import Registry, Term, scheme_label
from .transforms import index_entries, tooltip_body_nodes

logger = logging.getLogger(__name__)

RUSSIAN_ORDER = "абвгдеёжзийклмнопрстуфхцчшщъыьэюя"


def russian_key(text: str) -> list[int]:
    return [RUSSIAN_ORDER.find(c) if c in RUSSIAN_ORDER else 100 + ord(c) for c in text.casefold()]


def reading_order(env: BuildEnvironment) -> list[str]:
    """Documents in the order of the toctrees from the root document, then the rest."""
    return edition_reading_order(env)


def on_doctree_resolved(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    env = app.env
    domain = get_domain(env)
    registry = get_registry(env)
    gdoc = domain.glossary_doc()
    if app.builder.format == "html":
        for tip in doctree.findall(tooltip):
            slug = tip.get("ed_term")
            if slug and gdoc and slug in registry.terms:
                tip["refuri"] = app.builder.get_relative_uri(docname, gdoc) + "#" + registry.terms[slug].anchor
        for node in list(doctree.findall(term_ref)):
            term = registry.terms.get(node.get("term", ""))
            if term is None or not node.get("occ_id") or isinstance(node.parent, tooltip):
                continue
            parent, index = node.parent, node.parent.index(node)
            parent.remove(node)
            tip = make_tooltip(
                doctree, [node], tooltip_body_nodes(term), lang=node.lang,
                anchor_classes=["ed-term", f"ed-term-{node['script']}"], classes=["ed-term-tip"],
                refuri=(app.builder.get_relative_uri(docname, gdoc) + "#" + term.anchor) if gdoc else None,
            )
            if "tip_serial" in node:
                tip["tip_id"] = f"ed-tip-{node['tip_serial']}"
            tip["ids"].append(node["occ_id"])
            parent.insert(index, tip)
    if app.builder.format == "latex":
        for node in doctree.findall(term_ref):
            term = registry.terms.get(node.get("term", ""))
            if term is not None and node.get("occ_id") and gdoc:
                node["glossary_label"] = f"{gdoc}:{term.anchor}"
    for placeholder in list(doctree.findall(terms_glossary)):
        placeholder.replace_self(build_glossary(app, env, domain, registry, docname))
    # the PDF's index keeps the Cyrillic headwords: upmendex sorts them as Russian
    # (edition_common.latex_index)


def on_env_updated(app: Sphinx, env: BuildEnvironment) -> Iterable[str]:
    """Pages to rewrite without re-reading them: the glossary when the occurrences changed;
    every page when the registry changed (glosses are copied into tooltips, also by other
    extensions' listings)."""
    domain = get_domain(env)
    registry = get_registry(env)
    keep_search_index_entries(env, domain, registry)
    return pages_to_rewrite(domain, env, domain.glossary_doc(), domain.digest(),
                            registry.digest())


def keep_search_index_entries(env: BuildEnvironment, domain: TermsDomain, registry: Registry) -> None:
    """Put this extension's index entries into the environment's search-index store.

    Sphinx 9 fills ``env._search_index_index_entries`` while *writing* a page, after the
    environment has been pickled, so in an incremental build the index entries of every
    page that is not rewritten vanish from ``searchindex.js``.  The entries of the terms are
    known after reading; storing them here (before the pickle) keeps them.
    """
    store = getattr(env, "_search_index_index_entries", None)
    if store is None:
        return
    gdoc = domain.glossary_doc()
    for doc in sorted(env.found_docs):
        entries = {tuple(e) for e in domain.data.get("index_entries", {}).get(doc, [])}
        if doc == gdoc:
            for term in registry.terms.values():
                entries |= {(v, t, m) for (_, v, t, m, _) in index_entries(term, term.anchor, "main")["entries"]}
        others = [e for e in store.get(doc, []) if not str(e[1]).startswith("ru-")]
        if entries or others:
            store[doc] = sorted(set(map(tuple, others)) | entries)
    # Sphinx writes the entries in the store's order: make it independent of build history
    ordered = sorted(store.items())
    store.clear()
    store.update(ordered)


def on_check_consistency(app: Sphinx, env: BuildEnvironment) -> None:
    domain = get_domain(env)
    registry = get_registry(env)
    used = domain.used_terms()
    for term in registry.terms.values():
        if term.slug not in used:
            warn(logger, f"the registry term {term.ru!r} ({term.latin}) is never used in the text: "
                 "mark its occurrences with {ru}`…` or remove the entry",
                 type="terms", subtype="unused", location=registry.location(term))


# -- building the glossary -------------------------------------------------------------

def ru(text: str, term: Term) -> term_ref:
    return term_ref("", text, script="cyrl", term=term.slug)


def latn(text: str, term: Term) -> term_ref:
    return term_ref("", text, script="latn", term=term.slug)


def field(name: str, *body: nodes.Node) -> nodes.field:
    return nodes.field("", nodes.field_name("", name), nodes.field_body("", *body))


def intro(registry: Registry) -> nodes.paragraph:
    version = getattr(iuliia, "__version__", None)
    if version is None:
        from importlib.metadata import version as _v

        version = _v("iuliia")
    para = nodes.paragraph(classes=[EDITORIAL])
    para += nodes.Text(
        f"Transliterations are computed from the Cyrillic with iuliia {version}. "
        f"The edition’s normalised form follows {scheme_label(registry.scheme)} "
        f"(iuliia scheme “{registry.scheme}”); the scholarly form beside it follows "
        f"{scheme_label(registry.scholarly_scheme)} (“{registry.scholarly_scheme}”). "
        "Under “In the text” each entry gives the spellings the text itself uses, "
        "which the edition never changes."
    )
    return para


def occurrence_list(app: Sphinx, env: BuildEnvironment, domain: TermsDomain, term: Term,
                    fromdoc: str) -> nodes.Node:
    """Every occurrence of *term*, by page and section, ¶ linked (:func:`place_list`)."""
    places = ((doc, occ) for doc in reading_order(env)
              for occ in domain.occurrences.get(doc, []) if occ["term"] == term.slug)
    return place_list(app.builder, fromdoc, places, lambda doc: domain.page_label(env, doc),
                      classes=["ed-terms-occurrences"])


def build_glossary(app: Sphinx, env: BuildEnvironment, domain: TermsDomain, registry: Registry,
                   fromdoc: str) -> list[nodes.Node]:
    spellings_used: dict[str, dict[str, int]] = {}
    for doc in reading_order(env):
        for occ in domain.occurrences.get(doc, []):
            counts = spellings_used.setdefault(occ["term"], {})
            counts[occ["spelling"]] = counts.get(occ["spelling"], 0) + 1
    dl = nodes.definition_list(classes=["ed-terms-glossary", EDITORIAL])
    for term in sorted(registry.terms.values(), key=lambda t: russian_key(t.ru)):
        dt = nodes.term("", "", ids=[term.anchor])
        dt += ru(term.ru, term)
        dt += nodes.Text(" · ")
        dt += latn(term.latin, term)
        dd = nodes.definition()
        dd += index_entries(term, term.anchor, main="main")
        if term.gloss:
            dd += nodes.paragraph("", term.gloss, classes=["ed-terms-gloss"])
        fields = nodes.field_list()
        fields += field("Transliteration", nodes.paragraph(
            "", "", latn(term.latin, term), nodes.Text(f" ({scheme_label(registry.scheme)}); "),
            latn(term.scholarly, term), nodes.Text(f" ({scheme_label(registry.scholarly_scheme)})"),
        ))
        if term.commentary:
            fields += field("Commentary", nodes.paragraph("", term.commentary))
        used = spellings_used.get(term.slug, {})
        if used:
            para = nodes.paragraph()
            for i, (spelling, count) in enumerate(used.items()):
                if i:
                    para += nodes.Text(", ")
                para += term_ref("", spelling, script="cyrl" if any("\u0400" <= c <= "\u04ff" for c in spelling) else "latn", term=term.slug)
                para += nodes.Text(f" ({count}×)")
            fields += field("In the text", para)
        fields += field("Occurrences", occurrence_list(app, env, domain, term, fromdoc))
        dd += fields
        dl += nodes.definition_list_item("", dt, dd)
    return [intro(registry), dl]
