"""Predictive quantiles: the distributions' quantiles against independent formulas."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import special, stats

import scalinglaws as sl
from scalinglaws.errors import InvalidInputError, InvalidOptionError
from scalinglaws.predictive import (
    central_interval,
    central_levels,
    lognormal_poisson_quantiles,
    mixture_quantiles,
    poisson_mixture_quantiles,
    with_central,
)
from scalinglaws.quantiles import HUB_QUANTILES


def test_normal_mixture_quantiles_invert_the_mixture_cdf() -> None:
    rng = np.random.default_rng(1)
    centres = np.column_stack([rng.normal(0, 1, 300), rng.normal(5, 0.1, 300)])  # (B, 2)
    scale = np.array([0.5, 2.0])
    values = mixture_quantiles(centres, scale, HUB_QUANTILES)
    for j in range(2):
        cdf = special.ndtr((values[j][:, None] - centres[:, j][None, :]) / scale[j]).mean(axis=1)
        np.testing.assert_allclose(cdf, HUB_QUANTILES, atol=1e-10)
    # One component is the normal itself; a zero scale is the sample of centres.
    single = mixture_quantiles(np.array([[2.0]]), 3.0, HUB_QUANTILES)
    np.testing.assert_allclose(single[0], stats.norm.ppf(HUB_QUANTILES, 2.0, 3.0), atol=1e-9)
    flat = mixture_quantiles(centres, 0.0, (0.25, 0.5))
    np.testing.assert_allclose(flat[0], np.quantile(centres[:, 0], (0.25, 0.5)))


def test_poisson_mixture_quantiles_are_the_smallest_counts_reaching_the_level() -> None:
    means = np.array([[0.0, 0.3, 4.0, 250.0], [0.0, 2.0, 9.0, 400.0]])  # (B = 2, m = 4)
    values = poisson_mixture_quantiles(means, HUB_QUANTILES)
    for j in range(means.shape[1]):
        cdf = stats.poisson.cdf(values[j][:, None], means[:, j][None, :]).mean(axis=1)
        below = stats.poisson.cdf(values[j][:, None] - 1, means[:, j][None, :]).mean(axis=1)
        assert (cdf >= np.array(HUB_QUANTILES) - 1e-12).all()
        assert (below < np.array(HUB_QUANTILES)).all()
    np.testing.assert_array_equal(
        poisson_mixture_quantiles([[7.5]], HUB_QUANTILES)[0],
        stats.poisson.ppf(HUB_QUANTILES, 7.5),
    )


def test_poisson_lognormal_quantiles_match_simulation() -> None:
    rng = np.random.default_rng(2)
    draws = rng.poisson(np.exp(rng.normal(3.0, 0.4, 400_000)))
    values = lognormal_poisson_quantiles([3.0], [0.4], (0.05, 0.5, 0.95))[0]
    empirical = np.quantile(draws, (0.05, 0.5, 0.95), method="inverted_cdf")
    np.testing.assert_allclose(values, empirical, atol=1.0)  # integer quantiles, MC error


def test_central_levels_and_interval() -> None:
    assert central_levels(0.95) == (0.025, 0.975)
    assert central_levels(0.99) == (0.005, 0.995)
    assert with_central(HUB_QUANTILES, 0.95) == HUB_QUANTILES
    assert with_central((0.5,), 0.8) == (0.1, 0.5, 0.9)
    table = pd.DataFrame({"q0.1": [1.0], "q0.9": [3.0]})
    table.attrs["level"] = 0.8
    lower, upper = central_interval(table)
    np.testing.assert_array_equal(lower, [1.0])
    np.testing.assert_array_equal(upper, [3.0])
    with pytest.raises(InvalidOptionError, match=r"q0\.025"):
        central_interval(table, 0.95)


def test_relation_ols_log_quantiles_are_the_textbook_t_predictive() -> None:
    # Independent formula: ln y0 ~ xb + t_{n-2} s sqrt(1 + x0 (X'X)^-1 x0') (Seber & Lee 2003).
    ds = sl.load_dataset("allometry/mammals_brain_body")
    x, y = ds.data[ds.meta["x"]].to_numpy(float), ds.data[ds.meta["y"]].to_numpy(float)
    fit = sl.fit_relation(x, y)
    design = np.column_stack([np.ones_like(x), np.log(x)])
    coef, *_ = np.linalg.lstsq(design, np.log(y), rcond=None)
    resid = np.log(y) - design @ coef
    dof = x.size - 2
    s2 = resid @ resid / dof
    new = np.column_stack([np.ones(3), np.log([0.1, 10.0, 1e4])])
    half = np.sqrt(s2 * (1 + np.einsum("ij,jk,ik->i", new, np.linalg.inv(design.T @ design), new)))
    expected = np.exp(new @ coef[:, None] + half[:, None] * stats.t.ppf(HUB_QUANTILES, dof))
    table = fit.predict_quantiles([0.1, 10.0, 1e4])
    got = table[sl.quantiles.quantile_columns()].to_numpy()
    np.testing.assert_allclose(got, expected, rtol=1e-9)
    np.testing.assert_allclose(table["median"], np.exp(new @ coef), rtol=1e-9)


def test_relation_nls_and_poisson_predictive_shapes() -> None:
    rng = np.random.default_rng(4)
    x = np.linspace(1, 10, 60)
    nls = sl.fit_relation(x, 3 * x**0.7 + rng.normal(0, 0.2, x.size), method="nls")
    band = nls.predict_quantiles([5.0], (0.025, 0.975))
    sd = nls.residual_sd  # in y's units; the noise dominates: the band is about +-1.96 s wide
    width = float(band["q0.975"].iloc[0] - band["q0.025"].iloc[0])
    assert 2 * 1.96 * sd < width < 2 * 2.2 * sd
    counts = rng.poisson(2.0 * x**1.1)
    poisson = sl.fit_relation(x, counts, method="poisson")
    table = poisson.predict_quantiles([2.0, 8.0])
    values = table[sl.quantiles.quantile_columns()].to_numpy()
    np.testing.assert_array_equal(values, np.round(values))  # counts
    assert (np.diff(values, axis=1) >= 0).all()


def test_neural_least_squares_covariance_is_the_gauss_newton_one() -> None:
    # Least squares on log L: Huber's covariance reduces to s^2 (J'J)^-1 in the fit space,
    # which scipy's curve_fit reports for the same model (its pcov, absolute_sigma=False).
    from scipy.optimize import curve_fit

    from scalinglaws.neural.forms import FORMS

    rng = np.random.default_rng(5)
    n = np.repeat(np.geomspace(1e7, 1e9, 6), 5)
    d = np.tile(np.geomspace(1e8, 1e10, 5), 6)
    loss = (1.7 + 400 / n**0.34 + 410 / d**0.28) * np.exp(rng.normal(0, 0.01, n.size))
    fit = sl.fit_neural(n, d, loss, objective="least_squares")
    form = FORMS["chinchilla"]
    feats = np.column_stack([np.log(n), np.log(d)])

    def model(_: np.ndarray, *theta: float) -> np.ndarray:
        return np.asarray(form.predict(np.array([theta]), feats)[0])

    theta, pcov = curve_fit(model, None, np.log(loss), p0=fit.theta, xtol=1e-14, ftol=1e-14)
    np.testing.assert_allclose(theta, fit.theta, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(fit.covariance, pcov, rtol=1e-3)


def test_neural_huber_slope_estimate_matches_the_normal_density() -> None:
    # E[psi'] = P(|r| < delta) ~ 2 delta phi(0) / sigma for small delta: the KDE estimate.
    from scalinglaws.neural._analytic import _mean_slope
    from scalinglaws.neural.solver import Penalty

    r = np.random.default_rng(6).normal(0, 0.02, 4000)
    expected = 2 * 1e-3 * stats.norm.pdf(0) / 0.02
    assert _mean_slope(r, Penalty(1e-3)) == pytest.approx(expected, rel=0.05)
    assert _mean_slope(r, Penalty(np.inf)) == pytest.approx(1.0)


def test_neural_analytic_intervals_without_replicates_are_never_empty() -> None:
    data = sl.load_dataset("neural/bnsl_4digit_addition").data
    x = data["train_dataset_size"].to_numpy(float)
    # A power law can follow this curve's sharp drop only by sending E to 0; it says so.
    with pytest.warns(sl.errors.FitWarning, match="E = .* sits at its bound 0"):
        fit = sl.fit_neural(
            np.ones_like(x), x, data["test_cross_entropy"], form="power_offset", variable="D"
        )
    table = fit.conf_int(0.95)
    assert list(table.index) == ["E", "A", "alpha"]
    assert (table["lower"] <= table["estimate"]).all()
    assert (table["estimate"] <= table["upper"]).all()
    assert set(fit.stderr) <= set(fit.params)
    band = fit.predict_quantiles(x[:3], quantiles=(0.1, 0.5, 0.9))
    assert list(band.columns) == ["x", "mean", "median", "q0.1", "q0.5", "q0.9"]


@pytest.mark.parametrize(
    "levels",
    [(0.0, 0.5), (0.5, 1.0), (0.6, 0.4), (0.5, 0.5), (), ("a",), (float("nan"),)],
)
def test_bad_levels_raise_naming_the_problem(levels: tuple[object, ...]) -> None:
    ds = sl.load_dataset("allometry/mammals_brain_body")
    fit = sl.fit_relation(ds.data[ds.meta["x"]], ds.data[ds.meta["y"]])
    with pytest.raises(InvalidOptionError, match="quantiles"):
        fit.predict_quantiles([1.0], levels)


def test_bad_inputs_raise_naming_the_argument() -> None:
    ds = sl.load_dataset("allometry/mammals_brain_body")
    fit = sl.fit_relation(ds.data[ds.meta["x"]], ds.data[ds.meta["y"]])
    with pytest.raises(InvalidInputError, match="x: the relation was fitted on 1"):
        fit.predict_quantiles(np.ones((3, 2)))
    with pytest.raises(InvalidInputError, match="zero or negative"):
        fit.predict_quantiles([-1.0])
    with pytest.raises(InvalidInputError, match="no values"):
        fit.predict_quantiles([])
    census = sl.load_dataset("growth/us_census_1790_2000")
    growth = sl.fit_growth(census.data[census.meta["t"]], census.data[census.meta["y"]])
    with pytest.raises(InvalidInputError, match="after the last observation"):
        growth.predict_quantiles([1950.0], n_boot=20)
    with pytest.raises(InvalidInputError, match="strictly increasing"):
        growth.predict_quantiles([2030.0, 2010.0], n_boot=20)
