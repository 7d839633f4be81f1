"""Extrapolation check: fit on the cheaper runs, predict the more expensive ones.

A scaling law is used to extrapolate in compute, so the honest test of a fit is
to hold out the runs above a compute cutoff, refit on the rest with the same
options, and report the error of the predictions for the held-out runs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from scalinglaws._validate import check_number
from scalinglaws.errors import InsufficientDataError
from scalinglaws.neural.constraints import Constraints
from scalinglaws.neural.data import Runs, require_runs
from scalinglaws.neural.problem import solve

if TYPE_CHECKING:
    from scalinglaws.neural.result import NeuralFit

__all__ = ["Backtest", "backtest"]


@dataclass(frozen=True, eq=False)
class Backtest:
    """Held-out runs above ``cutoff`` (FLOPs), predicted by ``fit`` (refitted below it).

    Attributes
    ----------
    cutoff : float
        The compute C that splits the runs.
    fit : NeuralFit
        The law refitted on the runs with C <= cutoff.
    table : pandas.DataFrame
        The held-out runs: ``N, D, C, loss, predicted, rel_error``.
    """

    cutoff: float
    fit: NeuralFit
    table: pd.DataFrame  # N, D, C, loss, predicted, rel_error of the held-out runs

    @property
    def mean_abs_rel_error(self) -> float:
        """The mean of the absolute relative errors over the held-out runs."""
        return float(np.mean(np.abs(self.table["rel_error"])))

    @property
    def max_abs_rel_error(self) -> float:
        """The largest absolute relative error over the held-out runs."""
        return float(np.max(np.abs(self.table["rel_error"])))

    def __repr__(self) -> str:
        """A one-line description: cutoff, runs fitted and held out, mean error."""
        return (
            f"<Backtest cutoff={self.cutoff:.3g} fit={self.fit.n_runs} "
            f"held_out={len(self.table)} mean|err|={self.mean_abs_rel_error:.2%}>"
        )


def backtest(fit: NeuralFit, cutoff: float | None = None, *, quantile: float = 0.75) -> Backtest:
    """Refit `fit`'s law on runs with C <= cutoff and predict the runs above it.

    `cutoff` defaults to the `quantile` of the runs' compute. Raises
    :class:`InsufficientDataError` when either side is too small to fit or test.
    """
    q = check_number(quantile, "quantile", low=0.0, high=1.0)
    limit = (
        float(np.quantile(fit.C, q)) if cutoff is None else check_number(cutoff, "cutoff", low=0.0)
    )
    below = np.less_equal(fit.C, limit)
    if below.all() or not below.any():
        raise InsufficientDataError(
            f"backtest: cutoff={limit:.3g} FLOPs leaves {int(below.sum())} runs to fit and "
            f"{int((~below).sum())} to predict; choose a cutoff inside [{fit.C.min():.3g}, "
            f"{fit.C.max():.3g})."
        )
    rules = Constraints(fit.form, fit.fixed, fit.bounds)
    u = None if fit.U is None else fit.U[below]
    runs = Runs(fit.N[below], fit.D[below], fit.L[below], fit.C[below], fit.c_given, u)
    spec = rules.form()
    require_runs(
        runs, len(spec.theta_names), two_resource=spec.n_features != 1, variable=fit.variable
    )
    refit = solve(
        type(fit),
        runs,
        rules,
        variable=fit.variable,
        loss=fit.loss,
        delta=fit.delta,
        asymmetry=max(fit.asymmetry, 1.0),
        flops_per_token=fit.flops_per_token,
    )
    held = ~below
    predicted = refit.predict_runs(fit, held)
    table = pd.DataFrame(
        {
            "N": fit.N[held],
            "D": fit.D[held],
            "C": fit.C[held],
            "loss": fit.L[held],
            "predicted": predicted,
            "rel_error": predicted / fit.L[held] - 1.0,
        }
    )
    return Backtest(limit, refit, table)
