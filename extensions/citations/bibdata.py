"""Reading ``bibliography.bib`` with errors that name the bib file's line.

sphinxcontrib-bibtex parses the bib files itself, but a syntax error in one of them
ends the build with a traceback (pybtex's strict mode), and a duplicate key silently
drops every entry after it.  :func:`load` parses with error recovery instead and returns
the entries that could be read, each with the line where it starts, and a list of
:class:`BibProblem` (``cite.bib_syntax``, ``cite.duplicate_key``, ``cite.bad_url``, ``cite.bad_field``) that
the Sphinx extension turns into warnings and the lookup command prints.  The extension then hands
the parsed data to sphinxcontrib-bibtex as its up-to-date cache, so the bib file is
parsed once, by this module.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pybtex.errors
from pybtex.database import BibliographyData, Entry
from pybtex.exceptions import PybtexError
from pybtex.scanner import PybtexSyntaxError

from . import bibcheck
from .bibcheck import BibProblem, Limits, entry_lines  # noqa: F401 - re-exported

#: what pybtex's LaTeX reading raises for a field that is not valid LaTeX (latexcodec's
#: UnicodeDecodeError for a lone backslash is a ValueError; unbalanced braces a PybtexError)
LATEX_ERRORS = (ValueError, PybtexError)

@dataclass
class BibFileData:
    """The usable content of one or more bib files."""

    data: BibliographyData
    lines: dict[str, tuple[Path, int]] = field(default_factory=dict)
    problems: list[BibProblem] = field(default_factory=list)

    @property
    def entries(self) -> dict[str, Entry]:
        return dict(self.data.entries)


def is_web_address(url: str) -> bool:
    """True for an ``http://`` or ``https://`` address, the only URLs the edition links
    (a ``javascript:`` or ``data:`` URL would run in the reader's browser)."""
    return re.match(r"https?://\S+$", url.strip(), re.I) is not None


def _latex_values(entry: Entry) -> list[tuple[str, str]]:
    """``(what, value)`` of every field and name part the edition's style reads as LaTeX."""
    values = [(f"field {name!r}", value) for name, value in entry.fields.items() if name != "url"]
    for role, persons in entry.persons.items():
        for person in persons:
            parts = (person.first_names + person.middle_names + person.prelast_names
                     + person.last_names + person.lineage_names)
            values += [(f"{role} {str(person)!r}", part) for part in parts]
    return values


def load(paths: list[Path], encoding: str = "utf-8", limits: Limits = Limits()) -> BibFileData:
    """Parse *paths* with error recovery; never raises for bad bib content.  The checks of
    untrusted input (size, bounded macro expansion, control characters, cross-references,
    LaTeX) are :mod:`.bibcheck`'s."""
    result = BibFileData(BibliographyData())
    parser = bibcheck.BoundedParser(encoding=encoding, limits=limits)
    for path in paths:
        text, problems = bibcheck.read(path, encoding, limits)
        result.problems += problems
        if text is None:
            continue
        starts = entry_lines(text)
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
                result.problems.append(BibProblem(path, 1, "bib_syntax", f"bib file error: {error}"))
    result.data = parser.data
    result.problems += parser.problems
    # entries pybtex read but whose start the line scanner missed (e.g. "@book {key" on two lines)
    for key in result.data.entries:
        if key not in result.lines and paths:
            result.lines[key] = (paths[-1], 1)
    result.problems += bibcheck.check_entries(result.data, result.lines, paths[-1] if paths else Path(""))
    for key, entry in result.data.entries.items():
        path, line = result.lines[key]
        for name, value in _latex_values(entry):
            try:
                bibcheck.decode_latex(value)
            except LATEX_ERRORS as exc:
                result.problems.append(BibProblem(
                    path, line, "bad_field",
                    f"the {name} of {bibcheck.shown(key)!r} is not valid LaTeX ({exc}): it is printed as "
                    "typed; write a backslash as \\textbackslash{} and balance the braces",
                ))
        url = entry.fields.get("url", "")
        if url and not is_web_address(url):
            path, line = result.lines[key]
            result.problems.append(BibProblem(
                path, line, "bad_url",
                f"the url {url[:80]!r} of {key!r} is not a web address (http:// or https://): "
                "it is printed as text, not linked; write the full https:// address",
            ))
    return result
