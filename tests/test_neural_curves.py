"""fit_learning_curve: a loss against one resource of one model (issue 14, item 3)."""

from __future__ import annotations

import numpy as np
import pytest

import scalinglaws as sl
from scalinglaws.errors import InvalidOptionError
from scalinglaws.formulas import neural as law


def test_power_offset_curve_is_recovered_from_exact_losses() -> None:
    x = np.geomspace(1e3, 1e7, 25)
    loss = 1.5 + 30.0 * x**-0.4
    fit = sl.fit_learning_curve(x, loss)
    assert isinstance(fit, sl.NeuralFit)
    assert fit.form == "power_offset"
    truth = {"E": 1.5, "A": 30.0, "alpha": 0.4}
    for name, value in truth.items():
        assert fit.params[name] == pytest.approx(value, rel=1e-4)
    predicted = fit.predict([1e8])
    assert isinstance(predicted, np.ndarray)
    assert predicted[0] == pytest.approx(1.5 + 30.0 * 1e8**-0.4, rel=1e-4)
    band = fit.predict_quantiles([1e8], quantiles=(0.1, 0.9))
    assert list(band.columns) == ["x", "mean", "median", "q0.1", "q0.9"]
    compute = sl.fit_learning_curve(x, loss, variable="C")
    assert compute.variable == "C"
    assert compute.params["alpha"] == pytest.approx(0.4, rel=1e-4)


def test_broken_power_curve_through_the_entry_point() -> None:
    """Caballero et al. (2023), eq. 1 with one break, recovered from exact losses."""
    x = np.geomspace(1e2, 1e6, 30)
    params = (0.5, 8.0, 0.1, 0.6, 1e4, 0.3)  # a, b, c0, c1, d1, f1
    loss = law.broken_power(x, *params)
    fit = sl.fit_learning_curve(x, loss, form="broken_power")
    assert fit.form == "broken_power"
    np.testing.assert_allclose(fit.predict(x), loss, rtol=1e-4)


def test_curve_options_are_checked() -> None:
    x = np.geomspace(1.0, 100.0, 8)
    with pytest.raises(InvalidOptionError, match="form"):
        sl.fit_learning_curve(x, 1 + 1 / x, form="chinchilla")
    with pytest.raises(InvalidOptionError, match="variable"):
        sl.fit_learning_curve(x, 1 + 1 / x, variable="N")
