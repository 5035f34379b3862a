"""Text fidelity: the text of the built edition is the copy-text, word for word, in order."""

from __future__ import annotations

import difflib

import pytest

from edition_text import (
    COPY_TEXT,
    COPY_TEXT_PAGES,
    SHARED_COPY_TEXT,
    copy_text_paragraphs,
    copy_text_words,
    edition_words,
    expected_critical_text,
    page_text,
)


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
    words = edition_words(edition_html.outdir)
    text = " " + " ".join(words) + " "
    position = 0
    missing = []
    for number, paragraph in enumerate(copy_text_paragraphs(), start=1):
        needle = " " + " ".join(paragraph) + " "
        found = text.find(needle, position)
        if found < 0:
            missing.append(f"paragraph {number}: «{' '.join(paragraph[:12])} …»")
        else:
            position = found + len(needle) - 1
    assert not missing, "missing, altered or out of order:\n" + "\n".join(missing)


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
