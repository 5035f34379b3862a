"""Reproducible builds: the same sources give the same bytes.

With ``SOURCE_DATE_EPOCH`` set, two clean builds of the real edition are compared file by
file, byte for byte.  The second build is made as differently as a rebuild may be: from a
copy of the project in another folder (another checkout path), into another output
folder, with another ``PYTHONHASHSEED`` (set and dict order of strings) and, for HTML,
with ``-j 2`` (documents read in two processes and merged).

* HTML: every file of the output tree, the pages, ``searchindex.js``, ``objects.inv``,
  ``apparatus.json``, ``_static/`` and ``.buildinfo``.  Nothing is excluded: the doctrees
  (Sphinx's pickled cache, not output) are written outside the tree with ``-d``.
  No page carries a date (the HTML does not depend on SOURCE_DATE_EPOCH at all) nor a
  path of the build machine.
* PDF: the ``.tex`` file and the PDF itself, byte for byte.  LuaTeX takes /CreationDate
  and /ModDate from SOURCE_DATE_EPOCH; its trailer /ID, which it would compute from the
  output file's full path, is set by ``pdf-edition.sty`` from SOURCE_DATE_EPOCH and the
  ``.tex`` file.  The title page prints the date of the version (``today`` in conf.py,
  set with ``release``), never the build's or SOURCE_DATE_EPOCH's day.

A failure names the differing files and shows where the first one differs.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from buildcheck import corpus
from conftest import ROOT, Build, PdfBuild, build_pdf, sphinx_build
from pdf_text import page_text

# the edition's builds, twice
pytestmark = pytest.mark.edition

#: 29 February 2000, 00:00:00 UTC: a day that no page of the edition names.
EPOCH = "951782400"
EPOCH_DATES = ("29 February 2000", "February 29, 2000", "2000-02-29", "29 Feb 2000",
               "Feb 29, 2000", "20000229")
PDF_NAME = "all-power-to-the-soviets"


def tree_files(outdir: Path) -> dict[str, bytes]:
    return {
        path.relative_to(outdir).as_posix(): path.read_bytes()
        for path in sorted(outdir.rglob("*")) if path.is_file()
    }


def first_difference(name: str, a: bytes, b: bytes) -> str:
    """Where two versions of a file first differ: the line (text) or the bytes (binary)."""
    at = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y),
              min(len(a), len(b)))
    head = f"{name}: {len(a)} vs {len(b)} bytes, first difference at byte {at}"
    if b"\0" not in a[:8192] + b[:8192]:
        line = a.count(b"\n", 0, at) + 1
        start = a.rfind(b"\n", 0, at) + 1
        la = a[start:a.find(b"\n", at) if b"\n" in a[at:] else len(a)]
        lb = b[start:b.find(b"\n", at) if b"\n" in b[at:] else len(b)]
        col = at - start
        cut = slice(max(0, col - 100), col + 100)
        return (f"{head}, line {line}:\n  a: {la[cut].decode('utf-8', 'replace')!r}\n"
                f"  b: {lb[cut].decode('utf-8', 'replace')!r}")
    cut = slice(max(0, at - 32), at + 32)
    return f"{head}:\n  a: {a[cut]!r}\n  b: {b[cut]!r}"


def assert_same_files(a: dict[str, bytes], b: dict[str, bytes]) -> None:
    only = sorted(a.keys() ^ b.keys())
    differ = sorted(n for n in a.keys() & b.keys() if a[n] != b[n])
    report = [f"in one build only: {n}" for n in only]
    report += [first_difference(n, a[n], b[n]) for n in differ[:5]]
    if len(differ) > 5:
        report.append(f"... and {len(differ) - 5} more: {', '.join(differ[5:])}")
    assert not report, f"{len(only) + len(differ)} file(s) differ:\n" + "\n".join(report)


def in_another_checkout(base: Path) -> Path:
    """A copy of the project (sources, conf.py, extensions, bibliography) in another folder."""
    return corpus.copy_edition(base / "elsewhere" / "checkout")


@pytest.fixture(scope="module")
def html_builds(tmp_path_factory: pytest.TempPathFactory) -> tuple[Build, Build, Path]:
    base = tmp_path_factory.mktemp("repro-html")
    tree = in_another_checkout(base)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", EPOCH)
        mp.setenv("PYTHONHASHSEED", "1")
        a = sphinx_build(ROOT / "source", base / "a" / "html", confdir=ROOT,
                         extra=["-d", str(base / "a" / "doctrees")])
        mp.setenv("PYTHONHASHSEED", "2")
        b = sphinx_build(tree / "source", base / "b" / "out", confdir=tree,
                         extra=["-d", str(base / "b" / "doctrees"), "-j", "2"])
    for run in (a, b):
        assert run.returncode == 0 and run.stderr.strip() == "", run.stderr[-3000:]
    return a, b, base


def test_html_builds_are_byte_identical(html_builds):
    a, b, _ = html_builds
    fa, fb = tree_files(a.outdir), tree_files(b.outdir)
    # the whole output, not an empty or half tree
    assert {"index.html", "essay.html", "responses.html", "glossary.html", "works-cited.html",
            "apparatus.json", "searchindex.js", "objects.inv", ".buildinfo",
            "_static/edition-common.js"} <= fa.keys()
    assert not any(name.startswith(".doctrees") for name in fa)
    assert_same_files(fa, fb)


def test_html_has_no_build_date_or_build_path(html_builds):
    a, b, base = html_builds
    text_files = {
        name: data.decode("utf-8") for name, data in tree_files(a.outdir).items()
        if name.endswith((".html", ".js", ".json", ".css", ".txt", ".buildinfo"))
    }
    assert "essay.html" in text_files
    needles = [*EPOCH_DATES, str(base), str(ROOT / "source"), str(ROOT / "extensions")]
    found = [f"{name}: {needle!r}" for name, text in text_files.items()
             for needle in needles if needle in text]
    assert not found, "a build date or path in the HTML:\n" + "\n".join(found)
    # nor any path of the machine the edition was made on (the sources once named the
    # editors' working files by absolute path: they are now named as in the repository)
    machine = re.compile(r"(?<![\w.:/])/(?:work|tmp|root|home)/\S*")
    found = [f"{name}: {m.group(0)!r}" for name, text in text_files.items()
             for m in machine.finditer(text)]
    assert not found, "a machine path in the HTML:\n" + "\n".join(found)


# -- PDF ---------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def pdf_builds(tmp_path_factory: pytest.TempPathFactory) -> tuple[PdfBuild, PdfBuild]:
    """Two PDF builds (Sphinx's LaTeX builder, then latexmk and LuaLaTeX), as ``make pdf``;
    skips with one line when TeX is missing."""
    base = tmp_path_factory.mktemp("repro-pdf")
    tree = in_another_checkout(base)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", EPOCH)
        mp.setenv("PYTHONHASHSEED", "1")
        a = build_pdf(ROOT / "source", base / "a" / "latex", confdir=ROOT, name=PDF_NAME,
                      extra=["-d", str(base / "a" / "doctrees")])
        mp.setenv("PYTHONHASHSEED", "2")
        b = build_pdf(tree / "source", base / "b" / "out", confdir=tree, name=PDF_NAME,
                      extra=["-d", str(base / "b" / "doctrees")])
    for run in (a, b):
        assert run.latex.returncode == 0, run.latex.stderr[-3000:]
        assert run.returncode == 0 and run.pdf.exists(), run.output[-3000:]
    return a, b


def test_latex_sources_are_byte_identical(pdf_builds):
    a, b = pdf_builds
    name = f"{PDF_NAME}.tex"
    assert_same_files({name: a.pdf.with_suffix(".tex").read_bytes()},
                      {name: b.pdf.with_suffix(".tex").read_bytes()})


def test_pdfs_are_byte_identical(pdf_builds):
    a, b = pdf_builds
    name = f"{PDF_NAME}.pdf"
    assert_same_files({name: a.pdf.read_bytes()}, {name: b.pdf.read_bytes()})


def test_pdf_dates_are_source_date_epoch(pdf_builds):
    from pypdf import PdfReader

    a, _ = pdf_builds
    info = PdfReader(a.pdf).trailer["/Info"].get_object()
    assert info["/CreationDate"] == info["/ModDate"] == "D:20000229000000Z"
    title_page = " ".join(page_text(a.pdf, 1).split())
    assert re.search(r"Edition \S+, \d{1,2} \w+ \d{4}", title_page), title_page
    assert not any(date in title_page for date in EPOCH_DATES), title_page
