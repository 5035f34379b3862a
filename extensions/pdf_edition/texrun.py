"""The PDF edition's own TeX run, confined: the ``latexmkrc`` of the LaTeX output folder.

Sphinx's LaTeX builder writes a ``latexmkrc`` beside the ``.tex``; ``make pdf`` (Sphinx's
``-M latexpdf``) and ``make -C build/latex`` run latexmk with it.  At the end of each LaTeX
build this module writes the edition's own in its place, so that every LuaLaTeX run of the
edition

* starts with ``--no-shell-escape`` and ``shell_escape=f``: no ``\\write18``;
* has kpathsea's ``openin_any=p`` and ``openout_any=p`` in its environment (not in the
  system's ``texmf.cnf``): TeX reads and writes no dot file, nothing by an absolute path
  outside its own trees, nothing in a parent folder (``\\input{/etc/hostname}`` is refused);
* loads ``sandbox/edition-sandbox.lua`` with ``--lua`` before the format and every package:
  Lua reads only TeX's own files and the build folder, writes only into the edition's font
  cache, starts no process and loads no C module, and every file-finding callback follows
  the same rules (LuaTeX's ``--safer`` would do part of this, but luaotfload, and so
  fontspec, refuses to run under it);
* sees only the environment variables TeX needs (no secret of the caller's environment can
  be read by document code);
* writes its font cache only into a cache of its own (``EDITION_TEX_CACHE``, by default
  ``~/.cache/critical-edition-luatex``, else ``luatex-cache/`` of the build folder; the
  system's and the user's caches are still read): what a document could write there is
  never loaded by another TeX run of the machine.

The sandbox lives in the extension's folder, not in the build folder, where TeX may write.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx

from edition_common.latex_index import latexmkrc as with_upmendex

SANDBOX = Path(__file__).resolve().parent / "sandbox" / "edition-sandbox.lua"

#: the folder of the edition's font cache in the user's cache folder
CACHE_NAME = "critical-edition-luatex"

#: the environment a TeX run keeps (a Perl regular expression)
KEEP_ENV = (
    r"PATH|HOME|USER|LOGNAME|LANG|LANGUAGE|LC_[A-Z_]+|TZ|TMPDIR|TERM|LD_LIBRARY_PATH"
    r"|SOURCE_DATE_EPOCH|FORCE_SOURCE_DATE|SOURCE_DATE_EPOCH_TEX_PRIMITIVES"
    r"|LATEXOPTS|LATEXMKOPTS|XINDYOPTS|EDITION_TEX_CACHE|TEX[A-Z_]*|[A-Z]*INPUTS|[A-Z]*FONTS|OSFONTDIR"
    r"|SELFAUTO[A-Z]*|KPATHSEA_[A-Z_]+|max_print_line|error_line|half_error_line"
)


def perl_string(text: str) -> str:
    """*text* as a single-quoted Perl string."""
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def latexmkrc(sandbox: Path = SANDBOX) -> str:
    """The confined latexmkrc (LuaLaTeX, makeindex with Sphinx's python.ist)."""
    return f"""\
# The edition's latexmkrc (extensions/pdf_edition/texrun.py), in place of Sphinx's:
# every LuaLaTeX run of the PDF edition is confined (README, "Threat model").
use Cwd;
use File::Copy qw(copy);
use File::Path qw(make_path);
# The font cache of the edition's TeX runs (EDITION_TEX_CACHE, or the user's cache folder,
# or else the build folder): used by no other TeX run of the machine.
my $edition_cache = $ENV{{'EDITION_TEX_CACHE'}} || '';
if ($edition_cache eq '') {{
  my $base = $ENV{{'XDG_CACHE_HOME'}} || ($ENV{{'HOME'}} ? "$ENV{{'HOME'}}/.cache" : '');
  $edition_cache = "$base/{CACHE_NAME}" if $base ne '';
}}
if ($edition_cache eq '' || !(-d $edition_cache || make_path($edition_cache))) {{
  $edition_cache = getcwd() . '/luatex-cache';
  make_path($edition_cache);
}}
for my $name (keys %ENV) {{
  delete $ENV{{$name}} unless $name =~ /^({KEEP_ENV})$/;
}}
$ENV{{'openin_any'}} = 'p';
$ENV{{'openout_any'}} = 'p';
$ENV{{'shell_escape'}} = 'f';
my $texmf_cache = `kpsewhich -var-value TEXMFCACHE`;
chomp $texmf_cache;
# luaotfload keeps its font-name database in the cache it writes: start from the
# system's or the user's (the fonts' own caches are read where they are)
my $names = "$edition_cache/luatex-cache/generic/names";
unless (glob("$names/luaotfload-names.*")) {{
  for my $dir (split /[:;]/, $texmf_cache) {{
    my @found = glob("$dir/luatex-cache/generic/names/luaotfload-names.*");
    next unless @found;
    make_path($names);
    copy($_, $names) for @found;
    last;
  }}
}}
$ENV{{'TEXMFCACHE'}} = $texmf_cache eq '' ? $edition_cache : "$edition_cache:$texmf_cache";
$ENV{{'EDITION_TEX_CACHE'}} = $edition_cache;
$ENV{{'EDITION_TEX_SANDBOX'}} = {perl_string(str(sandbox))};
my $edition_lualatex = 'lualatex --lua="$EDITION_TEX_SANDBOX" --fmt=lualatex --no-shell-escape ';
$latex = $edition_lualatex . '--output-format=dvi ' . $ENV{{'LATEXOPTS'}} . ' %O %S';
$pdflatex = $edition_lualatex . $ENV{{'LATEXOPTS'}} . ' %O %S';
$lualatex = $edition_lualatex . $ENV{{'LATEXOPTS'}} . ' %O %S';
$makeindex = 'makeindex -s python.ist %O -o %D %S';
"""


def write_latexmkrc(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: the LaTeX builder's folder gets the confined latexmkrc, its
    indexes sorted by upmendex (:mod:`edition_common.latex_index`: Cyrillic as Russian, the
    index of persons), whichever of the two handlers runs first."""
    if exception is not None or app.builder.name != "latex":
        return
    (Path(app.outdir) / "latexmkrc").write_text(with_upmendex(latexmkrc()), encoding="utf-8")
