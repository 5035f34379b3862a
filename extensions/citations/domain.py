"""Cross-document citation data: every citation of every document, with its place.

sphinxcontrib-bibtex keeps back-references only within one document; this domain
(``edcite``) records, for each document, every :class:`~.nodes.cite_as` in it — its
anchor id, keys and locators, the author's words, the source line, and its place (page,
section, paragraph or note) — and which documents hold a works-cited list.  The data is
collected at read time, so it survives incremental and parallel builds: ``clear_doc``
forgets a re-read document, ``merge_domaindata`` brings in what parallel readers found.
The lookup command (``python -m citations.lookup``) reads the same data.
"""

from __future__ import annotations

from typing import Any, Iterable, TypedDict

from sphinx.domains import Domain


class Place(TypedDict):
    id: str          # anchor id in the document ("cite-ref-3")
    docname: str
    line: int
    targets: list[tuple[str, str]]  # (key, normalised locator or "")
    words: str       # the author's words ("" for an editorial citation)
    page: str        # the page's title
    section: str     # the section's title ("" before the first section)
    block: str       # "¶ 3", "note 4", "comment 2, ¶ 5"


class CitationsDomain(Domain):
    name = "edcite"
    label = "Edition citations"
    data_version = 1
    initial_data: dict[str, Any] = {
        "places": {},       # docname → list[Place] in document order
        "works_cited": {},  # docname → list of the works-cited list kinds on that page
    }

    @property
    def places(self) -> dict[str, list[Place]]:
        return self.data["places"]

    @property
    def works_cited(self) -> dict[str, list[str]]:
        return self.data["works_cited"]

    def clear_doc(self, docname: str) -> None:
        self.places.pop(docname, None)
        self.works_cited.pop(docname, None)

    def merge_domaindata(self, docnames: Iterable[str], otherdata: dict[str, Any]) -> None:
        for docname in docnames:
            if docname in otherdata["places"]:
                self.places[docname] = otherdata["places"][docname]
            if docname in otherdata["works_cited"]:
                self.works_cited[docname] = otherdata["works_cited"][docname]

    def add_place(self, place: Place) -> None:
        self.places.setdefault(place["docname"], []).append(place)

    def cited_keys(self) -> set[str]:
        return {key for places in self.places.values() for p in places for key, _ in p["targets"]}

    def places_of(self, key: str, doc_order: list[str]) -> list[Place]:
        order = {d: i for i, d in enumerate(doc_order)}
        found = [p for places in self.places.values() for p in places
                 if any(k == key for k, _ in p["targets"])]
        return sorted(found, key=lambda p: (order.get(p["docname"], len(order)), p["docname"], p["line"]))

    def works_cited_doc(self, doc_order: list[str]) -> str | None:
        """The page with the works-cited list (the first, in reading order)."""
        docs = [d for d, kinds in self.works_cited.items() if "cited" in kinds]
        order = {d: i for i, d in enumerate(doc_order)}
        return min(docs, key=lambda d: (order.get(d, len(order)), d)) if docs else None

    def resolve_any_xref(self, *args: Any, **kwargs: Any) -> list:
        return []
