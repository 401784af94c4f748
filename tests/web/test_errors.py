"""Failures nobody planned for still answer in the one error shape, without internals."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from aiohttp import web
from readmode.web.app import create_app
from readmode.web.config import ServerConfig
from readmode.web.keys import STORE
from readmode.web.schemas import SchemaSet

from .helpers import AUTH, Client, ClientFactory, check


async def test_unexpected_exception_is_a_logged_500(
    aiohttp_client: ClientFactory,
    make_config: Callable[..., ServerConfig],
    schemas: SchemaSet,
    caplog: pytest.LogCaptureFixture,
) -> None:
    app = create_app(make_config())

    async def broken(request: web.Request) -> web.Response:
        raise RuntimeError("secret internal detail")

    app.router.add_get("/api/broken", broken)  # a handler with a bug, on the real app
    client = await aiohttp_client(app)
    response = await client.get("/api/broken", headers=AUTH)
    data = await check(response, 500, schemas)
    assert data["error"]["code"] == "internal"
    assert "secret" not in data["error"]["message"]
    assert "secret internal detail" in caplog.text  # …but the log has the traceback
    assert response.headers["X-Content-Type-Options"] == "nosniff"


async def test_closed_store_is_a_clear_500(client: Client, schemas: SchemaSet) -> None:
    await client.app[STORE].close()
    data = await check(await client.get("/api/articles", headers=AUTH), 500, schemas)
    assert data["error"]["message"]
    assert "Traceback" not in data["error"]["message"]
