"""Questions in plain language about results (scalinglaws.ask): facts, retrieval, reader, CLI.

The demo results are fitted once per module from bundled data (a few seconds):
the US city-size tail of Clauset, Shalizi & Newman (2009), urban GDP scaling
(Leitão et al. 2016), the GGM on China's 2020 COVID-19 cases, Pearl & Reed's
logistic on the US census, and the Chinchilla law on Epoch's 240 runs
(Besiroglu et al. 2024). The question set with the facts that answer each
question is tests/reference/ask_questions.toml.
"""

from __future__ import annotations

import json
import os
import tomllib
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

import scalinglaws as sl
from scalinglaws.ask import Answer, _hf, collect_facts
from scalinglaws.ask.preprocess import expand_query, tokenize
from scalinglaws.ask.reader import best_span, load_reader
from scalinglaws.ask.retrieve import METHODS, Index, build_index, rank
from scalinglaws.ask.verbalize import Fact, fmt, verbalize
from scalinglaws.bundle import save_results
from scalinglaws.cli import app
from scalinglaws.errors import EmptyDataError, InvalidInputError, InvalidOptionError

QUESTIONS = tomllib.loads(
    (Path(__file__).parent / "reference" / "ask_questions.toml").read_text("utf-8")
)
#: Fit-free starting points near Epoch's optimum keep the Chinchilla fit fast (the
#: default 4,500-point grid takes ~10 s); theta = (ln A, ln B, ln E, alpha, beta).
CHINCHILLA_STARTS = [[6.0, 7.0, 0.5, 0.3, 0.3], [5.0, 6.0, 0.6, 0.4, 0.4]]
DATASETS = [
    "clauset2009/cities",
    "urban/usa_msa_gdp_2013",
    "epidemics/sarscov2_who_2020",
    "growth/us_census_1790_2000",
    "neural/epoch_chinchilla",
]
GDP = "What is the scaling exponent of GDP?"
#: A question that names no quantity: answered by retrieval (and a reader, when there is one).
NO_QUANTITY = "Who replicated the Chinchilla scaling study?"
#: A question about a bundled dataset these results were not fitted to.
OUTSIDE = "What is the scaling exponent of GDP in German cities?"


@pytest.fixture(scope="module", autouse=True)
def _few_threads() -> None:
    torch = pytest.importorskip("torch")
    torch.set_num_threads(2)  # the machine is shared; MiniLM on 83 sentences needs little


def _table(name: str) -> tuple[pd.DataFrame, dict[str, Any]]:
    ds = sl.load_dataset(name)
    assert isinstance(ds.data, pd.DataFrame)
    return ds.data, ds.meta


@pytest.fixture(scope="module")
def demo() -> tuple[list[sl.FitResult], list[dict[str, str]]]:
    """The five demo results and their provenance (about two seconds)."""
    cities = sl.load_dataset("clauset2009/cities").data
    tail = sl.fit_tail(cities).assess(n_boot=20, rng=0)
    urban, meta = _table("urban/usa_msa_gdp_2013")
    relation = sl.fit_relation(urban[meta["x"]], urban[meta["y"]])
    cases, _ = _table("epidemics/sarscov2_who_2020")
    window = cases[(cases["date"] >= "2020-01-20") & (cases["date"] <= "2020-02-05")]
    ggm = sl.fit_growth(window["date"], window["cases_chn"], law="ggm", errors="normal")
    census, _ = _table("growth/us_census_1790_2000")
    early = census[census["year"] <= 1910]
    logistic = sl.fit_growth(early["year"], early["population"], law="logistic")
    runs, _ = _table("neural/epoch_chinchilla")
    kept = runs.sort_values("loss").iloc[:-5]  # Epoch's protocol: drop the 5 highest losses
    n = kept["Model Size"].to_numpy(dtype=float)
    d = kept["Training FLOP"].to_numpy(dtype=float) / (6.0 * n)
    neural = sl.fit_neural(n, d, kept["loss"], starts=CHINCHILLA_STARTS).with_bootstrap(20, rng=0)
    results = [tail, relation, ggm, logistic, neural]
    return results, [{"dataset": name} for name in DATASETS]


@pytest.fixture(scope="module")
def facts(demo: tuple[list[sl.FitResult], list[dict[str, str]]]) -> list[Fact]:
    results, provenance = demo
    return collect_facts(results, provenance=provenance)


@pytest.fixture(scope="module")
def index(facts: list[Fact]) -> Index:
    built = build_index(facts)
    assert built.embeddings is not None, built.note  # the MiniLM package is a dependency
    return built


@pytest.fixture(scope="module")
def bundle(demo: tuple[list[sl.FitResult], list[dict[str, str]]], tmp_path_factory: Any) -> Path:
    results, provenance = demo
    path = tmp_path_factory.mktemp("ask") / "results.json"
    return save_results(results, path, provenance=provenance)


# --- facts -----------------------------------------------------------------------------
def test_facts_cover_parameters_intervals_verdicts_and_provenance(facts: list[Fact]) -> None:
    by_id = {fact.id: fact for fact in facts}
    assert len(by_id) == len(facts), "fact ids are unique"
    b = by_id["urban/usa_msa_gdp_2013#param:b"].text
    assert "1.113" in b
    assert "95% confidence interval" in b
    assert "superlinear" in by_id["urban/usa_msa_gdp_2013#linearity"].text
    assert "plausible" in by_id["clauset2009/cities#gof"].text
    assert "moderate" in by_id["clauset2009/cities#support"].text
    assert "sub-exponential" in by_id["epidemics/sarscov2_who_2020#verdict:p"].text
    assert "N_opt" in by_id["neural/epoch_chinchilla#optimal:1e23"].text
    assert "Pearl" in by_id["growth/us_census_1790_2000#citation"].text
    assert "2.37" in by_id["clauset2009/cities#published:main"].text  # Clauset Table 3
    for name in DATASETS:
        assert f"{name}#dataset" in by_id
    assert all(fact.topic.startswith(fact.source) for fact in facts)


def test_fmt_writes_four_significant_digits() -> None:
    assert [fmt(v) for v in (1.11349, 19447, 2.7926e9, 1e23, None, np.inf)] == [
        "1.113",
        "19447",
        "2.793e9",
        "1e23",
        "undefined",
        "infinite",
    ]


def test_isoflop_results_are_verbalized() -> None:
    rng = np.random.default_rng(0)
    rows = []
    for c in (1e18, 1e19, 1e20):
        for n in np.geomspace(1e7, 1e9, 7):
            d = c / (6 * n)
            rows.append((n, d, 1.7 + 400 / n**0.34 + 400 / d**0.28 + rng.normal(0, 1e-3)))
    n, d, loss = (np.array(col) for col in zip(*rows, strict=True))
    texts = [fact.text for fact in verbalize(sl.isoflop(n, d, loss), "isoflop demo")]
    assert any("N_opt ~ C^a" in text for text in texts)


# --- preprocessing ---------------------------------------------------------------------
def test_tokenize_lowercases_drops_stop_words_and_keeps_numbers() -> None:
    assert tokenize("What is the scaling exponent of GDP_in_million_USD at 1e23?") == [
        "scal",
        "exponent",
        "gdp",
        "million",
        "usd",
        "1e+23",
    ]
    assert tokenize("1e+23") == tokenize("1E23")


def test_chinese_text_gives_character_ngrams_and_glossary_words() -> None:
    assert tokenize("幂律指数") == ["幂", "律", "指", "数", "幂律", "律指", "指数"]
    assert expand_query("幂律指数") == "power law exponent"
    assert expand_query("指数分布") == "exponential distribution"  # longest term wins
    assert expand_query("What is alpha?") == ""


# --- retrieval -------------------------------------------------------------------------
def _accuracy(index: Index, items: list[dict[str, Any]], method: str) -> float:
    hits = [rank(index, item["q"], method=method)[0].fact.id in item["expect"] for item in items]
    return float(np.mean(hits))


def test_question_set_retrieval_accuracy(index: Index) -> None:
    """Top-1 accuracy on the English question set (the figures of docs/ask.md)."""
    english = QUESTIONS["english"]
    assert len(english) >= 40
    known = {fact.id for fact in index.facts}
    assert all(set(item["expect"]) <= known for item in english), "stale fact ids"
    scores = {method: _accuracy(index, english, method) for method in METHODS}
    print(f"\ntop-1 retrieval accuracy on {len(english)} questions: {scores}")
    assert scores["fused"] >= 0.9


def test_chinese_questions_retrieve(index: Index) -> None:
    chinese = QUESTIONS["chinese"]
    assert rank(index, "GDP 的标度指数是多少？")[0].fact.id == "urban/usa_msa_gdp_2013#param:b"
    scores = {method: _accuracy(index, chinese, method) for method in METHODS}
    print(f"\ntop-1 retrieval accuracy on {len(chinese)} Chinese questions: {scores}")
    assert scores["fused"] >= 0.75


def test_question_set_answers(
    demo: tuple[list[sl.FitResult], list[dict[str, str]]], facts: list[Fact]
) -> None:
    """The regression set through sl.ask: the answer's supporting sentence is one of the
    expected facts (the figures of docs/ask.md)."""
    results, provenance = demo
    ids = {fact.text: fact.id for fact in facts}
    for lang, floor in (("english", 0.9), ("chinese", 0.85)):
        items = QUESTIONS[lang]
        answers = [sl.ask(item["q"], results, provenance=provenance, model=None) for item in items]
        hits = [
            ids.get(a.sentence) in item["expect"] for a, item in zip(answers, items, strict=True)
        ]
        print(f"\n{lang}: {sum(hits)}/{len(hits)} answered from an expected fact")
        assert float(np.mean(hits)) >= floor


def test_fused_scores_lie_in_unit_interval(index: Index) -> None:
    hits = rank(index, GDP)
    assert all(0.0 <= hit.score <= 1.0 for hit in hits)
    assert [hit.score for hit in hits] == sorted((hit.score for hit in hits), reverse=True)
    assert len(hits) == len(index.facts)


# --- the reader ------------------------------------------------------------------------
def test_best_span_respects_context_and_length() -> None:
    start = np.array([9.0, 0.0, 5.0, 0.0, 0.0])
    end = np.array([9.0, 0.0, 0.0, 0.0, 5.0])
    mask = np.array([False, True, True, True, True])  # token 0 is the question
    s, e, score = best_span(start, end, mask, max_len=3)
    assert (s, e) == (2, 4)
    assert 0.0 < score <= 1.0
    s, e, _ = best_span(start, end, mask, max_len=1)
    assert s == e


@pytest.fixture(scope="module")
def tiny_reader(facts: list[Fact], tmp_path_factory: Any) -> Path:
    """A random DistilBERT QA model with a WordPiece vocabulary of the facts' words."""
    torch = pytest.importorskip("torch")
    transformers = pytest.importorskip("transformers")
    folder = tmp_path_factory.mktemp("tiny_reader")
    words = sorted({w for fact in facts for w in "".join(
        ch.lower() if ch.isalnum() else " " for ch in fact.text).split()})  # fmt: skip
    specials = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
    (folder / "vocab.txt").write_text("\n".join(specials + words) + "\n", encoding="utf-8")
    tokenizer = transformers.DistilBertTokenizerFast(vocab_file=str(folder / "vocab.txt"))
    config = transformers.DistilBertConfig(
        vocab_size=len(specials) + len(words),
        dim=32,
        n_layers=2,
        n_heads=2,
        hidden_dim=64,
        max_position_embeddings=256,
    )
    torch.manual_seed(0)
    model = transformers.DistilBertForQuestionAnswering(config)
    model.save_pretrained(folder / "model")
    tokenizer.save_pretrained(folder / "model")
    return folder / "model"


def test_tiny_reader_answers_with_a_span_of_the_context(
    demo: tuple[list[sl.FitResult], list[dict[str, str]]], tiny_reader: Path
) -> None:
    reader = load_reader(str(tiny_reader))  # the production path: from_pretrained(path)
    assert reader.max_length <= 256
    contexts = ["The prefactor a is 0.01.", " ".join(["The exponent b is 1.113."] * 40)]
    span = reader.read(GDP, contexts)  # the second context needs several windows
    assert span.text
    assert contexts[span.context][span.start : span.end] == span.text
    assert 0.0 <= span.score <= 1.0

    results, provenance = demo
    # A question that names no quantity goes to retrieval, then to the reader.
    answer = sl.ask(NO_QUANTITY, results, provenance=provenance, model=tiny_reader)
    assert answer.method == "reader", answer.note
    assert answer.text
    assert answer.text in answer.sentence
    assert 0.0 <= answer.score <= 1.0
    assert answer.source == "neural/epoch_chinchilla"
    assert answer.sentence in [hit.fact.text for hit in answer.hits]
    assert answer.value is None
    assert answer.kind is None
    assert not answer.abstained


# --- ask -------------------------------------------------------------------------------
def test_missing_reader_falls_back_to_retrieval(
    demo: tuple[list[sl.FitResult], list[dict[str, str]]], tmp_path: Path
) -> None:
    results, provenance = demo
    missing = tmp_path / "no-such-model"
    answer = sl.ask(NO_QUANTITY, results, provenance=provenance, model=missing)
    assert isinstance(answer, Answer)
    assert answer.method == "retrieval"
    assert answer.note is not None
    assert "cannot load the reader model" in answer.note
    assert answer.text == answer.sentence
    assert "Besiroglu" in answer.text  # the replication's citation
    assert answer.source == "neural/epoch_chinchilla"
    assert 0.0 <= answer.score <= 1.0
    assert answer.to_dict()["source"] == answer.source
    # A question naming a quantity never needs the reader: the missing model is no matter.
    structured = sl.ask(GDP, results, provenance=provenance, model=missing)
    assert structured.method == "structured"
    assert structured.note is None


def test_ask_reads_a_results_bundle(
    bundle: Path, demo: tuple[list[sl.FitResult], list[dict[str, str]]]
) -> None:
    answer = sl.ask("What is the irreducible loss E?", str(bundle), model=None, retrieval="bm25")
    neural = demo[0][4]
    assert answer.source == answer.result == "neural/epoch_chinchilla"
    assert answer.value == neural.params["E"]
    assert answer.kind == "fitted"
    assert answer.text.startswith(fmt(neural.params["E"]))
    assert "irreducible loss E is 1.81" in answer.sentence


def test_labels_default_to_kind_and_stay_unique(
    demo: tuple[list[sl.FitResult], list[dict[str, str]]],
) -> None:
    relation = demo[0][1]
    sources = {fact.source for fact in collect_facts([relation, relation])}
    assert sources == {"relation fit 1", "relation fit 2"}
    named = collect_facts({"gdp": relation, "again": relation})
    assert {fact.source for fact in named} == {"gdp", "again"}


def test_the_same_results_are_prepared_once(
    demo: tuple[list[sl.FitResult], list[dict[str, str]]],
) -> None:
    """A notebook asks many questions of the same (frozen) result objects: they are
    prepared once; other objects, labels or provenance are prepared again."""
    from scalinglaws.ask._results import prepare

    results, provenance = demo
    first = prepare(results, provenance)
    assert prepare(list(results), [dict(p) for p in provenance]) is first
    assert prepare(results, None) is not first
    relation = results[1]
    assert prepare({"gdp": relation}, None) is not prepare({"again": relation}, None)
    urban, meta = _table("urban/usa_msa_gdp_2013")
    refit = sl.fit_relation(urban[meta["x"]], urban[meta["y"]])  # equal, another object
    again = prepare([results[0], refit, *results[2:]], provenance)
    assert again is not first
    assert [fact.text for fact in again.facts] == [fact.text for fact in first.facts]


def test_invalid_input_raises(demo: tuple[list[sl.FitResult], list[dict[str, str]]]) -> None:
    results, _ = demo
    with pytest.raises(InvalidInputError, match="question"):
        sl.ask("  ", results, model=None)
    with pytest.raises(EmptyDataError):
        sl.ask(GDP, [], model=None)
    with pytest.raises(InvalidOptionError, match="retrieval"):
        sl.ask(GDP, results, model=None, retrieval="magic")
    with pytest.raises(InvalidInputError, match="provenance"):
        sl.ask(GDP, results, provenance=[{}], model=None)
    with pytest.raises(InvalidInputError, match="not a fit result"):
        sl.ask(GDP, ["a string"], model=None)


def test_offline_unless_downloads_are_allowed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    assert _hf.offline(allow_download=True) is False
    assert "HF_HUB_OFFLINE" not in os.environ
    assert _hf.offline(allow_download=False) is True
    assert os.environ["HF_HUB_OFFLINE"] == "1"


def test_sl_ask_stays_the_function_after_submodule_imports() -> None:
    import scalinglaws.ask.retrieve  # noqa: F401  (binds nothing new on scalinglaws)

    assert callable(sl.ask)
    assert sl.ask.__module__ == "scalinglaws.ask"


# --- command line ----------------------------------------------------------------------
def test_cli_ask(bundle: Path, tmp_path: Path) -> None:
    missing = tmp_path / "no-reader"
    args = ["ask", GDP, "--results", str(bundle), "--model", str(missing)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "1.113" in result.stdout
    assert "urban/usa_msa_gdp_2013" in result.stdout
    result = CliRunner().invoke(app, [*args, "--json", "--retrieval", "bm25"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["method"] == "structured"
    assert payload["kind"] == "fitted"
    assert payload["result"] == "urban/usa_msa_gdp_2013"
    assert payload["value"] == pytest.approx(1.1128, abs=1e-4)  # Leitão et al. 2016: 1.113
    assert len(payload["interval"]) == 2
    assert payload["abstained"] is False
    result = CliRunner().invoke(app, ["ask", OUTSIDE, "--results", str(bundle), "--json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["abstained"] is True
    assert payload["value"] is None
    assert payload["text"].startswith("Not in these results:")


def test_cli_ask_missing_bundle_is_an_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["ask", GDP, "--results", str(tmp_path / "x.json")])
    assert result.exit_code != 0


def test_bundle_extras_become_facts(demo: tuple[list[sl.FitResult], list[dict[str, str]]]) -> None:
    relation, neural = demo[0][1], demo[0][4]
    test = relation.test_exponent(1.0).to_dict()
    texts = [fact.text for fact in verbalize(relation, "r", extras={"exponent_test": test})]
    assert any("exponent test finds: b = 1.113 differs from 1" in text for text in texts)
    optimal = neural.compute_optimal([1e22]).to_dict(orient="records")
    keys = [fact.key for fact in verbalize(neural, "n", extras={"compute_optimal": optimal})]
    assert "extra:optimal:1e22" in keys
