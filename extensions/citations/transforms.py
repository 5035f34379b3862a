"""Collecting citations after reading, and resolving them when a page is written.

* ``doctree-read`` (:func:`collect`): every :class:`~.nodes.cite_as` gets an anchor id
  (``cite-ref-N``), its place (page, section, paragraph or note) is recorded in the
  ``edcite`` domain, and its hover text (full reference + locator of each work) is built
  as an :func:`edition_common.make_tooltip`.
* ``doctree-resolved`` (:func:`resolve`): the tooltips get their link to the works-cited
  entry (a cross-document URI, known only now), and ``works-cited`` placeholders become
  the lists, with back-references to every citing place in every document.
* ``env-get-outdated`` (:func:`outdated`): when any page changes, the works-cited page is
  rebuilt too, so its back-references are never stale.
* ``env-check-consistency`` (:func:`check_uncited`): ``cite.uncited`` for a work in the
  bib file that nothing cites (unless its keywords mark it as consulted).
"""

from __future__ import annotations

from typing import Any, Iterable

import pybtex_docutils
from docutils import nodes
from pybtex.database import Entry
from pybtex.style import FormattedEntry
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging
from sphinx.util.nodes import make_refnode
from sphinxcontrib.bibtex.domain import get_docnames

from edition_common import EDITORIAL, make_tooltip, reading_text, tooltip, warn

from . import style
from .domain import CitationsDomain, Place
from .nodes import cite_as, works_cited_list

logger = logging.getLogger(__name__)
BACKEND = pybtex_docutils.Backend()

#: keywords (in the bib entry's ``keywords``) that make a work "consulted": listed
#: under works consulted and exempt from ``cite.uncited``.
CONSULTED_KEYWORDS = {"consulted", "source-of-quotation", "apparatus", "copytext"}

BLOCKS = (nodes.paragraph, nodes.block_quote, nodes.bullet_list, nodes.enumerated_list,
          nodes.definition_list, nodes.line_block, nodes.literal_block, nodes.table,
          nodes.container, nodes.footnote, nodes.admonition)

#: the parsed bib data last formatted, with its entries and formatted references
_cache: list[Any] = [None, None]


def bib(env: BuildEnvironment) -> tuple[dict[str, Entry], dict[str, FormattedEntry]]:
    """Entries and their formatted references, formatted once per parsed bib data.

    The cache holds the data object itself and compares with ``is``: keyed by ``id()``, a
    re-parsed .bib (livehtml) could get the freed object's id and the old references."""
    data = env.get_domain("cite").bibdata.data
    if _cache[0] is not data:
        entries = dict(data.entries)
        _cache[:] = [data, (entries, style.formatted(entries.values()))]
    return _cache[1]


def domain_of(env: BuildEnvironment) -> CitationsDomain:
    domain = env.get_domain("edcite")
    assert isinstance(domain, CitationsDomain)
    return domain


# -- places -------------------------------------------------------------------------------

def _is_block(node: nodes.Node) -> bool:
    return isinstance(node, BLOCKS) and EDITORIAL not in node.get("classes", [])


def _count_blocks(container: nodes.Element, child: nodes.Node) -> int:
    count = 0
    for sibling in container.children:
        if _is_block(sibling):
            count += 1
        if sibling is child:
            break
    return count


def _note_or_comment(node: nodes.Node) -> str | None:
    """"note 4" inside an author's note, "comment 2, ¶ 5" inside a reader comment
    (the notes extension's ``author_note`` / ``reader_comment`` nodes, or a footnote)."""
    child = node
    for ancestor in _ancestors(node):
        kind = type(ancestor).__name__
        if kind == "author_note":
            return f"note {ancestor.get('number')}"
        if kind == "reader_comment":
            return f"comment {ancestor.get('number')}, ¶ {_count_blocks(ancestor, child)}"
        if isinstance(ancestor, nodes.footnote):
            labels = [c for c in ancestor.children if isinstance(c, nodes.label)]
            return "note " + (labels[0].astext() if labels else ",".join(ancestor.get("names", [])))
        child = ancestor
    return None


def _ancestors(node: nodes.Node) -> Iterable[nodes.Element]:
    parent = node.parent
    while parent is not None:
        yield parent
        parent = parent.parent


def place_of(node: cite_as, doctree: nodes.document) -> tuple[str, str, str]:
    """(page title, section title, block) of a citation node."""
    titles = list(doctree.findall(nodes.title))
    page = reading_text(titles[0]) if titles else ""
    child: nodes.Node = node
    while child.parent is not None and not isinstance(child.parent, (nodes.section, nodes.document)):
        child = child.parent
    container = child.parent
    section = ""
    if isinstance(container, nodes.section) and container.parent is not None \
            and not isinstance(container.parent, nodes.document):
        section = reading_text(container[0]) if isinstance(container[0], nodes.title) else ""
    inner = _note_or_comment(node)
    if inner:
        return page, ("" if inner.startswith("note") else section), inner
    return page, section, f"¶ {_count_blocks(container, child) if container is not None else 0}"


# -- hover text ----------------------------------------------------------------------------

def short_citation(label: str, locator: str) -> str:
    return f"{label}, {locator}" if locator else label


def tooltip_body(targets: list[tuple[str, str]], fmt: dict[str, FormattedEntry]) -> list[nodes.Node]:
    body: list[nodes.Node] = []
    for i, (key, locator) in enumerate(targets):
        if i:
            body.append(nodes.Text(" — "))
        formatted = fmt[key]
        body.append(nodes.strong("", short_citation(formatted.label, locator)))
        body.append(nodes.Text(": "))
        body.extend(formatted.text.render(BACKEND))
    return body


def collect(app: Sphinx, doctree: nodes.document) -> None:
    env = app.env
    domain = domain_of(env)
    entries, fmt = bib(env)
    for node in list(doctree.findall(cite_as)):
        targets = [(k, loc) for k, loc in node["targets"] if k in fmt]
        anchor_id = f"cite-ref-{env.new_serialno('cite-ref')}"
        node["ids"].append(anchor_id)
        doctree.ids.setdefault(anchor_id, node)
        page, section, block = place_of(node, doctree)
        words = node.astext()
        domain.add_place(Place(
            id=anchor_id, docname=env.docname, line=node.line or 0, targets=targets,
            words=words, page=page, section=section, block=block,
        ))
        if node.get("editorial"):
            text = "; ".join(short_citation(fmt[k].label, loc) for k, loc in targets)
            anchor: list[nodes.Node] = [nodes.Text(f"({text})" if text else "")]
        else:
            anchor = list(node.children)
        if not targets:
            continue  # bad input was reported by the role; the words stay as they are
        node.children = []
        node += make_tooltip(doctree, anchor, tooltip_body(targets, fmt),
                             anchor_classes=["ed-cite-link"])


# -- resolving -----------------------------------------------------------------------------

def _page_label(app: Sphinx, docname: str, title: str) -> str:
    return app.config.citations_page_labels.get(docname, title)


def backrefs(app: Sphinx, fromdoc: str, places: list[Place], key: str) -> nodes.paragraph:
    """"Cited: Essay — Section ¶ 1 (p. 10), ¶ 4 (pp. 10, 19); note 2; Responses — …"."""
    para = nodes.paragraph(classes=["ed-backrefs"])
    para += nodes.Text("Cited: ")
    by_page: dict[str, dict[str, list[Place]]] = {}
    for place in places:
        by_page.setdefault(place["docname"], {}).setdefault(place["section"], []).append(place)
    for i, (docname, sections) in enumerate(by_page.items()):
        if i:
            para += nodes.Text("; ")
        first = next(iter(sections.values()))[0]
        para += nodes.emphasis("", _page_label(app, docname, first["page"]))
        para += nodes.Text(" — ")
        for j, (section, group) in enumerate(sections.items()):
            if j:
                para += nodes.Text("; ")
            if section:
                para += nodes.Text(section + " ")
            for k, place in enumerate(group):
                if k:
                    para += nodes.Text(", ")
                locators = [loc for t, loc in place["targets"] if t == key and loc]
                text = place["block"] + (f" ({'; '.join(locators)})" if locators else "")
                if app.builder.format == "latex":  # no anchors at citations in the PDF
                    para += nodes.Text(text)
                else:
                    para += make_refnode(app.builder, fromdoc, docname, place["id"],
                                         nodes.Text(text), title=place["words"] or None)
    return para


def works_list(app: Sphinx, node: works_cited_list, fromdoc: str) -> nodes.Element:
    env = app.env
    domain = domain_of(env)
    entries, fmt = bib(env)
    order = list(get_docnames(env))
    cited = domain.cited_keys()
    kind = node["kind"]
    keys = [e.key for e in style.EditionStyle().sort(entries.values())]
    if kind == "cited":
        keys = [k for k in keys if k in cited]
    elif kind == "consulted":
        keys = [k for k in keys if k not in cited]
    else:
        keys = [k for k in keys if entries[k].fields.get("discrepancy")]
    container = nodes.container(classes=["ed-works-cited", f"ed-works-{kind}"])
    wc_doc = domain.works_cited_doc(order)
    for key in keys:
        if kind == "differences":
            para = nodes.paragraph(classes=["ed-difference"])
            label = nodes.Text(fmt[key].label)
            if wc_doc and app.builder.format != "latex":
                para += make_refnode(app.builder, fromdoc, wc_doc, f"cite-{key}", label)
            else:
                para += label
            para += nodes.Text(": ")
            para.extend(style.latex(entries[key].fields["discrepancy"]).render(BACKEND))
            container += para
            continue
        item = nodes.container(ids=[f"cite-{key}"], classes=["ed-ref"])
        ref = nodes.paragraph(classes=["ed-reference"])
        if app.builder.format == "latex" and kind != "differences":
            ref += nodes.raw("", rf"\phantomsection\label{{edcite:{key}}}", format="latex")
        ref.extend(fmt[key].text.render(BACKEND))
        item += ref
        if kind == "cited":
            item += backrefs(app, fromdoc, domain.places_of(key, order), key)
        container += item
    if not keys:
        container += nodes.paragraph(classes=["ed-works-empty"], text="(none)")
    return container


def resolve(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    env = app.env
    domain = domain_of(env)
    order = list(get_docnames(env))
    wc_doc = domain.works_cited_doc(order)
    if app.builder.format == "latex" and wc_doc:
        for node in doctree.findall(cite_as):
            if node["targets"]:
                node["latex_target"] = node["targets"][0][0]
    if app.builder.format == "html" and wc_doc:
        for node in doctree.findall(cite_as):
            if node["targets"] and node.children and isinstance(node[0], tooltip):
                uri = app.builder.get_relative_uri(docname, wc_doc)
                node[0]["refuri"] = f"{uri}#cite-{node['targets'][0][0]}"
    for node in list(doctree.findall(works_cited_list)):
        node.replace_self(works_list(app, node, docname))


def outdated(app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str],
             removed: set[str]) -> list[str]:
    """Rebuild the works-cited page(s) whenever any page is added, changed or removed."""
    if not (added or changed or removed):
        return []
    return [d for d in domain_of(env).works_cited if d not in removed and d not in changed]


def is_consulted(entry: Entry) -> bool:
    words = {w.strip().lower() for w in entry.fields.get("keywords", "").split(",")}
    return bool(words & CONSULTED_KEYWORDS)


def check_uncited(app: Sphinx, env: BuildEnvironment) -> None:
    domain = domain_of(env)
    entries, _ = bib(env)
    cited = domain.cited_keys()
    lines: dict[str, Any] = env.get_domain("edcite").data.get("bib_lines", {})
    for key, entry in entries.items():
        if key in cited or is_consulted(entry):
            continue
        path, line = lines.get(key, ("bibliography.bib", 0))
        warn(logger, f"work {key!r} is in the bibliography but the edition never cites it: "
             "mark the citation with {cite-as}, or add 'consulted' to its keywords to list it "
             "under works consulted", type="cite", subtype="uncited", location=f"{path}:{line}")
