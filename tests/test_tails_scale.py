"""Issue 21 for tails: fit_tail does not care about units, and awkward input never escapes.

Rescaling continuous data by c maps the power law p(x) ~ x^-alpha above x_min to the
same law above c x_min: alpha and n_tail must not move and x_min must scale exactly.
"""

from __future__ import annotations

import warnings

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

import scalinglaws as sl
from scalinglaws.errors import FitWarning, ScalingLawError
from scalinglaws.tails import powerlaw


def quiet(function, *args, **kwargs):  # type: ignore[no-untyped-def]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FitWarning)  # kept on the result's warnings
        return function(*args, **kwargs)


@settings(max_examples=40, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    exponent=st.floats(-300.0, 300.0),
    xmin=st.sampled_from([None, "fixed"]),
)
def test_fit_tail_is_equivariant_to_rescaling(seed: int, exponent: float, xmin: str | None) -> None:
    rng = np.random.default_rng(seed)
    x = powerlaw.sample(
        int(rng.integers(50, 400)), rng.uniform(1.5, 3.5), 1.0, discrete=False, rng=rng
    )
    x = np.concatenate([x, rng.uniform(0.1, 1.0, int(rng.integers(0, 100)))])
    x = x[x < 1e4]  # keep c x a normal float for every c
    c = 10.0**exponent
    fixed = 1.0 if xmin == "fixed" else None
    base = quiet(sl.fit_tail, x, discrete=False, xmin=fixed)
    scaled = quiet(sl.fit_tail, c * x, discrete=False, xmin=None if fixed is None else c * fixed)
    assert scaled.n_tail == base.n_tail
    assert scaled.xmin == c * base.xmin  # the same data point, scaled (exactly)
    assert abs(scaled.alpha - base.alpha) <= 1e-6 * base.alpha
    assert abs(scaled.ks_distance - base.ks_distance) <= 1e-6
    assert abs(scaled.alpha_stderr - base.alpha_stderr) <= 1e-6 * base.alpha_stderr


AWKWARD = st.sampled_from(
    ["empty", "constant", "negative", "nan", "inf", "huge", "tiny", "zeros", "mixed"]
)


def awkward_values(kind: str, rng: np.random.Generator, n: int) -> np.ndarray:
    base = powerlaw.sample(n, 2.5, 1.0, discrete=bool(rng.integers(2)), rng=rng)
    if kind == "empty":
        return np.zeros(0)
    if kind == "constant":
        return np.full(n, 7.0)
    if kind == "negative":
        return -base
    if kind == "nan":
        base[rng.integers(n)] = np.nan
    elif kind == "inf":
        base[rng.integers(n)] = np.inf
    elif kind == "huge":
        base = base * 1e300
    elif kind == "tiny":
        base = base * 1e-300
    elif kind == "zeros":
        base[rng.random(n) < 0.3] = 0.0
    elif kind == "mixed":
        base = base * 10.0 ** rng.uniform(-300, 300, n)
    return base


@settings(max_examples=80, deadline=None)
@given(
    kind=AWKWARD,
    seed=st.integers(0, 2**32 - 1),
    n=st.integers(1, 300),
    drop=st.booleans(),
    with_counts=st.booleans(),
)
def test_awkward_input_gives_a_result_or_a_scalinglaws_error(
    kind: str, seed: int, n: int, drop: bool, with_counts: bool
) -> None:
    rng = np.random.default_rng(seed)
    values = awkward_values(kind, rng, n)
    counts = rng.integers(0, 4, values.size) if with_counts else None
    try:
        fit = quiet(sl.fit_tail, values, counts, drop_nonpositive=drop)
    except ScalingLawError:
        return
    numbers = [fit.alpha, fit.xmin, fit.alpha_stderr, fit.ks_distance, fit.log_likelihood]
    assert np.all(np.isfinite(numbers)), numbers
    assert fit.alpha > 1
    for name in ("lognormal", "exponential"):
        try:
            result = fit.compare(name)
        except ScalingLawError:  # e.g. FitError: no finite fit over 600 decades
            continue
        assert np.isfinite(result.ratio)
        assert 0 <= result.p_value <= 1
        assert all(np.isfinite(v) for v in result.alternative_stderr.values())


@settings(max_examples=40, deadline=None)
@given(kind=AWKWARD, seed=st.integers(0, 2**32 - 1), n=st.integers(3, 40))
def test_awkward_histograms_give_a_result_or_a_scalinglaws_error(
    kind: str, seed: int, n: int
) -> None:
    rng = np.random.default_rng(seed)
    edges = np.sort(np.abs(awkward_values(kind, rng, n)))
    counts = rng.integers(0, 50, max(edges.size - 1, 0))
    try:
        fit = quiet(sl.fit_tail_binned, edges, counts)
    except ScalingLawError:
        return
    assert np.isfinite([fit.alpha, fit.xmin, fit.ks_distance]).all()
