"""Crash-safety run of ``readmode serve``: SIGKILL it at random moments while clients write.

Each cycle starts the real server on the same data dir, then

1. checks that it came back cleanly: ``/healthz`` answers, nothing new in its log looks like a
   traceback, and every highlight acknowledged (``201``) before any earlier kill is still there
   with the note it was saved with;
2. runs ``PRAGMA integrity_check`` on the database (read-only connection, beside the server);
3. lets 4 clients post highlights as fast as they can for a random 0.2–2 s, then SIGKILLs the
   server mid-write and waits for its extraction processes (forkserver and workers) to exit on
   their own — any still alive 10 s later is counted as an orphan (and killed).

After the last kill one more start does steps 1–2. Every number goes in the summary; the run
fails (exit 1) on any lost highlight, integrity failure, unclean start, orphan or unexpected
HTTP status.

    .venv/bin/python bench/crash.py --cycles 50
    .venv/bin/python bench/load.py --sigkill-cycles 50      # the same run
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import sqlite3
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
REPO_ROOT = BENCH_DIR.parent
# Run as a script, Python puts bench/ first on sys.path; import the bench package from the repo.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != BENCH_DIR]
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

import aiohttp  # noqa: E402
import psutil  # noqa: E402

from bench.serving import Server, percentile  # noqa: E402

WRITERS = 4
ORPHAN_GRACE = 10.0
"""Seconds the extraction processes get to notice the dead server and exit."""
HEALTHZ_TIMEOUT = 30.0
TRACEBACK_MARKERS = ("Traceback (most recent call last)", " ERROR ", "CRITICAL")


@dataclass
class CrashReport:
    cycles: int = 0
    acknowledged: int = 0
    """Highlights whose 201 arrived before a kill."""
    stored_at_end: int = 0
    lost: int = 0
    """Acknowledged highlights missing (or with another note) after a restart — must be 0."""
    integrity_failures: int = 0
    unclean_starts: int = 0
    """Restarts that did not answer /healthz, or logged an error or a traceback."""
    orphans: int = 0
    """Extraction processes still alive 10 s after their server was killed."""
    unexpected_statuses: dict[str, int] = field(default_factory=dict)
    writes_in_flight_at_kill: int = 0
    """Requests cut by the kill (no answer): these may or may not have been saved."""
    restart_ms: dict[str, float] = field(default_factory=dict)
    """Process start → first /healthz 200, over every start."""
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not (
            self.lost
            or self.integrity_failures
            or self.unclean_starts
            or self.orphans
            or self.unexpected_statuses
        )


def seed_article(data_dir: Path) -> tuple[int, dict[str, Any]]:
    """Save one article through the store; returns its id and a valid highlight body."""
    from readmode.config import database_path
    from readmode.extract import Article
    from readmode.store import SyncStore

    text = "\n\n".join(f"Paragraph {n}: the keeper counted the boats." for n in range(1, 6))
    article = Article(
        title="Crash test", byline=None, site_name=None, published=None, lang="en", dir="ltr",
        excerpt=None, lead_image_url=None, content_html="<p>x</p>", text=text, word_count=40,
        reading_minutes=1, url="https://example.com/crash",
    )  # fmt: skip
    with SyncStore.open(database_path(data_dir)) as store:
        saved, _ = store.save_article("https://example.com/crash", article)
    start = text.index("the keeper")
    highlight = {
        "article_id": saved["id"], "exact": "the keeper", "prefix": "", "suffix": "",
        "start": start, "end": start + len("the keeper"), "color": "green",
    }  # fmt: skip
    return int(saved["id"]), highlight


def integrity_check(database: Path) -> str:
    """``PRAGMA integrity_check`` over a read-only connection (it never checkpoints the WAL)."""
    uri = database.resolve().as_uri() + "?mode=ro"
    with contextlib.closing(sqlite3.connect(uri, uri=True, timeout=10)) as db:
        rows = db.execute("PRAGMA integrity_check").fetchall()
    return "\n".join(str(row[0]) for row in rows)


def wait_for_healthz(server: Server, started: float) -> float | None:
    """Milliseconds from ``started`` to the first 200 of /healthz, or None."""
    deadline = time.monotonic() + HEALTHZ_TIMEOUT
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{server.url}/healthz", timeout=1) as response:
                if response.status == 200:
                    return (time.perf_counter() - started) * 1000
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.02)
    return None


def new_log_problems(log: Path, offset: int) -> tuple[list[str], int]:
    """Error/traceback lines the server logged since ``offset``; and the new offset."""
    text = log.read_text(encoding="utf-8", errors="replace")
    lines = [
        line for line in text[offset:].splitlines() if any(m in line for m in TRACEBACK_MARKERS)
    ]
    return lines, len(text)


async def stored_notes(server: Server, token: str, article_id: int) -> dict[int, str]:
    headers = {"Authorization": f"Bearer {token}"}
    async with (
        aiohttp.ClientSession() as session,
        session.get(f"{server.url}/api/articles/{article_id}/highlights", headers=headers) as got,
    ):
        got.raise_for_status()
        return {h["id"]: h["note"] for h in (await got.json())["highlights"]}


async def write_until_killed(
    server: Server,
    token: str,
    highlight: dict[str, Any],
    kill_after: float,
    acknowledged: dict[int, str],
    report: CrashReport,
    cycle: int,
) -> None:
    """Post highlights from :data:`WRITERS` clients; SIGKILL the server after ``kill_after``."""
    headers = {"Authorization": f"Bearer {token}"}

    async def writer(session: aiohttp.ClientSession, number: int) -> None:
        count = 0
        while True:
            count += 1
            note = f"cycle {cycle} writer {number} #{count}"
            try:
                async with session.post(
                    f"{server.url}/api/highlights",
                    json={**highlight, "note": note},
                    headers=headers,
                ) as response:
                    if response.status == 201:
                        acknowledged[(await response.json())["id"]] = note
                    else:
                        key = str(response.status)
                        report.unexpected_statuses[key] = report.unexpected_statuses.get(key, 0) + 1
            except (aiohttp.ClientError, ConnectionError):
                report.writes_in_flight_at_kill += 1
                return  # the server is gone

    async with aiohttp.ClientSession() as session:
        tasks = [asyncio.create_task(writer(session, n)) for n in range(WRITERS)]
        await asyncio.sleep(kill_after)
        children = psutil.Process(server.pid).children(recursive=True)  # forkserver + workers
        await asyncio.to_thread(server.kill)
        await asyncio.wait_for(asyncio.gather(*tasks), 30)
    _, alive = await asyncio.to_thread(psutil.wait_procs, children, ORPHAN_GRACE)
    for process in alive:
        report.orphans += 1
        report.problems.append(f"cycle {cycle}: orphan process {process.pid} after the kill")
        with contextlib.suppress(psutil.NoSuchProcess):
            process.kill()


async def check_restart(
    server: Server,
    token: str,
    article_id: int,
    acknowledged: dict[int, str],
    report: CrashReport,
    restarts: list[float],
    log_offset: int,
    cycle: int,
) -> tuple[int, int]:
    """Start ``server`` and check it (steps 1–2); returns (highlights stored, new log offset)."""
    from readmode.config import database_path

    started = time.perf_counter()
    server.start()
    elapsed = await asyncio.to_thread(wait_for_healthz, server, started)
    problems, log_offset = new_log_problems(server.log, log_offset)
    if elapsed is None or problems:
        report.unclean_starts += 1
        report.problems.append(f"cycle {cycle}: unclean start {problems[:3] or 'no /healthz'}")
    if elapsed is not None:
        restarts.append(elapsed)
    notes = await stored_notes(server, token, article_id)
    lost = [i for i, note in acknowledged.items() if notes.get(i) != note]
    if lost:
        report.lost += len(lost)
        report.problems.append(f"cycle {cycle}: lost highlights {lost[:10]}")
        for highlight_id in lost:  # count each loss once
            del acknowledged[highlight_id]
    integrity = await asyncio.to_thread(integrity_check, database_path(server.data_dir))
    if integrity != "ok":
        report.integrity_failures += 1
        report.problems.append(f"cycle {cycle}: integrity_check: {integrity[:200]}")
    return len(notes), log_offset


async def crash_cycles(workdir: Path, cycles: int, workers: int, seed: int) -> CrashReport:
    """Run the whole crash-safety test in ``workdir``; see the module docstring."""
    from readmode.config import load_or_create_token

    data_dir = workdir / "crash-data"
    data_dir.mkdir(parents=True)
    article_id, highlight = seed_article(data_dir)
    log = workdir / "crash-serve.log"
    log.touch()
    rng = random.Random(seed)
    report = CrashReport(cycles=cycles)
    acknowledged: dict[int, str] = {}
    restarts: list[float] = []
    log_offset = 0
    token = load_or_create_token(data_dir)
    for cycle in range(1, cycles + 2):
        server = Server(data_dir, log, workers)
        try:
            stored, log_offset = await check_restart(
                server, token, article_id, acknowledged, report, restarts, log_offset, cycle
            )
            if cycle > cycles:  # the final start only checks
                report.stored_at_end = stored
                break
            await write_until_killed(
                server, token, highlight, rng.uniform(0.2, 2.0), acknowledged, report, cycle
            )
        finally:
            server.stop()  # no-op after the kill; stops the final (or a failed) start
        print(
            f"cycle {cycle:>3}/{cycles}: acknowledged {len(acknowledged):>6}"
            f"  lost {report.lost}  integrity failures {report.integrity_failures}"
            f"  orphans {report.orphans}",
            flush=True,
        )
    report.acknowledged = len(acknowledged) + report.lost
    report.restart_ms = {
        "p50": round(percentile(restarts, 0.5), 1),
        "max": round(max(restarts), 1) if restarts else float("nan"),
    }
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cycles", type=int, default=50, help="SIGKILL/restart cycles")
    parser.add_argument("--workers", type=int, default=1, help="server extraction processes")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", type=Path, help="write the summary here")
    args = parser.parse_args(argv)
    if not 1 <= args.cycles <= 1000:
        parser.error("--cycles must be between 1 and 1000")
    with tempfile.TemporaryDirectory(prefix="readmode-crash-") as tmp:
        report = asyncio.run(crash_cycles(Path(tmp), args.cycles, max(1, args.workers), args.seed))
    summary = asdict(report)
    print(json.dumps(summary, indent=2))
    if args.json:
        args.json.write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    return 0 if report.ok else 1


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    sys.exit(main())
