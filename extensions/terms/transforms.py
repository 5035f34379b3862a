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
    Warn,
    hidden_in,
    in_view,
    pending_ref,
    text_pages,
    tooltip_body,
    view_text,
    warn,
)
from edition_common.places import Places

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


def running_text(document: nodes.document) -> list[nodes.Text]:
    """The Text nodes of the copy-text's running text, in one walk: not inside code, markup
    or generated matter (:data:`SKIP_UNMARKED`), nor anything the diplomatic view leaves
    out (editorial notes, whose lemmas quote the text, popups, the editors' readings)."""
    found: list[nodes.Text] = []

    def walk(node: nodes.Element) -> None:
        for child in node.children:
            if isinstance(child, nodes.Text):
                found.append(child)
            elif not (isinstance(child, SKIP_UNMARKED) or hidden_in(child, "diplomatic")):
                walk(child)

    walk(document)
    return found


def is_editorial(node: nodes.Node) -> bool:
    """Whether *node* is not the copy-text's: editorial matter (notes, marks, headers,
    listings), a popup, the editors' reading of an apparatus entry."""
    return not in_view(node, "diplomatic")


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
        domain.note_placeholders(env, self.document, terms_glossary, "glossaries",
                                 registry.path)
        if docname in domain.glossaries and env.config.terms_glossary_appendix:
            # in the PDF the glossary is an appendix (redefinable macro, see latex.py)
            self.document.insert(0, nodes.raw("", "\\edGlossaryAppendix\n", format="latex"))
        self.check_unmarked(docname, registry)
        refs = list(self.document.findall(term_ref))
        # the glossary page, and editorial pages outside edition_text_pages, talk about the
        # terms: their mentions are linked but are not occurrences in the text
        # (the pages that exist: a misnamed one is edition.missing_page, not an unused term)
        text_docs = [d for d in text_pages(env.config) if d in env.found_docs]
        is_glossary = docname in domain.glossaries or bool(text_docs and docname not in text_docs)
        if not refs:
            return
        places = Places(self.document)
        records = []
        for node in refs:
            term = registry.terms.get(node["term"])
            if term is None:
                if node.get("unknown"):
                    warn(logger, Warn.TERMS_UNKNOWN, node["unknown"],
                         location=(docname, places.line(places.container(node), node)))
                continue
            n = env.new_serialno(f"ru-occ-{term.slug}")
            occ_id = f"ru-occ-{term.slug}-{n}"
            editorial = is_editorial(node)
            if not is_glossary and not editorial:
                place = places.place(node)
                del place["editorial"], place["note_key"]
                records.append({
                    "term": term.slug,
                    "occ_id": occ_id,
                    # the copy-text's spelling (an apparatus entry inside the term may
                    # give the editors' reading too)
                    "spelling": view_text(node, "diplomatic"),
                    **place,
                })
            # linked to the glossary (a tooltip in HTML) when the page is written
            ref = pending_ref("terms", "term", term.slug, ids=[occ_id],
                              occurrence=True)
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
        places = Places(self.document)
        for text in running_text(self.document):
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
