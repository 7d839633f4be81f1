"""The result of a growth fit: estimates, intervals, derived quantities, forecasts."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt
import pandas as pd
from scipy import stats

from scalinglaws._optional import plot_axes
from scalinglaws._validate import check_level
from scalinglaws.growth import forecasting
from scalinglaws.growth.derived import GrowthBootstrap, derived_table
from scalinglaws.growth.laws import LAWS, Law
from scalinglaws.growth.model import Design
from scalinglaws.growth.times import TimeAxis
from scalinglaws.results import FitResult, Summary
from scalinglaws.uncertainty import Progress, RandomLike

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["GrowthBootstrap", "GrowthFit"]

FloatArray = npt.NDArray[np.float64]

_FAMILY_TEXT = {
    "normal": "least squares (normal errors)",
    "poisson": "Poisson",
    "negbin": "negative binomial",
}
_DERIVED_TEXT = {
    "growth_rate": "growth rate r",
    "doubling_time": "doubling time (early, ln 2 / r)",
    "carrying_capacity": "carrying capacity K",
    "inflection_time": "inflection time tm",
}


@dataclass(frozen=True, eq=False, repr=False)
class GrowthFit(FitResult):
    """A growth law fitted to a time series (see :func:`scalinglaws.fit_growth`).

    Times are floats in the user's units; for dates, days since ``origin``.
    Intervals from ``conf_int`` and ``derived`` are Wald intervals on the
    fitting scale (log for sizes, rates and the Richards shape, logit for the
    GGM's p), mapped back, so they respect each parameter's range;
    :meth:`bootstrap` gives parametric-bootstrap intervals instead.
    """

    kind = "growth"

    law: str
    errors: str  # the error family used: normal, poisson or negbin
    cumulative: bool
    t: FloatArray
    y: FloatArray
    axis: TimeAxis
    z: FloatArray  # estimates in the solver's coordinates (see growth.laws)
    cov_z: FloatArray
    noise: float  # residual sd in frame units (normal), NB size k (negbin), inf (poisson)
    objective: float
    iterations: int
    converged: bool
    fixed: tuple[str, ...] = ()  # parameters pinned rather than estimated ("C0")
    warnings: tuple[str, ...] = field(default=(), kw_only=True)

    # --- basics ----------------------------------------------------------------------
    @functools.cached_property
    def design(self) -> Design:
        return Design.build(self.law, self.errors, self.cumulative, self.t, self.y, self.fixed)

    @property
    def spec(self) -> Law:
        return LAWS[self.law]

    @property
    def n(self) -> int:
        return int(self.t.size)

    @property
    def origin(self) -> pd.Timestamp | None:
        """The first date when the times were dates (t is then in days since it), else None."""
        return self.axis.origin

    @property
    def dispersion(self) -> dict[str, float]:
        """The noise parameter: ``{"sigma": ...}`` (normal), ``{"k": ...}`` (negbin) or {}."""
        if self.errors == "normal":
            return {"sigma": self.noise * self.design.frame.y_scale}
        if self.errors == "negbin":
            return {"k": self.noise}
        return {}

    # --- the result contract -----------------------------------------------------
    @property
    def params(self) -> dict[str, float]:
        values, _ = self.spec.natural(self.z[None, :], self.design.frame)
        params = {name: float(v) for name, v in zip(self.spec.params, values[0], strict=True)}
        for name in self.fixed:  # only C0, pinned to the first observation: report it exactly
            params[name] = float(self.y[0])
        return params

    @property
    def stderr(self) -> dict[str, float]:
        """Delta-method standard errors on the natural scale."""
        _, slopes = self.spec.natural(self.z[None, :], self.design.frame)
        se = np.abs(slopes[0]) * np.sqrt(np.diag(self.cov_z))
        return {
            name: float(s)
            for name, s in zip(self.spec.params, se, strict=True)
            if name not in self.fixed
        }

    def conf_int(self, level: float = 0.95) -> pd.DataFrame:
        """Wald intervals on the fitting scale, mapped back (columns estimate, lower, upper).

        A pinned parameter (``fixed``) has a zero-width interval.
        """
        q = float(stats.norm.ppf(0.5 + check_level(level) / 2))
        half = q * np.sqrt(np.diag(self.cov_z))
        frame = self.design.frame
        low, _ = self.spec.natural((self.z - half)[None, :], frame)
        high, _ = self.spec.natural((self.z + half)[None, :], frame)
        table = pd.DataFrame(
            {"estimate": list(self.params.values()), "lower": low[0], "upper": high[0]},
            index=pd.Index(list(self.spec.params), name="param"),
        )
        for name in self.fixed:
            table.loc[name, ["lower", "upper"]] = table.loc[name, "estimate"]
        return table

    def derived(self, level: float = 0.95) -> pd.DataFrame:
        """The law's derived quantities with intervals: growth_rate, doubling_time (when
        early growth is exponential), carrying_capacity and inflection_time (sigmoid laws).

        Each is a monotone function of one parameter, so its interval is that
        parameter's interval mapped through it. Times are in the units of t
        (days for dates; :meth:`as_dates` turns them into dates).
        """
        return derived_table(self.conf_int(level), self.spec.derived)

    def predict(self, x: Any) -> FloatArray:
        """The expected observation at times ``x`` (dates if the fit used dates).

        For cumulative fits this is the curve C(t); for incidence fits, the
        amount in an interval of the data's typical spacing ending at t.
        """
        t = self.axis.from_user(x, "x")
        tau = self.design.tau_of(t)
        curve = self.spec.evaluate(self.z[None, :], tau)[0]
        if not self.cumulative:
            before = self.spec.evaluate(
                self.z[None, :], tau - self.step / self.design.frame.t_scale
            )
            curve = curve - before[0]
        return np.asarray(curve * self.design.frame.y_scale, dtype=np.float64)

    def curve(self, x: Any) -> FloatArray:
        """The fitted cumulative curve C(t) at times ``x``, whatever the data were."""
        tau = self.design.tau_of(self.axis.from_user(x, "x"))
        return np.asarray(
            self.spec.evaluate(self.z[None, :], tau)[0] * self.design.frame.y_scale,
            dtype=np.float64,
        )

    @property
    def step(self) -> float:
        """The median spacing of the observed times (the default forecast step)."""
        return float(np.median(np.diff(self.t)))

    def as_dates(self, t: Any) -> Any:
        """Times of this fit as dates (a DatetimeIndex) when it used dates, else as floats."""
        return self.axis.to_user(t)

    def _summary(self) -> Summary:
        """Estimates with 95% intervals, derived quantities, the error model and notes."""
        spec = self.spec
        table = self.conf_int(0.95)
        data = "cumulative totals" if self.cumulative else "incidence per interval"
        rows = [
            ("law", f"{self.law}: {spec.formula}"),
            (
                "data",
                f"n = {self.n} {data}, t = {self.axis.label(self.t[0])} to "
                f"{self.axis.label(self.t[-1])}",
            ),
            (
                "errors",
                _FAMILY_TEXT[self.errors]
                + "".join(f", {key} = {value:.4g}" for key, value in self.dispersion.items()),
            ),
        ]
        se = self.stderr
        for name, row in table.iterrows():
            if str(name) in self.fixed:
                rows.append((str(name), f"{row['estimate']:.5g} (fixed: the first observation)"))
                continue
            rows.append(
                (
                    str(name),
                    f"{row['estimate']:.5g} ± {se[str(name)]:.2g}  "
                    f"[{row['lower']:.5g}, {row['upper']:.5g}]",
                )
            )
        for name, row in derived_table(table, spec.derived).iterrows():
            text = f"{row['estimate']:.5g}  [{row['lower']:.5g}, {row['upper']:.5g}]"
            if name == "inflection_time" and self.axis.is_date:
                text += f"  ({self.axis.label(row['estimate'])})"
            rows.append((_DERIVED_TEXT[str(name)], text))
        notes = [
            f"{spec.citation}.",
            "Intervals: 95% Wald on the log/logit scale; "
            "forecast() and bootstrap() give parametric-bootstrap bands.",
        ]
        if "tm" in spec.params and self.params["tm"] > self.t[-1]:
            notes.append(
                "The inflection lies after the last observation, so K and tm are "
                "extrapolations; see backtest()."
            )
        if self.axis.is_date:
            notes.append(f"Times are days since {self.axis.label(0.0)}; rates are per day.")
        return Summary(f"Growth law ({self.law})", tuple(rows), tuple(notes))

    def plot(self, ax: Axes | None = None, *, forecast: pd.DataFrame | None = None) -> Axes:
        """Data, fitted curve and, given ``forecast`` (from :meth:`forecast`), its fan."""
        ax = plot_axes(ax, "GrowthFit.plot()")
        grid = np.linspace(self.t[0], self.t[-1], 300)
        ax.plot(self.axis.to_user(self.t), self.y, "o", color="0.3", markersize=4, label="data")
        ax.plot(
            self.axis.to_user(grid),
            self.predict(self.axis.to_user(grid)),
            "-",
            color="C0",
            label=f"{self.law} fit",
        )
        if forecast is not None and len(forecast):
            level = forecast.attrs.get("level", 0.95)
            ax.fill_between(
                forecast["t"],
                forecast["lower"],
                forecast["upper"],
                color="C0",
                alpha=0.25,
                linewidth=0,
                label=f"{level:.0%} prediction band",
            )
            ax.plot(forecast["t"], forecast["mean"], "--", color="C0", label="forecast")
        if self.axis.is_date:
            ax.tick_params(axis="x", labelrotation=30)
        ax.set_xlabel("date" if self.axis.is_date else "t")
        ax.set_ylabel("cumulative" if self.cumulative else "incidence")
        ax.legend()
        return ax

    def _payload(self) -> dict[str, Any]:
        return {
            "law": self.law,
            "errors": self.errors,
            "cumulative": self.cumulative,
            "t": self.t,
            "y": self.y,
            "origin": self.axis.to_dict(),
            "z": self.z,
            "cov_z": self.cov_z,
            "noise": self.noise if np.isfinite(self.noise) else None,
            "objective": self.objective,
            "iterations": self.iterations,
            "converged": self.converged,
            "fixed": list(self.fixed),
            "params": self.params,
            "stderr": self.stderr,
            "dispersion": self.dispersion,
        }

    @classmethod
    def _from_payload(cls, payload: dict[str, Any]) -> GrowthFit:
        noise = payload.get("noise")
        return cls(
            law=str(payload["law"]),
            errors=str(payload["errors"]),
            cumulative=bool(payload["cumulative"]),
            t=np.asarray(payload["t"], dtype=np.float64),
            y=np.asarray(payload["y"], dtype=np.float64),
            axis=TimeAxis.from_dict(payload.get("origin")),
            z=np.asarray(payload["z"], dtype=np.float64),
            cov_z=np.asarray(payload["cov_z"], dtype=np.float64),
            noise=np.inf if noise is None else float(noise),
            objective=float(payload["objective"]),
            iterations=int(payload["iterations"]),
            converged=bool(payload["converged"]),
            fixed=tuple(str(name) for name in payload.get("fixed", [])),
        )

    def __repr__(self) -> str:
        shown = " ".join(f"{name}={value:.4g}" for name, value in self.params.items())
        return f"<GrowthFit {self.law} {shown} n={self.n}>"

    # --- uncertainty and forecasts ---------------------------------------------------
    def bootstrap(
        self,
        n_boot: int = 1000,
        *,
        level: float = 0.95,
        rng: RandomLike = 0,
        workers: int | None = None,
        progress: Progress | None = None,
    ) -> GrowthBootstrap:
        """Parametric bootstrap: simulate from the fit, refit, keep the estimates.

        Replicates are refitted in vectorised batches; ``workers`` processes share the
        batches (None: one process for small jobs, all cores for large ones). Results
        depend on ``rng`` only, never on ``workers``.
        """
        check_level(level)
        draws = forecasting.replicate(self, n_boot, np.empty(0), rng, workers, progress)
        values, _ = self.spec.natural(draws.z, self.design.frame)
        free = list(self.design.free)
        names = tuple(self.spec.params[j] for j in free)
        return GrowthBootstrap(names, values[:, free], self.spec.derived, level, draws.failed)

    def forecast(
        self,
        horizon: float,
        level: float = 0.95,
        *,
        step: float | None = None,
        n_boot: int = 1000,
        rng: RandomLike = 0,
        workers: int | None = None,
        progress: Progress | None = None,
    ) -> pd.DataFrame:
        """Forecast ``horizon`` time units (days for dates) past the last observation.

        Returns a DataFrame with columns ``t`` (dates if the fit used dates),
        ``mean`` (the fitted model) and ``lower``/``upper``, a parametric-bootstrap
        prediction band: each of ``n_boot`` replicates refits the law to data
        simulated from the fit and draws new observations from its refit, so the
        band holds both parameter and observation noise. Points are every
        ``step`` (default: the data's median spacing) up to the horizon. For
        cumulative counts, ``mean`` and the band continue from the last observed
        total. ``rng`` and ``workers`` as in :meth:`bootstrap`.
        """
        return forecasting.forecast(self, horizon, level, step, n_boot, rng, workers, progress)

    def backtest(
        self,
        cutoffs: Any,
        *,
        horizon: float | None = None,
        level: float = 0.95,
        n_boot: int = 300,
        rng: RandomLike = 0,
        workers: int | None = None,
    ) -> pd.DataFrame:
        """Refit on the data up to each cutoff and score the forecast of the rest.

        One row per cutoff: the cutoff, the points fitted and scored, the mean
        absolute error (``mae``) of the forecast mean, the share of later
        observations inside the ``level`` prediction band (``coverage``), the
        refitted parameters, and ``status`` ("ok" or why the refit failed).
        ``horizon`` limits scoring to observations within it of the cutoff.
        """
        return forecasting.backtest(self, cutoffs, horizon, level, n_boot, rng, workers)
