extensions = ["myst_parser", "edition_common", "edition_notes", "dates"]
source_suffix = {".md": "markdown", ".rst": "restructuredtext"}
root_doc = "index"
smartquotes = False
myst_enable_extensions = ["colon_fence"]
latex_engine = "lualatex"
latex_use_xindy = False
latex_documents = [("index", "dates.tex", "Dates", "Editors", "howto")]
