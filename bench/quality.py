#!/usr/bin/env python3
"""Extraction quality and speed: readmode against readability-lxml and trafilatura.

Scores every extractor on the ScrapingHub article-extraction benchmark (hand-checked article
bodies) and on Mozilla Readability's test pages (Firefox Reader View's output and metadata), and
optionally on a "pairs" set (``html/<name>.html`` + ``txt/<name>.txt``, e.g. pages no one tuned
for), with the shingle metric of :mod:`bench.metrics`, and measures time per page and peak
memory. Each extractor runs in its own process (this script re-invoked with a hidden
``--worker NAME``) so imports, caches and peak RSS of one never mix with another's.

    python bench/quality.py                       # all extractors, both sets
    python bench/quality.py --extractors readmode --show-worst 10 --clutter
    python bench/quality.py --json results.json   # every per-page number
    python bench/quality.py --sets pairs --pairs DIR   # only an unseen html/ + txt/ set

See bench/README.md for the metric and the columns.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

BENCH_DIR = Path(__file__).resolve().parent
REPO_ROOT = BENCH_DIR.parent
# Run as a script, Python puts bench/ first on sys.path, where our module names could shadow
# top-level packages that the extractors import; import the bench package from the repo instead.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != BENCH_DIR]
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from bench import clutter  # noqa: E402
from bench.adapters import (  # noqa: E402
    EXTRACTOR_NAMES,
    FIELDS,
    ExtractorUnavailable,
    NotExtracted,
    load_extractor,
)
from bench.alarm import TimeLimit, time_limit  # noqa: E402
from bench.corpus import (  # noqa: E402
    CORPORA,
    PAIRS,
    READABILITY,
    SCRAPINGHUB,
    SETS,
    CorpusError,
    Page,
    Reference,
    load_pages,
    load_references,
    pairs_unmatched,
)
from bench.metrics import (  # noqa: E402
    CorpusScore,
    PageScore,
    normalize_field,
    percentile,
    published_day,
    score_corpus,
    score_page,
    tokens_equal,
)

DEFAULT_CORPUS_ROOT = REPO_ROOT.parent / "shared" / "corpus"
DEFAULT_DIRS = {
    SCRAPINGHUB: DEFAULT_CORPUS_ROOT / "scrapinghub-dev",
    READABILITY: DEFAULT_CORPUS_ROOT / "readability-test-pages",
}
FIELD_LABELS = {
    "title": "title",
    "byline": "byline",
    "excerpt": "excerpt",
    "site_name": "site",
    "lang": "lang",
    "published": "date",
}
ERROR_TEXT_LIMIT = 300

WorkerResult = dict[str, Any]
"""What a worker process hands back (JSON): name, version, provides, RSS, and per-page records
(key, text, metadata, ms, and error/declined/metadata_error when they happened)."""


# --------------------------------------------------------------------------------------------
# Worker: one extractor, every page, in its own process.


def _describe(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}"[:ERROR_TEXT_LIMIT]


def run_worker(
    name: str, roots: dict[str, Path], limit: int | None, timeout: float
) -> WorkerResult:
    """Extract every page with extractor ``name``; a crash on a page is recorded, not raised."""
    baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    try:
        extractor = load_extractor(name)
    except ExtractorUnavailable as error:
        return {"name": name, "unavailable": str(error)}
    pages = load_pages(roots, limit)

    # Warm-up: the first call pays for lazy imports, compiled regexes and caches.
    if pages:
        with contextlib.suppress(Exception, TimeLimit), time_limit(timeout):
            extractor.extract(pages[0].read_html(), pages[0].url)

    records = []
    for page in pages:
        html = page.read_html()
        record: dict[str, Any] = {"key": page.key, "text": "", "metadata": {}}
        started = time.perf_counter()
        try:
            with time_limit(timeout):
                extraction = extractor.extract(html, page.url)
            record["text"] = extraction.text
            record["metadata"] = extraction.metadata
            if extraction.images is not None:
                record["images"] = sorted(extraction.images)
        except NotExtracted as declined:
            record["declined"] = str(declined)
        except TimeLimit:
            record["error"] = f"timeout after {timeout:g} s"
        except Exception as error:
            record["error"] = _describe(error)
        record["ms"] = (time.perf_counter() - started) * 1000
        if extractor.untimed_metadata is not None and "error" not in record:
            try:
                with time_limit(timeout):
                    record["metadata"] = extractor.untimed_metadata(html, page.url)
            except (Exception, TimeLimit) as error:
                record["metadata_error"] = _describe(error)
        records.append(record)

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "name": name,
        "version": extractor.version,
        "provides": list(extractor.provides),
        "peak_rss_mb": _megabytes(peak),
        # Interpreter + lxml + this script before the extractor was imported, for reference.
        "baseline_rss_mb": _megabytes(baseline),
        "pages": records,
    }


def _megabytes(max_rss: int) -> float:
    # ru_maxrss is in kilobytes on Linux and in bytes on macOS.
    return max_rss / 1024 / 1024 if sys.platform == "darwin" else max_rss / 1024


def spawn_worker(name: str, args: argparse.Namespace) -> WorkerResult:
    """Run the worker for ``name`` in a fresh interpreter and return its results."""
    with tempfile.TemporaryDirectory(prefix="readmode-bench-") as scratch:
        out_path = Path(scratch) / "result.json"
        command = [sys.executable, str(Path(__file__).resolve()), "--worker", name]
        command += ["--worker-out", str(out_path), "--page-timeout", str(args.page_timeout)]
        command += ["--sets", ",".join(args.roots)]
        for corpus, root in args.roots.items():
            command += [f"--{corpus}", str(root)]
        if args.limit is not None:
            command += ["--limit", str(args.limit)]
        budget = 120 + args.page_timeout * 2 * max(1, args.page_count)
        try:
            finished = subprocess.run(
                command, capture_output=True, text=True, timeout=budget, check=False
            )
        except subprocess.TimeoutExpired:
            return {"name": name, "failed": f"worker exceeded {budget:g} s"}
        if finished.returncode != 0 or not out_path.is_file():
            tail = " | ".join(finished.stderr.strip().splitlines()[-3:])
            return {"name": name, "failed": f"worker exit {finished.returncode}: {tail}"}
        result: WorkerResult = json.loads(out_path.read_text(encoding="utf-8"))
        return result


# --------------------------------------------------------------------------------------------
# Scoring.


@dataclass
class ExtractorReport:
    name: str
    version: str = ""
    note: str = ""  # why there are no numbers (not installed, worker failed)
    provides: tuple[str, ...] = ()
    peak_rss_mb: float = 0.0
    baseline_rss_mb: float = 0.0
    pages: list[dict[str, Any]] = field(default_factory=list)
    scores: dict[str, CorpusScore] = field(default_factory=dict)
    # field -> [matches, expected non-empty, we-gave-a-value-where-expected-is-null]
    fields: dict[str, list[int]] = field(default_factory=dict)
    clutter_counts: dict[str, int] = field(default_factory=dict)
    title_without_suffix: list[int] = field(default_factory=lambda: [0, 0])
    # RT pictures: [Readability.js's kept too, Readability.js's, kept that it dropped]
    images: list[int] | None = None
    median_ms: float = 0.0
    p95_ms: float = 0.0

    @property
    def available(self) -> bool:
        return not self.note

    def count(self, key: str) -> int:
        return sum(1 for page in self.pages if page.get(key))

    @property
    def clutter_pages(self) -> int:
        return sum(1 for page in self.pages if page["clutter"])


_SITE_SUFFIX = re.compile(r"^(?P<title>.+?)\s(?:[|\-–—·»:]|::)\s(?P<site>[^|\-–—·»]{1,40})$")


def _drop_site(title: str) -> str:
    """'headline | site name' → 'headline': Readability.js keeps a site-name suffix when og:title
    carries it, other extractors strip it (readmode does in ``Article.headline``, not in
    ``title``). The second title column counts such pairs as agreeing, so the choice of headline
    and the handling of the suffix stay visible separately."""
    match = _SITE_SUFFIX.match(title)
    return match.group("title") if match and len(match.group("site").split()) <= 4 else title


def _field_value(field_name: str, value: object) -> str:
    return published_day(value) if field_name == "published" else normalize_field(value)


def score_extractor(
    raw: WorkerResult, references: dict[str, Reference], pages: list[Page]
) -> ExtractorReport:
    """Per-page and corpus numbers for one worker result."""
    name = raw["name"]
    if "unavailable" in raw or "failed" in raw:
        return ExtractorReport(name, note=raw.get("unavailable") or raw["failed"])
    report = ExtractorReport(
        name,
        version=raw["version"],
        provides=tuple(raw["provides"]),
        peak_rss_mb=raw["peak_rss_mb"],
        baseline_rss_mb=raw["baseline_rss_mb"],
    )
    report.fields = {f: [0, 0, 0] for f in report.provides}
    by_key = {record["key"]: record for record in raw["pages"]}
    per_corpus: dict[str, tuple[list[PageScore], list[bool]]] = {}
    for page in pages:
        record = by_key.get(page.key, {"text": "", "metadata": {}, "error": "no result"})
        reference = references[page.key]
        text = record.get("text") or ""
        score = score_page(reference.text, text)
        exact = tokens_equal(reference.text, text)
        scores, exacts = per_corpus.setdefault(page.corpus, ([], []))
        scores.append(score)
        exacts.append(exact)
        entry: dict[str, Any] = {
            "corpus": page.corpus,
            "id": page.id,
            "url": page.url,
            "precision": score.precision,
            "recall": score.recall,
            "f1": score.f1,
            "tp": score.tp,
            "fp": score.fp,
            "fn": score.fn,
            "exact": exact,
            "chars": len(text),
            "ms": record.get("ms"),
            "error": record.get("error"),
            "declined": record.get("declined"),
            "metadata_error": record.get("metadata_error"),
            "clutter": clutter.gained_phrases(reference.text, text),
            "metadata": {},
        }
        if page.corpus == READABILITY:
            _count_images(report, reference, record, entry)
            for field_name in report.provides:
                expected = _field_value(field_name, reference.metadata.get(field_name))
                got = _field_value(field_name, record["metadata"].get(field_name))
                tally = report.fields[field_name]
                if expected:
                    tally[0] += got == expected
                    tally[1] += 1
                    if field_name == "title":
                        report.title_without_suffix[0] += got in (expected, _drop_site(expected))
                        report.title_without_suffix[1] += 1
                elif got:
                    tally[2] += 1
                entry["metadata"][field_name] = {
                    "expected": reference.metadata.get(field_name),
                    "got": record["metadata"].get(field_name),
                    "match": bool(expected) and got == expected,
                }
        report.pages.append(entry)

    for corpus, (scores, exacts) in per_corpus.items():
        report.scores[corpus] = score_corpus(scores, exacts)
    report.clutter_counts = clutter.count_pages(page["clutter"] for page in report.pages)
    timings = [page["ms"] for page in report.pages if page["ms"] is not None and not page["error"]]
    if timings:
        report.median_ms = statistics.median(timings)
        report.p95_ms = percentile(timings, 0.95)
    return report


def _count_images(
    report: ExtractorReport, reference: Reference, record: dict[str, Any], entry: dict[str, Any]
) -> None:
    """Tally the pictures kept against Readability.js's (extractors returning markup only)."""
    if reference.images is None or "images" not in record:
        return
    got = frozenset(record["images"])
    tally = report.images if report.images is not None else [0, 0, 0]
    tally[0] += len(got & reference.images)
    tally[1] += len(reference.images)
    tally[2] += len(got - reference.images)
    report.images = tally
    entry["images"] = {"expected": len(reference.images), "kept": len(got & reference.images),
                       "extra": len(got - reference.images)}  # fmt: skip


# --------------------------------------------------------------------------------------------
# Output.


def format_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A plain aligned table: first column left-aligned, the others right-aligned."""
    widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(len(header))]

    def line(cells: Sequence[str]) -> str:
        first, *rest = cells
        parts = [str(first).ljust(widths[0])]
        parts += [str(cell).rjust(width) for cell, width in zip(rest, widths[1:], strict=True)]
        return "  ".join(parts).rstrip()

    rule = "  ".join("-" * width for width in widths)
    return "\n".join([line(header), rule, *(line(row) for row in rows)])


def _fmt(value: float | None, digits: int = 3) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def _percent(tally: list[int] | None) -> str:
    if tally is None or tally[1] == 0:
        return "-"
    return f"{100 * tally[0] / tally[1]:.1f}"


def main_table(reports: list[ExtractorReport], sets: Sequence[str] = CORPORA) -> str:
    """One row per extractor that ran. The ScrapingHub and Readability columns are there when
    the default sets are run (as "-" if one of them is left out); the pairs columns only when
    the pairs set is run."""
    with_corpora = any(corpus in sets for corpus in CORPORA)
    header = ["extractor"]
    if with_corpora:
        header += ["SH P", "SH R", "SH F1", "SH acc", "RT F1"]
        header += [f"{label} %" for label in FIELD_LABELS.values()]
        header.insert(header.index("title %") + 1, "title~ %")
        header += ["img %", "img+"]
    if PAIRS in sets:
        header += ["pairs P", "pairs R", "pairs F1", "pairs acc"]
    header += ["clutter", "errors", "declined", "med ms", "p95 ms", "RSS MB"]
    rows = []
    for report in reports:
        if not report.available:
            continue
        row = [report.name]
        if with_corpora:
            row += _text_cells(report.scores.get(SCRAPINGHUB))
            rt = report.scores.get(READABILITY)
            row += [_fmt(rt.f1) if rt else "-"]
            row += _metadata_cells(report)
            row += _image_cells(report)
        if PAIRS in sets:
            row += _text_cells(report.scores.get(PAIRS))
        row += [
            str(report.clutter_pages),
            str(report.count("error")),
            str(report.count("declined")),
        ]
        row += [_fmt(report.median_ms, 1), _fmt(report.p95_ms, 1), _fmt(report.peak_rss_mb, 0)]
        rows.append(row)
    return format_table(header, rows)


def _text_cells(score: CorpusScore | None) -> list[str]:
    """P, R, F1 and exact-match accuracy of a set scored on text alone ("-" if not run)."""
    if score is None:
        return ["-"] * 4
    return [_fmt(score.precision), _fmt(score.recall), _fmt(score.f1), _fmt(score.accuracy)]


def _image_cells(report: ExtractorReport) -> list[str]:
    """Share of Readability.js's pictures kept, and pictures kept that it dropped."""
    if report.images is None:
        return ["-", "-"]
    return [_percent(report.images[:2]), str(report.images[2])]


def _metadata_cells(report: ExtractorReport) -> list[str]:
    """The metadata exact-match rates, with title~ right after title."""
    cells = [_percent(report.fields.get(f)) for f in FIELDS]
    title_at = FIELDS.index("title") + 1
    cells.insert(
        title_at, _percent(report.title_without_suffix if "title" in report.fields else None)
    )
    return cells


def metadata_notes(reports: list[ExtractorReport], references: list[Reference]) -> str:
    """Denominators of the exact-match columns, and values given where none was expected."""
    available = [r for r in reports if r.available and r.fields]
    if not available:
        return ""
    header = ["metadata (RT)", *FIELD_LABELS.values()]
    expected_counts = [
        sum(1 for ref in references if _field_value(f, ref.metadata.get(f))) for f in FIELDS
    ]
    rows = [["cases with expected value", *map(str, expected_counts)]]
    for report in available:
        rows.append(
            [
                f"{report.name}: value where null",
                *(str(report.fields[f][2]) if f in report.fields else "-" for f in FIELDS),
            ]
        )
    return format_table(header, rows)


def clutter_table(reports: list[ExtractorReport]) -> str:
    available = [r for r in reports if r.available]
    header = ["pages gaining phrase", *(r.name for r in available)]
    rows = [
        [phrase, *(str(r.clutter_counts.get(phrase, 0)) for r in available)]
        for phrase in clutter.PHRASES
    ]
    return format_table(header, rows)


def worst_pages(report: ExtractorReport, count: int) -> str:
    lines = [f"Lowest-F1 pages of {report.name} (per-page F1, P, R):"]
    for corpus in SETS:
        pages = [p for p in report.pages if p["corpus"] == corpus]
        if not pages:
            continue
        lines.append(f"  {corpus}:")
        for page in sorted(pages, key=lambda p: (p["f1"], p["id"]))[:count]:
            note = page["error"] or (page["declined"] and f"declined: {page['declined']}") or ""
            host = urlsplit(page["url"]).hostname if corpus == SCRAPINGHUB else None
            lines.append(
                f"    F1 {page['f1']:.3f}  P {page['precision']:.3f}  R {page['recall']:.3f}"
                f"  {page['id']}"
                + (f"  ({host})" if host else "")
                + (f"  [{note}]" if note else "")
            )
    with_metadata = any(page["metadata"] for page in report.pages)
    if with_metadata:
        lines.append("  metadata mismatches (readability set: expected | got):")
    for field_name in report.provides if with_metadata else ():
        misses = [
            (page["id"], page["metadata"][field_name])
            for page in report.pages
            if field_name in page["metadata"]
            and page["metadata"][field_name]["expected"] not in (None, "")
            and not page["metadata"][field_name]["match"]
        ]
        lines.append(f"    {FIELD_LABELS[field_name]}: {len(misses)} misses")
        for page_id, values in misses[:count]:
            expected, got = _where_they_differ(values["expected"], values["got"])
            lines.append(f"      {page_id}: {expected} | {got}")
    cluttered = [p for p in report.pages if p["clutter"]]
    lines.append(f"  clutter ({len(cluttered)} pages; first {min(count, len(cluttered))}):")
    for page in cluttered[:count]:
        lines.append(f"    {page['corpus']}/{page['id']}: {', '.join(page['clutter'])}")
    return "\n".join(lines)


def _where_they_differ(expected: object, got: object, width: int = 60) -> tuple[str, str]:
    """Both values cut to ``width`` characters around their first difference.

    Long excerpts often differ only near the end, which a plain truncation would hide.
    """
    texts = [" ".join(str(v).split()) if v is not None else "None" for v in (expected, got)]
    shared = 0
    for a, b in zip(*texts, strict=False):
        if a != b:
            break
        shared += 1
    start = max(0, shared - width // 3)
    shown = []
    for text in texts:
        piece = text[start : start + width]
        shown.append(("…" if start else "") + piece + ("…" if start + width < len(text) else ""))
    return shown[0], shown[1]


def crash_lines(reports: list[ExtractorReport]) -> list[str]:
    lines = []
    for report in reports:
        for page in report.pages:
            if page["error"]:
                lines.append(f"  {report.name} {page['corpus']}/{page['id']}: {page['error']}")
    return lines


def write_json(path: Path, args: argparse.Namespace, reports: list[ExtractorReport]) -> None:
    extractors: dict[str, Any] = {}
    data = {
        "command": ["bench/quality.py", *sys.argv[1:]],
        "generated": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "corpora": {corpus: str(root) for corpus, root in args.roots.items()},
        "extractors": extractors,
    }
    for report in reports:
        summary: dict[str, Any] = {"version": report.version, "note": report.note or None}
        if report.available:
            summary.update(
                {
                    "scores": {c: _score(s) for c, s in report.scores.items()},
                    "fields": {
                        f: {"matches": t[0], "expected": t[1], "value_where_null": t[2]}
                        for f, t in report.fields.items()
                    },
                    "images": (
                        None
                        if report.images is None
                        else dict(zip(("kept", "expected", "extra"), report.images, strict=True))
                    ),
                    "clutter_pages": report.clutter_pages,
                    "clutter": report.clutter_counts,
                    "median_ms": report.median_ms,
                    "p95_ms": report.p95_ms,
                    "peak_rss_mb": report.peak_rss_mb,
                    "baseline_rss_mb": report.baseline_rss_mb,
                    "pages": report.pages,
                }
            )
        extractors[report.name] = summary
    path.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def _score(score: CorpusScore) -> dict[str, Any]:
    return {
        "precision": score.precision,
        "recall": score.recall,
        "f1": score.f1,
        "accuracy": score.accuracy,
        "pages": score.pages,
    }


# --------------------------------------------------------------------------------------------
# Command line.


def _extractor_list(value: str) -> list[str]:
    names = [name.strip() for name in value.split(",") if name.strip()]
    unknown = [name for name in names if name not in EXTRACTOR_NAMES]
    if unknown or not names:
        raise argparse.ArgumentTypeError(
            f"unknown extractor(s) {', '.join(unknown) or '(none)'}; "
            f"choose from {', '.join(EXTRACTOR_NAMES)}"
        )
    return names


def _set_list(value: str) -> list[str]:
    names = [name.strip() for name in value.split(",") if name.strip()]
    if not names or any(name not in SETS for name in names):
        raise argparse.ArgumentTypeError(f"choose from {', '.join(SETS)}")
    return names


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return number


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Compare article extractors on the reference corpora (see bench/README.md)."
    )
    parser.add_argument(
        "--scrapinghub",
        type=Path,
        help="ScrapingHub set directory (html/, ground-truth.json); "
        "default ../shared/corpus/scrapinghub-dev beside the checkout",
    )
    parser.add_argument(
        "--readability",
        type=Path,
        help="Mozilla Readability test pages directory; "
        "default ../shared/corpus/readability-test-pages beside the checkout",
    )
    parser.add_argument(
        "--pairs",
        type=Path,
        metavar="DIR",
        help="a pairs set: html/<name>.html (.htm, .html.gz) with reference text in "
        "txt/<name>.txt; adds the set 'pairs' to the default sets (no default directory)",
    )
    parser.add_argument(
        "--sets",
        type=_set_list,
        help="which sets to run, comma-separated, from scrapinghub,readability,pairs "
        "(default: scrapinghub,readability, plus pairs when --pairs is given)",
    )
    parser.add_argument(
        "--extractors",
        type=_extractor_list,
        default=list(EXTRACTOR_NAMES),
        help=f"comma-separated, from {','.join(EXTRACTOR_NAMES)} (default: all)",
    )
    parser.add_argument("--limit", type=_positive, help="only the first N pages of each set")
    parser.add_argument("--json", type=Path, metavar="OUT", help="write every per-page number")
    parser.add_argument(
        "--show-worst",
        type=_positive,
        metavar="N",
        help="list readmode's N lowest-F1 pages per set and its pages with clutter",
    )
    parser.add_argument(
        "--clutter", action="store_true", help="print pages gaining each clutter phrase"
    )
    parser.add_argument(
        "--jobs",
        type=_positive,
        default=1,
        help="extractors run at once (default 1: parallel runs disturb the timings)",
    )
    parser.add_argument(
        "--page-timeout",
        type=float,
        default=30.0,
        help="seconds before one extraction counts as a crash (default 30)",
    )
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--worker-out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.json is not None and not args.json.resolve().parent.is_dir():
        parser.error(f"--json {args.json}: its folder does not exist")
    if args.sets is None:
        args.sets = [*CORPORA, PAIRS] if args.pairs is not None else list(CORPORA)
    explicit = {SCRAPINGHUB: args.scrapinghub, READABILITY: args.readability, PAIRS: args.pairs}
    args.roots = {}
    for corpus in args.sets:
        root = explicit[corpus] or DEFAULT_DIRS.get(corpus)
        if root is None:
            parser.error(f"the {corpus} set has no default directory: pass --{corpus} DIR")
        if not root.is_dir():
            how = "given" if explicit[corpus] else "default"
            parser.error(
                f"{corpus} corpus not found at {root} ({how} path); "
                f"pass --{corpus} DIR or leave it out with --sets"
            )
        args.roots[corpus] = root
    return args


def legend(sets: Sequence[str]) -> str:
    """What the main table's columns mean, for the sets that were run."""
    lines = []
    if any(corpus in sets for corpus in CORPORA):
        lines += [
            "SH = ScrapingHub (P/R/F1 of 4-token shingles, acc = exact token match); RT ="
            " Readability test pages. Field % = exact matches over cases whose expected value"
            " is non-empty;",
            "title~ = the same, counting 'Headline | Site' (Readability.js's og:title) and"
            " 'Headline' (what most extractors report) as agreeing;",
            "img % = RT pictures Readability.js keeps that the extractor keeps too (by file"
            " name), img+ = pictures it keeps that Readability.js drops ('-': text output);",
        ]
    if PAIRS in sets:
        lines.append(
            "pairs = the --pairs set, scored like SH against its txt/ reference texts (often"
            " another extractor's expected output, not a human annotation);"
        )
    lines.append(
        "clutter = pages gaining a boilerplate phrase absent from the reference; errors ="
        " crashes/timeouts (empty text); declined = NotReadable; ms per page; RSS = worker peak."
    )
    return "\n".join(lines)


def _pairs_note(root: Path) -> str:
    """Which pairs set ran, and which of its pages were skipped for want of a reference."""
    skipped = pairs_unmatched(root)
    listed = ", ".join(skipped[:10]) + (", …" if len(skipped) > 10 else "")
    return f"  pairs set {root}" + (
        f"; {len(skipped)} page(s) without txt/ skipped: {listed}" if skipped else ""
    )


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if args.worker:
        if args.worker_out is None:
            print("error: --worker needs --worker-out", file=sys.stderr)
            return 2
        result = run_worker(args.worker, args.roots, args.limit, args.page_timeout)
        args.worker_out.write_text(json.dumps(result, ensure_ascii=False), encoding="utf-8")
        return 0

    try:
        pages = load_pages(args.roots, args.limit)
        references = load_references(args.roots, pages)
    except CorpusError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    args.page_count = len(pages)
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=args.jobs) as pool:
        raws = list(pool.map(lambda name: spawn_worker(name, args), args.extractors))
    elapsed = time.perf_counter() - started
    reports = [score_extractor(raw, references, pages) for raw in raws]

    counts = {c: sum(1 for p in pages if p.corpus == c) for c in args.roots}
    print(
        "pages: "
        + ", ".join(f"{corpus} {count}" for corpus, count in counts.items())
        + f"; extraction wall time {elapsed:.0f} s"
    )
    if PAIRS in args.roots:
        print(_pairs_note(args.roots[PAIRS]))
    for report in reports:
        print(
            f"  {report.name} {report.version}"
            + (f": NOT RUN ({report.note})" if report.note else "")
        )
    print()
    print(main_table(reports, list(args.roots)))
    print("\n" + legend(list(args.roots)))
    readability_references = [references[p.key] for p in pages if p.corpus == READABILITY]
    notes = metadata_notes(reports, readability_references) if readability_references else ""
    if notes:
        print()
        print(notes)
    crashes = crash_lines(reports)
    if crashes:
        more = "; first 20 listed" if len(crashes) > 20 else ""
        print(f"\nCrashes ({len(crashes)}, counted as empty output{more}):")
        print("\n".join(crashes[:20]))
    if args.clutter:
        print()
        print(clutter_table(reports))
    if args.show_worst:
        focus = next((r for r in reports if r.name == "readmode" and r.available), None)
        focus = focus or next((r for r in reports if r.available), None)
        if focus is not None:
            print()
            print(worst_pages(focus, args.show_worst))
    if args.json:
        try:
            write_json(args.json, args, reports)
        except OSError as error:
            print(f"error: cannot write {args.json}: {error}", file=sys.stderr)
            return 1
        print(f"\nper-page numbers written to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
