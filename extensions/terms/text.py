"""Text builder: an occurrence is its text as written (no markup); the glossary is made of
standard nodes."""

from __future__ import annotations

from sphinx.util.docutils import SphinxTranslator

from .nodes import term_ref


def visit_term_ref(self: SphinxTranslator, node: term_ref) -> None:
    pass


def depart_term_ref(self: SphinxTranslator, node: term_ref) -> None:
    pass


def visit_placeholder(self: SphinxTranslator, node: object) -> None:
    from docutils import nodes

    raise nodes.SkipNode
