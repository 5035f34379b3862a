"""Citations: the cite-as role, hovers, the works-cited page with cross-document
back-references, the edition's bibliography style, bad input, parallel and incremental
builds, and the lookup command."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import lxml.html
import pytest

from citations import bibdata, locator, lookup, service, style
from conftest import ROOT, sphinx_build
from edition_text import popup_text


def page(outdir: Path, name: str) -> lxml.html.HtmlElement:
    return lxml.html.parse(str(outdir / f"{name}.html")).getroot()


def words(el) -> str:
    return " ".join(el.text_content().split())


# -- the role and the hover ------------------------------------------------------------------

@pytest.mark.sphinx("html", testroot="citations")
def test_role_keeps_words_links_and_explains(app):
    app.build()
    assert app.warning.getvalue() == ""
    root = page(app.outdir, "index")
    cites = root.xpath("//span[contains(@class,'ed-cite')]")
    assert len(cites) == 6
    first = cites[0]
    link = first.xpath(".//a[contains(@class,'ed-cite-link')]")[0]
    assert link.text_content() == "(10)"  # the author's words, exactly
    assert link.get("href") == "works.html#cite-dorr1917inside"
    assert popup_text(link) == ("Dorr 1917, p. 10: Dorr, Rheta Childe. 1917. Inside the Russian "
                                "Revolution. New York: The Macmillan Company.")
    # the reference is given once on the page, hidden, editorial; the popup names it
    (text,) = root.xpath(f"//*[@id='{link.get('aria-describedby')}']")
    assert text.xpath("ancestor::div[@hidden and contains(@class,'ed-editorial')]")
    assert len(root.xpath("//*[@id='ed-cite-work-dorr1917inside']")) == 1  # four citations
    # "(47-8)" stays as written; the hover gives the normalised locator
    assert cites[1].xpath(".//a")[0].text_content() == "(47-8)"
    assert popup_text(cites[1].xpath(".//a")[0]).startswith("Dorr 1917, pp. 47–48:")
    # two works in one citation: both references in the hover, the link to the first
    two = cites[4]
    assert two.xpath(".//a")[0].get("href") == "works.html#cite-martov1919sovietism"
    hover = popup_text(two.xpath(".//a")[0])
    assert "Martov 1919:" in hover and "Lih 2011, p. 222:" in hover and "Мартов" in hover
    # an editorial citation (no words of the author) is marked as editorial
    assert "ed-editorial" in cites[5].get("class").split()
    assert cites[5].xpath(".//a")[0].text_content() == "(Dorr 1917, p. 2)"


@pytest.mark.sphinx("html", testroot="citations")
def test_works_cited_back_references_across_documents(app):
    app.build()
    works = page(app.outdir, "works")
    entries = works.xpath("//div[contains(@class,'ed-works-cited') and not(contains(@class,'ed-works-consulted'))]"
                          "/div[contains(@class,'ed-ref')]")
    assert [e.get("id") for e in entries] == [
        "cite-dorr1917inside", "cite-lih2011ironic", "cite-martov1919sovietism",
        "cite-marx1888manifesto", "cite-reed1919chapter"]
    dorr = entries[0]
    links = dorr.xpath(".//p[contains(@class,'ed-backrefs')]//a")
    targets = [a.get("href") for a in links]
    assert targets == ["index.html#cite-ref-0", "index.html#cite-ref-1", "index.html#cite-ref-2",
                       "index.html#cite-ref-5", "other.html#cite-ref-0", "editors.html#cite-ref-0"]
    assert [a.text_content() for a in links] == [
        "¶ 1 (p. 10)", "¶ 1 (pp. 47–48)", "¶ 1 (pp. 34, 38)", "¶ 3 (p. 2)", "¶ 1 (p. 205)",
        "¶ 1 (p. 12)"]
    assert "Text — ¶ 1 (p. 10); A section ¶ 1 (pp. 47–48)" in words(dorr)
    assert "Other page — ¶ 1 (p. 205)" in words(dorr)
    # every back-reference lands on the citation it names
    for href in targets:
        doc, anchor = href.split("#")
        assert page(app.outdir, doc.removesuffix(".html")).xpath(f"//*[@id='{anchor}']")
    # the works consulted: in the bib file, not cited, marked as consulted
    consulted = works.xpath("//div[contains(@class,'ed-works-consulted')]/div/@id")
    assert consulted == ["cite-brinton1970bolsheviks"]
    differences = works.xpath("//p[contains(@class,'ed-difference')]")
    assert len(differences) == 1 and "MacMillan" in words(differences[0])
    assert differences[0].xpath("./a/@href") == ["#cite-dorr1917inside"]


@pytest.mark.sphinx("text", testroot="citations")
def test_text_builder_keeps_the_authors_words(app):
    app.build()
    text = (app.outdir / "index.txt").read_text(encoding="utf-8")
    assert "Dorr again (47-8) and (pp. 34, 38)." in text
    assert "Dorr 1917, pp. 47–48" not in text  # the hover is HTML only
    works = " ".join((app.outdir / "works.txt").read_text(encoding="utf-8").split())
    assert "Dorr, Rheta Childe. 1917. *Inside the Russian Revolution*. New York:" in works
    assert "Cited: *Text* — ¶ 1 (p. 10); A section ¶ 1 (pp. 47–48)" in works
    assert "Мартов" in works


@pytest.mark.sphinx("latex", testroot="citations")
def test_latex_uses_named_macros(app):
    app.build()
    tex = next(app.outdir.glob("*.tex")).read_text(encoding="utf-8")
    assert r"\providecommand{\edCite}[2]" in tex
    assert r"\edCite{(47\sphinxhyphen{}8)}{edcite:dorr1917inside}" in tex
    assert r"\phantomsection\label{edcite:dorr1917inside}" in tex  # the works-cited entry
    assert "Inside the Russian Revolution" in tex


# -- sphinxcontrib-bibtex's roles -------------------------------------------------------------

@pytest.mark.sphinx("html", testroot="citations")
def test_cite_p_and_t_print_in_the_edition_style(app):
    """{cite:p}, {cite:t} and {cite} are the editors' citations: the edition's labels, linked
    to the works cited, with the popup, and back-referenced like every citation."""
    app.build()
    assert app.warning.getvalue() == ""
    root = page(app.outdir, "editors")
    cites = root.xpath("//span[contains(@class,'ed-cite')]")
    links = [c.xpath(".//a[contains(@class,'ed-cite-link')]")[0] for c in cites]
    assert [a.text_content() for a in links] == [
        "(see Dorr 1917, p. 12; Lih 2011)", "Martov (1919, p. 3)", "(Reed 1919, pp. 11–12)",
        "Marx and Engels (1888)"]
    assert all("ed-editorial" in c.get("class").split() for c in cites)
    assert [a.get("href") for a in links] == [
        "works.html#cite-dorr1917inside", "works.html#cite-martov1919sovietism",
        "works.html#cite-reed1919chapter", "works.html#cite-marx1888manifesto"]
    hover = popup_text(links[0])
    assert hover.startswith("Dorr 1917, p. 12: Dorr, Rheta Childe. 1917. Inside the Russian")
    assert "Lih 2011: Lih, Lars T. 2011." in hover
    works = page(app.outdir, "works")
    reed = works.xpath("//div[@id='cite-reed1919chapter']")[0]
    assert reed.xpath(".//p[contains(@class,'ed-backrefs')]//a/@href") == ["editors.html#cite-ref-2"]
    assert "Editors' page — ¶ 2 (pp. 11–12)" in words(reed)


@pytest.mark.sphinx("latex", testroot="citations")
def test_cite_p_in_latex(app):
    app.build()
    tex = next(app.outdir.glob("*.tex")).read_text(encoding="utf-8")
    assert r"\edCite{Martov (1919, p. 3)}{edcite:martov1919sovietism}" in tex


# -- printing every field ---------------------------------------------------------------------

@pytest.mark.sphinx("html", testroot="citations")
def test_every_field_of_an_entry_prints(app):
    """The volume of an @incollection, the original date (origdate): printed in the HTML,
    the PDF's LaTeX and the text; a field for the editors only (``checked`` in this project's
    conf.py, ``annote`` always) is not, and does not warn."""
    app.build()
    assert app.warning.getvalue() == ""
    works = page(app.outdir, "works")
    reed = words(works.xpath("//div[@id='cite-reed1919chapter']/p[contains(@class,'ed-reference')]")[0])
    assert reed == ("Reed, John. 1919. “Red Russia.” In Collected Writings, vol. 2, edited by "
                    "Ann Smith, 10–20. New York: Liberator Press.")
    marx = words(works.xpath("//div[@id='cite-marx1888manifesto']/p[contains(@class,'ed-reference')]")[0])
    assert marx == ("Marx, Karl, and Friedrich Engels. (1848) 1888. Manifesto of the Communist "
                    "Party. London: William Reeves.")
    assert "Seen in the library" not in words(works) and "editors' copy" not in words(works)


@pytest.mark.sphinx("latex", testroot="citations")
def test_every_field_of_an_entry_prints_in_latex(app):
    app.build()
    tex = " ".join(next(app.outdir.glob("*.tex")).read_text(encoding="utf-8").split())
    assert r"\sphinxstyleemphasis{Collected Writings}, vol. 2, edited by Ann Smith" in tex
    assert r"(1848) 1888. \sphinxstyleemphasis{Manifesto of the Communist Party}" in tex


@pytest.mark.sphinx("text", testroot="citations")
def test_every_field_of_an_entry_prints_in_text(app):
    app.build()
    works = " ".join((app.outdir / "works.txt").read_text(encoding="utf-8").split())
    assert "In *Collected Writings*, vol. 2, edited by Ann Smith, 10–20." in works


def test_fields_the_style_does_not_print_are_named():
    """The style reports what it prints: a field it does not print is found, per entry."""
    from pybtex.database import parse_string

    data = parse_string("""@book{a, author = {A, B}, title = {T}, year = {2000},
        shorttitle = {S}, annote = {for us}, pagetotal = {99}}""", "bibtex")
    bib = service.Bibliography(data)
    assert bib.unprinted_fields() == [("a", "shorttitle"), ("a", "pagetotal")]
    assert bib.unprinted_fields(["pagetotal"]) == [("a", "shorttitle")]


# -- the style ---------------------------------------------------------------------------------

def test_style_keeps_capitals_cyrillic_and_tells_years_apart():
    data = bibdata.load([ROOT / "bibliography.bib"])
    formatted = service.Bibliography(data.data).formatted
    lih = formatted["lih2011ironic"].text.render_as("text")
    assert lih.startswith("Lih, Lars T. 2011. “The Ironic Triumph of Old Bolshevism: The Debates "
                          "of April 1917 in Context.” Russian History 38 (2): 199–242.")
    martov = formatted["martov1923world"].text.render_as("text")
    assert martov.startswith("Martov, L. [Мартов, Л.]. 1923. Мировой большевизм "
                             "[Mirovoi bol'shevizm; World Bolshevism]. Berlin")
    assert formatted["lenin1918state"].label == "Lenin 1918a"
    assert formatted["lenin1918immediate"].label == "Lenin 1918b"
    assert formatted["marx1848manifesto"].text.render_as("text").startswith(
        "Marx, Karl, and Friedrich Engels. 1848. Manifest der Kommunistischen Partei.")
    html = formatted["dorr1917inside"].text.render_as("html")
    assert "Inside the Russian Revolution</span></em>. New York" in html  # full stop outside the italics


def test_style_is_a_pybtex_plugin():
    import pybtex.plugin
    assert pybtex.plugin.find_plugin("pybtex.style.formatting", "edition") is style.EditionStyle


@pytest.mark.parametrize("given, normalised", [
    ("p. 10", "p. 10"), ("10, 19", "pp. 10, 19"), ("pp. 34, 38", "pp. 34, 38"),
    ("47-8", "pp. 47–48"), ("pp. 47–48", "pp. 47–48"),
    ("vol. VII, pp. 332-333, 340-342", "vol. VII, pp. 332–333, 340–342"),
    ("n. 4", "n. 4"), ("ch. V, p. 41", "ch. V, p. 41"), ("", ""),
])
def test_locators(given, normalised):
    assert locator.parse(given).format() == normalised


@pytest.mark.parametrize("bad", ["pp. 48-47", "s. 422", "page 5", "p. 5-V", "10;"])
def test_bad_locators(bad):
    with pytest.raises(locator.LocatorError):
        locator.parse(bad)


# -- bad input ---------------------------------------------------------------------------------

@pytest.mark.sphinx("html", testroot="citations-bad")
def test_bad_input_warnings_name_file_and_line(app):
    app.build()
    warnings = app.warning.getvalue()
    bib = re.escape(str(app.srcdir / "refs.bib"))
    src = re.escape(str(app.srcdir / "index.md"))
    assert re.search(rf"{bib}:13: .*duplicate key 'dorr1917inside'.*line 1.*\[cite\.duplicate_key\]", warnings)
    assert re.search(rf"{bib}:22: .*malformed bib file.*'broken' from line 19.*\[cite\.bib_syntax\]", warnings)
    assert re.search(rf"{src}:3: .*unknown bibliography key 'dor1917inside'.*nearest keys: dorr1917inside.*\[cite\.unknown_key\]", warnings)
    assert re.search(rf"{src}:5: .*locator 'pp\. 48-47'.*\[cite\.bad_locator\]", warnings)
    assert re.search(rf"{src}:7: .*citation target ', p\. 5' is malformed.*\[cite\.bad_target\]", warnings)
    assert re.search(rf"{bib}:7: .*'reed1919ten'.*never cites it.*\[cite\.uncited\]", warnings)
    # a field that the style does not print: at its line, naming the way to mark it
    assert re.search(rf"{bib}:35: WARNING: the field 'shorttitle' of 'fields2001' is not printed "
                     r"by the edition's style \(edition\): delete it, or, if it is data for the "
                     r"editors only, add it to citations_unprinted_fields in conf.py "
                     r"\[cite\.unprinted_field\]", warnings)
    assert re.search(rf"{bib}:36: .*'checked' of 'fields2001'.*\[cite\.unprinted_field\]", warnings)
    # sphinxcontrib-bibtex's roles: a malformed target, a role the edition does not use
    assert re.search(rf"{src}:11: WARNING: citation target 'dorr1917inside b' is malformed: .*"
                     r"\{cite-as\}`words <key, locator>`.*\[cite\.bad_target\]", warnings)
    assert re.search(rf"{src}:13: WARNING: the role \{{cite:ps\}} is not used in this edition.*"
                     r"\{cite-as\}.*\{cite:p\}.*\[cite\.unsupported_role\]", warnings)
    assert re.search(rf"{src}:15: WARNING: the role \{{footcite\}} is not used.*"
                     r"\[cite\.unsupported_role\]", warnings)
    assert "Traceback" not in warnings
    # nothing is lost: the words stay, the entries after the error are read, the first
    # of two duplicates is kept
    root = page(app.outdir, "index")
    hovers = [popup_text(a) for a in root.xpath("//*[contains(@class,'ed-cite-link')]")]
    for hidden in root.xpath("//span[@role='tooltip'] | //div[contains(@class,'ed-tip-sources')]"):
        hidden.drop_tree()
    text = words(root)
    for w in ("An unknown key (10).", "does not parse (47-8).", "A malformed target (5).", "after.",
              "malformed target dorr1917inside b.", "does not use dorr1917inside.",
              "A footnote citation dorr1917inside and extra."):
        assert w in text
    assert any("After, The Error. 2000." in h for h in hovers)
    assert any("Inside the Russian Revolution" in h for h in hovers)
    assert not any("A duplicate" in h for h in hovers)


def test_bad_input_fails_the_strict_build(rootdir, tmp_path):
    src = tmp_path / "src"
    shutil.copytree(rootdir / "test-citations-bad", src)
    build = sphinx_build(src, tmp_path / "out")
    assert build.returncode != 0
    assert f"{src / 'refs.bib'}:22:" in build.stderr and "[cite.bib_syntax]" in build.stderr
    assert "Traceback" not in build.stderr


# -- parallel and incremental builds -----------------------------------------------------------

def _cite_html(outdir: Path) -> dict[str, str]:
    out = {}
    for name in ("index", "other", "works"):
        root = page(outdir, name)
        parts = root.xpath("//span[contains(@class,'ed-cite')] | //div[contains(@class,'ed-works-cited')]")
        out[name] = "".join(lxml.html.tostring(p, encoding="unicode") for p in parts)
    return out


def test_parallel_build_equals_serial_build(rootdir, tmp_path):
    src = tmp_path / "src"
    shutil.copytree(rootdir / "test-citations", src)
    serial = sphinx_build(src, tmp_path / "j1", extra=["-j", "1", "-E"])
    parallel = sphinx_build(src, tmp_path / "j2", extra=["-j", "2", "-E"])
    assert serial.returncode == 0 and parallel.returncode == 0, serial.stderr + parallel.stderr
    assert _cite_html(tmp_path / "j1") == _cite_html(tmp_path / "j2")
    assert "other.html#cite-ref-0" in _cite_html(tmp_path / "j2")["works"]


def test_incremental_build_follows_the_bib_file_and_the_pages(rootdir, tmp_path):
    src, out = tmp_path / "src", tmp_path / "out"
    shutil.copytree(rootdir / "test-citations", src)
    assert sphinx_build(src, out).returncode == 0
    # editing bibliography data updates every page that shows it
    bib = src / "refs.bib"
    bib.write_text(bib.read_text(encoding="utf-8").replace(
        "Inside the Russian Revolution", "Inside the Russian Revolution, Revised"), encoding="utf-8")
    build = sphinx_build(src, out)
    assert build.returncode == 0, build.stderr
    for name in ("index", "other", "works"):
        assert "Inside the Russian Revolution, Revised" in (out / f"{name}.html").read_text(encoding="utf-8"), name
    # a citation removed from one page disappears from the works-cited back-references
    other = src / "other.md"
    other.write_text("# Other page\n\nNo citation here any more.\n", encoding="utf-8")
    assert sphinx_build(src, out).returncode == 0
    works = (out / "works.html").read_text(encoding="utf-8")
    assert "other.html#cite-ref" not in works and "index.html#cite-ref-0" in works


def test_an_edit_rewrites_the_works_cited_page_without_reading_it(rootdir, tmp_path):
    """The works-cited list is made when the page is written, from the domain's data: a
    changed citation elsewhere rewrites it; only the edited page is read again."""
    src, out = tmp_path / "src", tmp_path / "out"
    shutil.copytree(rootdir / "test-citations", src)
    assert sphinx_build(src, out).returncode == 0
    doctrees = {name: (out / ".doctrees" / f"{name}.doctree").stat().st_mtime_ns
                for name in ("index", "other", "editors", "works")}
    other = src / "other.md"
    other.write_text(other.read_text(encoding="utf-8").replace("p. 205", "p. 206"), encoding="utf-8")
    build = sphinx_build(src, out)
    assert build.returncode == 0, build.stderr
    after = {name: (out / ".doctrees" / f"{name}.doctree").stat().st_mtime_ns for name in doctrees}
    assert [name for name in doctrees if after[name] != doctrees[name]] == ["other"]
    dorr = page(out, "works").xpath("//div[@id='cite-dorr1917inside']")[0]
    assert "Other page — ¶ 1 (p. 206)" in words(dorr)


@pytest.mark.sphinx("html", testroot="apparatus")
def test_citations_without_a_works_cited_page_keep_their_popup(app):
    """No works-cited list in the project: a citation (here an apparatus source) cannot link
    to its entry; it keeps its popup, unlinked, and nothing warns."""
    app.build()
    assert app.warning.getvalue() == ""
    cite = page(app.outdir, "text").xpath(
        "//li[@id='app-entry-S1']//span[contains(@class,'ed-cite')]")[0]
    anchor = cite.xpath(".//*[contains(@class,'ed-cite-link')]")[0]
    assert anchor.tag == "span" and anchor.get("tabindex") == "0"
    assert anchor.text_content() == "Dorr 1917, p. 10"
    assert "Dorr, Rheta Childe. 1917." in popup_text(anchor)


# -- lookup ------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def works():
    data = bibdata.load([ROOT / "bibliography.bib"]).data
    bib = service.Bibliography(data)
    return lookup.index(data.entries, {key: bib.label(key) for key in bib.entries})


@pytest.mark.parametrize("query, expected", [
    ("dorr", ["dorr1917inside"]),
    ("DORR", ["dorr1917inside"]),
    ("Martov", ["martov1919sovietism", "martov1923world", "martov1938state"]),
    ("Мартов", ["martov1919sovietism", "martov1923world", "martov1938state"]),
    ("Троцкий", ["trotsky1921tenth", "trotsky1920trade", "trotsky1927soch15"]),
    ("trotskii", ["trotsky1921tenth", "trotsky1920trade", "trotsky1927soch15"]),
    ("sovetizma", ["martov1919sovietism"]),
    ("советизма", ["martov1919sovietism"]),
    ("ironic triumph", ["lih2011ironic"]),
    ("lenin 1918", ["lenin1918state", "lenin1918immediate"]),
    ("lih2011ironic", ["lih2011ironic"]),
    ("Sandino", ["sandinondobreros"]),
    ("Lih 2014a", ["lih2014allpower"]),
    ("lenin n.d.-b", ["leninsw9"]),
])
def test_search(works, query, expected):
    assert [w.key for w in lookup.search(works, query)] == expected


def run_lookup(*args: str, root: Path = ROOT, builddir: Path | None = None) -> subprocess.CompletedProcess:
    cmd = [sys.executable, "-m", "citations.lookup", *args, "--root", str(root)]
    if builddir:
        cmd += ["--builddir", str(builddir)]
    env = {"PYTHONPATH": str(ROOT / "extensions"), "PATH": "/usr/bin:/bin"}
    return subprocess.run(cmd, capture_output=True, text=True, env=env)


@pytest.fixture(scope="module")
def lookup_build(tmp_path_factory):
    return tmp_path_factory.mktemp("lookup")


def test_lookup_prints_reference_and_every_place(lookup_build):
    result = run_lookup("dorr", builddir=lookup_build)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert ("Dorr, Rheta Childe. 1917. Inside the Russian Revolution. New York: The Macmillan "
            "Company, November 1917.") in out
    places = re.findall(r"^    source/(\S+):(\d+)", out, re.M)
    assert len(places) >= 10
    essay = (ROOT / "source" / "essay.md").read_text(encoding="utf-8").splitlines()
    line = next(int(n) for f, n in places if f == "essay.md" and "(47-8)" in essay[int(n) - 1])
    assert re.search(rf"essay\.md:{line} .*¶ \d+ · pp\. 47–48 · “\(47-8\)”", out)
    assert re.search(r"note 3 · p\. 13 · “\(13\)”", out)


def test_lookup_formats_for_reference_managers(lookup_build):
    bib = run_lookup("--format", "bibtex", "read2005lenin", builddir=lookup_build)
    assert bib.returncode == 0
    from pybtex.database import parse_string
    assert list(parse_string(bib.stdout, "bibtex").entries) == ["read2005lenin"]
    csl = run_lookup("--format", "csl-json", "Мартов", builddir=lookup_build)
    items = json.loads(csl.stdout)
    assert [i["id"] for i in items] == ["martov1919sovietism", "martov1923world", "martov1938state"]
    assert items[1]["title"] == "Мировой большевизм" and items[1]["language"] == "ru"
    assert items[1]["issued"] == {"date-parts": [[1923]]}


@pytest.mark.parametrize("args, message", [
    (["nosuchwork"], "no work matches 'nosuchwork'"),
    ([], "no query"),
    (["--format", "xml", "dorr"], "invalid choice: 'xml'"),
])
def test_lookup_errors_are_one_line_exit_1(args, message, lookup_build):
    result = run_lookup(*args, builddir=lookup_build)
    assert result.returncode == 1
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1 and message in result.stderr


def test_lookup_is_never_stale(tmp_path):
    edition = tmp_path / "edition"
    shutil.copytree(ROOT, edition, ignore=shutil.ignore_patterns(".venv", "build", ".git"))
    before = run_lookup("reed1919ten", root=edition)
    counted = re.search(r"cited in (\d+) places?", before.stdout)
    assert before.returncode == 0 and counted, before.stdout
    essay = edition / "source" / "essay.md"
    text = essay.read_text(encoding="utf-8")
    essay.write_text(text + "\nAgain {cite-as}`Reed <reed1919ten, p. 7>`.\n", encoding="utf-8")
    after = run_lookup("reed1919ten", root=edition)
    assert f"cited in {int(counted.group(1)) + 1} places" in after.stdout
    assert "p. 7 · “Reed”" in after.stdout
    # each lookup is a complete build: the next one reads only what changed, not everything
    assert not list((edition / "build" / "cite-lookup" / ".doctrees").glob(".edition-incomplete-*"))


# -- the real edition --------------------------------------------------------------------------

@pytest.fixture(scope="module")
def edition(edition_html):
    assert edition_html.returncode == 0, edition_html.stderr
    return edition_html.outdir


def test_every_authors_reference_is_linked(edition):
    essay = page(edition, "essay")
    for crit in essay.xpath("//*[contains(concat(' ', @class, ' '), ' ed-crit ')]"):
        crit.drop_tree()  # the diplomatic reading: the author's words as published
    linked = [words(a) for a in essay.xpath("//a[contains(@class,'ed-cite-link')]")]
    for ref in ("(10)", "(10, 19)", "(5)", "(47-8)", "(205)", "(pp. 34, 38)", "(2)", "(13)",
                "Lih, “Ironic Triumph,” p. 206", "Lih, “Ironic Triumph,” p. 222",
                "Christopher Read, Lenin (London, 2005: Routledge), p. 154",
                "Conscience of the Revolution: Communist Opposition in Russia, p. 38 (Harvard University Press, 1960)"):
        assert ref in linked, ref
    assert all(a.get("href").startswith("works-cited.html#cite-")
               for a in essay.xpath("//a[contains(@class,'ed-cite-link')]"))
    responses = page(edition, "responses")
    assert "XV, s. 422-423" in [words(a) for a in responses.xpath("//a[contains(@class,'ed-cite-link')]")]


def test_works_cited_page_of_the_edition(edition):
    works = page(edition, "works-cited")
    text = words(works)
    assert "“The Ironic Triumph of Old Bolshevism: The Debates of April 1917 in Context.”" in text
    assert "old bolshevism" not in text
    assert "Идеология «советизма»" in text
    dorr = works.xpath("//div[@id='cite-dorr1917inside']")[0]
    assert len(dorr.xpath(".//p[contains(@class,'ed-backrefs')]//a")) >= 10
    assert "Robert C. Daniels" in words(works.xpath("//div[contains(@class,'ed-works-differences')]")[0])
    index = page(edition, "index")
    assert index.xpath("//p[contains(@class,'caption')][.//text()='Back matter']")


def _reference_of(works, key: str) -> str:
    return words(works.xpath(f"//div[@id='cite-{key}']/p[contains(@class,'ed-reference')]")[0])


def test_apparatus_prints_works_as_the_works_cited_does(edition):
    """One label and one reference per work: the apparatus says "Lih 2014a" and "Lenin
    n.d.-b" where the works cited does, and its full references are the works cited's."""
    works = page(edition, "works-cited")
    expected = {"lih2014allpower": ("Lih 2014a", "Lih, Lars T. 2014a."),
                "lih2014fully": ("Lih 2014c", "Lih, Lars T. 2014c."),
                "leninsw7": ("Lenin n.d.-a", "Lenin, V. I. n.d.-a."),
                "leninsw9": ("Lenin n.d.-b", "Lenin, V. I. n.d.-b.")}
    for key, (_, start) in expected.items():
        assert _reference_of(works, key).startswith(start), key
    seen = {}
    for name in ("essay", "responses"):
        root = page(edition, name)
        for cite in root.xpath("//li[contains(@class,'ed-app-item')]//span[contains(@class,'ed-cite')]"):
            key = cite.xpath(".//a/@href")[0].rsplit("#cite-", 1)[1]
            seen.setdefault(key, set()).add(words(cite.xpath(".//a")[0]).split(",")[0])
        for ref in root.xpath("//span[contains(@class,'ed-app-ref')]"):
            label, _, reference = words(ref).partition(": ")
            key = next(k for k, v in seen.items() if label in v)
            assert reference == _reference_of(works, key), label
    for key, (label, _) in expected.items():
        assert seen[key] == {label}, key
    responses = " ".join(page(edition, "responses").text_content().split())
    assert "Lih 2014 " not in responses and "Lenin n.d. " not in responses
    assert "Sandino n.d.." not in responses


def test_apparatus_citations_are_places_of_the_works_cited(edition):
    """A source in an apparatus entry is a citing place: back-referenced from the works
    cited, linked to the entry in the page's apparatus."""
    works = page(edition, "works-cited")
    links = works.xpath("//div[@id='cite-leninsw7']//p[contains(@class,'ed-backrefs')]//a")
    texts = [a.text_content() for a in links]
    assert "apparatus S4 (pp. 332–333, 340–342)" in texts
    href = links[texts.index("apparatus S4 (pp. 332–333, 340–342)")].get("href")
    doc, anchor = href.split("#")
    target = page(edition, doc.removesuffix(".html")).xpath(f"//*[@id='{anchor}']")[0]
    assert target.xpath("ancestor::li/@id") == ["app-entry-S4"]


def test_citation_words_are_the_reading_text(edition):
    """Note 4's citation, whose date the apparatus emends, is stored with one reading
    (the critical), not both run together."""
    works = page(edition, "works-cited")
    titles = works.xpath("//div[@id='cite-read2005lenin']//p[contains(@class,'ed-backrefs')]//a/@title")
    assert titles == ["Christopher Read, Lenin (London: Routledge, 2005), p. 154"]


def test_lookup_lists_apparatus_places_and_one_reading(lookup_build):
    result = run_lookup("leninsw7", builddir=lookup_build)
    assert result.returncode == 0, result.stderr
    assert "leninsw7 — Lenin n.d.-a" in result.stdout
    assert re.search(r"source/responses\.md:\d+ +Responses › apparatus S4 · pp\. 332–333, 340–342",
                     result.stdout)
    read = run_lookup("read2005lenin", builddir=lookup_build).stdout
    assert "“Christopher Read, Lenin (London: Routledge, 2005), p. 154”" in read
    assert "(London, 2005: Routledge)(London" not in read


def test_pdf_prints_the_same_labels(edition_pdf):
    """The PDF's apparatus and works cited use the same labels as the HTML."""
    assert edition_pdf.returncode == 0, edition_pdf.output[-2000:]
    text = " ".join(subprocess.run(["pdftotext", "-enc", "UTF-8", str(edition_pdf.pdf), "-"],
                                   capture_output=True, text=True, check=True).stdout.split())
    text = text.replace("- ", "")  # words hyphenated at line ends
    for phrase in ("Source: Lih 2014a.", "Lenin n.d.-a, pp. 332–333, 340–342", "Lenin n.d.-b, p. 57",
                   "Lih, Lars T. 2014a.", "Lih, Lars T. 2014b."):
        assert phrase in text, phrase
    assert "Source: Lih 2014." not in text
