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
``terms.registry`` (unreadable file or malformed entry), ``terms.no_cyrillic`` (an entry
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
    ascii_ = unicodedata.normalize("NFKD", APOSTROPHES.sub("", latin)).encode("ascii", "ignore").decode()
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
        return {spelling_key(s) for s in [self.ru, self.latin, self.scholarly, *self.spellings] if s}


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
        return nearest(text, [s for t in self.terms.values() for s in [t.ru, t.latin, *t.spellings]],
                       n, key=spelling_key)

    def location(self, term: Term) -> str:
        return f"{self.path}:{term.line}"

    def known_spellings(self) -> list[str]:
        """Every spelling that must be marked when it appears in the text (not the
        scholarly form, whose diacritics no running text uses), longest first."""
        out = {s for t in self.terms.values() for s in [t.ru, t.latin, *t.spellings] if s}
        return sorted(out, key=lambda s: (-len(s), s))


class _LineLoader(yaml.SafeLoader):
    """A YAML loader that records the line of every mapping under the key ``__line__``."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict[str, Any]:
    mapping = loader.construct_mapping(node, deep=True)
    mapping["__line__"] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _text(value: Any) -> str:
    if value is None:
        return ""
    return " ".join(str(value).split())


def load_registry(path: Path, scheme: str, scholarly_scheme: str) -> Registry:
    """Read and check the registry file; every problem is a warning naming file and line."""
    registry = Registry(path, scheme, scholarly_scheme)
    for name, option in ((scheme, "terms_transliteration"), (scholarly_scheme, "terms_scholarly_transliteration")):
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
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LineLoader)  # noqa: S506
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else 1
        warn(logger, Warn.TERMS_REGISTRY,
             f"the registry of Russian terms is not valid YAML ({exc.__class__.__name__}: "
             f"{getattr(exc, 'problem', exc)}); fix the file", location=f"{path}:{line}")
        return registry
    if data is None:
        data = []
    if not isinstance(data, list):
        warn(logger, Warn.TERMS_REGISTRY, "the registry of Russian terms must be a YAML list of entries (“- ru: …”)",
             location=f"{path}:1")
        return registry
    seen: dict[str, Term] = {}
    for entry in data:
        if not isinstance(entry, dict):
            warn(logger, Warn.TERMS_REGISTRY, f"registry entry {entry!r} is not a mapping with ru, gloss and spellings; "
                 "write it as “- ru: …”", location=f"{path}:1")
            continue
        line = entry.get("__line__", 1)
        ru = _text(entry.get("ru"))
        spellings = entry.get("spellings") or []
        if isinstance(spellings, str):
            spellings = [spellings]
        spellings = [_text(s) for s in spellings if _text(s)]
        unknown_keys = set(entry) - {"ru", "gloss", "spellings", "commentary", "__line__"}
        if unknown_keys:
            warn(logger, Warn.TERMS_REGISTRY, f"registry entry {ru or spellings!r} has unknown keys {sorted(unknown_keys)}; "
                 "the keys are ru, gloss, spellings, commentary", location=f"{path}:{line}")
        if not ru or not CYRILLIC.search(ru):
            what = f"{ru!r}" if ru else "nothing"
            warn(logger, Warn.TERMS_NO_CYRILLIC, f"registry entry {spellings or entry.get('gloss')!r} has {what} as its "
                 "Cyrillic headword: give the Russian word in Cyrillic under “ru:” "
                 "(the transliterations are computed from it); the entry is ignored",
                 location=f"{path}:{line}")
            continue
        key = ru.casefold()
        if key in seen:
            warn(logger, Warn.TERMS_DUPLICATE, f"the Cyrillic headword {ru!r} is defined twice (first at line "
                 f"{seen[key].line}): merge the two entries; this one is ignored",
                 location=f"{path}:{line}")
            continue
        term = Term(ru=ru, gloss=_text(entry.get("gloss")), spellings=spellings,
                    commentary=_text(entry.get("commentary")), line=line)
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
                warn(logger, Warn.TERMS_AMBIGUOUS, f"the spelling {k!r} belongs to both {registry.terms[other].ru!r} and "
                     f"{ru!r}: remove it from one entry and mark that occurrence with an explicit "
                     "headword, {ru}`spelling <headword>`", location=f"{path}:{line}")
                continue
            registry.by_key[k] = slug
    return registry
