"""The EPUB 3 edition (``make epub``): EPUBCheck finds no error or warning; the book holds the
text, the notes as EPUB notes, the comments, the apparatus, the glossary and the works cited;
its reading text is the critical text; popups are links; Cyrillic has its language."""

from __future__ import annotations

import re
import zipfile

import lxml.etree as etree
import pytest
from checkers import epubcheck

# the edition's EPUB
pytestmark = pytest.mark.edition

XHTML = "{http://www.w3.org/1999/xhtml}"
EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
OPF = {"opf": "http://www.idpf.org/2007/opf", "dc": "http://purl.org/dc/elements/1.1/"}
CYRILLIC = re.compile("[\u0400-\u04FF]")


@pytest.fixture(scope="module")
def book(edition_epub):
    assert edition_epub.returncode == 0, edition_epub.stderr
    path = edition_epub.outdir / "all-power-to-the-soviets.epub"
    assert path.exists()
    return path


@pytest.fixture(scope="module")
def docs(book):
    """The book's content documents, parsed as XML (as a reading system does)."""
    with zipfile.ZipFile(book) as z:
        return {name: etree.fromstring(z.read(name)) for name in z.namelist()
                if name.endswith(".xhtml")}


def text_of(el) -> str:
    return " ".join("".join(el.itertext()).split())


def test_epubcheck_finds_nothing(book):
    report = epubcheck(book)
    messages = [f"{m['severity']} {m['ID']}: {m['message']} "
                f"{[loc.get('path') for loc in m.get('locations', [])][:2]}"
                for m in report["messages"]]
    assert messages == []
    assert report["checker"]["nFatal"] == report["checker"]["nError"] == 0
    assert report["checker"]["nWarning"] == 0


def test_epubcheck_reports_a_broken_book(book, tmp_path):
    """The check can fail: a content document that is not well-formed XML is an error."""
    broken = tmp_path / "broken.epub"
    with zipfile.ZipFile(book) as src, zipfile.ZipFile(broken, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "essay.xhtml":
                data = data.replace(b"<section", b"<section><input>", 1)
            dst.writestr(item, data)
    report = epubcheck(broken)
    assert report["checker"]["nFatal"] + report["checker"]["nError"] > 0


def test_metadata_and_reading_order(book):
    with zipfile.ZipFile(book) as z:
        assert z.read("mimetype") == b"application/epub+zip"
        opf = etree.fromstring(z.read("content.opf"))
    assert opf.findtext("opf:metadata/dc:title", namespaces=OPF) == \
        "‘All Power to the Soviets’: Biography of a slogan"
    assert opf.findtext("opf:metadata/dc:creator", namespaces=OPF) == "Lars T. Lih"
    assert opf.findtext("opf:metadata/dc:language", namespaces=OPF) == "en"
    manifest = {i.get("id"): i.get("href") for i in opf.iterfind("opf:manifest/opf:item", OPF)}
    spine = [manifest[i.get("idref")] for i in opf.iterfind("opf:spine/opf:itemref", OPF)]
    assert spine[:1] == ["index.xhtml"]
    for doc in ("essay.xhtml", "responses.xhtml", "editorial-notes.xhtml", "apparatus.xhtml",
                "glossary.xhtml", "works-cited.xhtml"):
        assert doc in spine
    assert spine.index("essay.xhtml") < spine.index("responses.xhtml") < spine.index("glossary.xhtml")
    # no page of the website alone: search, index, the apparatus data
    assert not {"search.xhtml", "genindex.xhtml", "apparatus.json"} & set(manifest.values())


def test_notes_are_epub_notes(docs):
    """Each note reference (author's note, editorial note, apparatus mark) links to a note on
    its page marked as an EPUB endnote; the author's eight notes are such notes."""
    for name in ("essay.xhtml", "responses.xhtml"):
        root = docs[name]
        ids = {el.get("id"): el for el in root.iter() if el.get("id")}
        refs = [a for a in root.iter(f"{XHTML}a") if a.get(EPUB_TYPE) == "noteref"]
        assert refs, name
        for ref in refs:
            href = ref.get("href")
            assert href.startswith("#"), (name, href)
            assert ids[href[1:]].get(EPUB_TYPE) == "endnote", (name, href)
    essay = docs["essay.xhtml"]
    author_notes = [el for el in essay.iter() if el.get("id", "").startswith("note-")
                    and el.get(EPUB_TYPE) == "endnote"]
    assert [el.get("id") for el in author_notes] == [f"note-{i}" for i in range(1, 9)]
    assert "This essay is based on a talk given" in text_of(author_notes[0])
    assert any(el.get(EPUB_TYPE) == "endnotes" and "ed-author-notes" in el.get("class", "")
               for el in essay.iter())


def test_popups_are_links(docs):
    """No popup (role=tooltip) and no script in the book; marks, terms and citations link to
    the listings: glossary (glossref), works cited (biblioref)."""
    for name, root in docs.items():
        assert not root.xpath("//*[@role='tooltip']"), name
        assert not list(root.iter(f"{XHTML}script")), name
    essay = docs["essay.xhtml"]
    glossrefs = [a for a in essay.iter(f"{XHTML}a") if a.get(EPUB_TYPE) == "glossref"]
    biblio = [a for a in essay.iter(f"{XHTML}a") if a.get(EPUB_TYPE) == "biblioref"]
    assert glossrefs and all(a.get("href").startswith("glossary.xhtml#") for a in glossrefs)
    assert biblio and all(a.get("href").startswith("works-cited.xhtml#") for a in biblio)
    glossary_ids = {el.get("id") for el in docs["glossary.xhtml"].iter() if el.get("id")}
    assert {a.get("href").split("#")[1] for a in glossrefs} <= glossary_ids
    works_ids = {el.get("id") for el in docs["works-cited.xhtml"].iter() if el.get("id")}
    assert {a.get("href").split("#")[1] for a in biblio} <= works_ids
    assert docs["glossary.xhtml"].xpath("//*[@epub:type='glossary']",
                                        namespaces={"epub": "http://www.idpf.org/2007/ops"})
    # the occurrences listed in the glossary point back to the marked words in the text
    assert essay.xpath("//*[@id='ru-occ-vlast-0']")


def test_reading_text_is_the_critical_text(docs):
    """The copy-text's readings that the edition corrects are given by the apparatus only;
    no view switch."""
    for name in ("essay.xhtml", "responses.xhtml"):
        root = docs[name]
        assert not root.xpath("//*[contains(concat(' ', @class, ' '), ' ed-dipl ')]"), name
        assert not list(root.iter(f"{XHTML}fieldset")) and not list(root.iter(f"{XHTML}input"))
    comments = [el for el in docs["responses.xhtml"].iter(f"{XHTML}article")]
    assert len(comments) == 2
    text = " ".join(text_of(c) for c in comments)
    assert "faint-hearts" in text and "faint-heats" not in text
    listing = text_of(docs["responses.xhtml"])
    assert "faint-heats" in listing  # in the apparatus entry, as the copy-text's reading


def test_cyrillic_has_its_language(docs):
    for name, root in docs.items():
        assert root.get("lang") == root.get(XML_LANG) == "en", name
        for el in root.iter():
            for text, holder in ((el.text, el), (el.tail, el.getparent())):
                if not text or holder is None or not CYRILLIC.search(text):
                    continue
                lang = next((a.get("lang") or a.get(XML_LANG)
                             for a in [holder, *holder.iterancestors()]
                             if a.get("lang") or a.get(XML_LANG)), "")
                assert lang.startswith("ru"), (name, text.strip()[:60])


def test_no_id_repeats(docs):
    for name, root in docs.items():
        ids = [el.get("id") for el in root.iter() if el.get("id")]
        assert len(ids) == len(set(ids)), name
