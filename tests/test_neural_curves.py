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


def test_bnsl_curve_through_the_entry_point() -> None:
    """Caballero et al. (2023), eq. 1 with one break, recovered from exact losses."""
    x = np.geomspace(1e2, 1e6, 30)
    params = (0.5, 8.0, 0.1, 0.6, 1e4, 0.3)  # a, b, c0, c1, d1, f1
    loss = law.bnsl(x, *params)
    fit = sl.fit_learning_curve(x, loss, form="bnsl")
    assert fit.form == "bnsl"
    np.testing.assert_allclose(fit.predict(x), loss, rtol=1e-4)


def test_curve_options_are_checked() -> None:
    x = np.geomspace(1.0, 100.0, 8)
    with pytest.raises(InvalidOptionError, match="form"):
        sl.fit_learning_curve(x, 1 + 1 / x, form="chinchilla")
    with pytest.raises(InvalidOptionError, match="variable"):
        sl.fit_learning_curve(x, 1 + 1 / x, variable="N")


def test_power_and_m4_curves_are_recovered_from_exact_losses() -> None:
    """L = A X^-alpha, and M4 (Alabdulmohsin et al. 2022, eq. 4) solved for L."""
    x = np.geomspace(1e3, 1e7, 25)
    plain = sl.fit_learning_curve(x, 30.0 * x**-0.3, form="power")
    assert plain.params == pytest.approx({"A": 30.0, "alpha": 0.3}, rel=1e-6)
    truth = {"L_inf": 1.5, "L_0": 6.0, "beta": 20.0, "c": -0.4, "alpha": 0.8}
    loss = law.m4(x, *truth.values())
    # the law itself: (L - L_inf) / (L_0 - L)^alpha = beta x^c at every point
    lhs = (loss - 1.5) / (6.0 - loss) ** 0.8
    np.testing.assert_allclose(lhs, 20.0 * x**-0.4, rtol=1e-12)
    fit = sl.fit_learning_curve(x, loss, form="m4")
    for name, value in truth.items():
        assert fit.params[name] == pytest.approx(value, rel=1e-4)
    np.testing.assert_allclose(
        fit.predict([1e9]), law.m4(np.array([1e9]), *truth.values()), rtol=1e-5
    )


def test_steps_is_a_resource_and_the_old_form_name_warns() -> None:
    steps = np.geomspace(100.0, 1e5, 20)
    fit = sl.fit_learning_curve(steps, 1.2 + 8.0 * steps**-0.5, variable="steps")
    assert fit.variable == "steps"
    assert "X = steps" in str(fit.summary())
    np.testing.assert_allclose(fit.D, steps)
    assert fit.predict([1e6])[0] == pytest.approx(1.2 + 8.0 * 1e6**-0.5, rel=1e-5)
    x = np.geomspace(1e2, 1e6, 30)
    loss = law.bnsl(x, 0.5, 8.0, 0.1, 0.6, 1e4, 0.3)
    with pytest.warns(DeprecationWarning, match="form='broken_power' is deprecated.*'bnsl'"):
        old = sl.fit_learning_curve(x, loss, form="broken_power")
    assert old.form == "bnsl"
    saved = old.to_dict() | {"form": "broken_power"}  # a result saved before the rename
    again = sl.FitResult.from_dict(saved)
    assert isinstance(again, sl.NeuralFit)
    assert again.form == "bnsl"
    np.testing.assert_allclose(again.predict(x), old.predict(x), rtol=1e-12)


def test_predict_returns_an_array_in_relations_and_learning_curves() -> None:
    """One kind of call, one type: point predictions are arrays in both families."""
    x = np.geomspace(1.0, 1e3, 12)
    y = 3.0 * x**-0.5
    relation = sl.fit_relation(x, y, law="power")
    curve = sl.fit_learning_curve(x, y, form="power")
    assert isinstance(relation.predict(x), np.ndarray)
    assert isinstance(curve.predict(x), np.ndarray)
    np.testing.assert_allclose(curve.predict(x), relation.predict(x, correction="none"), rtol=1e-6)


def test_m4_says_when_it_reduces_to_the_power_law_with_offset() -> None:
    """On an exact power law with offset the M4 fit runs to alpha -> 0 and warns."""
    steps = np.geomspace(100.0, 1e5, 20)
    loss = 1.2 + 8.0 * steps**-0.5
    with pytest.warns(sl.errors.FitWarning, match="M4 reduces to the power law with offset"):
        fit = sl.fit_learning_curve(steps, loss, form="m4", variable="steps")
    assert fit.params["alpha"] <= 0.01
    np.testing.assert_allclose(fit.predict(steps), loss, rtol=1e-6)
