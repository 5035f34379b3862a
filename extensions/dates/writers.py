"""The visitors of the dates extension.

HTML: a date that names one Gregorian day, month or year exactly is
``<time class="ed-date-words" datetime="1917-03-12">`` (the Gregorian ISO date, what
``datetime`` takes); a Julian month or year, or a span, covers Gregorian days that no one
ISO date names: ``<span class="ed-date-words" data-from="1917-04-14" data-to="1917-05-13">``.

LaTeX and the other formats: the words (in LaTeX with the label the chronology links to).
"""

from __future__ import annotations

from typing import Any

from docutils import nodes

from edition_common.places import nearest

from .nodes import date_ref


def visit_date_ref_html(self: Any, node: date_ref) -> None:
    if node.get("gregorian"):
        self.body.append(self.starttag(node, "time", "", CLASS="ed-date-words",
                                       datetime=node["gregorian"]))
        self.context.append("</time>")
    elif node.get("first"):
        self.body.append(self.starttag(node, "span", "", CLASS="ed-date-words",
                                       **{"data-from": node["first"], "data-to": node["last"]}))
        self.context.append("</span>")
    else:  # a date that could not be read: its words
        self.body.append(self.starttag(node, "span", "", CLASS="ed-date-words"))
        self.context.append("</span>")


def depart_date_ref_html(self: Any, node: date_ref) -> None:
    self.body.append(self.context.pop())


def visit_date_ref_latex(self: Any, node: date_ref) -> None:
    words = self.encode(node.astext())
    in_title = nearest(node, nodes.title) is not None
    label = self.hypertarget(node["ids"][0], anchor=True) if node["ids"] and not in_title else ""
    self.body.append(label + words)
    raise nodes.SkipNode
