"""The shared tooltip component: accessible markup in HTML, anchor text only elsewhere."""

from __future__ import annotations

import json

import lxml.html
import pytest


@pytest.mark.sphinx("html", testroot="tooltip")
def test_html_markup(app):
    app.build()
    assert app.warning.getvalue() == ""
    root = lxml.html.parse(str(app.outdir / "index.html")).getroot()
    tips = root.xpath("//span[contains(@class, 'ed-tip') and not(contains(@class, 'ed-tip-body'))]")
    assert len(tips) == 2
    first, second = tips
    link = first.xpath("./a")[0]
    body = first.xpath("./span[@role='tooltip']")[0]
    assert link.get("href") == "https://example.org/"
    assert link.get("lang") == "ru-Latn" and "demo" in link.get("class")
    assert link.text_content() == "linked"
    assert link.get("aria-describedby") == body.get("id")
    assert "ed-editorial" in body.get("class").split()
    assert body.text_content() == "the body of one"
    # no link target: a focusable span instead of <a>
    anchor = second.xpath("./span[@tabindex='0']")[0]
    assert anchor.text_content() == "plain"
    assert anchor.get("aria-describedby") == second.xpath("./span[@role='tooltip']/@id")[0]
    assert first.xpath("./span[@role='tooltip']/@id") != second.xpath("./span[@role='tooltip']/@id")
    # the CSS and JS that show and dismiss it are served and linked
    assert (app.outdir / "_static" / "edition-common.css").exists()
    assert root.xpath("//script[contains(@src, 'edition-common.js')]")


@pytest.mark.sphinx("text", testroot="tooltip")
def test_text_builder_keeps_anchor_drops_body(app):
    app.build()
    text = (app.outdir / "index.txt").read_text()
    assert "A linked word and a plain word." in text
    assert "the body" not in text


@pytest.mark.sphinx("latex", testroot="tooltip")
def test_latex_builder_keeps_anchor_drops_body(app):
    app.build()
    tex = next(app.outdir.glob("*.tex")).read_text()
    assert "A linked word and a plain word." in tex
    assert "the body" not in tex


@pytest.mark.sphinx("html", testroot="tooltip")
def test_search_index_skips_the_body(app):
    """The body repeats what the edition prints elsewhere: search finds the text in its place
    (the anchor's words are indexed, the body's are not)."""
    app.build()
    index = (app.outdir / "searchindex.js").read_text(encoding="utf-8")
    terms = json.loads(index[index.index("(") + 1:index.rindex(")")])["terms"]
    assert "link" in terms or "linked" in terms
    assert "bodi" not in terms and "body" not in terms
