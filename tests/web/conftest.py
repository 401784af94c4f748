"""Fixtures for the web tests: the real app, a real SQLite file, real extraction processes."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from readmode.web.app import create_app
from readmode.web.config import ServerConfig
from readmode.web.schemas import SchemaSet

from .helpers import TOKEN, Client, ClientFactory


@pytest.fixture(scope="session")
def schemas() -> SchemaSet:
    return SchemaSet()


@pytest.fixture
def make_config(tmp_path: Path) -> Callable[..., ServerConfig]:
    def make(**overrides: Any) -> ServerConfig:
        settings: dict[str, Any] = {
            "data_dir": tmp_path / "data",
            "workers": 1,
            "queue_size": 8,
            "validate_responses": True,  # every response is checked against its schema
            "prewarm": False,
            "token": TOKEN,
        }
        settings.update(overrides)
        return ServerConfig(**settings)

    return make


@pytest.fixture
def make_client(
    aiohttp_client: ClientFactory, make_config: Callable[..., ServerConfig]
) -> Callable[..., Awaitable[Client]]:
    async def make(**overrides: Any) -> Client:
        return await aiohttp_client(create_app(make_config(**overrides)))

    return make


@pytest.fixture
async def client(make_client: Callable[..., Awaitable[Client]]) -> Client:
    return await make_client()
