"""Hostile input for the edition's roles and directives: strategies, pages, and checks.

Used by ``tests/test_hostile_input.py`` (generated examples, with Hypothesis) and its
explicit regression tests.  A *construct* turns a few strings into a MyST page that puts them
in the places an editor types text: role contents and targets, directive arguments, option
values and bodies, bib fields.  A :class:`OnePage` project builds such a page with the
edition's own ``conf.py``, in-process and incrementally, so that hundreds of pages cost
seconds; :func:`problems` lists what the build did wrong with the input.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from hypothesis import strategies as st
from lxml import html as lxml_html

from conftest import ROOT, WHOLE_EDITION_CHECKS, one_page_source

# -- The classes of hostile input (each also has an explicit regression test) ----------------

SCRIPT = '"><script>alert(1)</script>'
LATEX_INPUT = r"\input{/etc/passwd}"
#: name -> a representative of the class
CLASSES: dict[str, str] = {
    "empty": "",
    "very long": "Вся власть советам! All power to the soviets! " * 120,
    "cyrillic": "вся власть советам",
    "mixed scripts": "vlast’ власть Власть vlast' ВЛАСТЬ",
    "combining": "e\u0301 vla\u0301st\u0300 сове\u0301там",
    "rtl": "\u05db\u05dc \u05d4\u05e9\u05dc\u05d8\u05d5\u05df \u202eevil\u202c \u0627\u0644\u0633\u0644\u0637\u0629",
    "script": SCRIPT,
    "html entities": "&lt;b&gt; &amp;amp; &#60;x-evil&#62; &quot; &#x27; &nbsp; &bogus;",
    "html tags": "<x-evil>tag</x-evil> <img src=x onerror=alert(2)> <b>bold</b>",
    "latex specials": LATEX_INPUT + r" # $ % & ~ _ ^ \ { } \\ \end{document} \def\x{}",
    "myst markup": "*emph* **strong** `code` {ru}`vlast` [link](http://x) (label)= % comment $x$",
    "rest markup": ":ru:`vlast` .. raw:: html `ref`_ |sub| [#]_ ``lit`` :: ..",
    "urls": "javascript:alert(1) data:text/html,<x-evil> https://example.org/\"><x-evil>",
    "unbalanced brackets": "( [ { < ⟨ 〈 « “ ‘ ) ] } > ⟩ 〉 » ” ’ <<< >>> {{ }} [[ ]]",
}

#: fragments the generator combines (the classes above, cut into their dangerous pieces)
FRAGMENTS: list[str] = [
    "", " ", "\t", "x", "vlast", "власть", "вся власть советам", "ё", "Ё", "’", "'", "\"",
    "e\u0301", "\u0300", "\u200b", "\u200d", "\u202e", "\u202c", "\u05e9\u05dc\u05d5\u05dd",
    "\u0627\u0644\u0633\u0644\u0637\u0629", "\ufeff", "\u00a0", "—", "…",
    "<script>alert(1)</script>", SCRIPT, "<x-evil>", "</x-evil>", "<img src=x onerror=alert(2)>",
    "&lt;", "&amp;", "&#60;", "&#x3C;", "&quot;", "&bogus;", "&",
    LATEX_INPUT, "\\", "\\\\", "{", "}", "%", "$", "#", "^", "_", "~", "\\end{document}",
    "\\verb|x|", "\\makeatletter", "^^5c", "\\\\input",
    "*", "**", "`", "``", "[", "]", "(", ")", "<", ">", "|", ":", "::", ":::", "```", "=",
    "{ru}`vlast`", "{noteref}`1`", "{cite-as}`dorr1917inside`", ".. raw:: html", "(x)=",
    "@", "@R", ";", ",", "p. 10", "pp. 47-8", "-", "–", "1", "0", "99999999999999999999",
    "dorr1917inside", "R", "javascript:alert(1)", "data:text/html,<x-evil>", "https://",
]

_line_chars = st.characters(codec="utf-8", exclude_categories=("Cs", "Cc"))


def hostile_line(max_pieces: int = 6) -> st.SearchStrategy[str]:
    """One line of hostile text: fragments and random characters, never a newline."""
    piece = st.one_of(
        st.sampled_from(FRAGMENTS),
        st.sampled_from(FRAGMENTS),
        st.text(_line_chars, max_size=12),
        st.sampled_from(sorted(CLASSES.values())).map(lambda s: s[:400]),
    )
    return st.lists(piece, max_size=max_pieces).map("".join).map(
        lambda s: s.replace("\n", " ").replace("\r", " ")
    )


def hostile_body() -> st.SearchStrategy[str]:
    """A directive body: a few hostile lines."""
    return st.lists(hostile_line(), max_size=4).map("\n".join)


# -- Constructs: a page putting hostile strings where editors type text -------------------

Construct = Callable[[str, str, str], str]


def _ru(a: str, b: str, c: str) -> str:
    return f"# Terms\n\nThe word {{ru}}`{a}` and {{ru}}`{b} <{c}>`, {{ru}}`vlast`.\n"


def _noteref(a: str, b: str, c: str) -> str:
    return (f"# Notes\n\nA mark.{{noteref}}`{a}` Another.{{noteref}}`1`\n\n"
            f"::::{{author-notes}}\n:title: {b}\n\n"
            f":::{{author-note}} {a}\n:label: {b}\n{c}\n:::\n\n"
            f":::{{author-note}} 1\n{c}\n:::\n::::\n")


def _ednote(a: str, b: str, c: str) -> str:
    return (f"# Editorial\n\nOn 27 February{{ednote}}`{a}` and {b}{{ednote}}`k`.\n\n"
            f":::{{editorial-note}} {a}\n:lemma: {b}\n{c}\n:::\n\n"
            f":::{{editorial-note}} k\n:lemma: {c}\n{b}\n:::\n\n"
            "```{editorial-notes-list}\n```\n")


def _comment(a: str, b: str, c: str) -> str:
    return (f"# Comments\n\n({a})=\nA passage.\n\n"
            f":::{{comment}} {a}\n:author: {b}\n:name: {c}\n:date: {b}\n:answers: {a}\n\n{c}\n:::\n\n"
            f":::{{comment}} 2\n:author: {c}\n:answers: 1\n{b}\n:::\n\n"
            f"See {{comment-ref}}`{a}` and {{comment-ref}}`2`.\n")


def _cite(a: str, b: str, c: str) -> str:
    return (f"# Citations\n\nShe writes {{cite-as}}`{a} <dorr1917inside, {b}>`.\n"
            f"Also {{cite-as}}`{b} <{c}>` and {{cite-as}}`{c}`.\n\n"
            "```{works-cited}\n:list: cited\n```\n")


def _app(a: str, b: str, c: str) -> str:
    return (f"# Apparatus\n\n:::{{witness}} R\n{c}\n:::\n\n"
            f":::{{witness}} {b}\n{a}\n:::\n\n"
            f"The cowards and faint-heats are abandoning us {a} said {b}.\n\n"
            f":::{{app}} faint-heats\n:corr: {a}\n:resp: {b}\n:cite: {c}\n{c}\n:::\n\n"
            f":::{{app}} {a}\n:rdg: {b} @R | {c} @{b}\n:adopt: {b}\n:wit: {c}\n{b}\n:::\n\n"
            f":::{{app}} cowards\n:type: {c}\n:supplied: {a}\n:reg: {b}\n:correct: {c}\n:::\n\n"
            f":::{{app}} abandoning\n:reg: {a}\n:::\n\n"
            "```{app-interventions}\n```\n")


def _app_source(a: str, b: str, c: str) -> str:
    return (f"# Sources\n\n> A quotation {a} in a block.\n\n"
            f":::{{app-source}}\n:cite: dorr1917inside, {b}\n{c}\n:::\n\n"
            f"A phrase “{a} to the soviets” in quotation marks.\n\n"
            f":::{{app-source}} {a}\n:to: {b}\n:cite: {c}\n{a}\n:::\n")


def _mixed(a: str, b: str, c: str) -> str:
    """Constructs inside each other: roles in notes, comments and apparatus bodies."""
    return (f"# Mixed\n\n# {a} {{ru}}`vlast`\n\nText{{noteref}}`1` with {{ru}}`{b}`.\n\n"
            f"::::{{author-notes}}\n:::{{author-note}} 1\n{{ru}}`{a}` {{cite-as}}`{b} <dorr1917inside, p. 10>` {c}\n:::\n::::\n\n"
            f":::{{comment}} 1\n:author: {a}\n{{ru}}`{c}` {{noteref}}`{b}` {{ednote}}`{a}`\n:::\n")


CONSTRUCTS: dict[str, Construct] = {
    "ru": _ru, "noteref": _noteref, "ednote": _ednote, "comment": _comment,
    "cite-as": _cite, "app": _app, "app-source": _app_source, "mixed": _mixed,
}

BIB_FIELDS = ["author", "title", "journal", "publisher", "address", "note", "url",
              "transliteration", "translation", "nameoriginal", "year", "pages", "discrepancy"]


def bib_entry(values: dict[str, str]) -> str:
    """A BibTeX entry ``fuzz2026`` whose fields hold *values* (braces kept balanced)."""
    def field_value(v: str) -> str:
        # a braced BibTeX field cannot hold unbalanced braces: keep them balanced, as an
        # editor's bib file must be (a syntax error is tested in test_citations)
        depth, out = 0, []
        for ch in v:
            if ch == "}" and depth == 0:
                out.append(")")  # a brace that would close the field early
                continue
            depth += (ch == "{") - (ch == "}")
            out.append(ch)
        return "".join(out) + "}" * depth
    body = ",\n".join(f"  {k} = {{{field_value(v)}}}" for k, v in values.items())
    # an article: its reference prints every field of BIB_FIELDS (journal, pages, publisher
    # and place too), so a field's text reaches the output instead of a cite.unprinted_field
    return f"@article{{fuzz2026,\n{body}\n}}\n"


# -- The one-page project --------------------------------------------------------------------

ANSI = re.compile(r"\x1b\[[0-9;]*m")


@dataclass
class Result:
    warnings: str
    html: str = ""
    tex: str = ""
    outdir: Path = field(default_factory=Path)


class OnePage:
    """A project of one page, ``index.md``, with the edition's conf.py and data files.

    One Sphinx application serves every build (``force_all``: the page is re-read each
    time), so a build costs tens of milliseconds.  A fuzzed bibliography entry goes into
    ``fuzz.bib`` beside the edition's bib file; changing it needs a new application
    (``bib=``), because the bibliography is parsed when the application starts.
    """

    def __init__(self, tmp: Path, builder: str = "html", bib: str | None = None) -> None:
        from sphinx.application import Sphinx
        from sphinx.util.console import nocolor

        nocolor()
        self.tmp = tmp
        self.page = one_page_source(tmp / "source")
        self.page.write_text("# Start\n", encoding="utf-8")
        self.bibfile = tmp / "fuzz.bib"
        overrides: dict[str, object] = {"suppress_warnings": WHOLE_EDITION_CHECKS}
        if builder == "latex":
            # the page is the whole text: printed, and line-numbered by reledmac as the
            # essay is (the apparatus in \edtext, the most fragile path)
            overrides["pdf_edition_print_root_body"] = True
            overrides["pdf_edition_numbered_documents"] = ["index"]
        if bib is not None:
            self.bibfile.write_text(bib, encoding="utf-8")
            overrides["bibtex_bibfiles"] = ["bibliography.bib", str(self.bibfile)]
        self.builder = builder
        self.stream = io.StringIO()
        self.app = Sphinx(
            tmp / "source", ROOT, tmp / builder, tmp / "doctrees", builder,
            confoverrides=overrides, status=None, warning=self.stream, freshenv=True,
            keep_going=True,
        )
        # what the application said while starting (the bib file is read at builder-inited),
        # less the notices that several applications in one process register the same
        # roles, directives and nodes in docutils' global registries
        self.setup_warnings = "".join(
            line for line in ANSI.sub("", self.stream.getvalue()).splitlines(keepends=True)
            if not ("is already registered" in line and "[app.add_" in line)
        )

    def build(self, text: str) -> Result:
        self.page.write_text(text, encoding="utf-8")
        self.stream.seek(0)
        self.stream.truncate()
        # Sphinx's logging goes to the application made last: take it back for this one
        from sphinx.util import logging as sphinx_logging
        sphinx_logging.setup(self.app, self.app._status, self.stream)
        # Two things Sphinx (9.0.4) does not reset between builds of one application; a
        # command-line build (make, sphinx-autobuild) is one process per build and never
        # meets them. The LaTeX builder appends latex_documents to its list at every build
        # (init_document_data), and the environment keeps the previous build's serialised
        # doctrees (_pickled_doctree_cache, not invalidated when a page is re-read), so the
        # LaTeX builder would write the previous page.
        if self.builder == "latex":
            self.app.builder.document_data = []
        self.app.env._pickled_doctree_cache.clear()
        self.app.build(force_all=True)
        out = self.tmp / self.builder
        result = Result(self.setup_warnings + ANSI.sub("", self.stream.getvalue()), outdir=out)
        if self.builder == "html":
            result.html = (out / "index.html").read_text(encoding="utf-8")
        elif self.builder == "latex":
            result.tex = next(out.glob("*.tex")).read_text(encoding="utf-8")
        return result


# -- What a build must never do ------------------------------------------------------------

WARNING_LINE = re.compile(r"^(?P<loc>\S.*?):(?P<line>\d+): (?P<level>WARNING|ERROR|CRITICAL): ")
TYPE_SUFFIX = re.compile(r"\[[\w.-]+\]$")


def warning_problems(result: Result, files: list[Path]) -> list[str]:
    """Each warning names one of *files* and a line and ends with its [type.subtype]."""
    found = []
    text = result.warnings
    for bad in ("Traceback", "Extension error", "Exception occurred", "exception:"):
        if bad in text:
            found.append(f"{bad!r} in the warning stream")
    entries: list[list[str]] = []
    for line in text.splitlines():
        if re.search(r"(WARNING|ERROR|CRITICAL|SEVERE): ", line) or not entries:
            entries.append([line])
        else:
            entries[-1].append(line)
    names = {str(f) for f in files}
    for entry in entries:
        head = entry[0]
        if not head.strip():
            continue
        m = WARNING_LINE.match(head)
        if not m or m.group("loc") not in names:
            found.append(f"warning without file:line: {head[:300]}")
            continue
        joined = "\n".join(entry).rstrip()
        if not TYPE_SUFFIX.search(joined):
            found.append(f"warning without [type.subtype]: {head[:300]}")
    return found


EVIL_TAGS = {"x-evil", "img"}


def html_problems(result: Result) -> list[str]:
    """The HTML page holds no element, attribute or script that came from the input."""
    found = []
    doc = lxml_html.document_fromstring(result.html)
    for el in doc.iter():
        if not isinstance(el.tag, str):
            continue
        if el.tag in EVIL_TAGS:
            found.append(f"<{el.tag}> element from the input")
        if el.tag == "script" and "alert(" in (el.text or ""):
            found.append("a <script> from the input")
        for name, value in el.attrib.items():
            if name.startswith("on"):
                found.append(f"event-handler attribute {name}={value!r}")
            if name in ("href", "src") and value.strip().lower().startswith(("javascript:", "data:")):
                found.append(f"{name}={value!r}")
    for raw in ("<x-evil", "<script>alert", "<img src=x"):
        if raw in result.html:
            found.append(f"{raw!r} unescaped in the HTML source")
    return found


def latex_problems(result: Result) -> list[str]:
    """The LaTeX source holds no command typed in the input."""
    found = []
    for raw in (r"\input{/etc/passwd}", r"\end{document}\def", r"\makeatletter\\", "\\def\\x{}"):
        if raw in result.tex:
            found.append(f"{raw!r} unescaped in the LaTeX source")
    return found
