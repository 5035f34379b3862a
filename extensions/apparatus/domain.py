"""The apparatus domain: cross-document data (witnesses, entries, appendix pages) and the
references that need it.

Per document (:class:`edition_common.EditionDomain`: cleared and merged per document, so
that a ``-j 2`` build equals a ``-j 1`` build and an incremental build forgets exactly
what a re-read page said): ``witnesses`` (the sigla declared there), ``entries`` (the
entries, JSON-able dicts in the order of the document), ``commentary`` (each entry's
textual commentary, a container), ``appendix`` (whether the page lists all entries).

References (``pending_xref``, resolved when a page is written): ``witness`` (a siglum,
linked to its declaration) and ``entry`` (``docname#label``: an entry's mark, from the
appendix).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import Any

from docutils import nodes
from sphinx.util.nodes import make_refnode

from edition_common import EditionDomain


class ApparatusDomain(EditionDomain):
    name = "apparatus"
    label = "Critical apparatus"
    data_version = 3
    per_doc = ("witnesses", "entries", "commentary", "appendix", "view_words")
    initial_data: dict[str, Any] = {
        "witnesses": {},   # docname -> [{siglum, lineno, id, description}]
        "entries": {},     # docname -> [entry dicts, in the order of the document]
        "commentary": {},  # docname -> {label: container}: each entry's textual commentary
        "appendix": {},    # docname -> True (pages with an app-interventions listing)
        "written": "",     # digest of the entries when the appendix was last written
    }

    # -- data ------------------------------------------------------------------------
    def witness_decls(self) -> list[dict[str, Any]]:
        """Every declaration, with its docname, in the order of the documents' names."""
        return [{"docname": doc, **decl} for doc, decls in self.in_order("witnesses", [])
                for decl in decls]

    def witnesses(self) -> dict[str, dict[str, Any]]:
        """Siglum → its first declaration (documents by name, then by line)."""
        found: dict[str, dict[str, Any]] = {}
        for decl in sorted(self.witness_decls(), key=lambda d: (d["docname"], d["lineno"])):
            found.setdefault(decl["siglum"], decl)
        return found

    def add_witness(self, siglum: str, docname: str, lineno: int, node_id: str,
                    description: str) -> None:
        self.data["witnesses"].setdefault(docname, []).append(
            {"siglum": siglum, "lineno": lineno, "id": node_id, "description": description})

    def set_entries(self, docname: str, entries: list[dict[str, Any]],
                    commentary: dict[str, Any] | None = None) -> None:
        """A page's entries (JSON-able dicts) and the doctree nodes of their commentaries."""
        self.set_doc_data("entries", docname, entries)
        self.set_doc_data("commentary", docname, commentary)

    def commentary(self, docname: str, label: str) -> Any:
        """The textual commentary of entry *label* of *docname* (a fresh container), or None."""
        stored = self.data["commentary"].get(docname, {}).get(label)
        return stored.node() if stored is not None else None

    def all_entries(self, order: Iterable[str] = ()) -> list[tuple[str, dict[str, Any]]]:
        """``(docname, entry)`` of every entry, pages in *order* first, then by name."""
        return [(doc, e) for doc, entries in self.in_order("entries", order) for e in entries]

    def add_appendix(self, docname: str) -> None:
        self.data["appendix"][docname] = True

    def digest(self, titles: dict[str, str]) -> str:
        """What the appendix shows: every entry and commentary, the titles of their pages
        (to rewrite it when they change)."""
        data = self.data
        docs = sorted(set(data["entries"]) | set(data["commentary"]) | set(data["witnesses"]))

        def shown(doc: str) -> list[Any]:
            return [[{k: v for k, v in e.items() if k != "lineno"}
                     for e in data["entries"].get(doc, [])],
                    titles.get(doc),
                    sorted((label, hashlib.sha256(stored.blob).hexdigest())
                           for label, stored in data["commentary"].get(doc, {}).items()),
                    data["witnesses"].get(doc)]
        return self.digest_of("appendix", docs, shown)

    # -- references ----------------------------------------------------------------------
    def resolve_witness(self, env: Any, fromdoc: str, builder: Any, typ: str, siglum: str,
                        node: nodes.Element, contnode: nodes.Element) -> nodes.Element | None:
        """A siglum, linked to its witness's declaration (which describes it)."""
        decl = self.witnesses().get(siglum)
        if decl is None:
            return None
        return make_refnode(builder, fromdoc, decl["docname"], decl["id"], contnode)

    def resolve_entry(self, env: Any, fromdoc: str, builder: Any, typ: str, target: str,
                      node: nodes.Element, contnode: nodes.Element) -> nodes.Element | None:
        """``docname#label``: the mark of an entry (the appendix's back-links)."""
        docname, _, label = target.partition("#")
        if not any(e["label"] == label for e in self.data["entries"].get(docname, [])):
            return None
        return make_refnode(builder, fromdoc, docname, f"app-mark-{label}", contnode)
