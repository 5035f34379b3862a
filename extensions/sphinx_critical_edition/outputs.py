"""The names of the files an edition's PDF and EPUB builds write, from its ``conf.py``."""

from __future__ import annotations

from pathlib import Path

from sphinx.config import eval_config_file
from sphinx.util.osutil import make_filename_from_project
from sphinx.util.tags import Tags


def output_name(confdir: Path, fmt: str) -> str:
    """``NAME.pdf`` (``latex_documents``' first file) or ``NAME.epub`` (``epub_basename``), as
    Sphinx derives them when ``conf.py`` does not set them (from ``project``)."""
    conf = eval_config_file(Path(confdir).resolve() / "conf.py", Tags())  # trusted code
    default = make_filename_from_project(conf.get("project", "Python"))
    if fmt == "pdf":
        documents = conf.get("latex_documents") or [(None, default + ".tex")]
        return Path(documents[0][1]).with_suffix(".pdf").name
    return conf.get("epub_basename", default) + ".epub"
