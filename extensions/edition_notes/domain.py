"""The ``notes`` domain: what each document contributes to the edition-wide series, and the
cross-references that need the whole edition.

Per document (``data["docs"][docname]``, so that clearing and merging are exact):

* ``ednotes``: the editorial notes defined there (key, line, lemma, plain text, a copy of
  the note for the listing page);
* ``ednote_refs``: the editorial note marks there, in order (key, line, id, the words of
  the paragraph that holds the mark, to check the lemma);
* ``comments``: the reader comments (number, line, id, name) and what they answer;
* ``labels``: the page's labels (``(label)=``) with the title of the section around them,
  for replies to a passage;
* ``listing``: whether the page holds ``editorial-notes-list``.

Derived, recomputed once after every read (``env-updated``, :func:`env_updated`): the
letters (key → letter, in the order of the marks through the table of contents), the
first definition of each key, the marks of each key, the comments, and a fingerprint of
what each page shows from other pages, so that exactly the pages whose letters, popups or
back-links changed are written again (none is re-read).

References (``pending_xref``, resolved when a page is written, :meth:`NotesDomain.resolve_xref`):
``ednote`` (a mark: its letter, its popup, the link to the note), ``ednote-label`` (a
note's letter, linked back to its first mark), ``ednote-backlinks`` (links to its other
marks), ``comment`` (a comment by number), ``passage`` (a passage by its label), ``page``.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from typing import Any

from docutils import nodes
from sphinx.environment import BuildEnvironment
from sphinx.util.nodes import make_refnode

from edition_common import EditionDomain, _, make_tooltip, reading_order

from . import nodes as n


def letter(index: int) -> str:
    """0 → a, 25 → z, 26 → aa, 27 → ab …"""
    out = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        out = chr(ord("a") + rem) + out
    return out


def empty_doc() -> dict[str, Any]:
    return {"ednotes": [], "ednote_refs": [], "comments": [], "answers": [], "labels": {},
            "listing": False}


class NotesDomain(EditionDomain):
    name = "notes"
    label = "Notes and comments"
    per_doc = ("docs",)
    initial_data: dict[str, Any] = {"docs": {}, "derived": {}, "fingerprints": {}}
    data_version = 2

    @property
    def docs(self) -> dict[str, dict[str, Any]]:
        return self.data["docs"]

    def doc(self, docname: str) -> dict[str, Any]:
        return self.docs.setdefault(docname, empty_doc())

    # -- the edition-wide views (computed once per build, see env_updated) --------------

    def ordered_docs(self) -> list[str]:
        """Documents in reading order: the table of contents from the root, then the rest."""
        return reading_order(self.env, self.docs)

    def derive(self) -> dict[str, Any]:
        """Letters, first definitions, marks, comments and passages of the whole edition."""
        order = self.ordered_docs()
        defined: dict[str, tuple[str, dict[str, Any]]] = {}
        marks: dict[str, list[tuple[str, str]]] = {}
        comments: dict[int, tuple[str, str]] = {}
        labels: dict[str, tuple[str, str, str]] = {}
        for docname in order:
            data = self.docs.get(docname, {})
            for entry in data.get("ednotes", []):
                defined.setdefault(entry["key"], (docname, entry))
            for ref in data.get("ednote_refs", []):
                marks.setdefault(ref["key"], []).append((docname, ref["id"]))
            for entry in data.get("comments", []):
                comments.setdefault(entry["number"], (docname, entry["id"]))
            for label, (node_id, title) in data.get("labels", {}).items():
                labels.setdefault(label, (docname, node_id, title))
        order_keys = [k for k in marks if k in defined] + [k for k in defined if k not in marks]
        letters = {key: letter(i) for i, key in enumerate(order_keys)}
        return {"letters": letters, "defined": defined, "marks": marks,
                "comments": comments, "labels": labels}

    @property
    def derived(self) -> dict[str, Any]:
        if not self.data.get("derived"):  # a resolution before env-updated (never in a build)
            self.data["derived"] = self.derive()
        return self.data["derived"]

    def listing_docs(self) -> list[str]:
        return [d for d, data in self.docs.items() if data.get("listing")]

    def fingerprint(self, docname: str) -> str:
        """What a page's output shows from other pages (letters, note texts, marks,
        comments, passages; the whole series on the listing page)."""
        derived = self.derived
        letters, defined, marks = derived["letters"], derived["defined"], derived["marks"]
        data = self.docs.get(docname, {})
        parts: list[Any] = []
        for ref in data.get("ednote_refs", []):
            doc, entry = defined.get(ref["key"], ("", {}))
            parts.append(["r", ref["key"], letters.get(ref["key"]), doc, entry.get("lemma"),
                          entry.get("text")])
        for entry in data.get("ednotes", []):
            parts.append(["n", entry["key"], letters.get(entry["key"]), marks.get(entry["key"])])
        if data.get("answers"):
            parts.append(["c", sorted(derived["comments"].items())])
            parts.append(["p", [derived["labels"].get(a["answers"]) for a in data["answers"]]])
        if data.get("listing"):
            parts.append(["l", [(k, letters.get(k), d, e["text"], e["lemma"], marks.get(k))
                                for k, (d, e) in defined.items()]])
        return hashlib.sha256(json.dumps(parts, ensure_ascii=False, default=str)
                              .encode()).hexdigest()

    # -- references ----------------------------------------------------------------------

    def resolve_ednote(self, env: Any, fromdoc: str, builder: Any, typ: str, key: str,
                       node: nodes.Element, contnode: nodes.Element) -> nodes.Element | None:
        """A mark: the note's letter, linked to the note, with the note in a popup (HTML)."""
        derived = self.derived
        if key not in derived["defined"]:
            return None
        note_doc, entry = derived["defined"][key]
        mark = derived["letters"].get(key, "?")
        resolved = n.ednote_letter("", letter=mark, refdoc=note_doc, refid=f"ednote-{key}")
        if builder.format == "html" and note_doc == fromdoc:
            # the note is on the page: the popup shows it (made once, by the page's script)
            resolved += make_tooltip(None, [nodes.Text(mark)], refuri=f"#ednote-{key}",
                                     described_by=f"ednote-{key}", lead=_("Editorial note"),
                                     anchor_classes=["ed-ednote-ref"])
        elif builder.format == "html":
            uri = builder.get_relative_uri(fromdoc, note_doc)
            lemma = f"{entry['lemma']}] " if entry["lemma"] else ""
            text = _("Editorial note {letter}:").format(letter=mark)
            resolved += make_tooltip(None, [nodes.Text(mark)],
                                     [nodes.Text(f"{text} {lemma}{entry['text']}")],
                                     refuri=f"{uri}#ednote-{key}", tip_id=node["tip_id"],
                                     anchor_classes=["ed-ednote-ref"])
        else:
            resolved += nodes.Text(mark)
        return resolved

    def missing_ednote(self, env: Any, node: nodes.Element,
                       contnode: nodes.Element) -> nodes.Element:
        """A mark of a note that does not exist (``notes.missing_note`` has warned): "?"."""
        return n.ednote_letter("", nodes.Text("?"), letter="?")

    def resolve_ednote_label(self, env: Any, fromdoc: str, builder: Any, typ: str, key: str,
                             node: nodes.Element, contnode: nodes.Element) -> nodes.Element:
        """A note's letter, linked back to its first mark."""
        derived = self.derived
        mark = nodes.Text(derived["letters"].get(key, "?"))
        targets = derived["marks"].get(key, [])
        if not targets:
            return nodes.inline("", "", mark)
        todoc, target = targets[0]
        ref = make_refnode(builder, fromdoc, todoc, target, mark)
        ref["classes"].append("ed-ednote-label")
        return ref

    def resolve_ednote_backlinks(self, env: Any, fromdoc: str, builder: Any, typ: str,
                                 key: str, node: nodes.Element,
                                 contnode: nodes.Element) -> nodes.Element:
        """Links back to the second and later marks of a note."""
        targets = self.derived["marks"].get(key, [])[1:]
        return backlinks(builder, fromdoc, targets) if targets else nodes.inline()

    def resolve_comment(self, env: Any, fromdoc: str, builder: Any, typ: str, target: str,
                        node: nodes.Element, contnode: nodes.Element) -> nodes.Element | None:
        found = self.derived["comments"].get(int(target)) if target.isdigit() else None
        if found is None:
            return None
        return make_refnode(builder, fromdoc, found[0], found[1], contnode)

    def resolve_passage(self, env: Any, fromdoc: str, builder: Any, typ: str, label: str,
                        node: nodes.Element, contnode: nodes.Element) -> nodes.Element | None:
        found = self.derived["labels"].get(label)
        if found is None:
            return None
        docname, node_id, title = found
        words = (_("a passage in “{title}”").format(title=title) if title
                 else _("a passage"))
        return make_refnode(builder, fromdoc, docname, node_id, nodes.Text(words))

    def resolve_page(self, env: Any, fromdoc: str, builder: Any, typ: str, docname: str,
                     node: nodes.Element, contnode: nodes.Element) -> nodes.Element | None:
        if docname not in env.all_docs:
            return None
        return make_refnode(builder, fromdoc, docname, "", contnode)


def backlinks(builder: Any, fromdoc: str, targets: Iterable[tuple[str, str]]) -> n.note_backlinks:
    """``↩2 ↩3``: links to the second and later marks of a note (editorial)."""
    links = n.note_backlinks()
    for i, (todoc, target) in enumerate(targets, start=2):
        ref = (make_refnode(builder, fromdoc, todoc, target, nodes.Text(f"↩{i}"))
               if builder is not None else nodes.reference("", f"↩{i}", refid=target))
        ref["reftitle"] = _("Back to mark {number}").format(number=i)
        links += [nodes.Text(" "), ref]
    return links


def env_updated(app: Any, env: BuildEnvironment) -> Iterable[str]:
    """Re-letter the editorial notes; return the pages whose output changes with that."""
    domain: NotesDomain = env.domains["notes"]  # type: ignore[assignment]
    domain.data["derived"] = domain.derive()
    old = domain.data["fingerprints"]
    new = {docname: domain.fingerprint(docname) for docname in domain.docs}
    domain.data["fingerprints"] = new
    return [d for d, value in new.items() if old.get(d) != value and d in env.found_docs]
