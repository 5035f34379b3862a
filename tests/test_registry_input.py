"""The registry of terms (``terms.yaml``) and the pages as untrusted input (issue 13).

Wrong value types, unknown and repeated keys, bytes that are not UTF-8, YAML aliases (the
"billion laughs": 541 bytes that expand to gigabytes), nesting and size: each is a
warning at the registry's (or the page's) line with its ``[type.subtype]``, never a
traceback, never a Python repr in the edition, and never unbounded time or memory.
"""

from __future__ import annotations

import re
import resource
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT, one_page_source

QUIET = "terms.unused,persons.unused,cite.uncited,notes.unreferenced_series"
PAGE = "# Terms\n\nThe {ru}`vlast` of the {ru}`soviets <совет>`.\n\n```{terms-glossary}\n```\n"
#: generous bounds for a one-page build on a shared machine (it takes 2-5 s)
TIME_LIMIT = 120
MEMORY_LIMIT = 3 * 1024 ** 3  # bytes of address space for the whole build process


def limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def build(tmp_path: Path, registry: str | bytes | None, *extra: str, page: str | None = PAGE):
    """A one-page project with *registry* as its ``terms.yaml`` (None: keep the files as they
    are), built to HTML with the edition's conf.py, in a process with bounded memory and time."""
    source = tmp_path / "source"
    if not source.exists():
        one_page_source(source)
    if page is not None:
        (source / "index.md").write_text(page, encoding="utf-8")
    path = source / "terms.yaml"
    if isinstance(registry, bytes):
        path.write_bytes(registry)
    elif registry is not None:
        path.write_text(registry, encoding="utf-8")
    cmd = [sys.executable, "-m", "sphinx", "-b", "html", "--keep-going", "-q", "-c", str(ROOT),
           "-D", f"suppress_warnings={QUIET}", *extra, str(source), str(tmp_path / "html")]
    start = time.monotonic()
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=TIME_LIMIT,
                          preexec_fn=limit_memory)
    proc.seconds = time.monotonic() - start  # type: ignore[attr-defined]
    proc.registry = re.escape(str(path))  # type: ignore[attr-defined]
    return proc


def assert_no_crash(proc) -> None:
    out = proc.stdout + proc.stderr
    for bad in ("Traceback", "Exception occurred", "Extension error", "MemoryError"):
        assert bad not in out, out[-3000:]


def html(tmp_path: Path) -> str:
    return (tmp_path / "html" / "index.html").read_text(encoding="utf-8")


TYPES = """\
- ru: власть
  gloss: power
  spellings: 5
- ru: совет
  gloss: [a council, advice]
  1: one
  null: nothing
  spellings: [sovet, soviets]
  commentary: {a: b}
  gloss: a second gloss
- ru: true
  gloss: yes
- just a string
"""


def test_wrong_types_unknown_and_repeated_keys(tmp_path: Path):
    proc = build(tmp_path, TYPES)
    assert_no_crash(proc)
    reg, w = proc.registry, proc.stderr
    expected = [
        (3, r"a spelling is the number 5: give the words as the text spells them.*; the value is "
            r"ignored \[terms\.registry\]"),
        (5, r"gloss is a list, not text: write it as plain text; the value is ignored \[terms\.registry\]"),
        (6, r"unknown key '1' in this entry: the keys are ru, gloss, spellings, commentary; it is ignored \[terms\.registry\]"),
        (7, r"unknown key 'null' in this entry.*\[terms\.registry\]"),
        (9, r"commentary is a mapping, not text.*\[terms\.registry\]"),
        (10, r"the key 'gloss' appears twice in this entry \(first at line 5\): keep one.*\[terms\.registry\]"),
        (11, r"ru is 'true', which YAML reads as true/false: put it in quotes.*\[terms\.registry\]"),
        (12, r"gloss is 'yes', which YAML reads as true/false.*\[terms\.registry\]"),
        (13, r"this registry entry is not a mapping.*\[terms\.registry\]"),
    ]
    for line, message in expected:
        assert re.search(rf"{reg}:{line}: WARNING: {message}", w), (line, message, w)
    assert "TypeError" not in w
    page = html(tmp_path)
    for repr_like in ("['", "{'", "': '", "True", "None"):
        assert repr_like not in page, repr_like


@pytest.mark.parametrize("registry", [
    "- ru: власть\n  gloss: power\n  spellings: 5\n",
    "- ru: власть\n  gloss: power\n  1: x\n  null: y\n  spellings: [vlast]\n",
], ids=["spellings-5", "keys-1-null"])
def test_issue_inputs(tmp_path: Path, registry: str):
    proc = build(tmp_path, registry, page="# Terms\n\nThe {ru}`vlast`.\n")
    assert_no_crash(proc)
    assert proc.returncode == 0, proc.stderr  # warnings only (no -W here)
    if "1: x" in registry:
        assert re.search(rf"{proc.registry}:3: WARNING: unknown key '1'.*\[terms\.registry\]", proc.stderr)
        assert re.search(rf"{proc.registry}:4: WARNING: unknown key 'null'.*\[terms\.registry\]", proc.stderr)
    else:
        assert re.search(rf"{proc.registry}:3: WARNING: a spelling is the number 5.*\[terms\.registry\]",
                         proc.stderr), proc.stderr


def test_registry_not_utf8(tmp_path: Path):
    registry = "- ru: власть\n  gloss: power\n  spellings: [vlast]\n- ru: совет\n  gloss: caf\xe9\n"
    proc = build(tmp_path, registry.encode("cp1251", errors="replace").replace(b"caf?", b"caf\xe9"))
    assert_no_crash(proc)
    assert re.search(rf"{proc.registry}:1: WARNING: the registry is not UTF-8 \(byte 0x[0-9a-f]{{2}} "
                     r"cannot be read\): save it as UTF-8 in your editor \[terms\.registry\]",
                     proc.stderr), proc.stderr
    # a registry that cannot be read defines no terms: each role says so, at its line
    assert "[terms.unknown]" in proc.stderr


def test_bad_byte_line_is_named(tmp_path: Path):
    data = "- ru: власть\n  gloss: power\n  spellings: [vlast]\n".encode() + b"- ru: \xff\n"
    proc = build(tmp_path, data)
    assert re.search(rf"{proc.registry}:4: WARNING: the registry is not UTF-8 \(byte 0xff", proc.stderr)


BILLION_LAUGHS = """\
- &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
- &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
- &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
- &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
- &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
- &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
- &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
- &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
- &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
- ru: власть
  gloss: *i
"""


def test_yaml_alias_bomb_is_refused_in_bounded_time_and_memory(tmp_path: Path):
    assert len(BILLION_LAUGHS.encode()) < 600  # the issue's bomb was 541 bytes
    proc = build(tmp_path, BILLION_LAUGHS)
    assert_no_crash(proc)
    assert re.search(rf"{proc.registry}:2: WARNING: YAML aliases \(\*a\) are not allowed in the "
                     r"registry: write the value out in full \[terms\.registry\]", proc.stderr), proc.stderr
    assert proc.seconds < TIME_LIMIT


def test_an_anchor_alone_is_harmless_but_an_alias_in_an_entry_is_refused(tmp_path: Path):
    proc = build(tmp_path, "- ru: власть\n  gloss: &g power\n  spellings: [vlast]\n"
                           "- ru: совет\n  gloss: *g\n")
    assert re.search(rf"{proc.registry}:5: WARNING: YAML aliases \(\*g\)", proc.stderr), proc.stderr


def test_deep_nesting(tmp_path: Path):
    proc = build(tmp_path, "- ru: власть\n  gloss: " + "[" * 5000 + "]" * 5000 + "\n")
    assert_no_crash(proc)
    assert re.search(rf"{proc.registry}:2: WARNING: the YAML nests more than 20 levels deep",
                     proc.stderr), proc.stderr


def test_registry_size_limit(tmp_path: Path):
    registry = "- ru: власть\n  gloss: power\n  spellings: [vlast]\n"
    proc = build(tmp_path, registry + "# " + "x" * 5000 + "\n", "-D", "terms_registry_max_bytes=1000")
    assert_no_crash(proc)
    assert re.search(rf"{proc.registry}:1: WARNING: the registry is 5,\d\d\d bytes, more than "
                     r"terms_registry_max_bytes \(1,000\): it is not read.*\[terms\.registry\]",
                     proc.stderr), proc.stderr


def test_default_registry_limit_is_generous():
    from terms.registry import DEFAULT_MAX_BYTES

    real = (ROOT / "source" / "terms.yaml").stat().st_size
    assert DEFAULT_MAX_BYTES >= 100 * real


# -- Pages that are not UTF-8 -------------------------------------------------------------------

def test_page_not_utf8_is_a_located_warning(tmp_path: Path):
    """Sphinx's "Encoding error!" named the file only in its "Last Messages"."""
    page = "# Terms\n\nSee {doc}`other`.\n\n```{toctree}\nother\n```\n"
    source = one_page_source(tmp_path / "source").parent
    other = source / "other.md"
    other.write_bytes("# Other\n\nLine two.\n\nCaf\xe9 au lait.\n".encode("latin-1"))
    proc = build(tmp_path, None, page=page)
    assert_no_crash(proc)
    assert "Encoding error" not in proc.stderr
    assert re.search(rf"{re.escape(str(other))}:5: WARNING: this page is not UTF-8 \(byte 0xe9 on "
                     r"this line cannot be read\): save it as UTF-8 in your editor; it is left out "
                     r"of the build \[edition\.encoding\]", proc.stderr), proc.stderr
    # saved as UTF-8: read; broken again: the last good version stays published
    other.write_text("# Other\n\nLine two.\n\nCafé au lait.\n", encoding="utf-8")
    assert build(tmp_path, None, page=None).returncode == 0
    other.write_bytes("# Other\n\nLine two.\n\nCaf\xe9 au lait!\n".encode("latin-1"))
    again = build(tmp_path, None, page=None)
    assert "its last good version is kept meanwhile [edition.encoding]" in again.stderr
    assert "Café au lait." in (tmp_path / "html" / "other.html").read_text(encoding="utf-8")
