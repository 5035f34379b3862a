"""The build fails when the text of a page has lost a paragraph of its copy-text.

A fence left open (```` ```{app} ```` without its closing ```` ``` ````) that a later fence
closes moves the author's paragraphs between the two into the apparatus entry's note:
MyST accepts it, the page builds, and the paragraphs are gone from the reading text.  This
check compares, after every build's reading, the text of each page of the text with its
copy-text, paragraph by paragraph.

Configuration (``conf.py``, declared once for the whole edition in ``edition_common``): the
copy-text's file, ``edition_witness_files[apparatus_copy_text]`` (plain text, one paragraph
per run of non-blank lines, relative to the configuration folder), and the pages that carry
it, in order, ``edition_text_pages``::

    edition_witness_files = {"A": "witnesses/A.txt"}
    edition_text_pages = ["text", "comments"]

The pages' texts are read from their doctrees in both views: the
diplomatic text (the copy-text's readings) and the critical text (the editors' readings,
where each apparatus entry that changes the text stands for the copy-text words it
replaces); editorial matter (notes, popups, marks, listings) is never part of either.
Every paragraph of the copy-text must occur in each, as a run of words, in order.  The
first that does not is a warning ``app.fidelity`` naming it (its number and line in the
copy-text file, its first words) and where its words are now: inside the body of a fence
opened at ``page:line`` (the likely unclosed fence), or nowhere.

The same functions serve the test suite's fidelity tests (``tests/edition_text.py``), which
read the built HTML instead of the doctrees: one definition of a copy-text paragraph and
of "present and in order".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.transforms import SphinxTransform
from sphinx.util import logging

from edition_common import CriticalOnly, DiplomaticOnly, copy_text_file, hidden_in, text_pages, warn

from .nodes import app_entry

logger = logging.getLogger(__name__)

#: list markers of the copy-text ("1.", "•"): layout, rendered as HTML lists by the edition
LIST_MARKER = re.compile(r"^\s*(?:\d+\.|•)\s+")
BLOCKS = (nodes.paragraph, nodes.title, nodes.term, nodes.rubric, nodes.line, nodes.literal_block)
#: how many words of a missing paragraph are looked for to find where it went
PROBE_WORDS = 8


@dataclass
class Paragraph:
    number: int  # 1-based, in the copy-text file
    line: int  # the line of the copy-text file where it starts
    words: list[str]

    def opening(self, n: int = 12) -> str:
        return " ".join(self.words[:n]) + (" …" if len(self.words) > n else "")


def copy_text_paragraphs(text: str) -> list[Paragraph]:
    """The copy-text as paragraphs of words: a paragraph is a run of non-blank lines (one
    paragraph wrapped over two lines stays one); list markers are removed."""
    paragraphs: list[Paragraph] = []
    current: list[str] = []
    start = 0
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            if current:
                paragraphs.append(Paragraph(len(paragraphs) + 1, start, current))
                current = []
            continue
        if not current:
            start = number
        current.extend(LIST_MARKER.sub("", line).split())
    if current:
        paragraphs.append(Paragraph(len(paragraphs) + 1, start, current))
    return paragraphs


def missing_paragraphs(words: list[str], paragraphs: list[Paragraph]) -> list[Paragraph]:
    """The paragraphs whose words do not occur in *words* as a run, each after the one
    before (extra words between them, the editors' headings, are allowed)."""
    text = " " + " ".join(words) + " "
    position = 0
    missing = []
    for paragraph in paragraphs:
        needle = " " + " ".join(paragraph.words) + " "
        found = text.find(needle, position)
        if found < 0:
            missing.append(paragraph)
        else:
            position = found + len(needle) - 1
    return missing


# -- the text of a page, from its doctree ----------------------------------------------------

def view_words(doctree: nodes.Node, view: str) -> list[str]:
    """The words of *doctree* in the ``diplomatic`` or ``critical`` view (see the module
    docstring), as the built HTML page shows them."""
    parts: list[str] = []

    def walk(node: nodes.Node) -> None:
        if isinstance(node, nodes.Text):
            parts.append(str(node))
            return
        in_entry = node.parent is not None and isinstance(node.parent, app_entry)
        if view == "critical" and in_entry and isinstance(node, (CriticalOnly, DiplomaticOnly)):
            # the entry stands for its lemma: the copy-text's words are read, not the editors'
            if isinstance(node, CriticalOnly):
                return
        elif hidden_in(node, view) or isinstance(node, nodes.Invisible):
            return
        # words never run together across blocks (the HTML's <p>, <div>, <li>…); text
        # elements other than paragraphs and headings are inline (a note's mark "[1]")
        block = isinstance(node, BLOCKS) or not isinstance(node, (nodes.Inline, nodes.TextElement))
        if block:
            parts.append("\n")
        for child in node.children:
            walk(child)
        if block:
            parts.append("\n")

    walk(doctree)
    return "".join(parts).split()


#: a MyST role, ``{name}`text <target>``` or ``{name}`text```: its text
ROLE = re.compile(r"\{[^{}`\s]+\}`([^`]*?)(?:\s*<[^<>`]*>)?`")
MARKUP = re.compile(r"[*_`]|\\(?=\S)")


def plain_words(line: str) -> list[str]:
    """The words of a Markdown source line without role markup and emphasis marks."""
    return MARKUP.sub("", ROLE.sub(r"\1", line)).split()


def source_line(source: str, paragraph: Paragraph, words: int = 5) -> int | None:
    """The line of the Markdown *source* where *paragraph*'s first words are (one sentence
    to a line: its opening is on one line), or None."""
    probe = " " + " ".join(MARKUP.sub("", w) for w in paragraph.words[:words]) + " "
    for number, line in enumerate(source.splitlines(), start=1):
        if probe in " " + " ".join(plain_words(line)) + " ":
            return number
    return None


def where_now(doctree: nodes.Node, paragraph: Paragraph) -> nodes.Element | None:
    """The first paragraph of *doctree* (in any view, editorial matter included) whose
    text holds the first words of *paragraph*."""
    probe = " ".join(paragraph.words[:PROBE_WORDS])
    for element in doctree.findall(nodes.paragraph):
        if probe in " ".join(element.astext().split()):
            return element
    return None


def enclosing_fence(source: str, line: int, parser: Any) -> tuple[int, str] | None:
    """``(line, marker)`` of the outermost fence (directive or code block) of the Markdown
    *source* whose body holds *line*; None when the line is in no fence."""
    for token in parser.parse(source):
        if token.type in ("fence", "colon_fence") and token.map:
            start, end = token.map
            if start + 1 < line <= end:
                return start + 1, token.markup + token.info.strip()
    return None


# -- the check --------------------------------------------------------------------------------

def check_fidelity(app: Sphinx, env: BuildEnvironment) -> None:
    """``env-updated``: every copy-text paragraph present and in order, in both views."""
    copy_text = copy_text_file(app.config)
    pages = text_pages(app.config)
    if copy_text is None or not pages:
        return  # no copy-text file, or no text pages, declared
    siglum, name = copy_text
    present = [p for p in pages if p in env.all_docs]
    if not present:
        return  # none of the pages exists (edition.missing_page says so)
    path = (Path(app.confdir) / name).resolve()
    try:
        paragraphs = copy_text_paragraphs(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        warn(logger, f"the copy-text {name} (edition_witness_files[{siglum!r}]) cannot be "
             f"read ({exc.__class__.__name__}): the fidelity of {', '.join(pages)} is not "
             "checked", type="app", subtype="fidelity", location=f"{path}:1")
        return
    recorded = env.get_domain("apparatus").data["view_words"]
    for view in ("diplomatic", "critical"):
        words = [w for p in present for w in recorded.get(p, {}).get(view, ())]
        missing = missing_paragraphs(words, paragraphs)
        if missing:
            doctrees = {p: env.get_doctree(p) for p in present}
            report(app, env, path, present, doctrees, missing, view)
            break  # one warning per copy-text: the first missing paragraph says enough


class RecordViewWords(SphinxTransform):
    """Read time, last: the words of a text page in both views, kept in the apparatus
    domain, so that the check after every build reads no doctree again."""

    default_priority = 998

    def apply(self, **kwargs: Any) -> None:
        docname = self.env.current_document.docname
        if docname not in text_pages(self.config):
            return
        self.env.get_domain("apparatus").data["view_words"][docname] = {
            view: view_words(self.document, view) for view in ("diplomatic", "critical")}


def report(app: Sphinx, env: BuildEnvironment, path: Path, pages: list[str],
           doctrees: dict[str, nodes.document], missing: list[Paragraph], view: str) -> None:
    first = missing[0]
    more = f" (and {len(missing) - 1} more paragraph{'s' if len(missing) > 2 else ''} after it)" \
        if len(missing) > 1 else ""
    what = (f"the {view} text of the page{'s' if len(pages) > 1 else ''} {', '.join(pages)} has "
            f"lost paragraph {first.number} of the "
            f"copy-text ({path.name}:{first.line}: «{first.opening()}»){more}")
    for page in pages:
        source_path = Path(env.doc2path(page))
        source = source_path.read_text(encoding="utf-8") if source_path.suffix == ".md" else ""
        line = source_line(source, first) if source else None
        if line is None:
            element = where_now(doctrees[page], first)
            line = element.line if element is not None else None
        if line is None:
            continue
        fence = None
        if source:
            from source_checks import md_parser

            fence = enclosing_fence(source, line, md_parser(env.myst_config))
        if fence is not None:
            opened, marker = fence
            warn(logger, f"{what}: its words, at line {line}, are inside the fence {marker!r} "
                 "opened at this line, whose body runs on to a later fence's closing line: close "
                 "this fence where its entry ends (a line of its own marker), so that the "
                 "paragraphs after it are text again",
                 type="app", subtype="fidelity", location=(page, opened))
        else:
            warn(logger, f"{what}: its words are at this line but not in the text (in editorial "
                 "matter, or changed): restore them as the copy-text has them",
                 type="app", subtype="fidelity", location=(page, line))
        return
    warn(logger, f"{what}: its words are nowhere on the pages: restore them from the copy-text "
         "(an editorial change goes through an apparatus entry)",
         type="app", subtype="fidelity", location=(pages[0], 1))
