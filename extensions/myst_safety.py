"""A page cannot change how the edition is parsed: MyST settings belong to ``conf.py``.

MyST reads a ``myst:`` key in a page's YAML front matter as configuration for that page:
``enable_extensions`` there switches on, for one page, what ``conf.py`` leaves off —
``dollarmath``/``amsmath`` (LaTeX from the text), ``html_image`` (files by path) and
``substitution``, whose ``{{ … }}`` are Jinja2 expressions evaluated with no sandbox: a
page could run any command in the build.  ``url_schemes`` there would make ``javascript:``
links.  This extension keeps the page's front matter to what an edition needs:

* in ``myst:``, only ``html_meta`` (the page's ``<meta>`` description, keywords, author) is
  allowed; every other key, and the older top-level ``substitutions``, warns at its line
  (``edition.page_config``) and is removed before MyST reads the page;
* ``html_meta`` — and docutils' ``.. meta::`` in ``{eval-rst}`` — may set only the names
  ``description``, ``keywords`` and ``author`` (with an optional ``lang=``): ``http-equiv``
  (a refresh to another site, cookies, security policy) and others warn
  (``edition.page_meta``) and are dropped;
* ``substitution`` in ``conf.py``'s ``myst_enable_extensions`` warns
  (``edition.myst_substitution``): it would evaluate Jinja2 written in the text.

The allowed keys are ``edition_page_myst_keys`` in ``conf.py`` (default ``["html_meta"]``).
"""

from __future__ import annotations

import re
from typing import Any

import yaml
from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform
from sphinx.util import logging

logger = logging.getLogger(__name__)

#: the <meta> names a page may set (each optionally followed by " lang=xx")
META_NAMES = {"description", "keywords", "author"}
META_KEY = re.compile(r"^(?P<name>[\w.-]+)(?: lang=[A-Za-z-]+)?$")


def front_matter(text: str) -> tuple[int, int] | None:
    """The lines ``(first, end)`` of *text*'s YAML front matter (between the ``---`` lines,
    0-based, end exclusive), read as MyST reads it, or None."""
    if not text.startswith("---"):
        return None
    lines = text.splitlines()
    for index in range(1, len(lines)):
        if lines[index].startswith(("---", "...")):
            return 1, index
    return 1, len(lines)


def meta_allowed(key: Any) -> bool:
    match = META_KEY.match(str(key))
    return bool(match) and match.group("name") in META_NAMES


def line_of(lines: list[str], first: int, key: str) -> int:
    """The 1-based line of the front matter that names *key* (else its first line)."""
    pattern = re.compile(rf"""(^|[\s{{,])["']?{re.escape(key)}["']?\s*:""")
    for index in range(first, len(lines)):
        if pattern.search(lines[index]):
            return index + 1
    return first


def check_front_matter(app: Sphinx, docname: str, source: list[str]) -> None:
    """``source-read``: keys of a page's front matter that configure MyST are removed."""
    if app.env.doc2path(docname).suffix != ".md":
        return
    text = source[0]
    span = front_matter(text)
    if span is None:
        return
    first, end = span
    lines = text.splitlines(keepends=True)
    try:
        data = yaml.safe_load("".join(lines[first:end]))
    except yaml.YAMLError:
        return  # MyST reports malformed front matter itself
    if not isinstance(data, dict):
        return
    allowed = set(app.config.edition_page_myst_keys)
    changed = False

    def refuse(key: str, message: str, subtype: str) -> None:
        logger.warning(message, location=(docname, line_of(lines, first, key)),
                       type="edition", subtype=subtype)

    if "substitutions" in data:
        refuse("substitutions", "front matter 'substitutions' is not allowed in the edition's "
               "pages and is ignored: MyST substitutions are set in conf.py, if at all",
               "page_config")
        del data["substitutions"]
        changed = True
    for meta_holder in (data, data.get("myst") if isinstance(data.get("myst"), dict) else {}):
        meta = meta_holder.get("html_meta")
        if isinstance(meta, dict):
            for key in [k for k in meta if not meta_allowed(k)]:
                refuse(str(key), f"html_meta {str(key)!r} is not allowed in the edition's pages "
                       "and is ignored: a page's <meta> may set only description, keywords and "
                       "author", "page_meta")
                del meta[key]
                changed = True
    myst = data.get("myst")
    if isinstance(myst, dict):
        for key in [k for k in myst if k not in allowed]:
            refuse(str(key), f"front matter 'myst: {key}' is not allowed in the edition's pages "
                   "and is ignored: a page cannot change how the edition is parsed (MyST's "
                   "settings are in conf.py)", "page_config")
            del myst[key]
            changed = True
    if not changed:
        return
    # the same number of lines, so that every later warning keeps its line
    kept = yaml.safe_dump(data, default_flow_style=True, allow_unicode=True,
                          width=float("inf")).strip() if data else ""
    new = [kept + "\n"] + ["#\n"] * (end - first - 1)
    source[0] = "".join(lines[:first] + new + lines[end:])


class PageMeta(SphinxTransform):
    """docutils' ``.. meta::`` may set only the names of :data:`META_NAMES`."""

    default_priority = 4

    def apply(self, **kwargs: Any) -> None:
        for node in list(self.document.findall(nodes.meta)):
            name = node.get("name")
            if name in META_NAMES and len([k for k in node.attributes
                                           if k not in ("name", "content", "lang", "dir",
                                                        "ids", "classes", "names",
                                                        "dupnames", "backrefs", "scheme")]) == 0:
                continue
            described = ", ".join(f"{k}={v!r}" for k, v in node.attributes.items()
                                  if v and k not in ("ids", "classes", "names", "dupnames",
                                                     "backrefs"))
            logger.warning(
                "meta %s is not allowed in the edition's pages and is ignored: a page's <meta> "
                "may set only description, keywords and author", described,
                location=node, type="edition", subtype="page_meta",
            )
            node.parent.remove(node)


def check_myst_extensions(app: Sphinx) -> None:
    """``builder-inited``: MyST's ``substitution`` extension runs Jinja2 from the text."""
    if "substitution" in (app.config.myst_enable_extensions or []):
        logger.warning(
            "myst_enable_extensions has 'substitution': MyST evaluates the Jinja2 expressions "
            "of every {{ … }} in the pages with no sandbox, so the text could run code in the "
            "build; remove it", type="edition", subtype="myst_substitution",
        )


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("myst_parser")
    app.add_config_value("edition_page_myst_keys", ["html_meta"], "env", types=frozenset({list}))
    app.connect("source-read", check_front_matter, priority=100)
    app.connect("builder-inited", check_myst_extensions)
    app.add_transform(PageMeta)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
