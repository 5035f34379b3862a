extensions = ["myst_parser", "edition_common", "edition_notes", "persons"]
source_suffix = {".md": "markdown", ".rst": "restructuredtext"}
root_doc = "index"
smartquotes = False
latex_engine = "lualatex"
latex_documents = [("index", "persons.tex", "Persons", "Editors", "howto")]
myst_enable_extensions = ["colon_fence"]
latex_use_xindy = False
