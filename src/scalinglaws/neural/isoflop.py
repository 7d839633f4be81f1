"""isoflop: Chinchilla Approach 2, compute-optimal exponents from IsoFLOP profiles.

Runs are grouped by compute budget (given, or binned from C = 6 N D). With
``method="parabola"`` (Hoffmann et al. 2022, sec. 3.2) a parabola in log N is
fitted to each budget's final losses and its vertex taken as N_opt. The parabola
is an approximation whose vertex is biased when the profile is asymmetric in
log N (Czech et al. 2026, "Problems with Chinchilla Approach 2"); with
``method="parametric"`` the law L = E + A/N^alpha + B/D^beta is fitted to all the
profiles at once (fit_neural) and each budget's N_opt is the law's constrained
minimum, which has no such bias. Either way N_opt ~ C^a and D_opt ~ C^b are then
least-squares lines through the optima (:mod:`scalinglaws.neural.frontier`),
with bootstrap intervals: for parabolas, runs resampled within each budget; for
the parametric method, the law's own bootstrap over runs, each replicate's line
being its exact minima (Hoffmann et al. 2022, eq. 4).

By default each budget's profile is fitted only near its minimum (runs within a
band of log loss above it, :mod:`scalinglaws.neural.window`), so diverged or tiny
models far up the profile do not pull the vertex; ``window=None`` fits every run.
The runs left out are ``IsoflopFit.dropped()``.
"""

from __future__ import annotations

import functools
import sys
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Literal, get_args

import numpy as np
import numpy.typing as npt
import pandas as pd

from scalinglaws._deprecation import positional_keywords
from scalinglaws._types import FloatArray
from scalinglaws._validate import check_choice, check_number
from scalinglaws._words import fmt
from scalinglaws.errors import InsufficientDataError, InvalidInputError
from scalinglaws.formulas.neural import chinchilla
from scalinglaws.neural._plot import plot_isoflop
from scalinglaws.neural._profiles import (
    bin_budgets,
    parabola_minima,
    parametric_lines,
    parametric_minima,
    replicate,
)
from scalinglaws.neural.data import prepare_runs
from scalinglaws.neural.diagnostics import profile_reasons
from scalinglaws.neural.frontier import FrontierFit, fit_frontier
from scalinglaws.neural.window import WINDOW, check_window, near_minimum
from scalinglaws.results import Summary, flag
from scalinglaws.uncertainty import Bootstrap, Draws, Progress, RandomLike

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from scalinglaws.neural.result import NeuralFit

IntArray = npt.NDArray[np.int64]

__all__ = ["METHODS", "IsoflopFit", "isoflop"]

#: Approach 2 by parabolas (the paper's) or by the law's exact minimum per budget.
IsoflopMethod = Literal["parabola", "parametric"]
METHODS: tuple[IsoflopMethod, ...] = get_args(IsoflopMethod)


@dataclass(frozen=True, eq=False, repr=False)
class IsoflopFit(FrontierFit):
    """IsoFLOP profiles (Chinchilla Approach 2): per-budget minima and their power laws.

    At each budget a parabola in log N (or the parametric law's exact minimum) gives
    N_opt; N_opt = k_N C^a and D_opt = k_D C^b are fitted to the minima in logs
    (Hoffmann et al. 2022, sec. 3.2).

    Attributes
    ----------
    a, b : float
        The exponents of N_opt and D_opt in C.
    log_kn, log_kd : float
        ln k_N and ln k_D.
    a_se, b_se : float
        Standard errors of a and b (OLS).
    flops_per_token : float
        k in C = k N D.
    boot : Bootstrap or None
        Replicates of (a, b, log k_N, log k_D), runs resampled within each budget.
    N, D, L : numpy.ndarray
        Parameters, tokens and final loss of each run.
    group : numpy.ndarray of int
        The budget index of each run.
    budgets : numpy.ndarray, shape (B,)
        The budgets C.
    curves : numpy.ndarray, shape (B, 3)
        c2, c1, c0 of L = c0 + c1 log N + c2 (log N)^2 per budget; NaN if skipped.
    n_opt, d_opt, loss_opt : numpy.ndarray, shape (B,)
        Each budget's minimum.
    method : str, default "parabola"
        ``"parabola"`` or ``"parametric"``.
    law : numpy.ndarray, optional
        E, A, B, alpha, beta of the parametric profile fit.
    min_points : int, default 3
        Distinct sizes a budget's parabola needs.
    profile_fit : NeuralFit, optional
        The parametric law fitted to every run (not saved).
    window : float, optional
        The band of log loss above each minimum that was fitted; None: every run.
    used : numpy.ndarray of bool, optional
        The runs inside the window (None: all).
    warnings : tuple of str
        Reasons not to trust the fit (keyword only).

    References
    ----------
    .. [1] Hoffmann, J. et al. (2022). Training compute-optimal large language models.
       arXiv:2203.15556.
    """

    kind = "isoflop"

    N: FloatArray
    D: FloatArray
    L: FloatArray
    group: IntArray  # budget index of each run
    budgets: FloatArray  # (B,)
    curves: FloatArray  # (B, 3): c2, c1, c0 of L = c0 + c1 log N + c2 (log N)^2; NaN if skipped
    n_opt: FloatArray
    d_opt: FloatArray
    loss_opt: FloatArray
    method: str = "parabola"
    law: FloatArray | None = None  # E, A, B, alpha, beta of the parametric profile fit
    min_points: int = 3  # distinct sizes a budget's parabola needs
    profile_fit: NeuralFit | None = field(default=None, compare=False)  # not saved
    window: float | None = None  # band of log loss above each minimum; None: every run
    used: npt.NDArray[np.bool_] | None = None  # runs inside the window (None: all)

    @property
    def kept(self) -> npt.NDArray[np.bool_]:
        """Mask of the runs the profiles were fitted to."""
        return np.ones(self.L.size, dtype=bool) if self.used is None else self.used

    def dropped(self) -> pd.DataFrame:
        """The runs left out of the fit by the window.

        Returns
        -------
        pandas.DataFrame
            ``N, D, L, C`` (budget) and how far above their budget's lowest loss they are
            (``log_excess`` = log L - min log L).
        """
        lowest = np.array([np.log(self.L[self.group == g]).min() for g in self.group])
        out = ~self.kept
        return pd.DataFrame(
            {
                "N": self.N[out],
                "D": self.D[out],
                "L": self.L[out],
                "C": self.budgets[self.group[out]],
                "log_excess": np.log(self.L[out]) - lowest[out],
            }
        )

    def _points(self) -> tuple[FloatArray, FloatArray]:
        ok = np.isfinite(self.n_opt)
        return self.budgets[ok], self.n_opt[ok]

    def _bootstrap(self, n_boot: int, draws: Draws) -> Bootstrap:
        """Parabolas: runs resampled within each budget, the window applied to each resample.

        Parametric: the law's bootstrap over the runs inside the window
        (:meth:`NeuralFit.with_bootstrap`), each replicate's exact frontier.
        """
        k, kept = self.flops_per_token, self.kept
        if self.method == "parametric":
            profile = (
                self.profile_fit
                or parametric_minima(self.N[kept], self.D[kept], self.L[kept], self.budgets, k)[0]
            )
            record = profile.with_bootstrap(
                n_boot, rng=draws.rng, workers=draws.workers, progress=draws.progress
            )
            assert record.boot is not None
            rows = parametric_lines(np.asarray(record.boot.samples), k)
            failed = record.boot.n_failed
            return self._line_record(np.vstack([rows, np.full((failed, 4), np.nan)]))
        task = functools.partial(
            replicate,
            n=self.N,
            loss=self.L,
            group=self.group,
            window=self.window,
            budgets=self.budgets,
            need=self.min_points,
            k=k,
        )
        rows = np.array(draws.run(task, n_boot))
        return self._line_record(rows.reshape(-1, 4))

    @property
    def n_used(self) -> int:
        """Budgets with a minimum (for parabolas: positive curvature)."""
        return int(np.isfinite(self.n_opt).sum())

    def profile(self, index: int, points: int = 60) -> tuple[FloatArray, FloatArray] | None:
        """The fitted loss along budget `index` over its runs' range of N.

        Parameters
        ----------
        index : int
            The budget's position in ``budgets``.
        points : int, default 60
            Log-spaced values of N.

        Returns
        -------
        tuple of numpy.ndarray or None
            (N, L) along the parabola in log N, or along the parametric law at
            D = C / (k N); None when neither exists.
        """
        sizes = self.N[self.group == index]
        u = np.linspace(np.log(sizes.min()), np.log(sizes.max()), points)
        c2 = self.curves[index, 0]
        if np.isfinite(c2):  # the vertex form: exact, and free of the cancellation in c0
            return np.exp(u), self.loss_opt[index] + c2 * (u - np.log(self.n_opt[index])) ** 2
        if self.law is None:
            return None
        n = np.exp(u)
        tokens = self.budgets[index] / (self.flops_per_token * n)
        return n, chinchilla(n, tokens, *self.law)

    def table(self) -> pd.DataFrame:
        """One row per budget: C, runs, N_opt, D_opt, loss at the minimum.

        Returns
        -------
        pandas.DataFrame
            The per-budget minima.
        """
        counts = np.bincount(self.group, minlength=self.budgets.size)
        used = np.bincount(self.group[self.kept], minlength=self.budgets.size)
        return pd.DataFrame(
            {
                "C": self.budgets,
                "runs": counts,
                "used": used,
                "N_opt": self.n_opt,
                "D_opt": self.d_opt,
                "loss": self.loss_opt,
            }
        )

    def verdicts(self) -> tuple[str, ...]:
        """The fit's conclusion as a sentence: the allocation exponents and their support.

        Returns
        -------
        tuple of str
            One sentence.
        """
        return (
            f"Compute-optimal allocation from {self.n_used} IsoFLOP minima: "
            f"N_opt ∝ C^{fmt(self.a, '.3f')} and D_opt ∝ C^{fmt(self.b, '.3f')}.",
        )

    def _summary(self) -> Summary:
        spread = self._interval_text()
        rows = (
            ("method", self.method),
            (
                "runs",
                f"{self.L.size}"
                + ("" if self.window is None else f" ({int(self.kept.sum())} inside the window)"),
            ),
            ("budgets", f"{self.budgets.size} ({self.n_used} with a minimum)"),
            ("a (N_opt ~ C^a)", f"{self.a:.4f}{spread['a']}"),
            ("b (D_opt ~ C^b)", f"{self.b:.4f}{spread['b']}"),
        )
        how = (
            "parabola in log N per budget (Hoffmann et al. 2022, Approach 2)"
            if self.method == "parabola"
            else "minima of L = E + A/N^alpha + B/D^beta fitted to all profiles "
            "(no parabola bias; Czech et al. 2026)"
        )
        notes = [how]
        if self.window is not None:
            notes.append(
                f"each budget fitted on runs with log L within {self.window:g} of its lowest "
                f"(window); {int((~self.kept).sum())} run(s) left out: fit.dropped()"
            )
        if self.boot is None:
            notes.append("± is the OLS standard error of the slope")
        else:
            notes.append(f"intervals from {self.boot.n_ok} bootstrap replicates")
        return Summary("IsoFLOP profiles (Chinchilla Approach 2)", rows, tuple(notes))

    def plot(self, ax: Axes | None = None) -> Axes:
        """Plot the iso-FLOP profiles, their minima and the fitted lines (needs the plot extra).

        Parameters
        ----------
        ax : matplotlib.axes.Axes, optional
            Axes to draw on; a new figure when None.

        Returns
        -------
        matplotlib.axes.Axes
            The axes drawn on.
        """
        return plot_isoflop(self, ax)

    def _payload(self) -> dict[str, Any]:
        names = ("N", "D", "L", "group", "budgets", "curves", "n_opt", "d_opt", "loss_opt")
        return {
            **{name: getattr(self, name) for name in names},
            **self._frontier_payload(),
            "method": self.method,
            "law": self.law,
            "min_points": self.min_points,
            "window": self.window,
            "used": None if self.used is None else self.used.astype(int),
        }

    @classmethod
    def _from_payload(cls, payload: dict[str, Any]) -> IsoflopFit:
        def arr(key: str) -> FloatArray:
            return np.array([np.nan if v is None else v for v in payload[key]], dtype=np.float64)

        fitted = payload.get("law")
        return cls(
            N=arr("N"),
            D=arr("D"),
            L=arr("L"),
            group=np.asarray(payload["group"], dtype=np.int64),
            budgets=arr("budgets"),
            curves=np.array(
                [[np.nan if v is None else v for v in row] for row in payload["curves"]],
                dtype=np.float64,
            ).reshape(-1, 3),
            n_opt=arr("n_opt"),
            d_opt=arr("d_opt"),
            loss_opt=arr("loss_opt"),
            method=check_choice(payload.get("method", "parabola"), "method", METHODS),
            law=None if fitted is None else np.asarray(fitted, dtype=np.float64),
            min_points=int(payload.get("min_points", 3)),
            window=None if payload.get("window") is None else float(payload["window"]),
            used=None if payload.get("used") is None else np.asarray(payload["used"], dtype=bool),
            **cls._frontier_fields(payload),
        )

    def __repr__(self) -> str:
        """A one-line description: method, exponents and budgets used."""
        return (
            f"<IsoflopFit {self.method} a={self.a:.4g} b={self.b:.4g} "
            f"budgets={self.n_used}/{self.budgets.size}>"
        )


def isoflop(
    N: Any,
    D: Any,
    L: Any,
    *args: Any,
    C: Any = None,
    method: IsoflopMethod = "parabola",
    flops_per_token: float = 6.0,
    budget_tol: float = 0.05,
    min_points: int = 3,
    window: float | None = WINDOW,
    n_boot: int = 0,
    rng: RandomLike = 0,
    workers: int | None = None,
    progress: Progress | None = None,
) -> IsoflopFit:
    """Chinchilla Approach 2 on runs (N, D, L), grouped by budget C (given or binned from 6ND).

    Parameters
    ----------
    N : array_like
        Parameters of each run.
    D : array_like
        Training tokens of each run.
    L : array_like
        Final loss of each run.
    *args
        Deprecated: C passed by position (it is keyword-only now).
    C : array_like, optional
        The nominal budget of each run (keyword-only); runs with equal C form one profile. When
        omitted, C = flops_per_token * N * D and runs whose log10 C are within
        `budget_tol` of a neighbour share a budget.
    method : {"parabola", "parametric"}, default "parabola"
        ``"parabola"`` (the paper's) or ``"parametric"`` (the law's exact minimum on
        each budget; free of the parabola's bias).
    flops_per_token : float, default 6.0
        k in C = k N D.
    budget_tol : float, default 0.05
        The log10 distance within which computed budgets are merged.
    min_points : int, default 3
        Runs (with distinct N) a budget needs for its parabola.
    window : float or None, default 0.1
        Fit each budget only on runs with log L - min log L <= window (the budget's
        lowest loss times up to e^window), keeping at least the `min_points` sizes of
        lowest loss; None fits every run. The runs left out are listed by
        :meth:`IsoflopFit.dropped` (:mod:`scalinglaws.neural.window`).
    n_boot : int, default 0
        Bootstrap replicates (runs resampled within each budget) for percentile
        intervals on a and b; 0 gives OLS standard errors only.
    rng : int, numpy.random.Generator or None, default 0
        The seed.
    workers : int, optional
        Worker processes for the bootstrap; None uses every core.
    progress : callable, optional
        Called as ``progress(k)`` as replicates finish.

    Returns
    -------
    IsoflopFit
        The per-budget minima and the frontier through them.

    Raises
    ------
    InsufficientDataError
        Fewer than two budgets have a minimum.

    References
    ----------
    .. [1] Hoffmann, J. et al. (2022). Training compute-optimal large language models.
       arXiv:2203.15556, sec. 3.2.
    """
    C = positional_keywords("isoflop", args, {"C": C})["C"]
    check_choice(method, "method", METHODS)
    runs = prepare_runs(N, D, L, C, flops_per_token=flops_per_token, what="isoflop")
    tol = check_number(budget_tol, "budget_tol", low=0.0)
    need = int(check_number(min_points, "min_points", low=3, integer=True))
    replicates = int(check_number(n_boot, "n_boot", low=0, integer=True))
    k = float(flops_per_token)
    if runs.c_given:
        budgets, group = np.unique(runs.C, return_inverse=True)
    else:
        group = bin_budgets(np.log10(runs.C), tol)
        budgets = np.exp(
            np.array([np.log(runs.C[group == g]).mean() for g in range(group.max() + 1)])
        )
    group = np.asarray(group, dtype=np.int64).ravel()
    budgets = np.asarray(budgets, dtype=np.float64)
    band = check_window(window)
    used = near_minimum(np.log(runs.N), runs.L, group, band, need)
    curves, profile_fit = np.full((budgets.size, 3), np.nan), None
    if method == "parabola":
        curves, n_opt, loss_opt = parabola_minima(
            np.log(runs.N[used]), runs.L[used], group[used], budgets.size, need
        )
        if not np.isfinite(curves[np.isfinite(curves[:, 0])]).all():
            raise InvalidInputError(
                f"L: with losses as large as {runs.L.max():.3g} the parabolas' coefficients "
                "in log N (c0 ~ L (log N)^2) overflow float64; express L in other units."
            )
    else:
        profile_fit, n_opt, loss_opt = parametric_minima(
            runs.N[used], runs.D[used], runs.L[used], budgets, k
        )
    ok = np.isfinite(n_opt)
    if ok.sum() < 2:
        raise InsufficientDataError(
            f"isoflop: {int(ok.sum())} of {budgets.size} budget(s) have a parabola with a "
            f"minimum (each needs {need} distinct model sizes and positive curvature); "
            "need at least 2 budgets; pass C= to group runs or add runs."
        )
    line = fit_frontier(budgets, n_opt, k)
    with np.errstate(over="ignore", under="ignore"):
        d_opt = budgets / (k * n_opt)
    lost = ok & ~((d_opt >= sys.float_info.min) & np.isfinite(d_opt))
    if lost.any():
        raise InvalidInputError(
            f"C: D_opt = C / ({k:g} N_opt) at C = {budgets[lost][0]:g} lies beyond what "
            "float64 holds (about 2e-308 to 1.8e308): C and N are in units too far apart; "
            "pass C in the units of N and D (C = flops_per_token N D) or rescale it."
        )
    fitted = None
    if profile_fit is not None:
        fitted = np.array([profile_fit.params[name] for name in ("E", "A", "B", "alpha", "beta")])
    fit = IsoflopFit(
        **line.fields(),
        flops_per_token=k,
        boot=None,
        N=runs.N,
        D=runs.D,
        L=runs.L,
        group=group,
        budgets=budgets,
        curves=curves,
        n_opt=n_opt,
        d_opt=d_opt,
        loss_opt=loss_opt,
        method=method,
        law=fitted,
        min_points=need,
        profile_fit=profile_fit,
        window=band,
        used=used,
    )
    fit = replace(fit, warnings=flag(profile_reasons(n_opt, np.log(runs.N), group)))
    if replicates > 0:
        fit = fit.with_bootstrap(replicates, rng=rng, workers=workers, progress=progress)
    return fit
