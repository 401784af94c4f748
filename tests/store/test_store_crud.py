"""Articles and highlights through the async Store: CRUD, cascade, re-save and re-anchoring."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from readmode.store import InvalidInput, Store, StoreClosed, SyncStore

TEXT = (
    "The first paragraph sets the scene for the reader.\n\n"
    "Memory is the residue of thought, and what we think about is what we remember.\n\n"
    "The last paragraph ends the article with a short summary of the argument."
)
URL = "https://Example.com/posts/memory?utm_source=newsletter#intro"

QuoteOf = Callable[..., dict[str, Any]]

ARTICLE_KEYS = {
    "id", "url", "canonical_url", "normalized_url", "reader_url", "title", "byline",
    "site_name", "published", "lang", "dir", "excerpt", "lead_image_url", "content_html",
    "text", "word_count", "reading_minutes", "saved_at", "updated_at", "highlight_count",
}  # fmt: skip
HIGHLIGHT_KEYS = {
    "id", "article_id", "exact", "prefix", "suffix", "start", "end", "color", "note", "tags",
    "created_at", "updated_at", "orphan",
}  # fmt: skip


async def test_save_and_get_article(store: Store, make_article: Any) -> None:
    article, created = await store.save_article(
        URL, make_article(TEXT, url="https://example.com/c")
    )
    assert created
    assert set(article) == ARTICLE_KEYS
    assert article["url"] == URL
    assert article["normalized_url"] == "https://example.com/posts/memory"
    assert article["canonical_url"] == "https://example.com/c"
    assert article["reader_url"] == f"/read/{article['id']}"
    assert article["text"] == TEXT
    assert article["highlight_count"] == 0
    assert article["saved_at"].endswith("Z")
    assert await store.get_article(article["id"]) == article
    assert await store.get_article(article["id"] + 1) is None


async def test_list_articles_pages_and_filters_by_url(store: Store, make_article: Any) -> None:
    for number in range(3):
        await store.save_article(
            f"https://example.com/{number}", make_article(TEXT, title=f"T{number}")
        )
    total, page = await store.list_articles(limit=2, offset=0)
    assert total == 3
    assert [item["title"] for item in page] == ["T2", "T1"]  # newest first
    assert "text" not in page[0]
    assert "content_html" not in page[0]
    assert set(page[0]) == ARTICLE_KEYS - {"text", "content_html"}
    total, page = await store.list_articles(limit=2, offset=2)
    assert (total, [item["title"] for item in page]) == (3, ["T0"])
    total, page = await store.list_articles(
        limit=20, offset=0, url="HTTPS://EXAMPLE.COM/1?fbclid=x"
    )
    assert (total, [item["title"] for item in page]) == (1, ["T1"])
    assert await store.list_articles(limit=20, offset=0, url="https://other.org/") == (0, [])


@pytest.mark.parametrize(("limit", "offset"), [(0, 0), (-1, 0), (5, -1), (100_000, 0)])
async def test_bad_pages_are_refused(store: Store, limit: int, offset: int) -> None:
    with pytest.raises(InvalidInput):
        await store.list_articles(limit=limit, offset=offset)


async def test_highlight_crud(store: Store, make_article: Any, quote_of: QuoteOf) -> None:
    article, _ = await store.save_article(URL, make_article(TEXT))
    highlight = await store.add_highlight(
        quote_of(article, "residue of thought", note="Key idea", tags=["memory", " #Ideas "])
    )
    assert highlight is not None
    assert set(highlight) == HIGHLIGHT_KEYS
    assert highlight["tags"] == ["memory", "Ideas"]
    assert highlight["orphan"] is False
    assert TEXT[highlight["start"] : highlight["end"]] == "residue of thought"
    assert (await store.get_article(article["id"]) or {})["highlight_count"] == 1

    updated = await store.update_highlight(
        highlight["id"], {"color": "blue", "note": "", "tags": ["a", "A", "b"]}
    )
    assert updated is not None
    assert (updated["color"], updated["note"], updated["tags"]) == ("blue", "", ["a", "b"])
    assert updated["created_at"] == highlight["created_at"]
    assert updated["updated_at"] >= highlight["updated_at"]
    assert await store.list_highlights(article["id"]) == [updated]

    assert await store.delete_highlight(highlight["id"]) is True
    assert await store.delete_highlight(highlight["id"]) is False
    assert await store.list_highlights(article["id"]) == []


async def test_missing_things_give_none_or_false(store: Store) -> None:
    data = {"article_id": 99, "exact": "x", "prefix": "", "suffix": "", "start": 0, "end": 1}
    assert await store.add_highlight(data) is None
    assert await store.list_highlights(99) is None
    assert await store.update_highlight(99, {"color": "blue"}) is None
    assert await store.delete_highlight(99) is False
    assert await store.delete_article(99) is False


async def test_moving_a_highlight_by_patch(
    store: Store, make_article: Any, quote_of: QuoteOf
) -> None:
    article, _ = await store.save_article(URL, make_article(TEXT))
    highlight = await store.add_highlight(quote_of(article, "residue of thought"))
    assert highlight is not None
    start = TEXT.index("short summary")
    moved = await store.update_highlight(
        highlight["id"], {"exact": "short summary", "start": start, "end": start + 13}
    )
    assert moved is not None
    assert (moved["exact"], moved["start"], moved["orphan"]) == ("short summary", start, False)
    assert moved["prefix"] == TEXT[start - len(highlight["prefix"]) : start]


async def test_offsets_from_another_version_are_corrected(
    store: Store, make_article: Any, quote_of: QuoteOf
) -> None:
    article, _ = await store.save_article(URL, make_article(TEXT))
    data = quote_of(article, "residue of thought")
    data.update(start=data["start"] + 7, end=data["end"] + 7)  # a client off by a few
    highlight = await store.add_highlight(data)
    assert highlight is not None
    assert TEXT[highlight["start"] : highlight["end"]] == "residue of thought"
    assert not highlight["orphan"]

    data = quote_of(article, "residue of thought")
    data["exact"] = "words that are nowhere in it"
    orphan = await store.add_highlight(data)
    assert orphan is not None
    assert orphan["orphan"] is True
    assert orphan["exact"] == "words that are nowhere in it"

    # A near miss is not silently swapped for the article's words: the user's quote is kept.
    data = quote_of(article, "residue of thought")
    data["exact"] = "residue of thoughts"
    near = await store.add_highlight(data)
    assert near is not None
    assert (near["orphan"], near["exact"]) == (True, "residue of thoughts")


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"exact": ""}, "/exact"),
        ({"exact": 3}, "/exact"),
        ({"start": -1}, "/start"),
        ({"start": True}, "/start"),
        ({"end": 0, "start": 5}, "/end"),
        ({"color": "red"}, "/color"),
        ({"tags": "one"}, "/tags"),
        ({"tags": ["ok", 3]}, "/tags/1"),
        ({"tags": ["x" * 101]}, "/tags/0"),
        ({"note": None}, "/note"),
        ({"article_id": "1"}, "/article_id"),
        ({"surprise": 1}, "/surprise"),
    ],
)
async def test_invalid_highlights_are_refused(
    store: Store, make_article: Any, quote_of: QuoteOf, change: dict[str, Any], field: str
) -> None:
    article, _ = await store.save_article(URL, make_article(TEXT))
    data = quote_of(article, "residue of thought")
    data.update(change)
    with pytest.raises(InvalidInput) as caught:
        await store.add_highlight(data)
    assert caught.value.field == field
    assert await store.list_highlights(article["id"]) == []


async def test_invalid_patch_changes_nothing(
    store: Store, make_article: Any, quote_of: QuoteOf
) -> None:
    article, _ = await store.save_article(URL, make_article(TEXT))
    highlight = await store.add_highlight(quote_of(article, "residue of thought"))
    assert highlight is not None
    for patch in ({"color": "red"}, {"article_id": 2}, {"start": 10, "end": 2}):
        with pytest.raises(InvalidInput):
            await store.update_highlight(highlight["id"], patch)
    assert await store.list_highlights(article["id"]) == [highlight]


async def test_unstorable_characters_are_replaced_not_fatal(
    store: Store, make_article: Any
) -> None:
    text = "bad \x00 char and \ud800 surrogate"
    article, _ = await store.save_article("https://example.com/x\ud800", make_article(text))
    assert article["text"] == "bad \ufffd char and \ufffd surrogate"
    assert len(article["text"]) == len(text)


async def test_delete_article_cascades(store: Store, make_article: Any, quote_of: QuoteOf) -> None:
    article, _ = await store.save_article(URL, make_article(TEXT))
    highlight = await store.add_highlight(quote_of(article, "residue of thought", tags=["gone"]))
    assert highlight is not None
    assert (await store.search("residue ", limit=10, offset=0))["total"] == 1
    assert await store.delete_article(article["id"]) is True
    assert await store.get_article(article["id"]) is None
    assert await store.list_highlights(article["id"]) is None
    assert await store.update_highlight(highlight["id"], {"note": "x"}) is None
    assert (await store.search("residue ", limit=10, offset=0))["total"] == 0
    assert (await store.search("tag:gone", limit=10, offset=0))["total"] == 0


async def test_resave_updates_and_reanchors(
    store: Store, make_article: Any, quote_of: QuoteOf
) -> None:
    article, _ = await store.save_article(URL, make_article(TEXT))
    kept = await store.add_highlight(quote_of(article, "residue of thought"))
    edited = await store.add_highlight(quote_of(article, "what we think about is what we remember"))
    removed = await store.add_highlight(quote_of(article, "sets the scene for the reader"))
    assert kept
    assert edited
    assert removed

    new_text = "An editor's note, added later.\n\n" + TEXT.replace(
        "what we think about", "what we reflect on"
    ).replace("The first paragraph sets the scene for the reader.\n\n", "")
    resaved, created = await store.save_article(
        "https://example.com/posts/memory", make_article(new_text, title="New title")
    )
    assert not created
    assert resaved["id"] == article["id"]
    assert resaved["title"] == "New title"
    assert resaved["saved_at"] == article["saved_at"]
    assert resaved["updated_at"] >= article["updated_at"]
    assert resaved["highlight_count"] == 3

    by_id = {h["id"]: h for h in await store.list_highlights(article["id"]) or []}
    moved = by_id[kept["id"]]
    assert new_text[moved["start"] : moved["end"]] == "residue of thought"
    assert not moved["orphan"]
    fuzzy = by_id[edited["id"]]
    assert fuzzy["exact"] == "what we reflect on is what we remember"
    assert new_text[fuzzy["start"] : fuzzy["end"]] == fuzzy["exact"]
    assert not fuzzy["orphan"]
    orphan = by_id[removed["id"]]
    assert orphan["orphan"] is True
    assert orphan["exact"] == "sets the scene for the reader"
    # The edited quote is searchable by its new words (the FTS index follows the update).
    results = (await store.search("reflect ", limit=10, offset=0))["results"]
    assert [r["highlight"]["id"] for r in results] == [edited["id"]]
    # Orphans come back when the text does.
    await store.save_article(URL, make_article(TEXT))
    back = {h["id"]: h for h in await store.list_highlights(article["id"]) or []}
    assert back[removed["id"]]["orphan"] is False
    assert TEXT[back[removed["id"]]["start"] : back[removed["id"]]["end"]] == (
        "sets the scene for the reader"
    )


async def test_closed_store_refuses_work(db_path: Path) -> None:
    store = await Store.open(db_path)
    await store.close()
    with pytest.raises(StoreClosed):
        await store.get_article(1)
    with pytest.raises(StoreClosed):
        await store.delete_article(1)


def test_sync_store_shares_the_operations(sync_store: SyncStore, make_article: Any) -> None:
    article, created = sync_store.save_article(URL, make_article(TEXT))
    assert created
    assert sync_store.get_article(article["id"]) == article
    highlight = sync_store.add_highlight(
        {"article_id": article["id"], "exact": "Memory", "start": TEXT.index("Memory"),
         "end": TEXT.index("Memory") + 6}
    )  # fmt: skip
    assert highlight is not None
    assert highlight["color"] == "yellow"
    assert sync_store.search("memory ", limit=5, offset=0)["total"] == 1
    assert sync_store.delete_article(article["id"])


async def found_articles(store: Store, words: str) -> list[int]:
    return [a["id"] for a in (await store.search(words, limit=10, offset=0))["articles"]]


async def test_resaving_the_same_text_keeps_the_search_index_right(
    store: Store, make_article: Any
) -> None:
    await store.save_article(URL, make_article(TEXT, title="Harbour"))
    resaved, created = await store.save_article(URL, make_article(TEXT, title="Harbour"))
    assert not created
    assert resaved["text"] == TEXT
    assert await found_articles(store, "residue") == [resaved["id"]]
    assert await found_articles(store, "harbour") == [resaved["id"]]
    await store.save_article(URL, make_article(TEXT, title="Lighthouse"))  # the title alone
    assert await found_articles(store, "lighthouse") == [resaved["id"]]
    assert await found_articles(store, "harbour") == []
    assert await found_articles(store, "residue") == [resaved["id"]]

    def fts_integrity(db: Any) -> None:
        db.execute("INSERT INTO articles_fts (articles_fts) VALUES ('integrity-check')")

    await store.execute_write_fn(fts_integrity)  # raises if the index and the table disagree
