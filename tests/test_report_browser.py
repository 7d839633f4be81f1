"""The report in a real browser: Debian's Chromium, headless, driven by Playwright.

The page must load offline with no JavaScript error, and every plot must draw an
SVG with data on it. A screenshot lands in test-artifacts/. Without Chromium the
test skips with the reason, except on CI (CI=true), where it fails.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from scalinglaws.report import write_report
from tests.report_inputs import INPUT

if TYPE_CHECKING:
    from collections.abc import Callable

    from playwright.sync_api import Browser

    from tests.conftest import PageWatch

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"

#: Per plot div: SVGs, and marks actually drawn (markers, non-empty lines, contour paths).
MEASURE = """
() => Array.from(document.querySelectorAll('div.sl-plot')).map(div => {
  const drawn = (sel) => Array.from(div.querySelectorAll(sel))
    .filter(p => (p.getAttribute('d') || '').length > 4).length;
  return {
    id: div.id,
    svgs: div.querySelectorAll('svg.main-svg').length,
    traces: (div.data || []).length,
    marks: drawn('g.scatterlayer g.trace path.point')
         + drawn('g.scatterlayer g.trace path.js-line')
         + drawn('g.contourlayer path'),
  };
})
"""


@pytest.mark.slow
def test_report_renders_in_headless_chromium(
    tmp_path: Path, browser: Browser, watch_page: Callable[..., PageWatch]
) -> None:
    page_file = write_report(INPUT, tmp_path / "report.html")
    page = browser.new_page(viewport={"width": 1100, "height": 900})
    seen = watch_page(page, ("file:", "data:"))
    page.goto(page_file.as_uri(), wait_until="load")
    page.wait_for_function(
        "Array.from(document.querySelectorAll('div.sl-plot'))"
        ".every(d => d._fullLayout && d.querySelector('svg.main-svg'))",
        timeout=30_000,
    )
    plots = page.evaluate(MEASURE)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "report.png"), full_page=True)
    assert seen.errors == []
    assert seen.offsite == []  # offline: nothing fetched from the network
    assert len(plots) == 7
    for plot in plots:
        assert plot["svgs"] >= 1, plot
        assert plot["traces"] >= 1, plot
        assert plot["marks"] >= 1, f"empty plot: {plot}"
