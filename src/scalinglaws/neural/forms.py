"""The forms fit_neural knows: each a batched log-space model, its Jacobian and start grid.

A form maps fit-space parameters ``theta`` (logarithms of the scale parameters,
so they stay positive) and the log features (log N, log D, or log X) to the
predicted log loss for many parameter vectors at once: ``theta`` has shape
(S, p), the prediction (S, n) and the Jacobian (S, p, n). The formulas are those
of :mod:`scalinglaws.formulas.neural` (Hoffmann et al. 2022; Kaplan et al. 2020;
Muennighoff et al. 2023; Caballero et al. 2023; Alabdulmohsin et al. 2022). A
form's start grid may depend on the data (the features and log losses), as the
broken neural scaling law's break does.

Each name means one law across the library: ``power`` and ``power_offset`` are the
relations' laws of the same names in one resource; Caballero et al.'s broken law
with its offset is ``bnsl`` (``broken_power``, its name before, is the relations'
smoothly broken power law without offset and stays an alias here for one release,
:data:`ALIASES`); ``m4`` is Alabdulmohsin et al.'s (:mod:`scalinglaws.neural.m4`).

Every form also knows how its parameters move with the units of the data
(``rescale``): if every log feature shifts by ``dz`` (N -> c N shifts log N by
log c) and the log loss by ``dl``, the parameters ``rescale(theta, dz, dl)``
give exactly the same fitted curve in the new units. The fit uses it to work in
a centred frame and to carry the start grids with the data's units.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt

from scalinglaws._deprecation import deprecated
from scalinglaws._types import FloatArray
from scalinglaws.neural import m4

Model = Callable[[FloatArray, FloatArray], tuple[FloatArray, FloatArray]]
Grid = Callable[[FloatArray, FloatArray], FloatArray]
Rescale = Callable[[FloatArray, FloatArray, float], FloatArray]

__all__ = ["ALIASES", "FORMS", "Form", "canonical"]


@dataclass(frozen=True)
class Form:
    """One law: fit-space names, natural names, the batched model and its start grid."""

    name: str
    theta_names: tuple[str, ...]
    param_names: tuple[str, ...]
    n_features: int  # 2: (log N, log D); 1: log X; 3: (log N, log U, repeats R)
    model: Model  # (theta (S, p), feats (n, k)) -> (log L (S, n), Jacobian (S, p, n))
    predict: Callable[[FloatArray, FloatArray], FloatArray]  # log L only, (S, n)
    natural: Callable[[FloatArray], FloatArray]  # (..., p) -> (..., q)
    grid: Grid  # (feats, log L) -> (G, p) starts in fit space
    two_resource: bool  # has both an N and a D term (compute_optimal applies)
    rescale: Rescale  # (theta (..., p), log-feature shifts (k,), log-loss shift) -> theta
    log_scales: tuple[int, ...]  # theta entries that are log scales: -inf removes a term


def _softmax_lse(terms: list[FloatArray]) -> tuple[FloatArray, list[FloatArray]]:
    """log sum exp over a list of (S, n) arrays and the softmax weight of each term.

    The exponentials are taken directly (no max shift): the solver works in a
    centred frame where the terms are moderate, and treats an overflow as an
    infinite objective (the step is rejected); the user-facing formulas use the
    stable form.
    """
    exps = [np.exp(t) for t in terms]
    total = np.add.reduce(exps)
    inv = 1.0 / total
    return np.log(total), [x * inv for x in exps]


def _lse(terms: list[FloatArray]) -> FloatArray:
    return np.asarray(np.log(np.add.reduce([np.exp(t) for t in terms])), dtype=np.float64)


def _jacobian(columns: list[FloatArray]) -> FloatArray:
    """Stack (S, n) derivative columns into the Jacobian, laid out (S, p, n)."""
    out = np.empty((columns[0].shape[0], len(columns), columns[0].shape[1]))
    for index, column in enumerate(columns):
        out[:, index, :] = column
    return out


def _chinchilla(theta: FloatArray, feats: FloatArray) -> tuple[FloatArray, FloatArray]:
    a, b, e, alpha, beta = (theta[:, i : i + 1] for i in range(5))  # each (S, 1)
    x, y = feats[:, 0][None, :], feats[:, 1][None, :]  # (1, n)
    pred, (w1, w2, w3) = _softmax_lse(
        [a - alpha * x, b - beta * y, np.broadcast_to(e, (e.shape[0], x.shape[1]))]
    )
    return pred, _jacobian([w1, w2, w3, -x * w1, -y * w2])  # (S, 5, n)


def _chinchilla_pred(theta: FloatArray, feats: FloatArray) -> FloatArray:
    a, b, e, alpha, beta = (theta[:, i : i + 1] for i in range(5))
    x, y = feats[:, 0][None, :], feats[:, 1][None, :]
    return _lse([a - alpha * x, b - beta * y, np.broadcast_to(e, (e.shape[0], x.shape[1]))])


def _chinchilla_tied(theta: FloatArray, feats: FloatArray) -> tuple[FloatArray, FloatArray]:
    a, b, e, alpha = (theta[:, i : i + 1] for i in range(4))
    x, y = feats[:, 0][None, :], feats[:, 1][None, :]
    pred, (w1, w2, w3) = _softmax_lse(
        [a - alpha * x, b - alpha * y, np.broadcast_to(e, (e.shape[0], x.shape[1]))]
    )
    return pred, _jacobian([w1, w2, w3, -x * w1 - y * w2])


def _tied_pred(theta: FloatArray, feats: FloatArray) -> FloatArray:
    a, b, e, alpha = (theta[:, i : i + 1] for i in range(4))
    x, y = feats[:, 0][None, :], feats[:, 1][None, :]
    return _lse([a - alpha * x, b - alpha * y, np.broadcast_to(e, (e.shape[0], x.shape[1]))])


def _power_offset(theta: FloatArray, feats: FloatArray) -> tuple[FloatArray, FloatArray]:
    a, e, alpha = (theta[:, i : i + 1] for i in range(3))
    x = feats[:, 0][None, :]
    pred, (w1, w2) = _softmax_lse([a - alpha * x, np.broadcast_to(e, (e.shape[0], x.shape[1]))])
    return pred, _jacobian([w1, w2, -x * w1])


def _offset_pred(theta: FloatArray, feats: FloatArray) -> FloatArray:
    a, e, alpha = (theta[:, i : i + 1] for i in range(3))
    x = feats[:, 0][None, :]
    return _lse([a - alpha * x, np.broadcast_to(e, (e.shape[0], x.shape[1]))])


def _power(theta: FloatArray, feats: FloatArray) -> tuple[FloatArray, FloatArray]:
    a, alpha = theta[:, 0:1], theta[:, 1:2]
    x = feats[:, 0][None, :]
    pred = a - alpha * x
    return pred, _jacobian([np.ones_like(pred), np.broadcast_to(-x, pred.shape)])


def _power_pred(theta: FloatArray, feats: FloatArray) -> FloatArray:
    return np.asarray(theta[:, 0:1] - theta[:, 1:2] * feats[:, 0][None, :], dtype=np.float64)


def _power_natural(theta: FloatArray) -> FloatArray:
    a, alpha = np.moveaxis(theta, -1, 0)
    return np.stack([np.exp(a), alpha], axis=-1)


def _power_grid(feats: FloatArray, log_loss: FloatArray) -> FloatArray:
    return _product(np.arange(0.0, 31.0, 2.5), np.arange(0.0, 2.01, 0.25))


def _power_rescale(theta: FloatArray, dz: FloatArray, dl: float) -> FloatArray:
    return _shifted(theta, {0: theta[..., 1] * dz[0] + dl})


def _kaplan(theta: FloatArray, feats: FloatArray) -> tuple[FloatArray, FloatArray]:
    nc, dc, a_n, a_d = (theta[:, i : i + 1] for i in range(4))
    x, y = feats[:, 0][None, :], feats[:, 1][None, :]
    ratio = a_n / a_d
    lse, (s1, s2) = _softmax_lse([ratio * (nc - x), dc - y])
    pred = a_d * lse
    return pred, _jacobian([s1 * a_n, s2 * a_d, s1 * (nc - x), lse - s1 * ratio * (nc - x)])


def _kaplan_pred(theta: FloatArray, feats: FloatArray) -> FloatArray:
    nc, dc, a_n, a_d = (theta[:, i : i + 1] for i in range(4))
    x, y = feats[:, 0][None, :], feats[:, 1][None, :]
    return np.asarray(a_d * _lse([(a_n / a_d) * (nc - x), dc - y]), dtype=np.float64)


def _chinchilla_natural(theta: FloatArray) -> FloatArray:
    a, b, e, alpha, beta = np.moveaxis(theta, -1, 0)
    return np.stack([np.exp(e), np.exp(a), np.exp(b), alpha, beta], axis=-1)


def _tied_natural(theta: FloatArray) -> FloatArray:
    a, b, e, alpha = np.moveaxis(theta, -1, 0)
    return np.stack([np.exp(e), np.exp(a), np.exp(b), alpha, alpha], axis=-1)


def _offset_natural(theta: FloatArray) -> FloatArray:
    a, e, alpha = np.moveaxis(theta, -1, 0)
    return np.stack([np.exp(e), np.exp(a), alpha], axis=-1)


def _kaplan_natural(theta: FloatArray) -> FloatArray:
    nc, dc, a_n, a_d = np.moveaxis(theta, -1, 0)
    return np.stack([np.exp(nc), np.exp(dc), a_n, a_d], axis=-1)


def _product(*axes: npt.ArrayLike) -> FloatArray:
    lists = [np.asarray(axis, dtype=np.float64).tolist() for axis in axes]
    return np.array(list(itertools.product(*lists)), dtype=np.float64)


def hoffmann_grid(
    feats: FloatArray | None = None, log_loss: FloatArray | None = None
) -> FloatArray:
    """The 4,500 starts of Hoffmann et al. (2022, app. D.2) as (a, b, e, alpha, beta).

    alpha, beta in {0, 0.5, ..., 2}, e in {-1, -0.5, ..., 1}, a, b in {0, 5, ..., 25};
    the grid Besiroglu et al. (2024) reuse.
    """
    exps = np.arange(0.0, 2.01, 0.5)
    scale = np.arange(0.0, 26.0, 5.0)
    e = np.arange(-1.0, 1.01, 0.5)
    grid = _product(exps, exps, e, scale, scale)  # alpha, beta, e, a, b
    return np.ascontiguousarray(grid[:, [3, 4, 2, 0, 1]])


def _tied_grid(feats: FloatArray, log_loss: FloatArray) -> FloatArray:
    exps = np.arange(0.0, 2.01, 0.5)
    scale = np.arange(0.0, 26.0, 5.0)
    return _product(scale, scale, np.arange(-1.0, 1.01, 0.5), exps)


def _offset_grid(feats: FloatArray, log_loss: FloatArray) -> FloatArray:
    return _product(
        np.arange(0.0, 31.0, 2.5), np.arange(-1.0, 1.01, 0.5), np.arange(0.0, 2.01, 0.25)
    )


def _kaplan_grid(feats: FloatArray, log_loss: FloatArray) -> FloatArray:
    logs = np.arange(15.0, 41.0, 5.0)
    exps = np.array([0.02, 0.05, 0.1, 0.2, 0.4, 0.8])
    return _product(logs, logs, exps, exps)


def _softplus_sigmoid(z: FloatArray) -> tuple[FloatArray, FloatArray]:
    """log(1 + e^z) and 1 / (1 + e^-z), both without overflow."""
    return np.logaddexp(0.0, z), 0.5 * (1.0 + np.tanh(0.5 * z))


def _broken_parts(
    theta: FloatArray, feats: FloatArray
) -> tuple[FloatArray, list[FloatArray], FloatArray, FloatArray, FloatArray, FloatArray]:
    log_a, log_b, c0, c1, log_d1, log_f1 = (theta[:, i : i + 1] for i in range(6))
    x = feats[:, 0][None, :]
    f1 = np.exp(log_f1)
    z = (x - log_d1) / f1
    soft, sig = _softplus_sigmoid(z)
    # log of b x^-c0 (1 + (x/d1)^(1/f1))^(-c1 f1)
    term = log_b - c0 * x - c1 * f1 * soft
    floor = np.broadcast_to(log_a, term.shape)
    return x, [floor, term], f1, z, soft, sig


def _broken_power(theta: FloatArray, feats: FloatArray) -> tuple[FloatArray, FloatArray]:
    x, terms, f1, z, soft, sig = _broken_parts(theta, feats)
    c1 = theta[:, 3:4]
    pred, (w1, w2) = _softmax_lse(terms)
    return pred, _jacobian(
        [w1, w2, -x * w2, -f1 * soft * w2, c1 * sig * w2, -c1 * f1 * (soft - z * sig) * w2]
    )


def _broken_pred(theta: FloatArray, feats: FloatArray) -> FloatArray:
    return _lse(_broken_parts(theta, feats)[1])


def _broken_natural(theta: FloatArray) -> FloatArray:
    log_a, log_b, c0, c1, log_d1, log_f1 = np.moveaxis(theta, -1, 0)
    return np.stack([np.exp(log_a), np.exp(log_b), c0, c1, np.exp(log_d1), np.exp(log_f1)], -1)


def _broken_grid(feats: FloatArray, log_loss: FloatArray) -> FloatArray:
    """Starts placed by the data.

    The floor a below the lowest loss, the break d1 at quantiles of log X, and b so that the curve
    starts near the highest loss.
    """
    x = feats[:, 0]
    c0 = np.array([0.0, 0.25, 0.5, 1.0])
    grid = _product(
        float(log_loss.min()) - np.array([0.3, 1.0, 3.0]),  # log a
        [0.0, -0.5],  # log b, offset (filled in below)
        c0,
        [0.5, 2.0, 5.0, 10.0],  # c1
        np.quantile(x, [0.1, 0.3, 0.5, 0.7, 0.9]),  # log d1
        np.log([0.1, 0.3, 1.0]),  # log f1
    )
    grid[:, 1] += float(log_loss.max()) + grid[:, 2] * float(x.min())
    return grid


def _repeat_parts(
    theta: FloatArray, feats: FloatArray
) -> tuple[list[FloatArray], FloatArray, FloatArray, FloatArray]:
    """Terms of log L with D' = U (1 + R* (1 - e^(-R/R*))) (Muennighoff et al. 2023, eq. 5)."""
    a, b, e, alpha, beta, log_rstar = (theta[:, i : i + 1] for i in range(6))
    log_n, log_u, repeats = (feats[:, i][None, :] for i in range(3))
    rstar = np.exp(log_rstar)
    decay = np.exp(-repeats / rstar)
    gain = rstar * -np.expm1(-repeats / rstar)  # R* (1 - e^(-R/R*)): effective extra epochs
    log_d_eff = log_u + np.log1p(gain)
    terms = [a - alpha * log_n, b - beta * log_d_eff, np.broadcast_to(e, gain.shape)]
    # d gain / d log R* = gain - R e^(-R/R*)
    return terms, log_d_eff, (gain - repeats * decay) / (1.0 + gain), log_n


def _data_constrained(theta: FloatArray, feats: FloatArray) -> tuple[FloatArray, FloatArray]:
    terms, log_d_eff, dlog_d, log_n = _repeat_parts(theta, feats)
    beta = theta[:, 4:5]
    pred, (w1, w2, w3) = _softmax_lse(terms)
    return pred, _jacobian([w1, w2, w3, -log_n * w1, -log_d_eff * w2, -beta * dlog_d * w2])


def _repeat_pred(theta: FloatArray, feats: FloatArray) -> FloatArray:
    return _lse(_repeat_parts(theta, feats)[0])


def _repeat_natural(theta: FloatArray) -> FloatArray:
    a, b, e, alpha, beta, log_rstar = np.moveaxis(theta, -1, 0)
    return np.stack([np.exp(e), np.exp(a), np.exp(b), alpha, beta, np.exp(log_rstar)], axis=-1)


def _repeat_grid(feats: FloatArray, log_loss: FloatArray) -> FloatArray:
    """Hoffmann et al.'s grid crossed with R_D* in {3, 15, 60}."""
    base = hoffmann_grid()
    rstar = np.log([3.0, 15.0, 60.0])
    return np.column_stack([np.repeat(base, rstar.size, axis=0), np.tile(rstar, base.shape[0])])


def _shifted(theta: FloatArray, changes: dict[int, FloatArray | float]) -> FloatArray:
    out = np.array(theta, dtype=np.float64, copy=True)
    for index, change in changes.items():
        out[..., index] += change
    return out


def _chinchilla_rescale(theta: FloatArray, dz: FloatArray, dl: float) -> FloatArray:
    """A -> A c^alpha d, B -> B c'^beta d, E -> E d for N -> c N, D -> c' D, L -> d L."""
    alpha, beta = theta[..., 3], theta[..., 4]
    return _shifted(theta, {0: alpha * dz[0] + dl, 1: beta * dz[1] + dl, 2: dl})


def _tied_rescale(theta: FloatArray, dz: FloatArray, dl: float) -> FloatArray:
    alpha = theta[..., 3]
    return _shifted(theta, {0: alpha * dz[0] + dl, 1: alpha * dz[1] + dl, 2: dl})


def _offset_rescale(theta: FloatArray, dz: FloatArray, dl: float) -> FloatArray:
    return _shifted(theta, {0: theta[..., 2] * dz[0] + dl, 1: dl})


def _kaplan_rescale(theta: FloatArray, dz: FloatArray, dl: float) -> FloatArray:
    """Nc -> c Nc d^(1/alpha_N), Dc -> c' Dc d^(1/alpha_D)."""
    return _shifted(theta, {0: dz[0] + dl / theta[..., 2], 1: dz[1] + dl / theta[..., 3]})


def _broken_rescale(theta: FloatArray, dz: FloatArray, dl: float) -> FloatArray:
    """a -> a d, b -> b c^c0 d, d1 -> c d1."""
    return _shifted(theta, {0: dl, 1: theta[..., 2] * dz[0] + dl, 4: dz[0]})


def _repeat_rescale(theta: FloatArray, dz: FloatArray, dl: float) -> FloatArray:
    """As Chinchilla's, with U in place of D (the repeats R = D/U - 1 have no unit)."""
    return _chinchilla_rescale(theta, dz, dl)


_CHINCHILLA_NAMES = ("E", "A", "B", "alpha", "beta")

#: The forms fit_neural knows (see :data:`FORMS`).
NeuralFormName = Literal[
    "power",
    "chinchilla",
    "chinchilla_tied",
    "power_offset",
    "kaplan",
    "bnsl",
    "data_constrained",
    "m4",
]

FORMS: dict[str, Form] = {
    "power": Form(
        "power",
        ("a", "alpha"),
        ("A", "alpha"),
        1,
        _power,
        _power_pred,
        _power_natural,
        _power_grid,
        False,
        _power_rescale,
        (),
    ),
    "chinchilla": Form(
        "chinchilla",
        ("a", "b", "e", "alpha", "beta"),
        _CHINCHILLA_NAMES,
        2,
        _chinchilla,
        _chinchilla_pred,
        _chinchilla_natural,
        hoffmann_grid,
        True,
        _chinchilla_rescale,
        (0, 1, 2),
    ),
    "chinchilla_tied": Form(
        "chinchilla_tied",
        ("a", "b", "e", "alpha"),
        _CHINCHILLA_NAMES,
        2,
        _chinchilla_tied,
        _tied_pred,
        _tied_natural,
        _tied_grid,
        True,
        _tied_rescale,
        (0, 1, 2),
    ),
    "power_offset": Form(
        "power_offset",
        ("a", "e", "alpha"),
        ("E", "A", "alpha"),
        1,
        _power_offset,
        _offset_pred,
        _offset_natural,
        _offset_grid,
        False,
        _offset_rescale,
        (0, 1),
    ),
    "kaplan": Form(
        "kaplan",
        ("log_Nc", "log_Dc", "alpha_N", "alpha_D"),
        ("Nc", "Dc", "alpha_N", "alpha_D"),
        2,
        _kaplan,
        _kaplan_pred,
        _kaplan_natural,
        _kaplan_grid,
        False,
        _kaplan_rescale,
        (0, 1),
    ),
    "bnsl": Form(
        "bnsl",
        ("log_a", "log_b", "c0", "c1", "log_d1", "log_f1"),
        ("a", "b", "c0", "c1", "d1", "f1"),
        1,
        _broken_power,
        _broken_pred,
        _broken_natural,
        _broken_grid,
        False,
        _broken_rescale,
        (0, 1),
    ),
    "data_constrained": Form(
        "data_constrained",
        ("a", "b", "e", "alpha", "beta", "log_R_star"),
        (*_CHINCHILLA_NAMES, "R_star"),
        3,
        _data_constrained,
        _repeat_pred,
        _repeat_natural,
        _repeat_grid,
        False,
        _repeat_rescale,
        (0, 1, 2),
    ),
    "m4": Form(
        "m4",
        ("log_L_inf", "log_gap", "log_beta", "c", "log_alpha"),
        ("L_inf", "L_0", "beta", "c", "alpha"),
        1,
        m4.model,
        m4.predict,
        m4.natural,
        m4.grid,
        False,
        m4.rescale,
        (0,),
    ),
}

#: Old form names kept for one release: ``{old: new}`` (a ``DeprecationWarning`` on use).
ALIASES = {"broken_power": "bnsl"}


def canonical(form: object) -> object:
    """The form's current name: an alias in :data:`ALIASES` warns and is replaced."""
    if isinstance(form, str) and form in ALIASES:
        deprecated(f"form={form!r}", f"form={ALIASES[form]!r}", stacklevel=4)
        return ALIASES[form]
    return form
