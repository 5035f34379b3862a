"""Shared fixtures: Sphinx's own testing fixtures for the extensions' test roots, and one
build of the real edition per test session for the integration tests."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "extensions"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

pytest_plugins = ("sphinx.testing.fixtures",)


@pytest.fixture(scope="session")
def rootdir() -> Path:
    """Test roots live in ``tests/roots/test-<name>`` (Sphinx 9: a plain ``Path``)."""
    return Path(__file__).resolve().parent / "roots"


@dataclass
class Build:
    outdir: Path
    returncode: int
    stdout: str
    stderr: str


def sphinx_build(
    srcdir: Path, outdir: Path, *, builder: str = "html", confdir: Path | None = None,
    extra: list[str] | None = None,
) -> Build:
    """Run ``sphinx-build`` as the Makefile does: warnings are errors, keep going."""
    cmd = [
        sys.executable, "-m", "sphinx", "-b", builder, "-W", "--keep-going", "-q",
        "-c", str(confdir or srcdir), str(srcdir), str(outdir), *(extra or []),
    ]
    # test roots name the project's extensions without a path, as the edition's conf.py does
    pythonpath = os.pathsep.join(filter(None, [str(ROOT / "extensions"), os.environ.get("PYTHONPATH")]))
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1", PYTHONPATH=pythonpath)
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env)
    return Build(outdir, proc.returncode, proc.stdout, proc.stderr)


@pytest.fixture(scope="session")
def edition_html(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The real edition, built once to HTML with ``-W --keep-going``."""
    out = tmp_path_factory.mktemp("edition") / "html"
    return sphinx_build(ROOT / "source", out, confdir=ROOT)
