"""A short form of the soak (``bench/load.py --soak``): mixed traffic against the real server.

Eight clients save pages, add, edit and delete highlights, search and read for a few seconds
against ``readmode serve`` in its own process. Every answer must be the expected one (a
``503 busy`` is allowed: it is the designed back-pressure answer, and the client retries it
after ``Retry-After``), and every highlight the server acknowledged and nobody deleted must
still be there at the end.
"""

from __future__ import annotations

import sys
from pathlib import Path

from web.server_process import ServerProcess

REPO_ROOT = Path(__file__).resolve().parents[2]
if str(REPO_ROOT) not in sys.path:  # bench/ is not installed; the bench tests do the same
    sys.path.insert(0, str(REPO_ROOT))

from bench.mixed import OPERATIONS, MixedTraffic, missing_highlights  # noqa: E402

from .load_pages import generated_pages  # noqa: E402

DURATION = 10.0
CONCURRENCY = 8


async def test_mixed_traffic_gives_no_errors_and_loses_no_highlight(tmp_path: Path) -> None:
    with ServerProcess(tmp_path / "data", workers=1) as server:
        token = (tmp_path / "data" / "token").read_text(encoding="ascii").strip()
        traffic = MixedTraffic(
            server.url,
            token,
            generated_pages(6),
            concurrency=CONCURRENCY,
            duration=DURATION,
            server_pid=server.pid,
            rss_interval=1.0,
        )
        result = await traffic.run()
        missing = await missing_highlights(server.url, token, result.highlights_live)

    assert result.errors == 0, result.error_samples
    assert result.declined_422 == 0  # every generated page is an article
    # The run did real work on every route (tens of requests per second even on a slow CI box).
    assert result.requests >= 100
    assert len(result.routes) == len(OPERATIONS)
    assert all(stats.latencies_ms for stats in result.routes.values())
    assert result.highlights_acknowledged > 0
    assert result.highlights_deleted > 0
    assert missing == []
    assert result.rss_series, "the server's memory was sampled"
