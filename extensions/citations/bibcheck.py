"""Validation of bib files: untrusted input, checked before anything is formatted.

A bib file is typed (or pasted from a catalogue) by an editor; it is read as hostile input.
This module is the one place that decides what of it may reach a reader or a terminal.
Each function returns :class:`BibProblem` records (file, line, ``cite.*`` subtype, a
message saying what to do); the caller reports them (the Sphinx extension as warnings,
``make cite`` on stderr).  Used by :func:`.bibdata.load`; any other loader of bib files
calls the same functions in the same order:

1. :func:`read` — the file's size (``max_file_bytes``) and encoding, before parsing;
2. :func:`entry_lines` — where each entry starts (also ``@book`` with its ``{key,`` on the
   next line), for duplicate keys and for locating every later problem;
3. :class:`BoundedParser` — pybtex's BibTeX parser with every field value, ``@string``
   macros included, limited to ``max_field_chars`` *while* it is expanded (a few lines of
   ``@string{b = a # a # a …}`` otherwise expand to gigabytes);
4. :func:`check_entries` — after parsing: control characters (terminal escape sequences)
   replaced, cross-references resolved or reported (missing, loops), containers that
   would print as "In .", LaTeX commands the edition cannot render;
5. :func:`decode_latex` — a field as rich text: what LaTeX decodes to Unicode (accents,
   ``\\&``, ``--``, ``\\ldots``) decoded, ``\\emph``/``\\textit``/``\\textbf`` set as
   emphasis, anything else shown exactly as typed (and reported by step 4).

Limits (``conf.py``): ``citations_max_bib_bytes`` (default 10 MB per bib file; the
edition's is 40 kB) and ``citations_max_field_chars`` (default 100,000 characters per
field after macro expansion; the longest field of the edition's file is under 1,000).
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from pathlib import Path

import latexcodec  # noqa: F401 - registers the "ulatex" codec
from pybtex.database import BibliographyData, Person
from pybtex.database.input.bibtex import LowLevelParser, Parser
from pybtex.richtext import Protected, Tag, Text

DEFAULT_MAX_FILE_BYTES = 10 * 1024 * 1024
DEFAULT_MAX_FIELD_CHARS = 100_000


@dataclass(frozen=True)
class Limits:
    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES
    max_field_chars: int = DEFAULT_MAX_FIELD_CHARS


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


# -- 1. the file ------------------------------------------------------------------------------

def read(path: Path, encoding: str, limits: Limits) -> tuple[str | None, list[BibProblem]]:
    """The text of *path*, or None and the reason (too large, unreadable, not *encoding*)."""
    try:
        size = path.stat().st_size
        if size > limits.max_file_bytes:
            return None, [BibProblem(path, 1, "bib_too_large",
                                     f"the bib file is {size:,} bytes, more than "
                                     f"citations_max_bib_bytes ({limits.max_file_bytes:,}): it is "
                                     "not read; split it into several files (bibtex_bibfiles), "
                                     "or raise the limit in conf.py")]
        data = path.read_bytes()
    except OSError as exc:
        return None, [BibProblem(path, 1, "bib_syntax",
                                 f"cannot read the bib file: {exc.strerror}")]
    try:
        return data.decode(encoding), []
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        return None, [BibProblem(path, line, "bib_syntax",
                                 f"the bib file is not {encoding} (byte 0x{data[exc.start]:02x} on "
                                 f"this line cannot be read): save it as {encoding}")]
    except LookupError:
        return None, [BibProblem(path, 1, "bib_syntax",
                                 f"unknown encoding {encoding!r} (bibtex_encoding)")]


# -- 2. where entries start -------------------------------------------------------------------

#: ``@type{key,`` at the start of a line; white space (newlines too) may separate the parts
ENTRY_START = re.compile(r"^[ \t]*@[ \t]*(\w+)\s*[{(]\s*([^,\s{}()\"#%'=]+)\s*,", re.M)
NON_ENTRIES = {"comment", "preamble", "string"}


def entry_lines(text: str) -> list[tuple[str, int]]:
    """``(key, line)`` of every entry, in file order (the line of its ``@``)."""
    return [
        (m.group(2), text.count("\n", 0, m.start()) + 1)
        for m in ENTRY_START.finditer(text)
        if m.group(1).lower() not in NON_ENTRIES
    ]


# -- 3. bounded parsing ----------------------------------------------------------------------

class _BoundedLowLevelParser(LowLevelParser):
    """pybtex's scanner, with every value (of a field or an ``@string``) cut off at the
    limit while it is concatenated: a value over the limit is dropped, with a problem."""

    def __init__(self, *args, max_chars: int, on_too_long, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.max_chars = max_chars
        self.on_too_long = on_too_long
        self.value_line = 1

    def parse_field(self):  # pybtex's, noting the line of the field's name
        name = self.optional([self.NAME])
        if not name:
            return
        self.value_line = self.lineno
        self.current_field_name = name.value
        self.required([self.EQUALS])
        self.parse_value()

    def parse_string_body(self, body_end):  # pybtex's, noting the line of the macro's name
        self.current_field_name = self.required([self.NAME]).value
        self.value_line = self.lineno
        self.required([self.EQUALS])
        self.parse_value()
        self.macros[self.current_field_name] = "".join(self.current_value)

    def parse_value(self):
        start, total, parts, too_long = True, 0, [], False
        while True:
            if not start and not self.optional([self.HASH]):
                break
            part = self.parse_value_part()
            start = False
            total += len(part)
            if total > self.max_chars:
                too_long = True
            if not too_long:
                parts.append(part)
        if too_long:
            self.on_too_long(self.value_line, self.current_field_name, total)
            parts = []
        self.current_value = parts


class BoundedParser(Parser):
    """pybtex's :class:`~pybtex.database.input.bibtex.Parser` with bounded values.

    ``parse_string(text, path)`` parses one file's text; too-long values are recorded in
    :attr:`problems`."""

    def __init__(self, encoding: str | None = None, limits: Limits = Limits(), **kwargs) -> None:
        super().__init__(encoding=encoding, **kwargs)
        self.limits = limits
        self.problems: list[BibProblem] = []
        self.path = Path("")

    def parse_string(self, text: str, path: Path | None = None) -> BibliographyData:  # type: ignore[override]
        self.path = path or self.path
        self.unnamed_entry_counter = 1
        self.command_start = 0

        def too_long(line: int, name: str | None, size: int) -> None:
            self.problems.append(BibProblem(
                self.path, line, "field_too_long",
                f"the value of {name or 'this field'!r} is {size:,} characters long (after "
                f"@string macros are expanded), more than citations_max_field_chars "
                f"({self.limits.max_field_chars:,}): it is left out; shorten it"))

        scanner = _BoundedLowLevelParser(
            text, keyless_entries=self.keyless_entries, handle_error=self.handle_error,
            want_entry=self.data.want_entry, filename=self.filename, macros=self.macros,
            max_chars=self.limits.max_field_chars, on_too_long=too_long,
        )
        for entry in scanner:
            kind = entry[0].lower()
            if kind == "string":
                continue
            if kind == "preamble":
                self.process_preamble(*entry[1])
            else:
                self.process_entry(entry[0], *entry[1])
        return self.data


# -- 4. after parsing -------------------------------------------------------------------------

#: C0 and C1 control characters (terminal escape sequences start with ESC or CSI), DEL, and
#: the bidirectional overrides; tab and newline are white space in BibTeX, never shown
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
REPLACEMENT = "\ufffd"

#: LaTeX commands the edition renders (:func:`decode_latex`), besides what latexcodec decodes
FORMAT_TAGS = {"emph": "em", "textit": "em", "textsl": "em", "textbf": "strong"}
PLAIN_COMMANDS = {"textrm", "textsf", "textup", "textmd", "textnormal", "textsc", "mbox",
                  "texttt", "nocase", "NoCaseChange"}
COMMAND = re.compile(r"\\([A-Za-z]+)")
#: entry types whose reference reads "In <booktitle>"
CONTAINED = {"incollection", "inproceedings", "inbook"}
#: fields an entry never takes from the entry its crossref names (BibTeX: the parent's title
#: becomes a contained entry's booktitle)
NOT_INHERITED = {"crossref", "key", "title", "ids", "keywords"}
NAME_PARTS = ("first_names", "middle_names", "prelast_names", "last_names", "lineage_names")


def _controls(value: str) -> list[str]:
    return sorted({f"U+{ord(c):04X}" for c in CONTROL.findall(value)})


def _clean(value: str) -> str:
    return CONTROL.sub(REPLACEMENT, value)


def shown(value: str, width: int = 60) -> str:
    """*value* safe to print in a message: controls replaced, shortened."""
    value = _clean(value)
    return value if len(value) <= width else value[:width] + "…"


def unknown_commands(value: str) -> list[str]:
    """The LaTeX commands of *value* that neither latexcodec decodes nor the edition renders."""
    out = []
    for m in COMMAND.finditer(value):
        name = m.group(1)
        if name in FORMAT_TAGS or name in PLAIN_COMMANDS:
            continue
        if _decodes(value, m.start(), m.end()) is None and f"\\{name}" not in out:
            out.append(f"\\{name}")
    return out


def _decodes(value: str, start: int, end: int) -> tuple[str, int] | None:
    """If latexcodec decodes the command at value[start:end] (with its argument, when it
    takes one), the Unicode and where the command ends; else None."""
    arg_end = end
    if end < len(value) and value[end] == "{":
        close = _matching(value, end)
        if close is not None:
            arg_end = close + 1
    for stop in (arg_end, end):
        try:
            decoded = codecs.decode(value[start:stop], "ulatex")
        except Exception:
            continue
        if "\\" not in decoded:
            return decoded.strip().strip("{}"), stop
    return None


def _matching(value: str, open_at: int) -> int | None:
    depth = 0
    for i in range(open_at, len(value)):
        if value[i] == "{" and (i == 0 or value[i - 1] != "\\"):
            depth += 1
        elif value[i] == "}" and value[i - 1] != "\\":
            depth -= 1
            if depth == 0:
                return i
    return None


def check_entries(data: BibliographyData, lines: dict[str, tuple[Path, int]],
                  default: Path) -> list[BibProblem]:
    """Check (and make safe) every parsed entry of *data*; *lines* locates them."""
    problems: list[BibProblem] = []

    def where(key: str) -> tuple[Path, int]:
        return lines.get(key, (default, 1))

    for key in list(data.entries):
        entry = data.entries[key]
        path, line = where(key)
        if CONTROL.search(key):
            problems.append(BibProblem(path, line, "control_chars",
                                       f"the key {shown(key)!r} contains control characters "
                                       f"({', '.join(_controls(key))}): the entry is left out; "
                                       "give it a key of letters, digits and punctuation"))
            del data.entries[key]
            continue
        for name, value in list(entry.fields.items()):
            if CONTROL.search(value):
                problems.append(BibProblem(path, line, "control_chars",
                                           f"the field {name!r} of {key!r} contains control "
                                           f"characters ({', '.join(_controls(value))}, e.g. a "
                                           "terminal escape sequence): each is shown as "
                                           f"{REPLACEMENT}; delete them"))
                entry.fields[name] = _clean(value)
            commands = unknown_commands(entry.fields[name]) if name != "url" else []
            if commands:
                plural = "s" if len(commands) > 1 else ""
                problems.append(BibProblem(path, line, "latex",
                                           f"the field {name!r} of {key!r} uses LaTeX command"
                                           f"{plural} {', '.join(commands)}, "
                                           "which the edition does not render: "
                                           f"{'they are' if len(commands) > 1 else 'it is'} shown "
                                           "as typed; write the character itself (UTF-8), or use "
                                           "\\emph{…}, \\textbf{…} or an accent command"))
        for role, persons in entry.persons.items():
            for person in persons:
                parts = [p for attr in NAME_PARTS for p in getattr(person, attr)]
                if any(CONTROL.search(p) for p in parts):
                    problems.append(BibProblem(path, line, "control_chars",
                                               f"a name in the {role} of {key!r} contains "
                                               "control characters: each is shown as "
                                               f"{REPLACEMENT}; delete them"))
                    for attr in NAME_PARTS:
                        setattr(person, attr, [_clean(p) for p in getattr(person, attr)])
                commands = [c for p in parts for c in unknown_commands(p)]
                if commands:
                    problems.append(BibProblem(path, line, "latex",
                                               f"a name in the {role} of {key!r} uses LaTeX "
                                               f"{', '.join(dict.fromkeys(commands))}, which the "
                                               "edition does not render: shown as typed; write "
                                               "the character itself (UTF-8)"))
    problems += _resolve_crossrefs(data, where)
    for key, entry in data.entries.items():
        if entry.type.lower() in CONTAINED and not entry.fields.get("booktitle"):
            path, line = where(key)
            problems.append(BibProblem(path, line, "missing_field",
                                       f"the {entry.type} {key!r} has no booktitle (nor a "
                                       "crossref to an entry with one): the reference would read "
                                       "“In .”; add the title of the book or proceedings"))
    return problems


def _resolve_crossrefs(data: BibliographyData, where) -> list[BibProblem]:
    """BibTeX's cross-references: an entry inherits the fields (and names) it lacks from the
    entry its ``crossref`` names, and that one's, and so on; a missing target or a loop is a
    problem and nothing is inherited through it."""
    problems: list[BibProblem] = []
    folded = {k.lower(): k for k in data.entries}
    for key, entry in data.entries.items():
        target = entry.fields.get("crossref", "").strip()
        if not target:
            continue
        chain, seen, current = [], {key.lower()}, target
        while current:
            found = folded.get(current.lower())
            if found is None:
                path, line = where(key)
                problems.append(BibProblem(path, line, "crossref",
                                           f"the crossref {shown(current)!r} of {key!r} names no "
                                           "entry of the bibliography: add it or correct the key"))
                chain = []
                break
            if found.lower() in seen:
                path, line = where(key)
                loop = " → ".join([key, *[c for c in chain], found])
                problems.append(BibProblem(path, line, "crossref",
                                           f"the crossrefs of {key!r} run in a loop ({loop}): "
                                           "nothing is inherited; remove the crossref that "
                                           "points back"))
                chain = []
                break
            seen.add(found.lower())
            chain.append(found)
            current = data.entries[found].fields.get("crossref", "").strip()
        for parent_key in chain:
            parent = data.entries[parent_key]
            if entry.type.lower() in CONTAINED and "booktitle" not in entry.fields:
                title = parent.fields.get("booktitle") or parent.fields.get("title")
                if title:
                    entry.fields["booktitle"] = title
            for name, value in parent.fields.items():
                if name.lower() not in NOT_INHERITED and name not in entry.fields:
                    entry.fields[name] = value
            for role, persons in parent.persons.items():
                if role not in entry.persons:
                    for person in persons:
                        entry.add_person(Person(str(person)), role)
    return problems


# -- 5. rendering a field ----------------------------------------------------------------------

def decode_latex(value: str) -> Text:
    """*value* (a bib field) as rich text: braces group, ``--`` is an en dash, accents and
    specials are decoded (pybtex and latexcodec), ``\\emph``/``\\textit``/``\\textbf`` are
    emphasis, other formatting commands show their argument, and any other command is shown
    as typed.  Raises ``ValueError`` for unbalanced braces, as pybtex does."""
    parts: list[Text | Tag | str] = []
    chunk: list[str] = []  # plain LaTeX (balanced) for pybtex, flushed before each special part

    def flush() -> None:
        text = "".join(chunk)
        chunk.clear()
        core = text.strip()
        # pybtex drops the white space at the ends of what it reads: keep one space there
        if text[:1].isspace() and parts:
            parts.append(" ")
        if core:
            parts.append(Text.from_latex(core))
            if text[-1:].isspace():
                parts.append(" ")

    i, n = 0, len(value)
    while i < n:
        ch = value[i]
        if ch == "{":
            close = _matching(value, i)
            if close is None:
                raise ValueError("unbalanced braces")
            flush()
            # a group protects its case, as in pybtex (the LaTeX backend keeps the braces)
            parts.append(Protected(decode_latex(value[i + 1:close])))
            i = close + 1
            continue
        m = COMMAND.match(value, i) if ch == "\\" else None
        if m is None:
            if ch == "\\" and i + 1 < n:  # \& \' \" …: pybtex/latexcodec, with one argument
                end = i + 2
                if value[end:end + 1] == "{":
                    close = _matching(value, end)
                    end = close + 1 if close is not None else end
                elif value[i + 1] in "'`^\"~=.uvHtcdbrk" and end < n:
                    end += 1
                chunk.append(value[i:end])
                i = end
                continue
            chunk.append(ch)
            i += 1
            continue
        name, end = m.group(1), m.end()
        arg_close = _matching(value, end) if value[end:end + 1] == "{" else None
        if name in FORMAT_TAGS or name in PLAIN_COMMANDS:
            if arg_close is None:
                chunk.append(value[i:end])
                i = end
                continue
            flush()
            inner = decode_latex(value[end + 1:arg_close])
            parts.append(Tag(FORMAT_TAGS[name], inner) if name in FORMAT_TAGS else inner)
            i = arg_close + 1
            continue
        decoded = _decodes(value, i, end)
        if decoded is not None:
            chunk.append(value[i:decoded[1]])
            i = decoded[1]
            continue
        # not renderable: shown as typed, with the arguments that follow it
        while value[end:end + 1] == "{":
            close = _matching(value, end)
            if close is None:
                break
            end = close + 1
        flush()
        parts.append(value[i:end])
        i = end
    flush()
    return Text(*parts)
