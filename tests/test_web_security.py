"""The web app's protections: Host allowlist, tokens, Origin and CSRF checks, headers.

The threat: any web page the user opens can send requests to a server on their
loopback (CSRF), and through DNS rebinding read the answers unless the Host
header is checked (the reason Jupyter checks Host and uses tokens).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from scalinglaws.web import security
from scalinglaws.web.security import (
    Sessions,
    allowed_names,
    host_allowed,
    origin_of,
    split_host,
    token_matches,
)
from tests.webclient import BASE_URL, assert_error, fit, make_client

TOKEN = "s3cret-" + "t" * 30
SAME_ORIGIN = {"Origin": BASE_URL}
EVIL = {"Origin": "http://evil.example"}


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    with make_client(tmp_path) as test_client:
        yield test_client


@pytest.fixture
def guarded(tmp_path: Path) -> Iterator[TestClient]:
    """A server with a token (as when bound beyond loopback)."""
    with make_client(tmp_path, token=TOKEN) as test_client:
        yield test_client


def csrf_of(html: str) -> str:
    found = re.search(r'<meta name="csrf-token" content="([0-9a-f]+)">', html)
    assert found, html[:500]
    return found.group(1)


# ------------------------------------------------------------------ Host allowlist


@pytest.mark.parametrize(
    ("header", "parsed"),
    [
        ("localhost:8000", ("localhost", 8000)),
        ("LOCALHOST.", ("localhost", None)),
        ("[::1]:8000", ("::1", 8000)),
        ("127.0.0.1", ("127.0.0.1", None)),
        ("::1", None),  # IPv6 without brackets is ambiguous
        ("evil.example:0", None),
        ("a b", None),
        ("user@localhost", None),
        ("", None),
    ],
)
def test_host_headers_are_parsed_strictly(header: str, parsed: Any) -> None:
    assert split_host(header) == parsed


def test_allowlist_names_loopback_the_bind_address_and_extra_names() -> None:
    names = allowed_names(("10.1.2.3", "Lab.Example.ORG"))
    for header in ("localhost:8000", "127.0.0.1:1", "[::1]:8000", "10.1.2.3", "lab.example.org"):
        assert host_allowed(header, names), header
    for header in ("evil.example", "127.0.0.2", "localhost.evil.example", None):
        assert not host_allowed(header, names), header
    assert host_allowed("anything.example", allowed_names(("*",)))


def test_a_foreign_host_gets_400_on_the_api_and_the_pages(client: TestClient) -> None:
    rebound = {"Host": "attacker.example:8000"}  # DNS rebinding: the page's own name
    assert_error(
        client.get("/api/results", headers=rebound), 400, "UntrustedHostError", "--allow-host"
    )
    page = client.get("/", headers=rebound)
    assert page.status_code == 400
    assert "UntrustedHostError" in page.text
    assert client.get("/", headers={"Host": "[::1]:8000"}).status_code == 200
    assert client.get("/api/datasets", headers={"Host": "127.0.0.1"}).status_code == 200


def test_allow_host_admits_a_proxy_name(tmp_path: Path) -> None:
    with make_client(tmp_path, allowed_hosts=("fits.lab.example",)) as proxied:
        ok = proxied.get("/api/datasets", headers={"Host": "fits.lab.example"})
        assert ok.status_code == 200
        assert proxied.get("/api/datasets", headers={"Host": "other.example"}).status_code == 400


# ------------------------------------------------------------------- Origin, CSRF


def test_a_cross_origin_post_without_the_csrf_token_gets_403(client: TestClient) -> None:
    response = client.post(
        "/api/fit", data={"kind": "tail", "dataset": "clauset2009/cities"}, headers=EVIL
    )
    assert_error(response, 403, "ForbiddenRequestError", "evil.example")
    page = client.post("/fit", data={"kind": "tail", "dataset": "x"}, headers=EVIL)
    assert page.status_code == 403
    for headers in (
        {"Referer": "http://evil.example/page.html"},
        {"Sec-Fetch-Site": "cross-site"},
        {"Origin": "null"},  # a sandboxed frame or a file:// page
    ):
        assert client.post("/api/jobs/x/cancel", headers=headers).status_code == 403, headers


def test_a_browser_post_needs_its_sessions_csrf_token(client: TestClient) -> None:
    home = client.get("/")
    token = csrf_of(home.text)
    form = {"kind": "relation", "dataset": "allometry/mammals_brain_body"}
    without = client.post("/fit", data=form, headers=SAME_ORIGIN, follow_redirects=False)
    assert without.status_code == 403
    assert "CSRF" in without.text
    wrong = client.post(
        "/fit", data={**form, "csrf_token": "0" * 64}, headers=SAME_ORIGIN, follow_redirects=False
    )
    assert wrong.status_code == 403
    done = client.post(
        "/fit", data={**form, "csrf_token": token}, headers=SAME_ORIGIN, follow_redirects=False
    )
    assert done.status_code == 303, done.text
    # scripts on the pages send it as a header
    api = client.post(
        "/api/fit",
        data={"kind": "relation", "dataset": "allometry/mammals_brain_body"},
        headers={**SAME_ORIGIN, "X-CSRF-Token": token},
    )
    assert api.status_code == 200, api.text
    # another session's token does not do
    other = make_client(Path(client.app.state.settings.data_dir))  # type: ignore[attr-defined]
    with other:
        other.get("/")
        stolen = other.post(
            "/api/fit",
            data={"kind": "relation", "dataset": "allometry/mammals_brain_body"},
            headers={**SAME_ORIGIN, "X-CSRF-Token": token},
        )
        assert stolen.status_code == 403


def test_a_script_on_loopback_without_a_token_needs_no_csrf_token(client: TestClient) -> None:
    # no Origin, Referer or Sec-Fetch-Site: not a browser (a browser sends one on every POST)
    assert fit(client, "relation", dataset="allometry/mammals_brain_body").status_code == 200


# ------------------------------------------------------------------------- tokens


def test_token_comparison_is_constant_time(monkeypatch: pytest.MonkeyPatch) -> None:
    compared: list[tuple[bytes, bytes]] = []
    real = hmac.compare_digest

    def spy(a: bytes, b: bytes) -> bool:
        compared.append((a, b))
        return real(a, b)

    monkeypatch.setattr(security.hmac, "compare_digest", spy)
    assert token_matches(TOKEN, TOKEN)
    assert not token_matches("x", TOKEN)
    assert not token_matches(TOKEN * 10, TOKEN)
    assert not token_matches(None, TOKEN)
    # every comparison is of two SHA-256 digests: the same length whatever was sent
    assert len(compared) == 4
    assert {len(a) for a, _ in compared} | {len(b) for _, b in compared} == {32}
    assert all(b == hashlib.sha256(TOKEN.encode()).digest() for _, b in compared)


def test_a_wrong_or_missing_token_gets_401(
    guarded: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[int] = []
    real = hmac.compare_digest
    monkeypatch.setattr(security.hmac, "compare_digest", lambda a, b: calls.append(1) or real(a, b))
    missing = guarded.get("/api/results")
    assert_error(missing, 401, "AuthenticationError", "Authorization: Bearer")
    assert missing.headers["www-authenticate"].startswith("Bearer")
    wrong = guarded.get("/api/results", headers={"Authorization": "Bearer " + TOKEN[:-1] + "u"})
    assert_error(wrong, 401, "AuthenticationError")
    assert calls, "the token must be compared with hmac.compare_digest"
    assert TOKEN not in wrong.text
    assert guarded.get("/?token=nope").status_code == 401
    assert guarded.get("/").status_code == 401
    ok = guarded.get("/api/results", headers={"Authorization": f"Bearer {TOKEN}"})
    assert ok.status_code == 200


def test_a_bearer_client_needs_no_csrf_token(guarded: TestClient) -> None:
    bearer = {"Authorization": f"Bearer {TOKEN}"}
    response = fit(guarded, "relation", dataset="allometry/mammals_brain_body", headers=bearer)
    assert response.status_code == 200, response.text


def test_the_tokenised_url_opens_a_browser_session(guarded: TestClient) -> None:
    login = guarded.get(f"/prepare?dataset=allometry/trees&token={TOKEN}", follow_redirects=False)
    assert login.status_code == 303
    assert login.headers["location"] == "/prepare?dataset=allometry%2Ftrees"  # token gone
    cookie = login.headers["set-cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
    assert TOKEN not in cookie
    page = guarded.get("/prepare?dataset=allometry/trees")
    assert page.status_code == 200
    token = csrf_of(page.text)
    form = {"kind": "relation", "dataset": "allometry/trees", "csrf_token": token}
    assert guarded.post("/fit", data=form, follow_redirects=False).status_code == 303
    # the session cookie authenticates, so even a header-less POST needs the CSRF token
    del form["csrf_token"]
    assert guarded.post("/fit", data=form, follow_redirects=False).status_code == 403


def test_sessions_die_with_the_token_and_cannot_be_forged(tmp_path: Path) -> None:
    key = security.load_secret(tmp_path)
    assert key == security.load_secret(tmp_path)  # every worker and restart reads the same key
    assert (tmp_path / "web-secret.key").stat().st_mode & 0o777 == 0o600
    sessions = Sessions(key, "old-token")
    sid, cookie = sessions.issue()
    assert sessions.verify(cookie) == sid
    assert Sessions(key, "new-token").verify(cookie) is None
    mac = cookie.split(".")[1]
    forged = ("1" if mac[0] == "0" else "0") + mac[
        1:
    ]  # one hex digit changed, whatever the random id
    assert sessions.verify(f"{sid}.{forged}") is None
    assert sessions.verify(None) is None
    assert sessions.csrf_ok(sid, sessions.csrf_token(sid))
    assert not sessions.csrf_ok(sid, "")


def test_origin_of_normalises_default_ports() -> None:
    assert origin_of("http://LocalHost:80/x?y") == "http://localhost"
    assert origin_of("https://[::1]:8443") == "https://[::1]:8443"
    assert origin_of("null") is None
    assert origin_of("ftp://x") is None


# ----------------------------------------------------------------------- headers


class _Links(HTMLParser):
    """Every URL a page would load or send to: src, href, action, formaction, srcset."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.nonces: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("src", "href", "action", "formaction", "srcset", "data", "poster"):
                self.urls.append(value or "")
            if name == "nonce":
                self.nonces.append(value or "")
            if tag == "meta" and name == "content" and "url=" in (value or "").lower():
                self.urls.append((value or "").split("=", 1)[1])


def _external(url: str) -> bool:
    return not (url.startswith(("/", "#", "data:", "?")) and not url.startswith("//"))


def test_no_page_references_an_external_url(client: TestClient) -> None:
    result = fit(client, "tail", dataset="clauset2009/cities").json()["id"]
    job = fit(client, "tail", {"gof": 100_000}, dataset="clauset2009/cities")  # stays running
    pages = [
        "/",
        "/prepare?dataset=clauset2009/cities",
        f"/results/{result}",
        f"/jobs/{job.json()['job']}",
        "/no-such-page",
    ]
    for path in pages:
        response = client.get(path, follow_redirects=False)
        assert response.status_code == (404 if path == "/no-such-page" else 200), path
        links = _Links()
        links.feed(response.text)
        assert links.urls, path
        assert [u for u in links.urls if _external(u)] == [], path
        policy = response.headers["content-security-policy"]
        assert "unsafe-inline" not in policy
        assert "unsafe-eval" not in policy
        for nonce in links.nonces:  # every inline script/style carries this response's nonce
            assert f"'nonce-{nonce}'" in policy, path
        assert response.headers["x-content-type-options"] == "nosniff"
        assert "frame-ancestors 'none'" in policy
        assert response.headers["referrer-policy"] == "same-origin"
    css = client.get("/static/app.css").text
    assert "url(" not in css
    assert "@import" not in css
    for path in ("/docs", "/redoc", "/docs/oauth2-redirect"):
        assert client.get(path).status_code == 404  # Swagger UI would load from a CDN
    assert client.get("/openapi.json").status_code == 200


def test_the_served_report_lists_the_hash_of_each_inline_block(client: TestClient) -> None:
    result = fit(client, "tail", dataset="clauset2009/cities").json()["id"]
    report = client.get(f"/api/results/{result}/report.html")
    policy = report.headers["content-security-policy"]
    assert "unsafe-inline" not in policy
    blocks = re.findall(r"<(script|style)([^>]*)>(.*?)</\1>", report.text, re.DOTALL)
    assert len(blocks) >= 4  # plotly.js, the plots' script, the style sheet, plotly's slots
    for tag, attrs, body in blocks:
        if "application/json" in attrs:
            continue
        digest = hashlib.sha256(body.encode()).digest()
        assert f"'sha256-{base64.b64encode(digest).decode()}'" in policy, (tag, body[:80])
    links = _Links()
    links.feed(report.text)
    assert [u for u in links.urls if _external(u)] == []
