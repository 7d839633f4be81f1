"""Every result type honours the contract of DESIGN.md section 3.

Add a factory to ``FACTORIES`` for each new result type; the checks below run on all.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import matplotlib
import numpy as np
import pandas as pd
import pytest

import scalinglaws as sl
from scalinglaws.formulas.neural import chinchilla
from scalinglaws.results import FitResult, Summary

matplotlib.use("Agg")


def tail_result() -> FitResult:
    fit = sl.fit_tail(sl.load_dataset("clauset2009/blackouts").data, discrete=False)
    return fit.assess(n_boot=20, compare=("lognormal", "truncated_power_law"), rng=0, workers=1)


def tail_result_discrete() -> FitResult:
    return sl.fit_tail(sl.load_dataset("clauset2009/terrorism").data)


def tail_binned_result() -> FitResult:
    rng = np.random.default_rng(0)
    edges = np.append(2.0 ** np.arange(0, 20), np.inf)
    counts = np.histogram((1.0 - rng.random(3000)) ** (-1 / 1.5), edges)[0]
    fit = sl.fit_tail_binned(edges, counts)
    return fit.assess(n_boot=10, compare=("exponential",), rng=0, workers=1)


def relation_result() -> FitResult:
    ds = sl.load_dataset("allometry/mammals_brain_body")
    fit = sl.fit_relation(ds.data[ds.meta["x"]], ds.data[ds.meta["y"]])
    return fit.with_bootstrap(20, rng=0, workers=1)


def relation_result_sma() -> FitResult:
    ds = sl.load_dataset("allometry/smatr_leaflife")
    return sl.fit_relation(ds.data["lma"], ds.data["longev"], method="sma")


def relation_result_multi() -> FitResult:
    ds = sl.load_dataset("allometry/trees")
    return sl.fit_relation(ds.data[["Girth", "Height"]], ds.data["Volume"], method="nls")


def relation_result_poisson() -> FitResult:
    ds = sl.load_dataset("allometry/species_area")
    return sl.fit_relation(ds.data["Area"], ds.data["Species"], method="poisson")


def growth_result() -> FitResult:
    ds = sl.load_dataset("growth/us_census_1790_2000")
    return sl.fit_growth(ds.data[ds.meta["t"]], ds.data[ds.meta["y"]], law="logistic")


def growth_result_dates() -> FitResult:
    ds = sl.load_dataset("epidemics/sarscov2_who_2020")
    early = ds.data[ds.data["date"] <= "2020-02-05"]
    return sl.fit_growth(early["date"], early["cases_chn"], law="ggm")


def neural_result() -> FitResult:
    data = sl.load_dataset("neural/epoch_chinchilla").data.sort_values("loss").iloc[:-5]
    n = data["Model Size"].to_numpy()
    d = data["Training FLOP"].to_numpy() / (6 * n)
    from scalinglaws.neural.forms import hoffmann_grid

    starts = hoffmann_grid()[::20]
    fit = sl.fit_neural(n, d, data["loss"], starts=starts)
    return fit.with_bootstrap(20, rng=0, workers=1)


def isoflop_result() -> FitResult:
    data = sl.load_dataset("neural/openathena_isoflops_transform").data
    runs = data[data["experiment"] == "llama_3__exp_loss"]
    return sl.isoflop(runs["params"], runs["tokens"], runs["loss"], C=runs["budget"])


def isoflop_parametric_result() -> FitResult:
    data = sl.load_dataset("neural/openathena_isoflops_transform").data
    runs = data[data["experiment"] == "llama_3__exp_loss"]
    args = (runs["params"], runs["tokens"], runs["loss"])
    return sl.isoflop(*args, C=runs["budget"], method="parametric", n_boot=10)


def envelope_result() -> FitResult:
    p = {"E": 1.8, "A": 480.0, "B": 2100.0, "alpha": 0.35, "beta": 0.37}
    grid = [
        (i, n, d)
        for i, n in enumerate(np.geomspace(1e7, 1e9, 6))
        for d in np.geomspace(1e8, 1e11, 20)
    ]
    run, n, d = (np.array(column) for column in zip(*grid, strict=True))
    loss = chinchilla(n, d, **p)
    return sl.envelope(run, n, d, loss, n_boot=10)


def broken_power_result() -> FitResult:
    data = sl.load_dataset("neural/bnsl_4digit_addition").data
    x = data["train_dataset_size"].to_numpy(float)
    fit = sl.fit_neural(np.ones_like(x), x, data["test_cross_entropy"], form="bnsl", variable="D")
    return fit.with_bootstrap(10, rng=0, workers=1)


def neural_joint_result() -> FitResult:
    """Two families sharing alpha and beta (seeded, 0.3% noise)."""
    rng = np.random.default_rng(0)
    n = np.repeat(np.geomspace(1e7, 1e9, 4), 3)
    d = np.tile(np.geomspace(1e9, 3e10, 3), 4)
    loss = np.concatenate(
        [chinchilla(n, d, e, a, 1500.0, 0.34, 0.28) for e, a in ((1.7, 400.0), (2.1, 650.0))]
    )
    loss *= np.exp(rng.normal(0, 0.003, loss.size))
    group = np.repeat(["a", "b"], n.size)
    fit = sl.fit_neural_joint(np.tile(n, 2), np.tile(d, 2), loss, group=group)
    return fit.with_bootstrap(4, rng=0)


def forecast_result() -> FitResult:
    ds = sl.load_dataset("epidemics/sarscov2_who_2020")
    early = ds.data[ds.data["date"] <= "2020-02-05"]
    return sl.forecast(early["date"], early["cases_chn"], 7, cumulative=True, n_boot=40)


def forecast_result_naive() -> FitResult:
    ds = sl.load_dataset("growth/us_census_1790_2000")
    return sl.forecast(ds.data[ds.meta["t"]], ds.data[ds.meta["y"]], 30, method="naive")


FACTORIES: dict[str, Callable[[], FitResult]] = {
    "tail": tail_result,
    "tail-discrete": tail_result_discrete,
    "tail-binned": tail_binned_result,
    "relation": relation_result,
    "relation-sma": relation_result_sma,
    "relation-multi": relation_result_multi,
    "relation-poisson": relation_result_poisson,
    "growth": growth_result,
    "growth-dates": growth_result_dates,
    "neural": neural_result,
    "isoflop": isoflop_result,
    "isoflop-parametric": isoflop_parametric_result,
    "envelope": envelope_result,
    "neural-broken-power": broken_power_result,
    "neural-joint": neural_joint_result,
    "forecast": forecast_result,
    "forecast-naive": forecast_result_naive,
}


@pytest.fixture(params=sorted(FACTORIES), scope="module")
def result(request: pytest.FixtureRequest) -> FitResult:
    return FACTORIES[request.param]()


@pytest.mark.slow
def test_every_registered_kind_has_a_factory() -> None:
    kinds = {factory().kind for factory in FACTORIES.values()}
    assert kinds == set(FitResult._registry)


def test_params_and_stderr(result: FitResult) -> None:
    assert result.params
    assert all(isinstance(v, float) for v in result.params.values())
    assert set(result.stderr) <= set(result.params)
    assert all(np.isfinite(v) and v >= 0 for v in result.stderr.values())


def test_conf_int(result: FitResult) -> None:
    table = result.conf_int(level=0.9)
    assert isinstance(table, pd.DataFrame)
    assert list(table.columns) == ["estimate", "lower", "upper"]
    assert (table["lower"] <= table["estimate"]).all()
    assert (table["estimate"] <= table["upper"]).all()
    wider = result.conf_int(level=0.99)
    assert (wider["upper"] - wider["lower"] >= table["upper"] - table["lower"]).all()


def test_summary(result: FitResult) -> None:
    summary = result.summary()
    assert isinstance(summary, Summary)
    text = str(summary)
    assert text.splitlines()[0] == summary.title
    assert "<table>" in summary._repr_html_()
    json.dumps(summary.to_dict())


def test_round_trip(result: FitResult) -> None:
    payload = json.loads(json.dumps(result.to_dict(), allow_nan=False))
    again = FitResult.from_dict(payload)
    assert type(again) is type(result)
    assert again.params == result.params
    assert again.stderr == result.stderr
    assert again.to_dict() == payload
    assert str(again.summary()) == str(result.summary())


def test_repr_is_short(result: FitResult) -> None:
    assert len(repr(result)) < 120
    assert type(result).__name__ in repr(result)


def test_plot_returns_axes(result: FitResult) -> None:
    import matplotlib.pyplot as plt

    ax = result.plot()
    assert ax.has_data()
    plt.close(ax.figure)


def test_from_dict_rejects_unknown_kind() -> None:
    with pytest.raises(sl.errors.InvalidInputError, match="not a known result type"):
        FitResult.from_dict({"kind": "banana"})


def test_warnings_are_kept_shown_and_round_tripped(result: FitResult) -> None:
    from dataclasses import replace

    assert isinstance(result.warnings, tuple)
    flagged = replace(result, warnings=("the fit is a test of the warning channel",))  # type: ignore[type-var]
    assert str(flagged.summary()).endswith(
        "note: warning: the fit is a test of the warning channel"
    )
    again = FitResult.from_dict(json.loads(json.dumps(flagged.to_dict(), allow_nan=False)))
    assert again.warnings == flagged.warnings


def test_flag_emits_fit_warnings_and_returns_them() -> None:
    from scalinglaws.results import flag

    with pytest.warns(sl.errors.FitWarning) as caught:
        kept = flag(["p is at a bound", "p is at a bound", "few starts reach the best basin"])
    assert kept == ("p is at a bound", "few starts reach the best basin")
    assert [str(w.message) for w in caught] == list(kept)


# --- the uncertainty contract: bootstrap, intervals, predictive quantiles ------------------
#: Kinds whose results predict observations (tails describe a distribution instead).
PREDICTS = {"relation", "growth", "neural", "isoflop", "envelope", "forecast"}
#: Replicates drawn by the contract checks (the factories' own are kept when present).
N_BOOT = 12


@pytest.fixture(scope="module")
def bootstrapped(result: FitResult) -> FitResult:
    return result if result.boot is not None else result.with_bootstrap(N_BOOT, workers=1)


def _predict_args(result: FitResult) -> tuple[tuple[object, ...], dict[str, object]]:
    """Inputs inside or just past each result's data, and per-kind keywords."""
    if isinstance(result, sl.RelationFit):
        return (result.x[:3],), {}
    if isinstance(result, sl.GrowthFit):
        future = result.t[-1] + result.step * np.arange(1, 4)
        return (result.as_dates(future),), {"n_boot": 40, "rng": 0, "workers": 1}
    if isinstance(result, sl.Forecast):
        return (result.axis.to_user(result.times[:3]),), {}
    if isinstance(result, sl.NeuralFit):
        if result.single_resource:
            return (getattr(result, result.variable)[:3],), {}
        return (result.N[:3], result.D[:3]), {}
    assert isinstance(result, (sl.IsoflopFit, sl.EnvelopeFit))
    return (result.budgets[:3] * 10,), {}


def test_with_bootstrap_returns_a_copy_holding_a_record(
    result: FitResult, bootstrapped: FitResult
) -> None:
    from scalinglaws.uncertainty import SCHEMES, Bootstrap

    boot = bootstrapped.boot
    assert type(bootstrapped) is type(result)
    assert isinstance(boot, Bootstrap)
    assert boot.scheme in SCHEMES
    assert boot.n_ok + boot.n_failed == boot.n_boot
    assert not boot.samples.flags.writeable
    for name, value in zip(boot.names, boot.estimate, strict=True):
        if name in result.params:
            assert value == pytest.approx(result.params[name], rel=1e-12)
    if result.boot is None:
        again = result.with_bootstrap(N_BOOT, workers=1)
        assert again.boot is not None
        np.testing.assert_array_equal(again.boot.samples, boot.samples)  # seeded (rng=0)


def test_conf_int_for_every_method(result: FitResult, bootstrapped: FitResult) -> None:
    methods = ("auto", *result.interval_methods)
    assert set(result.interval_methods) == {"analytic", "bootstrap"}
    for fit in (result, bootstrapped):
        for method in methods:
            if method == "bootstrap" and fit.boot is None:
                with pytest.raises(sl.errors.InvalidOptionError, match="with_bootstrap"):
                    fit.conf_int(method=method)
                continue
            narrow, wide = fit.conf_int(0.5, method=method), fit.conf_int(0.99, method=method)
            assert list(narrow.columns) == ["estimate", "lower", "upper"]
            assert len(narrow) > 0  # never an empty table
            assert (narrow["lower"] <= narrow["estimate"]).all()  # the estimate is inside
            assert (narrow["estimate"] <= narrow["upper"]).all()
            assert (wide["lower"] <= narrow["lower"]).all()
            assert (narrow["upper"] <= wide["upper"]).all()
    expected = "bootstrap" if result.boot is not None else "analytic"
    pd.testing.assert_frame_equal(result.conf_int(), result.conf_int(method=expected))
    pd.testing.assert_frame_equal(
        bootstrapped.conf_int(), bootstrapped.conf_int(method="bootstrap")
    )
    with pytest.raises(sl.errors.InvalidOptionError, match="auto, analytic, bootstrap"):
        result.conf_int(method="wald")


def test_stderr_follows_the_same_rule(result: FitResult, bootstrapped: FitResult) -> None:
    assert bootstrapped.boot is not None
    spread = bootstrapped.boot.std()
    assert bootstrapped.stderr == {k: spread[k] for k in bootstrapped.params if k in spread}
    assert bootstrapped.std_errors("analytic") == result.std_errors("analytic")
    if result.boot is None:
        assert result.stderr == result.std_errors("analytic")


def test_predict_quantiles_where_the_family_predicts(
    result: FitResult, bootstrapped: FitResult
) -> None:
    from scalinglaws.quantiles import HUB_QUANTILES, quantile_columns

    if result.kind not in PREDICTS:
        assert not hasattr(result, "predict_quantiles")
        return
    args, kwargs = _predict_args(result)
    methods = (
        ("analytic", "bootstrap") if not isinstance(result, (sl.GrowthFit, sl.Forecast)) else ("",)
    )
    for fit in (result, bootstrapped):
        for method in methods:
            options = dict(kwargs) if not method else {**kwargs, "method": method}
            if method == "bootstrap" and fit.boot is None:
                continue
            table = fit.predict_quantiles(*args, quantiles=HUB_QUANTILES, **options)
            columns = quantile_columns(HUB_QUANTILES)
            assert list(table.columns)[-len(columns) - 2 :] == ["mean", "median", *columns]
            values = table[columns].to_numpy()
            assert len(table) == 3
            assert np.isfinite(values).all()
            assert (np.diff(values, axis=1) >= 0).all()  # monotone in the level
            assert (table["q0.45"] <= table["median"]).all()
            assert (table["median"] <= table["q0.55"]).all()
            assert np.isfinite(table["mean"]).all()
    with pytest.raises(sl.errors.InvalidOptionError, match="outside"):
        result.predict_quantiles(*args, quantiles=(0.5, 1.0), **kwargs)
    with pytest.raises(sl.errors.InvalidOptionError, match="increasing"):
        result.predict_quantiles(*args, quantiles=(0.9, 0.1), **kwargs)


def test_bootstrap_round_trips_through_json_and_the_bundle(
    bootstrapped: FitResult, tmp_path: Path
) -> None:
    from scalinglaws.bundle import load_results, save_results

    assert bootstrapped.boot is not None
    payload = json.loads(json.dumps(bootstrapped.to_dict(), allow_nan=False))
    saved = save_results(bootstrapped, tmp_path / "results.json")
    for again in (FitResult.from_dict(payload), load_results(saved)[0]):
        assert again.boot is not None
        assert again.boot.names == bootstrapped.boot.names
        assert again.boot.scheme == bootstrapped.boot.scheme
        np.testing.assert_array_equal(again.boot.samples, bootstrapped.boot.samples)
        np.testing.assert_array_equal(again.boot.estimate, bootstrapped.boot.estimate)
        pd.testing.assert_frame_equal(again.conf_int(), bootstrapped.conf_int())
        assert again.stderr == bootstrapped.stderr
        assert again.to_dict() == payload


# --- aligned signatures: the same keyword means the same thing in every family ---------
#: Parameters whose value is one of a fixed set of names: typed ``Literal`` (an alias
#: defined next to the engine that owns the set), so editors and mypy know the choices.
CHOICES = {
    "alternative",
    "combination",
    "correction",
    "errors",
    "fallback",
    "form",
    "interval",
    "law",
    "laws",
    "method",
    "objective",
    "retrieval",
    "scheme",
    "starts",
    "target",
    "variable",
    "weighting",
}
#: Parameters with a choice's name that take data: fit_neural's start points.
NOT_CHOICES = {"fit_neural(starts)"}
#: Deprecated methods kept one release with their old signature.
DEPRECATED = {
    "Bootstrap.interval",
    "Bootstrap.intervals",
    "TailFit.bootstrap",
    "GrowthFit.bootstrap",
}
#: Data arguments that may be omitted (everything else with a default is an option).
OPTIONAL_DATA = {"counts", "column"}
#: The public fitting functions: data first, then keyword-only options.
FITS = (
    "fit_tail",
    "fit_tail_binned",
    "fit_tails",
    "fit_tail_file",
    "fit_relation",
    "compare_relations",
    "fit_growth",
    "fit_neural",
    "fit_learning_curve",
    "isoflop",
    "envelope",
    "forecast",
)


def _public_callables() -> dict[str, Callable[..., object]]:
    """Every public function of ``sl`` and every public method of its result types."""
    import inspect

    found: dict[str, Callable[..., object]] = {}
    for name in sl.__all__:
        obj = getattr(sl, name)
        if inspect.isfunction(obj):
            found[name] = obj
        elif inspect.isclass(obj):
            for attr, member in vars(obj).items():
                if not attr.startswith("_") and inspect.isfunction(member):
                    found[f"{name}.{attr}"] = member
            for base in obj.__mro__[1:]:
                for attr, member in vars(base).items():
                    key = f"{name}.{attr}"
                    if not attr.startswith("_") and inspect.isfunction(member):
                        found.setdefault(key, member)
    return found


def _annotation(function: Callable[..., object], parameter: str) -> object:
    """The evaluated annotation of `parameter` (the module's names, aliases included)."""
    import inspect

    text = inspect.signature(function).parameters[parameter].annotation
    if not isinstance(text, str):
        return text
    return eval(text, vars(__import__("sys").modules[function.__module__]))


def _literal_in(annotation: object) -> bool:
    from typing import Literal, get_args, get_origin

    if get_origin(annotation) is Literal:
        return True
    return any(_literal_in(arg) for arg in get_args(annotation))


def test_public_callables_are_walked() -> None:
    found = _public_callables()
    assert {"fit_neural", "isoflop", "RelationFit.test_exponent", "NeuralFit.predict"} <= set(found)
    assert "GrowthFit.forecast" in found
    assert "TailFit.conf_int" in found  # inherited from FitResult
    assert len(found) > 120


def test_workers_rng_and_level_mean_the_same_everywhere() -> None:
    import inspect

    wrong = []
    for name, function in _public_callables().items():
        if name in DEPRECATED:
            continue
        params = inspect.signature(function).parameters
        for pname, param in params.items():
            keyword_only = param.kind is inspect.Parameter.KEYWORD_ONLY
            if pname == "workers" and not (keyword_only and param.default is None):
                wrong.append(f"{name}({pname}={param.default!r}): keyword-only, default None")
            if pname == "rng" and not (keyword_only and param.default == 0):
                wrong.append(f"{name}({pname}={param.default!r}): keyword-only, default 0")
            if pname == "level":
                first = next(iter(p for p in params if p != "self")) == "level"
                if not (keyword_only or first) or param.default not in (0.95, None):
                    wrong.append(f"{name}(level={param.default!r}): a confidence level, 0.95")
            if pname in ("alpha", "significance"):
                wrong.append(f"{name}({pname}=): a test's size is `level` (1 - significance)")
            if pname == "progress" and not keyword_only:
                wrong.append(f"{name}(progress): keyword-only")
    assert wrong == []


def test_fits_take_data_then_keyword_only_options() -> None:
    import inspect

    wrong = []
    for name in FITS:
        for pname, param in inspect.signature(getattr(sl, name)).parameters.items():
            optional = param.default is not inspect.Parameter.empty
            positional = param.kind is inspect.Parameter.POSITIONAL_OR_KEYWORD
            if optional and positional and pname not in OPTIONAL_DATA:
                wrong.append(f"{name}({pname}): an option, keyword-only")
    assert wrong == []
    # the resources are named alike: fit_neural(N, D, L) and NeuralFit.predict(N, D)
    fit_names = list(inspect.signature(sl.fit_neural).parameters)[:3]
    assert fit_names == ["N", "D", "L"]
    for method in (sl.NeuralFit.predict, sl.NeuralFit.predict_quantiles):
        assert list(inspect.signature(method).parameters)[1:3] == ["N", "D"]
    assert list(inspect.signature(sl.isoflop).parameters)[:3] == ["N", "D", "L"]


def test_every_choice_is_a_literal() -> None:
    import inspect

    untyped = []
    for name, function in _public_callables().items():
        for pname in inspect.signature(function).parameters:
            if f"{name}({pname})" in NOT_CHOICES:
                continue
            if pname in CHOICES and not _literal_in(_annotation(function, pname)):
                untyped.append(f"{name}({pname})")
    assert untyped == []


def test_literal_aliases_match_what_the_engines_accept() -> None:
    from typing import get_args

    from scalinglaws import growth, neural, relations, tails
    from scalinglaws.forecast import METHODS
    from scalinglaws.forecast import ForecastMethod as Methods
    from scalinglaws.neural.forms import FORMS
    from scalinglaws.tails.alternatives import FAMILIES

    assert get_args(relations.RelationLawName) == tuple(relations.LAWS)
    assert get_args(growth.GrowthLawName) == tuple(growth.LAWS)
    assert get_args(neural.NeuralFormName) == tuple(FORMS)
    assert get_args(tails.TailAlternative) == tuple(FAMILIES)
    assert {"ensemble", *METHODS} <= {name for part in get_args(Methods) for name in get_args(part)}
    # LAWS is one type in both families: a mapping name -> law with its formula
    for laws in (relations.LAWS, growth.LAWS):
        assert all(law.name == name and law.formula for name, law in laws.items())


def test_arrays_inside_a_result_are_read_only(result: FitResult) -> None:
    from dataclasses import fields

    def arrays_of(fit: FitResult, prefix: str = "") -> dict[str, np.ndarray]:
        found = {}
        for item in fields(fit):  # type: ignore[arg-type]
            value = getattr(fit, item.name)
            if isinstance(value, np.ndarray):
                found[prefix + item.name] = value
            elif isinstance(value, tuple):  # a joint fit holds one result per group
                for i, part in enumerate(value):
                    if isinstance(part, FitResult):
                        found |= arrays_of(part, f"{prefix}{item.name}[{i}].")
        return found

    arrays = arrays_of(result)
    assert arrays  # every kind stores its data or its estimates as arrays
    for name, array in arrays.items():
        assert not array.flags.writeable, name
        if array.size:
            with pytest.raises(ValueError, match="read-only"):
                array.flat[0] = array.flat[0]


def test_the_callers_array_stays_writable() -> None:
    x = np.geomspace(1.0, 100.0, 20)
    y = 3.0 * x**0.75
    fit = sl.fit_relation(x, y)
    assert x.flags.writeable
    assert y.flags.writeable
    x[0] = 2.0  # the caller may still change its own data
    assert not fit.x.flags.writeable
