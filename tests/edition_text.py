"""Reading the text of the edition back out of its outputs, for the fidelity tests.

The copy-text (witness R, ``witnesses/R.txt``) is plain text with one paragraph to a line;
its list markers ("1.", "•") are layout, which the edition renders as HTML lists.
The built HTML holds the copy-text plus what the editors add.  Elements the editors add are
marked with classes, so that the reading of a witness can be recovered exactly:

* ``ed-editorial``: never part of the copy-text (editorial notes, labels, popups, listings);
* ``ed-dipl``: shown only in the diplomatic view (the copy-text's reading);
* ``ed-crit``: shown only in the critical view (the editors' reading).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import lxml.html

ROOT = Path(__file__).resolve().parents[1]
COPY_TEXT = ROOT / "witnesses" / "R.txt"
SHARED_COPY_TEXT = ROOT.parent / "shared" / "source-text" / "000_b90da1c6315af3ba.txt"

#: The pages that carry the copy-text, in its order, and whether the page's title is the
#: copy-text's (the essay's title is; "Responses" is the editors').
COPY_TEXT_PAGES: list[tuple[str, bool]] = [("essay", True), ("responses", False)]

BLOCK_TAGS = {
    "p", "div", "section", "article", "blockquote", "li", "ul", "ol", "dl", "dt", "dd",
    "h1", "h2", "h3", "h4", "h5", "h6", "pre", "table", "tr", "td", "th", "br",
    "aside", "figure", "figcaption", "header", "footer", "hr",
}

LIST_MARKER = re.compile(r"^\s*(?:\d+\.|•)\s+")


def copy_text_paragraphs(path: Path = COPY_TEXT) -> list[list[str]]:
    """The copy-text as paragraphs of words, list markers removed (they are layout).

    A paragraph is a run of non-blank lines; the one paragraph of comment 2 that the
    copy-text wraps over two lines stays one paragraph.
    """
    paragraphs: list[list[str]] = []
    current: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            if current:
                paragraphs.append(current)
                current = []
            continue
        current.extend(LIST_MARKER.sub("", line).split())
    if current:
        paragraphs.append(current)
    return paragraphs


def copy_text_words(path: Path = COPY_TEXT) -> list[str]:
    return [w for p in copy_text_paragraphs(path) for w in p]


@dataclass
class View:
    """Which reading to extract: ``diplomatic`` drops ``ed-crit``, ``critical`` drops ``ed-dipl``."""

    name: str

    @property
    def drop_class(self) -> str:
        return {"diplomatic": "ed-crit", "critical": "ed-dipl"}[self.name]


def _has_class(el: lxml.html.HtmlElement, cls: str) -> bool:
    return cls in (el.get("class") or "").split()


#: Around each apparatus entry (``span.ed-app``) when :func:`page_text` is asked to mark them:
#: OPEN label LABEL_END … CLOSE (private-use characters, never in the copy-text).
OPEN, LABEL_END, CLOSE = "\ue000", "\ue002", "\ue001"
ENTRY = re.compile(f"{OPEN}([^{LABEL_END}]*){LABEL_END}([^{CLOSE}]*){CLOSE}")


def page_words(html_file: Path, *, keep_title: bool, view: str = "diplomatic") -> list[str]:
    """The words of the copy-text on one built HTML page, in reading order."""
    return page_text(html_file, keep_title=keep_title, view=view).split()


def page_text(
    html_file: Path, *, keep_title: bool, view: str = "diplomatic", mark_entries: bool = False
) -> str:
    """The text of one built HTML page in one view; with *mark_entries*, every apparatus
    entry's reading is enclosed in OPEN label LABEL_END … CLOSE."""
    tree = lxml.html.parse(str(html_file))
    (main,) = tree.xpath("//article[@role='main']")
    drop = View(view).drop_class
    if mark_entries:
        for el in main.xpath(".//span[contains(concat(' ', @class, ' '), ' ed-app ')]"):
            el.text = OPEN + el.get("data-ed-entry", "") + LABEL_END + (el.text or "")
            if len(el):
                el[-1].tail = (el[-1].tail or "") + CLOSE
            else:
                el.text += CLOSE
    for el in list(main.iter()):
        if not isinstance(el.tag, str):
            continue
        if (
            _has_class(el, "ed-editorial")
            or _has_class(el, drop)
            or _has_class(el, "headerlink")
            or el.tag in ("script", "style", "template")
        ):
            el.drop_tree()
    if not keep_title:
        for h1 in main.xpath(".//h1")[:1]:
            h1.drop_tree()
    for el in main.iter():
        if isinstance(el.tag, str) and el.tag in BLOCK_TAGS:
            el.tail = "\n" + (el.tail or "")
            el.text = "\n" + (el.text or "")
    return main.text_content()


def expected_critical_text(dipl_marked: str, entries: dict[str, dict]) -> str:
    """The copy-text (the diplomatic text, entries marked) with every entry's critical reading
    (from ``apparatus.json``) in place of its lemma; checks that each entry sits on its lemma."""

    def replace(match: re.Match[str]) -> str:
        label, words = match.group(1), " ".join(match.group(2).split())
        entry = entries[label]
        assert words == entry["lemma"], f"{label}: the entry sits on «{words}», not on «{entry['lemma']}»"
        return entry["crit"] if entry.get("crit") else match.group(2)

    return ENTRY.sub(replace, dipl_marked)


def edition_words(html_dir: Path, view: str = "diplomatic") -> list[str]:
    words: list[str] = []
    for page, keep_title in COPY_TEXT_PAGES:
        words.extend(page_words(html_dir / f"{page}.html", keep_title=keep_title, view=view))
    return words


def popup_text(anchor: lxml.html.HtmlElement, view: str = "critical") -> str:
    """What hovering or focusing a tooltip's *anchor* (its ``<a>`` or focusable ``<span>``)
    shows, words normalised, in *view*: the popup's body when the page carries it, else —
    a popup rendered once, ``data-ed-tip`` — what ``edition-common.js`` makes of the text
    of the element the anchor's ``aria-describedby`` names: that text without its
    ``ed-tip-omit`` elements and nested popups, after the ``data-ed-tip-lead`` words and
    before the ``data-ed-tip-more`` link.  (The browser tests check the script does so.)"""
    tip = anchor.getparent()
    root = anchor.getroottree()
    drop = View(view).drop_class
    body = [c for c in tip if _has_class(c, "ed-tip-body")]
    if body:
        source = body[0]
        lead = more = ""
    else:
        (source,) = root.xpath(f"//*[@id='{tip.get('data-ed-tip')}']")
        lead, more = tip.get("data-ed-tip-lead", ""), tip.get("data-ed-tip-more", "")
    copy = lxml.html.fromstring(lxml.html.tostring(source))
    for el in list(copy.iter()):
        if el is copy or not isinstance(el.tag, str):
            continue
        if _has_class(el, "ed-tip-omit") or _has_class(el, "ed-tip-body") or _has_class(el, drop):
            el.drop_tree()
    return " ".join(" ".join([lead, copy.text_content(), more]).split())
