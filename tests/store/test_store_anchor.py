"""Re-anchoring highlights in changed text (pure functions)."""

from __future__ import annotations

import random
import time

from readmode.store.anchor import Quote, reanchor

TEXT = (
    "The first paragraph sets the scene for the reader.\n\n"
    "Memory is the residue of thought, and what we think about is what we remember.\n\n"
    "The last paragraph ends the article with a short summary of the argument."
)


def quote_in(text: str, exact: str, context: int = 20) -> Quote:
    start = text.index(exact)
    end = start + len(exact)
    return Quote(
        exact, text[max(0, start - context) : start], text[end : end + context], start, end
    )


def test_unchanged_text_keeps_the_highlight() -> None:
    quote = quote_in(TEXT, "residue of thought")
    placement = reanchor(quote, TEXT)
    assert placement.method == "kept"
    assert (placement.start, placement.end) == (quote.start, quote.end)
    assert (placement.prefix, placement.suffix) == (quote.prefix, quote.suffix)


def test_inserted_paragraph_before_moves_the_highlight() -> None:
    quote = quote_in(TEXT, "residue of thought")
    new_text = "An editor's note was added at the top.\n\n" + TEXT
    placement = reanchor(quote, new_text)
    assert placement.method == "moved"
    assert new_text[placement.start : placement.end] == "residue of thought"
    assert placement.start == quote.start + len("An editor's note was added at the top.\n\n")


def test_repeated_quote_is_placed_by_its_context() -> None:
    text = "Alpha says the point. Beta says the point. Gamma says the point."
    start = text.index("the point", text.index("Beta"))
    quote = Quote("the point", "Beta says ", ". Gamma", start, start + 9)
    new_text = "Zero says the point. " + text  # every occurrence shifts
    placement = reanchor(quote, new_text)
    assert placement.method == "moved"
    assert new_text[placement.start - len("Beta says ") : placement.start] == "Beta says "


def test_repeated_quote_with_equal_context_goes_to_the_nearest() -> None:
    text = "x the point y " * 5
    quote = Quote("the point", "", "", 30, 39)  # the third occurrence
    placement = reanchor(quote, "." + text)  # occurrences now at 3, 17, 31, 45, 59
    assert placement.start == 31


def test_edited_word_in_the_quote_is_found_fuzzily() -> None:
    quote = quote_in(TEXT, "what we think about is what we remember")
    new_text = TEXT.replace("what we think about", "what we reflect on")
    placement = reanchor(quote, new_text)
    assert placement.method == "fuzzy"
    assert placement.exact == "what we reflect on is what we remember"
    assert not placement.orphan


def test_fuzzy_match_also_survives_a_move() -> None:
    quote = quote_in(TEXT, "ends the article with a short summary")
    new_text = "New intro.\n\n" + TEXT.replace("a short summary", "a brief summary")
    placement = reanchor(quote, new_text)
    assert placement.method == "fuzzy"
    assert placement.exact == "ends the article with a brief summary"


def test_removed_quote_becomes_an_orphan_and_keeps_its_data() -> None:
    quote = quote_in(TEXT, "Memory is the residue of thought")
    new_text = TEXT.replace(
        "Memory is the residue of thought, and what we think about is what we remember.\n\n", ""
    )
    placement = reanchor(quote, new_text)
    assert placement.orphan
    assert (placement.exact, placement.start, placement.end) == (
        quote.exact,
        quote.start,
        quote.end,
    )
    assert (placement.prefix, placement.suffix) == (quote.prefix, quote.suffix)


def test_rewritten_sentence_is_not_matched_to_something_unrelated() -> None:
    quote = quote_in(TEXT, "sets the scene for the reader")
    new_text = TEXT.replace("sets the scene for the reader", "was rewritten completely anew")
    assert reanchor(quote, new_text).orphan


def test_orphan_comes_back_when_the_quote_returns() -> None:
    quote = Quote("residue of thought", "is the ", ", and", 500, 518)  # offsets from elsewhere
    placement = reanchor(quote, TEXT)
    assert placement.method == "moved"
    assert TEXT[placement.start : placement.end] == "residue of thought"


def test_context_is_refreshed_after_a_move() -> None:
    quote = quote_in(TEXT, "residue of thought", context=10)
    new_text = TEXT.replace("Memory is the", "Memory, said someone, is the")
    placement = reanchor(quote, new_text)
    assert placement.prefix == new_text[placement.start - 10 : placement.start]
    assert placement.suffix == new_text[placement.end : placement.end + 10]


def test_short_quote_in_long_text_is_bounded_and_correct() -> None:
    filler = "lorem ipsum dolor sit amet " * 4000
    text = filler + "a needle sentence" + filler
    quote = Quote("a needle sentence", "sit amet ", " lorem", 10, 27)
    placement = reanchor(quote, text)
    assert text[placement.start : placement.end] == "a needle sentence"


def test_empty_text_makes_an_orphan() -> None:
    assert reanchor(quote_in(TEXT, "residue"), "").orphan


def _paragraph(seed: int, words: int) -> str:
    rng = random.Random(seed)
    vocabulary = [
        f"{stem}{number}" for stem in ("alpha", "beta", "gamma", "delta") for number in range(25)
    ]
    return " ".join(rng.choices(vocabulary, k=words))


def test_long_edited_quote_is_found_with_its_exact_span() -> None:
    quote_text = _paragraph(1, 400)  # ~3000 characters
    text = _paragraph(2, 300) + "\n\n" + quote_text + "\n\n" + _paragraph(3, 300)
    quote = quote_in(text, quote_text, context=32)
    middle = len(quote_text) // 2
    edited = quote_text[:middle] + " [an inserted remark] " + quote_text[middle:]
    new_text = "A new lead paragraph.\n\n" + text.replace(quote_text, edited)
    started = time.perf_counter()
    placement = reanchor(quote, new_text)
    elapsed = time.perf_counter() - started
    assert placement.method == "fuzzy"
    assert placement.exact == edited
    assert elapsed < 1.0  # bounded: no character-by-character alignment of long strings


def test_very_long_quote_stays_fast() -> None:
    quote_text = _paragraph(4, 1500)  # ~11 000 characters
    text = _paragraph(5, 2000) + " " + quote_text + " " + _paragraph(6, 2000)
    quote = quote_in(text, quote_text)
    edited = quote_text[:5000] + "EDITED" + quote_text[5006:]
    new_text = text.replace(quote_text, edited)
    started = time.perf_counter()
    placement = reanchor(quote, new_text)
    assert time.perf_counter() - started < 2.0
    assert placement.method == "fuzzy"
    assert placement.exact == edited
