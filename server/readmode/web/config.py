"""Settings of one server instance, as given by `readmode serve` or a test to `create_app`."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from readmode.config import DEFAULT_HOST, DEFAULT_PORT

MiB = 1024 * 1024


def default_workers() -> int:
    """The CPUs this process may run on (not the machine's total), at least one."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # macOS and Windows have no sched_getaffinity
        return max(1, os.cpu_count() or 1)


@dataclass(frozen=True, slots=True)
class ServerConfig:
    """Everything ``create_app`` needs; every field has a production default except the data dir."""

    data_dir: Path
    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT
    allow_remote: bool = False
    """Also accept the configured ``host`` in the Host header (``serve --allow-remote``)."""
    max_body: int = 32 * MiB
    """Largest request body; bigger ones get 413. A saved page is the whole serialised DOM."""
    workers: int = 0
    """Extraction processes; 0 means one per usable CPU."""
    queue_size: int = 64
    """Extraction jobs admitted at once (running + waiting); the next one gets 503 busy."""
    job_timeout: float = 30.0
    """Seconds one extraction may take before the request is answered 422."""
    retry_after: int = 2
    """Seconds suggested in ``Retry-After`` when the server is busy."""
    code_ttl: float = 60.0
    """Lifetime of a one-time page code, in seconds."""
    session_ttl: float = 12 * 3600.0
    """Lifetime of a page session cookie, in seconds."""
    store_readers: int = 2
    """Read connections of the store (reads run in parallel with the one writer)."""
    validate_responses: bool = False
    """Check every JSON response against its schema (on in tests and with ``--debug``)."""
    prewarm: bool = True
    """Start the extraction processes at startup so the first request is not slow."""
    token: str | None = None
    """The pairing token; ``None`` reads (or creates) ``<data_dir>/token``."""

    @property
    def extraction_workers(self) -> int:
        return self.workers if self.workers > 0 else default_workers()
