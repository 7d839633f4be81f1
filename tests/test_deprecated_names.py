"""Old spellings replaced by issue 17's aligned names keep working one release, and warn.

Each test calls the old spelling, checks it emits a :class:`DeprecationWarning` that
names the replacement, and that it gives the same answer as the new one.
"""

from __future__ import annotations

import numpy as np
import pytest

import scalinglaws as sl


def test_tail_only_result_names_are_family_explicit() -> None:
    from scalinglaws.tails.compare import TailComparison
    from scalinglaws.tails.gof import TailGofResult

    with pytest.warns(DeprecationWarning, match="sl.TailComparison"):
        assert sl.Comparison is TailComparison  # type: ignore[attr-defined]
    with pytest.warns(DeprecationWarning, match="sl.TailGofResult"):
        assert sl.GofResult is TailGofResult  # type: ignore[attr-defined]
    with pytest.warns(DeprecationWarning, match="TailComparison"):
        from scalinglaws.tails import Comparison
    assert Comparison is TailComparison
    with pytest.warns(DeprecationWarning, match="TailGofResult"):
        from scalinglaws.tails import GofResult
    assert GofResult is TailGofResult
    assert "Comparison" not in sl.__all__
    assert "TailComparison" in sl.__all__


def _isoflop_runs() -> tuple[object, object, object, object]:
    data = sl.load_dataset("neural/openathena_isoflops_transform").data
    runs = data[data["experiment"] == "llama_3__exp_loss"]
    return runs["params"], runs["tokens"], runs["loss"], runs["budget"]


def test_isoflop_takes_c_by_keyword_and_warns_when_it_comes_by_position() -> None:
    n, d, loss, budget = _isoflop_runs()
    new = sl.isoflop(n, d, loss, C=budget)
    with pytest.warns(DeprecationWarning, match=r"isoflop\(\.\.\., C=\.\.\.\)"):
        old = sl.isoflop(n, d, loss, budget)
    assert old.params == new.params
    with pytest.raises(TypeError, match="multiple values for argument 'C'"):
        sl.isoflop(n, d, loss, budget, C=budget)
    with pytest.raises(TypeError, match="at most 1 extra positional"):
        sl.isoflop(n, d, loss, budget, "parabola")


def test_exponent_test_takes_a_confidence_level_like_every_interval() -> None:
    ds = sl.load_dataset("allometry/mammals_brain_body")
    fit = sl.fit_relation(ds.data[ds.meta["x"]], ds.data[ds.meta["y"]])
    for level in (0.8, 0.95, 0.99):
        lower, upper = fit.conf_int(level, method="analytic").loc["b", ["lower", "upper"]]
        width = upper - lower
        # H0 is rejected exactly when b0 lies outside the two-sided `level` interval.
        assert not fit.test_exponent(upper - 1e-6 * width, level=level).rejected
        assert fit.test_exponent(upper + 1e-6 * width, level=level).rejected
        assert fit.test_exponent(lower - 1e-6 * width, level=level).rejected
        edge = fit.test_exponent(upper, level=level)
        assert edge.p_value == pytest.approx(1 - level, rel=1e-6)
        assert edge.to_dict()["level"] == level
    b0 = fit.conf_int(0.95, method="analytic").loc["b", "upper"] * 1.001
    new = fit.test_exponent(b0, level=0.9)
    with pytest.warns(DeprecationWarning, match=r"level=1 - alpha"):
        old = fit.test_exponent(b0, alpha=0.1)  # the significance: alpha = 1 - level
    assert old == new
    assert old.significance == 0.1
    with pytest.warns(DeprecationWarning, match="significance"):
        assert old.alpha == 0.1
    with pytest.raises(TypeError, match="both 'alpha' and 'level'"):
        fit.test_exponent(b0, alpha=0.1, level=0.9)
    with pytest.raises(TypeError, match="unexpected keyword argument 'alfa'"):
        fit.test_exponent(b0, alfa=0.1)


def _chinchilla_runs(seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """25 runs on a 5 x 5 grid of (N, D) from Epoch's Chinchilla law, 1% log noise."""
    from scalinglaws.formulas.neural import chinchilla

    rng = np.random.default_rng(seed)
    n = np.repeat(np.geomspace(1e7, 1e9, 5), 5)
    d = np.tile(np.geomspace(1e9, 1e11, 5), 5)
    truth = {"E": 1.8, "A": 480.0, "B": 2100.0, "alpha": 0.35, "beta": 0.37}
    return n, d, chinchilla(n, d, **truth) * np.exp(rng.normal(0, 0.01, n.size))


def test_neural_predict_names_its_points_as_fit_neural_does() -> None:
    n, d, loss = _chinchilla_runs(0)
    fit = sl.fit_neural(n, d, loss)
    at_n, at_d = np.array([2e9, 5e9]), np.array([4e10, 1e11])
    new = fit.predict(N=at_n, D=at_d)
    np.testing.assert_array_equal(fit.predict(at_n, at_d), new)
    with pytest.warns(DeprecationWarning, match=r"predict\(N=\.\.\., D=\.\.\.\)"):
        old = fit.predict(x=at_n, d=at_d)
    np.testing.assert_array_equal(old, new)
    with pytest.warns(DeprecationWarning, match=r"predict_quantiles\(D=\.\.\.\)"):
        table = fit.predict_quantiles(at_n, d=at_d, quantiles=(0.1, 0.9))
    assert list(table["D"]) == list(at_d)
    with pytest.raises(TypeError, match="both 'x' and 'N'"):
        fit.predict(at_n, at_d, x=at_n)
    with pytest.raises(TypeError, match="unexpected keyword argument 'n'"):
        fit.predict(n=at_n, D=at_d)
    curve = sl.fit_learning_curve(d, loss, form="power_offset", variable="D")
    np.testing.assert_array_equal(curve.predict(D=at_d), curve.predict(at_d))


def test_fit_neural_calls_its_criterion_objective_and_loss_is_the_runs_l() -> None:
    n, d, loss = _chinchilla_runs(1)
    new = sl.fit_neural(n, d, loss, objective="least_squares")
    with pytest.warns(DeprecationWarning, match=r"fit_neural\(objective=\.\.\.\)"):
        old = sl.fit_neural(n, d, loss, loss="least_squares")
    assert old.params == new.params
    assert new.params != sl.fit_neural(n, d, loss).params  # the keyword reached the fit
    with pytest.raises(TypeError, match="both 'loss' and 'objective'"):
        sl.fit_neural(n, d, loss, loss="huber", objective="least_squares")


def test_cli_old_replicate_options_still_work_and_warn(tmp_path: object) -> None:
    import json
    from pathlib import Path

    from typer.testing import CliRunner

    from scalinglaws.cli import app

    folder = Path(str(tmp_path))
    values = folder / "values.txt"
    rng = np.random.default_rng(0)
    values.write_text("\n".join(f"{v:.6f}" for v in (1 - rng.random(300)) ** (-1 / 1.5)))
    runner = CliRunner()
    args = ["fit", "tail", str(values), "--continuous", "--compare", "exponential", "--json"]
    args += ["--workers", "1"]
    new = runner.invoke(app, [*args, "--boot", "6"])
    assert new.exit_code == 0, new.output
    with pytest.warns(DeprecationWarning, match="--gof"):
        old = runner.invoke(app, [*args, "--gof", "6"])
    assert old.exit_code == 0, old.output
    assert "--gof is deprecated" in old.stderr
    assert json.loads(old.stdout)["gof"] == json.loads(new.stdout)["gof"]
    assert json.loads(new.stdout)["gof"]["n_boot"] == 6
