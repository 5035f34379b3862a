"""Sphinx configuration of the critical edition of Lars T. Lih, ‘All Power to the Soviets’ (2014).

The configuration lives at the repository root and the text in ``source/``,
so every build passes ``-c .`` (the Makefile does it for you).
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).parent.resolve()
sys.path.insert(0, str(ROOT / "extensions"))

# -- The edition --------------------------------------------------------------
project = "‘All Power to the Soviets’: Biography of a slogan"
author = "Lars T. Lih"
copyright = ("2014 Lars T. Lih (essay and notes) and the writers of the two comments; "
             "2026 the ‘All Power to the Soviets’ edition project (editorial matter)")
release = version = "2026.1"
# The date of this version, set together with `release`: printed on the PDF's title page and
# in "How to cite" ({sub-ref}`today`). Fixed here, it does not change with the build or the
# commit (the PDF's metadata dates stay SOURCE_DATE_EPOCH's; the HTML carries no build date).
today = "30 November 2026"
language = "en"
root_doc = "index"
today_fmt = "%d %B %Y"
# The edition statement of a passage's citation ("cite this passage", extensions/edition_common
# /passages.py): author, “title”, this, version (date), § ¶, address.
passages_edition = "critical edition, edited by the ‘All Power to the Soviets’ edition project"
# The copy-text's own typography (curly quotes, dashes) is authoritative: never rewrite it.
smartquotes = False

extensions = [
    "myst_parser",
    "sphinxcontrib.bibtex",
    "source_checks",
    "tex_safety",
    "path_safety",
    "myst_safety",
    "edition_common",
    "apparatus",
    "edition_notes",
    "edition_build",  # code fingerprint (full re-read on code change), livehtml safety
    "terms",
    "pdf_edition",
    "citations",
    "persons",  # the registry of persons, {person}, the index of persons
    "dates",  # {date} in both calendars, the chronology
    "edition_formats",  # valid, accessible HTML in every format; the EPUB edition
    "edition_tei",  # make tei: the edition as one TEI P5 document
]

source_suffix = {".md": "markdown", ".rst": "restructuredtext"}
exclude_patterns = ["_build", "Thumbs.db", ".DS_Store"]

# -- The text and its witnesses (extensions/edition_common/pages.py) ------------------------
# The pages of the text, in the copy-text's order; everything else is editorial matter.
# The glossary lists (and the index shows) the terms' occurrences there only (a term
# mentioned on an editorial page is still marked and linked); the PDF numbers their lines;
# every build checks that their diplomatic and critical texts still hold every paragraph of
# the copy-text, in order (an unclosed fence that a later fence closes moves paragraphs into
# an apparatus note: a warning, app.fidelity).  A page named here that does not exist is a
# warning (edition.missing_page).
edition_text_pages = ["essay", "responses"]
# The file of each witness the edition holds, by siglum (relative to this folder); the
# copy-text is the first (apparatus_copy_text), declared by a {witness} directive in
# source/introduction.md.
edition_witness_files = {"R": "witnesses/R.txt"}

# -- MyST ---------------------------------------------------------------------
myst_enable_extensions = ["colon_fence", "deflist", "attrs_inline"]
myst_heading_anchors = 3

# -- Russian terms (extensions/terms) -------------------------------------------
# The registry, relative to source/; transliterations are computed with iuliia.
terms_registry = "terms.yaml"
# The edition's normalised transliteration: Library of Congress (ALA-LC) without diacritics.
terms_transliteration = "ala_lc_alt"
# Shown beside it in the glossary: ALA-LC with diacritics.
terms_scholarly_transliteration = "ala_lc"
# The PDF edition starts the appendices (pdf_edition_appendix_documents includes the glossary).
terms_glossary_appendix = False


# -- Persons and dates (extensions/persons, extensions/dates) -------------------------
# The registry, relative to source/ (research/persons.md has the evidence for each entry).
persons_registry = "persons.yaml"
# The pages of the text: the index counts the forms "in the text" there; marks on the
# editors' pages (introduction, editorial principles, glossary) are listed as places only.
persons_text_docs = ["essay", "responses"]
# How {date} shows the other calendar when the role does not say: popup, note or plain.
dates_display = "popup"

# -- Bibliography -------------------------------------------------------------
bibtex_bibfiles = ["bibliography.bib"]
bibtex_encoding = "utf-8"
# The edition's style (Chicago author–date), a pybtex plugin of extensions/citations.
bibtex_default_style = "edition"
# How back-references on the works-cited page name the pages that cite a work.
citations_page_labels = {"essay": "Essay", "responses": "Responses"}
# Bib fields that are data for the editors only, never printed (besides annote, keywords,
# language …: extensions/citations/service.py EDITOR_FIELDS). Any other field that the style
# does not print is a warning [cite.unprinted_field] at its line in the bib file.
# checked: where the data were established; pagetotal, isbn: cataloguing data that a
# Chicago reference list does not print.
citations_unprinted_fields = ["checked", "pagetotal", "isbn"]

# -- HTML ---------------------------------------------------------------------
html_theme = "furo"
html_title = "‘All Power to the Soviets’ — a critical edition"
html_short_title = "All Power to the Soviets"
html_static_path = ["source/_static"]
# the footer without the theme's credit line (source/_templates/page.html)
templates_path = ["source/_templates"]
html_css_files = ["edition.css"]
html_last_updated_fmt = None
html_copy_source = False
html_show_sourcelink = False
# A reading text: a serif face with Cyrillic (Debian's FreeSerif / DejaVu Serif where present).
_serif = '"Iowan Old Style", "Palatino Linotype", Georgia, "FreeSerif", "DejaVu Serif", serif'
html_theme_options = {
    "navigation_with_keys": True,
    "top_of_page_buttons": [],
    "light_css_variables": {"font-stack": _serif},
    "dark_css_variables": {"font-stack": _serif},
}

# -- LaTeX / PDF ----------------------------------------------------------------
# LuaLaTeX, not XeLaTeX: under XeLaTeX reledmac does not hyphenate a non-main language
# (Russian) in the apparatus (maieul/ledmac#880, "affects xelatex, not lualatex").
latex_engine = "lualatex"
latex_use_xindy = False
latex_documents = [
    (root_doc, "all-power-to-the-soviets.tex", project, author, "howto"),
]
latex_elements = {
    "papersize": "a4paper",
    "pointsize": "11pt",
    # No f-ligatures: FreeSerif maps them to U+FB00-FB04, so that "first" would be
    # copied and extracted from the PDF as "ﬁrst" and searches for it would fail.
    "fontpkg": r"""
\setmainfont{FreeSerif}[Ligatures=NoCommon]
\setsansfont{FreeSans}[Ligatures=NoCommon]
\setmonofont{FreeMono}
""",
    "babel": r"\usepackage{polyglossia}\setmainlanguage{english}\setotherlanguage{russian}",
}
# The PDF edition (extensions/pdf_edition): the text pages line-numbered, title page.
pdf_edition_appendix_documents = ["responses", "apparatus", "glossary"]
# the apparatus is set by reledmac at the foot of each page: no per-page listing in the PDF
apparatus_latex_listing = False
# the editorial notes follow the text of their page in the PDF: their listing would repeat them
pdf_edition_skip_documents = ["editorial-notes"]
pdf_edition_short_title = "‘All Power to the Soviets’: Biography of a slogan"
pdf_edition_title_page = {
    "subtitle": "A critical edition of the essay, the author’s eight notes "
                "and the two reader comments that followed it",
    "first_publication": "First published on John Riddell’s blog, 18 August 2014.",
    "based_on": "Based on the author’s talk at the Ideas Left Out conference, "
                "Elbow Lake Environmental Education Centre, Ontario, 4 August 2014.",
    "editor_statement": "Edited, with a textual introduction, a critical apparatus and "
                        "textual commentary, the sources of quotations and editorial "
                        "notes, by the ‘All Power to the Soviets’ edition project.",
}
# The PDF's document information (title, author and language are project, author, language)
pdf_edition_metadata = {
    "subject": "A critical edition of Lars T. Lih’s essay on the slogan ‘All Power to the "
               "Soviets’ in 1917, with the author’s notes, the two reader comments, a critical "
               "apparatus, editorial notes, a glossary of Russian terms and the works cited.",
    "keywords": ["All Power to the Soviets", "Russian Revolution", "1917", "soviets", "vlast'",
                 "Bolsheviks", "Lenin", "critical edition"],
    "editors": "The ‘All Power to the Soviets’ edition project",
}

# -- EPUB -----------------------------------------------------------------------
# The EPUB 3 edition (make epub; extensions/edition_formats/epub.py): the critical text, the
# popups as links to the notes, apparatus, glossary and works cited.
epub_basename = "all-power-to-the-soviets"
epub_title = project
epub_author = author
epub_publisher = "The ‘All Power to the Soviets’ edition project"
epub_contributor = "The ‘All Power to the Soviets’ edition project (editors)"
epub_description = pdf_edition_title_page["subtitle"] + "."
epub_copyright = copyright
# A fixed identifier: every build and release is the same book to a reading system (a release
# is told apart by its date, dcterms:modified). The same string is the identifier's XML id:
# Sphinx writes epub_uid into toc.ncx as dtb:uid, which EPUBCheck requires to equal the
# identifier (NCX-001), so it must be an XML name (no "urn:uuid:").
epub_identifier = epub_uid = "all-power-to-the-soviets-critical-edition"
# works cited and notes give their addresses in the text: no URL repeated after each link
epub_show_urls = "no"
epub_css_files = ["edition-epub.css"]
# the glossary and the works cited are the e-book's indexes (a reading system searches the text)
epub_use_index = False
# (.buildinfo.bak: Sphinx keeps the old build information there when the configuration changed)
epub_exclude_files = ["search.html", "apparatus.json", "passages.json", ".buildinfo.bak"]

# -- TEI ------------------------------------------------------------------------
# The TEI P5 edition (make tei; extensions/edition_tei): build/tei/<tei_basename>.xml
tei_basename = "all-power-to-the-soviets"
tei_publisher = "The ‘All Power to the Soviets’ edition project"
# the editors (the editorial notes and every intervention name them: resp="#ed")
tei_editors = [{
    "id": "ed",
    "name": "The ‘All Power to the Soviets’ edition project",
    "roles": ["textual introduction", "critical apparatus and textual commentary",
              "sources of quotations", "editorial notes", "glossary of Russian terms",
              "bibliography"],
}]
# the header's editorialDecl: this section of a page
tei_editorial_principles = "about#editorial-principles"
# the listings (editorial notes, apparatus, persons, chronology) and the works-cited page: the
# TEI gives their content in its own structures (notes and entries at their places, dates as
# <date> where they stand, listBibl and listPerson in back)
tei_skip_documents = ["editorial-notes", "apparatus", "works-cited", "persons", "chronology"]

# -- Text builder ---------------------------------------------------------------
text_add_secnumbers = False


# -- Safety -----------------------------------------------------------------------
# The sources need no raw HTML/LaTeX and no file inclusion (checked: none is used), so
# neither is allowed (extensions/source_checks.py): a raw directive or include warns at its
# line, and an HTML tag typed in Markdown is shown as text with a warning. The extensions'
# own data files are set here, not pulled in by content.
edition_raw_enabled = False
edition_file_insertion_enabled = False
# Math, tabularcolumns and acks: Sphinx writes their content to LaTeX as it is, where it is
# TeX code (extensions/tex_safety.py); the essay has no mathematics.  Each warns at its line.
edition_verbatim_latex_enabled = False
# A page's front matter may set only its <meta> description, keywords and author; `myst:`
# settings there (enable_extensions, substitutions, url_schemes …) would let a page change
# how it is parsed, up to running Jinja2 from the text (extensions/myst_safety.py).
edition_page_myst_keys = ["html_meta"]
