"""The editorial matter as readers get it (issue 14): no workshop talk anywhere, evidence only
from accepted sources, and the front matter of a critical edition in HTML and in the PDF.

(a) The words and patterns of ``tests/data/workshop-words.txt`` (an editor extends that file)
    never occur in what readers get: every built HTML page (popups, hovers and attribute texts
    included), the plain-text build, ``apparatus.json``, ``make cite``'s output for every work
    (text, BibTeX, CSL-JSON), the printed bibliography and the PDF's text. Software names are
    allowed only in the statement of the software in the editorial principles.
(b) Evidence: every ``url`` of ``bibliography.bib`` is on a host of
    ``tests/data/accepted-hosts.txt``; the evidence of apparatus entries and editorial notes
    names works of the bibliography (``:cite:``, ``{cite-as}``), never a web address of its own.
(c) The front matter (textual introduction with the witnesses, key to sigla, rights, how to
    cite) exists in the HTML edition and in the PDF.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import lxml.html
import pytest

from conftest import ROOT, Build, sphinx_build

# the edition's editorial matter
pytestmark = pytest.mark.edition

DATA = Path(__file__).resolve().parent / "data"
WORDS_FILE = DATA / "workshop-words.txt"
HOSTS_FILE = DATA / "accepted-hosts.txt"

#: The one place where software may be named: the section of the editorial principles
#: (about.md) with this anchor, and its heading as printed (text build, PDF).
SOFTWARE_SECTION_ID = "edition-software"
SOFTWARE_HEADING = "The software of the edition"
#: the heading that follows that section in about.md (where the exception ends in text and PDF)
AFTER_SOFTWARE_HEADING = "Notes and comments"

#: The sigla the edition declares (EDITORIAL-CONTRACT: R the copy-text; the 2017 versions).
SIGLA = ["R", "R17", "L17", "B17", "J17"]

#: A web address written out in a text: with a scheme, or a bare host with a path or a
#: common top-level domain ("dsimian.com/2023/…", "ed.newdu.com").
ADDRESS = re.compile(
    r"\bhttps?://[^\s<>\"”’)]+"
    r"|\b(?:www\.)?(?:[a-z0-9-]+\.)+(?:com|org|net|edu|gov|info|io|me|help|xyz|de|ru|uk|au|ca|ni|es|fr)"
    r"(?:/[^\s<>\"”’)]*)?",
    re.I,
)


# -- the lists kept in the repository ----------------------------------------------------------

@dataclass
class Pattern:
    source: str            # the line of the file (or "bib key …")
    regex: re.Pattern[str]
    software: bool = False
    bib_key: bool = False


def bib_keys() -> list[str]:
    from citations import bibdata

    return list(bibdata.load([ROOT / "bibliography.bib"]).data.entries)


def workshop_patterns() -> list[Pattern]:
    patterns: list[Pattern] = []
    for raw in WORDS_FILE.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line == "@bib-keys":
            patterns += [Pattern(f"bib key {key}", re.compile(rf"\b{re.escape(key)}\b", re.I),
                                 bib_key=True) for key in bib_keys()]
        elif line.startswith("software:"):
            name = line.split(":", 1)[1].strip()
            patterns.append(Pattern(line, re.compile(rf"(?<![\w-]){re.escape(name)}(?![\w-])", re.I),
                                    software=True))
        else:
            patterns.append(Pattern(line, re.compile(line, re.I | re.M)))
    return patterns


def accepted_hosts() -> list[str]:
    hosts = []
    for raw in HOSTS_FILE.read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip().lower()
        if line:
            hosts.append(line)
    return hosts


def host_accepted(host: str, hosts: list[str]) -> bool:
    host = host.lower().rstrip(".")
    return any(host == h or host.endswith("." + h) for h in hosts)


def test_the_lists_are_well_formed():
    patterns = workshop_patterns()
    assert any(p.software for p in patterns) and any(p.bib_key for p in patterns)
    assert any(p.source == "as the edition grows" for p in patterns)
    hosts = accepted_hosts()
    assert "marxists.org" in hosts and all(re.fullmatch(r"[a-z0-9.-]+\.[a-z]+", h) for h in hosts)
    assert host_accepted("www.marxists.org", hosts) and not host_accepted("notmarxists.org", hosts)


def findings(texts: dict[str, str], patterns: list[Pattern], *, software: bool = True,
             keys: bool = True) -> list[str]:
    """``where: «context» (pattern)`` for every occurrence of a pattern in *texts*."""
    found = []
    for where, text in texts.items():
        for pattern in patterns:
            if (pattern.software and not software) or (pattern.bib_key and not keys):
                continue
            for m in pattern.regex.finditer(text):
                context = " ".join(text[max(0, m.start() - 50):m.end() + 50].split())
                found.append(f"{where}: «{context}» ({pattern.source})")
    return found


def report(found: list[str]) -> str:
    return f"{len(found)} occurrence(s) of workshop words:\n" + "\n".join(found[:80])


# -- (a) what readers get -----------------------------------------------------------------------

@pytest.fixture(scope="module")
def html(edition_html: Build) -> Path:
    assert edition_html.returncode == 0, edition_html.stderr
    return edition_html.outdir


#: attributes whose values readers see or hear (hovers, screen readers, the page's description)
READER_ATTRIBUTES = ("title", "aria-label", "alt", "placeholder")


def reader_text(path: Path, *, drop_software_statement: bool) -> str:
    """All that a reader of *path* can see or hear: the text of the page (popups included)
    and the attributes that browsers and screen readers present."""
    root = lxml.html.parse(str(path)).getroot()
    for el in root.xpath("//script | //style | //noscript[not(ancestor::body)]"):
        el.drop_tree()
    if drop_software_statement:
        for el in root.xpath(f"//*[@id='{SOFTWARE_SECTION_ID}']"):
            el.drop_tree()
        # the theme's credit line at the foot of every page ("Made with …")
        for el in root.xpath("//*[contains(concat(' ', @class, ' '), ' bottom-of-page ')]"):
            el.drop_tree()
    parts = [root.text_content()]
    for attr in READER_ATTRIBUTES:
        parts += root.xpath(f"//@{attr}")
    parts += root.xpath("//meta[@name='description']/@content")
    return "\n".join(parts)


def html_pages(outdir: Path) -> list[Path]:
    return sorted(p for p in outdir.rglob("*.html") if "_static" not in p.parts)


def test_html_pages_have_no_workshop_words(html: Path):
    patterns = workshop_patterns()
    pages = html_pages(html)
    assert len(pages) >= 10
    texts = {p.name: reader_text(p, drop_software_statement=False) for p in pages}
    found = findings(texts, patterns, software=False)
    # software names: everywhere but the one statement (and the theme's credit line)
    texts = {p.name: reader_text(p, drop_software_statement=True) for p in pages}
    found += findings(texts, [p for p in patterns if p.software])
    assert not found, report(found)


def test_the_software_is_named_once_in_the_editorial_principles(html: Path):
    about = lxml.html.parse(str(html / "about.html")).getroot()
    section = about.xpath(f"//*[@id='{SOFTWARE_SECTION_ID}']")
    assert section, "about.html has no section of the software of the edition"
    text = " ".join(section[0].text_content().split())
    assert SOFTWARE_HEADING in text
    for name in ("Sphinx", "MyST-Parser", "sphinxcontrib-bibtex", "pybtex", "iuliia",
                 "convertdate", "LuaLaTeX", "reledmac"):
        assert name in text, name
    pins = dict(line.split("==") for line in (ROOT / "requirements.txt").read_text().split()
                if "==" in line)
    for package in ("Sphinx", "myst-parser", "sphinxcontrib-bibtex", "pybtex", "iuliia",
                    "convertdate"):
        assert pins[package] in text, f"{package} {pins[package]} not stated"
    # what "verified" and "unverified" mean, and what counts as evidence
    principles = " ".join(about.text_content().split())
    assert re.search(r"“unverified”", principles, re.I) and re.search(r"“verified”", principles, re.I)
    assert "Marxists Internet Archive" in principles and "Library of Congress" in principles


def test_apparatus_json_has_no_workshop_words(html: Path):
    data = json.loads((html / "apparatus.json").read_text(encoding="utf-8"))
    strings: dict[str, str] = {}

    def walk(value, where):
        if isinstance(value, dict):
            for k, v in value.items():
                # identifiers, not words: a cited work's key, the witness's page
                if k not in ("key", "page", "mark_id", "entry_id", "item_id"):
                    walk(v, f"{where}.{k}")
        elif isinstance(value, list):
            for i, v in enumerate(value):
                walk(v, f"{where}[{i}]")
        elif isinstance(value, str):
            strings[where] = value

    walk(data, "apparatus.json")
    found = findings(strings, workshop_patterns())
    assert not found, report(found)


@pytest.fixture(scope="module")
def text_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("editorial-text") / "text"
    build = sphinx_build(ROOT / "source", out, builder="text", confdir=ROOT)
    assert build.returncode == 0, build.stderr
    return out


def without_software_statement(text: str) -> str:
    """*text* without the statement of the software: from each occurrence of its heading (in
    a table of contents, then in the text) to the heading that follows it."""
    out, pos = [], 0
    while (start := text.find(SOFTWARE_HEADING, pos)) >= 0:
        end = text.find(AFTER_SOFTWARE_HEADING, start)
        out.append(text[pos:start])
        pos = end if end > start else len(text)
    return "".join(out) + text[pos:]


def test_plain_text_build_has_no_workshop_words(text_build: Path):
    patterns = workshop_patterns()
    texts = {p.name: p.read_text(encoding="utf-8") for p in sorted(text_build.glob("*.txt"))}
    assert "essay.txt" in texts and "about.txt" in texts
    found = findings(texts, patterns, software=False)
    found += findings({k: without_software_statement(v) for k, v in texts.items()},
                      [p for p in patterns if p.software])
    assert not found, report(found)


#: prints, for every work of the bibliography, what ``make cite q=KEY`` prints in each format
CITE_ALL = """
import sys
from pathlib import Path
from citations import lookup
root, builddir = Path(sys.argv[1]), Path(sys.argv[2])
data = lookup.load_edition(root, builddir)
for work in lookup.index(data.entries):
    print("=== text", work.key)
    print(lookup.format_text([work], data))
    print("=== bibtex", work.key)
    print(lookup.format_bibtex([work]), end="")
    print("=== csl-json", work.key)
    print(lookup.format_csl([work]))
"""


def test_make_cite_output_has_no_workshop_words(tmp_path: Path):
    env = {"PYTHONPATH": str(ROOT / "extensions"), "PATH": "/usr/bin:/bin"}
    proc = subprocess.run([sys.executable, "-c", CITE_ALL, str(ROOT), str(tmp_path)],
                          capture_output=True, text=True, env=env)
    assert proc.returncode == 0, proc.stderr
    outputs: dict[str, str] = {}
    for block in re.split(r"^=== ", proc.stdout, flags=re.M)[1:]:
        head, _, body = block.partition("\n")
        fmt, key = head.split()
        # the key names the result (first line of the text format, "@type{key," in BibTeX,
        # "id" in CSL-JSON): that is the lookup's identifier, everything else is checked
        body = re.sub(rf"^{re.escape(key)} — ", "", body, flags=re.M)
        body = re.sub(rf"^@\w+\{{{re.escape(key)},", "", body, flags=re.M)
        body = re.sub(rf'"id": "{re.escape(key)}"', "", body)
        outputs[f"make cite q={key} FORMAT={fmt}"] = body
    assert len(outputs) == 3 * len(bib_keys())
    found = findings(outputs, workshop_patterns())
    assert not found, report(found)


def test_printed_bibliography_has_no_workshop_words(html: Path):
    """The works-cited page prints the bib fields (references, differences): nothing there
    may be workshop talk, an internal key or a placeholder printed as if it were data."""
    page = lxml.html.parse(str(html / "works-cited.html")).getroot()
    entries = page.xpath("//*[contains(concat(' ', @class, ' '), ' ed-works-cited ')]"
                         " | //*[contains(concat(' ', @class, ' '), ' ed-works-differences ')]")
    assert entries
    texts = {f"works-cited.html ({i})": e.text_content() for i, e in enumerate(entries)}
    found = findings(texts, workshop_patterns())
    assert not found, report(found)
    # a datum that could not be established is printed as "unverified", never as a bracketed
    # placeholder standing in for the datum
    assert not re.search(r"\[[^\]]*unverified[^\]]*\]", " ".join(texts.values()), re.I)


@pytest.fixture(scope="module")
def pdf_text(edition_pdf) -> str:
    assert edition_pdf.returncode == 0, edition_pdf.output[-3000:]
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(edition_pdf.pdf), "-"],
                          capture_output=True, text=True, check=True).stdout


def test_pdf_has_no_workshop_words(pdf_text: str):
    patterns = workshop_patterns()
    # pdftotext breaks lines (and hyphenates words) where the PDF does: join them again
    text = re.sub(r"-\n(?=\w)", "", pdf_text)
    text = re.sub(r"[ \t]*\n[ \t]*", " ", text)
    found = findings({"PDF": text}, patterns, software=False)
    found += findings({"PDF": without_software_statement(text)}, [p for p in patterns if p.software])
    assert not found, report(found)


# -- (b) evidence from accepted sources ---------------------------------------------------------

def test_every_bib_url_is_on_an_accepted_host():
    from citations import bibdata

    hosts = accepted_hosts()
    bad = []
    for key, entry in bibdata.load([ROOT / "bibliography.bib"]).data.entries.items():
        url = entry.fields.get("url")
        if url and not host_accepted(urlsplit(url).hostname or "", hosts):
            bad.append(f"{key}: {url}")
    assert not bad, "bib urls on hosts not in tests/data/accepted-hosts.txt:\n" + "\n".join(bad)


def bib_urls() -> set[str]:
    from citations import bibdata

    return {e.fields["url"].rstrip("/") for e in
            bibdata.load([ROOT / "bibliography.bib"]).data.entries.values() if e.fields.get("url")}


def addresses_outside_the_bibliography(texts: dict[str, str]) -> list[str]:
    """Web addresses written in *texts* that are not the url of a bibliography entry."""
    known = bib_urls()
    bare = {re.sub(r"^https?://(www\.)?", "", u) for u in known}
    bad = []
    for where, text in texts.items():
        for m in ADDRESS.finditer(text):
            address = m.group(0).rstrip(".,;:")
            if address.rstrip("/") in known or re.sub(r"^https?://(www\.)?", "", address).rstrip("/") in bare:
                continue
            bad.append(f"{where}: {address}")
    return bad


def test_apparatus_evidence_is_bibliography_entries(html: Path):
    data = json.loads((html / "apparatus.json").read_text(encoding="utf-8"))
    keys = set(bib_keys())
    entries = data["entries"]
    assert entries
    for entry in entries:
        for cite in entry.get("cites", []):
            assert cite["key"] in keys, (entry["label"], cite)
    # the evidence of an entry is its :cite: (and {cite-as} in its commentary), never an
    # address written into the note
    texts = {f"{e['page']} {e['label']}": " ".join(str(e.get(f) or "") for f in ("note", "commentary", "summary"))
             for e in entries}
    bad = addresses_outside_the_bibliography(texts)
    assert not bad, "addresses written into apparatus entries:\n" + "\n".join(bad)
    # a correction of fact rests on a source: its cites are filled
    facts = [e["label"] for e in entries if e["type"] == "fact" and not e.get("cites")]
    assert not facts, f"fact entries without :cite: {facts}"


def test_editorial_notes_evidence_is_bibliography_entries(html: Path):
    page = lxml.html.parse(str(html / "editorial-notes.html")).getroot()
    notes = page.xpath("//*[contains(concat(' ', @class, ' '), ' ed-ednote ')]")
    assert notes
    texts = {f"editorial-notes.html ({i})": n.text_content() for i, n in enumerate(notes)}
    bad = addresses_outside_the_bibliography(texts)
    assert not bad, "addresses written into editorial notes:\n" + "\n".join(bad)


# -- (c) the front matter ---------------------------------------------------------------------

def page_words(html: Path, name: str) -> str:
    return " ".join(lxml.html.parse(str(html / f"{name}.html")).getroot().text_content().split())


def conf_value(name: str):
    namespace: dict = {"__file__": str(ROOT / "conf.py")}
    exec(compile((ROOT / "conf.py").read_text(encoding="utf-8"), "conf.py", "exec"), namespace)
    return namespace[name]


FRONT_MATTER = {
    # page: (its heading, lines that must be in it)
    "about": ("About this edition", ["Editorial principles", "“unverified”"]),
    "introduction": ("Textual introduction", [
        "18 August 2014", "19 August 2014", "2017", "Links", "The Bullet", "Jacobin",
        "Witness R17", "Witness L17", "Witness B17", "Witness J17"]),
    "sigla": ("Key to sigla, signs and abbreviations", [
        "R17", "L17", "B17", "J17", "ed.", "⟨", "O.S.", "N.S.", "CW", "MIA", "diplomatic",
        "critical"]),
    "rights": ("Rights", ["Lars T. Lih", "Felipe Stuart C.", "Björn-Olav Kvidal"]),
    "citing": ("How to cite this edition", [
        "edited by the ‘All Power to the Soviets’ edition project"]),
}


def test_front_matter_in_html(html: Path):
    index = lxml.html.parse(str(html / "index.html")).getroot()
    caption = index.xpath("//p[contains(@class,'caption')][.//text()='Front matter']")
    assert caption, "no front-matter toctree on the title page"
    toc = caption[0].getnext()
    linked = [a.get("href") for a in toc.xpath(".//a")]
    for name, (heading, lines) in FRONT_MATTER.items():
        assert f"{name}.html" in linked, f"{name} is not in the front matter"
        page = lxml.html.parse(str(html / f"{name}.html")).getroot()
        assert heading in " ".join(page.xpath("string(//h1)").split()), name
        text = page_words(html, name)
        for line in lines:
            assert line in text, f"{name}.html lacks {line!r}"
    # the witnesses are declared, with their sigla, where the introduction says
    intro = lxml.html.parse(str(html / "introduction.html")).getroot()
    declared = [" ".join(s.text_content().split())
                for s in intro.xpath("//*[contains(@class,'ed-witness')]//*[contains(@class,'ed-app-siglum')]")]
    assert declared == SIGLA, declared
    data = json.loads((html / "apparatus.json").read_text(encoding="utf-8"))
    assert sorted(data["witnesses"]) == sorted(SIGLA)
    # how to cite: the version from conf.py and the date of this version
    citing = page_words(html, "citing")
    assert f"version {conf_value('release')}" in citing
    assert re.search(r"\b\d{1,2} (January|February|March|April|May|June|July|August|September|"
                     r"October|November|December) \d{4}\b", citing.split("version", 1)[1])


def test_front_matter_in_pdf(pdf_text: str):
    text = " ".join(pdf_text.split())
    contents, body = text.split("Contents", 1) if "Contents" in text else ("", text)
    for name, (heading, lines) in FRONT_MATTER.items():
        assert heading in body, f"PDF lacks the heading {heading!r}"
        for line in lines:
            assert line in text, f"PDF lacks {line!r} ({name})"
    # the front matter precedes the essay
    essay_start = body.find("Our slogan consists of three words")
    assert 0 < body.find("Textual introduction") < essay_start
    assert 0 < body.find("Key to sigla") < essay_start
    assert f"Edition {conf_value('release')}" in text


# -- the editors' papers -----------------------------------------------------------------------

#: what the editors' papers may contain that readers never see: bib keys (the papers document
#: the data), lines of the copy-text file and its path (the papers' own reference system)
PAPERS_ALLOWED = {r"(?<!\d, )\bll?\. \d+", r"witnesses/R\.txt", "research/"}


def test_research_papers_are_editors_papers():
    """research/ holds the editors' papers: sources and locators, no tools, sessions,
    search results, copies of other sites or machine paths."""
    patterns = [p for p in workshop_patterns()
                if not p.bib_key and p.source not in PAPERS_ALLOWED]
    texts = {p.name: p.read_text(encoding="utf-8") for p in sorted((ROOT / "research").glob("*.md"))}
    assert texts
    found = findings(texts, patterns)
    assert not found, report(found)
