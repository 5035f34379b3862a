"""Anchoring the stand-off entries in the text, numbering them, and the per-page listing.

For every ``app`` / ``app-source`` directive of a document (:class:`~.nodes.app_pending`),
in document order:

1. the *block* is the nearest preceding sibling that is not itself an entry (a paragraph,
   a block quotation, a list, …);
2. the lemma is looked for in the block's copy-text: its diplomatic view
   (:func:`edition_common.view_segments`: editorial matter, popups and the editors'
   readings of other entries left out); white space in the lemma matches any white space;
   ``:occurrence: n`` picks the n-th match; a lemma
   found more than once without ``:occurrence:`` is attached to the first, with a warning
   (``app.ambiguous_lemma``), and an ``:occurrence:`` beyond the matches is
   ``app.occurrence``;
3. an ``app`` entry wraps the matched words in an :class:`~.nodes.app_entry`: Text nodes are
   split at the lemma's ends, and the entry encloses the smallest run of siblings that covers
   the lemma, which may lie inside a term or citation (a link) or contain whole terms; a lemma
   that cuts *across* another inline element or another entry cannot be expressed and is a
   warning (``app.overlap``, ``app.nested``); a lemma over several paragraphs too
   (``app.span``);
4. the mark goes after the lemma's end, at paragraph level (never inside a link).

Then the marks are numbered per page and series (A1, A2, … for the critical apparatus; S1,
S2, … for the sources of quotations; C1, C2, … for commentary only), each gets its popup,
and an "Apparatus" section listing the series is appended to the page, with links both
ways.  Everything here concerns one page; the appendix of every page's entries is built
when its page is written (:mod:`apparatus`).
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.transforms import SphinxTransform
from sphinx.util import logging

from citations.service import bibliography, citation_node
from edition_common import (
    BLOCK_SEP,
    EDITORIAL,
    StoredNode,
    Warn,
    _,
    make_tooltip,
    pending_ref,
    tooltip,
    view_segments,
    view_text,
    warn,
)

from .model import TYPE_LABELS, abbreviate, lemma_pattern, norm
from .nodes import app_crit, app_dipl, app_entry, app_mark, app_pending, app_view_switch

logger = logging.getLogger(__name__)

SERIES = {"app": ("A", "Critical apparatus"), "source": ("S", "Sources of quotations"),
          "commentary": ("C", "Textual commentary")}


def series_of(entry: dict) -> str:
    """A (apparatus criticus), S (sources of quotations) or C (commentary only)."""
    if entry["type"] == "commentary":
        return "C"
    return SERIES[entry["kind"]][0]


def series_title(series: str) -> str:
    return {"A": _("Critical apparatus"), "S": _("Sources of quotations"),
            "C": _("Textual commentary")}[series]


class Problem(Exception):
    def __init__(self, code: Warn, message: str) -> None:
        super().__init__(message)
        self.code = code


# -- the copy-text of a block --------------------------------------------------------------

def collect(block: nodes.Node) -> tuple[str, list[tuple[nodes.Text, int]]]:
    """The block's copy-text (blocks separated by :data:`BLOCK_SEP`) and its Text nodes
    with their offsets in it."""
    return view_segments(block, "diplomatic")


def words_of(block: nodes.Node) -> str:
    """The block's copy-text, white space normalised."""
    return norm(collect(block)[0].replace(BLOCK_SEP, " "))


def leaves(node: nodes.Node) -> list[nodes.Text]:
    return [t for t, _ in collect(node)[1]] if not isinstance(node, nodes.Text) else [node]


def idx(parent: nodes.Element, child: nodes.Node) -> int:
    """The index of *child* in *parent* by identity (Text nodes are strings: ``index`` and
    ``remove`` would find the first equal one, e.g. another soft line break)."""
    return next(i for i, c in enumerate(parent.children) if c is child)


def split_at(block: nodes.Node, pos: int) -> None:
    """Split the Text node that *pos* falls inside, so that *pos* is a node boundary."""
    for text, start in collect(block)[1]:
        if start < pos < start + len(text):
            k = pos - start
            parent = text.parent
            i = idx(parent, text)
            parent[i:i + 1] = [nodes.Text(str(text)[:k]), nodes.Text(str(text)[k:])]
            return


def ancestors(node: nodes.Node, stop: nodes.Node) -> list[nodes.Node]:
    chain = [node]
    while chain[-1] is not stop and chain[-1].parent is not None:
        chain.append(chain[-1].parent)
    return chain


def paragraph_of(node: nodes.Node) -> nodes.Element | None:
    cur = node.parent
    while cur is not None and isinstance(cur, nodes.Inline):
        cur = cur.parent
    return cur if isinstance(cur, nodes.TextElement) else None


def describe(node: nodes.Node) -> str:
    if isinstance(node, app_entry):
        return f"the apparatus entry «{node['lemma']}»"
    if isinstance(node, tooltip):
        kind = "term or citation (a link with a popup)"
    elif isinstance(node, nodes.reference):
        kind = "link"
    else:
        kind = node.tagname  # (a message names the construct: "the emphasis «…»")
    return f"the {kind} «{norm(''.join(str(t) for t in leaves(node)))}»"


def find(block: nodes.Node, lemma: str, occurrence: int, after: int = 0) -> tuple[int, int] | None:
    matches = find_all(block, lemma, after)
    return matches[occurrence - 1] if len(matches) >= occurrence else None


def find_all(block: nodes.Node, lemma: str, after: int = 0) -> list[tuple[int, int]]:
    """Every place of *lemma* in the block's copy-text (never across paragraphs)."""
    text, _ = collect(block)
    return [(m.start(), m.end()) for m in lemma_pattern(lemma).finditer(text, after)]


def times(n: int) -> str:
    return {1: "once", 2: "twice"}.get(n, f"{n} times")


def wrap(block: nodes.Node, start: int, end: int) -> tuple[nodes.Element, int, int]:
    """Split Text nodes at *start*/*end*; return (parent, i, j) such that parent[i:j+1] are
    exactly the nodes of the lemma; raise :class:`Problem` when the model cannot express it."""
    split_at(block, start)
    split_at(block, end)
    _, segs = collect(block)
    inside = [t for t, p in segs if start <= p < end and len(t)]
    if not inside:
        raise Problem(Warn.APP_LEMMA_NOT_FOUND, "the lemma matched no text")
    first, last = inside[0], inside[-1]
    chain_first = ancestors(first, block)
    chain_last = ancestors(last, block)
    lca = next(a for a in chain_first[1:] if any(a is b for b in chain_last))
    if not isinstance(lca, nodes.TextElement):
        raise Problem(Warn.APP_SPAN, "the lemma runs over more than one paragraph: an entry's "
                                     "lemma lies within one paragraph (make one entry per "
                                     "paragraph)")
    c_start = chain_first[[id(x) for x in chain_first].index(id(lca)) - 1]
    c_end = chain_last[[id(x) for x in chain_last].index(id(lca)) - 1]
    for chain in (chain_first, ancestors(lca, block)):
        for a in chain:
            if isinstance(a, app_entry):
                raise Problem(Warn.APP_NESTED, f"the lemma lies inside {describe(a)}: entries "
                                               "cannot nest; give one entry the whole reading")
    if leaves(c_start)[0] is not first:
        code = Warn.APP_NESTED if isinstance(c_start, app_entry) else Warn.APP_OVERLAP
        raise Problem(code, f"the lemma begins inside {describe(c_start)} and ends outside "
                            "it: extend or shorten the lemma to its boundary")
    if leaves(c_end)[-1] is not last:
        code = Warn.APP_NESTED if isinstance(c_end, app_entry) else Warn.APP_OVERLAP
        raise Problem(code, f"the lemma ends inside {describe(c_end)} but begins outside it: "
                            "extend or shorten the lemma to its boundary")
    i, j = idx(lca, c_start), idx(lca, c_end)
    for kid in lca.children[i:j + 1]:
        inner = kid if isinstance(kid, app_entry) else next(kid.findall(app_entry), None)
        if inner is not None:
            raise Problem(Warn.APP_NESTED, f"the lemma contains {describe(inner)}: entries "
                                           "cannot nest")
    return lca, i, j


def insert_mark_after(node: nodes.Node, mark: nodes.Node) -> None:
    """Put *mark* after *node* at paragraph level (after the outermost inline around it)."""
    para = paragraph_of(node)
    top = node
    while top.parent is not para:
        top = top.parent
    para.insert(idx(para, top) + 1, mark)


def text_of(parts: list[nodes.Node]) -> str:
    """The words of a run of inline nodes (a summary, references), white space normalised."""
    return norm("".join(view_segments(p, "critical", block_sep=" ")[0]
                        if not isinstance(p, nodes.Text) else str(p) for p in parts))


# -- the transform ---------------------------------------------------------------------------

class AnchorEntries(SphinxTransform):
    default_priority = 700

    def apply(self, **kwargs: Any) -> None:
        domain = self.env.get_domain("apparatus")
        pendings = list(self.document.findall(app_pending))
        if not pendings:
            domain.set_entries(self.env.docname, [])
            return
        notes: dict[int, nodes.container] = {}
        entry_nodes: dict[int, app_entry] = {}
        for pending in pendings:
            entry = pending["entry"]
            try:
                self.anchor(pending, entry, notes, entry_nodes)
            except Problem as problem:
                what = "source" if entry["kind"] == "source" else "apparatus entry"
                warn(logger, problem.code,
                     f"{what} «{entry['lemma'] or '(whole block)'}»: {problem}",
                     location=pending)
            del pending.parent.children[idx(pending.parent, pending)]
        self.number_and_list(domain, notes, entry_nodes)

    def preceding_block(self, pending: app_pending) -> nodes.Node:
        parent = pending.parent
        for sibling in reversed(parent.children[: idx(parent, pending)]):
            if isinstance(sibling, (app_pending, nodes.Invisible, nodes.system_message,
                                    nodes.comment, nodes.target)):
                continue
            return sibling  # a paragraph, a quotation, a list … or the section's heading
        raise Problem(Warn.APP_NO_BLOCK, "there is no paragraph before the directive: put it "
                                         "right after the paragraph (or quotation) whose words "
                                         "it concerns")

    def anchor(self, pending: app_pending, entry: dict, notes: dict, entry_nodes: dict) -> None:
        block = self.preceding_block(pending)
        crit = pending.next_node(app_crit)
        note = pending.next_node(nodes.container)
        lemma = entry["lemma"]
        if entry["kind"] == "source" and not lemma:
            text, segs = collect(block)
            if not segs:
                raise Problem(Warn.APP_LEMMA_NOT_FOUND, "the block before it has no text")
            entry["lemma_shown"] = abbreviate(words_of(block))
            mark = self.make_mark(entry)
            insert_mark_after(segs[-1][0], mark)
            notes[id(mark)] = note
            return
        matches = find_all(block, lemma)
        occurrence = entry["occurrence"] or 1
        if entry["occurrence"] is None and len(matches) > 1:
            what = "source" if entry["kind"] == "source" else "apparatus entry"
            warn(logger, Warn.APP_AMBIGUOUS_LEMMA,
                 f"{what} «{lemma}»: the copy-text reads «{lemma}» {times(len(matches))} in the "
                 "block before the directive, and the entry is attached to the first: say which "
                 f"with :occurrence: (1 to {len(matches)})",
                 location=pending)
        if matches and occurrence > len(matches):
            raise Problem(Warn.APP_OCCURRENCE,
                          f"the copy-text reads «{lemma}» only {times(len(matches))} in the block "
                          f"before the directive, so :occurrence: {occurrence} names none: give a "
                          f"number from 1 to {len(matches)}")
        found = matches[occurrence - 1] if matches else None
        if found is None and lemma_pattern(lemma).search(words_of(block)):
            raise Problem(Warn.APP_SPAN,
                          f"the lemma «{lemma}» runs over more than one paragraph: an entry's "
                          "lemma lies within one paragraph (make one entry per paragraph)")
        if found is None:
            raise Problem(
                Warn.APP_LEMMA_NOT_FOUND,
                f"the copy-text does not read «{lemma}» in the block before the directive "
                f"(«{abbreviate(words_of(block), 6)}»): quote its words exactly (and check "
                ":occurrence:)",
            )
        start, end = found
        if entry["kind"] == "source":
            if entry.get("to"):
                stop = find(block, entry["to"], 1, after=start)
                if stop is None:
                    raise Problem(Warn.APP_LEMMA_NOT_FOUND, f"the :to: words «{entry['to']}» "
                                                            "do not follow the lemma in the block")
                end = stop[1]
            text = collect(block)[0][start:end]
            entry["lemma_shown"] = abbreviate(norm(text.replace(BLOCK_SEP, " ")))
            split_at(block, end)
            last = [t for t, p in collect(block)[1] if p < end and len(t)][-1]
            mark = self.make_mark(entry)
            insert_mark_after(last, mark)
            notes[id(mark)] = note
            return
        parent, i, j = wrap(block, start, end)
        kids = parent.children[i:j + 1]
        del parent.children[i:j + 1]
        node = app_entry("", lemma=lemma, etype=entry["type"], changed=bool(entry["crit_mode"]))
        node.source, node.line = pending.source, pending.line
        if entry["crit_mode"] == "replace":
            node += app_dipl("", "", *kids)
            node += crit
            entry["crit"] = view_text(crit, "critical")
        elif entry["crit_mode"] == "append":
            node.extend(kids)
            node += crit
            entry["crit"] = norm(f"{lemma} {view_text(crit, 'critical')}")
        else:
            node.extend(kids)
            entry["crit"] = None
        parent.insert(i, node)
        entry["lemma_shown"] = entry["crit"] or lemma
        mark = self.make_mark(entry)
        insert_mark_after(node, mark)
        notes[id(mark)] = note
        entry_nodes[id(mark)] = node

    def make_mark(self, entry: dict) -> app_mark:
        return app_mark("", series=series_of(entry), entry=entry)

    def number_and_list(self, domain: Any, notes: dict, entry_nodes: dict) -> None:
        counters = {"A": 0, "S": 0, "C": 0}
        items: dict[str, list[nodes.list_item]] = {"A": [], "S": [], "C": []}
        commentaries: dict[str, nodes.container] = {}
        records = []
        changed = False
        for mark in list(self.document.findall(app_mark)):
            series = mark["series"]
            counters[series] += 1
            label = f"{series}{counters[series]}"
            entry = mark["entry"]
            mark["label"] = label
            mark_id, item_id = f"app-mark-{label}", f"app-entry-{label}"
            summary = summary_nodes(entry)
            note = notes.get(id(mark)) or nodes.container()
            bib = bibliography(self.env)
            targets = [(c["key"], c["locator"]) for c in entry["cites"]]
            sources = f"{_('Source:')} {bib.sources_text(targets)}" if targets else ""
            # the popup shows the entry of the page's listing (made once, by the page's
            # script: the summary, the sources, the commentary), with a link to it
            tip = make_tooltip(self.document, [nodes.Text(label)], refuri=f"#{item_id}",
                               described_by=item_id, more="↓ " + _("apparatus"),
                               anchor_classes=["ed-app-mark-link"],
                               classes=[EDITORIAL, "ed-app-mark", f"ed-app-mark-{series}",
                                        "ed-tip-omit"])  # not in another popup's copy
            tip["ids"] = [mark_id]
            mark += tip
            node = entry_nodes.get(id(mark))
            mark["has_entry"] = node is not None
            if node is not None:
                node["ids"] = [f"app-{label}"]
                node["label"] = label
                node["series"] = series
                changed = changed or node["changed"]
            # the listing
            item = nodes.list_item("", ids=[item_id],
                                   classes=["ed-app-item", f"ed-app-{entry['type']}"])
            head = nodes.paragraph(classes=["ed-app-item-head"])
            head += nodes.reference("", "", nodes.Text(label), refuri=f"#{mark_id}",
                                    classes=["ed-app-back", "ed-tip-omit"])
            head += nodes.Text(" ")
            head.extend(summary)
            if targets:
                # each source a citation of the edition, at its place "apparatus S2"
                head += nodes.Text(" " + _("Source:") + " ")
                for k, target in enumerate(targets):
                    if k:
                        head += nodes.Text("; ")
                    head += citation_node(bib, [target], place=f"apparatus {label}",
                                          source=self.document["source"], line=entry["lineno"])
                head += nodes.Text("" if bib.short(targets[-1]).endswith(".") else ".")
            item += head
            if note.children:
                commentaries[label] = StoredNode(note)
            item.extend(note.children)
            if targets:
                item += full_references(bib, targets)
            items[series].append(item)
            summary_text = text_of(head.children[2:2 + len(summary)])
            commentary_text = view_text(note) if note.children else ""
            records.append({
                "label": label, "series": series, "type": entry["type"], "kind": entry["kind"],
                "lemma": entry["lemma"], "lemma_shown": entry.get("lemma_shown", entry["lemma"]),
                "crit": entry.get("crit"), "readings": entry["readings"], "cites": entry["cites"],
                "summary": summary_text, "note": entry.get("note", ""),
                "commentary": commentary_text, "mark_id": mark_id,
                "entry_id": f"app-{label}" if node is not None else None, "item_id": item_id,
                "lineno": entry["lineno"],
                "sigla": sorted({s for r in entry["readings"] for s in r["sigla"]}),
            })
            rest = text_of(head.children[4:2 + len(summary)])
            # the entry without its lemma, as reledmac's \Afootnote / \Bfootnote want it: the
            # terse apparatus (readings, sigla, short note, sources); the commentary is printed
            # apart (the appendix of interventions)
            mark["apparatus"] = " ".join(filter(None, [rest, sources]))
            mark["lemma"] = entry.get("lemma_shown", entry["lemma"])
            if node is not None:
                node["apparatus"] = mark["apparatus"]
            del mark["entry"]
        domain.set_entries(self.env.docname, records, commentaries)
        self.append_listing(items)
        if changed:
            self.insert_switch()

    def top_section(self) -> nodes.Element:
        return next(iter(self.document.findall(nodes.section)), self.document)

    def append_listing(self, items: dict[str, list[nodes.list_item]]) -> None:
        if not any(items.values()):
            return
        section = nodes.section("", ids=["ed-apparatus"], classes=[EDITORIAL, "ed-apparatus"])
        section += nodes.title("", _("Apparatus"))
        for series in ("A", "S", "C"):
            if not items[series]:
                continue
            sub = nodes.section("", ids=[f"ed-apparatus-{series.lower()}"],
                                classes=["ed-apparatus-series"])
            sub += nodes.title("", series_title(series))
            listing = nodes.bullet_list("", classes=["ed-app-list"])
            listing.extend(items[series])
            sub += listing
            section += sub
        self.top_section().append(section)

    def insert_switch(self) -> None:
        top = self.top_section()
        index = 0
        for i, child in enumerate(top.children):
            if isinstance(child, nodes.title):
                index = i + 1
                break
        top.insert(index, app_view_switch(classes=[EDITORIAL]))


def siglum(name: str) -> nodes.Element:
    """A witness's siglum, linked to its declaration when the page is written."""
    return pending_ref("apparatus", "witness", name, nodes.Text(name), classes=["ed-app-siglum"])


def summary_nodes(entry: dict) -> list[nodes.Node]:
    """``faint-hearts ] ed. (corr.); faint-heats R — emendation.`` as inline nodes: the
    lemma, ``" ] "``, then the readings (what LaTeX's apparatus note prints)."""
    out: list[nodes.Node] = []
    etype = entry["type"]
    readings = entry["readings"]

    def reading(r: dict, tag: str = "", text: bool = True) -> list[nodes.Node]:
        bits: list[nodes.Node] = []
        if text:
            bits.append(nodes.inline("", r["text"], classes=["ed-app-rdg"]) if r["text"]
                        else nodes.emphasis("", "om."))
        bits += [siglum(s) for s in r["sigla"]]
        if r.get("resp"):
            bits.append(nodes.emphasis("", r["resp"] + (f" ({tag})" if tag else "")))
        spaced: list[nodes.Node] = []
        for k, bit in enumerate(bits):
            if k:
                spaced.append(nodes.Text(" "))
            spaced.append(bit)
        return spaced

    if entry["kind"] == "source":
        out.append(nodes.inline("", entry.get("lemma_shown", ""), classes=["ed-app-lemma"]))
        out.append(nodes.Text(" ]"))
        if entry.get("note"):
            out += [nodes.Text(" "), *short_note(entry["note"])]
        return out
    shown = entry.get("lemma_shown") or entry["lemma"]
    out.append(nodes.inline("", shown, classes=["ed-app-lemma"]))
    out.append(nodes.Text(" ] "))
    copy_reading, *others = readings
    tags = {"emendation": "corr.", "normalisation": "reg.", "lacuna": "suppl."}
    parts: list[list[nodes.Node]] = []
    if etype == "sic":
        parts.append([nodes.emphasis("", "sic"), nodes.Text(" "),
                      *reading(copy_reading, text=False)])
    elif etype == "fact":
        parts.append(reading(copy_reading, text=False))
        for r in others:
            parts.append([nodes.emphasis("", _("read")), nodes.Text(" "), *reading(r)])
    elif etype == "variant":
        adopted = [r for r in others
                   if entry.get("crit") is not None and r["text"] == entry["crit"]]
        if adopted:
            parts.append(reading(adopted[0], text=False))
            parts.append(reading(copy_reading))
            parts += [reading(r) for r in others if r is not adopted[0]]
        else:
            parts.append(reading(copy_reading, text=False))
            parts += [reading(r) for r in others]
    elif not any(r.get("resp") for r in others):  # recorded, the text kept
        parts.append(reading(copy_reading, text=False))
        parts += [reading(r) for r in others]
    else:  # emendation, normalisation, lacuna: the editor's reading is the lemma
        for r in others:
            if r.get("resp"):
                parts.append(reading(r, tags[etype], text=False))
        parts.append(reading(copy_reading))
        parts += [reading(r) for r in others if not r.get("resp")]
    for k, part in enumerate(parts):
        if k:
            out.append(nodes.Text("; "))
        out.extend(part)
    out.append(nodes.Text(f" — {_(TYPE_LABELS[etype])}"))
    if entry.get("note"):
        out += [nodes.Text(": "), *short_note(entry["note"])]
    else:
        out.append(nodes.Text("."))
    return out


def full_references(bib: Any, targets: list[tuple[str, str]]) -> nodes.paragraph:
    """The full reference of each source, in the edition's style ("Smith 1990: Smith, Jane.
    1990. …")."""
    para = nodes.paragraph(classes=["ed-app-refs", "ed-tip-omit"])  # not in the mark's popup
    for k, key in enumerate(dict.fromkeys(key for key, _locator in targets)):
        if k:
            para += nodes.Text(" ")
        para += nodes.inline("", "", nodes.Text(f"{bib.label(key)}: "), *bib.reference_nodes(key),
                             classes=["ed-app-ref"])
    return para


def short_note(note: str) -> list[nodes.Node]:
    """The terse note of an entry, closed by a full stop unless it ends with its own."""
    end = [] if note.endswith((".", "!", "?", "…")) else [nodes.Text(".")]
    return [nodes.inline("", note, classes=["ed-app-short-note"]), *end]
