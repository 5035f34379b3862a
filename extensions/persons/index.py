"""The generated index of persons, and what is done when pages are resolved.

* :class:`BuildIndex`: the ``persons-index`` placeholder becomes the index: one
  entry per registry person, in alphabetical order of the standard form, with the Cyrillic
  form, the life dates, the identification, the name forms the text uses, the authority
  records (linked) or "unverified", every place of the text that names the person, linked
  (by page, section or note or comment or editorial note, and ¶:
  :func:`edition_common.places.place_list`, the description the glossary uses).
* :func:`on_env_updated`: the index page is rewritten, without re-reading any page, when
  the occurrences change; every page when the registry changes (the popups repeat it).
* :func:`on_check_consistency`: ``persons.unused`` for a registry person nothing marks;
  ``persons.no_index`` when persons are marked and no page holds the index.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging

from edition_common import EDITORIAL, Warn, _, warn
from edition_common.domain import pages_to_rewrite
from edition_common.places import listing_digest, page_namer, place_list
from edition_common.registry import warn_unused

from .domain import PersonsDomain, get_domain, get_registry
from .nodes import persons_index
from .registry import Person

logger = logging.getLogger(__name__)


def sort_key(person: Person) -> tuple[str, str]:
    """Alphabetical by the standard form, accents ignored, then as written."""
    plain = unicodedata.normalize("NFKD", person.name.casefold())
    return "".join(c for c in plain if not unicodedata.combining(c)), person.name


class BuildIndex(SphinxPostTransform):
    """``persons-index`` becomes the index when its page is written (every builder); before
    Sphinx resolves references, so that the links to the places are references of this
    page (``occurrence``, :meth:`edition_common.EditionDomain.resolve_occurrence`)."""

    default_priority = 5

    def run(self, **kwargs: Any) -> None:
        for placeholder in list(self.document.findall(persons_index)):
            placeholder.replace_self(build_index(self.env))


def on_env_updated(app: Sphinx, env: BuildEnvironment) -> Iterable[str]:
    domain = get_domain(env)
    registry = get_registry(env)
    digest = listing_digest(env, domain.digest(), domain.data["occurrences"])
    return pages_to_rewrite(domain, env, domain.index_doc(), digest, registry.digest())


def on_check_consistency(app: Sphinx, env: BuildEnvironment) -> None:
    domain = get_domain(env)
    registry = get_registry(env)
    used = domain.used()
    warn_unused(Warn.PERSONS_UNUSED, registry.persons.values(), used, lambda p: p.key,
                lambda p: f"the person {p.key!r} ({p.name}) is never marked: mark the places "
                          "that name the person with {person}`…` or remove the entry",
                registry.location)
    if used and domain.index_doc() is None:
        doc, record = next(iter(domain.in_reading_order(env)))
        warn(logger, Warn.PERSONS_NO_INDEX,
             "persons are marked but no page holds the index of persons: add "
             "```{persons-index}``` to a page of the back matter",
             location=(doc, record["line"] or None))


# -- building the index -----------------------------------------------------------------

def field(name: str, *body: nodes.Node) -> nodes.field:
    return nodes.field("", nodes.field_name("", name), nodes.field_body("", *body))


def authority_paragraph(person: Person) -> nodes.paragraph:
    """"Library of Congress n80022283; VIAF 66478335; Wikidata Q184796" (linked), and
    "unverified" for the authorities without an identifier."""
    para = nodes.paragraph()
    for i, (label, ident, uri) in enumerate(person.authority_links()):
        if i:
            para += nodes.Text("; ")
        para += nodes.Text(label + " ")
        para += nodes.reference(ident, ident, refuri=uri, classes=["ed-authority"])
    missing = person.unverified()
    if missing:
        if len(para):
            para += nodes.Text("; ")
        para += nodes.Text(", ".join(missing) + ": unverified")
    return para


def build_index(env: BuildEnvironment) -> list[nodes.Node]:
    domain: PersonsDomain = get_domain(env)
    registry = get_registry(env)
    by_person: dict[str, list[tuple[str, dict[str, Any]]]] = {}
    for doc, record in domain.in_reading_order(env):
        by_person.setdefault(record["person"], []).append((doc, record))
    dl = nodes.definition_list(classes=["ed-persons-index", EDITORIAL])
    name_page = page_namer(env)
    for person in sorted(registry.persons.values(), key=sort_key):
        records = by_person.get(person.key, [])
        text = [(d, r) for d, r in records if not r["editorial"]]
        dt = nodes.term("", "", ids=[person.anchor])
        dt += nodes.strong("", person.name)
        if person.ru:
            dt += nodes.Text(" · ")
            dt += nodes.inline("", person.ru, classes=["language-ru"])
        if person.life():
            dt += nodes.Text(f" ({person.life()})")
        dd = nodes.definition()
        dd += nodes.paragraph("", person.about, classes=["ed-person-about"])
        fields = nodes.field_list()
        used: dict[str, int] = {}
        for _doc, record in text:
            used[record["spelling"]] = used.get(record["spelling"], 0) + 1
        if used:
            fields += field(_("In the text"), nodes.paragraph(
                "", ", ".join(f"{s} ({n}×)" for s, n in used.items())))
        fields += field(_("Authority records"), authority_paragraph(person))
        if records:
            fields += field(_("Occurrences"), place_list(
                "persons", env, records, name_page,
                classes=["ed-persons-occurrences"]))
        dd += fields
        dl += nodes.definition_list_item("", dt, dd)
    return [dl]
