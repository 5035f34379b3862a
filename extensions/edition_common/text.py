"""One text model for the whole toolkit: what a node *reads* in each view of the edition.

The edition shows its text in two views: the **critical** one (the edited text: the
editors' readings where they intervene) and the **diplomatic** one (the copy-text as
published).  Every package asks the same question — "what words does this node hold, in
this view?" — for a popup, a back-reference, a lemma, a glossary's spelling, a section's
name; this module answers it once.

**Marker classes.**  A node class says what it is by inheriting one of these mixins (no
package tests another package's class *names*):

* :class:`EditorialMatter` — supplied by the editors, never part of the work's text:
  marks, labels, headers, back-links, listings.  No view reads it.  (The CSS class
  :data:`EDITORIAL`, ``ed-editorial``, on any element means the same.)
* :class:`Popup` — a popup's body, which repeats what the edition prints elsewhere.  No
  view reads it.
* :class:`DiplomaticOnly` — the copy-text's reading where the edition reads otherwise
  (CSS class ``ed-dipl``): read by the diplomatic view only.
* :class:`CriticalOnly` — the editors' reading where the copy-text reads otherwise (CSS
  class ``ed-crit``): read by the critical view only.
* :class:`Division` — a division of the text below the section (an author's note, a reader
  comment): :meth:`Division.division_label` names it ("note 4", "comment 2").

**Functions.**  :func:`view_text` (the words, white space normalised),
:func:`view_segments` (the words with the offset of every Text node, for code that finds
words and splits nodes: the apparatus), :func:`in_view` (is a node read by a view at all),
:func:`enclosing` (the nearest ancestor of a kind).

The node given is always read, whatever it is (the text *of* an editorial note is the
note's words); the markers apply to what lies inside it.  Invisible nodes (targets, index
entries, pending directives), comments, raw output and system messages are never read.
"""

from __future__ import annotations

from typing import Literal, TypeVar

from docutils import nodes

View = Literal["critical", "diplomatic"]
VIEWS: tuple[View, ...] = ("critical", "diplomatic")

#: CSS classes that keep the copy-text apart from editorial matter (read back by the
#: fidelity tests, ``tests/edition_text.py``)
EDITORIAL = "ed-editorial"
DIPLOMATIC = "ed-dipl"
CRITICAL = "ed-crit"

#: between blocks in :func:`view_segments`: a search for words never matches across it
BLOCK_SEP = "\x00"


class EditorialMatter:
    """Mixin of node classes that hold the editors' matter (marks, labels, headers,
    back-links, listings): no view reads their text."""


class Popup:
    """Mixin of the popup's body (it repeats what the edition prints elsewhere): no view
    reads its text."""


class DiplomaticOnly:
    """Mixin of nodes that hold the copy-text's reading where the edition reads otherwise:
    the diplomatic view reads them, the critical view does not."""


class CriticalOnly:
    """Mixin of nodes that hold the editors' reading where the copy-text reads otherwise:
    the critical view reads them, the diplomatic view does not."""


class Division:
    """Mixin of a division of the text below the section (an author's note, a reader
    comment); places in it are named after it ("note 4, ¶ 2")."""

    def division_label(self) -> str:
        """How a reader names the division ("note 4", "comment 2"); "" if it has no name."""
        raise NotImplementedError


_NEVER = (Popup, EditorialMatter, nodes.Invisible, nodes.system_message, nodes.comment,
          nodes.raw)
_HIDDEN: dict[str, tuple[tuple[type, ...], frozenset[str]]] = {
    "critical": (_NEVER + (DiplomaticOnly,), frozenset({EDITORIAL, DIPLOMATIC})),
    "diplomatic": (_NEVER + (CriticalOnly,), frozenset({EDITORIAL, CRITICAL})),
}


def _rules(view: str) -> tuple[tuple[type, ...], frozenset[str]]:
    try:
        return _HIDDEN[view]
    except KeyError:
        raise ValueError(f"unknown view {view!r}: use one of {', '.join(VIEWS)}") from None


def hidden_in(node: nodes.Node, view: View) -> bool:
    """Whether *view* leaves *node* out (by its class or its CSS classes); not its ancestors."""
    kinds, classes = _rules(view)
    if isinstance(node, kinds):
        return True
    return isinstance(node, nodes.Element) and not classes.isdisjoint(node["classes"])


def in_view(node: nodes.Node, view: View = "diplomatic") -> bool:
    """Whether *view* reads *node*: neither it nor any ancestor is left out.

    ``in_view(node, "diplomatic")`` is true of the copy-text's own words, false of editorial
    matter, popups and the editors' readings."""
    current: nodes.Node | None = node
    while current is not None:
        if hidden_in(current, view):
            return False
        current = current.parent
    return True


def view_segments(
    node: nodes.Node, view: View = "diplomatic", *, block_sep: str = BLOCK_SEP,
) -> tuple[str, list[tuple[nodes.Text, int]]]:
    """The text of *node* in *view*, exactly (white space as it stands), with *block_sep*
    before and after every block-level element, and each Text node read with its offset in
    that text: what a search for words in the text, and a split at their ends, need."""
    kinds, classes = _rules(view)
    parts: list[str] = []
    segs: list[tuple[nodes.Text, int]] = []
    pos = 0

    def walk(current: nodes.Node, root: bool) -> None:
        nonlocal pos
        if isinstance(current, nodes.Text):
            segs.append((current, pos))
            parts.append(str(current))
            pos += len(current)
            return
        if not root and (isinstance(current, kinds)
                         or not classes.isdisjoint(current["classes"])):
            return
        block = block_sep and not isinstance(current, nodes.Inline)
        if block:
            parts.append(block_sep)
            pos += len(block_sep)
        for child in current.children:
            walk(child, False)
        if block:
            parts.append(block_sep)
            pos += len(block_sep)

    walk(node, True)
    return "".join(parts), segs


def view_text(node: nodes.Node, view: View = "critical") -> str:
    """The words of *node* as *view* reads them, white space normalised (blocks separated
    by a space): for popups, back-references, section names, lemmas, spellings."""
    if isinstance(node, nodes.Text):
        return " ".join(str(node).split())
    return " ".join(view_segments(node, view, block_sep=" ")[0].split())


N = TypeVar("N", bound=nodes.Node)


def enclosing(node: nodes.Node, kind: type[N] | tuple[type, ...]) -> N | None:
    """The nearest proper ancestor of *node* that is an instance of *kind*, or None."""
    parent = node.parent
    while parent is not None and not isinstance(parent, kind):
        parent = parent.parent
    return parent  # type: ignore[return-value]
