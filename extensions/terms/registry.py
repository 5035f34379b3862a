"""The registry of Russian terms: one YAML file under ``source/``, read once per build.

Each entry defines a term once::

    - ru: власть                      # the Cyrillic headword (required, unique)
      gloss: power; the sovereign authority in a country
      spellings: [vlast, vlast’]       # how the text spells it (matched case-insensitively)
      commentary: >-                   # optional, plain text
        ...

Transliterations are never typed: they are computed from ``ru`` with iuliia, in the scheme
named by ``terms_transliteration`` (the edition's normalised form) and in
``terms_scholarly_transliteration`` (shown beside it in the glossary).  The computed
transliterations are also accepted as spellings.

Problems in the file are warnings with the file and line of the entry:
``terms.registry`` (a file that is not UTF-8, larger than ``terms_registry_max_bytes``
(default 2 MiB), not valid YAML, with YAML aliases ``*name`` (refused: a few hundred
bytes of aliases expand to gigabytes) or nesting deeper than 20 levels; an entry that is
not a mapping, an unknown or repeated key, a value of the wrong type such as
``spellings: 5`` or ``gloss: [a, b]`` — values are text, numbers are kept as typed),
``terms.no_cyrillic`` (an entry
without a Cyrillic headword), ``terms.duplicate`` (a headword defined twice),
``terms.ambiguous_spelling`` (one spelling listed for two terms),
``terms.transliteration`` (an unknown iuliia scheme).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import iuliia
import yaml
from sphinx.util import logging

from edition_common import Warn, nearest, warn

logger = logging.getLogger(__name__)

CYRILLIC = re.compile(r"[\u0400-\u04FF]")
APOSTROPHES = re.compile(r"[’'ʹʼ`]")

#: Human names of the iuliia schemes the edition is likely to use (iuliia's own
#: descriptions are terse); any other iuliia scheme falls back to its description.
SCHEME_LABELS: dict[str, str] = {
    "ala_lc": "ALA-LC (American Library Association – Library of Congress), with diacritics",
    "ala_lc_alt": "Library of Congress (ALA-LC) without diacritics",
    "bgn_pcgn": "BGN/PCGN",
    "bgn_pcgn_alt": "BGN/PCGN, simplified",
    "scientific": "scholarly (“scientific”) transliteration",
    "iso_9_1954": "ISO/R 9:1954",
    "iso_9_1968": "ISO/R 9:1968",
    "gost_7034": "GOST R 7.0.34-2014",
    "wikipedia": "English Wikipedia’s practice",
}

#: Letters a pinned iuliia scheme leaves untransliterated, with the scheme's own table value.
#: iuliia 0.13.0's ALA-LC table maps ё to Cyrillic ё; the Library of Congress table has ë.
SCHEME_FIXES: dict[str, dict[str, str]] = {
    "ala_lc": {"ё": "ë", "Ё": "Ë"},
}


def scheme_label(name: str) -> str:
    schema = iuliia.schemas.get(name) if iuliia.schemas.has(name) else None
    return SCHEME_LABELS.get(name, schema.description.rstrip(".") if schema else name)


def transliterate(text: str, scheme: str) -> str:
    """*text* in the iuliia scheme *scheme*, NFC-normalised, with :data:`SCHEME_FIXES`."""
    schema = iuliia.schemas.get(scheme)
    result = schema.translate(text)
    for cyr, latin in SCHEME_FIXES.get(scheme, {}).items():
        result = result.replace(cyr, latin)
    return unicodedata.normalize("NFC", result)


def spelling_key(text: str) -> str:
    """The form in which spellings are compared: case-folded, one kind of apostrophe,
    single spaces."""
    return " ".join(APOSTROPHES.sub("'", text).casefold().split())


def slugify(latin: str) -> str:
    ascii_ = (unicodedata.normalize("NFKD", APOSTROPHES.sub("", latin))
              .encode("ascii", "ignore").decode())
    return re.sub(r"[^a-z0-9]+", "-", ascii_.lower()).strip("-") or "term"


@dataclass
class Term:
    """One registry entry, with its computed transliterations."""

    ru: str
    gloss: str
    spellings: list[str]
    commentary: str
    line: int
    latin: str = ""  # the edition's normalised transliteration
    scholarly: str = ""  # the scholarly transliteration (with diacritics)
    slug: str = ""

    @property
    def anchor(self) -> str:
        return f"ru-{self.slug}"

    def lookup_keys(self) -> set[str]:
        forms = [self.ru, self.latin, self.scholarly, *self.spellings]
        return {spelling_key(s) for s in forms if s}


@dataclass
class Registry:
    path: Path
    scheme: str
    scholarly_scheme: str
    terms: dict[str, Term] = field(default_factory=dict)  # slug -> term
    by_key: dict[str, str] = field(default_factory=dict)  # spelling key -> slug

    def digest(self) -> str:
        import hashlib
        import json

        payload = [(t.slug, t.ru, t.gloss, t.commentary, t.latin, t.scholarly, t.spellings)
                   for t in self.terms.values()]
        return hashlib.sha256(json.dumps(payload, ensure_ascii=False).encode()).hexdigest()

    def lookup(self, text: str) -> Term | None:
        slug = self.by_key.get(spelling_key(text))
        return self.terms.get(slug) if slug else None

    def nearest(self, text: str, n: int = 3) -> list[str]:
        known = [s for t in self.terms.values() for s in [t.ru, t.latin, *t.spellings]]
        return nearest(text, known, n, key=spelling_key)

    def location(self, term: Term) -> str:
        return f"{self.path}:{term.line}"

    def known_spellings(self) -> list[str]:
        """Every spelling that must be marked when it appears in the text (not the
        scholarly form, whose diacritics no running text uses), longest first."""
        out = {s for t in self.terms.values() for s in [t.ru, t.latin, *t.spellings] if s}
        return sorted(out, key=lambda s: (-len(s), s))


#: the registry's size limit by default (``terms_registry_max_bytes``): a registry of
#: several thousand terms with commentaries is a few hundred kilobytes
DEFAULT_MAX_BYTES = 2 * 1024 * 1024
#: how deeply YAML may nest (the registry needs 3 levels: list, entry, spellings)
MAX_DEPTH = 20
KEYS = ("ru", "gloss", "spellings", "commentary")


class RegistryError(Exception):
    """A problem that stops the registry from being read; ``line`` is 1-based."""

    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.line = line


class _NodeLoader(yaml.SafeLoader):
    """PyYAML's safe composer, refusing aliases (``*name``) and deep nesting.

    Aliases are how a few hundred bytes of YAML expand into gigabytes ("billion laughs");
    a registry of terms has no use for them.  Only the node tree is built: the entries
    are read from its nodes, which keep their lines."""

    depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise RegistryError(
                f"YAML aliases (*{event.anchor}) are not allowed in the registry: write the "
                "value out in full", event.start_mark.line + 1)
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise RegistryError(f"the YAML nests more than {MAX_DEPTH} levels deep; an entry is "
                                "“- ru: …” with gloss, spellings and commentary",
                                self.peek_event().start_mark.line + 1)
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


SCALAR_TEXT = {"tag:yaml.org,2002:str", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float"}


def _scalar_text(node: yaml.Node, what: str, numbers: bool = True) -> str:
    """A scalar as the editor typed it (a number stays as written, ``1917``, unless
    *numbers* is false), spaces normalised; ``null``/empty is ""; anything else a
    :class:`ValueError` saying why."""
    if isinstance(node, yaml.ScalarNode):
        if node.tag == "tag:yaml.org,2002:null":
            return ""
        if node.tag in SCALAR_TEXT and (numbers or node.tag == "tag:yaml.org,2002:str"):
            return " ".join(node.value.split())
        if node.tag in SCALAR_TEXT:
            raise ValueError(f"{what} is the number {node.value}: give the words as the text "
                             "spells them, e.g. spellings: [zemstvo, zemstva]")
        if node.tag == "tag:yaml.org,2002:bool":
            raise ValueError(f"{what} is {node.value!r}, which YAML reads as true/false: put it "
                             f"in quotes, {what}: \"{node.value}\"")
        raise ValueError(f"{what} has the YAML type {node.tag.rsplit(':', 1)[-1]!r}: write it as "
                         "plain text")
    kind = "a list" if isinstance(node, yaml.SequenceNode) else "a mapping"
    raise ValueError(f"{what} is {kind}, not text: write it as plain text")


def _read_entries(path: Path, text: str) -> tuple[list[dict[str, Any]], list[tuple[str, str, int]]]:
    """The registry's entries (dicts of text, with ``line``) and its problems
    ``(subtype, message, line)``; raises :class:`RegistryError` when nothing can be read."""
    loader = _NodeLoader(text)
    try:
        root = loader.get_single_node()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        raise RegistryError(
            "the registry of Russian terms is not valid YAML "
            f"({getattr(exc, 'problem', None) or exc}); "
            "fix the file", mark.line + 1 if mark else 1) from None
    except RecursionError:
        raise RegistryError("the YAML nests too deeply to be read", 1) from None
    finally:
        loader.dispose()
    problems: list[tuple[str, str, int]] = []
    if root is None:
        return [], problems
    if not isinstance(root, yaml.SequenceNode):
        raise RegistryError("the registry of Russian terms must be a YAML list of entries "
                            "(“- ru: …”)", _line(root))
    entries = []
    for item in root.value:
        if not isinstance(item, yaml.MappingNode):
            problems.append(("registry", "this registry entry is not a mapping with ru, gloss and "
                             "spellings: write it as “- ru: …”; it is ignored", _line(item)))
            continue
        entry: dict[str, Any] = {"line": _line(item)}
        for key_node, value_node in item.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if key_node.tag != "tag:yaml.org,2002:str" or key not in KEYS:
                shown = key if isinstance(key, str) else "a non-text key"
                problems.append(("registry", f"unknown key {shown!r} in this entry: the keys are "
                                 + ", ".join(KEYS) + "; it is ignored", _line(key_node)))
                continue
            if key + "_line" in entry:
                problems.append(("registry", f"the key {key!r} appears twice in this entry "
                                 f"(first at line {entry[key + '_line']}): keep one; the first "
                                 "is used",
                                 _line(key_node)))
                continue
            entry[key + "_line"] = _line(key_node)
            try:
                if key == "spellings":
                    values = (value_node.value if isinstance(value_node, yaml.SequenceNode)
                              else [value_node])
                    entry[key] = [v for v in (_scalar_text(n, "a spelling", numbers=False)
                                              for n in values) if v]
                else:
                    entry[key] = _scalar_text(value_node, key)
            except ValueError as exc:
                problems.append(("registry", f"{exc}; the value is ignored", _line(value_node)))
        entries.append(entry)
    return entries, problems


def read_registry_text(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """The registry file as text; :class:`RegistryError` when it is too large or not UTF-8."""
    size = path.stat().st_size
    if size > max_bytes:
        raise RegistryError(
            f"the registry is {size:,} bytes, more than terms_registry_max_bytes "
            f"({max_bytes:,}): it is not read; split off what is not a term, or raise the "
            "limit in conf.py", 1)
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise RegistryError(
            f"the registry is not UTF-8 (byte 0x{data[exc.start]:02x} cannot be read): save "
            "it as UTF-8 in your editor", line) from None


def load_registry(path: Path, scheme: str, scholarly_scheme: str,
                  max_bytes: int = DEFAULT_MAX_BYTES) -> Registry:
    """Read and check the registry file; every problem is a warning naming file and line."""
    registry = Registry(path, scheme, scholarly_scheme)
    for name, option in ((scheme, "terms_transliteration"),
                         (scholarly_scheme, "terms_scholarly_transliteration")):
        if not iuliia.schemas.has(name):
            warn(logger, Warn.TERMS_TRANSLITERATION,
                 f"{option} = {name!r} is not an iuliia scheme; use one of: "
                 + ", ".join(sorted(iuliia.schemas.names())) + "; falling back to 'ala_lc_alt'",
                 location=f"{path}:1")
            if option == "terms_transliteration":
                registry.scheme = "ala_lc_alt"
            else:
                registry.scholarly_scheme = "ala_lc"
    if not path.exists():
        # a project without Russian terms needs no registry; a role used there reports
        # terms.unknown, naming the file to create
        return registry
    try:
        data = read_registry_text(path, max_bytes)
        entries, problems = _read_entries(path, data)
    except RegistryError as exc:
        warn(logger, str(exc), type="terms", subtype="registry", location=f"{path}:{exc.line}")
        return registry
    for subtype, message, line in problems:
        warn(logger, message, type="terms", subtype=subtype, location=f"{path}:{line}")
    seen: dict[str, Term] = {}
    for entry in entries:
        line = entry["line"]
        ru = entry.get("ru", "")
        spellings = entry.get("spellings", [])
        if not ru or not CYRILLIC.search(ru):
            what = f"{ru!r}" if ru else "nothing"
            named = ", ".join(spellings) or entry.get("gloss") or "without spellings or gloss"
            warn(logger, f"the registry entry ({named}) has {what} as its Cyrillic headword: give "
                 "the Russian word in Cyrillic under “ru:” (the transliterations are computed "
                 "from it); the entry is ignored",
                 type="terms", subtype="no_cyrillic", location=f"{path}:{line}")
            continue
        key = ru.casefold()
        if key in seen:
            warn(logger, Warn.TERMS_DUPLICATE,
                 f"the Cyrillic headword {ru!r} is defined twice (first at line "
                 f"{seen[key].line}): merge the two entries; this one is ignored",
                 location=f"{path}:{line}")
            continue
        term = Term(ru=ru, gloss=entry.get("gloss", ""), spellings=spellings,
                    commentary=entry.get("commentary", ""), line=line)
        term.latin = transliterate(ru, registry.scheme)
        term.scholarly = transliterate(ru, registry.scholarly_scheme)
        slug = slugify(transliterate(ru, "ala_lc_alt"))
        base, n = slug, 2
        while slug in registry.terms:
            slug, n = f"{base}-{n}", n + 1
        term.slug = slug
        seen[key] = term
        registry.terms[slug] = term
        for k in term.lookup_keys():
            other = registry.by_key.get(k)
            if other and other != slug:
                warn(logger, Warn.TERMS_AMBIGUOUS,
                     f"the spelling {k!r} belongs to both {registry.terms[other].ru!r} and "
                     f"{ru!r}: remove it from one entry and mark that occurrence with an explicit "
                     "headword, {ru}`spelling <headword>`", location=f"{path}:{line}")
                continue
            registry.by_key[k] = slug
    return registry
