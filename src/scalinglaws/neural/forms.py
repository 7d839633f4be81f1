"""The forms fit_neural knows: each a batched log-space model, its Jacobian and start grid.

A form maps fit-space parameters ``theta`` (logarithms of the scale parameters,
so they stay positive) and the log features (log N, log D, or log X) to the
predicted log loss for many parameter vectors at once: ``theta`` has shape
(S, p), the prediction (S, n) and the Jacobian (S, p, n). The formulas are those
of :mod:`scalinglaws.formulas.neural` (Hoffmann et al. 2022; Kaplan et al. 2020).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
Model = Callable[[FloatArray, FloatArray], tuple[FloatArray, FloatArray]]

__all__ = ["FORMS", "Form"]


@dataclass(frozen=True)
class Form:
    """One law: fit-space names, natural names, the batched model and its start grid."""

    name: str
    theta_names: tuple[str, ...]
    param_names: tuple[str, ...]
    n_features: int  # 2: (log N, log D); 1: log X
    model: Model  # (theta (S, p), feats (n, k)) -> (log L (S, n), Jacobian (S, p, n))
    predict: Callable[[FloatArray, FloatArray], FloatArray]  # log L only, (S, n)
    natural: Callable[[FloatArray], FloatArray]  # (..., p) -> (..., q)
    grid: Callable[[], FloatArray]  # (G, p) starts in fit space
    two_resource: bool  # has both an N and a D term (compute_optimal applies)


def _softmax_lse(terms: list[FloatArray]) -> tuple[FloatArray, list[FloatArray]]:
    """log sum exp over a list of (S, n) arrays and the softmax weight of each term.

    The exponentials are taken directly (no max shift): the batched solver treats
    an overflow as an infinite objective and rejects the step; the final polish
    and the user-facing formulas use the stable form.
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


def hoffmann_grid() -> FloatArray:
    """The 4,500 starts of Hoffmann et al. (2022, app. D.2) as (a, b, e, alpha, beta).

    alpha, beta in {0, 0.5, ..., 2}, e in {-1, -0.5, ..., 1}, a, b in {0, 5, ..., 25};
    the grid Besiroglu et al. (2024) reuse.
    """
    exps = np.arange(0.0, 2.01, 0.5)
    scale = np.arange(0.0, 26.0, 5.0)
    e = np.arange(-1.0, 1.01, 0.5)
    grid = _product(exps, exps, e, scale, scale)  # alpha, beta, e, a, b
    return np.ascontiguousarray(grid[:, [3, 4, 2, 0, 1]])


def _tied_grid() -> FloatArray:
    exps = np.arange(0.0, 2.01, 0.5)
    scale = np.arange(0.0, 26.0, 5.0)
    return _product(scale, scale, np.arange(-1.0, 1.01, 0.5), exps)


def _offset_grid() -> FloatArray:
    return _product(
        np.arange(0.0, 31.0, 2.5), np.arange(-1.0, 1.01, 0.5), np.arange(0.0, 2.01, 0.25)
    )


def _kaplan_grid() -> FloatArray:
    logs = np.arange(15.0, 41.0, 5.0)
    exps = np.array([0.02, 0.05, 0.1, 0.2, 0.4, 0.8])
    return _product(logs, logs, exps, exps)


_CHINCHILLA_NAMES = ("E", "A", "B", "alpha", "beta")

FORMS: dict[str, Form] = {
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
    ),
}
