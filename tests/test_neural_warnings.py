"""Neural fits that say when they cannot be trusted (issue 14, item 1).

Each warning is provoked on synthetic data built to have the defect, and checked
absent on clean data of the same design, so none of these tests can pass by a
warning that fires always or never.
"""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import scalinglaws as sl
from scalinglaws.errors import FitWarning
from scalinglaws.formulas import neural as law
from scalinglaws.neural.forms import hoffmann_grid
from scalinglaws.results import FitResult

STARTS = hoffmann_grid()[::9]  # 500 of the 4,500 starts: enough for these clean ladders


def ladder(
    seed: int = 0, noise: float = 0.003, E: float = 1.7, sizes: int = 8, tokens: int = 6
) -> tuple[np.ndarray, ...]:
    """A grid of runs on L = E + 400/N^0.33 + 1500/D^0.3 with log-normal noise."""
    rng = np.random.default_rng(seed)
    n = np.repeat(np.geomspace(1e7, 3e9, sizes), tokens)
    d = np.tile(np.geomspace(1e8, 1e11, tokens), sizes)
    clean = law.chinchilla(n, d, E, 400.0, 1500.0, 0.33, 0.3)
    return n, d, clean * np.exp(rng.normal(0, noise, n.size))


def quiet_fit(*args: object, **kwargs: object) -> sl.NeuralFit:
    """fit_neural with its FitWarnings recorded, not raised (tests read fit.warnings)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FitWarning)
        return sl.fit_neural(*args, **kwargs)  # type: ignore[arg-type]


def test_clean_ladder_has_no_warnings() -> None:
    n, d, loss = ladder()
    fit = sl.fit_neural(n, d, loss, starts=STARTS)  # FitWarning would be an error here
    assert fit.warnings == ()
    assert fit.n_best_basin >= 3


def test_a_vanished_term_is_at_its_bound() -> None:
    n, d, loss = ladder(E=0.0, noise=0.0)  # the law has no irreducible loss
    with pytest.warns(FitWarning, match=r"E = .* sits at its bound 0"):
        fit = sl.fit_neural(n, d, loss, starts=STARTS)
    assert fit.params["E"] < 1e-6 * loss.min()
    assert any("bound 0" in reason for reason in fit.warnings)
    assert "bound 0" in str(fit.summary())
    again = FitResult.from_dict(fit.to_dict())
    assert again.warnings == fit.warnings


def test_a_rising_law_has_its_exponent_at_the_bound() -> None:
    n = np.geomspace(1e6, 1e9, 12)
    loss = 2.0 + 0.05 * np.log(n / 1e6)  # loss grows with N: no falling power law fits
    fit = quiet_fit(n, np.full(n.size, 1e10), loss, form="power_offset")
    assert any(reason.startswith("alpha = ") and "bound 0" in reason for reason in fit.warnings)


def test_few_starts_in_the_best_basin() -> None:
    n, d, loss = ladder()
    with pytest.warns(FitWarning, match="starts reached the best basin"):
        fit = sl.fit_neural(n, d, loss, starts=STARTS[:4])
    assert fit.n_best_basin < 3


def test_bootstrap_spread_over_a_decade_is_flagged() -> None:
    # 9 noisy runs on a 3 x 3 grid cannot pin down the allocation; 48 clean ones can.
    n, d, loss = ladder(seed=3, noise=0.05, sizes=3, tokens=3)
    fit = quiet_fit(n, d, loss, starts=STARTS)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FitWarning)
        wide = fit.with_bootstrap(100, rng=0, workers=1)
    assert any("spans a factor" in reason for reason in wide.warnings)
    n, d, loss = ladder()
    tight = sl.fit_neural(n, d, loss, starts=STARTS).with_bootstrap(100, rng=0, workers=1)
    assert tight.warnings == ()


def test_compute_optimal_outside_the_runs_is_flagged() -> None:
    n, d, loss = ladder()
    fit = sl.fit_neural(n, d, loss, starts=STARTS)
    inside = fit.compute_optimal([1e19, 1e21])  # no warning (it would be an error)
    assert inside.attrs["warnings"] == ()
    with pytest.warns(FitWarning, match="outside the range the data support"):
        far = fit.compute_optimal([1e19, 1e26])
    assert len(far.attrs["warnings"]) >= 1


def isoflop_sweep(seed: int, noise: float = 0.003) -> tuple[np.ndarray, ...]:
    """9 budgets x 9 sizes around the known optimum of a Chinchilla law."""
    p = {"E": 1.8, "A": 480.0, "B": 2100.0, "alpha": 0.35, "beta": 0.37}
    rng = np.random.default_rng(seed)
    rows = []
    for c in np.geomspace(1e18, 1e22, 9):
        n_opt, _, _ = law.compute_optimal(c, **p)
        for n in n_opt * np.geomspace(0.25, 4.0, 9):
            rows.append((n, c / (6 * n), float(law.chinchilla(n, c / (6 * n), **p)), c))
    n, d, loss, c = (np.array(column) for column in zip(*rows, strict=True))
    return n, d, loss * np.exp(rng.normal(0, noise, loss.size)), c


def test_isoflop_budget_without_a_minimum_is_flagged() -> None:
    n, d, loss, c = isoflop_sweep(0)
    top = c == c.max()
    loss = np.where(top, 3.0 - 0.01 * np.log(n), loss)  # the top budget only falls with N
    with pytest.warns(FitWarning, match="have no minimum"):
        fit = sl.isoflop(n, d, loss, C=c, window=None)
    assert fit.n_used == 8


def envelope_runs(sizes: tuple[float, ...]) -> tuple[np.ndarray, ...]:
    """Training curves of models of `sizes` on a Chinchilla law, 30 evaluations each."""
    rows = []
    for size in sizes:
        for tokens in np.geomspace(1e8, 2e10, 30):
            loss = float(law.chinchilla(size, tokens, 1.8, 480.0, 2100.0, 0.35, 0.37))
            rows.append((size, size, tokens, loss))
    return tuple(np.array(column) for column in zip(*rows, strict=True))


def test_envelope_on_two_sizes_is_flagged() -> None:
    with pytest.warns(FitWarning, match="only 2 model sizes"):
        fit = sl.envelope(*envelope_runs((1e7, 1e8)))
    assert fit.warnings
    assert sl.envelope(*envelope_runs((1e7, 3e7, 1e8, 3e8))).warnings == ()


def contaminated(loss: np.ndarray, seed: int, share: float = 0.3) -> np.ndarray:
    """`share` of the runs replaced by diverged ones: 1.5 to 4 times their loss."""
    rng = np.random.default_rng(100 + seed)
    bad = rng.random(loss.size) < share
    out = loss.copy()
    out[bad] = loss[bad] * rng.uniform(1.5, 4.0, int(bad.sum()))
    return out


def test_windowed_isoflop_survives_diverged_runs() -> None:
    """Issue 14's criterion: a clean sweep and the same sweep with 30% of the runs
    diverged give exponents within 0.03, over 20 seeded sweeps; fitting every run
    (window=None) does not (the median shift is several times larger)."""
    windowed, every = [], []
    for seed in range(20):
        n, d, loss, c = isoflop_sweep(seed)
        dirty = contaminated(loss, seed)
        clean_fit = sl.isoflop(n, d, loss, C=c)
        fit = sl.isoflop(n, d, dirty, C=c)
        windowed.append(abs(fit.a - clean_fit.a))
        assert len(fit.dropped()) + int(fit.kept.sum()) == loss.size
        assert (fit.dropped()["log_excess"] > fit.window).all()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", FitWarning)
            try:
                raw = sl.isoflop(n, d, dirty, C=c, window=None)
                every.append(abs(raw.a - sl.isoflop(n, d, loss, C=c, window=None).a))
            except sl.errors.InsufficientDataError:  # too few budgets keep a minimum
                every.append(np.inf)
    assert max(windowed) < 0.03
    assert np.median(every) > 3 * 0.03


def test_window_keeps_every_run_on_request_and_round_trips() -> None:
    n, d, loss, c = isoflop_sweep(0)
    fit = sl.isoflop(n, d, contaminated(loss, 0), C=c)
    assert 0 < len(fit.dropped()) < loss.size
    assert "left out" in str(fit.summary())
    again = FitResult.from_dict(fit.to_dict())
    assert isinstance(again, sl.IsoflopFit)
    assert np.array_equal(again.kept, fit.kept)
    assert again.window == fit.window
    assert again.a == fit.a
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FitWarning)
        every = sl.isoflop(n, d, contaminated(loss, 0), C=c, window=None)
    assert every.kept.all()
    assert every.dropped().empty
    with pytest.raises(sl.errors.InvalidOptionError, match="window"):
        sl.isoflop(n, d, loss, C=c, window=0.0)


def test_cli_isoflop_window_options(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from scalinglaws.cli import app

    n, d, loss, c = isoflop_sweep(0)
    path = tmp_path / "sweep.csv"
    pd.DataFrame({"N": n, "D": d, "L": contaminated(loss, 0), "C": c}).to_csv(path, index=False)
    args = ["fit", "isoflop", str(path), "--n", "N", "--d", "D", "--loss", "L", "--c", "C"]
    default = CliRunner().invoke(app, [*args, "--json"])
    assert default.exit_code == 0, default.output
    assert json.loads(default.stdout)["window"] == 0.1
    every = CliRunner().invoke(app, [*args, "--json", "--all-runs"])
    assert every.exit_code == 0, every.output
    assert json.loads(every.stdout)["window"] is None
