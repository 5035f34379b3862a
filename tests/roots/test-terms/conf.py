extensions = ["myst_parser", "edition_common", "terms"]
source_suffix = {".md": "markdown", ".rst": "restructuredtext"}
root_doc = "index"
smartquotes = False
