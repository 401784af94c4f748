"""The extension's own checks, run from the one test command: Node's test runner over the
handlers (with injected fakes), web-ext lint (0 errors) and Prettier.

They need Node.js and, for lint/format, ``npm ci`` at the repository root; a developer machine
without them skips with the reason, CI (``CI`` set) fails instead.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NODE_BIN = ROOT / "node_modules" / ".bin"


def _require(tool: Path | str | None, what: str) -> str:
    if tool and Path(tool).exists():
        return str(tool)
    if os.environ.get("CI"):
        pytest.fail(f"{what} is missing in CI: .ci/run must install it.")
    pytest.skip(f"{what} is not installed (run `npm ci` at the repository root).")


def _run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command, cwd=ROOT, capture_output=True, text=True, timeout=180, check=False
    )


@pytest.mark.timeout(200)
def test_extension_unit_tests_pass() -> None:
    node = _require(shutil.which("node"), "Node.js")
    result = _run(node, "--test", "extension/test/")
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "# fail 0" in result.stdout


@pytest.mark.timeout(200)
def test_web_ext_lint_reports_no_errors() -> None:
    web_ext = _require(NODE_BIN / "web-ext", "web-ext")
    result = _run(web_ext, "lint", "--source-dir", "extension", "--output", "json")
    report = result.stdout[result.stdout.find("{") :]
    summary = json.loads(report)["summary"]
    assert summary["errors"] == 0, report[:4000]


@pytest.mark.timeout(200)
def test_extension_sources_are_formatted() -> None:
    prettier = _require(NODE_BIN / "prettier", "Prettier")
    result = _run(prettier, "--check", "extension")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
