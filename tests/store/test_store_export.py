"""Export formats and the idempotent import of the JSON export."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from readmode.store import InvalidInput, Store, SyncStore

TEXT = (
    "Memory is the residue of thought.\n\n"
    "Quotes can span\nseveral lines.\n\n"
    "Everything [else] is (optional)."
)


@pytest.fixture
async def filled(store: Store, make_article: Any, quote_of: Callable[..., dict[str, Any]]) -> Store:
    article, _ = await store.save_article(
        "https://example.com/a?x=1", make_article(TEXT, title="Title [with] brackets")
    )
    await store.add_highlight(
        quote_of(article, "residue of thought", note="Why it matters", tags=["memory", "big idea"])
    )
    await store.add_highlight(quote_of(article, "Quotes can span\nseveral lines", color="green"))
    orphan = quote_of(article, "residue of thought")
    orphan["exact"] = "not in the text any more"
    await store.add_highlight(orphan)
    await store.save_article("https://example.com/empty", make_article("Nothing marked.", title=""))
    return store


async def test_markdown(filled: Store) -> None:
    markdown = await filled.export("markdown")
    assert markdown.startswith("# Readmode highlights\n")
    assert "## [Title \\[with\\] brackets](https://example.com/a?x=1)\n" in markdown
    assert "Example · 2024-03-01 · saved " in markdown
    assert "> residue of thought\n\nWhy it matters\n\n#memory #big-idea\n" in markdown
    assert "> Quotes can span\n> several lines\n" in markdown
    assert "*(no longer found in the current text)*" in markdown
    assert "## [https://example.com/empty](https://example.com/empty)" in markdown


async def test_json_document(filled: Store) -> None:
    document = json.loads(await filled.export("json"))
    assert document["format"] == "readmode-export"
    assert document["version"] == 1
    assert document["exported_at"].endswith("Z")
    first = document["articles"][0]
    assert first["text"] == TEXT
    assert first["content_html"].startswith("<p>")
    assert [h["exact"] for h in first["highlights"]][:2] == [
        "residue of thought",
        "Quotes can span\nseveral lines",
    ]
    assert all(len(h["uid"]) == 32 for h in first["highlights"])
    assert first["highlights"][-1]["orphan"] is True


async def test_json_round_trip_restores_everything(filled: Store, tmp_path: Path) -> None:
    document = json.loads(await filled.export("json"))
    other = await Store.open(tmp_path / "other" / "readmode.db")
    try:
        counts = await other.import_json(document)
        assert counts == {
            "articles": {"created": 2, "updated": 0},
            "highlights": {"created": 3, "skipped": 0},
        }
        again = json.loads(await other.export("json"))
        for exported in (document, again):
            del exported["exported_at"]
            for article in exported["articles"]:
                del article["id"]
        assert again == document
        # Second import of the same document: nothing created, nothing changed.
        counts = await other.import_json(document)
        assert counts == {
            "articles": {"created": 0, "updated": 0},
            "highlights": {"created": 0, "skipped": 3},
        }
        assert (await other.list_articles(limit=10, offset=0))[0] == 2
        # Searching works on imported data (FTS triggers ran).
        assert (await other.search("residue ", limit=5, offset=0))["total"] == 1
    finally:
        await other.close()


async def test_import_into_the_same_database_is_idempotent(filled: Store) -> None:
    document = json.loads(await filled.export("json"))
    counts = await filled.import_json(document)
    assert counts["articles"] == {"created": 0, "updated": 0}
    assert counts["highlights"] == {"created": 0, "skipped": 3}


async def test_newer_import_updates_and_reanchors(filled: Store) -> None:
    document = json.loads(await filled.export("json"))
    article = document["articles"][0]
    article["text"] = "A new first paragraph.\n\n" + article["text"]
    article["updated_at"] = "2999-01-01T00:00:00.000Z"
    article["highlights"] = []
    counts = await filled.import_json(document)
    assert counts["articles"] == {"created": 0, "updated": 1}
    _, items = await filled.list_articles(limit=10, offset=0, url="https://example.com/a?x=1")
    highlights = await filled.list_highlights(items[0]["id"]) or []
    text = article["text"]
    kept = [h for h in highlights if not h["orphan"]]
    assert {text[h["start"] : h["end"]] for h in kept} == {
        "residue of thought",
        "Quotes can span\nseveral lines",
    }


def test_import_without_uids_uses_position_and_time(sync_store: SyncStore) -> None:
    document = {
        "format": "readmode-export",
        "version": 1,
        "articles": [
            {"url": "https://example.com/h", "title": "Hand made", "text": "Hello brave world",
             "content_html": "<p>Hello brave world</p>", "updated_at": "2024-01-01T00:00:00Z",
             "highlights": [{"exact": "brave", "start": 6, "end": 11,
                             "created_at": "2024-01-02T00:00:00Z"}]},
        ],
    }  # fmt: skip
    first = sync_store.import_json(document)
    second = sync_store.import_json(document)
    assert first["highlights"] == {"created": 1, "skipped": 0}
    assert second == {
        "articles": {"created": 0, "updated": 0},
        "highlights": {"created": 0, "skipped": 1},
    }


def test_imported_html_and_links_are_made_safe(sync_store: SyncStore) -> None:
    """An export file is user input: it gets the extractor's allowlist, and only web links."""
    document = {
        "format": "readmode-export",
        "version": 1,
        "articles": [
            {"url": "https://example.com/x", "title": "X", "text": "Hello",
             "content_html": '<p onclick="alert(1)">Hello<script>alert(2)</script></p>'
                             '<meta http-equiv="refresh" content="0;url=https://evil.example">',
             "canonical_url": "javascript:alert(3)", "lead_image_url": "data:text/html,x",
             "updated_at": "2024-01-01T00:00:00Z", "highlights": []},
        ],
    }  # fmt: skip
    sync_store.import_json(document)
    _, articles = sync_store.list_articles(limit=1, offset=0)
    article = sync_store.get_article(articles[0]["id"])
    assert article is not None
    assert article["content_html"] == "<p>Hello</p>"
    assert article["canonical_url"] is None
    assert article["lead_image_url"] is None


@pytest.mark.parametrize(
    ("document", "field"),
    [
        ([], None),
        ({"format": "other", "version": 1, "articles": []}, "/format"),
        ({"format": "readmode-export", "version": 2, "articles": []}, "/version"),
        ({"format": "readmode-export", "version": 1, "articles": {}}, "/articles"),
        ({"format": "readmode-export", "version": 1, "articles": [3]}, "/articles/0"),
        ({"format": "readmode-export", "version": 1, "articles": [{"url": ""}]}, "/articles/0/url"),
        (
            {"format": "readmode-export", "version": 1,
             "articles": [{"url": "https://a.b/", "word_count": "many"}]},
            "/articles/0/word_count",
        ),
        (
            {"format": "readmode-export", "version": 1,
             "articles": [{"url": "https://a.b/", "text": "abc",
                           "highlights": [{"exact": "a", "start": 0, "end": 1, "color": "x"}]}]},
            "/articles/0/highlights/0/color",
        ),
    ],
)  # fmt: skip
def test_bad_documents_are_refused_and_write_nothing(
    sync_store: SyncStore, document: Any, field: str | None
) -> None:
    valid = {"url": "https://valid.example/", "text": "fine"}
    if isinstance(document, dict) and isinstance(document.get("articles"), list):
        document["articles"].insert(0, valid)
        field = field.replace("/articles/0", "/articles/1") if field else field
    with pytest.raises(InvalidInput) as caught:
        sync_store.import_json(document)
    assert caught.value.field == field
    assert sync_store.list_articles(limit=10, offset=0) == (0, [])


async def test_annotations(filled: Store) -> None:
    collection = json.loads(await filled.export("annotations"))
    assert collection["@context"] == "http://www.w3.org/ns/anno.jsonld"
    assert collection["type"] == "AnnotationCollection"
    page = collection["first"]
    assert page["type"] == "AnnotationPage"
    items = page["items"]
    assert collection["total"] == len(items) == 3
    ids = set()
    for annotation in items:
        assert annotation["type"] == "Annotation"
        assert annotation["id"].startswith("urn:uuid:")
        assert len(annotation["id"]) == 45
        ids.add(annotation["id"])
        assert annotation["motivation"] in ("highlighting", "commenting")
        target = annotation["target"]
        assert target["source"] == "https://example.com/a?x=1"
        selectors = {selector["type"]: selector for selector in target["selector"]}
        quote = selectors["TextQuoteSelector"]
        assert set(quote) == {"type", "exact", "prefix", "suffix"}
        if "TextPositionSelector" in selectors:
            position = selectors["TextPositionSelector"]
            assert TEXT[position["start"] : position["end"]] == quote["exact"]
        else:
            assert quote["exact"] == "not in the text any more"  # orphans have no position
        for body in annotation.get("body", []):
            assert body["type"] == "TextualBody"
            assert body["purpose"] in ("commenting", "tagging")
            assert isinstance(body["value"], str)
    assert len(ids) == 3
    noted = next(a for a in items if a["motivation"] == "commenting")
    assert noted["body"] == [
        {"type": "TextualBody", "value": "Why it matters", "format": "text/plain",
         "purpose": "commenting"},
        {"type": "TextualBody", "value": "memory", "purpose": "tagging"},
        {"type": "TextualBody", "value": "big idea", "purpose": "tagging"},
    ]  # fmt: skip


async def test_unknown_format(store: Store) -> None:
    with pytest.raises(InvalidInput):
        await store.export("pdf")
