"""The extraction pool: bounded admission (503), worker crashes (500), timeouts (422)."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import time
from collections.abc import AsyncIterator, Awaitable, Callable

import psutil
import pytest
from readmode.web.errors import ApiError
from readmode.web.extraction import ExtractionPool
from readmode.web.keys import EXTRACTOR
from readmode.web.schemas import SchemaSet
from readmode.web.worker import WORKER_NICENESS

from .helpers import AUTH, Client, article_html, check
from .jobs import scripted

JSON_AUTH = {**AUTH, "Content-Type": "application/json"}
PAGE = {"url": "https://example.com/harbour", "html": article_html()}


async def wait_until(condition: Callable[[], bool]) -> None:
    async with asyncio.timeout(10):
        while not condition():  # noqa: ASYNC110 - server state has no event to await
            await asyncio.sleep(0.01)


async def test_full_queue_answers_503_with_retry_after(
    make_client: Callable[..., Awaitable[Client]], schemas: SchemaSet
) -> None:
    client = await make_client(queue_size=1, retry_after=7)
    pool = client.app[EXTRACTOR]
    release = asyncio.Event()
    body = json.dumps(PAGE).encode()

    async def slow_upload() -> AsyncIterator[bytes]:
        yield body[:100]
        await release.wait()  # the request holds its queue slot while uploading
        yield body[100:]

    holder = asyncio.create_task(
        client.post("/api/articles", data=slow_upload(), headers=JSON_AUTH)
    )
    await wait_until(lambda: pool.admitted == 1)

    turned_away = await client.post("/api/articles", json=PAGE, headers=AUTH)
    data = await check(turned_away, 503, schemas)
    assert data["error"]["code"] == "busy"
    assert turned_away.headers["Retry-After"] == "7"
    extract = await client.post("/api/extract", json=PAGE, headers=AUTH)
    await check(extract, 503, schemas)
    # everything that does not extract keeps working meanwhile
    await check(await client.get("/healthz"), 200, schemas, "health")
    await check(await client.get("/api/articles", headers=AUTH), 200, schemas, "article-list")

    release.set()
    await check(await holder, 201, schemas, "article")
    assert pool.admitted == 0
    await check(await client.post("/api/extract", json=PAGE, headers=AUTH), 200, schemas)


async def test_client_disconnect_frees_the_slot(
    make_client: Callable[..., Awaitable[Client]], schemas: SchemaSet
) -> None:
    client = await make_client(queue_size=1)
    pool = client.app[EXTRACTOR]
    body = json.dumps(PAGE).encode()
    never = asyncio.Event()

    async def stalled_upload() -> AsyncIterator[bytes]:
        yield body[:100]
        await never.wait()
        yield b""

    holder = asyncio.create_task(
        client.post("/api/articles", data=stalled_upload(), headers=JSON_AUTH)
    )
    await wait_until(lambda: pool.admitted == 1)
    holder.cancel()
    with pytest.raises(asyncio.CancelledError):
        await holder
    await wait_until(lambda: pool.admitted == 0)
    await check(await client.post("/api/extract", json=PAGE, headers=AUTH), 200, schemas)


@pytest.fixture
async def scripted_pool() -> AsyncIterator[ExtractionPool]:
    pool = ExtractionPool(workers=1, capacity=4, timeout=20, retry_after=1, job=scripted)
    yield pool
    await pool.close()


async def test_worker_crash_is_500_and_the_pool_recovers(scripted_pool: ExtractionPool) -> None:
    with pytest.raises(ApiError) as crashed:
        await scripted_pool.extract("crash", "https://example.com/")
    assert crashed.value.status == 500
    assert "crashed" in crashed.value.message
    article = await scripted_pool.extract(article_html(), "https://example.com/harbour")
    assert article["headline"] == "The Quiet Harbour"


async def test_timeout_is_422_and_the_pool_recovers(scripted_pool: ExtractionPool) -> None:
    scripted_pool.timeout = 0.5
    started = time.monotonic()
    with pytest.raises(ApiError) as slow:
        await scripted_pool.extract("sleep:30", "https://example.com/")
    assert time.monotonic() - started < 10
    assert slow.value.status == 422
    assert "longer than" in slow.value.message
    scripted_pool.timeout = 20
    article = await scripted_pool.extract(article_html(), "https://example.com/harbour")
    assert article["headline"] == "The Quiet Harbour"


async def test_jobs_sharing_a_killed_pool_are_retried() -> None:
    pool = ExtractionPool(workers=2, capacity=4, timeout=2.0, retry_after=1, job=scripted)
    try:
        await pool.warm()
        stuck = asyncio.create_task(pool.extract("sleep:30", "https://example.com/stuck"))
        await asyncio.sleep(1.5)
        innocent = asyncio.create_task(pool.extract("sleep:1", "https://example.com/ok"))
        with pytest.raises(ApiError) as timed_out:
            await stuck  # times out at 2 s: its pool is killed while `innocent` runs
        assert timed_out.value.status == 422
        with pytest.raises(ApiError) as second:
            await innocent  # retried on the new pool, runs to its end ("slept" → 422)
        assert second.value.message == "slept"
    finally:
        await pool.close()


async def test_not_readable_reason_is_passed_through(scripted_pool: ExtractionPool) -> None:
    with pytest.raises(ApiError) as failed:
        await scripted_pool.extract("<html><body></body></html>", "https://example.com/")
    assert failed.value.status == 422
    assert failed.value.code == "not_readable"
    assert failed.value.message


async def test_waiting_for_a_worker_does_not_count_against_the_timeout() -> None:
    pool = ExtractionPool(workers=1, capacity=4, timeout=1.5, retry_after=1, job=scripted)
    try:
        await pool.warm()
        jobs = [pool.extract("sleep:0.9", f"https://example.com/{n}") for n in range(2)]
        results = await asyncio.gather(*jobs, return_exceptions=True)
        # each ran 0.9 s (< 1.5 s); the second also waited 0.9 s for the only worker
        assert [getattr(r, "message", r) for r in results] == ["slept", "slept"]
    finally:
        await pool.close()


async def test_an_idle_worker_killed_from_outside_is_replaced(
    scripted_pool: ExtractionPool,
) -> None:
    worker = await scripted_pool.extract("pid", "https://example.com/")
    os.kill(worker["pid"], signal.SIGKILL)  # the OOM killer, say, while nothing runs
    await asyncio.sleep(1.0)  # the executor notices the death and marks itself broken
    article = await scripted_pool.extract(article_html(), "https://example.com/harbour")
    assert article["headline"] == "The Quiet Harbour"


async def test_a_lone_client_always_gets_the_same_worker() -> None:
    pool = ExtractionPool(workers=2, capacity=4, timeout=20, retry_after=1, job=scripted)
    try:
        await pool.warm()
        pids = [(await pool.extract("pid", "https://example.com/"))["pid"] for _ in range(6)]
        assert len(set(pids)) == 1  # its caches stay warm
        worker = psutil.Process(pids[0])
        assert worker.nice() == psutil.Process().nice() + WORKER_NICENESS
    finally:
        await pool.close()


async def test_an_extractor_exception_is_500_and_the_worker_keeps_serving(
    scripted_pool: ExtractionPool,
) -> None:
    before = await scripted_pool.extract("pid", "https://example.com/")
    with pytest.raises(ApiError) as failed:
        await scripted_pool.extract("raise", "https://example.com/")
    assert failed.value.status == 500
    assert "RuntimeError" in failed.value.message
    after = await scripted_pool.extract("pid", "https://example.com/")
    assert after["pid"] == before["pid"]
