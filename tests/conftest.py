"""Shared fixtures: Sphinx's own testing fixtures for the extensions' test roots, and one
build of the real edition per test session for the integration tests."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# Sphinx colours its warnings when CI is set (sphinx/_cli/util/colour.py): the tests read
# them as text, in CI as on a terminal
os.environ["NO_COLOR"] = "1"

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "extensions"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

pytest_plugins = ("sphinx.testing.fixtures",)

# Hypothesis (tests/test_hostile_input.py, tests/test_make_variables.py): in CI the profile
# "ci" runs 12 examples per test, derandomised (each run is the same); `make fuzz` the
# profile "fuzz", 400 at random.
settings.register_profile(
    "ci", max_examples=12, deadline=None, derandomize=True, database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "fuzz", max_examples=400, deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


# -- The two suites: the toolkit's and the edition's ------------------------------------
# A test of the edition (its copy-text, its pages, its registry and bibliography) is marked
# `edition`: explicitly, or by using a build of the edition (the fixtures below).  Every
# other test is the toolkit's (`toolkit`): it builds small projects of its own
# (tests/roots/, the test edition TOOLKIT_EDITION) and passes with no edition beside the
# toolkit.  `make test-toolkit` runs `pytest -m toolkit`; `make test` runs both.
EDITION_FIXTURES = frozenset({"edition_html", "edition_epub", "edition_pdf", "edition_site"})


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        # a module names its own fixtures that read the edition: ``edition_fixtures = {…}``
        fixtures = EDITION_FIXTURES | set(getattr(item.module, "edition_fixtures", ()))
        if item.get_closest_marker("edition") is None and fixtures.intersection(
                getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.edition)
        if item.get_closest_marker("edition") is None:
            item.add_marker(pytest.mark.toolkit)


@pytest.fixture(scope="session")
def rootdir() -> Path:
    """Test roots live in ``tests/roots/test-<name>`` (Sphinx 9: a plain ``Path``)."""
    return Path(__file__).resolve().parent / "roots"


#: Warnings about the completeness of the whole edition (a registry term or a work that a
#: one-page project never uses): meaningless for a fragment, suppressed in one-page projects.
WHOLE_EDITION_CHECKS = ["terms.unused", "cite.uncited", "notes.unreferenced_series",
                        "persons.unused", "persons.no_index", "dates.no_chronology"]


#: The toolkit's test edition (tests/roots/test-edition): every extension configured as an
#: edition configures them, with its own small registries and bibliography; nothing of the
#: edition beside the toolkit.  The one-page projects of the toolkit's tests use its conf.py.
TOOLKIT_EDITION = Path(__file__).resolve().parent / "roots" / "test-edition"


def one_page_source(dst: Path) -> Path:
    """A source folder for a one-page project built with the test edition's conf.py
    (``confdir=TOOLKIT_EDITION``): its data files (registries, bibliography), none of its
    pages.  Returns the page to write, ``index.md``."""
    shutil.rmtree(dst, ignore_errors=True)
    shutil.copytree(TOOLKIT_EDITION, dst,
                    ignore=shutil.ignore_patterns("*.md", "*.rst", "conf.py", "__pycache__"))
    return dst / "index.md"


@pytest.fixture(scope="module")
def sphinx_global_state():
    """For modules that make Sphinx applications in-process (``hostile.OnePage``): they
    register their roles, directives and nodes in docutils' global registries, as every
    Sphinx application does; restore them afterwards (as sphinx-build and Sphinx's own test
    applications do), so that the next module's applications start clean.  Use it with
    ``pytestmark = pytest.mark.usefixtures("sphinx_global_state")``."""
    from sphinx.util.docutils import docutils_namespace

    saved_path = sys.path.copy()
    with docutils_namespace():
        yield
    sys.path[:] = saved_path


# what a sphinx-build run gave (the same as an edition's own tests get)
from sphinx_critical_edition.testing import Build  # noqa: E402


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


@pytest.fixture(scope="session")
def edition_epub(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The real edition, built once to EPUB with ``-W --keep-going``."""
    out = tmp_path_factory.mktemp("edition-epub") / "epub"
    # the doctrees outside the output folder (as make epub keeps them): the EPUB builder
    # packs every file of its output folder, and warns about each file it cannot type
    return sphinx_build(ROOT / "source", out, builder="epub", confdir=ROOT,
                        extra=["-d", str(out.parent / "doctrees")])


@pytest.fixture(scope="session")
def edition_tei(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The real edition, built once to TEI (``make tei``) with ``-W --keep-going``."""
    out = tmp_path_factory.mktemp("edition-tei") / "tei"
    return sphinx_build(ROOT / "source", out, builder="tei", confdir=ROOT,
                        extra=["-d", str(out.parent / "doctrees")])


# -- A real browser: Debian's Chromium driven by Playwright ------------------------------

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def serve(directory: Path):
    """Serve *directory* on 127.0.0.1 (a free port) in a thread: a context manager giving
    the base URL."""
    import contextlib

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    @contextlib.contextmanager
    def running():
        server = http.server.ThreadingHTTPServer(
            ("127.0.0.1", 0), functools.partial(Quiet, directory=str(directory)))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            yield f"http://127.0.0.1:{server.server_address[1]}"
        finally:
            server.shutdown()
            server.server_close()

    return running()


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium under Playwright (skips when either is missing)."""
    sync_api = pytest.importorskip("playwright.sync_api")
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture(scope="session")
def edition_site(edition_html: Build):
    """The real edition's HTML build, served on 127.0.0.1."""
    assert edition_html.returncode == 0, edition_html.stderr
    with serve(edition_html.outdir) as url:
        yield url


# -- The PDF edition -------------------------------------------------------------------

def latexmk(outdir: Path) -> subprocess.CompletedProcess[str]:
    """The LaTeX builder's Makefile (latexmk, LuaLaTeX) in *outdir*, stopping at the first error.

    TeX breaks its terminal lines at a fixed number of bytes, which may split a Cyrillic
    letter of an index entry in two: the output is read with such bytes replaced."""
    return subprocess.run(
        ["make", "-C", str(outdir), "all-pdf", "LATEXMKOPTS=-interaction=nonstopmode -halt-on-error"],
        capture_output=True, text=True, encoding="utf-8", errors="replace",
    )


@dataclass
class PdfBuild:
    latex: Build
    pdf: Path
    returncode: int
    output: str  # what latexmk printed
    log: str  # the LaTeX log of the last run

    @property
    def tex(self) -> str:
        return self.pdf.with_suffix(".tex").read_text(encoding="utf-8")


def tex_missing() -> str | None:
    """The one-line message naming the missing Debian packages, or None when TeX is here."""
    from pdf_edition.texcheck import message, missing_packages

    missing = missing_packages(for_tests=True)
    return message(missing) if missing else None


def build_pdf(srcdir: Path, outdir: Path, *, confdir: Path | None = None,
              name: str | None = None, extra: list[str] | None = None) -> PdfBuild:
    """Sphinx's LaTeX builder (``-W``), then its Makefile (latexmk, LuaLaTeX), as ``make pdf``."""
    missing = tex_missing()
    if missing:
        pytest.skip(missing)
    latex = sphinx_build(srcdir, outdir, builder="latex", confdir=confdir, extra=extra)
    tex = next(outdir.glob(f"{name or '*'}.tex"), None) if latex.returncode == 0 else None
    if tex is None:
        return PdfBuild(latex, outdir / "missing.pdf", latex.returncode or 1, latex.stderr, "")
    proc = latexmk(outdir)
    pdf = tex.with_suffix(".pdf")
    log_file = tex.with_suffix(".log")
    log = log_file.read_text(encoding="utf-8", errors="replace") if log_file.exists() else ""
    return PdfBuild(latex, pdf, proc.returncode, proc.stdout + proc.stderr, log)


@pytest.fixture(scope="session")
def edition_pdf(tmp_path_factory: pytest.TempPathFactory) -> PdfBuild:
    """The real edition, built once to PDF (skips with one line when TeX is missing)."""
    out = tmp_path_factory.mktemp("edition-pdf") / "latex"
    return build_pdf(ROOT / "source", out, confdir=ROOT, name="all-power-to-the-soviets")
