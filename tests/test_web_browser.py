"""The web app end to end in a real browser: Debian's Chromium, headless, driven by Playwright.

A uvicorn server runs in a thread on a free loopback port with a temporary data
folder and every protection on: a token (the browser opens the tokenised URL
once and works from its session cookie), CSRF tokens on every form and script
call, and the strict Content-Security-Policy (any violation is a console error,
which fails the test). The test uploads the bundled cities file, runs a tail fit, sees
alpha = 2.37 (Clauset et al. 2009, Table 3) and a drawn plot, asks "what is the
exponent?", downloads the report, then starts a long goodness-of-fit job, sees
its progress bar move and cancels it. A screenshot of every page lands in
test-artifacts/web/. Without Chromium the test skips with the reason, except on
CI (CI=true), where it fails.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

import scalinglaws as sl
from scalinglaws.web import Settings, create_app

if TYPE_CHECKING:
    from collections.abc import Callable

    from playwright.sync_api import Browser

    from tests.conftest import PageWatch

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts" / "web"
PLOTS_DRAWN = (
    "Array.from(document.querySelectorAll('div.sl-plot'))"
    ".every(d => d._fullLayout && d.querySelector('svg.main-svg g.scatterlayer path'))"
)
TOKEN = "browser-test-token-" + "x" * 20


def wait_until(page: Any, expression: str, timeout_s: float = 30.0) -> None:
    """Poll a JavaScript expression until it is true.

    Playwright's ``wait_for_function`` evaluates its string with ``eval`` inside the
    page, which a Content-Security-Policy without 'unsafe-eval' (ours) forbids;
    ``page.evaluate`` runs through the DevTools protocol, outside the page's CSP.
    """
    deadline = time.monotonic() + timeout_s
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            raise AssertionError(f"still false after {timeout_s} s: {expression}")
        page.wait_for_timeout(200)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    """The app served by uvicorn in a thread; yields its base URL."""
    import uvicorn

    app = create_app(Settings(data_dir=tmp_path / "data", ask_model=None, token=TOKEN))
    port = _free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
    runner = uvicorn.Server(config)
    thread = threading.Thread(target=runner.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not runner.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        runner.should_exit = True
        thread.join(timeout=30)


def _cities_file(folder: Path) -> Path:
    meta = sl.load_dataset("clauset2009/cities").meta
    data = resources.files("scalinglaws.datasets").joinpath("data", meta["file"]).read_bytes()
    path = folder / "cities.txt"
    path.write_bytes(data)
    return path


@pytest.mark.slow
def test_upload_fit_ask_download_and_cancel_in_chromium(
    server: str, tmp_path: Path, browser: Browser, watch_page: Callable[..., PageWatch]
) -> None:
    cities = _cities_file(tmp_path)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": 1100, "height": 900}, accept_downloads=True)
    page = context.new_page()
    seen = watch_page(page, (server,))

    # 0. Without the token the server refuses; the tokenised URL opens a session.
    assert context.request.get(server + "/").status == 401
    page.goto(server + "/?token=" + TOKEN)
    assert page.url == server + "/"  # the token is taken out of the address
    policy = page.goto(server + "/").headers["content-security-policy"]
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy

    # 1. Start page: upload the cities file.
    page.screenshot(path=str(ARTIFACTS / "01-home.png"), full_page=True)
    page.set_input_files("#file", str(cities))
    page.click("#upload")
    page.wait_for_url("**/prepare?upload=*")

    # 2. Choose the analysis: a tail, continuous data (as in the paper).
    assert "19447 rows" in page.inner_text("main")
    page.check("#kind-tail")
    page.select_option("#tail-discrete", "continuous")
    page.screenshot(path=str(ARTIFACTS / "02-prepare.png"), full_page=True)
    page.click("#run")
    page.wait_for_url("**/results/*")

    # 3. The result: alpha = 2.37 and a drawn plot.
    wait_until(page, PLOTS_DRAWN)
    assert "alpha = 2.37" in page.inner_text("#headline")
    assert page.locator("div.sl-plot svg.main-svg").count() >= 1
    page.screenshot(path=str(ARTIFACTS / "03-result.png"), full_page=True)
    page.screenshot(path=str(ARTIFACTS / "web_app.png"))  # the README's picture

    # 4. Ask a question; the answer appears without a reload.
    page.fill("#question", "what is the exponent?")
    page.click("#ask-button")
    page.wait_for_selector("#answer-text", timeout=60_000)
    assert "2.37" in page.inner_text("#answer-text")
    page.locator("#ask").screenshot(path=str(ARTIFACTS / "04-answer.png"))

    # 5. Download the report.
    with page.expect_download() as download:
        page.click("#download-report")
    saved = tmp_path / "report.html"
    download.value.save_as(saved)
    report = saved.read_text(encoding="utf-8")
    assert "Plotly" in report
    assert "2.37" in report
    assert "cities.txt" in report

    # 5b. The report served under its own hash-based CSP draws its plot too.
    page.goto(page.url.replace("/results/", "/api/results/") + "/report.html")
    wait_until(page, PLOTS_DRAWN)

    # 6. A long goodness-of-fit job: the progress bar moves; Cancel stops it.
    page.goto(server + "/prepare?dataset=clauset2009/cities")
    page.check("#kind-tail")
    page.fill("#tail-gof", "20000")
    page.click("#run")
    page.wait_for_url("**/jobs/*")
    wait_until(page, "document.getElementById('bar').value > 0", 60)
    page.screenshot(path=str(ARTIFACTS / "05-job.png"), full_page=True)
    page.click("#cancel")
    wait_until(page, "document.getElementById('status').textContent === 'cancelled'", 20)
    page.screenshot(path=str(ARTIFACTS / "06-cancelled.png"), full_page=True)
    assert seen.errors == []
    assert seen.offsite == []  # offline: nothing fetched from anywhere but the app
