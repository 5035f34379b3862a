"""A real browser (Debian's Chromium driven by Playwright) on the built apparatus: the
reading-view switch, its memory across pages and reloads, popups on hover and keyboard focus.
Screenshots go to tests/artifacts/ (git-ignored): look at them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import ROOT, serve, sphinx_build

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The apparatus test root built to HTML and served on 127.0.0.1 (a free port)."""
    src = tmp_path_factory.mktemp("browser") / "src"
    shutil.copytree(ROOT / "tests" / "roots" / "test-apparatus", src)
    build = sphinx_build(src, src.parent / "html")
    assert build.returncode == 0, build.stderr
    with serve(build.outdir) as url:
        yield url


def visible_text(page, selector: str) -> str:
    """The text a reader sees in the first element matching *selector*, editorial matter
    (marks, popups) left out."""
    return page.evaluate("""(sel) => {
        const root = document.querySelector(sel);
        const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
        const out = [];
        while (walker.nextNode()) {
            const parent = walker.currentNode.parentElement;
            if (parent.closest('.ed-editorial') || !parent.checkVisibility()) continue;
            out.push(walker.currentNode.data);
        }
        return out.join('').replace(/\\s+/g, ' ').trim();
    }""", selector)


def test_switch_views_remembered_and_popups(site, browser):
    ARTIFACTS.mkdir(exist_ok=True)
    context = browser.new_context(viewport={"width": 1100, "height": 800})
    page = context.new_page()
    page.goto(f"{site}/text.html")
    first = "article[role=main] section > p"
    # critical by default
    assert "faint-hearts are abandoning us, said Sandino’s most" in visible_text(page, first)
    switch = page.locator("fieldset.ed-view-switch")
    assert switch.is_visible()
    # switch with the keyboard-operable radio
    page.get_by_label("diplomatic").check()
    assert page.evaluate("document.documentElement.dataset.edView") == "diplomatic"
    assert "faint-heats are abandoning us, said Sandino’s. most" in visible_text(page, first)
    page.screenshot(path=str(ARTIFACTS / "apparatus-diplomatic.png"))
    # remembered across reloads and pages
    page.reload()
    assert "faint-heats are" in visible_text(page, first)
    page.goto(f"{site}/other.html")
    assert "Kerensy." in visible_text(page, "article[role=main] section > p")
    page.get_by_label("critical").check()
    page.goto(f"{site}/text.html")
    assert "faint-hearts are" in visible_text(page, first)
    # hover shows the entry in place
    body = page.locator("#app-mark-A1 .ed-tip-body")
    assert not body.is_visible()
    page.hover("#app-mark-A1 > a")
    assert body.is_visible()
    assert "faint-heats R — emendation" in " ".join(body.inner_text().split())
    page.screenshot(path=str(ARTIFACTS / "apparatus-hover.png"))
    page.mouse.move(0, 0)
    # keyboard focus shows it too; Escape hides it
    page.focus("#app-mark-A2 > a")
    assert page.locator("#app-mark-A2 .ed-tip-body").is_visible()
    page.keyboard.press("Escape")
    assert not page.locator("#app-mark-A2 .ed-tip-body").is_visible()
    # a click opens it in place (no navigation); the popup links to the listing
    page.click("#app-mark-A7 > a")
    assert page.url.endswith("/text.html")
    assert page.locator("#app-mark-A7 .ed-tip-body").is_visible()
    page.click("#app-mark-A7 .ed-tip-more")
    assert page.url.endswith("#app-entry-A7")
    context.close()


def test_dark_mode_screenshot(site, browser):
    context = browser.new_context(viewport={"width": 1100, "height": 800}, color_scheme="dark")
    page = context.new_page()
    page.goto(f"{site}/text.html")
    page.focus("#app-mark-A4 > a")
    assert page.locator("#app-mark-A4 .ed-tip-body").is_visible()
    page.screenshot(path=str(ARTIFACTS / "apparatus-dark.png"))
    colors = page.evaluate("""() => {
        const b = getComputedStyle(document.querySelector('#app-mark-A4 .ed-tip-body'));
        return [b.color, b.backgroundColor];
    }""")
    assert colors[0] != colors[1]
    context.close()


def test_without_javascript_critical_text_and_listing(site, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{site}/text.html")
    assert "faint-hearts are" in visible_text(page, "article[role=main] section > p")
    assert not page.locator("fieldset.ed-view-switch").is_visible()
    assert page.locator("#app-entry-A8").is_visible()
    context.close()


def test_the_edition_in_both_views(edition_site, browser):
    ARTIFACTS.mkdir(exist_ok=True)
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    page = context.new_page()
    page.goto(f"{edition_site}/essay.html")
    entry = page.locator("span.ed-app[data-ed-entry] >> text=overthrew").first
    assert entry.is_visible()
    page.get_by_label("diplomatic").check()
    assert page.locator("span.ed-dipl >> text=overthrow").first.is_visible()
    assert not entry.is_visible()
    page.goto(f"{edition_site}/responses.html")  # remembered on the next page
    assert page.locator("span.ed-dipl >> text=faint-heats").first.is_visible()
    page.get_by_label("critical").check()
    link = page.locator("span.ed-app:has-text('faint-hearts') + span.ed-app-mark > a").first
    link.scroll_into_view_if_needed()
    link.focus()
    body = page.locator("span.ed-app:has-text('faint-hearts') + span.ed-app-mark .ed-tip-body").first
    assert body.is_visible() and "faint-heats" in body.inner_text()
    page.screenshot(path=str(ARTIFACTS / "edition-responses-popup.png"))
    context.close()


def test_note_popup_shows_the_note_in_the_view(edition_site, browser):
    """The popup of note 4's mark, made by the page's script from the note: the reader's
    view of it, one reading of the apparatus entry in the note (issue 15)."""
    context = browser.new_context(viewport={"width": 1100, "height": 800})
    page = context.new_page()
    page.goto(f"{edition_site}/essay.html")
    page.hover("#noteref-4 a")
    body = page.locator("#noteref-4 .ed-tip-body")
    assert body.is_visible()
    text = " ".join(body.inner_text().split())
    assert "Christopher Read, Lenin (London: Routledge, 2005), p. 154." in text
    assert "2005: Routledge" not in text and "A2" not in text  # no marks in the copy
    page.screenshot(path=str(ARTIFACTS / "note-popup.png"))
    page.mouse.move(0, 0)
    page.get_by_label("diplomatic").check()
    page.hover("#noteref-4 a")
    text = " ".join(body.inner_text().split())
    assert "Christopher Read, Lenin (London, 2005: Routledge), p. 154." in text
    assert "London: Routledge, 2005" not in text
    context.close()


def test_script_popups_show_what_their_description_names(edition_site, browser):
    """A popup rendered once is made by edition-common.js from the element its anchor's
    aria-describedby names: it shows what tests/edition_text.popup_text reads of it (the
    static tests rely on that), for each kind of mark."""
    import urllib.request

    import lxml.html
    from edition_text import popup_text

    raw = urllib.request.urlopen(f"{edition_site}/essay.html").read()
    root = lxml.html.fromstring(raw)
    context = browser.new_context(viewport={"width": 1100, "height": 800})
    page = context.new_page()
    page.goto(f"{edition_site}/essay.html")
    kinds = ["ed-app-mark", "ed-note-ref", "ed-ednote-ref", "ed-term"]
    for kind in kinds:
        anchor = root.xpath(f"//span[@data-ed-tip]/a[contains(concat(' ', @class, ' '), ' {kind} ') "
                            f"or contains(concat(' ', ../@class, ' '), ' {kind} ')]")[0]
        tip = anchor.getparent()
        selector = (f"#{tip.get('id')} > a" if tip.get("id")
                    else f"#{tip.getparent().get('id')} a")
        page.locator(selector).first.scroll_into_view_if_needed()
        page.hover(selector)
        shown = " ".join(page.locator(selector).first.locator("xpath=..")
                         .locator(".ed-tip-body").first.inner_text().split())
        assert shown == popup_text(anchor), kind
        page.mouse.move(0, 0)
    context.close()
