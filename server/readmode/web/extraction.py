"""Article extraction off the event loop: a process pool behind a bounded admission counter.

Extraction is CPU-bound pure Python + lxml, so it runs in worker processes; the event loop
keeps answering ``/healthz``, searches and highlight writes while pages are being read.

* Admission: at most ``capacity`` extraction requests are in the building at once (running,
  waiting for a worker, or still uploading their body). The next one is told ``503 busy`` with
  ``Retry-After`` straight away instead of queueing without bound.
* A worker that dies (segfault, OOM kill) breaks the whole ``ProcessPoolExecutor``; we replace
  it and answer that one request 500, so one poisonous page never takes the server down.
* Jobs wait (in the admission queue) for a free worker before they are handed to the pool.
* A job that runs past ``timeout`` is answered 422 and its worker is killed (a running job
  cannot be cancelled any other way); jobs that shared the killed pool are retried once.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import multiprocessing
import os
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from readmode.web.errors import ApiError, busy, internal
from readmode.web.worker import JobResult, extract_job, init_worker, warm_up

log = logging.getLogger(__name__)

Job = Callable[[str, str], JobResult]


class NotReadableError(ApiError):
    def __init__(self, reason: str) -> None:
        super().__init__(422, reason, code="not_readable")


def _process_context() -> multiprocessing.context.BaseContext:
    """forkserver where it exists (Linux, macOS), else spawn. Never plain fork: the server is
    threaded (executor manager threads, sqlite reader threads) and fork copies held locks."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        # Workers fork from a server that already imported the extractor: fast starts.
        context.set_forkserver_preload(["readmode.web.worker"])
        return context
    return multiprocessing.get_context("spawn")


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
        self._job = job
        self._context = _process_context()
        self._admitted = 0
        # At most one job per worker is handed to the executor, so that the timeout measures
        # the time a job runs, not the time it waited for a free worker.
        self._free_workers = asyncio.Semaphore(self.workers)
        self._generation = 0
        self._killed: set[int] = set()  # generations we terminated on purpose
        self._executor = self._new_executor()

    def _new_executor(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            max_workers=self.workers,
            mp_context=self._context,
            initializer=init_worker,
            initargs=(os.getpid(),),
        )

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
        """Start every worker now (each imports the extractor once) instead of on first use."""
        futures = [asyncio.wrap_future(self._executor.submit(warm_up)) for _ in range(self.workers)]
        await asyncio.gather(*futures)

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
            return await self._run_on_a_worker(html, url)

    async def _run_on_a_worker(self, html: str, url: str) -> JobResult:
        for attempt in (1, 2):
            executor, generation = self._executor, self._generation
            try:
                future: Future[JobResult] = executor.submit(self._job, html, url)
            except BrokenProcessPool:
                # The pool broke before this job ran (an idle worker died): safe to retry.
                self._replace(generation)
                continue
            try:
                return await asyncio.wait_for(asyncio.wrap_future(future), self.timeout)
            except TimeoutError:
                self._replace(generation, kill=True)
                raise NotReadableError(
                    f"Reading this page took longer than {self.timeout:g} seconds, so readmode"
                    " gave up on it."
                ) from None
            except BrokenProcessPool:
                if generation in self._killed and attempt == 1:
                    continue  # we killed that pool because of another job's timeout
                self._replace(generation)
                log.error("an extraction worker died while reading %s", url)
                raise internal(
                    "The extraction process crashed while reading this page; it was restarted."
                    " Saving this page again will probably fail the same way."
                ) from None
            except Exception as error:
                log.exception("the extractor failed on %s", url)
                raise internal(
                    f"The extractor failed on this page ({type(error).__name__}); this is a bug"
                    " in readmode."
                ) from None
        raise internal("The extraction processes keep crashing; see the server log.")

    def _replace(self, generation: int, *, kill: bool = False) -> None:
        """Swap in a fresh pool, unless another request already replaced this one."""
        if generation != self._generation:
            return
        old = self._executor
        self._executor = self._new_executor()
        self._generation += 1
        if kill:
            self._killed.add(generation)
            _terminate_workers(old)
        old.shutdown(wait=False, cancel_futures=True)

    async def close(self) -> None:
        executor = self._executor
        executor.shutdown(wait=False, cancel_futures=True)
        try:
            await asyncio.wait_for(asyncio.to_thread(executor.shutdown, wait=True), 5)
        except TimeoutError:
            log.warning("extraction workers did not stop in 5 s; killing them")
            _terminate_workers(executor)


def _terminate_workers(executor: ProcessPoolExecutor) -> None:
    # ProcessPoolExecutor has no public way to stop a running job before Python 3.14
    # (terminate_workers); its process table is the only handle on the stuck worker.
    processes: dict[int, Any] = getattr(executor, "_processes", None) or {}
    for process in list(processes.values()):
        with contextlib.suppress(Exception):
            process.kill()
