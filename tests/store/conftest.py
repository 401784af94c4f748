"""Fixtures for the store tests: real SQLite databases in tmp_path, real Article values."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from readmode.extract import Article
from readmode.store import Store, SyncStore

ArticleFactory = Callable[..., Article]


def build_article(text: str, title: str = "An article", **fields: Any) -> Article:
    values: dict[str, Any] = {
        "title": title,
        "byline": "A. Writer",
        "site_name": "Example",
        "published": "2024-03-01T10:00:00Z",
        "lang": "en",
        "dir": "ltr",
        "excerpt": text[:50],
        "lead_image_url": None,
        "content_html": "".join(f"<p>{block}</p>" for block in text.split("\n\n")),
        "text": text,
        "word_count": len(text.split()),
        "reading_minutes": 1,
        "url": None,
    }
    values.update(fields)
    return Article(**values)


@pytest.fixture
def make_article() -> ArticleFactory:
    return build_article


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "readmode.db"


@pytest.fixture
def sync_store(db_path: Path) -> Iterator[SyncStore]:
    with SyncStore.open(db_path) as store:
        yield store


@pytest.fixture
async def store(db_path: Path) -> AsyncIterator[Store]:
    opened = await Store.open(db_path)
    try:
        yield opened
    finally:
        await opened.close()


def highlight_data(article: dict[str, Any], exact: str, **fields: Any) -> dict[str, Any]:
    """API data for a highlight on the first occurrence of ``exact`` in the article text."""
    text: str = article["text"]
    start = text.index(exact)
    end = start + len(exact)
    data: dict[str, Any] = {
        "article_id": article["id"],
        "exact": exact,
        "prefix": text[max(0, start - 20) : start],
        "suffix": text[end : end + 20],
        "start": start,
        "end": end,
        "color": "yellow",
    }
    data.update(fields)
    return data


@pytest.fixture
def quote_of() -> Callable[..., dict[str, Any]]:
    return highlight_data
