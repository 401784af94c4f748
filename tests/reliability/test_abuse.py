"""A flood of requests the server must refuse does not crowd out the real user.

The CI-safe form of ``bench/load.py --abuse`` (10,000 bad requests; target: the legitimate
client's median latency at most 2x its median alone): 1,000 bad requests from 16 clients in
another process — a foreign Host, a web page's Origin, no token, a wrong token, a wrong token
on a POST with a body — each refused with the right status and the JSON error shape, while
the legitimate client's median latency stays under 3x its median alone (the looser bound
leaves room for a busy CI machine; medians of hundreds of samples, measured before, during and
after, keep it stable).

Why it holds: refusals are answered in the first middleware, before any body is read, and
refusals beyond a burst allowance are held back (``readmode.web.throttle``), so a client that
waits for its answers cannot keep the event loop busy.
"""

from __future__ import annotations

import sys
from pathlib import Path

from readmode.web.app import create_app
from readmode.web.config import ServerConfig
from readmode.web.keys import REFUSALS
from readmode.web.throttle import RefusalThrottle
from web.helpers import AUTH, TOKEN, ClientFactory
from web.server_process import ServerProcess

REPO_ROOT = Path(__file__).resolve().parents[2]
if str(REPO_ROOT) not in sys.path:  # bench/ is not installed; the bench tests do the same
    sys.path.insert(0, str(REPO_ROOT))

from bench.abuse import BAD_KINDS, measure  # noqa: E402
from bench.mixed import MixedTraffic  # noqa: E402

from .load_pages import generated_pages  # noqa: E402

BAD_REQUESTS = 1000
SLOWDOWN_LIMIT = 3.0
"""CI-safe bound on (median during the burst) / (median alone); the benchmark's target is 2."""


async def test_a_burst_of_bad_requests_is_refused_without_slowing_the_user(
    tmp_path: Path,
) -> None:
    with ServerProcess(tmp_path / "data", workers=1) as server:
        token = (tmp_path / "data" / "token").read_text(encoding="ascii").strip()
        # Something to list and to search: a few articles with highlights.
        seed = MixedTraffic(server.url, token, generated_pages(4), concurrency=4, duration=3)
        seeded = await seed.run()
        assert seeded.errors == 0, seeded.error_samples
        result = await measure(
            server.url,
            token,
            count=BAD_REQUESTS,
            concurrency=16,
            alone_samples=300,
            words=sorted(set(seed.vocabulary)),
        )

    burst = result.burst
    assert burst.wrong == [], burst.wrong
    assert burst.rejected_as_expected == BAD_REQUESTS
    assert set(burst.by_kind) == set(BAD_KINDS)
    assert result.legit_failures == []
    assert result.samples_during >= 20, "the legitimate client ran during the burst"
    for route, slowdown in result.slowdown().items():
        assert slowdown < SLOWDOWN_LIMIT, (route, result.alone_ms, result.during_ms)


def test_refusals_beyond_the_allowance_are_delayed() -> None:
    now = [0.0]
    throttle = RefusalThrottle(burst=3, rate=2, delay=0.05, clock=lambda: now[0])
    assert [throttle.delay() for _ in range(4)] == [0, 0, 0, 0.05]
    now[0] += 1.0  # two more refusals' worth of allowance
    assert [throttle.delay() for _ in range(3)] == [0, 0, 0.05]
    now[0] += 100.0  # never more than the burst
    assert [throttle.delay() for _ in range(4)] == [0, 0, 0, 0.05]
    assert throttle.delayed == 3


async def test_the_guard_throttles_refusals_only(
    aiohttp_client: ClientFactory, tmp_path: Path
) -> None:
    config = ServerConfig(data_dir=tmp_path / "data", workers=1, prewarm=False, token=TOKEN)
    client = await aiohttp_client(create_app(config))
    throttle = client.app[REFUSALS]
    throttle.burst, throttle.rate = 2, 0  # a tiny allowance that never refills

    for _ in range(5):  # allowed requests never use up the allowance
        response = await client.get("/api/articles", headers=AUTH)
        assert response.status == 200
    bad = (
        {"Authorization": "Bearer wrong"},
        {"Host": "evil.example"},
        {"Origin": "https://evil.example", **AUTH},
        {},
    )
    statuses = []
    for headers in bad:
        response = await client.get("/api/articles", headers=headers)
        statuses.append(response.status)
        assert (await response.json())["error"]["status"] == response.status
    assert statuses == [401, 400, 403, 401]
    assert throttle.delayed == 2  # the third and fourth refusal waited
    response = await client.get("/api/articles", headers=AUTH)
    assert response.status == 200
    assert throttle.delayed == 2
