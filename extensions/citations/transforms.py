"""Collecting citations after reading, the works-cited lists when a page is written.

* ``doctree-read`` (:func:`collect`): every :class:`~.nodes.cite_as` gets an anchor id
  (``cite-ref-N``), its place (page, section, paragraph, note or apparatus entry) is
  recorded in the ``edcite`` domain, and its popup (full reference and locator of each
  work, from the :class:`~.service.Bibliography`) is built; the citation is wrapped in a
  ``pending_xref`` to its work, which the domain resolves when the page is written.
* :class:`WorksCitedLists` (a post-transform, before Sphinx resolves references): each
  ``works-cited`` placeholder becomes its list, from the domain's data, with
  back-references (``pending_xref`` to each citing place); :class:`WorksCitedLabels` adds
  the LaTeX labels that the PDF's citations link to.
* ``env-updated`` (:func:`rewrite`): the works-cited page is rewritten — not re-read —
  when the citations it lists change; every citing page when the list moves to another page.
* ``env-check-consistency`` (:func:`check_uncited`): ``cite.uncited`` for a work in the
  bib file that nothing cites (unless its keywords mark it as consulted).
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging

from edition_common import (
    EDITORIAL,
    Division,
    Popup,
    Warn,
    _,
    add_tip_sources,
    enclosing,
    pending_ref,
    view_text,
    warn,
)
from edition_common.places import Places, group_label

from . import service, style
from .domain import CitationsDomain, Place, latex_label, work_text_id, works_anchor
from .nodes import cite_as, works_cited_list

logger = logging.getLogger(__name__)

#: keywords (in the bib entry's ``keywords``) that make a work "consulted": listed
#: under works consulted and exempt from ``cite.uncited``.
CONSULTED_KEYWORDS = {"consulted", "source-of-quotation", "apparatus", "copytext"}

BLOCKS = (nodes.paragraph, nodes.block_quote, nodes.bullet_list, nodes.enumerated_list,
          nodes.definition_list, nodes.line_block, nodes.literal_block, nodes.table,
          nodes.container, nodes.footnote, nodes.admonition)


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


def _division_of(node: nodes.Node) -> tuple[nodes.Element, str] | None:
    """The division of the text that holds *node* (an author's note, a reader comment: an
    :class:`edition_common.Division`, or a docutils footnote) and its name."""
    division = enclosing(node, (Division, nodes.footnote))
    if isinstance(division, Division):
        return division, division.division_label()
    if isinstance(division, nodes.footnote):
        labels = [c for c in division.children if isinstance(c, nodes.label)]
        name = labels[0].astext() if labels else ",".join(division.get("names", []))
        return division, f"note {name}"
    return None


def _block_in(division: nodes.Element, node: nodes.Node) -> str:
    """", ¶ 5" — the paragraph of *node* in a division of more than one block."""
    blocks = [c for c in division.children if _is_block(c)]
    if len(blocks) < 2:
        return ""
    child = node
    while child.parent is not None and child.parent is not division:
        child = child.parent
    return f", ¶ {_count_blocks(division, child)}"


def place_of(node: cite_as, doctree: nodes.document,
             places: Places | None = None) -> tuple[str, str, str, str]:
    """(page title, section title, block, passage id) of a citation node: the paragraph
    numbered as every index of the edition numbers it (:mod:`edition_common.places`)."""
    places = places or Places(doctree)
    title = next(doctree.findall(nodes.title), None)
    page = view_text(title, "critical") if title is not None else ""
    if node.get("place"):  # named by the construct that made the citation ("apparatus S2")
        return page, "", node["place"], ""
    place = places.place(node)
    passage = place["passage"]
    if place["note_key"]:  # lettered when the list is written (backrefs)
        return page, "", "", ""
    if place["editorial"]:  # the editors' matter of a page (its apparatus): named alone
        return page, "", place["section"], ""
    block = _("heading") if place["heading"] else f"¶ {place['para']}"
    found = _division_of(node)
    if found is not None:
        division, name = found
        # a note or a comment is named alone ("note 4", "comment 2, ¶ 5"): the notes are
        # gathered at the end of the page, outside the section of their marks
        if isinstance(division, Division):
            many = sum(1 for p in division.findall(nodes.paragraph) if p.get("passage_n")) > 1
            return page, "", name + (f", {block}" if many and place["para"] else ""), passage
        return page, "", name + _block_in(division, node), passage
    section = ""
    if place["titled"] and not place["top"]:
        section = place["section"]
    return page, section, block, passage


def collect(app: Sphinx, doctree: nodes.document) -> None:
    env = app.env
    domain = domain_of(env)
    bib = service.bibliography(env)
    places = Places(doctree)
    for node in list(doctree.findall(cite_as)):
        if enclosing(node, Popup) is not None:
            continue  # a copy in another construct's popup: the citation is its original
        targets = [(k, loc) for k, loc in node["targets"] if k in bib]
        anchor_id = f"cite-ref-{env.new_serialno('cite-ref')}"
        node["ids"].append(anchor_id)
        doctree.ids.setdefault(anchor_id, node)
        page, section, block, passage = place_of(node, doctree, places)
        note_key = places.place(node)["note_key"] if not block else ""
        domain.add_place(Place(
            id=anchor_id, docname=env.docname, line=node.line or 0, targets=targets,
            words="" if node.get("editorial") else view_text(node, "critical"),
            page=page, section=section, block=block, passage=passage, note_key=note_key,
        ))
        node["targets"] = targets
        if not targets:
            continue  # bad input was reported by the role; the words stay as they are
        # linked to its work (and given its popup) when the page is written
        xref = pending_ref("edcite", "work", targets[0][0], refdoc=env.docname)
        node.replace_self(xref)
        xref += node


# -- the works-cited lists -----------------------------------------------------------------------

def _page_label(config: Any, docname: str, title: str) -> str:
    return config.citations_page_labels.get(docname, title)


def _xref(typ: str, target: str, fromdoc: str, text: str) -> nodes.Element:
    return pending_ref("edcite", typ, target, nodes.Text(text), refdoc=fromdoc)


def backrefs(env: BuildEnvironment, fromdoc: str, places: list[Place], key: str) -> nodes.paragraph:
    """"Cited: Text — Section ¶ 1 (p. 10), ¶ 4 (pp. 10, 19); note 2; Comments — …"."""
    para = nodes.paragraph(classes=["ed-backrefs"])
    para += nodes.Text("Cited: ")
    by_page: dict[str, dict[str, list[Place]]] = {}
    for place in places:
        by_page.setdefault(place["docname"], {}).setdefault(place["section"], []).append(place)
    for i, (docname, sections) in enumerate(by_page.items()):
        if i:
            para += nodes.Text("; ")
        first = next(iter(sections.values()))[0]
        para += nodes.emphasis("", _page_label(env.config, docname, first["page"]))
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
                block = place["block"] or group_label({"note_key": place.get("note_key")}, env)
                text = block + (f" ({'; '.join(locators)})" if locators else "")
                para += _xref("place", f"{docname}#{place['id']}", fromdoc, text)
    return para


def works_list(env: BuildEnvironment, node: works_cited_list, fromdoc: str) -> nodes.Element:
    domain = domain_of(env)
    bib = service.bibliography(env)
    order = domain.doc_order()
    cited = domain.cited_keys()
    kind = node["kind"]
    keys = bib.order
    if kind == "cited":
        keys = [k for k in keys if k in cited]
    elif kind == "consulted":
        keys = [k for k in keys if k not in cited]
    else:
        keys = [k for k in keys if bib.entries[k].fields.get("discrepancy")]
    container = nodes.container(classes=["ed-works-cited", f"ed-works-{kind}"])
    for key in keys:
        if kind == "differences":
            para = nodes.paragraph(classes=["ed-difference"])
            para += _xref("work", key, fromdoc, bib.label(key))
            para += nodes.Text(": ")
            para.extend(style.latex(bib.entries[key].fields["discrepancy"]).render(service.DOCUTILS))
            container += para
            continue
        item = nodes.container(ids=[works_anchor(key)], classes=["ed-ref"], bibkey=key)
        ref = nodes.paragraph(classes=["ed-reference"])
        ref.extend(bib.reference_nodes(key))
        item += ref
        if kind == "cited":
            item += backrefs(env, fromdoc, domain.places_of(key, order), key)
        container += item
    if not keys:
        container += nodes.paragraph(classes=["ed-works-empty"], text="(none)")
    return container


class WorksCitedLists(SphinxPostTransform):
    """The ``works-cited`` placeholders become their lists, from the domain's data, before
    Sphinx resolves the lists' references (priority 10)."""

    default_priority = 5

    def run(self, **kwargs: Any) -> None:
        docname = self.env.current_document.docname
        for node in list(self.document.findall(works_cited_list)):
            node.replace_self(works_list(self.env, node, docname))


class WorksOfThePage(SphinxPostTransform):
    """HTML: the reference of every work that a citation of the page names alone, once, in
    the page's hidden popup texts; the citations' popups show it after their short form
    ("Smith 1990, p. 10:"), and ``aria-describedby`` names it (:func:`.domain.popup`)."""

    default_priority = 20  # after the references (the citations) are resolved
    formats = ("html",)

    def run(self, **kwargs: Any) -> None:
        bib = service.bibliography(self.env)
        add_tip_sources(self.document, "ed_work", lambda key: nodes.inline(
            "", "", *bib.reference_nodes(key), ids=[work_text_id(key)]))


class WorksCitedLabels(SphinxPostTransform):
    """The PDF's citations link to ``\\label{edcite:KEY}`` at each work's entry."""

    default_priority = 6
    formats = ("latex",)

    def run(self, **kwargs: Any) -> None:
        for item in self.document.findall(nodes.container):
            if "ed-ref" in item["classes"] and item.get("bibkey") and len(item):
                item[0].insert(0, nodes.raw(
                    "", rf"\phantomsection\label{{{latex_label(item['bibkey'])}}}", format="latex"))


# -- rewriting -------------------------------------------------------------------------------

def _digest(domain: CitationsDomain) -> str:
    """What the works-cited lists show beyond the bibliography (whose changes re-read the
    page): the citing places, in reading order."""
    places = domain.places
    return domain.digest_of("places", [doc for doc in domain.doc_order() if doc in places],
                            places.__getitem__)


def rewrite(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Pages to rewrite without re-reading them: the works-cited page(s) when the places
    they list changed; every citing page when the works-cited list moved."""
    domain = domain_of(env)
    digest = _digest(domain)
    printed = _printed_digest(env)
    wc_doc = domain.works_cited_doc()
    pages: list[str] = []
    if digest != domain.data.get("written"):
        pages += sorted(domain.works_cited)
    if wc_doc != domain.data.get("written_to", wc_doc):
        pages += sorted(d for d, places in domain.places.items() if places)
    if printed != domain.data.get("printed", printed):
        # a work's label or reference changed: every page may show it, also in the copies
        # of notes and entries that listings make when they are written (popups, listings)
        pages += sorted(env.found_docs)
    domain.data["written"], domain.data["written_to"] = digest, wc_doc
    domain.data["printed"] = printed
    return sorted(set(pages) & set(env.found_docs))


def _printed_digest(env: BuildEnvironment) -> str:
    """What the edition prints of its works: each work's label and reference."""
    bib = service.bibliography(env)
    data = [[key, bib.label(key), bib.reference_text(key)] for key in sorted(bib.keys())]
    return hashlib.sha256(json.dumps(data, ensure_ascii=False).encode()).hexdigest()


# -- checks ------------------------------------------------------------------------------------

def is_consulted(entry: Any) -> bool:
    words = {w.strip().lower() for w in entry.fields.get("keywords", "").split(",")}
    return bool(words & CONSULTED_KEYWORDS)


def check_uncited(app: Sphinx, env: BuildEnvironment) -> None:
    domain = domain_of(env)
    bib = service.bibliography(env)
    cited = domain.cited_keys()
    for key, entry in bib.entries.items():
        if key in cited or is_consulted(entry):
            continue
        warn(logger, Warn.CITE_UNCITED,
             f"work {key!r} is in the bibliography but the edition never cites it: mark the "
             "citation with {cite-as}, or add 'consulted' to its keywords to list it under "
             "works consulted", location=bib.location(key))
