"""The search index asks the stemmer once per word of a build, not once per word per page.

Sphinx stems every word of a page when it writes the page, remembering the stems for that
page only, so a word used on every page is stemmed once per page: in a build of many pages
this was the largest part of writing them.  :func:`setup_search` registers, in place of the
configured search language, the same language with one table of stems for the whole
process (``app.add_search_language``).  The index it writes is the same: a stem depends
on the word alone.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.search import SearchLanguage


def cached_language(base: type[SearchLanguage]) -> type[SearchLanguage]:
    """*base* with one table of stems (it grows with the build's vocabulary, as the search
    index itself does)."""

    class CachedStems(base):  # type: ignore[valid-type, misc]
        _edition_cached = True

        def stem(self, word: str) -> str:
            stems: dict[str, str] = self.__dict__.setdefault("_stems", {})
            try:
                return stems[word]
            except KeyError:
                stems[word] = stemmed = super().stem(word)
                return stemmed

    CachedStems.__name__ = CachedStems.__qualname__ = f"Cached{base.__name__}"
    return CachedStems


def use_cached_stems(app: Sphinx, config: Config) -> None:
    """``config-inited``: the configured search language, stemming each word once."""
    from sphinx.search import languages

    lang = config.html_search_language or config.language or "en"
    cls: Any = languages.get(lang)
    if cls is None and "_" in lang:
        cls = languages.get(lang.partition("_")[0])
    if isinstance(cls, str):
        module, name = cls.rsplit(".", 1)
        cls = getattr(import_module(module), name)
    if cls is None or getattr(cls, "_edition_cached", False):
        return
    app.add_search_language(cached_language(cls))


def setup_search(app: Sphinx) -> None:
    app.connect("config-inited", use_cached_stems)
