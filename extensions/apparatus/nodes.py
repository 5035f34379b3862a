"""Doctree nodes of the critical apparatus.

* :class:`app_pending` — what an ``app`` or ``app-source`` directive leaves behind when it is
  parsed; :mod:`.transforms` anchors it in the block before it and removes it.
* :class:`app_entry` — wraps the words of the copy-text an entry concerns (TEI ``app`` /
  ``choice``); its children are the copy-text's nodes, optionally split into
  :class:`app_dipl` (the copy-text's reading, TEI ``sic``/``orig``/``rdg``, read by the
  diplomatic view only, class ``ed-dipl``) and :class:`app_crit` (the edition's reading,
  TEI ``corr``/``reg``/``supplied``/``lem``, read by the critical view only, class
  ``ed-crit``).
* :class:`app_mark` — the mark after an entry (or a quotation) that opens it: in HTML a
  tooltip, in LaTeX a macro, in text ``[A3]``.  Editorial matter.
* :class:`app_view_switch` — the diplomatic/critical reading-view switch (HTML only).
* :class:`app_interventions` — placeholder for the appendix listing of all entries.
* :class:`app_where` — in the appendix, where an entry is in the PDF (LaTeX only).

Sigla are cross-references of the ``apparatus`` domain (``pending_xref``, type
``witness``), linked to the witness's declaration when the page is written.
"""

from __future__ import annotations

from docutils import nodes

from edition_common import CriticalOnly, DiplomaticOnly, EditorialMatter


class app_pending(nodes.Invisible, nodes.Element):
    """An entry waiting to be anchored. Attribute ``entry``: the parsed options (a dict);
    children: the crit reading (an :class:`app_crit`) and the commentary (a ``container``)."""


class app_entry(nodes.Inline, nodes.TextElement):
    """The words of the copy-text an entry concerns. Attributes: ``label``, ``series``
    (``A`` or ``C``), ``etype``, ``changed`` (whether the critical text differs),
    ``apparatus`` (the entry without its lemma, plain text)."""


class app_dipl(DiplomaticOnly, nodes.Inline, nodes.TextElement):
    """The copy-text's reading where the edition reads otherwise (diplomatic view only)."""


class app_crit(CriticalOnly, nodes.Inline, nodes.TextElement):
    """The edition's reading where the copy-text reads otherwise (critical view only)."""


class app_mark(EditorialMatter, nodes.Inline, nodes.TextElement):
    """The mark of one entry. Attributes: ``label``, ``series`` (``A``, ``S`` or ``C``),
    ``has_entry`` (an :class:`app_entry` goes with it: not for sources), ``lemma`` and
    ``apparatus`` (plain text, for LaTeX's ``\\edAppB``)."""


class app_view_switch(EditorialMatter, nodes.General, nodes.Element):
    """The reading-view switch (diplomatic/critical)."""


class app_interventions(EditorialMatter, nodes.General, nodes.Element):
    """Placeholder: the list of every entry of the edition, filled in when written."""


class app_where(EditorialMatter, nodes.Inline, nodes.Element):
    """After an entry's label in the appendix: where the entry is printed (LaTeX: page and
    line, ``\\edAppWhere``). Attributes: ``docname``, ``label``."""
