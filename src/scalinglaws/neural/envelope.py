"""envelope: Chinchilla Approach 1, the compute-optimal frontier from training curves.

Each run contributes its held-out loss curve L_r(C) along its compute
C = k N_r D (D the tokens seen so far). For every compute value on a log-spaced
grid, the run with the lowest (interpolated) loss there is the compute-optimal
model for that budget; its N and D = C / (k N) trace the frontier, and the
power laws N_opt ~ C^a, D_opt ~ C^b are fitted by least squares through it
(Hoffmann et al. 2022, sec. 3.1: 1,500 log-spaced FLOP values). Intervals come
from a bootstrap over runs (whole curves resampled with replacement).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from scalinglaws._types import FloatArray
from scalinglaws._validate import as_float_vector, check_number, require_positive
from scalinglaws.errors import InsufficientDataError, InvalidInputError
from scalinglaws.neural._plot import plot_envelope
from scalinglaws.neural.checkpoints import run_index
from scalinglaws.neural.data import compute_budgets
from scalinglaws.neural.diagnostics import envelope_reasons
from scalinglaws.neural.frontier import FrontierFit, fit_frontier
from scalinglaws.results import Summary, flag
from scalinglaws.uncertainty import Bootstrap, Draws, Progress, RandomLike

if TYPE_CHECKING:
    from matplotlib.axes import Axes

IntArray = npt.NDArray[np.int64]

__all__ = ["EnvelopeFit", "envelope"]


def _loss_grid(
    run: IntArray, log_c: FloatArray, log_l: FloatArray, grid: FloatArray, n_runs: int
) -> FloatArray:
    """(runs, grid) log loss of each run interpolated in log C; NaN outside its range."""
    out = np.full((n_runs, grid.size), np.nan)
    for index in range(n_runs):
        mask = run == index
        order = np.argsort(log_c[mask])
        x, y = log_c[mask][order], log_l[mask][order]
        inside = (grid >= x[0]) & (grid <= x[-1])
        out[index, inside] = np.interp(grid[inside], x, y)
    return out


def _winners(curves: FloatArray, min_runs: int) -> tuple[IntArray, FloatArray]:
    """Index of the lowest-loss run at each grid point (-1 where fewer than `min_runs` cover)."""
    covered = np.isfinite(curves).sum(axis=0) >= min_runs
    best = np.where(covered, np.argmin(np.where(np.isfinite(curves), curves, np.inf), axis=0), -1)
    return best.astype(np.int64), np.where(
        covered, np.nanmin(curves, axis=0, initial=np.inf), np.nan
    )


def _frontier_points(
    sizes: FloatArray, curves: FloatArray, grid: FloatArray, min_runs: int
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Budgets, N_opt and log loss along the envelope (grid points with a winner)."""
    best, loss = _winners(curves, min_runs)
    keep = best >= 0
    return np.exp(grid[keep]), sizes[best[keep]], loss[keep]


def _replicate(
    generator: np.random.Generator,
    *,
    sizes: FloatArray,
    curves: FloatArray,
    grid: FloatArray,
    min_runs: int,
    k: float,
) -> FloatArray:
    pick = generator.integers(0, sizes.size, sizes.size)
    budgets, n_opt, _ = _frontier_points(sizes[pick], curves[pick], grid, min_runs)
    if np.unique(n_opt).size < 2:
        return np.full(4, np.nan)
    return fit_frontier(budgets, n_opt, k).line()


def _curves(
    run: IntArray, n: FloatArray, d: FloatArray, loss: FloatArray, k: float, n_grid: int
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Each run's size, its log loss on the log-C grid, and the grid."""
    sizes = np.array([n[run == r][0] for r in range(int(run.max()) + 1)])
    log_c = np.log(compute_budgets(n, d, k))
    grid = np.linspace(log_c.min(), log_c.max(), n_grid)
    return sizes, _loss_grid(run, log_c, np.log(loss), grid, sizes.size), grid


@dataclass(frozen=True, eq=False, repr=False)
class EnvelopeFit(FrontierFit):
    """Chinchilla Approach 1: the lower envelope of training curves over compute.

    N_opt = k_N C^a and D_opt = k_D C^b are fitted by least squares in logs to the
    run that wins at each compute value on the envelope (Hoffmann et al. 2022, sec. 3.1).

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
        Replicates of (a, b, log k_N, log k_D) over runs (scheme ``"runs"``).
    run : numpy.ndarray of int
        The run index of each curve point.
    N : numpy.ndarray
        Parameters of each point's run.
    D : numpy.ndarray
        Tokens seen at the point.
    L : numpy.ndarray
        Held-out loss at the point.
    budgets : numpy.ndarray
        The compute grid values on the envelope.
    n_opt : numpy.ndarray
        The winning run's N at each budget.
    loss_opt : numpy.ndarray
        The envelope's loss at each budget.
    n_grid : int, default 1500
        Log-spaced compute values scanned.
    min_runs : int, default 2
        Runs whose curves must cover a compute value for it to enter the envelope.
    warnings : tuple of str
        Reasons not to trust the fit (keyword only).

    References
    ----------
    .. [1] Hoffmann, J. et al. (2022). Training compute-optimal large language models.
       arXiv:2203.15556.
    """

    kind = "envelope"

    run: IntArray  # run index of each curve point
    N: FloatArray  # parameters of each curve point's run
    D: FloatArray  # tokens seen at the point
    L: FloatArray  # held-out loss at the point
    budgets: FloatArray  # grid values of C on the envelope
    n_opt: FloatArray  # the winning run's N at each budget
    loss_opt: FloatArray  # the envelope's loss at each budget
    n_grid: int = 1500
    min_runs: int = 2

    def _points(self) -> tuple[FloatArray, FloatArray]:
        return self.budgets, self.n_opt

    def _bootstrap(self, n_boot: int, draws: Draws) -> Bootstrap:
        """Whole runs (curves) resampled with replacement.

        The envelope and its lines refitted on each resample.
        """
        k = self.flops_per_token
        sizes, curves, grid = _curves(self.run, self.N, self.D, self.L, k, self.n_grid)
        task = functools.partial(
            _replicate, sizes=sizes, curves=curves, grid=grid, min_runs=self.min_runs, k=k
        )
        rows = np.array(draws.run(task, n_boot))
        return self._line_record(rows.reshape(-1, 4))

    @property
    def n_runs(self) -> int:
        """The number of runs (curves) fitted."""
        return int(np.unique(self.run).size)

    def table(self) -> pd.DataFrame:
        """The envelope: C, N_opt, D_opt = C / (k N_opt) and the loss there.

        Returns
        -------
        pandas.DataFrame
            One row per budget on the envelope.
        """
        return pd.DataFrame(
            {
                "C": self.budgets,
                "N_opt": self.n_opt,
                "D_opt": self.budgets / (self.flops_per_token * self.n_opt),
                "loss": self.loss_opt,
            }
        )

    def _summary(self) -> Summary:
        spread = self._interval_text()
        rows = (
            ("runs", f"{self.n_runs} ({self.L.size} curve points)"),
            ("envelope", f"{self.budgets.size} budgets, {np.unique(self.n_opt).size} model sizes"),
            ("a (N_opt ~ C^a)", f"{self.a:.4f}{spread['a']}"),
            ("b (D_opt ~ C^b)", f"{self.b:.4f}{spread['b']}"),
        )
        notes = ["lowest loss over runs at each compute (Hoffmann et al. 2022, Approach 1)"]
        if self.boot is not None:
            notes.append(f"intervals from {self.boot.n_ok} bootstrap replicates over runs")
        return Summary("Training-curve envelope (Chinchilla Approach 1)", rows, tuple(notes))

    def plot(self, ax: Axes | None = None) -> Axes:
        """Plot the envelope's points and its lines against compute (needs the plot extra).

        Parameters
        ----------
        ax : matplotlib.axes.Axes, optional
            Axes to draw on; a new figure when None.

        Returns
        -------
        matplotlib.axes.Axes
            The axes drawn on.
        """
        return plot_envelope(self, ax)

    def _payload(self) -> dict[str, Any]:
        names = ("run", "N", "D", "L", "budgets", "n_opt", "loss_opt", "n_grid", "min_runs")
        return {**{name: getattr(self, name) for name in names}, **self._frontier_payload()}

    @classmethod
    def _from_payload(cls, payload: dict[str, Any]) -> EnvelopeFit:
        def arr(key: str) -> FloatArray:
            return np.asarray(payload[key], dtype=np.float64)

        return cls(
            run=np.asarray(payload["run"], dtype=np.int64),
            N=arr("N"),
            D=arr("D"),
            L=arr("L"),
            budgets=arr("budgets"),
            n_opt=arr("n_opt"),
            loss_opt=arr("loss_opt"),
            n_grid=int(payload.get("n_grid", 1500)),
            min_runs=int(payload.get("min_runs", 2)),
            **cls._frontier_fields(payload),
        )

    def __repr__(self) -> str:
        """A one-line description: the exponents and the number of runs."""
        return f"<EnvelopeFit a={self.a:.4g} b={self.b:.4g} runs={self.n_runs}>"


def envelope(
    run: Any,
    N: Any,
    D: Any,
    L: Any,
    *,
    flops_per_token: float = 6.0,
    n_grid: int = 1500,
    min_runs: int = 2,
    n_boot: int = 0,
    rng: RandomLike = 0,
    workers: int | None = None,
    progress: Progress | None = None,
) -> EnvelopeFit:
    """Chinchilla Approach 1 on training curves: one row per (run, eval) point.

    Parameters
    ----------
    run : array_like
        The run each point belongs to (any hashable labels).
    N : array_like
        The run's parameters (one value per run).
    D : array_like
        Tokens seen at the point.
    L : array_like
        Held-out loss at the point.
    flops_per_token : float, default 6.0
        k in C = k N D.
    n_grid : int, default 1500
        Log-spaced compute values (Hoffmann et al. use 1,500).
    min_runs : int, default 2
        A compute value enters the envelope only where at least this many runs' curves
        cover it, so the early points of the smallest model alone do not define the frontier.
    n_boot : int, default 0
        Bootstrap replicates over runs for intervals on a and b.
    rng : int, numpy.random.Generator or None, default 0
        The seed.
    workers : int or None, default None
        Worker processes for the bootstrap; None uses every core.
    progress : callable, optional
        Called as ``progress(k)`` as replicates finish.

    Returns
    -------
    EnvelopeFit
        The frontier N_opt = k_N C^a, D_opt = k_D C^b and the envelope's points.

    Raises
    ------
    InvalidInputError
        Mismatched lengths, or a run with two values of N.
    InsufficientDataError
        Fewer than two model sizes win somewhere on the envelope.

    References
    ----------
    .. [1] Hoffmann, J. et al. (2022). Training compute-optimal large language models.
       arXiv:2203.15556, sec. 3.1.
    """
    labels = pd.Series(np.asarray(run).ravel())
    sizes_in = as_float_vector(N, "N")
    tokens = as_float_vector(D, "D")
    losses = as_float_vector(L, "L")
    if not labels.size == sizes_in.size == tokens.size == losses.size:
        raise InvalidInputError(
            f"envelope: run, N, D and L must have one value per curve point, but have "
            f"{labels.size}, {sizes_in.size}, {tokens.size} and {losses.size}."
        )
    for name, values in (("N", sizes_in), ("D", tokens), ("L", losses)):
        require_positive(values, name)
    k = check_number(flops_per_token, "flops_per_token", low=0.0)
    grid_size = int(check_number(n_grid, "n_grid", low=10, integer=True))
    cover = int(check_number(min_runs, "min_runs", low=1, integer=True))
    index = run_index(labels, sizes_in, "envelope")
    sizes, curves, grid = _curves(index, sizes_in, tokens, losses, k, grid_size)
    budgets, n_opt, log_loss = _frontier_points(sizes, curves, grid, cover)
    if np.unique(n_opt).size < 2:
        raise InsufficientDataError(
            f"envelope: {np.unique(n_opt).size} model size(s) are ever the lowest curve "
            f"(where at least {cover} runs overlap); the frontier needs two; add runs of "
            "other sizes whose curves overlap in compute."
        )
    line = fit_frontier(budgets, n_opt, k)
    replicates = int(check_number(n_boot, "n_boot", low=0, integer=True))
    fit = EnvelopeFit(
        **line.fields(),
        flops_per_token=k,
        boot=None,
        run=index,
        N=sizes_in,
        D=tokens,
        L=losses,
        budgets=budgets,
        n_opt=n_opt,
        loss_opt=np.exp(log_loss),
        n_grid=grid_size,
        min_runs=cover,
    )
    fit = replace(fit, warnings=flag(envelope_reasons(n_opt)))
    if replicates > 0:
        fit = fit.with_bootstrap(replicates, rng=rng, workers=workers, progress=progress)
    return fit
