"""Read-time work on each page that marks persons (a transform: it runs in the reading
process, also in a parallel read).

:class:`PersonOccurrences` records every mark in the ``persons`` domain with its place
(:mod:`edition_common.places`), gives it an id (``person-occ-<key>-<page>-<n>``) that the index
links back to, and makes it a reference to the person's entry: in HTML a popup that shows
the person's description (standard form, life dates, Cyrillic form, identification), given
once per page by :class:`PersonsOfThePage`; resolved when the page is written
(:meth:`.domain.PersonsDomain.resolve_person`).  Marks in headings stay bare (Sphinx copies
headings into the tables of contents) but are recorded.  An unknown name
is reported here, at its line (``persons.unknown``).
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.transforms import SphinxTransform
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging

from edition_common import (
    Popup,
    Warn,
    add_tip_sources,
    make_tooltip,
    pending_ref,
    view_text,
    warn,
)
from edition_common.places import Places, ancestors

from .domain import get_domain, get_registry
from .nodes import person_ref, persons_index
from .registry import Person

logger = logging.getLogger(__name__)


def popup_body(person: Person) -> list[nodes.Node]:
    """What the mark's popup says: "Kamenev, Lev Borisovich (1883–1936) · Каменев, Лев
    Борисович — Bolshevik; …"."""
    body: list[nodes.Node] = [nodes.inline("", person.heading(), classes=["ed-person-name"])]
    if person.ru:
        body += [nodes.Text(" · "), nodes.inline("", person.ru, classes=["language-ru"])]
    body.append(nodes.Text(" — " + person.about))
    return body


def person_text_id(key: str) -> str:
    """The id of a person's description among a page's hidden popup texts (HTML)."""
    return f"ed-person-text-{key}"


class PersonsOfThePage(SphinxPostTransform):
    """HTML: the description of every person the page marks, once, in the page's hidden
    popup texts (the marks' popups show it, and ``aria-describedby`` names it)."""

    default_priority = 20  # after the listings that copy marks (5) are built
    formats = ("html",)

    def run(self, **kwargs: Any) -> None:
        persons = get_registry(self.env).persons

        def description(key: str) -> nodes.Element:
            return nodes.inline("", "", *popup_body(persons[key]), ids=[person_text_id(key)])

        add_tip_sources(self.document, "ed_person", description)


class PersonOccurrences(SphinxTransform):
    #: before the notes extension copies editorial notes into their listing (880)
    default_priority = 840

    def apply(self, **kwargs: Any) -> None:
        env = self.env
        docname = env.current_document.docname
        domain = get_domain(env)
        registry = get_registry(env)
        domain.note_placeholders(env, self.document, persons_index, "index_pages",
                                 registry.path)
        refs = [r for r in self.document.findall(person_ref)
                if not any(isinstance(a, Popup) for a in ancestors(r))]
        if not refs:
            return
        places = Places(self.document)
        text_docs = env.config.persons_text_docs
        editorial_page = text_docs is not None and docname not in text_docs
        records = []
        shown: list[tuple[person_ref, Person]] = []
        for node in refs:  # every place first, before the tree changes
            person = registry.persons.get(node["person"])
            if person is None:
                if node.get("unknown"):
                    warn(logger, Warn.PERSONS_UNKNOWN, node["unknown"],
                         location=(docname, places.line(places.container(node), node)))
                continue
            # the page in the id: the editorial notes' marks are copied into their listing,
            # beside those of the other pages
            place, occ_id = places.mark(node, env,
                                        f"person-occ-{person.key}-{nodes.make_id(docname)}")
            place["editorial"] = place["editorial"] or editorial_page
            if not place["heading"]:  # a heading's copies in the contents get no popup
                shown.append((node, person))
            records.append({"person": person.key, "occ_id": occ_id,
                            "spelling": view_text(node, "diplomatic"), **place})
        for node, person in shown:
            parent, index = node.parent, node.parent.index(node)
            parent.remove(node)
            # the popup shows the person's description, given once on the page
            # (PersonsOfThePage) however often the person is named
            tip = make_tooltip(None, [node], described_by=person_text_id(person.key),
                               anchor_classes=["ed-person"], classes=["ed-person-tip"])
            tip["ed_person"] = person.key
            # no refdoc: a copy on another page (the listing of editorial notes) is
            # resolved from that page
            parent.insert(index, pending_ref("persons", "person", person.key, tip))
        domain.set_doc_data("occurrences", docname, records)
