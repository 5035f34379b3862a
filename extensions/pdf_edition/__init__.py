"""The PDF edition: LuaLaTeX, reledmac line numbering, a title page, Cyrillic that searches.

Adds to the LaTeX builder (the HTML output is untouched):

* reledmac, loaded before hyperref (series A = critical apparatus, B = sources of
  quotations; familiar footnotes A = the editors' lettered notes), and ``pdf-edition.sty``,
  the edition's LaTeX layer: every macro the edition's extensions emit (``\\edApparatus``,
  ``\\edSource``, ``\\edAuthorNoteMark``, ``\\edEditorialNote``, ``\\edBeginComment``,
  ``\\edTerm``, ``\\edRussian``, …) is defined there and documented in EDITORS-GUIDE.md;
* the LaTeX writer of :mod:`.latex`: the copy-text pages line-numbered (reledmac
  ``\\pstart`` … ``\\pend``), Cyrillic wrapped for Russian hyphenation, appendices;
* a title page built from the configuration (``pdf_edition_title_page``), no section
  numbers (the text's headings are the author's), running heads; the pages named in
  ``pdf_edition_skip_documents`` left out (listings of what the PDF prints elsewhere);
* :mod:`.texcheck`: which Debian packages the PDF needs and which are missing (used by
  ``make pdf`` and by the tests).

Configuration values (all ``rebuild="env"`` free: they only affect the LaTeX writer):

``pdf_edition_numbered_documents``
    pages set as line-numbered text (default: the pages of the text, ``edition_text_pages``);
``pdf_edition_appendix_documents``
    pages that are appendices; the first of them starts the appendices;
``pdf_edition_skip_documents``
    pages left out of the PDF (listings of what it prints elsewhere);
``pdf_edition_title_page``
    a dict: ``subtitle``, ``first_publication``, ``based_on``, ``editor_statement``
    (LaTeX-escaped here: write plain text);
``pdf_edition_short_title``
    the running head;
``pdf_edition_print_root_body``
    print the root page's prose after the title page (default ``False``);
``pdf_edition_contents_name``
    the heading of the table of contents (default ``Contents``; Sphinx would take the
    caption of the root page's first toctree);
``pdf_edition_pdfstandard``
    the PDF standard the PDF is written to (default ``a-2b``, PDF/A-2b: XMP metadata, an
    sRGB output intent, every font embedded), through LaTeX's ``\\DocumentMetadata`` (the
    kernel's PDF management, TeX Live 2022 and later) at the head of the ``.tex`` file;
    empty: none;
``pdf_edition_metadata``
    the PDF's document information beyond title (``project``), author (``author``) and
    language (``language``), all set through hyperref: a dict of ``subject`` (text),
    ``keywords`` (a list of texts) and ``editors`` (text: a custom ``Editors`` entry, as the
    PDF's information dictionary has no field for them). Plain text, escaped here.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util import logging, texescape

from edition_common import Warn, add_latex_file, add_latex_package, page_option, text_pages, warn

from .latex import EditionLaTeXTranslator
from .texrun import write_latexmkrc

logger = logging.getLogger(__name__)

HERE = Path(__file__).resolve().parent
TEXINPUTS = HERE / "texinputs"
STY = TEXINPUTS / "pdf-edition.sty"
#: Sphinx's makeindex style with page ranges "6–13" (copied over Sphinx's own python.ist:
#: latex_additional_files are copied after Sphinx's support files).
IST = TEXINPUTS / "python.ist"

#: reledmac: two critical series (A apparatus, B sources), familiar series A (editors'
#: notes); no endnotes; hyperref is loaded after it by Sphinx.
RELEDMAC_OPTIONS = "series={A,B},noend,noledgroup"


def _esc(text: str) -> str:
    """Plain text as LaTeX (the LaTeX builder fills texescape's tables when it starts,
    after ``config-inited``: fill them now, it is idempotent)."""
    texescape.init()
    return texescape.escape(text, "lualatex")


def title_page(config: Config) -> str:
    """The LaTeX of the title page (replaces ``\\sphinxmaketitle``)."""
    page: dict[str, str] = dict(config.pdf_edition_title_page)
    title = _esc(config.project)
    author = _esc(config.author)
    lines = [
        r"\begin{titlepage}",
        r"\thispagestyle{empty}",
        # level 1, as the pages' titles: the title page, the contents and the text are
        # siblings in the bookmarks; the appendices (level 0) hold theirs
        r"\pdfbookmark[1]{Title page}{titlepage}",
        r"\centering",
        r"\vspace*{0.12\textheight}",
        rf"{{\Huge\bfseries {title}\par}}",
        r"\vspace{2.2em}",
        rf"{{\LARGE {author}\par}}",
    ]
    if page.get("subtitle"):
        lines += [r"\vspace{2.5em}", rf"{{\large\itshape {_esc(page['subtitle'])}\par}}"]
    lines.append(r"\vspace{3em}")
    lines.append(r"\begin{minipage}{0.78\textwidth}\centering\normalsize")
    for key in ("first_publication", "based_on"):
        if page.get(key):
            lines.append(rf"{_esc(page[key])}\par\medskip")
    lines.append(r"\end{minipage}")
    lines.append(r"\vfill")
    if page.get("editor_statement"):
        lines += [
            r"\begin{minipage}{0.78\textwidth}\centering\small",
            rf"{_esc(page['editor_statement'])}\par\medskip",
            rf"Edition {_esc(config.release)}, \edDate",
            r"\end{minipage}\par",
        ]
    lines += [r"\vspace*{0.05\textheight}", r"\end{titlepage}"]
    return "\n".join(lines) + "\n"


def pdf_metadata(config: Config) -> str:
    """``\\hypersetup`` of the PDF's document information (title, author, subject,
    keywords, language, editors), at the start of the document (after every package)."""
    meta: dict[str, Any] = dict(config.pdf_edition_metadata)

    def field(text: str) -> str:
        # one line; braces around the value keep its commas and equals signs
        return "{" + _esc(" ".join(str(text).split())) + "}"

    keys = [f"pdftitle={field(config.project)}", f"pdfauthor={field(config.author)}",
            f"pdflang={field(config.language or 'en')}"]
    if meta.get("subject"):
        keys.append(f"pdfsubject={field(meta['subject'])}")
    if meta.get("keywords"):
        keys.append(f"pdfkeywords={field(', '.join(meta['keywords']))}")
    if meta.get("editors"):
        keys.append(f"pdfinfo={{Editors={field(meta['editors'])}}}")
    return "\\AtBeginDocument{\\hypersetup{%\n  " + ",%\n  ".join(keys) + "}}\n"


def document_metadata(config: Config) -> str:
    """``\\DocumentMetadata`` for the head of the ``.tex`` file (before ``\\documentclass``,
    where no ``latex_elements`` key reaches), or nothing."""
    standard = config.pdf_edition_pdfstandard
    if not standard:
        return ""
    if not re.fullmatch(r"[a-zA-Z0-9-]+", standard):
        warn(logger, Warn.PDF_STANDARD,
             f"pdf_edition_pdfstandard {standard!r} is not a standard's name (e.g. a-2b): "
             "the PDF is written to none", location=None)
        return ""
    lang = config.language or "en"
    return (f"\\DocumentMetadata{{pdfstandard={standard}, pdfversion=1.7, lang={lang}}}\n")


class PdfEditionTranslator(EditionLaTeXTranslator):
    """The edition's LaTeX writer, with the document's metadata at the head of the file."""

    def astext(self) -> str:
        return document_metadata(self.config) + super().astext()


def configure_latex(app: Sphinx, config: Config) -> None:
    """``config-inited``: the layout settings that belong to the PDF edition."""
    elements = config.latex_elements
    elements.setdefault("maketitle", title_page(config))
    elements.setdefault("secnumdepth", r"\setcounter{secnumdepth}{0}")
    elements.setdefault("tocdepth", r"\setcounter{tocdepth}{2}")
    # the title page is its own page; the table of contents follows on a fresh page
    contents = _esc(config.pdf_edition_contents_name or "Contents")
    elements.setdefault(
        "tableofcontents",
        rf"\begingroup\edPlainReadings\pdfbookmark[1]{{{contents}}}{{contents}}"
        r"\sphinxtableofcontents\endgroup\clearpage")
    elements.setdefault("fncychap", "")
    elements.setdefault("printindex", r"\edIndex")
    # a book, not a software manual: serif headings, black text and inner links (contents,
    # note marks), URLs in a discreet dark blue
    elements.setdefault(
        "sphinxsetup",
        r"TitleColor={rgb}{0,0,0}, HeaderFamily=\rmfamily\bfseries, "
        r"InnerLinkColor={rgb}{0,0,0}, OuterLinkColor={rgb}{0.1,0.1,0.45}",
    )
    short = _esc(config.pdf_edition_short_title or config.project)
    extra = elements.get("preamble", "")
    elements["preamble"] = (extra + "\n" + rf"\renewcommand\edShortTitle{{{short}}}" + "\n"
                            + pdf_metadata(config))


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("edition_common")
    # by default the pages of the text (edition_text_pages)
    app.add_config_value("pdf_edition_numbered_documents", text_pages, "env",
                         types=[list, tuple])
    app.add_config_value("pdf_edition_appendix_documents", [], "env", types=[list])
    app.add_config_value("pdf_edition_skip_documents", [], "env", types=[list])
    for option in ("pdf_edition_numbered_documents", "pdf_edition_appendix_documents",
                   "pdf_edition_skip_documents"):
        page_option(option)
    app.add_config_value("pdf_edition_title_page", {}, "env", types=[dict])
    app.add_config_value("pdf_edition_short_title", "", "env", types=[str])
    app.add_config_value("pdf_edition_print_root_body", False, "env", types=[bool])
    app.add_config_value("pdf_edition_contents_name", "Contents", "env", types=[str])
    app.add_config_value("pdf_edition_metadata", {}, "env", types=[dict])
    app.add_config_value("pdf_edition_pdfstandard", "a-2b", "env", types=[str])
    app.connect("config-inited", configure_latex, priority=900)
    app.connect("build-finished", write_latexmkrc)
    app.add_latex_package("reledmac", RELEDMAC_OPTIONS)
    # after hyperref, and after the other extensions' packages, whose macros it redefines
    add_latex_package(app, STY, after_hyperref=True)
    add_latex_file(app, IST)
    app.set_translator("latex", PdfEditionTranslator)
    return {
        "version": "1.0",
        "env_version": 1,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
