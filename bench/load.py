"""Load benchmark of ``readmode serve``: save corpus pages over HTTP at several concurrencies.

Starts the real server (a subprocess on a free loopback port, with a throw-away data dir and
token), then for each concurrency level posts ScrapingHub pages to ``POST /api/articles`` from
that many clients for ``--duration`` seconds or ``--requests`` requests, whichever ends first.
Meanwhile a side task polls ``/healthz`` (is the event loop still responsive while pages are
being read?) and another samples the resident memory of the server and its extraction workers.

Reported per level: latency p50/p95/p99, throughput, errors, 503 ``busy`` answers (retried
after ``Retry-After``, counted apart), pages the extractor declined (422), /healthz p99, peak
RSS. At concurrency 1 it also reports the server's overhead: latency minus the time the same
page takes to extract in-process (measured first, sequentially, before the server starts).

Targets: overhead p50 ≤ 5 ms at concurrency 1; 0 errors at 16; /healthz p99 < 50 ms.

Two more modes replace the levels (``bench/mixed.py`` and ``bench/abuse.py`` say how they work):

* ``--soak [MINUTES]`` (default 10): mixed traffic at concurrency 32 — saves, highlight
  creates/edits/deletes, searches, reads. Reports errors (must be 0; retried 503s apart),
  p50/p95/p99 per route, every acknowledged highlight still stored at the end, and the RSS of the
  server and its workers every ``--rss-interval`` seconds, with its growth after the first
  minute (target ≤ 10 %).
* ``--abuse [N]`` (default 10000): N requests with a bad Host, a web Origin or a missing/wrong
  token from 16 clients in another process, while a legitimate client measures
  ``GET /api/articles`` and ``/api/search`` latency; target: its median ≤ 2x its median alone.

    .venv/bin/python bench/load.py                          # corpus from ../shared/corpus
    .venv/bin/python bench/load.py --concurrency 1,4,16 --duration 20 --requests 300
    .venv/bin/python bench/load.py --sigkill-cycles 50      # = bench/crash.py --cycles 50
    .venv/bin/python bench/load.py --soak                   # 10 minutes of mixed traffic
    .venv/bin/python bench/load.py --soak 1 --concurrency 8 # a quick look
    .venv/bin/python bench/load.py --abuse                  # 10,000 bad requests
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import http.client
import json
import os
import random
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
REPO_ROOT = BENCH_DIR.parent
DEFAULT_CORPUS = REPO_ROOT.parent / "shared" / "corpus" / "scrapinghub-dev"

# Run as a script, Python puts bench/ first on sys.path; import the bench package from the repo.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != BENCH_DIR]
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

import aiohttp  # noqa: E402

from bench.abuse import measure as measure_abuse  # noqa: E402
from bench.abuse import print_abuse  # noqa: E402
from bench.corpus import Page, scrapinghub_pages  # noqa: E402
from bench.mixed import (  # noqa: E402
    MixedTraffic,
    PageSource,
    missing_highlights,
    print_mixed,
    rss_growth,
)
from bench.serving import Server, percentile, sample_rss, summary, token_of  # noqa: E402

HEALTH_INTERVAL = 0.05
RSS_INTERVAL = 0.1
MAX_RETRIES_PER_REQUEST = 50


@dataclass
class Body:
    page: Page
    data: bytes
    extract_ms: float | None = None  # in-process extraction time of this page


@dataclass
class LevelResult:
    concurrency: int
    requests: int = 0
    ok: int = 0
    not_readable: int = 0
    busy_503: int = 0
    errors: int = 0
    error_samples: list[str] = field(default_factory=list)
    seconds: float = 0.0
    latency_ms: dict[str, float] = field(default_factory=dict)
    overhead_ms: dict[str, float] = field(default_factory=dict)
    throughput_rps: float = 0.0
    healthz_ms: dict[str, float] = field(default_factory=dict)
    healthz_failures: int = 0
    peak_rss_mb: float = 0.0


def measure_extraction(bodies: list[Body]) -> None:
    """Time every page in this process, sequentially (a warm-up page first, untimed)."""
    from readmode.extract import NotReadable, extract

    pages = [(b, b.page.read_html()) for b in bodies]
    warm_up, warm_up_html = pages[0]
    with contextlib.suppress(NotReadable):
        extract(warm_up_html, warm_up.page.url or None)
    for body, html in pages:
        started = time.perf_counter()
        with contextlib.suppress(NotReadable):
            extract(html, body.page.url or None)
        body.extract_ms = (time.perf_counter() - started) * 1000


async def run_level(
    server: Server, token: str, bodies: list[Body], concurrency: int, duration: float, limit: int
) -> LevelResult:
    result = LevelResult(concurrency)
    latencies: list[float] = []
    overheads: list[float] = []
    health: list[float] = []
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    next_index = 0
    stop_at = time.monotonic() + duration
    done = asyncio.Event()
    peak_rss = 0.0

    def take() -> Body | None:
        nonlocal next_index
        if result.requests >= limit or time.monotonic() >= stop_at:
            return None
        result.requests += 1
        body = bodies[next_index % len(bodies)]
        next_index += 1
        return body

    async def client(session: aiohttp.ClientSession) -> None:
        while (body := take()) is not None:
            for _attempt in range(MAX_RETRIES_PER_REQUEST):
                started = time.perf_counter()
                try:
                    async with session.post(
                        f"{server.url}/api/articles", data=body.data, headers=headers
                    ) as response:
                        await response.read()
                        status = response.status
                        retry_after = response.headers.get("Retry-After", "1")
                except (aiohttp.ClientError, TimeoutError) as error:
                    result.errors += 1
                    if len(result.error_samples) < 5:
                        result.error_samples.append(f"{body.page.id}: {error!r}")
                    break
                elapsed = (time.perf_counter() - started) * 1000
                if status == 503:
                    result.busy_503 += 1
                    await asyncio.sleep(min(float(retry_after), 5.0) * random.uniform(0.5, 1.0))
                    continue
                latencies.append(elapsed)
                if status in (200, 201):
                    result.ok += 1
                    if concurrency == 1 and body.extract_ms is not None:
                        overheads.append(elapsed - body.extract_ms)
                elif status == 422:
                    result.not_readable += 1
                else:
                    result.errors += 1
                    if len(result.error_samples) < 5:
                        result.error_samples.append(f"{body.page.id}: HTTP {status}")
                break

    def poll_health() -> None:
        # A thread with its own blocking connection: the clients' event loop (busy with 16
        # uploads) must not add its own delays to the server's /healthz latency.
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
        try:
            while not stop_health.is_set():
                started = time.perf_counter()
                try:
                    connection.request("GET", "/healthz")
                    response = connection.getresponse()
                    response.read()
                    if response.status != 200:
                        result.healthz_failures += 1
                except (OSError, http.client.HTTPException):
                    result.healthz_failures += 1
                    connection.close()
                health.append((time.perf_counter() - started) * 1000)
                stop_health.wait(HEALTH_INTERVAL)
        finally:
            connection.close()

    async def poll_rss() -> None:
        nonlocal peak_rss
        while not done.is_set():
            peak_rss = max(peak_rss, await asyncio.to_thread(sample_rss, server.pid))
            await asyncio.sleep(RSS_INTERVAL)

    timeout = aiohttp.ClientTimeout(total=120)
    stop_health = threading.Event()
    health_thread = threading.Thread(target=poll_health, daemon=True)
    async with aiohttp.ClientSession(timeout=timeout) as session:
        rss_task = asyncio.create_task(poll_rss())
        health_thread.start()
        started = time.perf_counter()
        await asyncio.gather(*(client(session) for _ in range(concurrency)))
        result.seconds = round(time.perf_counter() - started, 2)
        done.set()
        stop_health.set()
        await rss_task
        await asyncio.to_thread(health_thread.join)

    result.latency_ms = summary(latencies)
    result.overhead_ms = summary(overheads) if overheads else {}
    result.throughput_rps = round(len(latencies) / result.seconds, 2) if result.seconds else 0.0
    result.healthz_ms = summary(health)
    result.peak_rss_mb = round(peak_rss, 1)
    return result


def print_level(level: LevelResult) -> None:
    lat, hz = level.latency_ms, level.healthz_ms
    print(
        f"c={level.concurrency:<3} n={level.requests:<4} ok={level.ok:<4}"
        f" 422={level.not_readable:<3} 503={level.busy_503:<4} errors={level.errors:<3}"
        f" p50={lat['p50']:.1f} p95={lat['p95']:.1f} p99={lat['p99']:.1f} ms"
        f"  {level.throughput_rps:.1f} req/s  healthz p99={hz['p99']:.1f} ms"
        f"  peak RSS={level.peak_rss_mb:.0f} MB"
    )
    if level.overhead_ms:
        print(
            f"      server overhead vs in-process extraction: p50={level.overhead_ms['p50']:.1f} ms"
        )
    for sample in level.error_samples:
        print(f"      error: {sample}")


def parse_levels(text: str) -> list[int]:
    levels = [int(part) for part in text.split(",") if part.strip()]
    if not levels or any(level < 1 or level > 256 for level in levels):
        raise argparse.ArgumentTypeError("concurrency levels are integers between 1 and 256")
    return levels


def corpus_sources(corpus: Path, limit: int) -> list[PageSource]:
    pages = scrapinghub_pages(corpus)[: limit or None]
    return [
        PageSource.of(page.url or f"https://example.com/{page.id}", page.read_html())
        for page in pages
    ]


def soak(args: argparse.Namespace, workdir: Path) -> dict[str, Any]:
    """``--soak``: mixed traffic for ``args.soak`` minutes; the numbers, printed and returned."""
    sources = corpus_sources(args.corpus, args.limit)
    concurrency = args.concurrency[0] if args.concurrency else 32
    duration = args.soak * 60
    warmup = min(60.0, duration / 5)
    print(f"soak: {len(sources)} pages, concurrency {concurrency}, {duration:.0f} s")
    data_dir = workdir / "data"
    with Server(data_dir, workdir / "serve.log", args.workers) as server:
        token = token_of(data_dir)
        traffic = MixedTraffic(
            server.url, token, sources, concurrency=concurrency, duration=duration,
            server_pid=server.pid, rss_interval=args.rss_interval, seed=args.seed,
        )  # fmt: skip
        result = asyncio.run(traffic.run())
        missing = asyncio.run(missing_highlights(server.url, token, result.highlights_live))
    print_mixed(result, warmup)
    print(f"  acknowledged highlights missing at the end: {len(missing)}")
    growth = rss_growth(result.rss_series, warmup)
    return {**result.to_dict(), "missing_highlights": missing, "rss_growth": growth}


def abuse(args: argparse.Namespace, workdir: Path) -> dict[str, Any]:
    """``--abuse``: legit latency alone vs during a burst of bad requests (after a short
    mixed-traffic run, so that there are articles to list and highlights to search)."""
    sources = corpus_sources(args.corpus, args.limit or 20)
    data_dir = workdir / "data"
    with Server(data_dir, workdir / "serve.log", args.workers) as server:
        token = token_of(data_dir)
        seed = MixedTraffic(server.url, token, sources, concurrency=8, duration=20, seed=args.seed)
        seeded = asyncio.run(seed.run())
        print(
            f"seeded: {seeded.articles_saved} saves, {len(seeded.highlights_live)} highlights,"
            f" {seeded.errors} errors"
        )
        concurrency = args.concurrency[0] if args.concurrency else 16
        words = sorted(set(seed.vocabulary))
        result = asyncio.run(
            measure_abuse(server.url, token, count=args.abuse, concurrency=concurrency, words=words)
        )
    print_abuse(result)
    return {
        "burst": asdict(result.burst),
        "alone_ms": result.alone_ms,
        "during_ms": result.during_ms,
        "slowdown": result.slowdown(),
        "legit_failures": result.legit_failures,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="scrapinghub-dev dir")
    parser.add_argument(
        "--concurrency",
        type=parse_levels,
        help="levels (default 1,4,16); with --soak: clients (32); with --abuse: bad clients (16)",
    )
    parser.add_argument("--duration", type=float, default=15.0, help="seconds per level (max)")
    parser.add_argument("--requests", type=int, default=200, help="requests per level (max)")
    parser.add_argument("--workers", type=int, default=0, help="server extraction processes")
    parser.add_argument("--limit", type=int, default=0, help="use only the first N pages")
    parser.add_argument(
        "--sigkill-cycles",
        type=int,
        default=0,
        help="run N SIGKILL/restart cycles of the crash test instead of the load levels",
    )
    parser.add_argument(
        "--soak",
        type=float,
        nargs="?",
        const=10.0,
        metavar="MINUTES",
        help="run mixed traffic for MINUTES (default 10) instead of the load levels",
    )
    parser.add_argument(
        "--rss-interval", type=float, default=5.0, help="seconds between RSS samples (--soak)"
    )
    parser.add_argument(
        "--abuse",
        type=int,
        nargs="?",
        const=10_000,
        metavar="N",
        help="send N bad requests (default 10000) and measure a legit client meanwhile",
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", type=Path, help="write all numbers here")
    args = parser.parse_args(argv)
    if not 0 < args.duration <= 600 or not 0 < args.requests <= 100_000:
        parser.error("--duration must be in (0, 600] and --requests in (0, 100000]")
    if args.soak is not None and not 0 < args.soak <= 120:
        parser.error("--soak must be between 0 and 120 minutes")
    if args.abuse is not None and not 0 < args.abuse <= 1_000_000:
        parser.error("--abuse must be between 1 and 1000000 requests")

    report: dict[str, Any] = {"levels": []}
    with tempfile.TemporaryDirectory(prefix="readmode-load-") as tmp:
        workdir = Path(tmp)
        if args.soak is not None:
            report["soak"] = soak(args, workdir)
        elif args.abuse is not None:
            report["abuse"] = abuse(args, workdir)
        elif args.sigkill_cycles:
            # The crash-safety run lives in bench/crash.py (same Server, from bench/serving.py).
            from bench.crash import crash_cycles

            crash = asyncio.run(
                crash_cycles(workdir, args.sigkill_cycles, max(1, args.workers), args.seed)
            )
            print(f"sigkill: {asdict(crash)}")
            report["sigkill"] = asdict(crash)
        else:
            pages = scrapinghub_pages(args.corpus)
            if args.limit:
                pages = pages[: args.limit]
            bodies = []
            for page in pages:
                url = page.url or f"https://example.com/{page.id}"
                data = json.dumps({"url": url, "html": page.read_html()}).encode()
                bodies.append(Body(page, data))
            print(f"{len(bodies)} pages, {sum(len(b.data) for b in bodies) / 1e6:.1f} MB of JSON")
            measure_extraction(bodies)
            extract_times = [b.extract_ms for b in bodies if b.extract_ms is not None]
            print(f"in-process extraction: p50={percentile(extract_times, 0.5):.1f} ms")
            report["extract_ms"] = summary(extract_times)
            data_dir = workdir / "data"
            server = Server(data_dir, workdir / "serve.log", args.workers).start()
            try:
                token = token_of(data_dir)
                for concurrency in args.concurrency or [1, 4, 16]:
                    level = asyncio.run(
                        run_level(server, token, bodies, concurrency, args.duration, args.requests)
                    )
                    print_level(level)
                    report["levels"].append(asdict(level))
            finally:
                server.stop()
        if args.json:
            args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    sys.exit(main())
