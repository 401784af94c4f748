"""``readmode extract FILE|- [--url URL] [--format html|text|markdown|json] [--explain]``."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import lxml.html

from readmode.extract import Article, NotReadable, extract

HELP = "extract the article from a saved HTML page and print it"
FORMATS = ("html", "text", "markdown", "json")
EXIT_UNREADABLE = 2


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help="an HTML file, or - for standard input")
    parser.add_argument("--url", help="the page's address (resolves relative links and images)")
    parser.add_argument("--format", choices=FORMATS, default="html", help="output format")
    parser.add_argument(
        "--explain",
        action="store_true",
        help="list what was removed and by which rule (on standard error)",
    )


def run(args: argparse.Namespace) -> int:
    try:
        data = sys.stdin.buffer.read() if args.file == "-" else Path(args.file).read_bytes()
    except OSError as exc:
        print(f"readmode extract: cannot read {args.file}: {exc.strerror}", file=sys.stderr)
        return EXIT_UNREADABLE
    try:
        article = extract(data, args.url)
    except NotReadable as exc:
        print(f"readmode extract: {exc.reason}", file=sys.stderr)
        return EXIT_UNREADABLE
    sys.stdout.write(render(article, args.format))
    if args.explain:
        print_removals(article)
    return 0


def render(article: Article, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(article.to_dict(removals=True), ensure_ascii=False, indent=2) + "\n"
    if fmt == "text":
        return f"{article.headline}\n\n{article.text}\n"
    if fmt == "markdown":
        body = _markdown(article.content_html)
        header = [f"# {article.headline}"]
        facts = [x for x in (article.byline, article.site_name, article.published) if x]
        if facts:
            header.append(" · ".join(facts))
        if article.url:
            header.append(f"<{article.url}>")
        return "\n\n".join([*header, body]) + "\n"
    return (
        f'<article lang="{article.lang or ""}" dir="{article.dir}">\n'
        f"<h1>{_escape(article.headline)}</h1>\n{article.content_html}\n</article>\n"
    )


def _markdown(html: str) -> str:
    from markdownify import markdownify  # imported here: only this format needs it

    # Markdown has no ids to jump to: a table of contents or a footnote mark keeps its words,
    # not a link that goes nowhere.
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    for a in root.iter("a"):
        if (a.get("href") or "").startswith("#"):
            a.drop_tag()
    inner = "".join(lxml.html.tostring(child, encoding="unicode") for child in root)
    text = markdownify((root.text or "") + inner, heading_style="ATX", bullets="-")
    return str(text).strip()


def print_removals(article: Article) -> None:
    for r in article.removals:
        mark = "kept " if r.restored else "     "
        print(f"{mark}{r.stage:9} {r.rule:18} {r.selector:40} {r.text}", file=sys.stderr)
    print(f"{len(article.removals)} removals", file=sys.stderr)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
