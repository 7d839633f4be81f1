"""Fixed exponents (issue 14, item 4): borrow alpha and beta from one family to
predict another family's largest model from two of its small models."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

import scalinglaws as sl
from scalinglaws.errors import InvalidOptionError
from scalinglaws.formulas import neural as law
from scalinglaws.results import FitResult

ALPHA, BETA = 0.34, 0.28


def family(E: float, A: float, B: float, sizes: np.ndarray, seed: int) -> tuple[np.ndarray, ...]:
    """Runs of one model family on L = E + A/N^0.34 + B/D^0.28, 0.3% log-normal noise."""
    rng = np.random.default_rng(seed)
    n = np.repeat(sizes, 4)
    d = np.tile(np.geomspace(1e9, 3e10, 4), sizes.size)
    loss = law.chinchilla(n, d, E, A, B, ALPHA, BETA)
    return n, d, loss * np.exp(rng.normal(0, 0.003, n.size))


def test_borrowed_exponents_predict_a_new_familys_largest_model() -> None:
    """Family 1 (8 sizes) gives alpha and beta; family 2 (other E, A, B) is fitted on its
    two smallest models with those exponents fixed and predicts its 3e9 model (50 times
    larger). Over 5 seeds the prediction is within 2%, and the free fit of the same 8
    runs (5 parameters from two sizes) misses by more than 3 times as much on average."""
    fixed_errors, free_errors = [], []
    for seed in range(5):
        donor = sl.fit_neural(*family(1.7, 400.0, 1500.0, np.geomspace(1e7, 1e9, 8), seed))
        borrowed = {"alpha": donor.params["alpha"], "beta": donor.params["beta"]}
        n, d, loss = family(2.1, 650.0, 900.0, np.array([2e7, 6e7]), 100 + seed)
        fit = sl.fit_neural(n, d, loss, fixed=borrowed)
        assert fit.params["alpha"] == borrowed["alpha"]
        assert fit.conf_int().loc["alpha", "lower"] == borrowed["alpha"]
        truth = float(law.chinchilla(3e9, 6e10, 2.1, 650.0, 900.0, ALPHA, BETA))
        fixed_errors.append(abs(float(fit.predict(3e9, 6e10)[0]) / truth - 1))
        with warnings.catch_warnings():  # two sizes may leave a term unidentified
            warnings.simplefilter("ignore", sl.errors.FitWarning)
            free = sl.fit_neural(n, d, loss)
        free_errors.append(abs(float(free.predict(3e9, 6e10)[0]) / truth - 1))
    # Measured: fixed 0.2-1.4%, free 4-33%. The bound is the 2% target; the
    # donor's exponent error (~0.01) over log(3e9 / 6e7) ~ 3.9 explains the 1.4%.
    assert max(fixed_errors) < 0.02
    assert np.mean(free_errors) > 3 * np.mean(fixed_errors)


def test_fixed_parameters_round_trip_and_bootstrap() -> None:
    n, d, loss = family(1.7, 400.0, 1500.0, np.geomspace(1e7, 1e9, 6), 0)
    fit = sl.fit_neural(n, d, loss, fixed={"alpha": ALPHA})
    assert fit.params["alpha"] == ALPHA
    assert fit.params["beta"] == pytest.approx(BETA, abs=0.02)
    boot = fit.with_bootstrap(20, rng=0, workers=1)
    assert boot.boot is not None
    assert np.all(boot.boot.samples[:, 3] == ALPHA)  # every replicate holds alpha
    assert "fixed" in str(fit.summary())
    again = FitResult.from_dict(fit.to_dict())
    assert isinstance(again, sl.NeuralFit)
    assert again.fixed == {"alpha": ALPHA}
    assert again.params == fit.params


def test_only_exponents_can_be_fixed() -> None:
    n, d, loss = family(1.7, 400.0, 1500.0, np.geomspace(1e7, 1e9, 4), 0)
    with pytest.raises(InvalidOptionError, match="'E' cannot be fixed"):
        sl.fit_neural(n, d, loss, fixed={"E": 1.7})
    with pytest.raises(InvalidOptionError, match="fixed"):
        sl.fit_neural(n, d, loss, fixed={"alpha": float("nan")})


def test_bounds_confine_an_exponent_and_say_when_it_sits_at_one() -> None:
    n, d, loss = family(1.7, 400.0, 1500.0, np.geomspace(1e7, 1e9, 6), 0)
    inside = sl.fit_neural(n, d, loss, bounds={"alpha": (0.2, 0.6)})  # truth 0.34: no warning
    assert inside.params["alpha"] == pytest.approx(ALPHA, abs=0.02)
    assert inside.warnings == ()
    with pytest.warns(sl.errors.FitWarning, match="alpha = .* sits at its bound 0.4"):
        pushed = sl.fit_neural(n, d, loss, bounds={"alpha": (0.4, 0.8)})
    assert 0.4 <= pushed.params["alpha"] <= 0.4 + 1e-4 * 0.4
    boot = pushed.with_bootstrap(20, rng=0, workers=1)
    assert boot.boot is not None
    assert (boot.boot.samples[:, 3] >= 0.4).all()
    again = FitResult.from_dict(pushed.to_dict())
    assert isinstance(again, sl.NeuralFit)
    assert again.bounds == {"alpha": (0.4, 0.8)}
    with pytest.raises(InvalidOptionError, match="low < high"):
        sl.fit_neural(n, d, loss, bounds={"alpha": (0.6, 0.2)})
