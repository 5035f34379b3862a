"""A page that is not UTF-8 is a located warning, not a crash.

Sphinx decodes each source with ``source_encoding`` (UTF-8) and, when a byte cannot be
decoded, stops the whole build with "Encoding error!" and a traceback that names the file
only among its "Last Messages".  Before the pages are read (``env-before-read-docs``),
each one to be read is decoded here: a page that cannot be is reported at the line of its
first bad byte, ``[edition.encoding]``, and is not read this time.  A page read before
keeps its last good version (nothing is lost); a new page is left out of the build until
it is saved as UTF-8.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

logger = logging.getLogger(__name__)


def undecodable(path: Path, encoding: str) -> tuple[int, int] | None:
    """``(line, byte)`` of the first byte of *path* that *encoding* cannot decode, or None."""
    try:
        data = path.read_bytes()
    except OSError:
        return None  # Sphinx reports an unreadable file itself
    try:
        data.decode(encoding)
    except UnicodeDecodeError as exc:
        return data.count(b"\n", 0, exc.start) + 1, data[exc.start]
    except LookupError:
        return None  # an unknown source_encoding: Sphinx's own error
    return None


def check_encodings(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """``env-before-read-docs``: leave out (with a warning) the pages that cannot be decoded."""
    encoding = app.config.source_encoding
    utf8 = encoding.lower().replace("_", "-") in ("utf-8", "utf8", "utf-8-sig")
    name = "UTF-8" if utf8 else encoding
    bad = []
    for docname in docnames:
        path = Path(env.doc2path(docname))
        found = undecodable(path, encoding)
        if found is None:
            continue
        line, byte = found
        kept = docname in env.all_docs
        logger.warning(
            "this page is not %s (byte 0x%02x on this line cannot be read): save it as %s in "
            "your editor; %s", name, byte, name,
            "its last good version is kept meanwhile" if kept else "it is left out of the build",
            location=(docname, line), type="edition", subtype="encoding",
        )
        bad.append(docname)
        if not kept:
            env.found_docs.discard(docname)
    if bad:
        docnames[:] = [d for d in docnames if d not in bad]
