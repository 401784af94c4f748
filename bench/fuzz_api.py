"""Long-form API fuzzing: schemathesis, every phase, against a real ``readmode serve --debug``.

    .venv/bin/python bench/fuzz_api.py                   # 300 examples/operation, random seed
    .venv/bin/python bench/fuzz_api.py --max-examples 1000 --seed 7
    .venv/bin/python bench/fuzz_api.py --max-time 1800   # phases repeat until 30 min pass

The fast form of the same run is ``tests/reliability/test_openapi_fuzz.py`` (30 examples per
operation, fixed seed). This one starts the server on a free loopback port with a temporary data
directory and ``--debug`` (the server checks each response against its own schema: a violation is
a 500), then runs ``schemathesis run`` on ``/api/openapi.json`` with the pairing token and the
phases examples, coverage, fuzzing and stateful (chains that follow the document's links: save an
article → read it, highlight it, edit and delete the highlight, delete the article). Checks:
no 5xx, documented status codes, documented Content-Types, bodies valid against their schemas.

Afterwards the server log is read: a traceback from a handler is a failure even when the client
got a clean answer. Requests aiohttp's HTTP parser refuses before the application sees them
(schemathesis probes with a NUL byte in a header) are counted apart: they are not handler crashes.

Exit status: 0 when schemathesis found nothing and the log holds no handler traceback. With a
failure, schemathesis prints each one with a ``curl`` line that reproduces it.
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import re
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections import Counter
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
REPO_ROOT = BENCH_DIR.parent
# Run as a script, Python puts bench/ first on sys.path; import the bench package from the repo.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != BENCH_DIR]
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from bench.serving import Server  # noqa: E402

CHECKS = (
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_schema_conformance",
)
PHASES = ("examples", "coverage", "fuzzing", "stateful")

ACCESS_LINE = re.compile(
    r'"(?P<method>[A-Z]+) (?P<path>[^ ?"]*)[^"]* HTTP/1\.[01]" (?P<status>\d{3})'
)
LOG_RECORD = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} ", re.MULTILINE)


SEED_PAGE = (
    "<!doctype html><html lang='en'><head><title>Harbour notes {n}</title></head><body><article>"
    "<h1>Harbour notes {n}</h1>"
    + "".join(
        f"<p>Paragraph {p}: the keeper of the lighthouse walked down to the quiet harbour to count"
        " the fishing boats rocking against the old stone quay.</p>"
        for p in range(1, 9)
    )
    + "</article></body></html>"
)


def seed_library(url: str, token: str, articles: int = 3) -> None:
    """A few saved articles with a highlight each (ids 1, 2, 3): the coverage phase tries the
    smallest ids, and the stateful phase can list and follow them."""
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}

    def post(path: str, body: dict[str, Any]) -> dict[str, Any]:
        request = urllib.request.Request(url + path, json.dumps(body).encode(), headers)
        with urllib.request.urlopen(request, timeout=60) as response:
            answer: dict[str, Any] = json.loads(response.read())
            return answer

    for n in range(1, articles + 1):
        page = SEED_PAGE.format(n=n)
        article = post("/api/articles", {"url": f"https://example.com/notes/{n}", "html": page})
        exact = "the keeper of the lighthouse"
        start = article["text"].index(exact)
        post(
            "/api/highlights",
            {"article_id": article["id"], "exact": exact, "prefix": "", "suffix": "",
             "start": start, "end": start + len(exact), "color": "green", "tags": ["sea"],
             "note": f"note {n}"},
        )  # fmt: skip


def schemathesis_command(
    url: str, token: str, args: argparse.Namespace, reports: Path
) -> list[str]:
    command = [
        sys.executable, "-m", "schemathesis.cli", "run", f"{url}/api/openapi.json",
        "--header", f"Authorization: Bearer {token}",
        "--checks", ",".join(CHECKS),
        "--phases", ",".join(PHASES),
        "--max-examples", str(args.max_examples),
        "--seed", str(args.seed),
        "--workers", str(args.clients),
        "--request-timeout", "60",
        "--no-color",
        "--report", "junit",
        "--report-dir", str(reports),
    ]  # fmt: skip
    if args.max_time:
        command += ["--max-time", str(args.max_time)]
    return command


def read_server_log(text: str) -> dict[str, Any]:
    """Requests by operation and status, handler tracebacks, requests refused by the parser."""
    statuses: Counter[str] = Counter()
    for match in ACCESS_LINE.finditer(text):
        path = re.sub(r"/\d+(?=/|$)", "/{id}", match["path"])
        statuses[f"{match['method']} {path} {match['status']}"] += 1
    starts = [m.start() for m in LOG_RECORD.finditer(text)] + [len(text)]
    records = [text[a:b] for a, b in itertools.pairwise(starts)]
    crashes = [r for r in records if "Traceback" in r and "http_exceptions" not in r]
    refused = [r for r in records if "Traceback" in r and "http_exceptions" in r]
    return {
        "requests": sum(statuses.values()),
        "server_errors": sum(n for key, n in statuses.items() if key.rsplit(" ", 1)[1] >= "500"),
        "by_operation_and_status": dict(sorted(statuses.items())),
        "handler_tracebacks": [r.strip()[:4000] for r in crashes],
        "refused_by_http_parser": len(refused),
    }


def summary_line(output: str) -> dict[str, int]:
    """``Test cases: 4273 generated, 4273 passed`` (or ``..., 2 found 3 unique failures``)."""
    match = re.search(r"Test cases:\s*(\d+) generated(?:, (\d+) passed)?(?:, (\d+) found)?", output)
    if match is None:
        return {}
    generated, passed, failing = (int(g) if g else 0 for g in match.groups())
    return {"generated": generated, "passed": passed, "failing_cases": failing}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--max-examples", type=int, default=300, help="per operation and phase")
    parser.add_argument("--seed", type=int, help="default: a random one (printed)")
    parser.add_argument("--max-time", type=int, help="seconds: repeat phases until spent")
    parser.add_argument("--workers", type=int, default=1, help="server extraction processes")
    parser.add_argument("--clients", type=int, default=1, help="concurrent schemathesis workers")
    parser.add_argument("--keep", type=Path, help="copy the server log and reports here")
    parser.add_argument("--json", type=Path, help="write the numbers here")
    args = parser.parse_args(argv)
    if not 1 <= args.max_examples <= 100_000:
        parser.error("--max-examples must be between 1 and 100000")
    if args.seed is None:
        args.seed = random.randrange(2**31)
    from readmode.config import load_or_create_token  # after argparse: `--help` stays fast

    with tempfile.TemporaryDirectory(prefix="readmode-fuzz-api-") as tmp:
        workdir = Path(tmp)
        data_dir = workdir / "data"
        token = load_or_create_token(data_dir)
        log = workdir / "serve.log"
        serve = Server(data_dir, log, args.workers, debug=True).start()
        url = serve.url
        started = time.monotonic()
        try:
            seed_library(url, token)
            command = schemathesis_command(url, token, args, workdir / "reports")
            print(f"schemathesis, seed {args.seed}, {args.max_examples} examples per operation")
            run = subprocess.run(command, capture_output=True, text=True, check=False)
        finally:
            serve.stop()
        seconds = time.monotonic() - started
        print(run.stdout.replace(token, "[token]"))
        if run.stderr.strip():
            print(run.stderr.replace(token, "[token]"), file=sys.stderr)
        server = read_server_log(log.read_text(errors="replace"))
        if args.keep:
            args.keep.mkdir(parents=True, exist_ok=True)
            (args.keep / "serve.log").write_text(log.read_text(errors="replace"))
            (args.keep / "schemathesis.txt").write_text(run.stdout.replace(token, "[token]"))

    report = {
        "seed": args.seed,
        "max_examples": args.max_examples,
        "seconds": round(seconds, 1),
        "schemathesis_exit": run.returncode,
        **summary_line(run.stdout),
        **server,
    }
    print(
        f"\n{report.get('generated', '?')} test cases, {server['requests']} requests in"
        f" {seconds:.0f} s; server 5xx: {server['server_errors']}; handler tracebacks:"
        f" {len(server['handler_tracebacks'])}; malformed requests refused by the HTTP parser:"
        f" {server['refused_by_http_parser']}; schemathesis exit {run.returncode}"
    )
    for traceback in server["handler_tracebacks"]:
        print(f"\n--- traceback in the server log ---\n{traceback}")
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 0 if run.returncode == 0 and not server["handler_tracebacks"] else 1


if __name__ == "__main__":
    sys.exit(main())
