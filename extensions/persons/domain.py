"""The ``persons`` domain: the occurrences of persons, kept between documents.

Data per document (:class:`~edition_common.EditionDomain`: purged and merged per document):

* ``occurrences``: docname → the occurrences there, in document order: ``person`` (key),
  ``occ_id``, ``spelling`` (the text's words), and the place
  (:mod:`edition_common.places`: ``section``, ``para``, ``heading``, ``editorial`` (in
  the editors' matter, not the text), ``note_key`` (the editorial note) …);
* ``index_pages``: docname → the line of its ``persons-index`` directive.

The registry is not document data: it is read at the start of every build; every page
that marks a person depends on the file.

References: each mark is a ``pending_xref`` of type ``person`` whose target is the key;
:meth:`PersonsDomain.resolve_person` links it to the person's entry in the index (in HTML
with a popup naming the person).  What the TEI builder needs is here, without parsing:
:meth:`PersonsDomain.persons_for_tei` gives each person with the standard form, the
Cyrillic form, life dates as ISO dates and the authority URIs (``listPerson``), and each
occurrence has its ``occ_id`` and key (``persName ref``).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.domains import ObjType
from sphinx.environment import BuildEnvironment

from edition_common import EditionDomain, reading_order
from edition_common.domain import link_to_entry

from .nodes import person_ref
from .registry import AUTHORITIES, Registry, load_registry


class PersonsDomain(EditionDomain):
    name = "persons"
    label = "Persons"
    object_types = {"person": ObjType("person", "person")}
    per_doc = ("occurrences", "index_pages")
    initial_data: dict[str, Any] = {"occurrences": {}, "index_pages": {}, "written": ""}
    data_version = 1
    registry: Registry | None = None

    def index_doc(self) -> str | None:
        pages = self.data["index_pages"]
        return min(pages) if pages else None

    def in_reading_order(self, env: BuildEnvironment) -> Iterator[tuple[str, dict[str, Any]]]:
        """Every occurrence ``(docname, record)``, pages in reading order."""
        for doc, records in self.in_order("occurrences", reading_order(env)):
            for record in records:
                yield doc, record

    def used(self) -> set[str]:
        return {r["person"] for records in self.data["occurrences"].values() for r in records}

    def digest(self) -> str:
        occurrences = self.data["occurrences"]
        return self.digest_of("occurrences", sorted(occurrences), occurrences.__getitem__)

    def get_objects(self) -> Iterator[tuple[str, str, str, str, str, int]]:
        doc = self.index_doc()
        if doc is None or self.registry is None:
            return
        for person in self.registry.persons.values():
            yield person.key, person.name, "person", doc, person.anchor, 1

    # -- references ----------------------------------------------------------------------
    def resolve_person(self, env: BuildEnvironment, fromdoc: str, builder: Any, typ: str,
                       target: str, node: Any, contnode: nodes.Element) -> nodes.Element:
        """A mark: its link to the entry (in HTML the popup's anchor), or its words alone
        when no page holds the index."""
        doc = self.index_doc()
        person = get_registry(env).persons.get(target)
        if person is None:
            return contnode
        for ref in contnode.findall(person_ref):
            ref["index_label"] = f"{doc}:{person.anchor}" if doc else ""  # LaTeX
        return link_to_entry(builder, fromdoc, doc, person.anchor, contnode, person.name)

    # -- for the TEI builder -------------------------------------------------------------
    def persons_for_tei(self, env: BuildEnvironment) -> list[dict[str, Any]]:
        """Each person as TEI's ``listPerson/person`` needs it: ``xml_id``, ``name``,
        ``ru``, ``birth``/``death`` (ISO, with ``cert="low"`` for a circa or doubtful
        date), ``note`` (the identification) and ``idno`` (authority → URI)."""
        out = []
        for person in get_registry(env).persons.values():
            dates = {}
            for which, date in (("birth", person.born), ("death", person.died)):
                if date is not None:
                    dates[which] = {"when": date.iso, "cert": "low" if date.circa or
                                    date.doubtful else "high"}
            out.append({"xml_id": person.anchor, "key": person.key, "name": person.name,
                        "ru": person.ru, **dates, "note": person.about,
                        "idno": {a: AUTHORITIES[a][2].format(i) for a, i in person.ids.items()}})
        return out


def get_domain(env: BuildEnvironment) -> PersonsDomain:
    return env.get_domain("persons")  # type: ignore[return-value]


def registry_path(env: BuildEnvironment) -> Path:
    return (Path(env.srcdir) / env.config.persons_registry).resolve()


def get_registry(env: BuildEnvironment) -> Registry:
    """The registry read at the start of this build (read now if not yet)."""
    domain = get_domain(env)
    if domain.registry is None:
        domain.registry = load_registry(registry_path(env))
    return domain.registry
