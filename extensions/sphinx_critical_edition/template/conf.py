"""Sphinx configuration of a critical edition made with sphinx-critical-edition.

The configuration lives beside ``source/`` (the text), so every build passes ``-c .`` (the
Makefile does it for you).  Everything that belongs to this edition is in the first block;
the rest is how the toolkit is set up, which an edition rarely changes.
"""

# =============================================================================================
# -- This edition: replace every value of this block ------------------------------------------
# =============================================================================================
# The title of the text, its author, and who holds the rights.
project = "A Sample Text"
author = "A. N. Author"
copyright = "1917 A. N. Author (text); 2026 the editors (editorial matter)"
# The edition's version and its date, set together (the PDF's title page, "How to cite").
release = version = "0.1"
today = "1 January 2026"
# The language of the text and of the editorial matter.
language = "en"

# The pages that carry the text (source/text.md …), in the copy-text's order: the PDF numbers
# their lines, the glossary counts the terms' occurrences there, and every build checks that
# they still hold every paragraph of the copy-text.  Rename a page here and nowhere else.
edition_text_pages = ["text"]
# The file of each witness, by siglum (a {witness} directive in source/about.md describes
# it); the first is the copy-text (or set apparatus_copy_text = "A").
edition_witness_files = {"A": "witnesses/A.txt"}
# Pages that are appendices in the PDF (the first starts the appendices), and pages left out
# of the PDF (listings of what the PDF prints elsewhere: its own index of persons).
pdf_edition_appendix_documents = ["apparatus", "glossary"]
pdf_edition_skip_documents = ["editorial-notes", "persons"]

# The file names of the PDF and the EPUB (make pdf, make epub print them).
latex_documents = [("index", "sample-edition.tex", project, author, "howto")]
epub_basename = "sample-edition"

# The title page of the PDF, its running head and its document information.
pdf_edition_short_title = project
pdf_edition_title_page = {
    "subtitle": "A critical edition",
    "first_publication": "First published in 1917.",
    "editor_statement": "Edited, with a critical apparatus and notes, by the editors.",
}
pdf_edition_metadata = {
    "subject": "A critical edition of A Sample Text",
    "keywords": ["critical edition"],
    "editors": "The editors",
}
html_title = f"{project} — a critical edition"
epub_publisher = "The editors"

# =============================================================================================
# -- The toolkit ---------------------------------------------------------------------------
# =============================================================================================
root_doc = "index"
today_fmt = "%d %B %Y"
# The copy-text's own typography (curly quotes, dashes) is authoritative: never rewrite it.
smartquotes = False

extensions = [
    "myst_parser",
    "sphinxcontrib.bibtex",
    "source_checks",  # raw markup and file inclusion refused
    "tex_safety",  # no LaTeX from the text
    "path_safety",  # no file from outside source/
    "myst_safety",  # a page's front matter cannot change how it is parsed
    "edition_common",
    "apparatus",  # {app}, {app-source}, {witness}, {app-interventions}
    "edition_notes",  # {noteref}/{author-note}, {ednote}/{editorial-note}, {comment}
    "edition_build",
    "terms",  # {ru}, {terms-glossary}; the registry source/terms.yaml
    "pdf_edition",  # the line-numbered PDF (LuaLaTeX, reledmac)
    "citations",  # {cite-as}, {cite:p}, {works-cited}; bibliography.bib
    "persons",  # {person}, {persons-index}; the registry source/persons.yaml
    "dates",  # {date} in both calendars, {chronology}
    "edition_formats",  # valid, accessible HTML; the EPUB edition
    "edition_tei",  # make tei: the edition as one TEI P5 document
]
source_suffix = {".md": "markdown", ".rst": "restructuredtext"}
exclude_patterns = ["_build"]
myst_enable_extensions = ["colon_fence", "deflist", "attrs_inline"]
myst_heading_anchors = 3

# The registries (relative to source/) and the bibliography (relative to this folder).
terms_registry = "terms.yaml"
terms_transliteration = "ala_lc_alt"
terms_scholarly_transliteration = "ala_lc"
terms_glossary_appendix = False  # pdf_edition_appendix_documents starts the appendices
persons_registry = "persons.yaml"
bibtex_bibfiles = ["bibliography.bib"]
bibtex_encoding = "utf-8"
bibtex_default_style = "edition"

html_theme = "furo"
html_copy_source = False
html_show_sourcelink = False
html_last_updated_fmt = None

# LuaLaTeX, FreeSerif (Debian: fonts-freefont-otf), Russian through polyglossia.
latex_engine = "lualatex"
latex_use_xindy = False
latex_elements = {
    "papersize": "a4paper",
    "pointsize": "11pt",
    "fontpkg": r"""
\setmainfont{FreeSerif}[Ligatures=NoCommon]
\setsansfont{FreeSans}[Ligatures=NoCommon]
\setmonofont{FreeMono}
""",
    "babel": r"\usepackage{polyglossia}\setmainlanguage{english}\setotherlanguage{russian}",
}
# the apparatus is set at the foot of each page: no per-page listing in the PDF
apparatus_latex_listing = False

epub_title = project
epub_author = author
epub_copyright = copyright
epub_identifier = epub_uid = "sample-edition"
epub_show_urls = "no"
epub_use_index = False
epub_exclude_files = ["search.html", "apparatus.json", ".buildinfo.bak"]

# Safety: the sources are text and the editors' markup, never code.
edition_raw_enabled = False
edition_file_insertion_enabled = False
edition_verbatim_latex_enabled = False
edition_page_myst_keys = ["html_meta"]
