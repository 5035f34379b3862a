"""Read-time work on each document that marks Russian terms.

:class:`TermOccurrences` (a transform, so it runs in the reading process, also in a
parallel read) records every occurrence in the ``terms`` domain with its page, section,
paragraph number, the spelling the copy-text uses and a snippet; makes each occurrence a
cross-reference of the ``terms`` domain (``pending_xref``), which becomes the shared tooltip
linked to the glossary when the page is written (:meth:`.domain.TermsDomain.resolve_term`);
adds general-index entries under the Latin and the Cyrillic form; and warns
(``terms.unmarked``) when a registered spelling appears in the text without the role.
(Sphinx copies headings into the tables of contents without their references: there a
term is its bare text.)
"""

from __future__ import annotations

import re
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms import SphinxTransform
from sphinx.util import logging

from edition_common import (
    Division, Warn, in_view, pending_ref, tooltip_body, view_segments, view_text, warn,
)

from .domain import get_domain, get_registry
from .nodes import term_ref, terms_glossary
from .registry import Registry, Term

logger = logging.getLogger(__name__)

#: Text inside these nodes is not running text (code, markup, generated matter).
SKIP_UNMARKED = (
    term_ref, nodes.literal, nodes.literal_block, nodes.raw, nodes.comment, nodes.target,
    nodes.math, nodes.math_block, addnodes.index, terms_glossary, tooltip_body,
    nodes.system_message, nodes.substitution_definition,
)


def unmarked_pattern(registry: Registry) -> re.Pattern[str] | None:
    cached = getattr(registry, "_unmarked", None)
    if cached is not None or not registry.terms:
        return cached
    alternatives = [
        r"\s+".join(re.sub(r"'", "['’ʹʼ]", re.escape(word)) for word in s.replace("’", "'").split())
        for s in registry.known_spellings()
    ]
    pattern = re.compile(r"(?<![\w'’])(?:" + "|".join(alternatives) + r")(?![\w])", re.I)
    registry._unmarked = pattern  # type: ignore[attr-defined]
    return pattern


def is_editorial(node: nodes.Node) -> bool:
    """Whether *node* is not the copy-text's: editorial matter (notes, marks, headers,
    listings), a popup, the editors' reading of an apparatus entry."""
    return not in_view(node, "diplomatic")


def division(node: nodes.Node) -> nodes.Element | None:
    """The nearest section, or named division of the text (an author's note, a reader
    comment: :class:`edition_common.Division`), around *node*."""
    parent = node.parent
    while parent is not None:
        if isinstance(parent, nodes.section) or (
            isinstance(parent, Division) and parent.division_label()
        ):
            return parent
        parent = parent.parent
    return None


def division_label(div: nodes.Element | None) -> str:
    if div is None:
        return ""
    if isinstance(div, nodes.section):
        return view_text(div[0]) if len(div) and isinstance(div[0], nodes.title) else ""
    return div.division_label()


def nearest(node: nodes.Node, cls: type | tuple[type, ...]) -> Any:
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


class Places:
    """Where a node stands in its paragraph (or heading): the copy-text before it, its
    source line, a snippet around it.  Each container's diplomatic text is read once."""

    def __init__(self) -> None:
        self._read: dict[int, tuple[str, dict[int, int]]] = {}

    def _text(self, container: nodes.Element) -> tuple[str, dict[int, int]]:
        key = id(container)
        if key not in self._read:
            text, segs = view_segments(container, "diplomatic", block_sep="")
            self._read[key] = (text, {id(t): start for t, start in segs})
        return self._read[key]

    def before(self, container: nodes.Element, target: nodes.Node) -> str:
        """The copy-text of *container* before *target*."""
        text, starts = self._text(container)
        first = target if isinstance(target, nodes.Text) else next(target.findall(nodes.Text), None)
        return text[:starts.get(id(first), len(text))]

    def line(self, container: nodes.Element | None, target: nodes.Node) -> int | None:
        if container is None or container.line is None:
            return getattr(target, "line", None)
        return container.line + self.before(container, target).count("\n")

    def snippet(self, container: nodes.Element, target: nodes.Node, width: int = 50) -> str:
        before = " ".join(self.before(container, target).split())
        word = view_text(target, "diplomatic")
        full = " ".join(self._text(container)[0].split())
        start = len(before) + (1 if before and full[len(before):len(before) + 1] == " " else 0)
        left = full[max(0, start - width):start]
        right = full[start + len(word):start + len(word) + width]
        return (("…" if start > width else "") + left + word + right
                + ("…" if start + len(word) + width < len(full) else ""))


def tooltip_body_nodes(term: Term) -> list[nodes.Node]:
    return [
        term_ref("", term.ru, script="cyrl", term=term.slug),
        nodes.Text(" · "),
        term_ref("", term.latin, script="latn", term=term.slug),
        nodes.Text(" — " + term.gloss if term.gloss else ""),
    ]


def index_entries(term: Term, target: str, main: str = "") -> addnodes.index:
    return addnodes.index(entries=[
        ("single", f"{term.latin} (Russian: {term.ru})", target, main, None),
        ("single", f"{term.ru} ({term.latin})", target, main, None),
    ], inline=True)


class TermOccurrences(SphinxTransform):
    default_priority = 845

    def apply(self, **kwargs: Any) -> None:
        env = self.env
        docname = env.current_document.docname
        domain = get_domain(env)
        registry = get_registry(env)
        labels = {
            ref: title for toctree in self.document.findall(addnodes.toctree)
            for title, ref in toctree["entries"] if title and ref
        }
        if labels:
            domain.data["toc_labels"][docname] = labels
        for glossary in self.document.findall(terms_glossary):
            domain.glossaries.setdefault(docname, glossary.line or 1)
            env.note_dependency(str(registry.path))
        if docname in domain.glossaries and env.config.terms_glossary_appendix:
            # in the PDF the glossary is an appendix (redefinable macro, see latex.py)
            self.document.insert(0, nodes.raw("", "\\edGlossaryAppendix\n", format="latex"))
        self.check_unmarked(docname, registry)
        refs = list(self.document.findall(term_ref))
        # the glossary page, and editorial pages outside terms_text_docs, talk about the
        # terms: their mentions are linked but are not occurrences in the text
        text_docs = env.config.terms_text_docs
        is_glossary = docname in domain.glossaries or (text_docs is not None and docname not in text_docs)
        if not refs:
            return
        numbers: dict[int, int] = {}
        counters: dict[int, int] = {}
        for para in self.document.findall(nodes.paragraph):
            key = id(division(para))
            counters[key] = counters.get(key, 0) + 1
            numbers[id(para)] = counters[key]
        top = next(iter(self.document.findall(nodes.section)), None)
        places = Places()
        records = []
        for node in refs:
            term = registry.terms.get(node["term"])
            if term is None:
                if node.get("unknown"):
                    container = nearest(node, (nodes.title, nodes.paragraph)) or node.parent
                    warn(logger, Warn.TERMS_UNKNOWN, node["unknown"],
                         location=(docname, places.line(container, node)))
                continue
            div = division(node)
            title = nearest(node, nodes.title)
            para = nearest(node, nodes.paragraph)
            container = title or para or node.parent
            n = env.new_serialno(f"ru-occ-{term.slug}")
            occ_id = f"ru-occ-{term.slug}-{n}"
            editorial = is_editorial(node)
            if not is_glossary and not editorial:
                records.append({
                    "term": term.slug,
                    "occ_id": occ_id,
                    # the copy-text's spelling (an apparatus entry inside the term may
                    # give the editors' reading too)
                    "spelling": view_text(node, "diplomatic"),
                    "section": division_label(div),
                    "titled": isinstance(div, nodes.section),
                    "section_id": div["ids"][0] if div is not None and div["ids"] else "",
                    "top": div is top,
                    "para": 0 if title is not None else numbers.get(id(para), 0),
                    "heading": title is not None,
                    "snippet": places.snippet(container, node),
                    "line": places.line(container, node) or 0,
                })
            # linked to the glossary (a tooltip in HTML) when the page is written
            ref = pending_ref("terms", "term", term.slug, ids=[occ_id],
                              tip_id=f"ed-tip-{occ_id}", occurrence=True)
            node.replace_self(ref)
            ref += node
            if not (is_glossary or editorial):
                ref.parent.insert(ref.parent.index(ref), index_entries(term, occ_id))
        if records:
            domain.occurrences[docname] = records
        search_entries = sorted({
            (value, target, main)
            for index_node in self.document.findall(addnodes.index)
            for (_, value, target, main, _) in index_node["entries"]
            if str(target).startswith("ru-")
        })
        if search_entries:
            domain.data.setdefault("index_entries", {})[docname] = search_entries

    def check_unmarked(self, docname: str, registry: Registry) -> None:
        pattern = unmarked_pattern(registry)
        if pattern is None:
            return
        places = Places()
        for text in list(self.document.findall(nodes.Text)):
            if any(isinstance(a, SKIP_UNMARKED) for a in ancestors(text)) or is_editorial(text):
                # code, markup, generated matter; editorial notes (the editors' own words,
                # whose lemmas quote the text) are not the text
                continue
            for match in pattern.finditer(str(text)):
                container = text.parent
                while container is not None and getattr(container, "line", None) is None:
                    container = container.parent
                line = (places.line(container, text) or 0) + str(text)[:match.start()].count("\n")
                term = registry.lookup(match.group(0))
                headword = f" ({term.ru})" if term else ""
                warn(logger, Warn.TERMS_UNMARKED,
                     f"the Russian term {match.group(0)!r}{headword} is not marked: write "
                     f"{{ru}}`{match.group(0)}` (MyST) or :ru:`{match.group(0)}` (rST)",
                     location=(docname, line or None))
