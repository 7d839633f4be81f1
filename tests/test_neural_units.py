"""fit_neural does not care about units (issue 21): equivariance and awkward input.

Rescaling N by c, D by c' and L by d must leave the exponents as they are (to
1e-6) and move the scale parameters exactly as the law says (A -> A d c^alpha,
B -> B d c'^beta, E -> E d); where float64 cannot hold the rescaled parameters
the fit says so with a clear error. Awkward input ends in a scalinglaws error or
a finite result, never another exception or a NaN.
"""

from __future__ import annotations

import functools
import math
import warnings

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, event, example, given, settings
from hypothesis import strategies as st

import scalinglaws as sl
from scalinglaws.errors import FitWarning, InvalidInputError, ScalingLawError
from scalinglaws.formulas import neural as law
from scalinglaws.neural.forms import FORMS

LOG10 = math.log(10.0)


def ladder(seed: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """36 runs of a Chinchilla-like law (Hoffmann et al. 2022 magnitudes), 1% noise."""
    rng = np.random.default_rng(seed)
    n = np.repeat(np.geomspace(1e7, 3e9, 6), 6)
    d = np.tile(np.geomspace(2e8, 2e11, 6), 6)
    loss = law.chinchilla(n, d, 1.8, 480.0, 2100.0, 0.35, 0.37) * np.exp(rng.normal(0, 0.01, 36))
    return n, d, loss


@functools.cache
def base_fit() -> sl.NeuralFit:
    return sl.fit_neural(*ladder())


def _expected(fit: sl.NeuralFit, log_c: float, log_c_d: float, log_d: float) -> dict[str, float]:
    """The base fit's parameters in the new units, computed in logarithms."""
    p = fit.params
    return {
        "log E": math.log(p["E"]) + log_d,
        "log A": math.log(p["A"]) + log_d + p["alpha"] * log_c,
        "log B": math.log(p["B"]) + log_d + p["beta"] * log_c_d,
    }


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    u_n=st.floats(-300, 300),
    u_d=st.floats(-300, 300),
    u_l=st.floats(-300, 300),
)
@example(u_n=3.0, u_d=-3.0, u_l=0.0)  # thousands of parameters, tokens in thousands
@example(u_n=-250.3, u_d=200.7, u_l=150.2)
@example(u_n=-300.0, u_d=-20.0, u_l=300.0)  # A c^alpha d is fine, E d ~ 1.8e300
@example(u_n=280.1, u_d=-290.0, u_l=-290.5)  # B c'^beta d underflows float64
def test_fit_is_equivariant_to_units(u_n: float, u_d: float, u_l: float) -> None:
    n, d, loss = ladder()
    # N c and D c' must be numbers (below 1.8e308), and so must C = 6 N D.
    assume(u_n < 298 and u_d < 297 and -305 < u_n + u_d < 286)
    base = base_fit()
    expected = _expected(base, u_n * LOG10, u_d * LOG10, u_l * LOG10)
    decades = [v / LOG10 for v in expected.values()]  # log10 of E, A, B in the new units
    data = (n * 10.0**u_n, d * 10.0**u_d, loss * 10.0**u_l)
    # float64 holds 2.2e-308 to 1.8e308 (subnormals down to 4.9e-324, imprecisely)
    if max(decades) > 308.3 or min(decades) < -323.3:
        with pytest.raises(InvalidInputError, match="rescale the columns"):
            sl.fit_neural(*data)
        return
    try:
        fit = sl.fit_neural(*data)
    except InvalidInputError:
        assert max(decades) > 300 or min(decades) < -300  # refused only at float64's edge
        return
    assert fit.objective == pytest.approx(base.objective, rel=1e-9)
    assert fit.params["alpha"] == pytest.approx(base.params["alpha"], rel=1e-6)
    assert fit.params["beta"] == pytest.approx(base.params["beta"], rel=1e-6)
    for name in ("E", "A", "B"):
        if fit.params[name] >= 1e-300:  # normal numbers: full precision
            assert math.log(fit.params[name]) == pytest.approx(expected[f"log {name}"], abs=1e-6)


def test_parameters_beyond_float64_are_a_clear_error() -> None:
    """A steep law (alpha = 2.5) with N in units of 1e-290: A c^alpha is 1e-725."""
    n, d, _ = ladder()
    loss = law.chinchilla(n, d, 1.8, 4e20, 2100.0, 2.5, 0.37)
    assert sl.fit_neural(n, d, loss).params["alpha"] == pytest.approx(2.5, rel=1e-6)
    with pytest.raises(InvalidInputError, match="rescale the columns"):
        sl.fit_neural(n * 1e-290, d, loss)


def _runs(form: str) -> tuple[np.ndarray, np.ndarray, np.ndarray, dict[str, object]]:
    """A well-posed data set for each form, and its keyword arguments."""
    if form == "power_offset":  # L = E + A / D^alpha, 1% noise
        x = np.geomspace(1e8, 1e12, 30)
        loss = law.power_offset(x, 1.7, 300.0, 0.3) * np.exp(
            np.random.default_rng(3).normal(0, 0.01, 30)
        )
        return np.ones_like(x), x, loss, {"variable": "D"}
    if form in ("power", "m4"):  # 1% noise on a plain power law, on M4 (Alabdulmohsin et al.)
        x = np.geomspace(1e8, 1e12, 30)
        exact = law.power(x, 300.0, 0.3) if form == "power" else law.m4(x, 1.5, 6.0, 2e3, -0.4, 0.8)
        loss = exact * np.exp(np.random.default_rng(3).normal(0, 0.01, 30))
        return np.ones_like(x), x, loss, {"variable": "D"}
    if form == "bnsl":  # Caballero et al.'s 4-digit addition curve, X = D
        data = sl.load_dataset("neural/bnsl_4digit_addition").data
        x = data["train_dataset_size"].to_numpy(float)
        loss = data["test_cross_entropy"].to_numpy(float)
        return np.ones_like(x), x, loss, {"variable": "D"}
    n, d, loss = ladder(1)
    if form == "data_constrained":  # U unique tokens, some runs repeating them
        epochs = np.random.default_rng(2).permutation(np.tile([1.0, 1.0, 2.0, 4.0, 8.0, 16.0], 6))
        unique = d / epochs
        loss = law.data_constrained(n, d, unique, 1.8, 480.0, 2100.0, 0.35, 0.37, 5.0)
        return (
            n,
            d,
            loss * np.exp(np.random.default_rng(2).normal(0, 0.01, 36)),
            {"unique_tokens": unique},
        )
    return n, d, loss, {}


@pytest.mark.parametrize("form", sorted(FORMS))
def test_every_form_is_equivariant(form: str) -> None:
    spec = FORMS[form]
    n, d, loss, kw = _runs(form)
    # Kaplan's Nc moves as d^(1/alpha_N) with L -> d L: L in units 1e80 apart would put it
    # at 10^(-800), beyond float64 (the clear error of the test above); M4's beta moves as
    # d^(1 - alpha) likewise.
    far = form not in ("kaplan", "m4")
    scale_n, scale_d, scale_l = 1e-120, 10**45.5, (1e-80 if far else 10.0)
    base = sl.fit_neural(n, d, loss, form=form, **kw)  # type: ignore[arg-type]
    if "unique_tokens" in kw:
        kw["unique_tokens"] = np.asarray(kw["unique_tokens"]) * scale_d
    moved = sl.fit_neural(n * scale_n, d * scale_d, loss * scale_l, form=form, **kw)  # type: ignore[arg-type]
    shifts = {1: [math.log(scale_d)], 2: [math.log(scale_n), math.log(scale_d)]}
    shifts[3] = [math.log(scale_n), math.log(scale_d), 0.0]
    expected = spec.rescale(base.theta, np.array(shifts[spec.n_features]), math.log(scale_l))
    # theta holds logarithms of the scale parameters and the exponents themselves
    np.testing.assert_allclose(moved.theta, expected, rtol=1e-6, atol=1e-6)
    assert moved.objective == pytest.approx(base.objective, rel=1e-8)


AWKWARD = st.one_of(
    st.floats(1e-3, 1e12),
    st.sampled_from([0.0, -1.0, np.nan, np.inf, -np.inf, 1e300, 1e-300, 5e-324, 1.7e308]),
    st.floats(allow_nan=True, allow_infinity=True),
)


def _column(size: int) -> st.SearchStrategy[list[float]]:
    """A column of `size` values: positive at any magnitude (the fit must run), one
    value repeated, or anything at all (the fit must refuse it clearly)."""
    magnitudes = st.floats(-300, 300).map(lambda u: 10.0**u)
    positive = st.floats(-300, 300).flatmap(
        lambda centre: st.lists(
            st.floats(-3, 3).map(lambda u: 10.0 ** (centre + u)), min_size=size, max_size=size
        )
    )
    return st.one_of(
        positive,
        positive,
        positive,
        magnitudes.map(lambda value: [value] * size),
        st.lists(AWKWARD, min_size=size, max_size=size),
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    columns=st.one_of(st.integers(0, 6), st.integers(7, 14), st.integers(7, 14)).flatmap(
        lambda size: st.tuples(*[_column(size)] * 4)
    ),
    form=st.sampled_from(sorted(FORMS)),
    variable=st.sampled_from(["N", "D", "C"]),
)
def test_awkward_input_is_a_scaling_law_error_or_a_finite_fit(
    columns: tuple[list[float], ...], form: str, variable: str
) -> None:
    n, d, loss, unique = (np.array(column, dtype=np.float64) for column in columns)
    with np.errstate(all="ignore"):  # C = 6 N D beyond float64 is prepare_runs' check
        budget = 6.0 * n * d
    assume(
        not np.any(
            (n > 0) & (d > 0) & np.isfinite(n) & np.isfinite(d) & ~(budget > 1e-300)
            | (budget > 1e300)
        )
    )
    kw: dict[str, object] = {"form": form}
    if FORMS[form].n_features == 1:
        kw["variable"] = variable
    if form == "data_constrained":
        kw["unique_tokens"] = np.minimum(unique, d) if unique.size == d.size else unique
    try:
        with warnings.catch_warnings():  # a fit that warns about itself is a fit
            warnings.simplefilter("ignore", FitWarning)
            fit = sl.fit_neural(n, d, loss, **kw)  # type: ignore[arg-type]
    except ScalingLawError as error:
        event(type(error).__name__)
        return
    event("fitted")
    assert np.isfinite(list(fit.params.values())).all()
    assert np.isfinite(fit.objective)
    assert np.isfinite(fit.residuals()).all()
