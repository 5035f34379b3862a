"""The TEI P5 edition: ``make tei`` writes the whole edition as one TEI document.

* :mod:`.builder` — the ``tei`` builder (one file, ``<outdir>/<tei_basename>.xml``, from
  the same resolved doctrees as the HTML);
* :mod:`.writer` — a page's doctree as TEI (the toolkit's nodes in TEI's vocabulary);
* :mod:`.header` — the ``teiHeader`` from ``conf.py`` and the edition's data;
* :mod:`.back` — the works cited (``listBibl``/``biblStruct``) and the persons
  (``listPerson``);
* :mod:`.ids` — the ``xml:id``s (``<page>.<id>``; a block's passage id).

Configuration (``conf.py``):

``tei_basename``
    the file's name without ``.xml`` (default: ``project`` in lower case, words joined by
    hyphens);
``tei_editors``
    the editors: ``[{"id": "ed", "name": …, "roles": [what they did, …]}]`` (the
    editorial notes name ``resp="#ed"``);
``tei_publisher``
    the publisher of the edition (default: ``project``);
``tei_rights_page``
    the page whose text is the publication statement's rights (default ``rights``);
``tei_editorial_principles``
    ``page#section-id``: the section that is the header's ``editorialDecl``;
``tei_text_documents``
    the pages of the text, the TEI ``body`` (default: those of
    ``edition_text_pages``);
``tei_skip_documents``
    pages whose content the TEI gives in its own structures, not written as pages (the
    listings of the notes and of the apparatus, the works-cited page).
"""

from __future__ import annotations

import re
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config

from .builder import TeiBuilder


def default_basename(config: Config) -> str:
    words = re.findall(r"[a-z0-9]+", (config.project or "edition").lower())
    return "-".join(words) or "edition"


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_builder(TeiBuilder)
    app.add_config_value("tei_basename", default_basename, "", types=(str,))
    app.add_config_value("tei_editors", [], "", types=(list,))
    app.add_config_value("tei_publisher", "", "", types=(str,))
    app.add_config_value("tei_rights_page", "rights", "", types=(str,))
    app.add_config_value("tei_editorial_principles", "", "", types=(str,))
    app.add_config_value("tei_text_documents", [], "", types=(list,))
    app.add_config_value("tei_skip_documents", [], "", types=(list,))
    # the builder writes serially (one document of every page); the extension keeps no data
    # in the environment
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
