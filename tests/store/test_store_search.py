"""Search: syntax, filters, ranking, snippets and hostile input, on a real database."""

from __future__ import annotations

import asyncio
import re
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from readmode.store import InvalidInput, Store, SyncStore
from readmode.store.search import MAX_TOTAL


def _article(url: str, title: str, text: str, highlights: list[dict[str, Any]]) -> dict[str, Any]:
    for highlight in highlights:
        start = text.index(highlight["exact"])
        highlight.setdefault("start", start)
        highlight.setdefault("end", start + len(highlight["exact"]))
        highlight.setdefault("prefix", "")
        highlight.setdefault("suffix", "")
    return {"url": url, "title": title, "site_name": title, "text": text,
            "content_html": "<p>x</p>", "saved_at": "2024-01-01T00:00:00.000Z",
            "updated_at": "2024-01-01T00:00:00.000Z", "highlights": highlights}  # fmt: skip


LIBRARY = {
    "format": "readmode-export",
    "version": 1,
    "exported_at": "2024-06-01T00:00:00.000Z",
    "articles": [
        _article(
            "https://blog.example.com/memory",
            "On memory",
            "Memory is the residue of thought. Café culture shaped the essay. "
            "Reading slowly helps. Spaced repetition beats rereading.",
            [
                {"exact": "Memory is the residue of thought", "color": "yellow",
                 "tags": ["Learning"], "note": "Willingham",
                 "created_at": "2024-01-10T09:00:00.000Z"},
                {"exact": "Café culture shaped the essay", "color": "green", "tags": ["history"],
                 "created_at": "2024-02-10T09:00:00.000Z"},
                {"exact": "Spaced repetition beats rereading", "color": "blue",
                 "tags": ["learning", "method"], "note": "try anki for memory",
                 "created_at": "2024-03-10T09:00:00.000Z"},
            ],
        ),
        _article(
            "https://other.org/essay",
            "Another essay",
            "Reading <b>bold</b> & unafraid: a memoir of memory. Thought experiments are fun.",
            [
                {"exact": "Reading <b>bold</b> & unafraid", "color": "pink", "tags": ["html"],
                 "created_at": "2024-04-10T09:00:00.000Z"},
                {"exact": "Thought experiments are fun", "color": "yellow", "tags": [],
                 "note": "memory palace", "created_at": "2024-05-10T09:00:00.000Z"},
            ],
        ),
    ],
}  # fmt: skip


@pytest.fixture
def library(sync_store: SyncStore) -> SyncStore:
    sync_store.import_json(LIBRARY)
    return sync_store


def quotes(store: SyncStore, q: str, **page: int) -> list[str]:
    result = store.search(q, limit=page.get("limit", 20), offset=page.get("offset", 0))
    return [item["highlight"]["exact"] for item in result["results"]]


def test_result_shape(library: SyncStore) -> None:
    result = library.search("residue ", limit=20, offset=0)
    assert set(result) == {"total", "results", "articles"}
    assert result["total"] == 1
    item = result["results"][0]
    assert set(item) == {"highlight", "article", "snippet"}
    assert item["article"] == {
        "id": item["highlight"]["article_id"],
        "title": "On memory",
        "url": "https://blog.example.com/memory",
        "site_name": "On memory",
    }
    assert item["snippet"] == "Memory is the <mark>residue</mark> of thought"
    assert result["articles"][0]["snippet"].count("<mark>residue</mark>") == 1


def test_words_are_anded_and_case_and_accent_insensitive(library: SyncStore) -> None:
    assert quotes(library, "CAFE essay ") == ["Café culture shaped the essay"]
    assert quotes(library, "café ") == ["Café culture shaped the essay"]
    assert quotes(library, "cafe nothing ") == []


def test_phrase(library: SyncStore) -> None:
    assert quotes(library, '"residue of thought"') == ["Memory is the residue of thought"]
    assert quotes(library, '"thought of residue"') == []


def test_prefix_explicit_and_as_you_type(library: SyncStore) -> None:
    assert quotes(library, "repet* ") == ["Spaced repetition beats rereading"]
    assert quotes(library, "spaced repet") == ["Spaced repetition beats rereading"]
    assert quotes(library, "spaced repet ") == []  # a finished word is a whole word


def test_not(library: SyncStore) -> None:
    assert sorted(quotes(library, "memory -anki ")) == [
        "Memory is the residue of thought",
        "Thought experiments are fun",
    ]
    # Only exclusions: everything else, newest first.
    assert quotes(library, "-memory ") == [
        "Reading <b>bold</b> & unafraid",
        "Café culture shaped the essay",
    ]


def test_note_column_only(library: SyncStore) -> None:
    assert sorted(quotes(library, "note:memory ")) == [
        "Spaced repetition beats rereading",
        "Thought experiments are fun",
    ]
    assert quotes(library, "note:residue ") == []
    assert quotes(library, "note:willing") == ["Memory is the residue of thought"]


def test_filters_alone_list_newest_first(library: SyncStore) -> None:
    assert quotes(library, "tag:learning") == [
        "Spaced repetition beats rereading",
        "Memory is the residue of thought",
    ]
    assert quotes(library, "tag:LEARNING tag:method") == ["Spaced repetition beats rereading"]
    assert quotes(library, "tag:#history") == ["Café culture shaped the essay"]
    assert quotes(library, "color:yellow") == [
        "Thought experiments are fun",
        "Memory is the residue of thought",
    ]
    assert quotes(library, "color:yellow color:pink")[:2] == [
        "Thought experiments are fun",
        "Reading <b>bold</b> & unafraid",
    ]
    assert quotes(library, "color:orange") == []
    assert quotes(library, "site:other.org") == [
        "Thought experiments are fun",
        "Reading <b>bold</b> & unafraid",
    ]
    assert len(quotes(library, "site:example.com")) == 3  # sub-domains included
    assert quotes(library, "site:ample.com") == []
    assert quotes(library, "after:2024-03-10 before:2024-05-01") == [
        "Reading <b>bold</b> & unafraid",
        "Spaced repetition beats rereading",
    ]
    assert quotes(library, "-tag:learning -color:pink -site:blog.example.com") == [
        "Thought experiments are fun"
    ]


def test_filters_combine_with_words(library: SyncStore) -> None:
    assert quotes(library, "memory site:other.org ") == ["Thought experiments are fun"]
    assert quotes(library, "memory tag:learning color:yellow ") == [
        "Memory is the residue of thought"
    ]
    result = library.search("memory tag:learning ", limit=10, offset=0)
    assert result["articles"] == []  # tag: is about highlights only


def test_ranking_prefers_quote_over_note_over_tags(sync_store: SyncStore) -> None:
    # Created in the opposite order, so recency would give the reverse ranking.
    text = "Alpha zebra. Beta quote. Gamma quote."
    highlights = [
        {"exact": "Alpha zebra", "created_at": "2024-01-01T00:00:00.000Z"},
        {"exact": "Beta quote", "note": "zebra", "created_at": "2024-01-02T00:00:00.000Z"},
        {"exact": "Gamma quote", "tags": ["zebra"], "created_at": "2024-01-03T00:00:00.000Z"},
    ]
    sync_store.import_json(
        {**LIBRARY, "articles": [_article("https://example.com/r", "R", text, highlights)]}
    )
    assert quotes(sync_store, "zebra ") == ["Alpha zebra", "Beta quote", "Gamma quote"]


def test_snippets_escape_html(library: SyncStore) -> None:
    result = library.search("bold ", limit=10, offset=0)
    assert result["results"][0]["snippet"] == (
        "Reading &lt;b&gt;<mark>bold</mark>&lt;/b&gt; &amp; unafraid"
    )
    article_snippet = result["articles"][0]["snippet"]
    assert "<b>" not in article_snippet
    assert "&lt;b&gt;<mark>bold</mark>" in article_snippet


def test_snippet_comes_from_the_note_when_only_the_note_matches(library: SyncStore) -> None:
    result = library.search("palace ", limit=10, offset=0)
    assert result["results"][0]["snippet"] == "memory <mark>palace</mark>"


def test_snippet_without_words_is_the_escaped_quote(library: SyncStore) -> None:
    result = library.search("tag:html", limit=10, offset=0)
    assert result["results"][0]["snippet"] == "Reading &lt;b&gt;bold&lt;/b&gt; &amp; unafraid"


def test_delimiter_characters_in_text_cannot_forge_marks(sync_store: SyncStore) -> None:
    text = "Sneaky \ue000fake\ue001 mark around target word."
    sync_store.import_json(
        {**LIBRARY, "articles": [_article("https://example.com/s", "S", text, [{"exact": text}])]}
    )
    snippet = sync_store.search("target ", limit=10, offset=0)["results"][0]["snippet"]
    assert snippet == "Sneaky fake mark around target word."
    assert all(tag in ("<mark>", "</mark>") for tag in re.findall(r"<[^>]*>", snippet))


def test_paging(library: SyncStore) -> None:
    everything = quotes(library, "color:yellow color:pink color:green color:blue")
    assert len(everything) == 5
    assert (
        quotes(library, "color:yellow color:pink color:green color:blue", limit=2, offset=1)
        == (everything[1:3])
    )
    result = library.search("memory ", limit=1, offset=1)
    assert result["total"] == 3
    assert len(result["results"]) == 1
    assert result["articles"] == []  # articles come with the first page only
    with pytest.raises(InvalidInput):
        library.search("memory", limit=0, offset=0)


def test_many_matches_are_capped_and_newest_first(sync_store: SyncStore) -> None:
    count = MAX_TOTAL + 5
    text = " ".join(f"common w{number}." for number in range(count))
    highlights = [
        {"exact": f"common w{number}.", "created_at": f"2024-01-01T00:00:00.{number:04d}Z"}
        for number in range(count)
    ]
    sync_store.import_json(
        {**LIBRARY, "articles": [_article("https://e.com/", "E", text, highlights)]}
    )
    result = sync_store.search("common ", limit=3, offset=0)
    assert result["total"] == MAX_TOTAL
    assert [r["highlight"]["exact"] for r in result["results"]] == [
        f"common w{count - 1}.", f"common w{count - 2}.", f"common w{count - 3}."
    ]  # fmt: skip


HOSTILE = [
    '"', '""', '"unterminated phrase', "AND", "OR NOT AND", "NEAR(", "NEAR(memory thought, 2)",
    "*", "**", "memory*thought", "-", "--", "- -memory", ":", "::", "tag:", "note:", "note:*",
    "site:", "color:", "before:", "after:2024-99-99", "{exact}: memory", "exact:memory", "^memory",
    "🙂", "🙂 memory 🙂", "\x00", "memory\x00thought", "\ud800", "mem\udfffory",
    "'; DROP TABLE x;--",
    "a" * 10_000, ("memory " * 2000), "\\", "%", "_", "(", ")", "()", "[]", "\u200b", "\t\n",
]  # fmt: skip


@pytest.mark.parametrize("q", HOSTILE)
def test_hostile_queries_return_results_not_errors(library: SyncStore, q: str) -> None:
    result = library.search(q, limit=20, offset=0)
    assert isinstance(result["results"], list)
    assert isinstance(result["articles"], list)
    assert result["total"] >= len(result["results"])


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(q=st.text(max_size=120))
def test_any_text_searches_without_error(library: SyncStore, q: str) -> None:
    result = library.search(q, limit=5, offset=0)
    assert isinstance(result["results"], list)
    for item in result["results"]:
        assert set(re.findall(r"<[^>]*>", item["snippet"])) <= {"<mark>", "</mark>"}


async def test_async_search_and_empty_queries(store: Store) -> None:
    assert await store.search("", limit=20, offset=0) == {"total": 0, "results": [], "articles": []}
    assert await store.search("   ", limit=20, offset=0) == {
        "total": 0,
        "results": [],
        "articles": [],
    }


# --- any query through the real async Store (reader threads included), schema-checked ---------

QUERY_PIECES = [
    "memory", "mem", "thought", "café", "CAFE", "reading", "tag:learning", "tag:", "-tag:html",
    "site:example.com", "site:", "color:green", "-color:pink", "color:", "note:palace", "note:",
    "before:2024-03-01", "after:2024-02-01", "after:2024-13-45", "before:", '"', '"memory is',
    "*", "mem*", "-", "-memory", "AND", "OR", "NOT", "NEAR(", "NEAR(memory thought, 2)", "^",
    "{exact}:", "exact:", ":", "(", ")", "<mark>", "</mark>", "&amp;", "<b>", "'", ";", "%", "_",
    "\\", "🙂", "👩‍👩‍👧", "🇺🇦", "\x00", "\ud800", "\udfff", "\u200b", "\ufeff", "İ", "ǅ", " ",
    "\t", "\n", "\u3000",
]  # fmt: skip
ANY_CHARACTER = st.characters(exclude_categories=())  # lone surrogates and NUL included
QUERIES = st.one_of(
    st.lists(st.sampled_from(QUERY_PIECES), min_size=1, max_size=3).map(" ".join),  # hits
    st.text(ANY_CHARACTER, max_size=300),
    st.builds(
        str.join,
        st.sampled_from(["", " ", "  "]),
        st.lists(st.sampled_from(QUERY_PIECES) | st.text(ANY_CHARACTER, max_size=8), max_size=60),
    ),
    # ~10 kB: one piece or a short mix repeated, so generating it stays cheap
    st.builds(
        lambda pieces, times: "".join(pieces) * times,
        st.lists(st.sampled_from(QUERY_PIECES), min_size=1, max_size=5),
        st.integers(500, 2500),
    ),
)


def test_any_query_gives_a_result_page_through_the_async_store(db_path: Any) -> None:
    """Whatever ``q`` (surrogates, NUL, emoji, FTS5 operators, filters, 10 kB) and whatever valid
    page, ``Store.search`` answers a page that matches schemas/search-response.json."""
    from readmode.web.schemas import SchemaSet

    schemas = SchemaSet()
    with asyncio.Runner() as runner:
        store = runner.run(Store.open(db_path))
        try:
            runner.run(store.import_json(LIBRARY))

            @settings(
                max_examples=200, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
            )  # fmt: skip
            @given(
                q=QUERIES,
                limit=st.integers(1, 1000),
                offset=st.integers(0, 3) | st.integers(0, 2**62),
            )
            def search_answers(q: str, limit: int, offset: int) -> None:
                result = runner.run(store.search(q, limit=limit, offset=offset))
                assert schemas.response_errors("search-response", result) == []
                assert len(result["results"]) <= limit
                assert result["total"] >= offset + len(result["results"]) or not result["results"]
                for item in [*result["results"], *result["articles"]]:
                    assert set(re.findall(r"<[^>]*>", item["snippet"])) <= {"<mark>", "</mark>"}

            search_answers()
        finally:
            runner.run(store.close())
