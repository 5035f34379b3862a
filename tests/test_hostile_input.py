"""Hostile input through every role and directive of the edition (issue 9).

Generated examples (Hypothesis) put hostile strings (empty, very long, Cyrillic and mixed
scripts, combining characters, right-to-left text, ``<script>`` and HTML entities, LaTeX
specials, MyST and reST markup, unbalanced brackets) into every place an editor types text:
role contents and targets, directive arguments, option values and bodies, and the fields of
a bibliography entry.  For each build they assert that

* the build finishes: no exception, no traceback, no "Extension error";
* every problem is a warning naming the page and a line, with its ``[type.subtype]``;
* the HTML holds no element, attribute or script from the input (it is all escaped text);
* the LaTeX source holds no command from the input, and (for a few examples) compiles.

Explicit regression tests follow, one per class of input and construct, and for the two
strings of the issue, ``"><script>alert(1)</script>`` and ``\\input{/etc/passwd}``, in every
output format (HTML text and attributes, LaTeX and the PDF's text, plain text).

The number of generated examples is bounded for CI (profile ``ci``, derandomised so a run is
repeatable); ``make fuzz`` runs the profile ``fuzz`` with many more.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import html as lxml_html

import hostile as H
from conftest import latexmk, tex_missing

# the Hypothesis profiles "ci" and "fuzz" are registered and loaded in conftest.py
#: LaTeX compilation takes seconds: a few examples in CI, more under `make fuzz`
COMPILED_EXAMPLES = 2 if settings.default.max_examples < 100 else 25


pytestmark = pytest.mark.usefixtures("sphinx_global_state")


@pytest.fixture(scope="module")
def html_page(tmp_path_factory: pytest.TempPathFactory) -> H.OnePage:
    return H.OnePage(tmp_path_factory.mktemp("hostile-html"))


@pytest.fixture(scope="module")
def latex_page(tmp_path_factory: pytest.TempPathFactory) -> H.OnePage:
    return H.OnePage(tmp_path_factory.mktemp("hostile-latex"), builder="latex")


@pytest.fixture(scope="module")
def text_page(tmp_path_factory: pytest.TempPathFactory) -> H.OnePage:
    return H.OnePage(tmp_path_factory.mktemp("hostile-text"), builder="text")


def assert_clean(result: H.Result, page: H.OnePage, construct: str = "") -> None:
    problems = H.warning_problems(result, [page.page, page.bibfile])
    if page.builder == "html":
        problems += H.html_problems(result, images=construct in H.IMAGE_CONSTRUCTS)
        problems += H.published_problems(result, page.page.parent)
    if page.builder == "latex":
        problems += H.latex_problems(result)
    assert not problems, "\n".join(problems) + "\n--- page:\n" + page.page.read_text(encoding="utf-8")


def visible_text(result: H.Result) -> str:
    doc = lxml_html.document_fromstring(result.html)
    return " ".join(doc.xpath("//article")[0].text_content().split())


# -- Generated examples -----------------------------------------------------------------------

CONSTRUCTS = sorted(H.CONSTRUCTS)


@pytest.mark.parametrize("construct", CONSTRUCTS)
@given(a=H.hostile_line(), b=H.hostile_line(), c=H.hostile_body())
def test_generated_input_html(html_page: H.OnePage, construct: str, a: str, b: str, c: str):
    assert_clean(html_page.build(H.CONSTRUCTS[construct](a, b, c)), html_page, construct)


@pytest.mark.parametrize("construct", CONSTRUCTS)
@given(a=H.hostile_line(), b=H.hostile_line(), c=H.hostile_body())
@settings(max_examples=max(4, settings.default.max_examples // 3))
def test_generated_input_latex_and_text(latex_page: H.OnePage, text_page: H.OnePage,
                                        construct: str, a: str, b: str, c: str):
    page = H.CONSTRUCTS[construct](a, b, c)
    assert_clean(latex_page.build(page), latex_page, construct)
    assert_clean(text_page.build(page), text_page, construct)


@given(parts=st.lists(st.tuples(st.sampled_from(CONSTRUCTS), H.hostile_line(), H.hostile_line(),
                                H.hostile_body()), min_size=2, max_size=4))
@settings(max_examples=COMPILED_EXAMPLES)
def test_generated_input_latex_compiles(latex_page: H.OnePage, parts):
    """All constructs at once, in line-numbered text: the LaTeX must compile to a PDF."""
    if tex_missing():
        pytest.skip(tex_missing())
    page = "\n\n".join(H.CONSTRUCTS[name](a, b, c).replace("# ", "## ", 1) if i else
                       H.CONSTRUCTS[name](a, b, c) for i, (name, a, b, c) in enumerate(parts))
    result = latex_page.build(page)
    assert_clean(result, latex_page)
    # latexmk keeps a failed run's verdict for an unchanged .tex: each example starts afresh
    for stale in result.outdir.glob("*.fdb_latexmk"):
        stale.unlink()
    proc = latexmk(result.outdir)
    assert proc.returncode == 0, latex_errors(result.outdir) + "\n--- page:\n" + page


def latex_errors(outdir: Path) -> str:
    """The errors of the LaTeX log of *outdir*, with a few lines of context each."""
    log = next(outdir.glob("*.log"), None)
    if log is None:
        return "(no LaTeX log)"
    lines = log.read_text(encoding="utf-8", errors="replace").splitlines()
    found = [i for i, line in enumerate(lines) if line.startswith("!") or "sandbox" in line]
    return "\n".join("\n".join(lines[i:i + 8]) for i in found[:6]) or "\n".join(lines[-40:])


@given(values=st.fixed_dictionaries({k: H.hostile_line() for k in H.BIB_FIELDS}))
@settings(max_examples=max(3, settings.default.max_examples // 4))
def test_generated_bib_fields(tmp_path_factory: pytest.TempPathFactory, values: dict[str, str]):
    """A bibliography entry with hostile fields, cited and listed on the works-cited page."""
    values["year"] = values["year"] or "1917"
    page = H.OnePage(tmp_path_factory.mktemp("hostile-bib"), bib=H.bib_entry(values))
    result = page.build("# Works\n\nA citation {cite-as}`(5) <fuzz2026, p. 5>` and "
                        "{cite-as}`fuzz2026`.\n\n```{works-cited}\n:list: cited\n```\n")
    assert_clean(result, page)


# -- Explicit regression tests: each class of input through each construct ------------------

CLASS_IDS = sorted(H.CLASSES)
#: classes that are markup by definition: their text is interpreted, not shown as typed
MARKUP_CLASSES = {"myst markup", "rest markup", "html entities"}


@pytest.mark.parametrize("klass", CLASS_IDS)
@pytest.mark.parametrize("construct", CONSTRUCTS)
def test_each_class_of_input(html_page: H.OnePage, construct: str, klass: str):
    value = H.CLASSES[klass]
    result = html_page.build(H.CONSTRUCTS[construct](value, value, value))
    assert_clean(result, html_page, construct)
    if klass in MARKUP_CLASSES or not value.strip():
        return
    # never silently dropped: the text is shown as typed, or the build says why it is not
    shown = " ".join(value.split()) in visible_text(result)
    assert shown or re.search(r":\d+: (WARNING|ERROR)", result.warnings), (
        f"{klass!r} vanished from the {construct} page without a warning"
    )


def test_empty_strings_everywhere(html_page: H.OnePage):
    for construct in CONSTRUCTS:
        result = html_page.build(H.CONSTRUCTS[construct]("", "", ""))
        assert_clean(result, html_page, construct)
        # an empty role or directive argument is a located warning, not a crash
        assert result.warnings.strip(), construct


# -- The two strings, in every format -------------------------------------------------

#: where the string goes: a role's text, an option, a body (option values are single-quoted:
#: MyST reads options as YAML, where a value starting with '"' must be quoted)
PLACES = {
    "ru-role": "Russian: {{ru}}`{s} <власть>`, {{ru}}`vlast`.",
    "noteref-note-body": "A mark.{{noteref}}`1`\n\n::::{{author-notes}}\n:::{{author-note}} 1\n:label: [1].\n{s}\n:::\n::::",
    "ednote-lemma-and-body": "A mark{{ednote}}`k`.\n\n:::{{editorial-note}} k\n:lemma: '{s}'\n{s}\n:::\n\n```{{editorial-notes-list}}\n```",
    "comment-author-body": ":::{{comment}} 1\n:author: '{s}'\n:date: '{s}'\n{s}\n:::",
    # the works-cited page's back-reference carries the author's words in its title attribute
    "cite-as-words": "She writes {{cite-as}}`{s} <dorr1917inside, p. 10>`.\n\n```{{works-cited}}\n:list: cited\n```",
    "app-reading-and-note": ":::{{witness}} R\nThe copy-text.\n:::\n\nThe cowards and faint-heats are abandoning us.\n\n:::{{app}} faint-heats\n:corr: '{s}'\n{s}\n:::",
    "app-source-note": "> A quotation.\n\n:::{{app-source}}\n:cite: dorr1917inside, p. 10\n{s}\n:::",
    "witness-description": ":::{{witness}} R\n{s}\n:::",
    # the index of persons carries the words in its snippets (title attributes)
    "person-words": "Named {{person}}`{s} <kamenev>`.\n\n```{{persons-index}}\n```",
    # the chronology carries the words around a date
    "date-words": "On {{date}}`{s} <1917-02-27 julian note>`.\n\n```{{chronology}}\n```",
}


@pytest.mark.parametrize("place", sorted(PLACES))
def test_script_is_escaped_in_html(html_page: H.OnePage, place: str):
    result = html_page.build("# Page\n\n" + PLACES[place].format(s=H.SCRIPT) + "\n")
    assert_clean(result, html_page)
    doc = lxml_html.document_fromstring(result.html)
    assert not [s for s in doc.iter("script") if "alert(1)" in (s.text or "")]
    # shown as text (escaped, not dropped) ...
    assert H.SCRIPT in visible_text(result)
    # ... and where it reaches an attribute (a back-reference's title), it is the whole value
    in_attributes = [(el.tag, name, value) for el in doc.iter() if isinstance(el.tag, str)
                     for name, value in el.attrib.items() if "alert(1)" in value]
    for tag, name, value in in_attributes:
        assert H.SCRIPT in value, (tag, name, value)
    if place == "cite-as-words":
        assert ("a", "title", H.SCRIPT) in in_attributes, in_attributes


@pytest.mark.parametrize("place", sorted(PLACES))
def test_script_and_input_in_plain_text(text_page: H.OnePage, place: str):
    for s in (H.SCRIPT, H.LATEX_INPUT):
        result = text_page.build("# Page\n\n" + PLACES[place].format(s=s) + "\n")
        assert_clean(result, text_page)
        out = (result.outdir / "index.txt").read_text(encoding="utf-8")
        assert s in out, out


@pytest.fixture(scope="module")
def every_place_pdf(latex_page: H.OnePage) -> tuple[H.Result, subprocess.CompletedProcess[str]]:
    """Every place holding both strings, in one line-numbered page, compiled once."""
    if tex_missing():
        pytest.skip(tex_missing())
    both = f"{H.LATEX_INPUT} {H.SCRIPT}"
    body = "\n\n".join(PLACES[p].format(s=both) for p in sorted(PLACES) if p != "witness-description")
    result = latex_page.build("# Page\n\n" + body + "\n")
    return result, latexmk(result.outdir)


def test_latex_input_is_escaped_and_printed(every_place_pdf, latex_page: H.OnePage):
    result, proc = every_place_pdf
    assert_clean(result, latex_page)
    assert r"\input{/etc/passwd}" not in result.tex
    assert proc.returncode == 0, proc.stdout[-3000:]
    pdf = next(result.outdir.glob("*.pdf"))
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    flat = re.sub(r"-\n", "", text)  # words hyphenated at line ends
    flat = " ".join(flat.split())
    # printed as typed, once per place (the role, note, comment, citation, apparatus ...)
    assert flat.count(r"\input{/etc/passwd}") >= len(PLACES) - 1, flat
    assert flat.count('"><script>alert(1)</script>') >= len(PLACES) - 1, flat


# -- Safety settings: no raw output, no file insertion from content ---------------------------

SAFETY_PAGE = """\
# Safety

A <b>bold</b> word and <script>alert(1)</script>.

<div onclick="alert(3)">a block of HTML</div>

```{raw} html
<script>alert(2)</script>
```

```{include} /etc/passwd
```

```{literalinclude} /etc/passwd
```

```{csv-table}
:file: ../../../../etc/passwd
```
"""


def test_raw_and_file_insertion_are_refused(html_page: H.OnePage):
    result = html_page.build(SAFETY_PAGE)
    assert_clean(result, html_page)
    page = re.escape(str(html_page.page))
    warnings = result.warnings
    assert re.search(rf"{page}:3: WARNING: raw html markup '<b>' .*\[edition\.raw_markup\]", warnings)
    assert re.search(rf"{page}:5: WARNING: raw html markup .*onclick.*\[edition\.raw_markup\]", warnings)
    assert re.search(rf'{page}:7: WARNING: "raw" directive disabled', warnings)
    assert re.search(rf'{page}:11: WARNING: Directive "include" disabled', warnings)
    assert re.search(rf"{page}:14: WARNING: File insertion disabled", warnings)
    assert re.search(rf"{page}:17: WARNING: File and URL access deactivated; ignoring \"csv-table\"", warnings)
    assert "root:" not in result.html  # nothing of /etc/passwd
    text = visible_text(result)
    # the inline and block HTML is shown as the editor typed it, not dropped
    assert "A <b>bold</b> word and <script>alert(1)</script>." in text
    assert '<div onclick="alert(3)">a block of HTML</div>' in text
    assert "alert(2)" not in result.html  # the disabled raw directive outputs nothing


def test_unresolvable_citation_keeps_its_text(html_page: H.OnePage):
    """Unbalanced brackets in cite-as: the words used to vanish behind the warning."""
    result = html_page.build("# C\n\nShe writes {cite-as}`A <b> text <dorr1917inside, <x>>` here.\n")
    assert_clean(result, html_page)
    page = re.escape(str(html_page.page))
    assert re.search(rf"{page}:3: WARNING: citation target .* is malformed.*\[cite\.bad_target\]",
                     result.warnings)
    assert "She writes A <b> text <dorr1917inside, <x>> here." in visible_text(result)


# -- Bibliography fields -------------------------------------------------------------------

WORKS_PAGE = ("# Works\n\nA citation {cite-as}`(5) <fuzz2026, p. 5>` and {cite-as}`fuzz2026`.\n\n"
              "```{works-cited}\n:list: cited\n```\n")


@pytest.mark.parametrize("builder", ["html", "latex", "text"])
def test_bib_fields_are_escaped(tmp_path: Path, builder: str):
    """Every field of an entry holding both strings: the reference, the hover and the
    works-cited page show them as typed (``\\input{x}`` is not a command the edition renders:
    it is shown as typed, with a warning ``cite.latex`` per field)."""
    values = {k: f"{H.SCRIPT} {H.LATEX_INPUT} {k}" for k in H.BIB_FIELDS}
    values.update(year="1917", url='https://example.org/"><script>alert(1)</script>')
    page = H.OnePage(tmp_path, builder=builder, bib=H.bib_entry(values))
    result = page.build(WORKS_PAGE)
    assert_clean(result, page)
    warnings = result.warnings.strip().splitlines()
    assert warnings and all("uses LaTeX" in w and "\\input" in w and w.endswith("[cite.latex]")
                            for w in warnings), result.warnings
    if builder == "html":
        assert f"{H.SCRIPT} \\input{{/etc/passwd}} title" in visible_text(result)
        doc = lxml_html.document_fromstring(result.html)
        assert values["url"] in [a.get("href") for a in doc.iter("a")]
        # popups with their text, and the texts given once for the popups of a page
        tips = [el.text_content() for el in doc.find_class("ed-tip-body")
                + doc.find_class("ed-tip-sources")]
        assert any(f"{H.SCRIPT} \\input{{/etc/passwd}} author" in t for t in tips), tips
    elif builder == "latex":
        assert r"\input{/etc/passwd}" not in result.tex
        tex = result.tex.replace(r"\allowbreak{}", "")  # long words may break after a slash
        assert r"\textbackslash{}input\{/etc/passwd\} title" in tex
    else:
        out = (result.outdir / "index.txt").read_text(encoding="utf-8")
        assert f"{H.SCRIPT} \\input{{/etc/passwd}} title" in out


def test_bib_url_that_is_not_a_web_address_is_not_a_link(tmp_path: Path):
    values = {"author": "Reed, John", "title": "Ten Days", "year": "1919",
              "url": "javascript:alert(1)"}
    page = H.OnePage(tmp_path, bib=H.bib_entry(values))
    result = page.build(WORKS_PAGE)
    assert_clean(result, page)
    bib = re.escape(str(page.bibfile))  # at the url's line
    assert re.search(rf"{bib}:5: WARNING: the url 'javascript:alert\(1\)' of 'fuzz2026' is not a "
                     rf"web address .*\[cite\.bad_url\]", result.warnings), result.warnings
    doc = lxml_html.document_fromstring(result.html)
    assert not [a for a in doc.iter("a") if "javascript" in (a.get("href") or "")]
    assert "javascript:alert(1)" in visible_text(result)  # printed, not dropped


def test_bib_field_that_is_not_latex(tmp_path: Path):
    """A lone backslash in a field (found by ``make fuzz``) crashed the build in pybtex's
    LaTeX reading: now it is a located warning and the field is printed as typed."""
    bib = ("@book{fuzz2026,\n  author = {Reed, John},\n  title = {Ten Days},\n"
           "  year = {1919},\n  note = {C:\\}\n}\n")
    page = H.OnePage(tmp_path, bib=bib)
    result = page.build(WORKS_PAGE)
    assert_clean(result, page)
    bib_path = re.escape(str(page.bibfile))
    assert re.search(rf"{bib_path}:5: WARNING: the field 'note' of 'fuzz2026' is not valid LaTeX "
                     rf".*\[cite\.bad_field\]", result.warnings), result.warnings
    assert "Ten Days. C:\\" in visible_text(result)


# -- reST in {eval-rst}: addresses that run code, footnotes with no target --------------------

EVAL_RST_LINKS = """\
# Links

```{eval-rst}
See javascript:alert(1) and data:text/html,x and https://example.org/ here.

.. image:: javascript:alert(2)

.. image:: inside.png
   :target: java\tscript:alert(3)

A note [#]_ with no footnote.
```
"""


def test_links_that_run_code_are_text(html_page: H.OnePage):
    """docutils makes a link of every address it knows in reST (javascript: and data:
    included) and an image of any: each is a located warning and shown as text."""
    result = html_page.build(EVAL_RST_LINKS)
    assert_clean(result, html_page, "paths")  # Sphinx's <img> of inside.png is expected
    page = re.escape(str(html_page.page))
    for line, what in ((4, "link to 'javascript:alert\\(1'"), (4, "link to 'data:text/html,x'"),
                       (6, "image 'javascript:alert\\(2\\)'"), (8, "link to 'java.{0,2}script:alert\\(3\\)'")):
        assert re.search(rf"^{page}:{line}: WARNING: {what}.*\[edition\.unsafe_link\]$",
                         result.warnings, re.MULTILINE), (what, result.warnings)
    doc = lxml_html.document_fromstring(result.html)
    hrefs = [a.get("href") for a in doc.iter("a")]
    assert "https://example.org/" in hrefs
    assert not [h for h in hrefs if h and "script" in h.replace("\t", "")]
    assert "javascript:alert(1)" in visible_text(result)


def test_footnote_reference_with_no_footnote(html_page: H.OnePage):
    """``[#]_`` in {eval-rst} with no footnote crashed Sphinx's HTML writer (KeyError)."""
    result = html_page.build(EVAL_RST_LINKS)
    page = re.escape(str(html_page.page))
    assert re.search(rf"^{page}:11: WARNING: footnote reference '\[#\]_' has no footnote .*"
                     r"\[edition\.footnote_unresolved\]$", result.warnings, re.MULTILINE), \
        result.warnings
    assert "A note [#]_ with no footnote." in visible_text(result)


# -- Every role and directive of every installed extension (issue 13) -----------------------------

@pytest.fixture(scope="module")
def sweep_page(tmp_path_factory: pytest.TempPathFactory) -> H.OnePage:
    return H.OnePage(tmp_path_factory.mktemp("hostile-sweep"))


#: constructs whose remaining problem belongs to other work, with the reason; the sweep fails
#: when one of them no longer fails (strict), so that the entry is removed
KNOWN_ROLES: dict[str, str] = {}
KNOWN_DIRECTIVES: dict[str, str] = {
    # the page repeats one equation label: docutils' "Duplicate ID" has no line; whether
    # the edition allows mathematics at all is issue 13 part A
    "math": "Duplicate ID",
    # Sphinx's glossary under MyST gives its terms no line, so a duplicate term is named
    # with its file only (the edition's glossary is terms-glossary, not this directive)
    "std:glossary": "duplicate term description",
}
#: directives that make images by design: an <img> whose src is the (escaped) argument
IMAGES = {"image", "figure", "figure-md"}


def sweep(page: H.OnePage, pages: dict[str, str], known: dict[str, str]) -> list[str]:
    failures = []
    for name, text in pages.items():
        try:
            result = page.build(text)
        except Exception as exc:
            failures.append(f"{name}: {type(exc).__name__}: {exc}")
            continue
        problems = H.warning_problems(result, [page.page, page.bibfile]) + H.html_problems(result)
        if name in IMAGES:
            problems = [p for p in problems if p != "<img> element from the input"]
        if name in known:
            if not any(known[name] in p for p in problems):
                failures.append(f"{name}: fixed: remove it from the known problems")
            problems = [p for p in problems if known[name] not in p]
        if problems:
            failures.append(f"{name}: {problems[0]}")
    return failures


def test_every_role_reports_bad_text(sweep_page: H.OnePage):
    """Every role Sphinx, docutils, MyST, sphinxcontrib-bibtex and the edition register, with
    texts that crashed one of them: a located, typed warning, never an exception."""
    roles = H.every_role(sweep_page.app)
    assert {"cite", "cite:p", "cite:t", "footcite", "footcite:p", "cite-as", "ru", "std:ref", "std:doc",
            "download", "math", "abbr", "sub-ref", "cpp:func", "py:func"} <= set(roles)
    failures = sweep(sweep_page, {name: H.role_page(name) for name in roles}, KNOWN_ROLES)
    assert not failures, "\n".join(failures)


def test_every_directive_reports_bad_input(sweep_page: H.OnePage):
    """Every directive, with bad arguments, bodies, an unknown option and bad values of each
    of its options (an empty ``:figwidth:`` raised AttributeError in docutils, a
    ``productionlist`` ValueError, a bad ``:style:`` of ``bibliography`` an ExtensionError)."""
    directives = H.every_directive(sweep_page.app)
    assert {"bibliography", "footbibliography", "app", "witness", "toctree", "figure",
            "csv-table", "std:productionlist", "cpp:function", "std:glossary"} <= set(directives)
    failures = sweep(sweep_page, {name: H.directive_page(name, options)
                                  for name, options in directives.items()}, KNOWN_DIRECTIVES)
    assert not failures, "\n".join(failures)


def test_cite_instead_of_cite_as(html_page: H.OnePage):
    """The issue's input: ``{cite}`` typed for ``{cite-as}`` raised ``ValueError: malformed
    citation target`` from sphinxcontrib-bibtex."""
    result = html_page.build("# C\n\nShe writes {cite}`(47-8) <dorr1917inside, pp. 47–48>` and "
                             "{cite:p}`{x` and {cite:t}`!dorr1917inside` here.\n")
    assert_clean(result, html_page)
    page = re.escape(str(html_page.page))
    assert re.search(rf"{page}:3: WARNING: citation target '\(47-8\) <dorr1917inside, pp\. "
                     r"47–48>' is malformed: .*\{cite-as\}`words <key, locator>`.* "
                     r"\[cite\.bad_target\]", result.warnings), result.warnings
    assert re.search(rf"{page}:3: WARNING: citation target '\{{x' is malformed.*"
                     r"\[cite\.bad_target\]", result.warnings)
    assert re.search(rf"{page}:3: WARNING: '!dorr1917inside': a citation of the edition is always "
                     r"a link.*\[cite\.bad_target\]", result.warnings)
    assert "(47-8) <dorr1917inside, pp. 47–48>" in visible_text(result)  # shown, not dropped


def test_bibliography_style_must_exist(html_page: H.OnePage):
    result = html_page.build("# C\n\n```{bibliography}\n:style: bogus\n```\n\n"
                             "```{footbibliography}\n:style: x\n```\n")
    assert_clean(result, html_page)
    page = re.escape(str(html_page.page))
    assert re.search(rf"{page}:4: WARNING: 'bibliography': Invalid option value for 'style': bogus: "
                     r"'bogus' is not a bibliography style; use one of: .*edition.*\[myst\.directive_option\]",
                     result.warnings), result.warnings


def test_a_failing_construct_is_a_located_warning(html_page: H.OnePage):
    """What the guard does with a construct that still raises: Sphinx's productionlist."""
    result = html_page.build("# P\n\n```{productionlist} <x>\n```\n")
    assert_clean(result, html_page)
    page = re.escape(str(html_page.page))
    assert re.search(rf"{page}:3: WARNING: the directive \{{std:productionlist\}} failed \(ValueError: "
                     r".*\): check its text.*\[edition\.construct_failed\]", result.warnings), result.warnings


# -- Generated registries and bib files: YAML and BibTeX structure (issue 13) -----------------------

@given(document=H.registry_documents())
@settings(max_examples=max(4, settings.default.max_examples // 2))
def test_generated_registry(html_page: H.OnePage, document: str):
    """A registry with hostile YAML structure (aliases, every type, repeated and odd keys,
    nesting, tags): warnings at the registry's lines, never a crash or a Python repr."""
    from terms.domain import get_domain

    html_page.registry.write_text(document, encoding="utf-8")
    get_domain(html_page.app.env).registry = None  # read again, as at the start of a build
    try:
        result = html_page.build("# Terms\n\nThe {ru}`vlast`.\n\n```{terms-glossary}\n```\n")
    finally:
        html_page.registry.write_text((H.ROOT / "source" / "terms.yaml").read_text(encoding="utf-8"),
                                      encoding="utf-8")
        get_domain(html_page.app.env).registry = None
    problems = H.warning_problems(result, [html_page.page, html_page.registry])
    problems += H.html_problems(result)
    glossary = visible_text(result)
    problems += [f"a Python repr in the glossary: {r!r}" for r in ("['", "{'", "True", "None")
                 if r in glossary]
    assert not problems, "\n".join(problems) + "\n--- registry:\n" + document


FIELD_LIMIT = 2000


@given(document=H.bib_documents(FIELD_LIMIT))
@settings(max_examples=max(3, settings.default.max_examples // 4))
def test_generated_bib_structure(tmp_path_factory: pytest.TempPathFactory, document: str):
    """A bib file with hostile structure (macros concatenated into bombs, crossref chains and
    loops, fields around the size limit, control characters, LaTeX, split entry openings,
    duplicate keys): warnings at the bib file's lines; no control character in the page."""
    page = H.OnePage(tmp_path_factory.mktemp("hostile-bibs"), bib=document,
                     overrides={"citations_max_field_chars": FIELD_LIMIT})
    result = page.build(WORKS_PAGE)
    problems = H.warning_problems(result, [page.page, page.bibfile]) + H.html_problems(result)
    if re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", result.html):
        problems.append("a control character in the HTML")
    assert not problems, "\n".join(problems) + "\n--- bib:\n" + document
