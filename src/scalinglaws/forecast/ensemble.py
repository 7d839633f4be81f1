"""Ensembles of forecasting methods: run the members, weigh them, combine their quantiles.

The members (default :func:`default_members`: the hubs' naive baseline and the pretrained
Transformer, :data:`DEFAULT_MEMBERS`; without torch, the growth laws and naive,
:data:`LAW_MEMBERS`) each forecast on a common dense grid of levels (:func:`dense_grid`).
A member that cannot fit these data is left out with its reason (never silently); when
none can, the ensemble is the ``fallback`` method (the hubs' naive baseline by default),
with a warning. The Transformer leaves itself out where it cannot read the series (fewer
than 3 points, a constant series, a horizon beyond 64 steps): naive alone then remains.

Weights (``weighting``):

* ``"aicc"``: Akaike weights of the members' AICc on the data (the same
  likelihood family for every member, so their AICc are comparable);
* ``"wis"``: inverse past WIS on the calibration data: with calibration, each
  member's mean WIS over the backtest below; without, every member is refitted
  to the series without its last c points (c = min(steps, n // 3), at least 1)
  and scored by the weighted interval score on those c points; weights are
  1 / mean WIS (a member that cannot forecast there gets none; when no member
  can, the weights are equal);
* ``"equal"``: 1 / M.

The combination (``combination``) is the quantile average (``"vincent"``), the
probability mixture (``"mixture"``) or the weighted median (``"median"``) of
:mod:`scalinglaws.forecast.combine`.

Calibration (``calibrate=True``) is :mod:`.backtested`'s.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Literal, get_args

import numpy as np

from scalinglaws._types import FloatArray
from scalinglaws.calibration import RUNAWAY, ceiling, log_offset
from scalinglaws.errors import FitError, InsufficientDataError, InvalidOptionError, ScalingLawError
from scalinglaws.forecast.combine import (
    akaike_weights,
    combine,
    inverse_score_weights,
    level_columns,
)
from scalinglaws.forecast.members import LIKELIHOOD, METHODS, MemberForecast, Options
from scalinglaws.quantiles import HUB_QUANTILES
from scalinglaws.scoring import weighted_interval_score

__all__ = [
    "DEFAULT_MEMBERS",
    "LAW_MEMBERS",
    "WEIGHTINGS",
    "Member",
    "Outcome",
    "default_members",
    "dense_grid",
    "run_ensemble",
    "run_member",
]

#: Every growth law that describes one wave of growth, and the hubs' naive baseline: the
#: default members before the Transformer joined, and still without the lm extra (torch).
LAW_MEMBERS = ("exponential", "logistic", "gompertz", "richards", "ggm", "naive")
#: The default members with the lm extra: the hubs' naive baseline and the pretrained
#: Transformer (issue 13), equally weighted. Chosen on development data (European hub dev
#: countries, outbreaks' development half, us-cities to 1980) over the growth laws with
#: naive, with or without the Transformer, past-WIS or grouped weights: docs/benchmarks.md.
DEFAULT_MEMBERS = ("naive", "transformer")
#: How an ensemble weighs its members.
Weighting = Literal["aicc", "wis", "equal"]
WEIGHTINGS: tuple[Weighting, ...] = get_args(Weighting)


@dataclass(frozen=True)
class Member:
    """One member of an ensemble as the result keeps it.

    ``weight`` is 0 for a member that was left out, and ``note`` says why; the
    arrays are then empty. ``quantiles`` (S, K) are at the forecast's levels.

    Attributes
    ----------
    name : str
        The method (a growth law's name or ``"naive"``).
    weight : float
        Its weight in the ensemble, 0 when left out.
    mean, median : numpy.ndarray, shape (S,)
        Its predictive mean and median per step.
    quantiles : numpy.ndarray, shape (S, K)
        Its quantiles at the forecast's levels.
    aicc : float, default nan
        Its AICc on the fitted window (nan: no likelihood).
    wis : float, default nan
        Its mean weighted interval score on the calibration forecasts, when weighed by WIS.
    note : str, default ""
        Why it was left out, or its fit's warnings.
    """

    name: str
    weight: float
    mean: FloatArray
    median: FloatArray
    quantiles: FloatArray
    aicc: float = float("nan")
    wis: float = float("nan")
    note: str = ""

    @property
    def ok(self) -> bool:
        """Whether the member produced a forecast (no error stopped it)."""
        return self.mean.size > 0


@dataclass(frozen=True)
class Outcome:
    """What an ensemble (or a single method) produced, before it becomes a result."""

    mean: FloatArray
    median: FloatArray
    quantiles: FloatArray  # (S, K) at the requested levels
    members: tuple[Member, ...]
    warnings: tuple[str, ...]


def default_members() -> tuple[str, ...]:
    """The members of ``sl.forecast(method="ensemble")`` when none are named.

    :data:`DEFAULT_MEMBERS` (naive and the Transformer) when torch, the lm extra, can be
    imported (looked up without importing it), else :data:`LAW_MEMBERS` (the growth laws
    and naive), so the default ensemble works without the extra. The result's members
    table says which were used.

    Returns
    -------
    tuple of str
        The member names.
    """
    return DEFAULT_MEMBERS if importlib.util.find_spec("torch") is not None else LAW_MEMBERS


def dense_grid(levels: Sequence[float]) -> tuple[float, ...]:
    """The members' common grid.

    0.005, 0.010, ..., 0.995, the hubs' levels, the requested ones and 0.5, sorted without
    duplicates.
    """
    found = {round(0.005 * k, 12) for k in range(1, 200)}
    found |= {round(float(q), 12) for q in (*HUB_QUANTILES, *levels, 0.5)}
    return tuple(sorted(found))


def run_member(
    name: str,
    t: FloatArray,
    y: FloatArray,
    times: FloatArray,
    grid: tuple[float, ...],
    options: Options,
    rng: np.random.Generator,
) -> MemberForecast | ScalingLawError:
    """Run one member: its forecast, or the error that stopped it.

    The data were checked for every method before, so what a member raises is about that
    member: too few points for its parameters, a constraint of its own, a fit that failed.
    Its mean and quantiles are capped at the fastest growth the data have shown
    (:func:`.calibrate.ceiling`): a member whose fit runs away on a few early points cannot
    carry the combination, nor the past medians that calibrate it, past that.
    """
    try:
        found = METHODS[name](t, y, times, grid, options, rng)
    except ScalingLawError as exc:
        return exc
    cap = ceiling(y, times.size, log_offset(y))
    return replace(found, mean=np.minimum(found.mean, cap),
                   quantiles=np.minimum(found.quantiles, cap[:, None]))  # fmt: skip


def _member(
    name: str, grid: tuple[float, ...], levels: tuple[float, ...], found: MemberForecast
) -> Member:
    q = found.quantiles
    return Member(
        name,
        0.0,
        found.mean,
        q[:, level_columns(grid, (0.5,))[0]],
        q[:, level_columns(grid, levels)],
        found.aicc,
    )


def _left_out(name: str, reason: str) -> Member:
    empty = np.empty(0)
    return Member(name, 0.0, empty, empty, np.empty((0, 0)), note=reason)


def past_wis(
    names: Sequence[str],
    t: FloatArray,
    y: FloatArray,
    steps: int,
    options: Options,
    rng: np.random.Generator,
) -> FloatArray:
    """Each member's mean WIS on the last c points when fitted to the rest (nan: failed)."""
    held = min(steps, max(1, y.size // 3))
    train_t, train_y = t[:-held], y[:-held]
    truth = y[-held:]
    grid = tuple(HUB_QUANTILES)
    scores = np.full(len(names), np.nan)
    for i, (name, generator) in enumerate(zip(names, rng.spawn(len(names)), strict=True)):
        found = run_member(name, train_t, train_y, t[-held:], grid, options, generator)
        if isinstance(found, MemberForecast):
            scores[i] = float(np.mean(weighted_interval_score(truth, found.quantiles, grid)))
    return scores


def member_weights(
    weighting: str, aicc: FloatArray, past: FloatArray
) -> tuple[FloatArray, list[str]]:
    """The members' weights, and a note when nothing ranks them.

    The members' weights from their AICc or past WIS, and a note when neither ranks them
    (every AICc infinite, e.g. fewer points than parameters + 2; no calibration forecast):
    then the weights are equal.
    """
    count = aicc.size
    equal = np.full(count, 1.0 / count)
    if weighting == "equal" or count == 1:
        return equal, []
    values = aicc if weighting == "aicc" else past
    if not np.isfinite(values).any():
        what = "AICc" if weighting == "aicc" else "past WIS (no calibration forecast)"
        return equal, [f"no member has a finite {what}, so the members are weighted equally"]
    if weighting == "aicc":
        return akaike_weights(values), []
    return inverse_score_weights(values), []


def run_ensemble(
    t: FloatArray,
    y: FloatArray,
    times: FloatArray,
    levels: tuple[float, ...],
    options: Options,
    rng: np.random.Generator,
    *,
    members: Sequence[str],
    weighting: str,
    combination: str,
    fallback: str | None,
    past: FloatArray | None = None,
    runaways: Mapping[str, float] | None = None,
) -> Outcome:
    """Run, weigh and combine the members.

    See the module docstring. ``past`` (one per member) replaces the members' past WIS for
    ``weighting="wis"``; ``runaways`` (member -> the error scale of its past medians) are
    left out of the combination (weight 0, the others renormalised) unless no other member
    forecast.
    """
    if weighting == "aicc":
        missing = [name for name in members if name not in LIKELIHOOD]
        if missing:
            raise InvalidOptionError(
                f"weighting='aicc' needs members with a likelihood; {', '.join(missing)} "
                "have none: use weighting='wis' or 'equal', or leave them out of members."
            )
    grid = dense_grid(levels)
    generators = rng.spawn(len(members) + 2)
    outcomes = [
        run_member(name, t, y, times, grid, options, generator)
        for name, generator in zip(members, generators, strict=False)
    ]
    names = [n for n, o in zip(members, outcomes, strict=True) if isinstance(o, MemberForecast)]
    found = [o for o in outcomes if isinstance(o, MemberForecast)]
    failures = {
        name: str(o)
        for name, o in zip(members, outcomes, strict=True)
        if isinstance(o, ScalingLawError)
    }
    warnings: list[str] = []
    if not found:
        short = all(isinstance(o, InsufficientDataError) for o in outcomes)
        listed = "; ".join(f"{name}: {reason}" for name, reason in failures.items())
        if fallback is None or fallback in members:
            if short:
                first = next(iter(failures.values()))
                raise InsufficientDataError(f"ensemble: no member has enough points: {first}")
            raise FitError(f"ensemble: no member could forecast these data ({listed}).")
        back = run_member(fallback, t, y, times, grid, options, generators[-1])
        if not isinstance(back, MemberForecast):
            raise FitError(f"ensemble: no member could forecast, nor {fallback}: {back}")
        why = "has enough points for" if short else "could forecast"
        warnings.append(
            f"no member of the ensemble {why} these data, so the forecast is the "
            f"{fallback} method's ({listed})"
        )
        names, found = [fallback], [back]
    elif failures:
        warnings.append(
            "left out of the ensemble: "
            + "; ".join(f"{name} ({reason})" for name, reason in failures.items())
        )
    scores = np.full(len(found), np.nan)
    if weighting == "wis" and len(found) > 1 and past is not None:
        scores = np.array([past[list(members).index(name)] for name in names])
    elif weighting == "wis" and len(found) > 1:
        scores = past_wis(names, t, y, times.size, options, generators[-2])
    weights, notes = member_weights(weighting, np.array([f.aicc for f in found]), scores)
    warnings += notes
    weights, ran = _leave_out_runaways(names, weights, runaways or {})
    if ran:
        warnings.append(
            "left out of the combination, their forecasts from the last origins ran away "
            "(medians off by a factor of e^r per step, r = "
            + ", ".join(f"{name} {scale:.2f}" for name, scale in ran.items())
            + f"; the bound is {RUNAWAY:g})"
        )
    # only members that weigh: the weighted median averages with the next member's value
    # where the weight reaches exactly 1/2, and that must not be a member left out
    used = weights > 0
    stacked = np.stack([f.quantiles for f, use in zip(found, used, strict=True) if use])
    means = np.stack([f.mean for f, use in zip(found, used, strict=True) if use])
    mean, median, quantiles = combine(
        weights[used], np.asarray(grid), stacked, means, np.asarray(levels), combination
    )
    notes_of = {name: f"ran away at past origins (r = {scale:.2f})" for name, scale in ran.items()}
    kept = {
        name: replace(
            _member(name, grid, levels, f),
            weight=float(w),
            wis=float(s),
            note=notes_of.get(name, ""),
        )
        for name, f, w, s in zip(names, found, weights, scores, strict=True)
    }
    rows = [kept.get(name) or _left_out(name, failures.get(name, "")) for name in members]
    if names == [fallback]:
        rows.append(kept[names[0]])
    return Outcome(mean, median, quantiles, tuple(rows), tuple(warnings))


def _leave_out_runaways(
    names: Sequence[str], weights: FloatArray, runaways: Mapping[str, float]
) -> tuple[FloatArray, dict[str, float]]:
    """Weights with the runaways at 0 (renormalised), and those left out.

    Nothing is left out when every member ran away (or the others weigh nothing).
    """
    out = np.array([name in runaways for name in names])
    rest = np.where(out, 0.0, weights)
    if not out.any() or rest.sum() <= 0:
        return weights, {}
    return rest / rest.sum(), {name: runaways[name] for name in names if name in runaways}


def run_single(
    name: str,
    t: FloatArray,
    y: FloatArray,
    times: FloatArray,
    levels: tuple[float, ...],
    options: Options,
    rng: np.random.Generator,
) -> Outcome:
    """One method's forecast (its errors are raised; its warnings kept)."""
    grid = tuple(sorted({*levels, 0.5}))
    found = METHODS[name](t, y, times, grid, options, rng)
    member = _member(name, grid, levels, found)
    return Outcome(found.mean, member.median, member.quantiles, (), found.warnings)
