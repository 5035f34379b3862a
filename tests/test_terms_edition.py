"""The Russian terms in the real edition: every one is marked, linked and listed."""

from __future__ import annotations

import functools
import re
from pathlib import Path

import lxml.html
import pytest
import yaml

from conftest import ROOT

# the edition's terms
pytestmark = pytest.mark.edition

@functools.cache
def registry() -> list[dict]:
    """The edition's registry (read when a test asks for it, never at collection)."""
    return yaml.safe_load((ROOT / "source" / "terms.yaml").read_text(encoding="utf-8"))


def main(build, page: str) -> lxml.html.HtmlElement:
    root = lxml.html.parse(str(Path(build.outdir) / f"{page}.html")).getroot()
    return root.xpath("//article[@role='main']")[0]


def spelling_pattern() -> re.Pattern[str]:
    spellings = {s for entry in registry() for s in [entry["ru"], *entry.get("spellings", [])]}
    alternatives = [
        r"\s+".join(re.sub("['’]", "['’]", re.escape(w)) for w in s.split())
        for s in sorted(spellings, key=len, reverse=True)
    ]
    return re.compile(r"(?<![\w])(?:" + "|".join(alternatives) + r")(?![\w])", re.I)


def test_no_registered_spelling_is_left_unmarked(edition_html):
    pattern = spelling_pattern()
    for page in ("essay", "responses"):
        article = main(edition_html, page)
        for el in article.xpath(".//*[contains(concat(' ', @class, ' '), ' ed-editorial ')]"
                                " | .//a[contains(concat(' ', @class, ' '), ' ed-term ')]"):
            el.drop_tree()
        text = " ".join(article.text_content().split())
        assert not pattern.findall(text), f"{page}: unmarked {pattern.findall(text)}"


def test_the_check_notices_an_unmarked_spelling(edition_html):
    """Not vacuous: the same pattern finds the spellings in the text with the marks removed."""
    article = main(edition_html, "essay")
    for el in article.xpath(".//*[contains(concat(' ', @class, ' '), ' ed-editorial ')]"):
        el.drop_tree()
    text = " ".join(article.text_content().split())
    found = {m.lower() for m in spelling_pattern().findall(text)}
    assert {"vlast", "narod", "dvoevlastie", "вся власть советам", "bolsheviki"} <= found


def test_every_occurrence_links_to_its_glossary_entry(edition_html):
    glossary = main(edition_html, "glossary")
    entries = {dt.get("id") for dt in glossary.xpath(".//dl[contains(@class, 'ed-terms-glossary')]/dt")}
    assert len(entries) == len(registry()) == 19
    count = 0
    for page in ("essay", "responses"):
        for a in main(edition_html, page).xpath(".//a[contains(concat(' ', @class, ' '), ' ed-term ')]"):
            href, _, anchor = a.get("href").partition("#")
            assert href == "glossary.html" and anchor in entries
            assert a.get("lang") in ("ru", "ru-Latn")
            (tip,) = a.getroottree().xpath(f"//*[@id='{a.get('aria-describedby')}']")
            assert tip.xpath(".//span[@lang='ru']") and tip.xpath(".//span[@lang='ru-Latn']")
            count += 1
    assert count >= 60


def test_glossary_lists_notes_and_comments(edition_html):
    text = " ".join(main(edition_html, "glossary").text_content().split())
    assert "The essay, note 3: ¶ 1" in text  # Bolsheviki, Minsheviki in Dorr's passage
    assert "Responses, comment 2" in text  # Sovnarkom, Cheka, Sochineniya
    assert "Responses, comment 1" in text  # narodnaia vlast, do kontsa quoted from the essay
    assert "About this edition" not in text  # editorial mentions are not occurrences
    assert "Occurrences: none" not in text
    # the glossary names the schemes
    assert "Library of Congress (ALA-LC) without diacritics" in text and "ALA-LC (American Library" in text
