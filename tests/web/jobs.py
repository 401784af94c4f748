"""Extraction jobs for the pool tests; they run in real worker processes.

``html`` is a script: ``"crash"`` kills the worker (as a segfault or the OOM killer would),
``"sleep:S"`` blocks for S seconds, ``"pid"`` returns the worker's pid, ``"raise"`` fails
with an exception (a bug in the extractor), anything else is extracted for real.
"""

from __future__ import annotations

import os
import time

from readmode.web.worker import JobResult, extract_job


def scripted(html: str, url: str) -> JobResult:
    if html == "crash":
        os._exit(1)
    if html == "pid":
        return True, {"pid": os.getpid()}
    if html == "raise":
        raise RuntimeError("a bug in the extractor")
    if html.startswith("sleep:"):
        time.sleep(float(html.removeprefix("sleep:")))
        return False, "slept"
    return extract_job(html, url)
