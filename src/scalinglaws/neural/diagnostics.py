"""Why a neural fit may not deserve trust: the reasons behind ``NeuralFit.warnings``.

Each function returns sentences (empty when all is well); the fit stores them with
:func:`scalinglaws.results.flag`, which also emits each as a ``FitWarning``. The
rules, all documented in ``docs/neural.md``:

* **A parameter at a bound.** The fit space has no bounds, but a law does: a scale
  parameter (E, A, B, ...) whose term contributes under ``VANISHED`` (1e-6) of the
  predicted log loss at every run is at its bound 0 (the search drives such a term
  to log scale -inf; E = 7e-63 is E = 0); an exponent (alpha, beta, alpha_N,
  alpha_D) at or below ``FLAT_EXPONENT`` (0.01) makes its term all but constant
  over the runs, confounded with E, or rising with the resource.
* **Few starts in the best basin.** Fewer than ``BASIN_MIN`` (3) of the starts the
  search carried to the end reach the best optimum (fewer than all, when a user
  passes fewer than 3 starts): a basin that narrow may be a
  fluke of the grid, and a better one may exist that no start found.
* **A decade-wide bootstrap spread.** The 95% range of the replicates' compute-
  optimal N or tokens per parameter at the runs' largest budget spans more than a
  factor ``DECADE`` (10): the allocation is not identified by these runs.
* **compute_optimal outside the data.** A budget more than ``EXTRAPOLATION``
  (1,000) times the largest run's C or below the smallest's, or an optimal tokens
  per parameter outside the range of D / N the runs cover (the law was never
  checked at that allocation).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from scalinglaws._types import FloatArray
from scalinglaws.neural.forms import Form

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

__all__ = [
    "BASIN_MIN",
    "DECADE",
    "EXPONENTS",
    "EXTRAPOLATION",
    "FLAT_EXPONENT",
    "VANISHED",
    "basin_reasons",
    "bound_reasons",
    "budget_reasons",
    "envelope_reasons",
    "frontier_spread_reasons",
    "optimal_range_reasons",
    "profile_reasons",
    "spread_reasons",
]

VANISHED = 1e-6  # largest change of log Lhat over the runs when a term is removed
FLAT_EXPONENT = 0.01  # an exponent at or below this is at its bound 0
EXPONENTS = ("alpha", "beta", "alpha_N", "alpha_D")
BASIN_MIN = 3  # fewer starts than this in the best basin is a fragile optimum
DECADE = 10.0  # ratio of the 97.5% to the 2.5% bootstrap quantile
EXTRAPOLATION = 1e3  # budgets beyond this factor over the runs' largest C


def bound_reasons(
    form: Form, theta: FloatArray, feats: FloatArray, params: dict[str, float]
) -> list[str]:
    """Parameters at a bound: a term that has vanished, or an exponent at 0 or below.

    `theta` and `feats` are in the solver's frame (any frame where the form
    predicts; the removal of a term is unit-free); `params` are the natural
    parameters in the user's units, for the messages.
    """
    reasons = []
    with np.errstate(all="ignore"):
        point = form.predict(theta[None, :], feats)[0]
        for index in form.log_scales:
            without = theta.copy()
            without[index] = -np.inf
            change = np.abs(form.predict(without[None, :], feats)[0] - point)
            if np.isfinite(change).all() and float(change.max()) < VANISHED:
                name = _scale_name(form, index)
                reasons.append(
                    f"{name} = {params.get(name, 0.0):.3g} sits at its bound 0 (its term "
                    f"changes the log loss by under {VANISHED:g} at every run): the runs do "
                    "not identify it; add runs where that term matters, or fix it."
                )
    for name, value in params.items():
        if form.name == "m4" and name == "alpha" and value <= FLAT_EXPONENT:
            reasons.append(
                f"alpha = {value:.3g} sits at its bound 0 (at or below {FLAT_EXPONENT}): M4 "
                "reduces to the power law with offset L_inf + beta x^c here, and L_0 is not "
                "identified; fit form='power_offset'."
            )
        # an exponent of the law (M4's beta is a coefficient, its alpha a log-scale)
        if name in EXPONENTS and name in form.theta_names and value <= FLAT_EXPONENT:
            reasons.append(
                f"{name} = {value:.3g} sits at its bound 0 (at or below {FLAT_EXPONENT}): the "
                "term barely changes over the runs and trades off against the others; "
                "add runs that vary this resource more, or fix the exponent."
            )
    return reasons


def _scale_name(form: Form, index: int) -> str:
    """The natural name of the scale parameter at fit-space position `index`."""
    theta_name = form.theta_names[index]
    by_fit = {"a": "A", "b": "B", "e": "E", "log_Nc": "Nc", "log_Dc": "Dc"}
    return by_fit.get(theta_name, theta_name.removeprefix("log_"))


def basin_reasons(n_starts: int, n_best_basin: int) -> list[str]:
    """Too few starts of the global search reach the best optimum."""
    if n_best_basin >= min(BASIN_MIN, n_starts):  # every one of a few given starts agrees
        return []
    return [
        f"only {n_best_basin} of {n_starts} starts reached the best basin (fewer than "
        f"{BASIN_MIN}): the optimum is fragile and a better one may exist; compare "
        "fit.candidates, or pass starts= around plausible values."
    ]


def _ratio(values: FloatArray) -> float:
    finite = values[np.isfinite(values) & (values > 0)]
    if finite.size < 2:
        return float("inf")
    low, high = np.quantile(finite, [0.025, 0.975])
    return float(high / low)


def spread_reasons(samples: FloatArray, budget: float, flops_per_token: float) -> list[str]:
    """A bootstrap whose compute-optimal N or tokens per parameter spans over a decade.

    `samples` (B, 5) are replicates of (E, A, B, alpha, beta); `budget` is the runs'
    largest C.
    """
    _, big_a, big_b, alpha, beta = samples.T
    with np.errstate(all="ignore"):  # Hoffmann et al. (2022, eq. 4), per replicate
        log_g = (np.log(alpha * big_a) - np.log(beta * big_b)) / (alpha + beta)
        log_budget = np.log(budget / flops_per_token)
        n_opt = np.exp(log_g + beta / (alpha + beta) * log_budget)
        d_opt = np.exp(alpha / (alpha + beta) * log_budget - log_g)
    return _spread(n_opt, d_opt, budget)


def _spread(n_opt: FloatArray, d_opt: FloatArray, budget: float) -> list[str]:
    """A reason per allocation quantity whose replicates span more than a decade."""
    with np.errstate(all="ignore"):
        ratios = {"N_opt": _ratio(n_opt), "tokens per parameter": _ratio(d_opt / n_opt)}
    return [
        f"the bootstrap's 95% range of {name} at C = {budget:.3g} (the largest budget) "
        f"spans a factor {ratio:.3g}, more than {DECADE:g}: these runs do not pin down the "
        "compute-optimal allocation; add runs at more sizes and token counts per budget."
        for name, ratio in ratios.items()
        if ratio > DECADE
    ]


def optimal_range_reasons(
    budgets: FloatArray, tokens_per_param: FloatArray, C: FloatArray, ratio: FloatArray
) -> list[str]:
    """compute_optimal asked at budgets or allocations the runs do not cover.

    `C` and `ratio` (D / N) are the runs'; `budgets` and `tokens_per_param` the query's.
    """
    reasons = budget_reasons(budgets, float(C.min()), float(C.max()), "compute_optimal")
    lo_r, hi_r = float(ratio.min()), float(ratio.max())
    off = ~((tokens_per_param >= lo_r) & (tokens_per_param <= hi_r))
    if off.any():
        reasons.append(
            f"compute_optimal puts {tokens_per_param[off][0]:.3g} tokens per parameter at "
            f"C = {budgets[off][0]:.3g}, outside the runs' range of D/N ({lo_r:.3g} to "
            f"{hi_r:.3g}): the law was never checked at that allocation."
        )
    return reasons


def budget_reasons(budgets: FloatArray, low: float, high: float, what: str) -> list[str]:
    """Budgets below the data's smallest or beyond ``EXTRAPOLATION`` times its largest."""
    outside = (budgets < low) | (budgets > EXTRAPOLATION * high)
    if not outside.any():
        return []
    return [
        f"{what} at C = {budgets[outside][0]:.3g} is outside the range the data support "
        f"(C from {low:.3g} to {EXTRAPOLATION:g} times the largest, {high:.3g}): an "
        "extrapolation the law was never checked on."
    ]


def frontier_spread_reasons(rows: FloatArray, budget: float, flops_per_token: float) -> list[str]:
    """A frontier bootstrap whose N_opt or tokens per parameter at `budget` spans a decade.

    `rows` (B, 4) are replicate lines (a, b, log k_N, log k_D).
    """
    log_c = float(np.log(budget))
    with np.errstate(all="ignore"):
        n_opt = np.exp(rows[:, 2] + rows[:, 0] * log_c)
        d_opt = np.exp(rows[:, 3] + rows[:, 1] * log_c)
    return _spread(n_opt, d_opt, budget)


def profile_reasons(n_opt: FloatArray, log_n: FloatArray, group: IntArray) -> list[str]:
    """IsoFLOP budgets without a minimum, or whose minimum lies outside their runs."""
    reasons = []
    missing = int((~np.isfinite(n_opt)).sum())
    if missing:
        reasons.append(
            f"{missing} of {n_opt.size} budget(s) have no minimum (too few sizes, or a "
            "profile that does not curve upward) and are left out of the frontier."
        )
    outside = [
        index
        for index in np.flatnonzero(np.isfinite(n_opt))
        if not log_n[group == index].min() <= np.log(n_opt[index]) <= log_n[group == index].max()
    ]
    if outside:
        reasons.append(
            f"{len(outside)} budget(s) have their fitted minimum outside the sizes they ran "
            f"(first: budget {outside[0]}, N_opt = {n_opt[outside[0]]:.3g}): the vertex is "
            "extrapolated; add runs on both sides of each minimum."
        )
    if np.isfinite(n_opt).sum() < 3:
        reasons.append(
            "the frontier rests on 2 budgets: its exponents have no standard error and no "
            "check of the power law; add budgets."
        )
    return reasons


def envelope_reasons(n_opt: FloatArray) -> list[str]:
    """An envelope whose frontier rests on two model sizes."""
    reasons = []
    if np.unique(n_opt).size < 3:
        reasons.append(
            f"only {np.unique(n_opt).size} model sizes are ever compute-optimal: the "
            "exponents rest on two points; add runs of other sizes."
        )
    return reasons
