"""The ``works-cited`` directive: where the generated list of works goes.

```{works-cited}
:list: cited
```

``:list:`` is ``cited`` (default: every work the edition cites, in author–date order,
each with back-references to every place that cites it, across pages), ``consulted``
(works in the bib file that the text does not cite: sources of quotations, works used
for the apparatus) or ``differences`` (where a citation in the text differs from the
real publication: the entries' ``discrepancy`` fields).  The list is filled in when the
page is written, from the whole edition's citations (see :mod:`.domain`); a change of the
citations elsewhere rewrites the page without reading it again.
"""

from __future__ import annotations

from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective

from . import service
from .domain import CitationsDomain
from .nodes import works_cited_list

KINDS = ("cited", "consulted", "differences")


class WorksCitedDirective(SphinxDirective):
    has_content = False
    option_spec: ClassVar[dict[str, Any]] = {"list": lambda arg: directives.choice(arg, KINDS)}

    def run(self) -> list[nodes.Node]:
        kind = self.options.get("list", "cited")
        domain = self.env.get_domain("edcite")
        assert isinstance(domain, CitationsDomain)
        domain.works_cited.setdefault(self.env.docname, []).append(kind)
        for path in service.bibliography(self.env).paths:
            self.env.note_dependency(str(path))
        node = works_cited_list(kind=kind, docname=self.env.docname)
        self.set_source_info(node)
        return [node]
