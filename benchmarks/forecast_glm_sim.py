"""Forecasts of a simulated generalized-logistic (GLM) epidemic, as in Chowell's per-horizon table.

Run from the repository root, under the shared lock:

    flock /tmp/scalinglaws-heavy.lock .venv/bin/python benchmarks/forecast_glm_sim.py

The GLM is dC/dt = r C^p (1 - C/K) (Viboud, Simonsen & Chowell 2016; Chowell 2017,
Infect. Dis. Model. 2, 379-398), integrated by scipy's ``solve_ivp`` (independent of
the package's own GLM); the series is the daily incidence C(t) - C(t - 1) with
Poisson noise, ``--series`` seeded series. Two protocols:

``toolbox`` (default): the published example of Chowell's GrowthPredict toolbox
(G. Chowell, S. Dahal, A. Tariq et al., "GrowthPredict: a toolbox and
tutorial-based primer for fitting and forecasting growth trajectories using
phenomenological growth models", Sci. Rep. 14, 1630 (2024); code and the series
``input/sim-GLM-poiss.txt`` at github.com/gchowell/forecasting_growthmodels,
GPL-3, not copied here). Its ``options_forecast.m`` forecasts 30 days ahead from
one 20-day window, days 9..28 (``tstart1 = 10`` on a series whose row 1 is day 0),
with 100 bootstrap replicates. The simulation settings are not stated there; fitting
our GLM to that 71-day series (Poisson errors, C0 free) gives r = 0.52 +- 0.04,
p = 0.893 +- 0.009, K = 9,913 +- 100, C0 = 0.84 +- 0.38, so we simulate
r = 0.5, p = 0.9, K = 10,000, C(0) = 1 (peak about 530 / day on day 29, as in the
file). The published GLM scores (MAE 12.8, WIS 11.7 averaged over days 1..30 ahead)
are those of ONE forecast of ONE noisy series; our figures average ``--series``
series, with the spread over series beside them. ``--file PATH`` scores that one
series instead (the toolbox's two-column ``input/sim-GLM-poiss.txt``, time and
incidence, which you download yourself: GPL-3, so not shipped), the same window and
horizon; the toolbox's example fits by least squares (``method1 = 0``, normal errors,
``--errors normal``) with the initial value pinned to the window's first count
(``fixI0 = 1``, our default).

``rolling``: r = 0.2, p = 0.9, K = 20,000, C(0) = 10 over 150 days, rolling 20-day
windows every 5 days, each forecasting 30 days (21 origins per series), scored per
phase of the epidemic (the forecast's first day before, around or after the peak).

Scores: MAE of the median and the WIS (23 hub levels: the median and 11 central
intervals, Bracher et al. 2021), averaged over days 1..30 ahead. ``oracle`` is the
true mean with Poisson quantiles: the noise floor no method can beat on average.
"""

from __future__ import annotations

import argparse
import time
import warnings

import numpy as np
from scipy import stats
from scipy.integrate import solve_ivp

import scalinglaws as sl
from scalinglaws.errors import FitWarning, ScalingLawError
from scalinglaws.forecast import METHODS
from scalinglaws.quantiles import HUB_QUANTILES, quantile_columns
from scalinglaws.scoring import weighted_interval_score

WINDOW, HORIZON = 20, 30
PUBLISHED = {"mae": 12.8, "wis": 11.7}
#: (r, p, K, C0, days, first window start, last window start, stride)
PROTOCOLS = {
    "toolbox": (0.5, 0.9, 10_000.0, 1.0, 70, 9, 9, 1),
    "rolling": (0.2, 0.9, 20_000.0, 10.0, 150, 1, 101, 5),
}


#: The GLM fitted with C0 estimated rather than pinned to the window's first count.
FREE_C0 = "glm-free-c0"


def glm_incidence(r: float, p: float, K: float, C0: float, days: int) -> np.ndarray:
    """Expected daily incidence of the GLM on days 0..days (day 0 is C0 itself)."""
    solution = solve_ivp(
        lambda t, c: r * np.maximum(c, 0.0) ** p * (1.0 - c / K),
        (0.0, float(days)),
        [C0],
        t_eval=np.arange(days + 1.0),
        rtol=1e-10,
        atol=1e-10,
    )
    return np.concatenate([[C0], np.diff(solution.y[0])])


def scores(truth: np.ndarray, q: np.ndarray) -> tuple[float, float]:
    levels = np.asarray(HUB_QUANTILES)
    median = q[:, int(np.argmin(np.abs(levels - 0.5)))]
    return float(np.mean(np.abs(median - truth))), float(
        np.mean(weighted_interval_score(truth, q, levels))
    )


def phase(origin: int, peak: int) -> str:
    """The epidemic's phase at a forecast's first day: rising, around the peak, declining."""
    if origin < peak - 10:
        return "rising"
    return "peak" if origin <= peak + 10 else "declining"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--protocol", choices=sorted(PROTOCOLS), default="toolbox")
    parser.add_argument("--series", type=int, default=20)
    parser.add_argument("--boot", type=int, default=100)
    parser.add_argument("--methods", default="glm,glm-free-c0,richards,logistic,ensemble")
    parser.add_argument("--errors", choices=["poisson", "normal"], default="poisson")
    parser.add_argument(
        "--file", help="score this one two-column series (time, incidence) instead of simulating"
    )
    args = parser.parse_args()
    warnings.simplefilter("ignore", FitWarning)
    r, p, K, C0, days, first, last, stride = PROTOCOLS[args.protocol]
    mean = glm_incidence(r, p, K, C0, days)
    peak = int(np.argmax(mean))
    methods = [m for m in args.methods.split(",") if m in ("ensemble", FREE_C0) or m in METHODS]
    found: dict[tuple[str, str], list[tuple[float, float]]] = {}
    failed = dict.fromkeys(methods, 0)
    seconds = dict.fromkeys(methods, 0.0)
    t = np.arange(days + 1.0)
    observed = np.loadtxt(args.file)[: days + 1, 1] if args.file else None
    for seed in range(1 if args.file else args.series):
        y = observed if observed is not None else np.random.default_rng(seed).poisson(mean)
        y = np.asarray(y, dtype=float)
        for start in range(first, last + 1, stride):
            fit = slice(start, start + WINDOW)
            ahead = slice(start + WINDOW, start + WINDOW + HORIZON)
            where = phase(start + WINDOW, peak)
            oracle = stats.poisson.ppf(np.asarray(HUB_QUANTILES)[None, :], mean[ahead, None])
            found.setdefault(("oracle", where), []).append(scores(y[ahead], oracle))
            for method in methods:
                begin = time.perf_counter()
                try:
                    if method == FREE_C0:  # the GLM with C0 estimated (fix_c0=False)
                        law = sl.fit_growth(
                            t[fit],
                            y[fit],
                            law="glm",
                            cumulative=False,
                            errors=args.errors,
                            fix_c0=False,
                        )
                        table = law.predict_quantiles(
                            t[ahead], quantiles=HUB_QUANTILES, n_boot=args.boot, rng=seed
                        )
                        q = table[quantile_columns(HUB_QUANTILES)].to_numpy(dtype=float)
                    else:
                        q = sl.forecast(
                            t[fit],
                            y[fit],
                            HORIZON,
                            method=method,
                            errors=args.errors,
                            n_boot=args.boot,
                            rng=seed,
                        ).quantiles
                    found.setdefault((method, where), []).append(scores(y[ahead], q))
                except ScalingLawError:
                    failed[method] += 1
                seconds[method] += time.perf_counter() - begin
    scored = args.file or f"{args.series} simulated"
    print(
        f"protocol {args.protocol}: GLM r={r}, p={p}, K={K:g}, C0={C0:g}, peak on day {peak}; "
        f"{scored} series, {args.errors} errors; 20-day windows, 30 days ahead, "
        f"{args.boot} replicates\n"
    )
    phases = sorted({where for _, where in found}, key=["rising", "peak", "declining"].index)
    for where in [None, *phases] if len(phases) > 1 else [None]:
        _table(found, where, methods, failed, seconds)


def _table(
    found: dict[tuple[str, str], list[tuple[float, float]]],
    where: str | None,
    methods: list[str],
    failed: dict[str, int],
    seconds: dict[str, float],
) -> None:
    def rows(method: str) -> np.ndarray:
        picked = [s for (m, w), v in found.items() if m == method and where in (None, w) for s in v]
        return np.asarray(picked, dtype=float).reshape(-1, 2)

    floor = rows("oracle").mean(axis=0)
    print(f"phase: {where or 'all'}\n")
    print(
        "| method | MAE | WIS | MAE / oracle | WIS / oracle | MAE / published | "
        "WIS / published | MAE 10%..90% over forecasts | failed | s per forecast |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for method in ["oracle", *methods]:
        scored = rows(method)
        if not scored.size:
            continue
        mae, wis = scored.mean(axis=0)
        lo, hi = np.percentile(scored[:, 0], [10, 90])
        count = len(scored) + failed.get(method, 0)
        per = seconds.get(method, 0.0) / max(count, 1) if where is None else float("nan")
        print(
            f"| {method} | {mae:.1f} | {wis:.1f} | {mae / floor[0]:.2f} | {wis / floor[1]:.2f} "
            f"| {mae / PUBLISHED['mae']:.2f} | {wis / PUBLISHED['wis']:.2f} | {lo:.1f}..{hi:.1f} "
            f"| {failed.get(method, 0) if where is None else ''} | {per:.2f} |"
        )
    published = f"{PUBLISHED['mae']} | {PUBLISHED['wis']}"
    print(f"| published GLM (one forecast) | {published} | | | 1 | 1 | | | |\n")


if __name__ == "__main__":
    main()
