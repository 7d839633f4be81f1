"""The other laws of fit_neural (data-constrained, broken power, asymmetric loss) and
the non-parametric frontiers: isoflop's bias-free method and bootstrap, and the
training-curve envelope (Chinchilla Approach 1)."""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import scalinglaws as sl
from scalinglaws.errors import InsufficientDataError, InvalidInputError, InvalidOptionError
from scalinglaws.formulas import neural as law
from scalinglaws.neural.forms import FORMS, hoffmann_grid

# Every 4th start of the default grids keeps these tests fast; the optimum is the same.
FEW_STARTS = hoffmann_grid()[::4]

# A realistic data-constrained law: Chinchilla-like terms and Muennighoff et al.'s
# (2023, sec. 5) fitted decay of repeated data, R_D* = 15.4.
REPEAT_TRUTH = {"E": 1.87, "A": 521.0, "B": 1488.0, "alpha": 0.35, "beta": 0.353, "R_star": 15.4}


def repeated_runs(noise: float = 0.003) -> tuple[np.ndarray, ...]:
    grids = np.meshgrid(np.geomspace(1e7, 1e9, 5), [1e8, 1e9, 1e10], [1, 2, 4, 8, 16, 40])
    n, u, epochs = (g.ravel() for g in grids)
    d = u * epochs
    rng = np.random.default_rng(0)
    loss = law.data_constrained(n, d, u, **REPEAT_TRUTH) * np.exp(rng.normal(0, noise, n.size))
    return n, d, u, loss


def test_effective_data_counts_repeats_less() -> None:
    d_eff = law.effective_data([1e9, 2e9, 1e12], 1e9, 15.4)
    assert d_eff[0] == pytest.approx(1e9)  # one epoch counts in full
    assert 1e9 < d_eff[1] < 2e9  # a second epoch is worth a little less
    assert d_eff[2] == pytest.approx(1e9 * (1 + 15.4), rel=1e-6)  # saturates at U (1 + R*)


def test_data_constrained_recovers_the_decay() -> None:
    n, d, u, loss = repeated_runs()
    starts = FORMS["data_constrained"].grid(np.empty((0, 3)), np.log(loss))[::4]
    fit = sl.fit_neural(n, d, loss, form="data_constrained", unique_tokens=u, starts=starts)
    assert fit.params["R_star"] == pytest.approx(15.4, rel=0.1)
    assert fit.params["alpha"] == pytest.approx(0.35, abs=0.01)
    assert fit.params["beta"] == pytest.approx(0.353, abs=0.01)
    expected = law.data_constrained(1e9, 4e10, 1e9, **REPEAT_TRUTH)
    assert fit.predict([1e9], [4e10], unique_tokens=[1e9])[0] == pytest.approx(expected, rel=0.01)
    again = sl.NeuralFit.from_dict(fit.to_dict())
    assert np.array_equal(again.residuals(), fit.residuals())
    with pytest.raises(InvalidOptionError, match="unique_tokens"):
        fit.predict([1e9], [4e10])
    # Issue 14: compute_optimal now answers for this law (fresh data, U = D).
    optimal = fit.compute_optimal(1e21)  # inside the runs' budgets: no warning
    assert np.isfinite(optimal["N_opt"]).all()


def test_data_constrained_bad_input() -> None:
    n, d, u, loss = repeated_runs()
    with pytest.raises(InvalidInputError, match="needs unique_tokens"):
        sl.fit_neural(n, d, loss, form="data_constrained")
    with pytest.raises(InvalidInputError, match=r"U = .* > D"):
        sl.fit_neural(n, d, loss, form="data_constrained", unique_tokens=d * 2)
    with pytest.raises(InsufficientDataError, match="no run repeats"):
        sl.fit_neural(n, d, loss, form="data_constrained", unique_tokens=d)
    with pytest.raises(InvalidOptionError, match="only applies to form='data_constrained'"):
        sl.fit_neural(n, d, loss, unique_tokens=u)


def test_bnsl_extrapolates_four_digit_addition() -> None:
    # Caballero et al. (2023), the 4-digit addition example of their repository:
    # fit the first 14 points, extrapolate to the last 3 (split_point = 14).
    data = sl.load_dataset("neural/bnsl_4digit_addition").data
    train, held = data[data["split"] == "fit"], data[data["split"] == "extrapolate"]
    x = train["train_dataset_size"].to_numpy(float)
    y = train["test_cross_entropy"].to_numpy(float)
    errors = {}
    for form in ("bnsl", "power_offset"):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", sl.errors.FitWarning)
            fit = sl.fit_neural(np.ones_like(x), x, y, form=form, variable="D")
        # The power law can only follow the drop by sending E to 0, and says so.
        assert bool(caught) == (form == "power_offset") == bool(fit.warnings)
        predicted = fit.predict(held["train_dataset_size"].to_numpy(float))
        errors[form] = np.abs(predicted / held["test_cross_entropy"].to_numpy() - 1)
    # The break (a sharp drop near 600 examples) is what a single power law cannot follow.
    assert errors["bnsl"].max() < 0.03
    assert errors["power_offset"].min() > 0.5
    assert set(FORMS["bnsl"].param_names) == {"a", "b", "c0", "c1", "d1", "f1"}


def test_bnsl_formula_limits() -> None:
    x = np.array([1.0, 1e8])
    y = law.bnsl(x, 0.5, 2.0, 0.1, 0.4, 1e4, 0.5)
    assert y[0] == pytest.approx(0.5 + 2.0 * (1 + 1e-8) ** -0.2, rel=1e-9)
    assert y[1] == pytest.approx(0.5 + 2.0 * 1e8**-0.1 * (1 + 1e8) ** -0.2, rel=1e-9)


def test_asymmetric_loss_errs_on_the_pessimistic_side() -> None:
    n, d, _, _ = repeated_runs()
    rng = np.random.default_rng(1)
    loss = law.chinchilla(n, d, 1.8, 480.0, 2100.0, 0.35, 0.37) * np.exp(
        rng.normal(0, 0.01, n.size)
    )
    plain = sl.fit_neural(n, d, loss, starts=FEW_STARTS)
    careful = sl.fit_neural(n, d, loss, objective="asymmetric", asymmetry=4.0, starts=FEW_STARTS)
    # residual = log L - log Lhat > 0 is a run the law under-predicts
    assert (careful.residuals() > 0).mean() < (plain.residuals() > 0).mean() - 0.1
    assert "weighted 4x" in str(careful.summary())
    with pytest.raises(InvalidOptionError, match="asymmetry"):
        sl.fit_neural(n, d, loss, objective="asymmetric", asymmetry=0.5)


# --- frontiers: Approach 2 without the parabola, and Approach 1 ------------------------------


def _chinchilla_profiles() -> pd.DataFrame:
    data = sl.load_dataset("neural/openathena_isoflops_transform").data
    return data[data["experiment"] == "ml_scalefit__massivetext__chinchilla"]


def test_isoflop_parametric_matches_vpnls() -> None:
    runs = _chinchilla_profiles()
    fit = sl.isoflop(  # VPNLS fits every run: no window
        runs["params"],
        runs["tokens"],
        runs["loss"],
        C=runs["budget"],
        method="parametric",
        window=None,
    )
    assert fit.law is not None
    e_fit, _, _, alpha, beta = fit.law
    # Czech et al. 2026 (Open-Athena vpnls README, on a 0.01 exponent grid): E = 1.8608,
    # alpha = 0.36, beta = 0.40 on this experiment.
    assert alpha == pytest.approx(0.36, abs=0.02)
    assert beta == pytest.approx(0.40, abs=0.02)
    assert e_fit == pytest.approx(1.8608, abs=0.02)
    assert fit.a == pytest.approx(beta / (alpha + beta), abs=1e-6)
    # Each budget's drawn profile is the law along it; its minimum is the reported one.
    for index in range(fit.budgets.size):
        profile = fit.profile(index)
        assert profile is not None
        assert profile[1].min() >= fit.loss_opt[index] - 1e-9
    assert "no parabola bias" in str(fit.summary())


def test_isoflop_bootstrap_intervals() -> None:
    runs = _chinchilla_profiles()
    args = (runs["params"], runs["tokens"], runs["loss"])
    vertex = "minimum outside the sizes they ran"  # the 1e20 profile's, below its runs
    with pytest.warns(sl.errors.FitWarning, match=vertex):
        fit = sl.isoflop(*args, C=runs["budget"], n_boot=200, rng=3)
    table = fit.conf_int()
    # Hoffmann et al. 2022, Table 2, Approach 2: a = 0.49 with interval (0.462, 0.534).
    assert table.loc["a", "lower"] < 0.49 < table.loc["a", "upper"]
    assert 0.02 < table.loc["a", "upper"] - table.loc["a", "lower"] < 0.3
    with pytest.warns(sl.errors.FitWarning, match=vertex):
        again = sl.isoflop(*args, C=runs["budget"], n_boot=200, rng=3, workers=2)
    assert again.boot is not None
    assert fit.boot is not None
    assert np.array_equal(again.boot.samples, fit.boot.samples)
    assert sl.IsoflopFit.from_dict(fit.to_dict()).conf_int().equals(table)


def _ideal_curves() -> tuple[np.ndarray, ...]:
    p = {"E": 1.8, "A": 480.0, "B": 2100.0, "alpha": 0.35, "beta": 0.37}
    rows = []
    for index, n in enumerate(np.geomspace(1e7, 1e10, 16)):
        for d in np.geomspace(1e8, 3e11, 60):
            rows.append((index, n, d, float(law.chinchilla(n, d, **p))))
    return tuple(map(np.array, zip(*rows, strict=True)))


def test_envelope_recovers_the_frontier() -> None:
    run, n, d, loss = _ideal_curves()
    fit = sl.envelope(run, n, d, loss, n_boot=50, rng=0)
    expect_a, expect_b = law.frontier_exponents(0.35, 0.37)
    assert fit.a == pytest.approx(float(expect_a), abs=0.03)
    assert fit.b == pytest.approx(float(expect_b), abs=0.03)
    assert fit.n_runs == 16
    assert np.all(np.diff(fit.table()["N_opt"]) >= 0)  # bigger budgets, bigger models
    assert sl.EnvelopeFit.from_dict(fit.to_dict()).table().equals(fit.table())
    assert fit.conf_int().shape == (2, 3)


def test_envelope_bad_input() -> None:
    run, n, d, loss = _ideal_curves()
    with pytest.raises(InvalidInputError, match="more than one value of N"):
        sl.envelope(run, np.where(np.arange(n.size) == 3, n * 2, n), d, loss)
    with pytest.raises(InvalidInputError, match="one value per curve point"):
        sl.envelope(run[:-1], n, d, loss)
    one = run == 0
    with pytest.raises(InsufficientDataError, match="frontier needs two"):
        sl.envelope(run[one], n[one], d[one], loss[one])


@pytest.mark.slow
def test_cli_fit_isoflop_and_new_forms(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from scalinglaws.cli import app

    runs = _chinchilla_profiles()
    path = tmp_path / "profiles.csv"
    runs.to_csv(path, index=False)
    runner = CliRunner()
    args = ["fit", "isoflop", str(path), "--n", "params", "--d", "tokens", "--loss", "loss"]
    result = runner.invoke(app, [*args, "--c", "budget", "--boot", "50", "--workers", "1"])
    # The 1e20 profile's vertex lies below its runs: the command says so on stderr.
    assert "warning: 1 budget(s) have their fitted minimum outside" in result.output
    assert result.exit_code == 0, result.output
    assert "Optimum per budget" in result.output
    plot = tmp_path / "iso.png"
    result = runner.invoke(app, [*args, "--c", "budget", "--json", "--plot", str(plot)])
    assert result.exit_code == 0, result.output
    assert plot.stat().st_size > 0
    n, d, u, loss = repeated_runs()
    table = tmp_path / "repeats.csv"
    pd.DataFrame({"N": n, "D": d, "U": u, "L": loss}).to_csv(table, index=False)
    neural = ["fit", "neural", str(table), "--n", "N", "--d", "D", "--loss", "L"]
    result = runner.invoke(app, [*neural, "--form", "data_constrained", "--unique", "U"])
    assert result.exit_code == 0, result.output
    assert "R_star" in result.output
    result = runner.invoke(app, [*neural, "--form", "data_constrained"])
    assert result.exit_code == 1
    assert "unique_tokens" in result.output
    result = runner.invoke(app, [*neural, "--objective", "asymmetric", "--form", "chinchilla_tied"])
    assert result.exit_code == 0, result.output
