"""Places in the text, described once for every index of the edition.

The glossary of Russian terms, the index of persons and the chronology name each
occurrence the same way: the page, its section (or the author's note, the reader comment,
the editorial note) and the paragraph in it, as a reader counts them — "Text, “The first
section”: ¶ 3, ¶ 3b"; "Text, note 4: ¶ 1"; "Comments, comment 2: ¶ 5";
"Text, editorial note g: ¶ 1".  This module computes that description while a page is
read (:class:`Places`, one per document) and prints the list of places on the generated
page (:func:`place_list`).

**A place** (:meth:`Places.place`) is a dict, kept in a domain and pickled with the
environment: ``section`` (the division's name: a section's title, ``note 4``,
``comment 2``), ``titled`` (the division is a section, whose title is quoted),
``section_id`` (its first id), ``top`` (the division is the page's first section: its
paragraphs before any subsection are the page's "opening"), ``para`` (the paragraph's
number within the division, counted from 1, every paragraph of quotations and lists
included; 0 in a heading), ``heading`` (the occurrence is in a heading), ``snippet`` (the
copy-text's words around it, for the link's title), ``line`` (the source line),
``editorial`` (in the editors' matter rather than the text), ``note_key`` (the
editorial note it is in, named by its letter in the list) and ``passage`` (the passage id
of its paragraph or heading, :mod:`.passages`, on a text page; "" elsewhere).

**A division** is a section, a node of a class that inherits
:class:`~edition_common.text.Division` (an author's note, a reader comment) and names
itself, or an editorial note (editorial matter with a ``key``).

The list's links are references ``occurrence`` of the page's domain (target
``docname#id``), resolved by :meth:`edition_common.EditionDomain.resolve_occurrence`:
build the list before Sphinx resolves references (a post-transform of priority below 10).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Iterable
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from .domain import pending_ref
from .messages import _
from .passages import NUMBER, passage_id
from .text import EDITORIAL, Division, EditorialMatter, view_segments, view_text

_NEWLINE = re.compile("\n")
_WORD = re.compile(r"\S+")

Place = dict[str, Any]


def is_editorial_note(node: nodes.Node) -> bool:
    """An editorial note: editorial matter with a ``key`` (its letter is given later)."""
    return isinstance(node, nodes.Element) and bool(node.get("key")) and (
        isinstance(node, EditorialMatter) or EDITORIAL in node["classes"])


def is_division(node: nodes.Node) -> bool:
    """A section, a division of the text that names itself, or an editorial note."""
    return (isinstance(node, nodes.section) or is_editorial_note(node)
            or (isinstance(node, Division) and bool(node.division_label())))


def division(node: nodes.Node) -> nodes.Element | None:
    """The nearest division (see :func:`is_division`) around *node*."""
    parent = node.parent
    while parent is not None:
        if is_division(parent):
            return parent
        parent = parent.parent
    return None


def division_label(div: nodes.Element | None) -> str:
    """How a reader names *div*: a section's title (as the text reads), "note 4"."""
    if div is None:
        return ""
    if isinstance(div, nodes.section):
        return view_text(div[0]) if len(div) and isinstance(div[0], nodes.title) else ""
    if is_editorial_note(div):
        return _("editorial note")  # lettered when the list is written (note_key)
    return div.division_label()  # type: ignore[attr-defined]


def nearest(node: nodes.Node, cls: type | tuple[type, ...]) -> Any:
    """The nearest proper ancestor of *node* of class *cls* (or None)."""
    parent = node.parent
    while parent is not None and not isinstance(parent, cls):
        parent = parent.parent
    return parent


def ancestors(node: nodes.Node) -> list[nodes.Node]:
    """The parents of *node*, nearest first."""
    result, parent = [], node.parent
    while parent is not None:
        result.append(parent)
        parent = parent.parent
    return result


def editorial_container(node: nodes.Node) -> nodes.Element | None:
    """The nearest editorial element around *node* (an editorial note, the editors'
    apparatus or header), or None when *node* stands in the text."""
    for parent in ancestors(node):
        if isinstance(parent, EditorialMatter) or (
                isinstance(parent, nodes.Element) and EDITORIAL in parent["classes"]):
            return parent
    return None


def note_letter(env: Any, key: str) -> str:
    """The letter of the editorial note *key* (the notes extension letters the series when
    every page has been read), or "" without that extension."""
    try:
        domain = env.get_domain("notes")
    except Exception:  # no notes extension: no letters
        return ""
    derived = getattr(domain, "derived", None) or domain.data
    return derived.get("letters", {}).get(key, "")


class _Read:
    """A container's copy-text read once: its Text nodes' offsets, its line breaks and its
    words, so that the line and the snippet of each of its places cost a lookup, not a
    reading of the text before it (a paragraph of thousands of terms stays linear)."""

    def __init__(self, container: nodes.Element) -> None:
        self.text, segs = view_segments(container, "diplomatic", block_sep="")
        self.starts = {id(t): start for t, start in segs}
        self.newlines = [m.start() for m in _NEWLINE.finditer(self.text)]
        words = list(_WORD.finditer(self.text))
        self.word_starts = [m.start() for m in words]
        self.word_ends = [m.end() for m in words]
        self.norm_starts: list[int] = []
        length = 0
        for m in words:
            self.norm_starts.append(length + (1 if length else 0))
            length = self.norm_starts[-1] + (m.end() - m.start())
        self.normalised = " ".join(m.group() for m in words)

    def normalised_length(self, offset: int) -> int:
        """``len(" ".join(text[:offset].split()))``, in logarithmic time."""
        k = bisect_left(self.word_starts, offset) - 1
        if k < 0:
            return 0
        return self.norm_starts[k] + min(offset, self.word_ends[k]) - self.word_starts[k]


class Places:
    """The places of one document: paragraphs numbered per division once, and each
    container's copy-text (the diplomatic view: no popups, no editorial additions) read
    once."""

    def __init__(self, document: nodes.document) -> None:
        self.numbers: dict[int, int] = {}
        counters: dict[int, int] = {}
        for para in document.findall(nodes.paragraph):
            if para.get(NUMBER):  # numbered with its passage id (passages.py): the same
                self.numbers[id(para)] = para[NUMBER]
                continue
            key = id(division(para))
            counters[key] = counters.get(key, 0) + 1
            self.numbers[id(para)] = counters[key]
        self.top = next(iter(document.findall(nodes.section)), None)
        self._read: dict[int, _Read] = {}

    def container(self, node: nodes.Node) -> nodes.Element:
        """The heading or paragraph that holds *node* (its parent if neither)."""
        return nearest(node, (nodes.title, nodes.paragraph)) or node.parent

    def _text(self, container: nodes.Element) -> _Read:
        key = id(container)
        if key not in self._read:
            self._read[key] = _Read(container)
        return self._read[key]

    def _offset(self, read: _Read, target: nodes.Node) -> int:
        first = target if isinstance(target, nodes.Text) else next(target.findall(nodes.Text), None)
        return read.starts.get(id(first), len(read.text))

    def before(self, container: nodes.Element, target: nodes.Node) -> str:
        """The copy-text of *container* before *target*."""
        read = self._text(container)
        return read.text[:self._offset(read, target)]

    def line(self, container: nodes.Element | None, target: nodes.Node) -> int | None:
        """The source line of *target*, counted from its container's first line."""
        if container is None or container.line is None:
            return getattr(target, "line", None)
        read = self._text(container)
        return container.line + bisect_left(read.newlines, self._offset(read, target))

    def snippet(self, container: nodes.Element, target: nodes.Node, width: int = 50) -> str:
        """*target*'s words with up to *width* characters (whole words) on each side."""
        read = self._text(container)
        before = read.normalised_length(self._offset(read, target))
        word = view_text(target, "diplomatic")
        full = read.normalised
        start = before + (1 if before and full[before:before + 1] == " " else 0)
        left = full[max(0, start - width):start]
        right = full[start + len(word):start + len(word) + width]
        if start > width and " " in left:
            left = left.split(" ", 1)[1]  # a cut word at either end is left out
        if start + len(word) + width < len(full) and " " in right.strip():
            right = right.rsplit(" ", 1)[0]
        return (("…" if start > width else "") + left + word + right
                + ("…" if start + len(word) + width < len(full) else ""))

    def place(self, node: nodes.Node) -> Place:
        """Where *node* stands (see the module's documentation)."""
        div = division(node)
        title = nearest(node, nodes.title)
        para = nearest(node, nodes.paragraph)
        container = title or para or node.parent
        return {
            "section": division_label(div),
            "titled": isinstance(div, nodes.section),
            "section_id": div["ids"][0] if div is not None and div["ids"] else "",
            "top": div is self.top,
            "para": 0 if title is not None else self.numbers.get(id(para), 0),
            "heading": title is not None,
            "snippet": self.snippet(container, node),
            "line": self.line(container, node) or 0,
            "editorial": editorial_container(node) is not None,
            "note_key": div.get("key", "") if is_editorial_note(div) else "",
            "passage": passage_id(container),
        }

    def mark(self, node: nodes.Element, env: Any, prefix: str) -> tuple[Place, str]:
        """The place of a mark and the id the generated page links to: a new id
        ``<prefix>-<n>`` given to *node*, or, in a heading (which Sphinx copies into the
        tables of contents, ids and all), the section's id."""
        place = self.place(node)
        if place["heading"]:
            return place, place["section_id"]
        occ_id = f"{prefix}-{env.new_serialno(prefix)}"
        node["ids"].append(occ_id)
        return place, occ_id


def group_label(place: Place, env: Any = None) -> str:
    """The name of the group a place is listed under: "opening", "note 4", "comment 2",
    "editorial note g" or a section's title in quotation marks."""
    if place.get("note_key"):
        letter = note_letter(env, place["note_key"]) if env is not None else ""
        return _("editorial note {letter}").format(letter=letter) if letter else _("editorial note")
    if place["top"] and not place["heading"]:
        return _("opening")
    if place["section"] and place.get("titled", True):
        return "“" + place["section"] + "”"
    return place["section"]


def place_list(domain: str, env: Any, places: Iterable[tuple[str, Place]],
               page_label: Callable[[str], str], *, target: str = "occ_id",
               classes: Iterable[str] = ()) -> nodes.Node:
    """The places of *places* (``(docname, place)`` pairs in reading order, each place
    with its anchor under *target*), grouped by page and division, each a reference
    ``occurrence`` of *domain*: "Text, “Section”: ¶ 1, ¶ 3, ¶ 3b" (a paragraph named
    twice gets letters), linked to the passage (its ``passage`` id) where it has one."""
    groups: list[tuple[str, str, list[Place]]] = []
    for doc, place in places:
        label = group_label(place, env)
        if groups and groups[-1][0] == doc and groups[-1][1] == label:
            groups[-1][2].append(place)
        else:
            groups.append((doc, label, [place]))
    if not groups:
        return nodes.paragraph("", _("none"))
    items = nodes.bullet_list(classes=list(classes))
    for doc, label, group in groups:
        para = nodes.paragraph()
        para += nodes.Text(page_label(doc))
        if label:
            para += nodes.Text(", " + label)
        para += nodes.Text(": ")
        per_para: dict[int, int] = {}
        for i, place in enumerate(group):
            if i:
                para += nodes.Text(", ")
            if place["heading"]:
                text = _("heading")
            else:
                per_para[place["para"]] = per_para.get(place["para"], 0) + 1
                k = per_para[place["para"]]
                text = f"¶ {place['para']}" + ("" if k == 1 else chr(ord("a") + k - 1))
            # a place in the text links to its passage (passages.py), elsewhere to itself
            anchor = place.get("passage") or place[target]
            para += pending_ref(domain, "occurrence", f"{doc}#{anchor}", nodes.Text(text),
                                snippet=place["snippet"],
                                section_id=place["section_id"] if place["heading"] else "")
        items += nodes.list_item("", para)
    return items


def page_namer(env: Any) -> Callable[[str], str]:
    """How an index names a page: the title a toctree gives it, else the page's title.
    The tables of contents are read once, when the namer is made (a generated page names
    the pages of hundreds of places)."""
    labels: dict[str, str] = {}
    for toc in env.tocs.values():
        for toctree in toc.findall(addnodes.toctree):
            for title, ref in toctree["entries"]:
                if title:
                    labels.setdefault(ref, title)

    def name(docname: str) -> str:
        if docname in labels:
            return labels[docname]
        title = env.titles.get(docname)
        return view_text(title) if title is not None else docname
    return name


def listing_digest(env: Any, digest: str, docnames: Iterable[str]) -> str:
    """What a generated index shows of the pages it lists: *digest* (its own data) with the
    pages *docnames* in reading order and the names the index gives them (:func:`page_namer`),
    so that the index is rewritten when a page's title, its label in a toctree or the order
    of the pages changes, although none of its data did."""
    import hashlib
    import json

    from . import reading_order

    docs, name = set(docnames), page_namer(env)
    pages = [[doc, name(doc)] for doc in reading_order(env, docs) if doc in docs]
    return hashlib.sha256(json.dumps([digest, pages], ensure_ascii=False).encode()).hexdigest()


#: the id prefixes of the places of persons and dates (:meth:`Places.mark`)
MARKED_PLACES = ("person-occ-", "date-occ-")


class UnprintedPlaces(SphinxPostTransform):
    """In the PDF (one document of every page), a link of an index to a place that the PDF
    does not print (a mark in a page's apparatus listing, which the PDF gives as footnotes
    and an appendix instead) keeps its words without the link: LaTeX would report it
    undefined and link nowhere.  Only the places that :meth:`Places.mark` gives an id of the
    node itself (:data:`MARKED_PLACES`; a term's occurrence is labelled by its writer)."""

    default_priority = 950  # after the references are resolved
    formats = ("latex",)

    def run(self, **kwargs: Any) -> None:
        present: set[str] = set()
        root = self.env.config.root_doc
        for el in self.document.findall(nodes.Element):
            files = [a for a in _ancestors_or_self(el) if isinstance(a, addnodes.start_of_file)]
            doc = files[0]["docname"] if files else root
            present.update(f"{doc}#{i}" for i in el["ids"])
        for ref in list(self.document.findall(nodes.reference)):
            uri = ref.get("refuri", "")
            fragment = uri.partition("#")[2]
            if uri.startswith("%") and fragment.startswith(MARKED_PLACES) \
                    and uri[1:] not in present:
                ref.replace_self(nodes.inline("", "", *ref.children))


def _ancestors_or_self(node: nodes.Node) -> Iterable[nodes.Node]:
    while node is not None:
        yield node
        node = node.parent
