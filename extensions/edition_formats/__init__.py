"""The edition in every format: what valid, accessible HTML and a valid EPUB need on top of
what the other extensions make.

HTML (every builder of the ``html`` format: html, dirhtml, epub):

* **No repeated ids.** A heading's title is copied into the tables of contents (the page's
  own, the sidebar's, the previous/next links); an apparatus entry in a heading carries an
  id (``app-A17``), which the copy would repeat on the page. The copies (``env.tocs``,
  ``env.titles``) keep their words and lose their ids.
* **Headings in the navigation.** Sphinx writes a toctree's caption as
  ``<p class="caption" role="heading">`` without the ``aria-level`` that ARIA requires
  of a heading role (the Nu Html Checker's error, axe's ``aria-required-attr``); the
  captions are one level below the page title, so they get ``aria-level="2"``.

* **The language of Cyrillic text** (:mod:`.language`): ``lang="ru"`` on every Cyrillic
  run that no element tags already.

EPUB: :mod:`.epub` (the reading text as a book: popups become links to the listings, notes
become EPUB notes).
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.application import Sphinx

from . import epub, language

#: Sphinx's markup of a toctree caption (sphinx.writers.html5, ``visit_title``).
CAPTION = '<p class="caption" role="heading">'
CAPTION_FIXED = '<p class="caption" role="heading" aria-level="2">'


def strip_ids_of_copies(app: Sphinx, doctree: nodes.document) -> None:
    """The tables of contents copy each section title; the copies keep no ids."""
    env = app.env
    docname = env.current_document.docname
    for store in (env.tocs, env.titles, env.longtitles):
        copy = store.get(docname)
        if copy is None:
            continue
        for node in copy.findall(nodes.Element):
            if node["ids"] and not isinstance(node, nodes.section):
                node["ids"] = []


def caption_levels(app: Sphinx, pagename: str, templatename: str, context: dict,
                   doctree: Any) -> None:
    """``aria-level`` on the toctree captions of the page's body and of furo's sidebar."""
    for key in ("body", "furo_navigation_tree"):
        value = context.get(key)
        if isinstance(value, str) and CAPTION in value:
            # str's replace, not markupsafe.Markup's (which would escape its arguments)
            context[key] = type(value)(str.replace(value, CAPTION, CAPTION_FIXED))


def setup(app: Sphinx) -> dict[str, Any]:
    # after Sphinx's toctree collector (priority 500), which makes the copies
    app.connect("doctree-read", strip_ids_of_copies, priority=900)
    # after furo's handler (priority 500), which renders the sidebar's navigation
    app.connect("html-page-context", caption_levels, priority=900)
    language.setup(app)
    epub.setup(app)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
