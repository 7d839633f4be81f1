"""Fixtures shared by the test modules (helpers with no fixture live in the ``tests`` package).

* ``browser``: a headless Chromium driven by Playwright, for the tests that load a
  page in a real browser. No browser is downloaded: Playwright launches Debian's
  ``chromium`` through ``executable_path``. Without it (or without Playwright) a
  test skips with the reason, except under ``CI=true`` (set by ``.ci/run``, which
  installs chromium), where it fails.
* ``watch_page``: records a page's JavaScript and console errors and every request
  that leaves the allowed origins, for the offline and no-error assertions.

Property tests (Hypothesis) run under one profile: the same examples on every run
(``derandomize``: randomness is seeded, as every test's is) and no per-example
deadline (the default 200 ms fails a correct test on a busy 2-core machine).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pytest
from hypothesis import settings

settings.register_profile("scalinglaws", derandomize=True, deadline=None)
settings.load_profile("scalinglaws")

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

#: Flags for a sandbox-less, offline headless start (no background network chatter).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _missing(reason: str) -> None:
    """Skip with `reason`, or fail under CI=true where the browser must be there."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI=true: the browser test must run; install Debian's chromium)")
    pytest.skip(reason)


def _chromium() -> str:
    """The path of the system's Chromium (skips or fails when there is none)."""
    for candidate in (
        "/usr/bin/chromium",
        shutil.which("chromium"),
        shutil.which("chromium-browser"),
    ):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    _missing("Chromium is not installed (apt-get install chromium)")
    raise AssertionError("unreachable")


@pytest.fixture
def browser() -> Iterator[Browser]:
    """Headless Chromium, launched for one test and closed after it."""
    executable = _chromium()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("playwright is not installed (pip install -r requirements-dev.txt)")
        raise
    with sync_playwright() as driver:
        launched = driver.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()


@dataclass
class PageWatch:
    """What a watched page did wrong: errors thrown or logged, requests gone elsewhere."""

    errors: list[str] = field(default_factory=list)
    offsite: list[str] = field(default_factory=list)


def _watch(page: Page, allowed: tuple[str, ...]) -> PageWatch:
    seen = PageWatch()
    page.on("pageerror", lambda exc: seen.errors.append(f"page error: {exc}"))
    page.on(
        "console",
        lambda msg: seen.errors.append(f"console {msg.type}: {msg.text}")
        if msg.type == "error"
        else None,
    )
    page.on(
        "request",
        lambda req: None if req.url.startswith(allowed) else seen.offsite.append(req.url),
    )
    return seen


@pytest.fixture
def watch_page() -> Callable[[Page, tuple[str, ...]], PageWatch]:
    """``watch_page(page, allowed_url_prefixes)``: start recording; returns the record."""
    return _watch
