"""The ``ru`` role: marks a Russian word or phrase in the text.

``{ru}`vlast``` (MyST) or ``:ru:`vlast``` (reStructuredText) looks the spelling up in the
registry (case-insensitively, any apostrophe for the soft sign); ``{ru}`Vsya <вся>``` names
the headword explicitly when the spelling is not a registered one.  The displayed text is
always exactly what is written before the angle brackets.  An unknown term is a warning
``terms.unknown`` with the nearest known spellings; its text is kept, unlinked.
"""

from __future__ import annotations

import re

from docutils import nodes
from sphinx.util import logging
from sphinx.util.docutils import SphinxRole

from edition_common import warn

from .nodes import term_ref
from .registry import CYRILLIC

logger = logging.getLogger(__name__)

EXPLICIT = re.compile(r"^(?P<text>.*?)\s*<(?P<target>[^<>]+)>$", re.S)


class RuRole(SphinxRole):
    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        from .domain import get_registry

        text, target = self.text, None
        match = EXPLICIT.match(self.text)
        if match and match.group("text").strip():
            text, target = match.group("text").strip(), match.group("target").strip()
        registry = get_registry(self.env)
        self.env.note_dependency(str(registry.path))
        term = registry.lookup(target or text)
        script = "cyrl" if CYRILLIC.search(text) else "latn"
        node = term_ref(self.rawtext, text, term=term.slug if term else "", script=script)
        self.set_source_info(node)
        if term is None:
            near = registry.nearest(target or text)
            hint = ("nearest known spellings: " + ", ".join(near)) if near else "no similar spelling is registered"
            warn(logger, f"unknown Russian term {target or text!r} ({hint}); use a registered "
                 f"spelling, name the headword as {{ru}}`{text} <headword>`, or add the term to "
                 f"{registry.path.name}", type="terms", subtype="unknown", location=node)
        return [node], []
