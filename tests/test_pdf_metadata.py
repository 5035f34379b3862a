"""The PDF edition's metadata and navigation: the document information (pdfinfo), the PDF/A-2b
identification and output intent, a bookmark for every section, note series and appendix,
and the number of LuaLaTeX passes a clean build takes."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

# the edition's PDF
pytestmark = pytest.mark.edition

pypdf = pytest.importorskip("pypdf")


def pdfinfo(pdf, *options: str) -> dict[str, str]:
    if not shutil.which("pdfinfo"):
        pytest.skip("pdfinfo (poppler-utils) is not installed")
    out = subprocess.run(["pdfinfo", *options, str(pdf)], capture_output=True, text=True,
                         check=True).stdout
    return {k.strip(): v.strip() for k, _, v in (line.partition(":") for line in out.splitlines())}


def test_document_information(edition_pdf):
    assert edition_pdf.returncode == 0, edition_pdf.output[-3000:]
    info = pdfinfo(edition_pdf.pdf)
    assert info["Title"] == "‘All Power to the Soviets’: Biography of a slogan"
    assert info["Author"] == "Lars T. Lih"
    assert info["Subject"].startswith("A critical edition of Lars T. Lih’s essay")
    assert "Russian Revolution" in info["Keywords"] and "critical edition" in info["Keywords"]
    assert info["Metadata Stream"] == "yes"
    custom = pdfinfo(edition_pdf.pdf, "-custom")
    assert custom["Editors"] == "The ‘All Power to the Soviets’ edition project"
    reader = pypdf.PdfReader(edition_pdf.pdf)
    assert reader.trailer["/Root"]["/Lang"] == "en"


def test_pdfa_2b_identification(edition_pdf):
    """What PDF/A-2b asks of the file that can be read back here: the XMP identification
    (part 2, conformance B) with title and author, an sRGB output intent, every font
    embedded. (No PDF/A validator is packaged for Debian or PyPI: README.)"""
    reader = pypdf.PdfReader(edition_pdf.pdf)
    root = reader.trailer["/Root"]
    xmp = root["/Metadata"].get_object().get_data().decode("utf-8")
    assert "<pdfaid:part>2</pdfaid:part>" in xmp
    assert "<pdfaid:conformance>B</pdfaid:conformance>" in xmp
    assert "‘All Power to the Soviets’: Biography of a slogan" in xmp and "Lars T. Lih" in xmp
    intent = root["/OutputIntents"][0].get_object()
    assert intent["/S"] == "/GTS_PDFA1" and "sRGB" in intent["/OutputConditionIdentifier"]
    fonts = subprocess.run(["pdffonts", str(edition_pdf.pdf)], capture_output=True, text=True,
                           check=True).stdout.splitlines()[2:]
    assert fonts and all(line.split()[-5] == "yes" for line in fonts), fonts  # "emb" column


def outline(reader) -> list[tuple[int, str, int]]:
    """(depth, title, page number) of every bookmark, in order."""
    out = []

    def walk(items, depth):
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                # spaces normalised: a title may hold a no-break space ("Lars T.\u00a0Lih")
                out.append((depth, " ".join(item.title.split()),
                            reader.get_destination_page_number(item) + 1))

    walk(reader.outline, 0)
    return out


def test_bookmarks_for_every_section_note_series_and_appendix(edition_pdf):
    reader = pypdf.PdfReader(edition_pdf.pdf)
    marks = outline(reader)
    titles = [(depth, title) for depth, title, _ in marks]
    top = [t for d, t in titles if d == 0]
    assert top == ["Title page", "Contents", "About this edition", "Textual introduction",
                   "Key to sigla, signs and abbreviations", "Rights",
                   "How to cite this edition",
                   "‘All Power to the Soviets’: Biography of a slogan, by Lars T. Lih",
                   "Appendices"]
    essay = titles[titles.index((0, top[-2])) + 1:titles.index((0, "Appendices"))]
    assert essay == [(1, "Who had the ‘vlast’ in 1917?"),
                     (1, "‘Vlast’: The heritage of the Old Bolshevik scenario"),
                     (1, "‘All’: The challenge of 1917"),
                     (1, "‘To the Soviets’: A universal claim for an institution"),
                     (1, "Looking ahead: ‘All Power to the Soviets’ during the Lenin era"),
                     (1, "Notes"), (1, "Editorial notes")]
    appendices = [t for d, t in titles[titles.index((0, "Appendices")) + 1:] if d == 1]
    assert appendices == ["Responses", "Appendix: editorial interventions",
                          "Glossary of Russian terms", "Index of persons", "Chronology",
                          "Works cited", "Index", "Index of persons"]
    assert (2, "Editorial notes") in titles  # the responses' own
    # every bookmark leads to its page: the heading's words are on it
    pages = [" ".join(p.extract_text().split()) for p in reader.pages]
    for _depth, title, page in marks:
        if title not in {"Title page", "Appendices"}:
            words = re.sub(r"[‘’']", "", title).split()[:3]
            text = re.sub(r"[‘’']", "", pages[page - 1])
            assert " ".join(words) in text, (title, page)
    # the appendices' bookmark leads to their first page, not to the page before
    appendix_page = next(p for d, t, p in marks if t == "Appendices")
    assert appendix_page == next(p for d, t, p in marks if t == "Responses")


def test_lualatex_passes(edition_pdf):
    """A clean build takes four LuaLaTeX passes, the least that reledmac's page-by-page line
    numbers and the interventions' page and line references allow (README): the first
    sets the notes without line numbers, the second numbers the lines by the first's pages,
    the third by its own (final) pages, the fourth prints the references to them."""
    passes = sum(1 for line in edition_pdf.output.splitlines()
                 if line.startswith("Run number ") and "of rule 'pdflatex'" in line)
    assert 3 <= passes <= 4, edition_pdf.output[-2000:]
