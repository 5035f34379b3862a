"""The project's set-up files say what the README promises."""

from __future__ import annotations

import re

import yaml

from conftest import ROOT


def test_readthedocs_config():
    config = yaml.safe_load((ROOT / ".readthedocs.yaml").read_text())
    assert config["version"] == 2
    assert config["sphinx"]["configuration"] == "conf.py"
    assert "pdf" in config["formats"]
    assert config["python"]["install"] == [{"requirements": "requirements.txt"}]
    html = " ".join(config["build"]["jobs"]["build"]["html"])
    assert "-c ." in html and " source " in html and "-W" in html


def test_manifest_pins_every_dependency():
    lines = [
        line.strip() for line in (ROOT / "requirements.txt").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    # the toolkit itself, from this checkout (its own dependencies are pinned here too)
    assert lines[0] == "-e ./extensions"
    lines = lines[1:]
    unpinned = [line for line in lines if not re.fullmatch(r"[A-Za-z0-9_.\-\[\]]+==[^=\s]+", line)]
    assert not unpinned
    names = {line.split("==")[0].lower() for line in lines}
    assert {"sphinx", "myst-parser", "sphinxcontrib-bibtex", "furo", "sphinx-autobuild", "pytest"} <= names


def test_readme_names_the_two_setup_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make html" in readme and "make test" in readme
    for target in ("html", "pdf", "livehtml", "test", "clean"):
        assert re.search(rf"^{target}:", (ROOT / "Makefile").read_text(), re.M), target
