"""The ``edcite`` domain: every citation of every document, and the links to and from them.

Data, per document (collected at read time, so it survives incremental and parallel
builds: ``clear_doc`` forgets a re-read document, ``merge_domaindata`` brings in what
parallel readers found):

* ``places``: every citation (:class:`~.nodes.cite_as`) — its anchor id, keys and
  locators, the author's words, the source line, and its place (page, section, paragraph,
  note or apparatus entry);
* ``works_cited``: which documents hold a works-cited list, and which kinds.

Cross-references (``pending_xref`` nodes with ``refdomain="edcite"``, resolved by
:meth:`CitationsDomain.resolve_xref`, which receives the builder):

* ``work`` (target: a bib key) — a citation to its entry on the works-cited page; the
  link of a citation's popup, or a label in the list of differences;
* ``place`` (target: ``docname#id``) — a back-reference from the works-cited page to a
  citing place.

A reference that cannot be resolved (an edition without a works-cited list) keeps its text
and its popup, unlinked (:func:`missing_reference`).  The bibliography itself — entries,
labels, references — is the domain's :attr:`CitationsDomain.bibliography`
(:mod:`.service`), made once per build.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar, TypedDict

from docutils import nodes
from sphinx import addnodes
from sphinx.util.nodes import make_refnode

from edition_common import EditionDomain, make_tooltip, reading_order

from . import service
from .nodes import cite_as

if TYPE_CHECKING:
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment

    from .service import Bibliography


class Place(TypedDict):
    id: str          # anchor id in the document ("cite-ref-3")
    docname: str
    line: int
    targets: list[tuple[str, str]]  # (key, normalised locator or "")
    words: str       # the author's words ("" for an editorial citation)
    page: str        # the page's title
    section: str     # the section's title ("" before the first section)
    block: str       # "¶ 3", "note 4", "comment 2, ¶ 5", "apparatus S2"
    passage: str     # the passage id of its paragraph (edition_common.passages), or ""
    note_key: str    # the editorial note it stands in (named by its letter), or ""


def works_anchor(key: str) -> str:
    """The id of a work's entry on the works-cited page."""
    return f"cite-{key}"


def latex_label(key: str) -> str:
    """The LaTeX label of a work's entry on the works-cited page."""
    return f"edcite:{key}"


def work_text_id(key: str) -> str:
    """The id of a work's reference in a page's hidden popup texts (HTML)."""
    return f"ed-cite-work-{key}"


def popup(bib: Bibliography, cite: cite_as, uri: str | None) -> nodes.Element:
    """HTML: the citation's words as a link to the works cited (*uri*, or none) that shows,
    on hover and keyboard focus, the short form and the full reference of each work.  One
    work: the reference is given once on the page (:class:`.transforms.WorksOfThePage`) and
    the popup made from it by the page's script; several: the popup is written here."""
    targets = cite["targets"]
    anchor = list(cite.children)
    if len(targets) == 1:
        key = targets[0][0]
        tip = make_tooltip(None, anchor, described_by=work_text_id(key),
                           lead=bib.short(targets[0]) + ":", refuri=uri,
                           anchor_classes=["ed-cite-link"])
        tip["ed_work"] = key
        return tip
    body: list[nodes.Node] = []
    for i, target in enumerate(targets):
        if i:
            body.append(nodes.Text(" — "))
        body += [nodes.strong("", bib.short(target)), nodes.Text(": "),
                 *bib.reference_nodes(target[0])]
    return make_tooltip(None, anchor, body, refuri=uri,
                        anchor_classes=["ed-cite-link"])


def with_popup(cite: cite_as, bib: Bibliography, uri: str | None) -> None:
    """Put the citation's words into its :func:`popup` (docutils sets the parents)."""
    tip = popup(bib, cite, uri)
    cite.clear()
    cite += tip


class CitationsDomain(EditionDomain):
    name = "edcite"
    label = "Edition citations"
    data_version = 3
    per_doc = ("places", "works_cited")
    initial_data: ClassVar[dict[str, Any]] = {
        "places": {},       # docname → list[Place] in document order
        "works_cited": {},  # docname → list of the works-cited list kinds on that page
    }
    #: the bibliography of this build (set at builder-inited by :mod:`.service`)
    bibliography: Bibliography | None = None

    @property
    def places(self) -> dict[str, list[Place]]:
        return self.data["places"]

    @property
    def works_cited(self) -> dict[str, list[str]]:
        return self.data["works_cited"]

    def add_place(self, place: Place) -> None:
        self.places.setdefault(place["docname"], []).append(place)

    def cited_keys(self) -> set[str]:
        return {key for places in self.places.values() for p in places for key, _ in p["targets"]}

    def doc_order(self) -> list[str]:
        return reading_order(self.env)

    def places_of(self, key: str, doc_order: list[str] | None = None) -> list[Place]:
        """The places that cite *key*: the pages in reading order, each page's places in
        document order (the text, then its notes, then its apparatus)."""
        order = {d: i for i, d in enumerate(doc_order or self.doc_order())}
        docs = sorted(self.places, key=lambda d: (order.get(d, len(order)), d))
        return [p for doc in docs for p in self.places[doc]
                if any(k == key for k, _ in p["targets"])]

    def place(self, docname: str, anchor: str) -> Place | None:
        return next((p for p in self.places.get(docname, []) if p["id"] == anchor), None)

    def works_cited_doc(self, doc_order: list[str] | None = None) -> str | None:
        """The page with the works-cited list (the first, in reading order)."""
        docs = [d for d, kinds in self.works_cited.items() if "cited" in kinds]
        order = {d: i for i, d in enumerate(doc_order or self.doc_order())}
        return min(docs, key=lambda d: (order.get(d, len(order)), d)) if docs else None

    # -- cross-references (EditionDomain.resolve_xref calls resolve_<type>) ------------------

    def resolve_work(self, env: BuildEnvironment, fromdocname: str, builder: Builder,
                     typ: str, key: str, node: addnodes.pending_xref,
                     contnode: nodes.Element) -> nodes.Element | None:
        """A citation (or a label) to its work's entry on the works-cited page."""
        wc_doc = self.works_cited_doc()
        if wc_doc is None or (self.bibliography is not None and key not in self.bibliography):
            return None
        if isinstance(contnode, cite_as):
            if builder.format == "latex":
                contnode["latex_target"] = latex_label(key)
            elif builder.format == "html":
                uri = builder.get_relative_uri(fromdocname, wc_doc)
                with_popup(contnode, service.bibliography(env), f"{uri}#{works_anchor(key)}")
            return contnode
        if builder.format == "latex":
            return contnode
        return make_refnode(builder, fromdocname, wc_doc, works_anchor(key), contnode)

    def resolve_place(self, env: BuildEnvironment, fromdocname: str, builder: Builder,
                      typ: str, target: str, node: addnodes.pending_xref,
                      contnode: nodes.Element) -> nodes.Element | None:
        """A back-reference from the works-cited page to a citing place (``docname#id``)."""
        docname, _, anchor = target.rpartition("#")
        place = self.place(docname, anchor)
        if place is None:
            return None
        if builder.format == "latex":
            # the copy-text is reledmac's numbered text in the PDF: no anchors at its
            # citations; the back-reference names the place in words
            return contnode
        # the back-reference names a paragraph ("¶ 4"): it links to that passage
        return make_refnode(builder, fromdocname, docname, place.get("passage") or anchor,
                            contnode, title=place["words"] or None)


def missing_reference(app: Any, env: BuildEnvironment, node: addnodes.pending_xref,
                      contnode: nodes.Element) -> nodes.Element | None:
    """An ``edcite`` reference with no target (no works-cited list in the edition) keeps
    its text and, in HTML, its popup, unlinked; Sphinx's own warning would say nothing an
    editor can act on."""
    if node.get("refdomain") != "edcite":
        return None
    if isinstance(contnode, cite_as) and app.builder.format == "html":
        with_popup(contnode, service.bibliography(env), None)
    return contnode
