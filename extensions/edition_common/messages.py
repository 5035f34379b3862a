"""Messages in one place: every warning of the toolkit, and the strings readers see.

**Warnings.**  :class:`Warn` is the table of every warning the toolkit's extensions give,
as MyST's ``MystWarnings`` is for MyST: each member is one ``type.subtype`` (Sphinx prints
it after the message, ``[app.lemma_not_found]``, and ``suppress_warnings`` takes it) with
what it means and what to do.  :func:`warn` logs one, with a file:line location.  The table
in EDITORS-GUIDE.md ("What the build reports") is generated from this one
(``python -m edition_common.messages``) and a test compares the two.

**Reader-facing strings** ("Editorial notes", "Reading view", "Apparatus" …) go through
:data:`_`, a :func:`sphinx.locale.get_translation` for the toolkit's message catalog
``edition``: an edition in another language sets ``language`` in ``conf.py`` and puts
``locales/<language>/LC_MESSAGES/edition.mo`` in one of its ``locale_dirs`` (the toolkit's
own ``edition_common/locales`` is searched last).

**Nearest names.**  :func:`nearest` (difflib) suggests the known names nearest to a
mistyped one, for every "unknown …" warning.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from enum import Enum
from pathlib import Path
from typing import Any

from sphinx.locale import get_translation
from sphinx.util import logging

#: the toolkit's message catalog (``edition.po`` / ``edition.mo``)
CATALOG = "edition"
LOCALE_DIR = Path(__file__).resolve().parent / "locales"

#: translation of a reader-facing string (evaluated when used, in the edition's language)
_ = get_translation(CATALOG)

Location = Any  # a node, a (docname, line) pair or a "path:line" string, as Sphinx accepts


class Warn(Enum):
    """Every warning of the toolkit: ``type.subtype`` and what it means, what to do."""

    def __new__(cls, code: str, doc: str) -> Warn:
        member = object.__new__(cls)
        member._value_ = code
        member.doc = doc  # type: ignore[attr-defined]
        return member

    @property
    def type(self) -> str:
        return self.value.split(".", 1)[0]

    @property
    def subtype(self) -> str:
        return self.value.split(".", 1)[1]

    # -- the sources -------------------------------------------------------------------
    UNCLOSED_FENCE = ("edition.unclosed_fence",
                      "a fence (```, ~~~ or :::) is never closed and would swallow the rest "
                      "of the page; close it")
    RAW_MARKUP = ("edition.raw_markup",
                  "HTML typed in the text is shown as text; write it with MyST markup, or "
                  "escape a literal `<` as `\\<`")
    UNSAFE_LINK = ("edition.unsafe_link",
                   "a link or image whose address runs code (`javascript:`, `data:` …) is "
                   "shown as text; give a web address")
    FOOTNOTE_UNRESOLVED = ("edition.footnote_unresolved",
                           "a reST footnote reference with no footnote is shown as typed; write "
                           "the footnote, or remove the reference")
    MATH = ("edition.math", "math is shown as code, never passed to LaTeX "
            "(`edition_verbatim_latex_enabled`); write the words")
    TABULARCOLUMNS = ("edition.tabularcolumns",
                      "`tabularcolumns` is dropped (no LaTeX from the text); the table keeps its "
                      "layout")
    ACKS = ("edition.acks", "`acks` stays an ordinary list (no LaTeX from the text)")
    PAGE_CONFIG = ("edition.page_config",
                   "a page's front matter sets a MyST option the edition does not allow "
                   "(`edition_page_myst_keys`); it is ignored")
    PAGE_META = ("edition.page_meta",
                 "`html_meta` or `.. meta::` other than description, keywords, author; it is "
                 "ignored")
    MYST_SUBSTITUTION = ("edition.myst_substitution",
                         "MyST's `substitution` extension is switched on in `conf.py` (it runs "
                         "Jinja2 from the text); switch it off")
    PATH_OUTSIDE = ("edition.path_outside",
                    "an image, figure, download or include whose file is outside the source "
                    "folder: nothing is inserted or published; put the file inside `source/`")
    PATH_SYMLINK = ("edition.path_symlink",
                    "a path that passes through a symbolic link: nothing is inserted or "
                    "published; copy the file into `source/`")
    REMOTE_IMAGE = ("edition.remote_image",
                    "an image named by a web address (or any `…://` address): nothing is "
                    "fetched or shown but its alternative text; copy the image into `source/`")
    IMAGE_TYPE = ("edition.image_type",
                  "an image whose file is not a PNG, JPEG, GIF, SVG, WebP or PDF: shown as its "
                  "alternative text; give an image file")
    PATH_FOLDER = ("edition.path_folder", "a path that names a folder, not a file; name a file")
    PATH_NAME = ("edition.path_name",
                 "a file name with a character LaTeX cannot take; rename the file")
    SYMLINK = ("edition.symlink",
               "a symbolic link in `source/` or `source/_static/`: neither read nor published; "
               "replace it with the file")
    ENCODING = ("edition.encoding",
                "a page that is not UTF-8 is read with its bad bytes replaced (shown as �); save "
                "it as UTF-8")
    MISSING_PAGE = ("edition.missing_page",
                    "an option of `conf.py` that names pages (`edition_text_pages`, "
                    "`pdf_edition_appendix_documents`, `citations_page_labels` …) names a page "
                    "the project does not have; correct the name, or add the page")
    CONSTRUCT_FAILED = ("edition.construct_failed",
                        "a role or directive that failed on its input is shown as typed; check "
                        "its argument and options")

    # -- Russian terms -----------------------------------------------------------------
    TERMS_UNKNOWN = ("terms.unknown",
                     "the role names a spelling or headword the registry lacks (the message "
                     "lists the nearest); correct it, name the headword, or add the term")
    TERMS_UNMARKED = ("terms.unmarked",
                      "a registered spelling stands in the text without the role; mark it")
    TERMS_NO_CYRILLIC = ("terms.no_cyrillic",
                         "a registry entry has no Cyrillic headword under `ru:`; it is ignored")
    TERMS_DUPLICATE = ("terms.duplicate", "a Cyrillic headword is defined twice; merge the entries")
    TERMS_AMBIGUOUS = ("terms.ambiguous_spelling",
                       "one spelling is listed for two terms; keep it in one and mark the "
                       "other occurrences with an explicit headword")
    TERMS_UNUSED = ("terms.unused",
                    "a registry term the text never uses (a check of the whole edition)")
    TERMS_REGISTRY = ("terms.registry",
                      "the registry is not valid YAML or an entry is malformed; fix the file")
    TERMS_TRANSLITERATION = ("terms.transliteration",
                             "a transliteration scheme in `conf.py` is not an iuliia scheme")

    # -- notes and comments ------------------------------------------------------------
    NOTES_MISSING = ("notes.missing_note",
                     "a mark of a note the page (or, for an editorial note, the edition) "
                     "does not have; write the note or correct the mark")
    NOTES_UNREFERENCED = ("notes.unreferenced",
                          "a note that no mark points to; mark its place in the text")
    NOTES_DUPLICATE = ("notes.duplicate",
                       "two notes with one number, two editorial notes with one key, or two "
                       "comments with one number; correct one")
    NOTES_BAD_NUMBER = ("notes.bad_number",
                        "an author's note, its mark or a comment reference without a number "
                        "(1, 2, …)")
    NOTES_BAD_KEY = ("notes.bad_key",
                     "an editorial note or its mark without a usable key (letters, digits, "
                     "hyphens)")
    NOTES_LEMMA_MISMATCH = ("notes.lemma_mismatch",
                            "an editorial note's `:lemma:` is not in the paragraph of its "
                            "mark; copy the words exactly")
    NOTES_COMMENT_NO_NUMBER = ("notes.comment_no_number", "a reader comment without its number")
    NOTES_COMMENT_NO_AUTHOR = ("notes.comment_no_author",
                               "a reader comment without `:author:` (the name as signed)")
    NOTES_UNKNOWN_COMMENT = ("notes.unknown_comment",
                             "a reply to (or reference to) a comment that does not exist, or "
                             "a comment that answers itself")
    NOTES_UNKNOWN_PASSAGE = ("notes.unknown_passage",
                             "a reply to a passage label that does not exist; set `(label)=` "
                             "before the passage")
    NOTES_UNLISTED = ("notes.unreferenced_series",
                      "editorial notes exist but no page lists them; add "
                      "`{editorial-notes-list}` to a page")

    # -- citations ---------------------------------------------------------------------
    CITE_UNKNOWN_KEY = ("cite.unknown_key",
                        "a citation names a key that is not in the bibliography (the message "
                        "lists the nearest)")
    CITE_BAD_LOCATOR = ("cite.bad_locator", "a locator that does not parse (`pp. 48-47`)")
    CITE_BAD_TARGET = ("cite.bad_target", "a citation target without a key, or malformed")
    CITE_UNCITED = ("cite.uncited",
                    "a work in the bibliography that nothing cites (unless its keywords say "
                    "why it is there)")
    CITE_BIB_SYNTAX = ("cite.bib_syntax", "a syntax error in the bib file")
    CITE_DUPLICATE_KEY = ("cite.duplicate_key", "a key defined twice in the bib file")
    CITE_BAD_URL = ("cite.bad_url",
                    "a `url` that is not an http(s) address (printed as text, never linked)")
    CITE_BAD_FIELD = ("cite.bad_field",
                      "a field or name that is not valid LaTeX (printed as typed)")
    CITE_BIB_TOO_LARGE = ("cite.bib_too_large",
                          "a bib file larger than `citations_max_bib_bytes` is not read")
    CITE_FIELD_TOO_LONG = ("cite.field_too_long",
                           "a field longer than `citations_max_field_chars` after `@string` "
                           "macros are expanded is left out")
    CITE_CONTROL_CHARS = ("cite.control_chars",
                          "a control character in a key, field or name is shown as �; an entry "
                          "whose key has one is left out; delete them")
    CITE_LATEX = ("cite.latex",
                  "a LaTeX command the edition does not render is printed as typed; type the "
                  "character itself")
    CITE_MISSING_FIELD = ("cite.missing_field",
                          "an `@incollection`, `@inproceedings` or `@inbook` without a "
                          "`booktitle`; give it")
    CITE_CROSSREF = ("cite.crossref", "a `crossref` naming no entry, or crossrefs in a loop")

    CITE_UNPRINTED_FIELD = ("cite.unprinted_field",
                            "a bib field that the style does not print; delete it, or, if it "
                            "is data for the editors only, add its name to "
                            "`citations_unprinted_fields` in `conf.py`")
    CITE_UNSUPPORTED_ROLE = ("cite.unsupported_role",
                             "a citation role of sphinxcontrib-bibtex that the edition does not "
                             "use (`{cite:ps}`, `{footcite}` …); write `{cite-as}` for the "
                             "author's words, `{cite:p}` or `{cite:t}` for the editors'")

    # -- the PDF ---------------------------------------------------------------------
    PDF_STANDARD = ("pdf_edition.pdfstandard",
                    "`pdf_edition_pdfstandard` in `conf.py` is not a standard's name (`a-2b`): "
                    "the PDF is written to none")

    # -- the apparatus -----------------------------------------------------------------
    APP_NO_LEMMA = ("app.no_lemma", "an entry without its lemma (the directive's argument)")
    APP_NO_COPY_TEXT_READING = ("app.no_copy_text_reading",
                                "an emendation or normalisation without the copy-text's words")
    APP_NO_COPY_TEXT = ("app.no_copy_text",
                        "an entry in an edition that names no copy-text; declare the copy-text's "
                        "witness in `conf.py` (`edition_witness_files`, or `apparatus_copy_text`)")
    APP_NO_READINGS = ("app.no_readings",
                       "an emendation without `:corr:`, a variant without `:rdg:`, a "
                       "correction identical to the copy-text, an `:adopt:` of no reading")
    APP_UNKNOWN_TYPE = ("app.unknown_type", "a `:type:` the apparatus does not know")
    APP_BAD_OPTION = ("app.bad_option", "an option that does not belong to the entry's type")
    APP_NO_WITNESS = ("app.no_witness", "a reading without `@SIGLUM`")
    APP_UNKNOWN_WITNESS = ("app.unknown_witness", "a siglum no `witness` directive declares")
    APP_DUPLICATE_WITNESS = ("app.duplicate_witness", "a witness declared twice")
    APP_COPY_TEXT_MISMATCH = ("app.copy_text_mismatch",
                              "a reading given for the copy-text that is not the lemma")
    APP_LEMMA_NOT_FOUND = ("app.lemma_not_found",
                           "the lemma is not in the block before the directive (or not "
                           "`:occurrence:` times)")
    APP_OVERLAP = ("app.overlap", "a lemma that cuts across a term, a citation or a link")
    APP_NESTED = ("app.nested", "a lemma inside, or around, another entry's")
    APP_SPAN = ("app.span", "a lemma over two paragraphs")
    APP_NO_BLOCK = ("app.no_block", "an entry with no paragraph before it")
    APP_NO_SOURCE = ("app.no_source", "a source of quotation without `:cite:`")
    APP_UNKNOWN_SOURCE = ("app.unknown_source",
                          "a `:cite:` key that is not in the bibliography (the message lists "
                          "the nearest)")
    APP_NO_COMMENTARY = ("app.no_commentary", "a commentary entry without a body")
    APP_AMBIGUOUS_LEMMA = ("app.ambiguous_lemma",
                           "a lemma found more than once in its block, without `:occurrence:`: "
                           "the entry is attached to the first; say which")
    APP_OCCURRENCE = ("app.occurrence",
                      "an `:occurrence:` beyond the lemma's matches in its block")
    APP_FIDELITY = ("app.fidelity",
                    "a paragraph of the copy-text missing from the text pages or out of order "
                    "(`edition_witness_files`, `edition_text_pages`); restore it, or close the "
                    "fence that swallowed it")
    APP_TYPE_MISMATCH = ("app.type_mismatch",
                         "an entry whose type does not agree with its options (a normalisation "
                         "without `:reg:`, a correction of fact without `:correct:`); give the "
                         "reading, or make it `:type: commentary`")
    APP_LONG_NOTE = ("app.long_note",
                     "a `:note:` longer than a short phrase (`apparatus_note_max_length`); "
                     "move the discussion into the body")

    # -- persons -----------------------------------------------------------------------
    PERSONS_UNKNOWN = ("persons.unknown",
                       "the `{person}` role names a key or a name form the registry lacks "
                       "(the message lists the nearest); correct it or add the person")
    PERSONS_REGISTRY = ("persons.registry",
                        "the registry of persons is not valid YAML, too large, or an entry "
                        "is malformed (a missing key, name or identification, an unknown "
                        "field); fix the file")
    PERSONS_DUPLICATE = ("persons.duplicate", "a person's key is defined twice; merge the entries")
    PERSONS_AMBIGUOUS = ("persons.ambiguous_form",
                         "one name form is listed for two persons; keep it in one and mark "
                         "the other occurrences with the key, {person}`form <key>`")
    PERSONS_BAD_IDENTIFIER = ("persons.bad_identifier",
                              "an authority identifier that is not of its authority's form "
                              "(VIAF digits, LC `n…`, Wikidata `Q…`); it is left out")
    PERSONS_BAD_DATES = ("persons.bad_dates",
                         "life dates that are not a year or an ISO date (`1883`, "
                         "`1883-07-18`, `c. 1866`), or a death before the birth")
    PERSONS_UNUSED = ("persons.unused",
                      "a registry person the edition never marks (a check of the whole "
                      "edition)")
    PERSONS_NO_INDEX = ("persons.no_index",
                        "persons are marked but no page holds `{persons-index}`; the marks "
                        "are not linked")

    # -- dates -------------------------------------------------------------------------
    DATES_BAD_TARGET = ("dates.bad_target",
                        "a `{date}` without `<YYYY[-MM[-DD]] calendar>` after the words, or "
                        "with a calendar other than julian or gregorian")
    DATES_IMPOSSIBLE = ("dates.impossible",
                        "a date that does not exist in its calendar (30 February, month 13)")
    DATES_LATE_JULIAN = ("dates.late_julian",
                         "a Julian (Old Style) date after 31 January 1918, when Soviet "
                         "Russia had gone over to the Gregorian calendar; check it, or mark "
                         "it gregorian")
    DATES_NO_CHRONOLOGY = ("dates.no_chronology",
                           "dates are marked but no page holds `{chronology}`")

    # -- the TEI edition (extensions/edition_tei) -----------------------------------------
    TEI_UNMAPPED = ("tei.unmapped",
                    "a construct the TEI edition has no mapping for: its words are written as "
                    "plain text without its markup; use other markup, or give the TEI builder a "
                    "mapping")
    TEI_CHARACTER = ("tei.character",
                     "a character that XML cannot hold (a control character) in the text: the "
                     "TEI edition writes U+FFFD in its place; remove it from the source")
    TEI_UNRESOLVED = ("tei.unresolved_target",
                      "a link whose target the TEI edition does not hold (a page it does not "
                      "write, an id it does not know): written without its link; point it at a "
                      "place of the text")


def warn(logger: logging.SphinxLoggerAdapter, code: Warn | str, message: str | None = None,
         *, location: Location, type: str | None = None, subtype: str | None = None) -> None:
    """Log *message* as the warning *code*: ``file:line: WARNING: message [type.subtype]``.

    (The older form ``warn(logger, message, type=…, subtype=…, location=…)`` is read the
    same way; either way the ``type.subtype`` must be a member of :class:`Warn`.)"""
    if not isinstance(code, Warn):
        code, message = Warn(f"{type}.{subtype}"), code
    logger.warning(message, type=code.type, subtype=code.subtype, location=location)


def code(type: str, subtype: str) -> Warn:
    """The member of :class:`Warn` for ``type.subtype`` (ValueError if the table lacks it)."""
    return Warn(f"{type}.{subtype}")


def markdown_table() -> str:
    """The table of :class:`Warn` as EDITORS-GUIDE.md prints it."""
    rows = ["| warning | what it means, what to do |", "| --- | --- |"]
    rows += [f"| `{member.value}` | {member.doc} |" for member in Warn]
    return "\n".join(rows) + "\n"


def nearest(name: str, known: Iterable[str], n: int = 3, *,
            key: Any = None, cutoff: float = 0.5) -> list[str]:
    """The (at most *n*) known names nearest to *name*, nearest first (difflib's ratio);
    *key* maps a name to the form compared (case-folded spellings, for example)."""
    fold = key or (lambda s: s)
    forms: dict[str, str] = {}
    for item in known:
        forms.setdefault(fold(item), item)
    return [forms[f] for f in difflib.get_close_matches(fold(name), list(forms), n=n,
                                                         cutoff=cutoff)]


def init_locale(app: Any, config: Any) -> None:
    """``config-inited``: the catalog ``edition`` from the project's ``locale_dirs``, then
    the toolkit's own."""
    from sphinx import locale

    # a catalog is kept per process: forget the one an earlier build (another language) made
    locale.translators.pop(("general", CATALOG), None)
    dirs = [str(Path(app.srcdir, d)) for d in config.locale_dirs] + [str(LOCALE_DIR)]
    locale.init(dirs, config.language, CATALOG)


if __name__ == "__main__":  # python -m edition_common.messages: the guide's table
    print(markdown_table(), end="")
