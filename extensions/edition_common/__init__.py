"""Shared pieces of the edition's extensions.

* the CSS classes that keep the copy-text apart from editorial matter (read back by the
  fidelity tests, ``tests/edition_text.py``):
  :data:`EDITORIAL` (``ed-editorial``) is supplied by the editors and never part of the
  copy-text; :data:`DIPLOMATIC` (``ed-dipl``) is the copy-text's reading, shown in the
  diplomatic view only; :data:`CRITICAL` (``ed-crit``) is the editors' reading, shown in the
  critical view only;
* :func:`reading_text`: the words of a node as the critical view reads them (section titles
  named in listings and back-references), leaving out popups, editorial additions and the
  copy-text's readings that the edition replaces (nodes with the :class:`diplomatic_only`
  mixin);
* :func:`warn`: warnings with a stable ``type.subtype`` and a file:line location;
* :func:`add_static_dir`: serve an extension's own ``static/`` folder;
* the :mod:`.tooltip` component: a link (or a focusable span) that shows a short text on
  hover and on keyboard focus, without leaving the page (terms, citations, notes, apparatus).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Iterable

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging

from .tooltip import make_tooltip, tooltip, tooltip_body, setup_tooltip

__all__ = [
    "EDITORIAL", "DIPLOMATIC", "CRITICAL", "warn", "add_static_dir",
    "make_tooltip", "tooltip", "tooltip_body", "reading_order", "reading_text",
    "diplomatic_only",
]

EDITORIAL = "ed-editorial"
DIPLOMATIC = "ed-dipl"
CRITICAL = "ed-crit"

Location = Any  # a node, a (docname, line) pair or a "path:line" string, as Sphinx accepts


def warn(
    logger: logging.SphinxLoggerAdapter,
    message: str,
    *,
    type: str,
    subtype: str,
    location: Location,
) -> None:
    """Log a warning that Sphinx prints as ``file:line: WARNING: message [type.subtype]``."""
    logger.warning(message, type=type, subtype=subtype, location=location)


def add_static_dir(
    app: Sphinx, package_file: str, *, css: Iterable[str] = (), js: Iterable[str] = ()
) -> None:
    """Serve the ``static/`` folder beside *package_file* and link the given CSS/JS files.

    Call from an extension's ``setup()``; the folder is appended to ``html_static_path``
    when the configuration is read, relative to the configuration directory (as Sphinx
    reads that setting): an absolute path would make the HTML builder's configuration
    hash in ``.buildinfo`` depend on where the checkout lives, and two builds of the same
    sources from two checkouts would differ (reproducible builds, README).
    """
    static = Path(package_file).resolve().parent / "static"

    def _add(app: Sphinx, config: Any) -> None:
        try:
            entry = os.path.relpath(static, Path(app.confdir).resolve()).replace(os.sep, "/")
        except ValueError:  # another drive (Windows): no relative path exists
            entry = str(static)
        if entry not in config.html_static_path:
            config.html_static_path.append(entry)

    app.connect("config-inited", _add)
    for name in css:
        app.add_css_file(name)
    for name in js:
        app.add_js_file(name, defer="defer")


class diplomatic_only:
    """Mixin of node classes that hold the copy-text's reading where the edition reads
    otherwise (shown in the diplomatic view only): :func:`reading_text` leaves them out."""


def reading_text(node: nodes.Node) -> str:
    """The words of *node* as the critical view shows them, spaces normalised: without
    popups (tooltip bodies), editorial additions (class ``ed-editorial``: marks, labels) and
    diplomatic-only readings (class ``ed-dipl`` or a :class:`diplomatic_only` node).

    ``astext()`` of a heading with an apparatus entry runs the copy-text's reading, the
    edition's, the mark and its popup together; name places with this instead."""
    parts: list[str] = []

    def walk(node: nodes.Node) -> None:
        if isinstance(node, nodes.Text):
            parts.append(str(node))
        elif isinstance(node, (tooltip_body, diplomatic_only, nodes.Invisible,
                               nodes.system_message)):
            return
        elif isinstance(node, nodes.Element) and not {EDITORIAL, DIPLOMATIC} & set(node["classes"]):
            for child in node.children:
                walk(child)

    walk(node)
    return " ".join("".join(parts).split())


def reading_order(env: Any, docs: Iterable[str] | None = None) -> list[str]:
    """Documents in reading order: the toctrees from the root document, depth first, then
    the rest of *docs* (default: every document) sorted by name."""
    seen: list[str] = []

    def walk(doc: str) -> None:
        if doc in seen or doc not in env.all_docs:
            return
        seen.append(doc)
        for child in env.toctree_includes.get(doc, []):
            walk(child)

    walk(env.config.root_doc)
    rest = env.all_docs if docs is None else docs
    return seen + sorted(d for d in rest if d not in seen)


def setup(app: Sphinx) -> dict[str, Any]:
    setup_tooltip(app)
    add_static_dir(app, __file__, css=["edition-common.css"], js=["edition-common.js"])
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
