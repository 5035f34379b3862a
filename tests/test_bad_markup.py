"""Bad markup fails the build with a message that names the file and the line."""

from __future__ import annotations

import re
import shutil

import pytest

from conftest import ROOT, sphinx_build


@pytest.mark.sphinx("html", testroot="bad-markup")
def test_warnings_name_file_line_and_type(app):
    app.build()
    warnings = app.warning.getvalue()
    src = re.escape(str(app.srcdir / "index.md"))
    assert re.search(rf"{src}:3: .*unknownrole.*\[myst\.role_unknown\]", warnings)
    assert re.search(rf"{src}:5: .*unknowndirective.*\[myst\.directive_unknown\]", warnings)
    assert re.search(
        rf"{src}:11: .*fence ':::' opened here is never closed.*\[edition\.unclosed_fence\]",
        warnings,
    )
    # exactly one unclosed fence is reported: the closed one before it is not
    assert warnings.count("never closed") == 1


@pytest.mark.sphinx("html", testroot="good-fences")
def test_closed_and_nested_fences_pass(app):
    app.build()
    assert "never closed" not in app.warning.getvalue()


def test_warnings_fail_the_strict_build(rootdir, tmp_path):
    src = tmp_path / "src"
    shutil.copytree(rootdir / "test-bad-markup", src)
    build = sphinx_build(src, tmp_path / "out")
    assert build.returncode != 0
    assert f"{src / 'index.md'}:11:" in build.stderr
    assert "[edition.unclosed_fence]" in build.stderr


@pytest.mark.edition
def test_unclosed_backtick_fence_in_a_copy_of_the_edition(tmp_path):
    """An editor's slip in the real text: the -W build fails and points at the line."""
    shutil.copytree(ROOT, tmp_path / "edition", ignore=shutil.ignore_patterns(".venv", "build", ".git"))
    essay = tmp_path / "edition" / "source" / "essay.md"
    lines = essay.read_text(encoding="utf-8").splitlines()
    # four backticks: no later fence of the page (``` of the apparatus entries) can close it
    lines.insert(20, "````{note}")
    essay.write_text("\n".join(lines) + "\n", encoding="utf-8")
    build = sphinx_build(essay.parent, tmp_path / "out", confdir=tmp_path / "edition")
    assert build.returncode != 0
    assert f"{essay}:21:" in build.stderr and "never closed" in build.stderr
