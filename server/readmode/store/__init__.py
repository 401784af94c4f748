"""Storage: articles and highlights in SQLite (sqlite-utils), with FTS5 search.

Public API: :class:`Store` (asyncio, web app), :class:`SyncStore` (command line), the
:class:`StoreError` family, :func:`normalize_url`, and the export formats. Shapes of the returned
dicts are those of ``notes/api.md`` (the article dict already includes ``reader_url``).
"""

from readmode.store.errors import (
    DatabaseMissing,
    InvalidInput,
    StoreBusy,
    StoreClosed,
    StoreCorrupt,
    StoreError,
    StoreFull,
    StoreReadOnly,
)
from readmode.store.export import FORMATS as EXPORT_FORMATS
from readmode.store.export import MEDIA_TYPES as EXPORT_MEDIA_TYPES
from readmode.store.store import Store, SyncStore
from readmode.store.urls import normalize_url

__all__ = [
    "EXPORT_FORMATS",
    "EXPORT_MEDIA_TYPES",
    "DatabaseMissing",
    "InvalidInput",
    "Store",
    "StoreBusy",
    "StoreClosed",
    "StoreCorrupt",
    "StoreError",
    "StoreFull",
    "StoreReadOnly",
    "SyncStore",
    "normalize_url",
]
