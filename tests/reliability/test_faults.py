"""Storage faults under the real app and real SQLite: a full disk, a read-only database or disk,
a database locked by another process.

Each fault must give the client a clear error in the one error shape, write a clear log line,
leave the database intact (``PRAGMA integrity_check`` is ``ok``) and go away on its own: once
the cause is gone, the next write succeeds without restarting the server.

How each fault is caused:

* **Disk full** — a real one: a 2 MiB tmpfs is mounted as the data directory and a filler file
  takes the rest of it; deleting the filler is the recovery. Mounting needs root and mount(8):
  without them the test is skipped on a developer machine, and fails when ``CI`` is set.
* **Read-only disk at startup** — real: the tmpfs is remounted read-only, then ``readmode
  serve`` must exit non-zero with one line of error, not a traceback.
* **Read-only while the server runs** — simulated. Linux refuses to remount a file system
  read-only while a process has files open for writing on it (EBUSY; read-only bind mounts
  too), so a running server cannot be put on a read-only disk from outside. Instead the
  server's own writer connection is switched to ``PRAGMA query_only = ON``: SQLite then fails
  every write with the same SQLITE_READONLY error ("attempt to write a readonly database") a
  read-only file gives, through the same code path. Switching it off is the recovery.
* **Locked** — real: another process holds ``BEGIN EXCLUSIVE`` on the database file; the
  server waits the busy timeout (5 s) and then answers 503.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from readmode.config import database_path
from readmode.store.connection import BUSY_TIMEOUT_MS
from readmode.web.app import create_app
from readmode.web.config import ServerConfig
from readmode.web.keys import STORE
from readmode.web.schemas import SchemaSet
from web.helpers import AUTH, TOKEN, Client, ClientFactory, check, highlight_body, stored_article
from web.server_process import free_port

DISK_SIZE = "2m"


def run_mount(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, capture_output=True, text=True, timeout=30, check=False)


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 2 MiB tmpfs mounted at a fresh directory; unmounted after the test."""
    mount_point = tmp_path / "disk"
    mount_point.mkdir()
    if shutil.which("mount") is None:
        result = None
    else:
        options = f"size={DISK_SIZE},mode=0700"
        result = run_mount("mount", "-t", "tmpfs", "-o", options, "tmpfs", str(mount_point))
    if result is None or result.returncode != 0:
        reason = "mount(8) is missing" if result is None else result.stderr.strip()
        if os.environ.get("CI"):
            pytest.fail(f"CI is set but a tmpfs cannot be mounted (needs root): {reason}")
        pytest.skip(f"cannot mount a tmpfs here (needs root): {reason}")
    try:
        yield mount_point
    finally:
        if run_mount("umount", str(mount_point)).returncode != 0:
            run_mount("umount", "--lazy", str(mount_point))


@pytest.fixture(scope="module")
def schemas() -> SchemaSet:
    return SchemaSet()


def config_for(data_dir: Path) -> ServerConfig:
    """The app as the web tests run it: every response is checked against its schema."""
    return ServerConfig(
        data_dir=data_dir,
        workers=1,
        queue_size=8,
        validate_responses=True,
        prewarm=False,
        token=TOKEN,
    )


def integrity_check(data_dir: Path) -> str:
    """``PRAGMA integrity_check`` over a read-only connection beside the running server."""
    uri = database_path(data_dir).resolve().as_uri() + "?mode=ro"
    with contextlib.closing(sqlite3.connect(uri, uri=True, timeout=10)) as db:
        return "\n".join(str(row[0]) for row in db.execute("PRAGMA integrity_check"))


async def seeded_app(
    aiohttp_client: ClientFactory, data_dir: Path
) -> tuple[Client, dict[str, Any]]:
    """The real app on ``data_dir``, with one article saved through its own store."""
    client = await aiohttp_client(create_app(config_for(data_dir)))
    article, _ = await client.app[STORE].save_article("https://example.com/h", stored_article())
    return client, article


async def highlight_count(client: Client, article: dict[str, Any], schemas: SchemaSet) -> int:
    response = await client.get(f"/api/articles/{article['id']}/highlights", headers=AUTH)
    return len((await check(response, 200, schemas, "highlight-list"))["highlights"])


def fill(disk: Path) -> Path:
    """Write a file until the disk is full (ENOSPC); returns it."""
    filler = disk / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    block = b"\0" * 4096
    try:
        while True:
            os.write(fd, block)
    except OSError as error:
        if error.errno != errno.ENOSPC:
            raise
    finally:
        os.close(fd)
    return filler


async def test_disk_full_is_507_then_recovers(
    small_disk: Path,
    aiohttp_client: ClientFactory,
    schemas: SchemaSet,
    caplog: pytest.LogCaptureFixture,
) -> None:
    client, article = await seeded_app(aiohttp_client, small_disk)
    body = highlight_body(article)
    await check(await client.post("/api/highlights", json=body, headers=AUTH), 201, schemas)
    filler = fill(small_disk)

    response = await client.post("/api/highlights", json=body, headers=AUTH)
    error = (await check(response, 507, schemas))["error"]
    assert error["code"] == "disk_full"
    assert error["message"].startswith("The disk is full: readmode could not save the change.")
    assert "Free some space" in error["message"]
    assert "Retry-After" not in response.headers  # waiting does not free space
    assert "disk full: POST /api/highlights failed: The disk is full" in caplog.text
    # Nothing half-written: reads still work, the failed highlight is not there, the file is sound.
    assert await highlight_count(client, article, schemas) == 1
    assert integrity_check(small_disk) == "ok"

    filler.unlink()  # the user frees some space; the same server carries on
    await check(await client.post("/api/highlights", json=body, headers=AUTH), 201, schemas)
    assert await highlight_count(client, article, schemas) == 2
    assert integrity_check(small_disk) == "ok"


async def test_read_only_database_is_503_then_recovers(
    tmp_path: Path,
    aiohttp_client: ClientFactory,
    schemas: SchemaSet,
    caplog: pytest.LogCaptureFixture,
) -> None:
    # Simulated with query_only (see the module docstring for why a real remount cannot be).
    data_dir = tmp_path / "data"
    client, article = await seeded_app(aiohttp_client, data_dir)
    store = client.app[STORE]
    # transaction=False: with query_only on, SQLite refuses to begin a write transaction.
    await store.execute_write_fn(lambda db: db.execute("PRAGMA query_only = ON"), transaction=False)

    body = highlight_body(article)
    response = await client.post("/api/highlights", json=body, headers=AUTH)
    error = (await check(response, 503, schemas))["error"]
    assert error["code"] == "read_only"
    assert error["message"].startswith("The database is read-only")
    assert "could not save the change" in error["message"]
    assert response.headers["Retry-After"] == "2"
    assert "database read-only: POST /api/highlights failed" in caplog.text
    assert await highlight_count(client, article, schemas) == 0
    assert integrity_check(data_dir) == "ok"

    await store.execute_write_fn(
        lambda db: db.execute("PRAGMA query_only = OFF"), transaction=False
    )
    await check(await client.post("/api/highlights", json=body, headers=AUTH), 201, schemas)
    assert await highlight_count(client, article, schemas) == 1


HOLD_LOCK = """
import sqlite3, sys
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("BEGIN EXCLUSIVE")
print("locked", flush=True)
sys.stdin.read()  # hold the lock until the test closes this process' stdin
db.execute("ROLLBACK")
"""


@pytest.mark.slow
async def test_database_locked_by_another_process_is_503_busy_then_recovers(
    tmp_path: Path,
    aiohttp_client: ClientFactory,
    schemas: SchemaSet,
    caplog: pytest.LogCaptureFixture,
) -> None:
    data_dir = tmp_path / "data"
    client, article = await seeded_app(aiohttp_client, data_dir)
    holder = await asyncio.create_subprocess_exec(
        sys.executable, "-c", HOLD_LOCK, str(database_path(data_dir)),
        stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
    )  # fmt: skip
    assert holder.stdin is not None
    assert holder.stdout is not None
    try:
        assert await asyncio.wait_for(holder.stdout.readline(), 30) == b"locked\n"
        # Reads do not wait for the lock (WAL): the reader pages keep working.
        assert await highlight_count(client, article, schemas) == 0

        started = time.monotonic()
        response = await client.post("/api/highlights", json=highlight_body(article), headers=AUTH)
        waited = time.monotonic() - started
        error = (await check(response, 503, schemas))["error"]
    finally:
        holder.stdin.close()
        await asyncio.wait_for(holder.wait(), 30)
    assert holder.returncode == 0
    # A bounded wait: the busy timeout, not forever and not an immediate failure.
    assert BUSY_TIMEOUT_MS / 1000 - 0.5 <= waited <= BUSY_TIMEOUT_MS / 1000 + 5
    assert error["code"] == "busy"
    assert error["message"].startswith("The database is busy (another program holds its lock)")
    assert "Try again" in error["message"]
    assert response.headers["Retry-After"] == "2"
    assert "database busy: POST /api/highlights failed" in caplog.text
    assert integrity_check(data_dir) == "ok"

    # The lock is gone: the very next write goes through.
    await check(
        await client.post("/api/highlights", json=highlight_body(article), headers=AUTH),
        201,
        schemas,
    )
    assert await highlight_count(client, article, schemas) == 1


def serve(data_dir: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable, "-m", "readmode.cli", "serve", "--port", str(free_port()),
            "--data-dir", str(data_dir), "--workers", "1",
        ],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip


@pytest.mark.parametrize("existing", [True, False], ids=["with-database", "new-data-dir"])
def test_serve_on_a_read_only_disk_exits_with_one_line(small_disk: Path, existing: bool) -> None:
    if existing:
        data_dir = small_disk
        first = subprocess.run(
            [sys.executable, "-m", "readmode.cli", "token", "--data-dir", str(data_dir)],
            capture_output=True, text=True, timeout=60, check=True,
        )  # fmt: skip
        assert first.stdout.strip()
        sqlite3.connect(database_path(data_dir)).close()  # an (empty) database file exists
    else:
        data_dir = small_disk / "readmode"  # must be created, on a disk that refuses it
    remount = run_mount("mount", "-o", "remount,ro", str(small_disk))
    assert remount.returncode == 0, remount.stderr

    result = serve(data_dir)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    [line] = lines
    assert line.startswith("readmode serve: ")
    if existing:
        assert f"the database {database_path(data_dir)} cannot be written" in line
        assert "make the data directory writable" in line
    else:
        assert f"cannot use the data directory {data_dir}" in line
        assert "Read-only file system" in line
