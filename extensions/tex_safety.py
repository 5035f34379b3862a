"""No LaTeX from the sources reaches TeX: the constructs Sphinx writes to LaTeX as typed.

The edition's sources are text and the editors' markup; a text of prose needs no mathematics and
no table that needs LaTeX column specifications.  Sphinx's LaTeX writer, however, copies
the content of a few constructs into the ``.tex`` verbatim, where it is TeX code: from the
text, ``\\directlua{…io.open…}`` would write files and ``\\input{/etc/hostname}`` print one.
With ``edition_verbatim_latex_enabled = False`` (the default, set in ``conf.py``) each of
them warns at its line with what to do, and nothing of it reaches the ``.tex`` as code:

* **math** — the ``math`` role and directive, ``:math:`` and ``.. math::`` inside
  ``{eval-rst}``, ``.. default-role:: math``, MyST's ``$…$``/``$$…$$`` and amsmath
  environments (whichever way they are switched on): shown as typed, as code text
  (``edition.math``);
* **tabularcolumns** — its column specification is a LaTeX preamble; it is dropped, the
  table keeps Sphinx's own layout (``edition.tabularcolumns``);
* **acks** — Sphinx writes the names of an ``acks`` list to LaTeX unescaped; the list is
  kept as an ordinary bulleted list (``edition.acks``).

The ``raw`` role and directive (``.. raw:: latex``, ``.. role:: x(raw)``) are the concern
of ``edition_raw_enabled`` (:mod:`source_checks`).  Every other construct of docutils,
Sphinx and MyST escapes its text for LaTeX (checked by ``tests/test_hostile_input.py``).

Set the value to ``True`` in ``conf.py`` only for sources that are as trusted as
``conf.py`` itself.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.directives.other import Acks as SphinxAcks
from sphinx.transforms import SphinxTransform
from sphinx.util import logging

logger = logging.getLogger(__name__)


def shorten(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def code_instead(node: nodes.Element, text: str) -> nodes.Element:
    """Math shown as typed: inline code for inline math, a code block for a math block."""
    if isinstance(node, nodes.math_block):
        block = nodes.literal_block(text, text, language="none")
        block.source, block.line = node.source, node.line
        return block
    return nodes.literal(text, text)


class VerbatimLatex(SphinxTransform):
    """Math and ``tabularcolumns`` are refused (see the module's docstring).

    Runs right after :class:`source_checks.RawMarkupAsText` and before any extension adds
    LaTeX of its own.
    """

    default_priority = 2

    def apply(self, **kwargs: Any) -> None:
        if self.config.edition_verbatim_latex_enabled:
            return
        for kind, what, instead in ((nodes.math, "math", "mark it as code with backquotes"),
                                    (nodes.math_block, "math block", "write a code block")):
            for node in list(self.document.findall(kind)):
                text = node.astext()
                logger.warning(
                    "%s %r is not allowed in the edition's sources (its content would reach "
                    "LaTeX as code) and is shown as typed; the edition has no mathematics: "
                    "write the text itself, or %s",
                    what, shorten(text), instead, location=node, type="edition", subtype="math",
                )
                node.replace_self(code_instead(node, text))
        for node in list(self.document.findall(addnodes.tabular_col_spec)):
            logger.warning(
                "tabularcolumns %r is not allowed in the edition's sources (a LaTeX column "
                "specification reaches LaTeX as code) and is ignored; remove it: the table "
                "keeps its ordinary layout",
                shorten(node.get("spec", "")), location=node,
                type="edition", subtype="tabularcolumns",
            )
            node.parent.remove(node)


class Acks(SphinxAcks):
    """Sphinx's ``acks``, refused: its list stays an ordinary bulleted list."""

    def run(self) -> list[nodes.Node]:
        if self.config.edition_verbatim_latex_enabled:
            return super().run()
        logger.warning(
            "acks is not allowed in the edition's sources (Sphinx writes its names to LaTeX "
            "unescaped) and is shown as an ordinary list; write a bulleted list",
            location=self.get_location(), type="edition", subtype="acks",
        )
        return self.parse_content_to_nodes()


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("edition_verbatim_latex_enabled", False, "env",
                         types=frozenset({bool}))
    app.add_transform(VerbatimLatex)
    app.add_directive("acks", Acks, override=True)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
