"""The ``notes`` domain: what each document contributes to the edition-wide series.

Per document (so that :meth:`clear_doc` and :meth:`merge_domaindata` are exact):

* ``ednotes``: the editorial notes defined there (key, line, lemma, plain text, a copy of
  the note for the listing page);
* ``ednote_refs``: the editorial note marks there, in order (key, line, id, the text of the
  paragraph that holds the mark, to check the lemma);
* ``comments``: the reader comments (number, line, id, name) and what they answer;
* ``listings``: whether the page holds ``editorial-notes-list``.

Derived, recomputed after every read (``env-updated``): ``letters`` (key → letter, in the
order of the marks through the edition's table of contents).
"""

from __future__ import annotations

from collections.abc import Iterable, Set
from typing import Any

from docutils import nodes
from sphinx.domains import Domain
from sphinx.environment import BuildEnvironment

from edition_common import reading_order


def letter(index: int) -> str:
    """0 → a, 25 → z, 26 → aa, 27 → ab …"""
    out = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        out = chr(ord("a") + rem) + out
    return out


class NotesDomain(Domain):
    name = "notes"
    label = "Notes and comments"
    initial_data: dict[str, Any] = {"docs": {}, "letters": {}, "passages": {},
                                    "fingerprints": {}}
    data_version = 1

    @property
    def docs(self) -> dict[str, dict[str, Any]]:
        return self.data["docs"]

    def doc(self, docname: str) -> dict[str, Any]:
        return self.docs.setdefault(
            docname, {"ednotes": [], "ednote_refs": [], "comments": [], "answers": [],
                      "listing": False})

    def clear_doc(self, docname: str) -> None:
        self.docs.pop(docname, None)

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        for docname in docnames:
            if docname in otherdata["docs"]:
                self.docs[docname] = otherdata["docs"][docname]

    def resolve_any_xref(self, *args: Any, **kwargs: Any) -> list:
        return []

    # -- the edition-wide views ---------------------------------------------------------

    def ordered_docs(self) -> list[str]:
        """Documents in reading order: the table of contents from the root, then the rest."""
        return reading_order(self.env, self.docs)

    def ednotes(self) -> dict[str, tuple[str, dict[str, Any]]]:
        """key → (docname, entry) for the first definition of each key."""
        found: dict[str, tuple[str, dict[str, Any]]] = {}
        for docname in self.ordered_docs():
            for entry in self.docs.get(docname, {}).get("ednotes", []):
                found.setdefault(entry["key"], (docname, entry))
        return found

    def comments(self) -> dict[int, tuple[str, dict[str, Any]]]:
        found: dict[int, tuple[str, dict[str, Any]]] = {}
        for docname in self.ordered_docs():
            for entry in self.docs.get(docname, {}).get("comments", []):
                found.setdefault(entry["number"], (docname, entry))
        return found

    def compute_letters(self) -> dict[str, str]:
        """Letter the editorial notes in the order of their first marks; notes that are
        never marked come after, in their own order."""
        defined = self.ednotes()
        order: list[str] = []
        for docname in self.ordered_docs():
            for ref in self.docs.get(docname, {}).get("ednote_refs", []):
                if ref["key"] in defined and ref["key"] not in order:
                    order.append(ref["key"])
        order += [k for k in defined if k not in order]
        return {key: letter(i) for i, key in enumerate(order)}

    def listing_docs(self) -> list[str]:
        return [d for d, data in self.docs.items() if data.get("listing")]

    def fingerprint(self, docname: str) -> str:
        """What a page's output depends on beyond its own source."""
        letters = self.data["letters"]
        data = self.docs.get(docname, {})
        parts: list[str] = []
        marks: dict[str, list[str]] = {}
        for doc in self.ordered_docs():
            for ref in self.docs.get(doc, {}).get("ednote_refs", []):
                marks.setdefault(ref["key"], []).append(f"{doc}#{ref['id']}")
        defined = self.ednotes()
        for ref in data.get("ednote_refs", []):
            doc, entry = defined.get(ref["key"], ("", {}))
            parts.append(f"r:{ref['key']}={letters.get(ref['key'])}@{doc}:"
                         f"{entry.get('lemma')}:{entry.get('text')}")
        for entry in data.get("ednotes", []):
            parts.append(f"n:{entry['key']}={letters.get(entry['key'])}"
                         f"<{','.join(marks.get(entry['key'], []))}")
        if data.get("comments") or data.get("answers"):
            parts.append("c:" + ",".join(
                f"{num}@{doc}" for num, (doc, _) in sorted(self.comments().items())))
            for entry in data.get("answers", []):
                parts.append(f"a:{self.data['passages'].get(entry['answers'])}")
        if data.get("listing"):
            for key, (doc, entry) in self.ednotes().items():
                parts.append(f"l:{key}={letters.get(key)}@{doc}:{entry['text']}"
                             f"<{','.join(marks.get(key, []))}")
        return "|".join(parts)


def env_updated(app: Any, env: BuildEnvironment) -> Iterable[str]:
    """Re-letter the editorial notes; return the pages whose output changes with that."""
    domain: NotesDomain = env.domains["notes"]  # type: ignore[assignment]
    domain.data["letters"] = domain.compute_letters()
    domain.data["passages"] = passages(env, domain)
    old = domain.data.setdefault("fingerprints", {})
    changed = []
    new = {}
    for docname in domain.docs:
        new[docname] = domain.fingerprint(docname)
        if old.get(docname) != new[docname]:
            changed.append(docname)
    domain.data["fingerprints"] = new
    return changed


def outdated(app: Any, env: BuildEnvironment, added: set[str], changed: set[str],
             removed: set[str]) -> list[str]:
    """The listing page copies every editorial note as its page renders it, citations and
    their tooltips included (whose ids and references come from that page's reading and
    from the bibliography): re-read it whenever a page that holds editorial notes is read
    again, added or removed."""
    domain: NotesDomain = env.domains["notes"]  # type: ignore[assignment]
    with_notes = {d for d, data in domain.docs.items() if data.get("ednotes")}
    if not (removed or added or changed & with_notes):
        return []
    return [d for d in domain.listing_docs() if d not in changed and d not in removed]


def passages(env: BuildEnvironment, domain: NotesDomain) -> dict[str, tuple[str, str, str]]:
    """label → (docname, id, title of the section that holds it) for every passage that a
    comment answers."""
    found: dict[str, tuple[str, str, str]] = {}
    labels = env.domains.standard_domain.anonlabels
    for data in domain.docs.values():
        for entry in data.get("answers", []):
            label = entry["answers"]
            if label.isdigit() or label in found or label not in labels:
                continue
            docname, node_id = labels[label]
            title = ""
            try:
                doctree = env.get_doctree(docname)
            except (OSError, KeyError):  # pragma: no cover - a page that failed to read
                doctree = None
            if doctree is not None:
                target = next((x for x in doctree.findall(nodes.Element)
                               if node_id in x.get("ids", [])), None)
                while target is not None and not isinstance(target, nodes.section):
                    target = target.parent
                if target is not None:
                    title = target[0].astext()
                elif env.titles.get(docname):
                    title = env.titles[docname].astext()
            found[label] = (docname, node_id, title)
    return found
