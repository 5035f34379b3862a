"""The edition's tests: it builds without a warning, and its text is the copy-text's.

Run them with ``make test``.  Add a test for each thing the edition must keep: a reading
the editors chose, a page a reader needs (see EDITORS-GUIDE.md, "Making a new edition").
"""

from pathlib import Path

import pytest

from sphinx_critical_edition import testing

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def html(tmp_path_factory: pytest.TempPathFactory) -> testing.Build:
    return testing.build(ROOT, tmp_path_factory.mktemp("edition") / "html")


def test_builds_without_a_warning(html: testing.Build):
    assert html.returncode == 0, html.stderr
    assert not html.stderr.strip(), html.stderr


def test_the_text_pages_hold_every_paragraph_of_the_copy_text(html: testing.Build):
    """Word by word, in order: the copy-text's readings (diplomatic view) and, where the
    editors changed nothing, the edited text (critical view)."""
    assert testing.missing_paragraphs(ROOT, html.outdir, "diplomatic") == []


def test_every_page_is_built(html: testing.Build):
    for page in (ROOT / "source").glob("*.md"):
        assert (html.outdir / f"{page.stem}.html").is_file(), page.name
