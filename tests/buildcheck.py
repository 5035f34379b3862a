"""Helpers for the build checks (incremental, dependency, parallel and live builds).

Builds run ``sphinx-build`` in a subprocess, as ``make html`` does, on working copies of the
edition made by ``scripts/corpus.py``; what Sphinx re-read and wrote is taken from its own
progress lines (``reading sources... [ 50%] essay``), which it prints one per document when
its output is not a terminal.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

import corpus  # noqa: E402  (scripts/corpus.py)

READ = re.compile(r"^reading sources\.\.\. \[\s*\d+%\] (\S+)\s*$", re.M)
WRITTEN = re.compile(r"^writing output\.\.\. \[\s*\d+%\] (\S+)\s*$", re.M)
WARNING = re.compile(r"^.*WARNING: .*$", re.M)

#: Files that are not output a reader gets: Sphinx's pickled doctrees and environment.
NOT_OUTPUT = {".doctrees"}


@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str
    reread: set[str] = field(default_factory=set)
    written: set[str] = field(default_factory=set)

    @property
    def warnings(self) -> list[str]:
        return WARNING.findall(self.stderr)


def build(tree: Path, outdir: Path, *extra: str) -> Run:
    """Build *tree* (a copy of the edition) to HTML in *outdir* as ``make html`` does."""
    cmd = [sys.executable, "-m", "sphinx", "-b", "html", "-W", "-c", str(tree),
           str(tree / "source"), str(outdir), *extra]
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1", NO_COLOR="1")
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=tree)
    return Run(proc.returncode, proc.stdout, proc.stderr,
               set(READ.findall(proc.stdout)), set(WRITTEN.findall(proc.stdout)))


def output_files(outdir: Path) -> dict[str, bytes]:
    """Every file a reader gets from *outdir* (pages, search index, static assets)."""
    files = {}
    for path in sorted(outdir.rglob("*")):
        rel = path.relative_to(outdir)
        if path.is_file() and not NOT_OUTPUT & set(rel.parts):
            files[rel.as_posix()] = path.read_bytes()
    return files


def differences(a: Path, b: Path) -> list[str]:
    """The output files that differ between two builds, or exist in one only."""
    fa, fb = output_files(a), output_files(b)
    return sorted(
        name for name in fa.keys() | fb.keys() if fa.get(name) != fb.get(name)
    )


def docnames(tree: Path) -> set[str]:
    source = tree / "source"
    return {
        p.relative_to(source).with_suffix("").as_posix()
        for p in source.rglob("*") if p.suffix in {".md", ".rst"}
        and not any(part.startswith(("_", ".")) for part in p.relative_to(source).parts)
    }

