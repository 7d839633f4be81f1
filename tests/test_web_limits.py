"""Fair use: job quotas (429), requests in flight (429), body size (413) and time (408),
job time limits, and bounded result storage with least-recently-used eviction.

Every quota is filled deterministically: job records are put in the store (or
held running by a job far too long to finish), and requests in flight are held
open on an asyncio event until the test releases them.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from starlette.types import Message, Receive, Scope, Send

import scalinglaws as sl
from scalinglaws.bundle import BundleEntry
from scalinglaws.web.limits import BodyLimit, ClientLimit
from scalinglaws.web.store import Store
from tests.webclient import assert_error, fit, make_client, wait_for

CLIENT = "testclient"  # the client address Starlette's TestClient reports
MAMMALS = "allometry/mammals_brain_body"


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    with make_client(tmp_path, max_jobs_per_client=2, max_queued_jobs=3) as test_client:
        yield test_client


def store_of(client: TestClient) -> Store:
    store = client.app.state.service.store  # type: ignore[attr-defined]
    assert isinstance(store, Store)
    return store


def test_a_client_over_its_job_quota_gets_429(client: TestClient) -> None:
    store = store_of(client)
    for _ in range(2):
        store.add_job("tail", "waiting", client=CLIENT)
    response = fit(client, "relation", {"bootstrap": 10}, dataset=MAMMALS)
    assert_error(response, 429, "QuotaExceededError", "2 background jobs", "cancel one")
    # a quick fit is no background job: still served
    assert fit(client, "relation", dataset=MAMMALS).status_code == 200
    # another client still has room, until the whole queue (3) is full
    store.add_job("tail", "someone else's", client="10.0.0.9")
    other = store.add_job("tail", "", client="10.0.0.9", per_client=2, total=4)
    assert other
    with pytest.raises(sl.errors.ScalingLawError, match="queue is full"):
        store.add_job("tail", "", client="10.0.0.8", per_client=2, total=4)


def test_cancelling_a_job_frees_its_place(client: TestClient) -> None:
    long = {"gof": 100_000}  # minutes of work: running until cancelled
    first = fit(client, "tail", long, dataset="clauset2009/cities").json()["job"]
    second = fit(client, "tail", long, dataset="clauset2009/cities").json()["job"]
    assert_error(fit(client, "tail", long, dataset="clauset2009/cities"), 429, "QuotaExceededError")
    assert client.post(f"/api/jobs/{first}/cancel").json()["status"] == "cancelled"
    third = fit(client, "tail", long, dataset="clauset2009/cities")
    assert third.status_code == 202, third.text
    for job in (second, third.json()["job"]):
        client.post(f"/api/jobs/{job}/cancel")


def test_a_job_past_its_time_limit_is_stopped(tmp_path: Path) -> None:
    with make_client(tmp_path, job_timeout_s=0.5) as client:
        job = fit(client, "tail", {"gof": 100_000}, dataset="clauset2009/cities").json()["job"]
        state, _ = wait_for(client, job, {"done", "failed", "cancelled"})
    assert state["status"] == "failed"
    assert state["error"] == "JobTimeoutError"
    assert "0.5 s" in state["message"]


# ------------------------------------------------------------- ASGI-level limits


async def _call(app: Any, scope: Scope, receive: Receive) -> list[Message]:
    sent: list[Message] = []

    async def send(message: Message) -> None:
        sent.append(message)

    await app(scope, receive, send)
    return sent


def _scope(path: str = "/api/fit", headers: list[tuple[bytes, bytes]] | None = None) -> Scope:
    return {
        "type": "http",
        "method": "POST",
        "path": path,
        "headers": headers or [],
        "client": ("10.0.0.1", 5000),
    }


async def _echo_body(scope: Scope, receive: Receive, send: Send) -> None:
    """An app that reads the whole body, then answers 200."""
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            raise RuntimeError("client disconnected")
        if not message.get("more_body"):
            break
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": b"ok"})


def _status_and_body(sent: list[Message]) -> tuple[int, dict[str, str]]:
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return sent[0]["status"], json.loads(body)


def test_a_streamed_body_over_the_limit_gets_413() -> None:
    limit = BodyLimit(_echo_body, max_bytes=1000, timeout_s=60)
    chunks = iter([b"x" * 200_000, b"x" * 200_000, b""])

    async def receive() -> Message:  # chunked: no Content-Length to refuse it early
        chunk = next(chunks)
        return {"type": "http.request", "body": chunk, "more_body": bool(chunk)}

    status, body = _status_and_body(asyncio.run(_call(limit, _scope(), receive)))
    assert status == 413
    assert body["error"] == "UploadTooLargeError"


def test_a_body_too_slow_to_arrive_gets_408() -> None:
    limit = BodyLimit(_echo_body, max_bytes=1000, timeout_s=0.05)

    async def receive() -> Message:  # a client that sends headers, then nothing
        await asyncio.Event().wait()
        raise AssertionError("unreachable")

    status, body = _status_and_body(asyncio.run(_call(limit, _scope(), receive)))
    assert status == 408
    assert body["error"] == "RequestTimeoutError"


def test_a_body_within_the_limits_passes() -> None:
    limit = BodyLimit(_echo_body, max_bytes=1000, timeout_s=60)
    chunks = iter([b"x" * 500, b""])

    async def receive() -> Message:
        chunk = next(chunks)
        return {"type": "http.request", "body": chunk, "more_body": bool(chunk)}

    sent = asyncio.run(_call(limit, _scope(), receive))
    assert sent[0]["status"] == 200


def test_a_client_with_too_many_requests_in_flight_gets_429() -> None:
    release = asyncio.Event()
    entered: list[int] = []

    async def slow(scope: Scope, receive: Receive, send: Send) -> None:
        entered.append(1)
        await release.wait()
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"{}"})

    limit = ClientLimit(slow, max_requests=3)

    async def nothing() -> Message:
        return {"type": "http.request", "body": b""}

    async def scenario() -> tuple[list[list[Message]], list[Message], list[Message]]:
        held = [asyncio.create_task(_call(limit, _scope(), nothing)) for _ in range(3)]
        while len(entered) < 3:  # all three are inside the app, waiting
            await asyncio.sleep(0)
        refused = await _call(limit, _scope(), nothing)
        other = _scope()
        other["client"] = ("10.0.0.2", 5000)
        other_task = asyncio.create_task(_call(limit, other, nothing))
        while len(entered) < 4:  # another client is not held back
            await asyncio.sleep(0)
        release.set()
        return await asyncio.gather(*held), refused, await other_task

    held, refused, other = asyncio.run(scenario())
    status, body = _status_and_body(refused)
    assert status == 429
    assert body["error"] == "QuotaExceededError"
    assert (b"retry-after", b"1") in refused[0]["headers"]
    assert [sent[0]["status"] for sent in held] == [200, 200, 200]
    assert other[0]["status"] == 200
    assert not limit.in_flight  # every slot given back


# ---------------------------------------------------------------- bounded storage


def _entry() -> BundleEntry:
    data = sl.load_dataset(MAMMALS).data
    return BundleEntry(sl.fit_relation(data["body"], data["brain"]), {"dataset": MAMMALS}, {})


def test_results_are_evicted_least_recently_used_first(tmp_path: Path) -> None:
    store = Store(tmp_path / "db.sqlite3", max_results=3)
    entry = _entry()
    first, second, third = (store.add_result(entry, f"r{i}") for i in range(3))
    store.result(first)  # used: now the most recent
    fourth = store.add_result(entry, "r3")
    kept = {r.id for r in store.recent_results()}
    assert kept == {first, third, fourth}
    with pytest.raises(sl.errors.ScalingLawError, match="not used for a while"):
        store.result(second)


def test_results_over_the_byte_bound_are_evicted_but_the_newest_is_kept(tmp_path: Path) -> None:
    entry = _entry()
    size = len(json.dumps(entry.to_dict(), ensure_ascii=False))
    store = Store(tmp_path / "db.sqlite3", max_results=100, max_result_bytes=int(2.5 * size))
    ids = [store.add_result(entry, f"r{i}") for i in range(5)]
    assert [r.id for r in store.recent_results()] == ids[:-3:-1]  # the two newest fit
    tiny = Store(tmp_path / "tiny.sqlite3", max_result_bytes=1)
    only = tiny.add_result(entry, "big")
    assert tiny.result(only).id == only  # never evicted by its own insertion


def test_a_running_jobs_record_is_never_evicted(tmp_path: Path) -> None:
    store = Store(tmp_path / "db.sqlite3", max_results=2)
    running = [store.add_job("tail", f"running {i}") for i in range(3)]
    store.update_job(running[0], status="running")
    finished = []
    for i in range(4):
        job = store.add_job("tail", f"finished {i}")
        store.finish_job(job, "done")
        finished.append(job)
    store.add_job("tail", "one more")  # eviction runs on insertion
    for job in running:
        assert not store.job(job).finished
    kept = [job for job in finished if _exists(store, job)]
    assert kept == finished[-2:]  # the two newest finished records


def _exists(store: Store, job: str) -> bool:
    try:
        store.job(job)
    except sl.errors.ScalingLawError:
        return False
    return True


def test_uploads_beyond_their_byte_bound_go_oldest_first(tmp_path: Path) -> None:
    store = Store(tmp_path / "db.sqlite3", max_upload_bytes=2500)
    ids = [store.add_upload(f"f{i}", "0" * 64, b"1\n" * 500, ttl_s=3600) for i in range(4)]
    for ident in ids[:2]:
        with pytest.raises(sl.errors.DataFormatError):
            store.upload(ident)
    assert store.upload(ids[3]).data == b"1\n" * 500


def test_an_evicted_result_is_a_404_on_the_api(tmp_path: Path) -> None:
    with make_client(tmp_path, max_results=1) as client:
        first = fit(client, "relation", dataset=MAMMALS).json()["id"]
        fit(client, "relation", dataset=MAMMALS)
        assert_error(client.get(f"/api/results/{first}"), 404, "UnknownResultError", "removed")


def test_store_opens_a_database_from_before_the_new_columns(tmp_path: Path) -> None:
    import sqlite3

    path = tmp_path / "old.sqlite3"
    with sqlite3.connect(path) as db:  # the schema of the first release
        db.executescript(
            "CREATE TABLE results (id TEXT PRIMARY KEY, created TEXT NOT NULL, "
            "kind TEXT NOT NULL, label TEXT NOT NULL, entry TEXT NOT NULL);"
            "INSERT INTO results VALUES ('old', '2024', 'relation', 'x', '{}');"
        )
    store = Store(path)
    assert store.result("old").kind == "relation"
    assert store.add_job("tail", "new", client="a")
