"""Helpers of an edition's own tests (``tests/test_edition.py`` of a new edition).

:func:`build` runs ``sphinx-build`` as the edition's Makefile does (warnings are errors);
:func:`page_words` reads a built HTML page back in one view, without the editors' matter;
:func:`missing_paragraphs` says which paragraphs of the copy-text a built edition has lost.
The reading of the copy-text and "present, in order" are the toolkit's own (the build's
fidelity check, ``apparatus.fidelity``).
"""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import lxml.html
from sphinx.config import eval_config_file
from sphinx.util.tags import Tags

from apparatus import fidelity

#: classes of what the editors add (never the copy-text), and of each view's own readings
EDITORIAL, DIPLOMATIC, CRITICAL = "ed-editorial", "ed-dipl", "ed-crit"
BLOCK_TAGS = frozenset({
    "p", "div", "section", "article", "blockquote", "li", "ul", "ol", "dl", "dt", "dd",
    "h1", "h2", "h3", "h4", "h5", "h6", "pre", "table", "tr", "td", "th", "br", "aside",
    "figure", "figcaption", "header", "footer", "hr",
})


@dataclass
class Build:
    outdir: Path
    returncode: int
    stdout: str
    stderr: str


def build(root: Path, outdir: Path, builder: str = "html") -> Build:
    """``sphinx-build -b BUILDER -W --keep-going -c ROOT ROOT/source OUTDIR``."""
    cmd = [sys.executable, "-m", "sphinx", "-b", builder, "-W", "--keep-going", "-q",
           "-c", str(root), str(root / "source"), str(outdir)]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    return Build(outdir, proc.returncode, proc.stdout, proc.stderr)


def configuration(root: Path) -> dict:
    """The edition's ``conf.py``, read as Sphinx reads it."""
    return eval_config_file(Path(root).resolve() / "conf.py", Tags())


def copy_text(root: Path) -> Path:
    """The copy-text's file: ``edition_witness_files[apparatus_copy_text]`` (by default the
    first witness)."""
    conf = configuration(root)
    files = conf.get("edition_witness_files", {})
    siglum = conf.get("apparatus_copy_text") or next(iter(files))
    return Path(root) / files[siglum]


def page_words(html_file: Path, view: str = "diplomatic") -> list[str]:
    """The words of the text on one built HTML page in the ``diplomatic`` view (the
    copy-text's readings) or the ``critical`` one (the editors'), without editorial matter."""
    drop = {"diplomatic": CRITICAL, "critical": DIPLOMATIC}[view]
    (main,) = lxml.html.parse(str(html_file)).xpath("//article[@role='main']")
    for el in list(main.iter()):
        if not isinstance(el.tag, str):
            continue
        classes = (el.get("class") or "").split()
        if EDITORIAL in classes or drop in classes or "headerlink" in classes \
                or el.tag in ("script", "style", "template"):
            el.drop_tree()
    for el in main.iter():
        if isinstance(el.tag, str) and el.tag in BLOCK_TAGS:
            el.tail = "\n" + (el.tail or "")
    return main.text_content().split()


def missing_paragraphs(root: Path, html_dir: Path, view: str = "diplomatic") -> list[str]:
    """The paragraphs of the copy-text (their first words) that the text pages
    (``edition_text_pages``) of the built HTML do not hold, as runs of words in order."""
    pages = configuration(root).get("edition_text_pages", [])
    words = [w for page in pages for w in page_words(Path(html_dir) / f"{page}.html", view)]
    paragraphs = fidelity.copy_text_paragraphs(copy_text(root).read_text(encoding="utf-8"))
    return [p.opening() for p in fidelity.missing_paragraphs(words, paragraphs)]
