"""What the toolkit's roles share: the explicit target after the words.

``{role}`words <target>``` shows *words* exactly as typed and names *target* (a key, a
headword, a date): :func:`split_target` separates them, as Sphinx's own roles do.
"""

from __future__ import annotations

import re

EXPLICIT = re.compile(r"^(?P<text>.*?)\s*<(?P<target>[^<>]+)>$", re.S)


def split_target(text: str) -> tuple[str, str | None]:
    """``("words", "target")`` for ``words <target>``; ``(text, None)`` without a target
    (or when the words before it are empty)."""
    match = EXPLICIT.match(text)
    if match and match.group("text").strip():
        return match.group("text").strip(), match.group("target").strip()
    return text, None
