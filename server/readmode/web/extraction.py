"""Article extraction off the event loop: worker processes behind a bounded admission counter.

Extraction is CPU-bound pure Python + lxml, so it runs in worker processes; the event loop
keeps answering ``/healthz``, searches and highlight writes while pages are being read.

* Admission: at most ``capacity`` extraction requests are in the building at once (running,
  waiting for a worker, or still uploading their body). The next one is told ``503 busy`` with
  ``Retry-After`` straight away instead of queueing without bound.
* Each worker runs one job at a time, and a job goes to the first idle worker in a fixed order:
  a lone client always meets the same warm process (its parser and regex caches hot) instead
  of alternating between cold ones.
* The event loop talks to each worker over its own socket (:mod:`readmode.web.worker`), with
  no executor threads in between: the hop costs a fraction of a millisecond.
* A worker that dies (segfault, OOM kill) is replaced and that one request is answered 500, so
  one poisonous page never takes the server down. A worker found dead before a job was sent
  to it (it died idle) is replaced and the job runs on the new one.
* Jobs wait (in the admission queue) for a free worker before they are sent to one.
* A job that runs past ``timeout`` is answered 422 and its worker is killed (a running job
  cannot be cancelled any other way). No other job is lost with it: a worker runs one job.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import multiprocessing
import os
import pickle
import socket
from collections.abc import Iterator
from multiprocessing.process import BaseProcess
from typing import Any

from readmode.web.errors import ApiError, busy, internal
from readmode.web.worker import FRAME_HEADER, Job, JobResult, Reply, extract_job, frame, serve_jobs

log = logging.getLogger(__name__)

STOP_GRACE = 5.0
"""Seconds ``close`` lets the workers exit on their own before killing them."""


class NotReadableError(ApiError):
    def __init__(self, reason: str) -> None:
        super().__init__(422, reason, code="not_readable")


class WorkerDied(Exception):
    """The worker's end of the socket closed: its process is gone."""


def _process_context() -> multiprocessing.context.BaseContext:
    """forkserver where it exists (Linux, macOS), else spawn. Never plain fork: the server is
    threaded (sqlite writer and reader threads) and fork copies held locks."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        # Workers fork from a server that already imported the extractor: fast starts.
        context.set_forkserver_preload(["readmode.web.worker"])
        return context
    return multiprocessing.get_context("spawn")


class _Worker:
    """One extraction process and the server's end of its socket."""

    def __init__(self, context: multiprocessing.context.BaseContext, job: Job) -> None:
        server_end, worker_end = socket.socketpair()
        try:
            self.process: BaseProcess = context.Process(  # type: ignore[attr-defined]
                target=serve_jobs,
                args=(worker_end, job, os.getpid()),
                name="readmode-extraction",
                daemon=True,
            )
            self.process.start()
        except BaseException:
            server_end.close()
            raise
        finally:
            worker_end.close()  # the worker's copy is its own; ours would hide its death
        server_end.setblocking(False)
        self.channel = server_end

    def is_alive(self) -> bool:
        return self.process.is_alive()

    async def run(self, html: str, url: str) -> Reply:
        loop = asyncio.get_running_loop()
        try:
            for part in frame((html, url)):
                await loop.sock_sendall(self.channel, part)
            header = await self._receive_exactly(loop, FRAME_HEADER)
            reply: Reply = pickle.loads(
                await self._receive_exactly(loop, int.from_bytes(header, "big"))
            )
        except (BrokenPipeError, ConnectionResetError):
            raise WorkerDied from None
        return reply

    async def _receive_exactly(self, loop: asyncio.AbstractEventLoop, size: int) -> bytearray:
        buffer = bytearray(size)
        view = memoryview(buffer)
        received = 0
        while received < size:
            count = await loop.sock_recv_into(self.channel, view[received:])
            if count == 0:
                raise WorkerDied
            received += count
        return buffer

    def hang_up(self) -> None:
        """Close our end: an idle worker reads end-of-file and exits."""
        self.channel.close()

    def kill(self) -> None:
        self.hang_up()
        with contextlib.suppress(Exception):
            self.process.kill()


class _Lane:
    """A worker slot: starts its process on first use, replaces it when it dies or hangs."""

    def __init__(self, context: multiprocessing.context.BaseContext, job: Job) -> None:
        self._context = context
        self._job = job
        self._worker: _Worker | None = None
        self.busy = False

    @property
    def worker(self) -> _Worker:
        if self._worker is None:
            self._worker = _Worker(self._context, self._job)
        return self._worker

    def discard(self, *, kill: bool) -> None:
        """Drop the current worker (killed if ``kill``); the next job starts a fresh one."""
        worker, self._worker = self._worker, None
        if worker is not None:
            worker.kill() if kill else worker.hang_up()

    async def stop(self) -> None:
        worker = self._worker
        if worker is None:
            return
        if self.busy:
            # A job still waits on the socket, so it must not be closed under it: stop the
            # process instead; the job sees it die (500) and discards the worker itself.
            worker.process.kill()
        else:
            self._worker = None
            worker.hang_up()
        await asyncio.to_thread(worker.process.join, STOP_GRACE)
        if worker.process.is_alive():
            log.warning("an extraction worker did not stop in %g s; killing it", STOP_GRACE)
            with contextlib.suppress(Exception):
                worker.process.kill()


class ExtractionPool:
    """Runs ``job(html, url)`` in worker processes, bounded and crash-proof."""

    def __init__(
        self,
        *,
        workers: int,
        capacity: int,
        timeout: float,
        retry_after: int,
        job: Job = extract_job,
    ) -> None:
        self.workers = max(1, workers)
        self.capacity = max(1, capacity)
        self.timeout = timeout
        self.retry_after = retry_after
        self._admitted = 0
        # At most one job per worker is sent, so that the timeout measures the time a job
        # runs, not the time it waited for a free worker. Invariant: the semaphore's value is
        # the number of idle lanes.
        self._free_workers = asyncio.Semaphore(self.workers)
        context = _process_context()
        self._lanes = [_Lane(context, job) for _ in range(self.workers)]

    @property
    def admitted(self) -> int:
        """Extraction requests currently admitted (running, waiting or uploading)."""
        return self._admitted

    @contextlib.contextmanager
    def slot(self) -> Iterator[None]:
        """Hold one place in the queue for the duration of a request, or raise 503 busy."""
        if self._admitted >= self.capacity:
            raise busy(
                "readmode is busy reading other pages; try again in a moment.", self.retry_after
            )
        self._admitted += 1
        try:
            yield
        finally:
            self._admitted -= 1

    async def warm(self) -> None:
        """Start every worker now instead of on first use."""
        for lane in self._lanes:
            lane.worker  # noqa: B018 - starting the process is the point

    async def extract(self, html: str, url: str) -> dict[str, Any]:
        """The article dict of ``html``; :class:`NotReadableError` (422) when there is none."""
        ok, payload = await self._run(html, url)
        if not ok:
            raise NotReadableError(str(payload))
        if not isinstance(payload, dict):
            raise internal("The extractor returned something that is not an article.")
        return payload

    async def _run(self, html: str, url: str) -> JobResult:
        async with self._free_workers:
            # The first idle lane, always searched in the same order: under light load the
            # same (warm) process gets every job.
            lane = next(lane for lane in self._lanes if not lane.busy)
            lane.busy = True
            try:
                return await self._run_on(lane, html, url)
            finally:
                lane.busy = False

    async def _run_on(self, lane: _Lane, html: str, url: str) -> JobResult:
        worker = lane.worker
        if not worker.is_alive():
            # It died while idle (the OOM killer, say): nothing of this job was lost yet.
            lane.discard(kill=True)
            worker = lane.worker
        try:
            status, value = await asyncio.wait_for(worker.run(html, url), self.timeout)
        except TimeoutError:
            lane.discard(kill=True)
            raise NotReadableError(
                f"Reading this page took longer than {self.timeout:g} seconds, so readmode"
                " gave up on it."
            ) from None
        except WorkerDied:
            lane.discard(kill=True)
            log.error("an extraction worker died while reading %s", url)
            raise internal(
                "The extraction process crashed while reading this page; it was restarted."
                " Saving this page again will probably fail the same way."
            ) from None
        except BaseException:
            # Cancelled (or failed) halfway through a message: the socket is out of step.
            lane.discard(kill=True)
            raise
        if status != "done":
            error_name, worker_traceback = value
            log.error("the extractor failed on %s:\n%s", url, worker_traceback)
            raise internal(
                f"The extractor failed on this page ({error_name}); this is a bug in readmode."
            )
        result: JobResult = value
        return result

    async def close(self) -> None:
        await asyncio.gather(*(lane.stop() for lane in self._lanes))
