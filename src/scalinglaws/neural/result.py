"""NeuralFit: the result of fit_neural and its intervals (docs/design.md, result contract)."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from scalinglaws._deprecation import deprecated, renamed_keywords
from scalinglaws._types import FloatArray
from scalinglaws._validate import as_float_vector, check_choice, check_level, require_positive
from scalinglaws.errors import FitError, InvalidOptionError
from scalinglaws.formulas import neural as law
from scalinglaws.neural import _intervals, _points, _render, _saved, diagnostics
from scalinglaws.neural._plot import plot_fit
from scalinglaws.neural.backtest import Backtest, backtest
from scalinglaws.neural.bootstrap import BootstrapStarts
from scalinglaws.neural.data import resource
from scalinglaws.neural.forms import FORMS
from scalinglaws.neural.problem import bootstrap_samples
from scalinglaws.predictive import IntervalKind, quantile_frame
from scalinglaws.quantiles import HUB_QUANTILES, check_quantiles
from scalinglaws.results import FitResult, IntervalMethod, Summary, flag
from scalinglaws.uncertainty import Bootstrap, Draws, Progress, RandomLike, bootstrap_interval

if TYPE_CHECKING:
    from matplotlib.axes import Axes


__all__ = ["NeuralFit"]


@dataclass(frozen=True, eq=False, repr=False)
class NeuralFit(FitResult):
    """A neural scaling law fitted to final losses of a ladder of runs.

    ``params`` holds the law's natural parameters (for ``chinchilla``: E, A, B,
    alpha, beta). ``objective`` is the summed robust loss at the optimum;
    ``n_best_basin`` of ``n_starts`` starts ended in the best basin. With
    bootstrap replicates (:meth:`with_bootstrap`), ``stderr``, ``conf_int``,
    ``predict_quantiles`` and ``compute_optimal`` use them; without them, the
    analytic theory of :mod:`scalinglaws.neural._analytic` (Huber's M-estimator
    covariance at the optimum).

    Attributes
    ----------
    form : str
        The law (see :func:`~scalinglaws.neural.fit_neural`).
    variable : str
        The resource X of the one-resource forms (``"N"``, ``"D"`` or ``"C"``).
    N, D, L, C : numpy.ndarray
        Parameters, tokens, loss and FLOPs of each run (or checkpoint).
    c_given : bool
        Whether C was given rather than computed as flops_per_token * N * D.
    flops_per_token : float
        k in C = k N D.
    loss : str
        The fitting loss (``"huber"``, ``"least_squares"``, ``"asymmetric"``).
    delta : float
        Huber's threshold.
    theta : numpy.ndarray
        The estimate in fit space (log scales, exponents).
    objective : float
        The summed robust loss at the optimum.
    n_starts : int
        Starting points tried.
    n_best_basin : int
        Starts that ended in the best basin.
    candidates : numpy.ndarray
        Distinct local optima of the search, best first.
    boot : Bootstrap or None
        Replicates over runs (natural parameters).
    asymmetry : float, default 1.0
        The weight on under-predictions (``loss="asymmetric"``).
    U : numpy.ndarray, optional
        Unique tokens per run (``form="data_constrained"``).
    run : numpy.ndarray of int, optional
        The run of each row when rows are checkpoints.
    n_burned : int, default 0
        Checkpoints dropped by the burn-in trim.
    burn_in : float, default 0.0
        The share of each run's tokens trimmed (with run ids).
    fixed : dict of str to float
        Exponents held, not fitted.
    bounds : dict of str to (float, float)
        Intervals the exponents were kept in.
    warnings : tuple of str
        Reasons not to trust the fit (keyword only).
    """

    kind = "neural"

    form: str
    variable: str
    N: FloatArray
    D: FloatArray
    L: FloatArray
    C: FloatArray
    c_given: bool
    flops_per_token: float
    loss: str
    delta: float
    theta: FloatArray  # fit space (log scales, exponents)
    objective: float
    n_starts: int
    n_best_basin: int
    candidates: FloatArray  # distinct local optima of the search, best first
    boot: Bootstrap | None = None  # replicates over runs (natural parameters)
    asymmetry: float = 1.0  # weight on under-predictions (objective="asymmetric")
    U: FloatArray | None = None  # unique tokens per run (form="data_constrained")
    run: npt.NDArray[np.int64] | None = None  # run of each row when rows are checkpoints
    n_burned: int = 0  # checkpoints dropped by the burn-in trim
    burn_in: float = 0.0  # the share of each run's tokens trimmed (with run ids)
    fixed: dict[str, float] = field(default_factory=dict)  # exponents held, not fitted
    bounds: dict[str, tuple[float, float]] = field(default_factory=dict)  # exponent intervals
    warnings: tuple[str, ...] = field(default=(), kw_only=True)

    # --- parameters ----------------------------------------------------------------
    @property
    def params(self) -> dict[str, float]:
        """The fitted parameters in the user's units, by name."""
        values = FORMS[self.form].natural(self.theta)
        return {
            name: float(v) for name, v in zip(FORMS[self.form].param_names, values, strict=True)
        }

    @functools.cached_property
    def covariance(self) -> FloatArray:
        """Huber's covariance of the fit-space parameters (``theta``) at the optimum.

        kappa^2 (J'J)^-1 (see :mod:`scalinglaws.neural._analytic`); an unidentified
        direction has infinite variance.
        """
        return _intervals.covariance(self)

    def _analytic_stderr(self) -> dict[str, float]:
        return _intervals.analytic_stderr(self)

    @property
    def boot_failed(self) -> int:
        """Deprecated: ``boot.n_failed``."""
        deprecated("NeuralFit.boot_failed", "NeuralFit.boot.n_failed")
        return 0 if self.boot is None else self.boot.n_failed

    @property
    def n_runs(self) -> int:
        """The number of runs fitted."""
        return int(self.L.size)

    @property
    def single_resource(self) -> bool:
        """True for laws in one resource X = `variable` (power, power_offset, bnsl, m4)."""
        return FORMS[self.form].n_features == 1

    @property
    def chinchilla_like(self) -> bool:
        """True for the forms with an N and a D term (compute_optimal applies)."""
        return self.form in ("chinchilla", "chinchilla_tied")

    @property
    def has_allocation(self) -> bool:
        """True for the forms compute_optimal applies to.

        The Chinchilla forms and ``data_constrained`` (whose law with fresh data, U = D, is
        Chinchilla's).
        """
        return self.chinchilla_like or self.form == "data_constrained"

    @property
    def frontier(self) -> dict[str, float]:
        """Compute-optimal exponents a (N_opt ~ C^a) and b (D_opt ~ C^b); Chinchilla forms only."""
        self._require_chinchilla("frontier")
        point = FORMS[self.form].natural(self.theta)
        a, b = law.frontier_exponents(point[3], point[4])
        return {"a": float(a), "b": float(b)}

    def _require_chinchilla(self, what: str) -> None:
        if not self.chinchilla_like:
            raise InvalidOptionError(
                f"{what} needs both an N and a D term of the Chinchilla form; this fit has "
                f"form={self.form!r}; refit with form='chinchilla' or 'chinchilla_tied'."
            )

    def conf_int(self, level: float = 0.95, *, method: IntervalMethod = "auto") -> pd.DataFrame:
        """Intervals for every parameter and, for Chinchilla forms, for a and b.

        ``method="bootstrap"``: percentile intervals of :meth:`with_bootstrap`'s
        replicates over runs, widened to contain the estimate. ``"analytic"``: Wald
        intervals from Huber's M-estimator covariance at the optimum, on the fit
        scale (log of the scale parameters) mapped back; the delta method for a and
        b; unbounded for a parameter the runs do not identify. ``"auto"``
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
            Columns ``estimate, lower, upper``, indexed by name (a = beta/(alpha+beta) and
            b = alpha/(alpha+beta) for Chinchilla forms).
        """
        return super().conf_int(level, method=method)

    def _analytic_conf_int(self, level: float) -> pd.DataFrame:
        return _intervals.analytic_table(self, level)

    def _bootstrap_conf_int(self, level: float) -> pd.DataFrame:
        return _intervals.bootstrap_table(self, level)

    # --- predictions ---------------------------------------------------------------
    def _law(
        self, natural: FloatArray, x: FloatArray, d: FloatArray | None, u: FloatArray | None = None
    ) -> FloatArray:
        return _points.law_values(self.form, natural, x, d, u)

    def _inputs(
        self, N: Any, D: Any, old: dict[str, Any], call: str
    ) -> tuple[FloatArray, FloatArray | None]:
        if old:  # x= and d=, the names before predict(N, D) matched fit_neural(N, D)
            given = renamed_keywords(call, old, {"N": N, "D": D}, {"x": "N", "d": "D"})
            N, D = given["N"], given["D"]
        if self.single_resource and self.variable == "D" and N is None:
            N, D = D, None  # predict(D=tokens) on a law in D alone
        if N is None:
            raise InvalidOptionError(f"{call}(N, D): pass the points to predict at.")
        return _points.check_points(self, N, D)

    def _unique(self, u: Any, size: int) -> FloatArray | None:
        return _points.unique_tokens(self, u, size)

    def predict(
        self,
        N: Any = None,
        D: Any = None,
        *,
        unique_tokens: Any = None,
        level: float | None = None,
        **old: Any,
    ) -> Any:
        """Predicted loss at (N, D).

        `N` and `D` are named as in :func:`fit_neural`; a one-resource law takes its
        variable first (``predict(x)``) or by its name (``predict(D=tokens)``).

        Parameters
        ----------
        N : array_like, optional
            N (or X for the one-resource forms).
        D : array_like, optional
            D; a one-resource law may take its variable here by name.
        unique_tokens : array_like, optional
            The unique tokens U for ``data_constrained`` (default U = D).
        level : float, optional
            Deprecated (use :meth:`predict_quantiles`): returns the old DataFrame
            N, D, loss, lower, upper of the bootstrap curves' interval.
        **old
            The old keywords ``x=`` and ``d=``, accepted one release with a warning.

        Returns
        -------
        numpy.ndarray or pandas.DataFrame
            The point predictions (the DataFrame only with the deprecated `level`).
        """
        xs, ds = self._inputs(N, D, old, "NeuralFit.predict")
        us = self._unique(unique_tokens, xs.size)
        point = FORMS[self.form].natural(self.theta)
        with np.errstate(all="ignore"):
            loss = self._law(point, xs, ds, us)[0]
        if not np.isfinite(loss).all():
            shown = ", ".join(f"{k} = {v:.4g}" for k, v in self.params.items())
            raise FitError(
                f"the fitted law ({shown}) has no finite value in float64 at N = "
                f"{xs[~np.isfinite(loss)][0]:g}; a degenerate fit (a term at 0 with a huge "
                "exponent) or a point far outside the runs; check the fit's warnings."
            )
        if level is None:
            return loss
        deprecated(
            "NeuralFit.predict(level=...)",
            "predict_quantiles(N, D, quantiles=..., interval='confidence')",
        )
        level = check_level(level)
        if self.boot is None:
            raise InvalidOptionError(
                "predict(level=...) needs bootstrap replicates; call fit.with_bootstrap(1000) "
                "first, or use predict_quantiles(), which also works without them."
            )
        curves = self._law(self.boot.samples, xs, ds, us)  # (B, n)
        lower, upper = bootstrap_interval(curves, loss, level)
        table = {self.variable if ds is None else "N": xs} | ({} if ds is None else {"D": ds})
        return pd.DataFrame({**table, "loss": loss, "lower": lower, "upper": upper})

    def predict_quantiles(
        self,
        N: Any = None,
        D: Any = None,
        *,
        quantiles: Any = HUB_QUANTILES,
        unique_tokens: Any = None,
        method: IntervalMethod = "auto",
        interval: IntervalKind = "prediction",
        **old: Any,
    ) -> pd.DataFrame:
        """Predictive quantiles of the final loss of a new run at (N, D).

        At X for the one-resource forms.

        Parameters
        ----------
        N, D, unique_tokens
            As in :meth:`predict` (``x=`` and ``d=`` are deprecated).
        quantiles : sequence of float
            Strictly increasing levels in (0, 1); default the hubs' 23.
        method : str
            ``"auto"``, ``"analytic"`` or ``"bootstrap"``, as in :meth:`conf_int`.
        interval : str
            ``"prediction"`` (default): a new run, the law's uncertainty plus the runs'
            scatter about it; ``"confidence"``: the fitted law alone.
        **old
            The old keywords ``x=`` and ``d=``, accepted one release with a warning.

        Returns
        -------
        pandas.DataFrame
            Columns ``N`` and ``D`` (``x`` for one-resource forms; ``U`` added for
            ``data_constrained``), ``mean``, ``median``, then ``q<level>`` per level.

        Notes
        -----
        On the log scale the loss of a new run is log Lhat + e, e ~ N(0, s^2), where
        s is the normalised median absolute deviation of the runs' log residuals
        (root mean square for least squares) with a n / (n - p) correction. Analytic:
        log Lhat is normal with the delta-method variance of Huber's covariance and
        the quantiles are those of t_{n-p}; bootstrap: the mixture over replicates of
        N(log Lhat_b, s^2). See :mod:`scalinglaws.neural._intervals`.
        """
        levels = check_quantiles(quantiles)
        check_choice(interval, "interval", ("prediction", "confidence"))
        use_boot = self.interval_method(method) == "bootstrap"
        xs, ds = self._inputs(N, D, old, "NeuralFit.predict_quantiles")
        us = self._unique(unique_tokens, xs.size)
        curves = None
        if use_boot:
            assert self.boot is not None
            curves = self._law(self.boot.samples, xs, ds, us)
        feats = _intervals.features_of(self, xs, ds, us)
        mean, median, values = _intervals.predictive(
            self, feats, curves, levels, interval == "prediction"
        )
        inputs = {"x": xs} if ds is None else {"N": xs, "D": ds}
        if us is not None:
            inputs["U"] = us
        return quantile_frame(inputs, mean, median, values, levels)

    def compute_optimal(
        self, C: Any, *, level: float | None = None, method: IntervalMethod = "auto"
    ) -> pd.DataFrame:
        """Compute-optimal N_opt, D_opt, loss and tokens per parameter at budgets C.

        Closed form of Hoffmann et al. (2022, eq. 4) under C = flops_per_token * N * D:
        N_opt = G (C/k)^(beta/(alpha+beta)), D_opt = G^-1 (C/k)^(alpha/(alpha+beta)),
        G = (alpha A / (beta B))^(1/(alpha+beta)).

        For ``data_constrained`` the allocation assumes fresh data (every token unique,
        U = D, so D' = D): the law is then Chinchilla's with the fitted E, A, B, alpha
        and beta (Muennighoff et al. 2023, sec. 3); with repeated data the optimum
        shifts toward more parameters.

        A budget far beyond the runs (over 1,000 times the largest C, or below the
        smallest) or an optimal tokens per parameter outside the runs' range of D/N
        emits a ``FitWarning``; the reasons are also in ``table.attrs["warnings"]``
        (:mod:`scalinglaws.neural.diagnostics`).

        Parameters
        ----------
        C : array_like
            Compute budgets in FLOPs.
        level : float, optional
            Adds ``*_lower`` / ``*_upper`` columns with intervals of that coverage.
        method : {"auto", "analytic", "bootstrap"}, default "auto"
            As :meth:`conf_int`: the replicates' allocations (percentile, widened to the
            estimate) or the delta method on the log of each quantity.

        Returns
        -------
        pandas.DataFrame
            Columns ``C, N_opt, D_opt, loss, tokens_per_param`` (and the intervals).

        Raises
        ------
        InvalidOptionError
            A form without a compute-optimal allocation (one resource, Kaplan).
        FitError
            The fitted law does not fall with both N and D (A, B, alpha or beta <= 0), or
            the optimum at these budgets lies beyond float64's range in these units.

        References
        ----------
        .. [1] Hoffmann, J. et al. (2022). Training compute-optimal large language models.
           arXiv:2203.15556, eq. 4.
        """
        if not self.has_allocation:
            self._require_chinchilla("compute_optimal")
        budgets = as_float_vector(np.atleast_1d(C), "C")
        require_positive(budgets, "C")
        falling = {k: v for k, v in self.params.items() if k in ("A", "B", "alpha", "beta")}
        if min(falling.values()) <= 0:  # eq. 4 takes (alpha A / (beta B))^(1/(alpha+beta))
            shown = ", ".join(f"{k} = {v:.3g}" for k, v in falling.items())
            raise FitError(
                f"the fitted law has no compute-optimal allocation ({shown}): the loss "
                "must fall with both N and D (A, B, alpha, beta > 0); these runs do not "
                "show that, so add runs that vary N and D."
            )
        with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
            table = pd.DataFrame({"C": budgets, **self._optimal(self.params, budgets)})
        if not np.isfinite(table.to_numpy(float)).all():
            raise FitError(
                f"compute_optimal: at C = {budgets.min():g} to {budgets.max():g} the optimal "
                "N, D or tokens per parameter lie beyond float64's range in these units; "
                "ask at budgets nearer the runs, or express N and D in other units."
            )
        ratio = self.D / self.N
        table.attrs["warnings"] = flag(
            diagnostics.optimal_range_reasons(
                budgets, table["tokens_per_param"].to_numpy(np.float64), self.C, ratio
            )
        )
        if level is None:
            return table
        level = check_level(level)
        use_boot = self.interval_method(method) == "bootstrap"
        for name, (lower, upper) in _intervals.optimal_bounds(
            self, budgets, level, use_boot
        ).items():
            table[f"{name}_lower"], table[f"{name}_upper"] = lower, upper
        return table

    def _optimal(self, p: dict[str, float], budgets: FloatArray) -> dict[str, FloatArray]:
        n_opt, d_opt, loss = law.compute_optimal(
            budgets,
            p["E"],
            p["A"],
            p["B"],
            p["alpha"],
            p["beta"],
            flops_per_token=self.flops_per_token,
        )
        return {"N_opt": n_opt, "D_opt": d_opt, "loss": loss, "tokens_per_param": d_opt / n_opt}

    def predict_runs(self, runs: NeuralFit, mask: Any = None) -> FloatArray:
        """The law's predictions for the runs of another fit (``mask`` selects runs).

        Parameters
        ----------
        runs : NeuralFit
            The fit whose runs (N, D, U or X) are predicted.
        mask : array_like of bool, optional
            The rows to predict; all when None.

        Returns
        -------
        numpy.ndarray
            Predicted losses.
        """
        keep = np.ones(runs.L.size, dtype=bool) if mask is None else np.asarray(mask)
        if self.single_resource:
            return np.asarray(self.predict(resource(runs, self.variable)[keep]))
        u = None if runs.U is None else runs.U[keep]
        return np.asarray(self.predict(runs.N[keep], runs.D[keep], unique_tokens=u))

    def residuals(self) -> FloatArray:
        """log L_observed - log L_fitted for every run.

        Returns
        -------
        numpy.ndarray
            One residual per run (or checkpoint).
        """
        return np.asarray(np.log(self.L) - np.log(self.predict_runs(self)), dtype=np.float64)

    def backtest(self, cutoff: float | None = None, *, quantile: float = 0.75) -> Backtest:
        """Refit on the smaller runs and predict the larger ones.

        Parameters
        ----------
        cutoff : float, optional
            Refit on runs with C <= cutoff; default the `quantile` of C.
        quantile : float, default 0.75
            The quantile of C used when `cutoff` is None.

        Returns
        -------
        Backtest
            The held-out runs with their predictions and relative errors.

        Raises
        ------
        InsufficientDataError
            Too few runs on either side of the cutoff.
        """
        return backtest(self, cutoff, quantile=quantile)

    # --- bootstrap -----------------------------------------------------------------
    def with_bootstrap(
        self,
        n_boot: int = 1000,
        *,
        rng: RandomLike = 0,
        workers: int | None = None,
        progress: Progress | None = None,
        starts: BootstrapStarts = "warm",
    ) -> NeuralFit:
        """A copy holding `n_boot` bootstrap replicates over runs.

        Runs are resampled with replacement (whole runs when rows are checkpoints) and
        the law refitted; the record is ``.boot`` (scheme ``"runs"``). Seeded, batched and
        parallel (:mod:`scalinglaws.neural.bootstrap`); the result does not depend on `workers`.

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
        starts : {"warm", "grid"}, default "warm"
            ``"warm"`` starts each refit at the local optima of the full-data search;
            ``"grid"`` reruns the full grid.

        Returns
        -------
        NeuralFit
            A copy with ``boot`` set, warned when its compute-optimal allocation spans a decade.
        """
        return self._attach(self._bootstrap(n_boot, Draws(rng, workers, progress), starts=starts))

    def _attach(self, record: Bootstrap) -> NeuralFit:
        """A copy holding `record`, with its spread warnings.

        Warned when its compute-optimal allocation spans a decade
        (:func:`scalinglaws.neural.diagnostics.spread_reasons`).
        """
        fit = super()._attach(record)
        if not self.has_allocation:
            return fit
        samples = np.asarray(record.samples, dtype=np.float64)[:, :5]
        found = diagnostics.spread_reasons(samples, float(self.C.max()), self.flops_per_token)
        new = [reason for reason in found if reason not in self.warnings]
        return replace(fit, warnings=self.warnings + flag(new))

    def _bootstrap(self, n_boot: int, draws: Draws, starts: str = "warm") -> Bootstrap:
        rows = bootstrap_samples(
            self,
            n_boot,
            rng=draws.rng,
            starts=starts,
            workers=draws.workers,
            progress=draws.progress,
        )
        good = np.isfinite(rows).all(axis=1)
        names = FORMS[self.form].param_names
        return Bootstrap(
            names,
            np.array(list(self.params.values())),
            rows[good],
            int(rows.shape[0]),
            int((~good).sum()),
            "runs",
        )

    # --- rendering -----------------------------------------------------------------
    def _summary(self) -> Summary:
        return _render.summary(self)

    def verdicts(self) -> tuple[str, ...]:
        """The fit's conclusions as sentences (:func:`scalinglaws.neural._render.verdicts`).

        Returns
        -------
        tuple of str
            How many starts reached the best basin; for Chinchilla forms, the
            compute-optimal exponents.
        """
        return tuple(_render.verdicts(self))

    def plot(self, ax: Axes | None = None) -> Axes:
        """Runs in the (N, D) plane with iso-loss contours and the compute-optimal frontier.

        One-resource forms draw L against X. Needs the plot extra.

        Parameters
        ----------
        ax : matplotlib.axes.Axes, optional
            Axes to draw on; a new figure when None.

        Returns
        -------
        matplotlib.axes.Axes
            The axes drawn on.
        """
        return plot_fit(self, ax)

    def _payload(self) -> dict[str, Any]:
        return _saved.payload(self)

    @classmethod
    def _from_payload(cls, payload: dict[str, Any]) -> NeuralFit:
        return cls(**_saved.fields(payload))

    def __repr__(self) -> str:
        """A one-line description: form, parameters and the number of runs."""
        shown = ", ".join(f"{k}={v:.4g}" for k, v in self.params.items())
        return f"<NeuralFit {self.form} {shown} n={self.n_runs}>"
