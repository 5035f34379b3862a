"""The ``teiHeader`` of the edition, from ``conf.py`` and the edition's own pages and data.

* ``fileDesc``: the title (``project``), the author (``author``), the editors with their
  roles (``tei_editors``), the version (``release``, ``today``), the publication statement
  (``tei_publisher``, ``copyright`` and the rights page, ``tei_rights_page``), and the
  sources: ``listWit`` with each witness the apparatus declares (its siglum as ``xml:id``).
* ``encodingDesc``: the editorial principles as ``editorialDecl`` (the section named by
  ``tei_editorial_principles``), the apparatus's ``variantEncoding`` (parallel
  segmentation, internal), the transliteration of Russian (the terms extension's schemes).
* ``profileDesc``: ``langUsage`` (en, ru, ru-Latn) and ``calendarDesc`` (the Julian and the
  Gregorian calendars, which the dates' ``datingMethod`` names).
"""

from __future__ import annotations

from typing import Any

from docutils import nodes

from .tei import E, Element, local, sub

#: the transliteration schemes by the name iuliia gives them
SCHEMES = {
    "ala_lc_alt": "the Library of Congress romanisation (ALA-LC) without diacritics",
    "ala_lc": "the Library of Congress romanisation (ALA-LC) with diacritics",
}



def editors(config: Any) -> list[dict[str, Any]]:
    """``tei_editors``; when none is declared, "The editors" as
    ``ed``, whom the editorial notes and readings name (``resp="#ed"``)."""
    return list(config.tei_editors) or [{"id": "ed", "name": "The editors",
                                         "roles": []}]

def header(tei: Any) -> Element:
    config = tei.config
    head = E("teiHeader")
    file_desc = sub(head, "fileDesc")
    title_stmt = sub(file_desc, "titleStmt")
    sub(title_stmt, "title", config.project, type_="main")
    sub(title_stmt, "author", config.author)
    for editor in editors(config):
        sub(title_stmt, "editor", editor["name"], xml__id=editor.get("id"), role="editor")
    for editor in editors(config):
        for role in editor.get("roles", []):
            stmt = sub(title_stmt, "respStmt")
            sub(stmt, "resp", role)
            sub(stmt, "name", editor["name"], ref=f"#{editor['id']}" if editor.get("id") else None)

    edition_stmt = sub(file_desc, "editionStmt")
    sub(edition_stmt, "edition", f"Version {config.release}",
        E("date", config.today) if config.today else None, n=config.release)

    pub = sub(file_desc, "publicationStmt")
    sub(pub, "publisher", config.tei_publisher or config.project)
    if config.today:
        sub(pub, "date", config.today)
    availability = sub(pub, "availability")
    if config.copyright:
        sub(availability, "p", f"© {config.copyright}")
    rights = tei.page_body(config.tei_rights_page)
    if rights is not None:
        for p in as_paragraphs(rights):
            availability.append(p)

    source_desc = sub(file_desc, "sourceDesc")
    list_wit = sub(source_desc, "listWit")
    for siglum, decl in tei.witnesses.items():
        sub(list_wit, "witness", decl.get("description", ""), xml__id=tei.witness_id(siglum),
            n=siglum)
    if not len(list_wit):
        source_desc.remove(list_wit)
        sub(source_desc, "p", "No witness is declared.")

    encoding = sub(head, "encodingDesc")
    principles = tei.section_body(config.tei_editorial_principles)
    decl = sub(encoding, "editorialDecl")
    if principles is not None:
        for p in as_paragraphs(principles):
            decl.append(p)
    if not len(decl):
        sub(decl, "p", "The editorial principles are stated in the edition's front matter.")
    sub(encoding, "variantEncoding", method="parallel-segmentation", location="internal")

    profile = sub(head, "profileDesc")
    lang_usage = sub(profile, "langUsage")
    translit = SCHEMES.get(config.terms_transliteration, config.terms_transliteration)
    scholarly = SCHEMES.get(config.terms_scholarly_transliteration,
                            config.terms_scholarly_transliteration)
    sub(lang_usage, "language", "English", ident="en")
    sub(lang_usage, "language", "Russian, in the Cyrillic alphabet", ident="ru")
    sub(lang_usage, "language",
        f"Russian, in the Latin alphabet: as the author writes it; the edition's "
        f"transliteration is {translit} (the glossary also gives {scholarly})",
        ident="ru-Latn")
    calendars = sub(profile, "calendarDesc")
    cal = sub(calendars, "calendar", xml__id="julian")
    sub(cal, "p", "The Julian calendar (Old Style), in use in Russia until 31 January 1918.")
    cal = sub(calendars, "calendar", xml__id="gregorian")
    sub(cal, "p", "The Gregorian calendar (New Style), in use in Russia from 14 February 1918.")
    return head


def as_paragraphs(container: Element) -> list[Element]:
    """The content of a written ``div`` as paragraphs only (what ``availability`` and
    ``editorialDecl`` hold): headings become ``p rend="head"``, lists and quotations go
    inside a ``p``; ``xml:id``s are dropped (the page itself is in the text)."""
    out: list[Element] = []
    for child in container:
        if not isinstance(child.tag, str):
            continue
        name = local(child)
        if name == "div":
            out.extend(as_paragraphs(child))
        elif name == "head":
            child.tag = child.tag.replace("}head", "}p")
            child.set("rend", "head")
            child.attrib.pop("type", None)
            out.append(child)
        elif name in ("p", "ab"):
            out.append(child)
        elif name == "anchor":
            continue
        else:
            out.append(E("p", child))
    for p in out:
        for el in p.iter():
            el.attrib.pop("{http://www.w3.org/XML/1998/namespace}id", None)
        for anchor in list(p.iter("{http://www.tei-c.org/ns/1.0}anchor")):
            parent = anchor.getparent()
            if anchor.tail:
                prev = anchor.getprevious()
                if prev is not None:
                    prev.tail = (prev.tail or "") + anchor.tail
                else:
                    parent.text = (parent.text or "") + anchor.tail
            parent.remove(anchor)
    return out


def first_section(doctree: nodes.document) -> nodes.section | None:
    return next(iter(doctree.findall(nodes.section)), None)
