"""Nodes of the citations extension and their HTML, LaTeX and text visitors.

* :class:`cite_as` — a citation: the author's own words (its children), or the editors'
  citation in the edition's style, linked to one or more bibliography entries with
  locators (``targets``).  After reading it holds a :func:`edition_common.make_tooltip`
  and sits in a ``pending_xref`` to its first work, which the ``edcite`` domain resolves
  for the builder.  HTML: ``<span class="ed-cite" id="cite-ref-N">``; LaTeX:
  ``\\edCite{words}{label}`` (the label of the works-cited entry, ``edcite:KEY``, or empty;
  the PDF extension defines the macro, :data:`LATEX_PREAMBLE` is the fallback); text: the
  words only.
* :class:`works_cited_list` — placeholder for the generated works-cited list (replaced
  when the document is resolved; never reaches a writer).
"""

from __future__ import annotations

from docutils import nodes
from sphinx.util.docutils import SphinxTranslator

from edition_common import add_node

#: The LaTeX macros this extension emits; the PDF helper may redefine them.
LATEX_PREAMBLE = r"""
% citations extension: \edCite{the author's words}{label of the works-cited entry or empty}
\providecommand{\edCite}[2]{#1}
"""


class cite_as(nodes.Inline, nodes.TextElement):
    """A citation.  ``targets``: list of ``(key, locator)``; ``editorial``: the words are
    the editors' (no words of the author); ``place``: the place's name when the construct
    that makes the citation names it ("apparatus S2"), instead of its paragraph."""


class works_cited_list(nodes.General, nodes.Element):
    """Where the works-cited (or works-consulted, or differences) list goes."""


def visit_cite_as_html(self: SphinxTranslator, node: cite_as) -> None:
    classes = ["ed-cite"] + (["ed-editorial"] if node.get("editorial") else [])
    self.body.append(self.starttag(node, "span", "", CLASS=" ".join(classes)))


def depart_cite_as_html(self: SphinxTranslator, node: cite_as) -> None:
    self.body.append("</span>")


def visit_cite_as_latex(self: SphinxTranslator, node: cite_as) -> None:
    # no \label here: the copy-text is reledmac's numbered text in the PDF; the
    # works-cited page's back-references are plain text in LaTeX (see transforms.backrefs)
    self.body.append(r"\edCite{")


def depart_cite_as_latex(self: SphinxTranslator, node: cite_as) -> None:
    # the label of the work's entry, set when the domain resolved the citation (or none)
    self.body.append("}{" + node.get("latex_target", "") + "}")


def register(app) -> None:
    add_node(app, cite_as, html=(visit_cite_as_html, depart_cite_as_html),
             latex=(visit_cite_as_latex, depart_cite_as_latex))
    # replaced when the page is written; nothing to write if one survives
    add_node(app, works_cited_list, default="skip")
