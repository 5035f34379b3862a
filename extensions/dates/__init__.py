"""Dates as data: the ``date`` role, both calendars computed, a generated chronology.

* the role ``date`` (:mod:`.roles`, :mod:`.model`): ``{date}`27 February, 1917
  <1917-02-27 julian>``` marks a date where the text, a note, a comment or an editorial
  note prints it, and gives it in its calendar (``julian``, Old Style, or ``gregorian``,
  New Style): a day, a month, a year or a span; the other calendar is computed with
  convertdate and shown as the editors choose (``popup``, ``note`` or ``plain``; default
  ``dates_display``); the words never change;
* HTML (:mod:`.writers`): ``<time datetime="1917-03-12">`` (the Gregorian ISO date) where
  one Gregorian date names it, else the Gregorian days it covers as ``data-from`` and
  ``data-to``;
* the domain (:mod:`.domain`): every date with its place and the attributes of TEI's
  ``<date>`` (``when``, ``when-custom``, ``datingMethod``, ``notBefore`` …);
* the chronology (:mod:`.directives`, :mod:`.chronology`): ``chronology`` lists every
  date in order, in both calendars, with the mentions and their places, linked.

Warnings (all ``dates.*``, with file and line): ``bad_target``, ``impossible``,
``late_julian``, ``no_chronology``.
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx

from edition_common import add_node, add_static_dir

from . import writers
from .chronology import BuildChronology, on_check_consistency, on_env_updated
from .directives import ChronologyDirective
from .domain import DatesDomain
from .nodes import chronology, date_ref
from .roles import DateRole
from .transforms import DateOccurrences


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("edition_common")
    # how the other calendar is shown when the role does not say: popup, note or plain
    app.add_config_value("dates_display", "popup", "env", types=frozenset({str}))
    app.add_domain(DatesDomain)
    add_node(app, date_ref, html=(writers.visit_date_ref_html, writers.depart_date_ref_html),
             latex=(writers.visit_date_ref_latex, None))
    add_node(app, chronology, default="skip")
    app.add_role("date", DateRole())
    app.add_directive("chronology", ChronologyDirective)
    app.add_transform(DateOccurrences)
    app.add_post_transform(BuildChronology)
    app.connect("env-updated", on_env_updated)
    app.connect("env-check-consistency", on_check_consistency)
    add_static_dir(app, __file__, css=["dates.css"])
    return {
        "version": "1.0",
        "env_version": 1,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
