"""Repeated lines: a widget's line repeated in a row appears once; an author's refrain stays."""

from __future__ import annotations

from readmode.extract import extract

PROSE = "".join(
    f"<p>Paragraph {n} of the report, long enough to be read as prose, with a comma, too.</p>"
    for n in range(8)
)


def _article(extra: str) -> str:
    return f"<html><body><article><h1>Storm report</h1>{extra}{PROSE}</article></body></html>"


def test_a_slide_title_repeated_per_slide_appears_once() -> None:
    titles = "".join(
        '<div class="slide-title">Weather threatens holiday plans</div>' for _ in range(14)
    )
    text = extract(_article(f"<div class='gallery'>{titles}</div>"), "https://example.org/a").text
    assert text.count("Weather threatens holiday plans") == 1


def test_a_refrain_between_verses_stays() -> None:
    refrain = "<p>And the river keeps on rolling to the sea</p>"
    verse = "<p>We walked along the levee when the summer light was long, and we sang.</p>"
    poem = refrain + verse + refrain + verse + refrain
    text = extract(_article(poem), "https://example.org/a").text
    assert text.count("And the river keeps on rolling to the sea") == 3
