"""Which Debian packages the PDF edition needs, and which of them are missing here.

Run as a script (``python extensions/pdf_edition/texcheck.py``, as ``make pdf`` does) it
prints nothing and exits 0 when everything is there, or prints one line naming the
missing Debian packages and exits 1.  The tests use :func:`missing_packages` to skip
the PDF tests with the same one-line message when TeX is absent (CI installs it:
``.ci/apt-packages``).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

#: (what is checked, how, the Debian package that provides it)
#: kinds: "exe" an executable on PATH; "tex" a file kpsewhich finds; "font" a font file.
REQUIREMENTS: list[tuple[str, str, str]] = [
    ("lualatex", "exe", "texlive-luatex"),
    ("latexmk", "exe", "latexmk"),
    # the indexes: upmendex sorts Cyrillic as Russian (edition_common/latex_index.py)
    ("upmendex", "exe", "texlive-binaries"),
    ("luatex85.sty", "tex", "texlive-luatex"),
    ("polyglossia.sty", "tex", "texlive-latex-recommended"),
    ("fncychap.sty", "tex", "texlive-latex-extra"),
    ("tabulary.sty", "tex", "texlive-latex-extra"),
    ("reledmac.sty", "tex", "texlive-humanities"),
    ("hyph-ru.tex", "tex", "texlive-lang-cyrillic"),
    ("lmodern.sty", "tex", "lmodern"),
    ("FreeSerif.otf", "font", "fonts-freefont-otf"),
]

#: used by the tests only
TEST_REQUIREMENTS: list[tuple[str, str, str]] = [
    ("pdftotext", "exe", "poppler-utils"),
    ("pdffonts", "exe", "poppler-utils"),
]

FONT_DIRS = [Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), Path.home() / ".fonts"]


def _have_tex_file(name: str) -> bool:
    kpsewhich = shutil.which("kpsewhich")
    if not kpsewhich:
        return False
    try:
        out = subprocess.run([kpsewhich, name], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return False
    return out.returncode == 0 and bool(out.stdout.strip())


def _have_font(name: str) -> bool:
    for folder in FONT_DIRS:
        if folder.is_dir() and next(folder.rglob(name), None) is not None:
            return True
    return _have_tex_file(name)


def _have(what: str, kind: str) -> bool:
    if kind == "exe":
        return shutil.which(what) is not None
    if kind == "tex":
        return _have_tex_file(what)
    return _have_font(what)


def missing_packages(*, for_tests: bool = False) -> list[str]:
    """The Debian packages (in a stable order, without repeats) whose files are missing."""
    missing: list[str] = []
    checks = REQUIREMENTS + (TEST_REQUIREMENTS if for_tests else [])
    for what, kind, package in checks:
        if package not in missing and not _have(what, kind):
            missing.append(package)
    return missing


def message(missing: list[str]) -> str:
    """One line: what is missing and the command that installs it."""
    return (
        "The PDF edition needs TeX: missing Debian packages: " + " ".join(missing)
        + " (install them with: apt-get install " + " ".join(missing) + ")"
    )


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    missing = missing_packages(for_tests="--tests" in args)
    if missing:
        print(message(missing), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
