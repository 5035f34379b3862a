"""``python -m sphinx_critical_edition`` (also the command ``sphinx-critical-edition``)."""

from __future__ import annotations

import argparse
import shlex
import sys
from pathlib import Path

from . import __version__


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m sphinx_critical_edition",
        description="The toolkit of the critical edition: start a new edition.")
    parser.add_argument("--version", action="version", version=__version__)
    commands = parser.add_subparsers(dest="command", required=True)
    new = commands.add_parser(
        "new", help="write a new, minimal edition into DIR (a folder that does not exist or is "
                    "empty), ready to build")
    new.add_argument("directory", metavar="DIR", type=Path)
    name = commands.add_parser(
        "output-name", help="the file name of the PDF or EPUB the edition's build writes, from "
                            "its conf.py")
    name.add_argument("format", choices=["pdf", "epub"])
    name.add_argument("confdir", metavar="CONFDIR", type=Path, nargs="?", default=Path("."))
    args = parser.parse_args(argv)
    if args.command == "new":
        from .new import NewEditionError, write_edition

        try:
            written = write_edition(args.directory)
        except NewEditionError as exc:
            print(f"sphinx_critical_edition new: {exc}", file=sys.stderr)
            return 2
        print(f"A new edition is in {args.directory} ({len(written)} files). Next:\n"
              f"  cd {shlex.quote(str(args.directory))} && make html && make pdf && make test\n"
              "then replace the example text, witness, registry and bibliography "
              "(EDITORS-GUIDE.md, “Making a new edition”).")
        return 0
    from .outputs import output_name

    print(output_name(args.confdir, args.format))
    return 0


if __name__ == "__main__":
    sys.exit(main())
