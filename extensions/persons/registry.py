"""The registry of persons: one YAML file under ``source/`` (``persons_registry``).

Each entry identifies one person once::

    - key: kamenev                        # how the role names the person (a-z, 0-9, -)
      name: Kamenev, Lev Borisovich       # the standard form (the index heading)
      ru: Каменев, Лев Борисович          # the Cyrillic form, for a Russian
      forms: [Kamenev, Lev Kamenev]       # as the text writes the name
      born: 1883                          # a year, an ISO date, "c. 1866"
      died: 1936
      about: Bolshevik; chairman of the Moscow Soviet 1918–26   # one line
      lcnaf: n80022283                    # Library of Congress Name Authority File
      viaf: "66478335"                    # Virtual International Authority File
      wikidata: Q184796                   # Wikidata item

Only ``key``, ``name`` and ``about`` are required.  An identifier is given only when the
editors have checked it against the authority itself (``research/persons.md``); the
edition says "unverified" for those it lacks.  Each identifier is checked by its form:
a malformed one is a warning ``persons.bad_identifier`` and is left out.

Problems are warnings with the file and line of the entry (``persons.registry``,
``persons.duplicate``, ``persons.ambiguous_form``, ``persons.bad_identifier``,
``persons.bad_dates``); the file is read with the toolkit's bounded YAML reader
(:mod:`edition_common.registry`).
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from sphinx.util import logging

from edition_common import Warn, nearest, warn
from edition_common.registry import LINE, load_entries, text_value

logger = logging.getLogger(__name__)

CYRILLIC = re.compile(r"[\u0400-\u04FF]")
APOSTROPHES = re.compile(r"[’'ʹʼ`]")
KEY = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
#: the longest "one-line" identification, and the longest name form
ABOUT_MAX = 300
NAME_MAX = 200

#: each authority: its name in the edition, the form of its identifiers, its address
AUTHORITIES: dict[str, tuple[str, re.Pattern[str], str, str]] = {
    # LC Name Authority File: "n", "nb", "no", "nr" or "ns", then 8 or 10 digits
    "lcnaf": ("Library of Congress", re.compile(r"^n[bors]?(?:\d{8}|\d{10})$"),
              "https://id.loc.gov/authorities/names/{}.html", "n79021225, no2001012345"),
    # VIAF cluster: digits
    "viaf": ("VIAF", re.compile(r"^[1-9]\d{0,21}$"), "https://viaf.org/viaf/{}/", "66478335"),
    # Wikidata item
    "wikidata": ("Wikidata", re.compile(r"^Q[1-9]\d{0,11}$"),
                 "https://www.wikidata.org/wiki/{}", "Q1394"),
}
FIELDS = ("key", "name", "ru", "forms", "born", "died", "about", *AUTHORITIES)

#: a life date: a year or an ISO date, optionally "c." (circa) or a final "?" (uncertain)
LIFE_DATE = re.compile(r"^(?P<circa>c\.\s*)?(?P<iso>\d{3,4}(?:-\d{2}(?:-\d{2})?)?)(?P<doubt>\?)?$")


def form_key(text: str) -> str:
    """The form in which names are compared: case-folded, one apostrophe, single spaces."""
    return " ".join(APOSTROPHES.sub("'", text).casefold().split())


@dataclass
class LifeDate:
    """A birth or death date: ``iso`` (YYYY, YYYY-MM or YYYY-MM-DD, for TEI's ``when``),
    ``circa``, ``doubtful``."""

    iso: str
    circa: bool = False
    doubtful: bool = False

    @property
    def year(self) -> int:
        return int(self.iso.split("-")[0])

    def printed(self) -> str:
        return ("c. " if self.circa else "") + str(self.year) + ("?" if self.doubtful else "")


@dataclass
class Person:
    """One registry entry."""

    key: str
    name: str
    about: str
    line: int
    ru: str = ""
    forms: list[str] = field(default_factory=list)
    born: LifeDate | None = None
    died: LifeDate | None = None
    #: authority → identifier (only well-formed ones)
    ids: dict[str, str] = field(default_factory=dict)

    @property
    def anchor(self) -> str:
        return f"person-{self.key}"

    def life(self) -> str:
        """"1883–1936", "b. 1942", "d. 1923", "" (dates unknown)."""
        if self.born and self.died:
            return f"{self.born.printed()}–{self.died.printed()}"
        if self.born:
            return f"b. {self.born.printed()}"
        if self.died:
            return f"d. {self.died.printed()}"
        return ""

    def heading(self) -> str:
        """The standard form with the life dates: "Kamenev, Lev Borisovich (1883–1936)"."""
        life = self.life()
        return f"{self.name} ({life})" if life else self.name

    def authority_links(self) -> list[tuple[str, str, str]]:
        """``(authority's name, identifier, address)`` for each identifier given."""
        return [(AUTHORITIES[a][0], ident, AUTHORITIES[a][2].format(ident))
                for a, ident in self.ids.items()]

    def unverified(self) -> list[str]:
        """The authorities for which no identifier is given (not verified)."""
        return [AUTHORITIES[a][0] for a in AUTHORITIES if a not in self.ids]


@dataclass
class Registry:
    path: Path
    persons: dict[str, Person] = field(default_factory=dict)  # key -> person
    by_form: dict[str, str] = field(default_factory=dict)  # form key -> person key

    def lookup(self, text: str) -> Person | None:
        """The person whose key or name form is *text*."""
        if text in self.persons:
            return self.persons[text]
        key = self.by_form.get(form_key(text))
        return self.persons.get(key) if key else None

    def nearest(self, text: str) -> list[str]:
        known = [*self.persons, *(f for p in self.persons.values() for f in p.forms)]
        return nearest(text, known, key=form_key)

    def location(self, person: Person) -> str:
        return f"{self.path}:{person.line}"

    def digest(self) -> str:
        payload = [asdict(p) for p in self.persons.values()]
        return hashlib.sha256(json.dumps(payload, ensure_ascii=False).encode()).hexdigest()


def _life_date(value: Any, what: str, name: str, where: str) -> LifeDate | None:
    text = text_value(value, 40)
    if not text or text.casefold() == "unverified":
        return None
    match = LIFE_DATE.match(text)
    if match is None:
        warn(logger, Warn.PERSONS_BAD_DATES, f"{what} {text!r} of {name!r} is not a year or "
             "an ISO date (1883, 1883-07-18, c. 1866, 1868?); it is left out",
             location=where)
        return None
    return LifeDate(match.group("iso"), bool(match.group("circa")), bool(match.group("doubt")))


def _identifier(authority: str, value: Any, name: str, where: str) -> str | None:
    label, pattern, _, example = AUTHORITIES[authority]
    ident = text_value(value, 40).replace(" ", "")
    if not ident:
        return None
    if not pattern.match(ident):
        warn(logger, Warn.PERSONS_BAD_IDENTIFIER,
             f"{authority}: {ident!r} of {name!r} is not a {label} identifier (like {example}); "
             "it is left out: copy it from the authority record", location=where)
        return None
    return ident


def _forms(value: Any) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        return []
    return [f for f in (text_value(v, NAME_MAX) for v in value) if f]


def load_registry(path: Path) -> Registry:
    """Read and check the registry file; every problem is a warning naming file and line."""
    registry = Registry(path)
    if not path.exists():
        # an edition without persons needs no registry; a role used there reports
        # persons.unknown, naming the file to create
        return registry
    example = "- key: kamenev"
    for entry in load_entries(path, Warn.PERSONS_REGISTRY, "persons", example):
        line = entry.get(LINE, 1)
        where = f"{path}:{line}"
        key = text_value(entry.get("key"), 80)
        name = text_value(entry.get("name"), NAME_MAX)
        about = text_value(entry.get("about"), 10 * ABOUT_MAX)
        unknown = sorted(str(k)[:40] for k in entry if k not in (*FIELDS, LINE))
        if unknown:
            warn(logger, Warn.PERSONS_REGISTRY,
                 f"registry entry {key or name!r} has unknown fields {unknown}; the fields are "
                 + ", ".join(FIELDS), location=where)
        if not KEY.match(key):
            warn(logger, Warn.PERSONS_REGISTRY,
                 f"registry entry {name!r} has {key!r} as its key: give a key of small letters, "
                 "digits and hyphens (the role names the person by it); the entry is ignored",
                 location=where)
            continue
        if not name or not about:
            missing = " and ".join(f for f, v in (("name", name), ("about", about)) if not v)
            warn(logger, Warn.PERSONS_REGISTRY,
                 f"the person {key!r} has no {missing} (the standard form of the name and a "
                 "one-line identification); the entry is ignored", location=where)
            continue
        if len(about) > ABOUT_MAX:
            warn(logger, Warn.PERSONS_REGISTRY,
                 f"the identification of {key!r} is {len(about)} characters; an index gives one "
                 f"line (at most {ABOUT_MAX}): shorten it", location=where)
            about = about[:ABOUT_MAX].rstrip() + "…"
        if key in registry.persons:
            warn(logger, Warn.PERSONS_DUPLICATE,
                 f"the person {key!r} is defined twice (first at line "
                 f"{registry.persons[key].line}): merge the entries; this one is ignored",
                 location=where)
            continue
        ru = text_value(entry.get("ru"), NAME_MAX)
        if ru and not CYRILLIC.search(ru):
            warn(logger, Warn.PERSONS_REGISTRY,
                 f"the Cyrillic form of {key!r}, {ru!r}, has no Cyrillic letter; it is left out",
                 location=where)
            ru = ""
        person = Person(key=key, name=name, about=about, line=line, ru=ru,
                        forms=_forms(entry.get("forms")),
                        born=_life_date(entry.get("born"), "the birth date", key, where),
                        died=_life_date(entry.get("died"), "the death date", key, where))
        if person.born and person.died and person.died.year < person.born.year:
            warn(logger, Warn.PERSONS_BAD_DATES,
                 f"{key!r} died ({person.died.printed()}) before being born "
                 f"({person.born.printed()}); the dates are left out", location=where)
            person.born = person.died = None
        for authority in AUTHORITIES:
            ident = _identifier(authority, entry.get(authority), key, where)
            if ident:
                person.ids[authority] = ident
        registry.persons[key] = person
        for form in {form_key(f) for f in [name, ru, *person.forms] if f}:
            other = registry.by_form.get(form)
            if other and other != key:
                warn(logger, Warn.PERSONS_AMBIGUOUS,
                     f"the name form {form!r} belongs to both {other!r} and {key!r}: remove it "
                     "from one entry and mark those occurrences with the key, "
                     "{person}`form <key>`", location=where)
                continue
            registry.by_form[form] = key
    return registry
