"""Visitors of the apparatus nodes for the HTML, LaTeX and text builders.

HTML: ``<span class="ed-app ed-app-TYPE" id="app-A3">`` around the lemma, the copy-text's
reading in ``<span class="ed-dipl">`` and the edition's in ``<span class="ed-crit">``; the
mark is the shared tooltip (``edition_common``); the view switch is a ``<fieldset>`` of two
radio buttons, ``hidden`` until the script shows it (without JavaScript the page shows the
critical text and the full listing).

LaTeX: the critical text, through small macros the PDF edition can redefine (reledmac)::

    \\edAppA{A3}{<critical reading of the lemma>}{<the entry in words>}
    \\edAppB{S2}{<the quotation, abbreviated>}{<its source in words>}
    \\edAppC{C1}{<the words a commentary entry concerns>}

By default ``\\edAppA`` prints the reading with a superscript label and ``\\edAppB`` the
label only; the full entries print in the per-page "Apparatus" section, which the PDF may
drop (``apparatus_latex_listing = False``) once it sets them as reledmac footnotes.

Text: the critical reading followed by ``[A3]``; the listing follows the page.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.util.docutils import SphinxTranslator

from edition_common import EDITORIAL

LATEX_PREAMBLE = r"""
% -- edition apparatus (extensions/apparatus): redefine these for reledmac -----------------
\providecommand{\edAppLabel}[1]{\textsuperscript{\sffamily\scriptsize #1}}
% #1 label, #2 critical reading of the lemma (as \edtext's lemma), #3 the entry without the
% lemma (readings with sigla, type, source, note: as \Afootnote's text)
\providecommand{\edAppA}[3]{#2\edAppLabel{#1}}
% #1 label, #2 the quotation, abbreviated (as \lemma{}), #3 its source and note (\Bfootnote)
\providecommand{\edAppB}[3]{\edAppLabel{#1}}
% #1 label, #2 the words an entry of commentary only concerns (no apparatus note)
\providecommand{\edAppC}[2]{#2}
"""


# -- HTML -------------------------------------------------------------------------------------

def visit_entry_html(self: SphinxTranslator, node: nodes.Element) -> None:
    classes = f"ed-app ed-app-{node['etype']}" + (" ed-app-changed" if node.get("changed") else "")
    self.body.append(self.starttag(node, "span", "", CLASS=classes,
                                   **{"data-ed-entry": node.get("label", "")}))


def visit_dipl_html(self: SphinxTranslator, node: nodes.Element) -> None:
    self.body.append(self.starttag(node, "span", "", CLASS="ed-dipl"))


def visit_crit_html(self: SphinxTranslator, node: nodes.Element) -> None:
    self.body.append(self.starttag(node, "span", "", CLASS="ed-crit"))


def depart_span_html(self: SphinxTranslator, node: nodes.Element) -> None:
    self.body.append("</span>")


def visit_siglum_html(self: SphinxTranslator, node: nodes.Element) -> None:
    self.body.append(self.starttag(node, "span", "", CLASS="ed-app-siglum"))


def visit_switch_html(self: SphinxTranslator, node: nodes.Element) -> None:
    self.body.append(
        self.starttag(node, "fieldset", "", CLASS="ed-view-switch", hidden="hidden")
        + '<legend>Reading view</legend>'
        '<label><input type="radio" name="ed-view" value="critical" checked="checked"> '
        'critical <span class="ed-view-hint">(the edited text)</span></label> '
        '<label><input type="radio" name="ed-view" value="diplomatic"> '
        'diplomatic <span class="ed-view-hint">(as published, errors included)</span></label>'
        "</fieldset>\n"
    )
    raise nodes.SkipNode


def visit_pass(self: SphinxTranslator, node: nodes.Node) -> None:
    pass


def depart_pass(self: SphinxTranslator, node: nodes.Node) -> None:
    pass


def visit_skip(self: SphinxTranslator, node: nodes.Node) -> None:
    raise nodes.SkipNode


# -- LaTeX ------------------------------------------------------------------------------------

def visit_entry_latex(self: SphinxTranslator, node: nodes.Element) -> None:
    macro = r"\edAppC" if node.get("series") == "C" else r"\edAppA"
    self.body.append(macro + "{%s}{" % self.encode(node.get("label", "")))


def depart_entry_latex(self: SphinxTranslator, node: nodes.Element) -> None:
    if node.get("series") == "C":  # commentary only: printed in the appendix, not at the foot
        self.body.append("}")
        return
    self.body.append("}{%s}" % self.encode(node.get("apparatus", "")))


def visit_dipl_latex(self: SphinxTranslator, node: nodes.Element) -> None:
    raise nodes.SkipNode  # the PDF prints the critical text; the apparatus gives the copy-text's


def visit_mark_latex(self: SphinxTranslator, node: nodes.Element) -> None:
    label = node.get("label", "")
    self.body.append(self.hypertarget(f"app-mark-{label}"))
    if not node.get("has_entry"):
        self.body.append(r"\edAppB{%s}{%s}{%s}" % (
            self.encode(label), self.encode(node.get("lemma", "")), self.encode(node.get("apparatus", ""))))
    raise nodes.SkipNode


# -- text -------------------------------------------------------------------------------------

def visit_dipl_text(self: SphinxTranslator, node: nodes.Element) -> None:
    raise nodes.SkipNode


def visit_mark_text(self: SphinxTranslator, node: nodes.Element) -> None:
    self.add_text(f"[{node.get('label', '')}]")
    raise nodes.SkipNode


def visit_mark_other(self: SphinxTranslator, node: nodes.Element) -> None:
    """man, texinfo: ``[A3]`` as text of that format (its translator escapes it)."""
    nodes.Text(f"[{node.get('label', '')}]").walkabout(self)
    raise nodes.SkipNode


def register(app) -> None:
    from .nodes import (
        app_crit, app_dipl, app_entry, app_interventions, app_mark, app_siglum, app_view_switch,
    )

    others = ("man", "texinfo")
    app.add_node(
        app_entry,
        html=(visit_entry_html, depart_span_html),
        latex=(visit_entry_latex, depart_entry_latex),
        text=(visit_pass, depart_pass),
        **{f: (visit_pass, depart_pass) for f in others},
    )
    app.add_node(
        app_dipl,
        html=(visit_dipl_html, depart_span_html),
        latex=(visit_dipl_latex, None),
        text=(visit_dipl_text, None),
        **{f: (visit_skip, None) for f in others},
    )
    app.add_node(
        app_crit,
        html=(visit_crit_html, depart_span_html),
        latex=(visit_pass, depart_pass),
        text=(visit_pass, depart_pass),
        **{f: (visit_pass, depart_pass) for f in others},
    )
    app.add_node(
        app_mark,
        html=(visit_pass, depart_pass),
        latex=(visit_mark_latex, None),
        text=(visit_mark_text, None),
        **{f: (visit_mark_other, None) for f in others},
    )
    app.add_node(
        app_siglum,
        html=(visit_siglum_html, depart_span_html),
        **{f: (visit_pass, depart_pass) for f in ("latex", "text", *others)},
    )
    app.add_node(
        app_view_switch,
        html=(visit_switch_html, None),
        **{f: (visit_skip, None) for f in ("latex", "text", *others)},
    )
    app.add_node(
        app_interventions,
        **{f: (visit_skip, None) for f in ("html", "latex", "text", *others)},
    )
