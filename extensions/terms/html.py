"""HTML visitors: an occurrence (or a Cyrillic/transliterated form in the glossary or a
tooltip) is a ``<span>`` with ``lang`` (``ru`` or ``ru-Latn``) and the classes ``ed-term
ed-term-cyrl|latn``; ``terms.css`` sets transliterations in italics.  Occurrences in running
text are wrapped in the shared tooltip (see :mod:`.transforms`)."""

from __future__ import annotations

from sphinx.util.docutils import SphinxTranslator

from edition_common import tooltip

from .nodes import term_ref


def _is_anchor(node: term_ref) -> bool:
    """The occurrence is its tooltip's anchor, whose ``<a>`` carries the same classes and
    ``lang``: no ``<span>`` of its own."""
    return isinstance(node.parent, tooltip) and node.parent.get("ed_term") == node.get("term")


def visit_term_ref(self: SphinxTranslator, node: term_ref) -> None:
    if _is_anchor(node):
        return
    classes = f"ed-term ed-term-{node.get('script', 'latn')}"
    self.body.append(self.starttag(node, "span", "", CLASS=classes, lang=node.lang))


def depart_term_ref(self: SphinxTranslator, node: term_ref) -> None:
    if not _is_anchor(node):
        self.body.append("</span>")
