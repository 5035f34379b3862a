"""sphinxcontrib-bibtex's own roles and directives, with bad content reported, not raised.

sphinxcontrib-bibtex 2.7 raises ``ValueError: malformed citation target`` from its ``cite``
roles (``{cite}``, ``{cite:p}``, ``{cite:t}`` and the rest of the ``cite`` domain) when the
text is not a list of keys, e.g. when an editor types ``{cite}`` for the edition's
``{cite-as}`` (``{cite}`(10) <dorr1917inside, p. 10>```), and ``KeyError`` for ``!key``;
an unknown ``:style:`` of ``{bibliography}`` or ``{footbibliography}`` fails later, in an
event handler.  Here:

* each ``cite`` role checks its text first: a malformed target is a warning
  ``cite.bad_target`` at the role's line, saying what the role takes and that the
  author's own words are cited with ``{cite-as}``; the text stays visible as typed;
* the ``:style:`` option of both directives accepts only an installed pybtex style (an
  invalid option value, reported by MyST/docutils at its line).
"""

from __future__ import annotations

from typing import Any

import pybtex.plugin
from docutils import nodes, utils
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.docutils import SphinxRole
from sphinx.util.nodes import split_explicit_title
from sphinxcontrib.bibtex.citation_target import parse_citation_targets
from sphinxcontrib.bibtex.directives import BibliographyDirective
from sphinxcontrib.bibtex.domain import BibtexDomain
from sphinxcontrib.bibtex.foot_directives import FootBibliographyDirective

from edition_common import warn

from .roles import CiteAsRole

logger = logging.getLogger(__name__)


def target_problem(text: str) -> str | None:
    """Why sphinxcontrib-bibtex cannot read *text* (a cite role's text), or None."""
    if text.startswith("!"):
        return "a citation is always a link: remove the '!'"
    _, _, target = split_explicit_title(text.lstrip("~"))
    try:
        keys = [t.key for t in parse_citation_targets(target)]
    except ValueError:
        return "it is not a list of keys"
    if not all(keys):
        return "a key is empty"
    return None


class CheckedCiteRole(SphinxRole):
    """One of sphinxcontrib-bibtex's ``cite`` roles, its text checked before it runs."""

    exact_line = CiteAsRole.exact_line

    def __init__(self, role: Any) -> None:
        self.role = role

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        text = utils.unescape(self.text)
        problem = target_problem(text)
        if problem is None:
            return self.role(self.name, self.rawtext, self.text, self.lineno, self.inliner,
                             self.options, self.content)
        self.lineno = self.exact_line()
        warn(logger, f"{{{self.name}}} cannot read {text[:200]!r}: {problem}. It takes bib keys "
             "separated by commas, each with an optional {pre-text} before and {post-text} "
             f"after it, e.g. {{{self.name}}}`{{see}}dorr1917inside{{p. 10}}`; the author's own "
             "words linked to a work are written {cite-as}`words <key, locator>`",
             type="cite", subtype="bad_target", location=(self.env.docname, self.lineno))
        return [nodes.inline(self.rawtext, text)], []


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
    """Replace the roles and the option (call after sphinxcontrib.bibtex's own setup)."""
    from docutils.parsers.rst import roles

    app.add_role("cite", CheckedCiteRole(roles._roles["cite"]), override=True)
    for name, role in BibtexDomain.roles.items():
        app.add_role_to_domain("cite", name, CheckedCiteRole(role), override=True)
    for cls in (BibliographyDirective, FootBibliographyDirective):
        if cls.option_spec and "style" in cls.option_spec:
            cls.option_spec = {**cls.option_spec, "style": style_name}

