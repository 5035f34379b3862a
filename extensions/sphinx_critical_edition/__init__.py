"""sphinx-critical-edition: the toolkit's command line and the helpers of an edition's tests.

``python -m sphinx_critical_edition new DIR`` writes a new edition (:mod:`.new`), which builds
at once; ``python -m sphinx_critical_edition output-name pdf|epub [CONFDIR]`` prints the file
name the PDF or EPUB build writes, from the edition's ``conf.py`` (the Makefile's messages);
:mod:`.testing` reads a built edition back for its tests (the copy-text word by word).
"""

__version__ = "1.0.0"
