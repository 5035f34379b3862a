# Makefile for the critical edition, in the Sphinx convention.
#   make html      build the HTML edition into $(BUILDDIR)/html (the default)
#   make pdf       build the PDF edition into $(BUILDDIR)/latex
#   make text      build the plain-text edition into $(BUILDDIR)/text
#   make epub      build the EPUB 3 edition into $(BUILDDIR)/epub
#   make tei       build the edition as one TEI P5 document into $(BUILDDIR)/tei
#   make linkcheck check the links (offline: external links are skipped; ONLINE=1 checks them)
#   make dummy     run every stage of the build except writing files (Sphinx's dummy builder)
#   make formats   html, text, epub, linkcheck (offline) and dummy, each with $(SPHINXOPTS)
#   make livehtml  serve the HTML edition with live reload on http://127.0.0.1:$(PORT)
#   make test      run the test suite: the toolkit's tests and the edition's
#   make test-toolkit  the toolkit's tests alone (they read nothing of this edition)
#   make new-edition DIR=…  write a new, minimal edition into DIR (python -m sphinx_critical_edition new)
#   make lint      check the Python code with ruff (its settings: pyproject.toml)
#   make fuzz      the hostile-input tests with many more generated examples (slow)
#   make bench     time full, no-op and one-edit builds against plain Sphinx (scripts/bench.py)
#   make cite q=QUERY [FORMAT=bibtex|csl-json]  find a work and every place the edition cites it
#   make clean     remove the build
# Options: SPHINXOPTS (default: warnings are errors), BUILDDIR, O= (extra sphinx-build options),
# PORT (livehtml, default 8000), LIVEOPTS (livehtml's sphinx-build options), ONLINE=1 (linkcheck).
# Each target that needs Python creates the local virtual environment $(VENV) from
# requirements.txt (which installs the toolkit, extensions/, as a package) when it is missing
# or older than the manifest or the toolkit's extensions/pyproject.toml.
# Values are data (README, "Threat model"): q, FORMAT, PORT, BUILDDIR, DIR, ONLINE, SOURCE_DATE_EPOCH
# reach programs as typed, never as shell code; PYTHON, VENV, SPHINXOPTS, O, LIVEOPTS are words
# of the user's own command line.

PYTHON      ?= python3
VENV        ?= .venv
SPHINXOPTS  ?= -W --keep-going
override SOURCEDIR := source
BUILDDIR    ?= build
PORT        ?= 8000
O           ?=

# -- Values are data ------------------------------------------------------------------------
# make puts every variable of its command line into each recipe's environment, expanded: a
# value holding $(shell ...) would run.  None is exported so; none is passed on to the make
# that Sphinx's LaTeX build runs.
$(foreach v,$(.VARIABLES),$(if $(filter command line,$(origin $(v))),$(eval unexport $(v))))
MAKEOVERRIDES :=
# The values that are data go to the programs through the environment, exactly as typed
# ($(value ...): never expanded by make) and quoted there ("$$EDITION_QUERY"), never pasted
# into a shell line; each is checked before use, with a one-line refusal.
export EDITION_QUERY    := $(value q)
export EDITION_FORMAT   := $(strip $(value FORMAT))
export EDITION_PORT     := $(value PORT)
export EDITION_BUILDDIR := $(value BUILDDIR)
export EDITION_NEW_DIR  := $(value DIR)
EDITION_ONLINE          := $(value ONLINE)
# a value single-quoted for the shell, whatever it holds (for $(shell ...), which in GNU Make
# 4.3 does not see the exported variables)
quoted = '$(subst ','"'"',$(1))'
GOALS := $(or $(MAKECMDGOALS),html)
# what is left of a value once its digits are taken out
non-digits = $(strip $(subst 0,,$(subst 1,,$(subst 2,,$(subst 3,,$(subst 4,,$(subst 5,,$(subst 6,,\
  $(subst 7,,$(subst 8,,$(subst 9,,$(1))))))))))))

# BUILDDIR is written and, by `make clean`, deleted: never the repository, the sources or
# anything else of the edition (scripts/builddir.py).
ifneq ($(filter html text epub tei dummy linkcheck formats pdf livehtml cite clean,$(GOALS)),)
BUILDDIR_CHECK := $(shell $(PYTHON) scripts/builddir.py $(call quoted,$(EDITION_BUILDDIR)) \
                    $(call quoted,$(value VENV)) 2>&1)
ifneq ($(BUILDDIR_CHECK),ok)
$(error $(or $(BUILDDIR_CHECK),BUILDDIR could not be checked (scripts/builddir.py)))
endif
endif
# PORT: a whole number from 0 (any free port) to 65535
ifneq ($(filter livehtml,$(GOALS)),)
$(if $(or $(call non-digits,$(EDITION_PORT)),$(if $(EDITION_PORT),,empty),\
          $(shell test $(call quoted,$(EDITION_PORT)) -le 65535 2>/dev/null || echo big)),\
  $(error PORT must be a whole number from 0 (any free port) to 65535))
endif
# FORMAT: one of the names (make cite)
ifneq ($(filter cite,$(GOALS)),)
$(if $(filter-out bibtex csl-json,$(EDITION_FORMAT))$(word 2,$(EDITION_FORMAT)),\
  $(error FORMAT must be bibtex or csl-json (or empty, for the references as text)))
endif

# Reproducible builds (README): the dates in the output (the PDF's metadata)
# are SOURCE_DATE_EPOCH's; unless given, it is the last commit's time. Outside git (a
# tarball) it stays unset and the build's own date is used (never an empty value: Sphinx
# cannot read one). A value given must be a whole number of seconds.
ifeq ($(origin SOURCE_DATE_EPOCH),undefined)
SOURCE_DATE_EPOCH := $(shell git log -1 --format=%ct 2>/dev/null)
else
$(if $(call non-digits,$(value SOURCE_DATE_EPOCH)),\
  $(error SOURCE_DATE_EPOCH must be a whole number of seconds since 1970))
SOURCE_DATE_EPOCH := $(value SOURCE_DATE_EPOCH)
endif
ifeq ($(strip $(SOURCE_DATE_EPOCH)),)
unexport SOURCE_DATE_EPOCH
else
export SOURCE_DATE_EPOCH
endif

BIN          = $(VENV)/bin
SPHINXBUILD  = $(BIN)/sphinx-build

.DEFAULT_GOAL := html
.PHONY: help html pdf text epub tei linkcheck dummy formats livehtml bench test test-toolkit lint \
        fuzz clean venv cite new-edition

help:
	@sed -n '2,26p' Makefile

$(VENV)/.installed: requirements.txt requirements-nodeps.txt extensions/pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet -r requirements.txt
	$(BIN)/pip install --quiet --no-deps -r requirements-nodeps.txt
	@touch $@

venv: $(VENV)/.installed

html: venv
	$(SPHINXBUILD) -M html $(SOURCEDIR) "$$EDITION_BUILDDIR" -c . $(SPHINXOPTS) $(O)
	@echo "The edition is in $$EDITION_BUILDDIR/html/index.html"

# The other formats share make html's environment (build/doctrees): after a build, only the
# writing is repeated. linkcheck is offline unless ONLINE is set (and not 0): every http(s) link is
# reported "ignored" (Sphinx's linkcheck_ignore); local links are still checked (README).
LINKCHECK_OFFLINE = -D 'linkcheck_ignore=^https?://'

text dummy: venv
	$(SPHINXBUILD) -M $@ $(SOURCEDIR) "$$EDITION_BUILDDIR" -c . $(SPHINXOPTS) $(O)

# the names of the EPUB and PDF files, from conf.py (epub_basename, latex_documents)
OUTPUT_NAME  = PYTHONPATH=extensions $(BIN)/python -m sphinx_critical_edition output-name

epub: venv
	$(SPHINXBUILD) -M epub $(SOURCEDIR) "$$EDITION_BUILDDIR" -c . $(SPHINXOPTS) $(O)
	@echo "The EPUB edition is $$EDITION_BUILDDIR/epub/$$($(OUTPUT_NAME) epub .)"

# The TEI edition (extensions/edition_tei): one document, from the same doctrees as the HTML.
TEI_NAME     = all-power-to-the-soviets.xml

tei: venv
	$(SPHINXBUILD) -M tei $(SOURCEDIR) "$$EDITION_BUILDDIR" -c . $(SPHINXOPTS) $(O)
	@echo "The TEI edition is $$EDITION_BUILDDIR/tei/$(TEI_NAME)"

linkcheck: venv
	$(SPHINXBUILD) -M linkcheck $(SOURCEDIR) "$$EDITION_BUILDDIR" -c . $(SPHINXOPTS) \
	  $(if $(filter-out 0,$(EDITION_ONLINE)),,$(LINKCHECK_OFFLINE)) $(O)
	@echo "The report is in $$EDITION_BUILDDIR/linkcheck/output.json (and output.txt: problems only)"

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

pdf: venv
	$(if $(PDF_MISSING),$(error $(PDF_MISSING)))
	$(SPHINXBUILD) -M latexpdf $(SOURCEDIR) "$$EDITION_BUILDDIR" -c . $(SPHINXOPTS) $(O)
	@echo "The PDF edition is in $$EDITION_BUILDDIR/latex/$$($(OUTPUT_NAME) pdf .)"

# livehtml shares make html's output and environment (a first save after `make html` is
# incremental). Watched: source/ (pages and source/_static), conf.py, bibliography.bib and
# extensions/ (code, data and static files). Code or conf.py changes re-read everything
# (edition_code_fingerprint); a build whose reading warns stops before writing, so the
# server keeps showing the last good build (edition_stop_before_writing). It answers only
# requests for 127.0.0.1 and localhost (scripts/live.py: no DNS rebinding).
LIVEOPTS    ?= -W -D edition_stop_before_writing=1
livehtml: venv
	$(BIN)/python scripts/live.py -c . $(SOURCEDIR) "$$EDITION_BUILDDIR/html" -d "$$EDITION_BUILDDIR/doctrees" \
	  --host 127.0.0.1 --port "$$EDITION_PORT" \
	  --watch conf.py --watch bibliography.bib --watch extensions \
	  --re-ignore '(__pycache__|\.pyc$$|~$$|\.sw[px]$$|\#)' \
	  $(LIVEOPTS) $(O)

bench: venv
	$(BIN)/python scripts/bench.py $(O)

test: venv
	$(BIN)/python -m pytest $(O)

# the toolkit's suite: small projects of its own (tests/roots/), nothing of this edition
test-toolkit: venv
	$(BIN)/python -m pytest -m toolkit $(O)

# DIR is data: passed to the command as typed; it refuses a folder that holds files
new-edition: venv
	$(if $(EDITION_NEW_DIR),,$(error DIR must name the folder of the new edition: make new-edition DIR=…))
	@PYTHONPATH=extensions $(BIN)/python -m sphinx_critical_edition new -- "$$EDITION_NEW_DIR"

lint: venv
	$(BIN)/ruff check conf.py extensions scripts tests

# Hypothesis profile "fuzz" (tests/conftest.py): 400 examples per construct and make variable
# instead of 12, random rather than derandomised; a failing example is printed with its page.
fuzz: venv
	HYPOTHESIS_PROFILE=fuzz $(BIN)/python -m pytest tests/test_hostile_input.py \
	  tests/test_make_variables.py -k generated $(O)

cite: venv
	@PYTHONPATH=extensions $(BIN)/python -m citations.lookup --builddir "$$EDITION_BUILDDIR" \
	  $(if $(EDITION_FORMAT),--format "$$EDITION_FORMAT") -- "$$EDITION_QUERY"

clean:
	rm -rf -- "$$EDITION_BUILDDIR"
