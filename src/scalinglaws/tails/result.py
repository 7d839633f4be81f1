"""Result objects of a power-law tail fit: the fit, its goodness of fit and bootstrap.

A tail fit describes a distribution; it does not forecast observations, so it has
no ``predict_quantiles``: ``predict(x)`` is the fitted survival P(X >= x), and its
uncertainty is that of alpha and x_min (``conf_int``, ``with_bootstrap``).
"""

from __future__ import annotations

import functools
import warnings as _warnings
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

import numpy as np

from scalinglaws._deprecation import deprecated
from scalinglaws._legacy import TailBootstrap
from scalinglaws._optional import plot_axes
from scalinglaws._types import FloatArray
from scalinglaws._validate import as_float_vector, check_choice, check_level
from scalinglaws.errors import InvalidInputError, InvalidOptionError
from scalinglaws.results import FitResult, Summary
from scalinglaws.tails import powerlaw, resampling, words
from scalinglaws.tails.alternatives import TailAlternative
from scalinglaws.tails.compare import TailComparison, compare_power_law, valid_alternatives
from scalinglaws.tails.distribution import FittedLaw, TailDistribution
from scalinglaws.tails.gof import TailGofResult
from scalinglaws.tails.inputs import IntArray
from scalinglaws.tails.support import fit_support
from scalinglaws.tails.tail_sample import Tail
from scalinglaws.uncertainty import Bootstrap, Draws, Progress, RandomLike, run_replicates

if TYPE_CHECKING:
    from matplotlib.axes import Axes


@dataclass(frozen=True, eq=False, repr=False)
class TailFit(words.TailWords, FittedLaw, FitResult):
    """A power law fitted to the tail x >= x_min of a sample (Clauset et al. 2009).

    The sample is held as its sorted distinct ``values`` and their ``counts`` (points
    above x_max excluded, non-positive ones dropped if asked: ``n_dropped``), never
    expanded, so a fit to 10^9 observations is as small as their histogram.

    The continuous law is p(x) = (alpha - 1) / x_min (x / x_min)^-alpha on x >= x_min;
    the discrete one is x^-alpha / zeta(alpha, x_min) on the integers.

    Attributes
    ----------
    values : numpy.ndarray
        The sorted distinct values.
    counts : numpy.ndarray of int
        Observations of each value.
    discrete : bool
        Whether the data are integers (the discrete law).
    xmin : float
        Where the tail starts: scanned to minimise the KS distance, or given.
    alpha : float
        The maximum-likelihood exponent.
    alpha_stderr : float
        Its standard error, (alpha - 1) / sqrt(n_tail) for continuous data.
    ks_distance : float
        The KS distance between the tail and the fit.
    n_tail : int
        Observations at or above x_min.
    xmax : float, default inf
        An upper truncation; points above it were excluded.
    xmin_fixed : bool, default False
        Whether x_min was given rather than scanned.
    min_tail : int, default 10
        The fewest observations the x_min scan allowed in the tail.
    gof_result : TailGofResult, optional
        The goodness-of-fit test, once :meth:`gof`/:meth:`assess` ran.
    comparisons : tuple of TailComparison
        Likelihood-ratio tests against the alternatives.
    boot : Bootstrap, optional
        Replicates of alpha, x_min and n_tail (:meth:`with_bootstrap`).
    n_dropped : int, default 0
        Non-positive observations removed by ``drop_nonpositive=True``.
    warnings : tuple of str
        Reasons not to trust the fit (keyword only).

    References
    ----------
    .. [1] Clauset, A., Shalizi, C. R. & Newman, M. E. J. (2009). Power-law
       distributions in empirical data. SIAM Review 51(4), 661-703.
    """

    kind = "tail"

    values: FloatArray  # sorted distinct values
    counts: IntArray  # observations of each value
    discrete: bool
    xmin: float
    alpha: float
    alpha_stderr: float
    ks_distance: float
    n_tail: int
    xmax: float = np.inf
    xmin_fixed: bool = False
    min_tail: int = 10
    gof_result: TailGofResult | None = None
    comparisons: tuple[TailComparison, ...] = field(default=())
    boot: Bootstrap | None = None
    n_dropped: int = 0  # non-positive observations removed by drop_nonpositive=True
    warnings: tuple[str, ...] = field(default=(), kw_only=True)

    # --- the result contract -------------------------------------------------------
    @property
    def n(self) -> int:
        """Observations fitted (below x_max, positive)."""
        return int(self.counts.sum())

    @property
    def data(self) -> FloatArray:
        """Deprecated: the expanded sorted sample; use ``values`` and ``counts``."""
        _warnings.warn(
            "TailFit.data is deprecated: the fit keeps distinct values and counts; use "
            "fit.values and fit.counts (np.repeat(fit.values, fit.counts) expands them).",
            DeprecationWarning,
            stacklevel=2,
        )
        return np.repeat(self.values, self.counts)

    @property
    def params(self) -> dict[str, float]:
        """The fitted parameters (alpha, x_min and the alternative's), by name."""
        return {"alpha": self.alpha, "xmin": self.xmin}

    def _analytic_stderr(self) -> dict[str, float]:
        """(alpha - 1) / sqrt(n_tail) (Clauset et al. 2009, eq. 3.2); x_min has none."""
        return {"alpha": self.alpha_stderr}

    @property
    def log_likelihood(self) -> float:
        """Log-likelihood of the tail points under the fitted power law."""
        above = self.values >= self.xmin
        counts = self.counts[above].astype(np.float64)
        alpha, xmin = np.array([self.alpha]), np.array([self.xmin])
        log_c = powerlaw.log_normaliser(alpha, xmin, self.xmax, self.discrete)[0]
        sum_log = float(np.dot(counts, np.log(self.values[above])))
        return float(-self.alpha * sum_log - counts.sum() * log_c)

    @property
    def support(self) -> str | None:
        """The paper's verdict ("none", "moderate", "good", "with cut-off") once assessed."""
        return fit_support(self)

    def predict(self, x: Any) -> FloatArray:
        """The fitted P(X >= x) = (n_tail / n) * S(x) for x_min <= x <= x_max.

        Parameters
        ----------
        x : array_like
            Points inside the fitted tail.

        Returns
        -------
        numpy.ndarray
            The survival probabilities of the whole sample.

        Raises
        ------
        InvalidInputError
            A point lies outside [x_min, x_max].
        """
        values = as_float_vector(np.atleast_1d(x), "x")
        outside = (values < self.xmin) | (values > self.xmax)
        if outside.any():
            raise InvalidInputError(
                f"x: {int(outside.sum())} value(s) lie outside the fitted tail "
                f"[{self.xmin:g}, {self.xmax:g}] (first: {values[outside][0]:g}); "
                "the power law only describes x >= x_min."
            )
        surv = powerlaw.survival(values, self.alpha, self.xmin, self.xmax, self.discrete)
        return np.asarray(surv * self.n_tail / self.n, dtype=np.float64)

    @property
    def distribution(self) -> TailDistribution:
        """The fitted power law above x_min as a law with ``pdf``, ``cdf``, ``ccdf``."""
        if np.isfinite(self.xmax):
            raise InvalidOptionError(
                "pdf/cdf/ccdf: the law renormalised on [x_min, x_max] is not implemented "
                "here; use predict() for its P(X >= x), or refit without xmax=."
            )
        return TailDistribution(
            "power_law", {"alpha": self.alpha}, self.xmin, self.discrete, self.stderr
        )

    def _summary(self) -> Summary:
        kind = "discrete" if self.discrete else "continuous"
        return Summary.from_rows(words.TITLES[self.kind].format(kind), self.summary_rows())

    def plot(self, ax: Axes | None = None) -> Axes:
        """Empirical CCDF P(X >= x) with the fitted tail, on log-log axes (plot extra).

        Parameters
        ----------
        ax : matplotlib.axes.Axes, optional
            Axes to draw on; a new figure when None.

        Returns
        -------
        matplotlib.axes.Axes
            The axes drawn on.
        """
        ax = plot_axes(ax, "TailFit.plot()")
        ccdf = np.cumsum(self.counts[::-1])[::-1] / self.n
        ax.loglog(self.values, ccdf, ".", markersize=3, color="0.4", label="data")
        grid = np.geomspace(self.xmin, min(self.values[-1], self.xmax), 200)
        if self.discrete:
            grid = np.unique(np.floor(grid))
        ax.loglog(
            grid,
            self.predict(grid),
            "-",
            color="C3",
            label=f"power law, α = {self.alpha:.3g}, x_min = {self.xmin:.3g}",
        )
        ax.set_xlabel("x")
        ax.set_ylabel("P(X ≥ x)")
        ax.legend()
        return ax

    def _payload(self) -> dict[str, Any]:
        return {
            "values": self.values,
            "counts": self.counts,
            "discrete": self.discrete,
            "xmin": self.xmin,
            "alpha": self.alpha,
            "alpha_stderr": self.alpha_stderr,
            "ks_distance": self.ks_distance,
            "n_tail": self.n_tail,
            "n": self.n,
            "xmax": self.xmax if np.isfinite(self.xmax) else None,
            "xmin_fixed": self.xmin_fixed,
            "min_tail": self.min_tail,
            "gof": None if self.gof_result is None else self.gof_result.to_dict(),
            "comparisons": [c.to_dict() for c in self.comparisons],
            "boot": None if self.boot is None else self.boot.to_dict(),
            "n_dropped": self.n_dropped,
        }

    @classmethod
    def _from_payload(cls, payload: dict[str, Any]) -> TailFit:
        gof = payload.get("gof")
        if "values" in payload:
            values = np.asarray(payload["values"], dtype=np.float64)
            counts = np.asarray(payload["counts"], dtype=np.int64)
        else:  # payloads written before counts: the expanded sorted sample
            values, raw = np.unique(
                np.asarray(payload["data"], dtype=np.float64), return_counts=True
            )
            counts = raw.astype(np.int64)
        xmin = float(payload["xmin"])
        discrete = bool(payload["discrete"])
        return cls(
            values=values,
            counts=counts,
            discrete=discrete,
            xmin=xmin,
            alpha=float(payload["alpha"]),
            alpha_stderr=float(payload["alpha_stderr"]),
            ks_distance=float(payload["ks_distance"]),
            n_tail=int(payload["n_tail"]),
            xmax=np.inf if payload.get("xmax") is None else float(payload["xmax"]),
            xmin_fixed=bool(payload.get("xmin_fixed", False)),
            min_tail=int(payload.get("min_tail", 10)),
            gof_result=None if gof is None else TailGofResult.from_dict(gof),
            comparisons=tuple(
                _located(TailComparison.from_dict(c), xmin, discrete)
                for c in payload.get("comparisons", [])
            ),
            boot=None if payload.get("boot") is None else Bootstrap.from_dict(payload["boot"]),
            n_dropped=int(payload.get("n_dropped", 0)),
        )

    def __repr__(self) -> str:
        """A one-line description: alpha, x_min and the tail size."""
        kind = "discrete" if self.discrete else "continuous"
        return (
            f"<TailFit {kind} alpha={self.alpha:.4g} xmin={self.xmin:.4g} "
            f"n_tail={self.n_tail}/{self.n}>"
        )

    # --- tests and intervals -----------------------------------------------------
    @property
    def _options(self) -> resampling.FitOptions:
        return resampling.FitOptions(
            discrete=self.discrete,
            xmax=self.xmax,
            min_tail=self.min_tail,
            fixed_xmin=self.xmin if self.xmin_fixed else None,
        )

    def gof(
        self,
        n_boot: int = 1000,
        *,
        rng: RandomLike = 0,
        workers: int | None = None,
        progress: Progress | None = None,
    ) -> TailGofResult:
        """Goodness of fit by the semi-parametric bootstrap (Clauset et al. 2009, sec. 4.1).

        Each replicate re-runs the x_min scan (unless x_min was fixed). Discrete
        tails are sampled exactly. Results do not depend on `workers`.

        Parameters
        ----------
        n_boot : int, default 1000
            Synthetic data sets; 2,500 gives p to about ±0.01.
        rng : int, numpy.random.Generator or None, default 0
            The seed.
        workers : int, optional
            Worker processes; None uses every core.
        progress : callable, optional
            Called as ``progress(k)`` as replicates finish.

        Returns
        -------
        TailGofResult
            p = the share of synthetic KS distances at least the observed one.
        """
        body = self.values < self.xmin
        task = functools.partial(
            resampling.gof_replicate,
            body_values=self.values[body],
            body_counts=self.counts[body],
            n=self.n,
            n_tail=self.n_tail,
            alpha=self.alpha,
            xmin=self.xmin,
            options=self._options,
        )
        distances = np.array(
            run_replicates(task, n_boot, rng=rng, workers=workers, progress=progress)
        )
        return TailGofResult.from_distances(distances, self.ks_distance)

    def compare(self, alternative: TailAlternative) -> TailComparison:
        """Likelihood-ratio test against an alternative fitted to the same tail (sec. 5).

        Parameters
        ----------
        alternative : str
            ``"lognormal"``, ``"exponential"``, ``"stretched_exponential"``,
            ``"truncated_power_law"`` or, for discrete data, ``"poisson"``.

        Returns
        -------
        TailComparison
            Vuong's test (nested: a one-sided chi-square test for the truncated power law).

        Raises
        ------
        InvalidOptionError
            An unknown alternative, one that does not apply to the data, or a fit with x_max.
        """
        check_choice(alternative, "alternative", valid_alternatives(self.discrete))
        if np.isfinite(self.xmax):
            raise InvalidOptionError(
                "compare: likelihood-ratio tests are implemented for tails without x_max; "
                "refit without xmax= to compare distributions."
            )
        above = self.values >= self.xmin
        tail = Tail(
            self.values[above], self.counts[above].astype(np.float64), self.xmin, self.discrete
        )
        return compare_power_law(tail, self.alpha, alternative)

    def _bootstrap(self, n_boot: int, draws: Draws) -> Bootstrap:
        """The replicates of :meth:`with_bootstrap`.

        alpha, x_min and n_tail refitted on resamples of the data (scheme ``"nonparametric"``),
        x_min scan included (Clauset et al. 2009, sec. 3.4).
        """
        task = functools.partial(
            resampling.bootstrap_replicate,
            values=self.values,
            counts=self.counts,
            options=self._options,
        )
        return Bootstrap.from_rows(
            ("alpha", "xmin", "n_tail"),
            [self.alpha, self.xmin, float(self.n_tail)],
            draws.run(task, n_boot),
            "nonparametric",
        )

    def bootstrap(
        self,
        n_boot: int = 1000,
        *,
        rng: RandomLike = 0,
        level: float = 0.95,
        workers: int | None = None,
        progress: Progress | None = None,
    ) -> TailBootstrap:
        """Deprecated: use ``with_bootstrap(n_boot)`` and read ``.boot`` / ``conf_int()``.

        Parameters
        ----------
        n_boot : int, default 1000
            Replicates.
        rng : int, numpy.random.Generator or None, default 0
            The seed.
        level : float, default 0.95
            The coverage of the intervals.
        workers : int, optional
            Worker processes; None uses every core.
        progress : callable, optional
            Called as ``progress(k)`` as replicates finish.

        Returns
        -------
        TailBootstrap
            The old record (emits DeprecationWarning).
        """
        deprecated("TailFit.bootstrap()", "TailFit.with_bootstrap(n_boot) and its conf_int()")
        check_level(level)
        record = self._bootstrap(n_boot, Draws(rng, workers, progress))
        return TailBootstrap.from_record(record, level)

    def assess(
        self,
        *,
        n_boot: int = 1000,
        compare: tuple[TailAlternative, ...] | None = None,
        rng: RandomLike = 0,
        workers: int | None = None,
        progress: Progress | None = None,
    ) -> TailFit:
        """A copy with goodness of fit and comparisons filled in (all valid ones by default).

        Parameters
        ----------
        n_boot : int, default 1000
            Synthetic data sets for :meth:`gof`; 0 skips the goodness-of-fit bootstrap.
        compare : tuple of str, optional
            Alternatives to test; None tests every one valid for the data.
        rng : int, numpy.random.Generator or None, default 0
            The seed.
        workers : int, optional
            Worker processes; None uses every core.
        progress : callable, optional
            Called as ``progress(k)`` as replicates finish.

        Returns
        -------
        TailFit
            A copy holding ``gof_result`` and ``comparisons``.
        """
        alternatives = valid_alternatives(self.discrete) if compare is None else compare
        gof = self.gof(n_boot, rng=rng, workers=workers, progress=progress) if n_boot else None
        tests = tuple(self.compare(name) for name in alternatives)
        return replace(self, gof_result=gof, comparisons=tests)


def _located(comparison: TailComparison, xmin: float, discrete: bool) -> TailComparison:
    """A comparison loaded from a payload written before it stored x_min: the fit's."""
    if np.isnan(comparison.xmin):
        return replace(comparison, xmin=xmin, discrete=discrete)
    return comparison
