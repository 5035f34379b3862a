"""Reading the text of the edition back out of its outputs, for the fidelity tests.

The copy-text (its witness and file in ``conf.py``: ``edition_witness_files``) is plain text with one paragraph to a line;
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

from apparatus import fidelity  # extensions/ (on sys.path via conftest)

ROOT = Path(__file__).resolve().parents[1]


def _edition_config() -> dict:
    """The edition's ``conf.py`` (trusted code), read as Sphinx reads it."""
    from sphinx.config import eval_config_file
    from sphinx.util.tags import Tags

    return eval_config_file(ROOT / "conf.py", Tags())


_CONF = _edition_config()
_WITNESSES: dict[str, str] = _CONF.get("edition_witness_files", {})
#: The copy-text's siglum and file, as conf.py declares them (``apparatus_copy_text``, by
#: default the first of ``edition_witness_files``).
COPY_TEXT_SIGLUM: str = _CONF.get("apparatus_copy_text") or next(iter(_WITNESSES), "")
COPY_TEXT = ROOT / _WITNESSES.get(COPY_TEXT_SIGLUM, "witnesses/missing.txt")
#: the copy-text as it was given to the editors, beside the repository (when it is there)
SHARED_COPY_TEXT = ROOT.parent / "shared" / "source-text" / "000_b90da1c6315af3ba.txt"

#: The pages that carry the copy-text (``edition_text_pages``), in its order, and whether the
#: page's title is the copy-text's: the first page's is (the text's own title); the later
#: pages' titles are the editors' (e.g. the page of the reader comments).
COPY_TEXT_PAGES: list[tuple[str, bool]] = [
    (page, k == 0) for k, page in enumerate(_CONF.get("edition_text_pages", []))]

BLOCK_TAGS = {
    "p", "div", "section", "article", "blockquote", "li", "ul", "ol", "dl", "dt", "dd",
    "h1", "h2", "h3", "h4", "h5", "h6", "pre", "table", "tr", "td", "th", "br",
    "aside", "figure", "figcaption", "header", "footer", "hr",
}

def copy_text_paragraphs(path: Path = COPY_TEXT) -> list[list[str]]:
    """The copy-text as paragraphs of words, list markers removed (they are layout): the
    toolkit's own reading (``apparatus.fidelity``), which the build's fidelity check uses.

    A paragraph is a run of non-blank lines; the one paragraph of comment 2 that the
    copy-text wraps over two lines stays one paragraph.
    """
    return [p.words for p in fidelity.copy_text_paragraphs(path.read_text(encoding="utf-8"))]


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
    a popup rendered once — what ``edition-common.js`` makes of the text
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
        (source,) = root.xpath(f"//*[@id='{anchor.get('aria-describedby')}']")
        lead, more = tip.get("data-ed-tip-lead", ""), tip.get("data-ed-tip-more", "")
    copy = lxml.html.fromstring(lxml.html.tostring(source))
    for el in list(copy.iter()):
        if el is copy or not isinstance(el.tag, str):
            continue
        if _has_class(el, "ed-tip-omit") or _has_class(el, "ed-tip-body") or _has_class(el, drop):
            el.drop_tree()
    return " ".join(" ".join([lead, copy.text_content(), more]).split())
