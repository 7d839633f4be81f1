"""General rules of scalinglaws.ask added after the fifth held-out split (test5).

Each test fails on the code before the rule: a likelihood ratio or a test statistic
asked for by name (not the test's p-value), an ensemble forecast named as such, the
value a reporter published beside a forecast, a day named without its year, a model
no result was fitted with, a unit written in brackets, a publisher cited as "X et al.",
"neural scaling law" in Chinese and the compute-optimal loss as a prediction. Fits on
bundled data: the US city-size tail with its likelihood-ratio tests, the demo's
relations and growth anchors (with a small bootstrap) and Epoch's Chinchilla runs.

The rules after the sixth held-out split (test6) follow the first ones (from
``test_a_forecasts_median_is_the_ensembles_value`` on): a median of a forecast, a
symbol naming a value's input (C of "N_opt at C = 1e24"), synonyms of an exponent, a
prefactor, a doubling, an ensemble and a standard error ("to the power of", 前因子,
翻一番, 集合预报, "+/-", "bootstrap error on"), an author list as a citation, a quoted
published group, "how many ... in the data set" as the sample size, a parameter's own
symbol after its name ("prefactor Y0"), a test statistic named with its hypothesis
("b = 1"), an unknown Greek letter or a law named after someone as something the
results do not hold, Chinese unit words before "token", a place another result's
series names, the result a question names by its own phrase when the best-linked one
holds nothing asked for, and a "KS goodness-of-fit p" as the goodness-of-fit p.

The rules after the seventh held-out split (test7) follow them (from
``test_compared_with_a_number_is_a_test_of_that_exponent`` on): "compare" set against a
number as a test of that exponent, the test against 1 as the test of linear scaling, a
standard deviation of an estimate as its standard error, a prediction word without an
input, a word introducing a symbol ("exponent p"), a published number the question
states itself, a table the published source cites, a symbol assigned a number as an
input ("N=1e8"), a law's English name before 模型, a Latin letter spaced from a Chinese
word ("t 值"), 一共 as the sample size, spelling correction that never yields a function
word, "how many" of a thing only an unfitted data set describes, and a package's unit
test as where its published values stand.

The rules after the eighth held-out split (test8) close the file (from
``test_another_population_than_the_data_sets_abstains`` on): a word naming another
population or measured quantity than the answering result's data set's (the
catalogue's ``population`` and ``measures`` of every data set, and vocabulary.toml's
``[measured]``), checked for a user's file against quantities only and through a
catalogue column's other names; "measured in" followed by a data set's quantity; and a
verb of finding whose subject is our fit.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

import scalinglaws as sl
from scalinglaws.ask._homophones import respell
from scalinglaws.ask._options import chosen_option
from scalinglaws.ask._relative_dates import absolute
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


def _ensemble_median(entries: list[BundleEntry], day: str) -> float:
    """The median of the evaluation's ensemble forecast for ``day`` (YYYY-MM-DD)."""
    ensemble = next(e.result for e in entries if e.result.kind == "forecast")
    return float(ensemble.table.set_index("t").loc[day, "median"])


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
    median = _ensemble_median(entries, "2020-02-10")
    for question in ("ensemble forecast for 10 February 2020", "2020年2月10日的集成预测"):
        answer = ask(question, entries)
        assert answer.value == pytest.approx(median), question
        assert answer.interval is not None
        assert answer.interval[0] < median < answer.interval[1]
    single = ask("forecast for 10 February 2020", entries)  # the GGM's stored forecast
    assert single.result == "epidemics/sarscov2_who_2020"
    assert single.value != pytest.approx(median)
    # the GGM's stored forecast is the mean of its bootstrap paths: "mean" asks for it
    _same_value(
        entries,
        single.value,
        (
            "mean of the GGM forecast for 10 February 2020",
            "广义增长模型2月10日预测的均值",
        ),
    )


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


# --- rules after test6 -------------------------------------------------------------------
def _urban(entries: list[BundleEntry]) -> Any:
    return next(e.result for e in entries if e.provenance["dataset"] == "urban/usa_msa_gdp_2013")


def _published(name: str) -> Any:
    return sl.load_dataset(name).meta["published"]


def test_a_forecasts_median_is_the_ensembles_value(entries: list[BundleEntry]) -> None:
    median = _ensemble_median(entries, "2020-02-10")
    for question in ("median of the ensemble forecast for 2020-02-10", "集合预报2月10日的中位数"):
        answer = ask(question, entries)
        assert answer.value == pytest.approx(median), question
        assert answer.result == "epidemics/sarscov2_who_2020 (2)"
    assert ask("What is the median city population?", entries).abstained  # no result holds it


def test_a_symbol_names_the_input_a_value_is_evaluated_at(entries: list[BundleEntry]) -> None:
    neural = entries[-1].result
    expected = float(neural.compute_optimal([1e24])["N_opt"].iloc[0])
    assert ask("N_opt at C = 1e24 FLOPs?", entries).value == pytest.approx(expected)


def test_synonyms_of_exponent_prefactor_doubling_and_standard_error(
    entries: list[BundleEntry],
) -> None:
    urban = _urban(entries)
    answer = ask("In the US metro data, GDP goes as population to the power of what?", entries)
    assert answer.value == pytest.approx(urban.params["b"])
    assert ask("都市区GDP幂律前因子的标准误", entries).value == pytest.approx(urban.stderr["a"])
    census = next(
        e.result for e in entries if e.provenance["dataset"] == "growth/us_census_1790_2000"
    )
    doubling = float(census.derived(0.95).loc["doubling_time", "estimate"])
    assert ask("早期美国人口翻一番要多少年", entries).value == pytest.approx(doubling)
    xmin_sd = _published("clauset2009/cities")["xmin_sd"]
    answer = ask("In the paper's Table 3, what is the +/- on x_min for the cities?", entries)
    assert (answer.kind, answer.value) == ("published", xmin_sd)
    err = _published("urban/usa_msa_gdp_2013")["pub"]["lognormal_free_delta"]["err"]
    answer = ask(
        "Leitão et al.'s bootstrap error on beta, log-normal model with free delta", entries
    )
    assert (answer.kind, answer.value) == ("published", err)


def test_an_author_list_and_a_quoted_group_name_the_published_value(
    entries: list[BundleEntry],
) -> None:
    lr = _published("clauset2009/cities")["exponential"]["LR"]
    answer = ask("What LR did Clauset, Shalizi & Newman print for cities against the exponential?",
                 entries)  # fmt: skip
    assert (answer.kind, answer.value) == ("published", lr)
    persons = _published("urban/usa_msa_gdp_2013")["pub"]["persons"]["beta"]
    answer = ask("What beta did the 'persons' model give in Leitao et al. 2016?", entries)
    assert (answer.kind, answer.value) == ("published", persons)


def test_how_many_in_the_data_set_is_the_sample_size(entries: list[BundleEntry]) -> None:
    cities = entries[0].result
    assert ask("how many cities are in the data set you fitted", entries).value == cities.n
    assert ask("how many cities are in the power-law tail", entries).value == cities.n_tail


def test_a_symbol_after_the_name_of_its_quantity(entries: list[BundleEntry]) -> None:
    urban = _urban(entries)
    answer = ask("What's the prefactor Y0 in the GDP-population power law?", entries)
    assert answer.value == pytest.approx(urban.params["a"])


def test_a_test_statistic_named_with_its_hypothesis(entries: list[BundleEntry]) -> None:
    statistic = _urban(entries).test_exponent(1.0).statistic
    question = "t statistic for the test that GDP scales linearly (b = 1) across metro areas"
    assert ask(question, entries).value == pytest.approx(statistic)
    p_value = ask("p of the test that the US metro GDP exponent b = 1", entries).value
    assert p_value == pytest.approx(_urban(entries).test_exponent(1.0).p_value)


def test_an_unknown_greek_letter_or_a_named_law_is_not_in_the_results(
    entries: list[BundleEntry],
) -> None:
    for question in (
        "What is the cut-off scale lambda of the truncated power law for city sizes?",
        "城市人口对数正态分布的参数 μ",
        "Heaps' law exponent of the US city sizes",
    ):
        assert ask(question, entries).abstained, question
    gaussian = _published("urban/usa_msa_gdp_2013")["pub"]["gaussian_free_delta"]["beta"]
    answer = ask("Leitão 等人高斯模型（自由 δ）给出的 β", entries)  # δ names the group's delta
    assert (answer.kind, answer.value) == ("published", gaussian)


def test_chinese_unit_words_before_token(entries: list[BundleEntry]) -> None:
    assert [n.unit for n in mentions("70亿参数、训练1.4万亿token时").numbers] == [
        "params",
        "tokens",
    ]
    expected = float(np.ravel(entries[-1].result.predict(7e9, 1.4e12))[0])
    answer = ask("70亿参数、训练1.4万亿token时，预测损失是多少？", entries)
    assert answer.value == pytest.approx(expected)


def test_a_place_another_results_series_names(entries: list[BundleEntry]) -> None:
    assert ask("中国城市人口规模分布的幂律指数", entries).abstained
    assert not ask("美国城市人口规模分布的幂律指数", entries).abstained


def test_the_result_named_by_its_own_phrase_when_the_best_linked_holds_nothing(
    entries: list[BundleEntry],
) -> None:
    # "population" and "census" name the census' growth best; only the cities hold an x_min
    question = (
        "What threshold population (thousands) did the fit pick for US cities in the 2000 census?"
    )
    answer = ask(question, entries)
    assert (answer.result, answer.value) == ("clauset2009/cities", entries[0].result.xmin)


def test_a_ks_goodness_of_fit_p_is_the_goodness_of_fit_p() -> None:
    rng = np.random.default_rng(6)
    fit = sl.fit_tail(1.0 + rng.pareto(1.5, 400)).assess(n_boot=10, compare=(), rng=0)
    entries = [BundleEntry(fit, {"file": "sizes.txt"}, {})]
    assert ask("KS goodness-of-fit p for the sizes tail", entries).value == fit.gof_result.p_value
    assert ask("KS distance of the sizes tail", entries).value == pytest.approx(fit.ks_distance)


# --- rules after test7 -------------------------------------------------------------------
def _result(entries: list[BundleEntry], dataset: str) -> Any:
    return next(e.result for e in entries if e.provenance.get("dataset") == dataset)


def _same_value(
    entries: list[BundleEntry], value: float | None, questions: tuple[str, ...]
) -> None:
    """Each of ``questions`` is answered with ``value`` (a paraphrase of a known question)."""
    assert value is not None
    for question in questions:
        assert ask(question, entries).value == pytest.approx(value), question


def _each_value(entries: list[BundleEntry], asked: dict[str, float]) -> None:
    """Each question of ``asked`` is answered with its value."""
    for question, value in asked.items():
        _same_value(entries, value, (question,))


def test_compared_with_a_number_is_a_test_of_that_exponent(entries: list[BundleEntry]) -> None:
    urban = _urban(entries)
    answer = ask("GDP 标度指数与 1 比较的 t 统计量", entries)
    assert answer.value == pytest.approx(urban.test_exponent(1.0).statistic)
    mammals = _result(entries, "allometry/mammals_brain_body")
    answer = ask("哺乳动物脑重对体重的指数跟 Kleiber 的 0.75 比较，t 值是多少？", entries)
    assert answer.value == pytest.approx(mammals.test_exponent(0.75).statistic)


def test_the_test_against_one_is_the_test_of_linear_scaling(entries: list[BundleEntry]) -> None:
    urban = _urban(entries)
    question = "What's the t statistic of the test that metro GDP scales linearly with population?"
    assert ask(question, entries).value == pytest.approx(urban.test_exponent(1.0).statistic)


def test_a_standard_deviation_of_an_estimate_is_its_standard_error(
    entries: list[BundleEntry],
) -> None:
    published = _published("clauset2009/cities")
    answer = ask("论文给出的城市人口 xmin 的标准差是多少？", entries)
    assert (answer.kind, answer.value) == ("published", published["xmin_sd"])
    answer = ask("What standard deviation of the city populations does the paper give?", entries)
    assert (answer.kind, answer.value) == ("published", published["sd"])  # the data's spread


def test_a_prediction_word_without_an_input_describes_the_law(entries: list[BundleEntry]) -> None:
    census = _result(entries, "growth/us_census_1790_2000")
    question = "At what population (millions) did the logistic curve expect the US to level off?"
    assert ask(question, entries).value == pytest.approx(census.params["K"])


def test_a_word_introducing_a_symbol_is_described_by_it(entries: list[BundleEntry]) -> None:
    ggm = _result(entries, "epidemics/sarscov2_who_2020")
    question = "What exponent p describes the sub-exponential growth of early COVID cases in China?"
    assert ask(question, entries).value == pytest.approx(ggm.params["p"])


def test_a_published_number_the_question_states_is_not_asked_for(
    entries: list[BundleEntry],
) -> None:
    cities = _result(entries, "clauset2009/cities")
    answer = ask("Clauset et al. report alpha = 2.37 for the cities; what does the refit give?",
                 entries)  # fmt: skip
    assert (answer.kind, answer.value) == ("fitted", pytest.approx(cities.params["alpha"]))


def test_a_table_the_published_source_cites_asks_for_the_published_value(
    entries: list[BundleEntry],
) -> None:
    answer = ask("What n_tail does Table 3 print for the cities?", entries)
    assert (answer.kind, answer.value) == ("published", _published("clauset2009/cities")["n_tail"])


def test_a_symbol_assigned_a_number_is_an_input(entries: list[BundleEntry]) -> None:
    assert [n.unit for n in mentions("N=1e8、D = 5e9, C=1e22").numbers] == [
        "params",
        "tokens",
        "flops",
    ]
    neural = entries[-1].result
    answer = ask("Chinchilla 的 fit 预测 N=1e8、D=5e9 时 loss 是多少", entries)
    assert answer.value == pytest.approx(float(np.ravel(neural.predict(1e8, 5e9))[0]))


def test_a_laws_english_name_before_the_chinese_model(entries: list[BundleEntry]) -> None:
    census = _result(entries, "growth/us_census_1790_2000")
    expected = census.predict([1800.0])
    expected = expected["mean"].iloc[0] if hasattr(expected, "columns") else np.ravel(expected)[0]
    answer = ask("按 logistic 模型，美国人口在 1800 年应是多少百万？", entries)
    assert answer.value == pytest.approx(float(expected))


def test_in_total_in_chinese_is_the_sample_size(entries: list[BundleEntry]) -> None:
    cities = _result(entries, "clauset2009/cities")
    assert ask("美国城市人口数据一共有多少个城市？", entries).value == cities.n


def test_a_misspelt_word_is_never_a_function_word(entries: list[BundleEntry]) -> None:
    answer = ask("What exponent did you fit for the sizes of wars?", entries)
    assert answer.abstained, answer.text
    assert "wars" in answer.text


def test_how_many_of_a_thing_only_an_unfitted_data_set_describes(
    entries: list[BundleEntry],
) -> None:
    for question in ("How many layers does the 70B Chinchilla model have?",
                     "Chinchilla 70B 模型有多少层 (n_layers)？"):  # fmt: skip
        answer = ask(question, entries)
        assert answer.abstained, question


def test_a_packages_unit_test_holds_its_published_values(entries: list[BundleEntry]) -> None:
    slope = _published("allometry/smatr_leaflife")["pub"]["ma"]["slope"]
    answer = ask("smatr 单元测试里 MA 斜率的发表值是多少？", entries)
    assert (answer.kind, answer.value) == ("published", slope)


# --- rules after the eighth held-out split (test8) ---------------------------------------
def _mammals(entries: list[BundleEntry]) -> Any:
    return _result(entries, "allometry/mammals_brain_body")


def test_another_population_than_the_data_sets_abstains(entries: list[BundleEntry]) -> None:
    """A population word (catalogue ``population`` of another data set, or of data in
    general) beside a result whose data set does not bear it: not in these results."""
    mammals = _mammals(entries)
    kept = ask("Which brain-body allometric exponent holds across the mammal species?", entries)
    assert kept.value == pytest.approx(mammals.params["b"])
    for question in (
        "Which brain-body allometric exponent holds across amphibians?",
        "Which brain-body allometric exponent holds across the cherry trees?",
        "两栖动物脑重随体重变化的标度指数是多少？",
    ):
        answer = ask(question, entries)
        assert answer.abstained, question
        assert "allometry/mammals_brain_body" in answer.text, question


def test_another_measured_quantity_than_the_data_sets_abstains(
    entries: list[BundleEntry],
) -> None:
    """A quantity word that the answering result's data set does not measure (a
    catalogue ``measures`` of another data set, or of data in general): abstain."""
    urban = _urban(entries)
    assert ask("How does metro-area GDP scale with population?", entries).value == (
        pytest.approx(urban.params["b"])
    )
    cities = _result(entries, "clauset2009/cities")
    assert ask("Where does the tail of US city populations start?", entries).value == (
        pytest.approx(cities.params["xmin"])
    )
    for question, named in (
        ("How do metro-area wages scale with population?", "urban/usa_msa_gdp_2013"),
        ("Where does the tail of US city land areas start?", "clauset2009/cities"),
        ("哺乳动物肝脏重量随体重变化的标度指数是多少？", "allometry/mammals_brain_body"),
        ("美国都市区犯罪数量随人口的标度指数？", "urban/usa_msa_gdp_2013"),
    ):
        answer = ask(question, entries)
        assert answer.abstained, question
        assert named in answer.text, question


def test_a_users_file_is_checked_against_quantities_through_column_names(
    entries: list[BundleEntry],
) -> None:
    """A user's file has no catalogue entry: a population word does not count against it,
    a quantity word does, and a catalogue column's other names are its names too (体重
    names a ``body_mass_kg`` column as the mammals' body column does)."""
    rng = np.random.default_rng(8)
    mass = np.geomspace(0.1, 100.0, 30)
    rate = 3.0 * mass**0.7 * np.exp(rng.normal(0.0, 0.1, mass.size))
    x, y = pd.Series(mass, name="body_mass_kg"), pd.Series(rate, name="metabolic_rate_W")
    fit = sl.fit_relation(x, y)
    mine = [*entries, BundleEntry(fit, {"file": "kleiber.csv"}, {})]
    for question in (
        "kleiber.csv 中代谢率随体重的标度指数是多少？",
        "What exponent does kleiber.csv give for the animals' metabolic rate on body mass?",
    ):
        assert ask(question, mine).value == pytest.approx(fit.params["b"]), question
    answer = ask("What exponent does kleiber.csv give for heart mass on body mass?", mine)
    assert answer.abstained


def test_measured_in_a_data_sets_quantity_is_no_units_question(
    entries: list[BundleEntry],
) -> None:
    """ "measured in" followed by what a data set measures says what the data are."""
    cities = _result(entries, "clauset2009/cities")
    answer = ask("What tail exponent fits city sizes, measured in inhabitants?", entries)
    assert answer.value == pytest.approx(cities.params["alpha"])
    assert ask("What are city sizes measured in?", entries).value is None


def test_a_finding_verb_with_our_fit_as_subject_asks_for_our_fit(
    entries: list[BundleEntry],
) -> None:
    """ "What does the refit find?": the finding is ours, not the literature's."""
    neural = entries[-1].result
    for question in ("What data exponent beta does the Chinchilla refit find?",
                     "Which beta did we find for the Chinchilla runs?"):  # fmt: skip
        answer = ask(question, entries)
        assert (answer.kind, answer.value) == ("fitted", pytest.approx(neural.params["beta"]))
    published = _published("neural/epoch_chinchilla")["hoffmann2022"]["beta"]
    answer = ask("What data exponent beta did Hoffmann et al. find?", entries)
    assert (answer.kind, answer.value) == ("published", published)


# --- after the ninth held-out split (test9) --------------------------------------------


def assert_reads_as(entries: list[BundleEntry], question: str, meant: str) -> None:
    """``question`` gets the answer (result, value, interval) that ``meant`` gets, and
    ``meant`` is answered."""
    expected = ask(meant, entries)
    assert not expected.abstained, meant
    answer = ask(question, entries)
    assert (answer.result, answer.value, answer.interval) == (
        expected.result, expected.value, expected.interval), question  # fmt: skip


def test_traditional_characters_read_as_simplified(entries: list[BundleEntry]) -> None:
    """A question in traditional characters answers as its simplified spelling does
    (OpenCC's t2s tables, ask/_script.py)."""
    for traditional, simple in (
        ("城市規模分佈的尾部從哪個x_min開始？", "城市规模分布的尾部从哪个x_min开始？"),
        ("葉片壽命隨比葉重變化的斜率的置信區間", "叶片寿命随比叶重变化的斜率的置信区间"),
        ("美國人口增長的環境容納量K是多少", "美国人口增长的环境容纳量K是多少"),
    ):
        assert_reads_as(entries, traditional, simple)


def test_a_homophone_typo_reads_as_the_phrase_meant(entries: list[BundleEntry]) -> None:
    """A character typed for another of the same reading (绿 for 律, 律 for 率, 曲 for 区)
    answers as the phrase meant (ask/_homophones.py)."""
    for typo, meant in (
        ("城市规模的幂绿指数是多少", "城市规模的幂律指数是多少"),
        ("叶片寿命对比叶重的斜律是多少", "叶片寿命对比叶重的斜率是多少"),
        ("美国人口增长率r的置信曲间", "美国人口增长率r的置信区间"),
    ):
        assert_reads_as(entries, typo, meant)


def test_a_word_beside_an_unexplained_character_is_not_respelt() -> None:
    """代谢率 is a word of its own: 谢率 beside an unexplained 代 is not a typo of 斜率;
    a reading must be shared (斜率 is not 科率)."""
    assert respell("代谢率是多少", "代谢率   ", ["斜率"], ["是多少"]) == "代谢率是多少"
    assert respell("的谢率是多少", " 谢率   ", ["斜率"], ["的", "是多少"]) == "的斜率是多少"
    assert respell("的科率是多少", " 科率   ", ["斜率"], ["的", "是多少"]) == "的科率是多少"


def test_an_uncertainty_asked_of_a_fit_is_its_exponents(entries: list[BundleEntry]) -> None:
    """A standard error or interval of a named fit with no quantity named: its
    exponent's, when it has exactly one; a neural law (alpha and beta) stays unanswered."""
    stderr = ask("standard error of the power-law exponent alpha of city sizes", entries)
    assert stderr.value is not None
    assert not stderr.abstained
    for question in ("How uncertain is the city-size fit? Give the standard error.",
                     "城市规模拟合的标准误差"):  # fmt: skip
        answer = ask(question, entries)
        assert (answer.result, answer.value) == (stderr.result, stderr.value), question
    interval = ask("confidence interval of the power-law exponent alpha of city sizes", entries)
    assert interval.interval is not None
    answer = ask("city sizes: what confidence interval does the fit give?", entries)
    assert answer.interval == interval.interval
    assert ask("standard error of the Chinchilla refit", entries).abstained


def test_an_uncertainty_of_a_one_letter_name_reads_it_as_a_symbol(
    entries: list[BundleEntry],
) -> None:
    """'se of E from the ...': a one-letter name after an uncertainty word is a symbol."""
    expected = ask("standard error of the irreducible loss E of the chinchilla fit", entries)
    assert expected.value is not None
    assert not expected.abstained
    assert ask("se of E from the chinchilla runs", entries).value == expected.value


def test_ten_to_a_power_in_chinese() -> None:
    """10的23次方 (and 次幂) is 1e23."""
    assert [m.value for m in mentions("算力为10的23次方FLOPs时").numbers] == [pytest.approx(1e23)]
    assert [m.value for m in mentions("预算是10的21次幂").numbers] == [pytest.approx(1e21)]


def test_a_ratio_written_with_a_slash(entries: list[BundleEntry]) -> None:
    """tokens/param (and the abbreviation tok/param) names the tokens per parameter."""
    long = "compute-optimal tokens per parameter at 5.88e23 FLOPs"
    expected = ask(long, entries)
    assert not expected.abstained, long
    for short in ("tokens/param at 5.88e23 FLOPs", "tok/param given 5.88e23 FLOPs"):
        assert ask(short, entries).value == pytest.approx(expected.value), short


def test_numbers_in_words() -> None:
    """Numbers written in words with a scale word, and the unit after them."""
    found = mentions("a metro area of two million people and a seventy-billion-parameter model")
    assert [(n.value, n.unit) for n in found.numbers] == [(2e6, "persons"), (7e10, "params")]
    assert mentions("one of the fits").numbers == ()  # a number word alone is no number
    assert [n.unit for n in mentions("a mammal of 2 tonnes, 3吨").numbers] == ["t", "t"]


def test_sizes_are_put_in_the_data_units(entries: list[BundleEntry]) -> None:
    """A size with a unit word is converted into the units the data were recorded in
    (the catalogue: mammals' body mass in kg, city sizes in thousands of people)."""
    in_kg = ask("What brain mass does the fit predict for a mammal of 2000 kg?", entries)
    _same_value(
        entries,
        in_kg.value,
        (
            "What brain mass does the fit predict for a mammal of 2 tonnes?",
            "体重2吨的哺乳动物，脑重预测是多少？",
        ),
    )
    assert ask("predicted brain mass for a 500 g mammal", entries).value == pytest.approx(
        ask("predicted brain mass for a 0.5 kg mammal", entries).value
    )
    cities = entries[0].result
    answer = ask("What share of cities have at least one million people, by the fit?", entries)
    assert answer.value == pytest.approx(float(cities.predict([1000.0])[0]))


def test_a_compound_written_in_two_words_is_joined() -> None:
    from scalinglaws.ask.lexicon import Spelling, correct, en_tokens

    words = [
        t.word for t in correct(en_tokens("the black outs"), set(), Spelling.of(["blackouts"]))
    ]
    assert words == ["the", "blackouts"]
    words = [
        t.word for t in correct(en_tokens("in to the data"), set(), Spelling.of(["blackouts"]))
    ]
    assert words == ["in", "to", "the", "data"]


def test_compute_optimal_sizes_by_their_symbols(entries: list[BundleEntry]) -> None:
    """N_opt, D_opt, N* (Hoffmann et al. 2022) at a budget are the compute-optimal sizes;
    "how does N_opt scale with compute" stays the frontier's exponent."""
    tokens = ask("compute-optimal training tokens at 5.88e23 FLOPs", entries)
    params = ask("compute-optimal model size at 5.88e23 FLOPs", entries)
    assert tokens.value != params.value
    assert ask("D_opt at 5.88e23", entries).value == pytest.approx(tokens.value)
    assert ask("chinchilla N* at 5.88e23 flops", entries).value == pytest.approx(params.value)
    exponent = ask("how does N_opt scale with compute", entries)
    assert exponent.value is not None
    assert 0.3 < exponent.value < 0.7


def test_how_many_at_a_year_is_the_curves_value(entries: list[BundleEntry]) -> None:
    expected = ask("What does the logistic predict for the US population in 1850?", entries)
    assert expected.value is not None
    answer = ask("How many people does the logistic put in the United States in 1850?", entries)
    assert answer.value == pytest.approx(expected.value)


def test_a_period_or_subsample_the_fit_lacks_abstains(entries: list[BundleEntry]) -> None:
    """City sizes are of the 2000 census: after 2010, before 1990 or a subsample of the
    cities are fits these results do not hold."""
    assert not ask("power-law exponent of city sizes", entries).abstained
    for question in (
        "power-law exponent of city sizes after 2010",
        "城市规模2010年以后的幂律指数",
        "power-law exponent of city sizes before 1990",
        "power-law exponent of city sizes using only the coastal cities",
        "只用沿海城市的样本，城市规模的幂律指数是多少",
    ):
        answer = ask(question, entries)
        assert answer.abstained, question
        assert answer.text.startswith("Not in these results"), question
    for question in (  # since/from a year include it: the census year itself is in the data
        "power-law exponent of city sizes since 2000",
        "power-law exponent of city sizes from 2000",
        "2000年以来城市规模的幂律指数",
    ):
        assert not ask(question, entries).abstained, question
    for question in ("power-law exponent of city sizes since 2001", "2001年以来城市规模的幂律指数"):
        assert ask(question, entries).abstained, question


def test_homework_numbering_and_manner_words_carry_no_content(
    entries: list[BundleEntry],
) -> None:
    expected = ask("power-law exponent of city sizes", entries)
    _same_value(
        entries,
        expected.value,
        (
            "hw q2: power-law exponent of city sizes?",
            "In plain words, how steep is the tail of city sizes?",
        ),
    )


def test_full_width_forms_powers_and_taiwan_phrases_are_normalized() -> None:
    from scalinglaws.ask._script import normalized

    assert normalized("ｘｍｉｎ：０．５") == "xmin:0.5"
    assert normalized("資料") == "数据"  # Taiwan's phrase, read as the mainland's
    found = mentions(normalized("约5.88×10²³ FLOPs"))
    assert [(n.value, n.unit) for n in found.numbers] == [(pytest.approx(5.88e23), "flops")]


def test_numbers_spelt_out() -> None:
    """Small numbers before a unit word, fractions and powers of ten in words, ordinal
    days."""
    cases = {
        "a mammal weighing five kilograms": [(5.0, "kg")],
        "ten to the twenty-first FLOPs": [(1e21, "flops")],
        "consistent with a three-quarter power": [(0.75, None)],
    }
    for text, expected in cases.items():
        assert [(n.value, n.unit) for n in mentions(text).numbers] == expected, text
    assert mentions("a three-quarter power").numbers[0].fraction
    assert mentions("on the tenth of February 2020").dates == (pd.Timestamp("2020-02-10"),)
    assert mentions("one of the fits").numbers == ()


def test_a_typo_keeps_its_first_letter() -> None:
    from scalinglaws.ask.lexicon import Spelling, correct, en_tokens

    vocabulary = ["all", "exponent", "normalization"]
    words = [
        t.word
        for t in correct(en_tokens("call exponant organization"), set(), Spelling.of(vocabulary))
    ]
    assert words == ["call", "exponent", "organization"]


def test_a_budget_is_no_size_of_a_relation(entries: list[BundleEntry]) -> None:
    answer = ask("How many training tokens would a budget of 1e21 FLOPs call for?", entries)
    assert answer.result == "neural/epoch_chinchilla"
    expected = ask("compute-optimal training tokens at 1e21 FLOPs", entries)
    assert answer.value == pytest.approx(expected.value)


def test_the_p_value_of_a_likelihood_ratio_comparison(entries: list[BundleEntry]) -> None:
    exponential = _test(entries, "exponential")
    question = "the p-value of the likelihood-ratio comparison with the exponential for city sizes"
    assert ask(question, entries).value == pytest.approx(exponential.p_value)


def test_the_error_of_a_named_estimate_is_its_standard_error(
    entries: list[BundleEntry],
) -> None:
    expected = ask("standard error of the power-law exponent of city sizes", entries)
    assert expected.value is not None
    assert ask("城市人口幂律指数的误差是多少", entries).value == pytest.approx(expected.value)


def test_a_decade_or_a_separate_fit_abstains(entries: list[BundleEntry]) -> None:
    assert not ask("logistic growth rate of the US population", entries).abstained
    for question in (
        "logistic growth rate of the US population in the 1850s alone",
        "logistic growth rate of the US population, fitted separately to its last census",
        "美国人口1850年代单独拟合的逻辑斯蒂增长率",
    ):
        assert ask(question, entries).abstained, question


def test_a_publication_by_its_other_name(entries: list[BundleEntry]) -> None:
    """The catalogue's publication_names: "the Chinchilla paper" is Hoffmann et al. 2022."""
    published = sl.load_dataset("neural/epoch_chinchilla").meta["published"]["hoffmann2022"]
    answer = ask("What model-size exponent alpha did the Chinchilla paper print?", entries)
    assert (answer.kind, answer.value) == ("published", published["alpha"])


def test_a_like_word_describes_and_the_literature_asks_for_the_published(
    entries: list[BundleEntry],
) -> None:
    exponent = ask("exponent of brain mass against body mass of the mammals", entries)
    assert exponent.kind == "fitted"
    like = ask("exponent of the Kleiber-like relation of mammal brain and body mass", entries)
    assert like.value == pytest.approx(exponent.value)
    literature = ask(
        "For comparison with the literature, what is the power-law exponent of city sizes?",
        entries,
    )
    assert literature.kind == "published"
    fitted = ask("Above what size was the tail found to hold in the fit to city sizes?", entries)
    assert (fitted.kind, fitted.value) == ("fitted", pytest.approx(entries[0].result.xmin))


def test_chinese_and_english_spelt_numbers_round_11() -> None:
    """十的二十二次方, 一点五, 二月七号 in Chinese numerals; "one point four trillion", "ten to
    the twenty fourth" in English words."""
    cases = {
        "算力十的二十二次方": [(1e22, "flops")],  # 算力 (compute) before it names its unit
        "十的二十二次方": [(1e22, None)],
        "体重一点五公斤": [(1.5, "kg")],
        "one point four trillion tokens": [(1.4e12, "tokens")],
        "ten to the twenty fourth flops": [(1e24, "flops")],
    }
    for text, expected in cases.items():
        found = [(n.value, n.unit) for n in mentions(text).numbers]
        assert found == [(pytest.approx(v), u) for v, u in expected], text
    assert mentions("二月七号累计确诊").days == ((2, 7),)


def test_words_around_a_parameter_round_11(entries: list[BundleEntry]) -> None:
    """A formula that holds the parameter, the maximum-likelihood estimator, an
    uncertainty of A, a verdict's categories."""
    prefactor = ask("prefactor a of the mammals brain-body relation", entries)
    assert prefactor.value is not None
    assert ask("哺乳动物脑重公式里前面那个系数a是多少", entries).value == pytest.approx(
        prefactor.value
    )
    alpha = ask("power-law exponent alpha of city sizes", entries)
    mle = ask("what exponent alpha did the maximum-likelihood fit give for city sizes", entries)
    assert mle.value == pytest.approx(alpha.value)
    verdict = ask("Is the city-size power law rated good, moderate or with cut-off?", entries)
    assert not verdict.abstained
    assert verdict.text == ask("the verdict on the power law of city sizes", entries).text


def test_a_sentence_start_a_log_level_or_a_courtesy_names_nothing(
    entries: list[BundleEntry],
) -> None:
    """A capital after "?" or ":" starts a sentence; "[INFO]" and "Cheers." are no names."""
    expected = ask("What is the data exponent beta of the Chinchilla refit?", entries)
    assert expected.value is not None
    for question in (
        "Is data or model size the bigger lever? Only tell me the data exponent beta of the "
        "Chinchilla refit.",
        "[INFO] refit finished. What is the data exponent beta of the Chinchilla refit?",
        "WARN slow run: what is the data exponent beta of the Chinchilla refit?",
        "What is the data exponent beta of the Chinchilla refit? Thanks!",
    ):
        answer = ask(question, entries)
        assert answer.value == pytest.approx(expected.value), question
    # "standard error" is no log level
    stderr = ask(
        "ERROR: what is the standard error of the data exponent beta of the Chinchilla refit?",
        entries,
    )
    assert stderr.value is not None
    assert stderr.value < 0.1


def test_a_context_sentence_does_not_ask_for_the_published_value(
    entries: list[BundleEntry],
) -> None:
    """A reviewer's context ("The paper reports ... .") sets the scene; the last sentence
    asks. "My report" is the user's own writing, not a publication."""
    ours = ask("What is the power-law exponent of city sizes, our fit?", entries)
    published = ask("What power-law exponent did the paper report for city sizes?", entries)
    assert ours.kind == "fitted"
    assert published.kind == "published"
    for question in (
        "The paper reports an exponent for city sizes. Which exponent do you get?",
        "A textbook quotes a tail exponent for city sizes. Please give the power-law exponent.",
        "For my report: what is the power-law exponent of city sizes?",
    ):
        answer = ask(question, entries)
        assert answer.kind == "fitted", question
        assert answer.value == pytest.approx(ours.value), question
    # the asking sentence itself can still ask for the paper's value
    answer = ask("I refit the city sizes. What exponent did the paper itself print?", entries)
    assert answer.kind == "published"


def test_code_and_json_fields_read_as_words(entries: list[BundleEntry]) -> None:
    """A programmer's ``fit.stderr['b']``, ``conf_int().loc['b']`` or a JSON field
    "alpha_stderr" asks what the API would return."""
    from scalinglaws.ask._code import read_code

    assert read_code("gdp.stderr['b']?").split() == ["gdp", "standard", "error", "of", "b", "?"]
    assert read_code("`frontier['a']`").strip() == "exponent a of the compute-optimal model size"
    stderr = ask(
        "What is the standard error of the power-law exponent alpha of city sizes?", entries
    )
    assert stderr.value is not None
    assert stderr.value < 0.2
    _same_value(
        entries,
        stderr.value,
        (
            "`cities_fit.stderr['alpha']` for the city sizes?",
            '{"dataset": "clauset2009/cities", "field": "alpha_stderr"}: which number?',
            "城市规模 `fit.stderr['alpha']` 是多少",
        ),
    )
    interval = ask("城市规模的幂律指数alpha的95%置信区间", entries)
    assert interval.interval is not None
    answer = ask("`tail.conf_int().loc['alpha']`，也就是城市规模的指数", entries)
    assert answer.interval == pytest.approx(interval.interval)


def test_a_law_named_in_chinese_is_no_exponent(entries: list[BundleEntry]) -> None:
    """标度律 (scaling law) and 增长律 (growth law) name a kind of law; 标度 alone is the
    exponent's word, and 增长律 is no typo of 增长率 (growth rate)."""
    prefactor = ask("都市区GDP前置系数a是多少", entries)
    assert prefactor.value is not None
    assert ask("都市区 GDP 标度律 前置系数a", entries).value == pytest.approx(prefactor.value)


def test_numbers_with_their_quantity_named_before_or_hyphenated() -> None:
    """参数量100亿 (the quantity before its number), 3乘以10的23次方, "a 1-billion-parameter
    model", "a population of 2.5 million"."""
    cases = {
        "参数量100亿、训练数据2000亿个token": [(1e10, "params"), (2e11, "tokens")],
        "算力预算3乘以10的23次方FLOPs": [(3e23, "flops")],
        "人口250万的都市区": [(2.5e6, "persons")],
        "a 1-billion-parameter model on 3 times 10^10 tokens": [(1e9, "params"), (3e10, "tokens")],
        "a metro area with a population of 2.5 million": [(2.5e6, "persons")],
    }
    for text, expected in cases.items():
        found = [(n.value, n.unit) for n in mentions(text).numbers]
        assert found == [(pytest.approx(v), u) for v, u in expected], text


def test_conjunctions_and_wishes_are_no_quantities(entries: list[BundleEntry]) -> None:
    """ "when tested against 1" is no inflection's "when"; "I'd like" no "likes"; the
    Vuong statistic is the normalised likelihood ratio; a word after "from 3/4?" starts
    a new sentence, not the preposition's object."""
    gdp = _result(entries, "urban/usa_msa_gdp_2013")
    expected = ask("t statistic of the test that the GDP exponent equals 1", entries)
    _same_value(
        entries,
        expected.value,
        (
            "What's the t statistic for the metropolitan GDP exponent when tested against one?",
            "I'd like the t statistic of the GDP exponent against 1.",
        ),
    )
    p_value = ask("p-value of the test that the GDP exponent equals 1", entries)
    answer = ask("Does the GDP exponent differ from 1? Only the p-value, please.", entries)
    assert answer.value == pytest.approx(p_value.value)
    assert gdp.params["b"] != pytest.approx(answer.value)
    from scalinglaws.ask.lexicon import en_tokens, lexicon

    found, _ = lexicon().table.match_en(en_tokens("the normalised Vuong statistic"))
    assert any("concept:lr" in match.tags for match in found)


def test_a_declined_quantity_is_not_asked_for(entries: list[BundleEntry]) -> None:
    """ "the t statistic of that test, not the p" asks for the statistic."""
    statistic = ask("t statistic of the test that the GDP exponent equals 1", entries)
    p_value = ask("p-value of the test that the GDP exponent equals 1", entries)
    assert statistic.value != pytest.approx(p_value.value)
    answer = ask("Is the GDP exponent different from 1? The t statistic, not the p.", entries)
    assert answer.value == pytest.approx(statistic.value)
    answer = ask("GDP指数与1的检验：要t统计量，而不是p值", entries)
    assert answer.value == pytest.approx(statistic.value)


def test_should_is_an_optimum_only_at_a_budget(entries: list[BundleEntry]) -> None:
    """ "How many parameters should a model have at 1e21 FLOPs" asks for the optimum; "what
    GDP should a metro area of 2 million people have" for the fit's value there."""
    expected = ask("What GDP does the fit predict for a metro area of 2 million people?", entries)
    assert expected.value is not None
    answer = ask("What GDP should a metro area of 2 million people have?", entries)
    assert answer.value == pytest.approx(expected.value)
    optimum = ask("compute-optimal model size at 1e21 FLOPs", entries)
    answer = ask("How many parameters should a model have at 1e21 FLOPs?", entries)
    assert answer.value == pytest.approx(optimum.value)


def test_a_file_or_a_group_the_results_lack_abstains(entries: list[BundleEntry]) -> None:
    """A file name no result carries, and a group named before "only" that the data set
    is not, abstain; the data set's own population before "only" does not."""
    answer = ask("power-law exponent of city sizes in cities_2020.csv", entries)
    assert answer.abstained
    assert "cities_2020.csv" in answer.text
    assert ask("power-law exponent of city sizes for the coastal towns only?", entries).abstained
    assert not ask("power-law exponent for the cities only?", entries).abstained


def test_tail_counts_significance_and_a_fitting_functions_log(entries: list[BundleEntry]) -> None:
    """ "How many observations lie in the tail" is n_tail; "differ significantly from 1"
    is the test; "fit_neural: ..." names the neural fit, and a publisher named in passing
    does not ask for a published value without the interval asked for."""
    cities = _result(entries, "clauset2009/cities")
    answer = ask("How many observations lie in the fitted tail of the city sizes?", entries)
    assert answer.value == cities.n_tail
    assert ask("How many observations do the city sizes have in all?", entries).value == cities.n
    p_value = ask("p-value of the test that the GDP exponent equals 1", entries)
    answer = ask("Does the GDP exponent differ significantly from 1? The p-value.", entries)
    assert answer.value == pytest.approx(p_value.value)
    neural = _result(entries, "neural/epoch_chinchilla")
    answer = ask("fit_neural: 240 runs kept, Huber loss. What is beta and its 95% CI?", entries)
    assert answer.kind == "fitted"
    assert answer.value == pytest.approx(neural.params["beta"])
    assert answer.interval is not None


def test_another_result_named_for_comparison(entries: list[BundleEntry]) -> None:
    """Another result named by its population ("city sizes and the brains of mammals both
    ...", "terrorist attack deaths") is compared with: neither another quantity of the
    answering data set nor the COVID-19 reports' deaths series."""
    attacks = sl.fit_tail(sl.load_dataset("clauset2009/terrorism").data)
    both = [*entries, BundleEntry(attacks, {"dataset": "clauset2009/terrorism"}, {})]
    expected = ask("power-law exponent of city sizes", both)
    for other in ("the brains of mammals", "terrorist attack deaths"):
        question = (
            f"City sizes and {other} both have heavy tails; what is the exponent of the cities?"
        )
        assert ask(question, both).value == pytest.approx(expected.value), question
    # a quantity the data set does not measure, or the other series alone, still abstains
    assert ask("power-law exponent of the durations of city sizes", both).abstained
    assert ask("GGM deceleration p of the COVID-19 deaths in China", both).abstained


def test_a_basis_a_request_clause_and_a_rate_in_time(entries: list[BundleEntry]) -> None:
    """ "going by the growth rate" names what to compute from; 本文拟引用…，敬请提供… asks
    in its last clause; a chance "in the next 30 years" is a rate no tail holds."""
    doubling = ask("doubling time of the US population's early growth", entries)
    assert doubling.value is not None
    answer = ask(
        "How long did the US population take to double, going by the growth rate?", entries
    )
    assert answer.value == pytest.approx(doubling.value)
    interval = ask("城市规模幂律指数的95%置信区间", entries)
    answer = ask("本文拟引用城市规模的幂律指数，敬请提供其95%置信区间。", entries)
    assert answer.interval == pytest.approx(interval.interval)
    assert ask("chance of a city above 10 million people in the next 30 years", entries).abstained
    assert not ask("chance of a city above 10 million people", entries).abstained


def test_a_request_a_comparison_of_ones_own_and_a_projection(
    entries: list[BundleEntry],
) -> None:
    """ "Kindly report the R²" is a request, not the published value; "our deck compares
    ..." names no likelihood-ratio test; "like the R squared" is no "likes"; a relation
    "projects" its value at an input."""
    gdp = _result(entries, "urban/usa_msa_gdp_2013")
    answer = ask("Kindly report the coefficient of determination of the GDP relation.", entries)
    assert answer.kind == "fitted"
    assert answer.value == pytest.approx(gdp.r_squared)
    answer = ask("how good is the GDP line, like the R squared?", entries)
    assert answer.value == pytest.approx(gdp.r_squared)
    capacity = ask("carrying capacity K of the US census logistic", entries)
    answer = ask("Our deck compares with the census logistic: what carrying capacity K?", entries)
    assert answer.value == pytest.approx(capacity.value)
    expected = ask(
        "What GDP does the fit predict for a metro area of 1,000,000 residents?", entries
    )
    answer = ask("What GDP does the relation project for 1,000,000 residents?", entries)
    assert answer.value == pytest.approx(expected.value)


def test_citing_in_a_clause_of_its_own_and_formal_requests(entries: list[BundleEntry]) -> None:
    """ "课件里要引用：…p 值" and "…是多少？我要注明出处" cite in a clause of their own; 测算 is
    a prediction; a formal request's words (为完善材料, 以便附表列示) name nothing."""
    alpha = ask("城市规模的幂律指数alpha是多少", entries)
    _same_value(
        entries,
        alpha.value,
        (
            "课件里要引用：城市规模的幂律指数alpha是多少？",
            "城市规模的幂律指数alpha是多少？我要在幻灯片上注明出处。",
            "为完善材料，请提供城市规模的幂律指数alpha，以便附表列示。",
        ),
    )
    expected = ask("按逻辑斯蒂模型预测1850年美国人口", entries)
    assert ask("请按照逻辑斯蒂模型，测算1850年美国人口", entries).value == pytest.approx(
        expected.value
    )


def test_the_asking_sentence_is_the_one_that_asks() -> None:
    """A courtesy or a remark after the question ("…是多少？麻烦您了。") does not move the
    question: the asking sentence is the last one that asks."""
    from scalinglaws.ask._context import asking_start

    assert asking_start("论文公布的指数是多少?麻烦您了。") == 0
    question = "The paper reports an exponent. Which exponent do you get? Thanks a lot."
    assert question[asking_start(question) :].startswith("Which")
    assert asking_start("What is alpha?") == 0


def test_a_place_the_result_is_not_about_abstains(entries: list[BundleEntry]) -> None:
    """A place that no result is about abstains (Mexico of the US census, Japanese city
    sizes, 欧洲 of the US metro areas, Texas of all US cities); the result's own place
    under another name ("American", 美国), a place in a context sentence and a declined
    place do not."""
    for question in (
        "What population does the census logistic give for Mexico in 1950?",
        "power-law exponent of Japanese city sizes",
        "欧洲都市区GDP对人口的标度指数是多少？",
        "德州城市规模的幂律指数",
    ):
        answer = ask(question, entries)
        assert answer.abstained, question
    capacity = ask("carrying capacity K of the US census logistic", entries)
    alpha = ask("power-law exponent of city sizes", entries)
    _same_value(entries, capacity.value, ("carrying capacity of the American population",))
    _same_value(
        entries,
        alpha.value,
        (
            "美国城市规模的幂律指数",
            "I work for an insurer in Japan. What is the power-law exponent of city sizes?",
            "city sizes of the US, not Japan: the power-law exponent?",
        ),
    )


def test_places_named_in_a_text() -> None:
    """The longest name wins where names overlap; "us" needs its capital; regions hold
    their countries and states (places.toml from the Unicode CLDR)."""
    from scalinglaws.ask._places import holds, places_in

    assert [p.code for p in places_in("印度尼西亚和印度")] == ["ID", "IN"]
    assert [p.code for p in places_in("let us see the US cities")] == ["US"]
    assert [p.code for p in places_in("New Mexico, not Mexico")] == ["US-New_Mexico", "MX"]
    assert holds("US", "US-California")
    assert holds("142", "JP")
    assert not holds("JP", "142")
    assert not holds("US", "CA")


def test_places_file_is_what_its_script_writes() -> None:
    """places.toml is written by scripts/make_places.py from the CLDR, never by hand."""
    import runpy

    from scalinglaws.ask._places import PLACES_FILE

    script = runpy.run_path(str(Path(__file__).parents[1] / "scripts" / "make_places.py"))
    assert PLACES_FILE.read_text("utf-8") == script["render"]()


def test_chinese_years_tex_and_spans_round_14(entries: list[BundleEntry]) -> None:
    """A year in Chinese digits (二〇二〇年, 一八五〇年) or numerals (两千年); inline TeX
    ($C = 10^{21}$, $N_{\\mathrm{opt}}$); a span of years that says which data were fitted
    (1790-1910) is no input beside a year named on its own; 人口超过一百万 is a population."""
    forecast = ask("2020年2月10日的GGM预测", entries)
    _same_value(entries, forecast.value, ("二〇二〇年二月十日的GGM预测",))
    census = ask("按逻辑斯蒂模型预测1850年美国人口", entries)
    _same_value(entries, census.value, ("按逻辑斯蒂模型预测一八五〇年美国人口",))
    _same_value(
        entries,
        ask("按逻辑斯蒂模型预测2000年美国人口", entries).value,
        ("按逻辑斯蒂模型预测两千年美国人口",),
    )
    _same_value(
        entries,
        census.value,
        ("Using the logistic fit to the US census of 1790-1910, predict the population in 1850.",),
    )
    optimum = ask("compute-optimal model size at 1e21 FLOPs", entries)
    _same_value(entries, optimum.value, (r"What is $N_{\mathrm{opt}}$ at $C = 10^{21}$ FLOPs?",))
    chance = ask("probability that a US city has more than 1,000,000 people", entries)
    _same_value(entries, chance.value, ("美国城市人口超过一百万的概率是多少？",))


def test_inline_tex_as_plain_text() -> None:
    """Math between dollar signs and its commands as plain words; money left alone."""
    from scalinglaws.ask._latex import plain

    assert plain(r"Given $C = 10^{23}$, what is $D_{\mathrm{opt}}$?") == (
        "Given C = 10^23 , what is D_opt ?"
    )
    assert plain(r"$\hat L(N = 10^9, D = 2\times 10^{10})$") == "L(N = 10^9, D = 2 × 10^10)"
    assert plain(r"the $\hat\beta$ of $b$") == "the beta of b"
    assert plain("it costs $5 to $10") == "it costs $5 to $10"


def test_a_story_told_before_asking_and_words_of_other_fields(entries: list[BundleEntry]) -> None:
    """A sentence before the asking one that tells the user's story or a claim names no
    year, measured word or quantity asked ("in 1850", "per head", "how fast"), while one
    that states the data does (India's cities); "actually find" is an intensifier;
    econometric and Taiwanese words (constant returns to scale, fitted value, 判定系数,
    概似比检定, 对数常态) and a book's or a package's test's value (书上, 自带的测试)."""
    alpha = ask("power-law exponent of city sizes", entries)
    _same_value(
        entries,
        alpha.value,
        (
            "My grandmother was born in 1850 and asked me how fast cities grow. What is the "
            "power-law exponent of city sizes?",
            "What power-law exponent did your fit actually find for city sizes?",
        ),
    )
    assert ask("Table row: India, city sizes 2011. Can you fill in the alpha?", entries).abstained
    gdp = _urban(entries)
    _same_value(
        entries,
        gdp.params["b"],
        (
            "A viral chart claims bigger metro areas are not more productive per head. What is "
            "the scaling exponent of metro GDP on population?",
        ),
    )
    _same_value(
        entries,
        gdp.test_exponent(1.0).statistic,
        ("What t statistic does the test of constant returns to scale give for metro GDP?",),
    )
    predicted = ask("What GDP does the fit predict for a metro area of 2 million people?", entries)
    _same_value(
        entries,
        predicted.value,
        ("What fitted value of GDP does the metro model give for 2 million residents?",),
    )
    _same_value(entries, gdp.r_squared, ("都市区GDP资料的回归式判定系数是多少？",))
    lognormal = _test(entries, "lognormal")
    _same_value(entries, lognormal.p_value, ("城市规模幂律跟对数常态分布的概似比检定 p 值",))
    published = sl.load_dataset("allometry/smatr_leaflife").meta["published"]
    answer = ask("叶寿命 smatr 程序包自带的测试里 SMA 斜率是多少", entries)
    assert (answer.kind, answer.value) == ("published", published["pub"]["sma"]["slope"])


def test_stories_labels_spoken_years_titles_and_eponyms(entries: list[BundleEntry]) -> None:
    """Round 14, second part: a story's weekday or quantity is not asked ("... on Friday.",
    "... how much energy animals burn."); a question of its own before a courtesy is no
    story (…是多少？劳您告诉我…); an exercise's item label "3(a)" is no symbol a; a year
    read aloud ("february eighth twenty twenty"); a work by its title (《红楼梦》) the
    result is not about; a test named after two people at the start ("Breusch-Pagan
    test ...") abstain."""
    alpha = ask("power-law exponent of city sizes", entries)
    _same_value(
        entries,
        alpha.value,
        (
            "I have a meeting with the city council on Friday. What is the power-law "
            "exponent of city sizes?",
            "My son wondered how much energy a city burns. What is the power-law exponent "
            "of city sizes?",
        ),
    )
    inflection = ask("inflection time of the US census logistic", entries)
    _same_value(
        entries,
        inflection.value,
        ("Exam question 3(a): using the US census logistic, state the inflection time.",),
    )
    forecast = ask("GGM forecast for 8 February 2020", entries)
    _same_value(
        entries, forecast.value, ("what does the GGM forecast for february eighth twenty twenty",)
    )
    published = ask("城市规模幂律指数的发表值是多少？", entries)
    _same_value(
        entries,
        published.value,
        ("我在写课件。城市规模幂律指数的发表值是多少？劳您告诉我那个数。",),
    )
    assert ask("《红楼梦》里城市规模的幂律指数是多少？", entries).abstained
    answer = ask(
        "Breusch-Pagan test for heteroskedasticity in the GDP regression: its p-value?", entries
    )
    assert answer.abstained


def test_numbers_read_aloud_and_labelled() -> None:
    """Years read aloud and days as ordinal words after their month; "may first" is none."""
    assert [n.value for n in mentions("nineteen ninety-five and twenty twenty-one").numbers] == [
        1995.0,
        2021.0,
    ]
    assert mentions("in nineteen oh five").numbers[0].value == 1905.0
    assert mentions("february eighth twenty twenty").dates[0] == pd.Timestamp("2020-02-08")
    assert mentions("what may first be seen").days == ()


def test_a_published_group_named_before_model(entries: list[BundleEntry]) -> None:
    """ "their persons model" names Leitão et al.'s persons group, as "'persons'" does."""
    published = sl.load_dataset("urban/usa_msa_gdp_2013").meta["published"]["pub"]
    answer = ask(
        "What GDP exponent beta did Leitão et al. report for their persons model?", entries
    )
    assert (answer.kind, answer.value) == ("published", published["persons"]["beta"])


def test_quoted_back_headers_own_acronyms_round_15(entries: list[BundleEntry]) -> None:
    """Round 15: a quantity quoted back with an approximate value (x_min约52, "K of about
    197") is not what is asked; "my MPH assignment" names the user's own; "PL" and
    "truncated PL"; a 【header】 and a "final year project" name nothing asked; what "the
    fit itself reports" is ours; "xmin 以上" is the tail; 实际检验 is the test's own p."""
    cities = _result(entries, "clauset2009/cities")
    _same_value(
        entries,
        cities.params["alpha"],
        (
            "城市规模拟合的x_min约52，幂律指数α是多少？",
            "For my MPH assignment: what is the power-law exponent of city sizes?",
            "【深度】城市规模的幂律指数α是多少？",
            "我的 final year project 要写城市规模的 tail exponent α，点估计是多少？",
        ),
    )
    _same_value(entries, cities.n_tail, ("城市规模 xmin 以上有多少个 observations？",))
    rate = ask("growth rate r of the US census logistic", entries)
    _same_value(entries, rate.value, ("With K of about 197, what is r of the US census logistic?",))
    truncated = _test(entries, "truncated_power_law")
    _same_value(entries, truncated.statistic, ("city sizes: PL vs truncated PL, LR stat?",))
    _same_value(
        entries,
        cities.stderr["alpha"],
        ("The paper gives the standard error of the city-size alpha as 0.08. What does the "
         "fit itself report?",),
    )  # fmt: skip
    mammals = _result(entries, "allometry/mammals_brain_body")
    _same_value(
        entries,
        mammals.test_exponent(0.75).p_value,
        ("哺乳动物脑重对体重实际检验b=0.75的p值是多少？",),
    )


def test_labels_notation_and_the_passive_round_15(entries: list[BundleEntry]) -> None:
    """Round 15, second part: a label of the user's work before a colon ("MPH review:",
    "For the energy briefing:", 批改学生报告：) asks nothing, not even a published value;
    P(X>=k) is a tail probability; the passive voice ("when the GDP exponent was tested
    against 1", "the verdict given to the power law", "at what x_min was the tail cut
    off"); the uncertainty a paper printed on a value is its error."""
    cities = _result(entries, "clauset2009/cities")
    _same_value(
        entries,
        cities.params["alpha"],
        (
            "MPH review: what is the power-law exponent of city sizes?",
            "For the energy briefing: what is the power-law exponent of city sizes?",
            "批改学生报告：城市规模的幂律指数是多少？",
        ),
    )
    assert ask("批改学生报告：城市规模的幂律指数是多少？", entries).kind == "fitted"
    chance = ask("probability of a city size of at least 1000", entries)
    _same_value(entries, chance.value, ("city sizes fitted P(X>=1000)?",))
    _same_value(
        entries,
        _urban(entries).test_exponent(1.0).statistic,
        ("What t statistic was obtained when the GDP exponent was tested against 1?",),
    )
    _same_value(entries, cities.xmin, ("At what x_min was the tail of city sizes cut off?",))
    verdict = ask("Which verdict was given to the power law for city sizes?", entries)
    assert not verdict.abstained
    assert verdict.result == "clauset2009/cities"
    published = sl.load_dataset("clauset2009/cities").meta["published"]
    answer = ask("What uncertainty did Clauset et al. print on the city-size alpha?", entries)
    assert (answer.kind, answer.value) == ("published", published["alpha_err"])


def test_tickets_sample_sizes_and_set_phrases_round_16(entries: list[BundleEntry]) -> None:
    """Round 16: a ticket's number (INC-4471; not GPT-4) names nothing; a stated sample size
    ("n=381") is no input; P(X >= k); "the published ... fit report" is the published
    value; set phrases of a Zhihu answer (谢邀, 先说结论: no verdict asked); 上下限 asks for the
    interval; "4500个起点" is how a fit was started, not x_min; "on their own runs" is no
    subsample."""
    cities = _result(entries, "clauset2009/cities")
    _same_value(
        entries,
        cities.params["alpha"],
        (
            "INC-4471 postmortem, impact section. What is the power-law exponent of city sizes?",
            "谢邀。先说结论，再讲过程：城市规模的幂律指数α是多少？",
            "Reviewer 2: the applicants base it on their own runs. What is the power-law "
            "exponent of city sizes?",
        ),
    )
    assert ask("What is the irreducible loss of GPT-4?", entries).abstained
    chance = ask("probability of a city size of at least 1000", entries)
    _same_value(entries, chance.value, ("city sizes, P(X >= 1000) per the tail fit?",))
    interval = ask("城市规模的幂律指数α的95%置信区间", entries)
    answer = ask("城市规模的幂律指数α的95%区间是多少？上下限都要。", entries)
    assert answer.interval == pytest.approx(interval.interval)
    smatr = sl.load_dataset("allometry/smatr_leaflife").meta["published"]["pub"]
    answer = ask(
        "Checking the smatr 3 documentation for a reader: what elevation does the published "
        "major axis (MA) fit report for leaf lifespan?",
        entries,
    )
    assert (answer.kind, answer.value) == ("published", smatr["ma"]["elevation"])
    published = sl.load_dataset("neural/epoch_chinchilla").meta["published"]
    answer = ask("Epoch用Huber损失之和、4500个起点的网格拟合，公布的alpha是多少？", entries)
    assert (answer.kind, answer.value) == (
        "published",
        published["epoch2024_grid_huber_sum"]["alpha"],
    )


def test_inputs_with_units_formulas_and_codes_round_16(entries: list[BundleEntry]) -> None:
    """Round 16, second part: a number with a unit is the input beside a bare count ("the 62
    mammals ... a 100 kg mammal"); a formula's symbols are the law's (brain = a·body^b);
    等比例 is the test against 1; P(pop >= 200 thousand) is a population; a country's code
    the result is about ("CN" of China's cases) names nothing foreign; a file no result
    carries abstains even when no quantity is named."""
    brain = ask("brain mass of a 100 kg mammal", entries)
    _same_value(
        entries,
        brain.value,
        ("Going by the brain-body scaling of the 62 mammals, how heavy a brain would a 100 kg "
         "mammal have?",),
    )  # fmt: skip
    mammals = _result(entries, "allometry/mammals_brain_body")
    answer = ask(
        "哺乳动物脑重-体重幂律 brain = a·body^b 中，系数a（克）的95%置信区间是多少？", entries
    )
    assert answer.value == pytest.approx(mammals.params["a"])
    assert answer.interval is not None
    _same_value(
        entries,
        mammals.test_exponent(1.0).statistic,
        ("解答题：哺乳动物脑重对体重的指数b，检验b = 1（等比例）的t统计量是多少？",),
    )
    chance = ask("probability that a US city has more than 200,000 people", entries)
    _same_value(entries, chance.value, ("city sizes, P(pop >= 200 thousand) per the tail fit?",))
    ggm = ask("GGM deceleration p of China's cumulative cases", entries)
    _same_value(entries, ggm.value, ("covid CN cum cases, GGM deceleration p?",))
    assert ask("my_runs_final.csv: E + 95% CI?", entries).abstained


def test_corrections_analogies_and_own_reviews_round_17(entries: list[BundleEntry]) -> None:
    """Round 17: "No, I meant ..." is no mean; an analogy before a colon ("Like a pitcher's
    ERA over a season:") names nothing asked; "optimal D" and 最优的训练token数D are the
    compute-optimal tokens; a thesis's or a literature review's label (博士论文要用：,
    做文献综述) asks for no published value; 判断题 asks for no verdict."""
    cities = _result(entries, "clauset2009/cities")
    _same_value(
        entries,
        cities.params["alpha"],
        (
            "No, I meant the power-law exponent of city sizes, not the x_min.",
            "Like a pitcher's ERA over a season: what is the power-law exponent of city sizes?",
            "判断题：城市规模的幂律指数α大于2。请先给出α。",
        ),
    )
    answer = ask("生态学博士论文要用：城市规模幂律指数α的95%置信区间是多少？", entries)
    assert answer.kind == "fitted"
    answer = ask("做文献综述，城市规模幂律指数的标准误是多少？", entries)
    assert (answer.kind, answer.value) == ("fitted", pytest.approx(cities.stderr["alpha"]))
    tokens = ask("compute-optimal training tokens at 1e21 FLOPs", entries)
    _same_value(
        entries,
        tokens.value,
        (
            "Chinchilla fit: optimal D at 1e21 FLOPs?",
            "龙猫拟合在1e21 FLOPs算力下最优的训练token数D是多少？",
        ),
    )


def test_words_away_from_the_asked_phrase_round_18(entries: list[BundleEntry]) -> None:
    """Round 18: a quantity word said away from the phrase asked for ("Source needed.",
    "for my forecast slides", 对一下数据来源) need not be carried by the answer of the
    result the question names; one written beside it (拟合优度p值 of a relation without a
    goodness-of-fit test, "the Poisson LR statistic" of a result not compared with the
    Poisson) still is, and abstains."""
    cities = _result(entries, "clauset2009/cities")
    gdp = _result(entries, "urban/usa_msa_gdp_2013")
    census = _result(entries, "growth/us_census_1790_2000")
    alpha, k = cities.params["alpha"], census.params["K"]
    asked = {
        "Source needed. What power-law exponent alpha do we get for the city sizes?": alpha,
        "对一下数据来源：美国城市规模的幂律指数α是多少？": alpha,
        "What R-squared does the metro GDP fit have, for my forecast slides?": gdp.r_squared,
        "What carrying capacity of the US census logistic fit should my forecast use?": k,
    }
    _each_value(entries, asked)
    for kept in (
        "美国都市区GDP标度关系的拟合优度p值是多少？",
        "What is the Poisson LR statistic of the city sizes?",
    ):
        assert ask(kept, entries).abstained, kept
    # a file name written straight before Chinese is still a file no result carries
    assert ask("cities_2010.csv拟合的幂律指数α是多少？", entries).abstained


def test_labels_places_inputs_and_comparisons_round_19(entries: list[BundleEntry]) -> None:
    """Round 19: a label before a colon that names nothing of its own ("For a chapter on
    Gilded-Age demography:") is not asked; a Chinese city or province named with its
    suffix (深圳市) is a place China's cases do not cover; a soft word beside an input asks
    for the prediction there (模型给出); 大于等于 is the tail's comparison, not a test;
    "when we test" joins a clause; 他们复现的 asks for the replication's published value.
    (A data set linked only through words of its title, 压力测试 of the blackouts: in
    tests/test_ask_eval.py, whose results hold the blackouts.)"""
    census = _result(entries, "growth/us_census_1790_2000")
    gdp = _result(entries, "urban/usa_msa_gdp_2013")
    cities = _result(entries, "clauset2009/cities")
    r = census.params["r"]
    _same_value(
        entries,
        r,
        ("Chapter on Gilded-Age demography: what growth rate r did the census logistic give?",),
    )
    assert ask("请问深圳市的新冠累计确诊在2020年2月8日的预测是多少？", entries).abstained
    assert ask("请问中国的新冠累计确诊在2020年2月8日的预测是多少？", entries).value is not None
    at = ask("用美国人口普查的logistic拟合，模型给出1850年的人口是多少百万？", entries)
    assert at.value == pytest.approx(float(census.predict(np.array([1850.0]))[0]))
    answer = ask("城市规模数据中取值大于等于1000的概率是多少？", entries)
    assert answer.value == pytest.approx(float(cities.predict(np.array([1000.0]))[0]))
    test = ask("What is the p-value when we test whether the metro GDP exponent equals 1?", entries)
    assert test.value == pytest.approx(gdp.test_exponent(1.0).p_value)
    replication = ask("Epoch拟合，他们复现的A是多少？", entries)
    assert (replication.kind, replication.abstained) == ("published", False)


def test_facts_listed_before_the_question_and_asides_round_20(entries: list[BundleEntry]) -> None:
    """Round 20: what comes before the question proper ("Question:", "Q:", 问题：, 问个问题：
    after a list of facts or a greeting; "Anyway, back to the point:" after an aside)
    names the result but asks nothing: not its formula's symbols ("model: L = E + A/N^α +
    B/D^β"), its subsample words (只看尾部) or its unknown names (Dubai, 快乐); 标度 alone
    (标度拟合, a scaling fit) is no exponent; a label naming one result ("Pitching our
    city-analytics startup:") is not asked when the words after it name another."""
    census = _result(entries, "growth/us_census_1790_2000")
    cities = _result(entries, "clauset2009/cities")
    gdp = _result(entries, "urban/usa_msa_gdp_2013")
    neural = _result(entries, "neural/epoch_chinchilla")
    asked = {
        "What's the tallest building in Dubai? Anyway, back to the point: the growth rate r "
        "of the US census logistic.": census.params["r"],
        "新年快乐！问个问题：logistic拟合的增长率r是多少？": census.params["r"],
        "背景：1. 美国2000年普查的城市人口；2. 只看尾部。问题：幂律指数α是多少？": cities.params[
            "alpha"
        ],
        "- data: Chinchilla training runs\n- model: L = E + A/N^α + B/D^β\nQ: what is β?": (
            neural.params["beta"]
        ),
        "内参材料：美国大都市区GDP与人口标度拟合的R²是多少？": gdp.r_squared,
        "Pitching our city-analytics startup: what GDP does the metro scaling law predict for "
        "a metro of 2 million people?": float(gdp.predict(np.array([2e6]))[0]),
    }
    _each_value(entries, asked)


def test_formats_tools_listed_values_and_told_inputs_round_21(entries: list[BundleEntry]) -> None:
    """Round 21: where the user reads or writes the answer (a JSON dump, 结果包的字段, 维基条目)
    names no data; "Which slope is listed?" asks for the published value named before it;
    承载量 is the carrying capacity; and when every quantity word lies in a story told
    before the question ("... how brain mass scales with body size."), a size named with its
    unit asks for the prediction there."""
    cities = _result(entries, "clauset2009/cities")
    census = _result(entries, "growth/us_census_1790_2000")
    mammals = _result(entries, "allometry/mammals_brain_body")
    asked = {
        "In the JSON dump of the bundle, what is the key alpha for the city sizes?": (
            cities.params["alpha"]
        ),
        "结果包JSON里，人口普查logistic拟合的r字段是多少？": census.params["r"],
        "I need to explain to my son how brain mass scales with body size. With the mammals "
        "fit, what brain mass in grams for an animal of 30 kg?": float(
            mammals.predict(np.array([30.0]))[0]
        ),
    }
    _each_value(entries, asked)
    listed = ask("The glossary wants the leaf lifespan SMA slope as published by smatr. "
                 "Which slope is listed?", entries)  # fmt: skip
    assert listed.kind == "published"
    capacity = ask("写维基条目：Pearl和Reed 1920年发表的承载量K是多少？", entries)
    assert (capacity.kind, capacity.abstained) == ("published", False)


def test_declined_papers_quoted_lines_and_classical_words_round_22(
    entries: list[BundleEntry],
) -> None:
    """Round 22: a published cue said only where it is declined ("ours, not the paper's")
    or in a label of the user's work ("Audit finding 7, for the workpapers:") asks for our
    fit; a line quoted from an earlier message ("> ... near 1925.") names no year asked;
    所刊 is published; 如果要报告 is "to report", not a report; "the odds" is a probability;
    伸展指数分布 is the stretched exponential."""
    cities = _result(entries, "clauset2009/cities")
    census = _result(entries, "growth/us_census_1790_2000")
    for question in (
        "What alpha does the refit give for the city sizes (ours, not the paper's)?",
        "Audit finding 7, for the workpapers: state the fitted power-law exponent alpha of the "
        "city sizes.",
    ):
        answer = ask(question, entries)
        assert (answer.kind, answer.value) == ("fitted", pytest.approx(cities.params["alpha"]))
    quoted = ask(
        "> The census logistic puts the inflection near 1925.\n\n"
        "What is the inflection year, with its 95% interval?",
        entries,
    )
    assert quoted.value == pytest.approx(census.params["tm"])
    assert ask("敢问：Clauset等人所刊城市规模之alpha几何？", entries).kind == "published"
    assert (
        ask("如果要报告城市规模幂律拟合的尾部样本数n_tail，应该是多少？", entries).kind == "fitted"
    )
    odds = ask(
        "What are the odds, per the fitted tail, that a US city has 1000 thousand people or more?",
        entries,
    )
    assert odds.value == pytest.approx(float(cities.predict(np.array([1000.0]))[0]))
    stretched = next(c for c in cities.comparisons if c.alternative == "stretched_exponential")
    answer = ask("城市规模的幂律对伸展指数分布的归一化对数似然比是多少？", entries)
    assert answer.value == pytest.approx(stretched.statistic)


def test_reference_keys_spoken_multipliers_and_reviewers_round_23(
    entries: list[BundleEntry],
) -> None:
    """Round 23: a citation key, an arXiv number, a DOI or a URL pasted with the question
    ("[pearl1920rate]", "arXiv:0706.1062 (clauset2009powerlaw)") names nothing and is no
    input; "mil", "bil", "kilos" and 个亿 are multipliers and units; a report's or a
    reviewer's label ("Weekly report:", 审稿意见1：) and a request to the authors (请作者给出)
    ask for our fit, not a published value."""
    cities = _result(entries, "clauset2009/cities")
    census = _result(entries, "growth/us_census_1790_2000")
    gdp = _result(entries, "urban/usa_msa_gdp_2013")
    mammals = _result(entries, "allometry/mammals_brain_body")
    neural = _result(entries, "neural/epoch_chinchilla")
    asked = {
        "Re arXiv:0706.1062 (clauset2009powerlaw): what alpha did the fit find for the city "
        "sizes?": cities.params["alpha"],
        "[pearl1920rate] What carrying capacity K did the census logistic give?": census.params[
            "K"
        ],
        "What GDP does the metro fit predict for a metro of 3 mil people?": float(
            gdp.predict(np.array([3e6]))[0]
        ),
        "Brain mass of a 60 kilos mammal per the fit, in grams?": float(
            mammals.predict(np.array([60.0]))[0]
        ),
        "What loss would the Chinchilla fit give a model of 20 bil params trained on 400 bil "
        "tokens?": float(np.ravel(neural.predict(2e10, 4e11))[0]),
        "Chinchilla：3千万参数、6个亿token的预测损失是多少？": float(
            np.ravel(neural.predict(3e7, 6e8))[0]
        ),
    }
    _each_value(entries, asked)
    for question in (
        "Weekly report: what alpha did the power law get for the city sizes?",
        "审稿意见1：请作者给出人口普查logistic拟合增长率r的95%置信区间。",
    ):
        assert ask(question, entries).kind == "fitted", question


def test_corrections_own_papers_and_exam_labels_round_24(entries: list[BundleEntry]) -> None:
    """Round 24: what the asker takes back ("the prefactor, no wait, the standard error of
    the exponent", "the x_min, sorry, I meant the number in the tail") is declined like a
    negation; "my city paper" is the user's own writing (up to two words between "my" and
    the document); an exam's label (考前复习：) asks nothing."""
    mammals = _result(entries, "allometry/mammals_brain_body")
    cities = _result(entries, "clauset2009/cities")
    growth = _result(entries, "epidemics/sarscov2_who_2020")
    answer = ask(
        "Give me the prefactor, no wait, the standard error of the exponent of the mammals "
        "brain fit.",
        entries,
    )
    assert answer.value == pytest.approx(mammals.stderr["b"])
    answer = ask(
        "What's the x_min, sorry, I meant the number of observations in the tail, for the city "
        "sizes?",
        entries,
    )
    assert answer.value == pytest.approx(cities.n_tail)
    answer = ask("For my city paper: give the 95% interval of alpha for the city sizes.", entries)
    assert (answer.kind, answer.value) == ("fitted", pytest.approx(cities.params["alpha"]))
    # an article between "my" and the document word ends the user's phrase: the paper's
    # (Clauset, Shalizi & Newman 2009, as the catalogue records it)
    published = sl.load_dataset("clauset2009/cities").meta["published"]
    answer = ask("In my opinion the paper's alpha for the city sizes is what?", entries)
    assert (answer.kind, answer.value) == ("published", published["alpha"])
    answer = ask("考前复习：广义增长模型的减速参数p的标准误是多少？", entries)
    assert answer.value == pytest.approx(growth.stderr["p"])


def test_a_census_year_names_the_data_round_25(entries: list[BundleEntry]) -> None:
    """Round 25 (test24 showed round 19's prediction reading too wide): the year of "the
    2000 census" (2000年人口普查) says which data, so a count asked of the cities' tail is the
    tail's size, not the census curve's value in 2000."""
    cities = _result(entries, "clauset2009/cities")
    for question in (
        "Trivia check: how many US cities are in the power-law tail of the 2000 census fit?",
        "2000年人口普查的美国城市，幂律尾部有多少个城市？",
    ):
        answer = ask(question, entries)
        assert (answer.result, answer.value) == ("clauset2009/cities", cities.n_tail), question


def test_optimal_symbols_and_markdown_round_26(entries: list[BundleEntry]) -> None:
    """Round 26: at a compute budget, "the parameter count N" is the optimum's N_opt (the
    law's input N is no value to look up); Markdown's emphasis (**Epoch**, `E`) is
    typography, not content."""
    neural = _result(entries, "neural/epoch_chinchilla")
    optimal = neural.compute_optimal([3e21]).iloc[0]
    answer = ask(
        "On call: compute-optimal parameter count N for a 3e21 FLOP budget under the Chinchilla "
        "fit?",
        entries,
    )
    assert answer.value == pytest.approx(float(optimal["N_opt"]))
    assert ask("Chinchilla拟合的`A`是多少？", entries).value == pytest.approx(neural.params["A"])
    answer = ask("What `E` did **Epoch** publish for the Chinchilla fit?", entries)
    assert (answer.kind, answer.abstained) == ("published", False)


def test_rhetorical_words_round_27(entries: list[BundleEntry]) -> None:
    """Round 27: 难道…不是…吗？…到底是多少？ (isn't it ...? what is it, really?) asks for the
    value; 难道 and 到底 name nothing. (Forecast steps by name, h3 or 提前4天: in
    tests/test_ask_eval.py, whose results hold the ensemble.)"""
    answer = ask("难道 Leitão 等人的 persons beta 不是 1.2 吗？发表值到底是多少？", entries)
    assert (answer.kind, answer.abstained) == ("published", False)


def test_the_actual_value_after_a_claimed_one_round_28(entries: list[BundleEntry]) -> None:
    """Round 28: after a value claimed ("My notes say ... is 2.5."), "what did the fit
    actually give?", "the actual value", 实际值 ask for that quantity's value: "actual" is
    an intensifier there, not the actual (observed) value of a target run."""
    cities = _result(entries, "clauset2009/cities")
    mammals = _result(entries, "allometry/mammals_brain_body")
    _each_value(
        entries,
        {
            "My notes say the city-size exponent is 2.5. What did the fit actually give?": (
                cities.params["alpha"]
            ),
            "I was told the city-size x_min is about 100. Tell me the actual value.": (
                cities.params["xmin"]
            ),
            "听说哺乳动物脑重对体重的指数是0.66，请告诉我实际值。": mammals.params["b"],
        },
    )
    answer = ask(
        "Isn't the published alpha of the US city sizes 2.5? Tell me the actual published figure.",
        entries,
    )
    assert (answer.kind, answer.abstained) == ("published", False)


def test_a_reported_clause_before_a_semicolon_round_28(entries: list[BundleEntry]) -> None:
    """Round 28 (test29's reviewers): "The authors report ...; what is ...?" and 作者报告了…；
    请问… say in the first clause what is asked about; its "report" (报告) and "cite" ask for
    no published value and no citation, while "published" after the semicolon still does."""
    urban = _urban(entries)
    low, high = urban.conf_int().loc["b", ["lower", "upper"]]
    answer = ask("作者报告了美国都市区GDP与人口的拟合；请问指数b的95%置信区间是多少？", entries)
    assert (answer.kind, answer.interval) == ("fitted", pytest.approx((low, high)))
    answer = ask(
        "The authors report a power-law fit to the US city sizes; what is its x_min?", entries
    )
    cities = _result(entries, "clauset2009/cities")
    assert (answer.kind, answer.value) == ("fitted", pytest.approx(cities.params["xmin"]))
    alpha = _published("neural/epoch_chinchilla")["hoffmann2022"]["alpha"]  # Hoffmann et al.
    answer = ask(
        "The authors cite Hoffmann et al.'s original estimates; what is the published alpha there?",
        entries,
    )
    assert (answer.kind, answer.value) == ("published", pytest.approx(alpha))


def test_a_label_that_declines_one_source_for_another_round_28(
    entries: list[BundleEntry],
) -> None:
    """Round 28 (test29): 不是拟合值，是Clauset等人发表的：… is no scene label to set aside:
    it declines our fit for the paper's value, which is what is asked."""
    alpha = _published("clauset2009/cities")["alpha"]  # Clauset, Shalizi & Newman (2009)
    answer = ask("不是拟合值，是Clauset等人发表的：美国城市规模的alpha是多少？", entries)
    assert (answer.kind, answer.value) == ("published", pytest.approx(alpha))


def test_a_role_label_before_a_colon_round_28(entries: list[BundleEntry]) -> None:
    """Round 28 (test25-27's roles): a label that names nothing in the results (药剂科主任：,
    "For the night-shift nurse:") is set aside when the words after it ask for a quantity
    and name a result or a date, step or budget, even by no phrase of its own
    (集成预测…); one that names nothing and is followed by nothing to anchor the answer
    stays ("For the cyber-policy brief: the fitted power-law exponent of data-breach
    sizes?" names other data)."""
    median = _ensemble_median(entries, "2020-02-10")
    for question in (
        "药剂科主任：集成预测2020年2月10日的中位数是多少？",
        "For the night-shift nurse: the ensemble's median for 10 February 2020?",
    ):
        assert ask(question, entries).value == pytest.approx(median), question
    question = "For the cyber-policy brief: the fitted power-law exponent of data-breach sizes?"
    assert ask(question, entries).abstained


def test_words_dates_and_names_of_test30_round_28(entries: list[BundleEntry]) -> None:
    """Round 28 (test30's askers): a possessive does not join its "s" to the next word
    ("the tail's lower cutoff" is no "slower cutoff"); "give or take how much", 上下浮动
    ask for the standard error; "half its carrying capacity" is the inflection; "sitrep"
    and 世卫通报 name the WHO situation reports; 2020/2/10 and a day-first 10/2/2020 are
    dates; a value in brackets (按人口（persons）) names a published group; "ln a" is a
    prefactor's log; "citing" in a label is the user's citing, not a citation asked for."""
    cities = _result(entries, "clauset2009/cities")
    urban = _urban(entries)
    growth = _result(entries, "epidemics/sarscov2_who_2020")
    census = _result(entries, "growth/us_census_1790_2000")
    median = _ensemble_median(entries, "2020-02-10")
    _each_value(
        entries,
        {
            "For the US cities, the tail's lower cutoff?": cities.params["xmin"],
            "The US city-size exponent: give or take how much?": cities.stderr["alpha"],
            "都市区GDP指数b上下浮动多少？": urban.stderr["b"],
            "In which year does the census logistic reach half its carrying capacity?": (
                census.derived().loc["inflection_time", "estimate"]
            ),
            "WHO sitrep GGM: the growth rate r?": growth.params["r"],
            "世卫通报GGM拟合的减速参数p是多少？": growth.params["p"],
            "集成预测2020/2/10的中位数？": median,
            "Dates written day first: the ensemble's median for 10/2/2020?": median,
        },
    )
    persons = _published("urban/usa_msa_gdp_2013")["pub"]["persons"]["beta"]  # Leitão et al.
    answer = ask("Leitão等人发表的按人口（persons）模型的beta？", entries)
    assert (answer.kind, answer.value) == ("published", pytest.approx(persons))
    ln_a = _published("allometry/mammals_brain_body")["pub"]["ln_a"]  # MASS's mammals
    answer = ask("The textbook's published ln a for the mammal brain-body relation?", entries)
    assert (answer.kind, answer.value) == ("published", pytest.approx(ln_a))
    answer = ask("ML researcher citing the metro GDP fit: its exponent b?", entries)
    assert (answer.kind, answer.value) == ("fitted", pytest.approx(urban.params["b"]))


def test_a_law_named_in_passing_round_28(entries: list[BundleEntry]) -> None:
    """Round 28 (test28): "Kleiber" beside an exponent asked, with no test word and no
    number to test against, names the law the user has in mind, not a test of it."""
    mammals = _result(entries, "allometry/mammals_brain_body")
    _each_value(
        entries,
        {
            "Teaching Kleiber's law from the mammal brain-body data: what exponent b came out?": (
                mammals.params["b"]
            ),
            "kleiber exponent stderr mammal brain body fit": mammals.stderr["b"],
        },
    )


def test_options_listed_and_one_chosen_round_28(entries: list[BundleEntry]) -> None:
    """Round 28 (test31): "(a) alpha (b) x_min ... I need (b)", （甲）…（乙）…，我要甲: only the
    chosen option is asked; a lone bracketed letter chooses nothing."""
    cities = _result(entries, "clauset2009/cities")
    _each_value(
        entries,
        {
            "For the US city sizes: (a) alpha (b) x_min (c) n_tail. I need (b).": (
                cities.params["xmin"]
            ),
            "美国城市规模：（甲）x_min（乙）alpha，我要乙。": cities.params["alpha"],
            "US city sizes: (1) x_min (2) the standard error of alpha. Give me (2).": (
                cities.stderr["alpha"]
            ),
        },
    )
    lone = "US city sizes, I need (a): the standard error of alpha?"
    assert chosen_option(lone) == lone


def test_where_the_asker_is_is_not_asked_round_28(entries: list[BundleEntry]) -> None:
    """Round 28 (test32): a place said of the asker before the result's own place and
    before the question asks ("Urban economist from Portugal looking at the American
    data: ...", 我是研究美国数据的葡萄牙城市经济学家：…) is not what is asked; one named in
    the asking words still is."""
    urban = _urban(entries)
    _each_value(
        entries,
        {
            "Urban economist from Portugal looking at the American data: what exponent b "
            "did you fit for GDP across the US metros?": urban.params["b"],
            "我是研究美国数据的葡萄牙城市经济学家：美国都市区GDP指数b是多少？": urban.params["b"],
        },
    )
    question = "What is the GDP exponent of Portuguese metros, compared with the US ones?"
    assert ask(question, entries).abstained


# --- round 29 (test34, test35) -------------------------------------------------------------
def test_a_capital_a_and_a_fitted_value_round_29(entries: list[BundleEntry]) -> None:
    """Round 29: a capital "A" inside a sentence before a function word is the symbol
    ("What value of A did Hoffmann et al. publish ..."), and "fitted value" beside a
    parameter with no input is the estimate ("the chinchilla E fitted value"), not the
    curve's value at an input (which "the fitted value for ... in 1900" still asks)."""
    neural = _result(entries, "neural/epoch_chinchilla")
    hoffmann = _published("neural/epoch_chinchilla")["hoffmann2022"]
    _each_value(
        entries,
        {
            "What value of A did Hoffmann et al. publish for the Chinchilla loss?": hoffmann["A"],
            "What is the chinchilla E fitted value?": neural.params["E"],
        },
    )
    census = _result(entries, "growth/us_census_1790_2000")
    answer = ask("What is the fitted value for the US population in 1900?", entries)
    assert answer.value == pytest.approx(float(census.predict([1900.0])[0]))


def test_a_sign_off_after_the_question_round_29(entries: list[BundleEntry]) -> None:
    """Round 29: thanks, greetings and a signature after the question are no part of it
    (their names and places are the asker's); a sentence after them that says more is."""
    alpha = entries[0].result.params["alpha"]
    _each_value(
        entries,
        {
            "What is the alpha of the US city sizes? Thanks in advance, Maria.": alpha,
            "What is the alpha of the US city sizes? Thanks - Dr. Okafor, Lagos": alpha,
            "What is the alpha of the US city sizes? Also, happy Friday!": alpha,
        },
    )
    # answered before the rule too (a Chinese name is no unknown word): kept as a guard
    assert ask("美国城市规模的幂律指数是多少？谢谢！——上海 王老师", entries).value == alpha
    assert ask(
        "What is the alpha of the city sizes? Thanks! For the Brazilian ones.", entries
    ).abstained


def test_a_role_label_and_the_askers_words_round_29(entries: list[BundleEntry]) -> None:
    """Round 29: a person's role before a colon (数据记者：, 一位听众来信：) says who asks
    whatever phrase it holds (数据), and a named growth law anchors what follows; "you"
    names no data set; "Actuary" is no misspelt "actually"; "I intend to quote it" is
    the user's intent, not a published cue."""
    ggm = _result(entries, "epidemics/sarscov2_who_2020")
    neural = _result(entries, "neural/epoch_chinchilla")
    median = _ensemble_median(entries, "2020-02-10")
    _each_value(
        entries,
        {
            "一位听众来信：GGM的增长率r的标准误是多少？": ggm.stderr["r"],
            "数据记者：GGM的减速参数p是多少？": ggm.params["p"],
            "Could you tell me the ensemble forecast for 10 February 2020?": median,
            "Actuary here. What's the standard error of the city-size alpha?": (
                entries[0].result.stderr["alpha"]
            ),
            "What is the standard error of the Chinchilla fit's beta, as read off by Epoch AI? "
            "I intend to quote it with due caution.": neural.stderr["beta"],
        },
    )


def test_a_published_group_before_its_model_and_an_ensemble_round_29(
    entries: list[BundleEntry],
) -> None:
    """Round 29: a published group's name before 模型 ("Leitão等人公布的persons模型beta")
    names that group; 预测集合 is an ensemble forecast."""
    persons = _published("urban/usa_msa_gdp_2013")["pub"]["persons"]["beta"]
    assert ask("Leitão等人公布的persons模型beta是多少？", entries).value == pytest.approx(persons)
    median = _ensemble_median(entries, "2020-02-10")
    assert ask("新冠预测集合2月10日的95%区间？", entries).value == pytest.approx(median)


def test_two_things_asked_and_one_held_round_29(entries: list[BundleEntry]) -> None:
    """Round 29: a question asking two things of which the results hold the first is
    answered with the first, and says the rest is not in these results; when the first
    is not held either, it abstains."""
    census = _result(entries, "growth/us_census_1790_2000")
    alpha = entries[0].result.params["alpha"]
    for question, value in {
        "What carrying capacity K does the US census logistic fit give, and what would it "
        "be for Argentina?": census.params["K"],
        "美国城市规模的幂律指数是多少？日本的又是多少？": alpha,
        "Give me the US city-size alpha, and also the alpha for Brazil if you have it.": alpha,
    }.items():
        answer = ask(question, entries)
        assert answer.value == pytest.approx(value), question
        assert "Not in these results" in answer.text, question
        assert answer.note, question
    assert ask(
        "What is the alpha of Brazilian city sizes, and what is it for the US?", entries
    ).abstained


def test_a_test_against_a_number_a_gloss_and_a_headline_round_29(
    entries: list[BundleEntry],
) -> None:
    """Round 29 (test34, test35): "tested against 0.8" (and "against proportionality") is
    a test that the exponent equals that number; a definition in brackets after a symbol
    ("n_tail (the observations at or above x_min)") describes it, so its words need not
    be carried; Epoch的头条结果 names Epoch's headline group, as "Epoch's headline" does."""
    mammals = _result(entries, "allometry/mammals_brain_body")
    urban = _urban(entries)
    cities = entries[0].result
    headline = _published("neural/epoch_chinchilla")["epoch2024_headline"]
    _each_value(
        entries,
        {
            "What p-value comes out when the mammal brain exponent is tested against 0.8?": (
                mammals.test_exponent(0.8).p_value
            ),
            "美国城市规模的n_tail（x_min及以上的观测数）是多少？": cities.n_tail,
            "Epoch头条结果里E的标准误是多少？": headline["E_se"],
        },
    )
    # answered before the rule too; "tested against" must not turn it into a comparison
    question = (
        "What t statistic does the metro GDP exponent get when tested against proportionality?"
    )
    assert ask(question, entries).value == pytest.approx(urban.test_exponent(1.0).statistic)


def test_units_symbols_tests_and_intensifiers_round_29(entries: list[BundleEntry]) -> None:
    """Round 29 (test36, test37): a Chinese measure word before a unit (1.4e11个token);
    a Chinese word right before a symbol introduces it (指数p of the GGM is its p); "b =
    2/3" beside a p-value is the test that the exponent equals 2/3; 实际判定 asks for the
    verdict itself; 機率 (Taiwan's "probability") after traditional characters."""
    neural = _result(entries, "neural/epoch_chinchilla")
    ggm = _result(entries, "epidemics/sarscov2_who_2020")
    mammals = _result(entries, "allometry/mammals_brain_body")
    cities = entries[0].result
    loss = float(neural.predict(np.array([7e9]), np.array([1.4e11]))[0])
    _each_value(
        entries,
        {
            "按Chinchilla拟合，7e9参数、1.4e11个token训练出来的损失是多少？": loss,
            "For the mammal brain-body exponent, what p-value does a test of b = 2/3 give?": (
                mammals.test_exponent(2 / 3).p_value
            ),
            "美國城市人口的擬合中，城市人口不少於１５０千人的機率是多少？": float(
                cities.predict([150.0])[0]
            ),
        },
    )
    answer = ask("GGM拟合中指数p的95%区间是多少？", entries)
    assert answer.interval == pytest.approx(tuple(ggm.conf_int().loc["p", ["lower", "upper"]]))
    verdict = ask("我以为美国城市人口尾部的支持度是good，实际判定是什么？", entries)
    assert not verdict.abstained
    assert verdict.text.startswith("moderate support")


def test_openings_that_name_no_data_round_29(entries: list[BundleEntry]) -> None:
    """Round 29 (test36, test37): a verb opening a label ("Analysing the ensemble
    forecast:") names no data set; a word after an emoji starts a sentence ("📈 Love this
    plot!"); "For the Wikipedia page on ...:" is the user's work; a role before a Chinese
    comma (读流行病学硕士，) says who asks, and 想知道 asks nothing of its own."""
    census = _result(entries, "growth/us_census_1790_2000")
    mammals = _result(entries, "allometry/mammals_brain_body")
    _each_value(
        entries,
        {
            "Analysing the ensemble forecast: what is its median for 9 February 2020?": (
                _ensemble_median(entries, "2020-02-09")
            ),
            "📈 Love this plot! What is the standard error of K in the US census logistic?": (
                census.stderr["K"]
            ),
            "For the Wikipedia page on brain-to-body mass ratio: what exponent b does the "
            "mammal brain-body regression give?": mammals.params["b"],
            "读流行病学硕士，想知道集成预测在2020年2月10日的中位数是多少？": _ensemble_median(
                entries, "2020-02-10"
            ),
        },
    )


def test_requests_reproductions_and_whether_round_29(entries: list[BundleEntry]) -> None:
    """Round 29 (test38, test39): "Report the ..." opening a sentence is the user's
    request, not a published cue; "Reproducing Leitao et al.: ... does our fit get?" asks
    for the reproduction's value (复现…发表的 still asks for the published one); 是不是
    ("whether") declines nothing (指数是不是和1有显著差异？p值…); "likely" is no "likes" of
    posts; 正负多少 asks for the standard error."""
    neural = _result(entries, "neural/epoch_chinchilla")
    urban = _urban(entries)
    cities = entries[0].result
    _each_value(
        entries,
        {
            "Report the standard error of the Chinchilla fit's beta.": neural.stderr["beta"],
            "Reproducing Leitao et al.: what standard error of the metro GDP exponent b does "
            "our fit get?": urban.stderr["b"],
            "美国都市区GDP的指数是不是和1有显著差异？p值多少？": urban.test_exponent(1.0).p_value,
            "美国城市规模的幂律是不是优于指数分布？比较的p值是多少？": _test(
                entries, "exponential"
            ).p_value,
            "美国城市规模的alpha有多大把握？正负多少？": cities.stderr["alpha"],
        },
    )
    persons = _published("urban/usa_msa_gdp_2013")["pub"]["persons"]["beta"]
    published = ask("复现Leitão等人的结果：persons模型发表的beta是多少？", entries)
    assert (published.kind, published.value) == ("published", persons)
    ranged = ask(
        "What range does the US city-size alpha likely lie in, at 95% confidence?", entries
    )
    assert ranged.interval == pytest.approx(
        tuple(cities.conf_int().loc["alpha", ["lower", "upper"]])
    )


def test_a_gloss_follows_the_symbol_itself() -> None:
    """A bracket defines a symbol only when it follows the symbol as a word of its own:
    "n_tail (... x_min)" glosses n_tail, "Chinchilla (...)" glosses no symbol "a"."""
    from scalinglaws.ask.understand import _glosses

    defined = "What is n_tail (the observations at or above x_min) for the cities?"
    assert _glosses(defined, [defined.index("x_min")], {"n_tail"})
    named = "What prefactor a does the Chinchilla (the x_min of its runs) fit give?"
    assert not _glosses(named, [named.index("x_min")], {"a"})


def test_a_reference_to_compare_and_our_fit_reporting_round_30(
    entries: list[BundleEntry],
) -> None:
    """Round 30: a citation given to compare with ("(cf. Clauset et al. 2009)", "(see
    Hoffmann et al. 2022)") asks for no published value, nor does "the fit report" (a
    fit's report is ours); "published" still does, and so does a paper's unnumbered
    "published table" (no data set of tables)."""
    cities = entries[0].result
    urban = _urban(entries)
    for question, value in {
        "What alpha did you fit for the US city sizes (cf. Clauset, Shalizi & Newman 2009)?": (
            cities.params["alpha"]
        ),
        "What x_min was chosen for the US city populations (see Clauset et al. 2009)?": (
            cities.xmin
        ),
        "What standard error does the metro GDP fit report for b?": urban.stderr["b"],
    }.items():
        answer = ask(question, entries)
        assert (answer.kind, answer.value) == ("fitted", pytest.approx(value)), question
    published = ask(
        "What is the published alpha of the US city sizes (cf. Clauset et al. 2009)?", entries
    )
    assert published.kind == "published"  # a guard: "published" said, as before the rule
    table = ask(
        "How many US cities are in the power-law tail according to Clauset et al.'s "
        "published table?",
        entries,
    )
    assert table.kind == "published"
    assert table.value == _published("clauset2009/cities")["n_tail"]


def test_the_askers_deadline_and_place_round_30(entries: list[BundleEntry]) -> None:
    """Round 30: a sentence after the question that says when or for what the answer is
    needed ("Need it before Thursday.", 周三前要交。) is no part of it; a label ending
    with its asker's verb ("A retired teacher from Texas asks:") says who asks and from
    where; "note to self" names nothing; "US pop" is the US population, not R's "uspop"."""
    census = _result(entries, "growth/us_census_1790_2000")
    ggm = _result(entries, "epidemics/sarscov2_who_2020")
    urban = _urban(entries)
    _each_value(
        entries,
        {
            "What is the carrying capacity K of the US census logistic fit? Need it before "
            "Thursday.": census.params["K"],
            "GGM的减速参数p的标准误是多少？周三前要交。": ggm.stderr["p"],
            "What is the growth rate r of the GGM fit? My editor wants it by Monday.": (
                ggm.params["r"]
            ),
            "A retired teacher from Texas asks: what is the GDP exponent b of the metro "
            "areas?": urban.params["b"],
            "note to self - growth rate r of the GGM, standard error": ggm.stderr["r"],
            "US pop: growth rate r of the logistic fit?": census.params["r"],
            "What is the standard error of the metro scaling exponent?": urban.stderr["b"],
        },
    )


def test_what_the_user_remembers_round_30(entries: list[BundleEntry]) -> None:
    """Round 30: a number the user remembers is not the one asked: the test of "b = 1" is
    the test of 1 whatever exponent the user read (but "the output says 'b = 0.7517 is
    consistent with 0.75'" keeps testing 0.75), and a remembered year (我印象中…在1915年，)
    is no period asked; 我记得 and 口径 name nothing; 常数项 / "constant term" is E and
    标题结果 is Epoch's headline."""
    mammals = _result(entries, "allometry/mammals_brain_body")
    census = _result(entries, "growth/us_census_1790_2000")
    ggm = _result(entries, "epidemics/sarscov2_who_2020")
    neural = _result(entries, "neural/epoch_chinchilla")
    headline = _published("neural/epoch_chinchilla")["epoch2024_headline"]
    persons = _published("urban/usa_msa_gdp_2013")["pub"]["persons"]["beta"]
    _each_value(
        entries,
        {
            "I read that the mammal exponent is 0.75 in my own data; what p-value does the "
            "mammals test of b = 1 give?": mammals.test_exponent(1.0).p_value,
            "我印象中美国人口的拐点在1915年，你们拟合的拐点年份是哪一年？": (
                census.derived().loc["inflection_time", "estimate"]
            ),
            "我记得GGM的r大约是0.2，你们拟合的r的标准误是多少？": ggm.stderr["r"],
            "按persons口径，Leitão等人发表的指数是多少？": persons,
            "Chinchilla拟合的常数项E是多少？": neural.params["E"],
            "What constant term does the Chinchilla fit give?": neural.params["E"],
            "Epoch标题结果里的B是多少？": headline["B"],
        },
    )
    # answered before the rule too (a guard: the estimate quoted is no test set up)
    quoted = "The output says 'b = 0.7517 is consistent with 0.75' for the mammals. What is "
    answer = ask(quoted + "the p-value of that test?", entries)
    assert answer.value == pytest.approx(mammals.test_exponent(0.75).p_value)


def test_hedges_a_letters_form_and_the_people_asked_round_30(
    entries: list[BundleEntry],
) -> None:
    """Round 30 (test42, test43): a hedge ("If I'm not mistaken, ... —", 如果我没记错的话，…，)
    holds what the user remembers: its year is no period asked, its number no quote of a
    published value; a letter's greeting (您好), reader (读者) and signature (李华 敬上), a
    plot looked at ("The CCDF plot of ...") and "Flood-frequency analyst here." name
    nothing; "y'all" and "you all" are the people asked ("What did y'all find" asks for
    our fit, not "all" the data); 多大比例 is the tail's share; "r near 0.03" is the growth
    rate r, not R-squared."""
    census = _result(entries, "growth/us_census_1790_2000")
    ggm = _result(entries, "epidemics/sarscov2_who_2020")
    cities = entries[0].result
    urban = _urban(entries)
    headline = _published("neural/epoch_chinchilla")["epoch2024_headline"]
    pearl_reed = _published("growth/us_census_1790_2000")["pub_mem"]["pearl_reed_1920"]
    _each_value(
        entries,
        {
            "If I'm not mistaken, the US census inflection is around 1916 — what inflection "
            "year does the logistic fit give?": (
                census.derived().loc["inflection_time", "estimate"]
            ),
            "如果我没记错的话，GGM的r大约是0.2，你们拟合的r的标准误是多少？": ggm.stderr["r"],
            "如果我没记错的话，Epoch重新拟合的E大约是1.82，他们公布的E的标准误是多少？": (
                headline["E_se"]
            ),
            "The US census logistic has r near 0.03; what is the fitted r with its 95% "
            "interval?": census.params["r"],
            "The CCDF plot of the US city sizes: what alpha was fitted to its tail?": (
                cities.params["alpha"]
            ),
            "图书馆员：读者想知道Pearl和Reed 1920年发表的增长率r。": pearl_reed["r"],
            "按美国城市人口幂律拟合，人口在500千人及以上的城市占多大比例？": float(
                cities.predict([500.0])[0]
            ),
            "What did y'all find for the p-value of the US city sizes versus the exponential?": (
                _test(entries, "exponential").p_value
            ),
            "What did you all get as the t statistic for testing b = 1 on the US metros?": (
                urban.test_exponent(1.0).statistic
            ),
            "Flood-frequency analyst here. Which x_min did the US city-size fit choose?": (
                cities.xmin
            ),
        },
    )
    # answered before the rules too (guards): R^2 and R平方 still R-squared, and a
    # Chinese signature after thanks
    mammals = _result(entries, "allometry/mammals_brain_body")
    for question in (
        "What R^2 does the mammal brain-body fit achieve?",
        "哺乳动物拟合的R平方是多少？",
    ):
        assert ask(question, entries).value == pytest.approx(mammals.r_squared), question
    signed = ask("您好！美国城市规模的幂律指数是多少？谢谢！王芳 敬上", entries)
    assert signed.value == pytest.approx(cities.params["alpha"])


def test_a_published_interval_without_an_estimate_reads_as_an_interval(
    entries: list[BundleEntry],
) -> None:
    """Epoch's bootstrap publishes E's 95% interval with no estimate beside it: the answer
    leads with the interval, never with an "undefined" number (round 30, test42)."""
    answer = ask("Epoch 2024 bootstrap CI 95 for E?", entries)
    bootstrap = _published("neural/epoch_chinchilla")["epoch2024_bootstrap_ci95"]
    assert (answer.kind, answer.value) == ("published", None)
    assert answer.interval == pytest.approx(tuple(bootstrap["E"]))
    assert answer.text.startswith("Published: 95% interval 1.769 to 1.871 - ")


def test_numbers_in_words_and_a_declined_symbol_round_30(entries: list[BundleEntry]) -> None:
    """Round 30 (test42, test43): "three hundred and twenty thousand" is 320,000 (not
    "twenty thousand"), "half a kilogram" is 0.5 kg, and a symbol declined in a sentence
    that also says what is wanted ("not K, I want r.") is not asked, even where that
    sentence is told before the one that asks ("What value?")."""
    urban = _urban(entries)
    mammals = _result(entries, "allometry/mammals_brain_body")
    census = _result(entries, "growth/us_census_1790_2000")
    _each_value(
        entries,
        {
            "What GDP does the metro fit predict for a metro area of three hundred and twenty "
            "thousand people?": float(urban.predict([320000.0])[0]),
            "What brain mass does the mammal fit predict for an animal of half a kilogram?": (
                float(mammals.predict([0.5])[0])
            ),
            "Census logistic fit: not K, I want r. What value?": census.params["r"],
        },
    )


def test_a_correction_between_dashes_round_30(entries: list[BundleEntry]) -> None:
    """Round 30 (test44): a correction between dashes ("The xmin -- sorry, the alpha --",
    "A -- correction, E --", A——不对，是E——) takes back what came before it, a symbol
    before a dash is a symbol, and the place a taken-back stretch names is still asked
    about (日本城市规模的x_min——不对，是alpha——: Japan's, not held); "what verdict, in
    words," asks for no word counts; kilowatt-hours and 耗电 are quantities no result holds."""
    cities = entries[0].result
    census = _result(entries, "growth/us_census_1790_2000")
    neural = _result(entries, "neural/epoch_chinchilla")
    _each_value(
        entries,
        {
            "The xmin -- sorry, the alpha -- of the US city sizes?": cities.params["alpha"],
            "What's the standard error of r -- no wait, of K -- in the US census logistic "
            "fit?": census.stderr["K"],
            "Chinchilla A -- correction, E -- what is its 95% interval?": neural.params["E"],
            "Chinchilla的A——不对，是E——拟合值是多少？": neural.params["E"],
        },
    )
    verdict = ask(
        "What verdict, in words, does the US city-size fit give on support for the power law?",
        entries,
    )
    assert verdict.result == "clauset2009/cities"
    assert "support" in verdict.text
    for question in (
        "How many kilowatt-hours of electricity would the compute-optimal 1e24 FLOPs "
        "Chinchilla run use?",
        "按Chinchilla拟合训练1e24 FLOPs要耗电多少千瓦时？",
    ):
        assert ask(question, entries).abstained, question
    # abstained before the rules too (a guard): the place named before the correction
    assert ask("日本城市规模的x_min——不对，是alpha——是多少？", entries).abstained


def test_a_field_of_a_standard_error_round_30(entries: list[BundleEntry]) -> None:
    """Round 30 (test45): a field name "B_se" asks for the standard error of B (it was read
    "B standard error", where B stood before no punctuation and was no symbol)."""
    headline = _published("neural/epoch_chinchilla")["epoch2024_headline"]
    answer = ask("What B_se did Epoch report in its headline Chinchilla refit?", entries)
    assert (answer.kind, answer.value) == ("published", headline["B_se"])


def test_a_scale_in_brackets_a_story_before_our_fit_round_30(
    entries: list[BundleEntry],
) -> None:
    """Round 30 (test46, test47): a number's scale in brackets after it ("300 (in
    thousands)", 400（千人）) multiplies it; a test set up in the question ("检验b=1") is
    tested even after Kleiber's law is named in a story; 电费 is no quantity held; 我是…选手，
    is the asker; authors read in a story before a question about "your fit" ask for our
    value, not theirs."""
    cities = entries[0].result
    mammals = _result(entries, "allometry/mammals_brain_body")
    neural = _result(entries, "neural/epoch_chinchilla")
    _each_value(
        entries,
        {
            "Probability that a US city has a population of 300 (in thousands) or more?": float(
                cities.predict([300.0])[0]
            ),
            "人口不少于400（千人）的美国城市，概率是多少？": float(cities.predict([400.0])[0]),
            "我在课上讲Kleiber定律，学生拿哺乳动物数据做了拟合。检验b=1的p值是多少？": (
                mammals.test_exponent(1.0).p_value
            ),
            "我是Kaggle选手，按Chinchilla拟合，1e22 FLOPs时的计算最优损失是多少？": float(
                neural.compute_optimal([1e22])["loss"].iloc[0]
            ),
        },
    )
    assert ask("按Chinchilla拟合，1e24 FLOPs最优训练的电费是多少？", entries).abstained
    ours = ask(
        "I've been reading Clauset, Shalizi and Newman on the train, stuck on their city "
        "sizes. In your fit of the US cities, what is the p-value against the exponential?",
        entries,
    )
    assert (ours.kind, ours.value) == ("fitted", _test(entries, "exponential").p_value)


# --- round 31 (test48-51) ------------------------------------------------------------------
def test_quantities_no_fit_holds_and_how_the_number_is_written_round_31(
    entries: list[BundleEntry],
) -> None:
    """Round 31 (test48-51): a training run's CO2, a tokenizer's vocabulary size, a
    residual's heteroscedasticity and an epidemic's incubation period are held by no fit
    here (they were answered with the compute-optimal exponent, the test of b = 1 or the
    fit's description); "to three decimals", 保留三位小数 and 被算成 say how the number is
    written or came about, and ask nothing else (they were unknown names)."""
    for question in (
        "按Chinchilla拟合，1e22 FLOPs的最优训练排放多少二氧化碳？",
        "What vocab size is compute-optimal at 1e22 FLOPs in the Chinchilla fit?",
        "美国都市区GDP回归的异方差检验p值是多少？",
        # guards: abstained before too (unknown words), and must go on doing so
        "How many tonnes of CO2 would the compute-optimal Chinchilla run at 1e22 FLOPs emit?",
        "What serial interval does the COVID-19 growth fit imply?",
    ):
        assert ask(question, entries).abstained, question
    ggm = _result(entries, "epidemics/sarscov2_who_2020")
    _each_value(
        entries,
        {
            "To three decimals, what is the GGM's growth rate r?": ggm.params["r"],
            "保留三位小数，广义增长模型的增长率r是多少？": ggm.params["r"],
            "广义增长模型的p被算成多少？": ggm.params["p"],
        },
    )


def test_who_the_asker_is_and_what_the_source_published_round_31(
    entries: list[BundleEntry],
) -> None:
    """Round 31: "a baker who likes ..." is a relative clause (it asked, so the label
    stayed and its words were read as measured ones); "I log building heights" before a
    colon is the asker's own work; "according to the power-law fit" names the law, not
    "to the power" (an exponent); "the source of X publish(ed)" asks for the published
    value, not where the data come from; "reported by the fit" is ours; "What ... was
    estimated for" the data is the fit, not a prediction."""
    cities = entries[0].result
    mammals = _mammals(entries)
    urban = _urban(entries)
    _each_value(
        entries,
        {
            "Baker who likes tidy figures: what x_min did the US city-size fit choose?": (
                cities.xmin
            ),
            "Surveyor here, I log building heights but today it's cities: what alpha was "
            "fitted to the US city sizes?": cities.params["alpha"],
            "According to the power-law fit, what is the chance that a US city has 1,000 "
            "thousand people or more?": float(cities.predict([1000.0])[0]),
            "What value of b was estimated for the metro GDP relation?": urban.params["b"],
        },
    )
    published = _published("allometry/mammals_brain_body")["pub"]["b"]
    for question in (
        "What exponent did the source of the MASS::mammals data publish?",
        "MASS::mammals 的数据来源公布的指数是多少？",
    ):
        answer = ask(question, entries)
        assert (answer.kind, answer.value) == ("published", published), question
    assert ask("Where do the MASS::mammals data come from?", entries).value is None  # a guard
    assert mammals.params["b"] != published
    answer = ask("What standard error was reported by the fit for the metro GDP exponent?", entries)
    assert (answer.kind, answer.value) == ("fitted", pytest.approx(urban.stderr["b"]))


def test_a_story_and_a_list_around_the_question_round_31(entries: list[BundleEntry]) -> None:
    """Round 31: a source said only in a story yields to the one the question asks ("Our
    teacher said Clauset et al. published 2.37 ... What alpha did they publish?" got our
    fit: "our" claimed it); "wants the test reported" is a request, not a published report
    (a guard: right before, and kept right beside the first rule); a list's last
    item "3) Thanks." is a sign-off (its name was unknown); an item that tells what the
    user read ("1) I read Clauset 2009.") asks for no published value."""
    cities = entries[0].result
    urban = _urban(entries)
    published = _published("clauset2009/cities")["alpha"]
    answer = ask(
        "Our teacher said Clauset et al. published an alpha of 2.37 for US city sizes. What "
        "alpha did they publish?",
        entries,
    )
    assert (answer.kind, answer.value) == ("published", published)
    answer = ask(
        "Our group fitted the metro GDP data; the editor wants the test of b = 1 reported: what "
        "t statistic does that test give?",
        entries,
    )
    assert (answer.kind, answer.value) == (
        "derived",
        pytest.approx(urban.test_exponent(1.0).statistic),
    )
    for question in (
        "1) Background: I teach statistics. 2) Question: what is the p-value of the US cities "
        "power law vs exponential? 3) Thanks.",
        "1) I read Clauset 2009. 2) What p-value does the US cities power law vs exponential "
        "get? 3) Cheers.",
        "1）我读过Clauset 2009；2）美国城市人口幂律对指数分布的似然比检验p值是多少？3）完。",
    ):
        answer = ask(question, entries)
        assert (answer.kind, answer.value) == (
            "fitted",
            pytest.approx(_test(entries, "exponential").p_value),
        ), question
    assert cities.comparisons  # the tests asked about were run


def test_a_yes_no_question_then_the_value_and_a_pictured_number_round_31(
    entries: list[BundleEntry],
) -> None:
    """Round 31: "Is b equal to 1? If not, what is it?" asks for b, not the test of it; a
    number pictured by an example in brackets ("(roughly Tulsa)") names no data; "Chinch."
    abbreviates Chinchilla; 出题人 is the asker; "(n)" is the whole sample's size."""
    urban = _urban(entries)
    ggm = _result(entries, "epidemics/sarscov2_who_2020")
    neural = _result(entries, "neural/epoch_chinchilla")
    cities = entries[0].result
    _each_value(
        entries,
        {
            "Is the metro GDP exponent b equal to 1? If not, what is it?": urban.params["b"],
            "广义增长模型的p是不是等于1？如果不是，是多少？": ggm.params["p"],
            "What GDP does the metro fit predict for a metro of 1,500,000 people (roughly "
            "Tulsa)?": float(urban.predict([1.5e6])[0]),
            "Epoch Chinch.: what is the irreducible loss E?": neural.params["E"],
            "出题人想要一个数：广义增长模型的增长率r是多少？": ggm.params["r"],
            "How many US cities (n) went into the city-size fit?": cities.n,
        },
    )
    test = ask("Is the metro GDP exponent b equal to 1?", entries)  # a guard: the test
    assert test.value == pytest.approx(urban.test_exponent(1.0).p_value)


def test_a_quick_question_a_colleagues_words_and_a_correction_round_31(
    entries: list[BundleEntry],
) -> None:
    """Round 31 (test52-55): 快问一下, 同事原话 and 接近 say how the user asks, 我在做翻译，
    who asks (they were unknown names); a correction after a dash needs no comma ("alpha
    — sorry, I mean the point estimate of alpha" gave alpha's standard error), ——我是说
    corrects in Chinese, and it takes back the quantity, not the alternative tested
    against (幂律对比指数分布的p值——我是说似然比统计量: the ratio against the exponential)."""
    ggm = _result(entries, "epidemics/sarscov2_who_2020")
    cities = entries[0].result
    _each_value(
        entries,
        {
            "快问一下，广义增长模型的增长率r是多少？": ggm.params["r"],
            "同事原话：“广义增长模型的p接近0.8”。p的标准误是多少？": ggm.stderr["p"],
            "Standard error of the US cities alpha — sorry, I mean the point estimate of alpha.": (
                cities.params["alpha"]
            ),
            "美国城市人口幂律对比指数分布的p值——我是说似然比统计量。": _test(
                entries, "exponential"
            ).statistic,
            # guards: a symbol or a standard error taken back with nothing in its place
            "美国城市幂律alpha的点估计——我是说标准误。": cities.stderr["alpha"],
            "What's the standard error of K -- no wait, of r -- in the census logistic?": (
                _result(entries, "growth/us_census_1790_2000").stderr["r"]
            ),
        },
    )
    answer = ask("我在做翻译，Leitão等人发表的对数正态自由delta模型的beta是多少？", entries)
    assert answer.kind == "published"
    assert answer.value is not None
    # "reading about the 1920 paper:" labels what the user reads; "did you fit" asks ours
    census = _result(entries, "growth/us_census_1790_2000")
    answer = ask(
        "Lighthouse keeper reading about the 1920 paper: what growth rate r did you fit to the "
        "US census?",
        entries,
    )
    assert (answer.kind, answer.value) == ("fitted", pytest.approx(census.params["r"]))


def test_which_is_bigger_before_the_value_asked_round_31(entries: list[BundleEntry]) -> None:
    """Round 31 (test53): "Which is bigger, A or B? Give me B." asks for B: the comparison
    before the request is read as context (its names still link), and 给我 asks."""
    neural = _result(entries, "neural/epoch_chinchilla")
    _each_value(
        entries,
        {
            "Which is bigger, the Chinchilla alpha or beta? Give me the standard error of beta.": (
                neural.stderr["beta"]
            ),
            "Chinchilla的alpha和beta哪个大？给我beta。": neural.params["beta"],
        },
    )


def test_what_everyone_knows_is_the_scene_round_31(entries: list[BundleEntry]) -> None:
    """Round 31 (test54): a clause of common knowledge (众所周知人口增长会饱和，) sets the
    scene: its quantity words (饱和, the carrying capacity) and its unknown words (疫情,
    初期) are not asked."""
    census = _result(entries, "growth/us_census_1790_2000")
    ggm = _result(entries, "epidemics/sarscov2_who_2020")
    answer = ask(
        "众所周知人口增长会饱和，美国人口logistic拟合的拐点年份tm的95%置信区间是多少？", entries
    )
    interval = census.conf_int(0.95).loc["tm"]
    assert answer.interval == pytest.approx((interval["lower"], interval["upper"]))
    _each_value(
        entries, {"众所周知疫情初期增长很快，广义增长模型的减速参数p是多少？": ggm.params["p"]}
    )


def test_years_said_with_hundred_and_thousand_round_31(entries: list[BundleEntry]) -> None:
    """Round 31 (test54): "eighteen hundred and ninety" is 1890 (it was 1800, "and ninety"
    left over) and "two thousand twenty" 2020 ("twenty" was an unknown name); "two
    thousand" alone stays a number and "two thousand and five hundred" is no year 2005
    (guards)."""
    assert mentions("the year eighteen hundred and ninety").numbers[0].value == 1890.0
    assert mentions("in two thousand twenty-one").numbers[0].value == 2021.0
    assert mentions("two thousand people").numbers[0].value == 2000.0
    assert 2005.0 not in [n.value for n in mentions("two thousand and five hundred").numbers]
    census = _result(entries, "growth/us_census_1790_2000")
    _same_value(
        entries,
        float(census.predict([1890.0])[0]),
        ("What population does the census logistic give for eighteen hundred and ninety?",),
    )


def _ggm_forecast(entries: list[BundleEntry], day: str) -> float:
    """The GGM's forecast (mean) for ``day`` (YYYY-MM-DD), as the evaluation stored it."""
    records = next(e.extras["forecast"]["records"] for e in entries if "forecast" in e.extras)
    return float(next(r["mean"] for r in records if str(r["t"]).startswith(day)))


def test_a_date_or_a_number_taken_back_for_another_round_32(entries: list[BundleEntry]) -> None:
    """Round 32 (test55): a correction that puts a date or a number in place of another
    takes back only that value ("the ensemble's median on 7 February 2020 — I mean 9
    February" gave the 7th, or the GGM's forecast: the whole clause, "ensemble" with it,
    was taken back), also when it opens its own sentence ("... of b = 1? No wait — of b =
    0.75."); a confidence level corrected stays a level (guard)."""
    ensemble = next(e.result for e in entries if e.result.kind == "forecast")
    urban = _urban(entries)
    _each_value(
        entries,
        {
            "What's the ensemble's median on 7 February 2020 — I mean 9 February?": (
                _ensemble_median(entries, "2020-02-09")
            ),
            "集成预测2020年2月7日的标准误——不对，我是说2月9日。": ensemble.stderr["h4"],
            "What is the t statistic of the metro GDP test of b = 1? No wait — of b = 1.1.": (
                urban.test_exponent(1.1).statistic
            ),
        },
    )
    answer = ask("What's the 90% interval of the metro exponent b — I mean the 95% one.", entries)
    interval = urban.conf_int(0.95).loc["b"]
    assert answer.interval == pytest.approx((interval["lower"], interval["upper"]))


def test_a_value_quoted_back_before_another_is_asked_round_32(
    entries: list[BundleEntry],
) -> None:
    """Round 32 (test56): a sentence or a clause before 那 that quotes a value of the
    results ("The census logistic's K is 198.5. What is its r?") names no quantity asked
    when another one is (it gave K back); its date yields to the one asked
    (…2月7日的中位数是3万，那2月9日的标准误…). With nothing else asked, its quantity is
    asked on the new day (guard: "…2月8日的预测是5万，那2月9日呢？", the GGM's forecast)."""
    census = _result(entries, "growth/us_census_1790_2000")
    neural = _result(entries, "neural/epoch_chinchilla")
    ensemble = next(e.result for e in entries if e.result.kind == "forecast")
    _each_value(
        entries,
        {
            "The census logistic's K is 198.5. What is its r?": census.params["r"],
            "The US cities alpha is 2.37. How many cities are in the fitted tail?": (
                entries[0].result.n_tail
            ),
            "Chinchilla拟合的alpha是0.3473，那beta的标准误是多少？": neural.stderr["beta"],
            "集成预测2020年2月7日的中位数是3万，那2月9日的标准误是多少？": ensemble.stderr["h4"],
            "广义增长模型2020年2月8日的预测是5万，那2月9日呢？": _ggm_forecast(
                entries, "2020-02-09"
            ),
        },
    )


def test_dates_and_years_said_relative_to_another_round_32(entries: list[BundleEntry]) -> None:
    """Round 32 (test64): "the day after 8 February 2020", 2020年2月11日的前两天 and "three
    decades after 1870" name the date or year they lead to (the date written was read,
    and "after" as a period); one past the forecasts' last day is past the horizon."""
    census = _result(entries, "growth/us_census_1790_2000")
    _each_value(
        entries,
        {
            "What was the GGM's forecast the day after 8 February 2020?": _ggm_forecast(
                entries, "2020-02-09"
            ),
            "集成预测2020年2月11日的前两天的中位数是多少？": _ensemble_median(
                entries, "2020-02-09"
            ),
            "What US population does the census logistic give three decades after 1870?": float(
                census.predict([1900.0])[0]
            ),
        },
    )
    assert ask("Three weeks after 12 February 2020, what was the GGM forecast?", entries).abstained
    assert absolute("a week before Feb 12, what") == "Feb 05".ljust(20) + ", what"
    assert absolute("the day before tomorrow") == "the day before tomorrow"  # no date


def test_what_the_user_has_and_a_number_restated_round_32(entries: list[BundleEntry]) -> None:
    """Round 32 (test64): "I've got K; what's missing is its r" and 我已经有了…r，还缺p的标准误
    ask for what is missing (what the user has was answered; "missing" read as a
    forecast's miss; 还缺 an unknown name); "the headline E that Epoch published" names E
    (a one-letter name before "that"); "2,000 thousand (two million) people" is one size
    in the data's thousands (the bracket was read as 2e6 thousand)."""
    census = _result(entries, "growth/us_census_1790_2000")
    ggm = _result(entries, "epidemics/sarscov2_who_2020")
    neural = _result(entries, "neural/epoch_chinchilla")
    _each_value(
        entries,
        {
            "I've got the census logistic's K; what's missing is its r.": census.params["r"],
            "I know the Chinchilla alpha; what I lack is the standard error of beta.": (
                neural.stderr["beta"]
            ),
            "广义增长模型的r我已经有了，还缺p的标准误。": ggm.stderr["p"],
            "What is the chance that a US city has 2,000 thousand (two million) people or more?": (
                float(entries[0].result.predict([2000.0])[0])
            ),
        },
    )
    answer = ask(
        "I have Epoch's headline A; the one I'm missing is the headline E that Epoch published.",
        entries,
    )
    published = _published("neural/epoch_chinchilla")["epoch2024_headline"]["E"]
    assert (answer.kind, answer.value) == ("published", pytest.approx(published))


def test_a_cells_comment_and_settings_no_fit_gives_round_32(entries: list[BundleEntry]) -> None:
    """Round 32 (test68, test71): a spreadsheet cell named in a comment ("Comment on cell
    F9:", 批注（单元格C7）：) is bookkeeping (F and C were read as symbols; 批注 an unknown
    name); an optimiser's weight decay and a run's training time are held by no fit (they
    got the frontier's exponent); "the share of extra compute that goes to tokens" is a
    frontier's exponent, not a probability."""
    census = _result(entries, "growth/us_census_1790_2000")
    ggm = _result(entries, "epidemics/sarscov2_who_2020")
    neural = _result(entries, "neural/epoch_chinchilla")
    _each_value(
        entries,
        {
            "Comment on cell F9: what is the standard error of the census logistic's r?": (
                census.stderr["r"]
            ),
            "批注（单元格C7）：广义增长模型的p是多少？": ggm.params["p"],
            "What is the Chinchilla frontier exponent b, the share of extra compute that goes "
            "to tokens?": neural.frontier["b"],
        },
    )
    for question in (
        "Chinchilla拟合在1e22 FLOPs下的最优权重衰减是多少？",
        "What training time does the compute-optimal Chinchilla run at 1e22 FLOPs need?",
        # a guard: abstained before too
        "What weight decay is optimal for the Chinchilla fit at 1e22 FLOPs?",
    ):
        assert ask(question, entries).abstained, question


def test_a_forecast_day_by_its_place_round_32(entries: list[BundleEntry]) -> None:
    """Round 32 (test69): "its third day", 最后一天 and "its ninth day" name a forecast's
    row by its place (the first row answered; "second" linked the flares, measured in
    seconds; a ninth day is past a seven-day horizon); an ISO date among Chinese words is
    a date (集成预测2020-02-08: no word boundary before it)."""
    _each_value(
        entries,
        {
            "What is the GGM's forecast for its third day?": _ggm_forecast(entries, "2020-02-08"),
            "集成预测最后一天的中位数是多少？": _ensemble_median(entries, "2020-02-12"),
            "集成预测2020-02-08的中位数是多少？": _ensemble_median(entries, "2020-02-08"),
        },
    )
    assert ask("What is the ensemble median on its ninth day?", entries).abstained


def test_a_users_count_and_a_paraphrase_round_32(entries: list[BundleEntry]) -> None:
    """Round 32 (test69, test71): a number in the user's story ("I keep 300 hives.") is no
    input where the question names another of its kind (500); what is said once more
    "in other words" (换句话说) is read as the paraphrase it is, and "plausibly lie" asks
    for a range, not the law's plausibility."""
    census = _result(entries, "growth/us_census_1790_2000")
    ggm = _result(entries, "epidemics/sarscov2_who_2020")
    _each_value(
        entries,
        {
            "Beekeeper here, I keep 300 hives. Under the cities tail fit, what is the "
            "probability of a value of 500 or more?": float(entries[0].result.predict([500.0])[0]),
            "广义增长模型的p有多大把握，换句话说，p的标准误是多少？": ggm.stderr["p"],
        },
    )
    answer = ask(
        "Where does the census carrying capacity plausibly lie, in other words, what is its 95% "
        "interval?",
        entries,
    )
    interval = census.conf_int(0.95).loc["K"]
    assert answer.interval == pytest.approx((interval["lower"], interval["upper"]))


def test_the_other_one_and_the_data_declined_round_32(entries: list[BundleEntry]) -> None:
    """Round 32 (test72, test75): "I've got K already, so what's the other one?" and
    p我已经知道了，另一个是多少？ ask for the quantity the user does not have (K was answered;
    the Chinese abstained); "Not the census, the GGM:" declines the census data (its r
    answered), and 不是广义增长模型，是人口普查： the GGM (a guard: right before too)."""
    census = _result(entries, "growth/us_census_1790_2000")
    ggm = _result(entries, "epidemics/sarscov2_who_2020")
    _each_value(
        entries,
        {
            "The census fit has K and r; I've got K already, so what's the other one?": (
                census.params["r"]
            ),
            "广义增长模型有r和p两个参数，p我已经知道了，另一个是多少？": ggm.params["r"],
            "Not the census, the GGM: what is its growth rate r?": ggm.params["r"],
            "不是广义增长模型，是人口普查：增长率r是多少？": census.params["r"],
        },
    )


def test_a_command_to_print_and_what_the_fit_found_round_32(
    entries: list[BundleEntry],
) -> None:
    """Round 32 (test65, test75): "print the ..." (输出…) is a command to a program, no
    printed publication (Pearl and Reed's published K answered); "did the logistic fit of
    the US census find" is what our fit found, not a publication's finding."""
    census = _result(entries, "growth/us_census_1790_2000")
    ggm = _result(entries, "epidemics/sarscov2_who_2020")
    for question in (
        "print the census logistic's carrying capacity K",
        "What carrying capacity did the logistic fit of the US census find?",
    ):
        answer = ask(question, entries)
        assert (answer.kind, answer.value) == ("fitted", pytest.approx(census.params["K"]))
    _each_value(entries, {"输出广义增长模型的p": ggm.params["p"]})


def test_numbers_in_words_and_chinese_digits_round_33() -> None:
    """Round 33 (test77): "one hundred and fifty" is 150 (was 100 and 50); a number word
    before "or more" is a number ("a value of thirty or more"), not "one or more of the
    fits"; a lone Chinese digit before a unit or after a threshold is one (体重八公斤,
    不小于五), not 一个; 三乘以十的二十二次方 is 3e22 (was 1e22); 两千千人 is two thousand
    thousand people (was 3,000)."""

    def values(text: str) -> list[tuple[float, str | None]]:
        return [(n.value, n.unit) for n in mentions(text).numbers]

    assert values("an attack that kills one hundred and fifty people or more") == [
        (150.0, "persons")
    ]
    assert values("two hundred and fifty grams") == [(250.0, "g")]
    assert values("one hundred thousand people") == [(100000.0, "persons")]  # guard
    assert values("the probability of a value of thirty or more") == [(30.0, None)]
    assert values("one or more of the fits") == []
    assert values("体重八公斤的动物") == [(8.0, "kg")]
    assert values("取值不小于五的概率") == [(5.0, None)]
    assert values("问一个问题") == []
    assert values("算力为三乘以十的二十二次方 FLOPs") == [(3e22, "flops")]
    assert values("十的二十二次方 FLOPs") == [(1e22, "flops")]  # guard
    assert values("不少于两千千人") == [(2e6, "persons")]
