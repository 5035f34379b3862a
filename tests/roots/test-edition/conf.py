"""The toolkit's test edition: the configuration a new edition starts with (the template of
``python -m sphinx_critical_edition new``: every extension, set up as an edition sets them
up), with its own small registries of terms (terms.yaml) and persons (persons.yaml) and its
own bibliography (refs.bib).  It reads nothing of the edition beside the toolkit (conf.py,
source/, bibliography.bib): the one-page projects of the toolkit's tests
(``one_page_source`` in tests/conftest.py, the guide's examples, the hostile input) are built
with it."""

from sphinx_critical_edition.new import TEMPLATE

_template = TEMPLATE / "conf.py"
exec(compile(_template.read_text(encoding="utf-8"), str(_template), "exec"))

project = "A test edition"
author = "A. N. Author"
copyright = "2026 the editors"
release = version = "1.0"
today = "1 January 2026"
# one-page projects: no page of the text named (every page's terms are occurrences), the
# copy-text's siglum without a file (no fidelity check), no appendices
edition_text_pages: list[str] = []
edition_witness_files: dict[str, str] = {}
apparatus_copy_text = "R"
pdf_edition_appendix_documents: list[str] = []
pdf_edition_skip_documents: list[str] = []
latex_documents = [(root_doc, "edition.tex", project, author, "howto")]  # noqa: F821
epub_basename = "edition"
tei_basename = "edition"
pdf_edition_title_page = {"subtitle": "A test edition"}
bibtex_bibfiles = ["refs.bib"]
