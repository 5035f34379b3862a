from docutils import nodes

from edition_common import make_tooltip

extensions = ["myst_parser", "edition_common"]


def tipdemo(name, rawtext, text, lineno, inliner, options=None, content=None):
    document = inliner.document
    anchor, _, body = text.partition("|")
    refuri = "https://example.org/" if anchor.startswith("link") else None
    node = make_tooltip(document, [nodes.Text(anchor)], [nodes.emphasis("", body)],
                        refuri=refuri, lang="ru-Latn", anchor_classes=["demo"])
    return [node], []


def setup(app):
    app.add_role("tipdemo", tipdemo)
