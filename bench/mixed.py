"""Mixed traffic against a running ``readmode serve``: what a busy user's browser would send.

``concurrency`` clients share one ``aiohttp`` session and, until ``duration`` seconds (or
``max_requests``) are used up, each picks its next operation at random (weights in
:data:`OPERATIONS`): save a page (a few URL variants per page, so both creates and updates
happen), add / edit / delete a highlight on a saved article, search (words, phrases, prefixes,
filters), list and fetch articles and their highlights.

Bookkeeping that makes the run a check and not just a stopwatch:

* every answer has one expected status per operation; anything else is an *error*, except
  ``503 busy`` (the designed back-pressure answer: retried after ``Retry-After``, counted
  apart) and ``422`` for a page the extractor declines (counted apart; the page is then
  dropped from the mix);
* each client edits and deletes only the highlights it created, so a 404 is never a race;
  every acknowledged (201) and not deleted highlight must still be there at the end
  (:func:`missing_highlights`);
* a side task samples the resident memory of the server and its worker processes every
  ``rss_interval`` seconds (see :func:`rss_growth` for the flatness figure).
"""

from __future__ import annotations

import asyncio
import json
import random
import re
import statistics
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import aiohttp

from bench.serving import rss_by_process, summary

OPERATIONS: tuple[tuple[str, int], ...] = (
    ("save_page", 8),
    ("create_highlight", 22),
    ("edit_highlight", 14),
    ("delete_highlight", 8),
    ("search", 30),
    ("list_articles", 6),
    ("get_article", 6),
    ("list_highlights", 6),
)
"""Operation names and their relative weights."""

URL_VARIANTS = 3
"""Each page is saved under this many URLs (``?soak=N``): new articles and re-saves both happen."""

COLORS = ("yellow", "green", "blue", "pink", "purple")
TAGS = ("soak", "later", "quote", "idea", "todo")
MAX_RETRY_AFTER = 10.0
MAX_BUSY_RETRIES = 30
REQUEST_TIMEOUT = 120.0
WORD = re.compile(r"[^\W\d_]{4,}")


@dataclass(frozen=True, slots=True)
class PageSource:
    """A page to save: its URL and its HTML, already encoded as a JSON string literal."""

    url: str
    html_json: bytes

    @classmethod
    def of(cls, url: str, html: str) -> PageSource:
        return cls(url, json.dumps(html).encode())

    def body(self, variant: int) -> bytes:
        separator = "&" if "?" in self.url else "?"
        url = f"{self.url}{separator}soak={variant}" if variant else self.url
        return b'{"url":' + json.dumps(url).encode() + b',"html":' + self.html_json + b"}"


@dataclass
class SavedArticle:
    id: int
    text: str
    words: list[tuple[int, int]]  # (start, end) of every word, for picking quotes


@dataclass
class RouteStats:
    latencies_ms: list[float] = field(default_factory=list)
    busy_503: int = 0
    errors: int = 0


@dataclass
class MixedResult:
    concurrency: int
    seconds: float = 0.0
    requests: int = 0
    busy_503: int = 0
    declined_422: int = 0
    errors: int = 0
    error_samples: list[str] = field(default_factory=list)
    routes: dict[str, RouteStats] = field(default_factory=dict)
    rss_series: list[tuple[float, float, int]] = field(default_factory=list)
    """``(seconds since start, total MB, process count)`` samples."""
    rss_by_pid: list[dict[int, float]] = field(default_factory=list)
    """The same samples per process (the server's pid and its children's), in MB."""
    server_pid: int | None = None
    highlights_acknowledged: int = 0
    highlights_deleted: int = 0
    highlights_live: dict[int, int] = field(default_factory=dict)
    """Highlight id → article id of every highlight created (201) and not deleted (204)."""
    articles_saved: int = 0

    def route_summary(self) -> dict[str, dict[str, float]]:
        rows = {}
        for name, stats in sorted(self.routes.items()):
            rows[name] = {"n": len(stats.latencies_ms), **summary(stats.latencies_ms)}
            rows[name]["503"] = stats.busy_503
            rows[name]["errors"] = stats.errors
        return rows

    def to_dict(self) -> dict[str, Any]:
        return {
            "concurrency": self.concurrency,
            "seconds": self.seconds,
            "requests": self.requests,
            "busy_503": self.busy_503,
            "declined_422": self.declined_422,
            "errors": self.errors,
            "error_samples": self.error_samples,
            "routes": self.route_summary(),
            "rss_series": self.rss_series,
            "rss_by_pid": [{str(k): v for k, v in sample.items()} for sample in self.rss_by_pid],
            "highlights_acknowledged": self.highlights_acknowledged,
            "highlights_deleted": self.highlights_deleted,
            "highlights_live": len(self.highlights_live),
            "articles_saved": self.articles_saved,
        }


class UnexpectedAnswer(Exception):
    """An answer other than the expected status (the message says which)."""


class MixedTraffic:
    """One run of mixed traffic; :meth:`run` returns the :class:`MixedResult`."""

    def __init__(
        self,
        url: str,
        token: str,
        pages: Sequence[PageSource],
        *,
        concurrency: int = 32,
        duration: float = 600.0,
        max_requests: int = 10_000_000,
        server_pid: int | None = None,
        rss_interval: float = 5.0,
        seed: int = 1,
    ) -> None:
        if not pages:
            raise ValueError("mixed traffic needs at least one page to save")
        self.url = url.rstrip("/")
        self.headers = {"Authorization": f"Bearer {token}"}
        self.pages = list(pages)
        self.concurrency = concurrency
        self.duration = duration
        self.max_requests = max_requests
        self.server_pid = server_pid
        self.rss_interval = rss_interval
        self.rng = random.Random(seed)
        self.result = MixedResult(concurrency, server_pid=server_pid)
        self.articles: dict[int, SavedArticle] = {}
        self.vocabulary: list[str] = []
        self._started = 0.0
        self._stop_at = 0.0
        self._names = [name for name, _ in OPERATIONS]
        self._weights = [weight for _, weight in OPERATIONS]

    # -- the run ---------------------------------------------------------------------------

    async def run(self) -> MixedResult:
        timeout = aiohttp.ClientTimeout(total=REQUEST_TIMEOUT)
        connector = aiohttp.TCPConnector(limit=self.concurrency + 4)
        self._started = time.monotonic()
        self._stop_at = self._started + self.duration
        async with aiohttp.ClientSession(timeout=timeout, connector=connector) as session:
            sampler = asyncio.create_task(self._sample_rss()) if self.server_pid else None
            await asyncio.gather(*(self._client(session) for _ in range(self.concurrency)))
            self.result.seconds = round(time.monotonic() - self._started, 2)
            if sampler is not None:
                sampler.cancel()
                await asyncio.gather(sampler, return_exceptions=True)
                await self._record_rss()  # one last sample after the traffic
        return self.result

    def _more(self) -> bool:
        return time.monotonic() < self._stop_at and self.result.requests < self.max_requests

    async def _client(self, session: aiohttp.ClientSession) -> None:
        rng = random.Random(self.rng.random())
        own: list[int] = []  # this client's live highlights (ids)
        while self._more():
            operation = rng.choices(self._names, self._weights)[0]
            if not self.articles and operation != "save_page":
                operation = "save_page"  # nothing to read or highlight yet
            if operation in ("edit_highlight", "delete_highlight") and not own:
                operation = "create_highlight"
            try:
                await getattr(self, f"_{operation}")(session, rng, own)
            except UnexpectedAnswer as error:
                self._error(str(error))
            except (aiohttp.ClientError, TimeoutError) as error:
                self._error(f"{operation}: {error!r}")

    def _error(self, message: str) -> None:
        self.result.errors += 1
        if len(self.result.error_samples) < 10:
            self.result.error_samples.append(message)

    async def _request(
        self,
        session: aiohttp.ClientSession,
        route: str,
        method: str,
        path: str,
        expected: tuple[int, ...],
        *,
        data: bytes | None = None,
    ) -> tuple[int, Any]:
        """Send one request (retrying ``503 busy`` after ``Retry-After``); ``(status, json)``.

        Raises :class:`UnexpectedAnswer` for any status outside ``expected``.
        """
        stats = self.result.routes.setdefault(route, RouteStats())
        headers = dict(self.headers)
        if data is not None:
            headers["Content-Type"] = "application/json"
        for _ in range(MAX_BUSY_RETRIES):
            self.result.requests += 1
            started = time.perf_counter()
            async with session.request(method, self.url + path, data=data, headers=headers) as r:
                payload = await r.read()
                status = r.status
                retry_after = r.headers.get("Retry-After", "1")
            if status == 503:
                stats.busy_503 += 1
                self.result.busy_503 += 1
                wait = min(float(retry_after), MAX_RETRY_AFTER)
                await asyncio.sleep(wait * random.uniform(1.0, 1.5))
                continue
            stats.latencies_ms.append((time.perf_counter() - started) * 1000)
            if status not in expected:
                stats.errors += 1
                detail = payload[:300].decode("utf-8", "replace")
                raise UnexpectedAnswer(f"{method} {path}: HTTP {status} {detail}")
            return status, json.loads(payload) if payload else None
        stats.errors += 1
        raise UnexpectedAnswer(f"{method} {path}: still busy after {MAX_BUSY_RETRIES} tries")

    # -- operations ------------------------------------------------------------------------

    async def _save_page(self, session: aiohttp.ClientSession, rng: random.Random, _: Any) -> None:
        if not self.pages:
            return
        page = rng.choice(self.pages)
        status, body = await self._request(
            session,
            "POST /api/articles",
            "POST",
            "/api/articles",
            (200, 201, 422),
            data=page.body(rng.randrange(URL_VARIANTS)),
        )
        if status == 422:
            if "longer than" in body["error"]["message"]:
                raise UnexpectedAnswer(f"save timed out: {body['error']['message']}")
            self.result.declined_422 += 1
            if page in self.pages:  # not an article: keep it out of the rest of the run
                self.pages.remove(page)
            return
        self.result.articles_saved += 1
        if body["id"] not in self.articles:
            text = body["text"]
            words = [(m.start(), m.end()) for m in WORD.finditer(text)]
            self.articles[body["id"]] = SavedArticle(body["id"], text, words)
            self.vocabulary.extend(text[a:b] for a, b in rng.sample(words, min(30, len(words))))

    def _article(self, rng: random.Random) -> SavedArticle:
        return self.articles[rng.choice(list(self.articles))]

    async def _create_highlight(
        self, session: aiohttp.ClientSession, rng: random.Random, own: list[int]
    ) -> None:
        article = self._article(rng)
        if len(article.words) < 2:
            return
        first = rng.randrange(len(article.words) - 1)
        last = min(len(article.words) - 1, first + rng.randrange(6))
        start, end = article.words[first][0], article.words[last][1]
        text = article.text
        data: dict[str, Any] = {
            "article_id": article.id,
            "exact": text[start:end],
            "prefix": text[max(0, start - 32) : start],
            "suffix": text[end : end + 32],
            "start": start,
            "end": end,
            "color": rng.choice(COLORS),
        }
        if rng.random() < 0.3:
            data["note"] = " ".join(rng.sample(self.vocabulary, min(3, len(self.vocabulary))))
        if rng.random() < 0.5:
            data["tags"] = rng.sample(TAGS, rng.randrange(1, 3))
        _, body = await self._request(
            session,
            "POST /api/highlights",
            "POST",
            "/api/highlights",
            (201,),
            data=json.dumps(data).encode(),
        )
        own.append(body["id"])
        self.result.highlights_acknowledged += 1
        self.result.highlights_live[body["id"]] = article.id

    async def _edit_highlight(
        self, session: aiohttp.ClientSession, rng: random.Random, own: list[int]
    ) -> None:
        highlight_id = rng.choice(own)
        patch: dict[str, Any] = rng.choice(
            [
                {"color": rng.choice(COLORS)},
                {"note": " ".join(rng.sample(self.vocabulary, min(4, len(self.vocabulary))))},
                {"tags": rng.sample(TAGS, rng.randrange(0, 3))},
            ]
        )
        await self._request(
            session,
            "PATCH /api/highlights/{id}",
            "PATCH",
            f"/api/highlights/{highlight_id}",
            (200,),
            data=json.dumps(patch).encode(),
        )

    async def _delete_highlight(
        self, session: aiohttp.ClientSession, rng: random.Random, own: list[int]
    ) -> None:
        highlight_id = own.pop(rng.randrange(len(own)))
        await self._request(
            session,
            "DELETE /api/highlights/{id}",
            "DELETE",
            f"/api/highlights/{highlight_id}",
            (204,),
        )
        self.result.highlights_deleted += 1
        self.result.highlights_live.pop(highlight_id, None)

    def _query(self, rng: random.Random) -> str:
        word = rng.choice(self.vocabulary) if self.vocabulary else "harbour"
        other = rng.choice(self.vocabulary) if self.vocabulary else "boats"
        forms = (
            word,  # as-you-type: the last word is a prefix
            f"{word} ",  # a finished word
            f'"{word} {other}"',  # a phrase
            f"{word[:3]}*",
            word[: rng.randrange(2, max(3, len(word)))],  # typing in progress
            f"{word} tag:{rng.choice(TAGS)}",
            f"color:{rng.choice(COLORS)}",
            f"{word} -{other}",
            "site:example.com",
            f"after:2020-01-01 {word}",
            "before:2100-01-01 tag:soak",
            f"note:{word}",
            f"-tag:{rng.choice(TAGS)}",
        )
        return rng.choice(forms)

    async def _search(self, session: aiohttp.ClientSession, rng: random.Random, _: Any) -> None:
        params = {"q": self._query(rng), "limit": str(rng.choice((10, 20, 50)))}
        if rng.random() < 0.2:
            params["offset"] = str(rng.choice((20, 40)))
        path = f"/api/search?{urlencode(params)}"
        await self._request(session, "GET /api/search", "GET", path, (200,))

    async def _list_articles(
        self, session: aiohttp.ClientSession, rng: random.Random, _: Any
    ) -> None:
        offset = rng.choice((0, 0, 0, 20, 40))
        path = f"/api/articles?limit=20&offset={offset}"
        await self._request(session, "GET /api/articles", "GET", path, (200,))

    async def _get_article(
        self, session: aiohttp.ClientSession, rng: random.Random, _: Any
    ) -> None:
        article = self._article(rng)
        path = f"/api/articles/{article.id}"
        await self._request(session, "GET /api/articles/{id}", "GET", path, (200,))

    async def _list_highlights(
        self, session: aiohttp.ClientSession, rng: random.Random, _: Any
    ) -> None:
        article = self._article(rng)
        path = f"/api/articles/{article.id}/highlights"
        await self._request(session, "GET /api/articles/{id}/highlights", "GET", path, (200,))

    # -- memory ----------------------------------------------------------------------------

    async def _record_rss(self) -> None:
        assert self.server_pid is not None
        sizes = await asyncio.to_thread(rss_by_process, self.server_pid)
        elapsed = round(time.monotonic() - self._started, 1)
        self.result.rss_series.append((elapsed, round(sum(sizes.values()), 1), len(sizes)))
        self.result.rss_by_pid.append({pid: round(mb, 1) for pid, mb in sizes.items()})

    async def _sample_rss(self) -> None:
        while True:
            await self._record_rss()
            await asyncio.sleep(self.rss_interval)


async def missing_highlights(url: str, token: str, live: dict[int, int]) -> list[int]:
    """Ids of acknowledged, never deleted highlights that the server no longer has."""
    by_article: dict[int, set[int]] = {}
    for highlight_id, article_id in live.items():
        by_article.setdefault(article_id, set()).add(highlight_id)
    missing: list[int] = []
    headers = {"Authorization": f"Bearer {token}"}
    async with aiohttp.ClientSession(headers=headers) as session:
        for article_id, expected in sorted(by_article.items()):
            async with session.get(f"{url}/api/articles/{article_id}/highlights") as response:
                response.raise_for_status()
                stored = {h["id"] for h in (await response.json())["highlights"]}
            missing.extend(sorted(expected - stored))
    return missing


def rss_growth(series: Sequence[tuple[float, float, int]], warmup: float) -> float | None:
    """Relative RSS growth after warm-up: median of the last ``warmup``-long window of samples
    over the median of the first window after warm-up (``None`` if too few samples)."""
    if not series:
        return None
    end_time = series[-1][0]
    after = [s for s in series if s[0] >= warmup]
    baseline = [mb for t, mb, _ in after if t < warmup * 2]
    final = [mb for t, mb, _ in after if t >= end_time - warmup]
    if len(baseline) < 2 or len(final) < 2 or end_time < warmup * 3:
        return None
    return statistics.median(final) / statistics.median(baseline) - 1


def rss_line(series: Sequence[tuple[float, float, int]], points: int = 21) -> str:
    """A compact time series: at most ``points`` evenly spaced ``m:ss MB`` samples."""
    if not series:
        return "(no samples)"
    step = max(1, round(len(series) / (points - 1)))
    chosen = list(series[::step])
    if chosen[-1] is not series[-1]:
        chosen.append(series[-1])
    return " ".join(f"{int(t) // 60}:{int(t) % 60:02d}={mb:.0f}" for t, mb, _ in chosen)


def rss_split(result: MixedResult, warmup: float) -> str:
    """The server's own RSS and its children's, at the end of warm-up and at the end."""
    if not result.rss_by_pid:
        return ""
    first = next(
        (n for n, (t, _, _) in enumerate(result.rss_series) if t >= warmup),
        len(result.rss_series) - 1,
    )

    def split(sample: dict[int, float]) -> str:
        server = sample.get(result.server_pid or -1, 0.0)
        children = sorted(mb for pid, mb in sample.items() if pid != result.server_pid)
        return f"server {server:.0f} + children {'/'.join(f'{mb:.0f}' for mb in children)}"

    return f"{split(result.rss_by_pid[first])} → {split(result.rss_by_pid[-1])} MB"


def print_mixed(result: MixedResult, warmup: float) -> None:
    print(
        f"mixed c={result.concurrency}: {result.requests} requests in {result.seconds:.0f} s"
        f" ({result.requests / max(result.seconds, 1e-9):.0f} req/s), errors={result.errors},"
        f" 503 busy (retried)={result.busy_503}, pages declined (422)={result.declined_422}"
    )
    print(f"  {'route':<36} {'n':>7} {'p50':>8} {'p95':>8} {'p99':>8} {'max':>8}  ms")
    for name, row in result.route_summary().items():
        print(
            f"  {name:<36} {row['n']:>7.0f} {row['p50']:>8.1f} {row['p95']:>8.1f}"
            f" {row['p99']:>8.1f} {row['max']:>8.1f}"
            + (f"  503={row['503']:.0f}" if row["503"] else "")
            + (f"  errors={row['errors']:.0f}" if row["errors"] else "")
        )
    print(
        f"  highlights: {result.highlights_acknowledged} acknowledged,"
        f" {result.highlights_deleted} deleted, {len(result.highlights_live)} live;"
        f" {result.articles_saved} saves acknowledged"
    )
    if result.rss_series:
        processes = sorted({n for _, _, n in result.rss_series})
        print(f"  RSS MB (server + workers, {'/'.join(map(str, processes))} processes):")
        print(f"    {rss_line(result.rss_series)}")
        print(f"    after warm-up → end: {rss_split(result, warmup)}")
        growth = rss_growth(result.rss_series, warmup)
        if growth is None:
            print(f"    growth after {warmup:.0f} s warm-up: run too short to judge")
        else:
            verdict = "flat" if growth <= 0.10 else "GROWING"
            print(f"    growth after {warmup:.0f} s warm-up: {growth * 100:+.1f} % ({verdict})")
    for sample in result.error_samples:
        print(f"  error: {sample}")
