"""Every public entry point on awkward input: a result or a scalinglaws error, never a crash.

Each call gets vectors of one common length (0, 1, 2, 3, 5, 12 or 30), each of its
own awkward kind: constant, negative, zeros, with a NaN or an infinity, huge
(~1e300), tiny (~1e-300), mixed signs, integers as floats, duplicated values,
unsorted. The property (issue 21): no exception outside :mod:`scalinglaws.errors`
(a numpy RuntimeWarning counts as one: tests run with warnings as errors) and no
silent NaN or inf in a returned result's params, stderr, predictions or
forecasts (and sl.forecast's table: finite, quantiles not crossing, ensemble weights
summing to one). Examples are derandomized and bounded, so the file runs in seconds.
"""

from __future__ import annotations

import json
import math
import warnings
from collections.abc import Callable, Iterable
from typing import Any

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

import scalinglaws as sl
from scalinglaws.errors import FitWarning, ScalingLawError
from scalinglaws.formulas.neural import chinchilla
from scalinglaws.neural.forms import hoffmann_grid

KINDS = (
    "plain",
    "constant",
    "negative",
    "zeros",
    "nan",
    "inf",
    "huge",
    "tiny",
    "mixed",
    "integers",
    "duplicated",
    "unsorted",
)
LENGTHS = (30, 12, 7, 5, 3, 2, 1, 0)
_STARTS = hoffmann_grid()[::45]  # 100 starts: fit_neural's search, kept quick
_CHINCHILLA = (1.8, 480.0, 2100.0, 0.35, 0.37)  # E, A, B, alpha, beta (Hoffmann et al. 2022)


def awkward(kind: str, base: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """`base` (sensible data for the entry point) turned into one awkward kind."""
    n = base.size
    if kind == "plain" or n == 0:
        return base
    top = float(np.max(np.abs(base))) or 1.0
    out = {
        "constant": np.full(n, base[0]),
        "negative": -base,
        "zeros": np.zeros(n),
        "huge": base / top * 1e300,
        "tiny": base / top * 1e-300,
        "mixed": base * rng.choice([-1.0, 1.0], n),
        "integers": np.floor(base),
        "duplicated": np.sort(rng.choice(base[: max(1, n // 3)], n)),
        "unsorted": rng.permutation(base),
    }.get(kind)
    if out is None:  # one bad value in otherwise good data
        out = base.copy()
        out[int(rng.integers(n))] = np.nan if kind == "nan" else rng.choice([np.inf, -np.inf])
    return np.asarray(out, dtype=np.float64)


def _bases(entry: str, n: int, rng: np.random.Generator) -> list[np.ndarray]:
    """Sensible length-n data for `entry`, before the awkward kinds are applied."""
    if entry == "tail":  # a Pareto sample, alpha = 2.5 (three times the rows: tails need them)
        return [np.sort(rng.pareto(1.5, 3 * n) + 1.0)]
    if entry == "relation":
        x = np.sort(rng.uniform(1.0, 100.0, n))
        return [x, 3.0 * x**0.7 * np.exp(rng.normal(0.0, 0.1, n))]
    if entry == "growth":  # a logistic epidemic: cumulative counts, or their increments
        t = np.arange(n, dtype=np.float64)
        total = np.round(1000.0 / (1.0 + np.exp(-(t - n / 2) / max(n / 6, 0.5))))
        return [t, total if rng.random() < 0.5 else np.diff(total, prepend=0.0)]
    if entry == "runs":  # IsoFLOP-like runs: five sizes per budget
        budget = 10.0 ** (18 + np.arange(n) // 5)
        size = 10.0 ** (7.5 + (np.arange(n) // 5) / 2) * np.geomspace(0.3, 3.0, 5)[np.arange(n) % 5]
        tokens = budget / (6 * size)
        return [size, tokens, chinchilla(size, tokens, *_CHINCHILLA), budget]
    # "curves": three runs, each evaluated at increasing token counts
    run = np.arange(n) % 3
    size = 10.0 ** (7 + run)
    tokens = 10.0 ** (8 + 3 * np.arange(n) / max(n, 1))
    return [run.astype(np.float64), size, tokens, chinchilla(size, tokens, *_CHINCHILLA)]


_SETTINGS = settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
#: Half of the vectors stay plain, so that the deep paths (fits, predictions) run too.
_kinds = st.lists(st.sampled_from(("plain",) * len(KINDS) + KINDS), min_size=4, max_size=4)


def _vectors(entry: str, kinds: list[str], n: int, seed: int) -> list[np.ndarray]:
    rng = np.random.default_rng(seed)
    bases = _bases(entry, n, rng)
    return [awkward(kind, base, rng) for kind, base in zip(kinds[: len(bases)], bases, strict=True)]


def _finite(values: Any, what: str) -> None:
    """Every number finite (None, a refused call, passes: the refusal was in words)."""
    if values is None:
        return
    if isinstance(values, pd.DataFrame):
        values = values.select_dtypes("number").to_numpy(float).ravel()
    array = np.asarray(list(values) if isinstance(values, Iterable) else values, float)
    assert np.isfinite(array).all(), f"non-finite {what}: {array}"


def _guarded(call: Callable[[], Any]) -> Any:
    """call(), or None when it raises a scalinglaws error (FitWarnings are allowed)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FitWarning)
        try:
            result = call()
        except ScalingLawError as error:
            event(f"refused: {type(error).__name__}")
            return None
    event("returned")
    return result


def _check_contract(fit: sl.FitResult) -> None:
    """params and stderr finite; conf_int, summary and to_dict work (JSON-safe)."""
    _finite(fit.params.values(), "params")
    _finite(fit.stderr.values(), "stderr")
    table = _guarded(fit.conf_int)
    if table is not None:
        _finite(table["estimate"], "conf_int estimates")
    assert str(fit.summary())
    json.dumps(fit.to_dict(), allow_nan=False)


@_SETTINGS
@given(n=st.sampled_from(LENGTHS), kinds=_kinds, seed=st.integers(0, 2**16))
def test_fit_tail_fuzz(n: int, kinds: list[str], seed: int) -> None:
    values = _vectors("tail", kinds, n, seed)[0]
    discrete = (None, True, False)[seed % 3]
    fit = _guarded(lambda: sl.fit_tail(values, discrete=discrete))
    if fit is None:
        return
    _check_contract(fit)
    _finite(_guarded(lambda: fit.predict([fit.xmin])), "tail predictions")


@_SETTINGS
@given(
    n=st.sampled_from(LENGTHS),
    kinds=_kinds,
    seed=st.integers(0, 2**16),
    law=st.sampled_from(tuple(sl.relations.LAWS)),
    method=st.sampled_from(sl.relations.METHODS),
)
def test_fit_relation_fuzz(n: int, kinds: list[str], seed: int, law: str, method: str) -> None:
    x, y = _vectors("relation", kinds, n, seed)
    fit = _guarded(
        lambda: sl.fit_relation(x, y, law=law, method=method, drop_nonpositive=seed % 2 == 0)
    )
    if fit is None:
        return
    _check_contract(fit)
    _finite(_guarded(lambda: fit.predict(fit.x)), "relation predictions")
    _finite(_guarded(lambda: fit.predict_quantiles(fit.x)), "relation predictive quantiles")
    _guarded(lambda: fit.test_exponent(1.0, param=fit.spec.exponents[0]))
    booted = _guarded(lambda: fit.with_bootstrap(20, rng=seed, workers=1))
    if booted is not None:
        _finite(booted.conf_int(method="bootstrap"), "bootstrap intervals")
        _finite(booted.stderr.values(), "bootstrap stderr")
        _finite(_guarded(lambda: booted.predict_quantiles(fit.x)), "bootstrap predictive")


@_SETTINGS
@given(
    n=st.sampled_from(LENGTHS),
    kinds=_kinds,
    seed=st.integers(0, 2**16),
    method=st.sampled_from(["ols_log", "nls"]),
)
def test_compare_relations_fuzz(n: int, kinds: list[str], seed: int, method: str) -> None:
    x, y = _vectors("relation", kinds, n, seed)
    result = _guarded(lambda: sl.compare_relations(x, y, method=method, drop_nonpositive=True))
    if result is None:
        return
    table = result.table
    failed = ~np.isfinite(table["aic"].to_numpy(float))
    assert (table["note"][failed] != "").all(), "a law without an AIC must say why"
    json.dumps(result.to_dict(), allow_nan=False)


@_SETTINGS
@given(
    n=st.sampled_from(LENGTHS),
    kinds=_kinds,
    seed=st.integers(0, 2**16),
    law=st.sampled_from(["exponential", "logistic", "gompertz", "richards", "ggm"]),
    errors=st.sampled_from(["auto", "normal", "poisson", "negbin"]),
)
def test_fit_growth_fuzz(n: int, kinds: list[str], seed: int, law: str, errors: str) -> None:
    t, y = _vectors("growth", kinds, n, seed)
    cumulative = bool(np.all(np.diff(y) >= 0)) if seed % 4 else seed % 8 == 0
    fit = _guarded(lambda: sl.fit_growth(t, y, law=law, errors=errors, cumulative=cumulative))
    if fit is None:
        return
    _check_contract(fit)
    _finite(_guarded(lambda: fit.predict(fit.t)), "growth predictions")
    ahead = _guarded(lambda: fit.forecast(float(np.ptp(fit.t)) / 2 or 1.0, n_boot=8, workers=1))
    _finite(ahead, "forecast")


@settings(_SETTINGS, max_examples=100)
@given(
    n=st.sampled_from(LENGTHS),
    kinds=_kinds,
    seed=st.integers(0, 2**16),
    method=st.sampled_from(["ensemble", "naive", "logistic", "ggm"]),
    window=st.sampled_from([None, 2, 5, 40]),
)
def test_forecast_fuzz(n: int, kinds: list[str], seed: int, method: str, window: Any) -> None:
    t, y = _vectors("growth", kinds, n, seed)
    cumulative = bool(seed % 2) and bool(np.all(np.diff(y) >= 0))
    fc = _guarded(
        lambda: sl.forecast(
            t, y, 3, method=method, cumulative=cumulative, window=window, n_boot=8, rng=seed
        )
    )
    if fc is None:
        return
    _check_contract(fc)
    _finite(fc.table.drop(columns="t"), "forecast table")
    levels = fc.table.filter(like="q").to_numpy(float)
    assert np.all(np.diff(levels, axis=1) >= 0), "quantiles must not cross"
    if method == "ensemble":
        assert math.isclose(sum(fc.weights.values()), 1.0, rel_tol=1e-9)


@settings(_SETTINGS, max_examples=60)
@given(n=st.sampled_from(LENGTHS), kinds=_kinds, seed=st.integers(0, 2**16))
def test_fit_neural_fuzz(n: int, kinds: list[str], seed: int) -> None:
    size, tokens, loss, _ = _vectors("runs", kinds, n, seed)
    fit = _guarded(lambda: sl.fit_neural(size, tokens, loss, starts=_STARTS))
    if fit is None:
        return
    _check_contract(fit)
    _finite(_guarded(lambda: fit.predict(fit.N, fit.D)), "neural predictions")
    _finite(_guarded(lambda: fit.compute_optimal([float(np.median(fit.C))])), "optimum")


@_SETTINGS
@given(
    n=st.sampled_from(LENGTHS),
    kinds=_kinds,
    seed=st.integers(0, 2**16),
    with_c=st.booleans(),
)
def test_isoflop_fuzz(n: int, kinds: list[str], seed: int, with_c: bool) -> None:
    size, tokens, loss, budget = _vectors("runs", kinds, n, seed)
    fit = _guarded(lambda: sl.isoflop(size, tokens, loss, C=budget if with_c else None))
    if fit is None:
        return
    _check_contract(fit)
    _finite(_guarded(lambda: fit.predict(fit.budgets[np.isfinite(fit.n_opt)])), "optima")


@_SETTINGS
@given(
    n=st.sampled_from(LENGTHS),
    kinds=_kinds,
    seed=st.integers(0, 2**16),
)
def test_envelope_fuzz(n: int, kinds: list[str], seed: int) -> None:
    run, size, tokens, loss = _vectors("curves", kinds, n, seed)
    fit = _guarded(lambda: sl.envelope(run, size, tokens, loss))
    if fit is None:
        return
    _check_contract(fit)
    _finite(_guarded(lambda: fit.predict(fit.budgets)), "envelope optima")
    assert math.isfinite(fit.log_kn)
