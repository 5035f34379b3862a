"""Run ``make livehtml`` (sphinx-autobuild) as a real server, for the live test and the benchmark.

:class:`LiveServer` starts ``make livehtml PORT=0`` in a copy of the edition, in its own
process group (make, sphinx-autobuild and the sphinx-build it runs), reads its terminal
output in a thread, learns the port sphinx-autobuild picked from its ``Serving on`` line,
and fetches pages over HTTP.  :meth:`LiveServer.stop` ends the whole group (SIGTERM, then
SIGKILL); use it as a context manager so that the server is stopped in every case.
"""

from __future__ import annotations

import http.client
import os
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

SERVING = re.compile(r"Serving on http://(?P<host>[\d.]+):(?P<port>\d+)")


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class LiveServer:
    def __init__(self, tree: Path, *, venv: Path | None = None,
                 make_vars: dict[str, str] | None = None) -> None:
        self.tree = tree
        self.venv = venv or Path(sys.executable).parent.parent
        self.make_vars = make_vars or {}
        self.lines: list[str] = []
        self.proc: subprocess.Popen[str] | None = None
        self.host: str | None = None
        self.port: int | None = None

    # -- process ---------------------------------------------------------------------------
    def start(self, timeout: float = 180) -> LiveServer:
        cmd = [
            "make", "--no-print-directory", "-o", f"{self.venv}/.installed", "livehtml",
            f"VENV={self.venv}", "PORT=0",
        ]
        # The server's own options only: under `make test O=...` the caller's variables
        # would otherwise reach this make through MAKEFLAGS and end up on autobuild's line.
        cmd += [f"{name}={value}" for name, value in {"O": "", **self.make_vars}.items()]
        env = {k: v for k, v in os.environ.items()
               if k not in ("MAKEFLAGS", "MFLAGS", "MAKEOVERRIDES", "MAKELEVEL")}
        # bytecode cached as in a checkout (the server runs in a copy of the edition)
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env.update(PYTHONUNBUFFERED="1", NO_COLOR="1")
        self.proc = subprocess.Popen(
            cmd, cwd=self.tree, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL, text=True, start_new_session=True,
        )
        threading.Thread(target=self._read, daemon=True).start()
        self.wait_for_output(lambda text: "Waiting to detect changes" in text, timeout)
        match = SERVING.search(self.output)
        assert match, self.output
        self.host, self.port = match.group("host"), int(match.group("port"))
        self.wait(lambda: self.fetch("index.html") is not None, timeout, "the server to answer")
        return self

    def _read(self) -> None:
        assert self.proc and self.proc.stdout
        for line in self.proc.stdout:
            self.lines.append(line)

    def stop(self) -> None:
        """End make, sphinx-autobuild and any running sphinx-build: the whole process group."""
        if self.proc is None:
            return
        pgid = self.proc.pid  # start_new_session: the group is named after make's pid
        for sig in (signal.SIGTERM, signal.SIGKILL):
            try:
                os.killpg(pgid, sig)
            except ProcessLookupError:
                break
            deadline = time.monotonic() + 15
            while time.monotonic() < deadline and _group_alive(pgid):
                if self.proc.poll() is None:
                    try:
                        self.proc.wait(0.1)
                    except subprocess.TimeoutExpired:
                        pass
                else:
                    time.sleep(0.1)
            if not _group_alive(pgid):
                break
        if self.proc.poll() is None:
            self.proc.wait(5)

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def __enter__(self) -> LiveServer:
        try:
            return self.start()
        except BaseException:
            self.stop()
            raise

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- output and pages ------------------------------------------------------------------
    @property
    def output(self) -> str:
        return "".join(self.lines)

    def mark(self) -> int:
        """A position in the terminal output; :meth:`output_since` returns what follows."""
        return len(self.lines)

    def output_since(self, mark: int) -> str:
        return "".join(self.lines[mark:])

    def fetch(self, page: str) -> str | None:
        try:
            with urllib.request.urlopen(f"http://{self.host}:{self.port}/{page}", timeout=10) as r:
                return r.read().decode("utf-8")
        except (urllib.error.URLError, http.client.HTTPException, ConnectionError, TimeoutError):
            # not up yet, or a page caught while sphinx-build rewrites it: ask again
            return None

    def wait(self, predicate: Callable[[], bool], timeout: float, what: str) -> float:
        """Poll *predicate* every 20 ms; return the seconds it took, fail after *timeout*."""
        start = time.monotonic()
        while time.monotonic() - start < timeout:
            if predicate():
                return time.monotonic() - start
            if not self.alive():
                raise AssertionError(f"the server stopped while waiting for {what}:\n{self.output}")
            time.sleep(0.02)
        raise AssertionError(f"timed out after {timeout} s waiting for {what}:\n{self.output}")

    def wait_for_output(self, predicate: Callable[[str], bool], timeout: float,
                        since: int = 0) -> float:
        return self.wait(lambda: predicate(self.output_since(since)), timeout,
                         "the terminal output")
