"""`readmode search QUERY`: search your highlights from the terminal (no server needed)."""

from __future__ import annotations

import argparse
import html
import json
import re
import sys
from typing import Any, TextIO

from readmode.config import database_path, resolve_data_dir
from readmode.store import StoreError, SyncStore

HELP = "search your highlights and saved articles (same syntax as the search page)"

_CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_MARK_RE = re.compile(r"<mark>(.*?)</mark>", re.DOTALL)
ANSI_MARK = ("\x1b[1;33m", "\x1b[0m")
PLAIN_MARK = ("**", "**")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "query",
        help='words, "phrases", prefix*, -word, site:, tag:, color:, note:, before:/after: '
        '(put "--" before a query that starts with "-")',
    )
    parser.add_argument("--data-dir", help="data directory (default: $READMODE_DATA_DIR or the "
                        "per-user data directory)")  # fmt: skip
    parser.add_argument("--limit", type=int, default=20, help="results to show (default 20)")
    parser.add_argument("--json", action="store_true", help="print the API's JSON document")


def terminal_safe(text: str) -> str:
    """Stored text comes from web pages: never let it send escape sequences to the terminal."""
    return _CONTROL_RE.sub(" ", text)


def render_snippet(snippet: str, marks: tuple[str, str]) -> str:
    """Turn an escaped ``<mark>`` snippet into terminal text with ``marks`` around matches."""
    parts = _MARK_RE.split(snippet)
    out = []
    for index, part in enumerate(parts):
        text = terminal_safe(html.unescape(part))
        out.append(f"{marks[0]}{text}{marks[1]}" if index % 2 else text)
    return "".join(out)


def print_results(result: dict[str, Any], out: TextIO, marks: tuple[str, str]) -> None:
    total = result["total"]
    if not result["results"] and not result["articles"]:
        print("No matches.", file=out)
        return
    if result["results"]:
        more = "+" if total >= 1000 else ""
        print(f"{total}{more} highlight{'s' if total != 1 else ''}:", file=out)
    for item in result["results"]:
        article, highlight = item["article"], item["highlight"]
        title = terminal_safe(article["title"] or article["url"])
        site = f" — {terminal_safe(article['site_name'])}" if article["site_name"] else ""
        print(f"\n{title}{site}", file=out)
        print(f"  > {render_snippet(item['snippet'], marks)}", file=out)
        if highlight["note"]:
            print(f"  note: {terminal_safe(highlight['note'])}", file=out)
        if highlight["tags"]:
            tags = " ".join("#" + terminal_safe(tag) for tag in highlight["tags"])
            print(f"  {tags}", file=out)
    if result["articles"]:
        print("\nArticles:", file=out)
        for article in result["articles"]:
            print(f"\n{terminal_safe(article['title'] or article['url'])}", file=out)
            print(f"  {terminal_safe(article['url'])}", file=out)
            print(f"  {render_snippet(article['snippet'], marks)}", file=out)


def run(args: argparse.Namespace) -> int:
    path = database_path(resolve_data_dir(args.data_dir))
    if args.limit < 1:
        print("readmode search: --limit must be at least 1", file=sys.stderr)
        return 2
    try:
        with SyncStore.open(path, create=False) as store:
            result = store.search(args.query, limit=min(args.limit, 1000), offset=0)
    except StoreError as error:
        print(f"readmode search: {error.message}", file=sys.stderr)
        return 1
    if args.json:
        json.dump(result, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        print_results(result, sys.stdout, ANSI_MARK if sys.stdout.isatty() else PLAIN_MARK)
    return 0
