"""The special functions behind the tail families, against mpmath and direct sums."""

from __future__ import annotations

import math

import mpmath
import numpy as np
import pytest

from scalinglaws.tails import lognormal_tail, powerlaw, stretched
from scalinglaws.tails.expint import log_expint


@pytest.mark.parametrize("order", [-0.5, 0.3, 1.0, 1.5, 1.99995, 2.0, 2.5, 3.7, 8.0, 15.3])
def test_log_expint_matches_mpmath(order: float) -> None:
    z = np.concatenate([np.geomspace(1e-8, 0.999, 25), np.geomspace(1.0, 1e4, 25)])
    expected = [float(mpmath.log(mpmath.expint(order, v))) for v in z]
    np.testing.assert_allclose(log_expint(order, z), expected, rtol=1e-12, atol=1e-12)


def test_log_hurwitz_where_zeta_underflows() -> None:
    alpha = np.array([2.5, 30.0, 30.0, 12.0])
    q = np.array([7.0, 1e10, 3e12, 1e40])
    expected = [float(mpmath.log(mpmath.zeta(a, x))) for a, x in zip(alpha, q, strict=True)]
    np.testing.assert_allclose(powerlaw.log_hurwitz(alpha, q), expected, rtol=1e-13)


def reference_sum(log_f: object, xmin: float) -> float:
    """ln sum_{k >= x_min} f(k): 2 million terms added exactly (math.fsum), the rest as
    mpmath's integral plus the first Euler-Maclaurin terms at N = 2e6, where f is
    smooth to far below double precision."""
    n = 2_000_000.0
    k = np.arange(xmin, n)
    head = math.fsum(np.exp(log_f(k)))  # type: ignore[operator]

    def f(x: object) -> object:
        return mpmath.exp(log_f(np.array([float(x)]))[0])  # type: ignore[operator, arg-type]

    tail = mpmath.quad(f, [n, mpmath.inf]) + f(n) / 2 - mpmath.diff(f, n) / 12  # type: ignore[operator]
    return math.log(head + float(tail))


@pytest.mark.parametrize(("beta", "kappa"), [(-1.5, 0.0), (-0.5, 0.05), (1.0, 0.4)])
def test_discrete_lognormal_normaliser(beta: float, kappa: float) -> None:
    xmin = 3.0

    def log_f(x: np.ndarray) -> np.ndarray:
        t = np.log(x / xmin)
        return -kappa * t**2 + beta * t - np.log(x)

    ours = lognormal_tail.log_discrete_sum(np.array([xmin]), beta, kappa, xmin)[0]
    assert ours == pytest.approx(reference_sum(log_f, xmin), abs=1e-12)


@pytest.mark.parametrize(("a", "beta"), [(1.5, 0.3), (0.8, 1.0), (1.2, 0.0)])
def test_discrete_stretched_exponential_normaliser(a: float, beta: float) -> None:
    xmin = 3.0

    def log_f(x: np.ndarray) -> np.ndarray:
        u = np.log(x / xmin)
        return (beta - 1) * u - a * (u if beta == 0 else np.expm1(beta * u) / beta)

    ours = stretched.log_discrete_sum(np.array([xmin]), a, beta, xmin)[0]
    assert ours == pytest.approx(reference_sum(log_f, xmin), abs=1e-12)
