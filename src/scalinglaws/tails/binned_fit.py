"""fit_tail_binned: a power-law tail fitted to a histogram (Virkar & Clauset 2014)."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

import numpy as np

from scalinglaws._optional import plot_axes
from scalinglaws._types import FloatArray
from scalinglaws._validate import as_float_vector, check_choice, check_number
from scalinglaws.errors import InsufficientDataError, InvalidInputError, InvalidOptionError
from scalinglaws.results import FitResult, Summary, flag
from scalinglaws.tails import binned, words
from scalinglaws.tails.alternatives import TailAlternative
from scalinglaws.tails.compare import TailComparison
from scalinglaws.tails.distribution import FittedLaw, TailDistribution
from scalinglaws.tails.fit import MIN_TAIL, tail_warnings
from scalinglaws.tails.gof import TailGofResult
from scalinglaws.tails.inputs import IntArray, as_counts
from scalinglaws.tails.support import fit_support
from scalinglaws.uncertainty import Bootstrap, Draws, Progress, RandomLike, run_replicates

if TYPE_CHECKING:
    from matplotlib.axes import Axes

#: The continuous alternatives a binned power law is compared with.
BINNED_ALTERNATIVES: tuple[TailAlternative, ...] = (
    "lognormal",
    "exponential",
    "stretched_exponential",
    "truncated_power_law",
)


@dataclass(frozen=True, eq=False, repr=False)
class BinnedTailFit(words.TailWords, FittedLaw, FitResult):
    """A power law fitted to the tail of binned data (Virkar & Clauset 2014).

    Attributes
    ----------
    edges : numpy.ndarray, shape (k + 1,)
        The bin edges, increasing; the last may be inf.
    counts : numpy.ndarray of int, shape (k,)
        Observations per bin.
    xmin : float
        b_min, the bin edge where the tail starts.
    alpha : float
        The fitted exponent of p(x) ∝ x^-alpha.
    alpha_stderr : float
        Its asymptotic standard error.
    ks_distance : float
        The KS distance between the binned data and the fit above b_min.
    n_tail : int
        Observations in bins at or above b_min.
    xmin_fixed : bool, default False
        Whether b_min was given rather than scanned.
    min_tail : int, default 10
        The fewest observations the b_min scan allowed in the tail.
    gof_result : TailGofResult, optional
        The goodness-of-fit test, once :meth:`gof`/:meth:`assess` ran.
    comparisons : tuple of TailComparison
        Likelihood-ratio tests against the alternatives.
    boot : Bootstrap, optional
        Replicates of alpha, b_min and n_tail (:meth:`with_bootstrap`).
    warnings : tuple of str
        Reasons not to trust the fit (keyword only).

    References
    ----------
    .. [1] Virkar, Y. & Clauset, A. (2014). Power-law distributions in binned empirical
       data. Annals of Applied Statistics 8(1), 89-119.
    """

    kind = "tail_binned"

    edges: FloatArray  # (k + 1,) bin edges; the last may be inf
    counts: IntArray  # (k,) observations per bin
    xmin: float  # b_min, a bin edge
    alpha: float
    alpha_stderr: float
    ks_distance: float
    n_tail: int
    xmin_fixed: bool = False
    min_tail: int = MIN_TAIL
    gof_result: TailGofResult | None = None
    comparisons: tuple[TailComparison, ...] = field(default=())
    boot: Bootstrap | None = None
    warnings: tuple[str, ...] = field(default=(), kw_only=True)

    @property
    def n(self) -> int:
        """The number of observations in the histogram."""
        return int(self.counts.sum())

    @property
    def params(self) -> dict[str, float]:
        """The fitted parameters (alpha, b_min), by name."""
        return {"alpha": self.alpha, "xmin": self.xmin}

    def _analytic_stderr(self) -> dict[str, float]:
        return {"alpha": self.alpha_stderr} if np.isfinite(self.alpha_stderr) else {}

    def _bootstrap(self, n_boot: int, draws: Draws) -> Bootstrap:
        """The nonparametric bootstrap of a binned tail fit.

        alpha, b_min and n_tail refitted on multinomial resamples of the histogram
        (scheme ``"nonparametric"``: n observations drawn with replacement), b_min
        re-scanned unless it was fixed.
        """
        task = functools.partial(
            binned.bootstrap_replicate,
            edges=self.edges,
            counts=self.counts,
            min_tail=self.min_tail,
            fixed=self._start if self.xmin_fixed else None,
        )
        return Bootstrap.from_rows(
            ("alpha", "xmin", "n_tail"),
            [self.alpha, self.xmin, float(self.n_tail)],
            draws.run(task, n_boot),
            "nonparametric",
        )

    @property
    def _start(self) -> int:
        return int(np.searchsorted(self.edges, self.xmin))

    @property
    def distribution(self) -> TailDistribution:
        """The fitted continuous power law above b_min (before any truncation)."""
        return TailDistribution("power_law", {"alpha": self.alpha}, self.xmin, False, self.stderr)

    def predict(self, x: Any) -> FloatArray:
        """The fitted P(X >= x) of the whole sample, (n_tail / n) S(x), for x >= b_min.

        Parameters
        ----------
        x : array_like
            Points at or above b_min.

        Returns
        -------
        numpy.ndarray
            The survival probabilities.

        Raises
        ------
        InvalidInputError
            A point lies below b_min.
        """
        values = as_float_vector(np.atleast_1d(x), "x")
        if (values < self.xmin).any():
            raise InvalidInputError(
                f"x: values below b_min = {self.xmin:g} (first: {values[values < self.xmin][0]:g}) "
                "lie outside the fitted tail."
            )
        return np.asarray(self.ccdf(values) * self.n_tail / self.n, dtype=np.float64)

    @property
    def support(self) -> str | None:
        """The paper's verdict once assessed (see :func:`scalinglaws.tails.support.support`)."""
        return fit_support(self)

    def gof(
        self,
        n_boot: int = 1000,
        *,
        rng: RandomLike = 0,
        workers: int | None = None,
        progress: Progress | None = None,
    ) -> TailGofResult:
        """Semi-parametric bootstrap with synthetic histograms (Virkar & Clauset sec. 4).

        Parameters
        ----------
        n_boot : int, default 1000
            Synthetic histograms, each refitted (b_min re-scanned unless fixed).
        rng : int, numpy.random.Generator or None, default 0
            The seed; results do not depend on `workers`.
        workers : int, optional
            Worker processes; None uses every core.
        progress : callable, optional
            Called as ``progress(k)`` as replicates finish.

        Returns
        -------
        TailGofResult
            p = the share of synthetic KS distances at least the observed one.
        """
        task = functools.partial(
            binned.gof_replicate,
            edges=self.edges,
            counts=self.counts,
            scan_result=binned.BinnedScan(self._start, self.alpha, self.ks_distance, self.n_tail),
            min_tail=self.min_tail,
            fixed=self.xmin_fixed,
        )
        distances = np.array(
            run_replicates(task, n_boot, rng=rng, workers=workers, progress=progress)
        )
        return TailGofResult.from_distances(distances, self.ks_distance)

    def compare(self, alternative: TailAlternative) -> TailComparison:
        """Likelihood-ratio test against a binned alternative (Virkar & Clauset sec. 5).

        Parameters
        ----------
        alternative : str
            One of the binned alternatives (``"lognormal"``, ``"exponential"``, ...).

        Returns
        -------
        TailComparison
            Vuong's normalised log-likelihood ratio and its p-value.

        Raises
        ------
        InvalidOptionError
            An alternative the binned fit does not implement.
        """
        check_choice(alternative, "alternative", BINNED_ALTERNATIVES)
        j = self._start
        return binned.compare(alternative, self.alpha, self.edges[j:], self.counts[j:])

    def assess(
        self,
        *,
        n_boot: int = 1000,
        compare: tuple[TailAlternative, ...] | None = None,
        rng: RandomLike = 0,
        workers: int | None = None,
        progress: Progress | None = None,
    ) -> BinnedTailFit:
        """A copy with goodness of fit and comparisons (all by default); n_boot=0 skips GoF.

        Parameters
        ----------
        n_boot : int, default 1000
            Synthetic histograms for :meth:`gof`; 0 skips the test.
        compare : tuple of str, optional
            Binned alternatives to test; None tests every one.
        rng : int, numpy.random.Generator or None, default 0
            The seed.
        workers : int, optional
            Worker processes; None uses every core.
        progress : callable, optional
            Called as ``progress(k)`` as replicates finish.

        Returns
        -------
        BinnedTailFit
            A copy holding ``gof_result`` and ``comparisons``.
        """
        names = BINNED_ALTERNATIVES if compare is None else compare
        gof = self.gof(n_boot, rng=rng, workers=workers, progress=progress) if n_boot else None
        return replace(self, gof_result=gof, comparisons=tuple(self.compare(c) for c in names))

    def _summary(self) -> Summary:
        return Summary.from_rows(words.TITLES[self.kind], self.summary_rows())

    def plot(self, ax: Axes | None = None) -> Axes:
        """Empirical P(X >= b_i) at the bin edges with the fitted tail, log-log (plot extra).

        Parameters
        ----------
        ax : matplotlib.axes.Axes, optional
            Axes to draw on; a new figure when None.

        Returns
        -------
        matplotlib.axes.Axes
            The axes drawn on.
        """
        ax = plot_axes(ax, "BinnedTailFit.plot()")
        lower = self.edges[:-1]
        ccdf = np.cumsum(self.counts[::-1])[::-1] / self.n
        ax.loglog(lower, ccdf, "o", markersize=3, color="0.4", label="data (bin edges)")
        top = self.edges[-1] if np.isfinite(self.edges[-1]) else lower[-1]
        grid = np.geomspace(self.xmin, max(top, self.xmin * 1.01), 100)
        ax.loglog(grid, self.predict(grid), "-", color="C3", label=f"α = {self.alpha:.3g}")
        ax.set_xlabel("x")
        ax.set_ylabel("P(X ≥ x)")
        ax.legend()
        return ax

    def _payload(self) -> dict[str, Any]:
        return {
            "edges": [float(e) if np.isfinite(e) else "inf" for e in self.edges],
            "counts": self.counts,
            "xmin": self.xmin,
            "alpha": self.alpha,
            "alpha_stderr": self.alpha_stderr,
            "ks_distance": self.ks_distance,
            "n_tail": self.n_tail,
            "xmin_fixed": self.xmin_fixed,
            "min_tail": self.min_tail,
            "gof": None if self.gof_result is None else self.gof_result.to_dict(),
            "comparisons": [c.to_dict() for c in self.comparisons],
            "boot": None if self.boot is None else self.boot.to_dict(),
        }

    @classmethod
    def _from_payload(cls, payload: dict[str, Any]) -> BinnedTailFit:
        gof = payload.get("gof")
        stderr = payload.get("alpha_stderr")
        return cls(
            edges=np.array([float(e) for e in payload["edges"]], dtype=np.float64),
            counts=np.asarray(payload["counts"], dtype=np.int64),
            xmin=float(payload["xmin"]),
            alpha=float(payload["alpha"]),
            alpha_stderr=float("inf") if stderr is None else float(stderr),
            ks_distance=float(payload["ks_distance"]),
            n_tail=int(payload["n_tail"]),
            xmin_fixed=bool(payload.get("xmin_fixed", False)),
            min_tail=int(payload.get("min_tail", MIN_TAIL)),
            gof_result=None if gof is None else TailGofResult.from_dict(gof),
            comparisons=tuple(TailComparison.from_dict(c) for c in payload.get("comparisons", [])),
            boot=None if payload.get("boot") is None else Bootstrap.from_dict(payload["boot"]),
        )

    def __repr__(self) -> str:
        """A one-line description: alpha, b_min and the tail size."""
        return (
            f"<BinnedTailFit alpha={self.alpha:.4g} b_min={self.xmin:.4g} "
            f"n_tail={self.n_tail}/{self.n}>"
        )


def fit_tail_binned(
    edges: Any,
    counts: Any,
    *,
    xmin: float | None = None,
    min_tail: int = MIN_TAIL,
) -> BinnedTailFit:
    """Fit a power law to the tail of a histogram (Virkar & Clauset 2014).

    Parameters
    ----------
    edges : array_like, shape (k + 1,)
        The k + 1 increasing, positive bin edges; bin i is [edges[i], edges[i+1]).
        The last edge may be ``inf`` (an open last bin); a finite last edge truncates
        the fitted law there.
    counts : array_like of int, shape (k,)
        The k numbers of observations per bin.
    xmin : float, optional
        Fix b_min (it must be one of the edges) instead of scanning the edges.
    min_tail : int, default 10
        Fewest observations a candidate tail may hold (default 10).

    Returns
    -------
    BinnedTailFit
        ``alpha`` (binned MLE), ``xmin`` (= b_min), ``alpha_stderr``, ``ks_distance``;
        ``.gof()``, ``.compare()`` and ``.assess()`` as for :func:`fit_tail`.

    Raises
    ------
    InvalidInputError
        Edges not positive and increasing, counts invalid or of the wrong length.
    InsufficientDataError
        No edge leaves `min_tail` observations in two occupied bins.
    InvalidOptionError
        `xmin` not an edge, or `min_tail` out of range.

    References
    ----------
    Y. Virkar & A. Clauset, "Power-law distributions in binned empirical data",
    Annals of Applied Statistics 8(1), 89-119 (2014).
    """
    b = _as_edges(edges)
    c = as_counts(counts, b.size - 1)
    min_tail = int(check_number(min_tail, "min_tail", low=2, integer=True))
    fixed = None
    if xmin is not None:
        value = check_number(xmin, "xmin", low=0.0)
        hits = np.flatnonzero(b[:-1] == value)
        if hits.size == 0:
            raise InvalidOptionError(
                f"xmin={value:g} is not a bin edge; choose one of the edges below the last."
            )
        fixed = int(hits[0])
    result = binned.scan(b, c, min_tail, fixed)
    if result is None:
        raise InsufficientDataError(
            f"counts: no bin edge leaves {min_tail} or more observations in two or more "
            f"occupied bins (n = {int(c.sum())}); lower min_tail or use finer bins."
        )
    j = result.start
    tail_b, tail_c = b[j:], c[j:]
    last = int(np.flatnonzero(tail_c)[-1])  # the last occupied bin
    top = tail_b[last + 1] if np.isfinite(tail_b[last + 1]) else tail_b[last]
    reasons = tail_warnings(float(top), int(np.count_nonzero(tail_c)), float(b[j]), result.alpha)
    return BinnedTailFit(
        edges=b,
        counts=c,
        xmin=float(b[j]),
        alpha=result.alpha,
        alpha_stderr=binned.alpha_stderr(result.alpha, tail_b, tail_c),
        ks_distance=result.ks_distance,
        n_tail=result.n_tail,
        xmin_fixed=fixed is not None,
        min_tail=min_tail,
        warnings=flag(reasons),
    )


def _as_edges(edges: Any) -> FloatArray:
    raw = np.asarray(edges, dtype=object) if not isinstance(edges, np.ndarray) else edges
    try:
        b = np.asarray(raw, dtype=np.float64)
    except (TypeError, ValueError):
        raise InvalidInputError("edges: expected numbers; pass the bin edges.") from None
    if b.ndim != 1 or b.size < 3:
        raise InvalidInputError(
            f"edges: need a 1-D sequence of at least 3 bin edges (2 bins), got shape {b.shape}."
        )
    if np.isnan(b).any() or np.isinf(b[:-1]).any() or b[-1] == -np.inf:
        raise InvalidInputError(
            "edges: NaN or infinite edges (only the last edge may be inf, an open last bin)."
        )
    if b[0] <= 0 or np.any(np.diff(b) <= 0):
        raise InvalidInputError(
            f"edges: must be positive and strictly increasing (got {b[0]:g} first); "
            "power laws live on positive values."
        )
    return b
