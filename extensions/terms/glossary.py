"""The generated glossary, and the work done when a page is written.

* :class:`BuildGlossary`: in every builder the ``terms-glossary`` placeholder becomes the
  glossary: one entry per registry term in Russian alphabetical order, with the Cyrillic,
  both transliterations, the gloss, the commentary, the spellings the text uses and every
  occurrence, linked back to it (references of the ``terms`` domain) and grouped by page
  (in reading order) and section.  (Each occurrence itself is a reference of the domain,
  linked to its entry: :meth:`.domain.TermsDomain.resolve_term`.)
* :class:`LatinIndexEntriesInLatex`: LaTeX's index lists the terms under their Latin form.
* :func:`on_env_updated`: asks Sphinx to rewrite the glossary page whenever the
  occurrences changed, without re-reading any page.
* :func:`on_check_consistency`: ``terms.unused`` for a registry term that the text never uses.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import iuliia
from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging

from edition_common import EDITORIAL, Warn, _, add_tip_sources, pending_ref, warn
from edition_common import reading_order as edition_reading_order

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


class LatinIndexEntriesInLatex(SphinxPostTransform):
    """LaTeX: makeindex (Sphinx's LaTeX index without xindy) splits UTF-8 Cyrillic into
    bytes and breaks the PDF: there the terms are indexed under their Latin form only,
    which names the Cyrillic."""

    default_priority = 20
    formats = ("latex",)

    def run(self, **kwargs: Any) -> None:
        for index in self.document.findall(addnodes.index):
            index["entries"] = [
                e for e in index["entries"]
                if not (str(e[2]).startswith("ru-") and CYRILLIC.match(e[1]))
            ]


def on_env_updated(app: Sphinx, env: BuildEnvironment) -> Iterable[str]:
    """Pages to rewrite without re-reading them: the glossary when the occurrences changed;
    every page when the registry changed (glosses are copied into tooltips, also by other
    extensions' listings)."""
    domain = get_domain(env)
    registry = get_registry(env)
    keep_search_index_entries(env, domain, registry)
    digest = domain.digest()
    gdoc = domain.glossary_doc()
    rewrite: list[str] = []
    if gdoc and digest != domain.data["written"]:
        rewrite.append(gdoc)
    domain.data["written"] = digest
    registry_digest = registry.digest()
    if domain.data.get("registry_digest") not in (None, registry_digest):
        rewrite.extend(sorted(env.found_docs))
    domain.data["registry_digest"] = registry_digest
    return rewrite


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
            warn(logger, Warn.TERMS_UNUSED,
                 f"the registry term {term.ru!r} ({term.latin}) is never used in the text: "
                 "mark its occurrences with {ru}`…` or remove the entry",
                 location=registry.location(term))


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
    para += nodes.Text(_(
        "Transliterations are computed from the Cyrillic with iuliia {version}. "
        "The edition’s normalised form follows {scheme} (iuliia scheme “{name}”); the "
        "scholarly form beside it follows {scholarly} (“{scholarly_name}”). Under “In the "
        "text” each entry gives the spellings the text itself uses, which the edition never "
        "changes.").format(
            version=version, scheme=scheme_label(registry.scheme), name=registry.scheme,
            scholarly=scheme_label(registry.scholarly_scheme),
            scholarly_name=registry.scholarly_scheme))
    return para


def occurrence_list(env: BuildEnvironment, domain: TermsDomain,
                    occurrences: list[tuple[str, dict[str, Any]]]) -> nodes.Node:
    """A term's occurrences ``(docname, record)``, grouped by page and section."""
    groups: list[tuple[str, str, list[dict[str, Any]]]] = []  # (doc, section label, occurrences)
    for doc, occ in occurrences:
        if occ["top"] and not occ["heading"]:
            label = _("opening")
        elif occ["section"] and occ.get("titled", True):
            label = "“" + occ["section"] + "”"
        else:
            label = occ["section"]
        if groups and groups[-1][0] == doc and groups[-1][1] == label:
            groups[-1][2].append(occ)
        else:
            groups.append((doc, label, [occ]))
    if not groups:
        return nodes.paragraph("", _("none"))
    items = nodes.bullet_list(classes=["ed-terms-occurrences"])
    for doc, label, occs in groups:
        para = nodes.paragraph()
        para += nodes.Text(domain.page_label(env, doc))
        if label:
            para += nodes.Text(", " + label)
        para += nodes.Text(": ")
        per_para: dict[int, int] = {}
        for i, occ in enumerate(occs):
            if i:
                para += nodes.Text(", ")
            if occ["heading"]:
                text = _("heading")
            else:
                per_para[occ["para"]] = per_para.get(occ["para"], 0) + 1
                k = per_para[occ["para"]]
                text = f"¶ {occ['para']}" + ("" if k == 1 else chr(ord("a") + k - 1))
            para += pending_ref("terms", "occurrence", f"{doc}#{occ['occ_id']}", nodes.Text(text),
                                snippet=occ["snippet"],
                                section_id=occ["section_id"] if occ["heading"] else "")
        items += nodes.list_item("", para)
    return items


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
