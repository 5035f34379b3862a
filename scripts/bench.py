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
* ``edit``: after one sentence of one paragraph of the essay changed.

The variants run interleaved, run after run, so that both see the same machine load; each
figure is the median of ``--runs`` runs.  Then it measures ``make livehtml``'s
save-to-reload time: from writing the file to the served page containing the change, and
builds the edition's PDF once as ``make pdf`` does (the LaTeX builder, then latexmk), counting
LuaLaTeX's passes (``--no-pdf`` skips it; without TeX it is skipped with the reason).
It prints a Markdown table, the machine, and the issue's targets with a verdict.  It is a
script, not a test: nothing fails when a target is missed.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
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
    docs: int = 0

    def median(self, step: str, measure: str = "wall") -> float:
        return statistics.median((self.times if measure == "wall" else self.cpu)[step])


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
                    sample.reread_on_edit = proc.stdout.count("reading sources... [")
                log(f"  {scale:>3}x {variant:<7} {step:<5} run {run + 1}/{runs}: {seconds:6.2f} s wall, {cpu:6.2f} s CPU"
                    + ("" if proc.returncode == 0 else f"  (exit {proc.returncode})"))
    return samples


def bench_live(work: Path, saves: int, log) -> dict[str, list[float]]:
    """Seconds from saving the essay to the served essay.html showing the change."""
    results: dict[str, list[float]] = {}
    trees = make_trees(work, 1, prefix="live-")
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
                server.wait(lambda: f"(edit {tag})" in (server.fetch("essay.html") or ""), 120,
                            "the edit to be served")
                times.append(time.perf_counter() - start)
                # let the build finish (search index, static files) before the next save
                server.wait_for_output(lambda out: "Serving on" in out, 120, since=mark)
                time.sleep(0.5)
                log(f"  livehtml {variant:<7} save {i + 1}/{saves}: {times[-1]:.2f} s")
        results[variant] = times
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


def report(results: dict[int, dict[str, Sample]], live: dict[str, list[float]],
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
    if live:
        e = statistics.median(live["edition"])
        p = statistics.median(live.get("plain", [float("nan")]))
        lines.append(f"| 1× | | livehtml save→served | {e:.2f} | {p:.2f} | {e / p:.2f} | | | |")
    if pdf and "skipped" in pdf:
        lines += ["", f"PDF (1×): not built: {pdf['skipped']}"]
    elif pdf:
        lines += ["", f"PDF (1×, one build as `make pdf`): {pdf['wall']:.1f} s wall, "
                  f"{pdf['cpu']:.1f} s CPU (Sphinx's LaTeX builder {pdf['sphinx_wall']:.1f} s wall); "
                  f"**{pdf['lualatex_passes']} LuaLaTeX passes**, {pdf['makeindex_runs']} makeindex "
                  f"runs" + ("" if pdf["ok"] else " (the build FAILED)") + "."]
    lines += ["", "Targets (CPU time, then wall-clock time):", ""]
    lines += [f"- {t}" for t in verdicts(results, live)]
    notes = []
    for scale, samples in results.items():
        for variant, s in samples.items():
            if s.warnings or s.failures:
                notes.append(f"{scale}× {variant}: {s.warnings} warnings in the first run's "
                             f"builds, {s.failures} failed builds")
        notes.append(f"{scale}× edit re-read {samples['edition'].reread_on_edit} document(s) "
                     f"(edition) and {samples['plain'].reread_on_edit} (plain)")
    lines += ["", "Checks: " + "; ".join(notes) + "."]
    return "\n".join(lines)


def verdicts(results: dict[int, dict[str, Sample]], live: dict[str, list[float]]) -> list[str]:
    def mark(ok: bool) -> str:
        return "**met**" if ok else "**not met**"

    def ratios(step: str, measure: str) -> dict[int, float]:
        return {s: r["edition"].median(step, measure) / r["plain"].median(step, measure)
                for s, r in results.items()}

    def both(step: str, limit: float, fmt) -> str:
        parts = []
        for measure in ("cpu", "wall"):
            r = ratios(step, measure)
            worst = max(r.values())
            parts.append(f"{measure}: {mark(worst <= limit)}, worst {fmt(worst)} ("
                         + ", ".join(f"{s}× {fmt(x)}" for s, x in r.items()) + ")")
        return "; ".join(parts)

    def pct(x: float) -> str:
        return f"{100 * (x - 1):+.0f} %"

    def times(x: float) -> str:
        return f"{x:.2f}×"

    out = [
        "extensions' overhead ≤ 25 % over plain Sphinx, full build — " + both("full", 1.25, pct),
        "extensions' overhead ≤ 25 % over plain Sphinx, incremental (one-paragraph edit) — "
        + both("edit", 1.25, pct),
    ]
    if 1 in results and 50 in results:
        for measure in ("cpu", "wall"):
            parts = []
            for variant in VARIANTS:
                ratio = (results[50][variant].median("full", measure)
                         / results[1][variant].median("full", measure))
                parts.append(f"{variant} {ratio:.1f}×")
            ed = (results[50]["edition"].median("full", measure)
                  / results[1]["edition"].median("full", measure))
            out.append(f"50× the text in ≤ 55× the 1× time (full build, {measure}): "
                       f"{mark(ed <= 55)} ({', '.join(parts)})")
    out.append("one-paragraph edit ≤ 1.5× plain Sphinx's time for the same edit — "
               + both("edit", 1.5, times))
    if live:
        e = statistics.median(live["edition"])
        out.append(f"livehtml save-to-reload ≤ 2 s for the edition (wall): {mark(e <= 2)} "
                   f"({e:.2f} s; plain Sphinx {statistics.median(live['plain']):.2f} s)")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per figure (median)")
    parser.add_argument("--scales", default="1,10,50", help="corpus sizes (default 1,10,50)")
    parser.add_argument("--jobs", default="1", help="sphinx-build -j (default 1, as make html)")
    parser.add_argument("--live-saves", type=int, default=5,
                        help="livehtml saves to time (0: skip the live measurement)")
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
        live = bench_live(work, args.live_saves, log) if args.live_saves else {}
        pdf = None if args.no_pdf else bench_pdf(work, log)
        info = machine()
        info["commit"] = info_commit
        print(report(results, live, info, args.runs, args.jobs, pdf))
        if args.json:
            args.json.write_text(json.dumps({
                "machine": info, "jobs": args.jobs, "runs": args.runs, "live": live, "pdf": pdf,
                "builds": {s: {v: {"wall": x.times, "cpu": x.cpu} for v, x in r.items()}
                           for s, r in results.items()},
            }, indent=1))
    finally:
        if not args.workdir:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
