"""The units-free frame fit_neural solves in, and where its start grids sit.

A law's shape cannot depend on the units of N, D, C or L, so neither may the fit.
The solver works on centred data: each log feature minus its median over the
runs, and the log loss minus its median (the repeats R = D/U - 1 of the
data-constrained law have no unit and stay). The parameters move between the
user's units and that frame with the form's exact ``rescale``, so a fit to
``c N`` is the fit to ``N`` with A -> A c^alpha, to the last bit the arithmetic
allows.

The start grids are the papers' (Hoffmann et al. 2022, app. D.2, for
``chinchilla``), laid out for runs measured in parameters, tokens, FLOPs and
nats around the Chinchilla ladder: N ~ 1e9, D ~ 1e10, C ~ 1e20, L ~ 1. Data in
other units carry the grid with them in whole decades: runs whose median N is
1e3 times larger get starts with log A shifted by alpha log 1e3. Runs within
half a decade of the reference (Chinchilla's, Epoch's 240) get the papers' grid
exactly.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from scalinglaws._types import FloatArray
from scalinglaws.neural.forms import Form

__all__ = ["REFERENCE_DECADES", "Frame"]

#: log10 of the values the start grids are laid out for (the Chinchilla ladder's).
REFERENCE_DECADES = {"N": 9.0, "D": 10.0, "U": 10.0, "C": 20.0, "L": 0.0}
_LN10 = float(np.log(10.0))


def _decades(centre: FloatArray, names: tuple[str, ...]) -> FloatArray:
    """Whole decades between a centre (natural log) and the reference of each column."""
    reference = np.array([REFERENCE_DECADES.get(name, 0.0) for name in names])
    return np.asarray((np.round(centre / _LN10) - reference) * _LN10, dtype=np.float64)


@dataclass(frozen=True)
class Frame:
    """Centring of the data and the grid's decade shift; maps parameters both ways.

    ``names`` labels the feature columns (``"N"``, ``"D"``, ``"C"``, ``"U"``, or
    ``"R"`` for the unit-free repeats, which are neither centred nor carried).
    """

    form: Form
    names: tuple[str, ...]
    centre: FloatArray  # subtracted from each feature column
    centre_loss: float  # subtracted from log L
    carry: FloatArray  # the grid's shift per feature column (whole decades, natural log)
    carry_loss: float

    @classmethod
    def of(
        cls, form: Form, feats: FloatArray, log_loss: FloatArray, names: tuple[str, ...]
    ) -> Frame:
        """The frame of these runs: medians of the log features and of log L."""
        has_unit = np.array([name != "R" for name in names])
        centre = np.where(has_unit, np.median(feats, axis=0), 0.0)
        centre_loss = float(np.median(log_loss))
        carry = np.where(has_unit, _decades(centre, names), 0.0)
        carry_loss = float(_decades(np.array([centre_loss]), ("L",))[0])
        return cls(form, names, centre, centre_loss, carry, carry_loss)

    def data(self, feats: FloatArray, log_loss: FloatArray) -> tuple[FloatArray, FloatArray]:
        """The runs in the solver's frame."""
        return feats - self.centre, log_loss - self.centre_loss

    def to_solver(self, theta: FloatArray) -> FloatArray:
        """Parameters in the user's units -> the solver's frame."""
        return self.form.rescale(theta, -self.centre, -self.centre_loss)

    def to_user(self, theta: FloatArray) -> FloatArray:
        """Parameters in the solver's frame -> the user's units."""
        return self.form.rescale(theta, self.centre, self.centre_loss)

    def to_reference(self, theta: FloatArray) -> FloatArray:
        """Map parameters from the solver's frame to the grid's reference units.

        Parameters in the solver's frame -> the grid's reference units (the user's
        units moved by whole decades to N ~ 1e9, D ~ 1e10, L ~ 1).
        """
        return self.form.rescale(
            theta, self.centre - self.carry, self.centre_loss - self.carry_loss
        )

    def grid(self, feats: FloatArray, log_loss: FloatArray) -> FloatArray:
        """The form's start grid for runs in the solver's frame, carried with their units.

        The grid is laid out for the runs moved to the reference units (grids placed
        by the data, as the broken power law's, see them there) and moved back.
        """
        starts = self.form.grid(
            feats + self.centre - self.carry, log_loss + self.centre_loss - self.carry_loss
        )
        return self.form.rescale(
            starts, self.carry - self.centre, self.carry_loss - self.centre_loss
        )
