"""Bad apparatus input: every case must be a typed warning with file:line."""

from docutils import nodes

from edition_common import make_tooltip

extensions = ["myst_parser", "sphinxcontrib.bibtex", "edition_common", "apparatus"]
bibtex_bibfiles = ["refs.bib"]
bibtex_default_style = "edition"
# the copy-text's siglum (its {witness} is declared in index.md; no file: no fidelity check)
apparatus_copy_text = "R"
myst_enable_extensions = ["colon_fence"]
smartquotes = False
exclude_patterns = ["_build"]


def demoterm(name, rawtext, text, lineno, inliner, options=None, content=None):
    node = make_tooltip(inliner.document, [nodes.Text(text)], [nodes.Text("gloss")], refuri="#g")
    return [node], []


def setup(app):
    app.add_role("demoterm", demoterm)
html_theme = "furo"
