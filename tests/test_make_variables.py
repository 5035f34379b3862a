"""Make variables are data (issue 13).

``make`` runs in a copy of the repository with the values an attacker would give: nothing
they hold is run (no file appears), and the values that cannot be right are refused in one
line with a non-zero exit.  The values that are data — ``q``, ``FORMAT``, ``PORT``,
``BUILDDIR``, ``ONLINE``, ``SOURCE_DATE_EPOCH`` — reach the programs as typed; ``PYTHON``,
``VENV``, ``SPHINXOPTS``, ``O`` and ``LIVEOPTS`` are words of the user's own command line
(README, "Threat model").
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
import corpus

VENV = Path(sys.executable).parent.parent


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return corpus.copy_edition(tmp_path_factory.mktemp("make") / "edition")


def make(tree: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``make ARGS`` in *tree* with the test's virtual environment (never rebuilt); the
    caller's make variables (under ``make test``) are not passed on."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("MAKEFLAGS", "MFLAGS", "MAKEOVERRIDES", "MAKELEVEL")}
    return subprocess.run(
        ["make", "--no-print-directory", "-o", f"{VENV}/.installed", f"VENV={VENV}", *args],
        cwd=tree, capture_output=True, text=True, env=env, stdin=subprocess.DEVNULL,
    )


def ran(tree: Path) -> list[Path]:
    """Files an attack made (every payload touches a file whose name starts with pwned)."""
    return sorted(p for p in tree.parent.rglob("pwned*"))


def one_line_refusal(proc: subprocess.CompletedProcess[str], message: str) -> None:
    assert proc.returncode != 0, proc.stdout + proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0], proc.stderr
    assert not proc.stdout.strip(), proc.stdout


QUERIES = {
    "quotes and a command": '"; touch pwned-q1; "',
    "backticks": "`touch pwned-q2`",
    "dollar parentheses": "$$(touch pwned-q3)",
    "make's shell function": "$(shell touch pwned-q4)",
    "a newline": "dorr\ntouch pwned-q5",
    "a single quote": "x'; touch pwned-q6; '",
}


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_cite_query_is_data(tree: Path, name: str):
    query = QUERIES[name]
    proc = make(tree, "cite", f"q={query}")
    assert not ran(tree), (ran(tree), proc.stdout, proc.stderr)
    # the program got the query as typed, and found no work for it
    assert proc.returncode != 0
    assert proc.stderr.startswith("cite: no work matches "), proc.stderr
    shown = query.replace("\n", "\\n")
    assert shown in proc.stderr, proc.stderr


def test_cite_still_finds_and_formats(tree: Path):
    proc = make(tree, "cite", "q=dorr", "FORMAT=bibtex")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("@book{dorr1917inside,")


@pytest.mark.parametrize("value", ['bibtex"; touch pwned-f1; "', "bibtex csl-json", "$(shell touch pwned-f2)",
                                   "xml"])
def test_format_is_one_of_the_names(tree: Path, value: str):
    proc = make(tree, "cite", "q=dorr", f"FORMAT={value}")
    assert not ran(tree)
    one_line_refusal(proc, "FORMAT must be bibtex or csl-json")


@pytest.mark.parametrize("value", ["8000; touch pwned-p1", "$(shell touch pwned-p2)", "`touch pwned-p3`",
                                   "99999", "-1", "", "80 80"])
def test_port_is_a_number(tree: Path, value: str):
    proc = make(tree, "-n", "livehtml", f"PORT={value}")
    assert not ran(tree)
    one_line_refusal(proc, "PORT must be a whole number from 0 (any free port) to 65535")


def test_port_number_reaches_the_server(tree: Path):
    proc = make(tree, "-n", "livehtml", "PORT=8017")
    assert proc.returncode == 0, proc.stderr
    assert '--port "$EDITION_PORT"' in proc.stdout  # as data, from the environment


REFUSED_BUILDDIRS = {
    ".": "is or contains the edition's repository",
    "..": "is or contains the edition's repository",
    "/": "is or contains the edition's repository",
    "source": "is the edition's source",
    "source/_static": "is inside the edition's source",
    "extensions": "is the edition's extensions",
    "Makefile": "is the edition's Makefile",
    "link-to-source": "is the edition's source",
}


@pytest.mark.parametrize("target", ["clean", "html", "pdf", "cite"])
@pytest.mark.parametrize("builddir", sorted(REFUSED_BUILDDIRS))
def test_builddir_never_the_sources(tree: Path, builddir: str, target: str):
    link = tree / "link-to-source"
    if not link.exists():
        link.symlink_to(tree / "source")
    proc = make(tree, target, f"BUILDDIR={builddir}")
    one_line_refusal(proc, f"BUILDDIR '{builddir}' {REFUSED_BUILDDIRS[builddir]}")
    assert (tree / "source" / "essay.md").exists() and (tree / "extensions").is_dir()


def test_builddir_the_repository_by_its_full_path(tree: Path):
    proc = make(tree, "clean", f"BUILDDIR={tree}")
    one_line_refusal(proc, "is or contains the edition's repository")
    assert (tree / "source" / "essay.md").exists()


@pytest.mark.parametrize("value", ['"; touch pwned-b1; "', "$(shell touch pwned-b2)", "`touch pwned-b3`"])
def test_builddir_is_data(tree: Path, value: str):
    """An odd name is a folder's name: clean deletes that folder and nothing else."""
    odd = tree / value
    odd.mkdir()
    (odd / "file").write_text("x")
    proc = make(tree, "clean", f"BUILDDIR={value}")
    assert proc.returncode == 0, proc.stderr
    assert not odd.exists() and not ran(tree)
    assert (tree / "source" / "essay.md").exists()


def test_no_command_line_value_runs(tree: Path):
    """make exports command-line variables, expanded, to every recipe: not in this Makefile."""
    proc = make(tree, "help", "anything=$(shell touch pwned-x1)", "q=$(shell touch pwned-x2)")
    assert proc.returncode == 0, proc.stderr
    assert not ran(tree)


def test_online_is_data(tree: Path):
    proc = make(tree, "-n", "linkcheck", "ONLINE=$(shell touch pwned-o1)")
    assert proc.returncode == 0, proc.stderr
    assert not ran(tree)
    assert "linkcheck_ignore" not in proc.stdout  # any value but 0 means online


@pytest.mark.parametrize("value", ["$(shell touch pwned-s1)", "1700000000; touch pwned-s2", "soon"])
def test_source_date_epoch_is_a_number(tree: Path, value: str):
    proc = make(tree, "-n", "html", f"SOURCE_DATE_EPOCH={value}")
    assert not ran(tree)
    one_line_refusal(proc, "SOURCE_DATE_EPOCH must be a whole number of seconds since 1970")


def test_no_value_reaches_the_latex_make(tree: Path):
    """Sphinx's `make latexpdf` runs the LaTeX folder's own Makefile: no value is passed on."""
    proc = make(tree, "-p", "-n", "help", "q=x")
    assert proc.returncode == 0
    assert "\nMAKEOVERRIDES := \n" in proc.stdout or "\nMAKEOVERRIDES :=\n" in proc.stdout


# -- Generated values (Hypothesis): shell and make code, mixed with hostile text ---------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

import hostile as H  # noqa: E402

# the edition's Makefile, on a copy of the repository
pytestmark = pytest.mark.edition

#: pieces of shell and make code that each create the file pwned-gen when run
CODE = [
    '"; touch pwned-gen; "', "'; touch pwned-gen; '", "`touch pwned-gen`", "$(touch pwned-gen)",
    "$$(touch pwned-gen)", "$(shell touch pwned-gen)", "\ntouch pwned-gen\n", "; touch pwned-gen",
    "| touch pwned-gen", "&& touch pwned-gen", "${IFS}touch${IFS}pwned-gen",
    "$(eval $(shell touch pwned-gen))", "$(file >pwned-gen,x)", "\\", "%", "#", "=", ":=",
]
value = st.lists(st.one_of(st.sampled_from(CODE), H.hostile_line(2), st.sampled_from(["0", "80"])),
                 min_size=1, max_size=4).map("".join)


def refused_or_ran_cleanly(proc: subprocess.CompletedProcess[str], programs: tuple[str, ...] = ()):
    """Either make succeeded, or it stopped with its one-line refusal, or a program of the
    edition refused the value with a message of its own (never a traceback)."""
    assert "Traceback" not in proc.stderr, proc.stderr
    if proc.returncode == 0:
        return
    first = proc.stderr.strip().splitlines()[0] if proc.stderr.strip() else ""
    assert first.startswith("Makefile:") and "***" in first or first.startswith(programs), \
        proc.stderr


@given(name=st.sampled_from(["q", "FORMAT", "PORT", "BUILDDIR", "ONLINE", "SOURCE_DATE_EPOCH",
                             "anything"]), text=value)
@settings(max_examples=max(14, settings.default.max_examples * 2))
def test_generated_make_values_run_nothing(tree: Path, name: str, text: str):
    target = {"q": ("cite",), "FORMAT": ("cite", "q=dorr"), "PORT": ("-n", "livehtml"),
              "BUILDDIR": ("-n", "html"), "ONLINE": ("-n", "linkcheck"),
              "SOURCE_DATE_EPOCH": ("-n", "html"), "anything": ("help",)}[name]
    proc = make(tree, *target, f"{name}={text}")
    found = ran(tree)
    for path in found:
        path.unlink()
    assert not found, (name, text, proc.stdout[-2000:], proc.stderr[-2000:])
    refused_or_ran_cleanly(proc, ("cite: ",))
    assert (tree / "source" / "essay.md").exists()


@given(text=value)
def test_generated_builddir_for_clean(tree: Path, text: str):
    """make clean with a generated BUILDDIR deletes that folder or refuses; never the edition."""
    proc = make(tree, "clean", f"BUILDDIR={text}")
    found = ran(tree)
    for path in found:
        path.unlink()
    assert not found, (text, proc.stderr)
    refused_or_ran_cleanly(proc)
    for own in ("source/essay.md", "extensions/source_checks.py", "Makefile", "conf.py",
                "scripts/builddir.py"):
        assert (tree / own).exists(), (own, text)


@pytest.mark.parametrize("value", ["x; touch pwned-d1", "$(shell touch pwned-d2)", "`touch pwned-d3`",
                                   "$$(touch pwned-d4)"])
def test_new_edition_dir_is_data(tree: Path, tmp_path: Path, value: str):
    """make new-edition DIR=…: the folder is named as typed; nothing runs."""
    proc = make(tree, "new-edition", f"DIR={tmp_path / value}")
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / value / "conf.py").is_file()
    assert ran(tree) == [] and not list(tmp_path.glob("pwned*"))


def test_new_edition_needs_dir(tree: Path):
    one_line_refusal(make(tree, "new-edition"), "DIR must name the folder of the new edition")
