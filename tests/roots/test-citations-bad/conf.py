extensions = ["myst_parser", "citations"]
bibtex_bibfiles = ["refs.bib"]
bibtex_encoding = "utf-8"
bibtex_default_style = "edition"
smartquotes = False
