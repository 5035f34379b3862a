"""Registering the toolkit's nodes with every writer, and the visitors that do nothing.

:func:`add_node` registers a node class for every format the edition is written in (HTML,
LaTeX, text, man, texinfo), each with its own visitors or with one of two defaults:
``"pass"`` (write the children as they are) or ``"skip"`` (write nothing of the node).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal

from docutils import nodes
from sphinx.application import Sphinx

#: the formats whose writers visit doctree nodes (linkcheck, dummy … write nothing)
FORMATS = ("html", "latex", "text", "man", "texinfo")

Visitor = Callable[[Any, nodes.Node], None]
Handlers = tuple[Visitor, Visitor | None]


def visit_pass(self: Any, node: nodes.Node) -> None:
    """Write nothing for the node itself; its children are written."""


def depart_pass(self: Any, node: nodes.Node) -> None:
    """Close nothing."""


def visit_skip(self: Any, node: nodes.Node) -> None:
    """Write nothing of the node or its children."""
    raise nodes.SkipNode


PASS: Handlers = (visit_pass, depart_pass)
SKIP: Handlers = (visit_skip, None)


def visit_as_text(self: Any, node: nodes.Node) -> None:
    """Write the node's text through the writer's own ``visit_Text`` (which escapes it for
    its format), nothing else."""
    nodes.Text(node.astext()).walkabout(self)
    raise nodes.SkipNode


def add_node(app: Sphinx, node: type[nodes.Element], *,
             default: Literal["pass", "skip"] = "pass", **handlers: Handlers) -> None:
    """Register *node* for every format of :data:`FORMATS`: the *handlers* given by format
    name, *default* (``"pass"`` or ``"skip"``) for the others."""
    fallback = PASS if default == "pass" else SKIP
    app.add_node(node, **{fmt: handlers.get(fmt, fallback) for fmt in FORMATS},
                 **{fmt: h for fmt, h in handlers.items() if fmt not in FORMATS})
