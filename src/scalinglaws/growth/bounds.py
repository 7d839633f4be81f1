"""Parameters that reach the edge of their box, and a covariance that always exists.

A fit whose best point lies on the edge of a parameter's box still has an
estimate (the bounded one, as in Chowell's toolboxes): it is returned with a
:class:`~scalinglaws.errors.FitWarning` naming the parameter and the edge it
reached, and recorded in ``GrowthFit.at_bound``. Only a side that float64
forced inward (natural values beyond 1e300 at the data's units) is an error:
there the answer cannot be represented.

The covariance is the inverse Fisher information. When it is singular (the data
do not determine some direction), the parameters at a bound and then, one by
one, those that load most on the flattest direction are held fixed
(*undetermined*: their rows stay 0); the rest get the conditional covariance.
"""

from __future__ import annotations

import numpy as np

from scalinglaws._types import FloatArray
from scalinglaws.errors import InvalidInputError
from scalinglaws.growth.kinds import Frame, natural_from_eta
from scalinglaws.growth.laws import Law

__all__ = ["bound_message", "covariance", "hits", "representable"]

_EDGE = 1e-6
_CONDITION = 1e12


def hits(
    law: Law,
    z: FloatArray,
    free: tuple[int, ...],
    lo: FloatArray,
    hi: FloatArray,
    capped: tuple[FloatArray, FloatArray],
) -> dict[str, str]:
    """The free parameters on an edge of the box: name -> "lower" or "upper".

    Raises InvalidInputError when the edge is one float64 imposed.
    """
    found: dict[str, str] = {}
    for j in free:
        for side, edge, forced in (("lower", lo[j], capped[0][j]), ("upper", hi[j], capped[1][j])):
            if abs(z[j] - edge) <= _EDGE * max(1.0, abs(edge)):
                if forced:
                    raise InvalidInputError(
                        f"law={law.name!r}: {law.params[j]} would lie beyond what float64 "
                        "holds (1e300) at the units of these data; rescale t or y (e.g. "
                        "divide y by 1e6, or give t in other units) and fit again."
                    )
                found[law.params[j]] = side
    return found


def representable(law: Law, z: FloatArray, frame: Frame) -> None:
    """Raise InvalidInputError when a natural estimate overflows or underflows float64."""
    values = law.natural(z[None, :], frame)[0]
    for name, kind, value in zip(law.params, law.kinds, values, strict=True):
        positive = kind in ("size", "rate", "rate_p", "shape")
        if not np.isfinite(value) or (positive and not value > 0):
            raise InvalidInputError(
                f"law={law.name!r}: the estimate of {name} is {float(value)!r} in float64 at the "
                f"units of these data (times spanning {frame.t_scale:.3g}, values up to "
                f"{frame.y_scale:.3g}); rescale t or y (e.g. days instead of seconds, "
                "thousands instead of persons) and fit again."
            )


def bound_message(law: Law, name: str, side: str, z: float, frame: Frame, unit: str) -> str:
    """Why a parameter ran to one edge of its box, naming that edge and what to do."""
    j = law.params.index(name)
    kind, role = law.kinds[j], law.role(j)
    upper = side == "upper"
    value = float(natural_from_eta(kind, np.array([z]), frame)[0])
    if kind == "fraction":
        if upper:
            return f"{name} reached 1: growth is exponential on this window"
        return f"{name} reached 0: incidence is constant (linear growth) on this window"
    where = f"{name} reached its {side} bound {value:.4g}"
    if kind == "size" and role == "final":
        if upper:
            return (
                f"{where} (10^6 times the largest value): the data show no slowing down, "
                f"so {name} is not determined; fit law='exponential' or law='ggm', or add "
                "data past the peak"
            )
        return f"{where} (1/100 of the largest value): the curve stops far below the data"
    if kind == "size":
        return f"{where}: the data do not determine it; check the first observations"
    if kind in ("rate", "rate_p"):
        if upper:
            return (
                f"{where} per {unit}: the growth is too fast to resolve at these times "
                "(check the time units)"
            )
        return f"{where} per {unit}: the data barely grow on this window"
    if kind == "time":
        return (
            f"{where}: the inflection lies far {'after' if upper else 'before'} the data, "
            "so it is not determined"
        )
    if name == "a":
        alternative = "law='gompertz' (a -> 0)" if not upper else "a simpler law"
        return f"{where}: the shape is not determined; fit {alternative} or law='logistic' (a = 1)"
    return f"{where}: the data do not determine it"


def covariance(
    information: FloatArray, names: list[str], at_bound: dict[str, str]
) -> tuple[FloatArray, list[str]]:
    """The covariance of the free coordinates and the names it had to hold fixed.

    ``information`` (k, k) is J' W J over the free coordinates ``names``. The full
    inverse is used when it exists (parameters at a bound then keep a variance,
    for a one-sided interval); else the parameters at a bound are held fixed, then
    the one loading most on the flattest direction, until the rest is invertible.
    """
    keep = list(range(len(names)))
    inverse = _inverse(information, keep)
    if inverse is None:
        keep = [i for i in keep if names[i] not in at_bound]
    dropped: list[str] = []
    while inverse is None and keep:
        inverse = _inverse(information, keep)
        if inverse is None:
            sub = _normalised(information, keep)
            values, vectors = np.linalg.eigh(np.nan_to_num(sub, nan=0.0, posinf=0.0))
            worst = keep[int(np.argmax(np.abs(vectors[:, int(np.argmin(values))])))]
            keep.remove(worst)
            dropped.append(names[worst])
    cov = np.zeros_like(information)
    if inverse is not None:
        cov[np.ix_(keep, keep)] = inverse
    return cov, dropped


def _normalised(information: FloatArray, keep: list[int]) -> FloatArray:
    sub = information[np.ix_(keep, keep)]
    scale = np.sqrt(np.abs(np.diag(sub)))
    safe = np.where(scale > 0, scale, 1.0)
    return np.asarray(sub / np.outer(safe, safe), dtype=np.float64)


def _inverse(information: FloatArray, keep: list[int]) -> FloatArray | None:
    if not keep:
        return None
    sub = information[np.ix_(keep, keep)]
    scale = np.sqrt(np.abs(np.diag(sub)))
    if not np.all(np.isfinite(sub)) or np.any(scale == 0):
        return None
    normed = sub / np.outer(scale, scale)
    if np.linalg.cond(normed) > _CONDITION:
        return None
    return np.asarray(np.linalg.inv(normed) / np.outer(scale, scale), dtype=np.float64)
