"""Dates in two calendars: parsing the role's target, converting, checking, printing.

A target is ``DATE CALENDAR [DISPLAY]``:

* ``DATE``: ``YYYY-MM-DD``, ``YYYY-MM`` (a month), ``YYYY`` (a year), or two of them of the
  same precision joined by ``/`` (a span: ``1917-07-03/1917-07-04``);
* ``CALENDAR``: ``julian`` (Old Style) or ``gregorian`` (New Style);
* ``DISPLAY`` (optional; default ``dates_display``): ``popup`` (the other calendar in a
  popup), ``note`` (the other calendar in parentheses after the words, as the editors'
  matter: "(12 March N.S.)") or ``plain`` (nothing shown).

Conversions are computed with convertdate (``julian.to_gregorian``/``from_gregorian``):
a day converts to a day, a month or a year to the span of days it covers.  Checks:
an impossible date (``dates.impossible``: 30 February, month 13, a span that ends before
it starts); a Julian date after 31 January 1918 (``dates.late_julian``: Soviet Russia went
over to the Gregorian calendar, 31 January 1918 O.S. being followed by 14 February 1918
N.S.).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from convertdate import gregorian, julian

CALENDARS = ("julian", "gregorian")
DISPLAYS = ("popup", "note", "plain")
OTHER = {"julian": "gregorian", "gregorian": "julian"}
STYLE = {"julian": "O.S.", "gregorian": "N.S."}
NAMES = {"julian": "Old Style (Julian calendar)", "gregorian": "New Style (Gregorian calendar)"}
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
#: the last day Soviet Russia reckoned by the Julian calendar (decree of 24 January 1918)
LAST_JULIAN = (1918, 1, 31)
#: the day that followed it, the first that Russia reckoned by the Gregorian calendar
FIRST_GREGORIAN = (1918, 2, 14)

PART = r"\d{4}(?:-\d{1,2}(?:-\d{1,2})?)?"
TARGET = re.compile(rf"^(?P<date>{PART}(?:/{PART})?)\s+(?P<calendar>\S+)(?:\s+(?P<display>\S+))?$")

Day = tuple[int, int, int]


class DateError(ValueError):
    """A target that cannot be read (``bad_target``) or a date that cannot exist
    (``impossible``): :attr:`subtype` says which."""

    def __init__(self, subtype: str, message: str) -> None:
        super().__init__(message)
        self.subtype = subtype


def _module(calendar: str):
    return julian if calendar == "julian" else gregorian


def _to(day: Day, source: str, target: str) -> Day:
    if source == target:
        return day
    if source == "julian":
        return julian.to_gregorian(*day)
    return julian.from_gregorian(*day)


@dataclass(frozen=True)
class Point:
    """A day, a month or a year in one calendar (``month``/``day`` 0 when absent)."""

    year: int
    month: int = 0
    day: int = 0

    @property
    def precision(self) -> str:
        return "day" if self.day else "month" if self.month else "year"

    def iso(self) -> str:
        out = f"{self.year:04d}"
        if self.month:
            out += f"-{self.month:02d}"
        if self.day:
            out += f"-{self.day:02d}"
        return out

    def first(self) -> Day:
        return (self.year, self.month or 1, self.day or 1)

    def last(self, calendar: str) -> Day:
        if self.day:
            return (self.year, self.month, self.day)
        month = self.month or 12
        return (self.year, month, _module(calendar).month_length(self.year, month))


def _point(text: str, calendar: str) -> Point:
    parts = [int(p) for p in text.split("-")]
    if 0 in parts[1:]:
        raise DateError("impossible", f"{text}: there is no month or day 0")
    point = Point(*parts)
    if point.year < 1:
        raise DateError("impossible", f"the year {point.year} does not exist")
    if point.month and not 1 <= point.month <= 12:
        raise DateError("impossible", f"{text}: there is no month {point.month}")
    if point.day:
        length = _module(calendar).month_length(point.year, point.month)
        if not 1 <= point.day <= length:
            raise DateError("impossible", f"{text}: {MONTHS[point.month - 1]} {point.year} has "
                            f"{length} days in the {calendar} calendar")
    return point


@dataclass(frozen=True)
class MarkedDate:
    """A date (or a span) as the role gives it: in its calendar, with the display chosen."""

    start: Point
    end: Point | None
    calendar: str
    display: str

    # -- the date in its own calendar ------------------------------------------------------
    def iso(self) -> str:
        """As given: ``1917-02-27``, ``1917-04``, ``1917-07-03/1917-07-04``."""
        return self.start.iso() + (f"/{self.end.iso()}" if self.end else "")

    def days(self, calendar: str | None = None) -> tuple[Day, Day]:
        """The first and last day covered, in *calendar* (default: its own)."""
        last = (self.end or self.start).last(self.calendar)
        target = calendar or self.calendar
        return _to(self.start.first(), self.calendar, target), _to(last, self.calendar, target)

    def exact_in(self, calendar: str) -> bool:
        """Whether the date is one point of *calendar* (a day, or a month/year of its own
        calendar), so that an ISO date of that calendar names it exactly."""
        return self.end is None and (self.start.day > 0 or calendar == self.calendar)

    # -- what HTML and TEI need ------------------------------------------------------------
    def gregorian_iso(self) -> str | None:
        """The Gregorian ISO date of ``<time datetime>`` and TEI's ``when``, when exact."""
        if not self.exact_in("gregorian"):
            return None
        if self.calendar == "gregorian":
            return self.start.iso()
        y, m, d = self.days("gregorian")[0]
        return f"{y:04d}-{m:02d}-{d:02d}"

    def gregorian_span(self) -> tuple[str, str]:
        """The first and last Gregorian day (TEI's ``notBefore``/``notAfter``, ``from``/``to``)."""
        return tuple(f"{y:04d}-{m:02d}-{d:02d}" for y, m, d in self.days("gregorian"))  # type: ignore[return-value]

    def tei(self) -> dict[str, str]:
        """The attributes of TEI's ``<date>``: ``when`` (Gregorian) where exact, else
        ``from``/``to`` (a span) or ``notBefore``/``notAfter`` (a month or year of the
        Julian calendar); for a Julian date ``when-custom`` (or ``from-custom`` and
        ``to-custom``) with ``datingMethod="#julian"``."""
        attrs: dict[str, str] = {}
        first, last = self.gregorian_span()
        when = self.gregorian_iso()
        if when:
            attrs["when"] = when
        elif self.end is not None:
            attrs["from"], attrs["to"] = first, last
        else:
            attrs["notBefore"], attrs["notAfter"] = first, last
        if self.calendar == "julian":
            if self.end is None:
                attrs["when-custom"] = self.start.iso()
            else:
                attrs["from-custom"], attrs["to-custom"] = self.start.iso(), self.end.iso()
            attrs["datingMethod"] = "#julian"
        return attrs

    def sort_key(self) -> tuple[Day, Day]:
        """The Gregorian days covered: the order of the chronology."""
        return self.days("gregorian")

    # -- printing --------------------------------------------------------------------------
    def printed(self, calendar: str | None = None, *, year: bool = True) -> str:
        """The date in *calendar* in words: "12 March 1917", "14 April–13 May 1917",
        "April 1917", "3–4 July 1917" (without the year when *year* is false)."""
        calendar = calendar or self.calendar
        if calendar == self.calendar and not self.start.day:
            # a month or a year of its own calendar
            words = _words(self.start.first(), self.start.precision, year)
            if self.end:
                words = _span(self.start.first(), self.end.first(), self.start.precision, year)
            return words
        first, last = self.days(calendar)
        if first == last:
            return _words(first, "day", year)
        return _span(first, last, "day", year)

    def other(self) -> str:
        return OTHER[self.calendar]

    def popup(self) -> str:
        """"27 February 1917 O.S. (Julian calendar) = 12 March 1917 N.S. (Gregorian
        calendar)"."""
        other = self.other()
        return (f"{self.printed()} {STYLE[self.calendar]} ({self.calendar.title()} calendar) "
                f"= {self.printed(other)} {STYLE[other]} ({other.title()} calendar)")

    def note(self) -> str:
        """"(12 March N.S.)": the other calendar, the year only where it differs."""
        other = self.other()
        same_year = self.days(other)[0][0] == self.days()[0][0] == self.days(other)[1][0]
        return f"({self.printed(other, year=not same_year)} {STYLE[other]})"

    def before_reform(self) -> bool:
        """Whether the date begins before 14 February 1918 N.S., while Russia reckoned by
        the Julian calendar (the chronology gives the Old Style date of those only)."""
        return self.days("gregorian")[0] < FIRST_GREGORIAN

    def late_julian(self) -> bool:
        """A Julian date after 31 January 1918 (its first day)."""
        return self.calendar == "julian" and self.days()[0] > LAST_JULIAN


def _words(day: Day, precision: str, year: bool) -> str:
    y, m, d = day
    parts = {"day": [str(d), MONTHS[m - 1]], "month": [MONTHS[m - 1]], "year": []}[precision]
    if year or precision == "year":
        parts.append(str(y))
    return " ".join(parts)


def _span(first: Day, last: Day, precision: str, year: bool) -> str:
    """"3–4 July 1917", "16 June–7 July 1917", "30 December 1917–12 January 1918"."""
    if precision == "day" and first[:2] == last[:2]:
        return f"{first[2]}–{_words(last, 'day', year)}"
    if first[0] == last[0]:
        return f"{_words(first, precision, False) if precision != 'year' else first[0]}–" \
               f"{_words(last, precision, year)}"
    return f"{_words(first, precision, True)}–{_words(last, precision, True)}"


def parse(target: str, default_display: str = "popup") -> MarkedDate:
    """The date of a role's target (see the module); :class:`DateError` when it cannot be
    read or cannot exist."""
    match = TARGET.match(" ".join(target.split()))
    if match is None:
        raise DateError("bad_target", f"<{target}> is not “YYYY-MM-DD calendar” (a date, a "
                        "month YYYY-MM or a year YYYY, or two joined by /, then julian or "
                        "gregorian, then optionally popup, note or plain)")
    calendar = match.group("calendar").lower()
    if calendar not in CALENDARS:
        raise DateError("bad_target", f"{calendar!r} is not a calendar: write julian (Old "
                        "Style) or gregorian (New Style)")
    display = (match.group("display") or default_display).lower()
    if display not in DISPLAYS:
        raise DateError("bad_target", f"{display!r} is not a display: write popup, note or "
                        "plain")
    texts = match.group("date").split("/")
    start = _point(texts[0], calendar)
    end = _point(texts[1], calendar) if len(texts) > 1 else None
    date = MarkedDate(start, end, calendar, display)
    if end is not None:
        if end.precision != start.precision:
            raise DateError("bad_target", f"<{target}>: the two ends of a span must both be "
                            "days, months or years")
        if end.first() <= start.first():
            raise DateError("impossible", f"<{target}>: the span ends before it begins")
    return date
