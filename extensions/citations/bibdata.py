"""Checking the bib files, with problems that name the bib file's line.

sphinxcontrib-bibtex parses the bib files named in ``bibtex_bibfiles`` itself (see
:mod:`.service`); pybtex's strict parser would end the build with a traceback at a syntax
error and drop every entry after a duplicate key.  This module supplies what a located
recovery needs:

* :func:`scan` reads a bib file's text (once) and finds where each entry and each of its
  fields starts, and the duplicate keys (``cite.duplicate_key``);
* :func:`parse_problems` turns the errors that pybtex reported while recovering from bad
  syntax (collected with ``pybtex.errors.capture``) into ``cite.bib_syntax`` problems at
  their line, with a hint naming the entry that an unclosed brace probably comes from;
* :func:`entry_problems` checks the parsed entries: a field that is not valid LaTeX
  (``cite.bad_field``), a url that is not a web address (``cite.bad_url``);
* :func:`load` does all of it without Sphinx (the tests of the style use it).

Each :class:`BibProblem` becomes a warning ``path:line: … [cite.subtype]``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pybtex.errors
from pybtex.database import BibliographyData, Entry
from pybtex.database.input.bibtex import Parser
from pybtex.exceptions import PybtexError
from pybtex.richtext import Text
from pybtex.scanner import PybtexSyntaxError

#: what pybtex's LaTeX reading raises for a field that is not valid LaTeX (latexcodec's
#: UnicodeDecodeError for a lone backslash is a ValueError; unbalanced braces a PybtexError)
LATEX_ERRORS = (ValueError, PybtexError)


@lru_cache(maxsize=8192)
def read_latex(value: str) -> tuple[Text | None, str]:
    """A field's LaTeX as pybtex rich text, or None and why it is not valid LaTeX.

    Memoised (the check here and the style both read every field): reading LaTeX
    (latexcodec) costs about a millisecond a field, and names and places recur; the rich
    text is never changed, only put into other texts."""
    try:
        return Text.from_latex(value), ""
    except LATEX_ERRORS as exc:
        return None, str(exc)

#: ``@type{key,`` at the start of a line (the bib file's own convention).
ENTRY_START = re.compile(r"^[ \t]*@[ \t]*(\w+)[ \t]*[{(][ \t]*([^,\s{}()]+)[ \t]*,", re.MULTILINE)
#: ``name =`` at the start of a line: a field of the entry above.
FIELD_START = re.compile(r"^[ \t]*([A-Za-z][\w\-:.]*)[ \t]*=", re.MULTILINE)
NON_ENTRIES = {"comment", "preamble", "string"}


@dataclass
class BibProblem:
    """One bad input in a bib file: ``path:line``, a message and a warning subtype."""

    path: Path
    line: int
    subtype: str
    message: str

    @property
    def location(self) -> str:
        return f"{self.path}:{self.line}"


@dataclass
class ScannedFile:
    """What the text of one bib file says before it is parsed."""

    path: Path
    text: str | None                                  # None: the file could not be read
    starts: list[tuple[str, int]] = field(default_factory=list)  # (key, line), file order
    lines: dict[str, int] = field(default_factory=dict)          # key → line (first entry)
    field_lines: dict[str, dict[str, int]] = field(default_factory=dict)  # key → field → line
    problems: list[BibProblem] = field(default_factory=list)


@dataclass
class BibFileData:
    """The usable content of one or more bib files (:func:`load`)."""

    data: BibliographyData
    lines: dict[str, tuple[Path, int]] = field(default_factory=dict)
    field_lines: dict[str, dict[str, int]] = field(default_factory=dict)
    problems: list[BibProblem] = field(default_factory=list)

    @property
    def entries(self) -> dict[str, Entry]:
        return dict(self.data.entries)


def is_web_address(url: str) -> bool:
    """True for an ``http://`` or ``https://`` address, the only URLs the edition links
    (a ``javascript:`` or ``data:`` URL would run in the reader's browser)."""
    return re.match(r"https?://\S+$", url.strip(), re.IGNORECASE) is not None


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


def _line_of(text: str, pos: int) -> int:
    return text.count("\n", 0, pos) + 1


def entry_lines(text: str) -> list[tuple[str, int]]:
    """``(key, line)`` of every entry that starts on its own line, in file order."""
    return [
        (m.group(2), _line_of(text, m.start()))
        for m in ENTRY_START.finditer(text)
        if m.group(1).lower() not in NON_ENTRIES
    ]


def scan(path: Path, encoding: str = "utf-8") -> ScannedFile:
    """Read *path* and find its entries, their fields' lines and its duplicate keys."""
    try:
        text = path.read_text(encoding=encoding)
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        return ScannedFile(path, None, problems=[BibProblem(
            path, 1, "bib_syntax",
            f"cannot read the bib file ({reason}): none of its entries is in the "
            f"bibliography; save it as {encoding}")])
    scanned = ScannedFile(path, text)
    matches = [m for m in ENTRY_START.finditer(text) if m.group(1).lower() not in NON_ENTRIES]
    seen: dict[str, int] = {}
    for i, m in enumerate(matches):
        key, line = m.group(2), _line_of(text, m.start())
        scanned.starts.append((key, line))
        folded = key.lower()
        if folded in seen:
            # pybtex keeps the first entry of a key
            scanned.problems.append(BibProblem(
                path, line, "duplicate_key",
                f"duplicate key {key!r}: the entry at line {seen[folded]} has the same key; "
                "this later entry is ignored: give it a key of its own or delete it",
            ))
            continue
        seen[folded] = line
        scanned.lines[key] = line
        end = matches[i + 1].start() if i + 1 < len(matches) else len(text)
        fields: dict[str, int] = {}
        for fm in FIELD_START.finditer(text, m.end(), end):
            fields.setdefault(fm.group(1).lower(), _line_of(text, fm.start()))
        scanned.field_lines[key] = fields
    return scanned


def parse_problems(scanned: ScannedFile, errors: Iterable[Exception]) -> list[BibProblem]:
    """The problems of the errors pybtex reported while it parsed *scanned* (recovering)."""
    problems = []
    path = scanned.path
    for error in errors:
        if isinstance(error, PybtexSyntaxError):
            line = error.lineno
            what = re.sub(r"^syntax error in line \d+: ", "", str(error))
            before = [(k, n) for k, n in scanned.starts if n < line]
            hint = (f" (or an unclosed brace in the entry {before[-1][0]!r} from line "
                    f"{before[-1][1]})") if before else ""
            problems.append(BibProblem(
                path, line, "bib_syntax",
                f"malformed bib file: {what}{hint}; fix the entry: the entries it "
                "swallows are missing from the bibliography",
            ))
        elif "repeated bibliography entry" in str(error):
            continue  # reported by scan() with its line
        else:
            problems.append(BibProblem(path, 1, "bib_syntax", f"bib file error: {error}"))
    return problems


def entry_problems(data: BibliographyData, lines: dict[str, tuple[Path, int]],
                   field_lines: dict[str, dict[str, int]] | None = None,
                   unprinted: Iterable[str] = ()) -> list[BibProblem]:
    """Fields the style cannot read as LaTeX, urls that are not web addresses; fields
    named in *unprinted* (data for the editors, never printed) are not read as LaTeX."""
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
                    f"the {what} of {key!r} is not valid LaTeX ({exc}): it is printed as "
                    "typed; write a backslash as \\textbackslash{} and balance the braces",
                ))
        url = entry.fields.get("url", "")
        if url and not is_web_address(url):
            problems.append(BibProblem(
                path, where.get("url", line), "bad_url",
                f"the url {url[:80]!r} of {key!r} is not a web address (http:// or https://): "
                "it is printed as text, not linked; write the full https:// address",
            ))
    return problems


Lines = dict[str, tuple[Path, int]]
FieldLines = dict[str, dict[str, int]]


def merge_lines(files: Iterable[ScannedFile], data: BibliographyData,
                fallback: Path | None) -> tuple[Lines, FieldLines]:
    """``key → (path, line)`` and ``key → field → line`` over several files; an entry whose
    start the line scanner missed (``@book`` and ``{key,`` on two lines) gets line 1 of the
    last file."""
    lines: dict[str, tuple[Path, int]] = {}
    field_lines: dict[str, dict[str, int]] = {}
    for scanned in files:
        for key, line in scanned.lines.items():
            if key not in lines:
                lines[key] = (scanned.path, line)
                field_lines[key] = scanned.field_lines.get(key, {})
    for key in data.entries:
        if key not in lines and fallback is not None:
            lines[key] = (fallback, 1)
    return lines, field_lines


def load(paths: list[Path], encoding: str = "utf-8") -> BibFileData:
    """Scan and parse *paths* with error recovery, as a build does; never raises for bad
    bib content."""
    parser = Parser(encoding=encoding)
    problems: list[BibProblem] = []
    scanned_files = []
    for path in paths:
        scanned = scan(path, encoding)
        scanned_files.append(scanned)
        problems += scanned.problems
        if scanned.text is None:
            continue
        with pybtex.errors.capture() as errors:
            parser.parse_string(scanned.text)
        problems += parse_problems(scanned, errors)
    lines, field_lines = merge_lines(scanned_files, parser.data, paths[-1] if paths else None)
    problems += entry_problems(parser.data, lines, field_lines)
    return BibFileData(parser.data, lines, field_lines, problems)
