"""How a ladder predicts its target: the law it fits and the interval it gives.

Two protocols (:data:`PROTOCOLS`); docs/lm.md has the measurements behind the default.

``"budget"`` (the default): the law along the target's own budget. The ladder's
finished runs at the target's budget (the same absolute tokens, or the same tokens
per parameter) give one loss per (size, seed), and the power law

    ln L = ln a + b ln N

is fitted to them by least squares on logs (:func:`scalinglaws.fit_relation`,
``law="power"``, ``method="ols_log"``). The target's prediction is the median
a N_T^b of the predictive distribution of one new run, and its interval the
normal linear model's prediction interval (e.g. Seber & Lee 2003, sec. 5.3):

    ln L_T in ln a + b ln N_T +- t_{n-2} s sqrt(1 + 1/n + (ln N_T - mean ln N)^2 / Sxx)

with s^2 = RSS / (n - 2) the runs' scatter about the line. Every seed of every
size is a row, so s holds the seed-to-seed noise of one trained model (and what
the straight line misses); the ``1`` under the root is that noise for the target,
the rest is the line's uncertainty. The interval is symmetric about the estimate
on the log scale, so it always contains it. Two parameters from a one-dimensional
slice are identified by two sizes; the Chinchilla surface needs its budgets to
follow B / D^beta, which these short runs do not (docs/lm.md).

``"surface"``: :func:`scalinglaws.fit_neural` (``form``, default Chinchilla's
L = E + A/N^alpha + B/D^beta) on every finished run, with a bootstrap over runs;
the prediction is the median of ``predict_quantiles(interval="prediction")``
(each replicate's law plus the runs' scatter) and the interval its central
quantiles, so the point is inside the interval by construction. The surface also
predicts targets whose budget the ladder does not have.

References
----------
Seber, G. A. F. & Lee, A. J. (2003). *Linear Regression Analysis*, 2nd ed. Wiley.
Hoffmann, J. et al. (2022). Training compute-optimal large language models. arXiv:2203.15556.
"""

from __future__ import annotations

import math
import time

import numpy as np
import pandas as pd
from scipy import stats

from scalinglaws._validate import check_level
from scalinglaws.errors import InsufficientDataError
from scalinglaws.lm.ladder.config import SizeSpec, TargetSpec
from scalinglaws.lm.ladder.outcome import TargetPrediction
from scalinglaws.neural import NeuralFit
from scalinglaws.predictive import central_interval, central_levels
from scalinglaws.relations import RelationFit, fit_relation

__all__ = [
    "PROTOCOLS",
    "budget_rows",
    "fit_budget",
    "predict_from_budget",
    "predict_from_surface",
]

PROTOCOLS = ("budget", "surface")


def budget_rows(finished: pd.DataFrame, target: TargetSpec) -> pd.DataFrame:
    """The finished ladder rows trained at the target's budget.

    The budget is the target's label: the same absolute tokens, or the same tokens per
    parameter.
    """
    return finished[finished["budget"] == target.budget.label]


def fit_budget(rows: pd.DataFrame, *, what: str) -> RelationFit:
    """The power law L = a N^b through the rows (least squares on logs).

    Raises
    ------
    InsufficientDataError
        Fewer than two sizes, or no degree of freedom left for the scatter.
    """
    sizes = rows["N"].nunique()
    if sizes < 2 or len(rows) < 3:
        raise InsufficientDataError(
            f"{what}: the power law along the target's budget needs finished runs of at "
            f"least two sizes and three runs at that budget, found {len(rows)} run(s) of "
            f"{sizes} size(s); add sizes or seeds at the target's budget, or use "
            "protocol='surface'."
        )
    return fit_relation(rows["N"].astype(float), rows["loss"].astype(float), law="power")


def _prediction(
    size: SizeSpec,
    tokens: int,
    loss: float,
    bounds: tuple[float, float] | None,
    level: float | None,
    *,
    form: str,
    params: dict[str, float],
    n_runs: int,
    law_sd: float | None,
    run_sd: float | None,
    df: float | None,
) -> TargetPrediction:
    lower, upper = bounds if bounds is not None else (None, None)
    return TargetPrediction(
        N=float(size.n_params),
        D=float(tokens),
        loss=loss,
        lower=lower,
        upper=upper,
        level=level if bounds is not None else None,
        form=form,
        params=params,
        n_runs=n_runs,
        made_at=time.time(),
        size=size.name,
        law_sd=law_sd,
        run_sd=run_sd,
        df=df,
    )


def predict_from_budget(
    fit: RelationFit, size: SizeSpec, tokens: int, level: float | None
) -> TargetPrediction:
    """The budget protocol's prediction for `size` (see the module doc).

    ``law_sd`` and ``run_sd`` are the two parts of the interval's scale on the log
    scale: the line's standard error at N_T and the runs' scatter s.
    """
    n = float(size.n_params)
    chosen = 0.95 if level is None else check_level(level)
    levels = central_levels(chosen)
    band = fit.predict_quantiles([n], quantiles=levels, interval="confidence", method="analytic")
    table = fit.predict_quantiles([n], quantiles=levels, interval="prediction", method="analytic")
    median = float(table["median"].iloc[0])
    df = float(fit.df_resid) if fit.df_resid is not None else math.inf
    t = float(stats.t.ppf(levels[1], df))
    law_sd = math.log(float(central_interval(band, chosen)[1][0]) / median) / t
    run_sd = fit.residual_sd  # s of ln L: the law is fitted by least squares in logs
    low, high = (float(v[0]) for v in central_interval(table, chosen))
    return _prediction(
        size,
        tokens,
        median,
        (low, high) if level is not None else None,
        level,
        form="power along the target's budget",
        params={k: float(v) for k, v in fit.params.items()},
        n_runs=int(np.size(fit.y)),
        law_sd=law_sd,
        run_sd=run_sd,
        df=df,
    )


def predict_from_surface(
    fit: NeuralFit, size: SizeSpec, tokens: int, level: float | None
) -> TargetPrediction:
    """The surface protocol's prediction for `size`.

    The predictive median of a new run and the central `level` interval (bootstrap mixture when the
    fit has replicates).

    ``law_sd`` is the width of the law's own central 95% band on the log scale over
    2 x 1.96 (the standard deviation were the band normal); ``run_sd`` is not split out.
    """
    n, d = float(size.n_params), float(tokens)
    chosen = 0.95 if level is None else check_level(level)
    table = fit.predict_quantiles(n, d, quantiles=central_levels(chosen), interval="prediction")
    median = float(table["median"].iloc[0])
    band = fit.predict_quantiles(n, d, quantiles=(0.025, 0.975), interval="confidence")
    low95, high95 = (float(v[0]) for v in central_interval(band, 0.95))
    law_sd = math.log(high95 / low95) / (2 * float(stats.norm.ppf(0.975)))
    low, high = (float(v[0]) for v in central_interval(table, chosen))
    return _prediction(
        size,
        tokens,
        median,
        (low, high) if level is not None else None,
        level,
        form=fit.form,
        params={k: float(v) for k, v in fit.params.items()},
        n_runs=fit.n_runs,
        law_sd=law_sd,
        run_sd=None,
        df=None,
    )
