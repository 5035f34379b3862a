"""Read-time work on each page that marks dates (a transform: it runs in the reading
process, also in a parallel read).

:class:`DateOccurrences` reports a date that cannot be read or cannot exist
(``dates.bad_target``, ``dates.impossible``) and a Julian date after 31 January 1918
(``dates.late_julian``), each at its line; records every date with its place
(:mod:`edition_common.places`) and what TEI needs; and, by the display chosen, adds the
other calendar: in a popup (the shared tooltip, linked to the date's chronology entry)
or in parentheses after the words as the editors' matter (``note``).  The words are never
changed.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.transforms import SphinxTransform
from sphinx.util import logging

from edition_common import EDITORIAL, Popup, Warn, make_tooltip, pending_ref, warn
from edition_common.places import Places, ancestors

from .domain import anchor, get_domain
from .model import MarkedDate, parse
from .nodes import chronology, date_ref

logger = logging.getLogger(__name__)


def marked_date(node: date_ref) -> MarkedDate:
    """The date a (valid) mark holds, read again from its attributes."""
    return parse(f"{node['iso']} {node['calendar']} {node['display']}")


class DateOccurrences(SphinxTransform):
    default_priority = 841

    def apply(self, **kwargs: Any) -> None:
        env = self.env
        docname = env.current_document.docname
        domain = get_domain(env)
        domain.note_placeholders(env, self.document, chronology, "chronology_pages")
        marks = [m for m in self.document.findall(date_ref)
                 if not any(isinstance(a, Popup) for a in ancestors(m))]
        if not marks:
            return
        places = Places(self.document)
        records = []
        shown: list[tuple[date_ref, MarkedDate]] = []
        for node in marks:  # every place first, before the tree changes
            where = (docname, places.line(places.container(node), node))
            if node.get("error"):
                subtype, message = node["error"]
                code = Warn.DATES_IMPOSSIBLE if subtype == "impossible" else Warn.DATES_BAD_TARGET
                warn(logger, code, message, location=where)
                continue
            date = marked_date(node)
            if date.late_julian():
                warn(logger, Warn.DATES_LATE_JULIAN,
                     f"{node.astext()!r} is given as a Julian (Old Style) date, {date.iso()}, "
                     "after 31 January 1918, when Soviet Russia had gone over to the Gregorian "
                     "calendar: check the date, or mark it gregorian", location=where)
            # the page in the id: the editorial notes' marks are copied into their listing,
            # beside those of the other pages
            place, occ_id = places.mark(node, env, f"date-occ-{nodes.make_id(docname)}")
            if date.display == "note":
                # the snippet reads as the page does: the other calendar after the words
                words = node.astext()
                place["snippet"] = place["snippet"].replace(words, f"{words} {date.note()}", 1)
            if not place["heading"]:  # a heading's copies in the contents get no popup
                shown.append((node, date))
            records.append({"occ_id": occ_id, "words": node.astext(), "iso": date.iso(),
                            "calendar": date.calendar, "first": node["first"],
                            "last": node["last"], "tei": date.tei(), **place})
        for node, date in shown:
            parent, index = node.parent, node.parent.index(node)
            if date.display == "note":
                parent.insert(index + 1, nodes.inline(
                    "", " " + date.note(), classes=[EDITORIAL, "ed-date-note"]))
            if date.display == "popup":
                parent.remove(node)
                tip = make_tooltip(self.document, [node], [nodes.Text(date.popup())],
                                   anchor_classes=["ed-date"], classes=["ed-date-tip"])
                parent.insert(index, pending_ref("dates", "date",
                                                 anchor(node["first"], node["last"]), tip))
        domain.set_doc_data("occurrences", docname, records)

