extensions = ["myst_parser", "edition_common", "dates"]
source_suffix = {".md": "markdown", ".rst": "restructuredtext"}
root_doc = "index"
smartquotes = False
