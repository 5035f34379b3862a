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

from collections.abc import Iterable, Iterator, Set
from typing import Any, ClassVar

from docutils import nodes
from sphinx import addnodes
from sphinx.domains import Domain

from .text import EDITORIAL


class EditionDomain(Domain):
    """A domain whose data are kept per document under the keys of :attr:`per_doc`."""

    #: the keys of ``self.data`` that map a docname to what that document contributes
    per_doc: ClassVar[tuple[str, ...]] = ()

    def __init__(self, env: Any) -> None:
        super().__init__(env)
        for key in self.per_doc:
            self.data.setdefault(key, {})

    # -- the Domain protocol -------------------------------------------------------
    def clear_doc(self, docname: str) -> None:
        for key in self.per_doc:
            self.data[key].pop(docname, None)

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        for key in self.per_doc:
            theirs = otherdata.get(key, {})
            for docname in docnames:
                if docname in theirs:
                    self.data[key][docname] = theirs[docname]

    def resolve_xref(self, env: Any, fromdocname: str, builder: Any, typ: str, target: str,
                     node: addnodes.pending_xref, contnode: nodes.Element) -> nodes.Element | None:
        method = getattr(self, "resolve_" + typ.replace("-", "_"), None)
        if method is None:
            return None
        if (type(contnode) is nodes.inline and len(contnode) == 1
                and not contnode["classes"] and not contnode["ids"]):
            contnode = contnode[0]  # the text pending_ref wrapped: the link holds it bare
        return method(env, fromdocname, builder, typ, target, node, contnode)

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


def on_missing_reference(app: Any, env: Any, node: addnodes.pending_xref,
                         contnode: nodes.Element) -> nodes.Node | None:
    """``missing-reference``: the toolkit's domains answer for their own references."""
    domain = env.domains.get(node.get("refdomain", "")) if node.get("refdomain") else None
    if isinstance(domain, EditionDomain):
        return domain.missing_reference(env, node, contnode)
    return None
