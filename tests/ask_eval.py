"""The held-out evaluation of ``scalinglaws.ask`` (issue 15): its results, its oracle, its scores.

* :func:`eval_results` fits what tests/reference/ask_eval.toml asks about: the demo's
  results without its ladder (built with the demo's own section code, with fewer
  bootstrap replicates) and three results of a user's own files (seeded synthetic data);
* :func:`truth` reads the right answer of a question from those results' public API
  (``params``, ``stderr``, ``conf_int()``, stored tests, ``derived()``,
  ``compute_optimal()``, ``predict()``, the catalogue's published values), a path
  independent of the one ``ask`` takes;
* :func:`grade` scores an answer: an answerable question is right when the value (or
  the interval) agrees with the truth to the precision an answer prints (four
  significant digits; a published value exactly), a verdict when its word appears,
  and an unanswerable one when ``ask`` abstained; ``mislabelled`` counts a fitted or
  derived value presented as published, or the reverse;
* :func:`draw_split` is the seeded, stratified dev/test draw recorded in the file (the
  later held-out split ``test2`` takes no part in it).

Used by tests/test_ask_eval.py, benchmarks/bench_ask.py and benchmarks/score_ask_split.py.
"""

from __future__ import annotations

import math
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

import scalinglaws as sl
from scalinglaws.bundle import BundleEntry

QUESTIONS_FILE = Path(__file__).parent / "reference" / "ask_eval.toml"
#: The held-out splits written after the first round, one file each
#: (``ask_eval_<name>.toml``, same format), in the order they were written: each was
#: written before that round's changes to ask and scored once before them.
HELD_OUT = (
    "test3",
    "test4",
    "test5",
    "test6",
    "test7",
    "test8",
    "test9",
    "test10",
    "test11",
    "test12",
    "test13",
    "test14",
    "test15",
    "test16",
    "test17",
    "test18",
    "test19",
    "test20",
    "test21",
    "test22",
    "test23",
    "test24",
    "test25",
    "test26",
    "test27",
    "test28",
    "test29",
    "test30",
    "test31",
    "test32",
    "test33",
    "test34",
    "test35",
    "test36",
    "test37",
    "test38",
    "test39",
    "test40",
    "test41",
    "test42",
    "test43",
    "test44",
    "test45",
    "test46",
    "test47",
    "test48",
    "test49",
    "test50",
    "test51",
    "test52",
    "test53",
    "test54",
    "test55",
    "test56",
    "test57",
    "test58",
    "test59",
    "test60",
    "test61",
    "test62",
    "test63",
    "test64",
    "test65",
    "test66",
    "test67",
    "test68",
    "test69",
    "test70",
    "test71",
    "test72",
    "test73",
    "test74",
    "test75",
    "test76",
    "test77",
    "test78",
    "test79",
    "test80",
    "test81",
    "test82",
    "test83",
    "test84",
    "test85",
    "test86",
    "test87",
    "test88",
    "test89",
    "test90",
    "test91",
    "test92",
    "test93",
    "test94",
    "test95",
    "test96",
    "test97",
    "test98",
    "test99",
    "test100",
    "test101",
    "test102",
    "test103",
    "test104",
    "test105",
    "test106",
    "test107",
    "test108",
    "test109",
    "test110",
    "test111",
    "test112",
    "test113",
    "test114",
    "test115",
    "test116",
    "test117",
    "test118",
    "test119",
    "test120",
    "test121",
    "test122",
    "test123",
    "test124",
    "test125",
    "test126",
    "test127",
    "test128",
    "test129",
    "test130",
    "test131",
    "test132",
    "test133",
    "test134",
    "test135",
    "test136",
    "test137",
    "test138",
    "test139",
    "test140",
    "test141",
    "test142",
    "test143",
    "test144",
    "test145",
    "test146",
    "test147",
    "test148",
    "test149",
    "test150",
    "test151",
    "test152",
    "test153",
    "test154",
    "test155",
)
#: Fit-free starting points near Epoch's optimum keep the Chinchilla fit fast (the
#: default 4,500-point grid takes ~10 s); theta = (ln A, ln B, ln E, alpha, beta). At
#: least three of them reach the best basin, so the fit does not warn that its optimum
#: is fragile (neural.diagnostics.BASIN_MIN).
CHINCHILLA_STARTS = [
    [6.0, 7.0, 0.5, 0.3, 0.3],
    [5.0, 6.0, 0.6, 0.4, 0.4],
    [6.2, 7.7, 0.6, 0.35, 0.37],
    [6.1, 7.6, 0.6, 0.34, 0.36],
]
STRATA = (("en", True), ("en", False), ("zh", True), ("zh", False))


def load_questions(path: Path = QUESTIONS_FILE) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    data = tomllib.loads(path.read_text("utf-8"))
    return list(data["question"]), dict(data["split"])


def split_file(name: str) -> Path:
    """The file of the held-out split ``name`` (tests/reference/ask_eval_<name>.toml)."""
    return QUESTIONS_FILE.with_name(f"ask_eval_{name}.toml")


def load_split(name: str) -> list[dict[str, Any]]:
    """The questions of the held-out split ``name`` (every one has split ``name``)."""
    return list(tomllib.loads(split_file(name).read_text("utf-8"))["question"])


def questions_of(split: str) -> list[dict[str, Any]]:
    """The questions of any split: dev, test and test2 live in ask_eval.toml, each later
    split in its own file (:data:`HELD_OUT`)."""
    if split in HELD_OUT:
        return load_split(split)
    return [q for q in load_questions()[0] if q["split"] == split]


def all_questions() -> list[dict[str, Any]]:
    """Every question of every split, in the order the files were written."""
    questions = load_questions()[0]
    for name in HELD_OUT:
        questions += load_split(name)
    return questions


def draw_split(questions: Sequence[Mapping[str, Any]], seed: int, fraction: float) -> list[str]:
    """Within each stratum (language x answerable), in file order, one generator
    ``default_rng(seed)`` permutes the stratum and the first ``fraction`` (rounded down)
    of the permutation go to test. Questions of the later held-out split ``test2``
    were written after this draw and take no part in it (they keep ``"test2"``)."""
    rng = np.random.default_rng(seed)
    split = [str(q["split"]) if q["split"] == "test2" else "dev" for q in questions]
    for lang, answerable in STRATA:
        idx = [
            i
            for i, q in enumerate(questions)
            if q["lang"] == lang and ("why" not in q) == answerable and q["split"] != "test2"
        ]
        perm = rng.permutation(len(idx))
        for j in perm[: int(len(idx) * fraction)]:
            split[idx[j]] = "test"
    return split


# --- the results ------------------------------------------------------------------------
def _user_results() -> list[BundleEntry]:
    """Three results of files no catalogue describes (seeded, synthetic)."""
    rng = np.random.default_rng(15)
    mass = np.geomspace(0.01, 1000.0, 40)
    rate = 3.4 * mass**0.72 * np.exp(rng.normal(0.0, 0.15, mass.size))  # Kleiber-like
    metabolism = sl.fit_relation(
        pd.Series(mass, name="body_mass_kg"), pd.Series(rate, name="metabolic_rate_W")
    )
    n = np.repeat(np.geomspace(2e6, 2e8, 5), 4)
    d = np.tile(np.geomspace(1e8, 1e10, 4), 5)
    loss = (1.9 + 300.0 / n**0.32 + 900.0 / d**0.30) * np.exp(rng.normal(0.0, 0.004, n.size))
    runs = sl.fit_neural(
        n,
        d,
        loss,
        starts=[
            [5.7, 6.8, 0.64, 0.32, 0.3],
            [5.0, 6.0, 0.6, 0.4, 0.4],
            [5.8, 6.9, 0.64, 0.3, 0.3],
            [5.6, 6.7, 0.64, 0.33, 0.31],
        ],
    )
    followers = sl.fit_tail(rng.zipf(2.3, 3000).astype(float))
    columns = {"x": "body_mass_kg", "y": "metabolic_rate_W"}
    return [
        BundleEntry(metabolism, {"file": "metabolism.csv", "columns": columns}, {}),
        BundleEntry(
            runs,
            {"file": "my_runs.csv", "columns": {"N": "params", "D": "tokens", "loss": "loss"}},
            {},
        ),
        BundleEntry(followers, {"file": "followers.txt"}, {}),
    ]


def eval_results(n_boot: int = 20) -> list[BundleEntry]:
    """The results the question set asks about (about ten seconds on two cores)."""
    from scalinglaws.cli._demo_chinchilla import CHINCHILLA_D, CHINCHILLA_N, DATASET, DROPPED
    from scalinglaws.cli._demo_clauset import alternatives_for
    from scalinglaws.cli._demo_natural import growth_anchors, relation_anchors
    from scalinglaws.cli._demo_tails import demo_names

    entries = []
    for name in demo_names():
        dataset = sl.load_dataset(name)
        fit = sl.fit_tail(dataset.data, discrete=bool(dataset.meta["discrete"]))
        fit = fit.assess(n_boot=n_boot, compare=alternatives_for(fit.discrete), rng=0)
        entries.append(BundleEntry(fit, {"dataset": name}, {}))
    for anchor in relation_anchors() + growth_anchors(n_boot=n_boot):
        entries.append(
            BundleEntry(
                anchor.result, {"dataset": anchor.dataset, "columns": anchor.columns}, anchor.extras
            )
        )
    runs = sl.load_dataset(DATASET).data
    assert isinstance(runs, pd.DataFrame)
    kept = runs.sort_values("loss").iloc[:-DROPPED]
    n = kept["Model Size"].to_numpy(dtype=float)
    d = kept["Training FLOP"].to_numpy(dtype=float) / (6.0 * n)
    neural = sl.fit_neural(n, d, kept["loss"], starts=CHINCHILLA_STARTS).with_bootstrap(
        n_boot, rng=0
    )
    budget = 6.0 * CHINCHILLA_N * CHINCHILLA_D
    optimal = neural.compute_optimal([budget], level=0.95).to_dict(orient="records")
    entries.append(BundleEntry(neural, {"dataset": DATASET}, {"compute_optimal": optimal}))
    return entries + _user_results()


# --- the oracle --------------------------------------------------------------------------
@dataclass(frozen=True)
class Truth:
    value: float | None = None
    interval: tuple[float, float] | None = None
    word: str | None = None
    published: bool = False


def _published(meta: Mapping[str, Any], path: str) -> Any:
    node: Any = meta["published"]
    for part in path.split("."):
        node = node[part]
    return node


def truth(spec: str, entry: BundleEntry) -> Truth:
    """The right answer of a question whose truth is ``spec`` (see ask_eval.toml)."""
    result = entry.result
    kind, _, arg = spec.partition(":")
    if kind == "param":
        return Truth(float(result.params[arg]))
    if kind == "stderr":
        return Truth(float(result.stderr[arg]))
    if kind == "interval":
        row = result.conf_int(0.95).loc[arg]
        return Truth(float(row["estimate"]), (float(row["lower"]), float(row["upper"])))
    if kind == "attr":
        return Truth(float(getattr(result, arg)))
    if kind == "gof":
        return Truth(float(result.gof_result.p_value))
    if kind == "compare":
        test = next(c for c in result.comparisons if c.alternative == arg)
        return Truth(float(test.p_value))
    if kind == "lr":
        test = next(c for c in result.comparisons if c.alternative == arg)
        return Truth(float(test.statistic))
    if kind == "support":
        return Truth(word=str(result.support))
    if kind == "published":
        meta = sl.load_dataset(entry.provenance["dataset"]).meta
        return Truth(float(_published(meta, arg)), published=True)
    if kind == "derived":
        return Truth(float(result.derived(0.95).loc[arg, "estimate"]))
    if kind == "frontier":
        return Truth(float(result.frontier[arg]))
    if kind == "optimal":
        budget, column = arg.split(":")
        return Truth(float(result.compute_optimal([float(budget)])[column].iloc[0]))
    if kind in ("forecast", "forecast_interval"):
        rows = entry.extras["forecast"]["records"]
        row = next(r for r in rows if str(r["t"]).startswith(arg))
        interval = (float(row["lower"]), float(row["upper"])) if kind.endswith("interval") else None
        return Truth(float(row["mean"]), interval)
    if kind == "predict":
        parts = [float(p) for p in arg.split(":")]
        if result.kind == "neural":
            return Truth(float(np.ravel(result.predict(parts[0], parts[1]))[0]))
        predicted = result.predict([parts[0]])
        if isinstance(predicted, pd.DataFrame):
            return Truth(float(predicted["mean"].iloc[0]))
        return Truth(float(np.ravel(predicted)[0]))
    if kind == "test":
        return Truth(float(result.test_exponent(float(arg)).p_value))
    if kind == "test_statistic":
        return Truth(float(result.test_exponent(float(arg)).statistic))
    if kind == "ensemble":
        table = result.table
        row = table[table["t"].astype(str).str.startswith(arg)].iloc[0]
        return Truth(float(row["median"]))
    if kind == "observed":
        seen = next(o for o in entry.extras["observed"] if str(o["t"]).startswith(arg))
        return Truth(float(seen["value"]), published=True)
    raise ValueError(f"unknown truth spec {spec!r}")


def agrees(answer: float | None, expected: float, *, exact: bool) -> bool:
    """``answer`` equals ``expected`` to the precision an answer prints: four
    significant digits (half a unit of the fourth), or exactly for a published value."""
    if answer is None or not math.isfinite(answer):
        return False
    if exact:
        return math.isclose(answer, expected, rel_tol=1e-12, abs_tol=1e-12)
    if expected == 0:
        return abs(answer) < 5e-5
    digit = 10.0 ** (math.floor(math.log10(abs(expected))) - 3)
    return abs(answer - expected) <= 0.5 * digit * (1 + 1e-9)


@dataclass(frozen=True)
class Grade:
    right: bool
    mislabelled: bool
    detail: str


def grade(question: Mapping[str, Any], answer: Any, entries: Mapping[str, BundleEntry]) -> Grade:
    """Score one answer (see the module docstring)."""
    if "why" in question:
        return Grade(bool(answer.abstained), False, answer.text)
    if answer.abstained:
        return Grade(False, False, answer.text)
    expected = truth(question["truth"], entries[question["result"]])
    want_published = question["kind"] == "published"
    mislabelled = (answer.kind == "published") != want_published and answer.kind is not None
    if answer.result != question["result"]:
        return Grade(False, mislabelled, f"from {answer.result}: {answer.text}")
    if expected.word is not None:
        return Grade(expected.word in answer.text, mislabelled, answer.text)
    assert expected.value is not None
    right = agrees(answer.value, expected.value, exact=expected.published)
    if expected.interval is not None:
        got = answer.interval
        right = got is not None and all(
            agrees(g, e, exact=expected.published)
            for g, e in zip(got, expected.interval, strict=True)
        )
    return Grade(right, mislabelled, answer.text)


def labels_of(entries: Sequence[BundleEntry]) -> dict[str, BundleEntry]:
    """The label ask gives each entry (dataset or file name), mapped to the entry; ask
    gives a later result of the same data set a numbered label ("<name> (2)"), so the
    first one keeps the name."""
    labels: dict[str, BundleEntry] = {}
    seen: dict[str, int] = {}
    for e in entries:
        name = str(e.provenance.get("dataset") or Path(str(e.provenance.get("file"))).name)
        seen[name] = seen.get(name, 0) + 1
        labels[name if seen[name] == 1 else f"{name} ({seen[name]})"] = e
    return labels
