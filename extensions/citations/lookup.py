"""Find works of the bibliography and every place the edition cites them.

    python -m citations.lookup QUERY… [--format text|bibtex|csl-json] [--root DIR] [--builddir DIR]
    make cite q=QUERY [FORMAT=bibtex]

A query finds works by key, label ("Jones 2005a", "Smith n.d.-b"), author, title words or
year, case- and accent-insensitively;
every word of the query must match.  It is transliteration-aware both ways: Cyrillic
and Latin are compared through several transliteration schemes (iuliia: Wikipedia,
ALA-LC, BGN/PCGN, scientific), so "Martov" finds "Мартов" and "Троцкий" finds
"Trotsky".  A four-digit word matches the year only.  A query that is exactly a key
finds that work alone.

For each work: the formatted reference (the edition's style) and every place that cites
it (source file and line, page, section, paragraph or note, locator, the author's words).
The places are never stale: they come from the edition's own build data (the ``edcite``
domain), which the command first brings up to date with an incremental Sphinx read of the
sources into ``BUILDDIR/cite-lookup`` (only changed pages — and every page when
``bibliography.bib`` changed — are read again).  ``--format bibtex`` and ``--format
csl-json`` print the matching entries for a reference manager (Zotero imports both).

Exit status: 0 when something matched; 1, with a one-line message on stderr, when nothing
matched or the arguments are wrong.
"""

from __future__ import annotations

import argparse
import io
import json
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn

import iuliia
from pybtex.database import BibliographyData, Entry

from . import style
from .domain import Place
from .service import Bibliography, bibliography

ROOT = Path(__file__).resolve().parents[2]
SCHEMES = (iuliia.WIKIPEDIA, iuliia.ALA_LC, iuliia.BGN_PCGN, iuliia.SCIENTIFIC)
SEARCH_FIELDS = ("title", "transliteration", "translation", "booktitle", "booktransliteration",
                 "booktranslation", "journal", "journaltransliteration", "nameoriginal",
                 "series", "howpublished", "translator")
CYRILLIC = re.compile(r"[\u0400-\u04FF]")


class LookupError_(Exception):
    """A one-line error for the user."""


def variants(text: str) -> set[str]:
    """*text* folded, and its Latin transliterations when it has Cyrillic letters."""
    forms = {text}
    if CYRILLIC.search(text):
        forms |= {scheme.translate(text) for scheme in SCHEMES}
    out = set()
    for form in forms:
        form = style.fold(form)
        form = re.sub(r"[’'ʹʺ\"`´]", "", form)  # soft/hard signs, apostrophes
        out.add(re.sub(r"[^\w]+", " ", form).strip())
    return out


@dataclass
class Work:
    key: str
    entry: Entry
    haystack: set[str]
    years: set[str]


def index(entries: dict[str, Entry], labels: dict[str, str] | None = None) -> list[Work]:
    """The searchable forms of every work: its key, its label ("Jones 2005a"), its persons and
    the words of its titles and imprint."""
    works = []
    for key, entry in entries.items():
        texts = [key] + ([labels[key]] if labels and key in labels else [])
        for role in ("author", "editor"):
            texts += [str(p) for p in entry.persons.get(role, [])]
        texts += [style.plain(entry.fields[f]) for f in SEARCH_FIELDS if entry.fields.get(f)]
        hay: set[str] = set()
        for text in texts:
            hay |= variants(text)
        years = {style.year_of(entry), entry.fields.get("date", "")[:4]} - {""}
        works.append(Work(key, entry, hay, years))
    return works


def search(works: list[Work], query: str) -> list[Work]:
    query = query.strip()
    exact = [w for w in works if w.key.lower() == query.lower()]
    if exact:
        return exact
    words = query.split()
    found = []
    for work in works:
        ok = True
        for word in words:
            if re.fullmatch(r"\d{4}", word):
                ok = word in work.years
            else:
                wanted = variants(word)
                ok = any(v and v in h for v in wanted for h in work.haystack)
            if not ok:
                break
        if ok:
            found.append(work)
    return found


# -- the edition's data ----------------------------------------------------------------------

@dataclass
class EditionData:
    bibliography: Bibliography
    entries: dict[str, Entry]
    places: dict[str, list[Place]]  # key → places in reading order
    sources: dict[str, str]         # docname → source path relative to the root
    page_labels: dict[str, str]
    problems: list[str]


def load_edition(root: Path, builddir: Path) -> EditionData:
    """Bring the lookup environment up to date (incremental Sphinx read) and read it."""
    from sphinx.application import Sphinx

    outdir = builddir / "cite-lookup"
    pickle = outdir / ".doctrees" / "environment.pickle"
    # the extensions' code is not tracked by Sphinx's incremental read: start afresh if newer
    code = [p.stat().st_mtime for p in (root / "extensions").rglob("*.py")]
    fresh = not pickle.exists() or max(code, default=0) > pickle.stat().st_mtime
    warnings = io.StringIO()
    app = Sphinx(
        srcdir=root / "source", confdir=root, outdir=outdir, doctreedir=outdir / ".doctrees",
        buildername="dummy", status=None, warning=warnings, freshenv=fresh,
    )
    app.builder.build_specific([])  # read (incrementally) and pickle; write nothing
    app.emit("build-finished", None)  # a complete build (edition_build: nothing half-done)
    env = app.env
    domain = env.get_domain("edcite")
    bib = bibliography(env)
    order = domain.doc_order()
    places: dict[str, list[Place]] = {key: domain.places_of(key, order) for key in bib.entries}
    sources = {d: str(Path(env.doc2path(d)).resolve().relative_to(root.resolve()))
               for d in env.found_docs}
    problems = [line for line in warnings.getvalue().splitlines() if "[cite." in line]
    if not sys.stderr.isatty():  # Sphinx colours its warnings: only for a terminal
        from sphinx.util.console import strip_colors

        problems = [strip_colors(line) for line in problems]
    return EditionData(bib, bib.entries, places, sources, dict(app.config.citations_page_labels),
                       problems)


# -- output -----------------------------------------------------------------------------------

def describe_place(place: Place, key: str, data: EditionData) -> str:
    where = " › ".join(filter(None, [data.page_labels.get(place["docname"], place["page"]),
                                     place["section"], place["block"]]))
    locators = [loc for k, loc in place["targets"] if k == key and loc]
    parts = [f"{data.sources.get(place['docname'], place['docname'])}:{place['line']}", where]
    if locators:
        parts.append("; ".join(locators))
    if place["words"]:
        parts.append(f"“{place['words']}”")
    return "  ".join([parts[0].ljust(24)] + [" · ".join(parts[1:])])


def format_text(works: list[Work], data: EditionData) -> str:
    bib = data.bibliography
    blocks = []
    for work in works:
        lines = [f"{work.key} — {bib.label(work.key)}", f"  {bib.reference_text(work.key)}"]
        places = data.places.get(work.key, [])
        if places:
            lines.append(f"  cited in {len(places)} place{'s' if len(places) != 1 else ''}:")
            lines += [f"    {describe_place(p, work.key, data)}" for p in places]
        else:
            lines.append("  not cited in the edition (listed under works consulted)")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def format_bibtex(works: list[Work]) -> str:
    return BibliographyData({w.key: w.entry for w in works}).to_string("bibtex")


LANGUAGES = {"russian": "ru", "german": "de", "spanish": "es", "english": "en", "french": "fr"}
CSL_TYPES = {"book": "book", "article": "article-journal", "incollection": "chapter",
             "inproceedings": "paper-conference", "misc": "document", "online": "post-weblog"}


def _csl_names(persons: Sequence[Any]) -> list[dict[str, str]]:
    out = []
    for person in persons:
        last, given = style._person_parts(person)
        out.append({"family": last, "given": given} if given else {"literal": last})
    return out


def csl_item(work: Work) -> dict[str, Any]:
    e, f = work.entry, work.entry.fields
    item: dict[str, Any] = {"id": work.key, "type": CSL_TYPES.get(e.type.lower(), "document")}
    if e.type.lower() == "article" and not f.get("volume"):
        item["type"] = "article-newspaper"
    for role in ("author", "editor"):
        if e.persons.get(role):
            item[role] = _csl_names(e.persons[role])
    if f.get("translator"):
        item["translator"] = _csl_names(style.persons_field(e, "translator"))
    simple = {"title": "title", "publisher": "publisher", "address": "publisher-place",
              "volume": "volume", "number": "issue", "url": "URL", "series": "collection-title",
              }
    for field, csl in simple.items():
        if csl and f.get(field):
            item[csl] = style.plain(f[field])
    if f.get("language"):
        language = f["language"].lower()
        item["language"] = LANGUAGES.get(language, language)
    if f.get("pages"):
        item["page"] = style._pages(f["pages"])
    container = f.get("journal") or f.get("booktitle")
    if container:
        item["container-title"] = style.plain(container)
    date = f.get("date", "")
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", date)
    if m:
        item["issued"] = {"date-parts": [[int(m.group(1)), int(m.group(2)), int(m.group(3))]]}
    elif f.get("year", "").isdigit():
        item["issued"] = {"date-parts": [[int(f["year"])]]}
    notes = []
    if f.get("transliteration") or f.get("translation"):
        notes.append("; ".join(style.plain(f[x]) for x in ("transliteration", "translation")
                               if f.get(x)))
    if f.get("howpublished"):
        notes.append(style.plain(f["howpublished"]))
    if notes:
        item["note"] = " — ".join(notes)
    return item


def format_csl(works: list[Work]) -> str:
    return json.dumps([csl_item(w) for w in works], ensure_ascii=False, indent=2)


# -- command line -----------------------------------------------------------------------------

class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        print(f"cite: {message} (usage: make cite q=QUERY [FORMAT=bibtex|csl-json])",
              file=sys.stderr)
        raise SystemExit(1)


def main(argv: Sequence[str] | None = None) -> int:
    parser = Parser(prog="python -m citations.lookup", description=__doc__.split("\n\n")[0])
    parser.add_argument("query", nargs="*", help="key, author, title words or year")
    parser.add_argument("--format", choices=("text", "bibtex", "csl-json"), default="text")
    parser.add_argument("--root", type=Path, default=ROOT, help="the edition's repository")
    parser.add_argument("--builddir", type=Path, default=None, help="default: ROOT/build")
    args = parser.parse_args(argv)
    query = " ".join(args.query).strip()
    if not query:
        parser.error("no query: give a key, an author, title words or a year")
    root = args.root.resolve()
    if not (root / "conf.py").exists():
        parser.error(f"{root} is not the edition's repository (no conf.py)")
    data = load_edition(root, (args.builddir or root / "build").resolve())
    bib = data.bibliography
    found = search(index(data.entries, {key: bib.label(key) for key in bib.entries}), query)
    if not found:
        print(f"cite: no work matches {query!r} (try a key, an author, title words or a year)",
              file=sys.stderr)
        return 1
    for problem in data.problems:
        print(problem, file=sys.stderr)
    if args.format == "bibtex":
        print(format_bibtex(found), end="")
    elif args.format == "csl-json":
        print(format_csl(found))
    else:
        print(format_text(found, data))
    return 0


if __name__ == "__main__":
    sys.exit(main())
