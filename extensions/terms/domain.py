"""The ``terms`` domain: where the occurrences of Russian terms are kept between documents.

Data (pickled with the environment, merged after a parallel read, purged per document):

* ``occurrences``: docname → list of occurrence records, in document order
  (``term``, ``occ_id``, ``spelling``, ``section``, ``section_id``, ``top``, ``para``,
  ``heading``, ``snippet``, ``line``);
* ``glossaries``: docname → line of a ``terms-glossary`` directive;
* ``toc_labels``: docname → {included docname: explicit toctree title};
* ``written``: digest of the occurrences when the glossary was last written (the
  ``env-updated`` handler asks for the glossary to be rewritten when it changes).

The registry itself is not document data: it is read from its file at the start of every
build (:func:`get_registry`) and every document that marks a term depends on the file.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.domains import Domain, ObjType
from sphinx.environment import BuildEnvironment

from .registry import Registry, load_registry


class TermsDomain(Domain):
    name = "terms"
    label = "Russian terms"
    object_types = {"term": ObjType("Russian term", "term")}
    initial_data: dict[str, Any] = {
        "occurrences": {},
        "glossaries": {},
        "toc_labels": {},
        "index_entries": {},
        "written": "",
    }
    data_version = 1
    registry: Registry | None = None

    @property
    def occurrences(self) -> dict[str, list[dict[str, Any]]]:
        return self.data["occurrences"]

    @property
    def glossaries(self) -> dict[str, int]:
        return self.data["glossaries"]

    def clear_doc(self, docname: str) -> None:
        for key in ("occurrences", "glossaries", "toc_labels", "index_entries"):
            self.data.setdefault(key, {}).pop(docname, None)

    def merge_domaindata(self, docnames: Iterable[str], otherdata: dict[str, Any]) -> None:
        for docname in docnames:
            for key in ("occurrences", "glossaries", "toc_labels", "index_entries"):
                if docname in otherdata.get(key, {}):
                    self.data.setdefault(key, {})
                    self.data[key][docname] = otherdata[key][docname]

    def process_doc(self, env: BuildEnvironment, docname: str, document: nodes.document) -> None:
        pass  # the occurrences are recorded by transforms.TermOccurrences

    def resolve_xref(self, *args: Any, **kwargs: Any) -> None:
        return None

    def resolve_any_xref(self, *args: Any, **kwargs: Any) -> list[Any]:
        return []

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
        payload = json.dumps(
            [self.occurrences, self.toc_labels_sorted()], sort_keys=True, ensure_ascii=False
        )
        return hashlib.sha256(payload.encode()).hexdigest()

    def toc_labels_sorted(self) -> dict[str, dict[str, str]]:
        return {k: dict(sorted(v.items())) for k, v in sorted(self.data["toc_labels"].items())}

    def page_label(self, env: BuildEnvironment, docname: str) -> str:
        for labels in self.data["toc_labels"].values():
            if labels.get(docname):
                return labels[docname]
        title = env.titles.get(docname)
        return title.astext() if title is not None else docname


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
