"""The PDF edition (extensions/pdf_edition): LuaLaTeX, reledmac line numbers, fonts, text.

The LaTeX-structure tests need no TeX.  The PDF tests build the real edition once per
session (fixture ``edition_pdf``) and a small test root with LaTeX-special characters in
every construct; without TeX they skip with one line naming the missing Debian packages
(CI installs them: ``.ci/apt-packages``).
"""

from __future__ import annotations

import difflib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, build_pdf, sphinx_build
from edition_text import copy_text_words, edition_words
from pdf_text import body_words, page_text, pdf_words

SPECIAL = r"% $ & # _ { } ~ ^ \ "
SPECIAL_ROOT = Path(__file__).resolve().parent / "roots" / "test-pdf-special"

#: Words the PDF prints among the copy-text that are the editors' headings
#: (the HTML fidelity test drops them by their class; the PDF sets them as headings).
EDITORIAL_HEADINGS = {"Notes", "Responses"}
#: Characters the PDF prints otherwise (pdf-edition.sty: not in the font).
PDF_SUBSTITUTES = str.maketrans({"⟨": "〈", "⟩": "〉"})


# -- LaTeX structure (no TeX needed) ---------------------------------------------------

@pytest.fixture(scope="module")
def special_latex(tmp_path_factory):
    out = tmp_path_factory.mktemp("special") / "latex"
    build = sphinx_build(SPECIAL_ROOT, out, builder="latex")
    assert build.returncode == 0, build.stderr
    assert build.stderr.strip() == ""
    return (out / "special.tex").read_text(encoding="utf-8")


def numbered_part(tex: str) -> str:
    start = tex.index(r"\edBeginNumbered")
    return tex[start:tex.index(r"\edEndNumbered", start)]


def test_numbered_pages_are_reledmac_numbered_text(special_latex):
    body = numbered_part(special_latex)
    assert body.count(r"\edPstart") == body.count(r"\edPend") >= 8
    assert r"\edSection{Heading with" in body
    assert r"\edSubsection{Section with" in body
    assert r"\edBeginQuote" in body and r"\edEndQuote" in body
    assert r"\edItem{1.}" in body and r"\edItem{2.}" in body
    assert r"\edItem{\textbullet}" in body
    # no LaTeX list or quote environments: reledmac numbers paragraphs, not items
    assert r"\begin{itemize}" not in body and r"\begin{quote}" not in body
    # the footnote's paragraph is not a numbered paragraph of its own
    assert not re.search(r"\\edPstart\s*Footnote with", body)


def test_cyrillic_is_wrapped_for_russian_hyphenation(special_latex):
    assert r"\edRussian{вся власть советам}" in special_latex


def test_root_prose_left_out_and_appendices_started(special_latex):
    assert "This root page" not in special_latex
    appendices = special_latex.index(r"\edAppendices")
    assert special_latex.index(r"\edEndNumbered") < appendices
    assert appendices < special_latex.index("Plain page")
    # the page that is not numbered keeps Sphinx's ordinary paragraphs
    plain = special_latex[appendices:]
    assert "\\sphinxAtStartPar\nParagraph with" in plain


def test_long_addresses_may_break(special_latex):
    """A word longer than a line (an address typed as text) may break after its slashes and
    hyphens; shorter words are left alone."""
    assert (r"marxists.org/\allowbreak{}archive/\allowbreak{}lenin/\allowbreak{}works/"
            r"\allowbreak{}1917/\allowbreak{}apr/\allowbreak{}04\sphinxhyphen{}\allowbreak{}long"
            in special_latex)
    assert r"\allowbreak" not in special_latex[:special_latex.index("An address typed")]


def test_title_page_from_configuration(special_latex):
    assert r"\begin{titlepage}" in special_latex
    assert r"Subtitle with \% \$ \& \# \_ \{ \} \textasciitilde{} \textasciicircum{} \textbackslash{}" in special_latex


@pytest.mark.edition
def test_the_edition_latex_uses_the_macros(tmp_path):
    build = sphinx_build(ROOT / "source", tmp_path / "latex", builder="latex", confdir=ROOT)
    assert build.returncode == 0, build.stderr
    tex = (tmp_path / "latex" / "all-power-to-the-soviets.tex").read_text(encoding="utf-8")
    assert tex.count(r"\edBeginNumbered") == 2  # the essay, the responses
    assert r"\usepackage[series={A,B},noend,noledgroup]{reledmac}" in tex
    # reledmac before hyperref, pdf-edition after it
    assert tex.index("{reledmac}") < tex.index(r"\usepackage{hyperref}") < tex.index("{pdf-edition}")
    # the heading's Russian term (extensions/terms): linked, with a plain form for bookmarks
    assert (r"\edSubsection{Who had the ‘\texorpdfstring{\edTerm{\edTranslit{vlast}}"
            r"{glossary:ru-vlast}}{vlast}’ in 1917?}") in tex
    assert r"\edRussian{вся власть народу}" in tex


# -- TeX missing --------------------------------------------------------------------------

@pytest.mark.edition
def test_make_pdf_without_tex_stops_with_one_line(tmp_path):
    """``make pdf`` on a machine without TeX: one line naming the Debian packages."""
    make = shutil.which("make")
    if make is None:
        pytest.skip("make is not installed")
    venv = tmp_path / "venv"
    (venv / "bin").mkdir(parents=True)
    (venv / ".installed").touch()  # newer than requirements.txt: no venv is built
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "python3").symlink_to(sys.executable)
    env = dict(os.environ, PATH=str(bin_dir))
    proc = subprocess.run(
        [make, "-C", str(ROOT), "pdf", f"VENV={venv}", f"BUILDDIR={tmp_path / 'build'}",
         "PYTHON=python3"],
        capture_output=True, text=True, env=env,
    )
    assert proc.returncode != 0
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, proc.stderr
    assert "missing Debian packages: texlive-luatex latexmk" in lines[0]
    assert "texlive-humanities" in lines[0] and "texlive-lang-cyrillic" in lines[0]
    assert not (tmp_path / "build").exists()


def test_texcheck_names_packages(monkeypatch):
    from pdf_edition import texcheck

    monkeypatch.setattr(texcheck, "_have", lambda what, kind: what not in {"reledmac.sty", "hyph-ru.tex"})
    assert texcheck.missing_packages() == ["texlive-humanities", "texlive-lang-cyrillic"]
    assert texcheck.main([]) == 1
    monkeypatch.setattr(texcheck, "_have", lambda what, kind: True)
    assert texcheck.missing_packages(for_tests=True) == []
    assert texcheck.main([]) == 0


# -- The PDF ---------------------------------------------------------------------------------

def test_pdf_builds(edition_pdf):
    assert edition_pdf.latex.returncode == 0, edition_pdf.latex.stderr
    assert edition_pdf.latex.stderr.strip() == ""
    assert edition_pdf.returncode == 0, edition_pdf.output[-3000:]
    assert edition_pdf.pdf.exists()


def test_no_undefined_or_duplicate_labels(edition_pdf):
    undefined = [
        line for line in edition_pdf.log.splitlines()
        if re.search(r"undefined|Rerun to get|multiply.defined", line, re.I)
    ]
    assert not undefined, "\n".join(undefined[:10])


def test_overfull_boxes_are_few(edition_pdf):
    overfull = re.findall(r"^Overfull \\[hv]box \(([\d.]+)pt too \w+\)", edition_pdf.log, re.M)
    assert len(overfull) <= 3, overfull
    assert all(float(points) < 10 for points in overfull), overfull


def test_every_font_embedded(edition_pdf):
    out = subprocess.run(["pdffonts", str(edition_pdf.pdf)], capture_output=True, text=True,
                         check=True).stdout.splitlines()
    rows = out[2:]
    assert rows, out
    for row in rows:
        # name type encoding emb sub uni object ID
        fields = row.split()
        emb, uni = fields[-5], fields[-3]
        assert emb == "yes", row
        assert uni == "yes", row  # a ToUnicode map: the text can be extracted and searched


def test_cyrillic_extracts_as_text(edition_pdf):
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(edition_pdf.pdf), "-"],
                          capture_output=True, text=True, check=True).stdout
    assert "вся власть советам" in text
    assert "власть" in text and "вся власть народу" in text
    assert "ﬁ" not in text and "ﬂ" not in text  # no ligature code points: "first" is searchable


def test_text_is_the_critical_text(edition_pdf, edition_html):
    """The words at text size, from the essay's title on, are the edition's critical text
    (the copy-text with the apparatus's readings, as the HTML's critical view gives it,
    which test_fidelity checks against the copy-text and the entries), in order; the only
    additions are the editors' headings."""
    expected = edition_words(edition_html.outdir, view="critical")
    assert expected[:8] == copy_text_words()[:8]
    words = [w.translate(PDF_SUBSTITUTES) for w in body_words(edition_pdf.pdf, set(expected))]
    start = next((i for i in range(len(words)) if words[i:i + 20] == expected[:20]), None)
    assert start is not None, "the essay's first words are not in the PDF"
    actual = words[start:]
    problems = []
    matcher = difflib.SequenceMatcher(a=expected, b=actual, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        if tag == "insert" and (i1 == len(expected) or set(actual[j1:j2]) <= EDITORIAL_HEADINGS):
            continue  # the editors' headings, or what follows the copy-text (appendices)
        context = " ".join(expected[max(0, i1 - 6):i1])
        problems.append(f"{tag} after «…{context}»: critical text «{' '.join(expected[i1:i2])}» "
                        f"vs PDF «{' '.join(actual[j1:j2])}»")
    assert not problems, "\n".join(problems[:20])


def test_apparatus_keyed_by_line_and_lemma(edition_pdf):
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(edition_pdf.pdf), "-"],
                          capture_output=True, text=True, check=True).stdout
    # series A: line number, lemma, bracket, the entry, its label (as in the HTML edition)
    assert re.search(r"^\d+ “Egalité, liberté, fraternité”\] R L17 B17; read “Liberté, égalité, "
                     r"fraternité” ed\. — correction of fact", text, re.M)
    assert "[A1]" in text
    # a long lemma is abbreviated: first … last word
    assert re.search(r"\b\d+(–\d+)?\s+The … familiar\] ed\. \(corr\.\); The nature of these claims "
                     r"are familiar R — emendation", text)
    # series B: the sources of quotations, after the apparatus
    sources = re.findall(r"\\edAppB\{(S\d+)\}", edition_pdf.tex)
    assert sorted(re.findall(r"\[(S\d+)\]", text)) == sorted(sources)


def test_interventions_list_gives_page_and_line(edition_pdf):
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(edition_pdf.pdf), "-"],
                          capture_output=True, text=True, check=True).stdout
    where = re.findall(r"^• (A\d+) \(p\. (\d+), l\. (\d+)\)", text, re.M)
    entries = set(re.findall(r"\\edAppA\{(A\d+)\}", edition_pdf.tex))
    assert {label for label, _, _ in where} == entries
    # the first entry: the same line in the list as at the foot of its page
    label, page, line = where[0]
    assert label == "A1"
    foot = page_text(edition_pdf.pdf, int(page))
    assert re.search(rf"^{line} “Egalité, liberté, fraternité”\]", foot, re.M), foot[-1500:]


def index_pages(pdf: Path, title: str) -> tuple[int, str]:
    """The first page of the index headed *title*, and its text to the end of the PDF."""
    pages = int(subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True,
                               check=True).stdout.split("Pages:")[1].split()[0])
    for number in range(pages, 0, -1):
        if page_text(pdf, number).lstrip().startswith(title + "\n"):
            return number, "\n".join(page_text(pdf, n) for n in range(number, pages + 1))
    raise AssertionError(f"no page starts with {title!r}")


def letter_headings(pdf: Path, first: int, last: int | None = None) -> list[str]:
    """The letter headings of a two-column index, in reading order (column by column):
    the one-letter words that stand alone on their line."""
    words = [w for w in pdf_words(pdf) if w.page >= first and (last is None or w.page <= last)]
    middle = max(w.x1 for w in words) / 2
    column = {id(w): int(w.x >= middle) for w in words}
    heads = [w for w in words if len(w.text) == 1 and w.text.isalpha() and not any(
        o is not w and o.page == w.page and column[id(o)] == column[id(w)] and abs(o.y - w.y) < 2
        for o in words)]
    return [w.text for w in sorted(heads, key=lambda w: (w.page, column[id(w)], w.y))]


RUSSIAN = "АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ"


def test_index_of_terms(edition_pdf):
    first, index = index_pages(edition_pdf.pdf, "Index")
    persons, _ = index_pages(edition_pdf.pdf, "Index of persons")  # the index after it
    assert re.search(r"^vlast' \(Russian: власть\), \d+–\d+", index, re.M), index  # en dash ranges
    # the Cyrillic headwords too (upmendex): after the Latin ones, in Russian order
    assert re.search(r"^власть \(vlast'\), \d+–\d+", index, re.M), index
    heads = letter_headings(edition_pdf.pdf, first, persons - 1 if persons > first else None)
    latin = [h for h in heads if h.isascii()]
    cyrillic = [h for h in heads if not h.isascii()]
    assert latin and cyrillic and heads == latin + cyrillic, heads
    assert latin == sorted(latin)
    assert cyrillic == sorted(cyrillic, key=RUSSIAN.index)


def test_editorial_notes_printed_once(edition_pdf):
    tex = edition_pdf.tex
    # the listing page is left out; each note follows the text of its page, once
    notes = re.findall(r"\\begin\{edEditorialNote\}\{([a-z]+)\}", tex)
    marks = re.findall(r"\\edEditorialNoteMark\{[^}]*\}\}\{([a-z]+)\}", tex)
    assert notes and sorted(notes) == sorted(set(notes)) == sorted(set(marks))
    assert r"\edOmittedPage{" in tex


def test_title_page(edition_pdf):
    text = " ".join(page_text(edition_pdf.pdf, 1).split())
    assert "‘All Power to the Soviets’: Biography of a slogan" in text
    assert "Lars T. Lih" in text
    assert "First published on John Riddell’s blog, 18 August 2014." in text
    assert "Ideas Left Out conference" in text and "4 August 2014" in text
    assert "Edited, with a textual introduction, a critical apparatus" in text
    assert re.search(r"Edition \S+, \d{1,2} \w+ \d{4}", text)


def test_contents_and_running_heads(edition_pdf):
    contents = page_text(edition_pdf.pdf, 2)
    assert contents.lstrip().startswith("Contents")
    assert "Who had the ‘vlast’ in 1917?" in contents and "Responses" in contents
    # the appendices: comments, interventions, glossary; then the index
    order = [contents.index(t) for t in ("Appendices", "Responses", "editorial interventions",
                                         "Glossary of Russian terms", "Index")]
    assert order == sorted(order), contents
    assert contents.count("Index") == 1, contents
    words = pdf_words(edition_pdf.pdf)
    essay_page = next(w.page for w in words if w.text == "Dorr’s" and w.page > 2)
    head = " ".join(w.text for w in words if w.page == essay_page and w.y < 60)
    assert "Biography of a slogan" in head


def test_lines_are_numbered_in_the_margin(edition_pdf):
    words = pdf_words(edition_pdf.pdf)
    # the essay's first page (“Vsya” = “all”: the front matter quotes its opening words too)
    essay_start = next(w.page for w in words if "Vsya" in w.text)
    margin = [w for w in words if w.page == essay_start and w.x < 70 and w.text.isdigit()]
    numbers = [int(w.text) for w in margin]
    assert numbers[:4] == [5, 10, 15, 20], numbers
    # the responses are numbered too
    responses = next(w.page for w in words if w.text == "Sandinista")
    assert any(w.page == responses and w.x < 70 and w.text == "5" for w in words)


# -- LaTeX-special characters, in every construct -------------------------------------

@pytest.fixture(scope="module")
def special_pdf(tmp_path_factory):
    build = build_pdf(SPECIAL_ROOT, tmp_path_factory.mktemp("special-pdf") / "latex",
                      name="special")
    assert build.returncode == 0, build.output[-3000:] + build.latex.stderr
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(build.pdf), "-"],
                          capture_output=True, text=True, check=True).stdout
    return build, " ".join(text.split())


@pytest.mark.parametrize("construct", [
    "Special", "Subtitle with", "Heading with", "Paragraph with", "Section with",
    "Quotation with", "Numbered item with", "Bulleted item with", "Emphasis with",
    "strong with", "literal with", "link with", "Footnote with",
    "Note with", "Source note with", "Commentary with", "Source commentary with",
    "Comment paragraph with", "Commenter with",
])
def test_special_characters_print_literally(special_pdf, construct):
    _, text = special_pdf
    if construct == "Special":
        expected = "Special " + SPECIAL.strip() + " characters"
    elif construct == "Subtitle with":
        expected = construct + " " + SPECIAL.strip()
    else:
        expected = construct + " " + SPECIAL + "signs"
    assert expected in text, text[:3000]


def test_russian_is_hyphenated_as_russian(special_pdf):
    build, _ = special_pdf
    # \showhyphens in \edRussian lists the Russian hyphenation points in the log
    assert re.search(r"го-\s?су-\s?дар-\s?ствен-\s?ный", build.log), build.log[-2000:]


def test_apparatus_entry_with_special_characters(special_pdf):
    _, text = special_pdf
    # the critical reading in the text, the copy-text's reading in the apparatus
    assert "An entry with 60% & $6 #2 c_d {y} ~z ^a \\v in it." in text
    assert re.search(r"\b\d+ 60% … \\v ?\] ed\. \(corr\.\); 50% & \$5 #1 a_b \{x\} ~y \^z \\w R", text), text
    assert re.search(r"\b\d+ A quoted line with … that has a source\. ?\] Source note with .* signs\. Source: ", text), text


def test_apparatus_macros_in_and_outside_numbered_text(special_pdf):
    _, text = special_pdf
    # in numbered text: reledmac notes keyed by line number and lemma (series A and B)
    assert re.search(r"\b\d+ lemma ?\] reading lemma's variant R", text), text
    assert re.search(r"\b\d+ quoted … words ?\] Source 1917, p. 10", text), text
    # outside numbered text: an ordinary footnote that keeps the lemma
    assert re.search(r"lemma two ?\] reading two", text), text
