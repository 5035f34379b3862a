"""``make livehtml``'s server, and a harness that runs it for the live test and the benchmark.

``python scripts/live.py ARGS`` (what ``make livehtml`` runs) is sphinx-autobuild with the
same arguments, whose server answers only requests addressed to it: the ``Host:`` header
must name ``127.0.0.1``, ``localhost`` or the ``--host`` it serves on (with any port),
else the answer is ``400 Invalid host header``.  A web page on another site cannot then
reach the live server through a name it controls (DNS rebinding).  sphinx-autobuild is not
changed: its Starlette application is wrapped in Starlette's own ``TrustedHostMiddleware``
as sphinx-autobuild makes it (:func:`trusted_app_factory`).

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
from typing import Any

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

    def status_for_host(self, host: str, page: str = "index.html") -> int:
        """The HTTP status of *page* requested with the header ``Host: host``."""
        assert self.host and self.port
        conn = http.client.HTTPConnection(self.host, self.port, timeout=10)
        try:
            conn.putrequest("GET", f"/{page}", skip_host=True)
            conn.putheader("Host", host)
            conn.endheaders()
            return conn.getresponse().status
        finally:
            conn.close()

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


# -- The server: sphinx-autobuild answering only its own host names ---------------------------

#: the names the live server always answers to, besides the host it serves on
LOCAL_HOSTS = ("127.0.0.1", "localhost")


def trusted_app_factory(create_app: Callable[..., Any], hosts: list[str]) -> Callable[..., Any]:
    """sphinx-autobuild's application factory, its application wrapped so that a request for
    any other host than *hosts* gets 400."""
    from starlette.middleware.trustedhost import TrustedHostMiddleware

    def create(*args: Any, **kwargs: Any) -> Any:
        app = create_app(*args, **kwargs)
        guarded = TrustedHostMiddleware(app, allowed_hosts=hosts, www_redirect=False)
        # uvicorn runs the application's lifespan (sphinx-autobuild's watcher) through it
        return guarded

    return create


def serve(argv: list[str]) -> None:
    """sphinx-autobuild with *argv*, answering only 127.0.0.1, localhost and its --host."""
    import argparse

    from sphinx_autobuild import __main__ as autobuild

    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--host", default="127.0.0.1")
    known, _rest = parser.parse_known_args(argv)
    hosts = sorted({*LOCAL_HOSTS, known.host})
    autobuild._create_app = trusted_app_factory(autobuild._create_app, hosts)
    autobuild.main(argv)


if __name__ == "__main__":
    serve(sys.argv[1:])
