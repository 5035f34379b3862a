"""The real edition builds to HTML with zero warnings and has the pages a reader expects."""

from __future__ import annotations

import copy

import lxml.html


def test_builds_without_warnings(edition_html):
    assert edition_html.returncode == 0, edition_html.stderr
    assert edition_html.stderr.strip() == ""


def load(build, page):
    return lxml.html.parse(str(build.outdir / f"{page}.html")).getroot()


def test_pages_and_titles(edition_html):
    titles = {
        page: load(edition_html, page).findtext(".//title")
        for page in ("index", "about", "citing", "essay", "responses")
    }
    # furo titles the root page with the edition's html_title alone
    assert titles["index"] == "‘All Power to the Soviets’ — a critical edition"
    assert titles["about"].startswith("About this edition")
    assert titles["citing"].startswith("How to cite this edition")
    assert titles["essay"].startswith("‘All Power to the Soviets’: Biography of a slogan, by Lars T. Lih")
    assert titles["responses"].startswith("Responses")
    # the edition's own title, not Sphinx's default, closes every <title>
    assert all(t.endswith("a critical edition") for t in titles.values())


def test_html_language_and_metadata(edition_html):
    root = load(edition_html, "index")
    assert root.get("lang") == "en"
    assert root.xpath("//meta[@name='author']/@content") == ["Lars T. Lih"]
    assert "critical edition" in root.xpath("//meta[@name='description']/@content")[0]


def test_essay_structure(edition_html):
    root = load(edition_html, "essay")
    (main,) = root.xpath("//article[@role='main']")
    def copy_text(h):  # the heading as the copy-text has it (diplomatic reading, no marks)
        h = copy.deepcopy(h)
        for el in h.xpath(".//*[contains(@class, 'ed-editorial') or contains(@class, 'ed-crit')]"):
            el.drop_tree()
        return " ".join(h.text_content().replace("¶", "").split())

    h2 = [copy_text(h) for h in main.xpath(".//h2")]
    assert h2[:5] == [
        "Who had the ‘vlast’ in 1917?",
        "‘Vlast’: The heritage of the Old Bolshevik scenario",
        "‘All’: The challenge of 1917",
        "‘To the Soviets’: A universal claim for an institution.",
        "Looking ahead: ‘All Power to the Soviets’ during the Lenin era",
    ]
    # the three numbered points of the "big bang" and the two bulleted lists
    assert [len(ol.xpath("./li")) for ol in main.xpath(".//ol[not(ancestor-or-self::*[contains(@class, 'ed-editorial')])]")] == [3]
    assert [len(ul.xpath("./li")) for ul in main.xpath(".//section//ul[not(ancestor-or-self::*[contains(@class, 'ed-editorial')])]")] == [4, 4]
    # Dorr's excerpts (one of five paragraphs) and the Pravda editorial are block quotations
    quotes = main.xpath(".//blockquote")
    assert len(quotes) == 5
    assert len(quotes[0].xpath("./div/p | ./p")) == 5
    assert quotes[-1].text_content().strip().startswith("We must realize")


def test_toctree_order(edition_html):
    root = load(edition_html, "index")
    links = [
        a.get("href") for a in root.xpath("//article[@role='main']//li/a")
        if "#" not in a.get("href")
    ]
    assert links[:7] == ["about.html", "introduction.html", "sigla.html", "rights.html",
                         "citing.html", "essay.html", "responses.html"]
