"""``Forecast``: the result of :func:`scalinglaws.forecast`, a result kind of its own.

A forecast is a predictive distribution per future time, kept as quantiles at
the requested levels plus the mean and the median (the point forecast). It is
read as the distribution whose quantile function interpolates those quantiles
linearly and is flat beyond the outer levels, the convention of
:func:`scalinglaws.scoring.crps_quantiles`; everything below follows from it:

* ``params``: the point forecasts (medians) by step, ``h1``, ``h2``, ...;
* ``conf_int(level, method="analytic")``: the central prediction interval read
  off that quantile function (an interval wider than the outer levels is
  clamped to them);
* ``stderr`` (analytic): the interquartile range / 1.349, the standard deviation
  of a normal distribution with the same quartiles;
* ``with_bootstrap(n)``: ``n`` sample paths drawn from the predictive
  distribution by inverse transform (one uniform per path, so a path keeps its
  predictive rank across steps), for users who want samples; their percentile
  intervals agree with the analytic ones up to sampling noise.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt
import pandas as pd
from scipy import stats

from scalinglaws._types import FloatArray
from scalinglaws._validate import check_level
from scalinglaws.errors import InvalidInputError, InvalidOptionError
from scalinglaws.forecast import _render
from scalinglaws.forecast.combine import quantile_function
from scalinglaws.forecast.ensemble import Member
from scalinglaws.growth.times import TimeAxis
from scalinglaws.predictive import quantile_frame
from scalinglaws.quantiles import HUB_QUANTILES, check_quantiles
from scalinglaws.results import FitResult, Summary
from scalinglaws.uncertainty import Bootstrap, Draws, as_generator

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["Forecast"]

_QUARTILE_Z = float(stats.norm.ppf(0.75))


@dataclass(frozen=True, repr=False)
class Forecast(FitResult):
    """A probabilistic forecast: quantiles per future time, and the members behind them.

    Attributes
    ----------
    method : str
        ``"ensemble"``, a growth law's name, ``"naive"`` or ``"transformer"``.
    t, y : ndarray
        The series given (float times: days since ``axis.origin`` for dates).
    axis : TimeAxis
        The time axis: numeric, or dates with their origin.
    window : int or None
        How many of the last points were fitted (None: all).
    times : ndarray
        The forecast's float times, one per step.
    levels : tuple of float
        The quantile levels of ``quantiles``.
    mean, median, quantiles : ndarray
        The predictive mean and median (S,) and quantiles (S, K).
    cumulative : bool
        Whether ``y`` and the forecast are running totals (else incidence or levels).
    errors : str
        The error family the growth members used (as asked: ``"auto"`` resolves per law).
    members : tuple of Member
        An ensemble's members (weights sum to one over those that forecast);
        empty for a single method.
    weighting, combination : str
        How an ensemble weighed and combined its members ("" for a single method).
    n_boot : int
        Bootstrap replicates behind each growth member's quantiles.
    boot : Bootstrap, optional
        Sample paths drawn from the predictive quantiles (:meth:`with_bootstrap`).
    stock : bool
        Whether ``y`` and the forecast are a stock, levels that can fall, e.g. a population
        (keyword only; default False).
    warnings : tuple of str
        Reasons not to trust the forecast (keyword only).
    """

    kind = "forecast"

    method: str
    t: FloatArray
    y: FloatArray
    axis: TimeAxis
    window: int | None
    times: FloatArray
    levels: tuple[float, ...]
    mean: FloatArray
    median: FloatArray
    quantiles: FloatArray
    cumulative: bool
    errors: str
    members: tuple[Member, ...] = ()
    weighting: str = ""
    combination: str = ""
    n_boot: int = 0
    boot: Bootstrap | None = None
    stock: bool = field(default=False, kw_only=True)
    warnings: tuple[str, ...] = field(default=(), kw_only=True)

    # --- the forecast itself -------------------------------------------------------------
    @property
    def series_kind(self) -> str:
        """What the values are: ``"cumulative totals"``, ``"levels"`` or ``"incidence"``."""
        if self.cumulative:
            return "cumulative totals"
        return "levels" if self.stock else "incidence"

    @property
    def steps(self) -> int:
        """The number of steps ahead forecast."""
        return int(self.times.size)

    @property
    def table(self) -> pd.DataFrame:
        """``t`` (dates for dated data), ``mean``, ``median``, ``q<level>`` per level."""
        return quantile_frame(
            {"t": self.axis.to_user(self.times)},
            self.mean,
            self.median,
            self.quantiles,
            self.levels,
        )

    @property
    def fitted(self) -> tuple[FloatArray, FloatArray]:
        """The (t, y) the methods saw: the last ``window`` points, or all."""
        start = 0 if self.window is None else self.t.size - self.window
        return self.t[start:], self.y[start:]

    @property
    def weights(self) -> dict[str, float]:
        """Each member's weight (those left out have none); empty for a single method."""
        return {m.name: m.weight for m in self.members if m.ok}

    def member_table(self) -> pd.DataFrame:
        """One row per member: weight, AICc, past WIS and why it was left out, if it was.

        Returns
        -------
        pandas.DataFrame
            Columns ``member, weight, aicc, wis, note``; empty for a single method.
        """
        return pd.DataFrame(
            [
                {
                    "member": m.name,
                    "weight": m.weight,
                    "aicc": m.aicc,
                    "wis": m.wis,
                    "note": m.note,
                }
                for m in self.members
            ],
            columns=["member", "weight", "aicc", "wis", "note"],
        )

    def quantile_at(self, u: Any) -> FloatArray:
        """The predictive quantile function at levels ``u`` for every step.

        Linear in the level between the stored levels, flat beyond the outer ones.

        Parameters
        ----------
        u : array_like
            Levels in [0, 1].

        Returns
        -------
        numpy.ndarray, shape (S, len(u))
            The quantiles.
        """
        knots = sorted({*self.levels, 0.5})
        values = np.empty((self.steps, len(knots)))
        for j, level in enumerate(knots):
            values[:, j] = (
                self.median
                if level == 0.5 and 0.5 not in self.levels
                else self.quantiles[:, self.levels.index(level)]
            )
        return quantile_function(np.asarray(knots), values, np.atleast_1d(np.asarray(u, float)))

    # --- the result contract -------------------------------------------------------------
    @property
    def params(self) -> dict[str, float]:
        """The point forecasts (medians) by step: ``h1`` is one step ahead."""
        return {f"h{i + 1}": float(value) for i, value in enumerate(self.median)}

    def _analytic_stderr(self) -> dict[str, float]:
        quartiles = self.quantile_at([0.25, 0.75])
        spread = (quartiles[:, 1] - quartiles[:, 0]) / (2.0 * _QUARTILE_Z)
        return {name: float(s) for name, s in zip(self.params, spread, strict=True)}

    def _analytic_conf_int(self, level: float) -> pd.DataFrame:
        tail = (1.0 - check_level(level)) / 2.0
        ends = self.quantile_at([tail, 1.0 - tail])
        return pd.DataFrame(
            {
                "estimate": self.median,
                "lower": np.minimum(ends[:, 0], self.median),
                "upper": np.maximum(ends[:, 1], self.median),
            },
            index=pd.Index(list(self.params), name="param"),
        )

    def _bootstrap(self, n_boot: int, draws: Draws) -> Bootstrap:
        """Sample paths from the predictive distribution (see the module docstring)."""
        u = as_generator(draws.rng).random(int(n_boot))
        samples = self.quantile_at(u).T  # (n_boot, S)
        if draws.progress is not None:
            draws.progress(int(n_boot))
        return Bootstrap(tuple(self.params), self.median, samples, int(n_boot), 0, "parametric")

    def _positions(self, x: Any) -> npt.NDArray[np.intp]:
        wanted = self.axis.from_user(np.atleast_1d(np.asarray(x, dtype=object)), "x")
        index = np.searchsorted(self.times, wanted)
        inside = index < self.steps
        hit = inside & np.isclose(self.times[np.minimum(index, self.steps - 1)], wanted)
        if not hit.all():
            bad = self.axis.label(float(wanted[~hit][0]))
            raise InvalidInputError(
                f"x: {bad} is not a time of this forecast; it forecasts "
                f"{self.axis.label(float(self.times[0]))} to "
                f"{self.axis.label(float(self.times[-1]))} in {self.steps} steps "
                "(use .table, or forecast again with a longer horizon)."
            )
        return index

    def predict(self, x: Any) -> FloatArray:
        """The point forecasts (medians) at forecast times ``x``.

        Parameters
        ----------
        x : array_like
            Times among the forecast's (dates when the series had dates).

        Returns
        -------
        numpy.ndarray
            The medians.

        Raises
        ------
        InvalidInputError
            A time that is not one of the forecast's.
        """
        return np.asarray(self.median[self._positions(x)], dtype=np.float64)

    def predict_quantiles(self, x: Any, quantiles: Any = HUB_QUANTILES) -> pd.DataFrame:
        """Predictive quantiles at forecast times ``x`` (columns t, mean, median, q...).

        Levels between the stored ones are interpolated; levels outside the stored
        range raise (forecast again with ``quantiles=`` that include them).

        Parameters
        ----------
        x : array_like
            Times among the forecast's (dates when the series had dates).
        quantiles : sequence of float, default HUB_QUANTILES
            The levels, increasing in (0, 1).

        Returns
        -------
        pandas.DataFrame
            One row per time: ``t``, ``mean``, ``median`` and ``q<level>`` per level.

        Raises
        ------
        InvalidInputError
            A time that is not one of the forecast's.
        InvalidOptionError
            Levels outside (0, 1), not increasing, or beyond the stored levels.
        """
        levels = check_quantiles(quantiles)
        low, high = min(*self.levels, 0.5), max(*self.levels, 0.5)
        outside = [q for q in levels if q < low - 1e-12 or q > high + 1e-12]
        if outside:
            raise InvalidOptionError(
                f"quantiles: level {outside[0]:g} lies beyond this forecast's levels "
                f"({low:g} to {high:g}); forecast again with quantiles=... that include it."
            )
        rows = self._positions(x)
        values = self.quantile_at(levels)[rows]
        times = {"t": self.axis.to_user(self.times[rows])}
        return quantile_frame(times, self.mean[rows], self.median[rows], values, levels)

    def _summary(self) -> Summary:
        return _render.summary(self)

    def verdicts(self) -> tuple[str, ...]:
        """The forecast's conclusions as sentences (:func:`scalinglaws.forecast._render.verdicts`).

        Returns
        -------
        tuple of str
            The last step's forecast with its 95% interval; for an ensemble, its
            heaviest member.
        """
        return tuple(_render.verdicts(self))

    def plot(self, ax: Axes | None = None) -> Axes:
        """A fan chart: the data, the median forecast and its 50%, 80% and 95% bands (plot extra).

        Parameters
        ----------
        ax : matplotlib.axes.Axes, optional
            Axes to draw on; a new figure when None.

        Returns
        -------
        matplotlib.axes.Axes
            The axes drawn on.
        """
        return _render.plot(self, ax)

    def _payload(self) -> dict[str, Any]:
        return {
            "method": self.method,
            "t": self.t,
            "y": self.y,
            "origin": self.axis.to_dict(),
            "window": self.window,
            "times": self.times,
            "levels": list(self.levels),
            "mean": self.mean,
            "median": self.median,
            "quantiles": self.quantiles,
            "cumulative": self.cumulative,
            "stock": self.stock,
            "errors": self.errors,
            "members": [_member_dict(m) for m in self.members],
            "weighting": self.weighting,
            "combination": self.combination,
            "n_boot": self.n_boot,
            "params": self.params,
            "boot": None if self.boot is None else self.boot.to_dict(),
        }

    @classmethod
    def _from_payload(cls, payload: dict[str, Any]) -> Forecast:
        levels = tuple(float(q) for q in payload["levels"])
        return cls(
            method=str(payload["method"]),
            t=_floats(payload["t"]),
            y=_floats(payload["y"]),
            axis=TimeAxis.from_dict(payload.get("origin")),
            window=None if payload.get("window") is None else int(payload["window"]),
            times=_floats(payload["times"]),
            levels=levels,
            mean=_floats(payload["mean"]),
            median=_floats(payload["median"]),
            quantiles=_floats(payload["quantiles"]).reshape(-1, len(levels)),
            cumulative=bool(payload["cumulative"]),
            errors=str(payload["errors"]),
            members=tuple(_member_from(m, len(levels)) for m in payload.get("members") or []),
            weighting=str(payload.get("weighting", "")),
            combination=str(payload.get("combination", "")),
            n_boot=int(payload.get("n_boot", 0)),
            boot=None if payload.get("boot") is None else Bootstrap.from_dict(payload["boot"]),
            stock=bool(payload.get("stock", False)),
        )

    def __repr__(self) -> str:
        """A one-line description: method, steps and the last median."""
        last = self.axis.label(float(self.times[-1]))
        return (
            f"<Forecast {self.method} {self.steps} steps to {last}: median {self.median[-1]:.4g}>"
        )


def _floats(values: Any) -> FloatArray:
    return np.asarray(
        [np.nan if v is None else v for v in np.ravel(np.asarray(values, dtype=object))],
        dtype=np.float64,
    ).reshape(np.shape(values) if np.ndim(values) else (-1,))


def _member_dict(member: Member) -> dict[str, Any]:
    return {
        "name": member.name,
        "weight": member.weight,
        "mean": member.mean,
        "median": member.median,
        "quantiles": member.quantiles,
        "aicc": member.aicc,
        "wis": member.wis,
        "note": member.note,
    }


def _member_from(data: dict[str, Any], width: int) -> Member:
    def number(value: Any) -> float:
        return float("nan") if value is None else float(value)

    quantiles = _floats(data["quantiles"])
    return Member(
        name=str(data["name"]),
        weight=float(data["weight"]),
        mean=_floats(data["mean"]),
        median=_floats(data["median"]),
        quantiles=quantiles.reshape(-1, width) if quantiles.size else np.empty((0, 0)),
        aicc=number(data.get("aicc")),
        wis=number(data.get("wis")),
        note=str(data.get("note", "")),
    )
