"""General rules of scalinglaws.ask added after the fifth held-out split (test5).

Each test fails on the code before the rule: a likelihood ratio or a test statistic
asked for by name (not the test's p-value), an ensemble forecast named as such, the
value a reporter published beside a forecast, a day named without its year, a model
no result was fitted with, a unit written in brackets, a publisher cited as "X et al.",
"neural scaling law" in Chinese and the compute-optimal loss as a prediction. Fits on
bundled data: the US city-size tail with its likelihood-ratio tests, the demo's
relations and growth anchors (with a small bootstrap) and Epoch's Chinchilla runs.
"""

from __future__ import annotations

import math
from typing import Any

import pytest

import scalinglaws as sl
from scalinglaws.ask.numbers import mentions
from scalinglaws.bundle import BundleEntry
from scalinglaws.cli._demo_clauset import alternatives_for
from scalinglaws.cli._demo_natural import growth_anchors, relation_anchors
from tests.ask_eval import CHINCHILLA_STARTS


@pytest.fixture(scope="module")
def entries() -> list[BundleEntry]:
    cities = sl.fit_tail(sl.load_dataset("clauset2009/cities").data)
    cities = cities.assess(n_boot=0, compare=alternatives_for(cities.discrete), rng=0)
    out = [BundleEntry(cities, {"dataset": "clauset2009/cities"}, {})]
    for anchor in relation_anchors() + growth_anchors(n_boot=10):
        provenance = {"dataset": anchor.dataset, "columns": anchor.columns}
        out.append(BundleEntry(anchor.result, provenance, anchor.extras))
    runs = sl.load_dataset("neural/epoch_chinchilla").data
    kept = runs.sort_values("loss").iloc[:-5]
    n = kept["Model Size"].to_numpy(dtype=float)
    d = kept["Training FLOP"].to_numpy(dtype=float) / (6.0 * n)
    neural = sl.fit_neural(n, d, kept["loss"], starts=CHINCHILLA_STARTS)
    optimal = neural.compute_optimal([5.88e23]).to_dict(orient="records")
    extras = {"compute_optimal": optimal}
    out.append(BundleEntry(neural, {"dataset": "neural/epoch_chinchilla"}, extras))
    return out


def ask(question: str, entries: list[BundleEntry]) -> Any:
    return sl.ask(question, entries, model=None)


def _test(entries: list[BundleEntry], alternative: str) -> Any:
    return next(c for c in entries[0].result.comparisons if c.alternative == alternative)


def test_a_likelihood_ratio_named_without_test_is_the_ratio(entries: list[BundleEntry]) -> None:
    exponential = _test(entries, "exponential")
    for question in (
        "Power law vs exponential for city sizes: what is the LR?",
        "城市人口中幂律相对指数分布的似然比",
    ):
        answer = ask(question, entries)
        assert answer.value == pytest.approx(exponential.statistic), question
        assert answer.kind == "fitted"
    for question in (
        "p value of the likelihood ratio test against the exponential for city sizes",
        "城市人口与指数分布比较的似然比检验p值",
    ):
        assert ask(question, entries).value == pytest.approx(exponential.p_value), question


def test_a_published_likelihood_ratio_is_the_tables_lr(entries: list[BundleEntry]) -> None:
    published = sl.load_dataset("clauset2009/cities").meta["published"]["exponential"]
    answer = ask("Which likelihood ratio against the exponential did Clauset et al. publish "
                 "for city sizes?", entries)  # fmt: skip
    assert (answer.kind, answer.value) == ("published", published["LR"])


def test_a_test_statistic_is_not_its_p_value(entries: list[BundleEntry]) -> None:
    leaf = next(e.result for e in entries if e.provenance["dataset"] == "allometry/smatr_leaflife")
    test = leaf.test_exponent(1.0)
    answer = ask("F statistic of the leaf lifespan slope against 1", entries)
    assert answer.value == pytest.approx(test.statistic)
    p_value = ask("p-value of the test that the leaf lifespan slope equals 1", entries).value
    assert p_value == pytest.approx(test.p_value)


def test_an_ensemble_named_answers_from_the_ensemble(entries: list[BundleEntry]) -> None:
    ensemble = next(e.result for e in entries if e.result.kind == "forecast")
    median = float(ensemble.table.set_index("t").loc["2020-02-10", "median"])
    for question in ("ensemble forecast for 10 February 2020", "2020年2月10日的集成预测"):
        answer = ask(question, entries)
        assert answer.value == pytest.approx(median), question
        assert answer.interval is not None
        assert answer.interval[0] < median < answer.interval[1]
    single = ask("forecast for 10 February 2020", entries)  # the GGM's stored forecast
    assert single.result == "epidemics/sarscov2_who_2020"
    assert single.value != pytest.approx(median)


def test_the_value_reported_beside_a_forecast_is_published(entries: list[BundleEntry]) -> None:
    seen = next(e.extras["observed"][0] for e in entries if "observed" in e.extras)
    questions = ("What did the WHO actually report on 2020-02-12?", "世卫组织2月12日报告的病例数")
    for question in questions:
        answer = ask(question, entries)
        assert (answer.kind, answer.value) == ("published", seen["value"]), question
    assert ask("forecast for 2020-02-12", entries).kind != "published"


def test_a_day_without_its_year_is_the_results_day(entries: list[BundleEntry]) -> None:
    assert mentions("cases on Feb 12th").days == ((2, 12),)
    assert mentions("the 9th of February").days == ((2, 9),)
    assert mentions("2月10日的预测").days == ((2, 10),)
    assert mentions("2020年2月10日").days == ()
    records = next(e.extras["forecast"]["records"] for e in entries if "forecast" in e.extras)
    mean = next(r["mean"] for r in records if str(r["t"]).startswith("2020-02-10"))
    for question in ("forecast of cumulative cases for Feb 10th", "2月10日的预测病例数"):
        assert ask(question, entries).value == pytest.approx(mean), question


def test_a_model_no_result_was_fitted_with_is_not_in_the_results(
    entries: list[BundleEntry],
) -> None:
    questions = ("What is the Gompertz growth rate of the US population?", "美国人口的冈珀茨增长率")
    for question in questions:
        assert ask(question, entries).abstained, question
    logistic = ask("What is the logistic growth rate of the US population?", entries)
    assert not logistic.abstained
    assert logistic.result == "growth/us_census_1790_2000"


def test_a_unit_in_brackets_qualifies_the_answer(entries: list[BundleEntry]) -> None:
    cities = entries[0].result
    for question in ("城市人口的 x_min（单位：千人）", "x_min of city sizes (units: thousands)"):
        assert ask(question, entries).value == pytest.approx(cities.xmin), question
    assert not math.isnan(cities.xmin)
    assert ask("城市人口的单位是什么？", entries).kind not in ("fitted", "published")


def test_a_publisher_cited_et_al_asks_for_the_published_value(entries: list[BundleEntry]) -> None:
    hoffmann = sl.load_dataset("neural/epoch_chinchilla").meta["published"]["hoffmann2022"]
    answer = ask("Hoffmann et al.'s alpha", entries)
    assert (answer.kind, answer.value) == ("published", hoffmann["alpha"])
    assert ask("our alpha of the Chinchilla runs", entries).kind == "fitted"


def test_neural_scaling_law_in_chinese_and_the_optimal_loss(entries: list[BundleEntry]) -> None:
    neural = entries[-1]
    answer = ask("神经标度律中参数量项的指数alpha", entries)
    assert answer.value == pytest.approx(neural.result.params["alpha"])
    loss = neural.extras["compute_optimal"][0]["loss"]
    for question in ("predicted loss at the compute-optimal point", "计算最优模型的预测损失"):
        assert ask(question, entries).value == pytest.approx(loss), question
