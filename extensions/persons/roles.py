"""The ``person`` role: marks a person's name where the text (or a note) writes it.

``{person}`Kamenev <kamenev>``` names the registry key; ``{person}`Kamenev``` looks the
words up among the keys and the name forms of the registry (case-insensitively).  The
words shown are always exactly those typed before the angle brackets.  An unknown name is
a warning ``persons.unknown`` (given by the transform, which knows the line) with the
nearest keys and forms; the words are kept, unlinked.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.util.docutils import SphinxRole

from edition_common.roles import split_target

from .nodes import person_ref


class PersonRole(SphinxRole):
    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        from .domain import get_registry

        text, target = split_target(self.text)
        registry = get_registry(self.env)
        self.env.note_dependency(str(registry.path))
        person = registry.lookup(target or text)
        node = person_ref(self.rawtext, text, person=person.key if person else "")
        self.set_source_info(node)
        if person is None:
            near = registry.nearest(target or text)
            hint = ("nearest: " + ", ".join(near)) if near else "no similar name is registered"
            node["unknown"] = (
                f"unknown person {target or text!r} ({hint}); name a registered person as "
                f"{{person}}`{text} <key>` or add the person to {registry.path.name}")
        return [node], []
