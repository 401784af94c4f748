"""The benchmark's metric, text flattening and clutter detection (bench/ is not an installed
package, so the repository root is put on sys.path to import it as ``bench``)."""

from __future__ import annotations

import gzip
import json
import sys
from collections import Counter
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from bench import clutter, quality  # noqa: E402
from bench.corpus import (  # noqa: E402
    PAIRS,
    CorpusError,
    decode_html,
    load_pages,
    load_references,
    pairs_pages,
    pairs_unmatched,
)
from bench.htmltext import html_to_text  # noqa: E402
from bench.metrics import (  # noqa: E402
    PageScore,
    normalize_field,
    percentile,
    published_day,
    score_corpus,
    score_page,
    shingles,
    tokenize,
    tokens_equal,
)

ARTICLE = "The quick brown fox jumps over the lazy dog near the river bank today"


def test_tokens_are_word_runs_with_case_kept() -> None:
    assert tokenize("Don't stop—now, 2024!") == ["Don", "t", "stop", "now", "2024"]
    assert tokenize("") == []
    assert tokenize(None) == []


def test_shingles_of_short_texts_follow_the_original() -> None:
    assert shingles("a b c d e") == Counter({("a", "b", "c", "d"): 1, ("b", "c", "d", "e"): 1})
    # Fewer than four tokens: one short shingle, so tiny references can still match.
    assert shingles("hello world") == Counter({("hello", "world"): 1})
    assert shingles("  ") == Counter()


def test_identical_texts_score_one() -> None:
    score = score_page(ARTICLE, ARTICLE.replace(" ", "\n\n"))
    assert (score.tp, score.fp, score.fn) == (1.0, 0.0, 0.0)
    assert score.precision == score.recall == score.f1 == 1.0
    assert tokens_equal(ARTICLE, ARTICLE.replace(" ", "\n\n"))


def test_disjoint_texts_score_zero() -> None:
    score = score_page("one two three four five", "six seven eight nine ten")
    # Two shingles each side, none shared: normalised by tp+fp+fn = 4.
    assert (score.tp, score.fp, score.fn) == (0.0, 0.5, 0.5)
    assert score.precision == score.recall == score.f1 == 0.0


def test_case_matters_like_in_the_original() -> None:
    assert score_page("One two three four", "one two three four").tp == 0.0
    assert not tokens_equal("One two", "one two")


def test_shingles_are_counted_as_multisets() -> None:
    # The reference has "a b c d" once; the prediction repeats the text, so the second copy's
    # shingle is a false positive and the seam shingles "b c d a", "c d a b", "d a b c" too.
    score = score_page("a b c d", "a b c d a b c d")
    # pred shingles: abcd x2, bcda, cdab, dabc -> tp 1, fp 4, fn 0
    assert score == PageScore(1 / 5, 4 / 5, 0.0)
    assert score.precision == pytest.approx(0.2)
    assert score.recall == 1.0


def test_partial_overlap_hand_computed() -> None:
    # reference shingles: [a b c d], [b c d e], [c d e f]; prediction adds "x" at the end:
    # [a b c d], [b c d e], [c d e f], [d e f x] -> tp 3, fp 1, fn 0
    score = score_page("a b c d e f", "a b c d e f x")
    assert score == PageScore(3 / 4, 1 / 4, 0.0)
    assert score.precision == pytest.approx(0.75)
    assert score.f1 == pytest.approx(2 * 0.75 / 1.75)


def test_empty_prediction_has_zero_recall_and_no_precision_vote() -> None:
    empty = score_page(ARTICLE, "")
    assert (empty.tp, empty.fp, empty.fn) == (0.0, 0.0, 1.0)
    perfect = score_page(ARTICLE, ARTICLE)
    corpus = score_corpus([empty, perfect], [False, True])
    # Precision only averages pages where the extractor output something.
    assert corpus.precision == 1.0
    assert corpus.recall == 0.5
    assert corpus.f1 == pytest.approx(2 * 1.0 * 0.5 / 1.5)
    assert corpus.accuracy == 0.5


def test_corpus_f1_is_harmonic_mean_of_averages_not_mean_of_f1s() -> None:
    high_precision = PageScore(0.5, 0.0, 0.5)  # P 1, R 0.5
    high_recall = PageScore(0.5, 0.5, 0.0)  # P 0.5, R 1
    corpus = score_corpus([high_precision, high_recall])
    assert corpus.precision == corpus.recall == 0.75
    assert corpus.f1 == 0.75
    assert corpus.accuracy is None


def test_both_empty_page_counts_nowhere() -> None:
    nothing = score_page("", "")
    assert nothing == PageScore(0.0, 0.0, 0.0)
    corpus = score_corpus([nothing, score_page(ARTICLE, ARTICLE)])
    assert (corpus.precision, corpus.recall) == (1.0, 1.0)


def test_field_normalisation_and_day() -> None:
    assert normalize_field("  The  Title\n") == normalize_field("the title")
    assert normalize_field(None) == ""
    assert published_day("2019-04-17T23:00:00-05:00") == "2019-04-17"
    assert published_day("April 17, 2019") == ""
    assert published_day(None) == ""


def test_percentile_nearest_rank() -> None:
    values = [float(v) for v in range(1, 101)]
    assert percentile(values, 0.95) == 95.0
    assert percentile([3.0, 1.0, 2.0], 0.5) == 2.0
    assert percentile([], 0.95) == 0.0


def test_html_to_text_breaks_blocks_and_drops_scripts() -> None:
    html = (
        "<div><h2>Head</h2><p>a<b>b</b>c</p><p>d<br>e</p><script>var x;</script>after"
        "<!-- note --><ul><li>one</li><li>two</li></ul><style>p{}</style></div>"
    )
    assert html_to_text(html) == "Head\nabc\nd\ne\nafter\none\ntwo"
    assert html_to_text("") == ""


def test_clutter_counts_only_phrases_missing_from_the_reference() -> None:
    reference = "An article about the newsletter business.\nIt ends here."
    predicted = reference + "\nSubscribe to our newsletter\nShare\nRelated Articles:\nRead more"
    assert clutter.gained_phrases(reference, predicted) == [
        "subscribe",
        "line: share",
        "line: related articles",
        "line: read more",
    ]
    # Inside a sentence, line labels are prose, not clutter.
    assert clutter.gained_phrases("", "Read more about it and share this view.") == []
    assert clutter.phrases_in("Editors’ Picks") == {"line: editors' picks"}
    counts = clutter.count_pages([["subscribe"], ["subscribe", "line: share"], []])
    assert counts["subscribe"] == 2
    assert counts["line: share"] == 1
    assert counts["newsletter"] == 0


def _write_gz(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(gzip.compress(text.encode("utf-8")))


def test_full_run_on_a_tiny_corpus(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    paragraphs = "".join(
        f"<p>{ARTICLE} number {i}, with enough words to be content.</p>" for i in range(8)
    )
    page = f"<html><head><title>Foxes</title></head><body><article>{paragraphs}</article></body>"
    sh = tmp_path / "sh"
    _write_gz(sh / "html" / "p1.html.gz", page)
    body = "\n".join(f"{ARTICLE} number {i}, with enough words to be content." for i in range(8))
    truth = {"p1": {"articleBody": body, "url": "https://example.org/foxes"}}
    (sh / "ground-truth.json").write_text(json.dumps(truth), encoding="utf-8")
    rt = tmp_path / "rt"
    _write_gz(rt / "good" / "source.html.gz", page)
    _write_gz(rt / "good" / "expected.html.gz", f"<div>{paragraphs}</div>")
    metadata = {"title": "Foxes", "byline": None, "lang": None, "publishedTime": None}
    (rt / "good" / "expected-metadata.json").write_text(json.dumps(metadata), encoding="utf-8")
    # An empty page makes readability-lxml raise: it must be counted, not crash the run.
    _write_gz(rt / "empty" / "source.html.gz", "")
    _write_gz(rt / "empty" / "expected.html.gz", "<div><p>Nothing</p></div>")
    (rt / "empty" / "expected-metadata.json").write_text(json.dumps(metadata), encoding="utf-8")
    out = tmp_path / "out.json"

    argv = ["--scrapinghub", str(sh), "--readability", str(rt)]
    argv += ["--extractors", "readability-lxml", "--json", str(out), "--show-worst", "1"]
    assert quality.main(argv) == 0

    printed = capsys.readouterr().out
    assert "readability-lxml" in printed
    assert "Crashes (1, counted as empty output)" in printed
    result = json.loads(out.read_text(encoding="utf-8"))["extractors"]["readability-lxml"]
    assert result["scores"]["scrapinghub"]["f1"] == pytest.approx(1.0)
    by_id = {page["id"]: page for page in result["pages"]}
    assert by_id["good"]["f1"] == pytest.approx(1.0)
    assert by_id["good"]["metadata"]["title"]["match"] is True
    assert by_id["empty"]["error"]
    assert by_id["empty"]["recall"] == 0.0
    assert result["fields"]["title"] == {"matches": 1, "expected": 2, "value_where_null": 0}


def test_missing_corpus_is_a_clear_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exited:
        quality.main(["--scrapinghub", str(tmp_path / "nope"), "--sets", "scrapinghub"])
    assert exited.value.code == 2
    assert "scrapinghub corpus not found" in capsys.readouterr().err


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def test_pairs_set_matches_html_to_txt_and_skips_the_rest(tmp_path: Path) -> None:
    _write(tmp_path / "html" / "a.html", b"<p>Alpha page</p>")
    _write(tmp_path / "html" / "b.htm", b"<p>Beta page</p>")
    _write(tmp_path / "html" / "c.html.gz", gzip.compress(b"<p>Gamma page</p>"))
    _write(tmp_path / "html" / "orphan.html", b"<p>No reference</p>")
    _write(tmp_path / "html" / "notes.md", b"not a page")
    _write(tmp_path / "txt" / "a.txt", b"\xef\xbb\xbfAlpha page")
    _write(tmp_path / "txt" / "b.txt", b"Beta page")
    _write(tmp_path / "txt" / "c.txt", b"Gamma page")
    _write(tmp_path / "txt" / "lonely.txt", b"No page")

    pages = pairs_pages(tmp_path)
    assert [(p.corpus, p.id, p.url) for p in pages] == [
        (PAIRS, "a", "https://example.com/a"),
        (PAIRS, "b", "https://example.com/b"),
        (PAIRS, "c", "https://example.com/c"),
    ]
    assert pairs_unmatched(tmp_path) == ["orphan"]
    assert [p.read_html() for p in pages] == [
        "<p>Alpha page</p>",
        "<p>Beta page</p>",
        "<p>Gamma page</p>",
    ]
    references = load_references({PAIRS: tmp_path}, load_pages({PAIRS: tmp_path}, limit=2))
    # The reference's BOM is dropped; it has no metadata to compare.
    assert {key: ref.text for key, ref in references.items()} == {
        "pairs/a": "Alpha page",
        "pairs/b": "Beta page",
    }
    assert references["pairs/a"].metadata == {}


def test_pairs_pages_are_decoded_like_a_browser(tmp_path: Path) -> None:
    russian = "<p>Привет, мир</p>"
    declared = '<html><head><meta charset="windows-1251"></head><body>' + russian
    _write(tmp_path / "html" / "cp1251.html.gz", gzip.compress(declared.encode("cp1251")))
    http_equiv = '<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">'
    # Browsers read ISO-8859-1 as windows-1252, where 0x93/0x94 are curly quotes.
    _write(tmp_path / "html" / "latin.html", http_equiv.encode() + b"<p>\x93caf\xe9\x94</p>")
    _write(tmp_path / "html" / "bom.html", "\ufeff<p>ÅÄÖ</p>".encode("utf-16-le"))
    _write(tmp_path / "html" / "plain.html", "<p>naïve</p>".encode() + b"\xff")
    for name in ("cp1251", "latin", "bom", "plain"):
        _write(tmp_path / "txt" / f"{name}.txt", b"reference")

    text = {page.id: page.read_html() for page in pairs_pages(tmp_path)}
    assert text["cp1251"].endswith(russian)
    assert text["latin"].endswith("<p>“café”</p>")
    assert text["bom"] == "<p>ÅÄÖ</p>"
    assert text["plain"] == "<p>naïve</p>\ufffd"


def test_decode_html_ignores_impossible_or_unknown_labels() -> None:
    assert (
        decode_html('<meta charset="utf-16"><p>é</p>'.encode()) == '<meta charset="utf-16"><p>é</p>'
    )
    assert decode_html(b'<meta charset="no-such-thing"><p>ok</p>').endswith("<p>ok</p>")


def test_pairs_set_without_any_pair_is_a_corpus_error(tmp_path: Path) -> None:
    with pytest.raises(CorpusError, match="not a pairs set"):
        pairs_pages(tmp_path)
    _write(tmp_path / "html" / "a.html", b"<p>A</p>")
    _write(tmp_path / "txt" / "b.txt", b"B")
    with pytest.raises(CorpusError, match=r"no html/<name>\.html .* matching txt/<name>\.txt"):
        pairs_pages(tmp_path)
    with pytest.raises(CorpusError, match="is not a directory"):
        pairs_pages(tmp_path / "missing")


def test_pairs_set_with_one_page_twice_is_a_corpus_error(tmp_path: Path) -> None:
    _write(tmp_path / "html" / "a.html", b"<p>A</p>")
    _write(tmp_path / "html" / "a.htm", b"<p>A</p>")
    _write(tmp_path / "txt" / "a.txt", b"A")
    with pytest.raises(CorpusError, match="same page"):
        pairs_pages(tmp_path)


def test_pairs_option_adds_the_set_and_sets_accepts_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    here = ["--scrapinghub", str(tmp_path), "--readability", str(tmp_path)]
    assert quality.parse_args(here).sets == ["scrapinghub", "readability"]
    with_pairs = quality.parse_args([*here, "--pairs", str(tmp_path)])
    assert with_pairs.sets == ["scrapinghub", "readability", "pairs"]
    assert with_pairs.roots["pairs"] == tmp_path
    assert list(quality.parse_args(["--sets", "pairs", "--pairs", str(tmp_path)]).roots) == [
        "pairs"
    ]
    with pytest.raises(SystemExit) as exited:
        quality.parse_args(["--sets", "pairs"])
    assert exited.value.code == 2
    assert "pass --pairs DIR" in capsys.readouterr().err


def test_full_run_on_a_tiny_pairs_set(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    paragraphs = "".join(
        f"<p>{ARTICLE} number {i}, with enough words to be content.</p>" for i in range(8)
    )
    page = f"<html><head><title>Foxes</title></head><body><article>{paragraphs}</article></body>"
    body = "\n".join(f"{ARTICLE} number {i}, with enough words to be content." for i in range(8))
    _write(tmp_path / "set" / "html" / "foxes.html", page.encode())
    _write(tmp_path / "set" / "txt" / "foxes.txt", (body + "\nSubscribe").encode())
    _write(tmp_path / "set" / "html" / "skipped.html", page.encode())
    out = tmp_path / "out.json"

    argv = ["--sets", "pairs", "--pairs", str(tmp_path / "set")]
    argv += ["--extractors", "readability-lxml", "--json", str(out), "--show-worst", "1"]
    assert quality.main([*argv, "--clutter"]) == 0

    printed = capsys.readouterr().out
    assert "pairs 1;" in printed
    assert "1 page(s) without txt/ skipped: skipped" in printed
    assert "pairs F1" in printed
    assert "SH F1" not in printed
    assert "metadata" not in printed
    assert "pairs:\n    F1 " in printed
    result = json.loads(out.read_text(encoding="utf-8"))["extractors"]["readability-lxml"]
    assert result["scores"]["pairs"]["recall"] < 1.0
    assert result["scores"]["pairs"]["precision"] == pytest.approx(1.0)
    assert [(p["corpus"], p["id"], p["url"]) for p in result["pages"]] == [
        ("pairs", "foxes", "https://example.com/foxes")
    ]


def test_pictures_are_named_by_file_whatever_size_or_attribute_holds_them() -> None:
    from bench.images import image_names

    html = (
        "<div><img src='https://cdn.example/w_800/abc.jpg?q=80'>"
        "<img data-srcset='https://cdn.example/w_470/def.png 470w, https://cdn.example/x/def.png'>"
        "<img src='data:image/gif;base64,R0lGOD'><img></div>"
    )
    assert image_names(html) == {"abc.jpg", "def.png"}
    assert image_names("") == frozenset()
