"""Making TEI elements with lxml: the namespace, a factory, and text appended in place."""

from __future__ import annotations

import re
from typing import Any

from lxml import etree

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"
NSMAP = {None: TEI_NS}

Element = etree._Element

#: characters XML 1.0 cannot hold (C0 controls but tab, newline and return; surrogates;
#: U+FFFE, U+FFFF)
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
REPLACEMENT = "\ufffd"


def xml_safe(value: str) -> str:
    """*value* with every character XML cannot hold replaced by U+FFFD (the writer has
    warned where the text holds one)."""
    return NOT_XML.sub(REPLACEMENT, value)


def q(name: str) -> str:
    """The qualified name: ``xml:id`` → ``{…XML…}id``, ``p`` → ``{…TEI…}p``."""
    if name.startswith("xml:"):
        return f"{{{XML_NS}}}{name[4:]}"
    return f"{{{TEI_NS}}}{name}"


def _attrs(attrs: dict[str, Any]) -> dict[str, str]:
    out = {}
    for key, value in attrs.items():
        if value is None or value == "":
            continue
        key = key.rstrip("_").replace("__", ":")
        out[q(key) if key.startswith("xml:") else key] = xml_safe(str(value))
    return out


def E(tag: str, *children: Any, **attrs: Any) -> Element:
    """A new element: ``E("date", "1917", when="1917")``; ``xml__id=`` sets ``xml:id``,
    ``type_=`` sets ``type``; None and "" are left out; strings among *children* are text."""
    el = etree.Element(q(tag), _attrs(attrs), nsmap=NSMAP)
    for child in children:
        add(el, child)
    return el


def sub(parent: Element, tag: str, *children: Any, **attrs: Any) -> Element:
    el = E(tag, *children, **attrs)
    parent.append(el)
    return el


def add(parent: Element, child: Any) -> None:
    """Append an element, or text (after the last child, or as the parent's text)."""
    if child is None:
        return
    if isinstance(child, str):
        text(parent, child)
    else:
        parent.append(child)


def text(parent: Element, value: str) -> None:
    if not value:
        return
    value = xml_safe(value)
    if len(parent):
        last = parent[-1]
        last.tail = (last.tail or "") + value
    else:
        parent.text = (parent.text or "") + value


def local(el: Element) -> str:
    """The element's name without its namespace."""
    return etree.QName(el).localname if isinstance(el.tag, str) else ""
