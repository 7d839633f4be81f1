"""One source of words per result: summary rows and verdicts, rendered alike everywhere.

A tail fit writes its rows and verdicts once (``scalinglaws.tails.words``); the
summary, the CLI table, the report and ``ask`` must show those words, not their own.
The blackout data and its published test outcomes: Clauset, Shalizi & Newman (2009),
Table 5 (bundled as ``clauset2009/blackouts``).
"""

from __future__ import annotations

import io

import pytest
from rich.console import Console

import scalinglaws as sl
from scalinglaws.ask._sentences import tail as tail_facts
from scalinglaws.cli.fit_tail import render_tail
from scalinglaws.report.words import verdicts as report_verdicts
from scalinglaws.tails import TailComparison, TailFit, TailGofResult


def _comparison(name: str, ratio: float, p: float) -> TailComparison:
    return TailComparison(name, ratio, ratio / 10, p, name == "truncated_power_law", {}, 100)


@pytest.fixture(scope="module")
def tested() -> TailFit:
    fit = sl.fit_tail(sl.load_dataset("clauset2009/blackouts").data, discrete=False)
    tests = (_comparison("lognormal", -0.5, 0.66), _comparison("exponential", 30.0, 0.001))
    return fit.__class__(
        **{**fit.__dict__, "gof_result": TailGofResult(0.02, 0.05, 100), "comparisons": tests}
    )


def test_row_text_joins_the_parts_that_are_given() -> None:
    assert sl.SummaryRow("n", "211").text == "211"
    assert sl.SummaryRow("alpha", "2.27", "± 0.17").text == "2.27 ± 0.17"
    row = sl.SummaryRow("GoF p", "0.800", "", "20 replicates", "a power law is plausible")
    assert row.text == "0.800 (20 replicates): a power law is plausible"


def test_summary_is_the_rows_text(tested: TailFit) -> None:
    rows = tested.summary_rows()
    assert tested.summary().rows == tuple((row.name, row.text) for row in rows)
    by_name = {row.name: row for row in rows}
    assert by_name["GoF p"].verdict == tested.gof_result.verdict()  # type: ignore[union-attr]
    assert by_name["vs lognormal"].verdict == tested.comparisons[0].verdict()


def test_cli_table_shows_the_rows_words(tested: TailFit) -> None:
    out = io.StringIO()
    Console(file=out, width=200).print(render_tail(tested))
    text = out.getvalue()
    for row in tested.summary_rows():
        if not row.name.startswith("vs "):
            assert row.name in text
            assert row.value in text
    assert "the power law is ruled out (p = 0.02)" in text
    assert "inconclusive" in text  # the lognormal test cannot decide at p = 0.66


def test_report_and_ask_use_the_same_outcomes(tested: TailFit) -> None:
    assert report_verdicts(tested, {}) == list(tested.verdicts())
    facts = {fact.key: fact.text for fact in tail_facts(tested, "blackouts")}
    assert facts["gof"].endswith(f"100 bootstrap replicates: {tested.gof_result.outcome}.")  # type: ignore[union-attr]
    assert tested.comparisons[1].outcome in facts["compare:exponential"]


@pytest.mark.parametrize(
    ("ratio", "p", "favoured", "outcome"),
    [
        (
            -0.5,
            0.66,
            "inconclusive",
            "the power law and the lognormal distribution fit equally well",
        ),
        (3.0, 0.01, "power law", "the power law fits significantly better than the lognormal"),
        (-3.0, 0.01, "lognormal", "the lognormal distribution fits significantly better than"),
    ],
)
def test_comparison_words(ratio: float, p: float, favoured: str, outcome: str) -> None:
    test = _comparison("lognormal", ratio, p)
    assert test.favoured == favoured
    assert test.outcome.startswith(outcome)


def test_gof_verdict_is_its_outcome_with_p() -> None:
    assert TailGofResult(0.49, 0.05, 100).verdict() == "a power law is plausible (p = 0.49)"
    assert TailGofResult(0.02, 0.05, 100).outcome == "the power law is ruled out"
