"""Fixtures for the browser tests: the real app on a loopback port, and a real headless Chromium.

Playwright's async API is used directly (not the pytest-playwright plugin, whose sync fixtures
fight pytest-aiohttp over the event loop). The browser is the system Chromium; Playwright never
downloads one.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer
from playwright.async_api import Browser, async_playwright
from readmode.config import load_or_create_token
from readmode.web.app import create_app
from readmode.web.config import ServerConfig

CHROMIUM = Path(os.environ.get("READMODE_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
STEP_MS = 10_000
"""Upper bound for any single browser step (navigation, wait, click)."""

SHOTS_DIR = Path(os.environ.get("READMODE_SHOTS_DIR", tempfile.gettempdir())) / "readmode-shots"
"""Where a copy of each theme's screenshot goes, for people to look at."""


def require_chromium() -> None:
    """Skip without a browser on a developer machine; fail in CI, where it must be there."""
    if CHROMIUM.exists():
        return
    if os.environ.get("CI"):
        pytest.fail(f"Chromium is missing at {CHROMIUM} and CI is set: install it (apt chromium).")
    pytest.skip(f"Chromium is not installed at {CHROMIUM} (set READMODE_CHROMIUM to another path).")


@dataclass
class LiveServer:
    """The real app on a free loopback port, with an API client that carries the token."""

    base_url: str
    token: str
    http: aiohttp.ClientSession

    async def api(self, method: str, path: str, body: Any = None, status: int = 200) -> Any:
        headers = {"Authorization": f"Bearer {self.token}"}
        async with self.http.request(
            method, self.base_url + path, json=body, headers=headers
        ) as response:
            text = await response.text()
            assert response.status == status, f"{method} {path}: {response.status} {text[:300]}"
            return await response.json() if text else None

    async def page_url(self, path: str) -> str:
        """``path`` with a fresh one-time page code, the way the extension opens pages."""
        code = (await self.api("POST", "/api/page-codes", status=201))["code"]
        separator = "&" if "?" in path else "?"
        return f"{self.base_url}{path}{separator}code={code}"


@pytest.fixture
async def live_server(
    aiohttp_server: Callable[[web.Application], Awaitable[TestServer]], tmp_path: Path
) -> AsyncIterator[LiveServer]:
    data_dir = tmp_path / "data"
    # No token in the config: the app reads (creates) it in the data dir, as `readmode serve` does.
    config = ServerConfig(data_dir=data_dir, workers=1, prewarm=False, validate_responses=True)
    server = await aiohttp_server(create_app(config))
    token = load_or_create_token(data_dir)
    async with aiohttp.ClientSession() as http:
        yield LiveServer(f"http://127.0.0.1:{server.port}", token, http)


@pytest.fixture
async def browser() -> AsyncIterator[Browser]:
    require_chromium()
    async with async_playwright() as playwright:
        chromium = await playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, timeout=30_000
        )
        try:
            yield chromium
        finally:
            await chromium.close()


@pytest.fixture
def shots(tmp_path: Path) -> Iterator[Callable[[str], Path]]:
    """``shots("reader-dark")`` → a PNG path in the test's tmp dir (also copied for people)."""
    directory = tmp_path / "screenshots"
    directory.mkdir()

    def path(name: str) -> Path:
        return directory / f"{name}.png"

    yield path
    SHOTS_DIR.mkdir(parents=True, exist_ok=True)
    for shot in directory.glob("*.png"):
        shutil.copy2(shot, SHOTS_DIR / shot.name)
