"""Headless Chromium for the browser tests: Debian's chromium driven by Playwright.

No browser is downloaded: Playwright launches the system's ``chromium`` through
``executable_path``. Without it a test skips with the reason, except under
``CI=true`` (set by ``.ci/run``, which installs chromium), where it fails.
"""

from __future__ import annotations

import os
import shutil

import pytest

#: Flags for a sandbox-less, offline headless start (no background network chatter).
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def missing(reason: str) -> None:
    """Skip with `reason`, or fail under CI=true where the browser must be there."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI=true: the browser test must run; install Debian's chromium)")
    pytest.skip(reason)


def chromium() -> str:
    """The path of the system's Chromium (skips or fails when there is none)."""
    for candidate in (
        "/usr/bin/chromium",
        shutil.which("chromium"),
        shutil.which("chromium-browser"),
    ):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    missing("Chromium is not installed (apt-get install chromium)")
    raise AssertionError("unreachable")
