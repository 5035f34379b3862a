"""sphinxcontrib-bibtex's own directives, with bad content reported, not raised.

Its citation roles are the edition's (:mod:`.roles`: ``{cite:p}`` and ``{cite:t}`` print in
the edition's style, a malformed target is ``cite.bad_target`` at its line, the other roles
are refused with ``cite.unsupported_role``).  An unknown ``:style:`` of ``{bibliography}`` or
``{footbibliography}`` would fail later, in an event handler: here the option accepts only
an installed pybtex style (an invalid option value, reported by MyST/docutils at its line).
"""

from __future__ import annotations

import pybtex.plugin
from sphinx.application import Sphinx
from sphinxcontrib.bibtex.directives import BibliographyDirective
from sphinxcontrib.bibtex.foot_directives import FootBibliographyDirective


def style_name(value: str | None) -> str:
    """``:style:`` of a bibliography: the name of an installed pybtex formatting style."""
    name = (value or "").strip()
    try:
        pybtex.plugin.find_plugin("pybtex.style.formatting", name)
    except pybtex.plugin.PluginNotFound:
        known = ", ".join(sorted(pybtex.plugin.enumerate_plugin_names("pybtex.style.formatting")))
        raise ValueError(f"{name!r} is not a bibliography style; use one of: {known}") from None
    return name


def setup(app: Sphinx) -> None:
    """Check the option (call after sphinxcontrib.bibtex's own setup)."""
    for cls in (BibliographyDirective, FootBibliographyDirective):
        if cls.option_spec and "style" in cls.option_spec:
            cls.option_spec = {**cls.option_spec, "style": style_name}
