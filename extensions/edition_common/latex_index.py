"""The PDF's indexes are sorted by upmendex, not makeindex.

Sphinx's LaTeX build (with ``latex_use_xindy = False``) runs makeindex, which reads UTF-8
as bytes: Cyrillic entries come out split and unsorted, so the general index could not
hold the Russian terms' Cyrillic headwords.  upmendex (TeX Live's Unicode makeindex, Debian
``texlive-binaries``) reads the same ``.idx`` files and Sphinx's ``python.ist`` style and
sorts with ICU's collation: Latin in alphabetical order, then Cyrillic in Russian order
(е and ё together, ш before щ, я last), each letter with its heading.

When a LaTeX build has written its files, :func:`use_upmendex` edits the ``latexmkrc``
Sphinx wrote beside them (keeping its engine's lines): ``$makeindex`` becomes upmendex,
and a rule makes the index of persons (``\\jobname.pidx`` → ``.pind``, see
``extensions/persons``) with it.  A project that uses xindy (``latex_use_xindy = True``)
keeps it for the general index.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

MAKEINDEX = "$makeindex = 'internal upmendex %O -o %D %S';"
SECOND_INDEXES = """
# The edition toolkit (edition_common/latex_index.py): upmendex sorts the indexes (Cyrillic
# as Russian); an empty index gives an empty list (upmendex itself fails on one).
sub upmendex {
  my @args = @_;
  if (-z $args[-1]) {
    open(FH, ">", $args[-2]);
    close(FH);
    return 0;
  }
  return system("upmendex", "-s", "python.ist", @args);
}
# The index of persons is an index of its own (\\jobname.pidx; extensions/persons).
add_cus_dep("pidx", "pind", 0, "makepind");
sub makepind { return upmendex("-t", "$_[0].pilg", "-o", "$_[0].pind", "$_[0].pidx"); }
"""


def latexmkrc(text: str) -> str:
    """Sphinx's latexmkrc with upmendex for every index (the general index stays with
    xindy where Sphinx set xindy up)."""
    text = re.sub(r"^\$makeindex = 'makeindex .*$", MAKEINDEX, text, flags=re.M)
    if "makepind" not in text:
        text = text.rstrip("\n") + "\n" + SECOND_INDEXES
    return text


def use_upmendex(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: rewrite the LaTeX build's latexmkrc (see the module)."""
    if exception is not None or app.builder.name != "latex":
        return
    path = Path(app.outdir) / "latexmkrc"
    if path.is_file():
        text = path.read_text(encoding="utf-8")
        new = latexmkrc(text)
        if new != text:
            path.write_text(new, encoding="utf-8")


def setup_latex_index(app: Sphinx) -> None:
    # after pdf_edition writes its confined latexmkrc (texrun.py), which this edits
    app.connect("build-finished", use_upmendex, priority=900)


def setup(app: Sphinx) -> dict[str, Any]:  # pragma: no cover - use edition_common
    setup_latex_index(app)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
