"""Relative WIS on a common forecast set: the hubs' pairwise tournament.

Models in a hub do not all forecast every location, date and horizon, so their
mean scores are not comparable directly. Cramer et al. (2022) compare every
pair of models i, j on the forecasts both made,

    theta_ij = mean WIS_i / mean WIS_j   (on their common forecasts),

take each model's geometric mean over all M models (theta_ii = 1 included),

    theta_i = (prod_j theta_ij)^(1/M),

and report theta_i / theta_baseline: below 1 beats the baseline. With two
models this is the ratio of their mean scores on the common set. The European
hub reports it the same way (Sherratt et al. 2023).

References
----------
Cramer, E. Y. et al. (2022). Evaluation of individual and ensemble
probabilistic forecasts of COVID-19 mortality in the United States. *PNAS*
119(15), e2113561119.
Sherratt, K. et al. (2023). Predictive performance of multi-model ensemble
forecasts of COVID-19 across European nations. *eLife* 12, e81916.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from scalinglaws.errors import EmptyDataError, InvalidInputError, InvalidOptionError
from scalinglaws.scoring._arrays import as_truth, check_same_length

__all__ = ["pairwise_relative_scores", "relative_score"]


def relative_score(scores: Any, baseline_scores: Any) -> float:
    """mean(scores) / mean(baseline_scores) of two aligned score arrays (one common set).

    Parameters
    ----------
    scores : array_like
        A model's scores.
    baseline_scores : array_like
        The baseline's scores on the same forecasts.

    Returns
    -------
    float
        The ratio of means.

    Raises
    ------
    InvalidInputError
        Misaligned lengths, non-finite scores, or a baseline whose mean is 0.
    """
    model = as_truth(scores, "scores")
    base = as_truth(baseline_scores, "baseline_scores")
    check_same_length(model.size, baseline_scores=base)
    denominator = float(np.mean(base))
    if denominator <= 0:
        raise InvalidInputError(
            "baseline_scores: the baseline's mean score is 0, so no ratio exists; "
            "score more forecasts or choose another baseline."
        )
    return float(np.mean(model)) / denominator


def pairwise_relative_scores(
    scores: pd.DataFrame,
    *,
    keys: Sequence[str],
    baseline: str,
    model: str = "model",
    score: str = "wis",
) -> pd.DataFrame:
    """Relative scores of every model against ``baseline`` by the pairwise tournament.

    Parameters
    ----------
    scores : DataFrame
        One row per (model, forecast): the ``model`` column, the ``score``
        column and the ``keys`` that identify a forecast (location, forecast
        date, horizon, target...).
    keys : sequence of str
        The columns that identify the same forecast across models.
    baseline : str
        The model the scores are scaled by (its relative score is 1).
    model : str, default "model"
        The column naming the model.
    score : str, default "wis"
        The column of scores.

    Returns
    -------
    DataFrame
        Indexed by model: ``n`` (forecasts scored), ``mean`` (mean score over
        them), ``theta`` (geometric mean of the pairwise ratios) and
        ``relative`` (theta / theta of the baseline).

    Raises
    ------
    InvalidInputError
        Missing columns, duplicated forecasts, non-finite scores, or a pair of
        models without a common forecast.
    InvalidOptionError
        A baseline that is not among the models.
    """
    needed = [model, score, *keys]
    missing = [c for c in needed if c not in scores.columns]
    if missing:
        raise InvalidInputError(
            f"scores: column(s) {', '.join(missing)} are missing; have "
            f"{', '.join(map(str, scores.columns))}."
        )
    if scores.empty:
        raise EmptyDataError("scores: no rows; there is nothing to compare.")
    as_truth(scores[score].to_numpy(), f"scores[{score!r}]")
    duplicated = scores.duplicated([model, *keys])
    if duplicated.any():
        row = scores.loc[duplicated, [model, *keys]].iloc[0].to_dict()
        raise InvalidInputError(
            f"scores: {int(duplicated.sum())} forecast(s) appear twice for the same model "
            f"(first {row}); give each (model, {', '.join(keys)}) one row."
        )
    wide = scores.pivot_table(index=list(keys), columns=model, values=score, aggfunc="first")
    models = [str(m) for m in wide.columns]
    if baseline not in models:
        raise InvalidOptionError(
            f"baseline={baseline!r} is not among the models: {', '.join(models)}."
        )
    values = wide.to_numpy(dtype=np.float64)
    present = np.isfinite(values)
    size = len(models)
    log_ratio = np.zeros((size, size))
    for i in range(size):
        for j in range(i + 1, size):
            both = present[:, i] & present[:, j]
            if not both.any():
                raise InvalidInputError(
                    f"scores: models {models[i]!r} and {models[j]!r} share no forecast, so "
                    "they cannot be compared; drop one or score more forecasts."
                )
            ratio = np.log(values[both, i].mean()) - np.log(values[both, j].mean())
            log_ratio[i, j], log_ratio[j, i] = ratio, -ratio
    theta = np.exp(log_ratio.mean(axis=1))
    table = pd.DataFrame(
        {
            "n": present.sum(axis=0),
            "mean": np.nanmean(values, axis=0),
            "theta": theta,
            "relative": theta / theta[models.index(baseline)],
        },
        index=pd.Index(models, name=model),
    )
    return table
