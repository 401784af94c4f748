"""The store's front doors: :class:`Store` (asyncio, for the web app) and :class:`SyncStore`
(for the command line). Both call the same functions of the ``articles``, ``highlights``,
``search`` and ``export`` modules; only the threading differs.

Concurrency model (datasette's ``execute_write_fn`` pattern): a single :class:`Writer` thread owns
the only read-write connection and runs write functions one at a time from a queue, so writes
never contend for SQLite's lock inside the process; reads run on a small pool of threads, each
with its own read-only connection, so a search never waits behind a write (WAL lets readers
and the writer proceed at the same time).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import queue
import threading
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import Any, TypeVar

from sqlite_utils import Database

from readmode.extract import Article
from readmode.store import articles, export, highlights, search
from readmode.store.connection import open_reader, open_writer
from readmode.store.errors import StoreClosed, translate_sqlite_errors

T = TypeVar("T")
DbFunction = Callable[[Database], T]


class Writer:
    """A thread that owns the read-write connection and runs submitted functions in order."""

    def __init__(self, path: Path, *, create: bool = True) -> None:
        """Open the database (running migrations) on the new thread; raises if that fails."""
        self._queue: queue.SimpleQueue[
            tuple[DbFunction[Any], bool, concurrent.futures.Future[Any]] | None
        ] = queue.SimpleQueue()
        self._closed = False
        self._lock = threading.Lock()
        ready: concurrent.futures.Future[None] = concurrent.futures.Future()
        self._thread = threading.Thread(
            target=self._run, args=(path, create, ready), name="readmode-writer", daemon=True
        )
        self._thread.start()
        ready.result()

    def _run(self, path: Path, create: bool, ready: concurrent.futures.Future[None]) -> None:
        try:
            db = open_writer(path, create=create)
        except BaseException as error:
            ready.set_exception(error)
            return
        ready.set_result(None)
        try:
            while (job := self._queue.get()) is not None:
                function, transaction, future = job
                if not future.set_running_or_notify_cancel():
                    continue
                try:
                    with translate_sqlite_errors():
                        if transaction:
                            result = _in_write_transaction(db, function)
                        else:
                            result = function(db)
                except BaseException as error:
                    future.set_exception(error)
                else:
                    future.set_result(result)
                finally:
                    # A failed function (or COMMIT) leaves its transaction open: roll it back,
                    # or it would swallow every later write.
                    if db.conn.in_transaction:
                        db.conn.rollback()
        finally:
            db.close()

    def submit(
        self, function: DbFunction[T], *, transaction: bool = True
    ) -> concurrent.futures.Future[T]:
        """Queue ``function(db)``; the future resolves once it ran (and committed).

        With ``transaction=False`` the function runs outside any transaction (and must manage
        its own): for statements SQLite refuses inside one, or before taking the write lock.
        """
        future: concurrent.futures.Future[T] = concurrent.futures.Future()
        with self._lock:
            if self._closed:
                raise StoreClosed("The store is closed.")
            self._queue.put((function, transaction, future))
        return future

    def close(self) -> None:
        """Finish the queued writes, then close the connection."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            self._queue.put(None)
        self._thread.join()


def _in_write_transaction(db: Database, function: DbFunction[T]) -> T:
    """Run ``function(db)`` in one ``BEGIN IMMEDIATE`` transaction and commit it.

    IMMEDIATE takes the write lock before the function reads anything. With a plain (deferred)
    ``BEGIN``, the transaction starts as a read and upgrades to a write at its first INSERT; if
    another process holds the write lock at that moment, SQLite answers SQLITE_BUSY at once
    instead of waiting the busy timeout (it never calls the busy handler for an upgrade, since
    waiting there could deadlock). The function's own ``db.atomic()`` blocks become savepoints.
    """
    db.execute("BEGIN IMMEDIATE")
    result = function(db)
    if db.conn.in_transaction:  # the function may have committed on its own
        db.execute("COMMIT")
    return result


class ReaderPool:
    """Threads with one read-only connection each."""

    def __init__(self, path: Path, size: int) -> None:
        self._path = path
        self._local = threading.local()
        self._connections: list[Database] = []
        self._lock = threading.Lock()
        self._executor = concurrent.futures.ThreadPoolExecutor(
            max_workers=max(1, size), thread_name_prefix="readmode-reader"
        )

    def _database(self) -> Database:
        db: Database | None = getattr(self._local, "db", None)
        if db is None:
            db = open_reader(self._path)
            self._local.db = db
            with self._lock:
                self._connections.append(db)
        return db

    def _call(self, function: DbFunction[T]) -> T:
        with translate_sqlite_errors():
            db = self._database()
            # One read transaction per call: a count and its page see the same snapshot.
            with db.atomic():
                return function(db)

    def submit(self, function: DbFunction[T]) -> concurrent.futures.Future[T]:
        try:
            return self._executor.submit(self._call, function)
        except RuntimeError as error:  # "cannot schedule new futures after shutdown"
            raise StoreClosed("The store is closed.") from error

    def close(self) -> None:
        self._executor.shutdown(wait=True)
        with self._lock:
            for db in self._connections:
                db.close()
            self._connections.clear()


class Store:
    """Asynchronous access to the database, for the aiohttp app.

    Every method may raise a :class:`~readmode.store.errors.StoreError` (``InvalidInput`` for
    bad data, ``StoreBusy``/``StoreFull``/``StoreReadOnly`` when retrying later may help).
    """

    def __init__(self, path: Path, writer: Writer, readers: ReaderPool) -> None:
        self.path = path
        self._writer = writer
        self._readers = readers

    @classmethod
    async def open(cls, path: Path, *, readers: int = 2) -> Store:
        """Open or create the database at ``path`` and run pending migrations."""
        writer = await asyncio.to_thread(Writer, path)
        return cls(path, writer, ReaderPool(path, readers))

    async def close(self) -> None:
        """Finish queued work and close every connection.

        Readers close first so that the writer's connection is the last one: SQLite then
        checkpoints the WAL into the database file and removes it.
        """
        await asyncio.to_thread(self._readers.close)
        await asyncio.to_thread(self._writer.close)

    async def _write(self, function: DbFunction[T], *, transaction: bool = True) -> T:
        return await asyncio.wrap_future(self._writer.submit(function, transaction=transaction))

    async def _read(self, function: DbFunction[T]) -> T:
        return await asyncio.wrap_future(self._readers.submit(function))

    async def execute_write_fn(self, function: DbFunction[T], *, transaction: bool = True) -> T:
        """Run ``function(db)`` on the writer thread (for writes the methods below lack), in one
        committed transaction; ``transaction=False`` runs it bare (datasette's option too), e.g.
        for a PRAGMA that must work even when the database refuses to begin a write."""
        return await self._write(function, transaction=transaction)

    async def save_article(self, url: str, article: Article) -> tuple[dict[str, Any], bool]:
        return await self._write(lambda db: articles.save_article(db, url, article))

    async def get_article(self, article_id: int) -> dict[str, Any] | None:
        return await self._read(lambda db: articles.get_article(db, article_id))

    async def list_articles(
        self, *, limit: int, offset: int, url: str | None = None
    ) -> tuple[int, list[dict[str, Any]]]:
        return await self._read(
            lambda db: articles.list_articles(db, limit=limit, offset=offset, url=url)
        )

    async def delete_article(self, article_id: int) -> bool:
        return await self._write(lambda db: articles.delete_article(db, article_id))

    async def add_highlight(self, data: dict[str, Any]) -> dict[str, Any] | None:
        return await self._write(lambda db: highlights.add_highlight(db, data))

    async def list_highlights(self, article_id: int) -> list[dict[str, Any]] | None:
        return await self._read(lambda db: highlights.list_highlights(db, article_id))

    async def update_highlight(
        self, highlight_id: int, patch: dict[str, Any]
    ) -> dict[str, Any] | None:
        return await self._write(lambda db: highlights.update_highlight(db, highlight_id, patch))

    async def delete_highlight(self, highlight_id: int) -> bool:
        return await self._write(lambda db: highlights.delete_highlight(db, highlight_id))

    async def search(self, q: str, *, limit: int, offset: int) -> dict[str, Any]:
        return await self._read(lambda db: search.search(db, q, limit=limit, offset=offset))

    async def export(self, fmt: str) -> str:
        return await self._read(lambda db: export.export(db, fmt))

    async def import_json(self, document: dict[str, Any]) -> dict[str, Any]:
        return await self._write(lambda db: export.import_json(db, document))


class SyncStore:
    """The same operations over one read-write connection, for the command line and scripts.

    Safe to use while the server runs (SQLite locks; a busy database waits up to the busy
    timeout, then raises :class:`~readmode.store.errors.StoreBusy`).
    """

    def __init__(self, db: Database, path: Path) -> None:
        self.db = db
        self.path = path

    @classmethod
    def open(cls, path: Path, *, create: bool = True) -> SyncStore:
        """Open the database; with ``create=False`` a missing file raises ``DatabaseMissing``."""
        return cls(open_writer(path, create=create), path)

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> SyncStore:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def _run(self, function: DbFunction[T]) -> T:
        with translate_sqlite_errors():
            return function(self.db)

    def _write(self, function: DbFunction[T]) -> T:
        """Writes take the lock up front, exactly as the server's writer thread does."""
        with translate_sqlite_errors():
            return _in_write_transaction(self.db, function)

    def save_article(self, url: str, article: Article) -> tuple[dict[str, Any], bool]:
        return self._write(lambda db: articles.save_article(db, url, article))

    def get_article(self, article_id: int) -> dict[str, Any] | None:
        return self._run(lambda db: articles.get_article(db, article_id))

    def list_articles(
        self, *, limit: int, offset: int, url: str | None = None
    ) -> tuple[int, list[dict[str, Any]]]:
        return self._run(lambda db: articles.list_articles(db, limit=limit, offset=offset, url=url))

    def delete_article(self, article_id: int) -> bool:
        return self._write(lambda db: articles.delete_article(db, article_id))

    def add_highlight(self, data: dict[str, Any]) -> dict[str, Any] | None:
        return self._write(lambda db: highlights.add_highlight(db, data))

    def list_highlights(self, article_id: int) -> list[dict[str, Any]] | None:
        return self._run(lambda db: highlights.list_highlights(db, article_id))

    def update_highlight(self, highlight_id: int, patch: dict[str, Any]) -> dict[str, Any] | None:
        return self._write(lambda db: highlights.update_highlight(db, highlight_id, patch))

    def delete_highlight(self, highlight_id: int) -> bool:
        return self._write(lambda db: highlights.delete_highlight(db, highlight_id))

    def search(self, q: str, *, limit: int, offset: int) -> dict[str, Any]:
        return self._run(lambda db: search.search(db, q, limit=limit, offset=offset))

    def export(self, fmt: str) -> str:
        return self._run(lambda db: export.export(db, fmt))

    def import_json(self, document: dict[str, Any]) -> dict[str, Any]:
        return self._write(lambda db: export.import_json(db, document))
