# Makefile for the critical edition, in the Sphinx convention.
#   make html      build the HTML edition into $(BUILDDIR)/html (the default)
#   make pdf       build the PDF edition into $(BUILDDIR)/latex
#   make text      build the plain-text edition into $(BUILDDIR)/text
#   make epub      build the EPUB 3 edition into $(BUILDDIR)/epub
#   make linkcheck check the links (offline: external links are skipped; ONLINE=1 checks them)
#   make dummy     run every stage of the build except writing files (Sphinx's dummy builder)
#   make formats   html, text, epub, linkcheck (offline) and dummy, each with $(SPHINXOPTS)
#   make livehtml  serve the HTML edition with live reload on http://127.0.0.1:$(PORT)
#   make test      run the test suite
#   make fuzz      the hostile-input tests with many more generated examples (slow)
#   make bench     time full, no-op and one-edit builds against plain Sphinx (scripts/bench.py)
#   make cite q=QUERY [FORMAT=bibtex|csl-json]  find a work and every place the edition cites it
#   make clean     remove the build
# Options: SPHINXOPTS (default: warnings are errors), BUILDDIR, O= (extra sphinx-build options),
# PORT (livehtml, default 8000), LIVEOPTS (livehtml's sphinx-build options), ONLINE=1 (linkcheck).
# Each target that needs Python creates the local virtual environment $(VENV) from
# requirements.txt when it is missing or older than the manifest.

PYTHON      ?= python3
VENV        ?= .venv
SPHINXOPTS  ?= -W --keep-going
SOURCEDIR    = source
BUILDDIR    ?= build
PORT        ?= 8000
O           ?=

# Reproducible builds (README): the dates in the output (the PDF's title page and metadata)
# are SOURCE_DATE_EPOCH's; unless given, it is the last commit's time. Outside git (a
# tarball) it stays unset and the build's own date is used (never an empty value: Sphinx
# cannot read one).
ifeq ($(origin SOURCE_DATE_EPOCH),undefined)
SOURCE_DATE_EPOCH := $(shell git log -1 --format=%ct 2>/dev/null)
endif
ifeq ($(strip $(SOURCE_DATE_EPOCH)),)
unexport SOURCE_DATE_EPOCH
else
export SOURCE_DATE_EPOCH
endif

BIN          = $(VENV)/bin
SPHINXBUILD  = $(BIN)/sphinx-build

.DEFAULT_GOAL := html
.PHONY: help html pdf text epub linkcheck dummy formats livehtml bench test fuzz clean venv cite

help:
	@sed -n '2,18p' Makefile

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet -r requirements.txt
	@touch $@

venv: $(VENV)/.installed

html: venv
	$(SPHINXBUILD) -M html "$(SOURCEDIR)" "$(BUILDDIR)" -c . $(SPHINXOPTS) $(O)
	@echo "The edition is in $(BUILDDIR)/html/index.html"

# The other formats share make html's environment (build/doctrees): after a build, only the
# writing is repeated. linkcheck is offline unless ONLINE is set (and not 0): every http(s) link is
# reported "ignored" (Sphinx's linkcheck_ignore); local links are still checked (README).
LINKCHECK_OFFLINE = -D 'linkcheck_ignore=^https?://'

text dummy: venv
	$(SPHINXBUILD) -M $@ "$(SOURCEDIR)" "$(BUILDDIR)" -c . $(SPHINXOPTS) $(O)

EPUB_NAME    = all-power-to-the-soviets.epub

epub: venv
	$(SPHINXBUILD) -M epub "$(SOURCEDIR)" "$(BUILDDIR)" -c . $(SPHINXOPTS) $(O)
	@echo "The EPUB edition is $(BUILDDIR)/epub/$(EPUB_NAME)"

linkcheck: venv
	$(SPHINXBUILD) -M linkcheck "$(SOURCEDIR)" "$(BUILDDIR)" -c . $(SPHINXOPTS) \
	  $(if $(filter-out 0,$(ONLINE)),,$(LINKCHECK_OFFLINE)) $(O)
	@echo "The report is in $(BUILDDIR)/linkcheck/output.json (and output.txt: problems only)"

# one after the other, also under make -j: the four share the environment
formats: html text epub linkcheck dummy
ifneq ($(filter formats,$(MAKECMDGOALS)),)
text: | html
epub: | text
linkcheck: | epub
dummy: | linkcheck
endif

# TeX is checked first: when it is missing, make stops with one line naming the Debian packages.
PDF_MISSING = $(shell $(PYTHON) extensions/pdf_edition/texcheck.py 2>&1)
PDF_NAME     = all-power-to-the-soviets.pdf

pdf: venv
	$(if $(PDF_MISSING),$(error $(PDF_MISSING)))
	$(SPHINXBUILD) -M latexpdf "$(SOURCEDIR)" "$(BUILDDIR)" -c . $(SPHINXOPTS) $(O)
	@echo "The PDF edition is in $(BUILDDIR)/latex/$(PDF_NAME)"

# livehtml shares make html's output and environment (a first save after `make html` is
# incremental). Watched: source/ (pages and source/_static), conf.py, bibliography.bib and
# extensions/ (code, data and static files). Code or conf.py changes re-read everything
# (edition_code_fingerprint); a build whose reading warns stops before writing, so the
# server keeps showing the last good build (edition_stop_before_writing).
LIVEOPTS    ?= -W -D edition_stop_before_writing=1
livehtml: venv
	$(BIN)/sphinx-autobuild -c . "$(SOURCEDIR)" "$(BUILDDIR)/html" -d "$(BUILDDIR)/doctrees" \
	  --host 127.0.0.1 --port $(PORT) \
	  --watch conf.py --watch bibliography.bib --watch extensions \
	  --re-ignore '(__pycache__|\.pyc$$|~$$|\.sw[px]$$|\#)' \
	  $(LIVEOPTS) $(O)

bench: venv
	$(BIN)/python scripts/bench.py $(O)

test: venv
	$(BIN)/python -m pytest $(O)

# Hypothesis profile "fuzz" (tests/test_hostile_input.py): 400 examples per construct instead
# of 12, random rather than derandomised; a failing example is printed with its page.
fuzz: venv
	HYPOTHESIS_PROFILE=fuzz $(BIN)/python -m pytest tests/test_hostile_input.py -k generated $(O)

cite: venv
	@PYTHONPATH=extensions $(BIN)/python -m citations.lookup --builddir "$(BUILDDIR)" \
	  $(if $(FORMAT),--format "$(FORMAT)") -- "$(q)"

clean:
	rm -rf "$(BUILDDIR)"
