"""References to bibliography.bib (sphinxcontrib-bibtex's parsed data) for the apparatus:
a short form ("Dorr 1917, p. 10") for marks and popups, a full one for the listings."""

from __future__ import annotations

from functools import cache
from typing import Any

from docutils import nodes


def _entries(env: Any) -> dict:
    try:
        return env.get_domain("cite").bibdata.data.entries
    except Exception:
        return {}


def _clean(text: str) -> str:
    return text.replace("{", "").replace("}", "").replace("\\&", "&").replace("--", "–")


def short(env: Any, key: str) -> str:
    entry = _entries(env).get(key)
    if entry is None:
        return key
    persons = entry.persons.get("author") or entry.persons.get("editor") or []
    if persons:
        names = [" ".join(p.last_names) for p in persons[:2]]
        who = " and ".join(names) + (" et al." if len(persons) > 2 else "")
    else:
        who = " ".join(_clean(entry.fields.get("title", key)).split()[:4])
    year = entry.fields.get("year", "n.d.")
    return _clean(f"{who} {year}")


@cache
def _plain_style_and_backend() -> tuple[Any, Any]:
    """pybtex's ``plain`` style and plain-text backend, made once: making the style looks up
    its plugins among the installed packages' entry points (~20 ms each time, seconds per
    build when made for every reference)."""
    from pybtex.backends.plaintext import Backend
    from pybtex.style.formatting.plain import Style

    return Style(), Backend()


def full(env: Any, key: str) -> str:
    entry = _entries(env).get(key)
    if entry is None:
        return key
    style, backend = _plain_style_and_backend()
    try:
        return style.format_entry(key, entry).text.render(backend)
    except Exception:
        return short(env, key) + ", " + _clean(entry.fields.get("title", ""))


def short_refs(env: Any, cites: list[dict]) -> list[nodes.Node]:
    out: list[nodes.Node] = []
    for k, cite in enumerate(cites):
        if k:
            out.append(nodes.Text("; "))
        text = short(env, cite["key"]) + (f", {cite['locator']}" if cite["locator"] else "")
        out.append(nodes.inline("", text, classes=["ed-app-cite"], **{"bibkey": cite["key"]}))
    return out


def full_refs(env: Any, cites: list[dict]) -> nodes.paragraph | None:
    if not cites:
        return None
    para = nodes.paragraph(classes=["ed-app-refs", "ed-tip-omit"])
    for k, cite in enumerate(cites):
        if k:
            para += nodes.Text(" ")
        para += nodes.inline("", f"{short(env, cite['key'])}: {full(env, cite['key'])}",
                             classes=["ed-app-ref"])
    return para
