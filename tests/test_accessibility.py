"""Accessibility of the HTML edition in a real browser (Debian's Chromium under Playwright):
axe-core finds no WCAG 2.1 A or AA violation on any page; every mark, popup and the view
switch work from the keyboard alone, with a visible focus, and Escape closes a popup; printing
a page gives its text, notes and apparatus without the site's navigation."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from checkers import axe_js

from conftest import CHROMIUM, CHROMIUM_ARGS

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"


def page_names(edition_html) -> list[str]:
    return sorted(p.name for p in edition_html.outdir.glob("*.html"))


def axe_violations(page) -> list[str]:
    page.add_script_tag(path=str(axe_js()))
    found = page.evaluate("""async (tags) => {
        const r = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
        return r.violations.map(v => `${v.id} (${v.impact}): ${v.nodes.length} element(s), e.g. `
            + v.nodes.slice(0, 2).map(n => n.html.slice(0, 160)).join(' | '));
    }""", WCAG_TAGS)
    return found


@pytest.mark.parametrize("scheme,width", [("light", 1200), ("dark", 1200), ("light", 420)])
def test_axe_every_page(edition_html, edition_site, browser, scheme, width):
    """Every page, in furo's light and dark colours and in a phone's width."""
    axe_js()
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    violations = {}
    for name in page_names(edition_html):
        page.goto(f"{edition_site}/{name}")
        if found := axe_violations(page):
            violations[name] = found
    context.close()
    assert violations == {}


def test_axe_with_a_popup_open_and_the_diplomatic_view(edition_site, browser):
    axe_js()
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    page = context.new_page()
    page.goto(f"{edition_site}/essay.html")
    page.get_by_label("diplomatic").check()
    page.focus("#app-mark-A1 > a")
    assert page.locator("#app-mark-A1 .ed-tip-body").is_visible()
    assert axe_violations(page) == []
    context.close()


def test_axe_reports_a_violation(browser, tmp_path):
    """The check can fail: a heading role without its level is reported."""
    bad = tmp_path / "bad.html"
    bad.write_text('<!DOCTYPE html><html lang="en"><head><title>t</title></head><body><main>'
                   '<p role="heading">Caption</p></main></body></html>')
    context = browser.new_context()
    page = context.new_page()
    page.goto(bad.as_uri())
    assert any(v.startswith("aria-required-attr") for v in axe_violations(page))
    context.close()


FOCUS_RECORDER = """() => {
    window.edFocus = [];
    document.addEventListener('focusin', (event) => {
        const el = event.target;
        const style = getComputedStyle(el);
        const tip = el.closest('.ed-tip');
        const body = tip && el.parentElement === tip ? tip.querySelector(':scope > .ed-tip-body') : null;
        window.edFocus.push({
            key: el.dataset.edKey || null,
            outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0,
            shadow: style.boxShadow !== 'none',
            popup: body ? body.checkVisibility() : null,
        });
    });
}"""


def test_keyboard_reaches_every_mark_and_popup(edition_site, browser):
    """Tab alone reaches every mark of the essay (apparatus, notes, editorial notes, terms,
    citations) and the view switch; each shows a visible focus ring and opens its popup;
    Escape closes it; the arrow keys switch the reading view."""
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    page = context.new_page()
    page.goto(f"{edition_site}/essay.html")
    anchors = page.evaluate("""() => {
        const els = [...document.querySelectorAll('.ed-tip > a, .ed-tip > [tabindex="0"]')]
            .filter(el => el.checkVisibility());
        els.forEach((el, i) => el.dataset.edKey = 'tip-' + i);
        const radio = document.querySelector('fieldset.ed-view-switch input[value=critical]');
        radio.dataset.edKey = 'switch';
        return els.map(el => el.closest('.ed-tip').className);
    }""")
    kinds = {k for cls in anchors for k in ("ed-app-mark", "ed-term-tip") if k in cls}
    assert len(anchors) > 150 and kinds == {"ed-app-mark", "ed-term-tip"}
    page.evaluate(FOCUS_RECORDER)
    page.locator("body").focus()
    for _ in range(len(anchors) + 400):
        page.keyboard.press("Tab")
    focused = page.evaluate("window.edFocus")
    reached = {f["key"]: f for f in focused if f["key"]}
    missing = [k for k in (f"tip-{i}" for i in range(len(anchors))) if k not in reached]
    assert missing == [], f"{len(missing)} marks not reached by Tab, e.g. {missing[:5]}"
    assert "switch" in reached
    no_ring = [k for k, f in reached.items() if not (f["outline"] or f["shadow"])]
    assert no_ring == [], f"no visible focus on {no_ring[:5]}"
    closed = [k for k, f in reached.items() if k.startswith("tip-") and not f["popup"]]
    assert closed == [], f"focus does not open the popup of {closed[:5]}"
    # Escape closes the popup of each kind of mark
    for selector in ("#app-mark-A1 > a", ".ed-author-note-mark .ed-tip > a",
                     ".ed-ednote-mark .ed-tip > a", ".ed-term-tip > a", ".ed-cite .ed-tip > a"):
        # the first such mark of the text, not a copy in a popup made from a text of the page
        anchor = page.locator(f"{selector}:not(.ed-tip-body *)").first
        anchor.focus()
        body = anchor.locator("xpath=../span[@role='tooltip']")
        assert body.is_visible(), selector
        page.keyboard.press("Escape")
        assert not body.is_visible(), selector
    # the view switch: focus the checked radio, the arrow key selects the other view
    page.focus("fieldset.ed-view-switch input[value=critical]")
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.documentElement.dataset.edView") == "diplomatic"
    page.keyboard.press("ArrowUp")
    assert page.evaluate("document.documentElement.dataset.edView") == "critical"
    context.close()


def test_printing_a_page_gives_text_notes_and_apparatus(edition_html, tmp_path):
    """Chromium's own print (``--print-to-pdf``) of essay.html, read back with pdftotext."""
    if not CHROMIUM.exists() or not shutil.which("pdftotext"):
        pytest.skip("Debian's chromium and poppler-utils (pdftotext) are needed")
    pdf = tmp_path / "essay.pdf"
    subprocess.run(
        [str(CHROMIUM), "--headless", *CHROMIUM_ARGS, "--no-pdf-header-footer",
         f"--print-to-pdf={pdf}", (edition_html.outdir / "essay.html").as_uri()],
        capture_output=True, timeout=300, check=True,
    )
    text = " ".join(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True,
                                   text=True, check=True).stdout.split())
    ARTIFACTS.mkdir(exist_ok=True)
    shutil.copy(pdf, ARTIFACTS / "essay-printed.pdf")
    # the text, the author's notes, the editorial notes, the apparatus
    assert "“All power to the Soviets!” is surely one of the most famous slogans" in text
    assert "This essay is based on a talk given at the Ideas Left Out conference" in text
    assert "Editorial notes" in text and "Apparatus" in text
    assert "correction of fact" in text
    # without the sidebar, the page's contents, the view switch, the skip link, the popups
    for chrome in ("Front matter", "Back matter", "Skip to content", "Reading view",
                   "On this page", "Hide navigation sidebar"):
        assert chrome not in text, chrome
    # a popup's text is printed once, in its listing, not beside its mark as well
    assert text.count("This essay is based on a talk given") == 1
