"""Valid HTML on every page of the edition: the Nu Html Checker finds no error; no id repeats on
a page; the navigation's headings have a level; Cyrillic text has its language; the footer
names no software."""

from __future__ import annotations

import collections
import re
from pathlib import Path

import lxml.html
import pytest
from checkers import nu_check

from conftest import ROOT, sphinx_build

# the edition's pages (the checkers themselves are shown failing on broken pages)
pytestmark = pytest.mark.edition

CYRILLIC = re.compile("[\u0400-\u04FF]")
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def pages(outdir: Path, suffix: str = ".html") -> list[Path]:
    found = sorted(outdir.rglob(f"*{suffix}"))
    return [p for p in found if "_static" not in p.parts]


def duplicate_ids(page: Path) -> dict[str, int]:
    root = lxml.html.parse(str(page)).getroot()
    counts = collections.Counter(el.get("id") for el in root.iter() if isinstance(el.tag, str)
                                 and el.get("id") is not None)
    return {i: n for i, n in counts.items() if n > 1}


def untagged_cyrillic(page: Path) -> list[str]:
    """Cyrillic texts of *page* that no element with ``lang="ru…"`` encloses."""
    root = lxml.html.parse(str(page)).getroot()
    found = []
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        for text, holder in ((el.text, el), (el.tail, el.getparent())):
            if not text or holder is None or not CYRILLIC.search(text):
                continue
            lang = next((a.get("lang") or a.get(XML_LANG) for a in [holder, *holder.iterancestors()]
                         if a.get("lang") or a.get(XML_LANG)), "")
            if not lang.startswith("ru"):
                found.append(f"<{holder.tag}> {text.strip()[:60]!r} (lang={lang!r})")
    return found


def test_every_page_passes_the_nu_html_checker(edition_html):
    assert edition_html.returncode == 0, edition_html.stderr
    files = pages(edition_html.outdir)
    assert len(files) >= 11
    errors = nu_check(files)
    assert errors == [], "\n".join(
        f"{Path(m.get('url', '')).name}:{m.get('lastLine')}: {m['message']}" for m in errors)


def test_a_broken_page_fails_the_nu_html_checker(tmp_path):
    """The check can fail: a repeated id and a heading role without its level are errors."""
    page = tmp_path / "bad.html"
    page.write_text('<!DOCTYPE html><html lang="en"><head><title>t</title></head><body>'
                    '<p id="x" role="heading">a</p><p id="x">b</p></body></html>')
    messages = [m["message"] for m in nu_check([page])]
    assert any("Duplicate ID" in m for m in messages), messages
    assert any("aria-level" in m for m in messages), messages


def test_no_id_repeats_on_any_page(edition_html):
    """Popups made while reading and while resolving once counted from 0 each (essay.html
    repeated 20 popup ids, responses.html 5); a heading's apparatus span was repeated, with its
    id, by the tables of contents."""
    repeated = {p.name: d for p in pages(edition_html.outdir) if (d := duplicate_ids(p))}
    assert repeated == {}


def test_no_id_repeats_in_dirhtml(tmp_path):
    out = sphinx_build(ROOT / "source", tmp_path / "dirhtml", builder="dirhtml", confdir=ROOT,
                       extra=["-d", str(tmp_path / "doctrees")])
    assert out.returncode == 0, out.stderr
    repeated = {str(p.relative_to(out.outdir)): d for p in pages(out.outdir)
                if (d := duplicate_ids(p))}
    assert repeated == {}


def test_popup_ids_are_one_serial_per_page(edition_html):
    """Every popup's anchor names its description (aria-describedby): its own popup, whose
    ids are one serial in document order, or the text on the page that a popup rendered
    once shows (a note, an apparatus entry, a term's gloss)."""
    root = lxml.html.parse(str(edition_html.outdir / "essay.html")).getroot()
    bodies = root.xpath("//span[@role='tooltip']")
    assert bodies
    assert [b.get("id") for b in bodies] == [f"ed-tip-{i}" for i in range(len(bodies))]
    for body in bodies:
        anchor = body.getparent().xpath("./a | ./span[@tabindex='0']")[0]
        assert anchor.get("aria-describedby") == body.get("id")
    anchors = root.xpath("//span[contains(concat(' ', @class, ' '), ' ed-tip ')]"
                         "/*[self::a or self::span[@tabindex='0']][1]")
    assert len(anchors) > 100
    ids = set(root.xpath("//@id"))
    assert all(a.get("aria-describedby") in ids for a in anchors)
    shared = root.xpath("//span[@data-ed-tip]")
    assert len(bodies) + len(shared) > 100
    for tip in shared:
        anchor = tip.xpath("./a | ./span[@tabindex='0']")[0]
        assert anchor.get("aria-describedby") == tip.get("data-ed-tip")
        assert len(root.xpath(f"//*[@id='{tip.get('data-ed-tip')}']")) == 1


def test_navigation_captions_have_a_level(edition_html):
    for page in pages(edition_html.outdir):
        root = lxml.html.parse(str(page)).getroot()
        captions = root.xpath("//*[@role='heading']")
        assert captions, page.name
        assert all(c.get("aria-level") == "2" for c in captions), page.name


def test_cyrillic_has_its_language(edition_html):
    """Every Cyrillic word of every page is in an element with ``lang="ru"`` (WCAG 3.1.2),
    except the general index's group letters, which are also the groups' ids."""
    untagged = {}
    for page in pages(edition_html.outdir):
        found = untagged_cyrillic(page)
        if page.name == "genindex.html":
            found = [f for f in found if not re.match(r"<(strong|h2)> '.'", f)]
        if found:
            untagged[page.name] = found
    assert untagged == {}
    works = (edition_html.outdir / "works-cited.html").read_text(encoding="utf-8")
    assert '<em><span lang="ru">Две партии</span></em>' in works


def test_footer_names_the_copyright_and_no_software(edition_html):
    root = lxml.html.parse(str(edition_html.outdir / "essay.html")).getroot()
    footer = " ".join(root.xpath("//footer")[0].text_content().split())
    assert "Copyright © 2014 Lars T. Lih" in footer
    for word in ("Sphinx", "Furo", "Made with"):
        assert word not in footer
