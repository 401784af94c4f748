"""The database itself: migrations on an old file, WAL/pragmas, error mapping, durability."""

from __future__ import annotations

import asyncio
import os
import signal
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest
from readmode.store import (
    DatabaseMissing,
    InvalidInput,
    Store,
    StoreBusy,
    StoreCorrupt,
    StoreFull,
    StoreReadOnly,
    SyncStore,
)
from readmode.store import connection as store_connection
from readmode.store.schema import migrate, migrations
from sqlite_utils import Database


def test_upgrade_from_migration_1_keeps_data(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    old = Database(db_path)
    migrate(old, stop_before="0002_search")
    assert [m.name for m in migrations.applied(old)] == ["0001_articles_and_highlights"]
    old.execute(
        "INSERT INTO articles (id, url, normalized_url, host, title, text, saved_at, updated_at) "
        "VALUES (1, 'https://example.com/a', 'https://example.com/a', 'example.com', "
        "'Old title', 'Memory is the residue of thought.', '2023-01-01T00:00:00Z', "
        "'2023-01-01T00:00:00Z')"
    )
    old.execute(
        'INSERT INTO highlights (uid, article_id, exact, start, "end", note, tags, created_at, '
        "updated_at) VALUES ('u1', 1, 'residue of thought', 14, 32, 'old note', '[\"Legacy\"]', "
        "'2023-01-02T00:00:00Z', '2023-01-02T00:00:00Z')"
    )
    old.close()

    with SyncStore.open(db_path) as store:
        assert [m.name for m in migrations.applied(store.db)] == [
            "0001_articles_and_highlights",
            "0002_search",
        ]
        article = store.get_article(1)
        assert article is not None
        assert (article["title"], article["highlight_count"]) == ("Old title", 1)
        [highlight] = store.list_highlights(1) or []
        assert (highlight["exact"], highlight["note"], highlight["tags"]) == (
            "residue of thought", "old note", ["Legacy"],
        )  # fmt: skip
        # The new indexes were built from the old rows.
        assert store.search("residue ", limit=5, offset=0)["total"] == 1
        assert store.search("note:old ", limit=5, offset=0)["total"] == 1
        assert store.search("tag:legacy", limit=5, offset=0)["total"] == 1
        assert store.search("memory ", limit=5, offset=0)["articles"][0]["id"] == 1


def test_opening_twice_applies_nothing_new(db_path: Path) -> None:
    SyncStore.open(db_path).close()
    with SyncStore.open(db_path) as store:
        assert migrations.pending(store.db) == []
        assert len(migrations.applied(store.db)) == 2


def test_connection_settings(sync_store: SyncStore) -> None:
    db = sync_store.db
    assert db.journal_mode == "wal"
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.execute("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL
    tokenizer = db.execute("SELECT sql FROM sqlite_master WHERE name = 'highlights_fts'").fetchone()
    assert "remove_diacritics 2" in tokenizer[0]
    assert "prefix = '2 3 4'" in tokenizer[0]


def test_missing_database_is_not_created_by_readers(tmp_path: Path) -> None:
    with pytest.raises(DatabaseMissing, match="No readmode database"):
        SyncStore.open(tmp_path / "none.db", create=False)
    assert not (tmp_path / "none.db").exists()


def test_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "readmode.db"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreCorrupt, match="not a SQLite database"):
        SyncStore.open(path)


def test_locked_database_is_busy(
    db_path: Path, make_article: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store_connection, "BUSY_TIMEOUT_MS", 50)
    with SyncStore.open(db_path) as store:
        holder = sqlite3.connect(db_path, isolation_level=None)  # another process, in effect
        holder.execute("BEGIN EXCLUSIVE")
        try:
            with pytest.raises(StoreBusy, match="busy") as caught:
                store.save_article("https://example.com/", make_article("text"))
            assert caught.value.retryable
        finally:
            holder.execute("ROLLBACK")
            holder.close()
        # Once the other writer is done, the same store writes normally.
        assert store.save_article("https://example.com/", make_article("text"))[1] is True


def test_full_database(sync_store: SyncStore, make_article: Any) -> None:
    pages = sync_store.db.execute("PRAGMA page_count").fetchone()[0]
    sync_store.db.execute(f"PRAGMA max_page_count = {pages + 2}")
    with pytest.raises(StoreFull, match="disk is full") as caught:
        sync_store.save_article("https://example.com/", make_article("word " * 50_000))
    assert caught.value.retryable
    assert sync_store.list_articles(limit=5, offset=0) == (0, [])


def test_read_only_database(sync_store: SyncStore, make_article: Any) -> None:
    sync_store.db.execute("PRAGMA query_only = ON")
    with pytest.raises(StoreReadOnly, match="read-only"):
        sync_store.save_article("https://example.com/", make_article("text"))


async def test_writer_survives_a_failed_write(store: Store, make_article: Any) -> None:
    def shrink(db: Database) -> None:
        pages = db.execute("PRAGMA page_count").fetchone()[0]
        db.execute(f"PRAGMA max_page_count = {pages + 2}")

    await store.execute_write_fn(shrink)
    with pytest.raises(StoreFull):
        await store.save_article("https://example.com/big", make_article("word " * 50_000))
    await store.execute_write_fn(lambda db: db.execute("PRAGMA max_page_count = 1073741823"))
    _, created = await store.save_article("https://example.com/ok", make_article("small"))
    assert created
    assert (await store.list_articles(limit=5, offset=0))[0] == 1
    with pytest.raises(InvalidInput):
        await store.save_article("", make_article("small"))


async def test_concurrent_writes_all_land(store: Store, make_article: Any) -> None:

    text = " ".join(f"word{number}" for number in range(300))
    article, _ = await store.save_article("https://example.com/c", make_article(text))

    async def add(number: int) -> dict[str, Any] | None:
        exact = f"word{number}"
        start = text.index(exact + " ")
        return await store.add_highlight(
            {"article_id": article["id"], "exact": exact, "prefix": "", "suffix": "",
             "start": start, "end": start + len(exact), "tags": [f"t{number % 7}"]}
        )  # fmt: skip

    async def search(number: int) -> int:
        return int((await store.search(f"word{number}", limit=5, offset=0))["total"])

    jobs = [add(number) for number in range(200)] + [search(number) for number in range(50)]
    outcomes = await asyncio.gather(*jobs)
    added = [outcome for outcome in outcomes[:200] if isinstance(outcome, dict)]
    assert len(added) == 200
    assert len({highlight["id"] for highlight in added}) == 200
    assert len(await store.list_highlights(article["id"]) or []) == 200
    assert (await store.search("tag:t3", limit=100, offset=0))["total"] == len(range(3, 200, 7))


DURABILITY_SCRIPT = """
import asyncio, sys
from pathlib import Path
from readmode.extract import Article
from readmode.store import Store

async def main():
    store = await Store.open(Path(sys.argv[1]))
    number = 0
    while True:
        article = Article(title=f"A{number}", byline=None, site_name=None, published=None,
            lang=None, dir="ltr", excerpt=None, lead_image_url=None, content_html="<p>x</p>",
            text=f"text {number}", word_count=2, reading_minutes=1)
        saved, _ = await store.save_article(f"https://example.com/{number}", article)
        print(saved["id"], flush=True)
        number += 1

asyncio.run(main())
"""


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_acknowledged_writes_survive_sigkill(db_path: Path) -> None:
    process = subprocess.Popen(
        [sys.executable, "-c", DURABILITY_SCRIPT, str(db_path)],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    acknowledged = []
    assert process.stdout is not None
    try:
        for line in process.stdout:
            acknowledged.append(int(line))
            if len(acknowledged) >= 40:
                break
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        process.stdout.close()
    assert len(acknowledged) >= 40
    with SyncStore.open(db_path) as store:
        for article_id in acknowledged:
            article = store.get_article(article_id)
            assert article is not None, f"acknowledged article {article_id} was lost"
        assert store.list_articles(limit=1, offset=0)[0] >= len(acknowledged)
        assert store.search("text ", limit=5, offset=0)["articles"]  # the FTS index is intact


async def test_reads_do_not_wait_behind_a_write(store: Store, make_article: Any) -> None:
    article, _ = await store.save_article("https://example.com/r", make_article("read me"))
    in_transaction, release = threading.Event(), threading.Event()

    def slow_write(db: Database) -> None:
        with db.atomic():
            db.execute("UPDATE articles SET title = 'changed'")
            in_transaction.set()
            release.wait(10)

    write = asyncio.ensure_future(store.execute_write_fn(slow_write))
    try:
        assert await asyncio.to_thread(in_transaction.wait, 10)
        # The write transaction is open and holds the write lock; a read still answers, from
        # the last committed snapshot.
        during = await asyncio.wait_for(store.get_article(article["id"]), timeout=5)
        assert during is not None
        assert during["title"] == "An article"
        found = await asyncio.wait_for(store.search("read ", limit=5, offset=0), timeout=5)
        assert found["articles"][0]["id"] == article["id"]
    finally:
        release.set()
        await write
    after = await store.get_article(article["id"])
    assert after is not None
    assert after["title"] == "changed"


def test_cli_writes_wait_for_a_lock_instead_of_failing(
    sync_store: SyncStore, db_path: Path, make_article: Any, quote_of: Any
) -> None:
    """The CLI's store takes the write lock up front, like the server's writer: a write behind
    another program's short lock waits for it (busy timeout) instead of failing at once, which a
    deferred transaction that reads first would do."""
    article, _ = sync_store.save_article(
        "https://example.com/lock", make_article("Locks make writers wait their turn.")
    )
    other = sqlite3.connect(db_path, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN EXCLUSIVE")
    release = threading.Timer(0.5, lambda: other.execute("COMMIT"))
    release.start()
    try:
        highlight = sync_store.add_highlight(quote_of(article, article["text"].split()[0]))
    finally:
        release.join()
        other.close()
    assert highlight is not None
