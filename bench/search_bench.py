"""Search and insert latency of the readmode store on a synthetic library.

    python bench/search_bench.py --highlights 100000 --articles 5000 [--db PATH] [--seed N]

Generates articles and highlights from an invented vocabulary whose word frequencies follow
Zipf's law (so there are very common words and a long tail, as in real prose), loads them, then
times queries through :class:`readmode.store.Store` (the same code path as ``GET /api/search``,
reader thread included):

- **word**: one word drawn from ranks 50..5000 (people rarely search for "the");
- **phrase**: two consecutive words taken from a stored highlight, quoted;
- **prefix**: as-you-type — a word plus the first 2-4 letters of the next one, no trailing space;
- **filter**: ``tag:``, ``site:`` and ``color:`` alone or with a word (listing / filtering paths);

and the latency of ``Store.add_highlight``. Targets: search p50 < 5 ms and p95 < 20 ms, insert
p50 < 5 ms. With ``--db PATH`` an existing database that is large enough is reused.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

from readmode.extract import Article
from readmode.store import Store
from readmode.store.anchor import Placement
from readmode.store.articles import upsert_article
from readmode.store.connection import open_writer
from readmode.store.highlights import insert_highlight
from readmode.store.rows import fetch_value, utc_now

SYLLABLES = (
    "ba", "be", "bi", "bo", "bu", "da", "de", "di", "do", "du", "fa", "fe", "fi", "fo", "ga",
    "ge", "go", "ka", "ke", "ki", "ko", "la", "le", "li", "lo", "lu", "ma", "me", "mi", "mo",
    "na", "ne", "ni", "no", "nu", "pa", "pe", "pi", "po", "ra", "re", "ri", "ro", "ru", "sa",
    "se", "si", "so", "ta", "te", "ti", "to", "va", "ve", "vi", "za", "zo", "tra", "pre", "ston",
    "mar", "quel", "dor", "ven",
)  # fmt: skip
ARTICLE_COLUMNS = (
    "title", "byline", "site_name", "published", "lang", "dir", "excerpt", "lead_image_url",
    "content_html", "text", "word_count", "reading_minutes",
)  # fmt: skip
TAGS = [f"topic{i}" for i in range(40)] + ["to-read", "quote", "idea", "work", "later"]
COLORS = ("yellow", "green", "blue", "pink", "purple")
WORDS_PER_ARTICLE = (300, 1500)
SEARCH_QUERIES = 300
INSERTS = 300
QUERY_KINDS = ("word", "phrase", "prefix", "filter")
TARGETS = {"search_p50": 5.0, "search_p95": 20.0, "insert_p50": 5.0}


def make_vocabulary(rng: random.Random, size: int = 30000) -> list[str]:
    words: set[str] = set()
    while len(words) < size:
        words.add("".join(rng.choices(SYLLABLES, k=rng.choice((1, 2, 2, 3, 3, 4)))))
    vocabulary = sorted(words)
    rng.shuffle(vocabulary)
    vocabulary.sort(key=len)  # short words are the frequent ones, as in real languages
    return vocabulary


def zipf_weights(size: int, exponent: float = 1.07) -> list[float]:
    return list(itertools.accumulate(1 / (rank**exponent) for rank in range(1, size + 1)))


def make_text(rng: random.Random, vocabulary: list[str], cumulative: list[float]) -> str:
    words = rng.choices(vocabulary, cum_weights=cumulative, k=rng.randint(*WORDS_PER_ARTICLE))
    paragraphs, index = [], 0
    while index < len(words):
        length = rng.randint(40, 120)
        sentence = " ".join(words[index : index + length])
        paragraphs.append(sentence[:1].upper() + sentence[1:] + ".")
        index += length
    return "\n\n".join(paragraphs)


def article(title: str, text: str) -> Article:
    return Article(
        title=title, byline=None, site_name="Bench", published=None, lang="en", dir="ltr",
        excerpt=None, lead_image_url=None, content_html=f"<p>{text[:200]}</p>", text=text,
        word_count=text.count(" ") + 1, reading_minutes=1, url=None,
    )  # fmt: skip


def populate(path: Path, articles: int, highlights: int, rng: random.Random) -> list[str]:
    """Fill the database; returns the vocabulary (by frequency rank)."""
    vocabulary = make_vocabulary(rng)
    cumulative = zipf_weights(len(vocabulary))
    db = open_writer(path)
    try:
        existing = fetch_value(db, "SELECT count(*) FROM highlights") or 0
        if existing >= highlights and (fetch_value(db, "SELECT count(*) FROM articles") or 0) >= (
            articles
        ):
            print(f"reusing {path} ({existing} highlights)")
            return vocabulary
        started = time.perf_counter()
        per_article = max(1, highlights // articles)
        created = 0
        now = utc_now()
        with db.atomic():
            for number in range(articles):
                text = make_text(rng, vocabulary, cumulative)
                title = " ".join(rng.choices(vocabulary[:3000], k=rng.randint(3, 8))).title()
                values = {name: getattr(article(title, text), name) for name in ARTICLE_COLUMNS}
                values["canonical_url"] = None
                host = f"site{number % 200}.example.com"
                article_id, _, _ = upsert_article(
                    db, f"https://{host}/post/{number}", values, saved_at=now, updated_at=now
                )
                count = per_article if number < articles - 1 else highlights - created
                for _ in range(count):
                    start = rng.randrange(0, max(1, len(text) - 300))
                    start = text.rfind(" ", 0, start) + 1
                    end = min(len(text), start + rng.randint(40, 280))
                    placement = Placement(
                        text[start:end], text[max(0, start - 32) : start], text[end : end + 32],
                        start, end, "kept",
                    )  # fmt: skip
                    note = " ".join(rng.choices(vocabulary, cum_weights=cumulative, k=12))
                    insert_highlight(
                        db, article_id, placement, color=rng.choice(COLORS),
                        note=note if rng.random() < 0.2 else "",
                        tags=rng.sample(TAGS, rng.choice((0, 0, 1, 1, 2))),
                        created_at=now, updated_at=now,
                    )  # fmt: skip
                    created += 1
        db.execute("ANALYZE")
        elapsed = time.perf_counter() - started
        print(f"generated {articles} articles, {created} highlights in {elapsed:.1f} s")
    finally:
        db.close()
    return vocabulary


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


async def timed(calls: list[Callable[[], Awaitable[object]]]) -> list[float]:
    durations = []
    for call in calls:
        started = time.perf_counter()
        await call()
        durations.append((time.perf_counter() - started) * 1000)
    return durations


async def measure(path: Path, vocabulary: list[str], rng: random.Random) -> dict[str, float]:
    store = await Store.open(path)
    try:
        sample_quotes = (await store.search("tag:quote", limit=200, offset=0))["results"]
        quotes = [item["highlight"]["exact"].split() for item in sample_quotes] or [["bana"]]
        mid = vocabulary[50:5000]
        words = [rng.choice(mid) for _ in range(SEARCH_QUERIES)]
        phrases = []
        for _ in range(SEARCH_QUERIES):
            quote = rng.choice(quotes)
            first = rng.randrange(0, max(1, len(quote) - 1))
            phrases.append('"' + " ".join(quote[first : first + 2]).strip(".,") + '"')
        prefixes = []
        for _ in range(SEARCH_QUERIES):
            typed = rng.choice([w for w in vocabulary[20:3000] if len(w) >= 4][:2000])
            partial = typed[: rng.randint(2, 4)]
            prefixes.append(partial if rng.random() < 0.5 else f"{rng.choice(mid)} {partial}")
        filters = []
        for _ in range(SEARCH_QUERIES):
            kind = rng.choice(("tag", "site", "color"))
            value = {
                "tag": rng.choice(TAGS),
                "site": f"site{rng.randrange(200)}.example.com",
                "color": rng.choice(COLORS),
            }[kind]
            filters.append(
                f"{kind}:{value}" + (f" {rng.choice(mid)} " if rng.random() < 0.5 else "")
            )

        def searches(queries: list[str]) -> list[Callable[[], Awaitable[object]]]:
            return [lambda q=q: store.search(q, limit=20, offset=0) for q in queries]

        await timed(searches(words[:20]))  # warm the page cache and the reader connections
        results: dict[str, float] = {}
        kinds = (("word", words), ("phrase", phrases), ("prefix", prefixes), ("filter", filters))
        for name, queries in kinds:
            durations = await timed(searches(queries))
            results[f"{name}_p50"] = statistics.median(durations)
            results[f"{name}_p95"] = percentile(durations, 0.95)
        _, page = await store.list_articles(limit=50, offset=0)
        ids = [item["id"] for item in page]
        inserts = []
        for _ in range(INSERTS):
            article_id = rng.choice(ids)
            found = await store.get_article(article_id)
            assert found is not None
            text = found["text"]
            start = text.find(" ", rng.randrange(0, len(text) // 2)) + 1
            end = start + 60
            data = {"article_id": article_id, "exact": text[start:end], "prefix": "",
                    "suffix": "", "start": start, "end": end, "color": "green",
                    "tags": ["bench"]}  # fmt: skip
            inserts.append(lambda data=data: store.add_highlight(data))
        durations = await timed(inserts)
        results["insert_p50"] = statistics.median(durations)
        results["insert_p95"] = percentile(durations, 0.95)
        return results
    finally:
        await store.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--highlights", type=int, default=100_000)
    parser.add_argument("--articles", type=int, default=5_000)
    parser.add_argument("--db", type=Path, help="database file (default: a temporary file)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    if args.articles < 1 or args.highlights < 1:
        parser.error("--articles and --highlights must be positive")
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory(prefix="readmode-bench-") as scratch:
        path = args.db or Path(scratch) / "bench.db"
        vocabulary = populate(path, args.articles, args.highlights, rng)
        results = asyncio.run(measure(path, vocabulary, rng))
    print(f"{'measure':<12} {'ms':>8}")
    for name, value in results.items():
        print(f"{name:<12} {value:8.2f}")
    search_p50 = max(results[f"{kind}_p50"] for kind in QUERY_KINDS)
    search_p95 = max(results[f"{kind}_p95"] for kind in QUERY_KINDS)
    checks = {
        "search_p50": search_p50,
        "search_p95": search_p95,
        "insert_p50": results["insert_p50"],
    }
    missed = [name for name, value in checks.items() if value >= TARGETS[name]]
    for name, value in checks.items():
        status = "ok" if name not in missed else "MISSED"
        print(f"target {name} < {TARGETS[name]} ms: {value:.2f} ms {status}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
