"""Every format of the edition builds with no warning under ``-W --keep-going``.

HTML and LaTeX/PDF are built by the session fixtures ``edition_html`` / ``edition_pdf``
(tests/test_pdf_edition.py); here: Sphinx's ``text`` builder (what a plain-text reader
gets), ``linkcheck`` offline (``make linkcheck``: every http(s) link ``ignored``), the
``dummy`` builder (every stage but writing: the post-transforms and the builders' events our
extensions hook) and ``dirhtml`` (one folder per page: cross-document links written
differently); and, since the extensions register visitors for them, ``man`` and ``texinfo``.
They share one environment, as ``make formats`` does.

Offline, Sphinx 9's linkcheck does not look inside the edition's own pages: a ``#fragment``
link (every cross-reference, once resolved) is reported ``unchecked``; only a relative link
to a file is checked, for existence. So the internal links of the HTML builds are checked
here, anchor by anchor.
"""

from __future__ import annotations

import json
import re
import subprocess
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

import lxml.html
import pytest

from conftest import ROOT, Build, sphinx_build

# the edition in every format
pytestmark = pytest.mark.edition

OFFLINE = ["-D", "linkcheck_ignore=^https?://"]
LINKCHECK_ROOT = Path(__file__).resolve().parent / "roots" / "test-linkcheck"


@pytest.fixture(scope="module")
def build(tmp_path_factory: pytest.TempPathFactory):
    """``build(builder)``: the real edition built with *builder* (once per module)."""
    base = tmp_path_factory.mktemp("formats")

    @cache
    def run(builder: str) -> Build:
        extra = ["-d", str(base / "doctrees"), *(OFFLINE if builder == "linkcheck" else [])]
        return sphinx_build(ROOT / "source", base / builder, builder=builder, confdir=ROOT,
                            extra=extra)

    return run


def words(text: str) -> str:
    """*text* with its line breaks and runs of spaces made single spaces (the text builder
    wraps lines at 70 characters)."""
    return " ".join(text.split())


@pytest.fixture(scope="module")
def text(build) -> dict[str, str]:
    out = build("text")
    assert out.returncode == 0, out.stderr
    return {p.stem: words(p.read_text(encoding="utf-8")) for p in out.outdir.glob("*.txt")}


@pytest.mark.parametrize("builder", ["text", "linkcheck", "dummy", "dirhtml", "man",
                                     "texinfo"])
def test_builds_without_warnings(build, builder):
    out = build(builder)
    assert out.returncode == 0, out.stderr
    assert out.stderr.strip() == ""


# -- text ------------------------------------------------------------------------------

def test_text_has_every_page(text):
    assert set(text) == {"index", "about", "introduction", "sigla", "rights", "citing", "essay",
                         "responses", "apparatus", "editorial-notes", "glossary", "persons",
                         "chronology", "works-cited"}


def test_text_author_notes_marked_and_listed(text):
    essay = text["essay"]
    assert "extent it was carried out in practice.[1]" in essay
    notes = essay.split("Notes ----- ", 1)[1]
    # the author's labels as printed: "[1]." to "[7]." with a full stop, "[8]" without one
    assert re.findall(r"\[(\d)\]\.? (?=\w|“|‘)", notes)[:8] == [str(i) for i in range(1, 9)]
    assert "[1]. This essay is based on a talk" in notes
    assert "[8] The relevant excerpt from Martov’s book" in notes


def test_text_editorial_notes_marked_and_listed(text):
    essay = text["essay"]
    assert "fraternité”[A1][ed. a] as a symbol" in essay
    assert ("a “Egalité, liberté, fraternité”] The motto of the French Republic"
            in essay.split("Editorial notes --------------- ", 1)[1])


def test_text_apparatus_in_plain_words(text):
    essay = text["essay"]
    # the critical reading in the text, with its mark; the copy-text's reading in the entry
    assert "when the soviets overthrew[A2] the Provisional Government" in essay
    assert "the soviets overthrow[A2]" not in essay
    assert "A2 overthrew ] *ed. (corr.)*; overthrow R — emendation: tense." in essay
    # a slip that can be mended in two ways is flagged, not emended
    assert "grew out of the experience of the 1905;[A5] it was a strategy" in essay
    assert ("S2 About the first thing … have in Russia now.” ] Source: Dorr 1917, ch. II, p. 10."
            in essay)


def test_text_apparatus_counts_table_is_legible(text):
    # the widths are characters to the text builder (4 and 1 once made a column per letter)
    counts = text["apparatus"]
    assert "| Type of entry | Number |" in counts
    assert "| sources of quotations (separate series) | 25 |" in counts


def test_text_terms_cyrillic_transliteration_gloss(text):
    assert "Our slogan consists of three words: вся власть советам, vsya vlast’ sovetam." \
        in text["essay"]
    glossary = text["glossary"]
    assert "власть · vlast' power; the sovereign authority in a country" in glossary
    assert "In the text: vlast’ (1×), vlast (40×), Vlast (1×)" in glossary


def test_text_comments_with_header_and_signature(text):
    responses = text["responses"]
    assert responses.count("Comment 1 · Felipe Stuart C. ·") == 1
    assert responses.count("Comment 2 · Björn-Olav Kvidal ·") == 1
    assert "the way to the end”). Felipe Stuart C. Comment 2" in responses


def test_text_citations_and_works_cited(text):
    assert "she describes her first impression in Russia (10):" in text["essay"]
    works = text["works-cited"]
    assert ("Dorr, Rheta Childe. 1917. *Inside the Russian Revolution*. New York: The "
            "Macmillan Company, November 1917. https://www.gutenberg.org/ebooks/66371." in works)
    assert "Cited: *Essay* — Who had the ‘vlast’ in 1917? ¶ 1" in works


def test_text_section_names_are_the_readers(text):
    """Back-references name a section by its heading as read, not by every node's text
    (the diplomatic reading, the apparatus mark and its popup run together)."""
    name = "‘To the Soviets’: A universal claim for an institution"
    for page in ("glossary", "works-cited"):
        assert f"The essay, “{name}”" in text[page] or f"{name} ¶" in text[page], page
    for page, body in text.items():
        assert "↓ apparatus" not in body, page
        assert "institutionA17" not in body, page


# -- linkcheck -------------------------------------------------------------------------

def linkcheck_rows(out: Build) -> list[dict]:
    lines = (out.outdir / "output.json").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def test_linkcheck_offline_ignores_external_and_finds_nothing_broken(build):
    out = build("linkcheck")
    assert out.returncode == 0, out.stderr
    rows = linkcheck_rows(out)
    external = {r["uri"]: r["status"] for r in rows if re.match(r"https?://", r["uri"])}
    assert "https://www.gutenberg.org/ebooks/66371" in external
    assert set(external.values()) == {"ignored"}
    # the edition's own links, once resolved, are fragments: Sphinx does not check them
    internal = {r["uri"]: r["status"] for r in rows if r["uri"] not in external}
    assert "#app-mark-A1" in internal and "#ednoteref-feb27" in internal
    assert set(internal.values()) == {"unchecked"}
    # output.txt lists the problems only
    assert (out.outdir / "output.txt").read_text(encoding="utf-8") == ""


def test_linkcheck_offline_still_checks_local_files(tmp_path):
    """A relative link to a file is checked offline: present ``working``, missing ``broken``
    (a warning with file:line: the build fails under -W)."""
    out = sphinx_build(LINKCHECK_ROOT, tmp_path / "linkcheck", builder="linkcheck",
                       extra=OFFLINE)
    rows = {r["uri"]: r for r in linkcheck_rows(out)}
    assert rows["present.txt"]["status"] == "working"
    assert rows["missing.txt"]["status"] == "broken"
    assert rows["https://example.org/page"]["status"] == "ignored"
    assert rows["#section"]["status"] == "unchecked"
    assert out.returncode != 0
    assert re.search(r"index\.rst:\d+: WARNING: broken link: missing\.txt", out.stderr)


def test_make_linkcheck_is_offline_unless_online():
    def dry_run(*args: str) -> str:
        proc = subprocess.run(["make", "-n", "-o", ".venv/.installed", *args], cwd=ROOT,
                              capture_output=True, text=True, check=True)
        return proc.stdout

    assert "linkcheck_ignore=^https?://" in dry_run("linkcheck")
    assert "linkcheck_ignore" in dry_run("linkcheck", "ONLINE=0")
    assert "linkcheck_ignore" not in dry_run("linkcheck", "ONLINE=1")
    formats = dry_run("formats")
    order = [m.group(1) for m in re.finditer(r"sphinx-build -M (\w+)", formats)]
    assert order == ["html", "text", "epub", "linkcheck", "dummy"]
    assert "-W --keep-going" in formats


# -- the internal links of the HTML builds -------------------------------------------

def broken_local_links(outdir: Path) -> list[str]:
    """Every link of *outdir*'s pages without a scheme whose file or anchor is missing."""
    pages = {p.resolve(): lxml.html.parse(str(p)).getroot() for p in outdir.rglob("*.html")}
    ids = {p: set(root.xpath("//@id")) for p, root in pages.items()}
    broken = []
    for page, root in pages.items():
        for href in root.xpath("//a/@href"):
            url = urlsplit(href)
            if url.scheme:
                continue
            target = (page.parent / unquote(url.path)).resolve() if url.path else page
            if target.is_dir():
                target = target / "index.html"
            if not target.exists() or (
                url.fragment and target in ids and unquote(url.fragment) not in ids[target]
            ):
                broken.append(f"{page.relative_to(outdir.resolve())}: {href}")
    return broken


def test_html_internal_links_resolve(edition_html):
    assert edition_html.returncode == 0, edition_html.stderr
    assert broken_local_links(edition_html.outdir) == []


def test_dirhtml_internal_links_resolve(build):
    out = build("dirhtml")
    assert out.returncode == 0, out.stderr
    assert (out.outdir / "glossary" / "index.html").exists()
    assert broken_local_links(out.outdir) == []
