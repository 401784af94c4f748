"""What runs inside an extraction process. Kept tiny: workers import only the extractor.

Only plain data crosses the process boundary (the HTML string and URL in; a dict or the reason
string out): pickling an :class:`~readmode.extract.Article` with its removals would cost more
than it saves.
"""

from __future__ import annotations

import os
import select
import threading
import time
from typing import Any

from readmode.extract import NotReadable, extract

JobResult = tuple[bool, Any]
"""``(True, article_dict)`` or ``(False, reason)`` when the page is not readable."""


def extract_job(html: str, url: str) -> JobResult:
    try:
        article = extract(html, url)
    except NotReadable as error:
        return False, error.reason
    return True, article.to_dict(removals=False)


def warm_up() -> bool:
    """A no-op job: starting a worker imports the extractor before the first real page."""
    return True


WORKER_NICENESS = 5
"""Extraction yields the CPU to the server process: with as many workers as cores, the event
loop would otherwise queue behind them and ``/healthz``, searches and highlight writes would
wait for pages being read."""


def init_worker(server_pid: int) -> None:
    """Pool initializer: lower this worker's priority and make it exit with the server.

    A SIGKILLed server cannot shut its pool down, and a forkserver worker would otherwise wait
    forever: it holds both ends of its own job queue, and it keeps the forkserver alive too.
    """
    if hasattr(os, "nice"):
        os.nice(WORKER_NICENESS)
    threading.Thread(target=_wait_then_exit, args=(server_pid,), daemon=True).start()


def _wait_then_exit(server_pid: int) -> None:
    try:
        # Linux ≥ 5.3: a pidfd becomes readable when the process exits — no polling.
        pidfd = os.pidfd_open(server_pid)
    except (AttributeError, OSError):
        while _is_running(server_pid):
            time.sleep(1.0)
    else:
        select.select([pidfd], [], [])
    os._exit(0)


def _is_running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, owned by someone else (the pid was reused)
        return False
    return True
