"""Result objects of a power-law tail fit: the fit, its goodness of fit and bootstrap.

A tail fit describes a distribution; it does not forecast observations, so it has
no ``predict_quantiles``: ``predict(x)`` is the fitted survival P(X >= x), and its
uncertainty is that of alpha and x_min (``conf_int``, ``with_bootstrap``).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from scalinglaws._deprecation import deprecated
from scalinglaws._legacy import TailBootstrap
from scalinglaws._optional import plot_axes
from scalinglaws._validate import as_float_vector, check_choice, check_level
from scalinglaws.errors import InvalidInputError, InvalidOptionError
from scalinglaws.results import FitResult, Summary
from scalinglaws.tails import powerlaw, resampling
from scalinglaws.tails.compare import Comparison, compare_power_law, valid_alternatives
from scalinglaws.tails.support import SIGNIFICANCE, support
from scalinglaws.tails.tail_sample import Tail
from scalinglaws.uncertainty import Bootstrap, Draws, Progress, RandomLike, run_replicates

if TYPE_CHECKING:
    from matplotlib.axes import Axes

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class GofResult:
    """Semi-parametric bootstrap goodness of fit: p = P(D_synthetic >= D_observed)."""

    p_value: float
    ks_distance: float
    n_boot: int
    n_failed: int = 0  # synthetic sets too small to fit (excluded from p)

    @property
    def plausible(self) -> bool:
        return self.p_value > SIGNIFICANCE

    def verdict(self) -> str:
        if self.plausible:
            return f"a power law is plausible (p = {self.p_value:.2f})"
        return f"the power law is ruled out (p = {self.p_value:.2f})"

    def to_dict(self) -> dict[str, Any]:
        return {
            "p_value": self.p_value,
            "ks_distance": self.ks_distance,
            "n_boot": self.n_boot,
            "n_failed": self.n_failed,
            "plausible": self.plausible,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> GofResult:
        return cls(
            float(data["p_value"]),
            float(data["ks_distance"]),
            int(data["n_boot"]),
            int(data.get("n_failed", 0)),
        )


@dataclass(frozen=True, eq=False, repr=False)
class TailFit(FitResult):
    """A power law fitted to the tail x >= x_min of a sample (Clauset et al. 2009)."""

    kind = "tail"

    data: FloatArray  # the sorted sample (points above x_max excluded)
    discrete: bool
    xmin: float
    alpha: float
    alpha_stderr: float
    ks_distance: float
    n_tail: int
    xmax: float = np.inf
    xmin_fixed: bool = False
    min_tail: int = 10
    gof_result: GofResult | None = None
    comparisons: tuple[Comparison, ...] = field(default=())
    boot: Bootstrap | None = None
    warnings: tuple[str, ...] = field(default=(), kw_only=True)

    # --- the result contract -------------------------------------------------------
    @property
    def n(self) -> int:
        return int(self.data.size)

    @property
    def params(self) -> dict[str, float]:
        return {"alpha": self.alpha, "xmin": self.xmin}

    def _analytic_stderr(self) -> dict[str, float]:
        """(alpha - 1) / sqrt(n_tail) (Clauset et al. 2009, eq. 3.2); x_min has none."""
        return {"alpha": self.alpha_stderr}

    @property
    def log_likelihood(self) -> float:
        """Log-likelihood of the tail points under the fitted power law."""
        tail = self.data[self.data >= self.xmin]
        alpha, xmin = np.array([self.alpha]), np.array([self.xmin])
        log_c = powerlaw.log_normaliser(alpha, xmin, self.xmax, self.discrete)[0]
        return float(-self.alpha * np.sum(np.log(tail)) - tail.size * log_c)

    @property
    def support(self) -> str | None:
        """The paper's verdict ("none", "moderate", "good", "with cut-off") once assessed."""
        if self.gof_result is None and not self.comparisons:
            return None
        p_gof = None if self.gof_result is None else self.gof_result.p_value
        return support(p_gof, {c.alternative: (c.statistic, c.p_value) for c in self.comparisons})

    def predict(self, x: Any) -> FloatArray:
        """The fitted P(X >= x) = (n_tail / n) * S(x) for x_min <= x <= x_max."""
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

    def _summary(self) -> Summary:
        kind = "discrete" if self.discrete else "continuous"
        rows = [
            ("n", f"{self.n}"),
            ("x_min", f"{self.xmin:.6g}" + (" (fixed)" if self.xmin_fixed else " (KS scan)")),
            ("alpha", f"{self.alpha:.4f} ± {self.alpha_stderr:.4f}"),
            ("n_tail", f"{self.n_tail}"),
            ("KS distance", f"{self.ks_distance:.4g}"),
        ]
        if np.isfinite(self.xmax):
            rows.append(("x_max", f"{self.xmax:.6g}"))
        if self.gof_result is not None:
            g = self.gof_result
            rows.append(("GoF p", f"{g.p_value:.3f} ({g.n_boot} replicates): {g.verdict()}"))
        for c in self.comparisons:
            rows.append(
                (
                    f"vs {c.alternative}",
                    f"LR = {c.statistic:.3f}, p = {c.p_value:.3f}: {c.verdict()}",
                )
            )
        if self.support is not None:
            rows.append(("support", self.support))
        if self.boot is not None:
            table = self.boot.conf_int(0.95)
            spans = ", ".join(
                f"{name} [{table.loc[name, 'lower']:.4g}, {table.loc[name, 'upper']:.4g}]"
                for name in ("alpha", "xmin")
            )
            rows.append(("bootstrap 95%", f"{spans} ({self.boot.n_ok} replicates)"))
        return Summary(f"Power-law tail ({kind}), Clauset, Shalizi & Newman 2009", tuple(rows))

    def plot(self, ax: Axes | None = None) -> Axes:
        """Empirical CCDF P(X >= x) with the fitted tail, on log-log axes."""
        ax = plot_axes(ax, "TailFit.plot()")
        values, counts = np.unique(self.data, return_counts=True)
        ccdf = np.cumsum(counts[::-1])[::-1] / self.n
        ax.loglog(values, ccdf, ".", markersize=3, color="0.4", label="data")
        grid = np.geomspace(self.xmin, min(self.data[-1], self.xmax), 200)
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
            "data": self.data,
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
        }

    @classmethod
    def _from_payload(cls, payload: dict[str, Any]) -> TailFit:
        gof = payload.get("gof")
        return cls(
            data=np.asarray(payload["data"], dtype=np.float64),
            discrete=bool(payload["discrete"]),
            xmin=float(payload["xmin"]),
            alpha=float(payload["alpha"]),
            alpha_stderr=float(payload["alpha_stderr"]),
            ks_distance=float(payload["ks_distance"]),
            n_tail=int(payload["n_tail"]),
            xmax=np.inf if payload.get("xmax") is None else float(payload["xmax"]),
            xmin_fixed=bool(payload.get("xmin_fixed", False)),
            min_tail=int(payload.get("min_tail", 10)),
            gof_result=None if gof is None else GofResult.from_dict(gof),
            comparisons=tuple(Comparison.from_dict(c) for c in payload.get("comparisons", [])),
            boot=None if payload.get("boot") is None else Bootstrap.from_dict(payload["boot"]),
        )

    def __repr__(self) -> str:
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
    ) -> GofResult:
        """Goodness of fit by the semi-parametric bootstrap (Clauset et al. 2009, sec. 4.1).

        Each replicate re-runs the x_min scan (unless x_min was fixed). Discrete
        tails are sampled exactly. Results do not depend on `workers`.
        """
        task = functools.partial(
            resampling.gof_replicate,
            body=self.data[self.data < self.xmin],
            n=self.n,
            n_tail=self.n_tail,
            alpha=self.alpha,
            xmin=self.xmin,
            options=self._options,
        )
        distances = np.array(
            run_replicates(task, n_boot, rng=rng, workers=workers, progress=progress)
        )
        valid = distances[np.isfinite(distances)]
        p = float(np.mean(valid >= self.ks_distance)) if valid.size else 0.0
        return GofResult(p, self.ks_distance, int(valid.size), int(distances.size - valid.size))

    def compare(self, alternative: str) -> Comparison:
        """Likelihood-ratio test against an alternative fitted to the same tail (sec. 5)."""
        check_choice(alternative, "alternative", valid_alternatives(self.discrete))
        if np.isfinite(self.xmax):
            raise InvalidOptionError(
                "compare: likelihood-ratio tests are implemented for tails without x_max; "
                "refit without xmax= to compare distributions."
            )
        tail = Tail.from_values(self.data, self.xmin, self.discrete)
        return compare_power_law(tail, self.alpha, alternative)

    def _bootstrap(self, n_boot: int, draws: Draws) -> Bootstrap:
        """The replicates of :meth:`with_bootstrap`: alpha, x_min and n_tail refitted on
        resamples of the data (scheme ``"nonparametric"``), x_min scan included
        (Clauset et al. 2009, sec. 3.4)."""
        task = functools.partial(
            resampling.bootstrap_replicate, data=self.data, options=self._options
        )
        rows = np.array(draws.run(task, n_boot))
        ok = np.isfinite(rows).all(axis=1)
        return Bootstrap(
            ("alpha", "xmin", "n_tail"),
            np.array([self.alpha, self.xmin, float(self.n_tail)]),
            rows[ok],
            int(rows.shape[0]),
            int((~ok).sum()),
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
        """Deprecated: use ``with_bootstrap(n_boot)`` and read ``.boot`` / ``conf_int()``."""
        deprecated("TailFit.bootstrap()", "TailFit.with_bootstrap(n_boot) and its conf_int()")
        check_level(level)
        record = self._bootstrap(n_boot, Draws(rng, workers, progress))
        return TailBootstrap.from_record(record, level)

    def assess(
        self,
        *,
        n_boot: int = 1000,
        compare: tuple[str, ...] | None = None,
        rng: RandomLike = 0,
        workers: int | None = None,
        progress: Progress | None = None,
    ) -> TailFit:
        """A copy with goodness of fit and comparisons filled in (all valid ones by default).

        `n_boot=0` skips the goodness-of-fit bootstrap.
        """
        alternatives = valid_alternatives(self.discrete) if compare is None else compare
        gof = self.gof(n_boot, rng=rng, workers=workers, progress=progress) if n_boot else None
        tests = tuple(self.compare(name) for name in alternatives)
        return replace(self, gof_result=gof, comparisons=tests)
