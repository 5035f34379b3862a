"""The ``chronology`` directive: the place of the generated chronology.

MyST::

    ```{chronology}
    ```

It takes no argument or content: the chronology lists every date the edition marks
(:mod:`.chronology`).
"""

from __future__ import annotations

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from .nodes import chronology


class ChronologyDirective(SphinxDirective):
    has_content = False

    def run(self) -> list[nodes.Node]:
        node = chronology()
        self.set_source_info(node)
        return [node]
