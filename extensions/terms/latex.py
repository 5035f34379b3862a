"""LaTeX visitors and preamble.

An occurrence is ``\\edTerm{<printed form>}{<label of its glossary entry>}``; the printed
form is ``\\edTranslit{...}`` (a transliteration: italic) or ``\\edRussian{...}`` (Cyrillic,
set with ``\\foreignlanguage{russian}`` so that Russian hyphenation applies; the edition's
conf.py loads polyglossia with Russian under LuaLaTeX and a font with Cyrillic).  Cyrillic and
transliterated forms in the glossary are the same two macros without ``\\edTerm``.  In
headings the macro is wrapped in ``\\texorpdfstring`` for the PDF bookmarks.  An occurrence
in running text is also a ``\\label`` that the glossary's back-links point to.  Unless
``terms_glossary_appendix`` is off, the glossary page opens with ``\\edGlossaryAppendix``
(``\\appendix``).  The macros are the PDF edition's (extensions/pdf_edition); this
extension's preamble snippet only provides them (``\\providecommand``) for projects without it.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.util.docutils import SphinxTranslator

from edition_common import tooltip

from .nodes import term_ref
from .transforms import ancestors

PREAMBLE = r"""
% -- Russian terms (extensions/terms); the PDF edition's package may define them first --
\providecommand{\edTranslit}[1]{{\itshape #1}}
\providecommand{\edRussian}[1]{\foreignlanguage{russian}{#1}}
\providecommand{\edTerm}[2]{\ifx\relax#2\relax#1\else\hyperref[#2]{#1}\fi}
\providecommand{\edGlossaryAppendix}{\appendix}
"""


def visit_term_ref(self: Any, node: term_ref) -> None:
    macro = r"\edRussian" if node.get("script") == "cyrl" else r"\edTranslit"
    text = self.encode(node.astext())
    printed = f"{macro}{{{text}}}"
    if node.get("occ_id"):
        printed = rf"\edTerm{{{printed}}}{{{node.get('glossary_label', '')}}}"
    in_title = any(isinstance(a, nodes.title) for a in ancestors(node))
    parent = node.parent
    if in_title:
        self.body.append(rf"\texorpdfstring{{{printed}}}{{{text}}}")
        raise nodes.SkipNode
    label = ""
    ids = parent.get("ids") if isinstance(parent, tooltip) else None
    if ids and node.get("occ_id"):
        label = self.hypertarget(ids[0], anchor=True)
    self.body.append(f"{label}{printed}")
    raise nodes.SkipNode


def add_preamble(app: Any, config: Any) -> None:
    elements = config.latex_elements
    preamble = elements.get("preamble", "")
    if PREAMBLE not in preamble:
        elements["preamble"] = preamble + PREAMBLE
