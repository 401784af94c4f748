"""``readmode extract FILE|- [--url URL] [--format html|text|markdown|json] [--explain]``.

Run as a real process (``python -m readmode.cli``), as a user would: exit status, stdout and
stderr are the interface. Unusable input gives one line on stderr and exit status 2.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from extract_support import NAVIGATION_ONLY_PAGE, PAGES_DIR, load_page_case
from readmode.extract import extract

CASE = load_page_case("news-article-clutter")
# A paragraph with no characters that HTML or Markdown would escape.
PARAGRAPH = CASE.expected["with"][4]
assert PARAGRAPH.startswith("Engineers will also replace")
SOURCE_FILE = PAGES_DIR / CASE.name / "source.html"


def readmode(*args: str | Path, stdin: bytes | None = None) -> subprocess.CompletedProcess[str]:
    completed = subprocess.run(
        [sys.executable, "-m", "readmode.cli", *map(str, args)],
        input=stdin,
        capture_output=True,
        timeout=60,
        check=False,
    )
    return subprocess.CompletedProcess(
        completed.args,
        completed.returncode,
        completed.stdout.decode("utf-8"),
        completed.stderr.decode("utf-8"),
    )


def assert_one_line_error(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 2, (result.returncode, result.stderr)
    assert result.stdout == "", f"nothing on stdout on error, got {result.stdout[:200]!r}"
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, f"expected one line on stderr, got:\n{result.stderr}"
    assert "Traceback" not in result.stderr
    return lines[0]


def test_json_format() -> None:
    result = readmode("extract", SOURCE_FILE, "--url", CASE.expected["url"], "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["headline"] == CASE.expected["headline"]
    assert data["byline"] == CASE.expected["byline"]
    assert PARAGRAPH in data["text"]
    assert PARAGRAPH in data["content_html"]
    assert data["word_count"] > 0


def test_text_format() -> None:
    result = readmode("extract", SOURCE_FILE, "--format", "text")
    assert result.returncode == 0, result.stderr
    assert PARAGRAPH in result.stdout
    assert "<p" not in result.stdout
    assert "indicates required" not in result.stdout


def test_html_format() -> None:
    result = readmode("extract", SOURCE_FILE, "--format", "html")
    assert result.returncode == 0, result.stderr
    assert f"<p>{PARAGRAPH}</p>" in result.stdout
    assert "<form" not in result.stdout
    assert "<script" not in result.stdout


def test_markdown_format() -> None:
    result = readmode("extract", SOURCE_FILE, "--format", "markdown")
    assert result.returncode == 0, result.stderr
    assert PARAGRAPH in result.stdout
    headings = [line for line in result.stdout.splitlines() if line.startswith("#")]
    assert any(CASE.expected["headline"] in line for line in headings), headings
    assert "<p>" not in result.stdout


def test_markdown_keeps_in_page_link_words_without_dead_links() -> None:
    """A table of contents and footnote marks: Markdown has no ids, so only their words stay."""
    wiki = PAGES_DIR / "wiki-article" / "source.html"
    result = readmode("extract", wiki, "--format", "markdown")
    assert result.returncode == 0, result.stderr
    assert "- 1 History" in result.stdout
    assert "](#" not in result.stdout
    assert "](" in result.stdout  # links to other pages stay links


def test_url_option_sets_the_article_url(tmp_path: Path) -> None:
    """A page without a canonical link takes its address from --url."""
    case = load_page_case("time-rel-author")
    page = tmp_path / "page.html"
    page.write_text(case.source, encoding="utf-8")
    result = readmode("extract", page, "--url", case.expected["url"], "--format", "json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["url"] == case.expected["url"]


def test_standard_input() -> None:
    result = readmode("extract", "-", "--format", "text", stdin=SOURCE_FILE.read_bytes())
    assert result.returncode == 0, result.stderr
    assert PARAGRAPH in result.stdout


def test_standard_input_in_a_legacy_charset() -> None:
    page = '<meta charset="windows-1251"><title>Тест</title>' + "".join(
        f"<p>Абзац номер {n}: старі будинки втрачають тепло через вікна, дах і двері.</p>"
        for n in range(8)
    )
    result = readmode("extract", "-", "--format", "text", stdin=page.encode("cp1251"))
    assert result.returncode == 0, result.stderr
    assert "старі будинки втрачають тепло" in result.stdout


def test_missing_file(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-page.html"
    line = assert_one_line_error(readmode("extract", missing))
    assert "no-such-page.html" in line


def test_directory_instead_of_file(tmp_path: Path) -> None:
    assert_one_line_error(readmode("extract", tmp_path))


def test_empty_file(tmp_path: Path) -> None:
    empty = tmp_path / "empty.html"
    empty.write_bytes(b"")
    assert_one_line_error(readmode("extract", empty))


def test_empty_standard_input() -> None:
    assert_one_line_error(readmode("extract", "-", stdin=b""))


@pytest.mark.parametrize(
    "content",
    [NAVIGATION_ONLY_PAGE.encode(), b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 64],
    ids=["navigation-only", "binary"],
)
def test_unreadable_file(tmp_path: Path, content: bytes) -> None:
    page = tmp_path / "page.html"
    page.write_bytes(content)
    assert_one_line_error(readmode("extract", page, "--format", "json"))


def test_explain_lists_removals_with_rule_names() -> None:
    removals = extract(CASE.source, url=CASE.expected["url"]).removals
    assert removals, "the headline page has clutter, so extraction must report removals"
    result = readmode("extract", SOURCE_FILE, "--format", "text", "--explain")
    assert result.returncode == 0, result.stderr
    assert PARAGRAPH in result.stdout
    output = result.stdout + result.stderr
    missing = sorted({r.rule for r in removals if r.rule not in output})
    assert not missing, f"rule names missing from --explain output: {missing}\n{output[-3000:]}"
    assert str(len(removals)) in output
