"""The ``terms`` domain: where the occurrences of Russian terms are kept between documents.

Data (pickled with the environment, merged after a parallel read, purged per document):

* ``occurrences``: docname → list of occurrence records, in document order
  (``term``, ``occ_id``, ``spelling``, ``section``, ``section_id``, ``top``, ``para``,
  ``heading``, ``snippet``, ``line``);
* ``glossaries``: docname → line of a ``terms-glossary`` directive;
* ``written``: digest of the occurrences when the glossary was last written (the
  ``env-updated`` handler asks for the glossary to be rewritten when it changes).

The registry itself is not document data: it is read from its file at the start of every
build (:func:`get_registry`) and every document that marks a term depends on the file.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.domains import ObjType
from sphinx.environment import BuildEnvironment

from edition_common import EditionDomain, make_tooltip

from .nodes import term_ref
from .registry import Registry, load_registry


class TermsDomain(EditionDomain):
    name = "terms"
    label = "Russian terms"
    object_types = {"term": ObjType("Russian term", "term")}
    per_doc = ("occurrences", "glossaries", "index_entries")
    initial_data: dict[str, Any] = {
        "occurrences": {},
        "glossaries": {},
        "index_entries": {},
        "written": "",
    }
    data_version = 3
    registry: Registry | None = None

    @property
    def occurrences(self) -> dict[str, list[dict[str, Any]]]:
        return self.data["occurrences"]

    @property
    def glossaries(self) -> dict[str, int]:
        return self.data["glossaries"]

    # -- references ------------------------------------------------------------------
    def resolve_term(self, env: BuildEnvironment, fromdoc: str, builder: Any, typ: str,
                     slug: str, node: nodes.Element,
                     contnode: nodes.Element) -> nodes.Element | None:
        """An occurrence (*contnode*, the :class:`term_ref`), linked to its glossary entry:
        in HTML the shared tooltip (Cyrillic, transliteration, gloss); in LaTeX the term
        with the label of its entry (``\\edTerm``); elsewhere the term."""
        term = get_registry(env).terms.get(slug)
        if term is None or not isinstance(contnode, term_ref):
            return None
        gdoc = self.glossary_doc()
        if builder.format == "html":
            # the popup shows the term's gloss, given once on the page (GlossesOfThePage)
            uri = builder.get_relative_uri(fromdoc, gdoc) + "#" + term.anchor if gdoc else None
            tip = make_tooltip(None, [contnode], described_by=gloss_id(term), lang=contnode.lang,
                               refuri=uri, classes=["ed-term-tip"],
                               anchor_classes=["ed-term", f"ed-term-{contnode['script']}"])
            tip["ed_term"] = slug
            return tip
        if builder.format == "latex" and gdoc:
            contnode["glossary_label"] = f"{gdoc}:{term.anchor}"
        contnode["occurrence"] = True
        return contnode

    def glossary_doc(self) -> str | None:
        return min(self.glossaries) if self.glossaries else None

    def get_objects(self) -> Iterator[tuple[str, str, str, str, str, int]]:
        doc = self.glossary_doc()
        if doc is None or self.registry is None:
            return
        for term in self.registry.terms.values():
            yield term.latin, f"{term.ru} ({term.latin})", "term", doc, term.anchor, 1

    def used_terms(self) -> set[str]:
        return {o["term"] for occs in self.occurrences.values() for o in occs}

    def digest(self) -> str:
        """What the glossary shows of the occurrences (not their source lines)."""
        occurrences = self.occurrences
        return self.digest_of("occurrences", sorted(occurrences), lambda doc: [
            {k: v for k, v in occ.items() if k != "line"} for occ in occurrences[doc]])


def gloss_id(term: Any) -> str:
    """The id of a term's gloss among a page's hidden popup texts."""
    return f"ed-gloss-{term.slug}"


def get_domain(env: BuildEnvironment) -> TermsDomain:
    return env.get_domain("terms")  # type: ignore[return-value]


def get_registry(env: BuildEnvironment) -> Registry:
    """The registry read at the start of this build (read now if not yet)."""
    domain = get_domain(env)
    if domain.registry is None:
        domain.registry = read_registry(env)
    return domain.registry


def registry_path(env: BuildEnvironment) -> Path:
    return (Path(env.srcdir) / env.config.terms_registry).resolve()


def read_registry(env: BuildEnvironment) -> Registry:
    return load_registry(
        registry_path(env), env.config.terms_transliteration,
        env.config.terms_scholarly_transliteration, env.config.terms_registry_max_bytes,
    )
