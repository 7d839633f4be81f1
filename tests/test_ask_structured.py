"""The structured path of scalinglaws.ask: numbers, words, names, values, choosing, abstaining.

Small fits on bundled data (well under a second each): the US city-size tail of
Clauset, Shalizi & Newman (2009), the urban GDP scaling of Leitão et al. (2016),
Pearl & Reed's logistic on the US census to 1910, and China's early COVID-19 cases
(generalized growth model).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

import scalinglaws as sl
from scalinglaws.ask.lexicon import PhraseTable, en_tokens
from scalinglaws.ask.names import subjects
from scalinglaws.ask.numbers import chinese_numeral, mentions
from scalinglaws.ask.understand import understand
from scalinglaws.ask.values import published_values, result_values
from scalinglaws.ask.verbalize import dataset_facts, fmt
from scalinglaws.bundle import BundleEntry, save_results
from scalinglaws.datasets import dataset_meta, list_datasets
from tests.fresh import fresh_python


def _frame(name: str) -> pd.DataFrame:
    data = sl.load_dataset(name).data
    assert isinstance(data, pd.DataFrame)
    return data


@pytest.fixture(scope="module")
def entries() -> list[BundleEntry]:
    cities = sl.fit_tail(sl.load_dataset("clauset2009/cities").data)
    urban = _frame("urban/usa_msa_gdp_2013")
    gdp = sl.fit_relation(urban["population"], urban["gdp_in_million_USD"])
    census = _frame("growth/us_census_1790_2000")
    early = census[census["year"] <= 1910]
    logistic = sl.fit_growth(early["year"], early["population"], law="logistic")
    cases = _frame("epidemics/sarscov2_who_2020")
    window = cases[(cases["date"] >= "2020-01-20") & (cases["date"] <= "2020-02-05")]
    ggm = sl.fit_growth(window["date"], window["cases_chn"], law="ggm", errors="normal")
    return [
        BundleEntry(cities, {"dataset": "clauset2009/cities"}, {}),
        BundleEntry(gdp, {"dataset": "urban/usa_msa_gdp_2013"}, {}),
        BundleEntry(logistic, {"dataset": "growth/us_census_1790_2000"}, {}),
        BundleEntry(ggm, {"dataset": "epidemics/sarscov2_who_2020"}, {}),
    ]


def ask(question: str, entries: list[BundleEntry]) -> Any:
    return sl.ask(question, entries, model=None)


@pytest.fixture(scope="module")
def neural() -> BundleEntry:
    """A Chinchilla-form fit of twenty seeded synthetic runs, labelled as Epoch's
    Chinchilla data set so that the catalogue's published values come with it."""
    rng = np.random.default_rng(15)
    n = np.repeat(np.geomspace(2e6, 2e8, 5), 4)
    d = np.tile(np.geomspace(1e8, 1e10, 4), 5)
    loss = (1.9 + 300.0 / n**0.32 + 900.0 / d**0.30) * np.exp(rng.normal(0.0, 0.004, n.size))
    starts = [[5.7, 6.8, 0.64, 0.32, 0.3], [5.0, 6.0, 0.6, 0.4, 0.4], [5.8, 6.9, 0.64, 0.3, 0.3]]
    fit = sl.fit_neural(n, d, loss, starts=starts)
    return BundleEntry(fit, {"dataset": "neural/epoch_chinchilla"}, {})


# --- numbers, dates and words ------------------------------------------------------------
def test_numbers_with_multipliers_units_and_chinese_numerals() -> None:
    found = mentions("a 70B-parameter model trained on 1.4 trillion tokens at 5.88e23 FLOPs")
    assert [(n.value, n.unit) for n in found.numbers] == [
        (70e9, "params"),
        (1.4e12, "tokens"),
        (5.88e23, "flops"),
    ]
    found = mentions("700亿参数、1.4万亿词元训练的模型")
    assert [(n.value, n.unit) for n in found.numbers] == [(7e10, "params"), (1.4e12, "tokens")]
    assert chinese_numeral("一百万") == 1e6
    assert chinese_numeral("两千万") == 2e7
    assert chinese_numeral("十二") == 12
    assert chinese_numeral("一万亿") == 1e12
    assert chinese_numeral("一致") is None  # "agree", not a number
    fraction = mentions("与克莱伯的3/4一致吗")
    assert [(n.value, n.fraction) for n in fraction.numbers] == [(0.75, True)]
    assert mentions("COVID-19 and SARS-CoV-2 in 95% of cases").numbers == ()


def test_dates_and_years() -> None:
    found = mentions("cases on 12 February 2020, Feb 8, 2020, 2020-02-09 and 2020年2月10日 in 1950")
    days = sorted(f"{d:%Y-%m-%d}" for d in found.dates)
    assert days == ["2020-02-08", "2020-02-09", "2020-02-10", "2020-02-12"]
    assert found.years == (1950,)
    # an ordinal day with "of", or after the month: the day is not a stray number
    found = mentions("the band on the 11th of February 2020 and on Feb 9th, 2020?")
    assert sorted(f"{d:%Y-%m-%d}" for d in found.dates) == ["2020-02-09", "2020-02-11"]
    assert found.numbers == ()


def test_phrases_match_longest_first_in_both_languages() -> None:
    table = PhraseTable()
    table.add("capacity", "concept:small")
    table.add("carrying capacity", "concept:big")
    table.add("指数", "concept:exponent")
    table.add("指数分布", "concept:alt")
    matches, rest = table.match_en(en_tokens("the carrying capacities of it"))
    assert [m.tags for m in matches] == [("concept:big",)]
    assert [t.word for t in rest] == ["the", "of", "it"]
    zh, blanked = table.match_zh("指数分布和指数")
    assert [m.tags for m in zh] == [("concept:alt",), ("concept:exponent",)]
    assert blanked.strip() == "和"


def test_typos_and_symbols_are_understood(entries: list[BundleEntry]) -> None:
    named = subjects([(e.provenance["dataset"], e.result, e.provenance) for e in entries])
    query = understand("What is the exponant of the carying capacity K?", named)
    assert {"exponent", "carrying_capacity"} <= set(query.concepts)
    assert "K" in query.symbols
    query = understand("What is a power law and what is E?", named)
    assert query.symbols == frozenset({"E"})  # "a" here is an article
    query = understand("With what exponent a does it grow?", named)
    assert "a" in query.symbols
    query = understand("What's the fitted B coefficient?", named)
    assert query.symbols == frozenset({"B"})  # a word naming a parameter follows it
    query = understand("What's the p value of the fit?", named)
    assert "p" not in query.symbols


def test_every_dataset_is_named_in_both_languages() -> None:
    for name in list_datasets()["name"]:
        meta = dataset_meta(str(name))
        for key in ("title_zh", "description", "description_zh", "aliases", "aliases_zh"):
            assert meta[key], (name, key)
        assert meta == {**sl.load_dataset(str(name)).meta}, name  # no data read, same meta


def test_chinese_names_of_people_are_people_the_dataset_cites() -> None:
    """Each people_zh name maps to a name the dataset's citation, sources or published
    groups hold (皮尔 -> Pearl of Pearl & Reed 1920): metadata, not a list of questions."""
    from scalinglaws.ask.values import ascii_words

    named = 0
    for name in list_datasets()["name"]:
        meta = dataset_meta(str(name))
        cited = ascii_words(
            " ".join(str(meta[k]) for k in ("citation", "source", "original_source", "published"))
        )
        for chinese, person in (meta.get("people_zh") or {}).items():
            assert ascii_words(person) in cited, (name, chinese, person)
            named += 1
    assert named >= 3


def test_a_publisher_named_in_chinese_asks_for_its_values(entries: list[BundleEntry]) -> None:
    """皮尔和里德 are Pearl and Reed (the catalogue's people_zh): they name the census
    data and the publisher of pearl_reed_1920, as "Pearl and Reed" does in English."""
    answer = ask("皮尔和里德发表的增长率r是多少？", entries)
    assert (answer.kind, answer.value) == ("published", 0.03134)  # Pearl & Reed (1920)
    answer = ask("What growth rate r did Pearl and Reed publish?", entries)
    assert (answer.kind, answer.value) == ("published", 0.03134)


# --- values and their kinds ---------------------------------------------------------------
def test_check_values_are_never_published(entries: list[BundleEntry]) -> None:
    """The catalogue's `check` values are our recomputation (issue 15's mislabel)."""
    for entry in entries:
        name = entry.provenance["dataset"]
        values = published_values(name, entry.result, dataset_meta(name))
        assert all("check" not in v.key for v in values), name
        texts = [fact for fact in dataset_facts(name, name) if "check" in fact.key]
        assert all(f.kind == "check" and "not a published value" in f.text for f in texts)
        assert all("as collected by" not in f.text for f in dataset_facts(name, name))
    answer = ask("What deceleration p was published for China's COVID-19 cases?", entries)
    assert answer.kind != "published"  # 0.765 is our check, not a literature value


def test_pub_mem_values_say_they_are_quoted_from_memory(entries: list[BundleEntry]) -> None:
    answer = ask("What carrying capacity K did Pearl and Reed publish?", entries)
    assert answer.kind == "published"
    assert answer.value == 197.27  # as quoted in the catalogue (pub_mem)
    assert answer.text.startswith("Published: 197.27")
    assert "quoted from memory" in answer.text


def test_values_read_the_public_api(entries: list[BundleEntry]) -> None:
    gdp = entries[1].result
    values = {v.key: v for v in result_values("gdp", gdp, entries[1].provenance, {})}
    row = gdp.conf_int(0.95).loc["b"]
    assert values["param:b"].value == gdp.params["b"]
    assert values["param:b"].interval == (row["lower"], row["upper"])
    assert values["param:b"].stderr == gdp.stderr["b"]
    assert values["r_squared"].value == gdp.r_squared
    assert values["published:pub.lognormal_free_delta.beta"].value == 1.113
    assert values["published:pub.lognormal_free_delta.beta"].stderr == 0.024


# --- answers ----------------------------------------------------------------------------------
def test_fitted_answer_leads_with_the_value(entries: list[BundleEntry]) -> None:
    answer = ask("How does urban GDP scale with population?", entries)
    gdp = entries[1].result
    assert answer.method == "structured"
    assert (answer.result, answer.kind) == ("urban/usa_msa_gdp_2013", "fitted")
    assert answer.value == gdp.params["b"]
    assert answer.text.startswith("1.113 (95% confidence interval")
    assert "published: 1.113" in answer.text  # Leitão et al. (2016), named as such
    assert answer.sentence.startswith("In urban/usa_msa_gdp_2013, the scaling exponent b")


def test_published_answer_is_named_published(entries: list[BundleEntry]) -> None:
    answer = ask("What x_min did Clauset et al. publish for city sizes?", entries)
    assert (answer.kind, answer.value) == ("published", 52.46)  # Table 3
    assert answer.text.startswith("Published: 52.46")
    fitted = ask("What is x_min for city sizes?", entries)
    assert fitted.kind == "fitted"
    assert fitted.value == pytest.approx(52.457, abs=5e-4)  # the exact x_min (catalogue notes)


def test_derived_answers_at_the_inputs_a_question_names(entries: list[BundleEntry]) -> None:
    gdp, census = entries[1].result, entries[2].result
    answer = ask("What GDP does the fit predict for a metro area of 2 million people?", entries)
    table = gdp.predict_quantiles([2e6], (0.025, 0.975))
    assert answer.kind == "derived"
    assert answer.value == pytest.approx(gdp.predict([2e6])[0])
    assert answer.interval == pytest.approx((table["q0.025"][0], table["q0.975"][0]))
    answer = ask("逻辑斯蒂模型预测1930年美国人口是多少？", entries)
    assert answer.value == pytest.approx(float(census.predict([1930.0])[0]))
    answer = ask("Is the GDP exponent consistent with 1.1?", entries)
    assert answer.value == pytest.approx(gdp.test_exponent(1.1).p_value)
    # no word asks for a prediction: the size with its unit, or the year, is the input
    answer = ask("What GDP does the fit give a metro area of 2 million people?", entries)
    assert (answer.kind, answer.value) == ("derived", pytest.approx(gdp.predict([2e6])[0]))
    answer = ask("按逻辑斯蒂拟合，1900年美国人口是多少？", entries)
    assert answer.value == pytest.approx(float(census.predict([1900.0])[0]))


def test_a_published_key_is_described_by_our_value_of_that_name(neural: BundleEntry) -> None:
    """Epoch's headline ``a`` is not a parameter of the neural law but the frontier
    exponent a: it carries that value's concepts, so naming it finds it; naming
    the group by two of its words ("Epoch ... headline") asks for it, and an
    "estimate" is anyone's, not a claim that the value is ours."""
    answer = ask(
        "What's Epoch AI's headline estimate of the exponent a of optimal model size?", [neural]
    )
    assert (answer.kind, answer.value) == ("published", 0.513)
    ours = ask("What is the exponent a of the optimal model size with compute?", [neural])
    assert (ours.kind, ours.value) == ("derived", pytest.approx(neural.result.frontier["a"]))


def test_naming_a_published_group_asks_for_it_unless_the_fit_is_claimed(
    entries: list[BundleEntry],
) -> None:
    """ "Pearl & Reed" names the data set and the group pearl_reed_1920 alike: two words
    of the group's name ask for its value; "the Pearl-Reed logistic refit" claims ours."""
    census = entries[2].result
    answer = ask(
        "In which year did Pearl & Reed put the inflection of US population growth?", entries
    )
    assert (answer.kind, answer.value) == ("published", 1914.25)  # Pearl & Reed (1920)
    answer = ask("Pearl-Reed logistic refit: the inflection year?", entries)
    assert (answer.kind, answer.value) == ("fitted", census.params["tm"])


def test_the_word_after_what_breaks_a_tie(neural: BundleEntry) -> None:
    """ "What loss does the compute-optimal model reach": the loss and the model size
    match equally well ("model" reads as model size), and "what loss" asks for the loss;
    "how many tokens" asks for the tokens."""
    answer = ask(
        "What loss does the compute-optimal model reach at a budget of 1e21 FLOPs?", [neural]
    )
    optimal = neural.result.compute_optimal([1e21])
    assert answer.value == pytest.approx(float(optimal["loss"].iloc[0]))
    answer = ask("算力1e21 FLOPs时计算最优模型的损失是多少？", [neural])
    assert answer.value == pytest.approx(float(optimal["loss"].iloc[0]))
    # "how many tokens": the model size and the tokens tie, and the tokens are asked for
    answer = ask("How many tokens should a model be trained on at 1e21 FLOPs?", [neural])
    assert answer.value == pytest.approx(float(optimal["D_opt"].iloc[0]))


def test_a_tail_size_named_n_tail_and_a_law_named_a_model(entries: list[BundleEntry]) -> None:
    """n_tail, as the results print it, is the tail size (not the sample that 样本 pulls
    towards); "the logistic model" (逻辑斯蒂模型) names the law, not a model size, and
    a year in the question is an input, not the year of Pearl and Reed's paper."""
    answer = ask("论文给出的城市人口尾部样本数n_tail是多少？", entries)
    assert (answer.kind, answer.value) == ("published", 580)  # Clauset et al. Table 3
    answer = ask("按逻辑斯蒂模型，1920年美国人口是多少（百万）？", entries)
    assert answer.value == pytest.approx(float(entries[2].result.predict([1920.0])[0]))


def test_interval_and_standard_error_questions(entries: list[BundleEntry]) -> None:
    cities = entries[0].result
    answer = ask("What is the standard error of alpha for the cities?", entries)
    assert answer.value == cities.stderr["alpha"]
    assert answer.text.startswith(f"{fmt(answer.value)} (standard error")
    answer = ask("城市人口幂律指数的置信区间是多少？", entries)
    row = cities.conf_int(0.95).loc["alpha"]
    assert answer.interval == (row["lower"], row["upper"])
    assert answer.text.startswith("95% confidence interval")


def test_a_second_phrase_that_only_qualifies_does_not_block_the_answer(
    entries: list[BundleEntry],
) -> None:
    """Verbs of contrast ("vs", "rejected") and a language other than the published
    group's own name a concept without asking for another quantity."""
    gdp = entries[1].result
    answer = ask("What is the exponent of GDP vs population in US metro areas?", entries)
    assert (answer.value, answer.kind) == (gdp.params["b"], "fitted")
    answer = ask("Is the power law rejected for city sizes by the goodness-of-fit test?", entries)
    assert answer.abstained  # no goodness-of-fit test was run on this fit: nothing to read
    assert "goodness" in answer.text
    answer = ask("Leitão等人发表的对数正态、自由delta模型的GDP标度指数是多少？", entries)
    assert (answer.kind, answer.value) == ("published", 1.113)  # lognormal, free delta
    answer = ask("What beta did Leitao et al. publish for the Gaussian model, free delta?", entries)
    assert (answer.kind, answer.value) == ("published", 1.116)  # Gaussian, free delta
    # a number of the group's name ("delta fixed at 1/2": gaussian_delta_half), and the
    # Chinese words of Gaussian fluctuations and of fixing, which name nothing unknown
    answer = ask(
        "What beta did Leitao et al. publish with Gaussian noise, delta fixed at 1/2?", entries
    )
    assert (answer.kind, answer.value) == ("published", 1.140)  # Gaussian, delta = 1/2
    answer = ask("Leitão等人在高斯涨落、delta固定为1/2时发表的beta是多少？", entries)
    assert (answer.kind, answer.value) == ("published", 1.140)


@pytest.mark.parametrize(
    ("question", "why"),
    [
        ("What is the scaling exponent of GDP in German cities?", "no result was fitted to"),
        ("What is the carrying capacity of COVID-19 in China?", "hold no carrying capacity"),
        ("What was the GDP scaling exponent in 2005?", "covers 2013, not 2005"),
        ("How fast did COVID-19 cases grow in Italy?", "not to Italy"),
        ("What is the median city population?", "cities hold no median"),
        ("What is the power-law exponent of Wikipedia page views?", "Wikipedia"),
        ("恐龙的脑重与体重的标度指数是多少？", "no result was fitted to"),
        ("How does GDP scale with population in UK cities?", "called UK"),
        ("英国城市的GDP标度指数是多少？", "called 英国"),
        ("GPT-3的GDP标度指数是多少？", "called GPT"),
        ("What deceleration p did the literature publish for China's cases?", "no published"),
        ("Is the growth of COVID-19 cases in China linear?", "hold no linearity"),
        # a word only unfitted catalogue data sets are described by (Marin's ladder)
        ("What exponent does the model ladder's loss follow against compute?", "called ladder"),
        ("模型阶梯损失随算力的幂律指数是多少？", "called 阶梯"),
        # 人口 is a column of two results: it names neither, so 世界 is unknown
        ("世界人口的承载能力是多少？", "called 世界"),
    ],
)
def test_abstains_when_the_results_do_not_hold_the_answer(
    entries: list[BundleEntry], question: str, why: str
) -> None:
    answer = ask(question, entries)
    assert answer.abstained, answer.text
    assert answer.method == "abstained"
    assert (answer.value, answer.kind, answer.result) == (None, None, None)
    assert answer.text.startswith("Not in these results:")
    assert why in answer.text
    assert "Closest available:" in answer.text


def test_a_place_the_answering_result_bears_is_no_foreign_name(
    entries: list[BundleEntry],
) -> None:
    """ "American" and 美国 name the US series of the COVID-19 reports, and the US metro
    GDP data are of the US: not a place outside the results, unlike "UK"."""
    gdp = entries[1].result
    for question in (
        "Is the GDP of American metro areas superlinear?",
        "美国都市区GDP的标度指数？",
    ):
        answer = ask(question, entries)
        assert (answer.result, answer.value) == ("urban/usa_msa_gdp_2013", gdp.params["b"])


def test_a_size_with_a_unit_is_no_hypothesised_exponent(entries: list[BundleEntry]) -> None:
    """ "1 kg" is where to predict, "consistent with 0.75" an exponent to test."""
    from scalinglaws.ask._values_samples import hypotheses

    named = subjects([(e.provenance["dataset"], e.result, e.provenance) for e in entries])
    assert hypotheses(understand("Brain weight of a mammal weighing 1 kg?", named)) == set()
    assert hypotheses(understand("Is b consistent with 0.75?", named)) == {0.75}


def test_several_matching_results_are_named(entries: list[BundleEntry]) -> None:
    twice = [*entries, BundleEntry(entries[0].result, {"dataset": "clauset2009/cities"}, {})]
    answer = ask("What is the power-law exponent of US city sizes?", twice)
    assert answer.result == "clauset2009/cities"
    assert "Also matching: clauset2009/cities (2)" in answer.text
    assert answer.note == "also matching: clauset2009/cities (2)"


def test_a_users_own_result_is_named_by_its_columns() -> None:
    rng = np.random.default_rng(0)
    mass = np.geomspace(0.1, 100.0, 30)
    rate = 3.0 * mass**0.7 * np.exp(rng.normal(0.0, 0.1, mass.size))
    fit = sl.fit_relation(
        pd.Series(mass, name="body_mass_kg"), pd.Series(rate, name="metabolic_rate_W")
    )
    cities = sl.fit_tail(sl.load_dataset("clauset2009/cities").data)
    results = [
        BundleEntry(fit, {"file": "metabolism.csv"}, {}),
        BundleEntry(cities, {"dataset": "clauset2009/cities"}, {}),
    ]
    answer = sl.ask("How does metabolic rate scale with body mass?", results, model=None)
    assert (answer.result, answer.value) == ("metabolism.csv", fit.params["b"])
    assert not sl.ask("What is the x_min of metabolism.csv?", results, model=None).value


def test_structured_answers_load_no_model(tmp_path: Path) -> None:
    """A question naming a quantity is answered without torch (why the first answer is fast)."""
    urban = _frame("urban/usa_msa_gdp_2013")
    fit = sl.fit_relation(urban["population"], urban["gdp_in_million_USD"])
    bundle = save_results(
        [fit], tmp_path / "r.json", provenance={"dataset": "urban/usa_msa_gdp_2013"}
    )
    code = (
        "import sys, scalinglaws as sl; "
        f"a = sl.ask('How does GDP scale with population?', {str(bundle)!r}); "
        "print(a.method, 'torch' in sys.modules)"
    )
    assert fresh_python(code, strict=False).split() == ["structured", "False"]
