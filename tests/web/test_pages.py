"""Pages and the page-session flow: code → cookie → page; reuse, expiry, login, CSP."""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Awaitable, Callable

from readmode.web.keys import STORE
from readmode.web.schemas import SchemaSet
from readmode.web.sessions import Sessions
from yarl import URL

from .helpers import AUTH, Client, article_html, check, seed_article, stored_article

CSP_PARTS = (
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "form-action 'self'",
)


async def page_code(client: Client, schemas: SchemaSet) -> str:
    data = await check(
        await client.post("/api/page-codes", headers=AUTH), 201, schemas, "page-code"
    )
    code: str = data["code"]
    return code


def session_cookie(client: Client) -> str | None:
    cookies = client.session.cookie_jar.filter_cookies(URL(str(client.make_url("/"))))
    morsel = cookies.get(Sessions.COOKIE)
    return morsel.value if morsel is not None else None


def assert_page_headers(headers: object) -> None:
    csp = headers["Content-Security-Policy"]  # type: ignore[index]
    for part in CSP_PARTS:
        assert part in csp
    assert headers["X-Content-Type-Options"] == "nosniff"  # type: ignore[index]
    assert headers["Referrer-Policy"] == "no-referrer"  # type: ignore[index]


async def test_code_opens_a_session_and_redirects(client: Client, schemas: SchemaSet) -> None:
    article = await seed_article(client)
    code = await page_code(client, schemas)
    assert len(code) >= 32
    response = await client.get(
        f"/read/{article['id']}", params={"code": code, "theme": "dark"}, allow_redirects=False
    )
    assert response.status == 303
    assert response.headers["Location"] == f"/read/{article['id']}?theme=dark"
    cookie = response.cookies[Sessions.COOKIE]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Strict"
    assert cookie["path"] == "/"

    page = await client.get(f"/read/{article['id']}")
    assert page.status == 200
    assert page.content_type == "text/html"
    assert_page_headers(page.headers)
    html = await page.text()
    assert f'data-article-id="{article["id"]}"' in html
    assert "<p>Paragraph 1: the lighthouse keeper" in html  # content_html is not escaped
    assert "<script>" not in html  # no inline scripts (CSP)

    # the session cookie also works for the API (the page's own JS)
    listed = await client.get(f"/api/articles/{article['id']}/highlights")
    await check(listed, 200, schemas, "highlight-list")
    for path in ("/", "/search?q=harbour"):
        other = await client.get(path)
        assert other.status == 200, path
        assert_page_headers(other.headers)


async def test_codes_live_sixty_seconds(client: Client, schemas: SchemaSet) -> None:
    data = await check(
        await client.post("/api/page-codes", headers=AUTH), 201, schemas, "page-code"
    )
    assert data["expires_in"] == 60
    await check(await client.post("/api/page-codes"), 401, schemas)


async def test_reused_code_is_401(
    client: Client, make_client: Callable[..., Awaitable[Client]], schemas: SchemaSet
) -> None:
    code = await page_code(client, schemas)
    first = await client.get("/", params={"code": code}, allow_redirects=False)
    assert first.status == 303
    # a second browser (no cookie) replaying the same code
    stranger = await make_client()
    replay = await stranger.get("/", params={"code": code}, allow_redirects=False)
    assert replay.status == 401
    assert replay.content_type == "text/html"
    assert session_cookie(stranger) is None


async def test_expired_code_is_401(
    make_client: Callable[..., Awaitable[Client]], schemas: SchemaSet
) -> None:
    client = await make_client(code_ttl=0.2)
    code = await page_code(client, schemas)
    await asyncio.sleep(0.3)
    response = await client.get("/search", params={"code": code}, allow_redirects=False)
    assert response.status == 401
    assert session_cookie(client) is None


async def test_unknown_code_with_a_session_just_redirects(
    client: Client, schemas: SchemaSet
) -> None:
    code = await page_code(client, schemas)
    await client.get("/", params={"code": code})
    stale = await client.get("/search", params={"code": code, "q": "x"}, allow_redirects=False)
    assert stale.status == 303
    assert stale.headers["Location"] == "/search?q=x"


async def test_pages_without_session_are_401_html(client: Client) -> None:
    for path in ("/", "/read/1", "/search?q=x"):
        response = await client.get(path)
        assert response.status == 401, path
        assert response.content_type == "text/html"
        assert_page_headers(response.headers)
        assert "readmode token" in await response.text()


async def test_expired_session_is_401(
    make_client: Callable[..., Awaitable[Client]], schemas: SchemaSet
) -> None:
    client = await make_client(session_ttl=0.3)
    code = await page_code(client, schemas)
    assert (await client.get("/", params={"code": code})).status == 200
    await asyncio.sleep(0.4)
    assert (await client.get("/")).status == 401
    await check(await client.get("/api/articles"), 401, schemas)


async def test_unknown_article_page_is_404_html(client: Client, schemas: SchemaSet) -> None:
    code = await page_code(client, schemas)
    await client.get("/", params={"code": code})
    response = await client.get("/read/999")
    assert response.status == 404
    assert response.content_type == "text/html"
    assert "999" in await response.text()


async def test_login_with_the_token(client: Client) -> None:
    form = await client.get("/login", params={"next": "/search?q=boats"})
    assert form.status == 200
    assert_page_headers(form.headers)
    assert 'name="token"' in await form.text()

    wrong = await client.post(
        "/login", data={"token": "nope", "next": "/search?q=boats"}, allow_redirects=False
    )
    assert wrong.status == 401
    assert "not right" in await wrong.text()
    assert session_cookie(client) is None

    right = await client.post(
        "/login",
        data={"token": AUTH["Authorization"].removeprefix("Bearer "), "next": "/search?q=boats"},
        headers={"Origin": f"http://127.0.0.1:{client.port}"},
        allow_redirects=False,
    )
    assert right.status == 303
    assert right.headers["Location"] == "/search?q=boats"
    assert session_cookie(client) is not None
    assert (await client.get("/search?q=boats")).status == 200


async def test_login_never_redirects_off_site(client: Client) -> None:
    token = AUTH["Authorization"].removeprefix("Bearer ")
    for target in ("https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:x"):
        response = await client.post(
            "/login", data={"token": token, "next": target}, allow_redirects=False
        )
        assert response.status == 303
        assert response.headers["Location"] == "/"


async def test_login_post_must_be_a_form(client: Client, schemas: SchemaSet) -> None:
    response = await client.post("/login", json={"token": "x"})
    await check(response, 415, schemas)


async def test_static_files_are_served_with_revalidation(client: Client) -> None:
    response = await client.get("/static/base.css")
    assert response.status == 200
    assert response.headers["Cache-Control"] == "no-cache"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    etag = response.headers["ETag"]
    again = await client.get("/static/base.css", headers={"If-None-Match": etag})
    assert again.status == 304
    missing = await client.get("/static/../config.py")
    assert missing.status in (403, 404)


async def test_the_description_shows_as_a_standfirst_unless_the_article_opens_with_it(
    client: Client, schemas: SchemaSet
) -> None:
    opening = await seed_article(client)  # its excerpt is its first paragraph
    dek = "Forty boats, one keeper and a harbour that never sleeps through the winter storms."
    summary = dataclasses.replace(stored_article(), excerpt=dek)
    with_dek, _ = await client.app[STORE].save_article("https://example.com/dek", summary)
    code = await page_code(client, schemas)  # the code opens the page session (then redirects)
    page = await (await client.get(f"/read/{with_dek['id']}", params={"code": code})).text()
    assert f'<p class="article__dek">{dek}</p>' in page
    page = await (await client.get(f"/read/{opening['id']}")).text()
    assert "article__dek" not in page


async def test_the_reader_shows_the_headline_without_the_sites_name(
    client: Client, schemas: SchemaSet
) -> None:
    # the page's own <title> says "The Quiet Harbour | Example Times"
    body = {"url": "https://example.com/harbour", "html": article_html()}
    saved = await check(
        await client.post("/api/articles", json=body, headers=AUTH), 201, schemas, "article"
    )
    code = await page_code(client, schemas)
    page = await (await client.get(f"/read/{saved['id']}", params={"code": code})).text()
    assert '<h1 class="article__title">The Quiet Harbour</h1>' in page
    assert "Quiet Harbour | Example Times" not in page
