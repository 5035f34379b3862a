"""The back matter the TEI makes from the edition's data: the works cited as ``listBibl`` of
``biblStruct`` (from the one bibliography, :func:`citations.service.bibliography`) and the
persons as ``listPerson`` (from the persons registry)."""

from __future__ import annotations

from typing import Any

from pybtex.database import Entry

from . import ids as idmod
from .tei import E, Element, sub

#: entry types whose title is a part of a larger work (TEI ``analytic``)
ANALYTIC = {"article", "incollection", "inbook", "inproceedings", "conference"}


def plain(value: str) -> str:
    from citations.style import plain as latex_plain

    try:
        return " ".join(latex_plain(value).split())
    except Exception:  # a field the bibliography check has warned about: its letters
        return " ".join(value.replace("{", "").replace("}", "").split())


def names(entry: Entry, role: str, tag: str) -> list[Element]:
    out = []
    for person in entry.persons.get(role, []):
        pers = E("persName")
        last = plain(" ".join(person.prelast_names + person.last_names))
        first = plain(" ".join(person.first_names + person.middle_names))
        if first:
            sub(pers, "forename", first)
        if last:
            sub(pers, "surname", last)
        out.append(E(tag, pers))
    return out


def bibl_struct(key: str, entry: Entry) -> Element:
    f = entry.fields
    get = lambda name: plain(f[name]) if name in f else ""  # noqa: E731
    struct = E("biblStruct", xml__id=idmod.bib_id(key), type_=entry.type, n=key)
    analytic = entry.type.lower() in ANALYTIC
    if analytic:
        part = sub(struct, "analytic")
        for el in names(entry, "author", "author"):
            part.append(el)
        sub(part, "title", get("title") or key, level="a")
    monogr = sub(struct, "monogr")
    if not analytic:
        for el in names(entry, "author", "author"):
            monogr.append(el)
    for el in names(entry, "editor", "editor"):
        monogr.append(el)
    if analytic:
        host = get("journal") or get("booktitle") or get("journaltitle")
        sub(monogr, "title", host or "[untitled]",
            level="j" if entry.type.lower() == "article" else "m")
    else:
        sub(monogr, "title", get("title") or key,
            level="u" if entry.type.lower() in ("online", "misc", "unpublished") else "m")
    for field, idno in (("url", "URI"), ("doi", "DOI"), ("isbn", "ISBN")):
        if get(field):
            sub(monogr, "idno", get(field), type_=idno)
    if get("edition"):
        sub(monogr, "edition", get("edition"))
    imprint = sub(monogr, "imprint")
    if get("address") or get("location"):
        sub(imprint, "pubPlace", get("address") or get("location"))
    if get("publisher") or get("organization") or get("institution"):
        sub(imprint, "publisher",
            get("publisher") or get("organization") or get("institution"))
    date = " ".join(filter(None, [get("day"), get("month"), get("year")])) or get("date")
    if date:
        year = get("year")
        sub(imprint, "date", date, when=year if year.isdigit() and len(year) == 4 else None)
    else:
        sub(imprint, "date", "n.d.")
    for field, unit in (("volume", "volume"), ("number", "issue"), ("pages", "page")):
        if get(field):
            sub(imprint, "biblScope", get(field), unit=unit)
    if get("series"):
        series = sub(struct, "series")
        sub(series, "title", get("series"), level="s")
    for field in ("note", "howpublished", "urldate", "discrepancy"):
        if get(field):
            sub(struct, "note", get(field), type_=field)
    return struct


def list_bibl(bib: Any, title: str) -> Element:
    listing = E("listBibl")
    sub(listing, "head", title)
    for key in bib.order:
        listing.append(bibl_struct(key, bib.entries[key]))
    return listing


def list_person(persons: list[dict[str, Any]], title: str) -> Element:
    listing = E("listPerson")
    sub(listing, "head", title)
    for person in persons:
        el = sub(listing, "person", xml__id=idmod.ncname(person["xml_id"]))
        sub(el, "persName", person["name"], type_="standard")
        if person.get("ru"):
            sub(el, "persName", person["ru"], xml__lang="ru")
        for which in ("birth", "death"):
            if person.get(which):
                sub(el, which, when=person[which]["when"], cert=person[which].get("cert"))
        for authority, uri in sorted(person.get("idno", {}).items()):
            sub(el, "idno", uri, type_=authority.upper() if authority != "wikidata"
                else "Wikidata")
        if person.get("note"):
            sub(el, "note", person["note"])
    return listing
