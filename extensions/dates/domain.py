"""The ``dates`` domain: the dates the edition marks, kept between documents.

Data per document (:class:`~edition_common.EditionDomain`):

* ``occurrences``: docname → the dates there, in document order: ``occ_id``, ``words``
  (as printed), ``iso`` and ``calendar`` (as given), ``first``/``last`` (the Gregorian days
  covered), ``tei`` (the attributes of TEI's ``<date>``: ``when``, ``when-custom``,
  ``datingMethod`` …, from :meth:`.model.MarkedDate.tei`), and the place
  (:mod:`edition_common.places`);
* ``chronology_pages``: docname → the line of its ``chronology`` directive.

Each date in running text is a ``pending_xref`` of type ``date`` whose target is its
chronology entry's anchor; :meth:`DatesDomain.resolve_date` links it there.
:meth:`DatesDomain.tei_dates` gives the TEI builder every date's attributes by occurrence
id, without parsing anything again.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from docutils import nodes
from sphinx.environment import BuildEnvironment

from edition_common import EditionDomain, reading_order
from edition_common.domain import link_to_entry


def anchor(first: str, last: str) -> str:
    """The id of a chronology entry: ``date-1917-03-12`` or ``date-1917-07-16--1917-07-17``."""
    return f"date-{first}" + (f"--{last}" if last != first else "")


class DatesDomain(EditionDomain):
    name = "dates"
    label = "Dates"
    per_doc = ("occurrences", "chronology_pages")
    initial_data: dict[str, Any] = {"occurrences": {}, "chronology_pages": {}, "written": ""}
    data_version = 1

    def chronology_doc(self) -> str | None:
        pages = self.data["chronology_pages"]
        return min(pages) if pages else None

    def in_reading_order(self, env: BuildEnvironment) -> Iterator[tuple[str, dict[str, Any]]]:
        for doc, records in self.in_order("occurrences", reading_order(env)):
            for record in records:
                yield doc, record

    def digest(self) -> str:
        occurrences = self.data["occurrences"]
        return self.digest_of("occurrences", sorted(occurrences), occurrences.__getitem__)

    def tei_dates(self) -> dict[str, dict[str, str]]:
        """occurrence id → the attributes of its TEI ``<date>``."""
        return {r["occ_id"]: r["tei"] for records in self.data["occurrences"].values()
                for r in records}

    def resolve_date(self, env: BuildEnvironment, fromdoc: str, builder: Any, typ: str,
                     target: str, node: Any, contnode: nodes.Element) -> nodes.Element:
        """A date: linked to its chronology entry (in HTML the popup's anchor)."""
        return link_to_entry(builder, fromdoc, self.chronology_doc(), target, contnode)


def get_domain(env: BuildEnvironment) -> DatesDomain:
    return env.get_domain("dates")  # type: ignore[return-value]
