"""Incremental builds re-read only what an edit touches, and leave nothing stale.

Each test builds a fresh copy of the edition, makes one edit an editor makes (a paragraph,
the bibliography, a term's gloss in the registry, the extensions' code, conf.py), rebuilds
incrementally, and then checks:

* which documents Sphinx re-read (its ``reading sources... [..] name`` lines): a page's
  edit re-reads that page alone (the pages that aggregate data from every page are
  rewritten, not re-read), a code or configuration change re-reads all;
* that nothing shown is stale: the incremental output equals, file for file and byte for
  byte, a from-scratch build of the edited copy (pages, search index, static files).

The edits are generic (the first prose line, the first cited work, the first gloss), so
the tests follow the edition's markup and data as the extensions land; an edit whose data
does not exist yet (no page cites a work, no term registry) is skipped with a reason.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from buildcheck import ROOT, build, corpus, differences, docnames

# incremental builds of (a copy of) the edition
pytestmark = pytest.mark.edition

TOKEN = "Zqxedited"


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One complete, warning-free build of a copy of the edition, kept as a snapshot."""
    base = tmp_path_factory.mktemp("incremental")
    tree = corpus.copy_edition(base / "work" / "edition")
    run = build(tree, base / "work" / "html")
    assert run.returncode == 0 and not run.warnings, run.stderr
    shutil.copytree(base / "work", base / "snapshot", symlinks=True)  # copy2 keeps mtimes
    return base


@pytest.fixture
def edition(pristine: Path) -> tuple[Path, Path]:
    """The built copy as the snapshot has it, at the path it was built at.

    Sphinx discards an environment whose source directory moved, and decides what is
    outdated from modification times: restoring in place with the times kept gives each
    test the state right after a full build, without building again.
    """
    work = pristine / "work"
    shutil.rmtree(work)
    shutil.copytree(pristine / "snapshot", work, symlinks=True)
    return work / "edition", work / "html"


def rebuild_and_compare(tree: Path, out: Path):
    """Rebuild incrementally; the result must equal a build from scratch of the same files."""
    inc = build(tree, out)
    assert inc.returncode == 0 and not inc.warnings, inc.stderr
    fresh_out = out.parent / "fresh"
    fresh = build(tree, fresh_out)
    assert fresh.returncode == 0, fresh.stderr
    stale = differences(out, fresh_out)
    assert stale == [], f"stale after an incremental build: {stale}"
    return inc


def shown(out: Path, token: str) -> list[str]:
    return sorted(
        p.relative_to(out).as_posix() for p in out.rglob("*.html") if token in p.read_text("utf-8")
    )


def test_noop_rebuild_reads_and_writes_nothing(edition):
    tree, out = edition
    again = build(tree, out)
    assert again.returncode == 0, again.stderr
    assert again.reread == set()
    assert again.written == set()


def reread_by_citations() -> set[str]:
    """The works-cited page, which the citations extension still re-reads on every change
    (its ``env-get-outdated`` handler) until it builds the list from its domain when the
    page is written, as the apparatus, notes and terms do."""
    import citations.transforms

    return {"works-cited"} if hasattr(citations.transforms, "outdated") else set()


def test_paragraph_edit_rereads_that_page_alone(edition):
    """An edit of one paragraph re-reads exactly that page: the pages that gather data from
    every page (apparatus, editorial notes, glossary) are rewritten from their domains'
    data, not re-read."""
    tree, out = edition
    corpus.edit_paragraph(tree / "source" / "essay.md", TOKEN)
    inc = rebuild_and_compare(tree, out)
    assert inc.reread == {"essay"} | reread_by_citations(), inc.reread
    assert shown(out, TOKEN) == ["essay.html"]


ROLE = re.compile(r"\{(?P<name>[\w:.+-]+)\}`")
DEFINES_SOMETHING = re.compile(r"\{#|\(\S+\)=|\[\^")


def marked_lines() -> dict[str, tuple[str, str]]:
    """For each project role used in the text pages, the first line using it: (page, line)."""
    found: dict[str, tuple[str, str]] = {}
    for page in corpus.TEXT_PAGES:
        path = ROOT / "source" / f"{page}.md"
        if not path.is_file():
            continue  # no edition beside the toolkit (make test-toolkit): nothing to collect
        for line in path.read_text(encoding="utf-8").split("\n"):
            if DEFINES_SOMETHING.search(line) or line.startswith((":", "`", "%")):
                continue
            for m in ROLE.finditer(line):
                if m.group("name") not in corpus.KEEP_ROLES:
                    found.setdefault(m.group("name"), (page, line))
    return found


#: Known staleness bugs, reported to the extension's owner: the test is an expected failure
#: (strict: it fails as soon as the bug is fixed, so that the mark is removed).
KNOWN_STALE: dict[str, str] = {}


@pytest.mark.parametrize("role", [
    pytest.param(role, marks=[pytest.mark.xfail(strict=True, reason=KNOWN_STALE[role])]
                 if role in KNOWN_STALE else [])
    for role in sorted(marked_lines())
] or [pytest.param("none", marks=pytest.mark.skip(reason="no project roles in the text yet"))])
def test_new_use_of_a_role_updates_aggregating_pages(edition, role):
    """A second occurrence of the first sentence that uses *role* (a term, a citation...)."""
    tree, out = edition
    page, line = marked_lines()[role]
    path = tree / "source" / f"{page}.md"
    path.write_text(path.read_text(encoding="utf-8") + f"\n\n{TOKEN}: {line}\n", encoding="utf-8")
    inc = rebuild_and_compare(tree, out)
    assert inc.reread == {page} | reread_by_citations(), inc.reread


def cited_keys(tree: Path) -> list[str]:
    bib = (tree / "bibliography.bib").read_text(encoding="utf-8")
    keys = re.findall(r"^@\w+\{([^,\s]+),", bib, re.M)
    sources = "\n".join(p.read_text(encoding="utf-8") for p in (tree / "source").rglob("*.md"))
    return [key for key in keys if re.search(rf"(?<![\w:-]){re.escape(key)}(?![\w:-])", sources)]


def test_bibliography_edit_updates_every_page_that_shows_the_work(edition):
    tree, out = edition
    keys = cited_keys(tree)
    if not keys:
        pytest.skip("no page cites a work of bibliography.bib yet")
    bib = tree / "bibliography.bib"
    text = bib.read_text(encoding="utf-8")
    start = text.index(f"{{{keys[0]},")
    entry_end = text.find("\n@", start)
    entry = text[start:entry_end if entry_end > 0 else len(text)]
    edited = re.sub(r"(\btitle\s*=\s*[{\"])", rf"\g<1>{TOKEN} ", entry, count=1)
    assert edited != entry, f"no title field in {keys[0]}"
    bib.write_text(text.replace(entry, edited), encoding="utf-8")
    rebuild_and_compare(tree, out)
    assert shown(out, TOKEN), f"the edited title of {keys[0]} is shown nowhere"


def test_registry_gloss_edit_updates_every_page_that_shows_the_term(edition):
    tree, out = edition
    registries = [
        p for p in sorted((tree / "source").rglob("*.y*ml"))
        if re.search(r"^\s*-?\s*gloss:", p.read_text(encoding="utf-8"), re.M)
    ]
    if not registries:
        pytest.skip("no term registry with glosses yet")
    registry = registries[0]
    text = registry.read_text(encoding="utf-8")
    edited = re.sub(r"^(\s*-?\s*gloss:\s*)(['\"]?)", rf"\g<1>\g<2>{TOKEN} ", text, count=1, flags=re.M)
    registry.write_text(edited, encoding="utf-8")
    rebuild_and_compare(tree, out)
    assert shown(out, TOKEN), "the edited gloss is shown nowhere"


@pytest.mark.parametrize("edited", ["extensions/edition_common/__init__.py", "conf.py"])
def test_code_or_configuration_edit_rereads_everything(edition, edited):
    tree, out = edition
    with (tree / edited).open("a", encoding="utf-8") as f:
        f.write("\n# an edit that changes no behaviour still invalidates every page\n")
    inc = rebuild_and_compare(tree, out)
    assert inc.reread == docnames(tree)
    assert "config changed ('edition_code_fingerprint')" in inc.stdout


# -- Renaming or deleting a page (issue 13: the search index kept entries of the old page) --

def rename_in_configuration(tree: Path, old: str, new: str | None) -> None:
    """The root toctree and conf.py's page lists follow a page renamed (or deleted: None)."""
    index = tree / "source" / "index.md"
    lines = index.read_text(encoding="utf-8").split("\n")
    lines = [new if line == old else line for line in lines if not (line == old and new is None)]
    index.write_text("\n".join(lines), encoding="utf-8")
    conf = tree / "conf.py"
    text = conf.read_text(encoding="utf-8")
    if new is None:
        text = re.sub(rf',\s*"{old}"(:\s*"[^"]*")?|"{old}"(:\s*"[^"]*")?,\s*', "", text)
    else:
        text = text.replace(f'"{old}"', f'"{new}"')
    conf.write_text(text, encoding="utf-8")


@pytest.mark.parametrize("new", ["replies", None], ids=["renamed", "deleted"])
@pytest.mark.parametrize("options", [[], ["-D", "edition_stop_before_writing=1"]],
                         ids=["make-html", "livehtml"])
def test_page_with_terms_renamed_or_deleted(edition, new, options):
    """A page with Russian terms (index entries in the search index) renamed or deleted: the
    rebuild, as ``make html`` or a save under ``make livehtml`` runs it, equals a clean
    build, and the old page's output is gone."""
    tree, out = edition
    source = tree / "source" / "responses.md"
    assert "{ru}" in source.read_text(encoding="utf-8")
    if new is None:
        source.unlink()
    else:
        source.rename(source.with_name(f"{new}.md"))
    rename_in_configuration(tree, "responses", new)
    # the works, terms and persons only the comments name become unused, and the comments'
    # copy-text is lost (app.fidelity): true, but not this test's point
    quiet = (["-D", "suppress_warnings=terms.unused,cite.uncited,persons.unused,app.fidelity"]
             if new is None else [])
    inc = build(tree, out, *options, *quiet)
    assert inc.returncode == 0 and not inc.warnings, inc.stderr
    assert "Traceback" not in inc.stderr + inc.stdout
    assert not (out / "responses.html").exists()
    fresh = build(tree, out.parent / "fresh", *quiet)
    assert fresh.returncode == 0, fresh.stderr
    assert differences(out, out.parent / "fresh") == []


def test_a_page_renamed_in_the_contents_is_renamed_in_every_index(edition):
    """The indexes (persons, glossary, chronology) name each page as the tables of contents
    do: a new toctree label for the essay reaches them, although only the root page is
    re-read and none of their data changed."""
    tree, out = edition
    index = tree / "source" / "index.md"
    text = index.read_text(encoding="utf-8")
    assert "The essay <essay>" in text
    index.write_text(text.replace("The essay <essay>", f"The essay {TOKEN} <essay>"),
                     encoding="utf-8")
    # (every page's navigation shows the label too, and Sphinx does not rewrite the pages
    # for it: no comparison with a fresh build here)
    inc = build(tree, out)
    assert inc.returncode == 0 and not inc.warnings, inc.stderr
    assert "essay" not in inc.reread, inc.reread
    assert {"persons.html", "glossary.html", "chronology.html"} <= set(shown(out, TOKEN))
