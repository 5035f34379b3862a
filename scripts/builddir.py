"""Is a BUILDDIR safe to build into, and to delete with ``make clean``?

``python3 scripts/builddir.py PATH [VENV]`` prints ``ok`` when *PATH* may hold the build,
else one line saying why not (the Makefile stops with it, and with anything else it prints:
a check that cannot run refuses too).  The build folder is written and, by
``make clean``, deleted: it must not be the repository or a folder containing it (``.``,
``..``, ``/``, the home folder), nor the sources or any other folder or file of the
edition (``source``, ``extensions``, ``tests`` …, the virtual environment), nor inside
them.  Symbolic links are followed: ``build`` linking to ``source`` is ``source``.
Only the standard library: ``make clean`` runs it without the virtual environment.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

#: the edition's own folders (besides every file at the top of the repository)
FOLDERS = ("source", "extensions", "tests", "scripts", "witnesses", "research", ".ci",
           ".git", ".venv")


def problem(value: str, venv: str = "") -> str | None:
    """Why *value* may not be the build folder, or None."""
    if not value.strip():
        return "BUILDDIR is empty: name a folder of its own for the build (default: build)"
    if any(ord(c) < 32 or c == "\x7f" for c in value):
        return "BUILDDIR has a control character (a newline?): name a plain folder"
    path = Path(os.path.realpath(value))
    shown = value if len(value) <= 80 else value[:77] + "..."
    if path == ROOT or path in ROOT.parents:
        return (f"BUILDDIR {shown!r} is or contains the edition's repository, which "
                "`make clean` would delete: choose a folder of its own (default: build)")
    protected = [ROOT / name for name in FOLDERS]
    if venv:
        protected.append(Path(os.path.realpath(venv)))
    protected += [p for p in ROOT.iterdir() if p.is_file()]
    for own in protected:
        own = Path(os.path.realpath(own))
        if path == own or own in path.parents or path in own.parents:
            return (f"BUILDDIR {shown!r} is {'inside ' if own in path.parents else ''}the "
                    f"edition's {own.relative_to(ROOT) if own.is_relative_to(ROOT) else own}, "
                    "which `make clean` would delete: choose a folder of its own "
                    "(default: build)")
    if path.exists() and not path.is_dir():
        return f"BUILDDIR {shown!r} is a file, not a folder"
    return None


def main(argv: list[str]) -> int:
    if len(argv) not in (2, 3):
        print("usage: builddir.py PATH [VENV]", file=sys.stderr)
        return 2
    print(problem(argv[1], argv[2] if len(argv) == 3 else "") or "ok")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
