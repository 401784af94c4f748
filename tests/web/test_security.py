"""Host, Origin, token and header rules (api.md "Auth & security")."""

from __future__ import annotations

import pytest
from readmode.web.schemas import SchemaSet

from .helpers import AUTH, EXTENSION_ORIGIN, TOKEN, Client, check

pytestmark = pytest.mark.usefixtures("schemas")


async def test_healthz_needs_no_token(client: Client, schemas: SchemaSet) -> None:
    data = await check(await client.get("/healthz"), 200, schemas, "health")
    assert data == {"status": "ok", "version": "0.1.0"}


async def test_ping_checks_the_token(client: Client, schemas: SchemaSet) -> None:
    await check(await client.get("/api/ping", headers=AUTH), 200, schemas, "ping")
    missing = await check(await client.get("/api/ping"), 401, schemas)
    assert missing["error"]["code"] == "unauthorized"
    wrong = await client.get("/api/ping", headers={"Authorization": f"Bearer {TOKEN}x"})
    await check(wrong, 401, schemas)
    assert wrong.headers["WWW-Authenticate"].startswith("Bearer")
    basic = await client.get("/api/ping", headers={"Authorization": f"Basic {TOKEN}"})
    await check(basic, 401, schemas)


@pytest.mark.parametrize(
    "path", ["/api/articles", "/api/search?q=x", "/api/export", "/api/openapi.json", "/api/nope"]
)
async def test_every_api_route_needs_the_token(
    client: Client, schemas: SchemaSet, path: str
) -> None:
    await check(await client.get(path), 401, schemas)


async def test_non_ascii_token_is_a_401_not_a_crash(client: Client, schemas: SchemaSet) -> None:
    headers = {"Authorization": "Bearer jeton-été-☃"}
    await check(await client.get("/api/ping", headers=headers), 401, schemas)


@pytest.mark.parametrize(
    "host", ["evil.example", "evil.example:{port}", "127.0.0.1:1", "localhost", "127.0.0.2:{port}"]
)
async def test_foreign_host_header_is_refused(
    client: Client, schemas: SchemaSet, host: str
) -> None:
    # DNS rebinding: a page on evil.example that resolves to 127.0.0.1 still says its name.
    headers = {"Host": host.format(port=client.port), **AUTH}
    data = await check(await client.get("/healthz", headers=headers), 400, schemas)
    assert data["error"]["code"] == "bad_host"


@pytest.mark.parametrize("name", ["127.0.0.1", "localhost", "LOCALHOST", "[::1]"])
async def test_loopback_host_names_are_accepted(
    client: Client, schemas: SchemaSet, name: str
) -> None:
    headers = {"Host": f"{name}:{client.port}"}
    await check(await client.get("/healthz", headers=headers), 200, schemas, "health")


async def test_allow_remote_accepts_the_configured_host(make_client, schemas: SchemaSet) -> None:  # type: ignore[no-untyped-def]
    client = await make_client(allow_remote=True, host="192.0.2.7")
    headers = {"Host": f"192.0.2.7:{client.port}"}
    await check(await client.get("/healthz", headers=headers), 200, schemas, "health")
    other = {"Host": f"192.0.2.8:{client.port}"}
    await check(await client.get("/healthz", headers=other), 400, schemas)


@pytest.mark.parametrize(
    "origin", ["https://evil.example", "null", "http://127.0.0.1:1", "chrome-extension://"]
)
async def test_web_origins_are_forbidden_everywhere(
    client: Client, schemas: SchemaSet, origin: str
) -> None:
    for method, path in [
        ("GET", "/healthz"),
        ("GET", "/api/ping"),
        ("POST", "/login"),
        ("GET", "/"),
    ]:
        response = await client.request(method, path, headers={"Origin": origin, **AUTH})
        data = await check(response, 403, schemas)
        assert data["error"]["code"] == "forbidden"


async def test_own_origin_is_allowed(client: Client, schemas: SchemaSet) -> None:
    headers = {"Origin": f"http://127.0.0.1:{client.port}", **AUTH}
    response = await check(await client.get("/api/ping", headers=headers), 200, schemas, "ping")
    assert response["ok"] is True


@pytest.mark.parametrize(
    "origin",
    [
        EXTENSION_ORIGIN,
        "moz-extension://5f1a0c2e-1111-2222-3333-444455556666",
        "safari-web-extension://ABCDEF",
    ],
)
async def test_extension_origin_is_echoed_never_star(
    client: Client, schemas: SchemaSet, origin: str
) -> None:
    response = await client.get("/api/ping", headers={"Origin": origin, **AUTH})
    await check(response, 200, schemas, "ping")
    assert response.headers["Access-Control-Allow-Origin"] == origin
    assert "Origin" in response.headers.getall("Vary")
    # errors carry it too, so the extension can read the message
    failed = await client.get("/api/ping", headers={"Origin": origin})
    await check(failed, 401, schemas)
    assert failed.headers["Access-Control-Allow-Origin"] == origin


async def test_preflight_from_an_extension(client: Client) -> None:
    response = await client.options(
        "/api/articles",
        headers={
            "Origin": EXTENSION_ORIGIN,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization, content-type",
        },
    )
    assert response.status == 204
    assert response.headers["Access-Control-Allow-Origin"] == EXTENSION_ORIGIN
    assert "POST" in response.headers["Access-Control-Allow-Methods"]
    assert "Authorization" in response.headers["Access-Control-Allow-Headers"]


async def test_preflight_from_a_web_page_is_refused(client: Client, schemas: SchemaSet) -> None:
    response = await client.options(
        "/api/articles",
        headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"},
    )
    await check(response, 403, schemas)
    assert "Access-Control-Allow-Origin" not in response.headers


async def test_same_origin_responses_carry_no_cors_header(client: Client) -> None:
    for path in ["/healthz", "/api/ping", "/api/articles", "/login", "/nope"]:
        response = await client.get(path, headers=AUTH)
        assert "Access-Control-Allow-Origin" not in response.headers, path


async def test_security_headers_on_every_response(client: Client) -> None:
    for path, headers in [("/healthz", {}), ("/api/ping", AUTH), ("/api/ping", {}), ("/x", {})]:
        response = await client.get(path, headers=headers)
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Referrer-Policy"] == "no-referrer"
        assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
        assert response.headers["Cache-Control"] == "no-store"
