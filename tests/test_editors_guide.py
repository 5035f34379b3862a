"""Every example of EDITORS-GUIDE.md builds in a neutral project: the toolkit's test edition.

A ```` ```myst ```` block must build without a warning; a ```` ```myst warns=T.S ```` block
must produce a warning of type/subtype ``T.S`` naming the example's file and line.
Each example is built alone, as the only page of a project that uses the test edition's
conf.py, registries and bibliography (tests/roots/test-edition), never this edition's; warnings about the edition as a whole (a registry term or a work that the
one-page project never uses) do not apply to a fragment and are suppressed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import ROOT, TOOLKIT_EDITION, WHOLE_EDITION_CHECKS, one_page_source, sphinx_build

GUIDE = ROOT / "EDITORS-GUIDE.md"
FENCE = re.compile(r"^(`{3,})myst(?:[ \t]+warns=(\S+))?[ \t]*\n(.*?)^\1[ \t]*$", re.M | re.S)


@dataclass
class Example:
    line: int
    warns: str | None
    body: str

    @property
    def id(self) -> str:
        return f"line{self.line}" + (f"-warns-{self.warns}" if self.warns else "")


def examples() -> list[Example]:
    text = GUIDE.read_text(encoding="utf-8")
    return [
        Example(text.count("\n", 0, m.start()) + 1, m.group(2), m.group(3))
        for m in FENCE.finditer(text)
    ]


def test_the_guide_has_examples():
    assert len(examples()) >= 2


@pytest.mark.parametrize("example", examples(), ids=lambda e: e.id)
def test_example_builds(example: Example, tmp_path: Path):
    src = tmp_path / "source"
    page = one_page_source(src)
    page.write_text(f"# Example from line {example.line}\n\n{example.body}", encoding="utf-8")
    build = sphinx_build(
        src, tmp_path / "html", confdir=TOOLKIT_EDITION,
        extra=["-D", "suppress_warnings=" + ",".join(WHOLE_EDITION_CHECKS)],
    )
    if example.warns is None:
        assert build.returncode == 0 and not build.stderr.strip(), build.stderr
    else:
        assert build.returncode != 0
        assert re.search(rf"{re.escape(str(page))}:\d+: .*\[{re.escape(example.warns)}\]", build.stderr), build.stderr


def test_the_guide_lists_every_warning():
    """The guide's table of warnings is the toolkit's own (``edition_common.messages.Warn``),
    and every warning the guide names elsewhere is one of them."""
    from edition_common.messages import Warn, markdown_table

    text = GUIDE.read_text(encoding="utf-8")
    begin = text.index("<!-- warnings: generated from edition_common.messages.Warn")
    begin = text.index("\n", begin) + 1
    end = text.index("<!-- warnings: end -->")
    assert text[begin:end] == markdown_table(), (
        "EDITORS-GUIDE.md's table of warnings differs from edition_common.messages.Warn: "
        "paste the output of `PYTHONPATH=extensions .venv/bin/python -m edition_common.messages`")
    codes = {m.value for m in Warn}
    named = set(re.findall(r"`((?:app|notes|terms|cite|edition|persons|dates)\.[a-z_]+)`", text))
    named |= {w for w in re.findall(r"warns=([a-z_]+\.[a-z_]+)", text)}
    assert named <= codes, sorted(named - codes)
