"""HTML visitors: an occurrence (or a Cyrillic/transliterated form in the glossary or a
tooltip) is a ``<span>`` with ``lang`` (``ru`` or ``ru-Latn``) and the classes ``ed-term
ed-term-cyrl|latn``; ``terms.css`` sets transliterations in italics.  Occurrences in running
text are wrapped in the shared tooltip (see :mod:`.transforms`)."""

from __future__ import annotations

from sphinx.util.docutils import SphinxTranslator

from .nodes import term_ref


def visit_term_ref(self: SphinxTranslator, node: term_ref) -> None:
    classes = f"ed-term ed-term-{node.get('script', 'latn')}"
    self.body.append(self.starttag(node, "span", "", CLASS=classes, lang=node.lang))


def depart_term_ref(self: SphinxTranslator, node: term_ref) -> None:
    self.body.append("</span>")
