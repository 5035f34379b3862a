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

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import latexmk, tex_missing
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import html as lxml_html

import hostile as H

settings.register_profile(
    "ci", max_examples=12, deadline=None, derandomize=True, database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "fuzz", max_examples=400, deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
#: LaTeX compilation takes seconds: a few examples in CI, more under `make fuzz`
COMPILED_EXAMPLES = 2 if settings.default.max_examples < 100 else 25


@pytest.fixture(scope="module", autouse=True)
def sphinx_global_state():
    """The applications of this module register their roles, directives and nodes in
    docutils' global registries, as every Sphinx application does; restore them afterwards
    (as sphinx-build and Sphinx's own test applications do), so that the next module's
    applications start clean."""
    from sphinx.util.docutils import docutils_namespace

    saved_path = sys.path.copy()
    with docutils_namespace():
        yield
    sys.path[:] = saved_path


@pytest.fixture(scope="module")
def html_page(tmp_path_factory: pytest.TempPathFactory) -> H.OnePage:
    return H.OnePage(tmp_path_factory.mktemp("hostile-html"))


@pytest.fixture(scope="module")
def latex_page(tmp_path_factory: pytest.TempPathFactory) -> H.OnePage:
    return H.OnePage(tmp_path_factory.mktemp("hostile-latex"), builder="latex")


@pytest.fixture(scope="module")
def text_page(tmp_path_factory: pytest.TempPathFactory) -> H.OnePage:
    return H.OnePage(tmp_path_factory.mktemp("hostile-text"), builder="text")


def assert_clean(result: H.Result, page: H.OnePage) -> None:
    problems = H.warning_problems(result, [page.page, page.bibfile])
    if page.builder == "html":
        problems += H.html_problems(result)
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
    assert_clean(html_page.build(H.CONSTRUCTS[construct](a, b, c)), html_page)


@pytest.mark.parametrize("construct", CONSTRUCTS)
@given(a=H.hostile_line(), b=H.hostile_line(), c=H.hostile_body())
@settings(max_examples=max(4, settings.default.max_examples // 3))
def test_generated_input_latex_and_text(latex_page: H.OnePage, text_page: H.OnePage,
                                        construct: str, a: str, b: str, c: str):
    page = H.CONSTRUCTS[construct](a, b, c)
    assert_clean(latex_page.build(page), latex_page)
    assert_clean(text_page.build(page), text_page)


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
    proc = latexmk(result.outdir)
    assert proc.returncode == 0, proc.stdout[-3000:] + "\n--- page:\n" + page


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
    assert_clean(result, html_page)
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
        assert_clean(result, html_page)
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
    works-cited page show them as text (a bib field is LaTeX: ``\\input{x}`` reads ``\\input x``)."""
    values = {k: f"{H.SCRIPT} {H.LATEX_INPUT} {k}" for k in H.BIB_FIELDS}
    values.update(year="1917", url='https://example.org/"><script>alert(1)</script>')
    page = H.OnePage(tmp_path, builder=builder, bib=H.bib_entry(values))
    result = page.build(WORKS_PAGE)
    assert_clean(result, page)
    assert not result.warnings.strip(), result.warnings
    if builder == "html":
        assert f"{H.SCRIPT} \\input /etc/passwd title" in visible_text(result)
        doc = lxml_html.document_fromstring(result.html)
        assert values["url"] in [a.get("href") for a in doc.iter("a")]
        # popups with their text, and the texts given once for the popups of a page
        tips = [el.text_content() for el in doc.find_class("ed-tip-body")
                + doc.find_class("ed-tip-sources")]
        assert any(f"{H.SCRIPT} \\input /etc/passwd author" in t for t in tips), tips
    elif builder == "latex":
        assert r"\input{/etc/passwd}" not in result.tex
        assert r"\textbackslash{}input /etc/passwd title" in result.tex
    else:
        out = (result.outdir / "index.txt").read_text(encoding="utf-8")
        assert f"{H.SCRIPT} \\input /etc/passwd title" in out


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
