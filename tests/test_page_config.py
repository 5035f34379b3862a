"""A page cannot reconfigure MyST from its front matter (issue 13).

MyST reads ``myst:`` in a page's front matter as settings for that page: without
``extensions/myst_safety.py``, ``enable_extensions: [substitution]`` there lets the page's
``{{ … }}`` run any Python in the build (Jinja2 with no sandbox) — checked here with a
command that would create a file — and ``dollarmath``, ``html_image``, ``url_schemes`` open
the routes the rest of the build closes.  Each is a located warning and is ignored.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import html as lxml_html

import hostile as H

pytestmark = pytest.mark.usefixtures("sphinx_global_state")


@pytest.fixture(scope="module")
def html_page(tmp_path_factory: pytest.TempPathFactory) -> H.OnePage:
    return H.OnePage(tmp_path_factory.mktemp("page-config"))


def ssti_page(marker: Path) -> str:
    command = f"touch {marker}"
    return (
        "---\nmyst:\n  enable_extensions: [substitution, dollarmath, html_image]\n"
        "  substitutions:\n    key: value\n  url_schemes: [javascript, http, https]\n---\n"
        "# Page\n\n"
        f"A {{{{ cycler.__init__.__globals__.os.popen('{command}').read() }}}} B.\n\n"
        "[click](javascript:alert(1)) and $x^2$.\n"
    )


def test_front_matter_cannot_run_code(html_page: H.OnePage, tmp_path: Path):
    marker = tmp_path / "ssti-ran"
    result = html_page.build(ssti_page(marker))
    assert not marker.exists(), "Jinja2 from the page ran a command"
    page = re.escape(str(html_page.page))
    for line, key in ((3, "enable_extensions"), (4, "substitutions"), (6, "url_schemes")):
        assert re.search(rf"^{page}:{line}: WARNING: front matter 'myst: {key}' is not allowed "
                         r".*\[edition\.page_config\]$", result.warnings, re.MULTILINE), \
            result.warnings
    assert not H.warning_problems(result, [html_page.page]), result.warnings
    doc = lxml_html.document_fromstring(result.html)
    assert not [a for a in doc.iter("a") if (a.get("href") or "").startswith("javascript")]
    text = H.visible_text_of(result)
    # the page's text is kept as typed (the {{ }} is not a substitution here)
    assert "{{ cycler." in text and "$x^2$" in text


def test_top_level_substitutions_and_meta(html_page: H.OnePage):
    result = html_page.build(
        "---\nsubstitutions:\n  key: value\nmyst:\n  html_meta:\n"
        '    "description lang=en": "A page."\n'
        '    "http-equiv=refresh": "0;url=https://example.org/"\n---\n# Page\n\nText.\n\n'
        "```{eval-rst}\n.. meta::\n   :keywords: soviets\n"
        "   :http-equiv=Set-Cookie: x=1\n```\n")
    page = re.escape(str(html_page.page))
    assert re.search(rf"^{page}:2: WARNING: front matter 'substitutions' .*\[edition\.page_config\]",
                     result.warnings, re.MULTILINE), result.warnings
    assert re.search(rf"^{page}:7: WARNING: html_meta 'http-equiv=refresh' .*\[edition\.page_meta\]",
                     result.warnings, re.MULTILINE), result.warnings
    assert re.search(rf"^{page}:\d+: WARNING: meta .*http-equiv='Set-Cookie'.*\[edition\.page_meta\]",
                     result.warnings, re.MULTILINE), result.warnings
    doc = lxml_html.document_fromstring(result.html)
    metas = {(m.get("name"), m.get("http-equiv"), m.get("content")) for m in doc.iter("meta")}
    assert ("description", None, "A page.") in metas and ("keywords", None, "soviets") in metas
    assert not [m for m in metas if m[1] and m[1].lower() in ("refresh", "set-cookie")], metas


@pytest.mark.edition
def test_the_editions_own_front_matter_is_allowed(html_page: H.OnePage):
    """index.md's html_meta (description, author) passes with no warning."""
    from conftest import ROOT

    text = (ROOT / "source" / "index.md").read_text(encoding="utf-8")
    front = text[: text.index("\n---\n", 4) + 5]
    result = html_page.build(front + "# Page\n\nText.\n")
    assert "page_config" not in result.warnings and "page_meta" not in result.warnings


def test_substitution_in_conf_is_refused(tmp_path: Path):
    page = H.OnePage(tmp_path, overrides={"myst_enable_extensions": ["colon_fence",
                                                                     "substitution"]})
    result = page.build("# Page\n\nText.\n")
    assert re.search(r"WARNING: myst_enable_extensions has 'substitution': .*"
                     r"\[edition\.myst_substitution\]", result.warnings), result.warnings
