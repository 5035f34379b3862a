"""One passage scheme (extensions/edition_common/passages.py): every block of the text pages
has a stable id, in the built HTML; the ids of an unchanged paragraph survive an edit
elsewhere; every ¶ reference of the glossary and the works cited resolves to one; the ¶ link
and the "cite" action are there and reachable by keyboard; passages.json is complete; the
PDF has the passages as named destinations and their ¶ numbers in the margin."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import lxml.html
import pytest

from conftest import ROOT, sphinx_build

TEXT_PAGES = ["essay", "responses"]  # conf.py: apparatus_copy_text_pages
BLOCKS = ("p", "blockquote", "li", "h1", "h2", "h3", "h4", "h5", "h6")
REF = re.compile(r"^(¶ \d+[a-z]?|heading)")


def page(outdir: Path, name: str):
    return lxml.html.parse(str(outdir / f"{name}.html")).getroot()


def editorial(el) -> bool:
    """Editorial matter (class ed-editorial on it or around it), the site's navigation or
    a popup: not the text."""
    while el is not None:
        classes = (el.get("class") or "").split()
        if "ed-editorial" in classes or el.get("role") == "tooltip" or el.tag in ("nav", "aside"):
            return True
        el = el.getparent()
    return False


def text_blocks(root):
    article = root.xpath('//article[@role="main"]')[0]
    return [el for el in article.iter(*BLOCKS) if not editorial(el)]


def passage_ids(outdir: Path, name: str) -> dict[str, str]:
    """Passage id → the block's text, for every block of *name* that has one."""
    return {el.get("id"): " ".join(el.text_content().split())
            for el in text_blocks(page(outdir, name)) if (el.get("id") or "").startswith("p-")}


@pytest.fixture(scope="module")
def html(edition_html):
    assert edition_html.returncode == 0, edition_html.stderr
    return edition_html.outdir


@pytest.mark.parametrize("name", TEXT_PAGES)
def test_every_block_of_the_text_has_a_passage_id(html, name):
    blocks = text_blocks(page(html, name))
    assert len(blocks) > 30
    missing = [(el.tag, " ".join(el.text_content().split())[:60]) for el in blocks
               if not (el.get("id") or "").startswith("p-")]
    assert missing == []
    # the author's notes and the comments, whole
    divisions = page(html, name).xpath('//*[@class="ed-author-note" or @class="ed-comment"]')
    assert divisions
    # (their own id, which their marks name, stays the element's; the passage id follows)
    assert [d.get("id") for d in divisions
            if not d.xpath('./span[starts-with(@id, "p-")]')] == []


def test_the_ids_follow_the_scheme(html):
    ids = passage_ids(html, "essay")
    assert ids["p-title"].startswith("‘All Power to the Soviets’")
    assert ids["p-opening-3"].startswith("Our slogan consists of three words")
    assert ids["p-who-had-the-vlast-in-1917-8"].startswith("Dorr’s account brings home")
    assert "p-who-had-the-vlast-in-1917" in ids  # the heading
    assert ids["p-note-4-1"].startswith("[4].")
    assert any(i.startswith("p-who-had-the-vlast-in-1917-q") for i in ids)
    assert any(re.fullmatch(r"p-[a-z0-9-]+-i\d+", i) for i in ids)
    comments = passage_ids(html, "responses")
    assert comments["p-comment-2-1"]


def test_ids_survive_an_edit_elsewhere(tmp_path):
    """Build, edit an earlier section (a paragraph changed, one added), rebuild: every
    paragraph of the later sections keeps its id and text."""
    src = tmp_path / "source"
    shutil.copytree(ROOT / "source", src)
    first = sphinx_build(src, tmp_path / "a", confdir=ROOT)
    assert first.returncode == 0, first.stderr
    essay = src / "essay.md"
    text = essay.read_text(encoding="utf-8")
    anchor = "\n## ‘{ru}`Vlast`’: The heritage of the Old Bolshevik scenario"
    assert anchor in text
    # a new paragraph at the end of the first section, and a word changed in the opening
    text = text.replace(anchor, "\nA paragraph the editors added to try the addresses.\n" + anchor)
    text = text.replace("is surely one of the most famous", "is surely one of the best-known", 1)
    essay.write_text(text, encoding="utf-8")
    # (the text no longer matches the copy-text: the fidelity check says so, rightly)
    second = sphinx_build(src, tmp_path / "b", confdir=ROOT,
                          extra=["-D", "suppress_warnings=persons.unused,app.fidelity"])
    assert second.returncode == 0, second.stderr
    before, after = passage_ids(tmp_path / "a", "essay"), passage_ids(tmp_path / "b", "essay")
    later = {i: t for i, t in before.items()
             if not i.startswith(("p-opening", "p-who-had", "p-title"))}
    assert len(later) > 40
    assert {i: after.get(i) for i in later} == later
    # the edit shows where it was made
    assert after["p-opening-2"] != before["p-opening-2"]
    assert len([i for i in after if i.startswith("p-who-had")]) == \
        len([i for i in before if i.startswith("p-who-had")]) + 1


@pytest.mark.parametrize("listing", ["glossary", "works-cited"])
def test_every_paragraph_reference_resolves_to_its_passage(html, listing):
    root = page(html, listing)
    refs = [a for a in root.xpath("//article//a[@href]") if REF.match(a.text_content())]
    assert len(refs) > 20
    pages = {name: page(html, name) for name in TEXT_PAGES}
    unresolved = []
    for a in refs:
        target, _, frag = a.get("href").partition("#")
        name = target.removesuffix(".html")
        if name not in pages:
            continue
        found = pages[name].get_element_by_id(frag, None)
        number = re.match(r"¶ (\d+)", a.text_content())
        if found is None or not frag.startswith("p-") or (
                number and not re.search(rf"-{number.group(1)}$", frag)):
            unresolved.append((a.text_content(), a.get("href")))
    assert unresolved == []


def test_the_example_of_citing_resolves(html):
    citing = page(html, "citing")
    examples = {c.text_content() for c in citing.iter("code")
                if re.search(r"\w\.html#p-", c.text_content())}
    assert "essay.html#p-who-had-the-vlast-in-1917-8" in examples
    for example in examples:
        name, _, frag = example.rsplit("/", 1)[-1].partition("#")
        assert page(html, name.removesuffix(".html")).get_element_by_id(frag, None) is not None, example


def test_each_paragraph_has_its_link_and_cite_action(html):
    root = page(html, "essay")
    paras = [el for el in text_blocks(root) if el.tag == "p"]
    for para in paras:
        pid = para.get("id")
        link = para.xpath('./span[contains(@class, "ed-passage-marks")]/a[contains(@class, "ed-passage-link")]')
        cite = para.xpath('./span[contains(@class, "ed-passage-marks")]/a[@class="ed-cite-passage"]')
        assert link and link[0].get("href") == f"#{pid}", pid
        assert cite and cite[0].get("href") == f"#{pid}", pid
        citation = cite[0].get("data-ed-citation")
        assert citation.startswith("Lars T. Lih, “‘All Power to the Soviets’")
        assert "version 2026.1" in citation and para.get("id") and "¶" in citation


def test_cite_copies_the_citation_by_keyboard(edition_site, browser):
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page_ = context.new_page()
    page_.goto(f"{edition_site}/essay.html")
    pid = "p-who-had-the-vlast-in-1917-8"
    link = page_.locator(f"#{pid} .ed-passage-link")
    cite = page_.locator(f"#{pid} .ed-cite-passage")
    assert link.evaluate("el => getComputedStyle(el).opacity") == "0"
    # Tab from the ¶ link reaches "cite"; each shows itself and a focus ring
    link.focus()
    assert link.evaluate("el => getComputedStyle(el).opacity") == "1"
    page_.keyboard.press("Tab")
    assert cite.evaluate("el => el === document.activeElement")
    assert cite.evaluate("el => getComputedStyle(el).outlineStyle") != "none"
    page_.keyboard.press("Enter")
    status = page_.locator("#ed-cite-status")
    status.wait_for(state="visible")
    copied = page_.evaluate("navigator.clipboard.readText()")
    assert copied.startswith("Lars T. Lih, “‘All Power to the Soviets’: Biography of a slogan”")
    assert copied.endswith(f"§ 1 ¶ 8, {edition_site}/essay.html#{pid}")
    # the ¶ link leads to the passage itself
    link.focus()
    page_.keyboard.press("Enter")
    assert page_.evaluate("location.hash") == f"#{pid}"
    context.close()


def test_the_concordance_is_complete(html):
    data = json.loads((html / "passages.json").read_text(encoding="utf-8"))
    assert data["version"] == "2026.1"
    listed = {(p["page"], p["id"]): p for p in data["passages"]}
    for name in TEXT_PAGES:
        ids = passage_ids(html, name)
        root = page(html, name)
        every = {el.get("id") for el in root.iter() if (el.get("id") or "").startswith("p-")}
        assert {i for (n, i) in listed if n == name} == every
        assert set(ids) <= every
    entry = listed[("essay", "p-who-had-the-vlast-in-1917-8")]
    assert entry["label"] == "§ 1 ¶ 8"
    assert entry["address"] == "essay.html#p-who-had-the-vlast-in-1917-8"
    assert entry["words"].startswith("Dorr’s account brings home")
    assert entry["pdf"] == "essay:p-who-had-the-vlast-in-1917-8"
    assert listed[("responses", "p-comment-2-5")]["label"] == "comment 2 ¶ 5"


def test_the_epub_has_the_ids_and_no_cite_action(edition_epub):
    assert edition_epub.returncode == 0, edition_epub.stderr
    essay = (edition_epub.outdir / "essay.xhtml").read_text(encoding="utf-8")
    assert 'id="p-who-had-the-vlast-in-1917-8"' in essay
    assert "ed-cite-passage" not in essay and "ed-passage-link" not in essay
    assert not (edition_epub.outdir / "passages.json").exists()


def test_the_pdf_has_the_passages(edition_pdf):
    from pypdf import PdfReader

    assert edition_pdf.returncode == 0, edition_pdf.output[-3000:]
    reader = PdfReader(str(edition_pdf.pdf))
    dests = reader.named_destinations
    name = "essay:p-who-had-the-vlast-in-1917-8"
    assert name in dests and "responses:p-comment-2-5" in dests
    where = json.loads(edition_pdf.pdf.with_name(
        edition_pdf.pdf.stem + "-passages.json").read_text(encoding="utf-8"))
    # the page and line of the paragraph, and the destination on that page
    assert where[name]["line"] > 0
    page_index = reader.get_destination_page_number(dests[name])
    assert reader.page_labels[page_index] == where[name]["page"]
    # every paragraph of the concordance that the PDF numbers is a destination
    assert len(where) > 90 and set(where) <= set(dests)
    # the ¶ numbers in the margin: "¶ 8" on that page
    text = reader.pages[page_index].extract_text()
    assert "¶ 8" in text or "¶8" in text.replace("\u2009", "")
