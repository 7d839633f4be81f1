"""Growth laws: bootstrap speed against a curve_fit loop (issue 3), the negative-binomial
bootstrap against the Poisson one, and 28-day forecasts of every law (issue 12).

Run from the repository root, under the shared lock (heavy):

    flock /tmp/scalinglaws-heavy.lock .venv/bin/python benchmarks/bench_growth.py
    .venv/bin/python benchmarks/bench_growth.py --boot 200 --parts nb   # a quicker run

The tables are also written to ``benchmarks/out/growth.md`` (gitignored), for merging
into docs/benchmarks.md.

Negative binomial vs Poisson (``--parts nb``): WHO cumulative COVID-19 cases (bundled
``epidemics/sarscov2_who_2020``; China to 2020-02-05, Italy and the USA to 2020-04-21)
fitted with each law and each family, then ``with_bootstrap(300, workers=1)``; the
ratio NB / Poisson is what issue 12 bounds (within 3x).

Forecasts (``--parts forecast``): 60 days of Poisson incidence from a GLM
(C0 = 5, r = 0.6, p = 0.8, K = 3000, seed 12); each law is fitted (default errors:
negative binomial) and ``forecast(28, quantiles=HUB_QUANTILES, n_boot=200, workers=1)``
is timed; the sum over five laws is the cost of a 5-member ensemble.

Task: 200 points of a logistic curve (K = 1000, r = 0.1, tm = 50 on t = 0..100) plus
normal noise (sd 20, seed 20200120); fit the logistic by least squares, then a parametric
bootstrap of 1000 replicates (simulate from the fit, refit, keep K, r, tm).

* scalinglaws: ``fit_growth(t, y, law="logistic", errors="normal").with_bootstrap(1000)``, which
  refits the replicates in batches with one vectorised Levenberg-Marquardt solve per
  batch (``workers`` processes).
* scipy: the loop users write today, ``scipy.optimize.curve_fit`` on each simulated data
  set (started at the fitted values, default Levenberg-Marquardt), one process.

Timing rule: wall clock around the bootstrap call only (not the first fit, the import or
the data generation); each measurement is the median of 3 runs. Both tools see the same
fitted curve and noise level; their bootstrap standard deviations are compared as an
accuracy check (they are Monte Carlo estimates from different random draws, so they agree
to a few percent, not exactly).
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import time
import warnings
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path
from typing import Any

import numpy as np
from scipy.optimize import curve_fit

import scalinglaws as sl
from scalinglaws.errors import FitWarning
from scalinglaws.formulas.growth import glm, logistic

BENCH = Path(__file__).resolve().parent
OUT = BENCH / "out"
K, R, TM, SD, N, SEED = 1000.0, 0.1, 50.0, 20.0, 200, 20200120


def timed(call: Callable[[], Any], repeats: int = 3) -> tuple[float, Any]:
    """Median wall-clock seconds of ``repeats`` calls, and the last call's result."""
    seconds, result = [], None
    for _ in range(repeats):
        start = time.perf_counter()
        result = call()
        seconds.append(time.perf_counter() - start)
    return statistics.median(seconds), result


def curve_fit_bootstrap(
    t: np.ndarray, mean: np.ndarray, sd: float, start: np.ndarray, n_boot: int
) -> np.ndarray:
    """The per-replicate loop: simulate, call curve_fit, keep the estimates."""
    rng = np.random.default_rng(SEED + 1)
    rows = []
    for _ in range(n_boot):
        y = mean + rng.normal(0.0, sd, mean.size)
        params, _ = curve_fit(logistic, t, y, p0=start)
        rows.append(params)
    return np.array(rows)


def quiet_fit(*args: Any, **kwargs: Any) -> sl.GrowthFit:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FitWarning)
        return sl.fit_growth(*args, **kwargs)


def nb_versus_poisson(n_boot: int) -> list[str]:
    """with_bootstrap(n_boot) times for NB and Poisson fits of the same WHO series."""
    who = sl.load_dataset("epidemics/sarscov2_who_2020").data
    series = {
        "China to 2020-02-05": who[who["date"] <= "2020-02-05"][["date", "cases_chn"]],
        "Italy": who[who["cases_ita"] > 0][["date", "cases_ita"]],
        "USA": who[who["cases_usa"] > 0][["date", "cases_usa"]],
    }
    lines = [
        f"#### Negative binomial vs Poisson bootstrap ({n_boot} replicates, 1 worker)",
        "",
        "| series | law | Poisson (s) | negative binomial (s) | NB / Poisson |",
        "|---|---|---:|---:|---:|",
    ]
    ratios = []
    for label, frame in series.items():
        t, y = frame.iloc[:, 0], frame.iloc[:, 1]
        for law in ("logistic", "richards", "ggm"):
            seconds = []
            for family in ("poisson", "negbin"):
                fit = quiet_fit(t, y, law=law, errors=family)
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore", FitWarning)
                    took, _ = timed(lambda f=fit: f.with_bootstrap(n_boot, rng=0, workers=1))
                seconds.append(took)
            ratios.append(seconds[1] / seconds[0])
            lines.append(
                f"| {label} | {law} | {seconds[0]:.3f} | {seconds[1]:.3f} | "
                f"{seconds[1] / seconds[0]:.1f}x |"
            )
    lines += ["", f"Median NB / Poisson ratio: {statistics.median(ratios):.1f}x."]
    return lines


def forecasts() -> list[str]:
    """Fit + 28-day forecast (23 quantiles, 200 replicates) of each law on one series."""
    rng = np.random.default_rng(12)
    days = np.arange(0.0, 61.0)
    cases = rng.poisson(np.diff(glm(days, 5.0, 0.6, 0.8, 3000.0))).astype(float)
    t = days[1:]
    lines = [
        "#### 28-day forecasts: 23 quantiles, 200 replicates, 1 worker",
        "",
        "| law | fit (s) | forecast (s) |",
        "|---|---:|---:|",
    ]
    members = ("logistic", "gompertz", "richards", "ggm", "glm")
    total = 0.0
    for law in (*members, "grm", "subepidemic", "sir", "seir"):
        fix = {"n": 2} if law == "subepidemic" else ({"sigma": 0.5} if law == "seir" else None)
        took_fit, fit = timed(
            lambda law=law, fix=fix: quiet_fit(t, cases, law=law, cumulative=False, fix=fix),
            repeats=1,
        )
        took, _ = timed(
            lambda f=fit: f.forecast(28, quantiles=sl.HUB_QUANTILES, n_boot=200, rng=0, workers=1)
        )
        total += (took_fit + took) if law in members else 0.0
        note = " (n = 2 fixed)" if law == "subepidemic" else (" (sigma fixed)" if fix else "")
        lines.append(f"| {law}{note} | {took_fit:.2f} | {took:.2f} |")
    lines += ["", f"Five members ({', '.join(members)}), fit + forecast: {total:.2f} s."]
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--boot", type=int, default=1000, help="bootstrap replicates")
    parser.add_argument(
        "--parts", nargs="*", default=["curve_fit", "nb", "forecast"], help="what to run"
    )
    args = parser.parse_args()
    extra: list[str] = []
    if "nb" in args.parts:
        extra += ["", *nb_versus_poisson(min(args.boot, 300))]
    if "forecast" in args.parts:
        extra += ["", *forecasts()]
    if "curve_fit" not in args.parts:
        write("\n".join(extra).strip() + "\n")
        return
    n_boot = args.boot
    cores = len(os.sched_getaffinity(0))

    t = np.linspace(0.0, 100.0, N)
    y = logistic(t, K, R, TM) + np.random.default_rng(SEED).normal(0.0, SD, N)
    fit = sl.fit_growth(t, y, law="logistic", errors="normal")
    start = np.array([fit.params["K"], fit.params["r"], fit.params["tm"]])
    sigma = fit.dispersion["sigma"]

    rows: list[tuple[str, int, float, Any]] = []
    for workers in sorted({1, min(2, cores)}):
        seconds, boot = timed(lambda w=workers: fit.with_bootstrap(n_boot, rng=0, workers=w).boot)
        rows.append(("scalinglaws `GrowthFit.with_bootstrap`", workers, seconds, boot))
    seconds, peer = timed(lambda: curve_fit_bootstrap(t, fit.predict(t), sigma, start, n_boot))
    rows.append(("scipy `curve_fit` per replicate", 1, seconds, peer))
    baseline = rows[-1][2]

    lines = [
        f"### Growth laws: {n_boot}-replicate parametric bootstrap of a logistic fit ({N} points)",
        "",
        f"Machine: {platform.machine()}, {cores} core(s) available, Python "
        f"{platform.python_version()}, numpy {version('numpy')}, scipy {version('scipy')}, "
        f"scalinglaws {sl.__version__}. Command: `.venv/bin/python benchmarks/bench_growth.py"
        + (f" --boot {n_boot}" if n_boot != 1000 else "")
        + "`. Median of 3 runs, wall clock around the bootstrap call only.",
        "",
        "| tool | workers | time (s) | ms / replicate | speed-up vs curve_fit loop |",
        "|---|---:|---:|---:|---:|",
    ]
    for tool, workers, seconds, _ in rows:
        lines.append(
            f"| {tool} | {workers} | {seconds:.3f} | {1e3 * seconds / n_boot:.2f} | "
            f"{baseline / seconds:.1f}x |"
        )
    ours = rows[0][3]
    sds = {
        "K": (ours.std("K"), float(np.std(peer[:, 0], ddof=1))),
        "r": (ours.std("r"), float(np.std(peer[:, 1], ddof=1))),
        "tm": (ours.std("tm"), float(np.std(peer[:, 2], ddof=1))),
    }
    lines += [
        "",
        "Agreement (bootstrap standard deviations; Wald standard errors from the fit):",
        "",
        "| parameter | estimate | Wald s.e. | bootstrap sd (scalinglaws) | bootstrap sd (scipy) |",
        "|---|---:|---:|---:|---:|",
    ]
    for name, (ours_sd, peer_sd) in sds.items():
        lines.append(
            f"| {name} | {fit.params[name]:.5g} | {fit.std_errors('analytic')[name]:.3g} | "
            f"{ours_sd:.3g} | "
            f"{peer_sd:.3g} |"
        )
    failed = ours.n_failed
    lines += ["", f"Failed refits: scalinglaws {failed} of {n_boot}; curve_fit 0 (none raised)."]
    write("\n".join(lines + extra) + "\n")


def write(text: str) -> None:
    print(text)
    OUT.mkdir(exist_ok=True)
    (OUT / "growth.md").write_text(text, encoding="utf-8")
    print(f"written to {OUT / 'growth.md'}")


if __name__ == "__main__":
    main()
