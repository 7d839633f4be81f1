"""Parameters held fixed: which ones, at which natural values, and their z in the frame.

``fix_c0`` pins the initial size C0 to the first observation (the default for the
GGM, GLM, GRM and sub-epidemic models, after Viboud, Simonsen & Chowell 2016 and
Chowell 2017). ``fix_c0=False`` estimates it: for incidence whose window starts
mid-epidemic the first count is not the cumulative size at its start, and a
simulated GLM window is fitted far better with C0 free; on the European hub's
8-week windows of real incidence, though, the default ensemble forecast worse with
it (docs/growth.md), so the convention stays the default. ``fix`` pins any parameter
at a natural value. One sub-epidemic (n = 1) has no threshold or decline, so
q = 0 and C_thr (at the largest value) are pinned with it.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from scalinglaws._types import FloatArray
from scalinglaws.errors import InvalidOptionError
from scalinglaws.growth import kinds
from scalinglaws.growth.kinds import Frame
from scalinglaws.growth.laws import LAWS

__all__ = ["fixed_names", "frame_of", "pinned_z"]

#: Laws whose C0 is pinned to the first observation unless fix_c0=False.
PIN_C0 = ("ggm", "glm", "grm", "subepidemic")
MAX_WAVES = 10


def fixed_names(
    law: str, fix_c0: object, fix: Mapping[str, float] | None
) -> tuple[tuple[str, ...], dict[str, float]]:
    """The pinned parameter names (in the law's order) and the natural values given.

    ``fix_c0=None`` pins C0 for the laws of :data:`PIN_C0` (see the module notes).
    """
    spec = LAWS[law]
    if fix_c0 is not None and not isinstance(fix_c0, (bool, np.bool_)):
        raise InvalidOptionError(f"fix_c0={fix_c0!r} must be True, False or None (law default).")
    has_c0 = "C0" in spec.params
    if fix_c0 and not has_c0:
        with_c0 = ", ".join(name for name, other in LAWS.items() if "C0" in other.params)
        raise InvalidOptionError(
            f"fix_c0=True needs a law with an initial size C0 ({with_c0}); "
            f"law={law!r} has {', '.join(spec.params)}."
        )
    pins = _check_fix(law, fix)
    names = set(pins)
    by_default = law in PIN_C0
    if has_c0 and (by_default if fix_c0 is None else bool(fix_c0)):
        names.add("C0")
    if law == "subepidemic" and pins.get("n") == 1:
        names |= {"q", "C_thr"}
        pins.setdefault("q", 0.0)
    if names >= set(spec.params):
        hint = " or pass fix_c0=False" if "C0" in names and "C0" not in pins else ""
        raise InvalidOptionError(
            f"fix={dict(pins)!r} with fix_c0={fix_c0!r} leaves no parameter of law={law!r} "
            f"({', '.join(spec.params)}) to fit: drop one from fix{hint}."
        )
    return tuple(name for name in spec.params if name in names), pins


def _check_fix(law: str, fix: Mapping[str, float] | None) -> dict[str, float]:
    if fix is None:
        return {}
    spec = LAWS[law]
    if not isinstance(fix, Mapping):
        raise InvalidOptionError(
            f"fix={fix!r} must be a mapping of parameter names to values, e.g. {{'p': 0.8}}."
        )
    pins: dict[str, float] = {}
    for name, value in fix.items():
        if name not in spec.params:
            raise InvalidOptionError(
                f"fix: {name!r} is not a parameter of law={law!r}; "
                f"choose from: {', '.join(spec.params)}."
            )
        kind = spec.kinds[spec.params.index(name)]
        if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
            raise InvalidOptionError(f"fix: {name}={value!r} is not a number.")
        number = float(value)
        low, high = kinds.limits(kind)
        inside = np.isfinite(number) and (
            low < number < high or (kind == "fraction" and low <= number <= high)
        )
        if kind == "count":
            inside = number == int(number) and 1 <= number <= MAX_WAVES
        if not inside:
            allowed = (
                f"a whole number from 1 to {MAX_WAVES}"
                if kind == "count"
                else (f"finite and in ({low:g}, {high:g})")
            )
            raise InvalidOptionError(f"fix: {name}={value!r} must be {allowed}.")
        pins[name] = number
    if "r" in pins and spec.kinds[spec.params.index("r")] == "rate_p" and "p" not in pins:
        raise InvalidOptionError(
            f"fix: r of law={law!r} has units of C^(1-p) per time, so fixing r needs p fixed "
            "too (pass both, e.g. fix={'r': 0.5, 'p': 0.8})."
        )
    return pins


def frame_of(t: FloatArray, y: FloatArray, cumulative: bool) -> Frame:
    """The normalisation of a series: times 0..1 over the data, sizes by the largest total."""
    level = y if cumulative else np.cumsum(y)
    return Frame(float(t[0]), float(t[-1] - t[0]), float(np.max(level)))


def pinned_z(
    law: str,
    cumulative: bool,
    t: FloatArray,
    y: FloatArray,
    fixed: tuple[str, ...],
    pins: Mapping[str, float],
) -> FloatArray:
    """The full z template (P,) holding each pinned parameter's value in the data's frame."""
    spec = LAWS[law]
    frame = frame_of(t, y, cumulative)
    level = y if cumulative else np.cumsum(y)
    template = np.zeros(spec.n_params)
    with np.errstate(divide="ignore"):
        for name in fixed:
            j = spec.params.index(name)
            kind = spec.kinds[j]
            if name in pins:
                value = np.array([pins[name]])
                template[j] = float(kinds.eta_from_natural(kind, value, frame)[0])
                if kind == "fraction":  # p = 0 or 1 exactly: as far as float64 tells apart
                    template[j] = float(np.clip(template[j], -40.0, 40.0))
                if kind == "rate_p":
                    template[j] -= (1.0 - pins["p"]) * np.log(frame.y_scale)
            elif name == "C0":
                template[j] = float(np.log(level[0] / frame.y_scale))
            # C_thr of a single wave: at the largest value (z = 0); it never acts.
    return template
