"""Long-form extractor fuzzing: corpus and fixture pages, mutated, plus generated pages.

    .venv/bin/python bench/fuzz_extract.py                         # ../shared/corpus, 1000 each
    .venv/bin/python bench/fuzz_extract.py ../shared/corpus --examples 5000 --seed 3
    .venv/bin/python bench/fuzz_extract.py --no-corpus --examples 200   # fixture pages only

The fast form is ``tests/test_extract_properties.py``; this uses its strategies with many more
examples and with every corpus page as a seed (``scrapinghub-dev/`` and
``readability-test-pages/`` under the corpus directory; read in place, never copied):

1. every seed page as it is;
2. ``--examples`` mutated seed pages (truncated, spliced with another seed, bytes flipped, ranges
   deleted or duplicated, hostile markup inserted);
3. ``--examples`` generated pages (random nesting of common and hostile tags, with or without a
   real article around them).

Each call must return an Article or raise NotReadable (with a sentence for people) within
``--seconds``; an Article must have safe HTML and sane counts (``assert_sane_article``). A call
that runs past ``--hard-limit`` seconds is interrupted and counted as a failure. On a failure,
hypothesis shrinks the input to a minimal one, which is printed (first 2000 characters) and
written to ``--out`` for replaying with ``readmode extract``.

Exit status 0 when nothing failed.
"""

from __future__ import annotations

import argparse
import gzip
import json
import statistics
import sys
import tempfile
import time
import traceback
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
REPO_ROOT = BENCH_DIR.parent
DEFAULT_CORPUS = REPO_ROOT.parent / "shared" / "corpus"

# Run as a script, Python puts bench/ first on sys.path; the test helpers live in tests/.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != BENCH_DIR]
sys.path.insert(0, str(REPO_ROOT / "tests"))
sys.path.insert(0, str(REPO_ROOT))

import test_extract_properties as properties  # noqa: E402
from extract_support import extract_within  # noqa: E402
from hypothesis import HealthCheck, Phase, given, seed, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from readmode.extract import Article  # noqa: E402

from bench.alarm import TimeLimit, time_limit  # noqa: E402

URL = "https://example.org/post"


@dataclass
class Tally:
    outcomes: Counter[str] = field(default_factory=Counter)
    seconds: list[float] = field(default_factory=list)
    failures: list[dict[str, Any]] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        times = sorted(self.seconds)
        return {
            "calls": len(times),
            "outcomes": dict(self.outcomes),
            "median_ms": round(statistics.median(times) * 1000, 1) if times else None,
            "p99_ms": round(times[int(len(times) * 0.99)] * 1000, 1) if times else None,
            "max_ms": round(times[-1] * 1000, 1) if times else None,
            "failures": len(self.failures),
        }


def check_one(data: str | bytes, args: argparse.Namespace, tally: Tally) -> None:
    """The property: Article (sane) or NotReadable, in time. Raises AssertionError otherwise."""
    started = time.perf_counter()
    try:
        with time_limit(args.hard_limit):
            result = extract_within(data, args.seconds, url=URL)
    except TimeLimit as timeout:  # a failure of the property, shrunk by hypothesis like others
        raise AssertionError(f"extract {timeout}") from None
    tally.seconds.append(time.perf_counter() - started)
    tally.outcomes[type(result).__name__] += 1
    if isinstance(result, Article):
        properties.assert_sane_article(result)


def corpus_seeds(corpus: Path) -> dict[str, bytes]:
    """Every page of the two corpora under ``corpus``, as published (gzip-decompressed bytes)."""
    paths = sorted((corpus / "scrapinghub-dev" / "html").glob("*.html.gz"))
    paths += sorted((corpus / "readability-test-pages").glob("*/source.html.gz"))
    if not paths:
        raise SystemExit(f"{corpus}: no scrapinghub-dev/html/*.html.gz nor */source.html.gz")
    return {str(path.relative_to(corpus)): gzip.decompress(path.read_bytes()) for path in paths}


def run_property(
    name: str,
    strategy: st.SearchStrategy[Any],
    args: argparse.Namespace,
    tally: Tally,
) -> None:
    """``args.examples`` inputs from ``strategy``; the first failure is shrunk and recorded."""
    last_failing: list[Any] = []

    @seed(args.seed)
    @settings(
        max_examples=args.examples,
        deadline=None,
        database=None,
        phases=[Phase.generate, Phase.shrink],
        suppress_health_check=list(HealthCheck),
    )
    @given(data=strategy)
    def prop(data: Any) -> None:
        try:
            check_one(data, args, tally)
        except BaseException:
            last_failing[:] = [data]  # hypothesis replays the minimal example last
            raise

    started = time.perf_counter()
    calls_before = len(tally.seconds)
    outcome = "ok"
    try:
        prop()
    except Exception as error:  # any failure is reported, then the next property runs
        record_failure(name, error, last_failing[0] if last_failing else None, args, tally)
        outcome = "FAILED"
    calls = len(tally.seconds) - calls_before
    print(f"{name}: {outcome} ({calls} calls, {time.perf_counter() - started:.0f} s)")


def record_failure(
    name: str, error: BaseException, data: Any, args: argparse.Namespace, tally: Tally
) -> None:
    text = "".join(traceback.format_exception(error))
    entry: dict[str, Any] = {"property": name, "error": text[-4000:]}
    if data is not None:
        raw = data if isinstance(data, bytes) else str(data).encode("utf-8", "surrogatepass")
        args.out.mkdir(parents=True, exist_ok=True)
        path = args.out / f"{name}-minimal.html"
        path.write_bytes(raw)
        entry["minimal_example"] = str(path)
        entry["minimal_size"] = len(raw)
        print(f"\n--- {name}: minimal failing input ({len(raw)} bytes, saved to {path}) ---")
        print(raw[:2000].decode("utf-8", "replace"))
    print(f"--- {name}: error ---\n{text[-4000:]}")
    tally.failures.append(entry)


def run_plain(seeds: dict[str, bytes], args: argparse.Namespace, tally: Tally) -> None:
    started = time.perf_counter()
    failed = 0
    for name, data in seeds.items():
        try:
            check_one(data, args, tally)
        except AssertionError as error:
            failed += 1
            tally.failures.append({"property": "plain", "page": name, "error": str(error)[:2000]})
            print(f"plain page {name}: FAILED: {str(error)[:500]}")
    seconds = time.perf_counter() - started
    print(f"plain seed pages: {len(seeds)} pages, {failed} failed ({seconds:.0f} s)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path, nargs="?", default=DEFAULT_CORPUS)
    parser.add_argument("--no-corpus", action="store_true", help="fixture pages only")
    parser.add_argument("--examples", type=int, default=1000, help="per property (1000)")
    parser.add_argument("--seconds", type=float, default=5.0, help="time bound per call (5)")
    parser.add_argument("--hard-limit", type=float, default=60.0, help="interrupt a call (60)")
    parser.add_argument("--seed", type=int, default=int(time.time()) % 100_000)
    parser.add_argument(
        "--out",
        type=Path,
        default=Path(tempfile.gettempdir()) / "readmode-fuzz-extract",
        help="where minimal failing inputs are written",
    )
    parser.add_argument("--json", type=Path, help="write the numbers here")
    args = parser.parse_args(argv)
    if not 1 <= args.examples <= 1_000_000:
        parser.error("--examples must be between 1 and 1000000")

    seeds = dict(properties.FIXTURES)
    if not args.no_corpus:
        seeds.update(corpus_seeds(args.corpus))
    print(
        f"seed {args.seed}: {len(seeds)} seed pages ({sum(map(len, seeds.values())) >> 20} MiB),"
        f" {args.examples} examples per property, bound {args.seconds} s per call"
    )
    tallies = {name: Tally() for name in ("plain", "mutated", "generated")}
    run_plain(seeds, args, tallies["plain"])
    run_property("mutated", properties.mutated_pages(seeds), args, tallies["mutated"])
    run_property("generated", properties.generated_pages(), args, tallies["generated"])
    report: dict[str, Any] = {"seed": args.seed, "seed_pages": len(seeds)}
    report["examples_per_property"] = args.examples
    report.update({name: tally.summary() for name, tally in tallies.items()})
    print(json.dumps(report, indent=2))
    failures = [failure for tally in tallies.values() for failure in tally.failures]
    if args.json:
        report["failure_details"] = failures
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
