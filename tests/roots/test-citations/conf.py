extensions = ["myst_parser", "citations"]
bibtex_bibfiles = ["refs.bib"]
bibtex_encoding = "utf-8"
bibtex_default_style = "edition"
smartquotes = False
citations_page_labels = {"index": "Text"}
citations_unprinted_fields = ["checked"]
