"""Titles from ``<title>`` alone (no og:title, no JSON-LD): Readability.js's rules."""

from __future__ import annotations

import pytest
from readmode.extract import extract

BODY = (
    "<p>"
    + "A sentence long enough to count as an article paragraph, with commas, too. " * 12
    + "</p>"
)


def _title(document_title: str, headings: str = "") -> str:
    html = (
        f"<html><head><title>{document_title}</title></head>"
        f"<body>{headings}<article>{BODY}{BODY}</article></body></html>"
    )
    return extract(html, "https://example.org/a").title


@pytest.mark.parametrize(
    ("document_title", "expected"),
    [
        # the last separator cuts the site name off; "—" and "–" are separators like "|" and "-"
        (
            "How rivers shape the towns beside them | The Slow Atlas",
            "How rivers shape the towns beside them",
        ),
        (
            "Firefox — Customize and make it your own — The most flexible browser — Mozilla",
            "Firefox — Customize and make it your own — The most flexible browser",
        ),
        ("Notes on the winter garden – Field Journal", "Notes on the winter garden"),
        # what is left after the cut is four words or fewer: the whole title stays
        (
            "Evolve: Shared Mutable History — evolve extension for Mercurial",
            "Evolve: Shared Mutable History — evolve extension for Mercurial",
        ),
        # a colon: the part after it, unless a heading shows the whole title
        ("Field Journal: Notes on the long winter garden", "Notes on the long winter garden"),
    ],
)
def test_document_title(document_title: str, expected: str) -> None:
    assert _title(document_title) == expected


def test_a_heading_with_the_whole_title_keeps_the_colon() -> None:
    title = "Field Journal: Notes on the long winter garden"
    assert _title(title, f"<h1>{title}</h1>") == title
