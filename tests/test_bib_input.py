"""Bib files as untrusted input (issue 13): bounded cost, correct data, nothing unsafe shown.

Each case is the issue's input (or the smallest that shows it) in a bib file beside the
edition's; the build must finish in bounded time and memory, warn at the bib file's line
with a ``[cite.*]`` subtype, and show readers nothing unsafe: no terminal escape in the HTML
or in ``make cite``'s output, no "In ." reference, no LaTeX command mangled.
"""

from __future__ import annotations

import os
import re
import resource
import subprocess
import sys
import time
from pathlib import Path

from lxml import html as lxml_html

from buildcheck import corpus
from conftest import ROOT, one_page_source

QUIET = "terms.unused,persons.unused,cite.uncited,notes.unreferenced_series"
TIME_LIMIT = 180  # seconds for a one-page build: generous, the builds take 2-6 s
MEMORY_LIMIT = 3 * 1024 ** 3


def limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def cite_page(*keys: str) -> str:
    cites = " ".join(f"{{cite-as}}`({i}) <{k}, p. {i}>`" for i, k in enumerate(keys, 1))
    return f"# Works\n\nCitations {cites}.\n\n```{{works-cited}}\n:list: cited\n```\n"


def build(tmp_path: Path, bib: str | bytes, page: str, *extra: str):
    """A copy of the edition's configuration whose bibliography is its own plus *bib*
    (``fuzz.bib``), one page, built in a process with bounded memory and time."""
    tree = tmp_path / "edition"
    if not tree.exists():
        corpus.copy_edition(tree)
        with (tree / "conf.py").open("a", encoding="utf-8") as f:
            f.write('\nbibtex_bibfiles = ["bibliography.bib", "fuzz.bib"]\n')
    source = one_page_source(tmp_path / "page")
    source.write_text(page, encoding="utf-8")
    bibfile = tree / "fuzz.bib"
    if isinstance(bib, bytes):
        bibfile.write_bytes(bib)
    else:
        bibfile.write_text(bib, encoding="utf-8")
    cmd = [sys.executable, "-m", "sphinx", "-b", "html", "--keep-going", "-q", "-c", str(tree),
           "-D", f"suppress_warnings={QUIET}", *extra, str(source.parent), str(tmp_path / "html")]
    start = time.monotonic()
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=TIME_LIMIT,
                          preexec_fn=limit_memory, env=dict(os.environ, NO_COLOR="1"))
    proc.seconds = time.monotonic() - start  # type: ignore[attr-defined]
    proc.bib = re.escape(str(bibfile))  # type: ignore[attr-defined]
    out = tmp_path / "html" / "index.html"
    proc.html = out.read_text(encoding="utf-8") if out.exists() else ""  # type: ignore[attr-defined]
    for bad in ("Traceback", "Exception occurred", "Extension error", "MemoryError"):
        assert bad not in proc.stdout + proc.stderr, (proc.stdout + proc.stderr)[-3000:]
    return proc


def visible(html: str) -> str:
    doc = lxml_html.document_fromstring(html)
    return " ".join(doc.xpath("//article")[0].text_content().split())


# -- Bounded cost -------------------------------------------------------------------------------

STRING_BOMB = "\n".join(
    ['@string{a = "lollollollol"}']
    + [f"@string{{{b} = " + " # ".join([a] * 10) + "}" for a, b in zip("abcdefgh", "bcdefghi", strict=True)]
    + ["@book{bomb2026,", "  author = {Bomb, The},", "  title = i,", "  year = {1917},", "}", ""]
)


def test_string_macro_bomb_is_refused_in_bounded_time_and_memory(tmp_path: Path):
    """Nine lines of @string expand to 12 GB; each value is cut off while it is expanded."""
    assert len(STRING_BOMB) < 1000
    proc = build(tmp_path, STRING_BOMB, cite_page("bomb2026"))
    # e = 10 × d = 120,000 characters: over the limit at its own line (5)
    assert re.search(rf"{proc.bib}:5: WARNING: the value of 'e' is 120,000 characters long \(after "
                     r"@string macros are expanded\), more than citations_max_field_chars \(100,000\): "
                     r"it is left out; shorten it \[cite\.field_too_long\]", proc.stderr), proc.stderr
    assert proc.seconds < TIME_LIMIT
    assert "Bomb, The. 1917." in visible(proc.html)  # the entry is kept, without its title


def test_five_megabyte_field(tmp_path: Path):
    """A 5 MB field took 139 s and made a 10 MB page."""
    bib = "@book{big2026,\n  author = {Big, The},\n  title = {Big},\n  year = {1917},\n" \
          "  note = {" + ("lorem ipsum " * 440_000) + "},\n}\n"
    assert len(bib) > 5_000_000
    proc = build(tmp_path, bib, cite_page("big2026"))
    assert re.search(rf"{proc.bib}:5: WARNING: the value of 'note' is 5,280,000 characters long.*"
                     r"\[cite\.field_too_long\]", proc.stderr), proc.stderr
    assert len(proc.html) < 500_000
    assert proc.seconds < 60, proc.seconds  # measured: about 4 s (the 5 MB are scanned once)


def test_bib_file_size_limit(tmp_path: Path):
    bib = "@book{small2026,\n  author = {Small, A.},\n  title = {Small},\n  year = {1917},\n}\n" \
          + "% " + "x" * 3000 + "\n"
    proc = build(tmp_path, bib, "# W\n\nText.\n", "-D", "citations_max_bib_bytes=2000")
    assert re.search(rf"{proc.bib}:1: WARNING: the bib file is 3,\d\d\d bytes, more than "
                     r"citations_max_bib_bytes \(2,000\): it is not read.*\[cite\.bib_too_large\]",
                     proc.stderr), proc.stderr


def test_default_limits_are_generous():
    from citations.bibcheck import DEFAULT_MAX_FIELD_CHARS, DEFAULT_MAX_FILE_BYTES
    from citations.bibdata import load

    real = ROOT / "bibliography.bib"
    assert DEFAULT_MAX_FILE_BYTES >= 100 * real.stat().st_size
    longest = max(len(v) for e in load([real]).data.entries.values() for v in e.fields.values())
    assert DEFAULT_MAX_FIELD_CHARS >= 50 * longest


def test_bib_not_utf8_names_the_line(tmp_path: Path):
    bib = "@book{a2026,\n  author = {A, B},\n  title = {Caf\xe9},\n  year = {1917},\n}\n".encode("latin-1")
    proc = build(tmp_path, bib, "# W\n\nText.\n")
    assert re.search(rf"{proc.bib}:3: WARNING: the bib file is not utf-8 \(byte 0xe9 on this line "
                     r"cannot be read\): save it as utf-8 \[cite\.bib_syntax\]", proc.stderr), proc.stderr


# -- Correct data -------------------------------------------------------------------------------

def test_crossref_loop_and_missing_booktitle(tmp_path: Path):
    """A crossref loop printed "In ." with no warning."""
    bib = """\
@incollection{loopa2026,
  author = {Loop, A.},
  title = {Chapter A},
  year = {1917},
  crossref = {loopb2026},
}
@incollection{loopb2026,
  author = {Loop, B.},
  title = {Chapter B},
  year = {1917},
  crossref = {loopa2026},
}
"""
    proc = build(tmp_path, bib, cite_page("loopa2026", "loopb2026"))
    assert re.search(rf"{proc.bib}:1: WARNING: the crossrefs of 'loopa2026' run in a loop \(loopa2026 "
                     r"→ loopb2026 → loopa2026\): nothing is inherited.*\[cite\.crossref\]", proc.stderr), proc.stderr
    assert re.search(rf"{proc.bib}:1: WARNING: the incollection 'loopa2026' has no booktitle.*"
                     r"“In \.”.*\[cite\.missing_field\]", proc.stderr), proc.stderr


def test_crossref_gives_the_book(tmp_path: Path):
    """A valid crossref: the chapter inherits the book's title (as its booktitle), editors,
    publisher and place, as BibTeX does; a missing target is a warning."""
    bib = """\
@book{book2026,
  editor = {Editor, Ed},
  title = {The Book},
  publisher = {Press},
  address = {Toronto},
  year = {2014},
}
@incollection{chapter2026,
  author = {Author, An},
  title = {The Chapter},
  year = {2014},
  crossref = {book2026},
}
@incollection{orphan2026,
  author = {Orphan, An},
  title = {Lost},
  booktitle = {Somewhere},
  year = {2014},
  crossref = {nothere},
}
"""
    proc = build(tmp_path, bib, cite_page("chapter2026", "orphan2026"))
    assert "In ." not in visible(proc.html)
    assert "In The Book, edited by Ed Editor" in visible(proc.html), visible(proc.html)
    assert "Toronto: Press" in visible(proc.html)
    assert re.search(rf"{proc.bib}:14: WARNING: the crossref 'nothere' of 'orphan2026' names no entry "
                     r".*\[cite\.crossref\]", proc.stderr), proc.stderr


def test_duplicate_key_with_brace_on_the_next_line(tmp_path: Path):
    """``@book`` + newline + ``{key,``: the second entry was dropped without a word."""
    bib = "@book{dup2026,\n  author = {First, A.},\n  title = {First},\n  year = {1917},\n}\n\n" \
          "@book\n{dup2026,\n  author = {Second, B.},\n  title = {Second},\n  year = {1918},\n}\n"
    proc = build(tmp_path, bib, cite_page("dup2026"))
    assert re.search(rf"{proc.bib}:7: WARNING: duplicate key 'dup2026': the entry at line 1 has the same "
                     r"key; this later entry is ignored.*\[cite\.duplicate_key\]", proc.stderr), proc.stderr


def test_latex_commands_decoded_rendered_or_shown_as_typed(tmp_path: Path):
    """Accents and specials are decoded, \\emph/\\textbf rendered, anything else shown exactly
    as typed with a warning ("\\emph Sowjets" and "\\foo z" before)."""
    bib = ("@book{latex2026,\n  author = {M{\\\"u}ller, J{\\'e}r{\\^o}me},\n"
           "  title = {{\\\"U}ber die \\emph{Sowjets} und \\textbf{R{\\\"a}te} \\& co.\\ --- \\foo{z} \\ldots},\n"
           "  year = {1917},\n}\n")
    proc = build(tmp_path, bib, cite_page("latex2026"))
    text = visible(proc.html)
    assert "Müller, Jérôme. 1917. Über die Sowjets und Räte & co. — \\foo{z} …" in text, text
    assert "<em>Sowjets</em>" in proc.html and "<strong>R" in proc.html
    assert re.search(rf"{proc.bib}:1: WARNING: the field 'title' of 'latex2026' uses LaTeX command "
                     r"\\foo, which the edition does not render: it is shown as typed.*\[cite\.latex\]",
                     proc.stderr), proc.stderr


def test_control_characters_never_reach_a_reader(tmp_path: Path):
    bib = ("@book{esc2026,\n  author = {Esc, Ape},\n  title = {Red \x1b[31mtext\x1b[0m and \x9b2J"
           " and \x07bell},\n  year = {1917},\n}\n")
    proc = build(tmp_path, bib, cite_page("esc2026"))
    assert re.search(rf"{proc.bib}:1: WARNING: the field 'title' of 'esc2026' contains control characters "
                     r"\(U\+0007, U\+001B, U\+009B, e\.g\. a terminal escape sequence\): each is shown as "
                     r"\ufffd; delete them \[cite\.control_chars\]", proc.stderr), proc.stderr
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", proc.html)
    assert "Red \ufffd[31mtext\ufffd[0m and \ufffd2J and \ufffdbell" in visible(proc.html)
    assert "\x1b" not in proc.stderr


def test_control_characters_never_reach_the_terminal_in_make_cite(tmp_path: Path):
    tree = corpus.copy_edition(tmp_path / "edition")
    with (tree / "bibliography.bib").open("a", encoding="utf-8") as f:
        f.write("\n@book{esc2026,\n  author = {Esc, Ape},\n  title = {Red \x1b[31mtext\x1b]0;owned\x07},\n"
                "  year = {1917},\n  keywords = {consulted},\n}\n")
    proc = subprocess.run([sys.executable, "-m", "citations.lookup", "--root", str(tree),
                           "--builddir", str(tmp_path / "build"), "esc2026"],
                          capture_output=True, text=True, timeout=TIME_LIMIT,
                          env=dict(os.environ, PYTHONPATH=str(ROOT / "extensions"), NO_COLOR="1"))
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout + proc.stderr
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", out), repr(out)
    assert "Red \ufffd[31mtext\ufffd]0;owned\ufffd" in proc.stdout
    assert "[cite.control_chars]" in proc.stderr
