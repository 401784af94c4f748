"""What every load tool here needs: a real ``readmode serve`` subprocess, its memory, percentiles.

Shared by ``bench/load.py`` (its modes), ``bench/crash.py``, ``bench/fuzz_api.py`` and the tests
(``tests/web/server_process.py``), so that they all start, measure and stop the server the same
way.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Sequence
from pathlib import Path

import psutil


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class ServerStartError(RuntimeError):
    """``readmode serve`` exited or did not answer ``/healthz`` in time."""


class Server:
    """``readmode serve`` on 127.0.0.1 and a free port, its output appended to ``log``.

    The one way the benchmarks and the tests start a real server: ready means ``/healthz``
    answered 200 (not merely that the port accepts connections).
    """

    def __init__(
        self,
        data_dir: Path,
        log: Path,
        workers: int = 1,
        *,
        debug: bool = False,
        startup_timeout: float = 60,
    ) -> None:
        self.data_dir = data_dir
        # Output goes to a file, not a pipe: a pipe nobody reads fills up and blocks the server.
        self.log = log
        self.workers = workers
        self.debug = debug
        self.startup_timeout = startup_timeout
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> Server:
        command = [
            sys.executable, "-m", "readmode.cli", "serve", "--host", "127.0.0.1",
            "--port", str(self.port), "--data-dir", str(self.data_dir),
            "--workers", str(self.workers), *(["--debug"] if self.debug else []),
        ]  # fmt: skip
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(
                command,
                stdout=out,
                stderr=subprocess.STDOUT,
                env={**os.environ, "PYTHONUNBUFFERED": "1"},
            )
        deadline = time.monotonic() + self.startup_timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise ServerStartError(f"readmode serve exited:\n{self.output()}")
            try:
                with urllib.request.urlopen(f"{self.url}/healthz", timeout=1) as response:
                    if response.status == 200:
                        return self
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.05)
        self.stop()
        raise ServerStartError(f"readmode serve did not answer /healthz; see {self.log}")

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    def kill(self) -> None:
        """SIGKILL: no cleanup, no goodbye — the crash the store must survive."""
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self, timeout: float = 20) -> int | None:
        """SIGINT (a clean shutdown), SIGKILL after ``timeout``; the exit status."""
        if self.process is None:
            return None
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        return self.process.returncode

    def output(self) -> str:
        """Everything the server printed so far."""
        return self.log.read_text(encoding="utf-8", errors="replace")

    def __enter__(self) -> Server:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()


def token_of(data_dir: Path) -> str:
    return (data_dir / "token").read_text(encoding="ascii").strip()


def percentile(values: Sequence[float], fraction: float) -> float:
    """Nearest-rank percentile (no interpolation); NaN for no values."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, round(fraction * len(ordered) + 0.5))
    return ordered[min(rank, len(ordered)) - 1]


def summary(values: Sequence[float]) -> dict[str, float]:
    return {
        "p50": round(percentile(values, 0.50), 2),
        "p95": round(percentile(values, 0.95), 2),
        "p99": round(percentile(values, 0.99), 2),
        "max": round(max(values), 2) if values else float("nan"),
    }


def rss_by_process(pid: int) -> dict[int, float]:
    """Resident memory (MB) of the server and each descendant (forkserver, workers) by pid."""
    try:
        root = psutil.Process(pid)
        processes = [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return {}
    sizes = {}
    for process in processes:
        try:
            sizes[process.pid] = process.memory_info().rss / 1024 / 1024
        except psutil.NoSuchProcess:
            continue
    return sizes


def sample_rss(pid: int) -> float:
    """Resident memory of the server and every descendant (forkserver, workers), in MB."""
    return sum(rss_by_process(pid).values())
