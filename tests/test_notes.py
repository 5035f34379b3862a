"""The notes extension on small projects: the author's notes, the editorial notes and the
reader comments in HTML, LaTeX and text; bad input; parallel and incremental builds."""

from __future__ import annotations

import filecmp
import re
import shutil
from pathlib import Path

import lxml.html
import pytest
from conftest import sphinx_build
from edition_text import popup_text


def page(app_or_dir, name: str) -> lxml.html.HtmlElement:
    outdir = getattr(app_or_dir, "outdir", app_or_dir)
    return lxml.html.parse(str(Path(outdir) / f"{name}.html")).getroot()


def words(el) -> str:
    return " ".join(el.text_content().split())


def classes(el) -> list[str]:
    return (el.get("class") or "").split()


# -- HTML -----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def html(tmp_path_factory, rootdir):
    out = tmp_path_factory.mktemp("notes") / "html"
    build = sphinx_build(rootdir / "test-notes", out)
    assert build.returncode == 0 and not build.stderr.strip(), build.stderr
    return out


def test_author_notes_numbers_labels_and_two_way_links(html):
    root = page(html, "index")
    notes = root.xpath("//div[contains(@class,'ed-author-note')]")
    assert [n.get("id") for n in notes] == ["note-1", "note-2"]
    labels = [n.xpath(".//*[contains(@class,'ed-note-label')]")[0] for n in notes]
    assert [words(l) for l in labels] == ["[1].", "[2]"]  # note 2 keeps its printed label
    assert [l.get("href") for l in labels] == ["#noteref-1", "#noteref-2"]
    marks = root.xpath("//span[contains(@class,'ed-author-note-mark')]")
    assert [m.get("id") for m in marks] == ["noteref-1", "noteref-2", "noteref-2-2"]
    assert [m.xpath(".//a[contains(@class,'ed-note-ref')]/@href")[0] for m in marks] == [
        "#note-1", "#note-2", "#note-2"]
    assert [words(m.xpath(".//a")[0]) for m in marks] == ["[1]", "[2]", "[2]"]
    # the second mark of note 2 is reached from the note by an editorial back-link
    back = notes[1].xpath(".//span[contains(@class,'ed-note-backlinks')]")[0]
    assert "ed-editorial" in classes(back)
    assert back.xpath(".//a/@href") == ["#noteref-2-2"]
    # the note's text follows its label in the first paragraph
    assert words(notes[1].xpath("./p")[0]) == "[2] The second note."
    assert words(notes[1].xpath("./p")[-1]).endswith("second note. ↩2")
    # the heading "Notes" is the editors'
    assert words(root.xpath("//section[contains(@class,'ed-author-notes')]/h2")[0]) == "Notes¶"
    assert "ed-editorial" in classes(root.xpath("//section[contains(@class,'ed-author-notes')]/h2")[0])


def test_author_note_mark_shows_the_note_on_hover(html):
    mark = page(html, "index").xpath("//*[@id='noteref-2']")[0]
    anchor = mark.xpath(".//a")[0]
    # the note is on the page: the popup shows it (rendered once, by the page's script)
    assert anchor.get("aria-describedby") == "note-2"
    assert popup_text(anchor) == "[2] The second note. A second paragraph of the second note."


def test_editorial_notes_are_lettered_through_the_edition(html):
    letters = {}
    for name in ("index", "second", "replies", "rst-page"):
        for mark in page(html, name).xpath("//sup[contains(@class,'ed-ednote-mark')]"):
            assert "ed-editorial" in classes(mark)
            key = mark.get("id").removeprefix("ednoteref-")
            letters[key] = words(mark.xpath(".//a")[0])
    # in the order of the marks: page by page in the table of contents, then within a page
    assert letters == {"feb27": "a", "lenin": "b", "kamenev": "c", "cheka": "d",
                       "quote": "e", "trotsky": "f"}
    # the author's numbering is untouched by the editorial series
    root = page(html, "index")
    assert [words(a) for a in root.xpath("//a[contains(@class,'ed-note-ref')]")] == [
        "[1]", "[2]", "[2]"]


def test_editorial_notes_after_the_text_with_links_both_ways(html):
    root = page(html, "index")
    section = root.xpath("//section[contains(@class,'ed-ednotes')]")[0]
    assert "ed-editorial" in classes(section)
    assert words(section.xpath("./h2")[0]) == "Editorial notes¶"
    notes = section.xpath("./div[contains(@class,'ed-ednote')]")
    assert [n.get("id") for n in notes] == ["ednote-feb27", "ednote-lenin"]
    assert words(notes[0]) == "a 27 February] 12 March 1917 N.S."
    assert notes[0].xpath(".//a[contains(@class,'ed-ednote-label')]/@href") == ["#ednoteref-feb27"]
    mark = root.xpath("//*[@id='ednoteref-feb27']")[0]
    assert mark.xpath(".//a/@href") == ["#ednote-feb27"]
    assert popup_text(mark.xpath(".//a")[0]) == (
        "Editorial note a 27 February] 12 March 1917 N.S.")
    # the editorial note on a word inside the author's note 1 is linked from there
    assert root.xpath("//*[@id='note-1']//sup[@id='ednoteref-lenin']//a/@href") == ["#ednote-lenin"]
    # and the author's note's popup does not take in the editorial mark
    tip = root.xpath("//*[@id='noteref-1']//a")[0]
    assert popup_text(tip) == "[1]. The first note, with an editorial mark in it: Lenin."


def test_listing_of_all_editorial_notes(html):
    root = page(html, "listing")
    listing = root.xpath("//div[contains(@class,'ed-ednotes-listing')]")[0]
    assert "ed-editorial" in classes(listing)
    notes = listing.xpath(".//div[contains(@class,'ed-ednote')]")
    assert [words(n)[:1] for n in notes] == list("abcdef")
    hrefs = [n.xpath(".//a[contains(@class,'ed-ednote-label')]/@href")[0] for n in notes]
    assert hrefs == ["index.html#ednoteref-feb27", "index.html#ednoteref-lenin",
                     "second.html#ednoteref-kamenev", "second.html#ednoteref-cheka",
                     "replies.html#ednoteref-quote", "rst-page.html#ednoteref-trotsky"]
    # no duplicate ids from the copies
    assert not [n.get("id") for n in notes if n.get("id")]
    pages = [words(p) for p in listing.xpath("./p[contains(@class,'ed-ednotes-listing-page')]")]
    assert pages == ["Essay", "Second page", "Replies", "A page in reStructuredText"]


def test_comments_are_cards(html):
    root = page(html, "replies")
    cards = root.xpath("//article[contains(@class,'ed-comment')]")
    assert [c.get("id") for c in cards] == ["comment-1", "comment-2"]
    header = cards[0].xpath("./header")[0]
    assert "ed-editorial" in classes(header)
    assert words(header) == "Comment 1 · Jane Doe · 19 August 2014 · in reply to a passage in “Essay” ¶"
    assert header.xpath(".//a[contains(@class,'reference')]/@href") == ["index.html#passage"]
    # the signature as signed, with its comma, closes the card and is not editorial
    signature = cards[0].xpath("./p")[-1]
    assert words(signature) == "Jane Doe," and "ed-editorial" not in classes(signature)
    # the body holds anything: lists, quotations, notes
    assert len(cards[0].xpath(".//ul/li")) == 2 and cards[0].xpath(".//blockquote")
    assert cards[0].xpath(".//sup[@id='ednoteref-quote']")
    # a reply to a comment links to it
    assert words(cards[1].xpath("./header")[0]).startswith("Comment 2 · R. Roe · in reply to comment 1")
    assert cards[1].xpath("./header//a[contains(@class,'reference')]/@href") == ["#comment-1"]
    # {comment-ref} links across pages
    assert page(html, "second").xpath("//a[contains(@class,'ed-comment-ref')]/@href") == [
        "replies.html#comment-2"]


def test_restructuredtext_page(html):
    root = page(html, "rst-page")
    assert root.xpath("//*[@id='noteref-1']//a/@href") == ["#note-1"]
    assert root.xpath("//*[@id='note-1']")
    card = root.xpath("//article[@id='comment-3']")[0]
    assert words(card.xpath("./p")[-1]) == "Ann Other"
    assert card.xpath("./header//a/@href")[0] == "replies.html#comment-2"
    assert card.xpath(".//a[contains(@class,'ed-comment-ref')]/@href") == ["replies.html#comment-1"]


def test_css_is_served(html):
    assert (html / "_static" / "edition-notes.css").exists()
    assert page(html, "index").xpath("//link[contains(@href,'edition-notes.css')]")


# -- LaTeX and text -------------------------------------------------------------------------

@pytest.mark.sphinx("latex", testroot="notes")
def test_latex(app):
    app.build()
    assert app.warning.getvalue() == ""
    tex = (app.outdir / "notes.tex").read_text()
    assert r"\usepackage{edition-notes}" in tex
    assert (app.outdir / "edition-notes.sty").exists()
    # the author's numbers on the marks, linked to the notes, and the labels as printed
    assert re.search(r"\\label\{\\detokenize\{index:noteref-1\}\}"
                     r"\\edAuthorNoteMark\{\\detokenize\{index:note-1\}\}\{\{\[\}1\{\]\}\}", tex)
    assert r"\begin{edAuthorNotes}{Notes}" in tex
    assert re.search(r"\\edAuthorNoteLabel\{\\hyperref\[\\detokenize\{index:noteref-1\}\]"
                     r"\{\{\[\}1\{\]\}\.\}\} The first note", tex)
    assert re.search(r"\\edAuthorNoteLabel\{.*\{\{\[\}2\{\]\}\}\} The second note", tex)
    # editorial notes: lettered, their own macros
    assert re.search(r"\\edEditorialNoteMark\{\\detokenize\{index:ednote-feb27\}\}\{a\}", tex)
    assert re.search(r"\\edEditorialNoteMark\{\\detokenize\{second:ednote-kamenev\}\}\{c\}", tex)
    assert r"\begin{edEditorialNote}{a}" in tex and r"\begin{edEditorialNotes}{Editorial notes}" in tex
    # comments: an appendix of environments, the signature kept
    appendix = tex.index(r"\edCommentsAppendix")
    assert appendix < tex.index(r"\section{Replies}") < tex.index(r"\begin{edComment}{1}{Jane Doe}")
    assert r"\edCommentHeader{" in tex and "Jane Doe," in tex


@pytest.mark.sphinx("text", testroot="notes")
def test_text(app):
    app.build()
    assert app.warning.getvalue() == ""
    index = (app.outdir / "index.txt").read_text()
    assert "First paragraph with a mark.[1] And 27 February[ed. a] here." in index
    assert "Notes\n-----" in index
    assert "[1]. The first note, with an editorial mark in it: Lenin[ed. b]." in index
    assert "[2] The second note." in index
    assert "Editorial notes\n---------------" in index
    assert "a 27 February] 12 March 1917 N.S." in index
    replies = (app.outdir / "replies.txt").read_text()
    assert "Comment 1 · Jane Doe · 19 August 2014 · in reply to a passage in “Essay”" in " ".join(
        replies.split())
    assert "\nJane Doe,\n" in replies
    listing = (app.outdir / "listing.txt").read_text()
    assert "f Trotsky] Leon Trotsky (1879–1940)." in listing


# -- bad input ------------------------------------------------------------------------------

@pytest.mark.sphinx("html", testroot="notes-bad")
def test_bad_input_warns_with_type_and_line(app):
    app.build()
    warnings = app.warning.getvalue()
    index = re.escape(str(app.srcdir / "index.md"))
    other = re.escape(str(app.srcdir / "other.md"))
    expected = [
        (index, 7, "mark of the author's note 3 but the page has no note 3", "notes.missing_note"),
        (index, 21, "two author's notes numbered 1", "notes.duplicate"),
        (index, 25, "the author's note 4 is never referenced", "notes.unreferenced"),
        (index, 11, "mark of the editorial note 'nowhere' but no such note", "notes.missing_note"),
        (index, 13, "the lemma 'not in the paragraph'", "notes.lemma_mismatch"),
        (index, 30, "the editorial note 'lonely' is never referenced", "notes.unreferenced"),
        (other, 3, "two editorial notes with the key 'lonely'", "notes.duplicate"),
        (other, 7, "comment without a number", "notes.comment_no_number"),
        (other, 12, "comment without its author", "notes.comment_no_author"),
        (other, 16, "reply to comment 7, which does not exist", "notes.unknown_comment"),
        (other, 22, "reply to the passage 'no-such-passage'", "notes.unknown_passage"),
        (index, 30, "the editorial notes are listed on no page", "notes.unreferenced_series"),
    ]
    for path, line, message, kind in expected:
        assert re.search(rf"{path}:{line}: WARNING: {re.escape(message)}.*\[{re.escape(kind)}\]",
                         warnings), (line, message, warnings)
    assert "Traceback" not in warnings
    # nothing is dropped: the unmatched mark and the unreferenced notes are still printed
    root = page(app, "index")
    assert "without its note.[3]" in words(root)
    assert "Never referenced." in words(root) and "Note one again." in words(root)
    assert words(page(app, "other")).count("No number.") == 1


# -- parallel and incremental builds --------------------------------------------------------

def html_pages(outdir: Path) -> dict[str, str]:
    return {p.name: p.read_text() for p in sorted(outdir.glob("*.html"))
            if p.name not in ("genindex.html", "search.html")}


def test_parallel_build_equals_serial(rootdir, tmp_path):
    serial = sphinx_build(rootdir / "test-notes", tmp_path / "j1", extra=["-j", "1"])
    parallel = sphinx_build(rootdir / "test-notes", tmp_path / "j2", extra=["-j", "2"])
    assert serial.returncode == parallel.returncode == 0, serial.stderr + parallel.stderr
    assert html_pages(tmp_path / "j1") == html_pages(tmp_path / "j2")


def test_incremental_build_updates_the_other_pages(rootdir, tmp_path):
    src = tmp_path / "src"
    shutil.copytree(rootdir / "test-notes", src)
    out = tmp_path / "out"
    assert sphinx_build(src, out).returncode == 0
    assert words(page(out, "replies").xpath("//*[@id='ednoteref-quote']")[0]) .startswith("e")
    # a new editorial note early in the edition shifts the letters of every later page
    second = src / "second.md"
    text = second.read_text()
    second.write_text(text.replace(
        "A paragraph about", "A new mark{ednote}`new` and a paragraph about").replace(
        ":::{editorial-note} kamenev", ":::{editorial-note} new\nA new note.\n:::\n\n"
        ":::{editorial-note} kamenev"))
    build = sphinx_build(src, out)
    assert build.returncode == 0, build.stderr
    assert words(page(out, "replies").xpath("//*[@id='ednoteref-quote']")[0]).startswith("f")
    assert words(page(out, "rst-page").xpath("//*[@id='ednoteref-trotsky']")[0]).startswith("g")
    # the incremental build equals a fresh one
    fresh = sphinx_build(src, tmp_path / "fresh")
    assert fresh.returncode == 0
    assert html_pages(out) == html_pages(tmp_path / "fresh")
    # a comment removed: the reply to it warns in the next incremental build
    replies = src / "replies.md"
    replies.write_text(replies.read_text().replace(":answers: 1\n", ":answers: 9\n"))
    build = sphinx_build(src, out)
    assert re.search(rf"{re.escape(str(replies))}:\d+: WARNING: reply to comment 9.*"
                     r"\[notes\.unknown_comment\]", build.stderr)


def test_incremental_build_updates_a_popup_from_another_page(rootdir, tmp_path):
    """The mark's popup shows a note written on another page (a sibling, not a parent in the
    table of contents): editing the note updates it."""
    src = tmp_path / "src"
    shutil.copytree(rootdir / "test-notes", src)
    replies = src / "replies.md"
    replies.write_text(replies.read_text().replace("Short reply.", "Short reply on Kamenev{ednote}`kamenev`."))
    out = tmp_path / "out"
    assert sphinx_build(src, out).returncode == 0

    def tip() -> str:
        mark = page(out, "replies").xpath("//*[@id='ednoteref-kamenev']")[0]
        return popup_text(mark.xpath(".//a")[0])

    assert tip().endswith("Lev Kamenev (1883–1936).")
    second = src / "second.md"
    second.write_text(second.read_text().replace("(1883–1936)", "(1883–1936), Old Bolshevik"))
    assert sphinx_build(src, out).returncode == 0
    assert tip().endswith("Lev Kamenev (1883–1936), Old Bolshevik.")
