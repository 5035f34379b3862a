"""The ``cite-as`` role: the author's own words, linked to bibliography entries with locators.

Syntax (MyST ``{cite-as}`…```, reStructuredText ``:cite-as:`…```)::

    {cite-as}`(47-8) <dorr1917inside, pp. 47–48>`
    {cite-as}`(10, 19) <dorr1917inside, pp. 10, 19>`
    {cite-as}`(V.I.Lenin, Selected Works, Vol. VII, pages 332-333, 340-342) <leninsw7, vol. VII, pp. 332–333, 340–342; lenin1918immediate>`
    {cite-as}`dorr1917inside, p. 10`          (no words of the author: an editorial citation)

Before ``<…>``: the author's words, exactly as the copy-text has them (they stay the
copy-text in the diplomatic reading).  Inside ``<…>``: one or more targets separated by
``;``, each a bib key and, after the first comma, an optional locator (grammar in
:mod:`.locator`).  Without ``<…>`` the editors supply the whole citation: it is printed as
"(Dorr 1917, p. 10)" and marked as editorial.

Bad input: unknown key (``cite.unknown_key``, naming the nearest keys), a locator that
does not parse (``cite.bad_locator``), an empty or malformed target (``cite.bad_target``).
The words are never dropped.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path

from docutils import nodes
from sphinx.util import logging
from sphinx.util.docutils import SphinxRole

from edition_common import warn

from . import locator as loc
from .nodes import cite_as

logger = logging.getLogger(__name__)

EXPLICIT = re.compile(r"^(?P<words>.*?)\s*(?<!\\)<(?P<spec>[^<>]*)>\s*$", re.S)
KEY = re.compile(r"^[A-Za-z0-9_:.\-]+$")


def known_keys(env) -> list[str]:
    return list(env.get_domain("cite").bibdata.data.entries.keys())


def bibfile_paths(env) -> list[str]:
    """The bib files, resolved at builder-inited (see ``__init__.load_bibliography``)."""
    return list(env.get_domain("cite").bibdata.bibfiles.keys())


def split_targets(spec: str) -> list[tuple[str, str]]:
    """``"a, p. 1; b"`` → ``[("a", "p. 1"), ("b", "")]`` (no validation)."""
    out = []
    for target in spec.split(";"):
        key, _, locator = target.strip().partition(",")
        out.append((key.strip(), locator.strip()))
    return out


class CiteAsRole(SphinxRole):
    def exact_line(self) -> int:
        """The source line of this role (MyST reports its paragraph's first line).

        Searches the document's source from the reported line for the role's text, skipping
        places already claimed by an earlier role of the same document."""
        temp = self.env.temp_data
        if "citations_source" not in temp:
            try:
                temp["citations_source"] = self.env.doc2path(self.env.docname).read_text(
                    encoding="utf-8").splitlines()
            except OSError:
                temp["citations_source"] = []
        lines: list[str] = temp["citations_source"]
        claimed: set[tuple[int, int]] = temp.setdefault("citations_claimed", set())
        needle = "`" + self.text.splitlines()[0] if self.text else ""
        for i in range(max(self.lineno - 1, 0), len(lines)):
            col = lines[i].find(needle)
            while col >= 0:
                if (i, col) not in claimed:
                    claimed.add((i, col))
                    return i + 1
                col = lines[i].find(needle, col + 1)
        return self.lineno

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        self.lineno = self.exact_line()
        location = (self.env.docname, self.lineno)
        m = EXPLICIT.match(self.text)
        if m and m.group("words").strip():
            words, spec, editorial = m.group("words"), m.group("spec"), False
        else:
            words, spec, editorial = "", (m.group("spec") if m else self.text), True
        keys = known_keys(self.env)
        targets: list[tuple[str, str]] = []
        for key, raw_locator in split_targets(spec):
            if not key or not KEY.match(key):
                warn(logger, f"citation target {spec!r} is malformed: write "
                     "'words <key, locator; key2, locator2>', e.g. '(10) <dorr1917inside, p. 10>'",
                     type="cite", subtype="bad_target", location=location)
                continue
            if key not in keys:
                near = difflib.get_close_matches(key, keys, n=3, cutoff=0.5)
                hint = f"; nearest keys: {', '.join(near)}" if near else ""
                warn(logger, f"unknown bibliography key {key!r} (not in "
                     f"{', '.join(self.config.bibtex_bibfiles)}){hint}",
                     type="cite", subtype="unknown_key", location=location)
                continue
            try:
                locator = loc.parse(raw_locator).format()
            except loc.LocatorError as exc:
                warn(logger, f"{exc}; the citation links to {key!r} without a locator",
                     type="cite", subtype="bad_locator", location=location)
                locator = ""
            targets.append((key, locator))
        if editorial and not targets:
            # nothing to print in the edition's style: the text as typed stays visible
            # (a malformed target such as words containing '<' would otherwise vanish)
            words, editorial = self.text, False
        node = cite_as(self.rawtext, "", targets=targets, editorial=editorial)
        if words:
            node += nodes.Text(words)
        node.source, node.line = self.env.doc2path(self.env.docname), self.lineno
        # editing the bib file re-reads (and so re-renders) every page that cites it
        for bibfile in bibfile_paths(self.env):
            self.env.note_dependency(str(bibfile))
        return [node], []
