extensions = ["myst_parser", "citations"]
bibtex_bibfiles = ["refs.bib"]
bibtex_encoding = "utf-8"
smartquotes = False
