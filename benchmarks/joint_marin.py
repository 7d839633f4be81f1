"""Shared exponents on real sweeps: Marin's three datasets (Open-Athena IsoFLOP data).

One architecture (Llama 2 style) trained on comma, dclm and nemotron: a joint fit
with alpha and beta shared across the datasets, against each dataset alone; and
each dataset's largest models predicted from its runs at the smaller sizes plus
the other datasets' runs (shared exponents), against its own fit on those runs.

    .venv/bin/python benchmarks/joint_marin.py
"""

from __future__ import annotations

import time
import warnings

import numpy as np

import scalinglaws as sl


def main() -> None:
    data = sl.load_dataset("neural/openathena_isoflops_transform").data
    runs = data[(data["source"] == "marin_202603") & ~data["outlier"].astype(bool)]
    n, d, loss = (runs[c].to_numpy(float) for c in ("params", "tokens", "loss"))
    group = runs["dataset"].to_numpy(str)
    warnings.simplefilter("ignore", sl.errors.FitWarning)
    start = time.perf_counter()
    joint = sl.fit_neural_joint(n, d, loss, group=group, shared=("alpha", "beta"))
    print(f"joint fit of {n.size} runs: {time.perf_counter() - start:.1f} s")
    print(joint.summary())
    separate = 0.0
    for label in joint.groups:
        mine = group == label
        alone = sl.fit_neural(n[mine], d[mine], loss[mine])
        separate += alone.objective
        p = alone.params
        print(f"{label} alone: alpha {p['alpha']:.3f} beta {p['beta']:.3f} E {p['E']:.3f}")
    print(f"objective: joint {joint.objective:.6g}, separate {separate:.6g}")
    print("held out: each dataset's runs at its largest size, fitted on its smaller ones")
    for label in joint.groups:
        mine = group == label
        top = mine & (n >= n[mine].max())
        keep = ~top
        held = sl.fit_neural_joint(n[keep], d[keep], loss[keep], group=group[keep])
        alone = sl.fit_neural(n[keep & mine], d[keep & mine], loss[keep & mine])
        truth = loss[top]
        errs = {
            "joint": held.predict(n[top], d[top], group=label) / truth - 1,
            "alone": alone.predict(n[top], d[top]) / truth - 1,
        }
        shown = ", ".join(f"{k} {100 * np.abs(v).mean():.2f}%" for k, v in errs.items())
        print(f"{label}: N = {n[top][0]:.3g}, {top.sum()} runs, mean |error|: {shown}")


if __name__ == "__main__":
    main()
