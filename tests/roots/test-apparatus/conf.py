"""Test root of the apparatus: two witnesses, every type of entry, entries on words that
are also terms or citations (roles of other extensions), sources of quotations, an appendix."""

from docutils import nodes

from edition_common import make_tooltip

extensions = ["myst_parser", "sphinxcontrib.bibtex", "edition_common", "apparatus"]
bibtex_bibfiles = ["refs.bib"]
bibtex_default_style = "edition"
# the copy-text's siglum (its {witness} is declared in index.md; no file: no fidelity check)
apparatus_copy_text = "R"
myst_enable_extensions = ["colon_fence"]
smartquotes = False
html_theme = "furo"
exclude_patterns = ["_build"]


def demoterm(name, rawtext, text, lineno, inliner, options=None, content=None):
    """Stands for the terms extension: a link with a popup around the author's word."""
    word, _, gloss = text.partition("|")
    node = make_tooltip(inliner.document, [nodes.emphasis(word, word)], [nodes.Text(gloss)],
                        refuri="#glossary", lang="ru-Latn", anchor_classes=["demo-term"])
    return [node], []


def democite(name, rawtext, text, lineno, inliner, options=None, content=None):
    """Stands for the citation extension: the author's own words, linked."""
    return [nodes.reference(text, text, refuri="#works-cited", classes=["demo-cite"])], []


def setup(app):
    app.add_role("demoterm", demoterm)
    app.add_role("democite", democite)
