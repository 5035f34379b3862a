"""The edition's LaTeX writer: Sphinx's LaTeX translator with line-numbered copy-text.

What it changes, and only in the LaTeX output:

* the pages named in ``pdf_edition_numbered_documents`` (by default ``edition_text_pages``) are
  set between ``\\edBeginNumbered`` and ``\\edEndNumbered`` (reledmac's
  ``\\beginnumbering`` … ``\\endnumbering``); each of their paragraphs between ``\\edPstart``
  and ``\\edPend`` (``\\pstart`` … ``\\pend``), so that every line of the copy-text is
  numbered and the apparatus can key its notes to line numbers;
* in those pages block quotations and lists are not LaTeX environments (reledmac numbers
  paragraphs, not list items) but groups that widen the margins (``\\edBeginQuote``,
  ``\\edBeginList``), each item's label hanging in the margin of its first paragraph
  (``\\edItem{label}``); headings are numbered lines (``\\edSection`` …, reledmac's
  ``\\eledsection`` …);
* the pages named in ``pdf_edition_appendix_documents`` start the appendices
  (``\\edAppendices``);
* every run of Cyrillic letters is wrapped in ``\\edRussian{…}`` (polyglossia's Russian:
  hyphenation and the Cyrillic font), in any page and any construct;
* the pages in ``pdf_edition_skip_documents`` are left out (listings whose content the PDF
  prints elsewhere, e.g. the editorial notes, which follow the text of their page);
* the root page's own prose is left out (the title page says it), unless
  ``pdf_edition_print_root_body`` is true.

All the macros are defined in ``pdf-edition.sty``; EDITORS-GUIDE.md lists them.
"""

from __future__ import annotations

import re
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.writers.latex import LaTeXTranslator

from edition_common import EDITORIAL, latex_doc_key, passage_id
from edition_common.passages import NUMBER

try:  # Sphinx's own footnote node for LaTeX
    from sphinx.builders.latex.nodes import footnotetext
except ImportError:  # pragma: no cover
    footnotetext = nodes.footnote  # type: ignore[assignment,misc]

#: Runs of Cyrillic letters, with the spaces and punctuation between Cyrillic words.
CYRILLIC_RUN = re.compile(
    r"[\u0400-\u04ff\u0500-\u052f]+(?:[\s,\-–—’']+[\u0400-\u04ff\u0500-\u052f]+)*")

#: Inside these, paragraphs are ordinary LaTeX paragraphs even in numbered text.
PLAIN_CONTEXTS: tuple[type[nodes.Node], ...] = (
    nodes.footnote, footnotetext, nodes.table, nodes.Admonition, nodes.topic,
    nodes.sidebar, nodes.figure, nodes.caption, nodes.line_block, nodes.definition_list,
    nodes.field_list, nodes.option_list, nodes.citation, nodes.title, nodes.rubric,
)

#: A class an extension may put on any element whose paragraphs must stay un-numbered;
#: editorial matter (``ed-editorial``) is never line-numbered either: the line numbers
#: count the copy-text.
PLAIN_CLASS = "ed-pdf-plain"
PLAIN_CLASSES = {PLAIN_CLASS, EDITORIAL}

#: A word too long for a line unless broken: an address typed as text ("marxists.org/…").
#: LaTeX breaks such a word nowhere (Sphinx's hyphens do not break): it may break after
#: each slash and hyphen in it.
LONG_PATH = re.compile(r"\S{24,}")

#: An anchor as Sphinx writes it: \phantomsection (optional) and \label{\detokenize{...}}.
ANCHOR = re.compile(r"(?:\\phantomsection)?\\label\{\\detokenize\{[^{}]*\}\}")

SECTION_MACROS = {"section": "edSection", "subsection": "edSubsection"}


def roman(n: int) -> str:
    out = []
    for value, digits in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"),
                          (90, "xc"), (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"),
                          (4, "iv"), (1, "i")):
        while n >= value:
            out.append(digits)
            n -= value
    return "".join(out)


def enum_label(node: nodes.enumerated_list, index: int) -> str:
    """The printed label of item *index* (0-based) of an enumerated list: "1.", "b)"."""
    n = node.get("start", 1) + index
    kind = node.get("enumtype", "arabic")
    if kind == "loweralpha" and n <= 26:
        body = chr(96 + n)
    elif kind == "upperalpha" and n <= 26:
        body = chr(64 + n)
    elif kind == "lowerroman":
        body = roman(n)
    elif kind == "upperroman":
        body = roman(n).upper()
    else:
        body = str(n)
    return f"{node.get('prefix', '')}{body}{node.get('suffix', '.')}"


class EditionLaTeXTranslator(LaTeXTranslator):
    """Sphinx's LaTeX translator, with reledmac line numbering for the copy-text pages."""

    def __init__(self, document: nodes.document, builder: Any, theme: Any) -> None:
        super().__init__(document, builder, theme)
        config = builder.config
        self.ed_numbered_docs: set[str] = set(config.pdf_edition_numbered_documents)
        self.ed_appendix_docs: set[str] = set(config.pdf_edition_appendix_documents)
        self.ed_skip_docs: set[str] = set(config.pdf_edition_skip_documents)
        self.ed_print_root_body: bool = config.pdf_edition_print_root_body
        # the contents list the text's sections too (Sphinx takes the root toctree's depth)
        self.elements["tocdepth"] = "\\setcounter{tocdepth}{2}"
        if config.pdf_edition_contents_name:
            self.elements["contentsname"] = self.babel_renewcommand(
                "\\contentsname", self.encode(config.pdf_edition_contents_name))
        self.ed_file_numbered: list[bool] = []
        self.ed_pstart_depth = 0
        self.ed_title_start: list[int] = []
        self.ed_appendices = False
        # paragraphs, quotations, lists handled as numbered text (by id, for depart)
        self.ed_handled: set[int] = set()

    # -- where we are ------------------------------------------------------------
    @property
    def ed_numbered(self) -> bool:
        return bool(self.ed_file_numbered) and self.ed_file_numbered[-1]

    def ed_numbered_here(self, node: nodes.Element) -> bool:
        """Is *node* a block of numbered text (not inside a pstart, a footnote, ...)?"""
        if not self.ed_numbered or self.ed_pstart_depth:
            return False
        parent = node.parent
        while parent is not None and not isinstance(parent, addnodes.start_of_file):
            if isinstance(parent, PLAIN_CONTEXTS) or PLAIN_CLASSES & set(parent.get("classes", [])):
                return False
            parent = parent.parent
        return not PLAIN_CLASSES & set(node.get("classes", []))

    # -- the document and its pages ------------------------------------------------
    def visit_document(self, node: nodes.Element) -> None:
        if not self.ed_print_root_body:
            self.ed_drop_root_body(node)
        super().visit_document(node)

    @staticmethod
    def ed_drop_root_body(document: nodes.Element) -> None:
        """Leave out the root page's prose: keep its title and what includes other pages."""
        for section in list(document.findall(nodes.section)):
            if section.parent is not document:
                continue
            for child in list(section.children):
                if isinstance(child, (nodes.title, nodes.target)):
                    continue
                if any(isinstance(n, addnodes.start_of_file) for n in child.findall()):
                    continue
                section.remove(child)

    def visit_start_of_file(self, node: nodes.Element) -> None:
        docname = node["docname"]
        if docname in self.ed_skip_docs:
            # a listing that repeats what the PDF prints elsewhere: left out, but its
            # labels stay (links to the page and its sections land here, not nowhere)
            labels = list(dict.fromkeys([f"{docname}::doc"] + [
                f"{docname}:{node_id}" for n in node.findall(nodes.section) for node_id in n["ids"]
            ]))
            targets = "".join(f"\\label{{{self.idescape(label)}}}" for label in labels)
            self.body.append(f"\n\\edOmittedPage{{\\phantomsection{targets}}}\n")
            raise nodes.SkipNode
        if docname in self.ed_appendix_docs and not self.ed_appendices:
            self.ed_appendices = True
            self.body.append("\n\\edAppendices\n")
        super().visit_start_of_file(node)
        numbered = docname in self.ed_numbered_docs
        self.ed_file_numbered.append(numbered)
        self.body.append(f"\\edSetDocument{{{latex_doc_key(docname)}}}\n")
        if numbered:
            self.body.append("\\edBeginNumbered\n")

    def depart_start_of_file(self, node: nodes.Element) -> None:
        if self.ed_file_numbered.pop():
            self.body.append("\n\\edEndNumbered\n")
        super().depart_start_of_file(node)
        if self.curfilestack:
            self.body.append(f"\\edSetDocument{{{latex_doc_key(self.curfilestack[-1])}}}\n")

    # -- headings --------------------------------------------------------------------
    def visit_title(self, node: nodes.Element) -> None:
        if (
            self.ed_numbered
            and isinstance(node.parent, nodes.section)
            and not self.this_is_the_title
            and not self.ed_pstart_depth
        ):
            try:
                name = self.sectionnames[self.sectionlevel]
            except IndexError:
                name = self.sectionnames[-1]
            macro = SECTION_MACROS.get(name, "edSubsubsection")
            self.body.append(f"\\{macro}{{")
            self.context.append(self.hypertarget_to(node.parent))
            self.ed_title_start.append(len(self.body))
            self.in_title = 1
            return
        super().visit_title(node)

    def depart_title(self, node: nodes.Element) -> None:
        if self.ed_title_start and id(node) not in self.ed_handled and self.in_title and (
            self.ed_numbered and isinstance(node.parent, nodes.section)
        ):
            # anchors written inside the heading (an apparatus mark's, a note mark's) would
            # travel into the contents and the running heads: they go with the heading's
            # own labels, after it
            start = self.ed_title_start.pop()
            title = "".join(self.body[start:])
            moved = ANCHOR.findall(title)
            del self.body[start:]
            self.body.append(ANCHOR.sub("", title))
            self.in_title = 0
            self.body.append("}{" + self.context.pop() + "".join(moved) + "}\n")
            return
        super().depart_title(node)

    # -- paragraphs ------------------------------------------------------------------
    def visit_paragraph(self, node: nodes.Element) -> None:
        if self.ed_numbered_here(node):
            self.ed_handled.add(id(node))
            self.ed_pstart_depth += 1
            self.body.append("\n\\edPstart ")
            self.body.append(self.ed_passage(node))
            return
        super().visit_paragraph(node)
        self.body.append(self.ed_passage(node))

    def ed_passage(self, node: nodes.Element) -> str:
        """A passage's anchors (edition_common.passages): its Sphinx label (the indexes' ¶
        references link to it) and ``\\edPassage{doc:id}{¶}``: the PDF's named destination
        of that name, and in numbered text its ¶ number in the margin and a reledmac label
        for its page and line."""
        pid = passage_id(node)
        if not pid or not self.curfilestack:
            return ""
        name = f"{latex_doc_key(self.curfilestack[-1])}:{pid}"
        return (self.hypertarget(pid) + f"\\edPassage{{{name}}}{{{int(node.get(NUMBER, 0))}}}")

    def depart_paragraph(self, node: nodes.Element) -> None:
        if id(node) in self.ed_handled:
            self.ed_handled.discard(id(node))
            self.ed_pstart_depth -= 1
            self.body.append("\\edPend\n")
            return
        super().depart_paragraph(node)

    # -- block quotations and lists ----------------------------------------------------
    def visit_block_quote(self, node: nodes.Element) -> None:
        if self.ed_numbered_here(node):
            self.ed_handled.add(id(node))
            self.body.append("\n\\edBeginQuote\n")
            return
        super().visit_block_quote(node)

    def depart_block_quote(self, node: nodes.Element) -> None:
        if id(node) in self.ed_handled:
            self.ed_handled.discard(id(node))
            self.body.append("\\edEndQuote\n")
            return
        super().depart_block_quote(node)

    def visit_bullet_list(self, node: nodes.Element) -> None:
        if self.ed_numbered_here(node):
            self.ed_handled.add(id(node))
            self.body.append("\n\\edBeginList\n")
            return
        super().visit_bullet_list(node)

    def depart_bullet_list(self, node: nodes.Element) -> None:
        if id(node) in self.ed_handled:
            self.ed_handled.discard(id(node))
            self.body.append("\\edEndList\n")
            return
        super().depart_bullet_list(node)

    def visit_enumerated_list(self, node: nodes.Element) -> None:
        if self.ed_numbered_here(node):
            self.ed_handled.add(id(node))
            self.body.append("\n\\edBeginList\n")
            return
        super().visit_enumerated_list(node)

    depart_enumerated_list = depart_bullet_list

    def visit_list_item(self, node: nodes.Element) -> None:
        parent = node.parent
        if id(parent) in self.ed_handled:
            if isinstance(parent, nodes.enumerated_list):
                label = self.encode(enum_label(parent, parent.index(node)))
            else:
                label = "\\textbullet"
            self.body.append(f"\\edItem{{{label}}}")
            self.ed_handled.add(id(node))
            return
        super().visit_list_item(node)

    def depart_list_item(self, node: nodes.Element) -> None:
        if id(node) in self.ed_handled:
            self.ed_handled.discard(id(node))
            self.body.append("\n")
            return
        super().depart_list_item(node)

    # -- footnotes inside numbered paragraphs ----------------------------------------------
    # reledmac loses LaTeX's own footnotes inside \pstart (maieul/ledmac#538 and the
    # footnote text vanishes): there a footnote is a familiar footnote (\edFootnote).
    def visit_footnote(self, node: nodes.Element) -> None:
        if self.ed_pstart_depth:
            self.in_footnote += 1
            label = node[0].astext() if len(node) and isinstance(node[0], nodes.label) else ""
            self.body.append(f"\\edFootnote{{{self.encode(label)}}}{{")
            self.ed_handled.add(id(node))
            return
        super().visit_footnote(node)

    def depart_footnote(self, node: nodes.Element) -> None:
        if id(node) in self.ed_handled:
            self.ed_handled.discard(id(node))
            self.in_footnote -= 1
            self.body.append("}")
            return
        super().depart_footnote(node)

    # -- text ------------------------------------------------------------------------
    def visit_Text(self, node: nodes.Text) -> None:
        text = self.encode(node.astext())
        if not self.in_title and "/" in text:
            text = LONG_PATH.sub(lambda m: m.group(0).replace("/", "/\\allowbreak{}").replace(
                "\\sphinxhyphen{}", "\\sphinxhyphen{}\\allowbreak{}"), text)
        if CYRILLIC_RUN.search(text):
            if self.in_title:
                text = CYRILLIC_RUN.sub(
                    lambda m: f"\\texorpdfstring{{\\edRussian{{{m.group(0)}}}}}{{{m.group(0)}}}",
                    text,
                )
            else:
                text = CYRILLIC_RUN.sub(lambda m: f"\\edRussian{{{m.group(0)}}}", text)
        self.body.append(text)
