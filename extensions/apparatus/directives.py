"""Directives of the apparatus: ``app`` (an entry of the critical apparatus), ``app-source``
(the source of a quotation), ``witness`` (a witness declared once) and ``app-interventions``
(the generated appendix of all entries).

``app`` and ``app-source`` are *stand-off* markup: they follow the paragraph (or block
quotation, list, …) they concern and name their lemma by its exact words in the copy-text
(``:occurrence:`` when the words occur more than once in that block).  The transform in
:mod:`.transforms` finds the words, even inside other inline markup (a term, a citation),
and wraps them; the sentence in the source stays as the copy-text has it, so several layers
of markup never have to nest inside one another.
"""

from __future__ import annotations

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from citations.service import bibliography
from edition_common import EDITORIAL, Warn, _, nearest, view_text, warn

from .model import (
    EDITOR,
    READING_OPTION,
    TYPE_LABELS,
    TYPES,
    Reading,
    norm,
    parse_cites,
    parse_readings,
)
from .nodes import app_crit, app_interventions, app_pending

logger = logging.getLogger(__name__)


class _EntryDirective(SphinxDirective):
    has_content = True
    optional_arguments = 1
    final_argument_whitespace = True

    def warn(self, message: str, code: Warn) -> None:
        warn(logger, code, message, location=(self.env.docname, self.lineno))

    def check_cites(self, value: str) -> list[dict]:
        refs = parse_cites(value)
        bib = bibliography(self.env)
        if refs:
            # the page shows the works' data: re-read it when the bibliography changes
            for path in bib.paths:
                self.env.note_dependency(str(path))
        good = []
        for ref in refs:
            if ref.key not in bib:
                near = nearest(ref.key, sorted(bib.keys()))
                self.warn(
                    f"unknown bibliography key {ref.key!r} in :cite: (nearest keys: "
                    f"{', '.join(near) or 'none'}); add the work to bibliography.bib or "
                    "correct the key",
                    Warn.APP_UNKNOWN_SOURCE,
                )
                continue
            good.append({"key": ref.key, "locator": ref.locator})
        return good

    def short_note(self) -> str:
        """The terse note of ``:note:``, printed in the apparatus after the readings."""
        text = norm(self.options.get("note") or "")
        limit = self.config.apparatus_note_max_length
        if len(text) > limit:
            self.warn(f"the apparatus note has {len(text)} characters (at most {limit}): the "
                      "apparatus gives a short phrase; move the discussion into the entry's "
                      "body, the textual commentary", Warn.APP_LONG_NOTE)
        return text

    def note(self) -> nodes.container:
        """The body: the textual commentary on the entry."""
        note = nodes.container(classes=["ed-app-note"])
        if self.content:
            self.state.nested_parse(self.content, self.content_offset, note)
        return note


class AppDirective(_EntryDirective):
    """An entry of the critical apparatus, after the block whose words it concerns."""

    option_spec = {
        "type": directives.unchanged,
        "corr": directives.unchanged,
        "reg": directives.unchanged,
        "supplied": directives.unchanged,
        "correct": directives.unchanged,
        "rdg": directives.unchanged,
        "adopt": directives.unchanged,
        "resp": directives.unchanged,
        "wit": directives.unchanged,
        "occurrence": directives.positive_int,
        "cite": directives.unchanged,
        "note": directives.unchanged,
    }

    def run(self) -> list[nodes.Node]:
        copy_text = self.config.apparatus_copy_text
        lemma = norm(self.arguments[0]) if self.arguments else ""
        given = [opt for opt in READING_OPTION.values() if self.options.get(opt, "").strip()]
        etype = (self.options.get("type") or "").strip()
        if etype and etype not in TYPES:
            self.warn(f"unknown apparatus type {etype!r}: use one of {', '.join(TYPES)}",
                      Warn.APP_UNKNOWN_TYPE)
            return []
        if not etype:
            inferred = {v: k for k, v in READING_OPTION.items()}
            etype = inferred[given[0]] if given else ("variant" if self.options.get("rdg") else "")
        if not lemma:
            if etype in ("emendation", "normalisation"):
                self.warn(
                    f"{etype} without the copy-text's reading: give the words the copy-text "
                    "reads as the directive's argument, e.g. ':::{app} faint-heats'",
                    Warn.APP_NO_COPY_TEXT_READING,
                )
            else:
                self.warn(
                    "apparatus entry without a lemma: give the words of the copy-text it "
                    "concerns as the directive's argument",
                    Warn.APP_NO_LEMMA,
                )
            return []
        if not copy_text:
            self.warn(
                f"apparatus entry «{lemma}»: the edition names no copy-text; declare its "
                "witness in conf.py (edition_witness_files = {\"A\": \"witnesses/A.txt\"}, "
                "or apparatus_copy_text = \"A\")",
                Warn.APP_NO_COPY_TEXT,
            )
            return []
        if not etype:
            self.warn(
                f"apparatus entry «{lemma}» has no readings: give :corr:, :reg:, :supplied:, "
                ":correct: or :rdg: (or ':type: sic', or ':type: commentary' for an entry "
                "that only discusses the words)",
                Warn.APP_NO_READINGS,
            )
            return []
        if etype == "commentary":
            return self.commentary(lemma, given)
        needed = READING_OPTION.get(etype) or ("rdg" if etype == "variant" else None)
        # a lacuna may mark lost words without supplying them (TEI gap)
        required = needed if etype in ("emendation", "variant") else None
        if required and not self.options.get(needed, "").strip():
            self.warn(f"{etype} «{lemma}» has no reading: add :{needed}:", Warn.APP_NO_READINGS)
            return []
        if etype in ("normalisation", "fact") and not self.options.get(needed, "").strip():
            # the type says what the entry does: one that regularises or corrects nothing
            # only discusses the words
            self.warn(f"{TYPE_LABELS[etype]} «{lemma}» gives no reading: add :{needed}: (the "
                      f"{'regular form' if etype == 'normalisation' else 'right fact'}), or make "
                      "it ':type: commentary' if it only discusses the words",
                      Warn.APP_TYPE_MISMATCH)
        for opt in given:
            if opt != needed:
                self.warn(f"option :{opt}: does not belong to a {etype} entry "
                          f"(use :{needed or 'type'}:)",
                          Warn.APP_BAD_OPTION)
        resp = (self.options.get("resp") or EDITOR).strip()
        wit = [s.lstrip("@") for s in (self.options.get("wit") or "").split()]
        readings = [Reading(lemma, [copy_text, *wit])]
        crit_nodes: list[nodes.Node] = []
        crit_mode = None
        if needed and needed != "rdg" and self.options.get(needed, "").strip():
            value = " ".join(self.options[needed].split())
            if etype in ("emendation", "normalisation") and value == lemma:
                self.warn(f"{etype} «{lemma}» reads the same as the copy-text: nothing to correct",
                          Warn.APP_NO_READINGS)
                return []
            readings.append(Reading(value, [], resp))
            if etype in ("emendation", "normalisation"):
                crit_nodes, msgs = self.parse_inline(value, lineno=self.lineno)
                crit_mode = "replace"
            elif etype == "lacuna":
                parsed, msgs = self.parse_inline(value, lineno=self.lineno)
                if "⟨" in value or "〈" in value:  # the editor placed the brackets
                    crit_nodes = [nodes.Text(" "), *parsed]
                else:
                    crit_nodes = [nodes.Text(" ⟨"), *parsed, nodes.Text("⟩")]
                crit_mode = "append"
        rdgs = parse_readings(self.options.get("rdg", ""))
        for rdg in rdgs:
            if copy_text in rdg.sigla and rdg.text != lemma:
                self.warn(
                    f"the reading «{rdg.text}» is given for the copy-text {copy_text}, which "
                    f"reads «{lemma}» (the lemma): the copy-text's reading is the lemma",
                    Warn.APP_COPY_TEXT_MISMATCH,
                )
                return []
            if copy_text in rdg.sigla:
                continue
            if not rdg.sigla:
                self.warn(f"the reading «{rdg.text}» names no witness: add @SIGLUM",
                          Warn.APP_NO_WITNESS)
                return []
            readings.append(rdg)
        adopt = (self.options.get("adopt") or "").strip().lstrip("@")
        if adopt:
            chosen = [r for r in rdgs if adopt in r.sigla]
            if not chosen:
                self.warn(f":adopt: {adopt} names no reading of this entry", Warn.APP_NO_READINGS)
                return []
            crit_nodes, msgs = self.parse_inline(chosen[0].text, lineno=self.lineno)
            crit_mode = "replace"
        return [self.pending(etype, lemma, readings, crit_mode, crit_nodes)]

    def commentary(self, lemma: str, given: list[str]) -> list[nodes.Node]:
        """An entry that discusses the words and changes nothing (TEI ``note``)."""
        for opt in [*given, *(o for o in ("rdg", "adopt", "wit") if self.options.get(o))]:
            self.warn(f"option :{opt}: does not belong to a commentary entry, which records no "
                      "reading (give the entry the type of what it does: emendation, "
                      "normalisation, variant …)", Warn.APP_BAD_OPTION)
        if not self.content:
            self.warn(f"commentary entry «{lemma}» has no text: write the commentary as the "
                      "directive's body", Warn.APP_NO_COMMENTARY)
            return []
        copy_text = self.config.apparatus_copy_text
        return [self.pending("commentary", lemma, [Reading(lemma, [copy_text])], None, [])]

    def pending(self, etype: str, lemma: str, readings: list[Reading], crit_mode: str | None,
                crit_nodes: list[nodes.Node]) -> app_pending:
        entry = {
            "kind": "app",
            "type": etype,
            "lemma": lemma,
            "occurrence": self.options.get("occurrence"),  # None: not given
            "readings": [r.as_dict() for r in readings],
            "cites": self.check_cites(self.options.get("cite", "")),
            "note": self.short_note(),
            "crit_mode": crit_mode,
            "lineno": self.lineno,
        }
        pending = app_pending("", entry=entry)
        self.set_source_info(pending)
        pending += app_crit("", "", *crit_nodes)
        pending += self.note()
        return pending


class AppSourceDirective(_EntryDirective):
    """The source of a quotation (apparatus fontium), after the block that quotes it.

    Without an argument the quotation is the whole block before the directive (a block
    quotation); with one, it is those words (to the words of ``:to:`` when given)."""

    option_spec = {
        "cite": directives.unchanged,
        "to": directives.unchanged,
        "occurrence": directives.positive_int,
        "note": directives.unchanged,
    }

    def run(self) -> list[nodes.Node]:
        if not (self.options.get("cite") or "").strip():
            self.warn("source of quotation without :cite: (a bibliography key and locator, "
                      "e.g. ':cite: smith1990history, p. 10')", Warn.APP_NO_SOURCE)
            return []
        cites = self.check_cites(self.options["cite"])
        if not cites:
            return []
        entry = {
            "kind": "source",
            "type": "source",
            "lemma": norm(self.arguments[0]) if self.arguments else "",
            "to": norm(self.options.get("to", "")),
            "occurrence": self.options.get("occurrence"),  # None: not given
            "readings": [],
            "cites": cites,
            "note": self.short_note(),
            "crit_mode": None,
            "lineno": self.lineno,
        }
        pending = app_pending("", entry=entry)
        self.set_source_info(pending)
        pending += app_crit()
        pending += self.note()
        return [pending]


class WitnessDirective(SphinxDirective):
    """A witness, declared once: its siglum and a description."""

    required_arguments = 1
    has_content = True

    def run(self) -> list[nodes.Node]:
        siglum = self.arguments[0].strip()
        domain = self.env.get_domain("apparatus")
        node_id = f"witness-{nodes.make_id(siglum) or 'x'}"
        for other in domain.doc_data("witnesses", self.env.docname, []):
            if other["siglum"] == siglum:
                warn(logger, Warn.APP_DUPLICATE_WITNESS,
                     f"witness {siglum!r} declared twice (first at line {other['lineno']})",
                     location=(self.env.docname, self.lineno))
                return []
        box = nodes.container(classes=[EDITORIAL, "ed-witness"], ids=[node_id])
        self.set_source_info(box)
        head = nodes.paragraph(classes=["ed-witness-head"])
        head += nodes.Text(_("Witness") + " ")
        head += nodes.strong(siglum, siglum, classes=["ed-app-siglum"])
        box += head
        self.state.nested_parse(self.content, self.content_offset, box)
        description = " ".join(view_text(p) for p in box.children[1:])
        domain.add_witness(siglum, self.env.docname, self.lineno, node_id, norm(description))
        return [box]


class InterventionsDirective(SphinxDirective):
    """The generated list of every apparatus entry, with counts by type."""

    def run(self) -> list[nodes.Node]:
        self.env.get_domain("apparatus").add_appendix(self.env.docname)
        node = app_interventions(classes=[EDITORIAL])
        self.set_source_info(node)
        return [node]
