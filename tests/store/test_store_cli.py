"""`readmode search` and `readmode export` as a user runs them (subprocesses, no server)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from readmode.store import SyncStore

TEXT = "Memory is the residue of thought. Bell \x1b[31mred\x1b[0m escapes stay inert."


def readmode(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "readmode.cli", *args],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, **(env or {})},
        check=False,
    )


@pytest.fixture
def data_dir(tmp_path: Path, make_article: Any) -> Path:
    directory = tmp_path / "data"
    with SyncStore.open(directory / "readmode.db") as store:
        article, _ = store.save_article(
            "https://example.com/memory", make_article(TEXT, title="On <memory>")
        )
        start = TEXT.index("residue")
        store.add_highlight(
            {"article_id": article["id"], "exact": "residue of thought", "prefix": "",
             "suffix": "", "start": start, "end": start + 18, "note": "a note",
             "tags": ["ideas"]}
        )  # fmt: skip
        start = TEXT.index("Bell")
        store.add_highlight(
            {"article_id": article["id"], "exact": TEXT[start:], "prefix": "", "suffix": "",
             "start": start, "end": len(TEXT)}
        )  # fmt: skip
    return directory


def test_search_prints_results_with_marks(data_dir: Path) -> None:
    result = readmode("search", "residue", "--data-dir", str(data_dir))
    assert result.returncode == 0, result.stderr
    assert "1 highlight:" in result.stdout
    assert "On <memory> — Example" in result.stdout
    assert "> Memory is the **residue** of thought" not in result.stdout  # only the quote
    assert "> **residue** of thought" in result.stdout
    assert "note: a note" in result.stdout
    assert "#ideas" in result.stdout
    assert "Articles:" in result.stdout


def test_search_never_prints_control_characters(data_dir: Path) -> None:
    result = readmode("search", "escapes", "--data-dir", str(data_dir))
    assert result.returncode == 0, result.stderr
    assert "inert" in result.stdout
    assert "\x1b" not in result.stdout


def test_search_json_and_data_dir_from_environment(data_dir: Path) -> None:
    result = readmode("search", "tag:ideas", "--json", env={"READMODE_DATA_DIR": str(data_dir)})
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["total"] == 1
    assert document["results"][0]["highlight"]["tags"] == ["ideas"]


def test_search_without_matches(data_dir: Path) -> None:
    result = readmode("search", '"NEAR(" AND -', "--data-dir", str(data_dir))
    assert (result.returncode, result.stdout.strip()) == (0, "No matches.")


def test_missing_database_is_a_clear_error(tmp_path: Path) -> None:
    for command in (["search", "x"], ["export", "--format", "json"]):
        result = readmode(*command, "--data-dir", str(tmp_path / "nothing"))
        assert result.returncode == 1
        assert "No readmode database at" in result.stderr
        assert "Traceback" not in result.stderr
    assert not (tmp_path / "nothing").exists()


@pytest.mark.parametrize("fmt", ["markdown", "json", "annotations"])
def test_export_to_stdout_and_file(data_dir: Path, tmp_path: Path, fmt: str) -> None:
    printed = readmode("export", "--format", fmt, "--data-dir", str(data_dir))
    assert printed.returncode == 0, printed.stderr
    output = tmp_path / f"export.{fmt}"
    written = readmode("export", "--format", fmt, "--data-dir", str(data_dir), "-o", str(output))
    assert written.returncode == 0, written.stderr
    assert written.stdout == ""
    text = output.read_text(encoding="utf-8")
    if fmt == "markdown":
        assert "> residue of thought" in text
        assert "#ideas" in text
        assert printed.stdout.splitlines()[3:] == text.splitlines()[3:]  # after the date line
    else:
        document = json.loads(text)
        assert document == {**json.loads(printed.stdout), **{
            key: document[key] for key in ("exported_at",) if key in document
        }}  # fmt: skip
    assert [path.name for path in tmp_path.iterdir() if path.name.startswith(".")] == []


def test_export_to_an_unwritable_place(data_dir: Path, tmp_path: Path) -> None:
    result = readmode(
        "export", "--data-dir", str(data_dir), "-o", str(tmp_path / "no" / "such" / "dir.md")
    )
    assert result.returncode == 1
    assert "cannot write" in result.stderr


def test_export_rejects_unknown_formats(data_dir: Path) -> None:
    result = readmode("export", "--format", "pdf", "--data-dir", str(data_dir))
    assert result.returncode == 2
    assert "invalid choice" in result.stderr


def test_query_starting_with_a_dash(data_dir: Path) -> None:
    result = readmode("search", "--data-dir", str(data_dir), "--", "-escapes")
    assert result.returncode == 0, result.stderr
    assert "residue" in result.stdout
    assert "inert" not in result.stdout
