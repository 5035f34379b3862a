"""The critical apparatus of the edition: witnesses, apparatus entries (apparatus criticus),
sources of quotations (apparatus fontium), the diplomatic/critical reading views, per-page
listings and the appendix of all editorial interventions.

Markup (MyST; the same directives work in reStructuredText):

* ```` ```{witness} R ```` — a witness, declared once, with its description;
* ```` ```{app} LEMMA ```` — after the paragraph that contains LEMMA (the copy-text's exact
  words): an entry with ``:type:`` (emendation, sic, normalisation, lacuna, variant, fact,
  commentary), its reading (``:corr:``, ``:reg:``, ``:supplied:``, ``:correct:``, ``:rdg:
  text @SIGLUM | …``; none for ``commentary``), ``:resp:``, ``:wit:``, ``:adopt:``,
  ``:occurrence:``, ``:cite:`` (the evidence), ``:note:`` (the terse note of the apparatus)
  and the textual commentary as body;
* ```` ```{app-source} [LEMMA] ```` — after a quotation: ``:cite: key, locator; …``,
  ``:to:``, ``:occurrence:``, ``:note:`` and the commentary as body;
* ```` ```{app-interventions} ```` — the generated list of all entries with counts by type.

Each page's entries are anchored, numbered and listed when the page is read
(:mod:`.transforms`); the appendix of every page's entries is built from the ``apparatus``
domain when its page is written (:class:`Interventions`), and rewritten — never re-read —
when the entries change (``env-updated``).

Configuration: ``apparatus_copy_text`` (the copy-text's siglum, by default the first
witness of ``edition_witness_files``), ``apparatus_latex_listing`` (print the per-page
listing in LaTeX, default True), ``apparatus_note_max_length`` (the longest ``:note:``,
default 80 characters).  The copy-text's file (``edition_witness_files``) and the pages that
carry it (``edition_text_pages``) are declared in ``edition_common``: the build checks that
their text still holds every paragraph of it, in order (:mod:`.fidelity`).

Warnings: the ``app.*`` members of ``edition_common.messages.Warn``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from docutils import nodes as dn  # (``nodes`` is this package's nodes module)
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging

from citations.service import bibliography
from edition_common import (
    EDITORIAL,
    Warn,
    _,
    add_latex_package,
    add_static_dir,
    pending_ref,
    reading_order,
    view_text,
    warn,
)

from . import writers
from .directives import AppDirective, AppSourceDirective, InterventionsDirective, WitnessDirective
from .domain import ApparatusDomain
from .fidelity import RecordViewWords, check_fidelity
from .model import TYPE_LABELS, TYPES
from .nodes import app_interventions, app_where
from .transforms import AnchorEntries, series_title

logger = logging.getLogger(__name__)

STY = Path(__file__).resolve().parent / "texinputs" / "edition-apparatus.sty"


def document_order(env: Any) -> list[str]:
    """Documents in the order of the toctrees from the root document."""
    return reading_order(env, env.found_docs)


def _table(rows: list[tuple[str, str]], head: tuple[str, str]) -> dn.table:
    table = dn.table(classes=["ed-app-counts"])
    group = dn.tgroup(cols=2)
    table += group
    # HTML and LaTeX take the widths as proportions (4:1), the text builder as characters
    group += dn.colspec(colwidth=40)
    group += dn.colspec(colwidth=10)
    for part, content in ((dn.thead(), [head]), (dn.tbody(), rows)):
        for cells in content:
            row = dn.row()
            for cell in cells:
                entry = dn.entry()
                entry += dn.paragraph("", cell)
                row += entry
            part += row
        group += part
    return table


def commentary_copy(node: dn.Element, doc: str = "", latex: bool = False) -> list[dn.Node]:
    """The paragraphs of a stored commentary (a fresh copy) for another page: ids dropped
    (the text's own page holds them).  In the PDF, which prints the commentary here only,
    each dropped id of page *doc* becomes a LaTeX label here, so that what links to a place
    in the commentary (the index of persons, the chronology) finds it."""
    out = []
    for clone in node.children:
        for el in clone.findall(dn.Element):
            if latex and doc and el["ids"] and isinstance(el, dn.TextElement):
                labels = "".join(rf"\label{{\detokenize{{{doc}:{i}}}}}" for i in el["ids"])
                el.insert(0, dn.raw("", r"\phantomsection" + labels, format="latex"))
            el["ids"] = []
        out.append(clone)
    return out


class Interventions(SphinxPostTransform):
    """``app-interventions``: every entry in reading order with its place, its summary, its
    sources and its textual commentary (which the PDF prints here only, keyed by page and
    line), built from the domain's data when the page is written.  Runs before Sphinx
    resolves references (priority 10): its links, and those in the copied commentaries,
    are references resolved from this page."""

    default_priority = 5

    def run(self, **kwargs: Any) -> None:
        for node in list(self.document.findall(app_interventions)):
            node.replace_self(self.listing())

    def listing(self) -> dn.Element:
        env = self.env
        domain: ApparatusDomain = env.get_domain("apparatus")  # type: ignore[assignment]
        all_entries = domain.all_entries(document_order(env))
        # every entry is in its page's listing already: the search finds it there, once
        box = dn.container(classes=[EDITORIAL, "ed-app-interventions", "no-search"])
        by_series = {s: [(d, e) for d, e in all_entries if e["series"] == s] for s in "ASC"}
        counts = [(_(TYPE_LABELS[t]), str(sum(e["type"] == t for _doc, e in by_series["A"])))
                  for t in TYPES if t != "commentary"]
        counts.append((_("all interventions"), str(len(by_series["A"]))))
        counts.append((_("sources of quotations (separate series)"), str(len(by_series["S"]))))
        counts.append((_("textual commentary only (separate series)"),
                       str(len(by_series["C"]))))
        box += _table(counts, (_("Type of entry"), _("Number")))
        titles = {"A": _("Interventions"), "S": series_title("S"), "C": series_title("C")}
        for series in "ASC":
            if not by_series[series]:
                continue
            box += dn.rubric("", titles[series])
            by_doc: dict[str, list[dict]] = {}
            for doc, entry in by_series[series]:
                by_doc.setdefault(doc, []).append(entry)
            for doc, entries in by_doc.items():
                heading = view_text(env.titles[doc]) if doc in env.titles else doc
                box += dn.paragraph("", "", dn.strong("", heading), classes=["ed-app-docname"])
                box += self.entries(domain, doc, entries)
        return box

    def entries(self, domain: ApparatusDomain, doc: str, entries: list[dict]) -> dn.Element:
        listing = dn.bullet_list(classes=["ed-app-list"])
        for entry in entries:
            item = dn.list_item(classes=["ed-app-item", f"ed-app-{entry['type']}"])
            p = dn.paragraph()
            p += pending_ref("apparatus", "entry", f"{doc}#{entry['label']}",
                             dn.Text(entry["label"]), classes=["ed-app-back"])
            p += app_where(docname=doc, label=entry["label"])
            p += dn.Text(f" {entry['summary']}")
            if entry["cites"]:
                sources = [(c["key"], c["locator"]) for c in entry["cites"]]
                sources_text = bibliography(self.env).sources_text(sources)
                p += dn.Text(" " + _("Source:") + " " + sources_text)
            item += p
            stored = domain.commentary(doc, entry["label"])
            if stored is not None:
                body = dn.container(classes=["ed-app-commentary"])
                body.extend(commentary_copy(stored, doc, self.env._builder_cls.format == "latex"))
                item += body
            listing += item
        return listing


class DropLatexListing(SphinxPostTransform):
    """LaTeX, ``apparatus_latex_listing = False``: no per-page listing (the PDF sets the
    entries at the foot of their page)."""

    default_priority = 20
    formats = ("latex",)

    def run(self, **kwargs: Any) -> None:
        if self.config.apparatus_latex_listing:
            return
        for section in list(self.document.findall(dn.section)):
            if "ed-apparatus" in section["ids"]:
                section.parent.remove(section)


def check_consistency(app: Sphinx, env: Any) -> None:
    domain: ApparatusDomain = env.get_domain("apparatus")  # type: ignore[assignment]
    first: dict[str, dict] = {}
    for decl in sorted(domain.witness_decls(), key=lambda d: (d["docname"], d["lineno"])):
        if decl["siglum"] in first and first[decl["siglum"]]["docname"] != decl["docname"]:
            other = first[decl["siglum"]]
            warn(logger, Warn.APP_DUPLICATE_WITNESS,
                 f"witness {decl['siglum']!r} is already declared in {other['docname']} "
                 f"(line {other['lineno']}): declare each witness once",
                 location=(decl["docname"], decl["lineno"]))
        first.setdefault(decl["siglum"], decl)
    for doc, entry in domain.all_entries():
        for siglum in entry["sigla"]:
            if siglum not in first:
                known = ", ".join(sorted(first)) or "none"
                warn(logger, Warn.APP_UNKNOWN_WITNESS,
                     f"apparatus entry «{entry['lemma']}» names the witness {siglum!r}, "
                     f"which is not declared (declared: {known}); add a witness directive",
                     location=(doc, entry["lineno"]))


def env_updated(app: Sphinx, env: Any) -> Iterable[str]:
    """The appendix shows every page's entries: rewrite it (it is never re-read) when they
    changed."""
    domain: ApparatusDomain = env.get_domain("apparatus")  # type: ignore[assignment]
    digest = domain.digest({doc: view_text(env.titles[doc]) for doc in domain.data["entries"]
                            if doc in env.titles})
    if digest == domain.data["written"]:
        return []
    domain.data["written"] = digest
    return [d for d in domain.data["appendix"] if d in env.found_docs]


def write_json(app: Sphinx, exception: Exception | None) -> None:
    """``apparatus.json`` beside the HTML: every entry, for reuse and for the tests."""
    if exception is not None or app.builder.format != "html":
        return
    env = app.env
    domain: ApparatusDomain = env.get_domain("apparatus")  # type: ignore[assignment]
    data = {
        "copy_text": app.config.apparatus_copy_text,
        "witnesses": {s: {"description": w["description"], "page": w["docname"]}
                      for s, w in domain.witnesses().items()},
        "entries": [
            {"page": doc, **{k: v for k, v in e.items() if k != "lineno"}}
            for doc, e in domain.all_entries(document_order(env))
        ],
    }
    Path(app.outdir, "apparatus.json").write_text(
        json.dumps(data, ensure_ascii=False), encoding="utf-8")


def default_copy_text(config: Any) -> str:
    """``apparatus_copy_text`` when ``conf.py`` does not set it: the first witness of
    ``edition_witness_files`` (empty when there is none: an entry then warns)."""
    return next(iter(getattr(config, "edition_witness_files", None) or {}), "")


def _skip(self: Any, node: Any) -> None:
    raise dn.SkipNode


def setup(app: Sphinx) -> dict[str, Any]:
    # a mark in a heading stays out of the tables of contents (the entry's readings go in)
    from sphinx.transforms import SphinxContentsFilter

    SphinxContentsFilter.visit_app_mark = _skip
    app.setup_extension("edition_common")
    app.setup_extension("citations")  # the sources are works of the edition's bibliography
    # the copy-text's siglum: by default the first witness of edition_witness_files
    app.add_config_value("apparatus_copy_text", default_copy_text, "env", types=[str])
    app.add_config_value("apparatus_latex_listing", True, "env", types=[bool])
    app.add_config_value("apparatus_note_max_length", 80, "env", types=[int])
    app.add_domain(ApparatusDomain)
    app.add_directive("app", AppDirective)
    app.add_directive("app-source", AppSourceDirective)
    app.add_directive("witness", WitnessDirective)
    app.add_directive("app-interventions", InterventionsDirective)
    app.add_transform(AnchorEntries)
    app.add_post_transform(Interventions)
    app.add_post_transform(DropLatexListing)
    writers.register(app)
    add_static_dir(app, __file__, css=["apparatus.css"], js=["apparatus.js"])
    add_latex_package(app, STY)
    app.connect("env-check-consistency", check_consistency)
    app.add_transform(RecordViewWords)  # the text pages' words, for the check
    app.connect("env-updated", check_fidelity)
    app.connect("env-updated", env_updated)
    app.connect("build-finished", write_json)
    return {"version": "1.0", "env_version": 2,
            "parallel_read_safe": True, "parallel_write_safe": True}
