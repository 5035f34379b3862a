"""Reading an editors' registry: one YAML file under ``source/``, a list of entries.

The registries (``terms.yaml``, ``persons.yaml``) are untrusted input, like the text: a
registry that is not valid YAML, not a list, too large, or built with YAML aliases is a
warning with the file and line, never a traceback, and never unbounded time or memory.
:func:`load_entries` returns the entries (mappings, each with its line under
:data:`LINE`) or an empty list.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

import yaml
from sphinx.util import logging

from .messages import Warn, warn

logger = logging.getLogger(__name__)

#: the key under which every mapping records the line it starts on
LINE = "__line__"
#: a registry larger than this is not read (the edition's are a few kilobytes)
MAX_BYTES = 1024 * 1024
#: entries read at most; the rest are reported and ignored
MAX_ENTRIES = 5000


class LineLoader(yaml.SafeLoader):
    """A safe YAML loader that records the line of every mapping under :data:`LINE` and
    refuses aliases (``*name``), which can make a small file expand without bound."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(
                None, None, "YAML aliases (*name) are not allowed in a registry",
                event.start_mark)
        return super().compose_node(parent, index)


def _construct_mapping(loader: LineLoader, node: yaml.MappingNode) -> dict[str, Any]:
    mapping = loader.construct_mapping(node, deep=True)
    mapping[LINE] = node.start_mark.line + 1
    return mapping


LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def load_entries(path: Path, code: Warn, what: str, example: str) -> list[dict[str, Any]]:
    """The entries of the registry *path* (mappings with their line); problems are the
    warning *code*, naming *what* the registry holds and an *example* entry."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        warn(logger, code, f"the registry of {what} cannot be read ({exc.strerror})",
             location=f"{path}:1")
        return []
    if size > MAX_BYTES:
        warn(logger, code, f"the registry of {what} is {size} bytes, more than the "
             f"{MAX_BYTES} a registry may have; it is not read", location=f"{path}:1")
        return []
    try:
        text = path.read_text(encoding="utf-8")
        data = yaml.load(text, Loader=LineLoader)  # a safe loader (no aliases, no tags)
    except UnicodeDecodeError as exc:
        warn(logger, code, f"the registry of {what} is not UTF-8 ({exc.reason}); save it "
             "as UTF-8", location=f"{path}:1")
        return []
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else 1
        warn(logger, code, f"the registry of {what} is not valid YAML "
             f"({exc.__class__.__name__}: {getattr(exc, 'problem', exc)}); fix the file",
             location=f"{path}:{line}")
        return []
    if data is None:
        return []
    if not isinstance(data, list):
        warn(logger, code, f"the registry of {what} must be a YAML list of entries "
             f"(“{example}”)", location=f"{path}:1")
        return []
    entries: list[dict[str, Any]] = []
    for entry in data[:MAX_ENTRIES]:
        if isinstance(entry, dict):
            entries.append(entry)
        else:
            warn(logger, code, f"registry entry {str(entry)[:60]!r} is not a mapping; write "
                 f"it as “{example}”", location=f"{path}:1")
    if len(data) > MAX_ENTRIES:
        warn(logger, code, f"the registry of {what} has {len(data)} entries; only the first "
             f"{MAX_ENTRIES} are read", location=f"{path}:1")
    return entries


def text_value(value: Any, limit: int = 2000) -> str:
    """A registry value as one line of text (white space normalised), at most *limit*
    characters; lists and mappings are not text (empty string)."""
    if value is None or isinstance(value, (list, dict)):
        return ""
    return " ".join(str(value).split())[:limit]


E = TypeVar("E")


def warn_unused(code: Warn, entries: Iterable[E], used: set[str], key: Callable[[E], str],
                message: Callable[[E], str], location: Callable[[E], str]) -> None:
    """A warning *code* at its line for every registry entry whose *key* the text never
    uses."""
    for entry in entries:
        if key(entry) not in used:
            warn(logger, code, message(entry), location=location(entry))
