"""The search index asks the stemmer once per word, not once per word of each page.

Sphinx stems every word of a page when it writes the page, remembering the stems for that
page only, so a word used on every page is stemmed once per page, and again at every
rebuild: in a build of many pages this was the largest part of writing them, and the
largest part of writing the one page of a one-paragraph edit.  :func:`setup_search`
registers, in place of the configured search language, the same language with one table
of stems (``app.add_search_language``), and keeps the table between builds in the doctree
directory, Sphinx's cache (``edition-stems.json``, read only when it was written for the
same language and stemmer, and only up to :data:`MAX_STEMS` words).  The index it writes is
the same: a stem depends on the word alone.
"""

from __future__ import annotations

import json
from importlib import import_module
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.search import SearchLanguage

#: the file of the table, in the doctree directory
STEMS_FILE = "edition-stems.json"
#: at most this many words are kept between builds (the table is started afresh beyond)
MAX_STEMS = 200_000

#: the stems of each language (by its class), for every build of this process
_TABLES: dict[str, dict[str, str]] = {}
#: how many stems each table had when it was last read or written (nothing new: no write)
_SAVED: dict[str, int] = {}


def _table_key(cls: type) -> str:
    """The language's class and the versions of the code that stems."""
    from importlib.metadata import PackageNotFoundError, version

    import sphinx

    try:
        stemmer = version("snowballstemmer")
    except PackageNotFoundError:
        stemmer = "?"
    return f"{cls.__module__}.{cls.__qualname__} sphinx {sphinx.__version__} snowball {stemmer}"


def cached_language(base: type[SearchLanguage]) -> type[SearchLanguage]:
    """*base* with one table of stems for the process (it grows with the vocabulary of
    the builds, as the search index itself does)."""
    key = _table_key(base)

    class CachedStems(base):  # type: ignore[valid-type, misc]
        _edition_cached = True
        _edition_table_key = key

        def stem(self, word: str) -> str:
            stems = _TABLES.setdefault(key, {})
            try:
                return stems[word]
            except KeyError:
                stems[word] = stemmed = super().stem(word)
                return stemmed

    CachedStems.__name__ = CachedStems.__qualname__ = f"Cached{base.__name__}"
    return CachedStems


def _language(config: Config) -> Any:
    from sphinx.search import languages

    lang = config.html_search_language or config.language or "en"
    cls: Any = languages.get(lang)
    if cls is None and "_" in lang:
        cls = languages.get(lang.partition("_")[0])
    if isinstance(cls, str):
        module, name = cls.rsplit(".", 1)
        cls = getattr(import_module(module), name)
    return cls


def use_cached_stems(app: Sphinx, config: Config) -> None:
    """``config-inited``: the configured search language, stemming each word once."""
    cls = _language(config)
    if cls is None or getattr(cls, "_edition_cached", False):
        return
    app.add_search_language(cached_language(cls))


def _stems_file(app: Sphinx) -> Path:
    return Path(app.doctreedir) / STEMS_FILE


def load_stems(app: Sphinx) -> None:
    """``builder-inited``: the table the last build kept, if it is for this language."""
    cls = _language(app.config)
    key = getattr(cls, "_edition_table_key", None)
    path = _stems_file(app)
    if key is None or not path.is_file() or path.stat().st_size > 64 * MAX_STEMS:
        return
    try:
        saved = json.loads(path.read_text(encoding="utf-8"))
        stems = saved["stems"] if saved.get("key") == key else {}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return  # a damaged cache is ignored (and rewritten at the end of the build)
    if isinstance(stems, dict) and len(stems) <= MAX_STEMS:
        table = _TABLES.setdefault(key, {})
        table.update((w, s) for w, s in stems.items()
                     if isinstance(w, str) and isinstance(s, str))
        _SAVED[key] = len(table)


def save_stems(app: Sphinx, exception: BaseException | None) -> None:
    """``build-finished``: keep the table for the next build (HTML builders)."""
    cls = _language(app.config)
    key = getattr(cls, "_edition_table_key", None)
    if exception is not None or key is None or app.builder.format != "html":
        return
    stems = _TABLES.get(key, {})
    if len(stems) > MAX_STEMS:
        stems.clear()  # bounded: started afresh
        return
    path = _stems_file(app)
    if _SAVED.get(key) == len(stems) and path.is_file():
        return  # no new word
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps({"key": key, "stems": stems}, ensure_ascii=False),
                        encoding="utf-8")
        _SAVED[key] = len(stems)
    except OSError:
        pass  # a cache that cannot be written costs time, nothing else


def setup_search(app: Sphinx) -> None:
    app.connect("config-inited", use_cached_stems)
    app.connect("builder-inited", load_stems)
    app.connect("build-finished", save_stems)
