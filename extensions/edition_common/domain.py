"""The base class of the toolkit's domains: data kept per document, references resolved.

Every package keeps what a page contributes to the edition-wide apparatus, notes,
glossary or bibliography in a Sphinx domain, so that an incremental build forgets exactly
what a re-read page said (:meth:`~EditionDomain.clear_doc`) and a parallel read merges
exactly what each reader found (:meth:`~EditionDomain.merge_domaindata`).  The data are
``self.data[key][docname]`` for every key named in :attr:`~EditionDomain.per_doc`; a
subclass declares those keys and writes nothing of the protocol itself::

    class NotesDomain(EditionDomain):
        name = "notes"
        per_doc = ("ednotes", "comments")

Cross-references are ``pending_xref`` nodes with ``refdomain`` set to the domain's name;
:meth:`~EditionDomain.resolve_xref` (Sphinx calls it with the builder when a page is
written) hands a reference of type ``reftype`` to the method ``resolve_<reftype>``
(hyphens read as underscores) with the same arguments, so each package writes one method
per kind of reference.
"""

from __future__ import annotations

import hashlib
import json
import pickle
from collections.abc import Callable, Iterable, Iterator, Set
from typing import Any, ClassVar

from docutils import nodes
from sphinx import addnodes
from sphinx.domains import Domain

from .text import EDITORIAL

#: the data key of the digests of each page's contributions (:meth:`EditionDomain.doc_digest`)
DIGESTS = "doc_digests"


class EditionDomain(Domain):
    """A domain whose data are kept per document under the keys of :attr:`per_doc`."""

    #: the keys of ``self.data`` that map a docname to what that document contributes
    per_doc: ClassVar[tuple[str, ...]] = ()

    def __init__(self, env: Any) -> None:
        super().__init__(env)
        for key in (*self.per_doc, DIGESTS):
            self.data.setdefault(key, {})

    # -- the Domain protocol -------------------------------------------------------
    def clear_doc(self, docname: str) -> None:
        for key in (*self.per_doc, DIGESTS):
            self.data[key].pop(docname, None)

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        for key in (*self.per_doc, DIGESTS):
            theirs = otherdata.get(key, {})
            for docname in docnames:
                if docname in theirs:
                    self.data[key][docname] = theirs[docname]

    def note_placeholders(self, env: Any, document: nodes.document, node_class: type,
                          key: str, dependency: Any = None) -> None:
        """Record the page being read under ``data[key]`` (docname → line of the first)
        if it holds a placeholder *node_class* of a generated listing, depending on the
        file *dependency* (the registry the listing shows), if given."""
        docname = env.current_document.docname
        for placeholder in document.findall(node_class):
            self.data[key].setdefault(docname, placeholder.line or 1)
            if dependency is not None:
                env.note_dependency(str(dependency))

    # -- what changed --------------------------------------------------------------
    def doc_digest(self, what: str, docname: str, payload: Callable[[], Any]) -> str:
        """The digest of what *docname* contributes to *what* (``payload()``, as JSON),
        computed once after the page is read and kept until it is read again: a digest of
        the whole edition costs one digest per page read, not a reading of every page's
        data."""
        digests = self.data[DIGESTS].setdefault(docname, {})
        if what not in digests:
            digests[what] = hashlib.sha256(json.dumps(
                payload(), ensure_ascii=False, sort_keys=True).encode()).hexdigest()
        return digests[what]

    def digest_of(self, what: str, docnames: Iterable[str],
                  payload: Callable[[str], Any]) -> str:
        """The digest of what the pages *docnames* (in this order) contribute to *what*:
        each page's :meth:`doc_digest` of ``payload(docname)``."""
        parts = [[doc, self.doc_digest(what, doc, lambda doc=doc: payload(doc))]
                 for doc in docnames]
        return hashlib.sha256(json.dumps(parts).encode()).hexdigest()

    def resolve_xref(self, env: Any, fromdocname: str, builder: Any, typ: str, target: str,
                     node: addnodes.pending_xref, contnode: nodes.Element) -> nodes.Element | None:
        method = getattr(self, "resolve_" + typ.replace("-", "_"), None)
        if method is None:
            return None
        if (type(contnode) is nodes.inline and len(contnode) == 1
                and not contnode["classes"] and not contnode["ids"]):
            contnode = contnode[0]  # the text pending_ref wrapped: the link holds it bare
        return method(env, fromdocname, builder, typ, target, node, contnode)

    def resolve_occurrence(self, env: Any, fromdoc: str, builder: Any, typ: str,
                           target: str, node: nodes.Element,
                           contnode: nodes.Element) -> nodes.Element | None:
        """``docname#id``: a place listed by a generated page (the glossary, the index of
        persons, the chronology: :func:`edition_common.places.place_list`), with the words
        around it as the link's title; in LaTeX a place in a heading is reached through its
        section (no label inside a LaTeX heading)."""
        from sphinx.util.nodes import make_refnode

        docname, _, occ_id = target.partition("#")
        if docname not in env.all_docs:
            return None
        if builder.format == "latex" and node.get("section_id"):
            occ_id = node["section_id"]
        return make_refnode(builder, fromdoc, docname, occ_id, contnode, node.get("snippet"))

    def missing_reference(self, env: Any, node: addnodes.pending_xref,
                          contnode: nodes.Element) -> nodes.Node | None:
        """What an unresolvable reference shows (``missing-reference``): by default the
        text it was given; the toolkit's own checks have warned, with file and line, where
        the reference or its target is wrong.  A ``missing_<type>`` method answers for its
        type."""
        method = getattr(self, "missing_" + node["reftype"].replace("-", "_"), None)
        return method(env, node, contnode) if method else contnode

    def resolve_any_xref(self, *args: Any, **kwargs: Any) -> list:
        return []  # the toolkit's references are typed: none answers the `any` role

    # -- reading the data ----------------------------------------------------------
    def doc_data(self, key: str, docname: str, default: Any = None) -> Any:
        """What *docname* contributed under *key* (*default* if nothing)."""
        return self.data[key].get(docname, default)

    def set_doc_data(self, key: str, docname: str, value: Any) -> None:
        """Record (or, for an empty value, forget) what *docname* contributes under *key*."""
        if value:
            self.data[key][docname] = value
        else:
            self.data[key].pop(docname, None)

    def in_order(self, key: str, order: Iterable[str]) -> Iterator[tuple[str, Any]]:
        """``(docname, data)`` under *key*, documents in *order* first, then the rest by name."""
        data = self.data[key]
        seen: set[str] = set()
        for docname in order:
            if docname in data and docname not in seen:
                seen.add(docname)
                yield docname, data[docname]
        for docname in sorted(set(data) - seen):
            yield docname, data[docname]


def pending_ref(domain: str, reftype: str, target: str, *content: nodes.Node,
                refdoc: str | None = None, **attributes: Any) -> addnodes.pending_xref:
    """A cross-reference of the toolkit's *domain*, resolved when the page is written;
    *content* is what it shows when it cannot be resolved (as Sphinx's roles do; text is
    wrapped in an ``inline``, which keeps the reference's classes)."""
    content = tuple(nodes.inline("", "", c) if isinstance(c, nodes.Text) else c
                    for c in content)
    node = addnodes.pending_xref("", *content, refdomain=domain, reftype=reftype,
                                 reftarget=target, refexplicit=True, refwarn=False,
                                 **attributes)
    if refdoc is not None:
        node["refdoc"] = refdoc
    return node


class StoredNode:
    """A doctree node kept in domain data as bytes: pickled once when its page is read,
    made into nodes again only where it is shown (:meth:`node`, a fresh copy each time).
    The environment that holds it loads, merges and frees a string, not a tree of nodes."""

    __slots__ = ("blob",)

    def __init__(self, node: nodes.Element) -> None:
        self.blob = pickle.dumps(detached_copy(node), protocol=pickle.HIGHEST_PROTOCOL)

    def node(self) -> nodes.Element:
        return pickle.loads(self.blob)

    def __getstate__(self) -> bytes:
        return self.blob

    def __setstate__(self, blob: bytes) -> None:
        self.blob = blob


def detached_copy(node: nodes.Element) -> nodes.Element:
    """A deep copy of *node* to keep in domain data: ids dropped (its page holds them) and
    no link to the page's document, which would otherwise be pickled with the environment
    (every page's whole doctree) and copied along with the node."""
    clone = node.deepcopy()
    clone["ids"] = []
    for child in clone.findall():
        child.document = None
        if isinstance(child, nodes.Element):  # the source is on the page's own doctree
            child.rawsource = ""
    return clone


def editorial(node: nodes.Element) -> nodes.Element:
    """Mark *node* as editorial matter (class ``ed-editorial``) and return it."""
    if EDITORIAL not in node["classes"]:
        node["classes"].append(EDITORIAL)
    return node


def pages_to_rewrite(domain: Domain, env: Any, page: str | None, digest: str,
                     registry_digest: str) -> list[str]:
    """For ``env-updated``: the pages a generated listing asks Sphinx to write again,
    without re-reading any: *page* (the listing) when the data it lists changed
    (*digest*), every page when the registry behind the popups changed
    (*registry_digest*).  The digests of the last build are kept in the domain's data
    (``written``, ``registry_digest``)."""
    rewrite: list[str] = []
    if page and digest != domain.data.get("written"):
        rewrite.append(page)
    domain.data["written"] = digest
    if domain.data.get("registry_digest") not in (None, registry_digest):
        rewrite.extend(sorted(env.found_docs))
    domain.data["registry_digest"] = registry_digest
    return rewrite


def link_to_entry(builder: Any, fromdoc: str, doc: str | None, anchor: str,
                  contnode: nodes.Element, title: str = "") -> nodes.Element:
    """What a mark resolves to when it points at an entry of a generated page (*doc*,
    *anchor*): in HTML a popup's anchor gets the link (``refuri``), other content becomes
    a reference; LaTeX keeps the mark (its visitor links it); without the page, the mark
    alone."""
    from sphinx.util.nodes import make_refnode

    from .tooltip import tooltip

    if doc is None:
        return contnode
    if isinstance(contnode, tooltip):
        if builder.format == "html":
            contnode["refuri"] = builder.get_relative_uri(fromdoc, doc) + "#" + anchor
        return contnode
    if builder.format == "latex":
        return contnode
    return make_refnode(builder, fromdoc, doc, anchor, contnode, title or None)


def on_missing_reference(app: Any, env: Any, node: addnodes.pending_xref,
                         contnode: nodes.Element) -> nodes.Node | None:
    """``missing-reference``: the toolkit's domains answer for their own references."""
    domain = env.domains.get(node.get("refdomain", "")) if node.get("refdomain") else None
    if isinstance(domain, EditionDomain):
        return domain.missing_reference(env, node, contnode)
    return None
