"""The ``date`` role: a date as the text prints it, with the date as data.

``{date}`27 February, 1917 <1917-02-27 julian>``` shows the words exactly as typed and
gives the date in its calendar (see :mod:`.model` for the target: a day, a month, a year
or a span; ``julian`` or ``gregorian``; optionally ``popup``, ``note`` or ``plain``).
A target that cannot be read or a date that cannot exist is reported by the transform,
at its line; the words are kept.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.util.docutils import SphinxRole

from edition_common.roles import split_target

from .model import DateError, parse
from .nodes import date_ref


class DateRole(SphinxRole):
    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        text, target = split_target(self.text)
        node = date_ref(self.rawtext, text)
        self.set_source_info(node)
        if target is None:
            node["error"] = ("bad_target", f"the date {text!r} has no <YYYY-MM-DD calendar> "
                             f"after its words: write {{date}}`{text} <1917-02-27 julian>`")
            return [node], []
        try:
            date = parse(target, self.config.dates_display)
        except DateError as exc:
            node["error"] = (exc.subtype, f"{text!r}: {exc}")
            return [node], []
        first, last = date.gregorian_span()
        for name, value in (("iso", date.iso()), ("calendar", date.calendar),
                            ("display", date.display), ("gregorian", date.gregorian_iso() or ""),
                            ("first", first), ("last", last)):
            node[name] = value
        return [node], []
