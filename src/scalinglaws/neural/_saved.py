"""NeuralFit to and from the JSON payload of ``to_dict()`` (older payloads included)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from scalinglaws._types import FloatArray
from scalinglaws._validate import check_choice
from scalinglaws.neural.forms import ALIASES, FORMS
from scalinglaws.uncertainty import Bootstrap

if TYPE_CHECKING:
    from scalinglaws.neural.result import NeuralFit


__all__ = ["fields", "payload"]


def payload(fit: NeuralFit) -> dict[str, Any]:
    """The fields of a NeuralFit as to_dict() saves them."""
    return {
        "form": fit.form,
        "variable": fit.variable,
        "N": fit.N,
        "D": fit.D,
        "L": fit.L,
        "C": fit.C,
        "c_given": fit.c_given,
        "flops_per_token": fit.flops_per_token,
        "loss": fit.loss,
        "delta": fit.delta,
        "theta": fit.theta,
        "objective": fit.objective,
        "n_starts": fit.n_starts,
        "n_best_basin": fit.n_best_basin,
        "candidates": fit.candidates,
        "boot": None if fit.boot is None else fit.boot.to_dict(),
        "asymmetry": fit.asymmetry,
        "U": fit.U,
        "run": fit.run,
        "n_burned": fit.n_burned,
        "burn_in": fit.burn_in,
        "fixed": dict(fit.fixed),
        "bounds": {k: list(v) for k, v in fit.bounds.items()},
        "params": fit.params,
    }


def fields(payload: dict[str, Any]) -> dict[str, Any]:
    """The NeuralFit keyword arguments of a saved payload (older payloads included)."""
    saved = payload.get("form")
    form = check_choice(
        ALIASES.get(saved, saved) if isinstance(saved, str) else saved, "form", FORMS
    )
    width = len(FORMS[form].theta_names)

    def arr(key: str) -> FloatArray:
        return np.asarray(payload[key], dtype=np.float64)

    return dict(
        form=form,
        variable=str(payload["variable"]),
        N=arr("N"),
        D=arr("D"),
        L=arr("L"),
        C=arr("C"),
        c_given=bool(payload["c_given"]),
        flops_per_token=float(payload["flops_per_token"]),
        loss=str(payload["loss"]),
        delta=float(payload["delta"]),
        theta=arr("theta"),
        objective=float(payload["objective"]),
        n_starts=int(payload["n_starts"]),
        n_best_basin=int(payload["n_best_basin"]),
        candidates=arr("candidates").reshape(-1, width),
        boot=_boot_of(payload, form),
        asymmetry=float(payload.get("asymmetry", 1.0)),
        U=None if payload.get("U") is None else arr("U"),
        run=None if payload.get("run") is None else np.asarray(payload["run"], dtype=np.int64),
        n_burned=int(payload.get("n_burned", 0)),
        burn_in=float(payload.get("burn_in", 0.0)),
        fixed={str(k): float(v) for k, v in (payload.get("fixed") or {}).items()},
        bounds={
            str(k): (float(v[0]), float(v[1])) for k, v in (payload.get("bounds") or {}).items()
        },
    )


def _boot_of(payload: dict[str, Any], form: str) -> Bootstrap | None:
    """The saved replicates: a Bootstrap record now, a bare (n, q) array before."""
    boot = payload.get("boot")
    if boot is None or isinstance(boot, dict):
        return None if boot is None else Bootstrap.from_dict(boot)
    names = FORMS[form].param_names
    samples = np.asarray(boot, dtype=np.float64).reshape(-1, len(names))
    estimate = FORMS[form].natural(np.asarray(payload["theta"], dtype=np.float64))
    failed = int(payload.get("boot_failed", 0))
    return Bootstrap(names, estimate, samples, samples.shape[0] + failed, failed, "runs")
