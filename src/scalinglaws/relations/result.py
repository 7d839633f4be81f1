"""RelationFit: the result of fit_relation (docs/design.md, "The result contract")."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from scalinglaws._deprecation import deprecated
from scalinglaws._types import FloatArray
from scalinglaws._validate import check_choice, check_level, check_number
from scalinglaws.errors import InvalidOptionError
from scalinglaws.predictive import IntervalKind
from scalinglaws.quantiles import HUB_QUANTILES
from scalinglaws.relations import _predictive, _render
from scalinglaws.relations._data import Prepared
from scalinglaws.relations._estimate import Estimate
from scalinglaws.relations._inference import (
    Correction,
    ExponentTest,
    exponent_test,
    parameter_table,
)
from scalinglaws.relations._laws import Spec
from scalinglaws.relations._scale import terms, times
from scalinglaws.relations.bootstrap import bootstrap_theta, from_payload, record
from scalinglaws.results import FitResult, IntervalMethod, Summary
from scalinglaws.uncertainty import Bootstrap, Draws, Progress, RandomLike

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["RelationFit"]


@dataclass(frozen=True, eq=False, repr=False)
class RelationFit(FitResult):
    """A scaling relation y = f(x) fitted by :func:`~scalinglaws.relations.fit_relation`.

    The fit ran on standardised data, x / s_x and y / s_y with
    ``x_log_scale`` = ln s_x (per column) and ``y_log_scale`` = ln s_y
    (:mod:`scalinglaws.relations._scale`). ``theta`` is the internal parameter
    vector for those data (ln a, ln x_break where the law keeps them positive),
    ``theta_cov`` its covariance and ``rss`` the residual sum of squares on that
    scale; ``params``, ``stderr``, ``conf_int()``, ``predict()``, ``residuals()``,
    the log-likelihood and the Poisson dispersion are in the user's units.

    Attributes
    ----------
    law : str
        ``"power"``, ``"power_offset"``, ``"broken_power"``, ``"exponential"``,
        ``"linear"`` or the multi-variable power law.
    method : str
        The estimator (``"ols_log"``, ``"nls"``, ``"sma"``, ``"ma"``, ``"poisson"``, ...).
    x : numpy.ndarray, shape (n,) or (n, k)
        The rows fitted.
    y : numpy.ndarray, shape (n,)
        The responses fitted.
    theta : numpy.ndarray
        The internal parameter vector on the standardised scale.
    theta_cov : numpy.ndarray
        Its covariance.
    df_resid : int or None
        Residual degrees of freedom; None for z intervals (Poisson).
    rss : float
        The residual sum of squares on the standardised fitted scale (Poisson: deviance).
    log_likelihood : float or None
        The maximised log-likelihood in the user's units; None for SMA/MA.
    x_names : tuple of str, default ("x",)
        The names of the x columns.
    y_name : str, default "y"
        The name of y.
    smoothness : float, default 0.5
        The broken power law's break width Δ, in units of ln x.
    n_dropped : int, default 0
        Rows with non-positive values dropped by ``drop_nonpositive=True``.
    dispersion : float, optional
        The Pearson dispersion of the Poisson GLM.
    boot : Bootstrap, optional
        Pairs bootstrap replicates (:meth:`with_bootstrap`).
    x_log_scale : tuple of float
        ln s_x of each x column.
    y_log_scale : float, default 0.0
        ln s_y.
    warnings : tuple of str
        Reasons not to trust the fit (keyword only).
    """

    kind = "relation"

    law: str
    method: str
    x: FloatArray  # (n,) or (n, k), the rows fitted
    y: FloatArray
    theta: FloatArray
    theta_cov: FloatArray
    df_resid: int | None  # None: z intervals (Poisson)
    rss: float  # on the standardised fitted scale (Poisson: deviance)
    log_likelihood: float | None  # None for SMA / MA
    x_names: tuple[str, ...] = ("x",)
    y_name: str = "y"
    smoothness: float = 0.5
    n_dropped: int = 0
    dispersion: float | None = None
    boot: Bootstrap | None = None
    x_log_scale: tuple[float, ...] = ()
    y_log_scale: float = 0.0
    warnings: tuple[str, ...] = field(default=(), kw_only=True)

    @classmethod
    def from_estimate(cls, spec: Spec, data: Prepared, fit: Estimate) -> RelationFit:
        """A result from a law's spec, its prepared data and the estimate.

        Parameters
        ----------
        spec : Spec
            The law, method and settings fitted.
        data : Prepared
            The validated data (x, y, scales).
        fit : Estimate
            The estimate on the standardised scale (theta, covariance, residuals).

        Returns
        -------
        RelationFit
            The result, warned where the estimate cannot be trusted.
        """
        return cls(
            law=spec.law,
            method=spec.method,
            x=data.x,
            y=data.y,
            theta=fit.theta,
            theta_cov=fit.cov,
            df_resid=fit.df,
            rss=fit.rss,
            log_likelihood=fit.log_likelihood,
            x_names=data.x_names,
            y_name=data.y_name,
            smoothness=spec.smoothness,
            n_dropped=data.n_dropped,
            dispersion=fit.dispersion,
            x_log_scale=spec.x_log_scale,
            y_log_scale=spec.y_log_scale,
        )

    # --- derived quantities --------------------------------------------------------
    @property
    def spec(self) -> Spec:
        """The law, method and settings fitted."""
        k = 1 if self.x.ndim == 1 else int(self.x.shape[1])
        return Spec(self.law, self.method, k, self.smoothness, self.x_log_scale, self.y_log_scale)

    @property
    def n(self) -> int:
        """The number of observations fitted."""
        return int(self.y.size)

    @property
    def params(self) -> dict[str, float]:
        """The fitted parameters in the user's units, by name."""
        return self.spec.params(self.theta)

    def _analytic_stderr(self) -> dict[str, float]:
        """Standard errors in the user's units, by the delta method (see ``_scale``)."""
        spec = self.spec
        return {
            name: term.stderr(self.theta, self.theta_cov)
            for name, term in zip(spec.names, terms(spec, self.theta), strict=True)
        }

    @property
    def sigma2(self) -> float:
        """Residual variance on the standardised fitted scale.

        RSS / (n - p) (on ln y it is the user's too; Poisson: the Pearson dispersion).
        """
        if self.df_resid is None:
            return float(self.dispersion or 1.0)
        return self.rss / self.df_resid

    @property
    def residual_sd(self) -> float:
        """Residual standard deviation in the user's units (of ln y for log methods)."""
        sd = math.sqrt(self.sigma2)
        if self.spec.log_y or self.df_resid is None:
            return sd
        return float(times(sd, self.y_log_scale))

    @property
    def n_params(self) -> int:
        """Parameters counted by AIC/BIC: theta plus the error variance for Gaussian fits."""
        return int(self.theta.size) + (0 if self.method == "poisson" else 1)

    @property
    def aic(self) -> float | None:
        """Akaike's information criterion, None for methods without a likelihood."""
        if self.log_likelihood is None:
            return None
        return -2.0 * self.log_likelihood + 2.0 * self.n_params

    @property
    def bic(self) -> float | None:
        """The Bayesian information criterion, None for methods without a likelihood."""
        if self.log_likelihood is None:
            return None
        return -2.0 * self.log_likelihood + math.log(self.n) * self.n_params

    @property
    def r_squared(self) -> float:
        """1 - RSS/TSS on the fitted scale (SMA/MA: r^2; Poisson: 1 - deviance/null deviance)."""
        with np.errstate(all="ignore"):
            return self._r_squared()

    def _r_squared(self) -> float:
        target = self.spec.target(self.y)
        if self.method == "poisson":  # deviances on the standardised scale, like rss
            mean = float(target.mean())
            null = float(2.0 * np.sum(target * np.log(np.where(target > 0, target, 1.0) / mean)))
            return 1.0 - self.rss / null if null > 0 else math.nan
        if self.method in ("sma", "ma"):
            u = self.spec.features(self.x)[:, 0]
            return float(np.corrcoef(u, target)[0, 1] ** 2)
        tss = float(np.sum((target - target.mean()) ** 2))
        return 1.0 - self.rss / tss if tss > 0 else math.nan

    def residuals(self) -> FloatArray:
        """Residuals on the fitted scale, in the user's units.

        Returns
        -------
        numpy.ndarray, shape (n,)
            ln y - ln f for log methods, y - f otherwise.
        """
        spec = self.spec
        target = spec.target(self.y)
        with np.errstate(all="ignore"):
            mean, _ = spec.fit_mean(spec.features(self.x), self.theta)
            resid = target - (np.exp(mean) if spec.method == "poisson" else mean)
        return resid if spec.log_y else times(resid, spec.y_shift)

    def _axis_data(self) -> tuple[FloatArray, FloatArray] | None:
        if self.method not in ("sma", "ma"):
            return None
        return self.spec.features(self.x)[:, 0], self.spec.target(self.y)

    # --- the result contract -------------------------------------------------------
    def _analytic_conf_int(self, level: float) -> pd.DataFrame:
        """Analytic intervals of the parameters.

        t (least squares) or z (Poisson) intervals on the internal scale, mapped
        through exp for a and x_break; SMA/MA slopes use smatr's intervals.
        """
        return parameter_table(
            self.spec, self.theta, self.theta_cov, self.df_resid, level, self._axis_data()
        )

    def conf_int(self, level: float = 0.95, *, method: IntervalMethod = "auto") -> pd.DataFrame:
        """Intervals for every parameter: estimate, lower, upper.

        ``method="analytic"``: t (least squares) or z (Poisson) intervals on the
        internal scale, mapped through exp for a and x_break; SMA/MA slopes use
        smatr's intervals. ``method="bootstrap"``: the pairs bootstrap of
        :meth:`with_bootstrap` (percentile, widened to the estimate). ``"auto"``
        (default): bootstrap when the fit holds replicates, else analytic.

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

    def predict(
        self,
        x: Any,
        *,
        correction: Correction | None = None,
        interval: IntervalKind | None = None,
        level: float | None = None,
    ) -> Any:
        """The fitted relation at new x: an array of point predictions.

        For log methods the curve exp(fitted ln y) is the median of y; ``correction``
        turns it into the mean. For intervals use :meth:`predict_quantiles`.

        Parameters
        ----------
        x : array_like, shape (m,) or (m, k)
            New x in the user's units (k columns for the multi-variable law).
        correction : {"smearing", "lognormal", "none"}, optional
            ``"smearing"`` (Duan 1983, the default for ``ols_log``), ``"lognormal"``
            (exp(s^2/2)) or ``"none"`` (the default for SMA/MA, whose line is not a
            regression of y on x).
        interval : {"confidence", "prediction"}, optional
            Deprecated: returns the old DataFrame of x, mean, lower, upper
            (``"confidence"`` bounds the curve, ``"prediction"`` a new observation).
        level : float, optional
            Deprecated, with `interval`: the band's coverage.

        Returns
        -------
        numpy.ndarray or pandas.DataFrame
            The predictions (the DataFrame only with the deprecated `interval`).

        References
        ----------
        .. [1] Duan, N. (1983). Smearing estimate: a nonparametric retransformation
           method. JASA 78(383), 605-610.
        """
        return _predictive.predict(self, x, correction, interval, level)

    def predict_quantiles(
        self,
        x: Any,
        quantiles: Any = HUB_QUANTILES,
        *,
        method: IntervalMethod = "auto",
        interval: IntervalKind = "prediction",
    ) -> pd.DataFrame:
        """Predictive quantiles of a new y at each x.

        Columns x (or the x names), mean, median and one ``q<level>`` column per level.

        Parameters
        ----------
        x : array_like
            New x values (a column per x of a multi-variable fit).
        quantiles : sequence of float
            Strictly increasing levels in (0, 1); default the hubs' 23.
        method : str
            ``"auto"``, ``"analytic"`` or ``"bootstrap"``, as in :meth:`conf_int`.
        interval : str
            ``"prediction"`` (default): a new observation, the fitted curve's
            uncertainty plus the method's noise; ``"confidence"``: the curve alone.

        Returns
        -------
        pandas.DataFrame

        Raises
        ------
        InvalidOptionError
            Levels outside (0, 1) or not increasing, an unknown method or interval.
        InvalidInputError
            x of the wrong shape or outside the law's domain.

        Notes
        -----
        The observation models and formulas are in
        :mod:`scalinglaws.relations._predictive`: t predictive intervals on ln y for
        ``ols_log`` (exact under normal errors), on y for ``nls``, and a
        Poisson-lognormal mixture for ``poisson``; with bootstrap replicates, the
        mixture of the replicates' curves with the same noise.
        """
        use_boot = self.interval_method(method) == "bootstrap"
        return _predictive.quantile_table(self, x, quantiles, use_boot, interval)

    def test_exponent(
        self, b0: float, *, param: str | None = None, level: float = 0.95, **old: Any
    ) -> ExponentTest:
        """Two-sided test of H0: exponent = b0 (b0 = 1 for urban scaling, 0.75 for Kleiber).

        t test for least-squares fits, Wald z for the Poisson GLM, and for SMA/MA
        smatr's ``slope.test`` (Warton et al. 2006): the correlation of residuals and
        fitted axis scores under H0, F(1, n - 2).

        Parameters
        ----------
        b0 : float
            The exponent under H0.
        param : str, optional
            The exponent to test; defaults to the law's only exponent (``b``). Name it
            for the multi-variable and broken power laws.
        level : float, default 0.95
            The confidence level, as in every interval: H0 is rejected when
            p < 1 - level, i.e. when b0 lies outside the two-sided `level` interval.
        **old
            ``alpha=`` (the significance, 1 - level), deprecated.

        Returns
        -------
        ExponentTest
            Statistic, p-value and verdict.

        Raises
        ------
        InvalidOptionError
            The law has no such exponent, or several and `param` is None.

        References
        ----------
        .. [1] Warton, D. I., Wright, I. J., Falster, D. S. & Westoby, M. (2006).
           Bivariate line-fitting methods for allometry. Biological Reviews 81, 259-291.
        """
        value = check_number(b0, "b0")
        if old:  # the significance alpha = 1 - level, its name before level
            if set(old) != {"alpha"}:
                unknown = sorted(set(old) - {"alpha"})[0]
                raise TypeError(f"test_exponent() got an unexpected keyword argument {unknown!r}")
            if level != 0.95:
                raise TypeError("test_exponent() got values for both 'alpha' and 'level'")
            deprecated("test_exponent(alpha=...)", "test_exponent(level=1 - alpha)")
            level = 1.0 - check_number(old["alpha"], "alpha", low=0.0, high=1.0)
        level = check_level(level)
        exponents = self.spec.exponents
        if param is None:
            if len(exponents) != 1:
                raise InvalidOptionError(
                    f"law={self.law!r} has several exponents; pass param= one of: "
                    f"{', '.join(exponents)}."
                )
            param = exponents[0]
        check_choice(param, "param", exponents)
        return exponent_test(
            self.spec,
            self.theta,
            self.theta_cov,
            self.df_resid,
            param,
            value,
            level,
            self._axis_data(),
        )

    def _bootstrap(self, n_boot: int, draws: Draws) -> Bootstrap:
        """The replicates of :meth:`with_bootstrap`.

        Rows resampled with replacement and refitted with the same law and method (scheme
        ``"pairs"``; see :mod:`scalinglaws.relations.bootstrap`).
        """
        spec = self.spec
        rows = bootstrap_theta(
            spec,
            spec.features(self.x),
            spec.target(self.y),
            self.theta,
            n_boot,
            rng=draws.rng,
            workers=draws.workers,
            progress=draws.progress,
        )
        return record(spec, self.theta, rows)

    def bootstrap(
        self,
        n_boot: int = 1000,
        *,
        rng: RandomLike = 0,
        workers: int | None = None,
        progress: Progress | None = None,
    ) -> Bootstrap:
        """Deprecated: use ``with_bootstrap(n_boot).boot``.

        Parameters
        ----------
        n_boot : int, default 1000
            Replicates.
        rng : int, numpy.random.Generator or None, default 0
            The seed.
        workers : int, optional
            Worker processes; None uses every core.
        progress : callable, optional
            Called as ``progress(k)`` as replicates finish.

        Returns
        -------
        Bootstrap
            The pairs bootstrap record (emits DeprecationWarning).
        """
        deprecated("RelationFit.bootstrap()", "RelationFit.with_bootstrap(n_boot).boot")
        boot = self.with_bootstrap(n_boot, rng=rng, workers=workers, progress=progress).boot
        assert boot is not None
        return boot

    def _summary(self) -> Summary:
        return _render.summary(self)

    def verdicts(self) -> tuple[str, ...]:
        """The fit's conclusions as sentences (:func:`scalinglaws.relations._render.verdicts`).

        Returns
        -------
        tuple of str
            Each exponent with its 95% interval, then the share of variance explained.
        """
        return tuple(_render.verdicts(self))

    def plot(self, ax: Axes | None = None) -> Axes:
        """Data and fitted curve with its 95% confidence band (log axes for log methods).

        Parameters
        ----------
        ax : matplotlib.axes.Axes, optional
            Axes to draw on; a new figure when None (needs the plot extra).

        Returns
        -------
        matplotlib.axes.Axes
            The axes drawn on.
        """
        return _render.plot(self, ax)

    def _payload(self) -> dict[str, Any]:
        return {
            "law": self.law,
            "method": self.method,
            "params": self.params,
            "stderr": self.stderr,
            "x": self.x,
            "y": self.y,
            "x_names": list(self.x_names),
            "y_name": self.y_name,
            "theta": self.theta,
            "theta_cov": self.theta_cov,
            "df_resid": self.df_resid,
            "rss": self.rss,
            "log_likelihood": self.log_likelihood,
            "smoothness": self.smoothness,
            "n": self.n,
            "n_dropped": self.n_dropped,
            "dispersion": self.dispersion,
            "x_log_scale": list(self.x_log_scale),
            "y_log_scale": self.y_log_scale,
            "aic": self.aic,
            "bic": self.bic,
            "r_squared": self.r_squared,
            "boot": None if self.boot is None else self.boot.to_dict(),
        }

    @classmethod
    def _from_payload(cls, payload: dict[str, Any]) -> RelationFit:
        theta = np.asarray(payload["theta"], dtype=np.float64)
        optional = {"log_likelihood": payload.get("log_likelihood"), "dispersion": None}
        if payload.get("dispersion") is not None:
            optional["dispersion"] = float(payload["dispersion"])
        return cls(
            law=str(payload["law"]),
            method=str(payload["method"]),
            x=np.asarray(payload["x"], dtype=np.float64),
            y=np.asarray(payload["y"], dtype=np.float64),
            theta=theta,
            theta_cov=np.asarray(payload["theta_cov"], dtype=np.float64).reshape(
                theta.size, theta.size
            ),
            df_resid=None if payload.get("df_resid") is None else int(payload["df_resid"]),
            rss=float(payload["rss"]),
            log_likelihood=None
            if optional["log_likelihood"] is None
            else float(optional["log_likelihood"]),
            x_names=tuple(str(name) for name in payload.get("x_names", ["x"])),
            y_name=str(payload.get("y_name", "y")),
            smoothness=float(payload.get("smoothness", 0.5)),
            n_dropped=int(payload.get("n_dropped", 0)),
            dispersion=optional["dispersion"],
            x_log_scale=tuple(float(v) for v in payload.get("x_log_scale") or ()),
            y_log_scale=float(payload.get("y_log_scale") or 0.0),
            boot=from_payload(payload),
        )

    def __repr__(self) -> str:
        """A one-line description: law, method, parameters and the number of points."""
        shown = ", ".join(f"{name}={value:.4g}" for name, value in self.params.items())
        return f"<RelationFit {self.law}/{self.method} {shown} n={self.n}>"
