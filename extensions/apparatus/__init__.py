"""The critical apparatus of the edition: witnesses, apparatus entries (apparatus criticus),
sources of quotations (apparatus fontium), the diplomatic/critical reading views, per-page
listings and the appendix of all editorial interventions.

Markup (MyST; the same directives work in reStructuredText):

* ```` ```{witness} R ```` — a witness, declared once, with its description;
* ```` ```{app} LEMMA ```` — after the paragraph that contains LEMMA (the copy-text's exact
  words): an entry with ``:type:`` (emendation, sic, normalisation, lacuna, variant, fact),
  its reading (``:corr:``, ``:reg:``, ``:supplied:``, ``:correct:``, ``:rdg: text @SIGLUM |
  …``; none for ``commentary``), ``:resp:``, ``:wit:``, ``:adopt:``, ``:occurrence:``,
  ``:cite:`` (the evidence), ``:note:`` (the terse note of the apparatus) and the textual
  commentary as body;
* ```` ```{app-source} [LEMMA] ```` — after a quotation: ``:cite: key, locator; …``,
  ``:to:``, ``:occurrence:``, ``:note:`` and the commentary as body;
* ```` ```{app-interventions} ```` — the generated list of all entries with counts by type.

Configuration: ``apparatus_copy_text`` (the copy-text's siglum, default ``"R"``),
``apparatus_latex_listing`` (print the per-page listing in LaTeX, default True),
``apparatus_note_max_length`` (the longest ``:note:``, default 80 characters).

Warnings: ``app.no_lemma``, ``app.no_copy_text_reading``, ``app.no_readings``,
``app.unknown_type``, ``app.bad_option``, ``app.no_witness``, ``app.unknown_witness``,
``app.duplicate_witness``, ``app.copy_text_mismatch``, ``app.lemma_not_found``,
``app.overlap``, ``app.nested``, ``app.span``, ``app.no_block``, ``app.no_source``,
``app.unknown_source``, ``app.no_commentary``, ``app.long_note``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from docutils import nodes as dn  # (``nodes`` is this package's nodes module)
from sphinx.application import Sphinx
from sphinx.util import logging

from edition_common import EDITORIAL, add_static_dir, reading_order, tooltip, warn

from . import writers
from citations.service import bibliography
from .directives import AppDirective, AppSourceDirective, InterventionsDirective, WitnessDirective
from .domain import ApparatusDomain
from .model import TYPE_LABELS, TYPES
from .nodes import app_interventions, app_siglum
from .transforms import AnchorEntries

logger = logging.getLogger(__name__)


def add_latex_preamble(app: Sphinx, config: Any) -> None:
    elements = config.latex_elements
    if writers.LATEX_PREAMBLE not in elements.get("preamble", ""):
        elements["preamble"] = elements.get("preamble", "") + writers.LATEX_PREAMBLE


def document_order(env: Any) -> list[str]:
    """Documents in the order of the toctrees from the root document."""
    return reading_order(env, env.found_docs)


def resolve(app: Sphinx, doctree: dn.document, docname: str) -> None:
    """Link sigla to their witnesses; fill in the appendix; drop the LaTeX listing if asked."""
    domain = app.env.get_domain("apparatus")
    witnesses = domain.witnesses()
    for node in list(doctree.findall(app_siglum)):
        decl = witnesses.get(node["siglum"])
        if decl is not None and app.builder.format in ("html", "latex"):
            uri = app.builder.get_relative_uri(docname, decl["docname"]) + "#" + decl["id"]
            ref = dn.reference("", "", dn.Text(node["siglum"]), refuri=uri,
                                  classes=["ed-app-siglum"], reftitle=decl["description"][:300])
            node.replace_self(ref)
    for node in list(doctree.findall(app_interventions)):
        node.replace_self(interventions(app, docname))
    if app.builder.format == "latex" and not app.config.apparatus_latex_listing:
        for section in list(doctree.findall(dn.section)):
            if "ed-apparatus" in section["ids"]:
                section.parent.remove(section)


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


def commentary_copy(node: dn.Element, prefix: str) -> list[dn.Node]:
    """The paragraphs of a stored commentary for another page: ids dropped (the text's own
    page holds them), popups renumbered within this page (``prefix``-N)."""
    out = []
    for n, child in enumerate(node.children):
        clone = child.deepcopy()
        for k, el in enumerate(clone.findall(dn.Element)):
            el["ids"] = []
            if isinstance(el, tooltip):
                el["tip_id"] = f"{prefix}-{n}-{k}"
        out.append(clone)
    return out


def interventions(app: Sphinx, docname: str) -> dn.Element:
    """The appendix: every entry in reading order with its place, its summary, its sources
    and its textual commentary (which the PDF prints here only, keyed by page and line)."""
    env = app.env
    domain = env.get_domain("apparatus")
    all_entries = domain.all_entries(document_order(env))
    box = dn.container(classes=[EDITORIAL, "ed-app-interventions"])
    by_series = {s: [(d, e) for d, e in all_entries if e["series"] == s] for s in "ASC"}
    counts = [(TYPE_LABELS[t], str(sum(e["type"] == t for _, e in by_series["A"])))
              for t in TYPES if t != "commentary"]
    counts.append(("all interventions", str(len(by_series["A"]))))
    counts.append(("sources of quotations (separate series)", str(len(by_series["S"]))))
    counts.append(("textual commentary only (separate series)", str(len(by_series["C"]))))
    box += _table(counts, ("Type of entry", "Number"))
    titles = (("Interventions", "A"), ("Sources of quotations", "S"), ("Textual commentary", "C"))
    for title, series in titles:
        if not by_series[series]:
            continue
        box += dn.rubric("", title)
        by_doc: dict[str, list[dict]] = {}
        for doc, entry in by_series[series]:
            by_doc.setdefault(doc, []).append(entry)
        for doc, entries in by_doc.items():
            heading = env.titles[doc].astext() if doc in env.titles else doc
            para = dn.paragraph(classes=["ed-app-docname"])
            para += dn.strong("", heading)
            box += para
            listing = dn.bullet_list(classes=["ed-app-list"])
            for entry in entries:
                uri = app.builder.get_relative_uri(docname, doc) + "#" + entry["mark_id"]
                item = dn.list_item(classes=["ed-app-item", f"ed-app-{entry['type']}"])
                p = dn.paragraph()
                p += dn.reference("", "", dn.Text(entry["label"]), refuri=uri,
                                  classes=["ed-app-back"])
                p += dn.Text(f" {entry['summary']}")
                if entry["cites"]:
                    sources = [(c["key"], c["locator"]) for c in entry["cites"]]
                    p += dn.Text(" Source: " + bibliography(env).sources_text(sources))
                item += p
                stored = domain.commentary(doc, entry["label"])
                if stored is not None:
                    body = dn.container(classes=["ed-app-commentary"])
                    body.extend(commentary_copy(stored, f"ed-tip-{doc}-{entry['label']}"))
                    item += body
                listing += item
            box += listing
    return box


def check_consistency(app: Sphinx, env: Any) -> None:
    domain = env.get_domain("apparatus")
    first: dict[str, dict] = {}
    for decl in sorted(domain.witness_decls, key=lambda d: (d["docname"], d["lineno"])):
        if decl["siglum"] in first and first[decl["siglum"]]["docname"] != decl["docname"]:
            other = first[decl["siglum"]]
            warn(logger, f"witness {decl['siglum']!r} is already declared in {other['docname']} "
                         f"(line {other['lineno']}): declare each witness once",
                 type="app", subtype="duplicate_witness", location=(decl["docname"], decl["lineno"]))
        first.setdefault(decl["siglum"], decl)
    for doc, entry in domain.all_entries():
        for siglum in entry["sigla"]:
            if siglum not in first:
                known = ", ".join(sorted(first)) or "none"
                warn(logger, f"apparatus entry «{entry['lemma']}» names the witness {siglum!r}, "
                             f"which is not declared (declared: {known}); add a witness directive",
                     type="app", subtype="unknown_witness", location=(doc, entry["lineno"]))


def outdated(app: Sphinx, env: Any, added: set[str], changed: set[str], removed: set[str]) -> list[str]:
    """The appendix lists every page's entries: re-read it whenever a page changes."""
    if not (added or changed or removed):
        return []
    domain = env.get_domain("apparatus")
    return [d for d in domain.data["appendix"] if d not in changed and d not in removed]


def write_json(app: Sphinx, exception: Exception | None) -> None:
    """``apparatus.json`` beside the HTML: every entry, for reuse and for the tests."""
    if exception is not None or app.builder.format != "html":
        return
    env = app.env
    domain = env.get_domain("apparatus")
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
        json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")


def _skip(self: Any, node: Any) -> None:
    raise dn.SkipNode


def setup(app: Sphinx) -> dict[str, Any]:
    # a mark in a heading stays out of the tables of contents (the entry's readings go in)
    from sphinx.transforms import SphinxContentsFilter

    SphinxContentsFilter.visit_app_mark = _skip
    app.setup_extension("edition_common")
    app.setup_extension("citations")  # the sources are works of the edition's bibliography
    app.add_config_value("apparatus_copy_text", "R", "env", types=[str])
    app.add_config_value("apparatus_latex_listing", True, "env", types=[bool])
    app.add_config_value("apparatus_note_max_length", 80, "env", types=[int])
    app.add_domain(ApparatusDomain)
    app.add_directive("app", AppDirective)
    app.add_directive("app-source", AppSourceDirective)
    app.add_directive("witness", WitnessDirective)
    app.add_directive("app-interventions", InterventionsDirective)
    app.add_transform(AnchorEntries)
    writers.register(app)
    add_static_dir(app, __file__, css=["apparatus.css"], js=["apparatus.js"])
    app.connect("config-inited", add_latex_preamble)
    # before the other extensions' handlers, which resolve the terms and citations in the
    # commentaries copied into the appendix
    app.connect("doctree-resolved", resolve, priority=400)
    app.connect("env-check-consistency", check_consistency)
    app.connect("env-get-outdated", outdated)
    app.connect("build-finished", write_json)
    return {"version": "1.0", "env_version": 1,
            "parallel_read_safe": True, "parallel_write_safe": True}
