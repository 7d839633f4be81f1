"""The web app end to end in a real browser: Debian's Chromium, headless, driven by Playwright.

A uvicorn server runs in a thread on a free loopback port with a temporary data
folder. The test uploads the bundled cities file, runs a tail fit, sees
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
from typing import TYPE_CHECKING

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


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    """The app served by uvicorn in a thread; yields its base URL."""
    import uvicorn

    app = create_app(Settings(data_dir=tmp_path / "data", ask_model=None))
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

    # 1. Start page: upload the cities file.
    page.goto(server + "/")
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
    page.wait_for_function(PLOTS_DRAWN, timeout=30_000)
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

    # 6. A long goodness-of-fit job: the progress bar moves; Cancel stops it.
    page.goto(server + "/prepare?dataset=clauset2009/cities")
    page.check("#kind-tail")
    page.fill("#tail-gof", "20000")
    page.click("#run")
    page.wait_for_url("**/jobs/*")
    page.wait_for_function("document.getElementById('bar').value > 0", timeout=60_000, polling=200)
    page.screenshot(path=str(ARTIFACTS / "05-job.png"), full_page=True)
    page.click("#cancel")
    page.wait_for_function(
        "document.getElementById('status').textContent === 'cancelled'", timeout=20_000
    )
    page.screenshot(path=str(ARTIFACTS / "06-cancelled.png"), full_page=True)
    assert seen.errors == []
    assert seen.offsite == []  # offline: nothing fetched from anywhere but the app
