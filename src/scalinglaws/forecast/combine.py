"""Ensemble arithmetic: member weights and the two ways of combining predictive quantiles.

Every member forecast is a table of quantiles q_m(tau_j) on one grid of levels
tau_1 < ... < tau_J, read as the distribution whose quantile function
interpolates them linearly and is flat beyond the outer levels (the mass below
tau_1 sits at q(tau_1), the mass above tau_J at q(tau_J)): the convention of
:func:`scalinglaws.scoring.crps_quantiles`.

Weights (pure functions of the members' scores):

* :func:`akaike_weights`: w_m proportional to exp(-Delta_m / 2), Delta_m the
  member's AICc minus the smallest (Burnham & Anderson 2002, sec. 2.9; Chowell
  et al. 2022 weight their ensemble sub-epidemic models this way);
* :func:`inverse_score_weights`: w_m proportional to 1 / S_m for a past mean
  score S_m (the WIS), the inverse-score weighting of the hubs' weighted
  ensembles (Ray et al. 2023).

Combinations:

* :func:`vincentize`: the quantile average Q(tau) = sum_m w_m Q_m(tau)
  (Vincent 1912; Genest 1992), the rule of the forecast hubs' mean ensemble;
  it keeps the members' typical spread and moves the location;
* :func:`mixture`: the probability mixture F(x) = sum_m w_m F_m(x) (the
  "linear opinion pool", Stone 1961), evaluated exactly on a stratified grid of
  each member's quantile function; it is wider than any member when the members
  disagree, which is how Chowell's ensembles pool their members' bootstrap curves.

* :func:`weighted_median`: the weighted median of the members' quantiles at
  each level, the rule of the European hub's ensemble since 2021-07 (Sherratt et
  al. 2023): one wild member cannot move it.

All three give mean = sum_m w_m mean_m.

References
----------
Burnham, K. P. & Anderson, D. R. (2002). *Model Selection and Multimodel
Inference*, 2nd ed. Springer.
Chowell, G., Dahal, S., Tariq, A., Roosa, K., Hyman, J. M. & Luo, R. (2022). An
ensemble n-sub-epidemic modeling framework for short-term forecasting epidemic
trajectories. *PLoS Comput. Biol.* 18(10), e1010602.
Genest, C. (1992). Vincentization revisited. *Ann. Statist.* 20(2), 1137-1142.
Ray, E. L. et al. (2023). Comparing trained and untrained probabilistic ensemble
forecasts of COVID-19 cases and deaths in the United States. *Int. J. Forecast.*
39(3), 1366-1383.
Sherratt, K. et al. (2023). Predictive performance of multi-model ensemble
forecasts of COVID-19 across European nations. *eLife* 12, e81916.
Stone, M. (1961). The opinion pool. *Ann. Math. Statist.* 32(4), 1339-1342.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal, get_args

import numpy as np
import numpy.typing as npt

from scalinglaws._types import FloatArray
from scalinglaws.errors import InvalidInputError

__all__ = [
    "COMBINATIONS",
    "MIXTURE_POINTS",
    "akaike_weights",
    "combine",
    "inverse_score_weights",
    "level_columns",
    "mixture",
    "quantile_function",
    "vincentize",
    "weighted_median",
]

#: How an ensemble combines its members' quantiles.
Combination = Literal["vincent", "mixture", "median"]
COMBINATIONS: tuple[Combination, ...] = get_args(Combination)
#: Stratified points per member at which a mixture evaluates each quantile function.
MIXTURE_POINTS = 2000


def _normalised(raw: FloatArray, what: str) -> FloatArray:
    total = float(raw.sum())
    if not np.isfinite(total) or total <= 0:
        raise InvalidInputError(f"{what}: no member has a usable score, so no weights exist.")
    return np.asarray(raw / total, dtype=np.float64)


def akaike_weights(aicc: npt.ArrayLike) -> FloatArray:
    """Akaike weights exp(-Delta_m / 2) / sum, Delta_m = AICc_m - min AICc (non-finite: 0)."""
    values = np.asarray(aicc, dtype=np.float64)
    finite = np.isfinite(values)
    if not finite.any():
        raise InvalidInputError("aicc: no member has a finite AICc, so no weights exist.")
    delta = np.where(finite, values - values[finite].min(), np.inf)
    return _normalised(np.exp(-0.5 * delta), "aicc")


def inverse_score_weights(scores: npt.ArrayLike) -> FloatArray:
    """Weights 1 / S_m normalised (non-finite: 0; a zero score takes all the weight)."""
    values = np.asarray(scores, dtype=np.float64)
    finite = np.isfinite(values) & (values >= 0)
    if not finite.any():
        raise InvalidInputError("scores: no member has a finite past score, so no weights exist.")
    perfect = finite & (values == 0)
    if perfect.any():
        return _normalised(perfect.astype(np.float64), "scores")
    return _normalised(np.where(finite, 1.0 / np.where(finite, values, 1.0), 0.0), "scores")


def level_columns(levels: npt.ArrayLike, wanted: Iterable[float]) -> list[int]:
    """The position in ``levels`` of the level nearest each of ``wanted``.

    Parameters
    ----------
    levels : array_like of float
        A grid of quantile levels (the members' common grid).
    wanted : iterable of float
        The levels to look up.

    Returns
    -------
    list of int
        One column index per wanted level.
    """
    grid = np.asarray(levels)
    return [int(np.argmin(np.abs(grid - level))) for level in wanted]


def quantile_function(levels: FloatArray, values: FloatArray, u: FloatArray) -> FloatArray:
    """The quantile function Q(u) of each row of ``values``.

    ``values`` is (S, J), at ``levels``; Q is interpolated linearly in the level and flat
    beyond the outer levels. Shape (S, len(u)).
    """
    return np.stack([np.interp(u, levels, row) for row in values])


def vincentize(weights: FloatArray, quantiles: FloatArray) -> FloatArray:
    """The quantile average sum_m w_m Q_m(tau): ``quantiles`` (M, S, J) -> (S, J)."""
    return np.asarray(np.tensordot(weights, quantiles, axes=1), dtype=np.float64)


def weighted_median(weights: FloatArray, quantiles: FloatArray) -> FloatArray:
    """The weighted median over members of each quantile: (M, S, J) -> (S, J).

    At each (step, level) the members' values are sorted and the value where the
    cumulative weight first reaches 1/2 is taken, averaged with the next one when
    it reaches exactly 1/2 (so equal weights on an even number of members give the
    usual midpoint median). Members of weight 0 are dropped first, so "the next
    one" is always a member that counts. Monotone in the level, as every member is.
    """
    counted = weights > 0
    weights, quantiles = weights[counted], quantiles[counted]
    order = np.argsort(quantiles, axis=0, kind="stable")
    values = np.take_along_axis(quantiles, order, axis=0)
    cumulative = np.cumsum(weights[order], axis=0)
    tolerance = 1e-12
    first = np.argmax(cumulative >= 0.5 - tolerance, axis=0)
    low = np.take_along_axis(values, first[None], axis=0)[0]
    exact = np.abs(np.take_along_axis(cumulative, first[None], axis=0)[0] - 0.5) <= tolerance
    after = np.minimum(first + 1, quantiles.shape[0] - 1)
    high = np.take_along_axis(values, after[None], axis=0)[0]
    return np.asarray(np.where(exact, (low + high) / 2.0, low), dtype=np.float64)


def mixture(
    weights: FloatArray,
    levels: FloatArray,
    quantiles: FloatArray,
    out_levels: FloatArray,
    points: int = MIXTURE_POINTS,
) -> FloatArray:
    """Quantiles at ``out_levels`` of the mixture sum_m w_m F_m: (M, S, J) -> (S, K).

    Each member's quantile function is evaluated at the stratified levels
    u_i = (i + 1/2) / points; the mixture is then the discrete distribution with
    mass w_m / points on each Q_m(u_i), and its quantile at tau is the smallest
    point whose cumulative mass reaches tau (the exact mixture up to a level error
    of 1 / (2 points)).
    """
    u = (np.arange(points) + 0.5) / points
    members, steps, _ = quantiles.shape
    out = np.empty((steps, out_levels.size))
    mass = np.repeat(weights / points, points)  # (M * points,)
    for s in range(steps):
        xs = np.concatenate([np.interp(u, levels, quantiles[m, s]) for m in range(members)])
        order = np.argsort(xs, kind="stable")
        cumulative = np.cumsum(mass[order])
        cumulative /= cumulative[-1]
        index = np.searchsorted(cumulative, out_levels - 1e-12, side="left")
        out[s] = xs[order][np.minimum(index, xs.size - 1)]
    return out


def combine(
    weights: FloatArray,
    levels: FloatArray,
    quantiles: FloatArray,
    means: FloatArray,
    out_levels: FloatArray,
    how: str,
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """``(mean, median, quantiles at out_levels)`` of the weighted members.

    ``levels`` (J,) is the members' common grid; it must contain 0.5 and every
    level of ``out_levels`` when ``how="vincent"``.
    """
    mean = np.asarray(np.tensordot(weights, means, axes=1), dtype=np.float64)
    wanted = np.append(out_levels, 0.5)
    columns = level_columns(levels, wanted)
    if how == "vincent":
        averaged = vincentize(weights, quantiles)[:, columns]
    elif how == "median":
        averaged = weighted_median(weights, quantiles[:, :, columns])
    else:
        averaged = mixture(weights, levels, quantiles, wanted)
    return mean, averaged[:, -1], averaged[:, :-1]
