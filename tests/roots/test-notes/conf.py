extensions = ["myst_parser", "edition_notes"]
myst_enable_extensions = ["colon_fence"]
exclude_patterns = ["_build"]
latex_documents = [("index", "notes.tex", "Notes test", "Test", "howto")]
