"""The author's notes, the editorial notes and the reader comments in the built edition."""

from __future__ import annotations

import re

import lxml.html
import pytest

from edition_text import popup_text

# the edition's notes
pytestmark = pytest.mark.edition


def load(build, page):
    return lxml.html.parse(str(build.outdir / f"{page}.html")).getroot()


def words(el) -> str:
    return " ".join(el.text_content().split())


@pytest.fixture(scope="module")
def essay(edition_html):
    assert edition_html.returncode == 0, edition_html.stderr
    return load(edition_html, "essay")


def test_author_notes_keep_the_authors_numbers_and_labels(essay):
    notes = essay.xpath("//section[contains(@class,'ed-author-notes')]"
                        "/div[contains(@class,'ed-author-note')]")
    assert [n.get("id") for n in notes] == [f"note-{i}" for i in range(1, 9)]
    labels = [n.xpath(".//a[contains(@class,'ed-note-label')]")[0].text for n in notes]
    # exactly as the copy-text prints them: "[1]." … "[7]." but "[8]" without the period
    assert labels == [f"[{i}]." for i in range(1, 8)] + ["[8]"]
    assert words(notes[0]).startswith("[1]. This essay is based on a talk")
    assert words(notes[7]).startswith("[8] The relevant excerpt from Martov’s book")
    # the heading is the editors'
    heading = essay.xpath("//section[contains(@class,'ed-author-notes')]/h2")[0]
    assert "ed-editorial" in heading.get("class").split()


def test_marks_and_notes_link_both_ways(essay):
    marks = essay.xpath("//span[contains(@class,'ed-author-note-mark')]")
    assert [m.get("id") for m in marks] == [f"noteref-{i}" for i in range(1, 9)]
    for i, mark in enumerate(marks, start=1):
        link = mark.xpath(".//a[contains(@class,'ed-note-ref')]")[0]
        assert link.text == f"[{i}]"
        assert link.get("href") == f"#note-{i}"
        assert essay.xpath(f"//*[@id='note-{i}']//a[contains(@class,'ed-note-label')]"
                           f"/@href") == [f"#noteref-{i}"]
    # the mark follows its word directly, as in the copy-text: "practice.[1]"
    para = marks[0].getparent()
    assert re.search(r"in practice\.\[1\]", words(para))


def test_hovering_a_mark_shows_the_note(essay):
    mark = essay.xpath("//*[@id='noteref-5']")[0]
    link = mark.xpath(".//a")[0]
    # the note is on the page: the popup shows it (rendered once, by the page's script)
    assert link.get("aria-describedby") == "note-5"
    assert popup_text(link).startswith("[5]. I will illustrate my remarks today")
    assert popup_text(link).endswith("for Kamenev’s remark, see p. 206.")


def test_comments_are_cards_with_signatures_as_signed(edition_html):
    page = load(edition_html, "responses")
    cards = page.xpath("//article[contains(@class,'ed-comment')]")
    assert [c.get("id") for c in cards] == ["comment-1", "comment-2"]
    signatures = [c.xpath("./p[contains(@class,'ed-comment-signature')]")[0] for c in cards]
    for signature in signatures:  # the passage's ¶ link and "cite" (edition_common.passages)
        for marks in signature.xpath("./span[contains(@class, 'ed-passage-marks')]"):
            marks.drop_tree()
    signatures = [words(s) for s in signatures]
    assert signatures == ["Felipe Stuart C.", "Björn-Olav Kvidal,"]
    headers = [c.xpath("./header")[0] for c in cards]
    assert all("ed-editorial" in h.get("class").split() for h in headers)
    assert words(headers[0]).startswith("Comment 1 · Felipe Stuart C.")
    assert words(headers[1]).startswith("Comment 2 · Björn-Olav Kvidal")
    # what each comment answers is a link into the essay
    assert headers[0].xpath(".//a[contains(@class,'reference')]/@href") == ["essay.html#narodnaia-vlast"]
    assert headers[1].xpath(".//a[contains(@class,'reference')]/@href") == ["essay.html#lenin-hopes"]
    # the bodies are complete: first and last paragraphs of each (read without the popups
    # of marked persons and terms, and without the passages' ¶ and cite links)
    for card in cards:
        for extra in card.xpath(".//*[contains(@class,'ed-tip-body') or "
                                "contains(@class,'ed-passage-marks')]"):
            extra.drop_tree()
    assert words(cards[0]).count("A fascinating and important contribution from Lars Lih.") == 1
    assert "Workers in all countries, unite!" in words(cards[1])
    assert len(cards[1].xpath(".//blockquote")) == 6


def test_editorial_notes_are_a_lettered_series_of_their_own(edition_html, essay):
    responses = load(edition_html, "responses")
    letters = []
    for root in (essay, responses):
        for mark in root.xpath("//sup[contains(@class,'ed-ednote-mark')]"):
            assert "ed-editorial" in mark.get("class").split()
            letters.append(words(mark.xpath(".//a")[0]))
    expected = [chr(c) for c in range(ord("a"), ord("y") + 1)]
    assert letters == expected
    # each page lists its own notes after its text, as editorial matter
    for root, count in ((essay, 20), (responses, 5)):
        section = root.xpath("//section[contains(@class,'ed-ednotes')]")[0]
        assert "ed-editorial" in section.get("class").split()
        assert len(section.xpath("./div[contains(@class,'ed-ednote')]")) == count
    # the Old Style date of the February revolution with its Western equivalent
    feb27 = essay.xpath("//*[@id='ednote-feb27']")[0]
    assert "27 February 1917 O.S. = 12 March 1917 N.S." in words(feb27)
    # its evidence is a citation of a work of the bibliography, not a word about software
    assert feb27.xpath(".//*[contains(@class,'ed-cite')]") and "convertdate" not in words(feb27)
    # the author's marks are still [1]…[8], whatever the editors add
    assert [words(a) for a in essay.xpath("//a[contains(@class,'ed-note-ref')]")] == [
        f"[{i}]" for i in range(1, 9)]


def test_listing_page_of_editorial_notes(edition_html):
    root = load(edition_html, "editorial-notes")
    notes = root.xpath("//div[contains(@class,'ed-ednotes-listing')]//div[contains(@class,'ed-ednote')]")
    assert len(notes) == 25
    hrefs = [n.xpath(".//a[contains(@class,'ed-ednote-label')]/@href")[0] for n in notes]
    assert hrefs[0] == "essay.html#ednoteref-egalite"
    assert hrefs[-1] == "responses.html#ednoteref-kronstadt"
    assert all(h.startswith(("essay.html#ednoteref-", "responses.html#ednoteref-")) for h in hrefs)
    index = load(edition_html, "index")
    assert "editorial-notes.html" in index.xpath("//article[@role='main']//a/@href")


@pytest.fixture(scope="module")
def edition_latex(tmp_path_factory):
    from conftest import ROOT, sphinx_build

    out = tmp_path_factory.mktemp("edition") / "latex"
    build = sphinx_build(ROOT / "source", out, confdir=ROOT, builder="latex")
    assert build.returncode == 0, build.stderr
    return (out / "all-power-to-the-soviets.tex").read_text(encoding="utf-8")


def test_latex_keeps_the_authors_numbers_as_endnotes(edition_latex):
    tex = edition_latex
    marks = re.findall(r"\\edAuthorNoteMark\{\\detokenize\{essay:note-(\d)\}\}\{\{\[\}(\d)\{\]\}\}", tex)
    assert marks == [(str(i), str(i)) for i in range(1, 9)]
    labels = re.findall(r"\\edAuthorNoteLabel\{\\hyperref\[\\detokenize\{essay:noteref-\d\}\]"
                        r"\{\{\[\}(\d)\{\]\}(\.?)\}\}", tex)
    assert labels == [(str(i), ".") for i in range(1, 8)] + [("8", "")]
    # endnotes, after the essay's text and before the comments' appendix
    notes = tex.index(r"\begin{edAuthorNotes}{Notes}")
    assert tex.index("independent soviets.") < notes < tex.index(r"\edCommentsAppendix")


def test_latex_editorial_notes_and_comments(edition_latex):
    tex = edition_latex
    letters = re.findall(r"\\edEditorialNoteMark\{[^}]*\}\}\{([a-z]+)\}", tex)
    assert letters == [chr(c) for c in range(ord("a"), ord("y") + 1)]
    appendix = tex.index(r"\edCommentsAppendix")
    # (the PDF edition sets the line-numbered pages' headings with \edSection)
    assert appendix < tex.index("Section{Responses}")
    assert tex.index(r"\begin{edComment}{1}{Felipe Stuart C.}") < tex.index(
        r"\begin{edComment}{2}{Björn\sphinxhyphen{}Olav Kvidal}")
    # (after \edPstart, the paragraph's passage anchors: edition_common.passages)
    signature = (r"(?:\n|\\edPstart (?:\\phantomsection.*?\\edPassage\{{[^}}]*\}}\{{\d+\}})?)"
                 r"{}(?:\n|\\edPend)")
    assert re.search(signature.format(re.escape("Felipe Stuart C.")), tex)
    assert re.search(signature.format(re.escape("Björn\\sphinxhyphen{}Olav Kvidal,")), tex)
