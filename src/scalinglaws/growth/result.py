"""The result of a growth fit: estimates, intervals, derived quantities, forecasts."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from scalinglaws._deprecation import deprecated, positional_keywords
from scalinglaws._legacy import GrowthBootstrap
from scalinglaws._types import FloatArray
from scalinglaws._validate import check_level, check_number
from scalinglaws.growth import _render, forecasting, intervals, likelihood
from scalinglaws.growth.estimation import free_covariance
from scalinglaws.growth.laws import LAWS, Law
from scalinglaws.growth.model import Design
from scalinglaws.growth.reproduction import reproduction_table
from scalinglaws.growth.times import TimeAxis
from scalinglaws.quantiles import HUB_QUANTILES, check_quantiles
from scalinglaws.results import FitResult, IntervalMethod, Summary
from scalinglaws.uncertainty import Bootstrap, Draws, Progress, RandomLike

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["GrowthFit"]


@dataclass(frozen=True, eq=False, repr=False)
class GrowthFit(FitResult):
    """A growth law fitted to a time series (see :func:`scalinglaws.fit_growth`).

    Times are floats in the user's units; for dates, days since ``origin``.
    Analytic intervals from ``conf_int`` and ``derived`` are Wald intervals on
    the fitting scale (log for sizes, rates and the Richards shape, logit for
    p), mapped back, so they respect each parameter's range;
    :meth:`with_bootstrap` adds the parametric bootstrap, which they then use.

    ``at_bound`` names the parameters whose estimate lies on an edge of its box
    (``"lower"`` or ``"upper"``): the bounded estimate, with a warning in
    ``warnings`` and a one-sided interval. ``selection`` holds the AICc of each
    number of waves tried by ``law="subepidemic"``.

    Attributes
    ----------
    law : str
        The growth law (``"logistic"``, ``"gompertz"``, ``"richards"``, ``"ggm"``, ...).
    errors : str
        The error family used: ``"normal"``, ``"poisson"`` or ``"negbin"``.
    cumulative : bool
        Whether ``y`` holds cumulative totals (else incidence per interval).
    t : numpy.ndarray
        The times fitted (days since the axis origin for dates).
    y : numpy.ndarray
        The observations fitted.
    axis : TimeAxis
        The time axis: numeric, or dates with their origin.
    z : numpy.ndarray
        The estimates in the solver's coordinates (see :mod:`scalinglaws.growth.laws`).
    cov_z : numpy.ndarray
        Their covariance, from the Fisher information.
    noise : float
        The residual sd in frame units (normal), the NB size k (negbin), inf (poisson).
    objective : float
        The minimised negative log-likelihood.
    iterations : int
        Optimiser iterations.
    converged : bool
        Whether the optimiser reported convergence.
    fixed : tuple of str
        Parameters pinned rather than estimated (``"C0"``).
    boot : Bootstrap, optional
        Parametric bootstrap replicates (:meth:`with_bootstrap`).
    warnings : tuple of str
        Reasons not to trust the fit (keyword only).
    at_bound : dict of str to str
        Parameters at an edge of their box, ``"lower"`` or ``"upper"`` (keyword only).
    selection : tuple of (int, float)
        (waves, AICc) of each sub-epidemic model tried (keyword only).
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
    boot: Bootstrap | None = None
    warnings: tuple[str, ...] = field(default=(), kw_only=True)
    at_bound: dict[str, str] = field(default_factory=dict, kw_only=True)
    selection: tuple[tuple[int, float], ...] = field(default=(), kw_only=True)

    # --- basics ----------------------------------------------------------------------
    @functools.cached_property
    def design(self) -> Design:
        """The design (data, law, error model and frame) the fit was computed on."""
        return Design.build(
            self.law, self.errors, self.cumulative, self.t, self.y, self.fixed, self.z
        )

    @property
    def spec(self) -> Law:
        """The fitted law's definition."""
        return LAWS[self.law]

    @property
    def n(self) -> int:
        """The number of observations fitted."""
        return int(self.t.size)

    @property
    def origin(self) -> pd.Timestamp | None:
        """The first date when the times were dates (t is then in days since it), else None."""
        return self.axis.origin

    @property
    def dispersion(self) -> dict[str, float]:
        """The noise parameter: ``{"sigma": ...}`` (normal), ``{"k": ...}`` (negbin) or {}."""
        if self.errors == "normal":
            return {"sigma": self.noise * self.design.unit}
        if self.errors == "negbin":
            return {"k": self.noise}
        return {}

    # --- the result contract -----------------------------------------------------
    @property
    def params(self) -> dict[str, float]:
        """The fitted parameters on the natural scale, by name."""
        values = self.spec.natural(self.z[None, :], self.design.frame)
        params = {name: float(v) for name, v in zip(self.spec.params, values[0], strict=True)}
        if "C0" in self.fixed:  # pinned to the first observation: report it exactly
            j = self.spec.params.index("C0")
            if self.z[j] == np.log(self.y[0] / self.design.frame.y_scale):
                params["C0"] = float(self.y[0])
        return params

    @property
    def loglik(self) -> float:
        """The maximised log-likelihood (normal errors: in the units of y)."""
        return likelihood.loglik(self.design, self.z, self.noise, self.objective)

    @property
    def aic(self) -> float:
        """Akaike's criterion -2 ln L + 2k (k: free parameters and the noise parameter)."""
        return likelihood.aic(self.design, self.z, self.noise, self.objective)

    @property
    def aicc(self) -> float:
        """AICc, the small-sample AIC (Hurvich & Tsai 1989) used to rank laws and waves."""
        return likelihood.aicc(self.design, self.z, self.noise, self.objective)

    def _analytic_stderr(self) -> dict[str, float]:
        """Delta-method standard errors on the natural scale.

        None at a bound without information, none for an undetermined or fixed parameter.
        """
        return intervals.analytic_stderr(self)

    def conf_int(self, level: float = 0.95, *, method: IntervalMethod = "auto") -> pd.DataFrame:
        """Intervals for every parameter (columns estimate, lower, upper).

        ``method="analytic"``: Wald intervals on the fitting scale, mapped back;
        ``"bootstrap"``: the parametric bootstrap of :meth:`with_bootstrap`;
        ``"auto"`` (default): bootstrap when the fit holds replicates. A pinned
        parameter (``fixed``) has a zero-width interval.

        Parameters
        ----------
        level : float, default 0.95
            The coverage, in (0, 1).
        method : {"auto", "analytic", "bootstrap"}, default "auto"
            How the intervals are computed.

        Returns
        -------
        pandas.DataFrame
            Columns ``estimate, lower, upper``, indexed by parameter name.

        Raises
        ------
        InvalidOptionError
            An unknown `method`, or ``"bootstrap"`` without replicates.
        """
        return super().conf_int(level, method=method)

    def _bootstrap_conf_int(self, level: float) -> pd.DataFrame:
        table = super()._bootstrap_conf_int(level)
        full = pd.DataFrame(
            {"estimate": list(self.params.values())},
            index=pd.Index(list(self.spec.params), name="param"),
        )
        full[["lower", "upper"]] = table[["lower", "upper"]]
        for name in self.fixed:
            full.loc[name, ["lower", "upper"]] = full.loc[name, "estimate"]
        return full

    def _analytic_conf_int(self, level: float) -> pd.DataFrame:
        return intervals.analytic_table(self, check_level(level))

    def derived(self, level: float = 0.95, *, method: IntervalMethod = "auto") -> pd.DataFrame:
        """The law's derived quantities with intervals.

        growth_rate, doubling_time (when early growth is exponential),
        carrying_capacity and inflection_time (sigmoid laws) are monotone functions
        of one parameter: their interval is that parameter's interval
        (``conf_int(level, method=method)``) mapped through it. final_size,
        peak_time and peak_incidence (SIR, SEIR; final_size of sub-epidemics) and
        the initial growth rate of SIR/SEIR depend on several parameters: delta
        method (analytic) or the replicates' percentiles (bootstrap). Times are in
        the units of t (days for dates; :meth:`as_dates` turns them into dates).

        Parameters
        ----------
        level : float, default 0.95
            The coverage, in (0, 1).
        method : {"auto", "analytic", "bootstrap"}, default "auto"
            As :meth:`conf_int`.

        Returns
        -------
        pandas.DataFrame
            Columns ``estimate, lower, upper``, indexed by quantity.
        """
        return intervals.derived_table(self, check_level(level), method)

    def reproduction_number(
        self,
        mean: float,
        sd: float,
        *,
        at: Any = None,
        level: float = 0.95,
        method: IntervalMethod = "auto",
    ) -> pd.DataFrame:
        """The reproduction number from the growth rate of incidence (Wallinga & Lipsitch 2007).

        Parameters
        ----------
        mean, sd : float
            Mean and standard deviation of the generation interval, gamma
            distributed, in the units of t (days for dates); ``sd=0`` is a fixed
            interval.
        at : time or sequence of times, optional
            Where to take the growth rate of incidence (default: the first
            observation, the early phase). Sub-exponential laws (p < 1) have a
            growth rate, and so an R, that falls over time.
        level : float
            Confidence level of the interval.
        method : str
            ``"auto"``, ``"analytic"`` (delta method on log R) or ``"bootstrap"``.

        Returns
        -------
        pandas.DataFrame
            Columns ``t``, ``growth_rate`` (per unit of t), ``estimate``, ``lower``,
            ``upper``: one row per time.

        Raises
        ------
        InvalidOptionError
            mean <= 0, sd < 0, an invalid level or method, or a law without a
            single growth rate (``subepidemic``).

        References
        ----------
        J. Wallinga and M. Lipsitch, Proc. R. Soc. B 274, 599-604 (2007), eq. 3.2.
        """
        return reproduction_table(self, mean, sd, at, level, method)

    def predict(self, x: Any) -> FloatArray:
        """The expected observation at times ``x`` (dates if the fit used dates).

        For cumulative fits this is the curve C(t); for incidence fits, the
        amount in an interval of the data's typical spacing ending at t.

        Parameters
        ----------
        x : array_like
            Times in the fit's units, or dates when the fit used dates.

        Returns
        -------
        numpy.ndarray
            The expected observations.
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
        """The fitted cumulative curve C(t) at times ``x``, whatever the data were.

        Parameters
        ----------
        x : array_like
            Times in the fit's units, or dates when the fit used dates.

        Returns
        -------
        numpy.ndarray
            C(t) at each time.
        """
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
        """Times of this fit as dates (a DatetimeIndex) when it used dates, else as floats.

        Parameters
        ----------
        t : array_like
            Times in the fit's units (days since the origin for dates).

        Returns
        -------
        pandas.DatetimeIndex or numpy.ndarray
            The dates, or the times unchanged.
        """
        return self.axis.to_user(t)

    def _summary(self) -> Summary:
        """Estimates with 95% intervals, derived quantities, the error model and notes."""
        return _render.summary(self)

    def verdicts(self) -> tuple[str, ...]:
        """The fit's conclusions as sentences (:func:`scalinglaws.growth._render.verdicts`).

        Returns
        -------
        tuple of str
            The derived quantities with their 95% intervals, and a caution if the
            optimiser stopped before its tolerance.
        """
        return tuple(_render.verdicts(self))

    def plot(self, ax: Axes | None = None, *, forecast: pd.DataFrame | None = None) -> Axes:
        """Data, fitted curve and, given ``forecast`` (from :meth:`forecast`), its fan (plot extra).

        The fan is the median and the central interval of ``forecast.attrs["level"]`` (else 95%).

        Parameters
        ----------
        ax : matplotlib.axes.Axes, optional
            Axes to draw on; a new figure when None.
        forecast : pandas.DataFrame, optional
            A table from :meth:`forecast` to draw.

        Returns
        -------
        matplotlib.axes.Axes
            The axes drawn on.
        """
        return _render.plot(self, ax, forecast)

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
            "at_bound": self.at_bound,
            "selection": [list(row) for row in self.selection],
            "params": self.params,
            "stderr": self.stderr,
            "dispersion": self.dispersion,
            "boot": None if self.boot is None else self.boot.to_dict(),
        }

    @classmethod
    def _from_payload(cls, payload: dict[str, Any]) -> GrowthFit:
        fit = cls._read_payload(payload)
        if "at_bound" not in payload:  # saved before issue 12's normalised frame
            fit = _renormalised(fit, payload["params"])
        return fit

    @classmethod
    def _read_payload(cls, payload: dict[str, Any]) -> GrowthFit:
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
            boot=None if payload.get("boot") is None else Bootstrap.from_dict(payload["boot"]),
            at_bound={str(k): str(v) for k, v in (payload.get("at_bound") or {}).items()},
            selection=tuple(
                (int(n), float("inf") if score is None else float(score))
                for n, score in payload.get("selection") or ()
            ),
        )

    def __repr__(self) -> str:
        """A one-line description: law, parameters and the number of points."""
        shown = " ".join(f"{name}={value:.4g}" for name, value in self.params.items())
        return f"<GrowthFit {self.law} {shown} n={self.n}>"

    # --- uncertainty and forecasts ---------------------------------------------------
    def _bootstrap(self, n_boot: int, draws: Draws) -> Bootstrap:
        """The replicates of :meth:`with_bootstrap`.

        Data sets simulated from the fit's error model, refitted in vectorised batches (scheme
        ``"parametric"``); ``workers=None`` uses one process for small jobs, all cores for large
        ones.
        """
        found = forecasting.replicate(
            self, n_boot, np.empty(0), draws.rng, draws.workers, draws.progress
        )
        values = self.spec.natural(found.z, self.design.frame)
        free = list(self.design.free)
        names = tuple(self.spec.params[j] for j in free)
        estimate = np.array([self.params[name] for name in names])
        count = int(check_number(n_boot, "n_boot", low=1, integer=True))
        return Bootstrap(names, estimate, values[:, free], count, found.failed, "parametric")

    def bootstrap(
        self,
        n_boot: int = 1000,
        *,
        level: float = 0.95,
        rng: RandomLike = 0,
        workers: int | None = None,
        progress: Progress | None = None,
    ) -> GrowthBootstrap:
        """Deprecated: use ``with_bootstrap(n_boot)`` and its ``conf_int()`` / ``derived()``.

        Parameters
        ----------
        n_boot : int, default 1000
            Replicates.
        level : float, default 0.95
            The coverage of the intervals.
        rng : int, numpy.random.Generator or None, default 0
            The seed.
        workers : int, optional
            Worker processes; None uses every core.
        progress : callable, optional
            Called as ``progress(k)`` as replicates finish.

        Returns
        -------
        GrowthBootstrap
            The old record (emits DeprecationWarning).
        """
        deprecated("GrowthFit.bootstrap()", "GrowthFit.with_bootstrap(n_boot) and conf_int()")
        check_level(level)
        record = self._bootstrap(n_boot, Draws(rng, workers, progress))
        names = tuple(n for n in self.spec.derived if n in GrowthBootstrap.DERIVED)
        return GrowthBootstrap.from_record(record, names, level)

    def predict_quantiles(
        self,
        x: Any,
        quantiles: Any = HUB_QUANTILES,
        *,
        level: float | None = None,
        n_boot: int = 1000,
        rng: RandomLike = 0,
        workers: int | None = None,
        progress: Progress | None = None,
    ) -> pd.DataFrame:
        """Predictive quantiles of the observations at future times `x`.

        Parameters
        ----------
        x : array_like
            Times after the last observation, strictly increasing (dates if the fit
            used dates). Cumulative counts continue from the last observed total and
            incidence is the amount since the previous time, so the times are a path.
        quantiles : sequence of float
            Strictly increasing levels in (0, 1); default the hubs' 23.
        level : float or None
            Also include the two levels of this central interval (e.g. 0.95 adds
            0.025 and 0.975 when missing); recorded in ``attrs["level"]``.
        n_boot, rng, workers, progress
            The parametric bootstrap that draws the predictive distribution.

        Returns
        -------
        pandas.DataFrame
            Columns ``t``, ``mean``, ``median``, then ``q<level>`` for each level.

        Raises
        ------
        InvalidInputError
            Times not after the last observation or not increasing.
        InvalidOptionError
            Levels outside (0, 1) or not increasing.

        Notes
        -----
        Each of `n_boot` replicates refits the law to data simulated from the fit and
        draws new observations from its refit (normal, Poisson or negative binomial
        errors), so the distribution holds both parameter and observation
        uncertainty; ``mean`` and the quantiles are those of the draws. The point
        forecast is the ``median``: the optimal point forecast under absolute error
        and the centre of the weighted interval score (Gneiting 2011), and invariant
        under monotone transforms (it is the same whether counts are forecast on
        their own or on the log scale), which the mean is not.
        """
        levels = check_quantiles(quantiles)
        times = forecasting.future_times(self, self.axis.from_user(np.atleast_1d(x), "x"))
        return forecasting.predictive_table(
            self, times, levels, level, n_boot, rng, workers, progress
        )

    def forecast(
        self,
        horizon: float,
        *args: float,
        quantiles: Any = HUB_QUANTILES,
        level: float | None = None,
        step: float | None = None,
        n_boot: int = 1000,
        rng: RandomLike = 0,
        workers: int | None = None,
        progress: Progress | None = None,
    ) -> pd.DataFrame:
        """Forecast ``horizon`` time units (days for dates) past the last observation.

        Returns the predictive table of :meth:`predict_quantiles` at every ``step``
        (default: the data's median spacing) up to the horizon. For cumulative counts the
        forecast continues from the last observed total.

        Parameters
        ----------
        horizon : float
            How far past the last observation, in the units of t (days for dates).
        *args : float
            Deprecated: `level` passed positionally (``forecast(30, 0.9)``).
        quantiles : sequence of float, default HUB_QUANTILES
            The predictive quantile levels, in (0, 1).
        level : float, optional
            Adds that central interval's levels (read them with
            :func:`scalinglaws.predictive.central_interval`).
        step : float, optional
            The spacing of the forecast times; default the data's median spacing.
        n_boot : int, default 1000
            Parametric bootstrap replicates behind the predictive distribution (data
            sets simulated from the fit, each refitted and its future drawn).
        rng : int, numpy.random.Generator or None, default 0
            The seed.
        workers : int, optional
            Worker processes; None uses every core.
        progress : callable, optional
            Called as ``progress(k)`` as replicates finish.

        Returns
        -------
        pandas.DataFrame
            Columns ``t`` (dates if the fit used dates), ``mean``, ``median`` (the point
            forecast; see :meth:`predict_quantiles` for why) and ``q<level>`` for each level;
            ``attrs["level"]`` holds `level`.
        """
        level = positional_keywords("forecast", args, {"level": level})["level"]
        if level is not None:
            level = check_level(level)
        levels = check_quantiles(quantiles)
        return forecasting.forecast(
            self, horizon, levels, level, step, n_boot, rng, workers, progress
        )

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

        Parameters
        ----------
        cutoffs : array_like
            Times (or dates) to cut the series at; each refit sees the data up to it.
        horizon : float, optional
            Score only observations within this many time units of the cutoff.
        level : float, default 0.95
            The coverage of the prediction band scored.
        n_boot : int, default 300
            Bootstrap replicates of each refit's forecast.
        rng : int, numpy.random.Generator or None, default 0
            The seed.
        workers : int, optional
            Worker processes; None uses every core.

        Returns
        -------
        pandas.DataFrame
            One row per cutoff: the cutoff, the points fitted and scored, the mean
            absolute error (``mae``) of the forecast mean, the share of later
            observations inside the ``level`` prediction band (``coverage``), the
            refitted parameters, and ``status`` ("ok", the refit's warnings, or why it failed).
        """
        return forecasting.backtest(self, cutoffs, horizon, level, n_boot, rng, workers)


def _renormalised(fit: GrowthFit, params: dict[str, Any]) -> GrowthFit:
    """A fit saved before growth laws were fitted in one normalised frame (issue 12).

    Its ``z`` and ``cov_z`` were on the old fitting scale, so ``z`` is rebuilt from the saved
    natural parameters and the covariance recomputed there (the Fisher information of today's fit at
    the saved estimate).
    """
    values = np.array([[float(params[name]) for name in fit.spec.params]])
    z = fit.spec.internal_of(values, fit.design.frame)[0]
    moved = replace(fit, z=z)
    free = list(moved.design.free)
    cov_free, _ = free_covariance(moved.design, z[free], moved.noise, moved.at_bound)
    cov = np.zeros((z.size, z.size))
    cov[np.ix_(free, free)] = cov_free
    return replace(moved, cov_z=cov)
