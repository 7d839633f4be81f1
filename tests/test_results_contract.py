"""Every result type honours the contract of DESIGN.md section 3.

Add a factory to ``FACTORIES`` for each new result type; the checks below run on all.
"""

from __future__ import annotations

import json
from collections.abc import Callable

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
    fit = sl.fit_neural(
        np.ones_like(x), x, data["test_cross_entropy"], form="broken_power", variable="D"
    )
    return fit.with_bootstrap(10, rng=0, workers=1)


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
