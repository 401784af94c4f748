"""What every load tool here needs: a real ``readmode serve`` subprocess, its memory, percentiles.

Shared by ``bench/load.py`` (its modes), ``bench/mixed.py``, ``bench/abuse.py`` and the
reliability tests, so that they all start, measure and stop the server the same way.
"""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import psutil


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Server:
    """``readmode serve`` on 127.0.0.1 and a free port, output to ``log``."""

    def __init__(self, data_dir: Path, log: Path, workers: int) -> None:
        self.data_dir = data_dir
        self.log = log
        self.workers = workers
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self, timeout: float = 60) -> Server:
        command = [
            sys.executable, "-m", "readmode.cli", "serve", "--host", "127.0.0.1",
            "--port", str(self.port), "--data-dir", str(self.data_dir),
            "--workers", str(self.workers),
        ]  # fmt: skip
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"readmode serve exited; see {self.log}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return self
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise SystemExit("readmode serve did not start in time")

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    def kill(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)

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
