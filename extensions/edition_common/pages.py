"""The edition's pages and witnesses, declared once in ``conf.py``.

``edition_text_pages``
    the pages that carry the text (the author's words), in the order of the copy-text, e.g.
    ``["text", "comments"]``.  The terms' occurrences are counted there (an editorial page
    mentions a term without its being an occurrence; empty: every page), the PDF sets them
    as line-numbered text, and the fidelity check compares them with the copy-text.
``edition_witness_files``
    the file of each witness whose words the edition has, by siglum, relative to the
    configuration folder, e.g. ``{"A": "witnesses/A.txt"}``.  The copy-text's file
    (``apparatus_copy_text``, by default the first siglum here) is the one the build checks
    the text pages against, paragraph by paragraph.

Every option that names pages (these and those other extensions register with
:func:`page_option`, e.g. ``pdf_edition_appendix_documents``) is checked once all pages are
read: a name that is no page of the project is a warning ``edition.missing_page`` at the
option's line in ``conf.py``, so that a renamed page is never silently left out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

from .messages import Warn, nearest, warn

logger = logging.getLogger(__name__)

#: the options that name pages (a list of page names, or a mapping whose keys are page names)
PAGE_OPTIONS: list[str] = ["edition_text_pages"]


def page_option(name: str) -> None:
    """Declare the configuration option *name* as naming pages (checked for existence)."""
    if name not in PAGE_OPTIONS:
        PAGE_OPTIONS.append(name)


def text_pages(config: Any) -> list[str]:
    """The pages of the text, in order (``edition_text_pages``)."""
    return list(getattr(config, "edition_text_pages", None) or [])


def copy_text_file(config: Any) -> tuple[str, str] | None:
    """``(siglum, file)`` of the copy-text's witness file, or None when none is declared."""
    files = getattr(config, "edition_witness_files", None) or {}
    siglum = getattr(config, "apparatus_copy_text", None) or next(iter(files), None)
    if siglum is None or siglum not in files:
        return None
    return siglum, files[siglum]


def option_line(confdir: str | Path, name: str) -> str:
    """``conf.py:LINE`` of the assignment of *name* in the configuration file (line 1 when the
    option is not assigned there: a default, or an override on the command line)."""
    path = Path(confdir) / "conf.py"
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return f"{path}:1"
    pattern = re.compile(rf"^{re.escape(name)}\s*(?::[^=]*)?=")
    for number, line in enumerate(lines, 1):
        if pattern.match(line):
            return f"{path}:{number}"
    return f"{path}:1"


def _names(value: Any) -> Iterable[str]:
    if isinstance(value, dict):
        return [str(k) for k in value]
    if isinstance(value, (list, tuple, set, frozenset)):
        return [str(v) for v in value]
    return []


def check_page_options(app: Sphinx, env: BuildEnvironment) -> None:
    """``env-check-consistency``: every page named in an option is a page of the project."""
    for option in PAGE_OPTIONS:
        if option not in env.config:
            continue
        for name in _names(env.config[option]):
            if name in env.found_docs:
                continue
            near = nearest(name, env.found_docs)
            hint = f" (nearest pages: {', '.join(near)})" if near else ""
            warn(logger, Warn.MISSING_PAGE,
                 f"`{option}` names the page {name!r}, which the project does not have"
                 f"{hint}: name an existing page (its file name without .md), or add the page",
                 location=option_line(app.confdir, option))


def setup_pages(app: Sphinx) -> None:
    app.add_config_value("edition_text_pages", [], "env", types=frozenset({list, tuple}))
    app.add_config_value("edition_witness_files", {}, "env", types=frozenset({dict}))
    app.connect("env-check-consistency", check_page_options)
