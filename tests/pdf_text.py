"""Reading the text of the copy-text back out of the PDF edition, for the PDF tests.

``pdftotext -bbox`` gives every word of the PDF with its box.  The copy-text is set at
the text size (11pt) or larger (headings); everything the PDF adds around it is set
smaller: line numbers (\\scriptsize), running heads and page numbers, the apparatus and
the editors' notes (\\footnotesize), the editors' headers of comments (\\small).  So the
copy-text is the words whose height is at least the text size's, in reading order, with
words hyphenated at line ends joined again and list labels ("1.", "•") left out (layout,
as in ``edition_text``).
"""

from __future__ import annotations

import html
import re
import subprocess
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>'
)
PAGE = re.compile(r"<page width=\"[\d.]+\" height=\"[\d.]+\">(.*?)</page>", re.S)
LAYOUT_TOKEN = re.compile(r"^(?:\d{1,2}\.|•)$")
HYPHENS = ("-", "\u2010")


@dataclass
class Word:
    page: int
    x: float
    y: float
    height: float
    text: str
    x1: float = 0.0


def pdf_words(pdf: Path) -> list[Word]:
    """Every word of *pdf* with its page (1-based), position and height, in reading order."""
    out = subprocess.run(
        ["pdftotext", "-bbox", "-enc", "UTF-8", str(pdf), "-"],
        capture_output=True, text=True, check=True,
    ).stdout
    words: list[Word] = []
    for number, page in enumerate(PAGE.findall(out), start=1):
        for x0, y0, x1, y1, text in WORD.findall(page):
            words.append(Word(number, float(x0), float(y0), float(y1) - float(y0),
                              html.unescape(text), float(x1)))
    return words


def text_height(words: list[Word]) -> float:
    """The height of a word at the text size: the commonest height."""
    counts = Counter(round(w.height, 1) for w in words)
    return counts.most_common(1)[0][0]


def body_words(pdf: Path, vocabulary: set[str] | None = None) -> list[str]:
    """The words set at the text size or larger, hyphenation undone, list labels dropped.

    A word ending in a hyphen at the end of a line is joined to the first word of the next
    line; the hyphen is kept when *vocabulary* knows the hyphenated form ("self-proclaimed")
    and dropped otherwise (a hyphen TeX added).
    """
    words = pdf_words(pdf)
    size = text_height(words)
    kept: list[Word] = []
    previous: Word | None = None
    glued = False  # a small mark (an editorial note's letter) sat between two words
    for w in words:
        if w.height >= 0.95 * size:
            if glued and kept and previous is not None and touching(previous, w):
                last = kept[-1]
                kept[-1] = Word(last.page, last.x, last.y, last.height, last.text + w.text, w.x1)
            else:
                kept.append(w)
            glued = False
        else:
            glued = bool(kept) and (previous is kept[-1] or glued) and touching(previous, w)
        previous = w
    vocabulary = vocabulary or set()
    result: list[str] = []
    i = 0
    while i < len(kept):
        word = kept[i]
        text = word.text
        while (
            text.endswith(HYPHENS) and i + 1 < len(kept)
            and (kept[i + 1].y > word.y + 1 or kept[i + 1].page != word.page)
        ):
            nxt = kept[i + 1]
            joined = text + nxt.text
            text = joined if joined in vocabulary else text[:-1] + nxt.text
            word = nxt
            i += 1
        if not LAYOUT_TOKEN.match(text):
            result.append(text)
        i += 1
    return result


def touching(a: Word | None, b: Word) -> bool:
    """*b* follows *a* on the same line with no space between them."""
    return a is not None and a.page == b.page and abs(a.y - b.y) < 8 and -0.5 <= b.x - a.x1 < 1.2


def page_text(pdf: Path, page: int, *, layout: bool = False) -> str:
    """The plain text of one page (``pdftotext``)."""
    cmd = ["pdftotext", "-f", str(page), "-l", str(page), "-enc", "UTF-8"]
    if layout:
        cmd.append("-layout")
    return subprocess.run([*cmd, str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
