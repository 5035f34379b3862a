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

Short form (the label, used in hovers and back-references): ``Dorr 1917``; works of the
same author and year are told apart as ``Lenin 1918a``, ``Lenin 1918b``; no date: ``n.d.``
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from typing import Iterable

import pybtex.plugin
from pybtex.database import Entry, Person
from pybtex.backends.plaintext import Backend as PlainTextBackend
from pybtex.richtext import BaseText, HRef, Tag, Text
from pybtex.style import FormattedEntry
from pybtex.style.formatting import BaseStyle

from . import bibcheck
from .bibdata import LATEX_ERRORS, is_web_address

STYLE_NAME = "edition"
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]


def latex(value: str) -> Text:
    """A bib field as rich text (:func:`.bibcheck.decode_latex`): braces protect, ``--`` is
    an en dash, ``\\&`` is ``&``, ``\\emph{…}`` emphasis, unknown commands as typed.

    A field that is not valid LaTeX (a lone backslash, unbalanced braces) is taken as typed:
    :func:`.bibdata.load` has warned about it (``cite.bad_field``) at the entry's line."""
    try:
        return bibcheck.decode_latex(value)
    except LATEX_ERRORS:
        return Text(value)


#: One plain-text backend for every rendering. ``Text.render_as("text")`` looks the backend
#: up among the installed packages' entry points at every call (~20 ms each, seconds per
#: build for a few hundred names and titles).
PLAIN_TEXT = PlainTextBackend()


def as_plain_text(text: BaseText) -> str:
    return text.render(PLAIN_TEXT)


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
            suffix = "" if len(group) == 1 else ("-" if year == "n.d." else "") + "abcdefghijklmnopqrstuvwxyz"[i]
            labels[entry.key] = f"{names} {year}{suffix}"
    return labels


# -- pieces of a reference --------------------------------------------------------------

def _date(entry: Entry) -> str | None:
    value = entry.fields.get("date", "")
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", value)
    if m:
        return f"{int(m.group(3))} {MONTHS[int(m.group(2)) - 1]} {m.group(1)}"
    return None


def _suffix(entry: Entry, translit: str, translation: str) -> Text | None:
    """" [transliteration; translation]" for a Russian (or other) title."""
    parts = [latex(entry.fields[f]) for f in (translit, translation) if entry.fields.get(f)]
    if not parts:
        return None
    return Text(" [", Text("; ").join(parts), "]")


def _title(entry: Entry, field: str, *, italic: bool, translit: str, translation: str) -> tuple[Text, bool]:
    """The title as printed and whether it already ends in punctuation."""
    raw = entry.fields[field]
    text = latex(raw)
    suffix = _suffix(entry, translit, translation)
    if plain(raw).startswith("["):  # a description supplied by the editors: roman, no quotes
        return (Text(text, suffix) if suffix else text), False
    if italic:
        return (Text(Tag("em", text), suffix) if suffix else Tag("em", text)), False
    if suffix:
        return Text("“", text, "”", suffix), False
    return Text("“", _period(text), "”"), True


def _pages(value: str) -> str:
    return plain(value).replace("-", "–").replace("––", "–")


def _imprint(entry: Entry) -> Text | None:
    place, publisher = entry.fields.get("address"), entry.fields.get("publisher")
    if place and publisher:
        return Text(latex(place), ": ", latex(publisher))
    if place or publisher:
        return latex(place or publisher)
    return None


def _contributors(entry: Entry, *, lead: bool) -> Text | None:
    """"Edited by …", "Translated by …" (or "edited by" inside an "In …" phrase)."""
    editors = entry.persons.get("editor", [])
    translators = persons_field(entry, "translator")
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


class EditionStyle(BaseStyle):
    """Chicago author–date reference list style (see the module docstring)."""

    default_sorting_style = "none"

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # BaseStyle binds its plugins' sort/format_labels on the instance: use ours
        self.sort = self._sort  # type: ignore[method-assign]
        self.format_labels = self._format_labels  # type: ignore[method-assign]

    def _sort(self, entries: Iterable[Entry]) -> list[Entry]:
        return sorted(entries, key=sort_key)

    def _format_labels(self, sorted_entries: Iterable[Entry]) -> Iterable[str]:
        entries = list(sorted_entries)
        labels = make_labels(entries)
        return [labels[e.key] for e in entries]

    def format_entries(self, entries: Iterable[Entry], bib_data=None) -> Iterable[FormattedEntry]:
        sorted_entries = self.sort(entries)
        for label, entry in zip(self.format_labels(sorted_entries), sorted_entries):
            yield self.format_entry(label, entry)

    def format_entry(self, label: str, entry: Entry, bib_data=None) -> FormattedEntry:
        return FormattedEntry(entry.key, reference(entry, label), label)


def reference(entry: Entry, label: str | None = None) -> Text:
    """The full reference of *entry*; *label* supplies the year with its a/b suffix."""
    year = label.rsplit(" ", 1)[-1] if label else year_of(entry)
    sentences: list[tuple[Text, bool]] = []  # (text, already punctuated)
    persons = entry.persons.get("author") or []
    role = ""
    if not persons and entry.persons.get("editor") and entry.type in ("book", "misc"):
        persons, role = entry.persons["editor"], ", ed." if len(entry.persons["editor"]) == 1 else ", eds."
    if persons:
        names = Text(full_names(persons) + role)
        if entry.fields.get("nameoriginal"):
            names = Text(names, " [", latex(entry.fields["nameoriginal"]), "]")
        sentences.append((names, False))
    sentences.append((Text(year), False))
    kind = entry.type.lower()
    italic_title = kind in ("book", "misc", "proceedings", "manual", "phdthesis", "mastersthesis")
    if "title" in entry.fields:
        sentences.append(_title(entry, "title", italic=italic_title,
                                translit="transliteration", translation="translation"))
    if kind == "article":
        journal = Text(Tag("em", latex(entry.fields.get("journal", "")))) if entry.fields.get("journal") else Text()
        jt = entry.fields.get("journaltransliteration")
        if jt:
            journal = Text(journal, " [", latex(jt), "]")
        if entry.fields.get("address") and not entry.fields.get("volume"):
            journal = Text(journal, " (", latex(entry.fields["address"]), ")")
        volume, number, pages = (entry.fields.get(f) for f in ("volume", "number", "pages"))
        if volume:
            journal = Text(journal, " ", latex(volume))
            if number:
                journal = Text(journal, " (", latex(number), ")")
            if pages:
                journal = Text(journal, ": ", _pages(pages))
        else:
            if number:
                journal = Text(journal, ", no. ", latex(number))
            if _date(entry):
                journal = Text(journal, ", ", _date(entry))
            if pages:
                journal = Text(journal, ", ", _pages(pages))
        sentences.append((journal, False))
    elif kind in ("incollection", "inproceedings", "inbook"):
        container = Text("In ")
        if entry.fields.get("booktitle"):
            book, _ = _title(entry, "booktitle", italic=True, translit="booktransliteration",
                             translation="booktranslation")
            container = Text(container, book)
        contributors = _contributors(entry, lead=False)
        if contributors:
            container = Text(container, ", ", contributors)
        if entry.fields.get("pages"):
            container = Text(container, ", ", _pages(entry.fields["pages"]))
        sentences.append((container, False))
        if _imprint(entry):
            sentences.append((_imprint(entry), False))
    else:
        contributors = _contributors(entry, lead=True)
        if contributors:
            sentences.append((contributors, False))
        if entry.fields.get("volume") and kind != "misc":
            sentences.append((Text("Vol. ", latex(entry.fields["volume"])), False))
        if entry.fields.get("series"):
            sentences.append((latex(entry.fields["series"]), False))
        if entry.fields.get("howpublished"):
            sentences.append((latex(entry.fields["howpublished"]), False))
        if kind == "online" and _date(entry):
            sentences.append((Text(_date(entry)), False))
        if _imprint(entry):
            sentences.append((_imprint(entry), False))
    if entry.fields.get("note"):
        sentences.append((latex(entry.fields["note"]), False))
    if entry.fields.get("url"):
        url = entry.fields["url"]
        # only a web address is a link (a javascript: or data: URL would run in the reader's
        # browser); anything else is printed as text and warned about (bibdata.load)
        sentences.append((Text(HRef(url, url) if is_web_address(url) else url), False))
    out = Text()
    for i, (text, punctuated) in enumerate(sentences):
        if i:
            out = Text(out, " ")
        out = Text(out, text if punctuated else _period(text))
    return out


def _period(text: Text) -> Text:
    """A full stop after *text* (outside any italics), unless it ends in . ? or !"""
    return text if as_plain_text(text).rstrip().endswith((".", "?", "!")) else Text(text, ".")


def formatted(entries: Iterable[Entry]) -> dict[str, FormattedEntry]:
    """Every entry formatted, keyed by citation key (labels unique across *entries*)."""
    style = EditionStyle()
    return {fe.key: fe for fe in style.format_entries(list(entries))}


def register() -> None:
    """Make the style available to pybtex (and so to sphinxcontrib-bibtex) as ``edition``."""
    try:
        pybtex.plugin.find_plugin("pybtex.style.formatting", STYLE_NAME)
    except pybtex.plugin.PluginNotFound:
        pybtex.plugin.register_plugin("pybtex.style.formatting", STYLE_NAME, EditionStyle)


register()
