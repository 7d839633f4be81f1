"""Shared by the series suites: rolling-origin scores of one case, and their summary."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from scalinglaws.backtest import rolling_origin
from scalinglaws.bench.registry import FORECASTERS, WHOLE_HISTORY, SeriesSettings
from scalinglaws.errors import EmptyDataError
from scalinglaws.quantiles import HUB_QUANTILES
from scalinglaws.scoring import pairwise_relative_scores, score_forecasts, summarise_scores

__all__ = ["naive_reference", "rolling_scores", "summarise_series"]


def rolling_scores(
    t: np.ndarray,
    y: np.ndarray,
    method: str,
    settings: SeriesSettings,
    meta: dict[str, str],
    *,
    origins: Sequence[int] | None = None,
    seed: int = 0,
) -> pd.DataFrame:
    """Scored forecasts of ``method`` from each origin.

    Failed origins give rows with ``status="failed"`` and no scores, one per step that would have
    been scored.
    """
    forecaster = FORECASTERS[method](settings)
    positions = (
        list(origins) if origins is not None else list(range(settings.min_train - 1, t.size - 1))
    )
    if not positions:  # a series too short for any origin: nothing to score
        return pd.DataFrame(columns=[*meta, "origin", "horizon", "truth", "status", "method"])
    rows = []
    try:
        table = rolling_origin(
            t,
            y,
            forecaster,
            horizon=settings.horizon,
            origins=positions,
            window=None if method in WHOLE_HISTORY else settings.window,
            min_train=settings.min_train,
            rng=seed,
        )
    except EmptyDataError:  # the forecaster failed at every origin
        failed = [float(t[p]) for p in positions]
    else:
        failed = [origin for origin, _ in table.attrs.get("failures", [])]
        scored = score_forecasts(table.drop(columns=["t"]), levels=HUB_QUANTILES)
        rows.append(scored.assign(status="ok"))
    missed = []
    for origin in failed:
        position = int(np.searchsorted(t, origin))
        for h in range(1, min(settings.horizon, t.size - 1 - position) + 1):
            missed.append({"origin": origin, "horizon": h, "truth": y[position + h]})
    if missed:
        rows.append(pd.DataFrame(missed).assign(status="failed"))
    out = pd.concat(rows, ignore_index=True)
    for key, value in meta.items():
        out.insert(0, key, value)
    out["method"] = method
    return out


def summarise_series(
    scores: pd.DataFrame,
    *,
    group: Sequence[str],
    keys: Sequence[str],
    baselines: Sequence[str],
) -> pd.DataFrame:
    """Per (group, method, horizon) and pooled.

    n, failed share, WIS, MAE of the median, 50%/95% coverage, and against each of ``baselines``:
    ``rel_wis_<base>``, the relative WIS of the pairwise tournament over all methods (Cramer et al.
    2022), and ``pair_wis_<base>``, the ratio of mean WIS on the forecasts that method and the
    baseline both made (the two-model comparison; with two methods both agree).
    """
    tables = []
    for labels, part in scores.groupby(list(group), sort=True) if group else [((), scores)]:
        labels = labels if isinstance(labels, tuple) else (labels,)
        ok = part[part["status"] == "ok"]
        methods = sorted(part["method"].unique())
        for horizon in [*sorted(part["horizon"].unique()), "all"]:
            chosen = part if horizon == "all" else part[part["horizon"] == horizon]
            good = ok if horizon == "all" else ok[ok["horizon"] == horizon]
            summary = summarise_scores(good, ["method"]) if len(good) else pd.DataFrame()
            failed = chosen.groupby("method")["status"].apply(lambda s: float((s != "ok").mean()))
            frame = summary.reindex(methods)
            frame["failed"] = failed.reindex(methods)
            for base in baselines:
                present = [m for m in methods if m in set(good["method"])]
                if base in present and len(present) > 1:
                    relative = pairwise_relative_scores(
                        good, keys=[*keys, "horizon"], baseline=base, model="method"
                    )["relative"]
                    frame[f"rel_wis_{base}"] = relative.reindex(methods)
                    frame[f"pair_wis_{base}"] = _pair_ratios(good, [*keys, "horizon"], base)
            frame.insert(0, "horizon", horizon)
            for name, value in zip(group, labels, strict=True):
                frame.insert(0, name, value)
            tables.append(frame.reset_index().rename(columns={"index": "method"}))
    return pd.concat(tables, ignore_index=True)


def naive_reference(data: object) -> pd.DataFrame:
    """The reference of suites without published figures: the naive baseline itself."""
    return pd.DataFrame([{"method": "naive", "note": "the baseline: relative WIS 1 by definition"}])


def _pair_ratios(scores: pd.DataFrame, keys: list[str], base: str) -> pd.Series:
    """mean WIS of each method / mean WIS of ``base`` on the forecasts both made."""
    wide = scores.pivot_table(index=keys, columns="method", values="wis", aggfunc="first")
    ratios = {}
    for method in wide.columns:
        both = wide[method].notna() & wide[base].notna()
        ratios[method] = float(wide.loc[both, method].mean() / wide.loc[both, base].mean())
    return pd.Series(ratios)
