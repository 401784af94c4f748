"""The declutter safety valve: a rule that would take the article, whole or piece by piece,
removes nothing (and the listing says so)."""

from __future__ import annotations

from readmode.extract import extract

SENTENCES = [
    "The harbour wall was rebuilt in granite after the storm of 1881 broke the old timber pier.",
    "Fishing boats moored inside it for a century, until the cannery closed and the fleet left.",
    "Today the quay is lined with cafes, and the old net lofts have become artists' studios.",
    "The council wants to dredge the basin so that larger yachts can use the harbour again.",
    "Residents worry that the work will disturb the seagrass beds that shelter young fish.",
    "A public meeting on the plans is planned for the spring, before any contract is signed.",
]


def _page(paragraphs: str) -> str:
    return (
        "<html><head><title>The harbour wall</title></head><body>"
        f"<article><h1>The harbour wall</h1>{paragraphs}</article>"
        "<aside class='membership'><p>Become a member</p><a href='/join'>Join</a></aside>"
        "</body></html>"
    )


def test_a_rule_naming_every_paragraph_one_by_one_removes_none() -> None:
    # Each paragraph sits in its own small 'membership' box: no single box is the article,
    # but together they are all of it.
    paragraphs = "".join(
        f"<div class='membership-content'><span>{s}</span></div>" for s in SENTENCES
    )
    article = extract(_page(paragraphs.replace("span", "p")), "https://example.org/harbour")
    for sentence in SENTENCES:
        assert sentence in article.text
    restored = [r for r in article.removals if r.rule == "paywalls" and r.restored]
    assert len(restored) >= len(SENTENCES)


def test_paragraphs_marked_paywall_are_the_article_and_the_box_still_goes() -> None:
    paragraphs = "".join(f"<p class='paywall'>{s}</p>" for s in SENTENCES)
    article = extract(_page(paragraphs), "https://example.org/harbour")
    for sentence in SENTENCES:
        assert sentence in article.text
    assert "Become a member" not in article.text


def test_a_teaser_rail_longer_than_a_short_article_still_goes() -> None:
    teasers = "".join(
        f"<li><a href='/story-{n}'>Headline number {n} about the harbour</a>"
        f"<p>A summary of story {n}, long enough to count as a paragraph of text, about boats.</p>"
        "</li>"
        for n in range(6)
    )
    html = (
        "<html><head><title>Harbour wall reopens</title></head><body><article>"
        f"<h1>Harbour wall reopens</h1><p>{SENTENCES[0]}</p><p>{SENTENCES[1]}</p>"
        f"<p>{SENTENCES[2]}</p>"
        f"<div><h3>More news</h3><ul>{teasers}</ul></div>"
        "</article></body></html>"
    )
    article = extract(html, "https://example.org/harbour")
    assert SENTENCES[2] in article.text
    assert "A summary of story" not in article.text
