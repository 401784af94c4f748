"""Run ``readmode serve`` as a real subprocess, for the CLI, crash and reliability tests.

The implementation is :class:`bench.serving.Server`, shared with the benchmarks; this module only
gives the tests their defaults (one worker, a 30 s start-up bound, the log beside the data dir).
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
if str(REPO_ROOT) not in sys.path:  # bench/ is not installed; the bench tests do the same
    sys.path.insert(0, str(REPO_ROOT))

from bench.serving import Server, free_port  # noqa: E402

__all__ = ["Server", "ServerProcess", "free_port"]


class ServerProcess(Server):
    """``with ServerProcess(data_dir) as server:`` → a running server at ``server.url``."""

    def __init__(
        self,
        data_dir: Path,
        *,
        workers: int = 1,
        startup_timeout: float = 30,
        log_path: Path | None = None,
    ) -> None:
        super().__init__(
            data_dir,
            log_path or data_dir.parent / f"serve-{data_dir.name}.log",
            workers,
            startup_timeout=startup_timeout,
        )
