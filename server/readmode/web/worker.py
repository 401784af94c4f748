"""What runs inside an extraction process. Kept tiny: workers import only the extractor.

Only plain data crosses the process boundary (the HTML string and URL in; a dict or the reason
string out): pickling an :class:`~readmode.extract.Article` with its removals would cost more
than it saves.

The channel is one socket per worker carrying length-prefixed pickles: the server's event loop
reads it directly, with no executor manager or queue feeder threads in between (each of those
thread hops cost a wake-up and a GIL hand-over, about a millisecond per page in total).
"""

from __future__ import annotations

import os
import pickle
import select
import socket
import threading
import time
import traceback
from collections.abc import Callable
from typing import Any

from readmode.extract import NotReadable, extract

JobResult = tuple[bool, Any]
"""``(True, article_dict)`` or ``(False, reason)`` when the page is not readable."""

Job = Callable[[str, str], JobResult]

FRAME_HEADER = 8
"""Bytes of the big-endian length that precedes every pickle on a worker's socket."""

Reply = tuple[str, Any]
"""``("done", job_result)``, or ``("failed", (exception_name, traceback))`` if the job raised."""


def extract_job(html: str, url: str) -> JobResult:
    try:
        article = extract(html, url)
    except NotReadable as error:
        return False, error.reason
    return True, article.to_dict(removals=False)


def frame(message: object) -> tuple[bytes, bytes]:
    """``message`` pickled and its length (sent first): one message on a worker's socket.

    Two parts, not one: joining them would copy a page of up to 32 MiB once more.
    """
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    return len(data).to_bytes(FRAME_HEADER, "big"), data


def serve_jobs(channel: socket.socket, job: Job, server_pid: int) -> None:
    """A worker's life: run ``job`` on each ``(html, url)`` received, until the server hangs up."""
    init_worker(server_pid)
    while (request := _receive(channel)) is not None:
        html, url = request
        reply: Reply
        try:
            reply = ("done", job(html, url))
        except Exception as error:  # reported to the server, which answers 500; keep serving
            reply = ("failed", (type(error).__name__, traceback.format_exc()))
        for part in frame(reply):
            channel.sendall(part)


def _receive(channel: socket.socket) -> Any:
    """The next message, or ``None`` once the server closed its end (or died)."""
    header = _receive_exactly(channel, FRAME_HEADER)
    if header is None:
        return None
    body = _receive_exactly(channel, int.from_bytes(header, "big"))
    return None if body is None else pickle.loads(body)


def _receive_exactly(channel: socket.socket, size: int) -> bytearray | None:
    buffer = bytearray(size)
    view = memoryview(buffer)
    received = 0
    while received < size:
        count = channel.recv_into(view[received:])
        if count == 0:
            return None
        received += count
    return buffer


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
