"""The ``terms-glossary`` directive: the place of the generated glossary of Russian terms.

MyST::

    ```{terms-glossary}
    ```

reStructuredText: ``.. terms-glossary::``.  It takes no argument or content: the glossary
is generated from the registry and the occurrences of the whole edition (see :mod:`.glossary`).
"""

from __future__ import annotations

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from .nodes import terms_glossary


class TermsGlossary(SphinxDirective):
    has_content = False
    required_arguments = 0
    optional_arguments = 0

    def run(self) -> list[nodes.Node]:
        node = terms_glossary()
        self.set_source_info(node)
        return [node]
