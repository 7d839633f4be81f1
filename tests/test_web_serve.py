"""``scalinglaws serve`` as a user runs it: a subprocess on a free port.

Beyond loopback the server generates a token and prints the URL holding it;
the token never reaches uvicorn's logs (the access log included); several
uvicorn workers share one results database.
"""

from __future__ import annotations

import concurrent.futures
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from scalinglaws.web.logs import REDACTED, redact

TOKEN = "serve-test-token-" + "k" * 24


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def serving(tmp_path: Path, *args: str, env: dict[str, str] | None = None) -> Iterator[Path]:
    """Run ``scalinglaws serve ARGS``; yield the file its stdout and stderr go to."""
    port = _free_port()
    log = tmp_path / "serve.log"
    argv = [sys.executable, "-c", "from scalinglaws.cli import main; main()", "serve"]
    argv += ["--port", str(port), "--data-dir", str(tmp_path / "data"), *args]
    with log.open("wb") as out:
        process = subprocess.Popen(
            argv, stdout=out, stderr=subprocess.STDOUT, env={**os.environ, **(env or {})}
        )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 120
        while True:
            try:
                httpx.get(base + "/favicon.ico", timeout=2)
                break
            except httpx.TransportError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(log.read_text()) from None
                time.sleep(0.2)
        yield log
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _port(log: Path) -> int:
    found = re.search(r"http://[^ ]+:(\d+)/", log.read_text())
    assert found, log.read_text()
    return int(found.group(1))


def test_a_non_loopback_bind_without_a_token_prints_a_generated_one(tmp_path: Path) -> None:
    with serving(tmp_path, "--host", "0.0.0.0") as log:
        text = log.read_text()
        found = re.search(r"\?token=([A-Za-z0-9_\-]{40,})", text)
        assert found, text
        token = found.group(1)
        base = f"http://127.0.0.1:{_port(log)}"
        refused = httpx.get(base + "/api/results")
        assert refused.status_code == 401
        assert refused.json()["error"] == "AuthenticationError"
        bearer = {"Authorization": f"Bearer {token}"}
        assert httpx.get(base + "/api/results", headers=bearer).status_code == 200
        login = httpx.get(f"{base}/?token={token}", follow_redirects=True)
        assert login.status_code == 200  # redirected to / with a session cookie
        assert "scalinglaws-session" in str(login.history[0].headers["set-cookie"])


def test_the_token_never_reaches_the_logs(tmp_path: Path) -> None:
    env = {"SCALINGLAWS_TOKEN": TOKEN}  # from the environment: not in the process list
    with serving(tmp_path, "--access-log", env=env) as log:
        base = f"http://127.0.0.1:{_port(log)}"
        with httpx.Client(base_url=base, follow_redirects=True) as browser:
            assert browser.get(f"/results?token={TOKEN}&x=1").status_code == 404
            assert browser.get(f"/?token={TOKEN}").status_code == 200
        bearer = {"Authorization": f"Bearer {TOKEN}"}
        assert httpx.get(base + "/api/datasets", headers=bearer).status_code == 200
        assert httpx.get(base + "/?token=wrong-guess-123").status_code == 401
        wrong = {"Authorization": "Bearer wrong-guess-456"}
        assert httpx.get(base + "/api/results", headers=wrong).status_code == 401
        time.sleep(0.5)  # let the last access-log lines flush
    text = log.read_text()
    assert 'GET /?token=[redacted] HTTP/1.1" 303' in text, text  # the access log was on
    assert "/results?token=[redacted]&x=1" in text
    for secret in (TOKEN, "wrong-guess-123"):
        assert secret not in text


def test_redact_takes_out_query_tokens_and_bearer_credentials() -> None:
    assert redact("GET /a?x=1&token=abc&y=2") == f"GET /a?x=1&token={REDACTED}&y=2"
    assert redact("Authorization: Bearer abc.def") == f"Authorization: Bearer {REDACTED}"
    assert redact("tokens=abc") == "tokens=abc"


@pytest.mark.slow
def test_two_workers_share_one_results_database(tmp_path: Path) -> None:
    with serving(tmp_path, "--workers", "2") as log:
        base = f"http://127.0.0.1:{_port(log)}"

        def one_fit(index: int) -> tuple[int, str]:
            response = httpx.post(
                base + "/api/fit",
                data={"kind": "relation", "dataset": "allometry/mammals_brain_body"},
                timeout=120,
            )
            return response.status_code, response.json().get("id", "")

        with concurrent.futures.ThreadPoolExecutor(8) as pool:
            outcomes = list(pool.map(one_fit, range(12)))
        assert [status for status, _ in outcomes] == [200] * 12
        listed = {row["id"] for row in httpx.get(base + "/api/results").json()}
        assert listed == {ident for _, ident in outcomes}
        job = httpx.post(
            base + "/api/fit",
            data={
                "kind": "tail",
                "dataset": "clauset2009/cities",
                "options": json.dumps({"gof": 100_000}),
            },
        ).json()["job"]
        for _ in range(4):  # whichever worker answers cancels it
            state = httpx.post(f"{base}/api/jobs/{job}/cancel").json()
            assert state["status"] == "cancelled"
