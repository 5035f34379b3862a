"""The visitors of the persons extension.

HTML: a mark is ``<span class="ed-person-words" id="person-occ-<key>-<page>-<n>">``
inside the shared popup's link (``<a class="ed-person" href="persons.html#person-kamenev">``).

LaTeX: ``\\edPerson{words}{label of the entry}`` with a ``\\label`` the index links back
to, and ``\\edPersonIndex`` entries (standard form and Cyrillic form) for the index of
persons, an index of its own (``persons.sty``).  In headings the words alone.

Other formats: the words.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes

from edition_common.places import nearest

from .domain import get_registry
from .nodes import person_ref


def visit_person_ref_html(self: Any, node: person_ref) -> None:
    self.body.append(self.starttag(node, "span", "", CLASS="ed-person-words"))


def depart_person_ref_html(self: Any, node: person_ref) -> None:
    self.body.append("</span>")


def index_entry(self: Any, form: str) -> str:
    """``sort@printed`` for the index of persons, escaped as Sphinx escapes its own index
    entries (braces as macros, makeindex's special characters quoted)."""
    value = self.encode(form)
    value = value.replace(r"\{", r"\sphinxleftcurlybrace{}")
    value = value.replace(r"\}", r"\sphinxrightcurlybrace{}")
    value = value.replace('"', '""').replace("@", '"@').replace("!", '"!')
    value = value.replace("|", r"\textbar{}")
    return f"{value}@{value}"


def visit_person_ref_latex(self: Any, node: person_ref) -> None:
    words = self.encode(node.astext())
    if nearest(node, nodes.title) is not None:
        self.body.append(words)
        raise nodes.SkipNode
    person = get_registry(self.builder.env).persons.get(node.get("person", ""))
    out = []
    if node["ids"]:
        out.append(self.hypertarget(node["ids"][0], anchor=True))
    out.append(rf"\edPerson{{{words}}}{{{node.get('index_label', '')}}}")
    if person is not None and node.get("index_label"):
        for form in (person.name, person.ru):
            if form:
                out.append(rf"\edPersonIndex{{{index_entry(self, form)}}}")
    self.body.append("".join(out))
    raise nodes.SkipNode
