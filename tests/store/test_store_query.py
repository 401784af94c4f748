"""The search-box parser: syntax, as-you-type prefixes and safety of the FTS5 expression."""

from __future__ import annotations

import sqlite3

from hypothesis import given, settings
from hypothesis import strategies as st
from readmode.store.query import MAX_TERMS, Term, parse_query


def test_words_are_quoted_and_anded() -> None:
    parsed = parse_query("memory thought ")
    assert parsed.highlights_match() == '"memory" AND "thought"'


def test_last_word_is_a_prefix_while_typing() -> None:
    assert parse_query("memory tho").highlights_match() == '"memory" AND "tho"*'
    assert parse_query("memory tho ").highlights_match() == '"memory" AND "tho"'


def test_single_letters_are_never_prefixes() -> None:
    assert parse_query("t").highlights_match() == '"t"'
    assert parse_query("a*").highlights_match() == '"a"'


def test_explicit_prefix_and_phrase() -> None:
    parsed = parse_query('read* "the residue of" ')
    assert parsed.highlights_match() == '"read"* AND "the residue of"'


def test_quotes_inside_words_are_doubled() -> None:
    assert parse_query('say"hi ').highlights_match() == '"say""hi"'


def test_fts_operators_are_searched_as_words() -> None:
    parsed = parse_query("AND OR NOT NEAR(a b) ")
    assert parsed.include == [Term("AND"), Term("OR"), Term("NOT"), Term("NEAR(a"), Term("b)")]


def test_negation() -> None:
    parsed = parse_query('memory -thought -"bad idea" ')
    assert parsed.highlights_match() == '("memory") NOT ("thought" OR "bad idea")'
    assert parse_query("-thought ").highlights_match() is None
    assert parse_query("-thought ").excluded_match() == '"thought"'


def test_filters() -> None:
    parsed = parse_query(
        "site:https://www.Example.com/a tag:#Work color:Green after:2024-01-31 "
        "before:2024-03-01 -tag:old -color:pink -site:ads.example.com "
    )
    assert parsed.sites == ["example.com"]
    assert parsed.tags == ["work"]
    assert parsed.colors == ["green"]
    assert (parsed.after, parsed.before) == ("2024-01-31", "2024-03-01")
    assert parsed.exclude_tags == ["old"]
    assert parsed.exclude_colors == ["pink"]
    assert parsed.exclude_sites == ["ads.example.com"]
    assert parsed.highlights_match() is None
    assert parsed.highlight_only


def test_note_terms_are_column_filtered() -> None:
    parsed = parse_query('note:remember note:"two words" -note:skip ')
    assert parsed.highlights_match() == (
        '(note : "remember" AND note : "two words") NOT (note : "skip")'
    )
    assert parsed.articles_match() is None


def test_note_prefix_while_typing() -> None:
    assert parse_query("note:rem").highlights_match() == 'note : "rem"*'


def test_invalid_dates_are_searched_as_words() -> None:
    parsed = parse_query("before:yesterday after:2024-13-45 ")
    assert parsed.before is None
    assert parsed.after is None
    assert [term.text for term in parsed.include] == ["before:yesterday", "after:2024-13-45"]


def test_unknown_keys_are_words() -> None:
    assert parse_query("http://x.org ").include == [Term("http://x.org")]


def test_empty_filter_while_typing_is_ignored() -> None:
    parsed = parse_query("memory tag:")
    assert parsed.tags == []
    assert parsed.include == [Term("memory")]


def test_terms_without_letters_are_dropped() -> None:
    assert parse_query('" * - : 🙂 ""').is_empty


def test_nul_and_lone_surrogates_are_removed() -> None:
    assert parse_query("me\x00mo\ud800ry ").include == [Term("memory")]


def test_huge_queries_are_bounded() -> None:
    parsed = parse_query("word " * 5000)
    assert len(parsed.include) == MAX_TERMS


def _fts5_accepts(expression: str) -> None:
    """Run the expression against a real FTS5 table with the same options as the store."""
    conn = sqlite3.connect(":memory:")
    conn.execute(
        "CREATE VIRTUAL TABLE t USING fts5(exact, note, tags, "
        "tokenize='unicode61 remove_diacritics 2', prefix='2 3 4')"
    )
    conn.execute("INSERT INTO t VALUES ('memory is the residue', 'a note', '[\"x\"]')")
    conn.execute("SELECT rowid FROM t WHERE t MATCH ?", [expression]).fetchall()
    conn.close()


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_any_text_gives_a_valid_fts5_expression(text: str) -> None:
    parsed = parse_query(text)
    for expression in (parsed.highlights_match(), parsed.excluded_match()):
        if expression is not None:
            _fts5_accepts(expression)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                '"',
                "AND",
                "OR",
                "NOT",
                "NEAR(",
                ")",
                "*",
                "-",
                ":",
                "note:",
                "tag:",
                "site:",
                "^",
                "{exact}",
                "🙂",
                "\x00",
                "\ud800",
                "é",
                " ",
                "a",
                "bc",
                '-"x',
            ]
        ),
        max_size=30,
    ).map("".join)
)
def test_hostile_token_soup_gives_a_valid_fts5_expression(text: str) -> None:
    parsed = parse_query(text)
    for expression in (parsed.highlights_match(), parsed.articles_match(), parsed.excluded_match()):
        if expression is not None:
            _fts5_accepts(expression)
