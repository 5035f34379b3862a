"""The apparatus domain: cross-document data (witnesses, entries, appendix pages).

Every datum records the document it came from, so that :meth:`clear_doc` purges a
re-read document and :meth:`merge_domaindata` merges the data of parallel readers; the
order of entries is the order of the document (a list per docname), so a ``-j 2`` build
equals a ``-j 1`` build.
"""

from __future__ import annotations

from typing import Any, Iterable

from sphinx.domains import Domain


class ApparatusDomain(Domain):
    name = "apparatus"
    label = "Critical apparatus"
    data_version = 2
    initial_data: dict[str, Any] = {
        "witnesses": [],   # [{siglum, docname, lineno, id, description}]
        "entries": {},     # docname -> [entry dicts, in the order of the document]
        "commentary": {},  # docname -> {label: container}: each entry's textual commentary
        "appendix": {},    # docname -> True (pages with an app-interventions listing)
    }

    # -- data ------------------------------------------------------------------------
    @property
    def witness_decls(self) -> list[dict[str, Any]]:
        return self.data["witnesses"]

    def witnesses(self) -> dict[str, dict[str, Any]]:
        """Siglum → its first declaration (in document order)."""
        found: dict[str, dict[str, Any]] = {}
        for decl in sorted(self.data["witnesses"], key=lambda d: (d["docname"], d["lineno"])):
            found.setdefault(decl["siglum"], decl)
        return found

    def add_witness(self, siglum: str, docname: str, lineno: int, node_id: str, description: str) -> None:
        self.data["witnesses"].append(
            {"siglum": siglum, "docname": docname, "lineno": lineno, "id": node_id,
             "description": description}
        )

    def set_entries(self, docname: str, entries: list[dict[str, Any]],
                    commentary: dict[str, Any] | None = None) -> None:
        """A page's entries (JSON-able dicts) and the doctree nodes of their commentaries."""
        if entries:
            self.data["entries"][docname] = entries
        else:
            self.data["entries"].pop(docname, None)
        if commentary:
            self.data["commentary"][docname] = commentary
        else:
            self.data["commentary"].pop(docname, None)

    def commentary(self, docname: str, label: str) -> Any:
        """The textual commentary of entry *label* of *docname* (a container), or None."""
        return self.data["commentary"].get(docname, {}).get(label)

    def entries(self, docname: str) -> list[dict[str, Any]]:
        return self.data["entries"].get(docname, [])

    def all_entries(self, order: Iterable[str] | None = None) -> list[tuple[str, dict[str, Any]]]:
        docs = list(order) if order is not None else sorted(self.data["entries"])
        docs += sorted(d for d in self.data["entries"] if d not in docs)
        return [(doc, e) for doc in docs for e in self.data["entries"].get(doc, [])]

    def add_appendix(self, docname: str) -> None:
        self.data["appendix"][docname] = True

    # -- the Domain protocol -------------------------------------------------------------
    def clear_doc(self, docname: str) -> None:
        self.data["witnesses"] = [w for w in self.data["witnesses"] if w["docname"] != docname]
        self.data["entries"].pop(docname, None)
        self.data["commentary"].pop(docname, None)
        self.data["appendix"].pop(docname, None)

    def merge_domaindata(self, docnames: set[str], otherdata: dict[str, Any]) -> None:
        self.data["witnesses"].extend(w for w in otherdata["witnesses"] if w["docname"] in docnames)
        for doc in docnames:
            if doc in otherdata["entries"]:
                self.data["entries"][doc] = otherdata["entries"][doc]
            if doc in otherdata["commentary"]:
                self.data["commentary"][doc] = otherdata["commentary"][doc]
            if doc in otherdata["appendix"]:
                self.data["appendix"][doc] = True

    def resolve_any_xref(self, *args: Any, **kwargs: Any) -> list:
        return []
