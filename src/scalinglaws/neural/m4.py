"""The M4 learning curve of Alabdulmohsin et al. (2022) as a batched form of the solver.

The law (their eq. 4) relates the loss L after x examples to a power law,

    (L - L_inf) / (L_0 - L)^alpha = beta x^c,

with L_0 the loss of a random guess, L_inf the limit with infinite data, c < 0 and
alpha >= 0; alpha = 0 is the power law with offset. L has no closed form: with
the excess share t = (L - L_inf) / (L_0 - L_inf) = sigmoid(v) the equation is
h(v) = log t - alpha log(1 - t) = log K, log K = log beta + (alpha - 1) log(L_0 -
L_inf) + c log x, solved by :func:`scalinglaws.formulas.neural.m4_logit`.

Fit space: (log L_inf, log g, log beta, c, log alpha) with g = L_0 - L_inf > 0, so
L_inf, the gap and alpha stay positive. The fit minimises the library's objective
(Huber on log L, summed), where the authors alternate least squares on the
equation's logarithm with gradient steps on L_inf and L_0; the model's Jacobian
follows from the implicit function theorem: dv = (d log K - log(1 + e^v) d alpha)
/ h'(v), h'(v) = 1 - t + alpha t.

References
----------
Alabdulmohsin, I., Neyshabur, B. & Zhai, X. (2022). Revisiting neural scaling laws
in language and vision. NeurIPS 2022, arXiv:2209.06640.
"""

from __future__ import annotations

import numpy as np

from scalinglaws._types import FloatArray
from scalinglaws.formulas.neural import m4_logit

__all__ = ["grid", "model", "natural", "predict", "rescale"]


def _parts(
    theta: FloatArray, feats: FloatArray
) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray, FloatArray]:
    """log L, the floor's softmax weight, v, t and alpha at every (start, point)."""
    log_inf, log_gap, log_beta, c, log_alpha = (theta[:, i : i + 1] for i in range(5))
    x = feats[:, 0][None, :]
    alpha = np.exp(log_alpha)
    v = m4_logit(log_beta + (alpha - 1.0) * log_gap + c * x, alpha)
    log_t = -np.logaddexp(0.0, -v)
    excess = log_gap + log_t
    pred = np.logaddexp(log_inf, excess)
    floor = np.exp(log_inf - pred)
    return pred, floor, v, np.exp(log_t), np.broadcast_to(alpha, v.shape)


def model(theta: FloatArray, feats: FloatArray) -> tuple[FloatArray, FloatArray]:
    """log L (S, n) and its Jacobian (S, 5, n)."""
    pred, floor, v, t, alpha = _parts(theta, feats)
    x = feats[:, 0][None, :]
    share = 1.0 - floor  # weight of the excess term in log L
    slope = (1.0 - t) / (1.0 - t + alpha * t)  # d log t / d log K
    log_gap = theta[:, 1:2]
    jac = np.empty((theta.shape[0], 5, x.shape[1]))
    jac[:, 0, :] = floor
    jac[:, 1, :] = share * (1.0 + slope * (alpha - 1.0))
    jac[:, 2, :] = share * slope
    jac[:, 3, :] = share * slope * x
    jac[:, 4, :] = share * slope * alpha * (log_gap - np.logaddexp(0.0, v))
    return pred, jac


def predict(theta: FloatArray, feats: FloatArray) -> FloatArray:
    """log L (S, n)."""
    return _parts(theta, feats)[0]


def natural(theta: FloatArray) -> FloatArray:
    """(..., 5) fit space -> (L_inf, L_0, beta, c, alpha)."""
    log_inf, log_gap, log_beta, c, log_alpha = np.moveaxis(theta, -1, 0)
    inf = np.exp(log_inf)
    return np.stack([inf, inf + np.exp(log_gap), np.exp(log_beta), c, np.exp(log_alpha)], -1)


def rescale(theta: FloatArray, dz: FloatArray, dl: float) -> FloatArray:
    """x -> e^dz x, L -> e^dl L: L_inf, L_0 scale with L; beta -> beta e^((1-alpha) dl - c dz).

    The share t and K are unit-free: beta' g'^(alpha-1) x'^c = beta g^(alpha-1) x^c.
    """
    out = np.array(theta, dtype=np.float64, copy=True)
    alpha, c = np.exp(out[..., 4]), out[..., 3]
    out[..., 0] += dl
    out[..., 1] += dl
    out[..., 2] += (1.0 - alpha) * dl - c * dz[0]
    return out


def grid(feats: FloatArray, log_loss: FloatArray) -> FloatArray:
    """Starts placed by the data.

    L_inf below the lowest loss, L_0 above the highest, alpha and c on grids, and beta so that the
    curve passes through the median run.
    """
    x, loss = feats[:, 0], np.exp(log_loss)
    low, high = float(loss.min()), float(loss.max())
    rows = []
    for inf in low * np.array([0.05, 0.5, 0.9]):
        for top in high * np.array([1.05, 1.5, 3.0]):
            gap = top - inf
            share = (float(np.median(loss)) - inf) / gap
            for alpha in (0.1, 0.5, 1.0, 2.0):
                log_k = np.log(share) - alpha * np.log1p(-share)
                for c in (-0.1, -0.3, -0.6, -1.0):
                    log_beta = log_k - (alpha - 1.0) * np.log(gap) - c * float(np.median(x))
                    rows.append([np.log(inf), np.log(gap), log_beta, c, np.log(alpha)])
    return np.array(rows, dtype=np.float64)
