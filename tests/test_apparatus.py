"""The apparatus extension in its test roots: markup, popups, listings, views, LaTeX,
text, bad input, parallel and incremental builds."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import lxml.html
import pytest

from conftest import ROOT
from edition_text import page_words, popup_text

ROOTS = Path(__file__).resolve().parent / "roots"


def html(app, page: str):
    return lxml.html.parse(str(app.outdir / f"{page}.html")).getroot()


def classes(el) -> list[str]:
    return (el.get("class") or "").split()


@pytest.mark.sphinx("html", testroot="apparatus")
def test_entries_in_html(app):
    app.build()
    assert app.warning.getvalue() == ""
    root = html(app, "text")
    entries = root.xpath("//span[contains(concat(' ', @class, ' '), ' ed-app ')]")
    assert [e.get("id") for e in entries if e.get("id").startswith("app-A")] == [f"app-A{i}" for i in range(1, 9)]
    assert [e.get("id") for e in entries if not e.get("id").startswith("app-A")] == ["app-C1"]
    a1 = root.get_element_by_id("app-A1")
    assert a1.xpath("./span[@class='ed-dipl']")[0].text_content() == "faint-heats"
    assert a1.xpath("./span[@class='ed-crit']")[0].text_content() == "faint-hearts"
    # an entry on a word that is also a term: inside the term's link, which stays whole
    a3 = root.get_element_by_id("app-A3")
    assert a3.xpath("ancestor::a[contains(@class, 'demo-term')]")
    # an entry whose lemma contains a whole term
    a4 = root.get_element_by_id("app-A4")
    assert a4.xpath(".//a[contains(@class, 'demo-term')]") and a4.text_content().startswith("the vlast")
    # an entry inside a citation (a link): the mark follows the link, never inside it
    a8 = root.get_element_by_id("app-A8")
    assert a8.xpath("ancestor::a[contains(@class, 'demo-cite')]")
    for mark in root.xpath("//span[contains(@class, 'ed-app-mark ')]"):
        assert not mark.xpath("ancestor::a"), mark.get("id")
        assert "ed-editorial" in classes(mark)
    # sic and fact keep the text: no diplomatic/critical split
    assert not root.get_element_by_id("app-A5").xpath(".//span[@class='ed-crit']")
    assert root.get_element_by_id("app-A7").text_content() == "Robert C. Daniels"


@pytest.mark.sphinx("html", testroot="apparatus")
def test_popups_listing_and_links_both_ways(app):
    app.build()
    root = html(app, "text")
    mark = root.get_element_by_id("app-mark-A1")
    link = mark.xpath("./a")[0]
    assert link.get("href") == "#app-entry-A1" and link.text_content() == "A1"
    # the popup shows the page's listing entry (rendered once: aria-describedby names it)
    assert link.get("aria-describedby") == "app-entry-A1" and not mark.xpath("./span[@role]")
    assert popup_text(link).startswith(
        "faint-hearts ] ed. (corr.); faint-heats R — emendation: slip of the pen. "
        "A slip of the pen")
    assert popup_text(link).endswith("↓ apparatus")
    item = root.get_element_by_id("app-entry-A1")
    assert item.xpath(".//a[contains(@class, 'ed-app-back')]/@href") == ["#app-mark-A1"]
    # two series, in two lists
    lists = {s.get("id"): s for s in root.xpath("//section[contains(@class, 'ed-apparatus-series')]")}
    assert [li.get("id") for li in lists["ed-apparatus-a"].xpath(".//li")] == [f"app-entry-A{i}" for i in range(1, 9)]
    assert [li.get("id") for li in lists["ed-apparatus-s"].xpath(".//li")] == ["app-entry-S1", "app-entry-S2"]
    assert root.xpath("//section[@id='ed-apparatus']/@class")[0].split()[0] == "ed-editorial"
    # a source mark after the whole block quotation; the other after its words
    s1 = root.get_element_by_id("app-mark-S1")
    assert s1.xpath("ancestor::blockquote") and "Dorr 1917, p. 10" in popup_text(s1.xpath("./a")[0])
    s2 = root.get_element_by_id("app-mark-S2")
    assert (s2.getprevious() is None and s2.getparent().text.endswith("the committee mania"))
    # the full reference in the edition's style (the works cited's), not pybtex's plain style
    refs = lists["ed-apparatus-s"].xpath(".//p[contains(@class, 'ed-app-refs')]")
    assert " ".join(refs[0].text_content().split()) == (
        "Dorr 1917: Dorr, Rheta Childe. 1917. Inside the Russian Revolution. New York: "
        "The Macmillan Company.")
    # sigla link to the witnesses' declarations
    t_links = root.xpath("//a[contains(@class, 'ed-app-siglum') and text()='T']/@href")
    assert t_links and set(t_links) == {"index.html#witness-t"}
    index = html(app, "index")
    assert index.get_element_by_id("witness-t").text_content().split()[:2] == ["Witness", "T"]
    # the reading-view switch: hidden until the script shows it, editorial, two radios
    (switch,) = root.xpath("//fieldset[contains(@class, 'ed-view-switch')]")
    assert switch.get("hidden") is not None and "ed-editorial" in classes(switch)
    assert switch.xpath(".//input[@type='radio']/@value") == ["critical", "diplomatic"]
    assert root.xpath("//script[contains(@src, 'apparatus.js')]")
    assert (app.outdir / "_static" / "apparatus.css").exists()


@pytest.mark.sphinx("html", testroot="apparatus")
def test_both_views_are_exact(app):
    """Diplomatic: the copy-text; critical: differs exactly where entries change the text."""
    app.build()
    page = app.outdir / "text.html"
    dipl = " ".join(page_words(page, keep_title=True, view="diplomatic"))
    crit = " ".join(page_words(page, keep_title=True, view="critical"))
    source = (app.srcdir / "text.md").read_text(encoding="utf-8")
    assert "The cowards and faint-heats are abandoning us, said Sandino’s. most loyal men." in dipl
    assert "The cowards and faint-hearts are abandoning us, said Sandino’s most loyal men." in crit
    assert "Robert C. Daniels, as Mrs Dorr (10) says" in crit
    assert "See the reference at ⟨http://www.marxists.org/archive/martov/1919/xx/sovietism.htm.⟩ Martov’s" in crit
    data = json.loads((app.outdir / "apparatus.json").read_text(encoding="utf-8"))
    expected = dipl
    for entry in data["entries"]:
        if entry["page"] == "text" and entry["crit"] and entry["crit"] != entry["lemma"]:
            assert entry["lemma"] in expected
    changed = [e for e in data["entries"] if e["page"] == "text" and e["crit"]]
    assert {e["label"] for e in changed} == {"A1", "A2", "A3", "A6", "A8"}
    assert "faint-heats" in source  # the source keeps the copy-text


@pytest.mark.sphinx("html", testroot="apparatus")
def test_appendix_counts_and_json(app):
    app.build()
    root = html(app, "interventions")
    rows = [[c.text_content().strip() for c in r.xpath("./td")]
            for r in root.xpath("//table[contains(@class, 'ed-app-counts')]//tbody/tr")]
    counts = dict(rows)
    assert counts["emendation"] == "3" and counts["variant"] == "2" and counts["sic"] == "1"
    assert counts["correction of fact"] == "1" and counts["lacuna"] == "1"
    assert counts["all interventions"] == "9"
    assert counts["sources of quotations (separate series)"] == "2"
    assert counts["textual commentary only (separate series)"] == "1" and "commentary" not in counts
    # each entry's textual commentary, in full (markup kept), under its entry
    item = root.xpath("//li[.//a[@href='text.html#app-mark-A1']]")[0]
    (comm,) = item.xpath(".//div[contains(@class, 'ed-app-commentary')]")
    assert comm.xpath(".//em/text()") == ["pusilánimes"]
    c1 = root.xpath("//li[.//a[@href='text.html#app-mark-C1']]")[0]
    assert "The phrase is the translator’s" in c1.text_content()
    hrefs = root.xpath("//div[contains(@class, 'ed-app-interventions')]//a[@class='ed-app-back reference internal' or contains(@class, 'ed-app-back')]/@href")
    assert "text.html#app-mark-A1" in hrefs and "other.html#app-mark-A1" in hrefs
    data = json.loads((app.outdir / "apparatus.json").read_text(encoding="utf-8"))
    assert data["copy_text"] == "R" and set(data["witnesses"]) == {"R", "T"}
    assert [e["label"] for e in data["entries"] if e["page"] == "other"] == ["A1"]
    a1 = next(e for e in data["entries"] if e["page"] == "text" and e["label"] == "A1")
    assert a1["note"] == "slip of the pen" and a1["commentary"].startswith("A slip of the pen")
    c1 = next(e for e in data["entries"] if e["page"] == "text" and e["label"] == "C1")
    assert (c1["type"], c1["series"], c1["crit"]) == ("commentary", "C", None)
    assert c1["cites"] == [{"key": "dorr1917inside", "locator": "p. 10"}]


@pytest.mark.sphinx("latex", testroot="apparatus")
def test_latex(app):
    app.build()
    tex = next(app.outdir.glob("*.tex")).read_text(encoding="utf-8")
    # the macros ship as a package of their own, defaults the PDF edition may redefine
    assert r"\usepackage{edition-apparatus}" in tex
    sty = (app.outdir / "edition-apparatus.sty").read_text(encoding="utf-8")
    assert r"\providecommand{\edAppA}[3]" in sty and r"\providecommand{\edAppB}[3]" in sty
    assert (r"\edAppA{A1}{faint\sphinxhyphen{}hearts}{ed. (corr.); faint\sphinxhyphen{}heats R"
            in tex)
    # the terse apparatus at the foot of the page: readings, sigla, short note, sources …
    assert (r"\edAppA{A1}{faint\sphinxhyphen{}hearts}{ed. (corr.); faint\sphinxhyphen{}heats R "
            r"— emendation: slip of the pen.}" in tex)
    assert r"\edAppB{S1}{About the first thing … have in Russia now.”}{Source: Dorr 1917, p. 10.}" in tex
    # … the commentary apart, in the appendix, keyed to the entry (page and line in the PDF)
    appendix = tex[tex.index("{Interventions}"):]
    assert "The phrase is the translator’s" in appendix and "A slip of the pen" in appendix
    assert r"\edAppC{C1}{most loyal men}" in tex
    assert r"\label{\detokenize{text:app-mark-A1}}" in tex
    # nothing raw, the copy-text's reading only inside the apparatus argument
    assert "app_entry" not in tex and "faint-heats are" not in tex


@pytest.mark.sphinx("text", testroot="apparatus")
def test_text(app):
    app.build()
    text = (app.outdir / "text.txt").read_text(encoding="utf-8")
    assert "The cowards and faint-hearts[A1] are abandoning us" in text
    assert ("* A1 faint-hearts ] *ed. (corr.)*; faint-heats R — emendation: slip of the pen."
            in " ".join(text.split()))
    assert "“It is the only government we have in Russia now.”[S1]" in text


@pytest.mark.sphinx("html", testroot="apparatus-bad")
def test_bad_input_warnings(app):
    app.build()
    warnings = app.warning.getvalue()
    src = re.escape(str(app.srcdir / "index.md"))
    expected = {
        9: "no_copy_text_reading", 13: "no_lemma", 17: "no_readings", 20: "unknown_witness",
        24: "lemma_not_found", 28: "overlap", 32: "nested", 36: "nested", 44: "span",
        50: "unknown_source", 54: "no_source", 57: "copy_text_mismatch",
        63: "bad_option", 69: "no_commentary", 73: "long_note",
        80: "type_mismatch", 85: "type_mismatch",
    }
    for line, subtype in expected.items():
        assert re.search(rf"{src}:{line}: WARNING: .*\[app\.{subtype}\]", warnings), (line, subtype, warnings)
    assert len(re.findall(r"\[app\.", warnings)) == len(expected)
    assert "Traceback" not in warnings
    # no copy-text is lost however bad the entries
    words = " ".join(page_words(app.outdir / "index.html", keep_title=True, view="diplomatic"))
    assert "The cowards and faint-heats are abandoning us, said the narodnaia vlast today." in words


def _build(src: Path, out: Path, *extra: str) -> subprocess.CompletedProcess:
    cmd = [sys.executable, "-m", "sphinx", "-b", "html", "-c", str(src), str(src), str(out), *extra]
    env = {"PYTHONPATH": str(ROOT / "extensions"), "PATH": "/usr/bin:/bin", "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.run(cmd, capture_output=True, text=True, env=env, check=True)


def _pages(out: Path) -> dict[str, str]:
    return {p: (out / f"{p}.html").read_text(encoding="utf-8") for p in ("index", "text", "other", "interventions")}


def test_parallel_equals_serial(tmp_path):
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-apparatus", src)
    _build(src, tmp_path / "j1", "-j", "1")
    _build(src, tmp_path / "j2", "-j", "2")
    assert _pages(tmp_path / "j1") == _pages(tmp_path / "j2")
    assert (tmp_path / "j1" / "apparatus.json").read_text() == (tmp_path / "j2" / "apparatus.json").read_text()


def test_incremental_rebuild_updates_the_appendix(tmp_path):
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-apparatus", src)
    out = tmp_path / "out"
    _build(src, out)
    other = src / "other.md"
    other.write_text(other.read_text(encoding="utf-8") + "\nA second slip: teh end.\n\n"
                     ":::{app} teh\n:corr: the\n:::\n", encoding="utf-8")
    second = _build(src, out)
    # the edited page alone is re-read; the appendix is rewritten from the domain's data
    read = " ".join(re.findall(r"reading sources\.\.\. (.*)", second.stdout))
    assert set(re.findall(r"\b(index|text|other|interventions)\b", read)) == {"other"}, second.stdout
    written = " ".join(re.findall(r"writing output\.\.\. (.*)", second.stdout))
    assert {"other", "interventions"} <= set(re.findall(r"\b(index|text|other|interventions)\b", written))
    root = lxml.html.parse(str(out / "interventions.html")).getroot()
    counts = dict((r.xpath("./td")[0].text_content().strip(), r.xpath("./td")[1].text_content().strip())
                  for r in root.xpath("//table//tbody/tr"))
    assert counts["emendation"] == "4" and counts["all interventions"] == "10"
    # removing the entries again purges them
    other.write_text("# Other page\n\nNothing here.\n", encoding="utf-8")
    _build(src, out)
    data = json.loads((out / "apparatus.json").read_text(encoding="utf-8"))
    assert not [e for e in data["entries"] if e["page"] == "other"]


# -- Which occurrence of a lemma (issue 13) ------------------------------------------------------

OCCURRENCE_PAGE = """\
# Occurrences

:::{witness} R
The copy-text.
:::

The soviets met; the soviets voted; the soviets adjourned.

:::{app} the soviets
:type: sic
:::

:::{app} soviets voted
:type: sic
:occurrence: 3
:::

The vlast and the vlast again.

:::{app} vlast
:type: sic
:occurrence: 3
:::

:::{app} vlast again
:type: sic
:occurrence: 1
:::
"""


def test_lemma_found_twice_asks_for_occurrence(tmp_path):
    """A lemma that occurs twice in its block attached to the first silently; ``:occurrence: 3``
    with two matches was reported as ``app.span``."""
    from conftest import one_page_source, sphinx_build

    page = one_page_source(tmp_path / "source")
    page.write_text(OCCURRENCE_PAGE, encoding="utf-8")
    build = sphinx_build(page.parent, tmp_path / "html", confdir=ROOT,
                         extra=["-D", "suppress_warnings=terms.unused,persons.unused,cite.uncited,"
                                "notes.unreferenced_series,terms.unmarked"])
    warnings = build.stderr
    where = re.escape(str(page))
    assert re.search(rf"{where}:9: WARNING: apparatus entry «the soviets»: the copy-text reads «the "
                     r"soviets» twice in the block before the directive, and the entry is attached to "
                     r"the first: say which with :occurrence: \(1 to 2\) \[app\.ambiguous_lemma\]", warnings), warnings
    assert re.search(rf"{where}:13: WARNING: apparatus entry «soviets voted»: the copy-text reads «soviets "
                     r"voted» only once in the block before the directive, so :occurrence: 3 names none: "
                     r"give a number from 1 to 1 \[app\.occurrence\]", warnings), warnings
    assert re.search(rf"{where}:20: WARNING: apparatus entry «vlast»: the copy-text reads «vlast» only "
                     r"twice .*:occurrence: 3 names none: give a number from 1 to 2 \[app\.occurrence\]",
                     warnings), warnings
    assert "app.span" not in warnings
    assert warnings.count("WARNING") == 3, warnings  # «vlast again», named once, is fine


@pytest.mark.sphinx("html", testroot="apparatus")
def test_commentary_entry_in_html(app):
    """An entry of commentary only: the words untouched, a C mark with its popup, and its own
    series in the page's listing."""
    app.build()
    root = html(app, "text")
    entry = root.get_element_by_id("app-C1")
    assert entry.text_content() == "most loyal men" and not entry.xpath(".//span[@class='ed-crit']")
    mark = root.get_element_by_id("app-mark-C1")
    body = popup_text(mark.xpath("./a")[0])
    assert body.startswith("most loyal men ] R — commentary. Source: Dorr 1917, p. 10. The phrase")
    (series,) = root.xpath("//section[@id='ed-apparatus-c']")
    assert series.xpath("./h2/text() | ./h3/text()") == ["Textual commentary"]
    assert [li.get("id") for li in series.xpath(".//li")] == ["app-entry-C1"]
