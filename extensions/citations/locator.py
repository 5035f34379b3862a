"""Locators: where in a work a citation points ("p. 10", "pp. 47–48", "vol. VII, pp. 332–333").

Grammar (one locator; parts separated by commas)::

    locator := part ("," part)*
    part    := [label] value
    label   := p. | pp. | vol. | n. | nn. | ch. | sect. | col. | para. | l. | ll. | fol.
    value   := number | number ("–" | "-") number
    number  := 1, 2, … | roman numerals (I, II, … or i, ii, …)

A part without a label continues the previous label ("pp. 10, 19"); a first part without a
label is a page.  An abbreviated range is expanded ("47-8" → "47–48"); a hyphen in a range
becomes an en dash.  Anything else is an error (``cite.bad_locator``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: label → (singular, plural) as printed
LABELS: dict[str, tuple[str, str]] = {
    "p": ("p.", "pp."), "pp": ("p.", "pp."),
    "vol": ("vol.", "vols."), "vols": ("vol.", "vols."),
    "n": ("n.", "nn."), "nn": ("n.", "nn."),
    "ch": ("ch.", "chs."), "chs": ("ch.", "chs."),
    "sect": ("sect.", "sects."), "sects": ("sect.", "sects."),
    "col": ("col.", "cols."), "cols": ("col.", "cols."),
    "para": ("para.", "paras."), "paras": ("para.", "paras."),
    "l": ("l.", "ll."), "ll": ("l.", "ll."),
    "fol": ("fol.", "fols."), "fols": ("fol.", "fols."),
}
_CANONICAL = {"pp": "p", "vols": "vol", "nn": "n", "chs": "ch", "sects": "sect", "cols": "col",
              "paras": "para", "ll": "l", "fols": "fol"}

_NUMBER = r"(?:\d+|[IVXLCDM]+|[ivxlcdm]+)"
_PART = re.compile(
    rf"^(?:(?P<label>[A-Za-z]+)\.\s*)?(?P<start>{_NUMBER})(?:\s*[-–]\s*(?P<end>{_NUMBER}))?$"
)
_ROMAN = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100, "d": 500, "m": 1000}


class LocatorError(ValueError):
    """The locator does not follow the grammar; the message says what to write."""


def roman_value(text: str) -> int | None:
    if not re.fullmatch(r"[ivxlcdm]+", text.lower()):
        return None
    total = 0
    values = [_ROMAN[c] for c in text.lower()]
    for i, v in enumerate(values):
        total += -v if i + 1 < len(values) and values[i + 1] > v else v
    return total


def _value(text: str) -> int:
    return int(text) if text.isdigit() else roman_value(text) or 0


@dataclass(frozen=True)
class Part:
    label: str  # canonical label: "p", "vol", …
    start: str
    end: str | None = None

    @property
    def is_range(self) -> bool:
        return self.end is not None


@dataclass(frozen=True)
class Locator:
    parts: tuple[Part, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.parts)

    def format(self) -> str:
        """The normalised form: "pp. 47–48", "vol. VII, pp. 332–333, 340–342"."""
        groups: list[list[Part]] = []
        for part in self.parts:
            if groups and groups[-1][0].label == part.label:
                groups[-1].append(part)
            else:
                groups.append([part])
        out = []
        for group in groups:
            singular, plural = LABELS[group[0].label]
            plural_needed = len(group) > 1 or group[0].is_range
            values = ", ".join(p.start + (f"–{p.end}" if p.end else "") for p in group)
            out.append(f"{plural if plural_needed else singular} {values}")
        return ", ".join(out)

    def __str__(self) -> str:
        return self.format()


def parse(text: str) -> Locator:
    """Parse a locator; raise :class:`LocatorError` when it does not follow the grammar."""
    text = text.strip()
    if not text:
        return Locator()
    parts: list[Part] = []
    label = "p"
    for raw in text.split(","):
        raw = raw.strip()
        m = _PART.match(raw)
        if not m:
            raise LocatorError(
                f"locator {text!r} does not parse at {raw!r}: write e.g. 'p. 10', "
                "'pp. 47–48', 'pp. 10, 19', 'vol. VII, pp. 332–333' or 'n. 4'"
            )
        if m.group("label"):
            given = m.group("label").lower()
            if given not in LABELS:
                raise LocatorError(
                    f"locator {text!r}: unknown label {m.group('label') + '.'!r}; "
                    f"use one of {', '.join(sorted({v[0] for v in LABELS.values()}))}"
                )
            label = _CANONICAL.get(given, given)
        start, end = m.group("start"), m.group("end")
        if end is not None:
            if start.isdigit() != end.isdigit():
                raise LocatorError(
                    f"locator {text!r}: range {raw!r} mixes arabic and roman numbers")
            if start.isdigit() and len(end) < len(start):
                end = start[: len(start) - len(end)] + end  # "47-8" → "48"
            if _value(end) <= _value(start):
                raise LocatorError(f"locator {text!r}: range {raw!r} does not go forwards")
        parts.append(Part(label, start, end))
    return Locator(tuple(parts))
