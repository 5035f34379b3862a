"""What a build reads at its start, kept in the environment while its inputs are unchanged.

A registry or a bibliography is read and checked at ``builder-inited`` of every build, so
that its problems are reported at every build and nothing shown is stale.  Reading it again
when neither the file nor the code that reads it has changed is the largest part of a
rebuild after a one-paragraph edit, so a domain keeps what it read under the digest of its
inputs (:func:`inputs_digest`) and :func:`kept` reuses it — only when reading it reported
nothing: a file with problems is read, and its problems reported, at every build.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")


def inputs_digest(files: Iterable[Path], *settings: Any, max_bytes: int | None = None,
                  code: Iterable[str | Path] = ()) -> str:
    """The digest of *files*' bytes (a file larger than *max_bytes* by its size only: it is
    refused unread; a missing file by its error), of *settings* (their ``repr``) and of the
    Python files of *code* (modules' paths or packages' directories)."""
    digest = hashlib.sha256(repr(settings).encode())
    sources: list[Path] = []
    for item in code:
        path = Path(item)
        sources += sorted(path.glob("*.py")) if path.is_dir() else [path]
    for path in [*files, *sources]:
        digest.update(b"\0" + str(path).encode() + b"\0")
        try:
            size = path.stat().st_size
            digest.update(path.read_bytes() if max_bytes is None or size <= max_bytes
                          else f"size {size}".encode())
        except OSError as err:
            digest.update(repr(err).encode())
    return digest.hexdigest()


class _Count(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


def kept(data: dict[str, Any], slot: str, digest: str, read: Callable[[], T]) -> T:
    """``read()``, or what it returned at an earlier build from the same inputs (*digest*),
    kept in the domain data *data* under *slot* when it reported no warning."""
    held = data.get(slot)
    if held is not None and held[0] == digest:
        return held[1]
    counter = _Count()
    sphinx_logger = logging.getLogger("sphinx")
    sphinx_logger.addHandler(counter)
    try:
        value = read()
    finally:
        sphinx_logger.removeHandler(counter)
    if counter.count:
        data.pop(slot, None)  # read again, and its problems reported, next time
    else:
        data[slot] = (digest, value)
    return value
