"""Running a tiny ladder end to end: local executors, kill -9 and resume, fit, target, CLI, Ray."""

from __future__ import annotations

import json
import math
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from typer.testing import CliRunner

from scalinglaws.cli import app
from scalinglaws.errors import InsufficientDataError, InvalidOptionError, MissingDependencyError
from scalinglaws.lm.ladder import Ladder, LadderStatus
from scalinglaws.lm.ladder.outcome import TargetPrediction
from scalinglaws.lm.ladder.registry import Claim, Registry

TINY = """
name = "tiny"
seeds = [{seeds}]
budgets = [{budgets}]
sizes = [
    {{ name = "a", n_layer = 1, n_head = 1, d_model = 8 }},
    {{ name = "b", n_layer = 1, n_head = 2, d_model = 16 }},
]

[model]
context = 32

[train]
batch_size = 4
eval_interval_tokens = {interval}
eval_tokens = 512
threads = 1

[target]
size = {{ name = "c", n_layer = 2, n_head = 2, d_model = 16 }}
budget = 4096
"""

runner = CliRunner()


@pytest.fixture(scope="module", autouse=True)
def corpus_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Tokenize the corpus once into a private cache (inherited by subprocesses)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SCALINGLAWS_CACHE", str(tmp_path_factory.mktemp("cache")))
        patch.setenv("OMP_WAIT_POLICY", "PASSIVE")
        yield


def tiny(
    tmp_path: Path,
    *,
    seeds: str = "0",
    budgets: str = "2048, 4096",
    interval: int = 1024,
    name: str = "tiny.toml",
) -> Path:
    path = tmp_path / name
    path.write_text(TINY.format(seeds=seeds, budgets=budgets, interval=interval))
    return path


def test_sequential_run_then_resume_skips_finished(tmp_path: Path) -> None:
    ladder = Ladder.from_toml(tiny(tmp_path))
    seen: list[LadderStatus] = []
    summary = ladder.run(progress=seen.append)
    assert (summary.planned, summary.done, summary.failed) == (4, 4, ())
    assert ladder.registry_path == tmp_path / "tiny.sqlite"
    assert seen[-1].done == 4
    assert any(s.running and s.running[0].loss is not None for s in seen)
    results = ladder.results()
    assert list(results.columns[:9]) == [
        "run_id", "role", "size", "budget", "seed", "N", "D", "C", "loss"
    ]  # fmt: skip
    ladder_rows = results[results["role"] == "ladder"]
    assert (ladder_rows["status"] == "done").all()
    assert (ladder_rows["C"] == 6 * ladder_rows["N"] * ladder_rows["D"]).all()
    assert results.loc[results["role"] == "target", "status"].tolist() == ["planned"]
    assert not list((tmp_path / "tiny.checkpoints").glob("*.pt"))  # removed once done
    finished = {r["run_id"]: r["finished"] for r in ladder.registry.runs()}
    with pytest.raises(InvalidOptionError, match="resume=True"):
        ladder.run()
    again = ladder.run(resume=True)
    assert again.done == 4
    assert {r["run_id"]: r["finished"] for r in ladder.registry.runs()} == finished
    assert set(ladder.results()["attempts"]) == {0, 1}  # the target was never started


@pytest.mark.slow
def test_process_pool(tmp_path: Path) -> None:
    ladder = Ladder.from_toml(tiny(tmp_path), out_dir=tmp_path / "out")
    summary = ladder.run(workers=2)
    assert (summary.done, summary.failed) == (4, ())
    assert ladder.registry_path == tmp_path / "out" / "tiny.sqlite"
    assert {r["attempts"] for r in ladder.registry.runs()} == {1}


def _poll(path: Path, query: str) -> list[tuple[object, ...]]:
    try:
        with sqlite3.connect(path, timeout=5) as db:
            return db.execute(query).fetchall()
    except sqlite3.OperationalError:  # the registry is not created yet
        return []


@pytest.mark.slow
def test_kill_9_mid_run_then_resume_ends_every_run_once(tmp_path: Path) -> None:
    config = tiny(tmp_path, budgets="24576, 49152", interval=2048)
    registry = tmp_path / "tiny.sqlite"
    command = [sys.executable, "-c", "from scalinglaws.cli import main; main()"]
    process = subprocess.Popen(
        [*command, "ladder", "run", str(config)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.time() + 120
    try:
        while True:
            assert process.poll() is None, process.stderr.read() if process.stderr else ""
            assert time.time() < deadline, "the ladder never had a run done and one running"
            done = _poll(registry, "SELECT COUNT(*) FROM runs WHERE status = 'done'")
            running = _poll(
                registry,
                "SELECT runs.run_id FROM runs JOIN evals ON evals.run_id = runs.run_id"
                " AND evals.attempt = runs.attempts WHERE status = 'running'",
            )
            if done and done[0][0] >= 1 and running:
                break
            time.sleep(0.05)
        os.kill(process.pid, signal.SIGKILL)
    finally:
        process.kill()
        process.wait()
        if process.stderr:
            process.stderr.close()
    ladder = Ladder.from_toml(config)
    before = {r["run_id"]: r for r in ladder.registry.runs()}
    interrupted = [k for k, r in before.items() if r["status"] == "running"]
    finished = [k for k, r in before.items() if r["status"] == "done"]
    assert len(interrupted) == 1
    assert finished
    assert list((tmp_path / "tiny.checkpoints").glob("*.pt"))

    summary = ladder.run(resume=True)
    assert (summary.planned, summary.done, summary.failed) == (4, 4, ())
    after = {r["run_id"]: r for r in ladder.registry.runs()}
    assert sorted(after) == sorted(s.run_id for s in ladder.plan())  # one row per run
    assert {r["status"] for r in after.values()} == {"done"}
    for run_id in finished:  # not trained again
        assert after[run_id]["attempts"] == 1
        assert after[run_id]["finished"] == before[run_id]["finished"]
        assert {e["attempt"] for e in ladder.registry.evals(run_id)} == {1}
    (run_id,) = interrupted
    assert after[run_id]["attempts"] == 2
    evals = ladder.registry.evals(run_id)
    first = [e["tokens"] for e in evals if e["attempt"] == 1]
    second = [e["tokens"] for e in evals if e["attempt"] == 2]
    assert first
    assert all(t > max(first) for t in second)  # continued from the checkpoint
    curve = json.loads(after[run_id]["result"])["curve"]["tokens"]
    assert curve == sorted(set(first) | set(second))
    assert curve[-1] == after[run_id]["tokens"]


def test_a_point_checkpointed_but_never_recorded_is_caught_up_on_resume(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The kill -9 race made deterministic: the process dies after ``train`` saved the
    checkpoint holding an eval point and before the registry recorded that point."""
    ladder = Ladder.from_toml(tiny(tmp_path, budgets="8192", interval=2048))
    record_eval = Registry.record_eval
    calls = 0

    def dies_on_the_third_point(self: Registry, claim: Claim, point: object) -> None:
        nonlocal calls
        calls += 1
        if calls == 3:  # the checkpoint already holds this point
            raise KeyboardInterrupt
        record_eval(self, claim, point)

    monkeypatch.setattr(Registry, "record_eval", dies_on_the_third_point)
    with pytest.raises(KeyboardInterrupt):
        ladder.run()
    monkeypatch.setattr(Registry, "record_eval", record_eval)
    (interrupted,) = [r["run_id"] for r in ladder.registry.runs() if r["attempts"] == 1]
    assert [e["tokens"] for e in ladder.registry.evals(interrupted)] == [2048, 4096]

    assert ladder.run(resume=True).done == 2
    evals = ladder.registry.evals(interrupted)
    row = {r["run_id"]: r for r in ladder.registry.runs()}[interrupted]
    curve = json.loads(row["result"])["curve"]["tokens"]
    assert sorted(e["tokens"] for e in evals) == curve == [2048, 4096, 6144, 8192]
    assert [e["attempt"] for e in evals if e["tokens"] == 6144] == [2]  # caught up


@pytest.mark.slow
def test_fit_predict_target_and_report(tmp_path: Path) -> None:
    ladder = Ladder.from_toml(tiny(tmp_path, seeds="0, 1"))
    assert ladder.run().done == 8
    # Two sizes x two budgets are four rungs: seeds repeat them, they cannot identify
    # Chinchilla's five parameters. This was the cause of the old failure (a bootstrap
    # interval that excluded its own estimate): the fit is refused, naming the fix.
    with pytest.raises(InsufficientDataError, match="distinct"):
        ladder.fit(n_boot=20)
    law = ladder.fit_budget()  # the power law in N along the target's budget (4096)
    assert law.x_names == ("N",)
    assert law.df_resid == 2  # two sizes x two seeds, two parameters
    (prediction,) = ladder.predict_targets(level=0.9, fit=law)
    assert prediction.lower is not None
    assert prediction.upper is not None
    assert prediction.lower <= prediction.loss <= prediction.upper
    assert prediction.run_sd is not None
    assert prediction.run_sd > 0
    assert prediction.size == "c"
    assert ladder.isoflop() is None  # budgets are not iso-FLOP profiles
    ladder.run_target(prediction=prediction)
    assert ladder.stored_predictions() == (prediction,)
    report = ladder.report()
    (target,) = report.runs
    row = ladder.registry.runs(["target:c-4096-seed0"])[0]
    assert prediction.made_at < row["started"]  # predicted before it was trained
    assert target.trained == row["final_loss"]
    assert target.relative_error == pytest.approx(
        (prediction.loss - target.trained) / target.trained
    )
    assert report.ladder_seed_spread is not None
    assert report.target_seed_spread is None  # one target seed
    assert "relative error of the prediction" in str(report)
    table = report.table()
    assert list(table.columns[:9]) == [
        "run_id", "size", "seed", "N", "D", "predicted", "lower", "upper", "level"
    ]  # fmt: skip
    assert json.loads(json.dumps(report.to_dict()))["targets"][0]["trained"] == target.trained
    with pytest.warns(DeprecationWarning, match="stored_predictions"):
        assert ladder.stored_prediction() == prediction
    # Passing the stored predictions again (as a resumed run does) is allowed: nothing retrains.
    again = ladder.run_target(prediction=ladder.stored_predictions())
    assert again.done == 1
    assert ladder.stored_predictions() == (prediction,)
    # A changed target is a new prediction, never judged against the old one.
    bigger = (
        tiny(tmp_path, seeds="0, 1")
        .read_text()
        .replace('name = "c", n_layer = 2', 'name = "c2", n_layer = 3')
    )
    (tmp_path / "tiny.toml").write_text(bigger)
    changed = Ladder.from_toml(tmp_path / "tiny.toml")
    assert changed.stored_predictions() is None
    with pytest.raises(InvalidOptionError, match="no target prediction"):
        changed.report()


def test_run_target_never_replaces_stored_predictions(tmp_path: Path) -> None:
    """Targets are judged against what was predicted before they trained: given
    predictions that differ from the stored ones are refused, both named, before any run."""
    ladder = Ladder.from_toml(tiny(tmp_path))
    target = ladder.target_plan()[0]
    first = TargetPrediction(
        N=1e5, D=4096.0, loss=3.25, lower=3.0, upper=3.5, level=0.9, form="power",
        params={"A": 3.9, "B": -0.05}, n_runs=4, made_at=1.7e9, size="c",
    )  # fmt: skip
    ladder.record_predictions([first])
    later = replace(first, loss=3.5, made_at=1.8e9)
    with pytest.raises(InvalidOptionError, match="already stored") as raised:
        ladder.run_target(prediction=later)
    assert "3.2500" in str(raised.value)  # the stored one
    assert "3.5000" in str(raised.value)  # and the given one
    assert ladder.stored_predictions() == (first,)
    assert ladder.registry.runs([target.run_id]) == []  # refused before any training


@pytest.mark.slow
def test_wsd_ladder_reports_every_budget_of_one_run(tmp_path: Path) -> None:
    """With schedule = "wsd" each (size, seed) is one run; its smaller budget is a
    cooldown branch, reported as its own row; the surface and budget fits both work."""
    text = tiny(tmp_path, budgets="2048, 4096").read_text()
    text = text.replace("threads = 1", 'threads = 1\nschedule = "wsd"\nmin_lr_ratio = 0.0')
    text = text.replace("eval_interval_tokens = 1024", "eval_interval_tokens = 4096")
    text = text.replace('{ name = "b", n_layer = 1, n_head = 2, d_model = 16 },', (
        '{ name = "b", n_layer = 1, n_head = 2, d_model = 16 },\n'
        '    { name = "b2", n_layer = 1, n_head = 2, d_model = 24 },'
    ))  # fmt: skip
    path = tmp_path / "wsd.toml"
    path.write_text(text)
    ladder = Ladder.from_toml(path)
    assert [s.run_id for s in ladder.plan()] == ["a-4096-seed0", "b-4096-seed0", "b2-4096-seed0"]
    assert ladder.plan()[0].budgets == [("2048", 2048), ("4096", 4096)]
    assert ladder.run().done == 3
    rows = ladder.results(include_target=False)
    assert len(rows) == 6
    assert sorted(set(rows["D"])) == [2048.0, 4096.0]
    assert rows["loss"].notna().all()
    assert ladder.fit_budget().df_resid == 1
    assert ladder.fit("chinchilla_tied").n_runs == 6  # 4 parameters, 6 rungs


@pytest.mark.slow
def test_cli_run_status_fit(tmp_path: Path) -> None:
    config = str(tiny(tmp_path, seeds="0, 1"))
    result = runner.invoke(app, ["ladder", "run", config])
    assert result.exit_code == 0, result.output
    assert "ladder: 8 of 8 runs done" in result.stderr
    again = runner.invoke(app, ["ladder", "run", config])
    assert again.exit_code == 1
    assert again.stderr.startswith("error: ")
    assert "--resume" in again.stderr
    status = runner.invoke(app, ["ladder", "status", config, "--json"])
    assert status.exit_code == 0, status.output
    runs = json.loads(status.stdout)["runs"]
    assert sum(r["status"] == "done" for r in runs) == 8
    fit = runner.invoke(app, ["ladder", "fit", config, "--boot", "10", "--json"])
    assert fit.exit_code == 0, fit.output
    payload = json.loads(fit.stdout)
    assert set(payload) == {"fit", "predictions", "report", "targets"}
    (target,) = payload["targets"]
    for key in ("predicted", "lower", "upper", "trained", "relative_error"):
        assert math.isfinite(target[key])
    assert target["lower"] <= target["predicted"] <= target["upper"]
    text = runner.invoke(app, ["ladder", "fit", config, "--no-train-target"])
    assert text.exit_code == 0, text.output
    assert "predicted loss of c" in text.stdout
    surface = runner.invoke(app, ["ladder", "fit", config, "--protocol", "surface"])
    assert surface.exit_code == 1
    assert "distinct (N, D) rungs" in surface.stderr


def test_cli_unknown_key_is_one_red_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text("workers = 2\n" + TINY.format(seeds="0", budgets="2048", interval=1024))
    result = runner.invoke(app, ["ladder", "run", str(path)])
    assert result.exit_code == 1
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1
    assert "unknown key 'workers'; valid keys are: name, seeds" in lines[0]


@pytest.mark.slow
def test_ray_executor_on_a_local_instance(tmp_path: Path) -> None:
    ray = pytest.importorskip("ray")
    ladder = Ladder.from_toml(tiny(tmp_path, budgets="2048"))
    ray.init(num_cpus=1, include_dashboard=False, log_to_driver=False)
    try:
        summary = ladder.run(executor="ray", workers=2)
    finally:
        ray.shutdown()
    assert (summary.planned, summary.done, summary.failed) == (2, 2, ())
    rows = ladder.registry.runs()
    assert {r["status"] for r in rows} == {"done"}
    assert all(ladder.registry.evals(r["run_id"]) for r in rows)  # streamed back


def test_missing_ray_names_the_extra(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setitem(sys.modules, "ray", None)  # as if Ray were not installed
    ladder = Ladder.from_toml(tiny(tmp_path, budgets="2048"))
    with pytest.raises(MissingDependencyError, match=r"pip install 'scalinglaws\[ray\]'"):
        ladder.run(executor="ray")
    with pytest.raises(InvalidOptionError, match=r"executor='slurm'.*local, ray"):
        ladder.run(executor="slurm")
