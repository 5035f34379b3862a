"""The edition's one bibliography: loaded once, formatted once, labelled once.

Everything that prints a work — citations in the text (``{cite-as}``, ``{cite:p}``,
``{cite:t}``), the works-cited list and its back-references, the apparatus (its sources,
its full references, the appendix of interventions), ``make cite`` and the PDF — asks the
:class:`Bibliography` of the ``edcite`` domain (:func:`bibliography`), so that a work has one
label ("Jones 2005a", "Smith n.d.-b") and one reference everywhere.

Loading goes through sphinxcontrib-bibtex's public data and plugins:

* the bib files are the ones named in ``bibtex_bibfiles`` (``bibtex_encoding``); the
  edition parses them itself (:func:`load`, priority 499, before sphinxcontrib-bibtex's
  ``builder-inited`` handler), with error recovery and with bounds on their size and on
  macro expansion (:mod:`.bibdata`, :mod:`.bibcheck`), each problem a warning at its line,
  and stores the result in the ``cite`` domain as sphinxcontrib-bibtex's data with the
  files' current modification times, so that sphinxcontrib-bibtex finds its cache up to
  date and does not parse again (its parser would stop at the first error, and has no
  bounds); the parsed and formatted bibliography is kept in the environment with the digest
  of the files' bytes, of the settings and of this package's code, so that a build whose
  bib files have not changed does not read them again (their problems are warned again, at
  every build);
* the style is the pybtex formatting style named by ``bibtex_default_style``, found through
  pybtex's plugin mechanism (the edition's style registers itself as the plugin ``edition``,
  :mod:`.style`), so sphinxcontrib-bibtex's own ``{bibliography}`` would print the same.

The :class:`Bibliography` also checks that the style prints every field of every entry: a
field it does not print is a warning ``cite.unprinted_field`` at the field's line, unless
the field is data for the editors only — the fields of :data:`EDITOR_FIELDS` and those named
in the configuration value ``citations_unprinted_fields``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, NamedTuple

import pybtex
import pybtex.plugin
import pybtex_docutils
from docutils import nodes
from pybtex.database import BibliographyData, Entry
from pybtex.richtext import BaseText
from pybtex.style import FormattedEntry
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging
from sphinxcontrib.bibtex.bibfile import BibData, BibFile, get_mtime

from edition_common import Warn, warn
from edition_common.cache import inputs_digest

from . import bibcheck, bibdata, style
from .nodes import cite_as

logger = logging.getLogger(__name__)

#: Fields that are data for the editors, never printed: notes on the entry, its keywords
#: (which also mark works consulted), attached files, the language (for hyphenation and the
#: reference-manager export of ``make cite``).  ``citations_unprinted_fields`` adds more.
EDITOR_FIELDS = frozenset({"annote", "annotation", "abstract", "keywords", "file",
                           "language", "langid"})
#: Fields that the works-cited page prints apart from the reference.
LISTED_FIELDS = frozenset({"discrepancy"})

#: one docutils backend for every rendering
DOCUTILS = pybtex_docutils.Backend()


class Target(NamedTuple):
    """One work cited at one place: its key and the locator ("p. 10"), normalised."""

    key: str
    locator: str = ""


class Bibliography:
    """The bibliography of the edition: every entry with its label and its reference in
    the configured pybtex style, sorted as the style sorts them.

    *lines* (``key → (path, line)``) and *field_lines* (``key → field → line``) locate
    warnings about an entry."""

    def __init__(self, data: BibliographyData, style_name: str = style.STYLE_NAME, *,
                 lines: dict[str, tuple[Path, int]] | None = None,
                 field_lines: dict[str, dict[str, int]] | None = None,
                 paths: Sequence[Path] = ()) -> None:
        self.data = data
        self.entries: dict[str, Entry] = dict(data.entries)
        self.style_name = style_name
        self.style = pybtex.plugin.find_plugin("pybtex.style.formatting", style_name)()
        self.formatted: dict[str, FormattedEntry] = {}
        for fe in self.style.format_entries(list(self.entries.values())):
            self.formatted[fe.key] = fe
        #: keys in the style's order (the works-cited order)
        self.order: list[str] = list(self.formatted)
        self.lines = lines or {}
        self.field_lines = field_lines or {}
        self.paths = list(paths)

    # -- looking up ------------------------------------------------------------------------

    def __contains__(self, key: object) -> bool:
        return key in self.formatted

    def keys(self) -> list[str]:
        return list(self.entries)

    def location(self, key: str, field: str | None = None) -> str:
        """``path:line`` of the entry (or of one of its fields) in its bib file."""
        fallback = self.paths[-1] if self.paths else Path("bibliography.bib")
        path, line = self.lines.get(key, (fallback, 0))
        if field is not None:
            line = self.field_lines.get(key, {}).get(field.lower(), line)
        return f"{path}:{line}"

    # -- what is printed -------------------------------------------------------------------

    def label(self, key: str) -> str:
        """The short form of a work: "Smith 1990", "Jones 2005a", "Smith n.d.-b"."""
        return self.formatted[key].label

    def label_parts(self, key: str) -> tuple[str, str]:
        """(names, year) of the label: "Lenin", "n.d.-a"; a style that does not label by
        author and year gives (label, "")."""
        split = getattr(self.style, "split_label", None)
        return split(self.label(key)) if split else (self.label(key), "")

    def reference(self, key: str) -> BaseText:
        """The full reference, as pybtex rich text."""
        return self.formatted[key].text

    def reference_nodes(self, key: str) -> list[nodes.Node]:
        """The full reference as docutils inline nodes (italics, links)."""
        return self.formatted[key].text.render(DOCUTILS)

    def reference_text(self, key: str) -> str:
        return style.as_plain_text(self.formatted[key].text)

    def short(self, target: Target | tuple[str, str]) -> str:
        """"Smith 1990, p. 10" (the label and the locator)."""
        key, locator = target
        return f"{self.label(key)}, {locator}" if locator else self.label(key)

    def citation_text(self, targets: Iterable[Target | tuple[str, str]], form: str = "p",
                      pres: Sequence[str] = ()) -> str:
        """An editorial citation in the edition's style: form ``p`` (parenthetical)
        "(see Smith 1990, p. 10; Jones 2005)", form ``t`` (textual) "Smith (1990, p. 10)";
        *pres* are words before each work ("see")."""
        parts = []
        for i, target in enumerate(Target(*t) for t in targets):
            pre = pres[i] + " " if i < len(pres) and pres[i] else ""
            if form == "t":
                names, year = self.label_parts(target.key)
                inner = ", ".join(filter(None, [year, target.locator]))
                parts.append(f"{pre}{names} ({inner})" if inner else pre + names)
            else:
                parts.append(pre + self.short(target))
        text = "; ".join(parts)
        return text if form == "t" else f"({text})"

    def sources_text(self, targets: Iterable[Target | tuple[str, str]]) -> str:
        """"Smith 1990, p. 10; Jones 2005." — a list of sources closing a sentence."""
        text = "; ".join(self.short(Target(*t)) for t in targets)
        return text if text.endswith((".", "?", "!")) else text + "."

    # -- checks ----------------------------------------------------------------------------

    def unprinted_fields(self, also_unprinted: Iterable[str] = ()) -> list[tuple[str, str]]:
        """``(key, field)`` of every field that the style does not print and that is not
        data for the editors only (:data:`EDITOR_FIELDS`, *also_unprinted*)."""
        printed_fields = getattr(self.style, "printed_fields", None)
        if printed_fields is None:  # another style: it cannot say what it prints
            return []
        exempt = EDITOR_FIELDS | LISTED_FIELDS | {f.lower() for f in also_unprinted}
        found = []
        for key, entry in self.entries.items():
            printed = printed_fields(entry)
            for name in style.unprinted_fields(entry, printed):
                if name.lower() not in exempt:
                    found.append((key, name))
        return found


def citation_node(bib: Bibliography, targets: Sequence[tuple[str, str]], *, place: str = "",
                  source: str | None = None, line: int | None = None) -> nodes.Element:
    """An editorial citation ("Smith 1990, p. 10") for another construct (the apparatus): a
    :class:`~.nodes.cite_as` that the ``edcite`` domain records as a citing place, named
    *place* ("apparatus S2"), with the popup and the link of every citation."""
    node = cite_as("", "; ".join(bib.short(t) for t in targets), targets=list(targets),
                   editorial=True, place=place)
    node.source, node.line = source, line
    return node


# -- Sphinx: loading through sphinxcontrib-bibtex ----------------------------------------------

def _edcite(env: BuildEnvironment) -> Any:
    return env.get_domain("edcite")


def bibliography(env: BuildEnvironment) -> Bibliography:
    """The bibliography of this build (made at ``builder-inited``)."""
    bib = getattr(_edcite(env), "bibliography", None)
    if bib is None:  # an environment used outside a build (unpickled): make it now
        data = env.get_domain("cite").bibdata.data
        bib = Bibliography(data, env.config.bibtex_default_style)
        _edcite(env).bibliography = bib
    return bib


def bib_paths(app: Sphinx) -> list[Path]:
    return [(Path(app.confdir) / f).resolve() for f in app.config.bibtex_bibfiles or []]


def load(app: Sphinx) -> None:
    """Parse the bib files (bounded, with located warnings), hand the data to
    sphinxcontrib-bibtex, and make the :class:`Bibliography`."""
    if app.config.bibtex_bibfiles is None:
        return  # sphinxcontrib-bibtex stops the build: "You must configure bibtex_bibfiles"
    paths = bib_paths(app)
    limits = bibcheck.Limits(max_file_bytes=app.config.citations_max_bib_bytes,
                             max_field_chars=app.config.citations_max_field_chars)
    unprinted = EDITOR_FIELDS | set(app.config.citations_unprinted_fields)
    edcite = _edcite(app.env)
    # the bib files' bytes, the settings and this package's code: the same bibliography
    key = inputs_digest(paths, app.config.bibtex_encoding, limits, sorted(unprinted),
                        app.config.bibtex_default_style, pybtex.__version__,
                        max_bytes=limits.max_file_bytes, code=[Path(__file__).parent])
    cached = edcite.data.get("loaded")
    if cached is not None and cached[0] == key:
        result, bib = cached[1], cached[2]  # the same bytes read the same way by this code
    else:
        result = bibdata.load(paths, app.config.bibtex_encoding, limits, unprinted)
        bib = Bibliography(result.data, app.config.bibtex_default_style, lines=result.lines,
                           field_lines=result.field_lines, paths=paths)
        edcite.data["loaded"] = (key, result, bib)
    keys_by_file: dict[Path, dict[str, None]] = {p: {} for p in paths}
    for key in result.data.entries:
        path, _ = result.lines.get(key, (paths[-1], 0))
        keys_by_file.setdefault(path, {})[key] = None
    app.env.get_domain("cite").data["bibdata"] = BibData(
        encoding=app.config.bibtex_encoding,
        bibfiles={p: BibFile(mtime=get_mtime(p), keys=keys_by_file.get(p, {})) for p in paths},
        data=result.data,
    )
    edcite.bibliography = bib
    for problem in result.problems:
        warn(logger, problem.message, type="cite", subtype=problem.subtype,
             location=problem.location)
    for key, name in bib.unprinted_fields(app.config.citations_unprinted_fields):
        warn(logger, Warn.CITE_UNPRINTED_FIELD,
             f"the field {name!r} of {key!r} is not printed by the edition's style "
             f"({bib.style_name}): delete it, or, if it is data for the editors only, add it "
             "to citations_unprinted_fields in conf.py", location=bib.location(key, name))
