"""The documentation site (``mkdocs.yml``), built and opened from disk.

``make docs`` builds ``docs/`` into ``site/`` with ``--strict`` (every example executed)
and runs this module on it (``SCALINGLAWS_SITE=site``). Run alone, the module builds the
site itself into a temporary folder, which needs the tools of ``requirements-docs.txt``
(``make docs`` installs them); without them it skips with the reason, except under
``CI=true``, where it fails.

Checked here: every public name has its entry in the API reference; every link and
anchor inside the site resolves and nothing is loaded from the network (the site works
from ``file://``); the questions-and-answers page opens in Chromium in English and in
Chinese with its figures drawn; the local search finds pages in both languages.
"""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

import pytest

from tests.conftest import _missing

if TYPE_CHECKING:
    from collections.abc import Callable

    from playwright.sync_api import Browser, Page

    from tests.conftest import PageWatch

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"

pytestmark = pytest.mark.slow

#: Modules whose ``__all__`` the API reference documents, name by name.
DOCUMENTED = (
    "scalinglaws",
    "scalinglaws.scoring",
    "scalinglaws.backtest",
    "scalinglaws.errors",
    "scalinglaws.lm",
    "scalinglaws.lm.ladder",
)
#: Names of ``scalinglaws.__all__`` documented as modules of their own, or not code.
NOT_AN_ENTRY = {"__version__", "scoring", "backtest", "errors"}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The built site: ``$SCALINGLAWS_SITE`` when set, else built here with --strict."""
    given = os.environ.get("SCALINGLAWS_SITE")
    if given:
        path = (ROOT / given).resolve()
        assert (path / "index.html").is_file(), f"SCALINGLAWS_SITE={given}: no index.html"
        return path
    try:
        importlib.import_module("mkdocs")
        importlib.import_module("material")
    except ImportError:
        _missing("the docs tools are not installed (make docs installs requirements-docs.txt)")
    out = tmp_path_factory.mktemp("site")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "OMP_WAIT_POLICY": "PASSIVE"}
    build = [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)]
    done = subprocess.run(build, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr[-4000:]
    return out


class _Refs(HTMLParser):
    """The ids and the (tag, attribute, value) references of one HTML page."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.refs: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name == "id":
                self.ids.add(value)
            elif name in ("href", "src"):
                self.refs.append((tag, name, value))


def _parse(page: Path) -> _Refs:
    parsed = _Refs()
    parsed.feed(page.read_text("utf-8"))
    return parsed


def _pages(site: Path) -> Iterator[Path]:
    """Every page but 404.html, which a web server serves at any depth (absolute links)."""
    yield from sorted(page for page in site.rglob("*.html") if page.name != "404.html")


def test_every_public_name_has_an_entry_in_the_api_reference(site: Path) -> None:
    ids: set[str] = set()
    for page in (site / "api").glob("*.html"):
        ids |= _parse(page).ids
    missing = []
    for module_name in DOCUMENTED:
        module = importlib.import_module(module_name)
        for name in module.__all__:
            if module_name == "scalinglaws" and name in NOT_AN_ENTRY:
                continue
            obj = getattr(module, name)
            canonical = f"{getattr(obj, '__module__', '')}.{getattr(obj, '__qualname__', '')}"
            if not {f"{module_name}.{name}", canonical} & ids:
                missing.append(f"{module_name}.{name}")
    assert missing == []


def test_links_resolve_and_nothing_comes_from_the_network(site: Path) -> None:
    parsed = {page: _parse(page) for page in _pages(site)}
    broken: list[str] = []
    fetched: list[str] = []
    for page, refs in parsed.items():
        for tag, attribute, value in refs.refs:
            url = urlsplit(value)
            if url.scheme in ("http", "https", "mailto"):
                # A link out (a paper, a repository) is fine; a resource loaded from the
                # network is not: the site must work offline.
                if not (tag == "a" and attribute == "href"):
                    fetched.append(f"{page.relative_to(site)}: <{tag} {attribute}={value}>")
                continue
            if url.scheme or value.startswith("//"):
                if url.scheme != "data":
                    fetched.append(f"{page.relative_to(site)}: <{tag} {attribute}={value}>")
                continue
            target = (page.parent / unquote(url.path)).resolve() if url.path else page
            where = f"{page.relative_to(site)}: {value}"
            if not target.exists():
                broken.append(where)
            elif url.fragment and target.suffix == ".html":
                ids = parsed[target].ids if target in parsed else _parse(target).ids
                if unquote(url.fragment) not in ids:
                    broken.append(f"{where} (no such anchor)")
    assert broken == []
    assert fetched == []


def _open(
    browser: Browser, watch_page: Callable[..., PageWatch], page_file: Path
) -> tuple[Page, PageWatch]:
    """`page_file` opened from disk, watched for errors and for requests off the disk."""
    page = browser.new_page(viewport={"width": 1100, "height": 900})
    seen = watch_page(page, ("file:", "data:", "blob:"))
    page.goto(page_file.as_uri(), wait_until="load")
    return page, seen


#: Each page of the questions and answers, and a phrase its first heading holds.
FAQ = {
    "faq.html": "questions and answers",
    "faq.zh.html": "问与答",
}


@pytest.mark.parametrize("page_name", sorted(FAQ))
def test_faq_opens_from_disk_with_its_figures_drawn(
    site: Path,
    page_name: str,
    browser: Browser,
    watch_page: Callable[..., PageWatch],
) -> None:
    page, seen = _open(browser, watch_page, site / page_name)
    heading = page.locator("article h1").first.inner_text()
    assert FAQ[page_name] in heading.lower()
    figures = page.evaluate(
        """() => Array.from(document.querySelectorAll('div.sl-figure svg')).map(svg => {
            const box = svg.getBoundingClientRect();
            return {width: box.width, height: box.height,
                    marks: svg.querySelectorAll('path, use').length};
        })"""
    )
    assert len(figures) >= 1
    for figure in figures:
        assert figure["width"] > 100, figure
        assert figure["height"] > 100, figure
        assert figure["marks"] > 10, figure
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / page_name.replace(".html", ".png")), full_page=True)
    assert seen.errors == []
    assert seen.offsite == []


@pytest.mark.parametrize(
    ("query", "found"),
    [("Clauset", "guides/tails.html"), ("缩放定律", "faq.zh.html"), ("标度律", "faq.zh.html")],
)
def test_search_works_offline_in_both_languages(
    site: Path,
    query: str,
    found: str,
    browser: Browser,
    watch_page: Callable[..., PageWatch],
) -> None:
    page, seen = _open(browser, watch_page, site / "index.html")
    page.locator("input.md-search__input").click()
    # Material says "Initializing search" until its worker has loaded the index.
    page.wait_for_function(
        "(document.querySelector('.md-search-result__meta') || {}).textContent"
        " && !/initializing/i.test(document.querySelector('.md-search-result__meta').textContent)",
        timeout=30_000,
    )
    page.locator("input.md-search__input").fill(query)
    page.keyboard.press("Space")  # the input event Material listens to
    page.wait_for_selector("li.md-search-result__item", timeout=30_000)
    links = page.eval_on_selector_all(
        "li.md-search-result__item a", "links => links.map(a => a.getAttribute('href'))"
    )
    assert any(found in link for link in links), links
    assert seen.errors == []
    assert seen.offsite == []
