"""Helpers shared by the web app's tests: a TestClient on a fresh data folder, fits, errors."""

from __future__ import annotations

import json
import time
from importlib import resources
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

import scalinglaws as sl
from scalinglaws.web import Settings, create_app

#: The Host the test clients send (a loopback name, so the Host allowlist answers it).
BASE_URL = "http://localhost"


def cities_bytes() -> bytes:
    meta = sl.load_dataset("clauset2009/cities").meta
    return resources.files("scalinglaws.datasets").joinpath("data", meta["file"]).read_bytes()


def make_client(data_dir: Path, **overrides: Any) -> TestClient:
    settings = Settings(data_dir=data_dir, ask_model=None, ask_retrieval="bm25", **overrides)
    return TestClient(create_app(settings), base_url=BASE_URL)


def fit(client: TestClient, kind: str, options: Any = None, **data: Any) -> Any:
    files = data.pop("files", None)
    headers = data.pop("headers", None)
    form = {"kind": kind, "options": json.dumps(options or {}), **data}
    return client.post("/api/fit", data=form, files=files, headers=headers)


def assert_error(response: Any, status: int, error: str, *words: str) -> None:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error", "message"}
    assert body["error"] == error, body
    for word in words:
        assert word in body["message"], body


def wait_for(client: TestClient, job: str, until: set[str], timeout: float = 300.0) -> Any:
    deadline = time.monotonic() + timeout
    seen = []
    while time.monotonic() < deadline:
        state = client.get(f"/api/jobs/{job}").json()
        seen.append(state["progress"])
        if state["status"] in until:
            return state, seen
        time.sleep(0.1)
    raise AssertionError(f"job {job} still {state} after {timeout} s")
