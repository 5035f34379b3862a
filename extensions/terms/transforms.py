"""Read-time work on each document that marks Russian terms.

:class:`TermOccurrences` (a transform, so it runs in the reading process, also in a
parallel read) records every occurrence in the ``terms`` domain with its page, section,
paragraph number and a snippet; wraps each occurrence in running text in the shared tooltip
(the link to the glossary is filled in when the document is resolved, see :mod:`.resolve`);
adds general-index entries under the Latin and the Cyrillic form; and warns
(``terms.unmarked``) when a registered spelling appears in the text without the role.
Occurrences in headings stay bare here, because Sphinx copies headings into the tables of
contents; they become tooltips only in the page itself.
"""

from __future__ import annotations

import re
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms import SphinxTransform
from sphinx.util import logging

from edition_common import (
    CRITICAL, DIPLOMATIC, EDITORIAL, diplomatic_only, make_tooltip, reading_text, tooltip,
    tooltip_body, warn,
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


#: Containers of the notes extension that the glossary names instead of the enclosing
#: section (by node name, so that this extension does not depend on that one).
DIVISIONS = {"author_note": "note {number}", "reader_comment": "comment {number}"}


#: Editorial containers of the notes extension: a term in them is marked and linked, but
#: it is the editors' word, not an occurrence in the text.
EDITORIAL_NODES = {
    "editorial_note", "editorial_notes_section", "comment_header",  # notes extension
    "app_mark", "app_pending", "app_crit", "app_interventions",  # apparatus: the editors' words
}
EDITORIAL_CLASSES = {EDITORIAL, CRITICAL}


def is_editorial(node: nodes.Node) -> bool:
    return any(
        a.tagname in EDITORIAL_NODES or EDITORIAL_CLASSES & set(a.get("classes", []))
        for a in ancestors(node) if isinstance(a, nodes.Element)
    )


def division(node: nodes.Node) -> nodes.Element | None:
    """The nearest section, author's note or reader comment around *node*."""
    parent = node.parent
    while parent is not None:
        if isinstance(parent, nodes.section) or (
            parent.tagname in DIVISIONS and parent.get("number") is not None
        ):
            return parent
        parent = parent.parent
    return None


def division_label(div: nodes.Element | None) -> str:
    if div is None:
        return ""
    if isinstance(div, nodes.section):
        return reading_text(div[0]) if len(div) and isinstance(div[0], nodes.title) else ""
    return DIVISIONS[div.tagname].format(number=div["number"])


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


class ContainerText:
    """The text of one paragraph (or heading), read once, with where each Text node is.

    Line numbers count the source's line breaks in the Text nodes of the source (the
    editors' popups and readings inserted by other transforms left out); snippets are cut
    from the paragraph's reading text (spaces normalised; popups, editorial matter and
    replaced copy-text readings left out).  One walk per paragraph, so that a paragraph with
    thousands of terms costs time in proportion to its length, not to its square.
    """

    def __init__(self, container: nodes.Element) -> None:
        self.newlines: dict[int, int] = {}  # id(Text) -> line breaks before it
        self.offsets: dict[int, int] = {}  # id(Text) -> offset in self.text (reading text)
        parts: list[str] = []
        length = 0
        newlines = 0
        space = False  # a space is pending between words

        def walk(node: nodes.Node, source: bool, reading: bool) -> None:
            nonlocal length, newlines, space
            if isinstance(node, nodes.Text):
                value = str(node)
                if source:
                    self.newlines[id(node)] = newlines
                    newlines += value.count("\n")
                if reading:
                    words = value.split()
                    if value[:1].isspace() and length:
                        space = True
                    if not words:
                        self.offsets[id(node)] = length + (1 if space and length else 0)
                        return
                    if space:
                        parts.append(" ")
                        length += 1
                    self.offsets[id(node)] = length
                    joined = " ".join(words)
                    parts.append(joined)
                    length += len(joined)
                    space = value[-1].isspace()
                return
            if isinstance(node, (tooltip_body, nodes.system_message)):
                return
            classes = set(node.get("classes", [])) if isinstance(node, nodes.Element) else set()
            if EDITORIAL in classes:
                return
            in_source = source and CRITICAL not in classes and node.tagname != "app_crit"
            in_reading = reading and not isinstance(node, (diplomatic_only, nodes.Invisible)) \
                and DIPLOMATIC not in classes
            for child in node.children:
                walk(child, in_source, in_reading)

        walk(container, True, True)
        self.text = "".join(parts)

    def first_text(self, target: nodes.Node) -> nodes.Text | None:
        return target if isinstance(target, nodes.Text) else next(target.findall(nodes.Text), None)

    def line_offset(self, target: nodes.Node) -> int:
        text = self.first_text(target)
        return self.newlines.get(id(text), 0) if text is not None else 0

    def snippet(self, target: nodes.Node, width: int = 50) -> str:
        word = " ".join(target.astext().split())
        text = self.first_text(target)
        start = self.offsets.get(id(text)) if text is not None else None
        if start is None:
            return word
        full = self.text
        left = full[max(0, start - width):start]
        right = full[start + len(word):start + len(word) + width]
        return (("…" if start > width else "") + left + word + right
                + ("…" if start + len(word) + width < len(full) else ""))


class TextCache(dict):
    """:class:`ContainerText` per container, made on first use (before the container is
    changed: later changes insert popups, which the index leaves out anyway)."""

    def of(self, container: nodes.Element) -> ContainerText:
        found = self.get(id(container))
        if found is None or found[0] is not container:
            found = self[id(container)] = (container, ContainerText(container))
        return found[1]


def line_of(container: nodes.Element | None, target: nodes.Node, cache: TextCache | None = None) -> int | None:
    if container is None or container.line is None:
        return getattr(target, "line", None)
    return container.line + (cache if cache is not None else TextCache()).of(container).line_offset(target)


def snippet(container: nodes.Element, target: nodes.Node, width: int = 50,
            cache: TextCache | None = None) -> str:
    return (cache if cache is not None else TextCache()).of(container).snippet(target, width)


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
        cache = TextCache()
        self.check_unmarked(docname, registry, cache)
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
        records = []
        for node in refs:
            term = registry.terms.get(node["term"])
            if term is None:
                if node.get("unknown"):
                    container = nearest(node, (nodes.title, nodes.paragraph)) or node.parent
                    warn(logger, node["unknown"], type="terms", subtype="unknown",
                         location=(docname, line_of(container, node, cache)))
                continue
            section = nearest(node, nodes.section)
            div = division(node)
            title = nearest(node, nodes.title)
            para = nearest(node, nodes.paragraph)
            container = title or para or node.parent
            n = env.new_serialno(f"ru-occ-{term.slug}")
            occ_id = f"ru-occ-{term.slug}-{n}"
            node["occ_id"] = occ_id
            record = {
                "term": term.slug,
                "occ_id": occ_id,
                "spelling": node.astext(),
                "section": division_label(div),
                "section_id": div["ids"][0] if div is not None and div["ids"] else "",
                "top": div is top,
                "para": 0 if title is not None else numbers.get(id(para), 0),
                "heading": title is not None,
                "snippet": snippet(container, node, cache=cache),
                "line": line_of(container, node, cache) or 0,
            }
            editorial = is_editorial(node)
            if not is_glossary and not editorial:
                records.append(record)
            parent = node.parent
            index = parent.index(node)
            entries = index_entries(term, occ_id) if not (is_glossary or editorial) else []
            if title is not None:
                # reserve the tooltip's id now, so that it does not depend on write order
                node["tip_serial"] = env.new_serialno("ed-tip")
                parent[index:index] = entries if isinstance(entries, list) else [entries]
                continue
            parent.remove(node)
            tip = make_tooltip(
                self.document, [node], tooltip_body_nodes(term), lang=node.lang,
                anchor_classes=["ed-term", f"ed-term-{node['script']}"], classes=["ed-term-tip"],
            )
            tip["ids"].append(occ_id)
            tip["ed_term"] = term.slug
            parent[index:index] = ([] if isinstance(entries, list) else [entries]) + [tip]
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

    def check_unmarked(self, docname: str, registry: Registry, cache: TextCache) -> None:
        pattern = unmarked_pattern(registry)
        if pattern is None:
            return
        for text in list(self.document.findall(nodes.Text)):
            if any(isinstance(a, SKIP_UNMARKED) for a in ancestors(text)) or is_editorial(text):
                # code, markup, generated matter; editorial notes (the editors' own words,
                # whose lemmas quote the text) are not the text
                continue
            for match in pattern.finditer(str(text)):
                container = text.parent
                while container is not None and getattr(container, "line", None) is None:
                    container = container.parent
                line = (line_of(container, text, cache) or 0) + str(text)[:match.start()].count("\n")
                term = registry.lookup(match.group(0))
                headword = f" ({term.ru})" if term else ""
                warn(logger, f"the Russian term {match.group(0)!r}{headword} is not marked: write "
                     f"{{ru}}`{match.group(0)}` (MyST) or :ru:`{match.group(0)}` (rST)",
                     type="terms", subtype="unmarked", location=(docname, line or None))
