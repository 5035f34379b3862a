"""No code from the text reaches TeX, and the edition's TeX run refuses it anyway (issue 13).

Two walls.  Sphinx's LaTeX writer copies a few constructs into the ``.tex`` as they are
(math, ``tabularcolumns``, ``acks``, raw output): each route of the issue's two payloads
warns at its line and nothing of it reaches the ``.tex`` as code (``extensions/tex_safety``,
``source_checks``, ``myst_safety``).  And should LaTeX from the text still reach TeX (here a
project that switches raw output on, on purpose), the PDF build's own LuaLaTeX run refuses
it: ``\\directlua`` cannot open files outside TeX's reach, ``\\input{/etc/hostname}`` is not
read, no process is started (``extensions/pdf_edition/texrun.py`` and its Lua sandbox).
"""

from __future__ import annotations

import os
import re
import subprocess
import tempfile
from pathlib import Path

import pytest

import hostile as H
from conftest import tex_missing

#: the issue's two payloads
DIRECTLUA = r'\directlua{local f=io.open("../pwned.txt","w") f:write("x") f:close()}x'
INPUT = r"\input{/etc/hostname}"
#: a local file outside the build, with content that cannot occur by chance in a PDF
SECRET_FILE = Path(tempfile.gettempdir()) / "edition-tex-safety-secret.txt"
SECRET = "EDITION-SECRET-9c1e7f"

#: route -> (page with {s} for a payload, line of the warning, [type.subtype] or message)
ROUTES: dict[str, tuple[str, int, str]] = {
    "math role": ("# P\n\nText {{math}}`{s}` here.\n", 3, r"\[edition\.math\]"),
    "math directive": ("# P\n\n```{{math}}\n{s}\n```\n", 3, r"\[edition\.math\]"),
    "eval-rst :math:": ("# P\n\n```{{eval-rst}}\nText :math:`{s}` here.\n```\n", 4,
                        r"\[edition\.math\]"),
    "eval-rst .. math::": ("# P\n\n```{{eval-rst}}\n.. math::\n\n   {s}\n```\n", 4,
                           r"\[edition\.math\]"),
    "eval-rst default-role math": (
        "# P\n\n```{{eval-rst}}\n.. default-role:: math\n\nText `{s}` here.\n```\n", 6,
        r"\[edition\.math\]"),
    "front matter dollarmath": (
        "---\nmyst:\n  enable_extensions: [dollarmath]\n---\n# P\n\nText ${s}$ here.\n", 3,
        r"\[edition\.page_config\]"),
    "front matter amsmath": (
        "---\nmyst:\n  enable_extensions: [amsmath]\n---\n# P\n\n\\begin{{equation}}\n{s}\n"
        "\\end{{equation}}\n", 3, r"\[edition\.page_config\]"),
    "tabularcolumns": ("# P\n\n```{{tabularcolumns}} |p{{{s}}}|\n```\n\n| a |\n| - |\n| b |\n",
                       3, r"\[edition\.tabularcolumns\]"),
    "eval-rst tabularcolumns": (
        "# P\n\n```{{eval-rst}}\n.. tabularcolumns:: |p{{{s}}}|\n\n===\na\n===\nb\n===\n```\n",
        4, r"\[edition\.tabularcolumns\]"),
    "acks": ("# P\n\n```{{acks}}\n* {s}\n```\n", 3, r"\[edition\.acks\]"),
    "eval-rst acks": ("# P\n\n```{{eval-rst}}\n.. acks::\n\n   * {s}\n```\n", 4,
                      r"\[edition\.acks\]"),
    "raw directive": ("# P\n\n```{{raw}} latex\n{s}\n```\n", 3, r'"raw" directive disabled'),
    "eval-rst raw directive": ("# P\n\n```{{eval-rst}}\n.. raw:: latex\n\n   {s}\n```\n", 4,
                               r'"raw" directive disabled'),
    "eval-rst raw role": (
        "# P\n\n```{{eval-rst}}\n.. role:: latex(raw)\n   :format: latex\n\nText :latex:`{s}`.\n"
        "```\n", 7, r"\[edition\.raw_markup\]"),
    "eval-rst only latex": (
        "# P\n\n```{{eval-rst}}\n.. only:: latex\n\n   .. raw:: latex\n\n      {s}\n```\n", 6,
        r'"raw" directive disabled'),
}


pytestmark = pytest.mark.usefixtures("sphinx_global_state")


@pytest.fixture(scope="module")
def latex_page(tmp_path_factory: pytest.TempPathFactory) -> H.OnePage:
    return H.OnePage(tmp_path_factory.mktemp("tex-safety"), builder="latex")


@pytest.fixture(scope="module")
def html_page(tmp_path_factory: pytest.TempPathFactory) -> H.OnePage:
    return H.OnePage(tmp_path_factory.mktemp("tex-safety-html"))


@pytest.mark.parametrize("payload", [DIRECTLUA, INPUT], ids=["directlua", "input"])
@pytest.mark.parametrize("route", sorted(ROUTES))
def test_no_latex_from_the_text(latex_page: H.OnePage, route: str, payload: str):
    template, line, expected = ROUTES[route]
    result = latex_page.build(template.format(s=payload))
    page = re.escape(str(latex_page.page))
    assert re.search(rf"^{page}:{line}: (WARNING|ERROR): .*{expected}", result.warnings,
                     re.MULTILINE), result.warnings
    assert not H.warning_problems(result, [latex_page.page]), result.warnings
    assert r"\directlua{" not in result.tex
    assert r"\input{/etc/hostname}" not in result.tex


@pytest.mark.parametrize("route", ["math role", "math directive", "eval-rst :math:", "acks"])
def test_refused_text_is_shown_as_typed(html_page: H.OnePage, route: str):
    """Never silently dropped: the refused math and names are shown as the editor typed them
    (and the HTML loads no MathJax)."""
    template, _line, _expected = ROUTES[route]
    result = html_page.build(template.format(s=INPUT))
    assert INPUT in H.visible_text_of(result), result.html
    assert "mathjax" not in result.html.lower()


def test_tabularcolumns_keeps_the_table(html_page: H.OnePage):
    result = html_page.build(ROUTES["tabularcolumns"][0].format(s=INPUT))
    assert "<table" in result.html and ">b<" in result.html


# -- The TeX run itself ---------------------------------------------------------------------

#: LaTeX that a project with raw output switched on (on purpose) hands to TeX: every attack
#: in one non-stop compilation; the issue's \input and the embedding of a file, which end
#: the run when refused, in one each
RAW_ATTACKS = rf"""\
# Raw on purpose

The attacks follow.

```{{raw}} latex
{DIRECTLUA}

\directlua{{local f=io.open("/etc/hostname") if f then tex.print("READ:" .. f:read("a")) end}}

\directlua{{local f=io.open("{SECRET_FILE}") if f then tex.print("READ:" .. f:read("a")) end}}

\directlua{{os.setenv("openin_any", "a")}}\openin1={SECRET_FILE} \ifeof1 \else READ-OPENIN \read1 to\x \x\fi

\directlua{{os.execute("touch ../pwned-execute.txt") io.popen("touch ../pwned-popen.txt")}}

\immediate\write18{{touch ../pwned-write18.txt}}

\directlua{{luatexbase.add_to_callback("find_read_file", function(id, name)
  return "{SECRET_FILE}" end, "attack")}}\openin2=anything \ifeof2 \else READ-CALLBACK \fi
\directlua{{luatexbase.remove_from_callback("find_read_file", "attack")}}

\directlua{{local lib = package.loadlib("libc.so.6", "*") tex.print("LOADLIB:" .. tostring(lib))}}

\directlua{{tex.print("ENV:" .. tostring(os.getenv("EDITION_TEST_SECRET")))}}
```
"""
INPUT_ATTACK = f"# Input\n\n```{{raw}} latex\n{INPUT}\n```\n"
EMBED_ATTACK = f"# Embed\n\n```{{raw}} latex\n\\immediate\\pdfextension obj file {{{SECRET_FILE}}}\n```\n"
WRITE_ATTACK = (
    "# Write\n\n```{raw} latex\n"
    '\\directlua{luatexbase.add_to_callback("find_write_file", function(id, name)\n'
    '  return "../pwned-openout.tex" end, "attack")}\\immediate\\openout5=anything\n```\n'
)


def compile_page(page: H.OnePage, text: str) -> tuple[H.Result, str, str]:
    """Build *text*, compile it with the edition's latexmkrc, non-stop, forced; return the
    build, the LaTeX log with the terminal output, and the PDF's text ("" when there is
    none), each with its whitespace collapsed."""
    result = page.build(text)
    for stale in result.outdir.glob("edition.*"):
        if stale.suffix not in (".tex",):
            stale.unlink()
    proc = subprocess.run(
        ["make", "-C", str(result.outdir), "all-pdf", "LATEXMKOPTS=-interaction=nonstopmode -f"],
        capture_output=True, text=True, stdin=subprocess.DEVNULL,
        env={**os.environ, "EDITION_TEST_SECRET": "s3cr3t-value"},
    )
    log = next(result.outdir.glob("*.log")).read_text(encoding="utf-8", errors="replace")
    pdf = next(result.outdir.glob("*.pdf"), None)
    text_out = ""
    if pdf is not None:
        text_out = " ".join(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True,
                                           text=True).stdout.split())
        text_out += " " + H.pdf_streams(pdf.read_bytes()).decode("latin-1")
    return result, " ".join((log + proc.stdout + proc.stderr).split()), text_out


@pytest.fixture(scope="module")
def raw_tex_run(tmp_path_factory: pytest.TempPathFactory):
    """A one-page project with raw output enabled, compiled by the edition's latexmkrc."""
    if tex_missing():
        pytest.skip(tex_missing())
    tmp = tmp_path_factory.mktemp("raw-on-purpose")
    SECRET_FILE.write_text(SECRET + "\n", encoding="utf-8")
    page = H.OnePage(tmp, builder="latex", overrides={"edition_raw_enabled": True})
    return tmp, *(compile_page(page, text) for text in
                  (RAW_ATTACKS, INPUT_ATTACK, EMBED_ATTACK, WRITE_ATTACK))


def test_raw_latex_reached_tex_on_purpose(raw_tex_run):
    _tmp, (result, log, text), (input_result, _log, _text), _embed, _write = raw_tex_run
    # the premise: this project hands the LaTeX to TeX as it is, and TeX typesets it
    assert DIRECTLUA in result.tex and INPUT in input_result.tex
    assert "The attacks follow." in text


def test_tex_run_writes_and_runs_nothing_outside(raw_tex_run):
    tmp, (result, log, text), _input, _embed, (_w, write_log, _t) = raw_tex_run
    written = list(tmp.rglob("pwned*")) + list(tmp.parent.glob("pwned*"))
    assert not written, written
    assert 'edition sandbox: refused io.open("../pwned.txt", "w")' in log, log[-5000:]
    assert 'edition sandbox: refused os.execute("touch ../pwned-execute.txt")' in log
    assert 'refused os.kpsepopen("touch ../pwned-popen.txt")' in log or \
        'refused io.popen("touch ../pwned-popen.txt")' in log
    assert 'edition sandbox: refused writing "../pwned-openout.tex"' in write_log
    assert "LOADLIB:nil" in text  # no C library (LuaTeX without shell escape, and the sandbox)
    # \write18 without shell escape: the command is written to the log, not run
    assert "touch ../pwned-write18.txt" in log


def test_tex_run_reads_no_local_file(raw_tex_run):
    _tmp, (result, log, text), (_r, input_log, input_text), (_e, embed_log, embed_text), _w = \
        raw_tex_run
    assert "Not reading from /etc/hostname (openin_any = p)" in input_log, input_log[-5000:]
    assert 'edition sandbox: refused io.open("/etc/hostname")' in log
    assert f'edition sandbox: refused io.open("{SECRET_FILE}")' in log
    # os.setenv("openin_any", "a") changed nothing: TeX still does not read the file
    assert f"Not reading from {SECRET_FILE} (openin_any = p)" in log
    assert f'edition sandbox: refused reading "{SECRET_FILE}"' in log  # the callback's path
    for leaked in ("READ:", "READ-OPENIN", "READ-CALLBACK", "s3cr3t-value", SECRET):
        assert leaked not in text, leaked
    assert "ENV:nil" in text  # the caller's environment is not the TeX run's
    assert f'edition sandbox: refused reading "{SECRET_FILE}"' in embed_log, embed_log[-3000:]
    assert SECRET not in input_text + embed_text


def test_the_edition_pdf_is_built_by_the_confined_run(edition_pdf):
    """The real edition compiles under the sandbox: luaotfload, fontspec, polyglossia and
    reledmac work (a PDF with its text; byte-identity with an unconfined run was checked
    by hand when the sandbox came in, see README)."""
    assert edition_pdf.returncode == 0, edition_pdf.output[-3000:]
    rc = (edition_pdf.pdf.parent / "latexmkrc").read_text(encoding="utf-8")
    assert "--no-shell-escape" in rc and "--lua=" in rc and "openin_any" in rc
    assert "edition sandbox: refused" not in edition_pdf.log
    assert "Running 'lualatex --lua=" in edition_pdf.output, edition_pdf.output[:3000]
