"""Checkpoints as rows of a neural fit: run ids, burn-in, bootstrap over runs (issue 14, item 5)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import scalinglaws as sl
from scalinglaws.errors import InvalidInputError
from scalinglaws.formulas import neural as law
from scalinglaws.neural.bootstrap import _counts
from scalinglaws.neural.fit import bootstrap_samples
from scalinglaws.neural.forms import hoffmann_grid
from scalinglaws.results import FitResult
from scalinglaws.uncertainty import as_generator

STARTS = hoffmann_grid()[::9]


def checkpoint_ladder(
    seed: int = 0, runs: int = 12, per_run: int = 20, run_noise: float = 0.01
) -> tuple[np.ndarray, ...]:
    """Runs of `runs` sizes, each evaluated at `per_run` checkpoints up to 20 tokens per
    parameter; each run has its own offset (seed luck, shared by all its checkpoints)
    plus a small per-checkpoint noise."""
    rng = np.random.default_rng(seed)
    n = np.repeat(np.geomspace(2e7, 2e9, runs), per_run)
    d = np.tile(np.linspace(0.02, 1.0, per_run), runs) * 20 * n
    run = np.repeat(np.arange(runs), per_run)
    shared = np.repeat(rng.normal(0, run_noise, runs), per_run)
    loss = law.chinchilla(n, d, 1.7, 400.0, 1500.0, 0.33, 0.3)
    return run, n, d, loss * np.exp(shared + rng.normal(0, 0.002, n.size))


def test_burn_in_drops_the_first_tenth_of_each_run() -> None:
    run, n, d, loss = checkpoint_ladder()
    final = np.array([d[run == r].max() for r in run])
    fit = sl.fit_neural(n, d, loss, run=run, starts=STARTS)
    early = d <= 0.1 * final
    assert fit.n_burned == int(early.sum()) > 0
    assert fit.n_runs == n.size - fit.n_burned
    assert np.array_equal(np.sort(fit.D), np.sort(d[~early]))
    assert fit.run is not None
    assert int(fit.run.max()) + 1 == 12
    every = sl.fit_neural(n, d, loss, run=run, burn_in=0.0, starts=STARTS)
    assert every.n_burned == 0
    assert every.n_runs == n.size
    assert "burn-in" in str(fit.summary())
    again = FitResult.from_dict(fit.to_dict())
    assert isinstance(again, sl.NeuralFit)
    assert again.run is not None
    assert np.array_equal(again.run, fit.run)
    assert again.n_burned == fit.n_burned


def test_bootstrap_resamples_whole_runs() -> None:
    """Each replicate is the fit to whole runs drawn with replacement: every checkpoint
    of a run drawn k times counts k times (equal to a separate fit on those rows)."""
    run, n, d, loss = checkpoint_ladder(runs=6, per_run=8)
    fit = sl.fit_neural(n, d, loss, run=run, form="chinchilla_tied")
    assert fit.run is not None
    rows = bootstrap_samples(fit, 3, rng=5, starts="warm", workers=1, progress=None)
    for generator, row in zip(as_generator(5).spawn(3), rows, strict=True):
        per_run = _counts(generator, 6).astype(int)
        again = np.repeat(np.arange(fit.n_runs), per_run[fit.run])
        alone = sl.fit_neural(fit.N[again], fit.D[again], fit.L[again], form="chinchilla_tied")
        np.testing.assert_allclose(row, list(alone.params.values()), rtol=1e-5)


def test_run_bootstrap_is_wider_than_a_row_bootstrap_when_runs_share_noise() -> None:
    """With a per-run offset (sd 0.01) ten times the per-checkpoint noise, 12 runs carry
    the information of about 12 observations, not 240: resampling rows understates the
    spread of alpha by a large factor (about sqrt(240 / 12) ~ 4.5 if rows were
    independent draws); resampling runs does not. The margin asserted is 2."""
    run, n, d, loss = checkpoint_ladder()
    by_run = sl.fit_neural(n, d, loss, run=run, starts=STARTS)
    by_run = by_run.with_bootstrap(200, rng=0, workers=1)
    by_row = sl.fit_neural(by_run.N, by_run.D, by_run.L, starts=STARTS)  # the same rows
    by_row = by_row.with_bootstrap(200, rng=0, workers=1)
    assert by_run.stderr["alpha"] > 2 * by_row.stderr["alpha"]


def test_bad_run_ids_are_clear_errors() -> None:
    run, n, d, loss = checkpoint_ladder(runs=4, per_run=5)
    with pytest.raises(InvalidInputError, match="run has 3 labels"):
        sl.fit_neural(n, d, loss, run=run[:3])
    mixed = run.copy()
    mixed[0] = 1  # a checkpoint of the 2e7 model labelled as the next run
    with pytest.raises(InvalidInputError, match="more than one value of N"):
        sl.fit_neural(n, d, loss, run=mixed)
    with pytest.raises(InvalidInputError, match="missing label"):
        sl.fit_neural(n, d, loss, run=[None, *run[1:]])


def test_compute_optimal_for_the_data_constrained_law() -> None:
    """With fresh data (U = D) the data-constrained law is Chinchilla's, so its
    compute-optimal allocation is Hoffmann et al.'s eq. 4 with the same parameters."""
    n = np.repeat(np.geomspace(1e7, 1e9, 5), 4)
    d = np.tile(np.geomspace(1e9, 1e11, 4), 5)
    u = np.minimum(d, 5e9)
    loss = law.data_constrained(n, d, u, 1.7, 400.0, 1500.0, 0.33, 0.3, 15.4)
    fit = sl.fit_neural(n, d, loss, form="data_constrained", unique_tokens=u)
    table = fit.compute_optimal([1e20])
    p = fit.params
    n_opt, d_opt, _ = law.compute_optimal(1e20, p["E"], p["A"], p["B"], p["alpha"], p["beta"])
    assert table["N_opt"].iloc[0] == pytest.approx(float(n_opt), rel=1e-12)
    assert table["D_opt"].iloc[0] == pytest.approx(float(d_opt), rel=1e-12)
    assert p["alpha"] == pytest.approx(0.33, abs=1e-3)


def test_cli_fits_checkpoints_with_fixed_exponents(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from scalinglaws.cli import app

    run, n, d, loss = checkpoint_ladder(runs=6, per_run=10)
    path = tmp_path / "checkpoints.csv"
    labels = [f"run-{r}" for r in run]  # text ids
    pd.DataFrame({"run": labels, "N": n, "D": d, "L": loss}).to_csv(path, index=False)
    args = ["fit", "neural", str(path), "--n", "N", "--d", "D", "--loss", "L", "--json"]
    result = CliRunner().invoke(app, [*args, "--run", "run", "--fix", "alpha=0.33"])
    assert result.exit_code == 0, result.output
    saved = json.loads(result.stdout)
    assert saved["fixed"] == {"alpha": 0.33}
    assert saved["n_burned"] == 6  # the first of 10 checkpoints of each run (D = 0.02 D_final)
    bad = CliRunner().invoke(app, [*args, "--fix", "alpha"])
    assert bad.exit_code == 1
    assert "NAME=VALUE" in bad.output
