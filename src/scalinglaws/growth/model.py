"""One growth data set as the solver sees it: what is observed, its mean and its noise.

Three observation modes follow from ``cumulative`` and the error family:

* ``level``: cumulative values with least-squares errors; y_i = C(t_i) + noise.
* ``increments``: cumulative *counts* (Poisson or negative binomial). The
  independent counts are the increments y_i - y_{i-1} (y_{-1} = 0), with mean
  C(t_i) - C(t_{i-1}) (C(t_{-1}) = 0: the first value counts everything so far).
* ``incidence``: counts or values per interval (``cumulative=False``); y_i is
  what happened in (t_{i-1}, t_i], with mean C(t_i) - C(t_{i-1}); the first
  interval has the length of the second.

This is the usual count-likelihood for epidemic curves (G. Chowell, "Fitting
dynamic models to epidemic outbreaks with quantified uncertainty", Infect.
Dis. Model. 2, 379-398 (2017)); it respects that cumulative counts never fall.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import ParamSpec, TypeVar

import numpy as np
import numpy.typing as npt

from scalinglaws._types import FloatArray
from scalinglaws.growth.laws import LAWS, Frame, Law

__all__ = ["Design"]

P = ParamSpec("P")
R = TypeVar("R")


def _quiet(method: Callable[P, R]) -> Callable[P, R]:
    """Run ``method`` under np.errstate(all="ignore"): the solver screens non-finite values."""

    @functools.wraps(method)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with np.errstate(all="ignore"):
            return method(*args, **kwargs)

    return wrapper


@dataclass(frozen=True, eq=False)
class Design:
    """Data in the solver's frame plus the law, the error family and the observation mode.

    Every law is fitted in the same frame (times 0..1 over the data, sizes in units
    of the largest cumulative value), so the fit does not depend on the units of t
    or y. Observations are in *observation units*: counts stay counts (their
    likelihood needs them), least-squares data are divided by the size scale.
    ``gain`` turns a frame curve into observation units and ``unit`` observation
    units into the user's.
    """

    law: Law
    family: str
    mode: str  # "level" | "increments" | "incidence"
    frame: Frame
    tau: FloatArray  # (n,) normalised times
    obs: FloatArray  # (n,) observations in observation units
    level: FloatArray  # (n,) a cumulative proxy in frame units (for starting values)
    free: tuple[int, ...]  # indices of the estimated parameters; the others are fixed
    template: FloatArray  # (P,) full z holding the fixed values
    gain: float  # frame curve -> observation units

    @classmethod
    def build(
        cls,
        law: str,
        family: str,
        cumulative: bool,
        t: FloatArray,
        y: FloatArray,
        fixed: tuple[str, ...] = (),
        pinned: FloatArray | None = None,
    ) -> Design:
        """The design of one data set.

        ``fixed`` names the pinned parameters; their z values come from ``pinned``
        (a full z vector) when given, else C0 is pinned to the first value.
        """
        spec = LAWS[law]
        level = y if cumulative else np.cumsum(y)
        counts = family != "normal"
        y_scale = float(np.max(level))
        frame = Frame(float(t[0]), float(t[-1] - t[0]), y_scale)
        gain = y_scale if counts else 1.0
        tau = (t - frame.t_first) / frame.t_scale
        if not cumulative:
            mode, obs = "incidence", y * (gain / y_scale)
        elif counts:
            mode, obs = "increments", np.diff(y, prepend=0.0)
        else:
            mode, obs = "level", y / y_scale
        template = np.zeros(spec.n_params)
        with np.errstate(divide="ignore"):
            for name in fixed:
                j = spec.params.index(name)
                if pinned is not None:
                    template[j] = pinned[j]
                else:  # C0, a size: z = log(first value in frame units)
                    template[j] = np.log(level[0] / y_scale)
        free = tuple(j for j, name in enumerate(spec.params) if name not in fixed)
        return cls(spec, family, mode, frame, tau, obs, level / y_scale, free, template, gain)

    @property
    def unit(self) -> float:
        """Observation units -> the user's units (1 for counts, the size scale otherwise)."""
        return self.frame.y_scale / self.gain

    @property
    def n_free(self) -> int:
        """The number of free (not pinned) parameters."""
        return len(self.free)

    def expand(self, z_free: FloatArray) -> FloatArray:
        """Full z (B, P) from the estimated coordinates (B, n_free)."""
        z = np.repeat(self.template[None, :], z_free.shape[0], axis=0)
        z[:, list(self.free)] = z_free
        return z

    def free_mean(self, z_free: FloatArray) -> FloatArray:
        """:meth:`mean` as a function of the estimated coordinates only (for the solver)."""
        return self.mean(self.expand(z_free))

    @property
    def n(self) -> int:
        """The number of observations."""
        return int(self.tau.size)

    def tau_of(self, t: FloatArray) -> FloatArray:
        """The times ``t`` in the normalised frame of the fit."""
        return np.asarray((t - self.frame.t_first) / self.frame.t_scale, dtype=np.float64)

    @_quiet
    def mean(self, z: FloatArray) -> FloatArray:
        """Expected observations for every row of z: shape (B, n), in observation units."""
        if self.mode == "incidence":
            first = np.array([2.0 * self.tau[0] - self.tau[1]])
            both = self.law.evaluate(z, np.concatenate([first, self.tau]))
            return _floats(np.diff(both, axis=1) * self.gain)
        curve = self.law.evaluate(z, self.tau) * self.gain
        if self.mode == "level":
            return curve
        return _floats(np.diff(curve, axis=1, prepend=0.0))

    @_quiet
    def gradient(self, z: FloatArray, columns: list[int] | None = None) -> FloatArray:
        """d mean / d z for every row of z: shape (B, n, len(columns))."""
        if self.mode == "incidence":
            first = np.array([2.0 * self.tau[0] - self.tau[1]])
            _, both = self.law.gradient(z, np.concatenate([first, self.tau]), columns)
            return _floats(np.diff(both, axis=1) * self.gain)
        _, jac = self.law.gradient(z, self.tau, columns)
        jac = jac * self.gain
        if self.mode == "level":
            return jac
        return _floats(np.diff(jac, axis=1, prepend=0.0))

    def free_gradient(self, z_free: FloatArray) -> FloatArray:
        """:meth:`gradient` in the estimated coordinates only (B, n, n_free)."""
        return self.gradient(self.expand(z_free), list(self.free))

    @_quiet
    def expected(self, z: FloatArray, tau_future: FloatArray) -> FloatArray:
        """The model's mean at future times (B, m), given the data.

        ``level``: the curve C(t). ``increments``: the last observed total plus the
        expected growth since, C(t) - C(t_last). ``incidence``: the expected amount in
        each interval since the previous time.
        """
        path = self.law.evaluate(z, np.concatenate([self.tau[-1:], tau_future])) * self.gain
        if self.mode == "level":
            return path[:, 1:]
        if self.mode == "increments":
            return _floats(self.level[-1] * self.gain + path[:, 1:] - path[:, :1])
        return _floats(np.diff(path, axis=1))

    @_quiet
    def simulate(
        self, z: FloatArray, noise: float, rng: np.random.Generator, size: int
    ) -> FloatArray:
        """``size`` synthetic observation vectors from the fitted model, shape (size, n)."""
        mu = np.maximum(self.mean(z[None, :])[0], 0.0)
        return self._draw(np.broadcast_to(mu, (size, self.n)), np.full(size, float(noise)), rng)

    @_quiet
    def predictive(
        self, z: FloatArray, noise: FloatArray, tau_future: FloatArray, rng: np.random.Generator
    ) -> FloatArray:
        """One draw of future observations per row of z (B, m), in observation units.

        Cumulative counts continue from the last observed total (they cannot fall).
        """
        if self.mode == "incidence":
            return self._draw(np.maximum(self.expected(z, tau_future), 0.0), noise, rng)
        curve = self.law.evaluate(z, np.concatenate([self.tau[-1:], tau_future])) * self.gain
        if self.mode == "level":
            return self._draw(curve[:, 1:], noise, rng)
        steps = np.maximum(np.diff(curve, axis=1), 0.0)
        start = self.level[-1] * self.gain
        return _floats(start + np.cumsum(self._draw(steps, noise, rng), axis=1))

    @_quiet
    def noise_of(self, z: FloatArray, objective: FloatArray, k: FloatArray) -> FloatArray:
        """Per-fit noise: the residual sd (normal, observation units), NB size k, or inf."""
        if self.family == "normal":
            dof = max(self.n - self.n_free, 1)
            return np.asarray(np.sqrt(objective / dof), dtype=np.float64)
        return np.asarray(k, dtype=np.float64)

    @_quiet
    def _draw(self, mu: FloatArray, noise: FloatArray, rng: np.random.Generator) -> FloatArray:
        with np.errstate(all="ignore"):
            if self.family == "normal":
                return mu + noise[:, None] * rng.standard_normal(mu.shape)
            safe = np.where(np.isfinite(mu), np.minimum(mu, 1e15), 0.0)
            if self.family == "poisson":
                return rng.poisson(safe).astype(np.float64)
            k = np.broadcast_to(noise[:, None], mu.shape)
            return rng.negative_binomial(k, k / (k + safe)).astype(np.float64)


def _floats(values: npt.ArrayLike) -> FloatArray:
    return np.asarray(values, dtype=np.float64)
