"""The growth laws as the solver sees them: parameters, kinds, curves, gradients, starts.

Each law is a curve C(tau) of the normalised time with parameters of a *kind*
(:mod:`scalinglaws.growth.kinds`) that maps the solver's unbounded vector z to
values in the frame and to natural values. Curves come from
:mod:`scalinglaws.formulas.growth` and :mod:`scalinglaws.formulas.epidemic`: in
closed form, or integrated numerically with scipy's ``solve_ivp``
(``numerical=True``: glm, grm, subepidemic, sir, seir). Gradients dC/dz are
analytic for the closed-form sigmoids (:mod:`scalinglaws.growth.gradients`)
and central differences otherwise, all rows and directions in one batched
evaluation (one integration for the ODE laws, so every direction shares the
solver's steps and the differences are smooth).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np

from scalinglaws._types import FloatArray
from scalinglaws.formulas import epidemic, growth
from scalinglaws.growth import kinds
from scalinglaws.growth.gradients import GRADIENTS
from scalinglaws.growth.kinds import Frame
from scalinglaws.growth.starts import STARTS

__all__ = ["LAWS", "Frame", "Law"]

_FD_STEP = 1e-6


@dataclass(frozen=True)
class Law:
    """One growth law: its parameters, their kinds, the curve C(tau) in the frame.

    Attributes
    ----------
    name : str
        The law's name (``"logistic"``, ``"ggm"``, ...).
    params : tuple of str
        Its parameters, in the order of z.
    kinds : tuple of str
        Each parameter's kind (size, rate, time, shape), which sets its link and frame.
    formula : str
        The law in words and symbols.
    citation : str
        Where it comes from.
    curve : callable
        C(tau, *params) in the normalised frame.
    derived : tuple of str
        Derived quantities (see :mod:`scalinglaws.growth.derived`).
    rate : callable, optional
        dC/dtau = rate(C, *frame values) for autonomous laws (None otherwise).
    numerical : bool, default False
        True when the curve is integrated numerically (no closed form).
    roles : tuple of str
        Role of each size parameter in its box: "final", "initial" or "threshold".
    """

    name: str
    params: tuple[str, ...]
    kinds: tuple[str, ...]
    formula: str
    citation: str
    curve: Callable[..., FloatArray]
    #: Derived quantities (see :mod:`scalinglaws.growth.derived`).
    derived: tuple[str, ...]
    #: dC/dtau = rate(C, *frame values) for autonomous laws (None otherwise).
    rate: Callable[..., FloatArray] | None = None
    #: True when the curve is integrated numerically (no closed form).
    numerical: bool = False
    #: Role of each size parameter in its box: "final", "initial" or "threshold".
    roles: tuple[str, ...] = ()

    @property
    def n_params(self) -> int:
        """The number of parameters of the law."""
        return len(self.params)

    def internal(self, z: FloatArray) -> list[FloatArray]:
        """Parameter columns (each (B, 1)) in the normalised frame from z of shape (B, P).

        Parameters
        ----------
        z : numpy.ndarray, shape (B, P)
            Parameters in the solver's coordinates.

        Returns
        -------
        list of numpy.ndarray
            One (B, 1) column per parameter, in the normalised frame.
        """
        return [kinds.frame_value(kind, z[:, j : j + 1]) for j, kind in enumerate(self.kinds)]

    def evaluate(self, z: FloatArray, tau: FloatArray) -> FloatArray:
        """C(tau) for every row of z: shape (B, len(tau)).

        Parameters
        ----------
        z : numpy.ndarray, shape (B, P)
            Parameters in the solver's coordinates.
        tau : numpy.ndarray
            Times in the normalised frame.

        Returns
        -------
        numpy.ndarray, shape (B, len(tau))
            C(tau) for every row of z.
        """
        with np.errstate(all="ignore"):
            return np.asarray(self.curve(tau[None, :], *self.internal(z)), dtype=np.float64)

    def gradient(
        self, z: FloatArray, tau: FloatArray, columns: Sequence[int] | None = None
    ) -> tuple[FloatArray, FloatArray]:
        """C(tau) (B, n) and dC/dz (B, n, len(columns)) for the chosen columns of z.

        Parameters
        ----------
        z : numpy.ndarray, shape (B, P)
            Parameters in the solver's coordinates.
        tau : numpy.ndarray, shape (n,)
            Times in the normalised frame.
        columns : sequence of int, optional
            The columns of z to differentiate in; all when None.

        Returns
        -------
        curve : numpy.ndarray, shape (B, n)
            C(tau).
        jacobian : numpy.ndarray, shape (B, n, len(columns))
            dC/dz.
        """
        wanted = list(range(z.shape[1])) if columns is None else list(columns)
        with np.errstate(all="ignore"):
            if self.name in GRADIENTS:
                curve, parts = GRADIENTS[self.name](tau[None, :], *self.internal(z))
                jac = np.stack([parts[j] for j in wanted], axis=2)
            else:
                curve, jac = self._differences(z, tau, wanted)
        # Overflow far from the data gives inf/nan where the true slope is 0.
        return curve, np.nan_to_num(jac, copy=False, nan=0.0, posinf=0.0, neginf=0.0)

    def _differences(
        self, z: FloatArray, tau: FloatArray, wanted: list[int]
    ) -> tuple[FloatArray, FloatArray]:
        rows = z.shape[0]
        shifts = np.zeros((2 * len(wanted) + 1, z.shape[1]))
        for i, j in enumerate(wanted):
            shifts[1 + 2 * i, j], shifts[2 + 2 * i, j] = _FD_STEP, -_FD_STEP
        stacked = (shifts[:, None, :] + z[None, :, :]).reshape(-1, z.shape[1])
        values = self.evaluate(stacked, tau).reshape(shifts.shape[0], rows, tau.size)
        jac = (values[1::2] - values[2::2]) / (2 * _FD_STEP)
        return values[0], np.moveaxis(jac, 0, 2)

    # --- natural values, links and boxes ---------------------------------------------------
    def _p(self, z: FloatArray) -> FloatArray | None:
        return (
            kinds.frame_value("fraction", z[:, self.params.index("p")])
            if "p" in self.params
            else None
        )

    def eta(self, z: FloatArray, frame: Frame) -> FloatArray:
        """Link values (B, P): Wald intervals are symmetric on this scale.

        Parameters
        ----------
        z : numpy.ndarray, shape (B, P)
            Parameters in the solver's coordinates.
        frame : Frame
            The normalised frame.

        Returns
        -------
        numpy.ndarray, shape (B, P)
            The link values.
        """
        p = self._p(z)
        return np.stack(
            [kinds.eta(kind, z[:, j], p, frame) for j, kind in enumerate(self.kinds)], axis=1
        )

    def eta_jacobian(self, z: FloatArray, frame: Frame) -> FloatArray:
        """d eta / d z (B, P, P): the identity except the rate of a law with p.

        Parameters
        ----------
        z : numpy.ndarray, shape (B, P)
            Parameters in the solver's coordinates.
        frame : Frame
            The normalised frame.

        Returns
        -------
        numpy.ndarray, shape (B, P, P)
            d eta / d z.
        """
        jac = np.repeat(np.eye(self.n_params)[None, :, :], z.shape[0], axis=0)
        p = self._p(z)
        if p is not None and "rate_p" in self.kinds:
            row, col = self.kinds.index("rate_p"), self.params.index("p")
            jac[:, row, col] = -np.log(frame.y_scale) * p * (1.0 - p)
        return jac

    def natural(self, z: FloatArray, frame: Frame) -> FloatArray:
        """Natural parameter values (B, P); far-out z may map to inf or 0.

        Parameters
        ----------
        z : numpy.ndarray, shape (B, P)
            Parameters in the solver's coordinates.
        frame : Frame
            The normalised frame.

        Returns
        -------
        numpy.ndarray, shape (B, P)
            Natural values in the user's units.
        """
        return self.from_eta(self.eta(z, frame), frame)

    def from_eta(self, eta: FloatArray, frame: Frame) -> FloatArray:
        """Natural values from link values (B, P).

        Parameters
        ----------
        eta : numpy.ndarray, shape (B, P)
            Link values.
        frame : Frame
            The normalised frame.

        Returns
        -------
        numpy.ndarray, shape (B, P)
            Natural values.
        """
        return np.stack(
            [kinds.natural_from_eta(kind, eta[:, j], frame) for j, kind in enumerate(self.kinds)],
            axis=1,
        )

    def natural_slopes(self, values: FloatArray, frame: Frame) -> FloatArray:
        """d natural / d eta (B, P) at natural values.

        Parameters
        ----------
        values : numpy.ndarray, shape (B, P)
            Natural parameter values.
        frame : Frame
            The normalised frame.

        Returns
        -------
        numpy.ndarray, shape (B, P)
            d natural / d eta.
        """
        return np.stack(
            [kinds.slope(kind, values[:, j], frame) for j, kind in enumerate(self.kinds)], axis=1
        )

    def internal_of(self, values: FloatArray, frame: Frame) -> FloatArray:
        """z (B, P) from natural values (B, P): the inverse of :meth:`natural`.

        Parameters
        ----------
        values : numpy.ndarray, shape (B, P)
            Natural parameter values.
        frame : Frame
            The normalised frame.

        Returns
        -------
        numpy.ndarray, shape (B, P)
            z.
        """
        eta = np.stack(
            [
                kinds.eta_from_natural(kind, values[:, j], frame)
                for j, kind in enumerate(self.kinds)
            ],
            axis=1,
        )
        if "rate_p" in self.kinds:
            j = self.kinds.index("rate_p")
            p = values[:, self.params.index("p")]
            eta[:, j] -= (1.0 - p) * np.log(frame.y_scale)
        return eta

    def bounds(self, frame: Frame) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
        """The box on z (lo, hi) and which sides float64 forced inward (capped).

        Parameters
        ----------
        frame : Frame
            The normalised frame of the data.

        Returns
        -------
        lo, hi, capped_lo, capped_hi : numpy.ndarray
            The box on z and where float64 forced each side inward.
        """
        rows = [kinds.box(kind, self.role(j), frame) for j, kind in enumerate(self.kinds)]
        lo, hi, lo_cap, hi_cap = (np.array(column) for column in zip(*rows, strict=True))
        return lo, hi, lo_cap.astype(bool), hi_cap.astype(bool)

    def role(self, j: int) -> str:
        """The role of size parameter ``j`` in its box: "final", "initial" or "threshold".

        Parameters
        ----------
        j : int
            The parameter's position.

        Returns
        -------
        str
            ``"final"``, ``"initial"`` or ``"threshold"`` (``"final"`` when unset).
        """
        return self.roles[j] if j < len(self.roles) and self.roles[j] else "final"

    def starts(self, tau: FloatArray, level: FloatArray) -> FloatArray:
        """A grid of starting points z (S, P) from a proxy cumulative curve ``level``.

        Parameters
        ----------
        tau : numpy.ndarray
            Times in the normalised frame.
        level : numpy.ndarray
            A proxy cumulative curve at those times.

        Returns
        -------
        numpy.ndarray, shape (S, P)
            Starting points z.
        """
        return STARTS[self.name](tau, level)


# --- rates dC/dtau of the autonomous laws (for the growth rate of incidence) ------------
def _rate_exponential(C: FloatArray, C0: FloatArray, r: FloatArray) -> FloatArray:
    return r * C


def _rate_logistic(C: FloatArray, K: FloatArray, r: FloatArray, tm: FloatArray) -> FloatArray:
    return r * C * (1.0 - C / K)


def _rate_gompertz(C: FloatArray, K: FloatArray, r: FloatArray, tm: FloatArray) -> FloatArray:
    return np.asarray(r * C * np.log(K / C), dtype=np.float64)


def _rate_richards(
    C: FloatArray, K: FloatArray, r: FloatArray, tm: FloatArray, a: FloatArray
) -> FloatArray:
    return r * C * (1.0 - (C / K) ** a)


def _rate_ggm(C: FloatArray, C0: FloatArray, r: FloatArray, p: FloatArray) -> FloatArray:
    return r * C**p


def _rate_grm(
    C: FloatArray,
    C0: FloatArray,
    r: FloatArray,
    p: FloatArray,
    K: FloatArray,
    a: FloatArray | float = 1.0,
) -> FloatArray:
    return r * C**p * (1.0 - (C / K) ** a)


def _subepidemic_curve(
    tau: FloatArray,
    C0: FloatArray,
    r: FloatArray,
    p: FloatArray,
    K0: FloatArray,
    q: FloatArray,
    C_thr: FloatArray,
    n: FloatArray,
) -> FloatArray:
    return growth.subepidemic(tau, C0, r, p, K0, q, C_thr, round(float(np.max(n))))


_CITE_GGM = (
    "Viboud, Simonsen & Chowell, 'A generalized-growth model to characterize the early "
    "ascending phase of infectious disease outbreaks', Epidemics 15, 27-37 (2016)"
)
_CITE_GLM = (
    "Chowell, 'Fitting dynamic models to epidemic outbreaks with quantified uncertainty', "
    "Infect. Dis. Model. 2, 379-398 (2017)"
)
_CITE_SUB = (
    "Chowell, Tariq & Hyman, 'A novel sub-epidemic modeling framework for short-term "
    "forecasting the epidemic waves', BMC Med. 17, 164 (2019)"
)
_CITE_SIR = (
    "Kermack & McKendrick, Proc. R. Soc. A 115, 700-721 (1927); Anderson & May, "
    "Infectious Diseases of Humans (1991)"
)
_EPIDEMIC = ("growth_rate", "doubling_time", "final_size", "peak_time", "peak_incidence")

#: The growth laws fit_growth knows.
GrowthLawName = Literal[
    "exponential",
    "logistic",
    "gompertz",
    "richards",
    "ggm",
    "glm",
    "grm",
    "subepidemic",
    "sir",
    "seir",
]

#: Every law by name (the same shape as :data:`scalinglaws.relations.LAWS`).
LAWS: Mapping[str, Law] = {
    law.name: law
    for law in (
        Law(
            "exponential",
            ("C0", "r"),
            ("size", "rate"),
            "C(t) = C0 exp(r (t - t0))",
            "Malthus, An Essay on the Principle of Population (1798)",
            growth.exponential,
            ("growth_rate", "doubling_time"),
            _rate_exponential,
            roles=("initial", ""),
        ),
        Law(
            "logistic",
            ("K", "r", "tm"),
            ("size", "rate", "time"),
            "C(t) = K / (1 + exp(-r (t - tm)))",
            "Verhulst (1838); Pearl & Reed, PNAS 6, 275-288 (1920)",
            growth.logistic,
            ("growth_rate", "doubling_time", "carrying_capacity", "inflection_time"),
            _rate_logistic,
        ),
        Law(
            "gompertz",
            ("K", "r", "tm"),
            ("size", "rate", "time"),
            "C(t) = K exp(-exp(-r (t - tm)))",
            "Gompertz, Phil. Trans. R. Soc. 115, 513-583 (1825); Winsor, PNAS 18, 1-8 (1932)",
            growth.gompertz,
            ("growth_rate", "carrying_capacity", "inflection_time"),
            _rate_gompertz,
        ),
        Law(
            "richards",
            ("K", "r", "tm", "a"),
            ("size", "rate", "time", "shape"),
            "C(t) = K (1 + a exp(-a r (t - tm)))^(-1/a)",
            "Richards, J. Exp. Bot. 10, 290-300 (1959)",
            growth.richards,
            ("growth_rate", "doubling_time", "carrying_capacity", "inflection_time"),
            _rate_richards,
        ),
        Law(
            "ggm",
            ("C0", "r", "p"),
            ("size", "rate_p", "fraction"),
            "dC/dt = r C^p, C(t0) = C0",
            _CITE_GGM,
            growth.ggm,
            ("growth_rate",),
            _rate_ggm,
            roles=("initial",),
        ),
        Law(
            "glm",
            ("C0", "r", "p", "K"),
            ("size", "rate_p", "fraction", "size"),
            "dC/dt = r C^p (1 - C/K), C(t0) = C0",
            _CITE_GLM,
            growth.glm,
            ("carrying_capacity",),
            _rate_grm,
            numerical=True,
            roles=("initial", "", "", "final"),
        ),
        Law(
            "grm",
            ("C0", "r", "p", "K", "a"),
            ("size", "rate_p", "fraction", "size", "shape"),
            "dC/dt = r C^p (1 - (C/K)^a), C(t0) = C0",
            _CITE_SUB + "; generalized Richards model",
            growth.grm,
            ("carrying_capacity",),
            _rate_grm,
            numerical=True,
            roles=("initial", "", "", "final"),
        ),
        Law(
            "subepidemic",
            ("C0", "r", "p", "K0", "q", "C_thr", "n"),
            ("size", "rate_p", "fraction", "size", "real", "size", "count"),
            "n waves dC_i/dt = A_i r C_i^p (1 - C_i/K_i), K_i = K0 exp(-q (i-1)), "
            "wave i starts when wave i-1 reaches C_thr",
            _CITE_SUB,
            _subepidemic_curve,
            ("final_size",),
            numerical=True,
            roles=("initial", "", "", "final", "", "threshold"),
        ),
        Law(
            "sir",
            ("N", "R0", "gamma", "I0"),
            ("size", "shape", "rate", "size"),
            "SIR: S' = -R0 gamma S I/N, I' = R0 gamma S I/N - gamma I; C = N - S",
            _CITE_SIR,
            epidemic.sir,
            _EPIDEMIC,
            numerical=True,
            roles=("final", "", "", "initial"),
        ),
        Law(
            "seir",
            ("N", "R0", "sigma", "gamma", "I0"),
            ("size", "shape", "rate", "rate", "size"),
            "SEIR: S' = -R0 gamma S I/N, E' = R0 gamma S I/N - sigma E, "
            "I' = sigma E - gamma I; C' = sigma E",
            _CITE_SIR,
            epidemic.seir,
            _EPIDEMIC,
            numerical=True,
            roles=("final", "", "", "", "initial"),
        ),
    )
}
