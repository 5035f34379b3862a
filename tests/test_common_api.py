"""The toolkit's shared API (extensions/edition_common): the text model, the domain base
class, the table of warnings."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from docutils import nodes

import edition_common as ec
from conftest import ROOT


class dipl(ec.DiplomaticOnly, nodes.Inline, nodes.TextElement):
    pass


class crit(ec.CriticalOnly, nodes.Inline, nodes.TextElement):
    pass


class mark(ec.EditorialMatter, nodes.Inline, nodes.TextElement):
    pass


def sample() -> nodes.paragraph:
    """"Lenin (London, 2005: Routledge)" with the editors' reading and a mark with a popup."""
    tip = ec.tooltip("", "", nodes.Text("A1"), ec.tooltip_body("", "the entry"))
    return nodes.paragraph(
        "", "", nodes.Text("Read, Lenin "),
        nodes.inline("", "", dipl("", "(London, 2005: Routledge)"),
                     crit("", "(London: Routledge, 2005)")),
        mark("", "", tip), nodes.Text(", p.\n154."))


def test_views_read_one_reading_each():
    para = sample()
    assert ec.view_text(para) == "Read, Lenin (London: Routledge, 2005), p. 154."
    assert ec.view_text(para, "critical") == ec.view_text(para)
    assert ec.view_text(para, "diplomatic") == "Read, Lenin (London, 2005: Routledge), p. 154."
    with pytest.raises(ValueError):
        ec.view_text(para, "both")  # type: ignore[arg-type]


def test_segments_give_offsets_into_the_view():
    para = sample()
    text, segs = ec.view_segments(para, "diplomatic")
    assert text == f"{ec.BLOCK_SEP}Read, Lenin (London, 2005: Routledge), p.\n154.{ec.BLOCK_SEP}"
    for node, start in segs:
        assert text[start:start + len(node)] == str(node)
    assert [str(n) for n, _ in segs] == ["Read, Lenin ", "(London, 2005: Routledge)", ", p.\n154."]


def test_the_node_given_is_read_whatever_it_is():
    assert ec.view_text(mark("", "a mark")) == "a mark"
    para = sample()
    popup = next(para.findall(ec.tooltip_body))
    assert not ec.in_view(popup) and ec.in_view(para[0])
    crit_node = next(para.findall(crit))
    assert ec.in_view(crit_node, "critical") and not ec.in_view(crit_node, "diplomatic")
    assert ec.enclosing(popup, nodes.paragraph) is para


def test_css_classes_mark_the_views_too():
    para = nodes.paragraph("", "", nodes.Text("kept "),
                           nodes.inline("", "editors' ", classes=[ec.EDITORIAL]),
                           nodes.inline("", "old ", classes=[ec.DIPLOMATIC]),
                           nodes.inline("", "new", classes=[ec.CRITICAL]))
    assert ec.view_text(para) == "kept new"
    assert ec.view_text(para, "diplomatic") == "kept old"


def test_nearest_names():
    known = ["dorr1917inside", "daniels1960conscience", "lih2014allpower"]
    assert ec.nearest("dor1917inside", known) == ["dorr1917inside"]
    assert ec.nearest("zzz", known) == []
    assert ec.nearest("VLAST", ["vlast", "vlast’"], key=str.casefold)[0] == "vlast"


def test_domain_base_keeps_data_per_document():
    class Demo(ec.EditionDomain):
        name = "demo"
        per_doc = ("things",)
        initial_data = {"things": {}}

        def resolve_thing(self, env, fromdoc, builder, typ, target, node, contnode):
            return nodes.Text(f"{fromdoc}->{target}")

    class Env:
        domaindata: dict = {}

    domain = Demo(Env())
    domain.set_doc_data("things", "a", [1])
    domain.set_doc_data("things", "b", [2])
    domain.set_doc_data("things", "c", [])
    assert domain.data["things"] == {"a": [1], "b": [2]}
    domain.clear_doc("a")
    domain.merge_domaindata({"x"}, {"things": {"x": [3], "y": [4]}})
    assert domain.data["things"] == {"b": [2], "x": [3]}
    assert list(domain.in_order("things", ["x"])) == [("x", [3]), ("b", [2])]
    assert domain.resolve_xref(None, "p", None, "thing", "t", None, None) == "p->t"
    assert domain.resolve_xref(None, "p", None, "other", "t", None, None) is None


def test_domain_digests_each_page_once_until_it_is_read_again():
    """EditionDomain.digest_of: a digest of every page's data that reads a page's data
    once, after the page is read, and again only when the page is read again (clear_doc)
    or merged from a parallel reader."""
    class Demo(ec.EditionDomain):
        name = "demo"
        per_doc = ("things",)

    class Env:
        def __init__(self):
            self.domaindata: dict = {}

    domain = Demo(Env())
    domain.set_doc_data("things", "a", [1])
    domain.set_doc_data("things", "b", [2])
    read: list[str] = []

    def payload(doc):
        read.append(doc)
        return domain.data["things"][doc]

    first = domain.digest_of("things", ["a", "b"], payload)
    assert domain.digest_of("things", ["a", "b"], payload) == first and read == ["a", "b"]
    assert domain.digest_of("things", ["b", "a"], payload) != first  # the order counts
    domain.clear_doc("a")
    domain.set_doc_data("things", "a", [5])
    changed = domain.digest_of("things", ["a", "b"], payload)
    assert changed != first and read == ["a", "b", "a"]
    other = Demo(Env())
    assert other.data is not domain.data
    other.merge_domaindata({"a", "b"}, domain.data)  # the digests come with the data
    assert other.digest_of("things", ["a", "b"], payload) == changed
    assert read == ["a", "b", "a"]


def test_every_warning_the_code_gives_is_in_the_table():
    """No warning outside the table: every ``type=…, subtype=…`` and every ``Warn.X`` used by
    the extensions is a member (the table is the toolkit's documentation of its warnings)."""
    source = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "extensions").rglob("*.py"))
    codes = {f"{t}.{s}" for t, s in re.findall(r'type="(\w+)", subtype="(\w+)"', source)}
    members = set(re.findall(r"\bWarn\.([A-Z_]+)\b", source))
    assert codes <= {m.value for m in ec.Warn}
    assert members <= set(ec.Warn.__members__)
    with pytest.raises(ValueError):
        ec.messages.code("app", "no_such_thing")


def test_reader_facing_strings_are_translated(tmp_path):
    """An edition in another language translates the toolkit's chrome: a catalog
    ``edition.mo`` in the project's ``locale_dirs`` (catalog of ``sphinx.locale``)."""
    from babel.messages.catalog import Catalog
    from babel.messages.mofile import write_mo

    from conftest import TOOLKIT_EDITION, WHOLE_EDITION_CHECKS, one_page_source, sphinx_build

    src = tmp_path / "source"
    page = one_page_source(src)
    page.write_text(
        "# Probe\n\n:::{witness} R\nThe copy-text.\n:::\n\n"
        "The cowards and faint-heats{ednote}`faint` are abandoning us.\n\n"
        ":::{app} faint-heats\n:corr: faint-hearts\n:::\n\n"
        ":::{editorial-note} faint\nA slip.\n:::\n\n```{editorial-notes-list}\n```\n",
        encoding="utf-8")
    catalog = Catalog(locale="de", domain="edition")
    for english, german in {"Editorial notes": "Anmerkungen der Herausgeber",
                            "Reading view": "Leseansicht", "Apparatus": "Apparat",
                            "Editorial note": "Anmerkung"}.items():
        catalog.add(english, german)
    mo = src / "locales" / "de" / "LC_MESSAGES" / "edition.mo"
    mo.parent.mkdir(parents=True)
    with mo.open("wb") as out:
        write_mo(out, catalog)
    build = sphinx_build(src, tmp_path / "html", confdir=TOOLKIT_EDITION, extra=[
        "-D", "language=de", "-D", "suppress_warnings=" + ",".join(WHOLE_EDITION_CHECKS)])
    assert build.returncode == 0, build.stderr
    html = (tmp_path / "html" / "index.html").read_text(encoding="utf-8")
    assert "Anmerkungen der Herausgeber" in html and "Editorial notes" not in html
    assert "<legend>Leseansicht</legend>" in html and ">Apparat<" in html
    assert 'data-ed-tip-lead="Anmerkung"' in html  # the popup of the mark: "Anmerkung a …"


def test_search_index_stems_each_word_once_as_the_language_does():
    """The search language the toolkit registers (edition_common/search.py) gives each word
    the stem the configured language gives it, asking its stemmer once per word of the
    build instead of once per word of each page."""
    from sphinx.search.en import SearchEnglish

    from edition_common import search

    cached_language = search.cached_language
    asked: list[str] = []

    class Counting(SearchEnglish):
        def stem(self, word: str) -> str:
            asked.append(word)
            return super().stem(word)

    search._TABLES.pop(search._table_key(Counting), None)
    cached, plain = cached_language(Counting)({}), SearchEnglish({})
    words = "soviets power Soviet powers revolutionary soviets power revolution".split()
    assert [cached.stem(w) for w in words] == [plain.stem(w) for w in words]
    assert sorted(asked) == sorted(set(words))  # each word once
    assert cached_language(Counting).lang == "en" and cached.js_stemmer_rawcode == \
        plain.js_stemmer_rawcode  # the same language for the browser's search


def test_the_build_keeps_its_doctrees_out_of_full_collections_and_gives_them_back(
        tmp_path, rootdir):
    """edition_common/memory.py: while the pages are written, what was read is frozen (the
    collector's full scans skip it); when the build ends, nothing stays frozen; and
    ``edition_gc_freeze = False`` leaves the collector alone."""
    import gc
    import shutil

    from sphinx.testing.util import SphinxTestApp

    for setting, frozen_while_writing in ((True, True), (False, False)):
        src = tmp_path / f"src-{setting}"
        shutil.copytree(rootdir / "test-persons", src)
        app = SphinxTestApp("html", srcdir=src, confoverrides={"edition_gc_freeze": setting})
        seen: list[int] = []
        app.connect("doctree-resolved", lambda app, doctree, docname, seen=seen: seen.append(
            gc.get_freeze_count()))
        try:
            app.build()
        finally:
            app.cleanup()
        assert seen and all(seen) == frozen_while_writing, seen
        assert gc.get_freeze_count() == 0


def test_search_stems_are_kept_between_builds_and_a_damaged_table_is_ignored(
        tmp_path, rootdir):
    """The table of stems is kept in the doctree directory (edition-stems.json) for the
    next build; a damaged table is read as none, and the index is the same."""
    import json
    import shutil

    from sphinx.testing.util import SphinxTestApp

    from edition_common import search

    src = tmp_path / "src"
    shutil.copytree(rootdir / "test-persons", src)
    indexes = []
    stems = None
    for damaged in (False, True):
        search._TABLES.clear()
        search._SAVED.clear()
        if damaged:
            stems.write_text('{"key": ', encoding="utf-8")
        app = SphinxTestApp("html", srcdir=src, freshenv=True)
        stems = Path(app.doctreedir) / search.STEMS_FILE
        try:
            app.build(force_all=True)
        finally:
            app.cleanup()
        saved = json.loads(stems.read_text(encoding="utf-8"))
        assert saved["key"].startswith("sphinx.search.en.SearchEnglish sphinx ")
        assert saved["stems"]["drafted"] == "draft"
        indexes.append((app.outdir / "searchindex.js").read_text(encoding="utf-8"))
    assert indexes[0] == indexes[1]
