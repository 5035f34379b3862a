"""The language of every Cyrillic passage, for the HTML pages and the EPUB (WCAG 2.1
success criterion 3.1.2, "Language of Parts"; screen readers and hyphenation need it).

The terms extension tags the Russian terms it marks (``lang="ru"``, ``lang="ru-Latn"``); the
rest of the Cyrillic text (titles in the works cited and the apparatus references, words in
glosses and commentary) would be read as English. Every run of Cyrillic words that no
element with a language encloses becomes ``<span lang="ru">`` (the language is the config
value ``edition_cyrillic_language``; empty: no tagging). A run includes the spaces and
punctuation between its words, so that a title is one span. The general index gets the same
for its entries (:func:`tag_index_entries`).
"""

from __future__ import annotations

import re
from typing import Any

from docutils import nodes
from markupsafe import Markup, escape
from sphinx.application import Sphinx

from edition_common import enclosing, tooltip

#: Cyrillic letters (U+0400–U+04FF and the supplement U+0500–U+052F) with combining accents,
#: and the spaces and punctuation between two Cyrillic words of one run.
CYRILLIC_RUN = re.compile(
    r"[\u0400-\u052F][\u0400-\u052F\u0300-\u036F]*"
    r"(?:[\s\-‐–—.,;:!?()«»„“”\"'’ʹ]+[\u0400-\u052F][\u0400-\u052F\u0300-\u036F]*)*"
)

SKIP = (nodes.literal_block, nodes.raw, nodes.comment, nodes.system_message, nodes.Invisible)


def language_of(node: nodes.Node) -> str | None:
    """The language that *node* or an ancestor declares (``lang``, a ``language-`` class, a
    ``lang`` property as on the terms extension's nodes), or None. A popup's ``lang`` is
    its anchor's only: it does not extend to the popup's text."""
    current: Any = node
    while current is not None:
        if isinstance(current, nodes.Element) and not isinstance(current, tooltip):
            for cls in current.get("classes", []):
                if cls.startswith("language-"):
                    return cls[len("language-"):]
            lang = current.get("lang") or getattr(current, "lang", None)
            if isinstance(lang, str) and lang:
                return lang
        current = current.parent
    return None


def tag_cyrillic(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    lang = app.config.edition_cyrillic_language
    if not lang or app.builder.format != "html":
        return
    for text in list(doctree.findall(nodes.Text)):
        parent = text.parent
        if parent is None or not CYRILLIC_RUN.search(text):
            continue
        if enclosing(text, SKIP) is not None or language_of(parent):
            continue
        pieces: list[nodes.Node] = []
        pos = 0
        for match in CYRILLIC_RUN.finditer(text):
            if match.start() > pos:
                pieces.append(nodes.Text(text[pos:match.start()]))
            pieces.append(nodes.inline(match.group(), match.group(), classes=[f"language-{lang}"]))
            pos = match.end()
        if pos < len(text):
            pieces.append(nodes.Text(text[pos:]))
        index = parent.index(text)
        parent[index:index + 1] = pieces


def tagged_markup(text: str, lang: str) -> Markup | str:
    """*text* as HTML with its Cyrillic runs in ``<span lang>``; *text* itself if it has none."""
    if not CYRILLIC_RUN.search(text):
        return text
    out, pos = [], 0
    for match in CYRILLIC_RUN.finditer(text):
        out.append(escape(text[pos:match.start()]))
        out.append(Markup('<span lang="%s">%s</span>') % (lang, match.group()))
        pos = match.end()
    out.append(escape(text[pos:]))
    return Markup("").join(out)


def tag_index_entries(app: Sphinx, pagename: str, templatename: str, context: dict,
                      doctree: Any) -> None:
    """The general index is written by its template from ``genindexentries``, not from a
    doctree: its entry names get their language there (the template escapes them with
    ``|e``, which leaves :class:`markupsafe.Markup` as it is). The letters that head the
    groups are also the groups' ids, and stay as they are."""
    lang = app.config.edition_cyrillic_language
    if not lang or pagename != "genindex" or not context.get("genindexentries"):
        return
    tagged = []
    for key, entries in context["genindexentries"]:
        new_entries = []
        for name, (links, subitems, category) in entries:
            subitems = [(tagged_markup(sub, lang), sublinks) for sub, sublinks in subitems]
            new_entries.append((tagged_markup(name, lang), (links, subitems, category)))
        tagged.append((key, new_entries))
    context["genindexentries"] = tagged


def setup(app: Sphinx) -> None:
    app.add_config_value("edition_cyrillic_language", "ru", "html", types=frozenset({str}))
    # after the other extensions' handlers (default 500), which make some of the text
    app.connect("doctree-resolved", tag_cyrillic, priority=850)
    app.connect("html-page-context", tag_index_entries)
