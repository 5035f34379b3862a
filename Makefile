# Makefile for the critical edition, in the Sphinx convention.
#   make html      build the HTML edition into $(BUILDDIR)/html (the default)
#   make pdf       build the PDF edition into $(BUILDDIR)/latex
#   make livehtml  serve the HTML edition with live reload on http://127.0.0.1:$(PORT)
#   make test      run the test suite
#   make clean     remove the build
# Options: SPHINXOPTS (default: warnings are errors), BUILDDIR, O= (extra sphinx-build options), PORT.
# Each target that needs Python creates the local virtual environment $(VENV) from
# requirements.txt when it is missing or older than the manifest.

PYTHON      ?= python3
VENV        ?= .venv
SPHINXOPTS  ?= -W --keep-going
SOURCEDIR    = source
BUILDDIR    ?= build
PORT        ?= 8000
O           ?=

BIN          = $(VENV)/bin
SPHINXBUILD  = $(BIN)/sphinx-build

.DEFAULT_GOAL := html
.PHONY: help html pdf livehtml test clean venv

help:
	@sed -n '2,10p' Makefile

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet -r requirements.txt
	@touch $@

venv: $(VENV)/.installed

html: venv
	$(SPHINXBUILD) -M html "$(SOURCEDIR)" "$(BUILDDIR)" -c . $(SPHINXOPTS) $(O)
	@echo "The edition is in $(BUILDDIR)/html/index.html"

pdf: venv
	$(SPHINXBUILD) -M latexpdf "$(SOURCEDIR)" "$(BUILDDIR)" -c . $(SPHINXOPTS) $(O)

livehtml: venv
	$(BIN)/sphinx-autobuild -c . "$(SOURCEDIR)" "$(BUILDDIR)/html" \
	  --host 127.0.0.1 --port $(PORT) \
	  --watch conf.py --watch bibliography.bib --watch extensions \
	  $(SPHINXOPTS) $(O)

test: venv
	$(BIN)/python -m pytest $(O)

clean:
	rm -rf "$(BUILDDIR)"
