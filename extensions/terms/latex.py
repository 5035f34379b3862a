"""LaTeX visitors and preamble.

A transliteration is ``\\edTerm{...}`` (italic), Cyrillic is ``\\edTermCyr{...}`` (set with
polyglossia's/babel's ``\\foreignlanguage{russian}``, so that Russian hyphenation applies;
the edition's conf.py loads polyglossia with Russian under LuaLaTeX and a font with Cyrillic).
In headings the macro is wrapped in ``\\texorpdfstring`` for the PDF bookmarks.  An
occurrence in running text is also a ``\\label`` that the glossary's back-links point to.
The glossary page opens with ``\\edGlossaryAppendix`` (``\\appendix``).  All three macros are
defined with ``\\providecommand`` in one preamble snippet, so the PDF set-up may define them
first.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.util.docutils import SphinxTranslator

from edition_common import tooltip

from .nodes import term_ref

PREAMBLE = r"""
% -- Russian terms (extensions/terms) --
\providecommand{\edTerm}[1]{\textit{#1}}
\providecommand{\edTermCyr}[1]{\foreignlanguage{russian}{#1}}
\providecommand{\edGlossaryAppendix}{\appendix}
"""


def visit_term_ref(self: Any, node: term_ref) -> None:
    macro = r"\edTermCyr" if node.get("script") == "cyrl" else r"\edTerm"
    text = self.encode(node.astext())
    in_title = any(isinstance(a, nodes.title) for a in _ancestors(node))
    parent = node.parent
    if in_title:
        self.body.append(rf"\texorpdfstring{{{macro}{{{text}}}}}{{{text}}}")
        raise nodes.SkipNode
    label = ""
    ids = parent.get("ids") if isinstance(parent, tooltip) else None
    if ids and node.get("occ_id"):
        label = self.hypertarget(ids[0], anchor=True)
    self.body.append(f"{label}{macro}{{{text}}}")
    raise nodes.SkipNode


def _ancestors(node: nodes.Node) -> list[nodes.Node]:
    result, parent = [], node.parent
    while parent is not None:
        result.append(parent)
        parent = parent.parent
    return result


def add_preamble(app: Any, config: Any) -> None:
    elements = config.latex_elements
    preamble = elements.get("preamble", "")
    if PREAMBLE not in preamble:
        elements["preamble"] = preamble + PREAMBLE
