"""schemathesis against the real ``readmode serve``, driven by its own ``/api/openapi.json``.

Every operation of the document is fuzzed (positive and negative data, the coverage phase's
boundary values, then a short stateful run that follows the document's links: save an article
→ read, highlight, delete it ...). The checks: no 5xx, every status code is one the document
lists for that operation, every Content-Type is a documented one, every body matches its schema.

The server is a real subprocess on a free loopback port with a temporary data directory, run
with ``--debug`` so that it also checks each response against its own schema (a violation is a
500, which ``not_a_server_error`` reports). The seed is fixed so that CI is reproducible; the long
form, ``bench/fuzz_api.py``, runs many more examples with a fresh seed each time.

The end also holds the regression tests of the bugs this fuzzing found.
"""

from __future__ import annotations

import copy
import itertools
import json
import re
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from readmode.config import load_or_create_token
from readmode.extract import Article
from readmode.store import InvalidInput, SyncStore
from readmode.web.app import create_app
from readmode.web.config import ServerConfig
from readmode.web.openapi_doc import build_openapi
from readmode.web.schemas import SchemaSet
from web.server_process import Server

FUZZ_CHECKS = (
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_schema_conformance",
)
MAX_EXAMPLES = 30
"""Per operation and generation mode: about 20 s for the 17 operations on a shared 2-core box."""
SEED = 20261128

ARTICLE_PAGE = (
    "<!doctype html><html lang='en'><head><title>The Quiet Harbour</title></head><body>"
    "<article><h1>The Quiet Harbour</h1>"
    + "".join(
        f"<p>Paragraph {n}: the harbour was quiet that morning, and the keeper of the lighthouse"
        " walked down to the water to count the fishing boats rocking against the quay.</p>"
        for n in range(1, 9)
    )
    + "</article></body></html>"
)


@dataclass(frozen=True)
class LiveServer:
    url: str
    token: str
    log: Path

    @property
    def auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}

    def request(
        self, method: str, path: str, body: Any = None, *, timeout: float = 30
    ) -> tuple[int, str, Any]:
        """``(status, content_type, decoded JSON or text)``; errors are answers too."""
        headers = dict(self.auth)
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        request = urllib.request.Request(self.url + path, data, headers, method=method)
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                status, content_type, raw = response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            status, content_type, raw = error.code, error.headers, error.read()
        kind = content_type.get_content_type()
        text = raw.decode("utf-8")
        return status, kind, json.loads(text) if kind == "application/json" and text else text


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """``readmode serve --debug`` on a free port, seeded with one article and one highlight
    (id 1 of each: the coverage phase tries the smallest id, so it meets real resources)."""
    workdir = tmp_path_factory.mktemp("fuzz-server")
    data_dir = workdir / "data"
    token = load_or_create_token(data_dir)
    log = workdir / "serve.log"
    process = Server(data_dir, log, debug=True).start()
    server = LiveServer(process.url, token, log)
    try:
        _seed(server)
        yield server
    finally:
        process.stop()


def _seed(server: LiveServer) -> None:
    status, _, article = server.request(
        "POST", "/api/articles", {"url": "https://example.com/harbour", "html": ARTICLE_PAGE}
    )
    assert status == 201, article
    exact = "the keeper of the lighthouse"
    start = article["text"].index(exact)
    highlight = {
        "article_id": article["id"], "exact": exact, "prefix": "", "suffix": "",
        "start": start, "end": start + len(exact), "color": "green", "tags": ["sea"],
    }  # fmt: skip
    status, _, created = server.request("POST", "/api/highlights", highlight)
    assert status == 201, created


def fuzz_config(*, max_examples: int, seed: int | None) -> schemathesis.Config:
    """The checks above, bounded examples; every generation mode (valid and invalid data)."""
    options: dict[str, Any] = {
        "checks": {"enabled": False, **{name: {"enabled": True} for name in FUZZ_CHECKS}},
        "generation": {"max-examples": max_examples, "mode": "all", "database": "none"},
    }
    if seed is not None:
        options["seed"] = seed
    return schemathesis.Config.from_dict(options)


# The document the server serves is build_openapi(SchemaSet()) (test_the_document_is_the_served_one
# checks it): building it here lets schemathesis make one test per operation at collection time,
# before the server runs. (Its lazy loader, ``from_fixture``, does not work with pytest 9.2.)
DOCUMENT = build_openapi(SchemaSet())
schema = schemathesis.openapi.from_dict(
    copy.deepcopy(DOCUMENT),  # schemathesis changes the dict it is given
    config=fuzz_config(max_examples=MAX_EXAMPLES, seed=SEED),
)


@pytest.mark.slow
@schema.parametrize()
@settings(deadline=None, suppress_health_check=list(HealthCheck))
def test_every_operation_answers_as_documented(
    case: schemathesis.Case, live_server: LiveServer
) -> None:
    case.call_and_validate(base_url=live_server.url, headers=live_server.auth, timeout=60)


@pytest.mark.slow
def test_stateful_sequences_answer_as_documented(live_server: LiveServer) -> None:
    """Chains that follow the document's links: ids the server returns feed the next call.

    Run through schemathesis' own runner (its command line): driven from pytest, its state
    machine draws its next step from what the server answered, which hypothesis reports as a
    flaky strategy whenever a replay meets a different server state.
    """
    command = [
        sys.executable, "-m", "schemathesis.cli", "run", f"{live_server.url}/api/openapi.json",
        "--header", f"Authorization: Bearer {live_server.token}",
        "--checks", ",".join(FUZZ_CHECKS), "--phases", "stateful", "--max-examples", "25",
        "--seed", str(SEED), "--workers", "1", "--request-timeout", "60", "--no-color",
    ]  # fmt: skip
    run = subprocess.run(command, capture_output=True, text=True, timeout=100, check=False)
    output = run.stdout.replace(live_server.token, "[token]")
    assert run.returncode == 0, output[-20_000:]
    assert re.search(r"Scenarios:\s+[1-9]", output), output[-5_000:]


def test_the_document_is_the_served_one(live_server: LiveServer) -> None:
    assert live_server.request("GET", "/api/openapi.json")[2] == DOCUMENT


LOG_RECORD = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} ", re.MULTILINE)


def test_the_server_logged_no_traceback(live_server: LiveServer) -> None:
    """Runs after the fuzzing (file order): nothing the fuzzer sent may crash a handler, even
    where the client got a clean answer. Requests aiohttp's HTTP parser refuses before the app
    sees them (schemathesis probes with a NUL byte in a header) log a traceback too: not ours."""
    log = live_server.log.read_text(errors="replace")
    starts = [match.start() for match in LOG_RECORD.finditer(log)] + [len(log)]
    records = [log[a:b] for a, b in itertools.pairwise(starts)]
    crashes = [r for r in records if "Traceback" in r and "aiohttp.http_exceptions" not in r]
    assert crashes == []


def test_every_api_route_is_in_the_document(live_server: LiveServer, tmp_path: Path) -> None:
    """So the fuzzing above covers every route: a new route must be documented to pass."""
    app = create_app(ServerConfig(data_dir=tmp_path, token="unused", prewarm=False))
    routes = {
        (route.method.lower(), route.resource.canonical)
        for route in app.router.routes()
        if route.resource is not None
        and route.method != "HEAD"  # added by aiohttp for every GET
        and (route.resource.canonical.startswith("/api/") or route.resource.canonical == "/healthz")
    }
    _, _, document = live_server.request("GET", "/api/openapi.json")
    documented = {
        (method, path) for path, operations in document["paths"].items() for method in operations
    }
    assert routes == documented


# --- regression tests for what the fuzzing found ----------------------------------------------


def test_long_url_filter_is_answered_in_json(live_server: LiveServer) -> None:
    """A URL of 8192 four-byte characters is 98 KiB once percent-encoded: aiohttp's parser used
    to refuse the request line (over 8190 bytes) with a plain-text 400."""
    query = urllib.parse.urlencode({"url": "https://example.com/" + "😀" * 8172})
    status, content_type, body = live_server.request("GET", f"/api/articles?{query}")
    assert (status, content_type) == (200, "application/json")
    assert body == {"total": 0, "articles": []}


HUGE_HIGHLIGHT = {"exact": "x", "start": 2**64, "end": 2**64}


@pytest.mark.parametrize(
    ("article", "field"),
    [
        ({"word_count": 10**22}, "/articles/0/word_count"),
        ({"reading_minutes": 2**63}, "/articles/0/reading_minutes"),
        ({"highlights": [HUGE_HIGHLIGHT]}, "/articles/0/highlights/0/start"),
    ],
)
def test_import_of_huge_numbers_is_a_400(
    live_server: LiveServer, article: dict[str, Any], field: str
) -> None:
    """They used to reach SQLite and fail there with an OverflowError: a 500."""
    document = {
        "format": "readmode-export",
        "version": 1,
        "articles": [{"url": "https://example.com/huge", **article}],
    }
    status, _, body = live_server.request("POST", "/api/import", document)
    assert status == 400, body
    assert body["error"]["field"] == field


@pytest.mark.parametrize(
    "article",
    [{"word_count": 10**22}, {"reading_minutes": -1}, {"highlights": [HUGE_HIGHLIGHT]}],
)
def test_store_import_rejects_numbers_sqlite_cannot_hold(
    tmp_path: Path, article: dict[str, Any]
) -> None:
    """The store is also used without the web layer's schema check (CLI, tests): same rule."""
    document = {
        "format": "readmode-export",
        "version": 1,
        "articles": [{"url": "https://example.com/a", **article}],
    }
    with SyncStore.open(tmp_path / "readmode.db") as store:
        with pytest.raises(InvalidInput):
            store.import_json(document)
        assert store.list_articles(limit=10, offset=0)[0] == 0  # nothing half-imported


def test_store_rejects_highlight_offsets_sqlite_cannot_hold(tmp_path: Path) -> None:
    text = "The keeper counted the boats."
    article = Article(
        title="T", byline=None, site_name=None, published=None, lang="en", dir="ltr",
        excerpt=None, lead_image_url=None, content_html=f"<p>{text}</p>", text=text,
        word_count=5, reading_minutes=1, url=None,
    )  # fmt: skip
    with SyncStore.open(tmp_path / "readmode.db") as store:
        saved, _ = store.save_article("https://example.com/keeper", article)
        quote = {"article_id": saved["id"], "exact": "keeper", "start": 2**64, "end": 2**64 + 6}
        with pytest.raises(InvalidInput) as error:
            store.add_highlight(quote)
        assert error.value.field == "/start"
