"""Ways to combine the Transformer's own forecasts, chosen on the European hub's dev countries.

Run from the repository root, under the shared lock:

    flock /tmp/scalinglaws-heavy.lock .venv/bin/python benchmarks/forecaster_combine_dev.py \\
        --data ../shared/data --countries 11 --workers 2 --contexts 8,13,26 --paths 200

Uses only the dev countries (FI..LT, weekly cases, the hub's own origins), as
``forecaster_calibration_dev.py`` does, and its cache of uncalibrated forecasts made
once per week (here with ``--paths`` sample paths, kept in ``--cache``). Each context
is calibrated by its own past errors exactly as the option does (K = 26 origins,
beta = 1/2: ``scalinglaws.calibration``); then the candidates are

* each context alone (8 weeks is the shipped rule);
* several contexts combined by **quantile averaging** (the mean of the members'
  quantiles at each level, Vincentization: Ratcliff 1979; Lichtendahl, Grushka-Cockayne
  & Winkler 2013 show it is sharper than the mixture of the members' distributions and
  never worse in the quantile score than their mean score) or by their **median**;
* the 8-week forecast with its **bias removed** (every quantile shifted on the
  log(y + c) scale by the mean past log error of the same horizon, so a median that
  ran low in the past runs higher now).

Prints, for each candidate, the relative WIS against the hub baseline on the
forecasts both made (with a 90% interval from resampling countries), by horizon, and
the 50%/95% coverage; with ``--compare`` another run's cache (other weights), the
paired ratio of the two first contexts' WIS on the forecasts both made.
"""

from __future__ import annotations

import argparse
import pickle
from pathlib import Path

import numpy as np
import pandas as pd

from forecaster_calibration_dev import TEST_CASES, cache
from scalinglaws import calibration
from scalinglaws._pool import process_pool
from scalinglaws.bench.methods import since_last_negative
from scalinglaws.bench.suites.europe_hub import SUITE
from scalinglaws.forecasters.transformer import MIN_CONTEXT
from scalinglaws.quantiles import HUB_QUANTILES
from scalinglaws.scoring import weighted_interval_score

LEVELS = np.asarray(HUB_QUANTILES)
MEDIAN = int(np.flatnonzero(LEVELS == 0.5)[0])
K = 26
BETA = 0.5
STEPS = 4


def past_errors(
    cached: dict[str, object], context: int, p: int
) -> tuple[np.ndarray, np.ndarray, float] | None:
    """Horizons and log errors of the past medians before origin p, and the log offset."""
    y: np.ndarray = cached["y"]  # type: ignore[assignment]
    found: dict[int, np.ndarray] = cached["forecasts"][context]  # type: ignore[index]
    _, values = since_last_negative(np.arange(p + 1.0), y[: p + 1])
    offset = p + 1 - values.size
    c = calibration.log_offset(values)
    h, e = [], []
    past = calibration.past_origins(
        values.size, STEPS, window=context, max_origins=K, min_train=MIN_CONTEXT
    )
    for _, q, ahead in past:
        if q + offset in found:
            truth = values[q + 1 : q + 1 + ahead]
            h.append(np.arange(1.0, ahead + 1))
            e.append(calibration.log_errors(truth, found[q + offset][:ahead, MEDIAN], c))
    if not e or np.concatenate(e).size < 2:
        return None
    return np.concatenate(h), np.concatenate(e), c


def calibrated(cached: dict[str, object], context: int, *, unbias: bool = False) -> dict:
    """Origin -> quantiles (STEPS, levels) of one context, calibrated as the option does."""
    found: dict[int, np.ndarray] = cached["forecasts"][context]  # type: ignore[index]
    out = {}
    for p in cached["origins"]:  # type: ignore[attr-defined]
        if p not in found:
            continue
        quantiles = found[p].copy()
        errors = past_errors(cached, context, p)
        if errors is not None:
            hh, ee, c = errors
            if unbias:
                shift = np.array([ee[hh == h].mean() if (hh == h).any() else 0.0
                                  for h in range(1, STEPS + 1)])  # fmt: skip
                quantiles = np.exp(np.log(quantiles + c) + shift[:, None]) - c
                ee = ee - shift[hh.astype(int) - 1]
            quantiles = calibration.widen(
                quantiles[:, MEDIAN], quantiles, LEVELS,
                calibration.error_scale(hh, ee, BETA), ee.size, c, beta=BETA,
            )  # fmt: skip
        out[p] = quantiles
    return out


def scored(cached: dict[str, object], forecasts: dict) -> pd.DataFrame:
    """WIS and coverage of one case's forecasts (origin -> quantiles)."""
    y: np.ndarray = cached["y"]  # type: ignore[assignment]
    rows = []
    for p, quantiles in forecasts.items():
        ahead = min(STEPS, y.size - 1 - p)
        truth = y[p + 1 : p + 1 + ahead]
        wis = weighted_interval_score(truth, quantiles[:ahead], HUB_QUANTILES)
        q = {lv: quantiles[:ahead, lv == LEVELS][:, 0] for lv in (0.025, 0.25, 0.75, 0.975)}
        date = pd.Timestamp(cached["dates"][p]) + pd.Timedelta(days=2)  # type: ignore[index]
        for i in range(ahead):
            rows.append({"location": cached["key"].split("-")[0], "forecast_date": date,
                         "horizon": i + 1, "wis": wis[i],
                         "inside50": q[0.25][i] <= truth[i] <= q[0.75][i],
                         "inside95": q[0.025][i] <= truth[i] <= q[0.975][i]})  # fmt: skip
    return pd.DataFrame(rows)


def combined(members: list[dict], how: str) -> dict:
    """Origin -> the members' quantiles averaged (``mean``) or their median (``median``)."""
    common = set.intersection(*(set(m) for m in members))
    reduce = np.mean if how == "mean" else np.median
    return {p: np.sort(reduce([m[p] for m in members], axis=0), axis=1) for p in sorted(common)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", default="../shared/data")
    parser.add_argument("--countries", type=int, default=11)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--contexts", default="8,13,26")
    parser.add_argument("--paths", type=int, default=200)
    parser.add_argument("--cache", default="benchmarks/out/forecaster_combine_dev.pkl")
    parser.add_argument("--weights", default=None, help="a forecaster folder (default: shipped)")
    parser.add_argument("--compare", default=None, help="another run's cache: paired ratio")
    args = parser.parse_args()
    contexts = [int(w) for w in args.contexts.split(",")]
    cases = [c for c in SUITE.load(Path(args.data))[TEST_CASES:] if c.data["target"] == "inc case"]
    keys = [c.key for c in cases[: args.countries]]
    path = Path(args.cache)
    stored = pickle.loads(path.read_bytes()) if path.exists() else None
    if stored is None or stored["setup"] != (keys, contexts, args.paths, args.weights):
        with process_pool(args.workers) as pool:
            n = len(keys)
            more = [[args.data] * n, [contexts] * n, [K] * n, [args.paths] * n, [args.weights] * n]
            cached = list(pool.map(cache, keys, *more))
        path.parent.mkdir(exist_ok=True)
        setup = (keys, contexts, args.paths, args.weights)
        path.write_bytes(pickle.dumps({"setup": setup, "cached": cached}))
    else:
        cached = stored["cached"]
    index = ["location", "forecast_date", "horizon"]
    base = pd.concat([c["base"] for c in cached]).query("status == 'ok'")
    base["forecast_date"] = pd.to_datetime(base["forecast_date"])
    base = base.set_index(index)["wis"]
    print(f"dev countries: {', '.join(k.split('-')[0] for k in keys)}; paths {args.paths}")
    each = [{w: calibrated(c, w) for w in contexts} for c in cached]
    candidates: dict[str, list[dict]] = {f"context {w}": [e[w] for e in each] for w in contexts}
    for size in range(2, len(contexts) + 1):
        for how in ("mean", "median"):
            chosen = contexts[:size]
            name = f"{how} of contexts {'+'.join(map(str, chosen))}"
            candidates[name] = [combined([e[w] for w in chosen], how) for e in each]
    w0 = contexts[0]
    candidates[f"context {w0}, bias removed"] = [calibrated(c, w0, unbias=True) for c in cached]
    for name, forecasts in candidates.items():
        own = pd.concat([scored(c, f) for c, f in zip(cached, forecasts, strict=True)])
        report(name, own.set_index(index).join(base.rename("base"), how="inner"))
    if args.compare:
        other = pickle.loads(Path(args.compare).read_bytes())["cached"]
        mine = pd.concat([scored(c, e[w0]) for c, e in zip(cached, each, strict=True)])
        mine = mine.set_index(index)
        theirs = pd.concat([scored(c, calibrated(c, w0)) for c in other]).set_index(index)
        pair = mine["wis"].to_frame().join(theirs["wis"].rename("other"), how="inner")
        low, high = country_interval(pair["wis"], pair["other"])
        print(
            f"context {w0}, these weights / those of {args.compare}: "
            f"{pair['wis'].sum() / pair['other'].sum():.3f} [{low:.3f}, {high:.3f}], n {len(pair)}"
        )


def report(name: str, both: pd.DataFrame) -> None:
    """Print one candidate's relative WIS (90% interval over countries), by horizon, and
    its 50% / 95% coverage, from its scores joined with the hub baseline's (``base``)."""
    by_h = both.groupby(level="horizon")
    ratios = (by_h["wis"].mean() / by_h["base"].mean()).round(3).tolist()
    low, high = country_interval(both["wis"], both["base"])
    print(
        f"{name}: rel. WIS {both['wis'].mean() / both['base'].mean():.3f} "
        f"[{low:.3f}, {high:.3f}] (h = 1-4: {ratios}), n {len(both)}, "
        f"cov50 {both['inside50'].mean():.3f}, cov95 {both['inside95'].mean():.3f}",
        flush=True,
    )


def country_interval(wis: pd.Series, base: pd.Series, reps: int = 2000) -> tuple[float, float]:
    """90% interval of sum(wis) / sum(base) from resampling whole countries (seeded).

    Forecasts of one country are correlated (the same waves, overlapping horizons),
    so countries, not forecasts, are the units resampled (a cluster bootstrap).
    """
    sums = pd.DataFrame({"wis": wis, "base": base}).groupby(level="location").sum()
    rng = np.random.default_rng(0)
    picks = rng.integers(0, len(sums), size=(reps, len(sums)))
    w, b = sums["wis"].to_numpy()[picks].sum(axis=1), sums["base"].to_numpy()[picks].sum(axis=1)
    low, high = np.quantile(w / b, [0.05, 0.95])
    return float(low), float(high)


if __name__ == "__main__":
    main()
