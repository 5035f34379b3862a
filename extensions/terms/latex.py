"""LaTeX visitors (the macros are in ``texinputs/edition-terms.sty``).

An occurrence is ``\\edTerm{<printed form>}{<label of its glossary entry>}``; the printed
form is ``\\edTranslit{...}`` (a transliteration: italic) or ``\\edRussian{...}`` (Cyrillic,
set with ``\\foreignlanguage{russian}`` so that Russian hyphenation applies; the edition's
conf.py loads polyglossia with Russian under LuaLaTeX and a font with Cyrillic), holding the
term's content as the writer writes it (an apparatus entry inside a term stays an entry).
Cyrillic and transliterated forms in the glossary are the same two macros without
``\\edTerm``.  In headings the macro is wrapped in ``\\texorpdfstring`` for the PDF
bookmarks, which get the critical reading as plain text.  An occurrence in running text is
also a ``\\label`` that the glossary's back-links point to.  Unless
``terms_glossary_appendix`` is off, the glossary page opens with ``\\edGlossaryAppendix``
(``\\appendix``).  The PDF edition (extensions/pdf_edition) may redefine every macro.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes

from edition_common import enclosing, view_text

from .nodes import term_ref


def visit_term_ref(self: Any, node: term_ref) -> None:
    if node["ids"] and not enclosing(node, nodes.title):
        self.body.append(self.hypertarget(node["ids"][0], anchor=True))
    self.pushbody([])


def depart_term_ref(self: Any, node: term_ref) -> None:
    inner = "".join(self.popbody())
    macro = r"\edRussian" if node.get("script") == "cyrl" else r"\edTranslit"
    printed = f"{macro}{{{inner}}}"
    if node.get("occurrence"):
        printed = rf"\edTerm{{{printed}}}{{{node.get('glossary_label', '')}}}"
    if enclosing(node, nodes.title):
        plain = self.encode(view_text(node, "critical"))
        printed = rf"\texorpdfstring{{{printed}}}{{{plain}}}"
    self.body.append(printed)
