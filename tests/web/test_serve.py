"""`readmode serve` and `readmode token` as real processes, including a SIGKILL mid-write."""

from __future__ import annotations

import asyncio
import random
import socket
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import aiohttp
import psutil
import pytest
from readmode.config import database_path
from readmode.store import Store

from .helpers import highlight_body, stored_article
from .server_process import ServerProcess, free_port


def readmode(*args: str, timeout: float = 30) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "readmode.cli", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def test_token_is_created_once_and_private(tmp_path: Path) -> None:
    first = readmode("token", "--data-dir", str(tmp_path))
    assert first.returncode == 0
    token = first.stdout.strip()
    assert len(token) >= 40
    assert readmode("token", "--data-dir", str(tmp_path)).stdout.strip() == token
    mode = stat.S_IMODE((tmp_path / "token").stat().st_mode)
    assert mode == 0o600


def test_serve_refuses_a_non_loopback_host(tmp_path: Path) -> None:
    result = readmode("serve", "--host", "192.0.2.1", "--data-dir", str(tmp_path))
    assert result.returncode == 2
    assert "--allow-remote" in result.stderr
    assert not (tmp_path / "readmode.db").exists()


def test_allow_remote_warns(tmp_path: Path) -> None:
    # 192.0.2.1 (TEST-NET-1) is never assigned locally: we see the warning, then the bind fail.
    port = str(free_port())
    result = readmode(
        "serve", "--host", "192.0.2.1", "--port", port, "--allow-remote",
        "--data-dir", str(tmp_path), "--workers", "1",
    )  # fmt: skip
    assert "warning" in result.stderr.lower()
    assert result.returncode == 1
    assert "cannot listen" in result.stderr


async def test_serve_answers_healthz_and_the_api(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    with ServerProcess(data_dir) as server:
        token = (data_dir / "token").read_text().strip()
        async with aiohttp.ClientSession() as session:
            async with session.get(f"{server.url}/healthz") as response:
                assert response.status == 200
                assert (await response.json())["status"] == "ok"
            headers = {"Authorization": f"Bearer {token}"}
            async with session.get(f"{server.url}/api/ping", headers=headers) as response:
                assert response.status == 200
            async with session.get(f"{server.url}/api/ping") as response:
                assert response.status == 401
        assert server.stop() == 0
        output = server.output()
    assert f"http://127.0.0.1:{server.port}/" in output
    assert str(data_dir) in output


async def seed(data_dir: Path) -> dict[str, object]:
    store = await Store.open(database_path(data_dir))
    try:
        article, _ = await store.save_article("https://example.com/harbour", stored_article())
    finally:
        await store.close()
    return article


async def write_until_killed(
    server: ServerProcess, token: str, article: dict[str, object], kill_after: float
) -> set[int]:
    """Post highlights from 4 clients as fast as possible; SIGKILL the server meanwhile.

    Returns the ids of every highlight whose 201 arrived before the kill.
    """
    acknowledged: set[int] = set()
    body = highlight_body(article)
    headers = {"Authorization": f"Bearer {token}"}

    async def writer(session: aiohttp.ClientSession, n: int) -> None:
        count = 0
        while True:
            count += 1
            payload = {**body, "note": f"writer {n} #{count}"}
            try:
                async with session.post(
                    f"{server.url}/api/highlights", json=payload, headers=headers
                ) as response:
                    if response.status != 201:
                        raise AssertionError(f"unexpected {response.status}")
                    acknowledged.add((await response.json())["id"])
            except (aiohttp.ClientError, ConnectionError):
                return  # the server is gone

    async with aiohttp.ClientSession() as session:
        tasks = [asyncio.create_task(writer(session, n)) for n in range(4)]
        await asyncio.sleep(kill_after)
        helpers = psutil.Process(server.pid).children(recursive=True)  # forkserver + workers
        await asyncio.to_thread(server.kill)
        await asyncio.wait_for(asyncio.gather(*tasks), 30)
    # nothing outlives the server: extraction workers notice and exit on their own
    _, alive = await asyncio.to_thread(psutil.wait_procs, helpers, 10)
    assert alive == []
    return acknowledged


@pytest.mark.slow
async def test_sigkill_loses_no_acknowledged_highlight(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    article = await seed(data_dir)
    token = readmode("token", "--data-dir", str(data_dir)).stdout.strip()
    acknowledged: set[int] = set()
    rng = random.Random(20261128)
    for _cycle in range(3):
        server = ServerProcess(data_dir).start()
        try:
            acknowledged |= await write_until_killed(
                server, token, article, kill_after=rng.uniform(0.3, 1.2)
            )
        finally:
            server.stop()
    assert len(acknowledged) > 10

    with ServerProcess(data_dir) as server:
        async with (
            aiohttp.ClientSession() as session,
            session.get(
                f"{server.url}/api/articles/{article['id']}/highlights",
                headers={"Authorization": f"Bearer {token}"},
            ) as response,
        ):
            assert response.status == 200
            stored = {h["id"] for h in (await response.json())["highlights"]}
    assert acknowledged <= stored
    with sqlite3.connect(database_path(data_dir)) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_serve_reports_a_busy_port(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = str(taken.getsockname()[1])
        result = readmode("serve", "--port", port, "--data-dir", str(tmp_path), "--workers", "1")
    assert result.returncode == 1
    assert "cannot listen" in result.stderr
    assert "Traceback" not in result.stderr


def test_serve_reports_a_damaged_database(tmp_path: Path) -> None:
    (tmp_path / "readmode.db").write_bytes(b"this is not a SQLite database" * 100)
    port = str(free_port())
    result = readmode("serve", "--port", port, "--data-dir", str(tmp_path), "--workers", "1")
    assert result.returncode == 1
    assert "not a SQLite database" in result.stderr
    assert "Traceback" not in result.stderr
