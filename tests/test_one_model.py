"""One text model: every package reads a node's words through the same view
(``edition_common.view_text``), so that no reader sees the copy-text's reading and the
editors' run together.  Regression tests of the bugs the five separate walkers made,
asserting on the built output."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import lxml.html

from conftest import ROOT, WHOLE_EDITION_CHECKS, build_pdf, one_page_source, sphinx_build
from edition_text import popup_text


def words(el) -> str:
    return " ".join(el.text_content().split())


# -- note [4]'s popup (the notes package) ----------------------------------------------------

def test_note_popup_reads_one_reading(edition_html):
    """Note 4 cites "Lenin (London, 2005: Routledge)", which an apparatus entry corrects to
    "(London: Routledge, 2005)": the popup of its mark reads the note in the reader's view,
    one reading at a time; it used to run both together (a second walker made its text).
    (The browser test checks that the script shows what :func:`popup_text` reads.)"""
    assert edition_html.returncode == 0, edition_html.stderr
    essay = lxml.html.parse(str(edition_html.outdir / "essay.html")).getroot()
    (link,) = essay.xpath("//*[@id='noteref-4']//a")
    assert link.get("aria-describedby") == "note-4"
    critical, diplomatic = popup_text(link, "critical"), popup_text(link, "diplomatic")
    assert "Christopher Read, Lenin (London: Routledge, 2005), p. 154." in critical
    assert "Christopher Read, Lenin (London, 2005: Routledge), p. 154." in diplomatic
    for text in (critical, diplomatic):
        assert "Routledge)(London" not in text and "2005)(London" not in text


def tooltip_anchors(root) -> list:
    return root.xpath("//span[contains(concat(' ', @class, ' '), ' ed-tip ')]/*[1]")


def test_no_popup_runs_two_readings_together(edition_html):
    """Wherever a popup repeats words of the text (notes, editorial notes, apparatus,
    citations), it shows one reading of each apparatus entry in each view, never the
    copy-text's and the editors' together."""
    for page in ("essay", "responses", "editorial-notes", "apparatus"):
        root = lxml.html.parse(str(edition_html.outdir / f"{page}.html")).getroot()
        pairs = []
        for entry in root.xpath("//span[contains(concat(' ', @class, ' '), ' ed-app ')]"):
            dipl = entry.xpath("./span[@class='ed-dipl']")
            crit = entry.xpath("./span[@class='ed-crit']")
            if dipl and crit:
                pairs.append(words(dipl[0]) + words(crit[0]))
        assert pairs or page != "essay"
        for anchor in tooltip_anchors(root):
            for view in ("critical", "diplomatic"):
                text = popup_text(anchor, view).replace(" ", "")
                for both in pairs:
                    assert both.replace(" ", "") not in text, (page, both, text)


# -- a normalisation whose lemma is a whole term (apparatus × terms × PDF) --------------------

TERM = """
- ru: Учредительное собрание
  gloss: the Constituent Assembly
  spellings: [Uchreditelnoye so-braniye]
"""

ESSAY = """# Essay

:::{witness} R
The copy-text.
:::

In January 1918 the {ru}`Uchreditelnoye so-braniye` met for one day only and was dispersed.

:::{app} Uchreditelnoye so-braniye
:type: normalisation
:reg: Uchreditel'noe sobranie
The copy-text's own transliteration, with a stray hyphen.
:::
"""


def term_project(tmp_path: Path) -> Path:
    src = tmp_path / "source"
    index = one_page_source(src)
    (src / "terms.yaml").write_text((src / "terms.yaml").read_text(encoding="utf-8") + TERM,
                                    encoding="utf-8")
    index.write_text("# A test edition\n\n```{toctree}\nessay\napparatus\nglossary\n```\n",
                     encoding="utf-8")
    (src / "essay.md").write_text(ESSAY, encoding="utf-8")
    (src / "apparatus.md").write_text("# Interventions\n\n```{app-interventions}\n```\n",
                                      encoding="utf-8")
    (src / "glossary.md").write_text("# Glossary\n\n```{terms-glossary}\n```\n", encoding="utf-8")
    return src


# the page is named essay (a text page of the configuration) but is not the copy-text
OPTIONS = ["-D", "suppress_warnings=" + ",".join([*WHOLE_EDITION_CHECKS, "app.fidelity"])]


def test_term_normalised_in_html_and_glossary(tmp_path):
    src = term_project(tmp_path)
    build = sphinx_build(src, tmp_path / "html", confdir=ROOT, extra=OPTIONS)
    assert build.returncode == 0 and not build.stderr.strip(), build.stderr
    essay = lxml.html.parse(str(tmp_path / "html" / "essay.html")).getroot()
    (entry,) = essay.xpath("//span[@id='app-A1']")
    assert words(entry.xpath("./span[@class='ed-dipl']")[0]) == "Uchreditelnoye so-braniye"
    assert words(entry.xpath("./span[@class='ed-crit']")[0]) == "Uchreditel'noe sobranie"
    # the glossary's "In the text" gives the spelling the copy-text uses, once
    glossary = lxml.html.parse(str(tmp_path / "html" / "glossary.html")).getroot()
    (field,) = glossary.xpath("//dt[starts-with(normalize-space(.), 'In the text')]"
                              "/following-sibling::dd[1]")
    assert words(field) == "Uchreditelnoye so-braniye (1×)"


def test_term_normalised_in_the_pdf(tmp_path):
    """The PDF prints the editors' reading once, the copy-text's in the A footnote, and
    the list of interventions says where the entry is (page and line)."""
    src = term_project(tmp_path)
    pdf = build_pdf(src, tmp_path / "latex", confdir=ROOT, name="all-power-to-the-soviets",
                    extra=OPTIONS)
    assert pdf.latex.returncode == 0 and not pdf.latex.stderr.strip(), pdf.latex.stderr
    assert pdf.returncode == 0, pdf.output[-2000:]
    text = subprocess.run(["pdftotext", "-layout", str(pdf.pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    flat = " ".join(text.split())
    assert "so-braniyeUchreditel" not in flat and "sobranieUchreditelnoye" not in flat
    assert "In January 1918 the Uchreditel'noe sobranie met for one day only" in flat
    # the A footnote: line number, lemma (the editors' reading), the copy-text's reading
    assert re.search(r"\d+ Uchreditel'noe sobranie\] ed\. \(reg\.\); Uchreditelnoye "
                     r"so-braniye R — normalisation\. \[A1\]", flat), flat
    # the list of interventions, with the entry's page and line
    assert re.search(r"A1 \(p\. \d+, l\. \d+\) Uchreditel'noe sobranie \]", flat), flat
    # the glossary gives the copy-text's spelling only
    assert "Uchreditelnoye so-braniye (1×)" in flat

