"""Nothing is published from outside ``source/`` (issue 13).

Every route by which a path in the text makes Sphinx copy a file — images, figures,
downloads, in MyST and in ``{eval-rst}`` — refuses a path that leaves the source folder or
passes through a symbolic link, with a warning at its line, and copies nothing; symbolic
links anywhere in the source folder (``_static/`` included) are named and neither read nor
published.  ``extensions/path_safety.py``.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import hostile as H
from conftest import ROOT

pytestmark = pytest.mark.usefixtures("sphinx_global_state")

SECRET = "EDITION-OUTSIDE-SECRET-51d2"
#: a 1×1 PNG
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000100e221bc330000000049454e44ae426082"
)

#: route -> (page, line of the warning); {p} is a path to a picture, {f} to a text file
ROUTES: dict[str, tuple[str, int]] = {
    "download role": ("# P\n\nGet {{download}}`the file <{f}>`.\n", 3),
    "markdown link to a file": ("# P\n\nGet [the file]({f}).\n", 3),
    "image directive": ("# P\n\n```{{image}} {p}\n:alt: A picture\n```\n", 3),
    "figure directive": ("# P\n\n```{{figure}} {p}\n:alt: A picture\n\nThe caption.\n```\n", 3),
    "markdown image": ("# P\n\nSee ![A picture]({p}) here.\n", 3),
    "image with target": ("# P\n\n```{{image}} {p}\n:target: https://example.org/\n```\n", 3),
    "eval-rst download": ("# P\n\n```{{eval-rst}}\nGet :download:`the file <{f}>`.\n```\n", 4),
    "eval-rst image": ("# P\n\n```{{eval-rst}}\n.. image:: {p}\n```\n", 4),
    "eval-rst figure": ("# P\n\n```{{eval-rst}}\n.. figure:: {p}\n\n   The caption.\n```\n", 4),
    "eval-rst substitution image": (
        "# P\n\n```{{eval-rst}}\nSee |pic|.\n\n.. |pic| image:: {p}\n```\n", 6),
}


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> H.OnePage:
    tmp = tmp_path_factory.mktemp("paths")
    page = H.OnePage(tmp)
    outside = tmp / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text(SECRET, encoding="utf-8")
    (outside / "pic.png").write_bytes(PNG)
    # inside the source folder, but links to the outside
    (page.page.parent / "link.png").symlink_to(outside / "pic.png")
    (page.page.parent / "link.txt").symlink_to(outside / "secret.txt")
    (page.page.parent / "linkdir").symlink_to(outside)
    return page


def published(outdir: Path) -> list[Path]:
    return [p for d in ("_downloads", "_images") for p in (outdir / d).rglob("*") if p.is_file()]


WAYS = {
    "parent folder": ("../outside/pic.png", "../outside/secret.txt", "path_outside",
                      "it leaves the source folder"),
    "from the source root": ("/../outside/pic.png", "/../outside/secret.txt", "path_outside",
                             "it leaves the source folder"),
    "symbolic link": ("link.png", "link.txt", "path_symlink",
                      "it passes through a symbolic link"),
    "linked folder": ("linkdir/pic.png", "linkdir/secret.txt", "path_symlink",
                      "it passes through a symbolic link"),
}


@pytest.mark.parametrize("way", sorted(WAYS))
@pytest.mark.parametrize("route", sorted(ROUTES))
def test_nothing_from_outside_is_published(project: H.OnePage, route: str, way: str):
    pic, txt, subtype, why = WAYS[way]
    template, line = ROUTES[route]
    result = project.build(template.format(p=pic, f=txt))
    page = re.escape(str(project.page))
    what, path = ("image", pic) if "{p}" in template else ("download", txt)
    assert re.search(rf"^{page}:{line}: WARNING: {what} '{re.escape(path)}' "
                     rf"is not published: {why}; .*\[edition\.{subtype}\]$",
                     result.warnings, re.MULTILINE), result.warnings
    assert not H.warning_problems(result, [project.page]), result.warnings
    assert not published(result.outdir), published(result.outdir)
    assert SECRET not in result.html
    text = H.visible_text_of(result)
    if "figure" in route:
        assert "The caption." in text  # the editors' words are kept
    if "download" in route or "link to a file" in route:
        assert "the file" in text


def test_files_inside_the_tree_are_published(tmp_path: Path):
    """The control: an image and a download inside the source folder are copied."""
    page = H.OnePage(tmp_path)
    (page.page.parent / "pic.png").write_bytes(PNG)
    (page.page.parent / "notes.txt").write_text("Inside.", encoding="utf-8")
    result = page.build("# P\n\n```{image} pic.png\n:alt: A picture\n```\n\n"
                        "Get {download}`the notes <notes.txt>`.\n")
    assert not result.warnings.strip(), result.warnings
    assert sorted(p.name for p in published(result.outdir)) == ["notes.txt", "pic.png"]


def test_image_name_latex_cannot_take(tmp_path: Path):
    page = H.OnePage(tmp_path, builder="latex")
    (page.page.parent / "a}b%c.png").write_bytes(PNG)
    result = page.build("# P\n\n```{image} a}b%c.png\n```\n")
    assert re.search(rf"^{re.escape(str(page.page))}:3: WARNING: image 'a}}b%c.png' is not "
                     r"published: its file name has a character LaTeX cannot take .*"
                     r"\[edition\.path_name\]$", result.warnings, re.MULTILINE), result.warnings
    assert "a}b%c" not in result.tex


@pytest.mark.parametrize("uri, subtype", [
    ("https://example.org/pic.png", "remote_image"),
    ("terms.yaml*x[link](http://x)", "remote_image"),  # no scheme, yet Sphinx fetches it
    ("terms.yaml", "image_type"),
])
def test_images_are_image_files_of_the_tree(tmp_path: Path, uri: str, subtype: str):
    """An image by address is never fetched while building (the LaTeX builder would request
    it, and an address it cannot fetch gave a warning with no file or line); an image file
    must be one LaTeX and the browsers can show (a YAML file stopped the PDF build)."""
    page = H.OnePage(tmp_path, builder="latex")
    result = page.build(f"# P\n\n```{{image}} {uri}\n:alt: A picture\n```\n")
    assert re.search(rf"^{re.escape(str(page.page))}:3: WARNING: image '{re.escape(uri)}' is "
                     rf"not published: .*\[edition\.{subtype}\]$", result.warnings,
                     re.MULTILINE), result.warnings
    assert result.warnings.count("WARNING") == 1, result.warnings
    assert "includegraphics" not in result.tex and "A picture" in result.tex


def test_file_insertion_when_enabled_stays_in_the_tree(tmp_path: Path):
    page = H.OnePage(tmp_path, overrides={"edition_file_insertion_enabled": True})
    outside = tmp_path / "outside.txt"
    outside.write_text(SECRET, encoding="utf-8")
    (page.page.parent / "inside.txt").write_text("Inside text.", encoding="utf-8")
    result = page.build("# P\n\n```{literalinclude} ../outside.txt\n```\n\n"
                        "```{literalinclude} inside.txt\n```\n\n"
                        "```{csv-table}\n:file: ../outside.txt\n```\n")
    loc = re.escape(str(page.page))
    assert re.search(rf"^{loc}:3: WARNING: literalinclude '../outside.txt' inserts nothing: it "
                     r"leaves the source folder.*\[edition\.path_outside\]$", result.warnings,
                     re.MULTILINE), result.warnings
    assert re.search(rf"^{loc}:9: WARNING: csv-table '../outside.txt' inserts nothing",
                     result.warnings, re.MULTILINE), result.warnings
    assert SECRET not in result.html
    assert "Inside text." in H.visible_text_of(result)


def test_page_name_latex_cannot_take(tmp_path: Path):
    page = H.OnePage(tmp_path, builder="latex")
    bad = page.page.parent / "bad}name.md"
    bad.write_text("# Bad\n\nText.\n", encoding="utf-8")
    result = page.build("# P\n\nText.\n")
    assert re.search(r"bad\}name\.md:: WARNING: page bad\}name\.md is not read: its file name "
                     r"has a character LaTeX cannot take .*\[edition\.path_name\]",
                     result.warnings), result.warnings
    assert "bad}name" not in result.tex


# -- Symbolic links in source/ and source/_static/, in a copy of the edition --------------

def test_symlinks_in_the_source_folder_are_refused(tmp_path: Path):
    copy = tmp_path / "edition"
    shutil.copytree(ROOT, copy, ignore=shutil.ignore_patterns(".venv", "build", ".git",
                                                              "__pycache__"))
    outside = tmp_path / "outside"
    (outside / "folder").mkdir(parents=True)
    (outside / "secret.css").write_text(f"/* {SECRET} */", encoding="utf-8")
    (outside / "folder" / "secret.txt").write_text(SECRET, encoding="utf-8")
    (outside / "page.md").write_text(f"# Outside\n\n{SECRET}\n", encoding="utf-8")
    links = {
        "source/_static/leak.css": outside / "secret.css",
        "source/_static/leakdir": outside / "folder",
        "source/leak.md": outside / "page.md",
        "source/leakdir": outside / "folder",
    }
    for name, target in links.items():
        (copy / name).symlink_to(target)
    out = tmp_path / "build"
    proc = subprocess.run(
        [sys.executable, "-m", "sphinx", "-M", "html", "source", str(out), "-c", ".", "-W",
         "--keep-going", "-q"], cwd=copy, capture_output=True, text=True)
    assert proc.returncode != 0
    for name in links:
        relative = name.removeprefix("source/")
        assert re.search(rf"^{re.escape(str(copy / name))}:: WARNING: symbolic link "
                         rf"{re.escape(relative)} is not read or published .*\[edition\.symlink\]$",
                         proc.stderr, re.MULTILINE), proc.stderr
    leaked = [p for p in out.rglob("*") if p.is_file() and SECRET.encode() in p.read_bytes()]
    assert not leaked, leaked
    static = out / "html" / "_static"
    assert (static / "edition.css").exists()  # the real static files are still published
    assert not (static / "leak.css").exists() and not (static / "leakdir").exists()
    assert not list((out / "html").glob("leak*"))
