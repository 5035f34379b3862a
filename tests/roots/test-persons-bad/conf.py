extensions = ["myst_parser", "edition_common", "persons"]
source_suffix = {".md": "markdown", ".rst": "restructuredtext"}
root_doc = "index"
smartquotes = False
