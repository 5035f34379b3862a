"""Persons: a registry with authority records, a role for the text's names, a generated
index of persons (HTML page, and in the PDF an index of its own).

* the registry (:mod:`.registry`): ``source/persons.yaml`` (``persons_registry``), each
  person once: the standard form of the name, the Cyrillic form of a Russian, the forms the
  text uses, life dates, a one-line identification and the authority identifiers (Library
  of Congress Name Authority File, VIAF, Wikidata), checked by their form;
* the role ``person`` (:mod:`.roles`): ``{person}`Kamenev <kamenev>``` marks a name where
  the text, a note, a comment or an editorial note writes it, keeping the words;
* occurrences (:mod:`.transforms`, :mod:`.domain`): recorded per page with their place (the
  description of :mod:`edition_common.places`) in the ``persons`` domain, each mark a
  reference to the person's entry (in HTML with a popup);
* the index (:mod:`.directives`, :mod:`.index`): ``persons-index`` generates it; in the PDF
  every mark is also an entry of the index of persons (``\\edPersonIndex``, standard and
  Cyrillic forms), sorted by upmendex so that Cyrillic sorts as Russian (:mod:`.writers`,
  ``persons.sty``).

Warnings (all ``persons.*``, with file and line): ``unknown``, ``registry``,
``duplicate``, ``ambiguous_form``, ``bad_identifier``, ``bad_dates``, ``unused``,
``no_index``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config

from edition_common import add_latex_package, add_node, add_static_dir
from edition_common import registry as registry_module
from edition_common.cache import inputs_digest, kept
from edition_common.registry import MAX_BYTES as REGISTRY_MAX_BYTES

from . import writers
from .directives import PersonsIndexDirective
from .domain import PersonsDomain, get_domain, registry_path
from .index import BuildIndex, on_check_consistency, on_env_updated
from .nodes import person_ref, persons_index
from .registry import load_registry
from .roles import PersonRole
from .transforms import PersonOccurrences, PersonsOfThePage


def on_builder_inited(app: Sphinx) -> None:
    """Read the registry at the start of every build (and report its problems); kept in the
    environment while the file and the code that reads it are unchanged."""
    domain, path = get_domain(app.env), registry_path(app.env)
    digest = inputs_digest([path], max_bytes=REGISTRY_MAX_BYTES,
                           code=[Path(__file__).parent, registry_module.__file__])
    domain.registry = kept(domain.data, "registry_read", digest, lambda: load_registry(path))


def print_index(app: Sphinx, config: Config) -> None:
    """The PDF prints the index of persons after the general index."""
    elements = config.latex_elements
    printindex = elements.get("printindex", r"\printindex")
    if r"\edPrintPersonsIndex" not in printindex:
        elements["printindex"] = printindex + r"\edPrintPersonsIndex"


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("edition_common")
    app.add_config_value("persons_registry", "persons.yaml", "env", types=frozenset({str}))
    # the pages of the text (None: every page): a mark on another page (the introduction,
    # the editorial principles) is listed among the places but is the editors' matter
    app.add_config_value("persons_text_docs", None, "env",
                         types=frozenset({list, tuple, type(None)}))
    app.add_domain(PersonsDomain)
    add_node(app, person_ref,
             html=(writers.visit_person_ref_html, writers.depart_person_ref_html),
             latex=(writers.visit_person_ref_latex, None))
    add_node(app, persons_index, default="skip")
    app.add_role("person", PersonRole())
    app.add_directive("persons-index", PersonsIndexDirective)
    app.add_transform(PersonOccurrences)
    app.connect("builder-inited", on_builder_inited)
    app.add_post_transform(BuildIndex)
    app.add_post_transform(PersonsOfThePage)  # HTML: each description once per page
    app.connect("env-updated", on_env_updated)
    app.connect("env-check-consistency", on_check_consistency)
    # after the PDF edition's settings (priority 900), which set the general index's macro
    app.connect("config-inited", print_index, priority=950)
    add_latex_package(app, Path(__file__).resolve().parent / "persons.sty")
    add_static_dir(app, __file__, css=["persons.css"])
    return {
        "version": "1.0",
        "env_version": 1,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
