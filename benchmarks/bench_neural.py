"""Neural scaling laws (issue 4): the 4,500-start Chinchilla fit and a 1000-replicate bootstrap.

Run from the repository root:

    .venv/bin/python benchmarks/bench_neural.py                    # full run (slow baseline)
    .venv/bin/python benchmarks/bench_neural.py --baseline-starts 300 --boot 200   # quicker

The table is written to ``benchmarks/out/neural.md`` (gitignored), for merging into
docs/benchmarks.md.

Task: Epoch's protocol on the Chinchilla Figure 4 runs (Besiroglu et al. 2024,
arXiv:2404.10102): drop the 5 highest-loss runs (240 left), D = C / (6 N), fit
log L = LSE(a - alpha log N, b - beta log D, e) with the Huber loss (delta = 1e-3) summed.

* baseline: the loop of Epoch's notebook, ``scipy.optimize.minimize(method="L-BFGS-B")``
  from each of Hoffmann et al.'s 4,500 starts (finite-difference gradient, default
  tolerances). With ``--baseline-starts K < 4500`` a seeded random subset of K starts is
  timed and the time per start is extrapolated to 4,500 (marked as such in the table).
* scalinglaws: ``fit_neural(N, D, L)`` (all 4,500 starts descended as one batched
  computation, best basins polished with L-BFGS-B and the analytic gradient).
* bootstrap: ``fit.with_bootstrap(n_boot, workers=...)`` (warm-started refits).

Check: both reach the same best objective (relative difference printed).
"""

from __future__ import annotations

import argparse
import os
import platform
import time
from importlib.metadata import version
from pathlib import Path

import numpy as np
from scipy.optimize import minimize
from scipy.special import huber, logsumexp

import scalinglaws as sl
from scalinglaws.neural.forms import hoffmann_grid

OUT = Path(__file__).parent / "out" / "neural.md"


def epoch_runs() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    data = sl.load_dataset("neural/epoch_chinchilla").data.sort_values("loss").iloc[:-5]
    n = data["Model Size"].to_numpy()
    return n, data["Training FLOP"].to_numpy() / (6 * n), data["loss"].to_numpy()


def baseline(n: np.ndarray, d: np.ndarray, loss: np.ndarray, k: int) -> tuple[float, float, int]:
    """Seconds per start and the best objective of the per-start scipy loop."""
    x, y, target = np.log(n), np.log(d), np.log(loss)

    def objective(t: np.ndarray) -> float:
        pred = logsumexp([t[0] - t[3] * x, t[1] - t[4] * y, np.full_like(x, t[2])], axis=0)
        return float(np.sum(huber(1e-3, pred - target)))

    grid = hoffmann_grid()
    if k < grid.shape[0]:
        grid = grid[np.random.default_rng(0).choice(grid.shape[0], k, replace=False)]
    start = time.perf_counter()
    best = min((minimize(objective, s, method="L-BFGS-B") for s in grid), key=lambda r: r.fun)
    elapsed = (time.perf_counter() - start) / grid.shape[0]
    # scipy's default tolerances stop a little short; polishing the baseline's best end
    # point with tight ones shows whether both methods found the same optimum.
    tight = {"ftol": 1e-15, "gtol": 1e-12, "maxiter": 20000}
    polished = minimize(objective, best.x, method="L-BFGS-B", options=tight)
    return elapsed, float(best.fun), float(min(polished.fun, best.fun)), grid.shape[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline-starts", type=int, default=4500)
    parser.add_argument("--boot", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    n, d, loss = epoch_runs()

    start = time.perf_counter()
    fit = sl.fit_neural(n, d, loss)
    t_fit = time.perf_counter() - start

    per_start, base_best, base_polished, k = baseline(n, d, loss, args.baseline_starts)
    t_base = per_start * 4500

    start = time.perf_counter()
    boot = fit.with_bootstrap(args.boot, rng=0, workers=args.workers)
    t_boot = time.perf_counter() - start
    ci = boot.conf_int(0.95)

    rel = abs(fit.objective - base_best) / base_best
    rel_polished = abs(fit.objective - base_polished) / base_polished
    extrapolated = f" (extrapolated from {k} starts)" if k < 4500 else ""
    p = fit.params
    lines = [
        "## Neural scaling laws: Chinchilla refit (Epoch protocol, 240 runs)",
        "",
        f"Command: `.venv/bin/python benchmarks/bench_neural.py --baseline-starts "
        f"{args.baseline_starts} --boot {args.boot} --workers {args.workers}`",
        "",
        f"Machine: {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}, numpy {version('numpy')}, scipy {version('scipy')}.",
        "",
        "| task | time (s) | result |",
        "|---|---:|---|",
        f"| scipy L-BFGS-B per start, 4,500 starts{extrapolated} | {t_base:.1f} "
        f"| best objective {base_best:.10g} |",
        f"| `fit_neural`, 4,500 starts batched | {t_fit:.2f} | objective {fit.objective:.10g}; "
        f"{fit.n_best_basin} starts in the best basin |",
        f"| speed-up | {t_base / t_fit:.0f}x | relative objective difference {rel:.1e} "
        f"(fit_neural lower); {rel_polished:.1e} after polishing the baseline's best end "
        "point with tight tolerances |",
        f"| bootstrap, {args.boot} replicates, {args.workers} workers | {t_boot:.1f} | "
        f"alpha {ci.loc['alpha', 'lower']:.3f}-{ci.loc['alpha', 'upper']:.3f}, "
        f"beta {ci.loc['beta', 'lower']:.3f}-{ci.loc['beta', 'upper']:.3f} |",
        "",
        f"Fit: E = {p['E']:.4f}, A = {p['A']:.2f}, B = {p['B']:.2f}, alpha = {p['alpha']:.5f}, "
        f"beta = {p['beta']:.5f}, a = {fit.frontier['a']:.4f} (Epoch's grid fit: 1.8172, "
        "477.84, 2143.86, 0.34731, 0.36718; bootstrap CI alpha 0.317-0.373, beta 0.331-0.415).",
    ]
    text = "\n".join(lines) + "\n"
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text(text)
    print(text)


if __name__ == "__main__":
    main()
