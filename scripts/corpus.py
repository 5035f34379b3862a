"""Working copies of the edition for the build checks and the benchmark.

* :func:`copy_edition`: the whole project (configuration, sources, bibliography, registries,
  extensions, witnesses) in a fresh folder, without builds, caches or the test suite;
* :func:`scale`: a synthetic corpus N times the size of the edition: N-1 more copies of each
  text page (the essay and the reader comments) with the same markup, their labels and
  anchors renamed so that they stay unique, listed in a hidden toctree;
* :func:`plainify`: the same texts with the project's own markup reduced to plain text
  (a role shows its displayed text, a project directive is unwrapped to its body) and a
  ``conf.py`` with myst_parser and furo only, for the plain-Sphinx baseline;
* :func:`edit_paragraph`: change one sentence of one paragraph, as an editor's save does.

Generic on purpose: the roles and directives it strips are whatever the sources use, less
the short list of Sphinx/docutils built-ins kept as they are (:data:`KEEP_ROLES`,
:data:`KEEP_DIRECTIVES`), so it follows the markup as the extensions land.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

#: Not copied: builds, caches, the test suite and the tooling.
SKIP = {".git", ".venv", "build", "_build", "tests", "__pycache__", ".pytest_cache",
        ".ci", "node_modules"}

#: The pages whose copies make up a synthetic corpus (the edition's running text).
TEXT_PAGES = ("essay", "responses")

#: Built-in roles and directives of Sphinx, docutils and MyST that plain Sphinx keeps.
KEEP_ROLES = {
    "doc", "ref", "numref", "download", "abbr", "sub", "sup", "subscript", "superscript",
    "math", "kbd", "code", "emphasis", "strong", "literal", "title-reference", "eq",
}
KEEP_DIRECTIVES = {
    "toctree", "rst-class", "class", "note", "warning", "admonition", "tip", "important",
    "hint", "attention", "caution", "danger", "error", "seealso", "code-block", "code",
    "sourcecode", "image", "figure", "epigraph", "highlights", "pull-quote", "compound",
    "container", "topic", "sidebar", "rubric", "table", "list-table", "csv-table", "math",
    "only", "raw", "contents", "eval-rst", "line-block", "parsed-literal", "centered",
    "hlist", "versionadded", "versionchanged", "deprecated",
}

ROLE = re.compile(r"\{(?P<name>[A-Za-z][\w:.+-]*)\}`(?P<body>[^`]*)`")
EXPLICIT = re.compile(r"^(?P<text>.*?)\s*<(?P<target>[^<>]*)>$", re.S)
FENCE_OPEN = re.compile(r"^(?P<indent>\s*)(?P<marker>`{3,}|~{3,}|:{3,})\s*(?P<info>.*)$")
DIRECTIVE_INFO = re.compile(r"^\{(?P<name>[^}]+)\}\s*(?P<arg>.*)$")
QUOTED = re.compile(r"^(?:\s{0,3}>)+ ?")
OPTION = re.compile(r"^\s*:[\w-]+:(\s.*)?$")


def copy_edition(dst: Path, root: Path = ROOT) -> Path:
    """Copy the project at *root* into *dst* (created) and return *dst*."""
    dst.mkdir(parents=True, exist_ok=True)
    ignore = shutil.ignore_patterns(*SKIP, "*.pyc")
    for entry in root.iterdir():
        if entry.name in SKIP or entry.name.startswith("."):
            continue
        if entry.is_dir():
            shutil.copytree(entry, dst / entry.name, ignore=ignore, symlinks=False)
        else:
            shutil.copy2(entry, dst / entry.name)
    return dst


# -- synthetic corpora ---------------------------------------------------------------------

LIST_PREFIX = r"^(?P<pre>\s*(?:[-*+]\s+|\d+[.)]\s+)?)"
LABEL_PATTERNS = (
    re.compile(LIST_PREFIX + r"\((?P<id>[^()\s]+)\)=\s*$", re.M),  # MyST target (label)=
    re.compile(r"^\s*:(?:name|id):\s*(?P<id>[\w.:-]+)\s*$", re.M),  # directive option
    re.compile(r"\{#(?P<id>[\w:.-]+)\}"),  # attrs_inline / heading id
)
KEYED = re.compile(r"^\s*(?:`{3,}|:{3,})\{(?P<name>[^}]+)\}\s+(?P<id>[\w.:-]+)\s*$", re.M)

#: Directives whose argument is a number unique in the whole edition (a reader comment's):
#: copy k renumbers N as k*1000 + N.
EDITION_NUMBERED = {"comment"}
#: Directives whose argument is a key unique in the whole edition (an editorial note's),
#: renamed like a label, with the roles that name it.
EDITION_KEYED = {"editorial-note"}
#: Roles whose target is a key of a registry or of the bibliography, never a label.
REGISTRY_ROLES = {"person", "ru", "date", "cite-as", "cite:p", "cite:t"}


def rename_labels(text: str, suffix: str) -> str:
    """Give every label/anchor *text* defines a *suffix*, and the references to it too."""
    ids = {m.group("id") for pattern in LABEL_PATTERNS for m in pattern.finditer(text)}
    ids |= {m.group("id") for m in KEYED.finditer(text) if m.group("name") in EDITION_KEYED}
    for ident in sorted(ids, key=len, reverse=True):
        new = f"{ident}{suffix}"
        q = re.escape(ident)
        text = re.sub(LIST_PREFIX + rf"\({q}\)=", rf"\g<pre>({new})=", text, flags=re.M)
        text = re.sub(rf"^(\s*:(?:name|id):\s*){q}\s*$", rf"\g<1>{new}", text, flags=re.M)
        text = re.sub(rf"\{{#{q}\}}", f"{{#{new}}}", text)
        text = re.sub(rf"^(\s*(?:`{{3,}}|:{{3,}})\{{[^}}]+\}}\s+){q}\s*$", rf"\g<1>{new}", text,
                      flags=re.M)
        # references in roles: {ref}`label`, {ref}`text <label>`, {xx}`label` (not the roles
        # that name a registry entry or a work: a person's key may be a note's key too)
        text = re.sub(rf"(\{{(?P<role>[^{{}}`]+)\}}`(?:[^`<]*<)?){q}(>?`)",
                      lambda m, new=new: m.group(0) if m.group("role") in REGISTRY_ROLES
                      else f"{m.group(1)}{new}{m.group(3)}", text)
        text = re.sub(rf"\]\(#{q}\)", f"](#{new})", text)
    return text


def renumber(text: str, k: int) -> str:
    """Renumber the edition-wide numbered directives (:data:`EDITION_NUMBERED`) for copy *k*."""
    names = "|".join(map(re.escape, sorted(EDITION_NUMBERED)))
    return re.sub(
        rf"^(\s*(?:`{{3,}}|:{{3,}})\{{(?:{names})\}}\s+)(\d+)\s*$",
        lambda m: f"{m.group(1)}{k * 1000 + int(m.group(2))}", text, flags=re.M,
    )


def scale(tree: Path, factor: int, pages: tuple[str, ...] = TEXT_PAGES) -> list[str]:
    """Make the edition in *tree* *factor* times its running text; return the new docnames."""
    source = tree / "source"
    new: list[str] = []
    for k in range(2, factor + 1):
        for page in pages:
            original = source / f"{page}.md"
            if not original.exists():
                continue
            name = f"{page}-copy{k:03d}"
            text = rename_labels(original.read_text(encoding="utf-8"), f"-copy{k:03d}")
            text = renumber(text, k)
            (source / f"{name}.md").write_text(text, encoding="utf-8")
            new.append(name)
    if new:
        index = source / "index.md"
        entries = "\n".join(new)
        index.write_text(
            index.read_text(encoding="utf-8")
            + f"\n```{{toctree}}\n:hidden:\n:caption: Synthetic copies\n\n{entries}\n```\n",
            encoding="utf-8",
        )
    return new


# -- plain-Sphinx baseline -----------------------------------------------------------------

def strip_roles(text: str) -> str:
    """``{role}`text <target>``` and ``{role}`text``` become ``text`` (built-ins kept)."""

    def repl(match: re.Match[str]) -> str:
        if match.group("name") in KEEP_ROLES:
            return match.group(0)
        body = match.group("body")
        explicit = EXPLICIT.match(body)
        if explicit and explicit.group("text").strip():
            body = explicit.group("text")
        return body

    return ROLE.sub(repl, text)


def strip_directives(text: str) -> str:
    """Unwrap the project's directives: keep their body, drop fence, argument and options.

    Built-in directives and code fences are kept whole; a nested fence is handled by the
    usual MyST rule (a closing fence is the same character, at least as long, alone).
    """
    out: list[str] = []
    stack: list[tuple[str, str]] = []  # (marker, "strip" | "keep" | "code") of open fences
    in_options = False
    for line in text.split("\n"):
        body = QUOTED.sub("", line)  # a directive may sit in a block quotation: "> ```{x}"
        stripped = body.strip()
        if stack and stripped and set(stripped) == {stack[-1][0][0]} \
                and len(stripped) >= len(stack[-1][0]):
            _, mode = stack.pop()
            in_options = False
            if mode != "strip":
                out.append(line)
            continue
        if in_options:  # the option lines (or YAML block) right after a stripped opening
            if OPTION.match(body) or stripped == "---":
                continue
            in_options = False
            if not stripped:
                continue
        opening = FENCE_OPEN.match(body)
        if opening and not (stack and stack[-1][1] == "code"):
            directive = DIRECTIVE_INFO.match(opening.group("info").strip())
            if directive is None:
                mode = "code"
            elif directive.group("name").strip() in KEEP_DIRECTIVES:
                mode = "keep"
            else:
                mode = "strip"
            stack.append((opening.group("marker"), mode))
            in_options = mode == "strip"
            if mode != "strip":
                out.append(line)
            continue
        out.append(line)
    return "\n".join(out)


PLAIN_CONF = '''"""Plain Sphinx: the same texts with myst_parser and furo only (the benchmark's
baseline)."""
project = {project!r}
author = {author!r}
language = {language!r}
root_doc = {root_doc!r}
smartquotes = False
extensions = ["myst_parser"]
source_suffix = {{".md": "markdown", ".rst": "restructuredtext"}}
exclude_patterns = ["_build", "Thumbs.db", ".DS_Store"]
html_theme = "furo"
html_copy_source = False
html_show_sourcelink = False
{myst}
'''


def plainify(tree: Path) -> None:
    """Reduce the edition in *tree* to plain MyST and a plain-Sphinx ``conf.py``."""
    namespace: dict[str, object] = {"__file__": str(tree / "conf.py"), "__name__": "conf"}
    exec(compile((tree / "conf.py").read_text(encoding="utf-8"), "conf.py", "exec"), namespace)
    myst = "\n".join(
        f"{key} = {value!r}" for key, value in sorted(namespace.items())
        if key.startswith("myst_")
    )
    (tree / "conf.py").write_text(PLAIN_CONF.format(
        project=namespace.get("project", "edition"), author=namespace.get("author", ""),
        language=namespace.get("language", "en"), root_doc=namespace.get("root_doc", "index"),
        myst=myst,
    ), encoding="utf-8")
    for path in (tree / "source").rglob("*.md"):
        text = path.read_text(encoding="utf-8")
        path.write_text(strip_roles(strip_directives(text)), encoding="utf-8")


# -- editing -------------------------------------------------------------------------------

PROSE = re.compile(r"^[A-Z“‘\"'][^{}`\[\]<>|*_#:]{60,}[.?!”’]$")


def edit_paragraph(path: Path, tag: str) -> str:
    """Append the sentence fragment *tag* to the first plain-prose line of *path* that ends a
    paragraph.

    Returns the edited line.  Repeated edits replace the previous tag, so the page stays
    one paragraph longer by a few words at most.  At the end of a paragraph, the edit leaves
    the copy-text's words of the paragraph in one run, as the build's fidelity check
    (``edition_text_pages``, ``edition_witness_files``) wants them; inside it, every such
    edit fails the build.
    """
    lines = path.read_text(encoding="utf-8").split("\n")
    for i, line in enumerate(lines):
        base = re.sub(r" \(edit [\w-]+\)$", "", line)
        ends_paragraph = i + 1 == len(lines) or not lines[i + 1].strip()
        if (PROSE.match(base) and ends_paragraph) or base != line:
            lines[i] = f"{base} (edit {tag})"
            path.write_text("\n".join(lines), encoding="utf-8")
            return lines[i]
    raise ValueError(f"no plain-prose line to edit in {path}")
