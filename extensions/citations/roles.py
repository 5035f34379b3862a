"""The citation roles: ``{cite-as}``, and sphinxcontrib-bibtex's ``{cite:p}`` and ``{cite:t}``.

``{cite-as}`` — the author's own words, linked to bibliography entries with locators
(MyST ``{cite-as}`…```, reStructuredText ``:cite-as:`…```)::

    {cite-as}`(47-8) <dorr1917inside, pp. 47–48>`
    {cite-as}`(10, 19) <dorr1917inside, pp. 10, 19>`
    {cite-as}`(V.I.Lenin, Selected Works, Vol. VII, pages 332-333, 340-342) <leninsw7, …>`
    {cite-as}`dorr1917inside, p. 10`          (no words of the author: an editorial citation)

Before ``<…>``: the author's words, exactly as the copy-text has them (they stay the
copy-text in the diplomatic reading).  Inside ``<…>``: one or more targets separated by
``;``, each a bib key and, after the first comma, an optional locator (grammar in
:mod:`.locator`).  Without ``<…>`` the editors supply the whole citation: it is printed as
"(Dorr 1917, p. 10)" and marked as editorial.

``{cite:p}`` and ``{cite:t}`` (and ``{cite}``, which is ``{cite:p}``) keep
sphinxcontrib-bibtex's syntax — keys separated by commas, words before a key in braces, a
locator after it in braces — and print an editorial citation in the edition's style, linked
to the works cited like every other citation::

    {cite:p}`dorr1917inside{p. 10}`            (Dorr 1917, p. 10)
    {cite:p}`{see}dorr1917inside, lih2011ironic`  (see Dorr 1917; Lih 2011)
    {cite:t}`dorr1917inside{p. 10}`            Dorr (1917, p. 10)

sphinxcontrib-bibtex's other citation roles (``{cite:ps}``, ``{cite:author}``, …,
``{footcite}``) are refused: a warning ``cite.unsupported_role`` names ``{cite-as}`` and
``{cite:p}``, and the text is kept as typed.

Bad input: unknown key (``cite.unknown_key``, naming the nearest keys), a locator that
does not parse (``cite.bad_locator``), an empty or malformed target (``cite.bad_target``).
The words are never dropped.
"""

from __future__ import annotations

import re

from docutils import nodes
from sphinx.util import logging
from sphinx.util.docutils import SphinxRole
from sphinxcontrib.bibtex.citation_target import parse_citation_targets

from edition_common import nearest, warn

from . import locator as loc
from . import service
from .nodes import cite_as

logger = logging.getLogger(__name__)

EXPLICIT = re.compile(r"^(?P<words>.*?)\s*(?<!\\)<(?P<spec>[^<>]*)>\s*$", re.DOTALL)
KEY = re.compile(r"^[A-Za-z0-9_:.\-]+$")
HOW_TO_CITE = ("for the author's own words write {cite-as}`words <key, locator>`; for a "
               "citation by the editors {cite:p}`key{p. 10}` or {cite:t}`key{p. 10}`")


def split_targets(spec: str) -> list[tuple[str, str]]:
    """``"a, p. 1; b"`` → ``[("a", "p. 1"), ("b", "")]`` (no validation)."""
    out = []
    for target in spec.split(";"):
        key, _, locator = target.strip().partition(",")
        out.append((key.strip(), locator.strip()))
    return out


class _CitationRole(SphinxRole):
    """What the citation roles share: the exact line, key and locator checks, the node."""

    def exact_line(self) -> int:
        """The source line of this role (MyST reports its paragraph's first line).

        Searches the document's source from the reported line for the role's text, skipping
        places already claimed by an earlier role of the same document."""
        temp = self.env.temp_data
        if "citations_source" not in temp:
            try:
                temp["citations_source"] = self.env.doc2path(self.env.docname).read_text(
                    encoding="utf-8").splitlines()
            except (OSError, UnicodeDecodeError):
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

    def problem(self, message: str, subtype: str) -> None:
        warn(logger, message, type="cite", subtype=subtype,
             location=(self.env.docname, self.lineno))

    def checked_key(self, key: str, bib: service.Bibliography) -> bool:
        if key in bib:
            return True
        if key.startswith("!") and key[1:] in bib:
            self.problem(f"{key!r}: a citation of the edition is always a link to its work: "
                         "remove the '!'", "bad_target")
            return False
        near = nearest(key, bib.keys())
        hint = f"; nearest keys: {', '.join(near)}" if near else ""
        self.problem(f"unknown bibliography key {key!r} (not in "
                     f"{', '.join(self.config.bibtex_bibfiles)}){hint}", "unknown_key")
        return False

    def checked_locator(self, key: str, raw: str) -> str:
        try:
            return loc.parse(raw).format()
        except loc.LocatorError as exc:
            self.problem(f"{exc}; the citation links to {key!r} without a locator", "bad_locator")
            return ""

    def citation(self, targets: list[tuple[str, str]], words: str, editorial: bool) -> cite_as:
        node = cite_as(self.rawtext, "", targets=targets, editorial=editorial)
        if words:
            node += nodes.Text(words)
        node.source, node.line = self.env.doc2path(self.env.docname), self.lineno
        # editing the bib file re-reads (and so re-renders) every page that cites it
        for path in service.bibliography(self.env).paths:
            self.env.note_dependency(str(path))
        return node


class CiteAsRole(_CitationRole):
    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        self.lineno = self.exact_line()
        bib = service.bibliography(self.env)
        m = EXPLICIT.match(self.text)
        if m and m.group("words").strip():
            words, spec, editorial = m.group("words"), m.group("spec"), False
        else:
            words, spec, editorial = "", (m.group("spec") if m else self.text), True
        targets: list[tuple[str, str]] = []
        for key, raw_locator in split_targets(spec):
            if not key or not KEY.match(key):
                self.problem(f"citation target {spec!r} is malformed: write 'words <key, "
                             "locator; key2, locator2>', e.g. '(10) <dorr1917inside, p. 10>'",
                             "bad_target")
                continue
            if self.checked_key(key, bib):
                targets.append((key, self.checked_locator(key, raw_locator)))
        if editorial:
            # nothing to print in the edition's style: the text as typed stays visible
            # (a malformed target such as words containing '<' would otherwise vanish)
            words = bib.citation_text(targets) if targets else self.text
            editorial = bool(targets)
        return [self.citation(targets, words, editorial)], []


class CiteRole(_CitationRole):
    """sphinxcontrib-bibtex's ``{cite:p}`` (*form* ``p``) or ``{cite:t}`` (``t``), printed
    in the edition's style by the edition's bibliography."""

    def __init__(self, form: str) -> None:
        super().__init__()
        self.form = form

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        self.lineno = self.exact_line()
        bib = service.bibliography(self.env)
        try:
            parsed = list(parse_citation_targets(self.text))
        except ValueError:
            self.problem(f"citation target {self.text!r} is malformed: write keys separated "
                         "by commas, words before a key in braces and a locator after it "
                         f"({{cite:{self.form}}}`{{see}}dorr1917inside{{p. 10}}, lih2011ironic`); "
                         + HOW_TO_CITE, "bad_target")
            return [self.citation([], self.text, False)], []
        targets: list[tuple[str, str]] = []
        pres: list[str] = []
        for target in parsed:
            if self.checked_key(target.key, bib):
                targets.append((target.key, self.checked_locator(target.key, target.post)))
                pres.append(" ".join(target.pre.split()))
        if not targets:
            return [self.citation([], self.text, False)], []
        return [self.citation(targets, bib.citation_text(targets, self.form, pres), True)], []


class RefusedCiteRole(_CitationRole):
    """A citation role of sphinxcontrib-bibtex that the edition does not use."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.role_name = name

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        self.lineno = self.exact_line()
        self.problem(f"the role {{{self.role_name}}} is not used in this edition (the text "
                     f"{self.text!r} is printed as typed): " + HOW_TO_CITE, "unsupported_role")
        return [nodes.inline(self.rawtext, self.text, classes=["ed-cite-refused"])], []
