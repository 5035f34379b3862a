"""Reading the bib files, with problems that name the bib file's line.

sphinxcontrib-bibtex would parse the bib files itself, but a syntax error in one of them
ends the build with a traceback (pybtex's strict mode), a duplicate key silently drops
every entry after it, and its parser has no bound on a file's size or on ``@string`` macro
expansion.  :func:`load` parses with error recovery and with the bounds of
:mod:`.bibcheck` instead, and returns the entries that could be read, each with the line
where it starts and the lines of its fields, and a list of :class:`BibProblem`:

* ``cite.bib_syntax``, ``cite.duplicate_key`` (the parse; pybtex's recovering parser, its
  errors collected with ``pybtex.errors.capture``, with a hint naming the entry that an
  unclosed brace probably comes from);
* ``cite.bib_too_large``, ``cite.field_too_long``, ``cite.control_chars``,
  ``cite.crossref``, ``cite.missing_field``, ``cite.latex`` (:mod:`.bibcheck`: the checks
  of untrusted input);
* ``cite.bad_field``, ``cite.bad_url`` at the field's line (:func:`entry_problems`).

The service (:mod:`.service`) hands the parsed data to sphinxcontrib-bibtex as its
up-to-date cache, so the bib file is parsed once, by this module, and turns the problems
into warnings; the lookup command prints them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pybtex.errors
from pybtex.database import BibliographyData, Entry
from pybtex.exceptions import PybtexError
from pybtex.richtext import Text
from pybtex.scanner import PybtexSyntaxError

from . import bibcheck
from .bibcheck import BibProblem, Limits, entry_lines

#: what pybtex's LaTeX reading raises for a field that is not valid LaTeX (latexcodec's
#: UnicodeDecodeError for a lone backslash is a ValueError; unbalanced braces a PybtexError)
LATEX_ERRORS = (ValueError, PybtexError)

#: ``name =`` at the start of a line: a field of the entry above.
FIELD_START = re.compile(r"^[ \t]*([A-Za-z][\w\-:.]*)[ \t]*=", re.MULTILINE)

Lines = dict[str, tuple[Path, int]]
FieldLines = dict[str, dict[str, int]]


@lru_cache(maxsize=8192)
def read_latex(value: str) -> tuple[Text | None, str]:
    """A field's LaTeX as rich text (:func:`.bibcheck.decode_latex`), or None and why it is
    not valid LaTeX.

    Memoised (the check here and the style both read every field): reading LaTeX costs
    about a millisecond a field, and names and places recur; the rich text is never
    changed, only put into other texts."""
    try:
        return bibcheck.decode_latex(value), ""
    except LATEX_ERRORS as exc:
        return None, str(exc)


@dataclass
class BibFileData:
    """The usable content of one or more bib files (:func:`load`)."""

    data: BibliographyData
    lines: Lines = field(default_factory=dict)
    field_lines: FieldLines = field(default_factory=dict)
    problems: list[BibProblem] = field(default_factory=list)

    @property
    def entries(self) -> dict[str, Entry]:
        return dict(self.data.entries)


def is_web_address(url: str) -> bool:
    """True for an ``http://`` or ``https://`` address, the only URLs the edition links
    (a ``javascript:`` or ``data:`` URL would run in the reader's browser)."""
    return re.match(r"https?://\S+$", url.strip(), re.IGNORECASE) is not None


def _line_of(text: str, pos: int) -> int:
    return text.count("\n", 0, pos) + 1


def field_lines_of(text: str, starts: list[tuple[str, int]]) -> FieldLines:
    """``key → field → line`` for the entries of *text* that start at *starts*."""
    offsets = [0]
    for line in text.splitlines(keepends=True):
        offsets.append(offsets[-1] + len(line))
    result: FieldLines = {}
    for i, (key, line) in enumerate(starts):
        begin = offsets[min(line - 1, len(offsets) - 1)]
        end = offsets[min(starts[i + 1][1] - 1, len(offsets) - 1)] if i + 1 < len(starts) \
            else len(text)
        fields: dict[str, int] = {}
        for m in FIELD_START.finditer(text, begin, end):
            fields.setdefault(m.group(1).lower(), _line_of(text, m.start()))
        result.setdefault(key, fields)
    return result


def _latex_values(entry: Entry) -> list[tuple[str, str, str]]:
    """``(field, what, value)`` of every field and name part the style reads as LaTeX."""
    values = [(name, f"field {name!r}", value) for name, value in entry.fields.items()
              if name.lower() != "url"]
    for role, persons in entry.persons.items():
        for person in persons:
            parts = (person.first_names + person.middle_names + person.prelast_names
                     + person.last_names + person.lineage_names)
            values += [(role, f"{role} {str(person)!r}", part) for part in parts]
    return values


def entry_problems(data: BibliographyData, lines: Lines, field_lines: FieldLines | None = None,
                   unprinted: Iterable[str] = ()) -> list[BibProblem]:
    """Fields the style cannot read as LaTeX, urls that are not web addresses, each at its
    field's line; fields named in *unprinted* (data for the editors, never printed) are not
    read as LaTeX."""
    problems = []
    field_lines = field_lines or {}
    skip = {name.lower() for name in unprinted}
    for key, entry in data.entries.items():
        path, line = lines.get(key, (Path("bibliography.bib"), 0))
        where = field_lines.get(key, {})
        for name, what, value in _latex_values(entry):
            if name.lower() in skip:
                continue
            text, exc = read_latex(value)
            if text is None:
                problems.append(BibProblem(
                    path, where.get(name.lower(), line), "bad_field",
                    f"the {what} of {bibcheck.shown(key)!r} is not valid LaTeX ({exc}): it is "
                    "printed as typed; write a backslash as \\textbackslash{} and balance the "
                    "braces",
                ))
        url = entry.fields.get("url", "")
        if url and not is_web_address(url):
            problems.append(BibProblem(
                path, where.get("url", line), "bad_url",
                f"the url {url[:80]!r} of {key!r} is not a web address (http:// or https://): "
                "it is printed as text, not linked; write the full https:// address",
            ))
    return problems


def load(paths: list[Path], encoding: str = "utf-8", limits: Limits | None = None,
         unprinted: Iterable[str] = ()) -> BibFileData:
    """Parse *paths* with error recovery and bounds; never raises for bad bib content.  The
    checks of untrusted input (size, bounded macro expansion, control characters,
    cross-references, LaTeX) are :mod:`.bibcheck`'s."""
    limits = limits or Limits()
    result = BibFileData(BibliographyData())
    parser = bibcheck.BoundedParser(encoding=encoding, limits=limits)
    for path in paths:
        text, problems = bibcheck.read(path, encoding, limits)
        result.problems += problems
        if text is None:
            continue
        starts = entry_lines(text)
        fields = field_lines_of(text, starts)
        # duplicate keys: pybtex keeps the first and (in strict mode) stops parsing
        seen: dict[str, int] = {}
        for key, line in starts:
            folded = key.lower()
            if folded in seen:
                result.problems.append(BibProblem(
                    path, line, "duplicate_key",
                    f"duplicate key {key!r}: the entry at line {seen[folded]} has the same key; "
                    "this later entry is ignored: give it a key of its own or delete it",
                ))
            else:
                seen[folded] = line
                result.lines.setdefault(key, (path, line))
                result.field_lines.setdefault(key, fields.get(key, {}))
        with pybtex.errors.capture() as errors:
            parser.parse_string(text, path)
        for error in errors:
            if isinstance(error, PybtexSyntaxError):
                line = error.lineno
                what = re.sub(r"^syntax error in line \d+: ", "", str(error))
                before = [(k, n) for k, n in starts if n < line]
                hint = (f" (or an unclosed brace in the entry {before[-1][0]!r} from line "
                        f"{before[-1][1]})") if before else ""
                result.problems.append(BibProblem(
                    path, line, "bib_syntax",
                    f"malformed bib file: {what}{hint}; fix the entry: the entries it "
                    "swallows are missing from the bibliography",
                ))
            elif "repeated bibliography entry" in str(error):
                continue  # reported above with its line
            else:
                result.problems.append(BibProblem(path, 1, "bib_syntax",
                                                  f"bib file error: {error}"))
    result.data = parser.data
    result.problems += parser.problems
    # entries pybtex read but whose start the line scanner missed (e.g. "@book {key" on two lines)
    for key in result.data.entries:
        if key not in result.lines and paths:
            result.lines[key] = (paths[-1], 1)
    result.problems += bibcheck.check_entries(result.data, result.lines,
                                              paths[-1] if paths else Path(""))
    result.problems += entry_problems(result.data, result.lines, result.field_lines, unprinted)
    return result
