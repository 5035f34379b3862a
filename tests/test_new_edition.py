"""``python -m sphinx_critical_edition new DIR``: a new edition that builds at once.

The edition it writes builds under ``-W`` to HTML and PDF, passes its own tests, and reads
nothing of this repository's edition; a page named in its conf.py that does not exist is a
warning naming the option, at its line of conf.py.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, build_pdf, sphinx_build

ENV = dict(os.environ, PYTHONPATH=str(ROOT / "extensions"), PYTHONDONTWRITEBYTECODE="1")


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *args], capture_output=True, text=True,
                          env=ENV, cwd=cwd, timeout=900)


@pytest.fixture(scope="module")
def edition(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("new") / "my-edition"
    proc = run("sphinx_critical_edition", "new", str(target))
    assert proc.returncode == 0, proc.stderr
    assert "make html" in proc.stdout
    return target


def test_the_new_edition_has_its_files(edition: Path):
    for name in ("conf.py", "Makefile", "bibliography.bib", ".gitignore", "witnesses/A.txt",
                 "source/index.md", "source/about.md", "source/text.md", "source/terms.yaml",
                 "source/persons.yaml", "tests/test_edition.py"):
        assert (edition / name).is_file(), name
    conf = (edition / "conf.py").read_text(encoding="utf-8")
    # every value of this edition in one block at the top, before the toolkit's settings
    block = conf[conf.index("-- This edition"):conf.index("-- The toolkit")]
    for option in ("project =", "author =", "edition_text_pages =", "edition_witness_files =",
                   "latex_documents =", "epub_basename =", "pdf_edition_title_page ="):
        assert option in block, option


def test_the_new_edition_builds_without_a_warning(edition: Path, tmp_path: Path):
    build = sphinx_build(edition / "source", tmp_path / "html", confdir=edition)
    assert build.returncode == 0 and not build.stderr.strip(), build.stderr
    text = (tmp_path / "html" / "text.html").read_text(encoding="utf-8")
    # each construct once: term, person, date, author's note, editorial note, citation,
    # apparatus entry, source of a quotation
    for cls in ("ed-term", "ed-person", "ed-date", "ed-author-note-mark", "ed-ednote-mark",
                "ed-cite", "ed-app-emendation", "ed-app-source"):
        assert re.search(rf'class="[^"]*\b{cls}\b', text), cls


def test_the_new_editions_own_tests_pass(edition: Path):
    proc = run("pytest", "-q", "-p", "no:cacheprovider", str(edition / "tests"), cwd=edition)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "3 passed" in proc.stdout


def test_the_new_edition_builds_a_pdf(edition: Path, tmp_path: Path):
    pdf = build_pdf(edition / "source", tmp_path / "latex", confdir=edition, name="sample-edition")
    assert pdf.returncode == 0, pdf.output[-3000:]
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf.pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert "A Sample Text" in text and "faint-hearts" in text
    # the name the Makefile prints is the one conf.py gives
    name = run("sphinx_critical_edition", "output-name", "pdf", str(edition))
    assert name.stdout.strip() == pdf.pdf.name == "sample-edition.pdf"


def test_new_refuses_a_folder_with_files(tmp_path: Path):
    (tmp_path / "keep.txt").write_text("mine", encoding="utf-8")
    proc = run("sphinx_critical_edition", "new", str(tmp_path))
    assert proc.returncode == 2
    assert proc.stderr.strip().count("\n") == 0 and "is not empty" in proc.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keep.txt"]


def test_a_renamed_page_is_one_change_in_conf_py(edition: Path, tmp_path: Path):
    """The text page renamed in conf.py only: a warning naming the option at its line, not a
    silently unnumbered PDF or misleading warnings about the registry."""
    copy = tmp_path / "edition"
    subprocess.run(["cp", "-r", str(edition), str(copy)], check=True)
    conf = copy / "conf.py"
    text = conf.read_text(encoding="utf-8").replace('edition_text_pages = ["text"]',
                                                    'edition_text_pages = ["chapter-1"]')
    conf.write_text(text, encoding="utf-8")
    line = text.splitlines().index('edition_text_pages = ["chapter-1"]') + 1
    build = sphinx_build(copy / "source", tmp_path / "html", confdir=copy)
    assert build.returncode != 0
    assert re.search(rf"{re.escape(str(conf))}:{line}: WARNING: `edition_text_pages` names the page "
                     r"'chapter-1', which the project does not have.*\[edition\.missing_page\]",
                     build.stderr), build.stderr
    assert "terms.unused" not in build.stderr
    # renamed in both places, the edition builds again
    (copy / "source" / "text.md").rename(copy / "source" / "chapter-1.md")
    index = copy / "source" / "index.md"
    index.write_text(index.read_text(encoding="utf-8").replace("\ntext\n", "\nchapter-1\n"),
                     encoding="utf-8")
    build = sphinx_build(copy / "source", tmp_path / "html2", confdir=copy)
    assert build.returncode == 0 and not build.stderr.strip(), build.stderr


def test_an_entry_in_an_edition_without_a_copy_text_warns(tmp_path: Path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text('extensions = ["myst_parser", "apparatus"]\n'
                                 'myst_enable_extensions = ["colon_fence"]\n'
                                 'bibtex_bibfiles = []\n', encoding="utf-8")
    (src / "index.md").write_text("# T\n\nThe faint-heats.\n\n:::{app} faint-heats\n"
                                  ":corr: faint-hearts\n:::\n", encoding="utf-8")
    build = sphinx_build(src, tmp_path / "html")
    assert re.search(rf"{re.escape(str(src / 'index.md'))}:5: WARNING: apparatus entry "
                     r"«faint-heats»: the edition names no copy-text; declare its witness in "
                     r"conf.py .*\[app\.no_copy_text\]", build.stderr), build.stderr
    # the words stay the text's
    assert "faint-heats" in (tmp_path / "html" / "index.html").read_text(encoding="utf-8")
