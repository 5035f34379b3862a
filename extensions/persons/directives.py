"""The ``persons-index`` directive: the place of the generated index of persons.

MyST::

    ```{persons-index}
    ```

It takes no argument or content: the index is generated from the registry and the marked
occurrences of the whole edition (:mod:`.index`).
"""

from __future__ import annotations

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from .nodes import persons_index


class PersonsIndexDirective(SphinxDirective):
    has_content = False

    def run(self) -> list[nodes.Node]:
        node = persons_index()
        self.set_source_info(node)
        return [node]
