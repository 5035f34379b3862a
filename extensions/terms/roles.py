"""The ``ru`` role: marks a Russian word or phrase in the text.

``{ru}`vlast``` (MyST) or ``:ru:`vlast``` (reStructuredText) looks the spelling up in the
registry (case-insensitively, any apostrophe for the soft sign); ``{ru}`Vsya <вся>``` names
the headword explicitly when the spelling is not a registered one.  The displayed text is
always exactly what is written before the angle brackets.  An unknown term is a warning
``terms.unknown`` with the nearest known spellings; its text is kept, unlinked.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.util.docutils import SphinxRole

from edition_common.roles import split_target

from .nodes import term_ref
from .registry import CYRILLIC


class RuRole(SphinxRole):
    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        from .domain import get_registry

        text, target = split_target(self.text)
        registry = get_registry(self.env)
        self.env.note_dependency(str(registry.path))
        term = registry.lookup(target or text)
        script = "cyrl" if CYRILLIC.search(text) else "latn"
        node = term_ref(self.rawtext, text, term=term.slug if term else "", script=script)
        self.set_source_info(node)
        if term is None:
            # reported by transforms.TermOccurrences, which knows the line within the paragraph
            near = registry.nearest(target or text)
            hint = (("nearest known spellings: " + ", ".join(near)) if near
                    else "no similar spelling is registered")
            node["unknown"] = (
                f"unknown Russian term {target or text!r} ({hint}); use a registered "
                f"spelling, name the headword as {{ru}}`{text} <headword>`, or add the term to "
                f"{registry.path.name}"
            )
        return [node], []
