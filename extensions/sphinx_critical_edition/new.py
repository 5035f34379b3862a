"""``python -m sphinx_critical_edition new DIR``: a new edition that builds at once.

It copies the template (``template/`` beside this module): ``conf.py`` with every value
that belongs to this edition in one block at its top, ``source/`` (an index, an about page
that declares the copy-text's witness, one page of text that uses each construct of the
toolkit once, the listings: editorial notes, apparatus, glossary, persons, chronology, works
cited), a registry of terms and of persons and a bibliography with one example entry each,
the copy-text ``witnesses/A.txt``, a ``Makefile`` and the edition's tests
(``tests/test_edition.py``).  Nothing is written into a folder that holds files.
"""

from __future__ import annotations

import shutil
from pathlib import Path

TEMPLATE = Path(__file__).resolve().parent / "template"
#: files stored under another name in the package (a packaged dotfile would be left out)
RENAMED = {"gitignore": ".gitignore"}


class NewEditionError(Exception):
    """The edition cannot be written (the folder holds files, or is not a folder)."""


def write_edition(directory: Path) -> list[Path]:
    """Copy the template into *directory* (created; it must not hold files); the written
    files, relative to it."""
    directory = Path(directory)
    if directory.exists() and not directory.is_dir():
        raise NewEditionError(f"{directory} is a file, not a folder")
    if directory.is_dir() and any(directory.iterdir()):
        raise NewEditionError(f"{directory} is not empty: give a new folder (nothing is "
                              "overwritten)")
    written = []
    for src in sorted(TEMPLATE.rglob("*")):
        if src.is_dir() or "__pycache__" in src.parts or src.suffix == ".pyc":
            continue
        rel = src.relative_to(TEMPLATE)
        rel = rel.with_name(RENAMED.get(rel.name, rel.name))
        dst = directory / rel
        dst.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, dst)
        written.append(rel)
    return written
