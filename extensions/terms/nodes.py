"""The nodes of the terms extension.

* :class:`term_ref`: one occurrence of a Russian term in the text; its children are the
  text exactly as the author wrote it.  Attributes: ``term`` (the registry slug, or ``""``
  for an unknown term), ``script`` (``"cyrl"`` or ``"latn"``), ``occ_id``.
* :class:`terms_glossary`: where the generated glossary goes (replaced when the document
  is resolved, for every builder).
"""

from __future__ import annotations

from docutils import nodes


class term_ref(nodes.Inline, nodes.TextElement):
    """An occurrence of a Russian term (the author's spelling as children)."""

    @property
    def lang(self) -> str:
        return "ru" if self.get("script") == "cyrl" else "ru-Latn"


class terms_glossary(nodes.General, nodes.Element):
    """Placeholder for the generated glossary of Russian terms."""
