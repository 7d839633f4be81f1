"""Background jobs beyond one process: on Ray, and across workers sharing one store.

The Ray test runs against a local Ray instance (``ray.init(num_cpus=2)``): a
seeded bootstrap job runs as a Ray task and its stored result equals the same
fit run in this process; a long job shows progress and is cancelled. The store
tests run the app twice on one data folder, as two uvicorn workers do.
"""

from __future__ import annotations

import multiprocessing
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import scalinglaws as sl
from scalinglaws.bundle import BundleEntry
from scalinglaws.web.fitting import prepare, run_fit
from scalinglaws.web.options import parse_options
from scalinglaws.web.sources import from_dataset
from scalinglaws.web.store import Store
from tests.webclient import fit, make_client, wait_for

MAMMALS = "allometry/mammals_brain_body"
BOOTSTRAP = {"bootstrap": 200, "seed": 7}


@pytest.fixture  # Ray runs only for the test that needs it, not beside the later ones
def ray_instance() -> Iterator[Any]:
    ray = pytest.importorskip("ray")
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    try:
        yield ray
    finally:
        ray.shutdown()


@pytest.mark.slow
def test_a_ray_job_matches_a_local_run(ray_instance: Any, tmp_path: Path) -> None:
    with make_client(tmp_path, ray_address="local") as client:
        job = fit(client, "relation", BOOTSTRAP, dataset=MAMMALS).json()["job"]
        state, seen = wait_for(client, job, {"done", "failed", "cancelled"}, timeout=300)
        assert state["status"] == "done", state
        assert seen == sorted(seen)
        on_ray = client.get(f"/api/results/{state['result_id']}").json()
        # progress and cancel, on Ray too
        long = fit(client, "tail", {"gof": 100_000}, dataset="clauset2009/cities").json()["job"]
        wait_for(client, long, {"running"}, timeout=300)
        deadline = time.monotonic() + 120
        while client.get(f"/api/jobs/{long}").json()["progress"] == 0:
            assert time.monotonic() < deadline, "no progress reported from the Ray task"
            time.sleep(0.2)
        assert client.post(f"/api/jobs/{long}/cancel").json()["status"] == "cancelled"
    inputs = prepare(from_dataset(MAMMALS), "relation", parse_options("relation", BOOTSTRAP))
    local = run_fit(inputs, workers=1).result.to_dict()
    assert on_ray["params"] == pytest.approx(local["params"], rel=1e-6)
    assert on_ray == local  # the same seeded bootstrap replicates, bit for bit


def test_ray_missing_names_the_extra(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "ray", None)  # as if Ray were not installed
    with pytest.raises(sl.errors.MissingDependencyError, match=r"pip install 'scalinglaws\[ray\]'"):
        make_client(tmp_path, ray_address="local")


def test_a_job_cancelled_through_another_worker_stops(tmp_path: Path) -> None:
    with make_client(tmp_path) as first, make_client(tmp_path) as second:
        job = fit(first, "tail", {"gof": 100_000}, dataset="clauset2009/cities").json()["job"]
        wait_for(first, job, {"running"})
        assert second.post(f"/api/jobs/{job}/cancel").json()["status"] == "cancelled"
        # the first worker's supervisor sees it in the store and stops the job's process
        deadline = time.monotonic() + 60
        while multiprocessing.active_children():
            assert time.monotonic() < deadline, "the job's process is still running"
            time.sleep(0.1)
        assert first.get(f"/api/jobs/{job}").json()["status"] == "cancelled"


def _writer(path: str, count: int) -> None:
    data = sl.load_dataset(MAMMALS).data
    entry = BundleEntry(sl.fit_relation(data["body"], data["brain"]), {}, {})
    store = Store(Path(path))
    for index in range(count):
        store.add_result(entry, f"r{index}")
        store.result(store.add_result(entry, "read back"))
        job = store.add_job("relation", "j", client="c", per_client=10_000, total=10_000)
        store.finish_job(job, "done")


def test_several_processes_write_one_store_without_losing_a_row(tmp_path: Path) -> None:
    path = tmp_path / "shared.sqlite3"
    Store(path)
    context = multiprocessing.get_context("spawn")
    writers = [context.Process(target=_writer, args=(str(path), 10)) for _ in range(4)]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join(timeout=300)
    assert [writer.exitcode for writer in writers] == [0, 0, 0, 0]
    assert len(Store(path).recent_results(limit=1000)) == 4 * 10 * 2


def test_job_quotas_hold_across_workers(tmp_path: Path) -> None:
    with (
        make_client(tmp_path, max_jobs_per_client=1) as first,
        make_client(tmp_path, max_jobs_per_client=1) as second,
    ):
        taken = fit(first, "tail", {"gof": 100_000}, dataset="clauset2009/cities")
        assert taken.status_code == 202
        refused = fit(second, "tail", {"gof": 100_000}, dataset="clauset2009/cities")
        assert refused.status_code == 429
        first.post(f"/api/jobs/{taken.json()['job']}/cancel")
