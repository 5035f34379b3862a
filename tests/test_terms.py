"""The terms extension: role, registry, computed transliterations, tooltips, glossary,
index, LaTeX and text output, bad input, parallel and incremental builds."""

from __future__ import annotations

import io
import os
import re
import shutil
import time
from pathlib import Path

import lxml.html
import pytest
from sphinx.application import Sphinx
from sphinx.util.docutils import docutils_namespace

from conftest import sphinx_build
from terms.registry import transliterate


def page(app, name: str) -> lxml.html.HtmlElement:
    return lxml.html.parse(str(app.outdir / f"{name}.html")).getroot()


def main_of(root: lxml.html.HtmlElement) -> lxml.html.HtmlElement:
    return root.xpath("//*[@role='main']")[0]


# -- transliteration ----------------------------------------------------------------------

def test_transliterations_are_computed_by_iuliia():
    assert transliterate("твёрдая власть", "ala_lc_alt") == "tverdaia vlast'"
    assert transliterate("вся полнота власти", "ala_lc_alt") == "vsia polnota vlasti"
    # ALA-LC with diacritics: iuliia 0.13.0 leaves ё in Cyrillic; the LC table has ë
    assert transliterate("твёрдая", "ala_lc") == "tvërdai͡a"
    assert transliterate("власть", "bgn_pcgn") == "vlast’"


# -- HTML -----------------------------------------------------------------------------------

@pytest.mark.sphinx("html", testroot="terms")
def test_occurrences_link_to_the_glossary_with_tooltips(app):
    app.build()
    assert app.warning.getvalue() == ""
    root = main_of(page(app, "page-a"))
    anchors = root.xpath(".//a[contains(@class, 'ed-term')]")
    texts = [a.text_content() for a in anchors]
    # the author's spelling, exactly; the heading occurrence is a link in the page too
    assert texts == ["вся власть советам", "vsya vlast’ sovetam", "vlast", "vlast", "vlast",
                     "tverdaia vlast", "Vlast", "vlast"]
    cyr, latn = anchors[0], anchors[1]
    assert cyr.get("lang") == "ru" and "ed-term-cyrl" in cyr.get("class")
    assert latn.get("lang") == "ru-Latn" and "ed-term-latn" in latn.get("class")
    assert cyr.get("href") == "glossary.html#ru-vsia-vlast-sovetam"
    assert anchors[2].get("href") == "glossary.html#ru-vlast"
    # the tooltip: Cyrillic headword, normalised transliteration, gloss
    # … given once on the page, in its hidden popup texts (aria-describedby names it)
    (body,) = page(app, "page-a").xpath(f"//*[@id='{latn.get('aria-describedby')}']")
    assert body.xpath("ancestor::div[contains(@class, 'ed-tip-sources')][@hidden]")
    assert body.xpath(".//span[@lang='ru']")[0].text_content() == "вся власть Советам"
    assert body.xpath(".//span[@lang='ru-Latn']")[0].text_content() == "vsia vlast' Sovetam"
    assert body.text_content().endswith("all power to the soviets")
    # in the heading: still the author's text, in a link, and the toc entry has no tooltip
    h2 = root.xpath(".//h2")[0]
    assert h2.xpath(".//a[contains(@class, 'ed-term')]")[0].text_content() == "vlast"
    toc = main_of(page(app, "index")).xpath(".//div[contains(@class, 'toctree-wrapper')]")
    assert "Who had the ‘vlast’?" in toc[0].text_content()
    assert not toc[0].xpath(".//*[@role='tooltip']") and toc[0].xpath(".//span[@lang='ru-Latn']")
    # italic transliterations come from the extension's CSS
    css = (app.outdir / "_static" / "terms.css").read_text()
    assert re.search(r"\.ed-term-latn\s*\{\s*font-style:\s*italic", css)
    assert page(app, "page-a").xpath("//link[contains(@href, 'terms.css')]")


@pytest.mark.sphinx("html", testroot="terms")
def test_rst_role(app):
    app.build()
    root = main_of(page(app, "page-rst"))
    assert [a.text_content() for a in root.xpath(".//a[contains(@class, 'ed-term')]")] == ["narod", "vlast"]


@pytest.mark.sphinx("html", testroot="terms")
def test_glossary_entries_and_back_links(app):
    app.build()
    root = main_of(page(app, "glossary"))
    dl = root.xpath(".//dl[contains(@class, 'ed-terms-glossary')]")[0]
    assert "ed-editorial" in dl.get("class")
    ids = [dt.get("id") for dt in dl.xpath("./dt")]
    # Russian alphabetical order of the headwords
    assert ids == ["ru-vlast", "ru-vsia-vlast-sovetam", "ru-narod", "ru-tverdaia-vlast"]
    vlast = dl.xpath("./dt[@id='ru-vlast']/following-sibling::dd[1]")[0]
    text = " ".join(vlast.text_content().split())
    assert "power" in text and "The sovereign authority." in text
    assert "vlast' (Library of Congress (ALA-LC) without diacritics)" in text
    assert "vlastʹ (ALA-LC" in text
    assert "In the text: vlast (5×), Vlast (1×)" in text
    groups = [" ".join(li.text_content().split()) for li in vlast.xpath(".//ul[contains(@class, 'ed-terms-occurrences')]/li")]
    assert groups == [
        "Page A, opening: ¶ 1",
        "Page A, “Who had the ‘vlast’?”: heading, ¶ 1, ¶ 1b, ¶ 1c",
        "Page in rST, opening: ¶ 1",
    ]
    # every back-link reaches an element with that id on its page
    for a in vlast.xpath(".//ul//a"):
        target_page, _, target_id = a.get("href").partition("#")
        target = lxml.html.parse(str(app.outdir / target_page)).getroot()
        assert target.xpath(f"//*[@id='{target_id}']"), a.get("href")
        assert a.get("title")  # the context of the occurrence
    tverdaia = dl.xpath("./dt[@id='ru-tverdaia-vlast']")[0]
    assert tverdaia.xpath("./span[@lang='ru']")[0].text_content() == "твёрдая власть"
    assert "tvërdai͡a vlastʹ" in dl.xpath("./dt[@id='ru-tverdaia-vlast']/following-sibling::dd[1]")[0].text_content()


@pytest.mark.sphinx("html", testroot="terms")
def test_general_index_has_latin_and_cyrillic_forms(app):
    app.build()
    text = " ".join(page(app, "genindex").text_content().split())
    assert "vlast' (Russian: власть)" in text
    assert "власть (vlast')" in text
    assert "tverdaia vlast' (Russian: твёрдая власть)" in text


# -- other builders -----------------------------------------------------------------------

@pytest.mark.sphinx("latex", testroot="terms")
def test_latex(app):
    app.build()
    tex = next(app.outdir.glob("*.tex")).read_text()
    # the macros ship as a package of their own, defaults the PDF edition may redefine
    assert r"\usepackage{edition-terms}" in tex
    sty = (app.outdir / "edition-terms.sty").read_text()
    assert r"\providecommand{\edTranslit}[1]{{\itshape #1}}" in sty
    assert r"\providecommand{\edRussian}[1]{\foreignlanguage{russian}{#1}}" in sty
    assert r"\edTerm{\edRussian{вся власть советам}}{glossary:ru-vsia-vlast-sovetam}" in tex
    assert r"\edTerm{\edTranslit{vsya vlast’ sovetam}}{glossary:ru-vsia-vlast-sovetam}" in tex
    # in the heading, with a plain form for the PDF bookmarks
    assert r"\texorpdfstring{\edTerm{\edTranslit{vlast}}{glossary:ru-vlast}}{vlast}" in tex
    # the glossary entries are the targets
    assert r"\label{\detokenize{glossary:ru-vlast}}" in tex
    # the glossary is an appendix and its back-links point at labels in the text
    assert tex.index(r"\edGlossaryAppendix") < tex.index("{Glossary}")
    labels = set(re.findall(r"\\label\{\\detokenize\{(page-a:ru-occ-[^}]+)\}\}", tex))
    refs = set(re.findall(r"\\hyperref\[\\detokenize\{(page-a:ru-occ-[^}]+)\}\]", tex))
    assert refs and refs - {r for r in refs if "vlast-1" in r} <= labels
    assert "The sovereign authority." in tex
    # the PDF's index has both forms: upmendex sorts the Cyrillic as Russian
    assert re.search(r"\\index\{vlast\S* \(Russian: власть\)", tex)
    assert r"\index{власть (vlast" in tex


@pytest.mark.sphinx("text", testroot="terms")
def test_text(app):
    app.build()
    text = (app.outdir / "page-a.txt").read_text()
    assert "The slogan: вся власть советам, vsya vlast’ sovetam." in text
    assert "Who had the ‘vlast’?" in text
    glossary = (app.outdir / "glossary.txt").read_text()
    assert "власть · vlast'" in glossary and "Page A" in glossary


# -- bad input ------------------------------------------------------------------------------

@pytest.mark.sphinx("html", testroot="terms-bad")
def test_bad_input_warnings(app):
    app.build()
    warnings = app.warning.getvalue()
    registry = re.escape(str(app.srcdir / "terms.yaml"))
    index = re.escape(str(app.srcdir / "index.md"))
    assert re.search(rf"{registry}:5: WARNING: .*'vlast' as its Cyrillic headword.*\[terms\.no_cyrillic\]", warnings)
    assert re.search(rf"{registry}:9: WARNING: the Cyrillic headword 'власть' is defined twice \(first at line 1\).*\[terms\.duplicate\]", warnings)
    assert re.search(rf"{registry}:13: WARNING: the registry term 'народ' .*never used.*\[terms\.unused\]", warnings)
    assert re.search(rf"{index}:4: WARNING: unknown Russian term 'vlats' \(nearest known spellings: vlast.*\[terms\.unknown\]", warnings)
    assert re.search(rf"{index}:5: WARNING: the Russian term 'vlast' \(власть\) is not marked.*\[terms\.unmarked\]", warnings)
    assert re.search(rf"{index}:6: WARNING: the Russian term 'власть' \(власть\) is not marked.*\[terms\.unmarked\]", warnings)
    assert "Traceback" not in warnings
    # the unknown term's text is kept, unlinked
    root = main_of(page(app, "index"))
    assert "The vlats is not a known spelling." in " ".join(root.text_content().split())


# -- parallel and incremental builds -----------------------------------------------------

def many_pages(tmp_path: Path, rootdir: Path) -> Path:
    """The test root with enough pages for Sphinx to read in parallel (more than 5)."""
    src = tmp_path / "src"
    shutil.copytree(rootdir / "test-terms", src)
    names = []
    for i in range(8):
        name = f"extra-{i}"
        names.append(name)
        (src / f"{name}.md").write_text(
            f"# Extra {i}\n\nThe {{ru}}`narod` and {'{ru}`vlast`' if i % 2 else '{ru}`tverdaia vlast`'}.\n",
            encoding="utf-8",
        )
    index = (src / "index.md").read_text().replace("glossary\n", "\n".join(names) + "\nglossary\n")
    (src / "index.md").write_text(index, encoding="utf-8")
    return src


def glossary_html(outdir: Path) -> str:
    root = lxml.html.parse(str(outdir / "glossary.html")).getroot()
    return lxml.html.tostring(main_of(root), encoding="unicode")


def test_parallel_build_equals_serial_build(tmp_path, rootdir):
    src = many_pages(tmp_path, rootdir)
    serial = sphinx_build(src, tmp_path / "j1", extra=["-j", "1"])
    parallel = sphinx_build(src, tmp_path / "j2", extra=["-j", "2"])
    assert serial.returncode == 0 and parallel.returncode == 0, serial.stderr + parallel.stderr
    assert glossary_html(tmp_path / "j1") == glossary_html(tmp_path / "j2")
    assert "Extra 7" in glossary_html(tmp_path / "j2")
    for name in ("page-a", "extra-3"):
        assert (tmp_path / "j1" / f"{name}.html").read_text() == (tmp_path / "j2" / f"{name}.html").read_text()


def run(src: Path, out: Path) -> str:
    """Build in this process (to read Sphinx's status), without leaking docutils registrations."""
    status = io.StringIO()
    with docutils_namespace():
        app = Sphinx(src, src, out, out / ".doctrees", "html", status=status, warning=io.StringIO(),
                     freshenv=False)
        app.build()
    return status.getvalue()


def test_editing_one_page_rereads_it_only_and_refreshes_the_glossary(tmp_path, rootdir):
    src = many_pages(tmp_path, rootdir)
    out = tmp_path / "out"
    run(src, out)
    before = " ".join(main_of(lxml.html.parse(str(out / "glossary.html")).getroot()).text_content().split())
    assert before.count("Extra 3, opening: ¶ 1") == 2  # vlast and narod
    page = src / "extra-3.md"
    page.write_text("# Extra 3\n\nNo term here any more.\n\nThe {ru}`narod` now.\n", encoding="utf-8")
    later = time.time() + 5
    os.utime(page, (later, later))
    status = re.sub(r"\x1b\[[0-9;]*m", "", run(src, out))
    assert "0 added, 1 changed, 0 removed" in status, status
    reading = re.findall(r"reading sources\.\.\. \[\s*\d+%\] (\S+)", status)
    assert reading == ["extra-3"], status
    text = " ".join(main_of(lxml.html.parse(str(out / "glossary.html")).getroot()).text_content().split())
    # the glossary was rewritten: extra-3 lost its vlast and its narod moved to ¶ 2
    assert "Extra 3, opening: ¶ 2" in text
    assert text.count("Extra 3") == 1
    # a page whose terms did not change was not rewritten
    assert "writing output... [" in status and "extra-5" not in status.split("writing output")[1]


# -- Bounded cost: terms in a long paragraph (issue 13) ------------------------------------------

def long_paragraph(size: int, every: int = 50) -> str:
    """*size* bytes of one paragraph with a {ru} role every *every* words."""
    words = "the council of workers and soldiers deputies met in the palace".split()
    out, n, total = [], 0, 0
    while total < size:
        piece = "{ru}`vlast`" if n % every == every - 1 else words[n % len(words)]
        out.append(piece)
        total += len(piece) + 1
        n += 1
    return "# Long\n\n" + " ".join(out) + "\n"


def test_each_paragraph_is_read_once(tmp_path, monkeypatch, rootdir):
    """Lines and snippets of the occurrences come from one reading of their paragraph: the
    cost grows with the paragraph, not with its square (100 KB with a role every 50 words
    took 6-11 s, 200 KB 21-31 s, 2 MB did not finish in 500 s)."""
    from edition_common import places

    src = tmp_path / "src"
    shutil.copytree(rootdir / "test-terms", src)
    (src / "page-a.md").write_text(long_paragraph(100_000), encoding="utf-8")
    made = []
    original = places._Read.__init__

    def counting(self, container):
        made.append(container)
        original(self, container)

    monkeypatch.setattr(places._Read, "__init__", counting)
    with docutils_namespace():
        app = Sphinx(src, src, tmp_path / "html", tmp_path / "doctrees", "html",
                     status=None, warning=io.StringIO(), freshenv=True)
        app.build()
    long = [c for c in made if len(c.astext()) > 50_000]
    assert len(long) == 1, len(long)  # ~330 roles, one reading of their paragraph


def test_a_megabyte_paragraph_of_terms_in_bounded_time(tmp_path):
    """1 MB of one paragraph with a role every 50 words (6,700 roles): about 13 s on the
    2-CPU machine (2 MB: 23 s; 100 KB: 4 s, of which 3 s are Sphinx's start); the bound is
    generous (> 10× the measurement); before, this input took over 8 minutes."""
    src = tmp_path / "src"
    from conftest import one_page_source

    page = one_page_source(src)
    page.write_text(long_paragraph(1_000_000), encoding="utf-8")
    start = time.monotonic()
    build = sphinx_build(src, tmp_path / "html", confdir=Path(__file__).resolve().parents[1],
                         extra=["-D", "suppress_warnings=terms.unused,persons.unused,cite.uncited,notes.unreferenced_series"])
    seconds = time.monotonic() - start
    assert build.returncode == 0, build.stderr
    assert seconds < 180, seconds
