"""Parallel builds give the same edition as serial ones.

``-j 2`` and ``-j auto`` read the documents in worker processes and merge what each
extension gathered (``merge_domaindata``); an extension whose cross-document data is not
merged correctly shows up here as a page (a glossary, a works-cited list, an apparatus
listing, a back-reference, a hover) that differs from the serial build's.

Compared: every file a reader gets, byte for byte (pages, ``searchindex.js``, static files,
``objects.inv``).  Removed before comparing: nothing but Sphinx's pickled doctrees and
environment (``.doctrees/``), which are caches and not output.  The edition is compared as
it is and as a synthetic corpus three times its size (more documents than workers, so that
each worker reads several pages and the merge is exercised).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from buildcheck import build, corpus, differences

# a parallel build of the edition
pytestmark = pytest.mark.edition


@pytest.fixture(scope="module")
def serial(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Path]]:
    """The edition and a 3x corpus, each with its ``-j 1`` build."""
    base = tmp_path_factory.mktemp("parallel")
    trees = {"edition": corpus.copy_edition(base / "edition")}
    trees["corpus3x"] = corpus.copy_edition(base / "corpus3x")
    corpus.scale(trees["corpus3x"], 3)
    built = {}
    for name, tree in trees.items():
        out = base / f"{name}-j1"
        run = build(tree, out, "-j", "1")
        assert run.returncode == 0 and not run.warnings, run.stderr
        built[name] = (tree, out)
    return built


@pytest.mark.parametrize(
    ("name", "jobs"), [("edition", "2"), ("edition", "auto"), ("corpus3x", "2")]
)
def test_parallel_build_equals_serial_build(serial, tmp_path, name, jobs):
    tree, serial_out = serial[name]
    out = tmp_path / f"{name}-j{jobs}"
    run = build(tree, out, "-j", jobs)
    assert run.returncode == 0 and not run.warnings, run.stderr
    # Sphinx falls back to a serial build (and says so) when an extension is not parallel-safe
    assert "is not safe for parallel" not in run.stderr + run.stdout
    assert differences(serial_out, out) == []
