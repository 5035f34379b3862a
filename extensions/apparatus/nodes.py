"""Doctree nodes of the critical apparatus.

* :class:`app_pending` — what an ``app`` or ``app-source`` directive leaves behind when it is
  parsed; :mod:`.transforms` anchors it in the block before it and removes it.
* :class:`app_entry` — wraps the words of the copy-text an entry concerns (TEI ``app`` /
  ``choice``); its children are the copy-text's nodes, optionally split into
  :class:`app_dipl` (the copy-text's reading, TEI ``sic``/``orig``/``rdg``, shown in the
  diplomatic view only, class ``ed-dipl``) and :class:`app_crit` (the edition's reading, TEI
  ``corr``/``reg``/``supplied``/``lem``, shown in the critical view only, class ``ed-crit``).
* :class:`app_mark` — the mark after an entry (or a quotation) that opens it: in HTML a
  tooltip, in LaTeX a macro, in text ``[A3]``.
* :class:`app_siglum` — a witness siglum; becomes a link to the witness's declaration.
* :class:`app_view_switch` — the diplomatic/critical reading-view switch (HTML only).
* :class:`app_interventions` — placeholder for the appendix listing of all entries.
"""

from __future__ import annotations

from docutils import nodes

from edition_common import diplomatic_only


class app_pending(nodes.Invisible, nodes.Element):
    """An entry waiting to be anchored. Attribute ``entry``: the parsed options (a dict);
    children: the crit reading (an ``inline``) and the note (a ``container``)."""


class app_entry(nodes.Inline, nodes.TextElement):
    """The words of the copy-text an entry concerns. Attributes: ``label``, ``etype``,
    ``changed`` (whether the critical text differs), ``summary`` (plain text of the entry)."""


class app_dipl(diplomatic_only, nodes.Inline, nodes.TextElement):
    """The copy-text's reading where the edition reads otherwise (diplomatic view only)."""


class app_crit(nodes.Inline, nodes.TextElement):
    """The edition's reading where the copy-text reads otherwise (critical view only)."""


class app_mark(nodes.Inline, nodes.TextElement):
    """The mark of one entry. Attributes: ``label``, ``series`` (``A`` or ``B``),
    ``lemma`` (plain text), ``crit`` (plain text), ``summary`` (plain text of the entry)."""


class app_siglum(nodes.Inline, nodes.TextElement):
    """A witness siglum (attribute ``siglum``), linked to its declaration when written."""


class app_view_switch(nodes.General, nodes.Element):
    """The reading-view switch (diplomatic/critical)."""


class app_interventions(nodes.General, nodes.Element):
    """Placeholder: the list of every entry of the edition, filled in when written."""
