"""The nodes of the persons extension.

* :class:`person_ref`: one occurrence of a person's name; its children are the words
  exactly as the text writes them.  Attributes: ``person`` (the registry key, ``""`` when
  unknown), ``unknown`` (the warning for an unknown name), ``ids`` (its occurrence id),
  ``index_label`` (set when resolved for LaTeX: the label of the index entry).
* :class:`persons_index`: where the generated index of persons goes (replaced when the
  page is resolved, for every builder).
"""

from __future__ import annotations

from docutils import nodes


class person_ref(nodes.Inline, nodes.TextElement):
    """An occurrence of a person's name (the text's words as children)."""


class persons_index(nodes.General, nodes.Element):
    """Placeholder for the generated index of persons."""
