"""The apparatus model: entry types, readings, citations of sources, and how an entry is
summarised in words (the same summary serves the popup, the listing, LaTeX and JSON).

Vocabulary (TEI P5 *Critical Apparatus* and *Primary Sources* modules; reledmac):

==============  ==========================================  ===========================
type            what the edition does                       TEI
==============  ==========================================  ===========================
emendation      corrects the copy-text (``:corr:``)          ``choice/sic+corr``
sic             keeps the copy-text, flags it                ``sic``
normalisation   regularises a form (``:reg:``)               ``choice/orig+reg``
lacuna          supplies lost words (``:supplied:``)         ``gap`` / ``supplied``
variant         records witnesses' readings (``:rdg:``)      ``app/lem+rdg``
fact            keeps the text, gives the fact (``:correct:``)  ``note`` (+ ``corr``)
commentary      keeps the text, discusses it (no reading)   ``note type="commentary"``
==============  ==========================================  ===========================

Every entry may carry a terse note (``:note:``, TEI ``note`` inside ``app``): the short
phrase that the critical apparatus prints after the readings.  Its body is the *textual
commentary* on the entry: the discussion, shown with the entry in HTML (popup and listing)
and, in the PDF, in the appendix of interventions keyed by page and line, never in the
apparatus at the foot of the page.  An entry of type ``commentary`` changes nothing and
records no reading: it has a mark of its own series (C) in HTML and none in the PDF's
apparatus.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

TYPES = ("emendation", "sic", "normalisation", "lacuna", "variant", "fact", "commentary")
TYPE_LABELS = {
    "emendation": "emendation",
    "sic": "sic",
    "normalisation": "normalisation",
    "lacuna": "lacuna",
    "variant": "variant",
    "fact": "correction of fact",
    "commentary": "commentary",
    "source": "source of quotation",
}
#: the option that gives the editor's reading, by type
READING_OPTION = {"emendation": "corr", "normalisation": "reg", "lacuna": "supplied",
                  "fact": "correct"}
EDITOR = "ed."


@dataclass
class Reading:
    text: str
    sigla: list[str] = field(default_factory=list)
    resp: str | None = None   # "ed." when the editors are responsible

    def as_dict(self) -> dict:
        return {"text": self.text, "sigla": list(self.sigla), "resp": self.resp}


SIGLUM = re.compile(r"@([^\s@|]+)")


def parts(value: str, separator: str) -> list[str]:
    """The non-empty parts of an option's *value* between *separator*s, stripped."""
    return [part.strip() for part in value.split(separator) if part.strip()]


def parse_readings(value: str) -> list[Reading]:
    """``faint-hartes @T | faint harts @U @V`` → readings with their sigla."""
    return [Reading(" ".join(SIGLUM.sub("", part).split()), SIGLUM.findall(part))
            for part in parts(value, "|")]


@dataclass
class SourceRef:
    key: str
    locator: str = ""


def parse_cites(value: str) -> list[SourceRef]:
    """``smith1990history, p. 10; weber1946politics, p. 78`` → keys with locators."""
    refs = []
    for part in parts(value, ";"):
        key, _, locator = part.partition(",")
        refs.append(SourceRef(key.strip(), " ".join(locator.split())))
    return refs


def norm(text: str) -> str:
    return " ".join(text.split())


def lemma_pattern(lemma: str) -> re.Pattern[str]:
    """The lemma as a pattern: its words in order, any run of white space between them,
    never beginning or ending inside a word (``at`` does not match in ``faint-heats``)."""
    body = r"\s+".join(re.escape(w) for w in lemma.split())
    start = r"(?<!\w)" if re.match(r"\w", lemma) else ""
    end = r"(?!\w)" if re.search(r"\w$", lemma) else ""
    return re.compile(start + body + end)


def abbreviate(text: str, words: int = 4) -> str:
    """reledmac-style abbreviation of a long lemma: first words … last words."""
    parts = text.split()
    if len(parts) <= 2 * words + 1:
        return " ".join(parts)
    return " ".join(parts[:words]) + " … " + " ".join(parts[-words:])
