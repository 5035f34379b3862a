"""Visitors of the apparatus nodes for the HTML, LaTeX and text builders.

HTML: ``<span class="ed-app ed-app-TYPE" id="app-A3">`` around the lemma, the copy-text's
reading in ``<span class="ed-dipl">`` and the edition's in ``<span class="ed-crit">``; the
mark is the shared tooltip (``edition_common``); the view switch is a ``<fieldset>`` of two
radio buttons, ``hidden`` until the script shows it (without JavaScript the page shows the
critical text and the full listing).

LaTeX: the critical text, through the macros of ``texinputs/edition-apparatus.sty``, which
the PDF edition redefines (reledmac)::

    \\edNextLemma{first … last}          (before an entry of more than four words)
    \\edAppA{A3}{<critical reading of the lemma>}{<the entry in words>}
    \\edAppB{S2}{<the quotation, abbreviated>}{<its source in words>}
    \\edAppC{C1}{<the words a commentary entry concerns>}
    \\edAppWhere{<page>}{A3}              (in the appendix: where the entry is printed)

By default ``\\edAppA`` prints the reading with a superscript label and ``\\edAppB`` the
label only; the full entries print in the per-page "Apparatus" section, which the PDF may
drop (``apparatus_latex_listing = False``) once it sets them as reledmac footnotes.

Text: the critical reading followed by ``[A3]``; the listing follows the page.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.util.docutils import SphinxTranslator

from edition_common import PASS, _, add_node, latex_doc_key, view_text

from .nodes import (
    app_crit, app_dipl, app_entry, app_interventions, app_mark, app_view_switch, app_where,
)

#: an entry of more words than this gets a short lemma in the PDF's apparatus: "first … last"
SHORT_LEMMA_WORDS = 4


def short_lemma(node: app_entry) -> str:
    """reledmac's lemma for a long entry: its first and last words (critical view)."""
    words = view_text(node, "critical").split()
    return f"{words[0]} … {words[-1]}" if len(words) > SHORT_LEMMA_WORDS else ""


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


def visit_switch_html(self: SphinxTranslator, node: nodes.Element) -> None:
    self.body.append(
        self.starttag(node, "fieldset", "", CLASS="ed-view-switch", hidden="hidden")
        + f"<legend>{self.encode(_('Reading view'))}</legend>"
        '<label><input type="radio" name="ed-view" value="critical" checked="checked"> '
        f"{self.encode(_('critical'))} <span class=\"ed-view-hint\">"
        f"{self.encode(_('(the edited text)'))}</span></label> "
        '<label><input type="radio" name="ed-view" value="diplomatic"> '
        f"{self.encode(_('diplomatic'))} <span class=\"ed-view-hint\">"
        f"{self.encode(_('(as published, errors included)'))}</span></label>"
        "</fieldset>\n"
    )
    raise nodes.SkipNode


# -- LaTeX ------------------------------------------------------------------------------------

def visit_entry_latex(self: Any, node: nodes.Element) -> None:
    if node.get("series") == "C":  # commentary only: printed in the appendix, not at the foot
        self.body.append(r"\edAppC{%s}{" % self.encode(node.get("label", "")))
        self.context.append("}")
        return
    short = short_lemma(node)
    if short:  # through the writer's visit_Text: escaped, Cyrillic marked as the text is
        self.body.append(r"\edNextLemma{")
        nodes.Text(short).walkabout(self)
        self.body.append("}")
    self.body.append(r"\edAppA{%s}{" % self.encode(node.get("label", "")))
    self.context.append("}{%s}" % self.encode(node.get("apparatus", "")))


def depart_entry_latex(self: Any, node: nodes.Element) -> None:
    self.body.append(self.context.pop())


def visit_mark_latex(self: Any, node: nodes.Element) -> None:
    label = node.get("label", "")
    self.body.append(self.hypertarget(f"app-mark-{label}"))
    if not node.get("has_entry"):
        self.body.append(r"\edAppB{%s}{%s}{%s}" % (
            self.encode(label), self.encode(node.get("lemma", "")),
            self.encode(node.get("apparatus", ""))))
    raise nodes.SkipNode


def visit_where_latex(self: Any, node: nodes.Element) -> None:
    """In the appendix: where the entry is in the PDF (a reledmac ``\\edlabel`` that
    ``\\edAppA`` leaves)."""
    self.body.append(r"\edAppWhere{%s}{%s}" % (latex_doc_key(node["docname"]),
                                               self.encode(node["label"])))
    raise nodes.SkipNode


# -- text -------------------------------------------------------------------------------------

def visit_mark_text(self: SphinxTranslator, node: nodes.Element) -> None:
    self.add_text(f"[{node.get('label', '')}]")
    raise nodes.SkipNode


def visit_mark_other(self: SphinxTranslator, node: nodes.Element) -> None:
    """man, texinfo: ``[A3]`` as text of that format (its translator escapes it)."""
    nodes.Text(f"[{node.get('label', '')}]").walkabout(self)
    raise nodes.SkipNode


def register(app: Any) -> None:
    add_node(app, app_entry, html=(visit_entry_html, depart_span_html),
             latex=(visit_entry_latex, depart_entry_latex))
    # the critical text everywhere but HTML (which has both, and a switch)
    add_node(app, app_dipl, default="skip", html=(visit_dipl_html, depart_span_html))
    add_node(app, app_crit, html=(visit_crit_html, depart_span_html))
    add_node(app, app_mark, html=PASS, latex=(visit_mark_latex, None),
             text=(visit_mark_text, None), man=(visit_mark_other, None),
             texinfo=(visit_mark_other, None))
    add_node(app, app_view_switch, default="skip", html=(visit_switch_html, None))
    add_node(app, app_interventions, default="skip")
    add_node(app, app_where, default="skip", latex=(visit_where_latex, None))
