"""URL normalisation: one key per article however the link was shared."""

from __future__ import annotations

import pytest
from readmode.store import normalize_url


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://example.com/a", "https://example.com/a"),
        ("HTTPS://EXAMPLE.COM/Path/Case", "https://example.com/Path/Case"),
        ("https://example.com", "https://example.com/"),
        ("http://example.com:80/a", "http://example.com/a"),
        ("https://example.com:443/a", "https://example.com/a"),
        ("https://example.com:8443/a", "https://example.com:8443/a"),
        ("http://example.com:443/a", "http://example.com:443/a"),
        ("https://example.com/a#section-2", "https://example.com/a"),
        ("https://example.com/a?utm_source=x&utm_medium=y&utm_campaign=z", "https://example.com/a"),
        ("https://example.com/a?UTM_Source=x", "https://example.com/a"),
        ("https://example.com/a?id=3&fbclid=abc", "https://example.com/a?id=3"),
        ("https://example.com/a?gclid=1&dclid=2&msclkid=3&yclid=4", "https://example.com/a"),
        (
            "https://example.com/a?mc_cid=1&mc_eid=2&igshid=3&ref_src=4&_ga=5",
            "https://example.com/a",
        ),
        ("https://example.com/a?b=2&a=1", "https://example.com/a?a=1&b=2"),
        ("https://example.com/a?q=caf%C3%A9&p=a+b", "https://example.com/a?p=a+b&q=caf%C3%A9"),
        ("https://example.com/a?ref=home", "https://example.com/a?ref=home"),
        ("https://example.com/a?", "https://example.com/a"),
        ("https://user@Example.com/a", "https://user@example.com/a"),
        ("http://[::1]:80/a", "http://[::1]/a"),
        ("https://example.com./a", "https://example.com/a"),
        ("  https://example.com/a  ", "https://example.com/a"),
        ("https://example.com/A%2Fb", "https://example.com/A%2Fb"),
    ],
)
def test_normalize_url(url: str, expected: str) -> None:
    assert normalize_url(url) == expected


@pytest.mark.parametrize("url", ["not a url", "", "http://[::1", "https://example.com:port/x"])
def test_unparseable_urls_come_back_stripped(url: str) -> None:
    assert normalize_url(f" {url} ") == url


def test_normalizing_is_idempotent() -> None:
    url = "HTTPS://Example.com:443/x/Y?utm_term=1&z=1&a=2#top"
    assert normalize_url(normalize_url(url)) == normalize_url(url)
