#!/usr/bin/env python3
"""Benchmark of the edition's builds (``make bench``): what the extensions cost, and how it scales.

For the edition (1×) and synthetic corpora 10× and 50× its running text (more copies of the
essay and the comments with the same markup, labels renamed: ``scripts/corpus.py``), and for
each of two variants of the same texts:

* ``edition``: the project as it is (its conf.py, extensions, bibliography, registries);
* ``plain``: the same texts with the project's roles reduced to their displayed text and its
  directives unwrapped, built by plain Sphinx (myst_parser + furo only);

it times, as wall-clock time of a whole ``sphinx-build`` process (what an editor waits for):

* ``full``: a build from scratch (no doctrees, no output);
* ``no-op``: the same build again, nothing changed;
* ``edit``: after one sentence of one paragraph of the essay changed (and which pages
  that re-reads);

and the bytes of the HTML pages a full build writes.  The variants run interleaved, run
after run, so that both see the same machine load; each figure is the median of
``--runs`` runs.  Then it measures ``make livehtml``'s save-to-reload time at the scales
of ``--live-scales``: from writing the file to the served page containing the change, and
builds the edition's PDF once as ``make pdf`` does (the LaTeX builder, then latexmk),
counting LuaLaTeX's passes (``--no-pdf`` skips it; without TeX it is skipped with the
reason).  It prints a Markdown table, the machine, and the targets of issue 15 with a
verdict.  It is a script, not a test: nothing fails when a target is missed.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import signal
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus  # noqa: E402
from live import LiveServer  # noqa: E402

STEPS = ("full", "no-op", "edit")
LOAD_START = " ".join(f"{x:.1f}" for x in os.getloadavg())
VARIANTS = ("edition", "plain")


@dataclass
class Sample:
    times: dict[str, list[float]] = field(default_factory=lambda: {s: [] for s in STEPS})
    cpu: dict[str, list[float]] = field(default_factory=lambda: {s: [] for s in STEPS})
    warnings: int = 0
    failures: int = 0
    reread_on_edit: int = 0
    reread_names: list[str] = field(default_factory=list)
    html_bytes: int = 0
    docs: int = 0

    def median(self, step: str, measure: str = "wall") -> float:
        return statistics.median((self.times if measure == "wall" else self.cpu)[step])


READ = re.compile(r"reading sources\.\.\. \[[^\]]*\] (\S+)")


def html_bytes(out: Path) -> int:
    """The bytes of the HTML pages of a build (not the doctrees or static files)."""
    return sum(p.stat().st_size for p in out.rglob("*.html") if ".doctrees" not in p.parts)


def cpu_children() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def sphinx_build(tree: Path, out: Path, jobs: str) -> tuple[float, float, subprocess.CompletedProcess]:
    """Run one build; return its wall-clock seconds, its CPU seconds and the process."""
    cmd = [sys.executable, "-m", "sphinx", "-b", "html", "-j", jobs, "-c", str(tree),
           str(tree / "source"), str(out)]
    env = dict(os.environ, NO_COLOR="1", PYTHONDONTWRITEBYTECODE="1")
    cpu = cpu_children()
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=tree)
    return time.perf_counter() - start, cpu_children() - cpu, proc


SNAPSHOT = "project"  # the edition as it was when the benchmark started, copied once


def make_trees(work: Path, scale: int, prefix: str = "") -> dict[str, Path]:
    trees = {}
    for variant in VARIANTS:
        tree = corpus.copy_edition(work / f"{prefix}{variant}-{scale}x", root=work / SNAPSHOT)
        corpus.scale(tree, scale)
        if variant == "plain":
            corpus.plainify(tree)
        trees[variant] = tree
    return trees


def bench_scale(work: Path, scale: int, runs: int, jobs: str, log) -> dict[str, Sample]:
    trees = make_trees(work, scale)
    samples = {v: Sample(docs=len(list((t / "source").rglob("*.md")))) for v, t in trees.items()}
    for run in range(runs):
        for variant, tree in trees.items():
            sample, out = samples[variant], tree / "build" / "html"
            shutil.rmtree(tree / "build", ignore_errors=True)
            for step in STEPS:
                if step == "edit":
                    corpus.edit_paragraph(tree / "source" / "essay.md", f"r{run}")
                seconds, cpu, proc = sphinx_build(tree, out, jobs)
                sample.times[step].append(seconds)
                sample.cpu[step].append(cpu)
                sample.warnings += proc.stderr.count("WARNING:") if run == 0 else 0
                sample.failures += proc.returncode != 0
                if step == "edit" and run == 0:
                    sample.reread_names = sorted(set(READ.findall(proc.stdout)))
                    sample.reread_on_edit = len(sample.reread_names)
                if step == "full" and run == 0:
                    sample.html_bytes = html_bytes(out)
                log(f"  {scale:>3}x {variant:<7} {step:<5} run {run + 1}/{runs}: {seconds:6.2f} s wall, {cpu:6.2f} s CPU"
                    + ("" if proc.returncode == 0 else f"  (exit {proc.returncode})"))
    return samples


def bench_live(work: Path, saves: int, log, scales: list[int]) -> dict[int, dict[str, list[float]]]:
    """Seconds from saving the essay to the served essay.html showing the change."""
    results: dict[int, dict[str, list[float]]] = {}
    for scale in scales:
        trees = make_trees(work, scale, prefix="live-")
        results[scale] = {}
        for variant, tree in trees.items():
            make_vars = {} if variant == "edition" else {"LIVEOPTS": ""}
            times: list[float] = []
            with LiveServer(tree, make_vars=make_vars) as server:
                for i in range(saves):
                    mark = server.mark()
                    tag = f"live{i}"
                    essay = tree / "source" / "essay.md"
                    start = time.perf_counter()
                    corpus.edit_paragraph(essay, tag)
                    server.wait(lambda: f"(edit {tag})" in (server.fetch("essay.html") or ""),
                                120, "the edit to be served")
                    times.append(time.perf_counter() - start)
                    # let the build finish (search index, static files) before the next save
                    server.wait_for_output(lambda out: "Serving on" in out, 120, since=mark)
                    time.sleep(0.5)
                    log(f"  livehtml {scale}x {variant:<7} save {i + 1}/{saves}: {times[-1]:.2f} s")
            results[scale][variant] = times
        shutil.rmtree(trees["edition"].parent / f"live-edition-{scale}x", ignore_errors=True)
        shutil.rmtree(trees["plain"].parent / f"live-plain-{scale}x", ignore_errors=True)
    return results


def bench_pdf(work: Path, log) -> dict[str, Any]:
    """One PDF build of the edition (1×) as ``make pdf`` runs it: seconds (wall, CPU of every
    process) and the passes latexmk made (LuaLaTeX, makeindex)."""
    sys.path.insert(0, str(corpus.ROOT / "extensions"))
    from pdf_edition.texcheck import message, missing_packages

    missing = missing_packages()
    if missing:
        return {"skipped": message(missing)}
    tree = corpus.copy_edition(work / "pdf-1x", root=work / SNAPSHOT)
    out = tree / "build" / "latex"
    env = dict(os.environ, NO_COLOR="1", PYTHONDONTWRITEBYTECODE="1")
    cpu = cpu_children()
    start = time.perf_counter()
    latex = subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "latex", "-c", str(tree), str(tree / "source"),
         str(out), "-W", "--keep-going"], capture_output=True, text=True, env=env, cwd=tree)
    sphinx_seconds = time.perf_counter() - start
    mk = subprocess.run(["make", "-C", str(out), "all-pdf",
                         "LATEXMKOPTS=-interaction=nonstopmode -halt-on-error"],
                        capture_output=True, text=True, env=env)
    result = {
        "wall": time.perf_counter() - start, "cpu": cpu_children() - cpu,
        "sphinx_wall": sphinx_seconds,
        "lualatex_passes": latexmk_passes(mk.stdout + mk.stderr, "pdflatex"),
        "makeindex_runs": latexmk_passes(mk.stdout + mk.stderr, "makeindex"),
        "ok": latex.returncode == 0 and mk.returncode == 0,
    }
    log(f"  pdf: {result['wall']:.1f} s wall, {result['cpu']:.1f} s CPU, "
        f"{result['lualatex_passes']} LuaLaTeX passes, {result['makeindex_runs']} makeindex runs"
        + ("" if result["ok"] else "  (failed)"))
    return result


def latexmk_passes(output: str, rule: str) -> int:
    """How many times latexmk ran *rule* (its rule for LuaLaTeX is named ``pdflatex`` in
    Sphinx's latexmkrc; ``makeindex`` is ``makeindex <file>.idx``)."""
    return sum(1 for line in output.splitlines()
               if line.startswith("Run number ") and f"of rule '{rule}" in line)


def machine() -> dict[str, str]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import docutils
    import myst_parser
    import sphinx

    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True,
                                text=True, cwd=corpus.ROOT).stdout.strip()
    except OSError:
        commit = ""
    return {
        "nproc": str(os.cpu_count()), "cpu": cpu, "python": platform.python_version(),
        "sphinx": sphinx.__version__, "docutils": docutils.__version__,
        "myst-parser": myst_parser.__version__, "commit": commit,
        "load": " ".join(f"{x:.1f}" for x in os.getloadavg()),
        "load_start": LOAD_START,
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
    }


def report(results: dict[int, dict[str, Sample]], live: dict[int, dict[str, list[float]]],
           info: dict[str, str], runs: int, jobs: str, pdf: dict[str, Any] | None = None) -> str:
    lines = [
        f"Machine: {info['nproc']} CPUs ({info['cpu']}), Python {info['python']}, "
        f"Sphinx {info['sphinx']}, docutils {info['docutils']}, myst-parser {info['myst-parser']}; "
        f"commit {info['commit']}, {info['date']}; load average at the start "
        f"{info['load_start']}, at the end {info['load']}; `-j {jobs}`, median of {runs} runs.",
        "",
        "| corpus | docs | step | edition wall (s) | plain wall (s) | ratio | "
        "edition CPU (s) | plain CPU (s) | ratio |",
        "| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for scale, samples in results.items():
        e, p = samples["edition"], samples["plain"]
        for step in STEPS:
            cells = []
            for measure in ("wall", "cpu"):
                a, b = e.median(step, measure), p.median(step, measure)
                cells.append(f"{a:.2f} | {b:.2f} | {a / b:.2f}")
            lines.append(f"| {scale}× | {e.docs} | {step} | " + " | ".join(cells) + " |")
    for scale, variants in live.items():
        e = statistics.median(variants["edition"])
        p = statistics.median(variants.get("plain", [float("nan")]))
        lines.append(f"| {scale}× | | livehtml save→served | {e:.2f} | {p:.2f} | {e / p:.2f} | | | |")
    lines += ["", "| corpus | edition HTML (bytes) | plain HTML (bytes) | ratio |",
              "| --- | ---: | ---: | ---: |"]
    for scale, samples in results.items():
        e, p = samples["edition"].html_bytes, samples["plain"].html_bytes
        lines.append(f"| {scale}× | {e:,} | {p:,} | {e / p:.2f} |")
    if pdf and "skipped" in pdf:
        lines += ["", f"PDF (1×): not built: {pdf['skipped']}"]
    elif pdf:
        lines += ["", f"PDF (1×, one build as `make pdf`): {pdf['wall']:.1f} s wall, "
                  f"{pdf['cpu']:.1f} s CPU (Sphinx's LaTeX builder {pdf['sphinx_wall']:.1f} s wall); "
                  f"**{pdf['lualatex_passes']} LuaLaTeX passes**, {pdf['makeindex_runs']} makeindex "
                  f"runs" + ("" if pdf["ok"] else " (the build FAILED)") + "."]
    lines += ["", "Targets (issue 15; CPU time, then wall-clock time):", ""]
    lines += [f"- {t}" for t in verdicts(results, live)]
    notes = []
    for scale, samples in results.items():
        for variant, s in samples.items():
            if s.warnings or s.failures:
                notes.append(f"{scale}× {variant}: {s.warnings} warnings in the first run's "
                             f"builds, {s.failures} failed builds")
        e, p = samples["edition"], samples["plain"]
        notes.append(f"{scale}× edit re-read {e.reread_on_edit} document(s) "
                     f"({', '.join(e.reread_names)}) for the edition and {p.reread_on_edit} "
                     "for plain Sphinx")
    lines += ["", "Checks: " + "; ".join(notes) + "."]
    return "\n".join(lines)


def verdicts(results: dict[int, dict[str, Sample]],
             live: dict[int, dict[str, list[float]]]) -> list[str]:
    def mark(ok: bool) -> str:
        return "**met**" if ok else "**not met**"

    def ratio(scale: int, step: str, measure: str) -> float:
        r = results[scale]
        return r["edition"].median(step, measure) / r["plain"].median(step, measure)

    def limit_check(step: str, limits: dict[int, float], what: str) -> str:
        parts = []
        for measure in ("cpu", "wall"):
            scales = [s for s in limits if s in results]
            if not scales:
                return f"{what}: not measured"
            ok = all(ratio(s, step, measure) <= limits[s] for s in scales)
            parts.append(f"{measure}: {mark(ok)} ("
                         + ", ".join(f"{s}× {ratio(s, step, measure):.2f}× (≤ {limits[s]}×)"
                                     for s in scales) + ")")
        return f"{what} — " + "; ".join(parts)

    out = [
        limit_check("edit", {1: 1.25, 10: 1.25, 50: 1.25},
                    "one-paragraph edit ≤ 1.25× plain Sphinx at 1×, 10× and 50×"),
        "the edit re-reads exactly one page: " + ", ".join(
            f"{s}× {mark(r['edition'].reread_on_edit == 1)} ({r['edition'].reread_on_edit})"
            for s, r in results.items()),
        limit_check("full", {1: 1.5, 10: 1.5, 50: 2.0},
                    "full build ≤ 1.5× plain at 1× and 10×, ≤ 2× at 50×"),
    ]
    if 1 in results and 50 in results:
        for measure in ("cpu", "wall"):
            ed = (results[50]["edition"].median("full", measure)
                  / results[1]["edition"].median("full", measure))
            out.append(f"50× full ≤ 55× the 1× full ({measure}): {mark(ed <= 55)} ({ed:.1f}×)")
    for scale, limit in ((1, 1.5), (10, 2.0)):
        if scale in live:
            e = statistics.median(live[scale]["edition"])
            out.append(f"livehtml save→served ≤ {limit} s at {scale}×: {mark(e <= limit)} "
                       f"({e:.2f} s; plain Sphinx {statistics.median(live[scale]['plain']):.2f} s)")
    if 10 in results:
        e, p = results[10]["edition"].html_bytes, results[10]["plain"].html_bytes
        out.append(f"HTML bytes at 10× ≤ 2× plain's: {mark(e <= 2 * p)} ({e / p:.2f}×)")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per figure (median)")
    parser.add_argument("--scales", default="1,10,50", help="corpus sizes (default 1,10,50)")
    parser.add_argument("--jobs", default="1", help="sphinx-build -j (default 1, as make html)")
    parser.add_argument("--live-saves", type=int, default=5,
                        help="livehtml saves to time (0: skip the live measurement)")
    parser.add_argument("--live-scales", default="1,10",
                        help="corpus sizes of the livehtml measurement (default 1,10)")
    parser.add_argument("--workdir", type=Path, help="keep the corpora here (default: a temp dir)")
    parser.add_argument("--json", type=Path, help="also write the raw timings here")
    parser.add_argument("--no-pdf", action="store_true", help="skip the PDF build")
    args = parser.parse_args(argv)

    def log(msg: str) -> None:
        print(msg, file=sys.stderr, flush=True)

    # on SIGTERM, unwind: the running build is killed and the temporary corpora removed
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    work = args.workdir or Path(tempfile.mkdtemp(prefix="edition-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        corpus.copy_edition(work / SNAPSHOT)
        info_commit = machine()["commit"]
        results = {}
        for scale in [int(s) for s in args.scales.split(",")]:
            log(f"{scale}×: building ({args.runs} runs)")
            results[scale] = bench_scale(work, scale, args.runs, args.jobs, log)
        live = (bench_live(work, args.live_saves, log,
                           [int(s) for s in args.live_scales.split(",")])
                if args.live_saves else {})
        pdf = None if args.no_pdf else bench_pdf(work, log)
        info = machine()
        info["commit"] = info_commit
        print(report(results, live, info, args.runs, args.jobs, pdf))
        if args.json:
            args.json.write_text(json.dumps({
                "machine": info, "jobs": args.jobs, "runs": args.runs, "live": live, "pdf": pdf,
                "builds": {s: {v: {"wall": x.times, "cpu": x.cpu, "html_bytes": x.html_bytes,
                                   "reread_on_edit": x.reread_names} for v, x in r.items()}
                           for s, r in results.items()},
            }, indent=1))
    finally:
        if not args.workdir:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
