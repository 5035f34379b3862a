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

from conftest import TOOLKIT_EDITION, WHOLE_EDITION_CHECKS, one_page_source

# -- The classes of hostile input (each also has an explicit regression test) ----------------

SCRIPT = '"><script>alert(1)</script>'
LATEX_INPUT = r"\input{/etc/passwd}"
#: issue 13's payload: Lua that writes a file, wherever TeX would run it
DIRECTLUA = r'\directlua{local f=io.open("../pwned.txt","w") f:write("x") f:close()}x'

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
    # paths (images, figures, downloads) and TeX that Sphinx would hand on as it is
    "../", "..", "/", "../../../../etc/passwd", "/etc/hostname", "/../", "_static/edition.css",
    "terms.yaml", "link.png", "*", ".*", "a%b.png", "x}y.png",
    DIRECTLUA, "\\directlua{tex.print(1)}", "\\input{/etc/hostname}", "|p{1cm}|",
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


def _person(a: str, b: str, c: str) -> str:
    return (f"# Persons\n\nNamed {{person}}`{a}` and {{person}}`{b} <{c}>`, "
            f"{{person}}`{a} <kamenev>`, {{person}}`Kamenev`.\n\n"
            "```{persons-index}\n```\n")


def _date(a: str, b: str, c: str) -> str:
    return (f"# Dates\n\nOn {{date}}`{a}` and {{date}}`{b} <{c}>`, "
            f"{{date}}`{a} <1917-02-27 julian note>`, {{date}}`{b} <1917-04 julian>`.\n\n"
            "```{chronology}\n```\n")


def _mixed(a: str, b: str, c: str) -> str:
    """Constructs inside each other: roles in notes, comments and apparatus bodies."""
    return (f"# Mixed\n\n# {a} {{ru}}`vlast`\n\nText{{noteref}}`1` with {{ru}}`{b}`.\n\n"
            f"::::{{author-notes}}\n:::{{author-note}} 1\n{{ru}}`{a}` {{cite-as}}`{b} <dorr1917inside, p. 10>` {c}\n:::\n::::\n\n"
            f":::{{comment}} 1\n:author: {a}\n{{ru}}`{c}` {{noteref}}`{b}` {{ednote}}`{a}`\n:::\n")


def _paths(a: str, b: str, c: str) -> str:
    """Every builtin route by which a path makes Sphinx copy a file (issue 13)."""
    return (f"# Paths\n\nGet {{download}}`{a} <{b}>` and [{a}]({b}) and ![{a}]({b}).\n\n"
            f"```{{image}} {b}\n:alt: {a}\n```\n\n"
            f"```{{figure}} {b}\n\n{c}\n```\n\n"
            f"```{{eval-rst}}\nGet :download:`{a}\n<{b}>`.\n\n.. image:: {b}\n\n"
            f".. figure:: {b}\n\n   {a}\n\nSee |p|.\n\n.. |p| image:: {b}\n```\n")


def _raw_tex(a: str, b: str, c: str) -> str:
    """Every builtin construct whose content Sphinx would hand to LaTeX as it is (issue 13)."""
    return (f"# TeX\n\nInline {{math}}`{a}` and text.\n\n```{{math}}\n{c}\n```\n\n"
            f"```{{tabularcolumns}} {b}\n```\n\n| x |\n| - |\n| {a} |\n\n"
            f"```{{acks}}\n* {a}\n```\n\n"
            f"```{{raw}} latex\n{c}\n```\n\n"
            f"```{{eval-rst}}\nText :math:`{a}`.\n\n.. math::\n\n   {b}\n\n"
            f".. tabularcolumns:: {b}\n\n.. role:: latex(raw)\n   :format: latex\n\n"
            f"Raw :latex:`{a}`.\n\n.. only:: latex\n\n   {b}\n```\n")


CONSTRUCTS: dict[str, Construct] = {
    "ru": _ru, "noteref": _noteref, "ednote": _ednote, "comment": _comment,
    "cite-as": _cite, "app": _app, "app-source": _app_source, "mixed": _mixed,
    "paths": _paths, "raw-tex": _raw_tex,
    "person": _person, "date": _date,
}
#: constructs whose HTML may hold <img> elements of its own (Sphinx's, from image directives)
IMAGE_CONSTRUCTS = {"paths"}

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


# -- Every role and directive the installed extensions provide ------------------------------

def every_role(app) -> list[str]:
    """The names of every role an editor can type: docutils' and every extension's global
    roles, and every domain's as ``domain:name`` (Sphinx's, MyST's, sphinxcontrib-bibtex's,
    the edition's)."""
    from docutils.parsers.rst import roles

    names = set(roles._roles) | set(roles._role_registry)
    names |= {f"{d.name}:{r}" for d in app.env.domains.sorted() for r in d.roles}
    return sorted(names - {"raw"})  # raw: refused by the safety settings, tested there


def every_directive(app) -> dict[str, dict]:
    """Every directive an editor can type, with its option spec."""
    from docutils.parsers.rst import directives

    found: dict[str, dict] = {}
    for name in set(directives._directives) | set(directives._directive_registry):
        cls, _ = directives.directive(name, None, None)
        if cls is not None:
            found[name] = dict(cls.option_spec or {})
    for domain in app.env.domains.sorted():
        for name, cls in domain.directives.items():
            found[f"{domain.name}:{name}"] = dict(cls.option_spec or {})
    return dict(sorted(found.items()))


#: a role's text: the shapes that crashed one role or another (sphinxcontrib-bibtex's cite
#: roles: ' ', 'x <', '{x', '!x'), and the hostile classes
BAD_ROLE_TEXTS = [" ", "<", "x <", "x <>", "<>", "a <b <c>>", "{", "}", "{p}k{", "!x", "~x", "{}",
                  "k{", "x <y", ":", "a:b:c", "-1", "99999999999999999999", SCRIPT, LATEX_INPUT,
                  "\x1b[31mred\x1b[0m"]
#: a directive's argument, option value and body
BAD_ARGUMENTS = ["", SCRIPT, "x <", "a b c", "-1", "99999999999999999999"]
BAD_OPTION_VALUES = ["", "x", "-1", "99999999999999999999"]
BAD_BODIES = ["", "<x-evil>tag</x-evil>", "- a\n- b", "a | b\n--|--\n1", "{", "x\n\n---\n\ny",
              LATEX_INPUT]


def role_page(name: str) -> str:
    """A page using role *name* with every bad text, one paragraph each."""
    body = "\n\n".join(f"Text {{{name}}}`{t}` more." for t in BAD_ROLE_TEXTS)
    return f"# Role {name}\n\n{body}\n"


def directive_page(name: str, options: dict) -> str:
    """A page using directive *name* with each bad argument, body, unknown option and
    bad value of each of its options."""
    blocks = [f"````{{{name}}} {a}\nbody\n````" for a in BAD_ARGUMENTS]
    blocks += [f"````{{{name}}} x\n{b}\n````" for b in BAD_BODIES]
    blocks.append(f"````{{{name}}} x\n:bogus-option: 1\nbody\n````")
    blocks += [f"````{{{name}}} x\n:{o}: {v}\nbody\n````" for o in sorted(options)
               for v in BAD_OPTION_VALUES]
    return f"# Directive {name}\n\n" + "\n\nA paragraph.\n\n".join(blocks) + "\n"


# -- YAML structure: the registry of terms -----------------------------------------------------

_yaml_scalar = st.one_of(
    hostile_line(3).map(lambda s: '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'),
    st.sampled_from(["5", "-1", "1.5", "0x1F", "true", "no", "null", "~", "''", "власть", "vlast",
                     ".inf", "2014-08-18", "!!binary aGVsbG8=", "!!python/object:os.system x",
                     "&a x", "*a", "*undefined", "|", ">-", "[", "]", "{", "}", ": x", "- x"]),
)
#: the keys of an entry, the registry's own and the ones that broke it
_yaml_keys = st.sampled_from(["ru", "gloss", "spellings", "commentary", "1", "null", "~", "true",
                              "__line__", "ru ", "? complex", "[a]", "<<", "x"])


@st.composite
def _yaml_value(draw, depth: int = 0):
    kind = draw(st.sampled_from(["scalar", "scalar", "list", "map", "alias"] if depth < 3 else ["scalar"]))
    if kind == "scalar":
        return draw(_yaml_scalar)
    if kind == "alias":
        return draw(st.sampled_from(["*a", "*b", "&a [x, y]", "&b {k: v}", "[*a, *a, *a]"]))
    items = draw(st.lists(_yaml_value(depth + 1), max_size=3))
    if kind == "list":
        return "[" + ", ".join(items) + "]"
    keys = draw(st.lists(_yaml_keys, min_size=len(items), max_size=len(items)))
    return "{" + ", ".join(f"{k}: {v}" for k, v in zip(keys, items, strict=True)) + "}"


@st.composite
def registry_documents(draw) -> str:
    """A terms.yaml: entries with the registry's keys and others, repeated keys, values of
    every YAML type (numbers, booleans, null, lists, mappings), anchors and aliases,
    nesting, tags; always one good entry, so that the page's role has a term."""
    entries = ["- ru: власть\n  gloss: power\n  spellings: [vlast]"]
    for _ in range(draw(st.integers(0, 4))):
        pairs = draw(st.lists(st.tuples(_yaml_keys, _yaml_value()), max_size=5))
        if not pairs:
            entries.append("- " + draw(_yaml_value()))
            continue
        lines = [f"{k}: {v}" for k, v in pairs]
        entries.append("- " + "\n  ".join(lines))
    draw(st.randoms()).shuffle(entries)
    return "\n".join(entries) + "\n"


# -- Bib structure: macros, cross-references, sizes --------------------------------------------

BIB_TYPES = ["book", "article", "incollection", "inproceedings", "inbook", "misc", "online"]
CONTROLS = ["\x1b[31m", "\x1b]0;x\x07", "\x9b2J", "\x00", "\x7f", "\u202e"]


@st.composite
def bib_documents(draw, max_field_chars: int) -> str:
    """A bib file: @string macros concatenated from each other (bombs among them: each
    level ten times the one before), entries whose fields use them, crossrefs between the
    entries (chains, loops, missing targets), fields around *max_field_chars*, control
    characters, LaTeX commands, entries opened on the line after ``@type``, duplicate
    keys.  The entry ``fuzz2026`` is always there (the page cites it)."""
    out = []
    macros = ["jan"]
    for i in range(draw(st.integers(0, 4))):
        name = f"m{i}"
        parts = draw(st.lists(st.one_of(st.sampled_from(macros + ["undefinedmacro"]),
                                        hostile_line(2).map(lambda s: "{" + s.replace("{", "").replace("}", "") + "}")),
                              min_size=1, max_size=10))
        out.append(f"@string{{{name} = " + " # ".join(parts) + "}")
        macros.append(name)
    keys = ["fuzz2026"] + [f"fuzz{n}" for n in range(draw(st.integers(0, 3)))]
    for key in keys + draw(st.lists(st.sampled_from(keys), max_size=1)):  # maybe a duplicate
        kind = draw(st.sampled_from(BIB_TYPES))
        fields = {"author": "Fuzz, A.", "title": "T", "year": "1917"}
        if draw(st.booleans()):
            fields["crossref"] = draw(st.sampled_from(keys + ["missing2026"]))
        body = [f"  {k} = {{{v}}}" for k, v in fields.items()]
        for name in draw(st.lists(st.sampled_from(["note", "booktitle", "publisher", "title2"]),
                                  max_size=2, unique=True)):
            value = draw(st.one_of(
                st.sampled_from(macros).map(lambda m: m),
                st.integers(max_field_chars - 2, max_field_chars + 2).map(lambda n: "{" + "x" * n + "}"),
                st.sampled_from(CONTROLS).map(lambda c: "{A" + c + "B}"),
                st.sampled_from(["{\\emph{a} \\foo{b} \\\"{u} \\url{c}}", "{\\input{/etc/passwd}}",
                                 "{\\cite{x}}", "{--- \\& \\ldots}"]),
            ))
            body.append(f"  {name} = {value}")
        opener = f"@{kind}\n{{{key}," if draw(st.booleans()) else f"@{kind}{{{key},"
        out.append(opener + "\n" + ",\n".join(body) + "\n}")
    return "\n\n".join(out) + "\n"


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

    def __init__(self, tmp: Path, builder: str = "html", bib: str | None = None,
                 overrides: dict[str, object] | None = None) -> None:
        from sphinx.application import Sphinx
        from sphinx.util.console import nocolor

        nocolor()
        self.tmp = tmp
        self.page = one_page_source(tmp / "source")
        self.page.write_text("# Start\n", encoding="utf-8")
        self.bibfile = tmp / "fuzz.bib"
        settings: dict[str, object] = {"suppress_warnings": WHOLE_EDITION_CHECKS}
        if builder == "latex":
            # the page is the whole text: printed, and line-numbered by reledmac as the
            # text pages are (the apparatus in \edtext, the most fragile path)
            settings["pdf_edition_print_root_body"] = True
            settings["pdf_edition_numbered_documents"] = ["index"]
        if bib is not None:
            self.bibfile.write_text(bib, encoding="utf-8")
            settings["bibtex_bibfiles"] = ["refs.bib", str(self.bibfile)]
        settings.update(overrides or {})
        self.builder = builder
        self.registry = tmp / "source" / "terms.yaml"
        self.stream = io.StringIO()
        self.app = Sphinx(
            tmp / "source", TOOLKIT_EDITION, tmp / builder, tmp / "doctrees", builder,
            confoverrides=settings, status=None, warning=self.stream, freshenv=True,
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

        from edition_build.guard import type_untyped_warnings
        sphinx_logging.setup(self.app, self.app._status, self.stream)
        type_untyped_warnings()  # as the edition's builder-inited handler does
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


def html_problems(result: Result, images: bool = False) -> list[str]:
    """The HTML page holds no element, attribute or script that came from the input (with
    *images*, Sphinx's own <img> elements are expected: their attributes are still checked)."""
    found = []
    doc = lxml_html.document_fromstring(result.html)
    for el in doc.iter():
        if not isinstance(el.tag, str):
            continue
        if el.tag in EVIL_TAGS and not (images and el.tag == "img"):
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


def visible_text_of(result: Result) -> str:
    """The text of the page's article, whitespace collapsed."""
    doc = lxml_html.document_fromstring(result.html)
    return " ".join(doc.xpath("//article")[0].text_content().split())


def pdf_streams(data: bytes) -> bytes:
    """A PDF's bytes with each of its Flate streams decompressed after it (to search them)."""
    import zlib

    out = [data]
    for match in re.finditer(rb"stream\r?\n(.*?)endstream", data, re.S):
        try:
            out.append(zlib.decompress(match.group(1)))
        except zlib.error:
            pass
    return b"\n".join(out)


def published_problems(result: Result, srcdir: Path) -> list[str]:
    """Every file the HTML build copied (``_images``, ``_downloads``) is a file of *srcdir*,
    reached with no symbolic link."""
    found = []
    real_src = srcdir.resolve()
    inside = {p.name: p.read_bytes() for p in real_src.rglob("*")
              if p.is_file() and not any(q.is_symlink() for q in [p, *p.parents])}
    for folder in ("_images", "_downloads"):
        for copied in (result.outdir / folder).rglob("*"):
            if copied.is_file() and inside.get(copied.name) != copied.read_bytes():
                found.append(f"{copied.relative_to(result.outdir)} is not a file of the sources")
    return found


def latex_problems(result: Result) -> list[str]:
    """The LaTeX source holds no command typed in the input."""
    found = []
    for raw in (r"\input{/etc/passwd}", r"\end{document}\def", r"\makeatletter\\", "\\def\\x{}",
                r"\directlua{", r"\input{/etc/hostname}", "|p{1cm}|"):
        if raw in result.tex:
            found.append(f"{raw!r} unescaped in the LaTeX source")
    return found
