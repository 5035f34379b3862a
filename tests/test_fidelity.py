"""Text fidelity: the text of the built edition is the copy-text, word for word, in order."""

from __future__ import annotations

import difflib
import re

import pytest

from apparatus import fidelity
from edition_text import (
    COPY_TEXT,
    COPY_TEXT_PAGES,
    ENTRY,
    SHARED_COPY_TEXT,
    copy_text_words,
    edition_words,
    expected_critical_text,
    page_text,
    page_words,
)


@pytest.mark.edition
def test_vendored_copy_text_is_the_shared_one():
    if not SHARED_COPY_TEXT.exists():
        pytest.skip(f"{SHARED_COPY_TEXT} is not beside the repository")
    assert COPY_TEXT.read_bytes() == SHARED_COPY_TEXT.read_bytes()


def describe_difference(expected: list[str], actual: list[str]) -> str:
    lines = []
    matcher = difflib.SequenceMatcher(a=expected, b=actual, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        context = " ".join(expected[max(0, i1 - 6):i1])
        lines.append(
            f"{tag} after «…{context}»: copy-text «{' '.join(expected[i1:i2])}» "
            f"vs edition «{' '.join(actual[j1:j2])}»"
        )
    return "\n".join(lines[:20])


def test_every_paragraph_present_and_in_order(edition_html):
    paragraphs = fidelity.copy_text_paragraphs(COPY_TEXT.read_text(encoding="utf-8"))
    for view in ("diplomatic", "critical"):
        words = edition_words(edition_html.outdir, view=view) if view == "diplomatic" else \
            critical_words_with_lemmas(edition_html)
        missing = fidelity.missing_paragraphs(words, paragraphs)
        assert not missing, f"missing, altered or out of order ({view}):\n" + "\n".join(
            f"paragraph {p.number}: «{p.opening()}»" for p in missing)


def critical_words_with_lemmas(build) -> list[str]:
    """The critical text with each entry read as its lemma (what the build's check reads)."""
    words: list[str] = []
    for page, keep_title in COPY_TEXT_PAGES:
        marked = page_text(build.outdir / f"{page}.html", keep_title=keep_title, view="diplomatic",
                           mark_entries=True)
        words.extend(ENTRY.sub(lambda m: m.group(2), marked).split())
    return words


def test_the_build_reads_the_text_as_the_tests_do(edition_html):
    """The build's check reads the pages' doctrees; the tests read the HTML: the same words."""
    import pickle

    for page, _keep_title in COPY_TEXT_PAGES:
        doctree = pickle.loads((edition_html.outdir / ".doctrees" / f"{page}.doctree").read_bytes())
        from_doctree = fidelity.view_words(doctree, "diplomatic")
        from_html = page_words(edition_html.outdir / f"{page}.html", keep_title=True)
        assert from_doctree == from_html, describe_difference(from_html, from_doctree)


def test_diplomatic_text_equals_copy_text(edition_html):
    expected = copy_text_words()
    actual = edition_words(edition_html.outdir)
    assert actual == expected, describe_difference(expected, actual)


def test_the_extraction_notices_a_change(edition_html, tmp_path):
    """The fidelity check is not vacuous: one altered word in the built page is caught."""
    import shutil

    from edition_text import edition_words as words_of

    copy = tmp_path / "html"
    shutil.copytree(edition_html.outdir, copy)
    essay = copy / "essay.html"
    essay.write_text(
        essay.read_text(encoding="utf-8").replace("grimly optimistic", "grimly pessimistic", 1),
        encoding="utf-8",
    )
    assert words_of(copy) != copy_text_words()


def _entries(build, page: str) -> dict[str, dict]:
    import json

    data = json.loads((build.outdir / "apparatus.json").read_text(encoding="utf-8"))
    # series A (the apparatus) and C (commentary entries: marked, the text unchanged)
    return {e["label"]: e for e in data["entries"] if e["page"] == page and e["series"] in ("A", "C")}


def test_critical_text_differs_exactly_at_the_entries(edition_html):
    """The critical text is the copy-text with each entry's critical reading for its lemma,
    and nothing else changed; computed from the copy-text (the diplomatic text, which equals
    it) and the recorded entries (apparatus.json), compared with the critical view."""
    expected: list[str] = []
    actual: list[str] = []
    for page, keep_title in COPY_TEXT_PAGES:
        html = edition_html.outdir / f"{page}.html"
        marked = page_text(html, keep_title=keep_title, view="diplomatic", mark_entries=True)
        entries = _entries(edition_html, page)
        expected.extend(expected_critical_text(marked, entries).split())
        actual.extend(page_text(html, keep_title=keep_title, view="critical").split())
    assert actual == expected, describe_difference(expected, actual)


def test_every_change_is_an_entry(edition_html):
    """Not vacuous: each entry that changes the text makes the critical text differ."""
    changed = [e for page, _ in COPY_TEXT_PAGES for e in _entries(edition_html, page).values()
               if e["crit"] and e["crit"] != e["lemma"]]
    critical = []
    for page, keep_title in COPY_TEXT_PAGES:
        critical.extend(page_text(edition_html.outdir / f"{page}.html", keep_title=keep_title,
                                  view="critical").split())
    difference = difflib.SequenceMatcher(a=copy_text_words(), b=critical, autojunk=False)
    edits = [op for op in difference.get_opcodes() if op[0] != "equal"]
    assert len(edits) >= 1 if changed else not edits
    for entry in changed:
        assert " ".join(entry["crit"].split()) in " ".join(critical)


# -- The build's own check (issue 13): a lost paragraph fails the build -----------------------------

@pytest.mark.edition  # on a copy of the edition
def test_unclosed_fence_closed_by_a_later_one_fails_the_build(tmp_path):
    """The issue's case: the closing line of the essay's first apparatus entry deleted, so
    that the next entry's closing line closes it and the paragraph between becomes its note.
    MyST accepts it; the build must not."""
    from buildcheck import build, corpus

    tree = corpus.copy_edition(tmp_path / "edition")
    essay = tree / "source" / "essay.md"
    lines = essay.read_text(encoding="utf-8").split("\n")
    opening = next(i for i, line in enumerate(lines) if line.startswith("```{app}"))
    closing = next(i for i in range(opening + 1, len(lines)) if lines[i] == "```")
    del lines[closing]
    essay.write_text("\n".join(lines), encoding="utf-8")
    run = build(tree, tmp_path / "html")
    assert run.returncode != 0
    paragraphs = fidelity.copy_text_paragraphs(COPY_TEXT.read_text(encoding="utf-8"))
    lost = next(p for p in paragraphs if p.words[:3] == ["Our", "slogan", "consists"])
    assert re.search(
        rf"{re.escape(str(essay))}:{opening + 1}: WARNING: the diplomatic text of the pages essay, "
        rf"responses has lost paragraph {lost.number} of the copy-text \(R\.txt:{lost.line}: «Our slogan "
        r"consists of three words: .*»\): its words, at line \d+, are inside the fence '```\{app\} "
        r"“Egalité, liberté, fraternité”' opened at this line, .*close this fence where its entry "
        r"ends.*\[app\.fidelity\]", run.stderr), run.stderr


FIDELITY_CONF = """\
extensions = ["myst_parser", "apparatus"]
bibtex_bibfiles = []
myst_enable_extensions = ["colon_fence"]
edition_witness_files = {"W": "copy.txt"}
edition_text_pages = ["text"]
root_doc = "text"
"""


@pytest.mark.parametrize("page, expected", [
    ("# T\n\nFirst paragraph here.\n\nSecond paragraph, as the copy-text has it.\n", None),
    ("# T\n\nFirst paragraph here.\n\nSecond paragraph, as the copy-text had it.\n",
     r"text\.md:5: WARNING: the diplomatic text of the page text has lost paragraph 2 of the "
     r"copy-text \(copy\.txt:3: «Second paragraph, as the copy-text has it\.»\): its words are "
     r"at this line but not in the text \(in editorial matter, or changed\).*\[app\.fidelity\]"),
    ("# T\n\nFirst paragraph here.\n", r"text\.md:1: WARNING: .*lost paragraph 2 .*: its words "
     r"are nowhere on the pages: restore them from the copy-text.*\[app\.fidelity\]"),
    ("# T\n\nSecond paragraph, as the copy-text has it.\n\nFirst paragraph here.\n",
     r"lost paragraph 2 of the copy-text.*\[app\.fidelity\]"),
    ("# T\n\nFirst paragraph here.\n\n:::{app} here\n:type: fact\n\nSecond paragraph, as the "
     "copy-text has it.\n:::\n",
     r"text\.md:5: WARNING: .*lost paragraph 2 .*its words, at line 8, are inside the fence "
     r"':::\{app\} here' opened at this line.*\[app\.fidelity\]"),
], ids=["intact", "word-changed", "deleted", "reordered", "inside-a-directive"])
def test_fidelity_check_is_generic(tmp_path, page, expected):
    """Driven by conf.py alone (edition_witness_files, edition_text_pages), for any project."""
    from conftest import sphinx_build

    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text(FIDELITY_CONF, encoding="utf-8")
    (src / "copy.txt").write_text("First paragraph here.\n\nSecond paragraph, as the copy-text "
                                  "has it.\n", encoding="utf-8")
    (src / "text.md").write_text(page, encoding="utf-8")
    run = sphinx_build(src, tmp_path / "html")
    fidelity_warnings = [w for w in run.stderr.splitlines() if "[app.fidelity]" in w]
    if expected is None:
        assert not fidelity_warnings, run.stderr
    else:
        assert len(fidelity_warnings) == 1, run.stderr
        assert re.search(expected, fidelity_warnings[0]), run.stderr
