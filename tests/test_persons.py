"""The persons extension: registry, role, popups, the index of persons (HTML page and the
PDF's own index, Cyrillic sorted as Russian), bad and hostile input, parallel builds."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import lxml.html
import pytest

from conftest import ROOT, build_pdf, sphinx_build


@pytest.fixture(scope="module")
def html(tmp_path_factory, rootdir) -> Path:
    out = tmp_path_factory.mktemp("persons") / "html"
    build = sphinx_build(rootdir / "test-persons", out)
    assert build.returncode == 0, build.stderr
    assert build.stderr == ""
    return out


def page(outdir: Path, name: str) -> lxml.html.HtmlElement:
    return lxml.html.parse(str(outdir / f"{name}.html")).getroot()


def words(element: lxml.html.HtmlElement) -> str:
    return " ".join(element.text_content().split())


def reading_words(element: lxml.html.HtmlElement) -> str:
    """The words a reader reads in *element*: without the popups' bodies."""
    clone = lxml.html.fromstring(lxml.html.tostring(element))
    for body in clone.xpath(".//*[contains(@class,'ed-tip-body')]"):
        body.drop_tree()
    return words(clone)


# -- the marks in the text ------------------------------------------------------------------

def test_marks_keep_the_words_and_link_the_entry(html):
    root = page(html, "page-a")
    para = root.xpath("//p[contains(., 'put it in 1910')]")[0]
    assert reading_words(para) == ("As Lev Kamenev put it in 1910, the proletariat must lead. "
                                   "Kamenev drafted the editorial; Lenin did not disagree.")
    links = para.xpath(".//a[contains(@class,'ed-person')]")
    assert [a.get("href") for a in links] == [
        "persons.html#person-kamenev", "persons.html#person-kamenev", "persons.html#person-lenin"]
    assert [words(a) for a in links] == ["Lev Kamenev", "Kamenev", "Lenin"]
    # each mark has an id the index links back to
    assert links[0].xpath("./span[@class='ed-person-words']/@id") == ["person-occ-kamenev-page-a-0"]
    # the popup names the person: standard form, dates, Cyrillic (lang ru), identification;
    # the description is given once on the page, for every mark of the person
    assert [a.get("aria-describedby") for a in links] == [
        "ed-person-text-kamenev", "ed-person-text-kamenev", "ed-person-text-lenin"]
    assert not para.xpath(".//span[contains(@class,'ed-tip-body')]")
    body, = root.xpath("//*[@id='ed-person-text-kamenev']")
    assert words(body) == ("Kamenev, Lev Borisovich (1883–1936) · Каменев, Лев Борисович — "
                           "Old Bolshevik; chairman of the Moscow Soviet 1918–26")
    assert body.xpath(".//span[@lang='ru']/text()") == ["Каменев, Лев Борисович"]
    sources = body.getparent()
    assert "ed-tip-sources" in sources.get("class") and sources.get("hidden") is not None


def test_a_mark_in_a_heading_stays_bare_and_the_index_links_its_section(html):
    root = page(html, "page-a")
    h2 = root.xpath("//h2")[0]
    assert words(h2).startswith("A section about Martov")
    assert not h2.xpath(".//a[contains(@class,'ed-person')]")
    index = page(html, "persons")
    hrefs = index.xpath("//dt[@id='person-martov']/following-sibling::dd[1]//a/@href")
    assert "page-a.html#a-section-about-martov" in hrefs
    # no id is repeated in the page (the contents copy headings)
    ids = root.xpath("//@id")
    assert len(ids) == len(set(ids)) or [i for i in ids if ids.count(i) > 1 and "person" in i] == []


def test_the_editorial_note_links_the_entry_also_on_the_listing_page(html):
    for name in ("page-a", "notes"):
        links = page(html, name).xpath("//*[contains(@class,'ed-ednote')]//a[contains(@class,'ed-person')]")
        assert [a.get("href") for a in links] == ["persons.html#person-kamenev"], name


# -- the index --------------------------------------------------------------------------------

def test_index_of_persons(html):
    root = page(html, "persons")
    entries = root.xpath("//dl[contains(@class,'ed-persons-index')]/dt")
    assert [e.get("id") for e in entries] == [
        "person-kamenev", "person-lenin", "person-martov", "person-weber"]
    assert words(entries[0]) == "Kamenev, Lev Borisovich · Каменев, Лев Борисович (1883–1936)"
    kamenev = entries[0].getnext()
    text = words(kamenev)
    assert "Old Bolshevik; chairman of the Moscow Soviet 1918–26" in text
    assert "In the text: Lev Kamenev (1×), Kamenev (3×)" in text
    assert kamenev.xpath(".//a[contains(@class,'ed-authority')]/@href") == [
        "https://id.loc.gov/authorities/names/n80022283.html",
        "https://viaf.org/viaf/66478335/", "https://www.wikidata.org/wiki/Q184796"]
    assert "Library of Congress, VIAF, Wikidata: unverified" in words(entries[1].getnext())
    # every place, by page and section (or note) and paragraph, as the glossary names them
    places = [words(li) for li in kamenev.xpath(".//ul[contains(@class,'ed-persons-occurrences')]/li")]
    assert places == ["The text, opening: ¶ 1, ¶ 1b",
                      "The text, “A section about Martov”: ¶ 1, ¶ 1b",
                      "The text, editorial note a: ¶ 1"]
    assert "Page in reStructuredText, opening: ¶ 1" in words(entries[1].getnext())


def test_every_link_of_the_index_reaches_its_place(html):
    root = page(html, "persons")
    hrefs = root.xpath("//dl[contains(@class,'ed-persons-index')]//a[contains(@class,'internal')]/@href")
    assert len(hrefs) == 10  # Kamenev 5, Lenin 2, Martov 2, Weber 1
    for href in hrefs:
        name, _, fragment = href.partition("#")
        target = page(html, name.removesuffix(".html"))
        assert target.xpath(f"//*[@id='{fragment}']"), href


def test_tei_data_without_parsing(tmp_path, rootdir):
    """What the TEI builder will write (listPerson, persName ref) is in the domain."""
    from sphinx.testing.util import SphinxTestApp

    src = tmp_path / "src"
    shutil.copytree(rootdir / "test-persons", src)
    app = SphinxTestApp("html", srcdir=src)
    try:
        app.build()
        domain = app.env.get_domain("persons")
        people = {p["key"]: p for p in domain.persons_for_tei(app.env)}
        assert people["kamenev"] == {
            "xml_id": "person-kamenev", "key": "kamenev", "name": "Kamenev, Lev Borisovich",
            "ru": "Каменев, Лев Борисович", "birth": {"when": "1883", "cert": "high"},
            "death": {"when": "1936", "cert": "high"},
            "note": "Old Bolshevik; chairman of the Moscow Soviet 1918–26",
            "idno": {"lcnaf": "https://id.loc.gov/authorities/names/n80022283.html",
                     "viaf": "https://viaf.org/viaf/66478335/",
                     "wikidata": "https://www.wikidata.org/wiki/Q184796"}}
        occurrences = domain.data["occurrences"]["page-a"]
        assert occurrences[0]["occ_id"] == "person-occ-kamenev-page-a-0"
        assert occurrences[0]["person"] == "kamenev"
    finally:
        app.cleanup()


# -- the PDF: an index of its own, Cyrillic in Russian order -----------------------------------

def test_pdf_index_of_persons(tmp_path, rootdir):
    pdf = build_pdf(rootdir / "test-persons", tmp_path / "latex", name="persons")
    assert pdf.returncode == 0, pdf.output[-3000:]
    tex = pdf.tex
    assert (r"\edPerson{Lev Kamenev}{persons:person-kamenev}"
            r"\edPersonIndex{Kamenev, Lev Borisovich@Kamenev, Lev Borisovich}"
            r"\edPersonIndex{Каменев, Лев Борисович@Каменев, Лев Борисович}") in tex
    assert tex.rstrip().endswith(r"\end{document}") and r"\edPrintPersonsIndex" in tex
    text = subprocess.run(["pdftotext", "-layout", str(pdf.pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    index = text[text.rindex("Index of persons"):]
    order = ["Kamenev, Lev Borisovich", "Lenin, Vladimir", "Martov, L.", "Weber, Max",
             "Каменев, Лев Борисович", "Ленин, Владимир Ильич", "Мартов, Л."]
    positions = [index.index(name) for name in order]
    assert positions == sorted(positions)
    # letter headings: Latin, then Cyrillic
    heads = [line.strip() for line in index.splitlines()
             if len(line.strip()) == 1 and line.strip().isalpha()]
    assert heads == ["K", "L", "M", "W", "К", "Л", "М"]


# -- bad and hostile input ------------------------------------------------------------------------

@pytest.mark.sphinx("html", testroot="persons-bad")
def test_bad_input_warnings(app):
    app.build()
    warnings = app.warning.getvalue()
    registry = re.escape(str(app.srcdir / "persons.yaml"))
    index = re.escape(str(app.srcdir / "index.md"))
    expected = [
        rf"{registry}:1: WARNING: registry entry 'kamenev' has unknown fields \['nickname'\].*\[persons\.registry\]",
        rf"{registry}:1: WARNING: lcnaf: 'x80022283' of 'kamenev' is not a Library of Congress identifier.*\[persons\.bad_identifier\]",
        rf"{registry}:1: WARNING: viaf: '6647A8335' of 'kamenev' is not a VIAF identifier.*\[persons\.bad_identifier\]",
        rf"{registry}:1: WARNING: wikidata: 'P184796' of 'kamenev' is not a Wikidata identifier.*\[persons\.bad_identifier\]",
        rf"{registry}:11: WARNING: the person 'kamenev' is defined twice \(first at line 1\).*\[persons\.duplicate\]",
        rf"{registry}:14: WARNING: registry entry 'Nobody' has 'Bad Key' as its key.*\[persons\.registry\]",
        rf"{registry}:17: WARNING: the person 'noabout' has no about.*\[persons\.registry\]",
        rf"{registry}:19: WARNING: the birth date '1883/4' of 'dates' is not a year.*\[persons\.bad_dates\]",
        rf"{registry}:24: WARNING: 'backwards' died \(1850\) before being born \(1900\).*\[persons\.bad_dates\]",
        rf"{registry}:29: WARNING: the name form 'kamenev' belongs to both 'kamenev' and 'twin'.*\[persons\.ambiguous_form\]",
        rf"{registry}:29: WARNING: the person 'twin' \(Twin, One\) is never marked.*\[persons\.unused\]",
        rf"{index}:4: WARNING: unknown person 'Kamenv' \(nearest: kamenev\).*\[persons\.unknown\]",
        rf"{index}:5: WARNING: unknown person 'chairman' \(no similar name is registered\).*\[persons\.unknown\]",
    ]
    for pattern in expected:
        assert re.search(pattern, warnings), pattern
    assert "Traceback" not in warnings
    root = lxml.html.parse(str(app.outdir / "index.html")).getroot()
    # unknown names keep their words, unlinked; malformed identifiers are left out
    assert "The name Kamenv is not. Nor is the chairman." in reading_words(root)
    entry = root.xpath("//dt[@id='person-kamenev']")[0].getnext()
    assert not entry.xpath(".//a[contains(@class,'ed-authority')]")
    assert "Library of Congress, VIAF, Wikidata: unverified" in words(entry)


HOSTILE = {
    "not YAML": ("- key: a\n  name: [unclosed\n", r":3: WARNING: the registry of persons is not valid YAML"),
    "not a list": ("key: a\nname: b\n", r":1: WARNING: the registry of persons must be a YAML list"),
    "aliases": ("- &a {key: a, name: A, about: x}\n- *a\n",
                r":2: WARNING: the registry of persons is not valid YAML .*aliases"),
    "too large": ("# " + "x" * (1024 * 1024) + "\n", r":1: WARNING: the registry of persons is \d+ bytes"),
    "a long identification": ("- key: kamenev\n  name: Kamenev\n  about: " + "word " * 100 + "\n",
                              r":1: WARNING: the identification of 'kamenev' is \d+ characters"),
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_registry_is_a_located_warning(tmp_path, rootdir, case):
    content, message = HOSTILE[case]
    src = tmp_path / "src"
    shutil.copytree(rootdir / "test-persons", src)
    (src / "persons.yaml").write_text(content, encoding="utf-8")
    build = sphinx_build(src, tmp_path / "out")
    assert re.search(re.escape(str(src / "persons.yaml")) + message + r".*\[persons\.registry\]",
                     build.stderr), build.stderr
    assert "Traceback" not in build.stderr and "Exception" not in build.stderr


def test_marks_without_an_index_page_warn(tmp_path, rootdir):
    src = tmp_path / "src"
    shutil.copytree(rootdir / "test-persons", src)
    (src / "persons.md").write_text("# Not the index\n\nNothing here.\n", encoding="utf-8")
    build = sphinx_build(src, tmp_path / "out")
    assert re.search(re.escape(str(src / "page-a.md")) + r":3: WARNING: persons are marked but no "
                     r"page holds the index of persons.*\[persons\.no_index\]", build.stderr)
    # the marks are still the text's words
    para = page(tmp_path / "out", "page-a").xpath("//p[contains(., 'put it in 1910')]")[0]
    assert reading_words(para).startswith("As Lev Kamenev put it in 1910")


# -- parallel builds ------------------------------------------------------------------------------

def test_parallel_build_equals_serial_build(tmp_path, rootdir):
    src = tmp_path / "src"
    shutil.copytree(rootdir / "test-persons", src)
    names = [f"extra-{i}" for i in range(8)]
    for i, name in enumerate(names):
        (src / f"{name}.md").write_text(f"# Extra {i}\n\n{{person}}`Lenin` and {{person}}`Weber <weber>`.\n",
                                        encoding="utf-8")
    index = (src / "index.md").read_text().replace("notes\n", "\n".join(names) + "\nnotes\n")
    (src / "index.md").write_text(index, encoding="utf-8")
    serial = sphinx_build(src, tmp_path / "j1", extra=["-j", "1"])
    parallel = sphinx_build(src, tmp_path / "j2", extra=["-j", "2"])
    assert serial.returncode == 0 and parallel.returncode == 0, serial.stderr + parallel.stderr
    for name in ("persons", "page-a", "extra-7"):
        assert (tmp_path / "j1" / f"{name}.html").read_text() == (tmp_path / "j2" / f"{name}.html").read_text()
    assert "Extra 7, opening: ¶ 1" in words(page(tmp_path / "j2", "persons"))


# -- the edition's registry -------------------------------------------------------------------------

@pytest.mark.edition
def test_the_edition_registry_reads_clean(tmp_path, rootdir):
    """source/persons.yaml has no problem but persons the one-page project does not mark;
    it records no identifier that research/persons.md does not document."""
    src = tmp_path / "src"
    shutil.copytree(rootdir / "test-persons", src)
    shutil.copy(ROOT / "source" / "persons.yaml", src / "persons.yaml")
    build = sphinx_build(src, tmp_path / "out")
    problems = [line for line in build.stderr.splitlines()
                if "WARNING" in line and "[persons.unused]" not in line]
    assert problems == []
    from persons.registry import load_registry

    registry = load_registry(src / "persons.yaml")
    assert len(registry.persons) >= 25
    research = (ROOT / "research" / "persons.md").read_text(encoding="utf-8")
    for person in registry.persons.values():
        assert f"**{person.name.replace(chr(39), '’')}**" in research, person.key
        for _, ident, _ in person.authority_links():
            assert ident in research, (person.key, ident)


# -- incremental builds -----------------------------------------------------------------------------

def test_an_edit_of_the_registry_or_a_page_updates_every_page_that_shows_it(tmp_path, rootdir):
    src = tmp_path / "src"
    shutil.copytree(rootdir / "test-persons", src)
    out = tmp_path / "out"
    assert sphinx_build(src, out).returncode == 0
    registry = src / "persons.yaml"
    registry.write_text(registry.read_text(encoding="utf-8").replace(
        "Old Bolshevik; chairman", "Bolshevik; chairman"), encoding="utf-8")
    page_rst = src / "page-rst.rst"
    page_rst.write_text(page_rst.read_text(encoding="utf-8") + "\nAnd :person:`Kamenev` too.\n",
                        encoding="utf-8")
    build = sphinx_build(src, out)  # incremental: the same output and doctrees
    assert build.returncode == 0, build.stderr
    # the popups of an unchanged page and the index follow the registry
    assert "— Bolshevik; chairman of the Moscow Soviet" in words(page(out, "page-a"))
    index = page(out, "persons")
    assert "Old Bolshevik" not in words(index)
    # and the index lists the new mention (a paragraph of its own)
    kamenev = index.xpath("//dt[@id='person-kamenev']")[0].getnext()
    assert "Page in reStructuredText, opening: ¶ 2" in words(kamenev)


# -- the edition: every person marked, the index and the marks in the editorial notes ---------------

@pytest.fixture(scope="module")
def edition(edition_html) -> Path:
    assert edition_html.returncode == 0, edition_html.stderr
    return edition_html.outdir


def edition_registry():
    from persons.registry import load_registry

    return load_registry(ROOT / "source" / "persons.yaml")


def test_the_edition_marks_every_person_and_warns_of_none(edition_html):
    """conf.py no longer silences persons.unused: the edition's build has no persons warning."""
    assert "suppress_warnings" not in (ROOT / "conf.py").read_text(encoding="utf-8")
    assert "[persons." not in edition_html.stderr


def test_the_edition_index_lists_each_person_with_linked_occurrences(edition):
    registry = edition_registry()
    root = page(edition, "persons")
    entries = root.xpath("//dl[contains(@class,'ed-persons-index')]/dt")
    assert sorted(e.get("id") for e in entries) == sorted(p.anchor for p in registry.persons.values())
    for dt in entries:
        links = dt.getnext().xpath(".//ul[contains(@class,'ed-persons-occurrences')]//a/@href")
        assert links, dt.get("id")
        for href in links:
            name, _, fragment = href.partition("#")
            target = page(edition, name.removesuffix(".html"))
            assert target.xpath(f"//*[@id='{fragment}']"), (dt.get("id"), href)
    # the forms "in the text" are counted on the pages of the text only (persons_text_docs):
    # the commenters are named in the introduction and the editorial principles, not marked
    # in the text, so no form is counted for them
    stuart = root.xpath("//dt[@id='person-stuart']")[0].getnext()
    assert "In the text" not in words(stuart)
    assert "Textual introduction" in words(stuart)
    dorr = words(root.xpath("//dt[@id='person-dorr']")[0].getnext())
    assert "In the text: Rheta Childe Dorr (2×), Dorr (2×)" in dorr


def test_an_editorial_note_that_identifies_a_person_links_the_entry(edition):
    """Every editorial note on a person marks the person: on the page and in the listing."""
    notes = {"essay": {"weber": "weber", "reed": "reed", "dorr": "dorr", "kerensky": "kerensky",
                       "petrograd-soviet": "chkheidze", "provisional-government": "lvov",
                       "daniels": "daniels", "kamenev": "kamenev", "kalinin": "kalinin",
                       "martov": "martov", "ideas-left-out": "riddell"},
             "responses": {"sandino": "sandino", "cheka": "dzerzhinsky"}}
    for doc, by_note in notes.items():
        root = page(edition, doc)
        for note, key in by_note.items():
            hrefs = root.xpath(f"//div[@id='ednote-{note}']//a[contains(@class,'ed-person')]/@href")
            assert f"persons.html#person-{key}" in hrefs, (doc, note)
    listing = page(edition, "editorial-notes")
    assert listing.xpath("//a[contains(@class,'ed-person')][@href='persons.html#person-kerensky']")
    # the listing gathers the notes of every page: their marks keep ids of their own
    ids = listing.xpath("//@id")
    assert len(ids) == len(set(ids)), sorted(i for i in set(ids) if ids.count(i) > 1)


def test_no_unverified_identifier_is_printed(edition):
    """The index links only identifiers the registry records, and the registry records only
    those research/persons.md gives as checked against the authority record; every other
    authority is printed as unverified."""
    registry = edition_registry()
    research = (ROOT / "research" / "persons.md").read_text(encoding="utf-8")
    root = page(edition, "persons")
    for person in registry.persons.values():
        entry = words(root.xpath(f"//dt[@id='{person.anchor}']")[0].getnext())
        printed = root.xpath(f"//dt[@id='{person.anchor}']")[0].getnext().xpath(
            ".//a[contains(@class,'ed-authority')]/text()")
        assert sorted(printed) == sorted(person.ids.values()), person.key
        for ident in printed:
            line = next(line for line in research.splitlines() if ident in line)
            assert "unverified" not in line.casefold(), (person.key, ident)
        if person.unverified():
            assert ", ".join(person.unverified()) + ": unverified" in entry, person.key
