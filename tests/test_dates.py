"""The dates extension: conversion and checks (convertdate), the role's HTML (<time
datetime>), the other calendar in a popup or a note, the chronology and its order, the
data TEI needs, bad input with file:line and type.subtype."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import lxml.html
import pytest
from dates.model import DateError, parse

from conftest import sphinx_build

# -- the model ------------------------------------------------------------------------------------

@pytest.mark.parametrize("target, gregorian, note", [
    ("1917-02-27 julian", "1917-03-12", "(12 March N.S.)"),
    ("1917-10-25 julian", "1917-11-07", "(7 November N.S.)"),
    ("1917-12-25 julian", "1918-01-07", "(7 January 1918 N.S.)"),
    ("1918-01-31 julian", "1918-02-13", "(13 February N.S.)"),
    ("1917-11-07 gregorian", "1917-11-07", "(25 October O.S.)"),
    ("1900-02-29 julian", "1900-03-13", "(13 March N.S.)"),  # a Julian leap day
])
def test_days_convert_with_convertdate(target, gregorian, note):
    date = parse(target)
    assert date.gregorian_iso() == gregorian
    assert date.note() == note


def test_months_years_and_spans_cover_days():
    april = parse("1917-04 julian")
    assert april.gregorian_iso() is None  # no one Gregorian date names a Julian month
    assert april.gregorian_span() == ("1917-04-14", "1917-05-13")
    assert april.note() == "(14 April–13 May N.S.)"
    assert parse("1917-04 gregorian").gregorian_iso() == "1917-04"
    july = parse("1917-07-03/1917-07-04 julian note")
    assert july.display == "note" and july.note() == "(16–17 July N.S.)"
    assert parse("1917-06-03/1917-06-24 julian").note() == "(16 June–7 July N.S.)"
    assert parse("1917 julian").gregorian_span() == ("1917-01-14", "1918-01-13")
    assert parse("1917-02-27 julian").popup() == (
        "27 February 1917 O.S. (Julian calendar) = 12 March 1917 N.S. (Gregorian calendar)")


def test_tei_attributes():
    assert parse("1917-02-27 julian").tei() == {
        "when": "1917-03-12", "when-custom": "1917-02-27", "datingMethod": "#julian"}
    assert parse("1917-11-07 gregorian").tei() == {"when": "1917-11-07"}
    assert parse("1917-04 julian").tei() == {
        "notBefore": "1917-04-14", "notAfter": "1917-05-13", "when-custom": "1917-04",
        "datingMethod": "#julian"}
    assert parse("1917-07-03/1917-07-04 julian").tei() == {
        "from": "1917-07-16", "to": "1917-07-17", "from-custom": "1917-07-03",
        "to-custom": "1917-07-04", "datingMethod": "#julian"}


@pytest.mark.parametrize("target, subtype", [
    ("1917-02-29 julian", "impossible"), ("1900-02-29 gregorian", "impossible"),
    ("1917-13 julian", "impossible"), ("1917-00-10 julian", "impossible"),
    ("1917-07-04/1917-07-03 julian", "impossible"), ("1917-07/1917-07-03 julian", "bad_target"),
    ("1917-02-27 islamic", "bad_target"), ("1917-02-27", "bad_target"),
    ("27 February 1917 julian", "bad_target"), ("1917-02-27 julian loud", "bad_target"),
])
def test_impossible_and_unreadable_dates(target, subtype):
    with pytest.raises(DateError) as err:
        parse(target)
    assert err.value.subtype == subtype


def test_the_calendar_reform_of_soviet_russia():
    assert not parse("1918-01-31 julian").late_julian()
    assert parse("1918-02-01 julian").late_julian()
    assert parse("1918-02 julian").late_julian()
    assert not parse("1918 julian").late_julian()  # the year began under the Julian calendar
    assert not parse("1918-03-01 gregorian").late_julian()


# -- the HTML ---------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def html(tmp_path_factory, rootdir) -> Path:
    out = tmp_path_factory.mktemp("dates") / "html"
    build = sphinx_build(rootdir / "test-dates", out)
    assert build.returncode == 0, build.stderr
    return out


def page(outdir: Path, name: str) -> lxml.html.HtmlElement:
    return lxml.html.parse(str(outdir / f"{name}.html")).getroot()


def words(element: lxml.html.HtmlElement) -> str:
    return " ".join(element.text_content().split())


def text_words(element: lxml.html.HtmlElement) -> str:
    """What the fidelity tests read: no popup bodies, no editorial matter."""
    clone = lxml.html.fromstring(lxml.html.tostring(element))
    for extra in clone.xpath(".//*[contains(@class,'ed-editorial')]"):
        extra.drop_tree()
    return words(clone)


def test_time_elements_carry_the_gregorian_date(html):
    root = page(html, "page-a")
    times = {words(t): t.get("datetime") for t in root.xpath("//time[@class='ed-date-words']")}
    assert times == {"27 February, 1917": "1917-03-12", "14 March": "1917-03-27",
                     "November 7 in 1917": "1917-11-07", "25 October 1917 O.S.": "1917-11-07"}
    # a Julian month, a year, a span: the Gregorian days they cover
    spans = {words(s): (s.get("data-from"), s.get("data-to"))
             for s in root.xpath("//span[@class='ed-date-words']")}
    assert spans["April"] == ("1917-04-14", "1917-05-13")
    assert spans["3–4 July O.S."] == ("1917-07-16", "1917-07-17")


def test_the_words_never_change(html):
    root = page(html, "page-a")
    para = root.xpath("//p[contains(., 'big bang')]")[0]
    assert text_words(para) == ("The “big bang” of the revolution took place on 27 February, 1917. "
                                "The editorial of 14 March came first.")


def test_the_other_calendar_where_the_editors_choose(html):
    root = page(html, "page-a")
    # popup (the default): linked to the chronology entry
    tip = root.xpath("//time[@datetime='1917-03-12']/ancestor::span[contains(@class,'ed-tip')][1]")[0]
    assert tip.xpath("./a/@href") == ["chronology.html#date-1917-03-12"]
    assert words(tip.xpath(".//span[contains(@class,'ed-tip-body')]")[0]) == (
        "27 February 1917 O.S. (Julian calendar) = 12 March 1917 N.S. (Gregorian calendar)")
    # plain: no popup
    plain = root.xpath("//time[@datetime='1917-03-27']")[0]
    assert not plain.xpath("ancestor::span[contains(@class,'ed-tip')]")
    # note: in parentheses after the words, as the editors' matter
    note = root.xpath("//div[contains(@class,'ed-ednote')]")[0]
    assert words(note).endswith("The July Days, 3–4 July O.S. (16–17 July N.S.), and the "
                                "Congress of 25 October 1917 O.S. (7 November N.S.).")
    assert [words(n) for n in note.xpath(".//span[contains(@class,'ed-date-note')]")] == [
        "(16–17 July N.S.)", "(7 November N.S.)"]
    assert all("ed-editorial" in n.get("class") for n in note.xpath(".//span[contains(@class,'ed-date-note')]"))


def test_chronology_in_order_with_both_calendars_and_links(html):
    root = page(html, "chronology")
    entries = root.xpath("//dl[contains(@class,'ed-chronology')]/dt")
    assert [e.get("id") for e in entries] == [
        "date-1917-01-14--1918-01-13", "date-1917-03-12", "date-1917-03-27",
        "date-1917-04-14--1917-05-13", "date-1917-07-16--1917-07-17", "date-1917-11-07"]
    assert [words(e) for e in entries] == [
        "14 January 1917–13 January 1918 N.S. · 1917 O.S.",
        "12 March 1917 N.S. · 27 February 1917 O.S.",
        "27 March 1917 N.S. · 14 March 1917 O.S.",
        "14 April–13 May 1917 N.S. · April 1917 O.S.",
        "16–17 July 1917 N.S. · 3–4 July 1917 O.S.",
        "7 November 1917 N.S. · 25 October 1917 O.S."]
    # one entry for the same day given in the two calendars, with both places
    november = entries[-1].getnext()
    mentions = [words(li) for li in november.xpath(".//ul[contains(@class,'ed-chronology-places')]/li")]
    assert [m.split(" — ")[0] for m in mentions] == [
        "The text, “‘All’: the challenge of 1917”: ¶ 1", "The text, editorial note a: ¶ 1"]
    assert mentions[0].endswith("The revolution of November 7 in 1917.")
    for href in root.xpath("//dl[contains(@class,'ed-chronology')]//a/@href"):
        name, _, fragment = href.partition("#")
        assert page(html, name.removesuffix(".html")).xpath(f"//*[@id='{fragment}']"), href


def test_tei_data_in_the_domain(tmp_path, rootdir):
    from sphinx.testing.util import SphinxTestApp

    src = tmp_path / "src"
    shutil.copytree(rootdir / "test-dates", src)
    app = SphinxTestApp("html", srcdir=src)
    try:
        app.build()
        tei = app.env.get_domain("dates").tei_dates()
        assert tei["date-occ-page-a-0"] == {"when": "1917-03-12", "when-custom": "1917-02-27",
                                     "datingMethod": "#julian"}
        assert tei["date-occ-page-a-3"] == {"when": "1917-11-07"}
    finally:
        app.cleanup()


# -- bad input --------------------------------------------------------------------------------------

@pytest.mark.sphinx("html", testroot="dates-bad")
def test_bad_input_warnings(app):
    app.build()
    warnings = app.warning.getvalue()
    index = re.escape(str(app.srcdir / "index.md"))
    expected = [
        rf"{index}:3: WARNING: the date '27 February' has no <YYYY-MM-DD calendar>.*\[dates\.bad_target\]",
        rf"{index}:4: WARNING: '30 February 1917': 1917-02-30: February 1917 has 28 days in the julian calendar \[dates\.impossible\]",
        rf"{index}:5: WARNING: '27 February': 'islamic' is not a calendar.*\[dates\.bad_target\]",
        rf"{index}:6: WARNING: '27 February': 'loud' is not a display.*\[dates\.bad_target\]",
        rf"{index}:7: WARNING: '1 March 1918' is given as a Julian \(Old Style\) date, 1918-03-01, after 31 January 1918.*\[dates\.late_julian\]",
        rf"{index}:8: WARNING: '4–3 July': .*the span ends before it begins \[dates\.impossible\]",
        rf"{index}:9: WARNING: 'Undecimber': 1917-13: there is no month 13 \[dates\.impossible\]",
    ]
    for pattern in expected:
        assert re.search(pattern, warnings), pattern
    assert "Traceback" not in warnings
    root = lxml.html.parse(str(app.outdir / "index.html")).getroot()
    body = words(root.xpath("//*[@role='main']")[0])
    for typed in ("A date without its target: 27 February.", "An impossible one: 30 February 1917.",
                  "After the calendar reform: 1 March 1918.", "A month 13: Undecimber."):
        assert typed in body
    # the late Julian date is still data (it is reported, not dropped)
    assert root.xpath("//time[@datetime='1918-03-14']")


def test_dates_without_a_chronology_warn(tmp_path, rootdir):
    src = tmp_path / "src"
    shutil.copytree(rootdir / "test-dates", src)
    (src / "chronology.md").write_text("# Not the chronology\n\nNothing here.\n", encoding="utf-8")
    build = sphinx_build(src, tmp_path / "out")
    assert re.search(re.escape(str(src / "page-a.md")) + r":3: WARNING: dates are marked but no page "
                     r"holds the chronology.*\[dates\.no_chronology\]", build.stderr), build.stderr


def test_a_new_date_reaches_the_chronology_in_an_incremental_build(tmp_path, rootdir):
    src = tmp_path / "src"
    shutil.copytree(rootdir / "test-dates", src)
    out = tmp_path / "out"
    assert sphinx_build(src, out).returncode == 0
    notes = src / "notes.md"
    notes.write_text(notes.read_text(encoding="utf-8")
                     + "\nThe Cheka dates from {date}`7 December 1917 <1917-12-07 julian>`.\n",
                     encoding="utf-8")
    assert sphinx_build(src, out).returncode == 0
    ids = page(out, "chronology").xpath("//dl[contains(@class,'ed-chronology')]/dt/@id")
    assert ids[-1] == "date-1917-12-20" and ids[-2] == "date-1917-11-07"


def test_after_the_calendar_reform_the_chronology_gives_the_new_style_only():
    from dates.chronology import both_calendars

    def record(iso, calendar):
        return {"iso": iso, "calendar": calendar}

    assert both_calendars(record("1918-02-13", "gregorian")) == \
        "13 February 1918 N.S. · 31 January 1918 O.S."
    assert both_calendars(record("1918-02-14", "gregorian")) == "14 February 1918 N.S."
    assert both_calendars(record("1921-03", "gregorian")) == "March 1921 N.S."
    assert both_calendars(record("1871-03-18", "gregorian")) == \
        "18 March 1871 N.S. · 6 March 1871 O.S."
    assert both_calendars(record("1918-01-31", "julian")) == \
        "13 February 1918 N.S. · 31 January 1918 O.S."


# -- the edition ------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def edition(edition_html) -> Path:
    assert edition_html.returncode == 0, edition_html.stderr
    return edition_html.outdir


def test_the_edition_time_elements_carry_the_gregorian_date(edition):
    essay = page(edition, "essay")
    times = {words(t): t.get("datetime") for t in essay.xpath("//time[@class='ed-date-words']")}
    # the essay's Old Style dates, as the author wrote them, and the editors' own
    assert times["27 February, 1917"] == "1917-03-12"
    assert times["14 March"] == "1917-03-27"
    assert times["25 October O.S."] == "1917-11-07"
    assert times["30 November 1917"] == "1917-12-13"
    april = essay.xpath("//span[@class='ed-date-words'][normalize-space()='April']")[0]
    assert (april.get("data-from"), april.get("data-to")) == ("1917-04-14", "1917-05-13")
    responses = page(edition, "responses")
    times = {words(t): t.get("datetime") for t in responses.xpath("//time[@class='ed-date-words']")}
    assert times["November 7 in 1917"] == "1917-11-07"
    assert times["26 October 1917 O.S."] == "1917-11-08"


def test_the_editorial_notes_give_the_new_style_computed(edition):
    """The editors write the Old Style date; the New Style beside it is computed (note)."""
    essay = page(edition, "essay")
    note = words(essay.xpath("//div[@id='ednote-april-june-july']")[0])
    assert "18 April O.S. (1 May N.S.)" in note
    assert "20 and 21 April (3–4 May N.S.)" in note
    assert "3 to 24 June O.S. (16 June–7 July N.S.)" in note
    assert "3–4 July O.S. (16–17 July N.S.)" in note
    soviet = words(essay.xpath("//div[@id='ednote-petrograd-soviet']")[0])
    assert "4 August O.S. (17 August N.S.)" in soviet  # the Encyclopaedia: "4 (17) August"


def test_the_edition_chronology_in_order_with_both_calendars(edition):
    root = page(edition, "chronology")
    entries = root.xpath("//dl[contains(@class,'ed-chronology')]/dt")
    ids = [e.get("id") for e in entries]
    firsts = [i.removeprefix("date-").split("--")[0] for i in ids]
    assert firsts == sorted(firsts) and len(set(ids)) == len(ids)
    heads = {e.get("id"): words(e) for e in entries}
    assert heads["date-1917-03-12"] == "12 March 1917 N.S. · 27 February 1917 O.S."
    assert heads["date-1917-11-07"] == "7 November 1917 N.S. · 25 October 1917 O.S."
    assert heads["date-1917-04-14--1917-05-13"] == "14 April–13 May 1917 N.S. · April 1917 O.S."
    assert heads["date-1921-03-08--1921-03-16"] == "8–16 March 1921 N.S."  # after the reform
    for first, head in zip(firsts, heads.values(), strict=True):
        assert head.count("O.S.") == (1 if first < "1918-02-14" else 0), head
    # the October revolution: the essay's editors, the comment's date and its note, linked
    november = root.xpath("//dt[@id='date-1917-11-07']")[0].getnext()
    mentions = [words(li) for li in november.xpath(".//li")]
    assert any(m.startswith("Responses, comment 2: ¶ 2") and "November 7 in 1917" in m
               for m in mentions), mentions
    for href in root.xpath("//dl[contains(@class,'ed-chronology')]//a/@href"):
        name, _, fragment = href.partition("#")
        assert page(edition, name.removesuffix(".html")).xpath(f"//*[@id='{fragment}']"), href
