"""Nothing is published from outside ``source/``: paths in the sources stay in the tree.

Sphinx copies what a path in the text names into the output, wherever it resolves:
``{download}`x <../../../../etc/passwd>``` lands in ``_downloads/``, ``{image}``/``{figure}``
with ``../`` in ``_images/``, and a symbolic link in ``source/`` or ``source/_static/`` is
followed and its target published.  This extension keeps every route inside the source
folder:

* **paths in the text** — images (``{image}``, ``{figure}``, Markdown ``![](…)``, HTML
  ``<img>`` where MyST reads it, ``.. image::``/``.. figure::``/``|sub| image::`` in
  ``{eval-rst}``) and downloads (``{download}``, ``:download:``, a Markdown link to a file):
  a path that leaves the source folder, passes through a symbolic link or names a folder
  warns at its line (``edition.path_outside``, ``edition.path_symlink``,
  ``edition.path_folder``) and nothing is copied; an image is
  shown by its alternative text (or its path), a download by its link text.  An image file
  name with a character LaTeX cannot take (``\\ { } % # $ ^ & ~``, controls) warns
  ``edition.path_name``: it would reach the ``.tex``;
* **symbolic links** anywhere in the source folder (``source/_static/`` included) warn
  ``edition.symlink``, naming each, and are neither read as pages nor copied as static
  files (they join ``exclude_patterns``, which Sphinx also applies to ``html_static_path``
  and ``html_extra_path``);
* **file insertion** (only when ``edition_file_insertion_enabled`` is set): ``literalinclude``,
  ``csv-table :file:`` and reST ``include`` refuse a path outside the source folder in the
  same way (MyST's ``{include}`` reads its file itself: keep the setting off).

(A ``figure`` whose content is blank lines only no longer ends the build: docutils 0.22.4
fails on it with a traceback.)

The extensions' own static folders (``extensions/*/static``, added by ``conf.py``-trusted
code) and the files ``conf.py`` names are not affected.
"""

from __future__ import annotations

import os
import re
from glob import escape, glob
from pathlib import Path
from typing import Any

from docutils import nodes
from docutils.statemachine import StringList
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.directives.code import LiteralInclude
from sphinx.directives.other import Include
from sphinx.directives.patches import CSVTable
from sphinx.directives.patches import Figure as SphinxFigure
from sphinx.transforms import SphinxTransform
from sphinx.util import logging

from source_checks import uri_scheme

logger = logging.getLogger(__name__)

#: characters of a file name that the LaTeX writer would pass to TeX as they are
LATEX_UNSAFE = re.compile(r"[\\{}%#$^&~\x00-\x1f\x7f]")


def check_path(env: Any, target: str, docname: str) -> tuple[str, str] | None:
    """Why *target* (a path written in *docname*) may not be used, or None.

    Returns ``(subtype, explanation)``.  Paths are Sphinx's: a leading ``/`` is the source
    folder, anything else is relative to the page's folder.
    """
    srcdir = os.path.normpath(os.fspath(env.srcdir))
    if target.startswith(("/", "\\")):
        lexical = os.path.normpath(os.path.join(srcdir, target.lstrip("/\\")))
    else:
        doc_dir = os.path.dirname(os.fspath(env.doc2path(docname, base=False)))
        lexical = os.path.normpath(os.path.join(srcdir, doc_dir, target))
    if os.path.commonpath([srcdir, lexical]) != srcdir:
        return "path_outside", "it leaves the source folder"
    real_srcdir = os.path.realpath(srcdir)
    paths = [lexical]
    if lexical.endswith(os.extsep + "*"):  # Sphinx's image.* (one candidate per format)
        paths = [os.path.dirname(lexical)] + glob(glob_escape_dir(lexical))
    for path in paths:
        expected = os.path.join(real_srcdir, os.path.relpath(path, srcdir))
        if os.path.realpath(path) != os.path.normpath(expected):
            return "path_symlink", "it passes through a symbolic link"
    if os.path.isdir(lexical):
        return "path_folder", "it is a folder, not a file"
    return None


def glob_escape_dir(path: str) -> str:
    """*path* (ending in ``.*``) with glob characters of its folder escaped."""
    head, tail = os.path.split(path)
    return os.path.join(escape(head), tail)


ADVICE = {
    "path_outside": "put the file inside the source folder (no symbolic link) and name it "
                    "from there",
    "path_folder": "name a file",
    "path_name": "rename the file",
    "remote_image": "copy the image into the source folder and name it from there",
    "image_type": "give a PNG, JPEG, GIF, SVG, WebP or PDF file",
}

#: the image files every format of the edition can show (``name.*``: Sphinx picks the best)
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".pdf", ".*"}


def shown_text(node: nodes.Element) -> str:
    return node.get("alt") or node.get("uri", "")


class ConfinedPaths(SphinxTransform):
    """Images and downloads whose paths leave the source folder are refused (before Sphinx's
    collectors register them for copying)."""

    default_priority = 3

    def refuse(self, node: nodes.Element, what: str, target: str, subtype: str, why: str) -> None:
        logger.warning(
            "%s %r is not published: %s; %s",
            what, target, why, ADVICE.get(subtype, ADVICE["path_outside"]),
            location=node, type="edition", subtype=subtype,
        )

    def apply(self, **kwargs: Any) -> None:
        docname = self.env.current_document.docname
        for node in list(self.document.findall(nodes.image)):
            uri = node.get("uri", "")
            if uri.startswith("data:") or uri_scheme(uri) not in ("", "http", "https"):
                continue  # an address that runs code: source_checks (edition.unsafe_link)
            if "://" in uri:
                # Sphinx would fetch it while building (a request to any address the text
                # names) or, for an address it cannot fetch, warn without a location
                self.refuse(node, "image", uri, "remote_image",
                            "it is not a file of the source folder")
                self.replace_image(node)
                continue
            problem = check_path(self.env, uri, docname)
            if problem is None and os.path.splitext(uri)[1].lower() not in IMAGE_SUFFIXES:
                problem = ("image_type", "it is not an image file the edition can show")
            if problem is None and LATEX_UNSAFE.search(os.path.basename(uri)):
                problem = ("path_name", "its file name has a character LaTeX cannot take "
                           "(one of \\ { } % # $ ^ & ~ or a control character)")
            if problem is None:
                continue
            self.refuse(node, "image", uri, *problem)
            self.replace_image(node)
        for node in list(self.document.findall(addnodes.download_reference)):
            target = node.get("reftarget", "")
            if "://" in target:
                continue
            problem = check_path(self.env, target, docname)
            if problem is None:
                continue
            self.refuse(node, "download", target, *problem)
            node.replace_self(nodes.inline("", "", *node.children))

    def replace_image(self, node: nodes.image) -> None:
        """The image becomes its alternative text (a figure: that text and its caption)."""
        text = shown_text(node)
        parent = node.parent
        if isinstance(parent, nodes.reference) and len(parent) == 1:
            node, parent = parent, parent.parent  # an image with :target:
        if isinstance(parent, nodes.TextElement):
            node.replace_self(nodes.Text(text))
            return
        if isinstance(parent, nodes.figure):
            kept: list[nodes.Node] = [nodes.paragraph(text, text)]
            for child in parent.children:
                if isinstance(child, nodes.caption):
                    kept.append(nodes.paragraph("", "", *child.children))
                elif isinstance(child, nodes.legend):
                    kept.extend(child.children)
            for new in kept:
                new.source, new.line = parent.source, parent.line
            parent.replace_self(kept)
            return
        paragraph = nodes.paragraph(text, text)
        paragraph.source, paragraph.line = node.source, node.line
        node.replace_self(paragraph)


# -- Symbolic links in the source folder ----------------------------------------------------

def file_location(path: Path | str) -> nodes.Element:
    """A warning location naming a file and no line ("path:: WARNING", as docutils writes
    it): Sphinx would take a plain string for a page name."""
    where = nodes.Element()
    where.source = str(path)
    return where


def pattern_escape(path: str) -> str:
    """*path* as a literal Sphinx exclude pattern."""
    return re.sub(r"([\[\]*?])", r"[\1]", path)


def symlinks(root: Path) -> list[Path]:
    """Every symbolic link under *root* (links to folders are not entered)."""
    found = []
    for folder, dirs, files in os.walk(root):
        for name in dirs + files:
            path = Path(folder) / name
            if path.is_symlink():
                found.append(path)
    return sorted(found)


def exclude_symlinks(app: Sphinx, config: Config) -> None:
    """``config-inited``: symbolic links in the source folder join ``exclude_patterns``, so that
    they are neither read as pages nor copied from the static and extra folders."""
    srcdir = Path(app.srcdir)
    static_roots = [Path(app.confdir, entry) for entry in
                    [*config.html_static_path, *config.html_extra_path]]
    patterns = list(config.exclude_patterns)
    found = symlinks(srcdir)
    for link in found:
        relatives = [link.relative_to(srcdir).as_posix()]
        for root in static_roots:
            if link.is_relative_to(root):
                # Sphinx matches the static folder's files as "./name" at its top
                inside = link.relative_to(root).as_posix()
                relatives += [inside, "./" + inside] if "/" not in inside else [inside]
        for relative in relatives:
            patterns += [pattern_escape(relative), pattern_escape(relative) + "/**"]
    config.exclude_patterns = patterns
    app._edition_symlinks = found  # type: ignore[attr-defined]


def warn_symlinks(app: Sphinx) -> None:
    """``builder-inited``: each symbolic link is named (the logger needs the environment)."""
    srcdir = Path(app.srcdir)
    for link in getattr(app, "_edition_symlinks", []):
        logger.warning(
            "symbolic link %s is not read or published (it would bring in %s from outside "
            "the source folder); replace it by the file itself",
            link.relative_to(srcdir), os.readlink(link),
            location=file_location(link), type="edition", subtype="symlink",
        )


def refuse_page_names(app: Sphinx, env: Any, docnames: list[str]) -> None:
    """``env-before-read-docs``: a page whose file name LaTeX cannot take is not read (its
    name reaches the ``.tex`` in labels and citations)."""
    for docname in list(docnames):
        if LATEX_UNSAFE.search(docname):
            logger.warning(
                "page %s is not read: its file name has a character LaTeX cannot take (one of "
                "\\ { } %% # $ ^ & ~ or a control character); rename the file",
                env.doc2path(docname, base=False), location=file_location(env.doc2path(docname)),
                type="edition", subtype="path_name",
            )
            docnames.remove(docname)


# -- File insertion, when enabled ---------------------------------------------------------------

def confined(directive: type, path_of: Any) -> type:
    """*directive* refusing a path (``path_of(self)``) that leaves the source folder."""

    class Confined(directive):  # type: ignore[misc, valid-type]
        def run(self) -> list[nodes.Node]:
            target = path_of(self)
            settings = self.state.document.settings
            if target and settings.file_insertion_enabled and not (
                    target.startswith("<") and target.endswith(">")):
                env = settings.env
                docname = env.current_document.docname
                problem = check_path(env, target, docname)
                if problem is not None:
                    logger.warning(
                        "%s %r inserts nothing: %s; put the file inside the source folder "
                        "(no symbolic link)", self.name, target, problem[1],
                        location=(docname, self.lineno), type="edition", subtype=problem[0],
                    )
                    return []
            return super().run()

    Confined.__name__ = f"Confined{directive.__name__}"
    return Confined


class Figure(SphinxFigure):
    """Sphinx's figure, whose content of blank lines only is no content: docutils 0.22.4
    fails on it with an ``UnboundLocalError`` (the build's traceback)."""

    def run(self) -> list[nodes.Node]:
        if self.content and not any(line.strip() for line in self.content):
            self.content = StringList()
        return super().run()


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("config-inited", exclude_symlinks)
    app.connect("builder-inited", warn_symlinks)
    app.connect("env-before-read-docs", refuse_page_names)
    app.add_transform(ConfinedPaths)
    app.add_directive("literalinclude", confined(LiteralInclude, lambda d: d.arguments[0]),
                      override=True)
    app.add_directive("csv-table", confined(CSVTable, lambda d: d.options.get("file")),
                      override=True)
    app.add_directive("include", confined(Include, lambda d: d.arguments[0]), override=True)
    app.add_directive("figure", Figure, override=True)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
