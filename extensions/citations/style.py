"""The edition's bibliography style: Chicago author–date, as a pybtex style plugin.

Registered as the pybtex formatting style ``edition`` (``pybtex.plugin.register_plugin``),
so sphinxcontrib-bibtex's ``{bibliography}`` directive can use it too
(``bibtex_default_style = "edition"``).  Unlike pybtex's own styles it never changes the
case of a title (“The Ironic Triumph of Old Bolshevism”, not “The ironic triumph of old
bolshevism”), prints Cyrillic as written, and adds to a Russian work the transliteration
and English translation from the entry's ``transliteration``/``translation`` fields (and
``booktransliteration``/``booktranslation``, ``journaltransliteration``), and the
author's name in Cyrillic from ``nameoriginal``.

Shape of a reference (Chicago Manual of Style, 17th ed., author–date, reference list)::

    Dorr, Rheta Childe. 1917. Inside the Russian Revolution. New York: The Macmillan Company.
    Lih, Lars T. 2011. “The Ironic Triumph of Old Bolshevism: …” Russian History 38 (2): 199–242.

Short form (the label, used in hovers and back-references): ``Smith 1990``; works of the
same author and year are told apart as ``Lenin 1918a``, ``Lenin 1918b``; no date: ``n.d.``
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from functools import lru_cache

import pybtex.plugin
from pybtex.backends.plaintext import Backend as PlainTextBackend
from pybtex.database import Entry, Person
from pybtex.richtext import BaseText, HRef, Tag, Text
from pybtex.style import FormattedEntry
from pybtex.style.formatting import BaseStyle

from .bibdata import is_web_address, read_latex

STYLE_NAME = "edition"
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]


def latex(value: str) -> Text:
    """A bib field as rich text (:func:`.bibcheck.decode_latex`): braces protect, ``--`` is
    an en dash, ``\\&`` is ``&``, ``\\emph{…}`` emphasis, unknown commands as typed.

    A field that is not valid LaTeX (a lone backslash, unbalanced braces) is taken as typed:
    :func:`.bibdata.load` has warned about it (``cite.bad_field``) at its line."""
    text, _ = read_latex(value)
    return text if text is not None else Text(value)


#: One plain-text backend for every rendering. ``Text.render_as("text")`` looks the backend
#: up among the installed packages' entry points at every call (~20 ms each, seconds per
#: build for a few hundred names and titles).
PLAIN_TEXT = PlainTextBackend()


def as_plain_text(text: BaseText) -> str:
    return text.render(PLAIN_TEXT)


@lru_cache(maxsize=8192)
def plain(value: str) -> str:
    return as_plain_text(latex(value))


def fold(text: str) -> str:
    """Case- and accent-insensitive form for sorting and searching."""
    text = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in text if not unicodedata.combining(c))


# -- names ---------------------------------------------------------------------------------

def _person_parts(person: Person) -> tuple[str, str]:
    """(last, given) as plain text; a braced name ("{[Kamenev, L. B.]}") is one last name."""
    last = " ".join(plain(n) for n in person.prelast_names + person.last_names)
    given = " ".join(plain(n) for n in person.first_names + person.middle_names)
    if person.lineage_names:
        last += ", " + " ".join(plain(n) for n in person.lineage_names)
    return last, given


def short_name(person: Person) -> str:
    last, _ = _person_parts(person)
    if last.startswith("[") and "," in last:  # "[Kamenev, L. B.]" → "[Kamenev]"
        return last.split(",", 1)[0] + "]"
    return last


def full_names(persons: list[Person]) -> str:
    """Chicago: first name inverted, the others in natural order."""
    out = []
    for i, person in enumerate(persons):
        last, given = _person_parts(person)
        if not given:
            out.append(last)
        elif i == 0:
            out.append(f"{last}, {given}")
        else:
            out.append(f"{given} {last}")
    if len(out) == 1:
        return out[0]
    if len(out) == 2:
        return f"{out[0]}, and {out[1]}" if "," in out[0] else f"{out[0]} and {out[1]}"
    return ", ".join(out[:-1]) + ", and " + out[-1]


def natural_names(persons: list[Person]) -> str:
    out = []
    for person in persons:
        last, given = _person_parts(person)
        out.append(f"{given} {last}".strip())
    if len(out) <= 2:
        return " and ".join(out)
    return ", ".join(out[:-1]) + ", and " + out[-1]


def persons_field(entry: Entry, field: str) -> list[Person]:
    """Persons of a role pybtex does not parse itself (``translator``)."""
    if field in entry.persons:
        return list(entry.persons[field])
    value = entry.fields.get(field, "")
    return [Person(part) for part in re.split(r"\s+and\s+", value) if part.strip()]


def label_names(entry: Entry) -> str:
    persons = entry.persons.get("author") or entry.persons.get("editor") or []
    if not persons:
        title = plain(entry.fields.get("title", entry.key))
        return title.split(":")[0][:40]
    names = [short_name(p) for p in persons]
    if len(names) == 1:
        return names[0]
    if len(names) == 2:
        return f"{names[0]} and {names[1]}"
    return f"{names[0]} et al."


def year_of(entry: Entry) -> str:
    year = entry.fields.get("year", "")
    if not year and entry.fields.get("date"):
        year = entry.fields["date"][:4]
    return plain(year) if year else "n.d."


def sort_key(entry: Entry) -> tuple[str, str, int, str]:
    title = re.sub(r"^\W+", "", plain(entry.fields.get("title", "")))
    names = re.sub(r"^\W+", "", label_names(entry))
    volume = entry.fields.get("volume", "")
    return fold(names), year_of(entry), int(volume) if volume.isdigit() else 0, fold(title)


def make_labels(entries: Iterable[Entry]) -> dict[str, str]:
    """Short author–date labels, unique over *entries*: "Lenin 1918a", "Lenin 1918b"."""
    groups: dict[tuple[str, str], list[Entry]] = defaultdict(list)
    for entry in sorted(entries, key=sort_key):
        groups[(label_names(entry), year_of(entry))].append(entry)
    labels = {}
    for (names, year), group in groups.items():
        for i, entry in enumerate(group):
            letter = "abcdefghijklmnopqrstuvwxyz"[i]
            suffix = "" if len(group) == 1 else ("-" if year == "n.d." else "") + letter
            labels[entry.key] = f"{names} {year}{suffix}"
    return labels


# -- pieces of a reference --------------------------------------------------------------

#: Fields that shape an entry without being printed as such: the links between entries.
STRUCTURAL_FIELDS = frozenset({"crossref", "xref", "related", "ids"})


class Fields:
    """An entry's fields as the style reads them, recording which ones it prints.

    :meth:`get` is for a field whose value goes into the reference; :meth:`has` only looks.
    After formatting, :attr:`printed` holds every field (and person role) the reference
    shows, so that a field the style does not print can be reported instead of vanishing
    (:func:`unprinted_fields`)."""

    def __init__(self, entry: Entry, printed: set[str] | None = None) -> None:
        self.entry = entry
        self.printed = printed if printed is not None else set()

    def has(self, name: str) -> bool:
        return bool(self.entry.fields.get(name, "").strip())

    def get(self, name: str) -> str:
        value = self.entry.fields.get(name, "")
        if value.strip():
            self.printed.add(name.lower())
            return value
        return ""

    def persons(self, role: str) -> list[Person]:
        persons = list(self.entry.persons.get(role, []))
        if persons:
            self.printed.add(role.lower())
        return persons


_ISO_DATE = re.compile(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")


def _parse_date(value: str) -> tuple[int, int | None, int | None] | None:
    m = _ISO_DATE.fullmatch(value.strip())
    if not m:
        return None
    month = int(m.group(2)) if m.group(2) else None
    day = int(m.group(3)) if m.group(3) else None
    if month is not None and not 1 <= month <= 12 or day is not None and not 1 <= day <= 31:
        return None
    return int(m.group(1)), month, day


def _month_number(value: str) -> int | None:
    """``November``, ``nov``, ``11`` → 11 (pybtex expands the BibTeX macros ``jan`` … ``dec``)."""
    value = plain(value).strip().rstrip(".").lower()
    if value.isdigit():
        return int(value) if 1 <= int(value) <= 12 else None
    for i, name in enumerate(MONTHS, 1):
        if len(value) >= 3 and name.lower().startswith(value):
            return i
    return None


def _day_month_year(year: int, month: int | None, day: int | None) -> str:
    return " ".join(str(x) for x in (day, MONTHS[month - 1] if month else None, year) if x)


def _full_date(f: Fields) -> str | None:
    """The date more precisely than the year ("18 August 2014", "November 1917"), from
    ``date`` (ISO: 2014-08-18, 1917-11) or ``month`` (with ``day``) and ``year``; None when
    only the year is known (it is printed after the names already)."""
    parsed = _parse_date(f.entry.fields.get("date", ""))
    if parsed and parsed[1]:
        f.get("date")
        return _day_month_year(*parsed)
    month = _month_number(f.entry.fields.get("month", "")) if f.has("month") else None
    year = plain(f.entry.fields.get("year", "")) or (str(parsed[0]) if parsed else "")
    if month and year:
        f.get("month")
        day = f.entry.fields.get("day", "").strip()
        if day.isdigit():
            f.get("day")
        return " ".join(filter(None, [day if day.isdigit() else "", MONTHS[month - 1], year]))
    return None


def _date_range(value: str) -> str | None:
    """An ISO date or range as printed: "14 April 1917", "8–16 March 1921",
    "30 March – 2 April 1921", "1920–1921"; None when it does not parse."""
    first, _, second = value.strip().partition("/")
    start = _parse_date(first)
    if start is None:
        return None
    if not second:
        return _day_month_year(*start)
    end = _parse_date(second)
    if end is None:
        return None
    (y1, m1, d1), (y2, m2, d2) = start, end
    if y1 == y2 and m1 == m2 and m1 and d1 and d2:
        return f"{d1}–{d2} {MONTHS[m1 - 1]} {y1}"
    if y1 == y2 and m1 and m2:
        first = " ".join(str(x) for x in (d1, MONTHS[m1 - 1]) if x)
        return f"{first} – {_day_month_year(y2, m2, d2)}"
    if m1 or m2:
        return f"{_day_month_year(*start)} – {_day_month_year(*end)}"
    return f"{y1}–{y2}"


def _suffix(f: Fields, translit: str, translation: str) -> Text | None:
    """" [transliteration; translation]" for a Russian (or other) title."""
    parts = [latex(f.get(name)) for name in (translit, translation) if f.has(name)]
    if not parts:
        return None
    return Text(" [", Text("; ").join(parts), "]")


def _title(f: Fields, field: str, *, italic: bool, translit: str,
           translation: str) -> tuple[Text, bool]:
    """The title as printed and whether it already ends in punctuation."""
    raw = f.get(field)
    text = latex(raw)
    suffix = _suffix(f, translit, translation)
    if plain(raw).startswith("["):  # a description supplied by the editors: roman, no quotes
        return (Text(text, suffix) if suffix else text), False
    if italic:
        return (Text(Tag("em", text), suffix) if suffix else Tag("em", text)), False
    if suffix:
        return Text("“", text, "”", suffix), False
    return Text("“", _period(text), "”"), True


def _pages(value: str) -> str:
    return plain(value).replace("-", "–").replace("––", "–")


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _edition(f: Fields) -> Text | None:
    """``edition = {2}`` → "2nd ed."; ``{Revised}`` → "Revised ed."; "2nd edition" as written."""
    value = f.get("edition")
    if not value:
        return None
    text = plain(value).strip()
    if text.isdigit():
        return Text(f"{_ordinal(int(text))} ed.")
    if re.search(r"\b(ed\.|edition|edn\.?)$", text, re.IGNORECASE):
        return latex(value)
    return Text(latex(value), " ed.")


def _imprint(f: Fields) -> Text | None:
    """"Place: Publisher" (the publisher, or the institution that issued the work)."""
    place = f.get("address") or f.get("location")
    publisher = (f.get("publisher") or f.get("institution") or f.get("organization")
                 or f.get("school"))
    if place and publisher:
        return Text(latex(place), ": ", latex(publisher))
    if place or publisher:
        return latex(place or publisher)
    return None


def _contributors(f: Fields, *, lead: bool) -> Text | None:
    """"Edited by …", "Translated by …" (or "edited by" inside an "In …" phrase)."""
    editors = f.persons("editor")
    translators = persons_field(f.entry, "translator")
    if translators:  # a role pybtex leaves as a field (or parses, when configured to)
        f.persons("translator")
        f.get("translator")
    translators_text = natural_names(translators) if translators else ""
    phrases = []
    if editors and translators and [str(p) for p in editors] == [str(p) for p in translators]:
        phrases.append(f"edited and translated by {natural_names(editors)}")
    else:
        if editors:
            phrases.append(f"edited by {natural_names(editors)}")
        if translators_text:
            phrases.append(f"translated by {translators_text}")
    if not phrases:
        return None
    text = ", ".join(phrases)
    return Text(text[0].upper() + text[1:] if lead else text)


def _series(f: Fields) -> Text | None:
    """"Series Title 12" (the number within the series), or "No. 12" without a series."""
    series, number = f.get("series"), f.get("number")
    if series and number:
        return Text(latex(series), " ", latex(number))
    if series:
        return latex(series)
    if number:
        return Text("No. ", latex(number))
    return None


def _event(f: Fields) -> Text | None:
    """Where and when a paper or speech was given: "Moscow, 8–16 March 1921"."""
    parts: list[Text] = []
    if f.has("eventtitle"):
        parts.append(latex(f.get("eventtitle")))
    if f.has("venue"):
        parts.append(latex(f.get("venue")))
    if f.has("eventdate"):
        printed = _date_range(f.entry.fields["eventdate"])
        if printed is not None:
            f.get("eventdate")
            parts.append(Text(printed))
    return Text(", ").join(parts) if parts else None


def _year_text(f: Fields, label: str | None) -> Text:
    """The year after the names, with its a/b suffix from the label; "(1848) 1888" when the
    work was first published earlier (``origdate``)."""
    year = label.rsplit(" ", 1)[-1] if label else year_of(f.entry)
    date = _parse_date(f.entry.fields.get("date", ""))
    if f.has("year"):
        f.get("year")
    if date and str(date[0]) == year[:4]:
        f.get("date")  # the year of the date is printed here (its month and day below)
    orig = _parse_date(f.entry.fields.get("origdate", "").partition("/")[0])
    if orig and f.get("origdate") and str(orig[0]) != year[:4]:
        return Text(f"({orig[0]}) {year}")
    if f.has("origdate") and not orig:
        return Text(f"({plain(f.get('origdate'))}) {year}")
    return Text(year)


class EditionStyle(BaseStyle):
    """Chicago author–date reference list style (see the module docstring)."""

    default_sorting_style = "none"

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # BaseStyle binds its plugins' sort/format_labels on the instance: use ours
        self.sort = self._sort  # type: ignore[method-assign]
        self.format_labels = self._format_labels  # type: ignore[method-assign]
        #: key → the fields its reference prints (recorded while formatting)
        self.printed: dict[str, set[str]] = {}

    def _sort(self, entries: Iterable[Entry]) -> list[Entry]:
        return sorted(entries, key=sort_key)

    def _format_labels(self, sorted_entries: Iterable[Entry]) -> Iterable[str]:
        entries = list(sorted_entries)
        labels = make_labels(entries)
        return [labels[e.key] for e in entries]

    def format_entries(self, entries: Iterable[Entry], bib_data=None) -> Iterable[FormattedEntry]:
        sorted_entries = self.sort(entries)
        labels = list(self.format_labels(sorted_entries))
        for label, entry in zip(labels, sorted_entries, strict=True):
            yield self.format_entry(label, entry)

    def format_entry(self, label: str, entry: Entry, bib_data=None) -> FormattedEntry:
        printed: set[str] = set()
        text = reference(entry, label, printed)
        self.printed[entry.key] = printed
        return FormattedEntry(entry.key, text, label)

    @staticmethod
    def split_label(label: str) -> tuple[str, str]:
        """"Lenin n.d.-a" → ("Lenin", "n.d.-a"): the names and the year of a label, for a
        citation that names the author in the sentence ("Lenin (n.d.-a)")."""
        names, _, year = label.rpartition(" ")
        return (names, year) if names else (label, "")

    def printed_fields(self, entry: Entry) -> set[str]:
        """The fields and person roles that the reference of *entry* prints."""
        if entry.key not in self.printed:
            self.format_entry(year_of(entry), entry)
        return self.printed[entry.key]


def unprinted_fields(entry: Entry, printed: set[str]) -> list[str]:
    """The fields (and person roles) of *entry* that are neither printed nor structural,
    in the entry's order."""
    names = [name for name in entry.fields] + [role for role in entry.persons]
    return [name for name in names
            if name.lower() not in printed and name.lower() not in STRUCTURAL_FIELDS]


def reference(entry: Entry, label: str | None = None, printed: set[str] | None = None) -> Text:
    """The full reference of *entry*; *label* supplies the year with its a/b suffix.
    *printed*, when given, receives the names of the fields the reference shows."""
    f = Fields(entry, printed)
    sentences: list[tuple[Text, bool]] = []  # (text, already punctuated)
    persons = f.persons("author")
    role = ""
    edited = entry.type.lower() in ("book", "misc", "proceedings", "collection")
    if not persons and entry.persons.get("editor") and edited:
        persons = f.persons("editor")
        role = ", ed." if len(persons) == 1 else ", eds."
    if persons:
        names = Text(full_names(persons) + role)
        if f.has("nameoriginal"):
            names = Text(names, " [", latex(f.get("nameoriginal")), "]")
        sentences.append((names, False))
    sentences.append((_year_text(f, label), False))
    kind = entry.type.lower()
    italic_title = kind in ("book", "misc", "proceedings", "collection", "manual", "phdthesis",
                            "mastersthesis", "thesis", "report", "techreport")
    if f.has("title"):
        sentences.append(_title(f, "title", italic=italic_title,
                                translit="transliteration", translation="translation"))
    event = _event(f)
    if event is not None:
        sentences.append((event, False))
    when = _full_date(f)
    if kind == "article":
        journal_field = "journal" if f.has("journal") else "journaltitle"
        journal = Text(Tag("em", latex(f.get(journal_field)))) if f.has(journal_field) else Text()
        if f.has("journaltransliteration"):
            journal = Text(journal, " [", latex(f.get("journaltransliteration")), "]")
        if f.has("address") and not f.has("volume"):
            journal = Text(journal, " (", latex(f.get("address")), ")")
        volume, number, pages = f.get("volume"), f.get("number"), f.get("pages")
        if volume:
            journal = Text(journal, " ", latex(volume))
            issue = [part for part in (latex(number) if number else None,
                                       Text(when) if when else None) if part is not None]
            if issue:
                journal = Text(journal, " (", Text(", ").join(issue), ")")
            if pages:
                journal = Text(journal, ": ", _pages(pages))
        else:
            if number:
                journal = Text(journal, ", no. ", latex(number))
            if when:
                journal = Text(journal, ", ", when)
            if pages:
                journal = Text(journal, ", ", _pages(pages))
        sentences.append((journal, False))
        when = None
    elif kind in ("incollection", "inproceedings", "inbook", "inreference"):
        container = Text("In ")
        if f.has("booktitle"):
            book, _ = _title(f, "booktitle", italic=True, translit="booktransliteration",
                             translation="booktranslation")
            container = Text(container, book)
        edition = _edition(f)
        if edition is not None:
            container = Text(container, ", ", edition)
        if f.has("volume"):
            container = Text(container, ", vol. ", latex(f.get("volume")))
        contributors = _contributors(f, lead=False)
        if contributors:
            container = Text(container, ", ", contributors)
        if f.has("pages"):
            container = Text(container, ", ", _pages(f.get("pages")))
        sentences.append((container, False))
        series = _series(f)
        if series is not None:
            sentences.append((series, False))
    else:
        edition = _edition(f)
        if edition is not None:
            sentences.append((edition, False))
        contributors = _contributors(f, lead=True)
        if contributors:
            sentences.append((contributors, False))
        if f.has("volume"):
            sentences.append((Text("Vol. ", latex(f.get("volume"))), False))
        series = _series(f)
        if series is not None:
            sentences.append((series, False))
        if f.has("type"):
            sentences.append((latex(f.get("type")), False))
        if f.has("pages"):
            sentences.append((Text("Pp. ", _pages(f.get("pages"))), False))
        if f.has("howpublished"):
            sentences.append((latex(f.get("howpublished")), False))
            if when and not (f.has("address") or f.has("publisher")):
                # "John Riddell's blog, 18 August 2014."
                sentences[-1] = (Text(sentences[-1][0], ", ", when), False)
                when = None
    # a journal's publisher (and its place, unless printed with the journal's name above)
    if kind != "article":
        imprint = _imprint(f)
    elif not f.has("publisher"):
        imprint = None
    else:
        imprint = _imprint(f) if f.has("volume") else latex(f.get("publisher"))
    if imprint is not None:
        sentences.append((Text(imprint, ", ", when) if when else imprint, False))
    elif when:
        sentences.append((Text(when), False))
    if f.has("note"):
        sentences.append((latex(f.get("note")), False))
    if f.has("doi"):
        doi = plain(f.get("doi")).strip()
        address = doi if re.match(r"https?://", doi, re.IGNORECASE) else f"https://doi.org/{doi}"
        link = HRef(address, address) if is_web_address(address) else address
        sentences.append((Text(link), False))
    if f.has("url"):
        url = f.get("url")
        # only a web address is a link (a javascript: or data: URL would run in the reader's
        # browser); anything else is printed as text and warned about (bibdata.load)
        sentences.append((Text(HRef(url, url) if is_web_address(url) else url), False))
        if f.has("urldate"):
            visited = _date_range(f.entry.fields["urldate"])
            sentences.append((Text("Accessed ", visited or plain(f.get("urldate"))), False))
            f.get("urldate")
    out = Text()
    for i, (text, punctuated) in enumerate(sentences):
        if i:
            out = Text(out, " ")
        out = Text(out, text if punctuated else _period(text))
    return out


def plain_ends_sentence(text: Text) -> bool:
    return as_plain_text(text).rstrip().endswith((".", "?", "!"))


def _period(text: Text) -> Text:
    """A full stop after *text* (outside any italics), unless it ends in . ? or !"""
    return text if plain_ends_sentence(text) else Text(text, ".")


def register() -> None:
    """Make the style available to pybtex (and so to sphinxcontrib-bibtex) as ``edition``."""
    try:
        pybtex.plugin.find_plugin("pybtex.style.formatting", STYLE_NAME)
    except pybtex.plugin.PluginNotFound:
        pybtex.plugin.register_plugin("pybtex.style.formatting", STYLE_NAME, EditionStyle)


register()
