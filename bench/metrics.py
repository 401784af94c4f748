"""The text-similarity metric of the ScrapingHub article-extraction benchmark, plus field checks.

The shingle metric reproduces ``evaluate.py`` of ``scrapinghub/article-extraction-benchmark``
(MIT licence) so our numbers are comparable with the published ones:

* text is split into ``\\w+`` tokens, case kept (the original compiles the pattern with
  ``re.IGNORECASE``, which does nothing for ``\\w``);
* tokens are cut into overlapping 4-token shingles; a text with fewer than four tokens yields one
  shorter shingle, an empty text none;
* per page, TP/FP/FN are counted over the shingle *multisets* and divided by their sum, so every
  page weighs the same however long it is;
* precision is averaged over pages with TP+FP > 0, recall over pages with TP+FN > 0, and F1 is the
  harmonic mean of those two averages (not an average of per-page F1s);
* accuracy is the share of pages whose token sequence equals the reference exactly.
"""

from __future__ import annotations

import math
import re
import statistics
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

SHINGLE_SIZE = 4

_TOKEN_RE = re.compile(r"\w+")
_SPACE_RE = re.compile(r"\s+")
_DAY_RE = re.compile(r"^\s*(\d{4}-\d{2}-\d{2})")


def tokenize(text: str | None) -> list[str]:
    """The benchmark's tokens: maximal runs of word characters, case kept."""
    return _TOKEN_RE.findall(text or "")


def shingles(text: str | None, size: int = SHINGLE_SIZE) -> Counter[tuple[str, ...]]:
    """The multiset of ``size``-token shingles of ``text``.

    Like the original, a text shorter than ``size`` tokens gives a single short shingle (so a
    three-word reference can still be matched), and an empty text gives none.
    """
    tokens = tokenize(text)
    counts: Counter[tuple[str, ...]] = Counter()
    for start in range(max(1, len(tokens) - size + 1)):
        shingle = tuple(tokens[start : start + size])
        if shingle:
            counts[shingle] += 1
    return counts


@dataclass(frozen=True, slots=True)
class PageScore:
    """TP/FP/FN of one page, normalised to sum to 1 (all zero when both texts are empty)."""

    tp: float
    fp: float
    fn: float

    @property
    def precision(self) -> float:
        return precision_score(self.tp, self.fp, self.fn)

    @property
    def recall(self) -> float:
        return recall_score(self.tp, self.fp, self.fn)

    @property
    def f1(self) -> float:
        """Per-page F1, for ranking pages; the corpus F1 is computed from the averages instead."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def score_page(reference: str | None, predicted: str | None) -> PageScore:
    """Compare the shingle multisets of ``predicted`` against ``reference``."""
    true_counts = shingles(reference)
    pred_counts = shingles(predicted)
    # Multiset intersection/differences: a shingle repeated 3 times in the prediction but once
    # in the reference is 1 TP and 2 FP.
    tp = sum((true_counts & pred_counts).values())
    fp = sum((pred_counts - true_counts).values())
    fn = sum((true_counts - pred_counts).values())
    total = tp + fp + fn
    if total == 0:
        return PageScore(0.0, 0.0, 0.0)
    return PageScore(tp / total, fp / total, fn / total)


def precision_score(tp: float, fp: float, fn: float) -> float:
    """Per-page precision with the original's conventions for empty texts."""
    if fp == fn == 0:
        return 1.0
    if tp == fp == 0:
        return 0.0
    return tp / (tp + fp)


def recall_score(tp: float, fp: float, fn: float) -> float:
    """Per-page recall with the original's conventions for empty texts."""
    if fp == fn == 0:
        return 1.0
    if tp == fn == 0:
        return 0.0
    return tp / (tp + fn)


def tokens_equal(reference: str | None, predicted: str | None) -> bool:
    """The benchmark's "accuracy" for one page: identical token sequences."""
    return tokenize(reference) == tokenize(predicted)


@dataclass(frozen=True, slots=True)
class CorpusScore:
    precision: float
    recall: float
    f1: float
    accuracy: float | None  # None when no exactness flags were given
    pages: int


def score_corpus(pages: Sequence[PageScore], exact: Sequence[bool] = ()) -> CorpusScore:
    """Average per-page precision and recall as the benchmark does, then take their F1.

    A page only counts toward precision when the extractor produced some shingle (TP+FP > 0) and
    toward recall when the reference has one (TP+FN > 0). With no eligible page the average is 0.
    """
    precisions = [p.precision for p in pages if p.tp + p.fp > 0]
    recalls = [p.recall for p in pages if p.tp + p.fn > 0]
    precision = statistics.fmean(precisions) if precisions else 0.0
    recall = statistics.fmean(recalls) if recalls else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    accuracy = statistics.fmean(1.0 if e else 0.0 for e in exact) if exact else None
    return CorpusScore(precision, recall, f1, accuracy, len(pages))


def normalize_field(value: object) -> str:
    """Case- and whitespace-insensitive form of a metadata value ("" for None/blank)."""
    if value is None:
        return ""
    return _SPACE_RE.sub(" ", str(value)).strip().casefold()


def published_day(value: object) -> str:
    """The ``YYYY-MM-DD`` a date/time string starts with, or "" if it has none.

    The day is read as written, without converting time zones: Readability.js copies the page's
    ``article:published_time`` verbatim, so a converted day would disagree for no good reason.
    """
    if value is None:
        return ""
    match = _DAY_RE.match(str(value))
    return match.group(1) if match else ""


def percentile(values: Iterable[float], fraction: float) -> float:
    """Nearest-rank percentile (``fraction`` in 0..1) of ``values``; 0.0 for no values."""
    ordered = sorted(values)
    if not ordered:
        return 0.0
    rank = math.ceil(fraction * len(ordered))
    return ordered[min(max(rank, 1), len(ordered)) - 1]
