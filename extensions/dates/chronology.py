"""The generated chronology, and what is done when pages are resolved.

* :class:`BuildChronology`: the ``chronology`` placeholder becomes the chronology: every
  date the edition marks, in order of the Gregorian days it covers, one entry per date
  (the same day given Old Style and New Style is one entry), with the date in both
  calendars (a New Style date from 14 February 1918, when Russia had gone over to the
  Gregorian calendar, in that calendar only) and every mention: its place, linked (the
  description of :func:`edition_common.places.place_list`), and the words of the text
  around it.
* :func:`on_env_updated`: the chronology is rewritten, without re-reading any page, when
  the dates change.
* :func:`on_check_consistency`: ``dates.no_chronology`` when dates are marked and no page
  holds the chronology.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging

from edition_common import EDITORIAL, Warn, warn
from edition_common.domain import pages_to_rewrite
from edition_common.places import listing_digest, page_namer, place_list

from .domain import anchor, get_domain
from .model import STYLE, parse
from .nodes import chronology

logger = logging.getLogger(__name__)


class BuildChronology(SphinxPostTransform):
    """``chronology`` becomes the chronology when its page is written (every builder);
    before Sphinx resolves references, so that the links to the places are references of
    this page (``occurrence``, :meth:`edition_common.EditionDomain.resolve_occurrence`)."""

    default_priority = 5

    def run(self, **kwargs: Any) -> None:
        for placeholder in list(self.document.findall(chronology)):
            placeholder.replace_self(build_chronology(self.env))


def on_env_updated(app: Sphinx, env: BuildEnvironment) -> Iterable[str]:
    domain = get_domain(env)
    digest = listing_digest(env, domain.digest(), domain.data["occurrences"])
    return pages_to_rewrite(domain, env, domain.chronology_doc(), digest, "")


def on_check_consistency(app: Sphinx, env: BuildEnvironment) -> None:
    domain = get_domain(env)
    first = next(iter(domain.in_reading_order(env)), None)
    if first is not None and domain.chronology_doc() is None:
        warn(logger, Warn.DATES_NO_CHRONOLOGY,
             "dates are marked but no page holds the chronology: add ```{chronology}``` to a "
             "page of the back matter", location=(first[0], first[1]["line"] or None))


def both_calendars(record: dict[str, Any]) -> str:
    """"12 March 1917 N.S. · 27 February 1917 O.S.": New Style first (the order); a New
    Style date from 14 February 1918, when Russia had gone over to it, alone ("28 April 1918
    N.S.")."""
    date = parse(f"{record['iso']} {record['calendar']}")
    calendars = ("gregorian", "julian") if (date.calendar == "julian" or
                                            date.before_reform()) else ("gregorian",)
    return " · ".join(f"{date.printed(cal)} {STYLE[cal]}" for cal in calendars)


def build_chronology(env: BuildEnvironment) -> list[nodes.Node]:
    groups: dict[tuple[str, str], list[tuple[str, dict[str, Any]]]] = {}
    for doc, record in get_domain(env).in_reading_order(env):
        groups.setdefault((record["first"], record["last"]), []).append((doc, record))
    dl = nodes.definition_list(classes=["ed-chronology", EDITORIAL])
    name_page = page_namer(env)
    for (first, last), records in sorted(groups.items()):
        dt = nodes.term("", "", ids=[anchor(first, last)])
        dt += nodes.strong("", both_calendars(records[0][1]))
        dd = nodes.definition()
        mentions = nodes.bullet_list(classes=["ed-chronology-places"])
        seen: set[tuple[Any, ...]] = set()
        for doc, record in records:
            # one mention per paragraph ("27 February 1917 O.S. = 12 March 1917 N.S.")
            where = (doc, record["section_id"], record["note_key"], record["para"],
                     record["heading"])
            if where in seen:
                continue
            seen.add(where)
            # the place as every index names it, then the words around the date
            place = place_list("dates", env, [(doc, record)], name_page)
            para = next(place.findall(nodes.paragraph))
            para += nodes.Text(" — ")
            para += nodes.emphasis("", record["snippet"])
            mentions += nodes.list_item("", para)
        dd += mentions
        dl += nodes.definition_list_item("", dt, dd)
    if not groups:
        return [nodes.paragraph("", "The edition marks no dates.", classes=[EDITORIAL])]
    return [dl]
