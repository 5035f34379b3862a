"""The ``xml:id``s of the TEI document: one namespace for the whole edition.

An HTML page's ids are unique on that page only (``app-A2`` is an entry of the essay and one
of the responses); the TEI document holds every page, so an id of a page becomes
``<page>.<id>`` (``essay.app-A2``): the HTML address ``essay.html#app-A2`` and the TEI
address ``#essay.app-A2`` name the same place, by one rule, unchanged by edits elsewhere.

The ids the TEI makes itself have their own prefixes: a witness is its siglum (``R``, as
``wit="#R"`` names it), a work cited ``bib.<key>``, a person ``person-<key>`` (the persons
extension's anchor), the editors ``ed``.

A block's own address is its **passage id** (issue 17's scheme, ¶ ids that every format
shares): :func:`passage_id` picks it among the block's ids.
"""

from __future__ import annotations

import re

from docutils import nodes

from edition_common import passage_id as common_passage_id

_NOT_NAME = re.compile(r"[^A-Za-z0-9._-]")


def ncname(text: str) -> str:
    """*text* as an XML name (NCName): letters, digits, ``.``, ``_``, ``-``, never starting
    with a digit, ``.`` or ``-``."""
    name = _NOT_NAME.sub("-", text)
    return name if re.match(r"[A-Za-z_]", name) else "_" + name


def xml_id(docname: str, html_id: str) -> str:
    """The ``xml:id`` of the HTML id *html_id* of page *docname*."""
    return ncname(f"{docname}.{html_id}")


def doc_id(docname: str) -> str:
    """The ``xml:id`` of a page's own division."""
    return ncname(f"{docname}")


def passage_id(node: nodes.Element) -> str | None:
    """A block's address: its first id, which is its passage id
    (:func:`edition_common.passage_id`, ``p-…``) except for an author's note or a comment,
    whose own id (``note-4``, ``comment-2``: what their marks name) stays first, as in the
    HTML; None when it has no id."""
    return node["ids"][0] if node["ids"] else (common_passage_id(node) or None)


def bib_id(key: str) -> str:
    return ncname(f"bib.{key}")


def witness_id(siglum: str) -> str:
    return ncname(siglum)
