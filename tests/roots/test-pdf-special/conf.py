"""A tiny edition for the PDF tests: LaTeX-special characters in every construct, and the
line-numbered page structure (headings, quotations, lists, notes) of an edition."""

from pathlib import Path

BASE = Path(__file__).resolve().parents[1] / "test-edition"
# the test edition's configuration (fonts, languages, extensions), with this root's pages
_conf: dict = {"__file__": str(BASE / "conf.py")}
exec(compile((BASE / "conf.py").read_text(encoding="utf-8"), str(BASE / "conf.py"), "exec"), _conf)
globals().update({k: v for k, v in _conf.items() if not k.startswith("_")})

bibtex_bibfiles = [str(BASE / "refs.bib")]
# whole-edition checks (cf. WHOLE_EDITION_CHECKS in tests/conftest.py): this root
# cites few of the test edition's works
suppress_warnings = [*globals().get("suppress_warnings", []), "cite.uncited"]
exclude_patterns = []
project = "Special % $ & # _ { } ~ ^ \\ characters"
# (the title in latex_documents is LaTeX markup, by Sphinx's definition: escaped here)
latex_documents = [("index", "special.tex", r"Special \% characters", "A. N. Author", "howto")]
pdf_edition_numbered_documents = ["text"]
pdf_edition_appendix_documents = ["plain", "interventions"]
pdf_edition_title_page = {
    "subtitle": "Subtitle with % $ & # _ { } ~ ^ \\",
    "first_publication": "First published 1 January 2000.",
    "editor_statement": "Edited & tested.",
}
html_static_path = []
# this root calls the PDF macros directly through raw LaTeX, which the edition forbids
edition_raw_enabled = True
