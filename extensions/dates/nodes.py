"""The nodes of the dates extension.

* :class:`date_ref`: a date where the text (or a note) gives it; its children are the
  words exactly as printed.  Attributes: ``iso`` and ``calendar`` (as the role gives
  them), ``gregorian`` (the exact Gregorian ISO date, or ``""``), ``first``/``last`` (the
  Gregorian days it covers), ``ids`` (its occurrence id).
* :class:`chronology`: where the generated chronology goes.
"""

from __future__ import annotations

from docutils import nodes


class date_ref(nodes.Inline, nodes.TextElement):
    """A date as the text prints it (the words as children)."""


class chronology(nodes.General, nodes.Element):
    """Placeholder for the generated chronology."""
