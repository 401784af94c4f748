"""Abuse burst: does a flood of requests the server must refuse slow down its real user?

A separate process (so its CPU use and event loop cannot delay our measurements) fires ``count``
bad requests from ``concurrency`` asyncio clients, cycling through :data:`BAD_KINDS`: a foreign
``Host`` (DNS rebinding), a web page's ``Origin``, no token, a wrong token, and a wrong token on
a ``POST`` with a 64 KiB JSON body (which must be refused before the body is read). Every
answer is checked: the expected status and ``{"error": {"status", "code", "message"}}``.

Meanwhile this process plays the legitimate client: one connection, one request at a time,
alternating ``GET /api/articles`` and ``GET /api/search``; its latency is measured alone
(before and after the burst) and during it.
"""

from __future__ import annotations

import asyncio
import json
import multiprocessing
import random
import statistics
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode, urlsplit

import aiohttp

from bench.serving import summary

BIG_BODY = json.dumps({"article_id": 1, "exact": "x" * 65536}).encode()


@dataclass(frozen=True, slots=True)
class BadRequest:
    kind: str
    method: str
    path: str
    headers: dict[str, str]
    status: int
    code: str
    body: bytes | None = None


def bad_requests(url: str, token: str) -> tuple[BadRequest, ...]:
    """One request of each kind the server must turn away, with the answer it must give."""
    host = urlsplit(url).netloc
    wrong = "Bearer " + "0" * len(token)
    auth = f"Bearer {token}"
    port = host.rsplit(":", 1)[-1]
    return (
        BadRequest(
            "bad_host", "GET", "/api/articles",
            {"Host": "evil.example", "Authorization": auth}, 400, "bad_host",
        ),
        BadRequest(
            "bad_host_rebinding", "GET", "/healthz", {"Host": f"evil.example:{port}"},
            400, "bad_host",
        ),
        BadRequest(
            "web_origin", "GET", "/api/search?q=secret",
            {"Origin": "https://evil.example", "Authorization": auth}, 403, "forbidden",
        ),
        BadRequest("no_token", "GET", "/api/articles", {}, 401, "unauthorized"),
        BadRequest(
            "wrong_token", "GET", "/api/search?q=secret", {"Authorization": wrong},
            401, "unauthorized",
        ),
        BadRequest(
            "wrong_token_post", "POST", "/api/highlights",
            {"Authorization": wrong, "Content-Type": "application/json"}, 401, "unauthorized",
            BIG_BODY,
        ),
    )  # fmt: skip


BAD_KINDS = tuple(r.kind for r in bad_requests("http://127.0.0.1:1", "x"))


@dataclass
class BurstResult:
    sent: int = 0
    rejected_as_expected: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)
    wrong: list[str] = field(default_factory=list)
    """Answers with another status or a body not in the error shape (first 20)."""
    wrong_count: int = 0
    seconds: float = 0.0


def _is_error_shape(body: Any, status: int, code: str) -> bool:
    if not isinstance(body, dict) or set(body) != {"error"}:
        return False
    error = body["error"]
    return (
        isinstance(error, dict)
        and error.get("status") == status
        and error.get("code") == code
        and isinstance(error.get("message"), str)
        and bool(error["message"])
        and set(error) <= {"status", "code", "message", "field"}
    )


async def burst(url: str, token: str, count: int, concurrency: int) -> BurstResult:
    """Send ``count`` bad requests from ``concurrency`` clients; check every answer."""
    requests = bad_requests(url, token)
    result = BurstResult()
    kinds: Counter[str] = Counter()
    next_index = 0

    def take() -> BadRequest | None:
        nonlocal next_index
        if next_index >= count:
            return None
        next_index += 1
        return requests[next_index % len(requests)]

    async def client(session: aiohttp.ClientSession) -> None:
        while (bad := take()) is not None:
            result.sent += 1
            kinds[bad.kind] += 1
            async with session.request(
                bad.method, url + bad.path, headers=bad.headers, data=bad.body
            ) as response:
                raw = await response.read()
                status = response.status
            try:
                body = json.loads(raw)
            except ValueError:
                body = None
            if status == bad.status and _is_error_shape(body, bad.status, bad.code):
                result.rejected_as_expected += 1
            else:
                result.wrong_count += 1
                if len(result.wrong) < 20:
                    result.wrong.append(f"{bad.kind}: HTTP {status} {raw[:200]!r}")

    started = time.perf_counter()
    timeout = aiohttp.ClientTimeout(total=60)
    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(timeout=timeout, connector=connector) as session:
        await asyncio.gather(*(client(session) for _ in range(concurrency)))
    result.seconds = round(time.perf_counter() - started, 3)
    result.by_kind = dict(kinds)
    return result


def burst_in_this_process(url: str, token: str, count: int, concurrency: int) -> BurstResult:
    """Entry point of the abuse process."""
    return asyncio.run(burst(url, token, count, concurrency))


class LegitClient:
    """The real user: one keep-alive connection, one request at a time, latency of each."""

    def __init__(self, url: str, token: str, words: list[str]) -> None:
        self.url = url
        self.headers = {"Authorization": f"Bearer {token}"}
        self.words = words or ["the"]
        self.rng = random.Random(7)
        self.failures: list[str] = []

    async def sample(
        self,
        session: aiohttp.ClientSession,
        *,
        count: int | None = None,
        until: asyncio.Future[Any] | None = None,
    ) -> dict[str, list[float]]:
        """Latencies (ms) per route, for ``count`` requests or until ``until`` is done."""
        latencies: dict[str, list[float]] = {"GET /api/articles": [], "GET /api/search": []}
        sent = 0
        while (count is None or sent < count) and (until is None or not until.done()):
            if sent % 2 == 0:
                route, path = "GET /api/articles", "/api/articles?limit=20"
            else:
                query = urlencode({"q": self.rng.choice(self.words), "limit": "20"})
                route, path = "GET /api/search", f"/api/search?{query}"
            started = time.perf_counter()
            async with session.get(self.url + path, headers=self.headers) as response:
                await response.read()
                if response.status != 200:
                    self.failures.append(f"{route}: HTTP {response.status}")
            latencies[route].append((time.perf_counter() - started) * 1000)
            sent += 1
        return latencies


@dataclass
class AbuseResult:
    burst: BurstResult
    alone_ms: dict[str, dict[str, float]]
    during_ms: dict[str, dict[str, float]]
    samples_during: int
    legit_failures: list[str]

    def slowdown(self) -> dict[str, float]:
        """Median latency during the burst over median alone, per route."""
        return {
            route: round(self.during_ms[route]["p50"] / self.alone_ms[route]["p50"], 2)
            for route in self.alone_ms
            if self.during_ms.get(route, {}).get("n")
        }


def _merge(*runs: dict[str, list[float]]) -> dict[str, list[float]]:
    merged: dict[str, list[float]] = {}
    for run in runs:
        for route, values in run.items():
            merged.setdefault(route, []).extend(values)
    return merged


def _summaries(latencies: dict[str, list[float]]) -> dict[str, dict[str, float]]:
    return {
        route: {"n": len(values), **summary(values), "mean": round(statistics.fmean(values), 2)}
        for route, values in latencies.items()
        if values
    }


async def measure(
    url: str,
    token: str,
    *,
    count: int = 10_000,
    concurrency: int = 16,
    alone_samples: int = 400,
    words: list[str] | None = None,
) -> AbuseResult:
    """Legit latency alone (half before, half after the burst) and during the burst."""
    legit = LegitClient(url, token, words or [])
    spawn = multiprocessing.get_context("spawn")
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=1)) as session:
        await legit.sample(session, count=20)  # warm-up: connection, caches
        before = await legit.sample(session, count=alone_samples // 2)
        with ProcessPoolExecutor(max_workers=1, mp_context=spawn) as pool:
            # Start the process first so its start-up is not part of the burst.
            await asyncio.get_running_loop().run_in_executor(pool, time.sleep, 0)
            abuse = asyncio.get_running_loop().run_in_executor(
                pool, burst_in_this_process, url, token, count, concurrency
            )
            during = await legit.sample(session, until=abuse)
            burst_result = await abuse
        after = await legit.sample(session, count=alone_samples // 2)
    return AbuseResult(
        burst=burst_result,
        alone_ms=_summaries(_merge(before, after)),
        during_ms=_summaries(during),
        samples_during=sum(len(v) for v in during.values()),
        legit_failures=legit.failures,
    )


def print_abuse(result: AbuseResult) -> None:
    b = result.burst
    print(
        f"abuse: {b.sent} bad requests in {b.seconds:.1f} s ({b.sent / max(b.seconds, 1e-9):.0f}"
        f" req/s), {b.rejected_as_expected} rejected as expected, {b.wrong_count} wrong"
        f" ({', '.join(f'{k}={v}' for k, v in sorted(b.by_kind.items()))})"
    )
    for route, alone in result.alone_ms.items():
        during = result.during_ms.get(route)
        if during is None:
            continue
        print(
            f"  {route:<20} alone p50={alone['p50']:.2f} p95={alone['p95']:.2f} ms"
            f" (n={alone['n']:.0f})"
            f"  during p50={during['p50']:.2f} p95={during['p95']:.2f} ms (n={during['n']:.0f})"
            f"  slowdown x{during['p50'] / alone['p50']:.2f}"
        )
    for sample in b.wrong[:5]:
        print(f"  wrong answer: {sample}")
    for failure in result.legit_failures[:5]:
        print(f"  legit client failure: {failure}")
