"""The SQLite run registry: claims, exactly-once completion, orphaned runs."""

from __future__ import annotations

import json
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from scalinglaws.errors import InvalidOptionError
from scalinglaws.lm.ladder import LadderConfig, Registry
from scalinglaws.lm.ladder.plan import RunSpec, plan_ladder
from scalinglaws.lm.ladder.registry import owner_alive, this_owner
from scalinglaws.lm.train import EvalPoint

CONFIG = LadderConfig.from_dict(
    {
        "sizes": [{"name": "a", "n_layer": 1, "n_head": 1, "d_model": 8, "context": 16}],
        "budgets": [1000, 2000],
        "seeds": [0, 1],
    }
)
RESULT = {"final_loss": 2.5, "tokens": 1024, "flops": 6.0e6, "wall_time": 1.0, "tokens_per_s": 9.0}


@pytest.fixture
def specs() -> list[RunSpec]:
    return plan_ladder(CONFIG)


@pytest.fixture
def registry(tmp_path: Path, specs: list[RunSpec]) -> Registry:
    reg = Registry(tmp_path / "runs.sqlite")
    assert reg.register(specs) == len(specs)
    return reg


def dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def test_wal_mode_and_planned_rows(registry: Registry, specs: list[RunSpec]) -> None:
    with sqlite3.connect(registry.path) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    rows = registry.runs()
    assert [r["run_id"] for r in rows] == [s.run_id for s in specs]
    assert {r["status"] for r in rows} == {"planned"}
    assert json.loads(rows[0]["spec"]) == specs[0].to_dict()
    assert registry.register(specs) == 0  # idempotent


def test_claim_finish_exactly_once(registry: Registry, specs: list[RunSpec]) -> None:
    run_id = specs[0].run_id
    claim = registry.claim(run_id)
    assert claim is not None
    assert (claim.attempt, claim.resumed) == (1, False)
    assert registry.claim(run_id) is None  # this process is alive and holds it
    registry.record_eval(claim, EvalPoint(512, 1, 3.0, 100.0))
    assert registry.finish(claim, RESULT)
    assert not registry.finish(claim, RESULT)  # only once
    assert registry.claim(run_id) is None  # done is never claimed again
    (row,) = registry.runs([run_id])
    assert row["status"] == "done"
    assert row["attempts"] == 1
    assert row["final_loss"] == 2.5
    assert [e["tokens"] for e in registry.evals(run_id)] == [512]
    assert registry.counts() == {"planned": 3, "running": 0, "done": 1, "failed": 0}


def test_orphaned_run_is_claimed_again(registry: Registry, specs: list[RunSpec]) -> None:
    run_id = specs[0].run_id
    gone = f"{socket.gethostname()}:{dead_pid()}"
    first = registry.claim(run_id, owner=gone)
    assert first is not None
    second = registry.claim(run_id)  # its owner is dead: take it over
    assert second is not None
    assert (second.attempt, second.resumed) == (2, True)
    assert not registry.finish(first, RESULT)  # the stale claim can no longer finish it
    assert registry.finish(second, RESULT)


def test_other_host_uses_heartbeat(registry: Registry, specs: list[RunSpec]) -> None:
    assert owner_alive("elsewhere:1", time.time(), stale_after=60)
    assert not owner_alive("elsewhere:1", time.time() - 120, stale_after=60)
    assert not owner_alive(None, None, stale_after=60)
    assert owner_alive(this_owner(), None, stale_after=60)
    claim = registry.claim(specs[0].run_id, owner="elsewhere:1")
    assert claim is not None
    assert registry.claim(specs[0].run_id, stale_after=60) is None
    assert registry.claim(specs[0].run_id, stale_after=0) is not None


def test_fail_release_and_retry(registry: Registry, specs: list[RunSpec]) -> None:
    claim = registry.claim(specs[0].run_id)
    assert claim is not None
    registry.fail(claim, "Traceback: boom")
    (row,) = registry.runs([specs[0].run_id])
    assert (row["status"], row["error"]) == ("failed", "Traceback: boom")
    retry = registry.claim(specs[0].run_id)
    assert retry is not None
    assert retry.attempt == 2
    registry.release(retry)
    assert registry.runs([specs[0].run_id])[0]["status"] == "planned"


def test_changed_config_is_detected(registry: Registry) -> None:
    changed = LadderConfig.from_dict(
        {
            "sizes": [{"name": "a", "n_layer": 1, "n_head": 1, "d_model": 8, "context": 16}],
            "budgets": [1000],
            "seeds": [0],
            "train": {"lr": 0.5},
        }
    )
    with pytest.raises(InvalidOptionError, match="other settings"):
        registry.register(plan_ladder(changed))


def test_concurrent_claims_take_each_run_once(registry: Registry, specs: list[RunSpec]) -> None:
    won: list[str] = []
    lock = threading.Lock()

    def worker() -> None:
        for spec in specs:
            claim = registry.claim(spec.run_id)
            if claim is not None:
                with lock:
                    won.append(claim.run_id)

    threads = [threading.Thread(target=worker) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(won) == sorted(s.run_id for s in specs)
    assert all(r["attempts"] == 1 for r in registry.runs())


def test_meta_round_trip(registry: Registry) -> None:
    assert registry.get_meta("missing") is None
    registry.set_meta("prediction", {"loss": 1.5})
    assert registry.get_meta("prediction") == {"loss": 1.5}
