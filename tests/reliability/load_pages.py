"""Generated article pages for the load tests (the benchmark uses the real corpus instead)."""

from __future__ import annotations

import random
import sys
from pathlib import Path

from web.helpers import ARTICLE_HTML

REPO_ROOT = Path(__file__).resolve().parents[2]
if str(REPO_ROOT) not in sys.path:  # bench/ is not installed; the bench tests do the same
    sys.path.insert(0, str(REPO_ROOT))

from bench.mixed import PageSource  # noqa: E402

WORDS = (
    "harbour", "lighthouse", "keeper", "boats", "morning", "quay", "gulls", "catch", "tide",
    "lantern", "storm", "sailors", "village", "market", "bread", "orchard", "river", "bridge",
    "mill", "winter", "summer", "letters", "journey", "station", "railway", "engine", "valley",
    "mountain", "forest", "meadow", "garden", "library", "archive", "museum", "painting",
)  # fmt: skip


def generated_pages(count: int, seed: int = 3) -> list[PageSource]:
    """Readable articles with varied words (so that searches match some and not others)."""
    rng = random.Random(seed)
    pages = []
    for number in range(count):
        paragraphs = "\n".join(
            "<p>" + " ".join(rng.choice(WORDS) for _ in range(45)).capitalize() + ".</p>"
            for _ in range(8)
        )
        html = ARTICLE_HTML.format(paragraphs=paragraphs)
        pages.append(PageSource.of(f"https://example.com/story/{number}", html))
    return pages
