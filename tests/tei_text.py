"""Reading the text of the edition back out of its TEI document (``make tei``), for the
round-trip tests: the same words as the copy-text (the diplomatic view) and as the HTML's
critical view.

The TEI marks what is the editors' by its elements, as the HTML does by its classes:

* never the work's text: every ``note`` but the author's (``type="authorial"``), headings
  of the editors (``head type="editorial"``), pointers (``ptr``), locators (``citedRange``),
  the sources the editors give (``bibl type="source"``), ``gap``, ``anchor``, ``divGen``;
* the diplomatic view reads the copy-text's readings: ``sic``, ``orig``, and in an ``app``
  the ``lem`` or ``rdg`` whose ``wit`` names the copy-text; not ``corr``, ``reg``,
  ``supplied``;
* the critical view reads the edition's: ``corr``, ``reg``, ``supplied``, the ``lem``; in a
  ``choice`` not the ``sic``/``orig``; no ``rdg``.
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree

TEI = "http://www.tei-c.org/ns/1.0"
NS = {"t": TEI}
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
#: the copy-text's siglum
COPY_TEXT_WIT = "#R"
#: elements between which words never run together
BLOCKS = {"p", "head", "item", "label", "div", "closer", "signed", "dateline", "list", "quote",
          "cit", "note", "ab", "table", "row", "cell", "lg", "l"}
NEVER = {"ptr", "citedRange", "gap", "anchor", "divGen", "milestone"}


def local(el) -> str:
    return etree.QName(el).localname if isinstance(el.tag, str) else ""


def parse(path: Path) -> etree._ElementTree:
    return etree.parse(str(path))


def skipped(el, view: str) -> bool:
    name = local(el)
    parent = el.getparent()
    if name in NEVER:
        return True
    if name == "note" and el.get("type") != "authorial":
        return True
    if name == "head" and el.get("type") == "editorial":
        return True
    if name == "bibl" and el.get("type") == "source":
        return True
    in_choice = parent is not None and local(parent) == "choice"
    if view == "diplomatic":
        if name in ("corr", "reg", "supplied"):
            return True
        if name in ("lem", "rdg"):
            return COPY_TEXT_WIT not in (el.get("wit") or "").split()
    else:
        if name in ("sic", "orig") and in_choice:
            return True
        if name == "rdg":
            return True
    return False


def text_of(el, view: str) -> str:
    parts: list[str] = []

    def walk(node) -> None:
        if skipped(node, view):
            return
        block = local(node) in BLOCKS
        if block:
            parts.append(" ")
        parts.append(node.text or "")
        for child in node:
            walk(child)
            parts.append(child.tail or "")
        if block:
            parts.append(" ")

    walk(el)
    return "".join(parts)


def page(tree: etree._ElementTree, docname: str):
    (div,) = tree.xpath("//t:text//t:div[@type='page'][@n=$doc]", namespaces=NS, doc=docname)
    return div


def page_words(tree: etree._ElementTree, docname: str, *, keep_title: bool,
               view: str = "diplomatic") -> list[str]:
    """The words of one page of the text in *view* (without its first heading unless
    *keep_title*: a page whose title is the editors')."""
    div = page(tree, docname)
    copy = etree.fromstring(etree.tostring(div))
    if not keep_title:
        heads = copy.xpath(".//t:head", namespaces=NS)
        if heads:
            _drop_keep_tail(heads[0])
    return text_of(copy, view).split()


def _drop_keep_tail(el) -> None:
    parent, tail = el.getparent(), el.tail or ""
    prev = el.getprevious()
    if prev is not None:
        prev.tail = (prev.tail or "") + tail
    else:
        parent.text = (parent.text or "") + tail
    parent.remove(el)


def edition_words(tree: etree._ElementTree, pages: list[tuple[str, bool]],
                  view: str = "diplomatic") -> list[str]:
    return [w for doc, keep in pages for w in page_words(tree, doc, keep_title=keep, view=view)]


#: attributes that point at xml:ids (TEI's pointers), as the builder writes them
POINTERS = ("target", "ref", "wit", "datingMethod", "corresp", "resp")


def dangling_pointers(tree: etree._ElementTree) -> list[str]:
    """Every ``#name`` of a pointer attribute that names no ``xml:id`` of the document."""
    known = {el.get(XML_ID) for el in tree.iter() if isinstance(el.tag, str) and el.get(XML_ID)}
    bad = []
    for el in tree.iter():
        if not isinstance(el.tag, str):
            continue
        for attr in POINTERS:
            for part in (el.get(attr) or "").split():
                if part.startswith("#") and part[1:] not in known:
                    bad.append(f"<{local(el)} {attr}={part}>")
    return bad
