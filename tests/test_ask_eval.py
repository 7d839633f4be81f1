"""The held-out evaluation of scalinglaws.ask (issue 15; the figures of docs/ask.md).

tests/reference/ask_eval.toml holds 196 questions in English and Chinese, written
before the structured answerer was tuned and split once into dev and test (seeded,
stratified by language and answerability), and 85 more, test2, written after test had
been scored and before the second round of changes; ask_eval_test3.toml holds 103 more,
test3, written before the third round's changes; ask_eval_test4.toml holds test4,
written before the fourth round's changes; ask_eval_test5.toml holds test5, written
before the fifth round's changes; ask_eval_test6.toml holds test6, written before the
sixth round's changes; ask_eval_test7.toml holds test7, written before the seventh
round's changes; ask_eval_test8.toml holds test8, written before the eighth round's
changes. The first round was tuned on dev, the second on dev and test,
the third on dev, test and test2, the fourth on all but test4, the fifth on all but
test5, the sixth on all but test6, the seventh on all but test7, the eighth on all of
them, test8 only after it had been scored once; ask_eval_test9.toml holds test9,
written before the ninth round's changes and scored once before them, and
ask_eval_test10.toml test10, written blind and scored once on round 10's first rules,
and ask_eval_test11.toml test11, scored once on round 10b's.
See tests/ask_eval.py
for the results, the oracle and the grading rules.
"""

from __future__ import annotations

import math
from collections import Counter
from typing import Any

import pytest

import scalinglaws as sl
from scalinglaws.bundle import BundleEntry
from tests.ask_eval import (
    HELD_OUT,
    draw_split,
    eval_results,
    grade,
    labels_of,
    load_questions,
    load_split,
    truth,
)

QUESTIONS, SPLIT = load_questions()
LATER = {name: load_split(name) for name in HELD_OUT}


@pytest.fixture(scope="module")
def entries() -> list[BundleEntry]:
    return eval_results()


def test_a_title_word_does_not_outweigh_a_result_named_by_its_own_phrase(
    entries: list[BundleEntry],
) -> None:
    """Round 19: 测试 (of 压力测试, a stress test) and 规模 are words of the title of Caballero
    et al.'s 4-digit addition data ("…的测试交叉熵与训练集规模"), which no result was fitted
    to; 停电规模 names the blackouts' result by a phrase of its own, which answers."""
    blackouts = labels_of(entries)["clauset2009/blackouts"].result
    for question in (
        "压力测试：停电规模幂律指数是多少？",
        "做压力测试用：停电规模的幂律指数α的标准误是多少？",
    ):
        answer = sl.ask(question, entries, model=None)
        assert answer.result == "clauset2009/blackouts", answer.text
    assert answer.value == pytest.approx(blackouts.stderr["alpha"])


def test_an_ensemble_forecast_has_its_standard_error(entries: list[BundleEntry]) -> None:
    """Round 21: a forecast step's standard error (interquartile range / 1.349, the
    ensemble's ``stderr["h3"]`` for its third day) is asked as such, not its median."""
    ensemble = labels_of(entries)["epidemics/sarscov2_who_2020 (2)"].result
    answer = sl.ask("请帮忙核对：集成预测2020年2月8日那天的标准误是多少？", entries, model=None)
    assert answer.value == pytest.approx(ensemble.stderr["h3"])


def test_a_forecast_step_by_its_name_or_lead_time(entries: list[BundleEntry]) -> None:
    """Round 27: a forecast's rows are its steps h1, h2, ...; "h3", "3 days ahead" and
    提前4天 ask for that row (the ensemble's third and fourth days), not the first."""
    ensemble = labels_of(entries)["epidemics/sarscov2_who_2020 (2)"].result
    answer = sl.ask("Ensemble forecast, h3: what is its standard error?", entries, model=None)
    assert answer.value == pytest.approx(ensemble.stderr["h3"])
    answer = sl.ask("集成预测提前4天的标准误是多少？", entries, model=None)
    assert answer.value == pytest.approx(ensemble.stderr["h4"])
    answer = sl.ask("the ensemble's median 6 days ahead?", entries, model=None)
    assert answer.value == pytest.approx(float(ensemble.median[5]))


def test_split_is_the_recorded_draw() -> None:
    recorded = [q["split"] for q in QUESTIONS]
    assert recorded == draw_split(QUESTIONS, SPLIT["seed"], SPLIT["test_fraction"])


def test_question_set_is_large_and_balanced() -> None:
    strata = Counter((q["lang"], "why" not in q) for q in QUESTIONS)
    assert len(QUESTIONS) >= 150
    assert strata[("en", False)] + strata[("zh", False)] >= 30
    assert all(strata[(lang, ok)] >= 9 for lang in ("en", "zh") for ok in (True, False))
    assert len({q["q"] for q in QUESTIONS}) == len(QUESTIONS), "duplicate questions"
    for q in QUESTIONS:
        assert q["split"] in ("dev", "test", "test2")
        if "why" not in q:
            assert q["kind"] in ("fitted", "published", "derived"), q["q"]


def test_second_held_out_split_is_large_and_bilingual() -> None:
    """test2 (written after the first test split was scored): >= 60 questions, both
    languages answerable and not, >= 12 the results cannot answer."""
    held = Counter((q["lang"], "why" not in q) for q in QUESTIONS if q["split"] == "test2")
    assert sum(held.values()) >= 60
    assert held[("en", False)] + held[("zh", False)] >= 12
    assert all(held[(lang, ok)] >= 9 for lang in ("en", "zh") for ok in (True, False))


#: The least each later split holds, as each round's brief asked: questions in all,
#: unanswerable ones in all, and per stratum (language, answerable).
_ROUND5 = {("en", True): 45, ("zh", True): 45, ("en", False): 15, ("zh", False): 15}
#: From round 14 on, every split was asked for the same.
_LATER = (150, 34, {("en", True): 55, ("zh", True): 50, ("en", False): 18, ("zh", False): 18})
SIZE = {
    "test3": (80, 25, {("en", True): 12, ("zh", True): 12, ("en", False): 12, ("zh", False): 12}),
    "test4": (100, 31, {("en", True): 40, ("zh", True): 32, ("en", False): 16, ("zh", False): 15}),
    "test5": (120, 30, _ROUND5),
    "test6": (130, 30, _ROUND5),
    "test7": (130, 30, _ROUND5),
    "test8": (130, 30, {**_ROUND5, ("en", True): 50}),
    "test9": (130, 30, {**_ROUND5, ("en", True): 50}),
    "test10": (150, 34, {("en", True): 55, ("zh", True): 45, ("en", False): 17, ("zh", False): 17}),
    "test11": (150, 34, {("en", True): 55, ("zh", True): 45, ("en", False): 17, ("zh", False): 17}),
    "test12": (150, 34, {("en", True): 55, ("zh", True): 45, ("en", False): 17, ("zh", False): 17}),
    "test13": (150, 34, {("en", True): 55, ("zh", True): 45, ("en", False): 17, ("zh", False): 17}),
    "test14": _LATER,
    "test15": _LATER,
    "test16": _LATER,
    "test17": _LATER,
    "test18": _LATER,
    "test19": _LATER,
    "test20": _LATER,
    "test21": _LATER,
    "test22": _LATER,
    "test23": _LATER,
    "test24": _LATER,
    "test25": _LATER,
    "test26": _LATER,
    "test27": _LATER,
    "test28": _LATER,
    "test29": _LATER,
    "test30": _LATER,
    "test31": _LATER,
    "test32": _LATER,
    "test33": _LATER,
    "test34": _LATER,
    "test35": _LATER,
    "test36": _LATER,
    "test37": _LATER,
    "test38": _LATER,
    "test39": _LATER,
    "test40": _LATER,
    "test41": _LATER,
    "test42": _LATER,
    "test43": _LATER,
    "test44": _LATER,
    "test45": _LATER,
    "test46": _LATER,
    "test47": _LATER,
    "test48": _LATER,
    "test49": _LATER,
    "test50": _LATER,
    "test51": _LATER,
    "test52": _LATER,
    "test53": _LATER,
    "test54": _LATER,
    "test55": _LATER,
    "test56": _LATER,
    "test57": _LATER,
    "test58": _LATER,
    "test59": _LATER,
    "test60": _LATER,
    "test61": _LATER,
    "test62": _LATER,
    "test63": _LATER,
    "test64": _LATER,
    "test65": _LATER,
    "test66": _LATER,
    "test67": _LATER,
    "test68": _LATER,
    "test69": _LATER,
    "test70": _LATER,
    "test71": _LATER,
    "test72": _LATER,
    "test73": _LATER,
    "test74": _LATER,
    "test75": _LATER,
    "test76": _LATER,
    "test77": _LATER,
    "test78": _LATER,
    "test79": _LATER,
    "test80": _LATER,
    "test81": _LATER,
    "test82": _LATER,
    "test83": _LATER,
    "test84": _LATER,
    "test85": _LATER,
    "test86": _LATER,
    "test87": _LATER,
    "test88": _LATER,
    "test89": _LATER,
    "test90": _LATER,
    "test91": _LATER,
    "test92": _LATER,
    "test93": _LATER,
    "test94": _LATER,
    "test95": _LATER,
    "test96": _LATER,
    "test97": _LATER,
    "test98": _LATER,
    "test99": _LATER,
    "test100": _LATER,
    "test101": _LATER,
    "test102": _LATER,
    "test103": _LATER,
    "test104": _LATER,
    "test105": _LATER,
    "test106": _LATER,
    "test107": _LATER,
    "test108": _LATER,
    "test109": _LATER,
    "test110": _LATER,
    "test111": _LATER,
    "test112": _LATER,
    "test113": _LATER,
    "test114": _LATER,
    "test115": _LATER,
    "test116": _LATER,
    "test117": _LATER,
    "test118": _LATER,
    "test119": _LATER,
    "test120": _LATER,
    "test121": _LATER,
    "test122": _LATER,
    "test123": _LATER,
    "test124": _LATER,
    "test125": _LATER,
    "test126": _LATER,
    "test127": _LATER,
    "test128": _LATER,
    "test129": _LATER,
    "test130": _LATER,
    "test131": _LATER,
    "test132": _LATER,
    "test133": _LATER,
    "test134": _LATER,
    "test135": _LATER,
    "test136": _LATER,
    "test137": _LATER,
    "test138": _LATER,
    "test139": _LATER,
    "test140": _LATER,
    "test141": _LATER,
    "test142": _LATER,
    "test143": _LATER,
    "test144": _LATER,
    "test145": _LATER,
    "test146": _LATER,
    "test147": _LATER,
    "test148": _LATER,
    "test149": _LATER,
    "test150": _LATER,
    "test151": _LATER,
    "test152": _LATER,
    "test153": _LATER,
    "test154": _LATER,
    "test155": _LATER,
}  # fmt: skip


@pytest.mark.parametrize("name", HELD_OUT)
def test_later_held_out_split_is_large_bilingual_and_new(name: str) -> None:
    """Each later split (written before its round's changes): as large as its round
    asked, in all and in each stratum, every answerable
    one with a truth and a presentation, none repeated from an earlier split (ignoring
    case)."""
    split = LATER[name]
    held = Counter((q["lang"], "why" not in q) for q in split)
    least, unanswerable, minimum = SIZE[name]
    assert len(split) >= least
    assert all(held[stratum] >= n for stratum, n in minimum.items()), held
    assert held[("en", False)] + held[("zh", False)] >= unanswerable
    for q in split:
        assert q["split"] == name, q["q"]
        assert q["lang"] in ("en", "zh"), q["q"]
        if "why" not in q:
            assert {"result", "truth"} <= q.keys(), q["q"]
            assert q["kind"] in ("fitted", "published", "derived"), q["q"]
    earlier = {q["q"].lower() for q in QUESTIONS}
    for before in HELD_OUT[: HELD_OUT.index(name)]:
        earlier |= {q["q"].lower() for q in LATER[before]}
    assert not {q["q"].lower() for q in split} & earlier, "a question repeated"
    assert len({q["q"] for q in split}) == len(split)


def test_held_out_split_truths_are_readable(entries: list[BundleEntry]) -> None:
    """Every answerable question of test4 and later names a result these results hold
    and a truth the oracle reads from it (a finite number, an interval around it or a
    verdict)."""
    by_label = labels_of(entries)
    for q in (q for name in HELD_OUT[1:] for q in LATER[name]):
        if "why" in q:
            continue
        expected = truth(q["truth"], by_label[q["result"]])
        value = expected.value if expected.value is not None else math.nan
        assert expected.word is not None or math.isfinite(value), q["q"]  # 0.0 is a value
        if expected.interval is not None:
            assert expected.interval[0] <= (expected.value or 0.0) <= expected.interval[1], q["q"]


def score(split: str, entries: list[BundleEntry]) -> dict[tuple[str, bool], list[Any]]:
    by_label = labels_of(entries)
    grades: dict[tuple[str, bool], list[Any]] = {}
    for q in LATER.get(split) or [q for q in QUESTIONS if q["split"] == split]:
        answer = sl.ask(q["q"], entries, model=None)
        grades.setdefault((q["lang"], "why" not in q), []).append(grade(q, answer, by_label))
    return grades


def _report(split: str, grades: dict[tuple[str, bool], list[Any]]) -> dict[str, float]:
    out = {}
    for (lang, answerable), found in sorted(grades.items()):
        name = f"{split} {lang} {'answerable' if answerable else 'unanswerable'}"
        out[name] = sum(g.right for g in found) / len(found)
        wrong = sum(g.mislabelled for g in found)
        print(f"{name}: {sum(g.right for g in found)}/{len(found)}, mislabelled {wrong}")
    return out


#: Floors of the shares answered right. The issue's targets are 0.95 of the answerable
#: questions in each language and 0.90 of the unanswerable ones. dev and test (scored
#: once in the first round, English 42/45, then development data of the second round)
#: are in-sample and meet them. test2 (held out in the second round: 32/35, 26/28,
#: 8/11, 7/11) was development data of the third round; its floors are the shares
#: measured after it. test3, the held-out split of the third round, was scored once
#: after the changes: English 36/40 answerable, 15/16 abstained; Chinese 30/32, 14/15;
#: 0 mislabelled: the unanswerable target met, the answerable one missed in both
#: languages (docs/ask.md says where). Its misses were then fixed by general rules, so
#: test3 is development data now and its floors are the shares measured after that
#: (in-sample, like dev's): the held-out figures are those above, not these floors.
#: test4, the held-out split of the fourth round, was written before any change to ask
#: in that round and scored once: English 47/51 answerable, 17/18 abstained; Chinese
#: 35/40, 13/16; 2 mislabelled (docs/ask.md lists every miss). Their general causes were
#: then fixed, so test4 is development data too and its floors are the shares measured
#: after that (in-sample): the held-out figures are those just quoted.
#: test5, the held-out split of the fifth round, was written before any change to ask
#: in that round and scored once: English 43/54 answerable, 16/17 abstained; Chinese
#: 41/50, 16/17; 1 mislabelled (docs/ask.md lists every miss). Its causes were then
#: fixed as general rules, so test5 is development data as well and its floors are the
#: shares measured after that (in-sample).
#: test6, the held-out split of the sixth round, was written before any change to ask
#: in that round and scored once: English 48/60 answerable, 15/17 abstained; Chinese
#: 45/50, 14/17; 1 mislabelled (docs/ask.md lists every miss). Its causes were then
#: fixed as general rules but one (a Chinese qualifier that replaces the measured
#: quantity, 受伤人数 of deaths per attack), so test6 is development data as well and its
#: floors are the shares measured after that (in-sample).
#: test7, the held-out split of the seventh round, was written before any change to ask
#: in that round and scored once: English 50/54 answerable, 13/16 abstained; Chinese
#: 42/50, 15/17; 2 mislabelled (docs/ask.md lists every miss). Its causes were then
#: fixed as general rules but one (a population the question names that is not the data
#: set's: birds of the mammals' brain-body fit, in both languages), so test7 is
#: development data as well and its floors are the shares measured after that (in-sample).
#: test8, the held-out split of the eighth round, was written before any change to ask
#: in that round and scored once: English 59/61 answerable, 8/17 abstained; Chinese
#: 49/49, 8/17; 1 mislabelled (docs/ask.md lists every miss): 18 of its 34 unanswerable
#: questions named a fitted data set with another population or measured quantity. The
#: catalogue now says what each data set measures of what, and a question naming
#: another population or quantity abstains (ask/_measured.py); that also fixed the
#: misses of this class left from test2, test4, test6 and test7, so their floors rise.
#: test8 is development data since, its floors the shares measured after (in-sample).
#: test9, the held-out split of the ninth round, was written before any change to ask
#: in that round and scored once on round 8's code: English 54/67 answerable, 23/23
#: abstained; Chinese 47/58, 18/21; 0 mislabelled. Its floors are the shares measured
#: after round 9's rules (traditional characters, homophone typos, an uncertainty of a
#: fit, 10的N次方, tokens/param; in-sample); the misses left are listed in docs/ask.md.
#: Round 10 (before test10 was seen) fixed test9's answerable misses left (inputs in words
#: and units converted to the data's, compounds in two words, N_opt/D_opt, "how many" at
#: a year, a period after the data, a subsample); its English abstentions fell from 23 to
#: 22: "hw q4: ... in shakespeares hamlet" had abstained only because "q4" read as an
#: unknown name, which a homework's numbering no longer does.
#: test10, the held-out split of the tenth round, was written blind and scored once on
#: those rules (e2a7b56): English 48/66 answerable, 20/21 abstained; Chinese 56/65, 18/20;
#: 2 mislabelled. Its floors are the shares after round 10b's rules (in-sample).
#: test11, written blind and scored once on round 10b's rules (9058f97): English 57/74
#: answerable, 23/25 abstained, 3 mislabelled; Chinese 49/60, 16/20. Its floors are the
#: shares after round 11's rules (in-sample).
#: test12, written blind and scored once on round 11's rules (8b74bee): English 42/70
#: answerable, 16/21 abstained, 3 mislabelled; Chinese 43/56, 21/21. Its floors are the
#: shares after round 12's rules (in-sample), as are test10's and test11's raised ones.
#: test13, written blind and scored once on round 12's rules (1f840d8): English 45/58
#: answerable, 17/22 abstained; Chinese 51/58, 15/20; 0 mislabelled. Its floors are the
#: shares after round 13's few rules (in-sample; the abstentions are the held-out ones),
#: raised by round 14's.
#: test14, written blind and scored once on the place rule before round 14 (6f64a11):
#: English 42/67 answerable, 19/21 abstained; Chinese 48/58, 16/21; 2 mislabelled. Its
#: floors are the shares after round 14's rules (in-sample).
#: test15, written blind and scored once on round 14's rules (08357d0): English 49/64
#: answerable, 19/21 abstained, 2 mislabelled; Chinese 45/58, 20/21. Its floors are the
#: shares after round 15's rules (in-sample), as is test13's raised English one.
#: test16, written blind and scored once on round 15's rules (92903db): English 44/61
#: answerable, 17/20 abstained, 1 mislabelled; Chinese 39/55, 19/20. Its floors are the
#: shares after round 16's rules (in-sample), as is test15's raised Chinese one.
#: test17, written blind and scored once on round 16's rules (b31b7da): English 43/65
#: answerable, 18/20 abstained; Chinese 47/58, 18/20, 3 mislabelled. Its floors are the
#: shares after round 17's rules (in-sample).
#: test18, written blind and scored once on round 18's change (3824182): English 53/62
#: answerable, 19/20 abstained; Chinese 49/55, 17/20, 1 mislabelled (52/62 and 49/55 on
#: 12eff95, before it). Its floors are the shares after round 19's rules (in-sample), as
#: are test14's, test15's and test16's raised English ones and test16's and test17's
#: raised Chinese ones.
#: test19, written blind and scored once on round 19's rules (35eba62): English 57/64
#: answerable, 20/20 abstained; Chinese 47/57, 19/20, 1 mislabelled (56/64, 46/57, 18/20
#: and 2 mislabelled on 12eff95, before rounds 18 and 19). Its floors are the shares
#: after round 20's rules (in-sample), as are test17's raised English and test18's raised
#: Chinese ones.
#: test20, written blind and scored once on round 20's rules (575e94a): English 58/66
#: answerable, 20/20 abstained, 1 mislabelled; Chinese 55/61, 19/20 (54/66, 52/61, 20/20
#: and 18/20 on 12eff95, before rounds 18-20). Its floors are the shares after round 21's
#: rules (in-sample); its mislabelled answer is gone.
#: test21, written blind and scored once on round 21's rules (1777a5d): English 55/66
#: answerable, 17/20 abstained, 2 mislabelled; Chinese 51/60, 19/21, 2 mislabelled
#: (51/66 and 51/60, same abstentions and mislabelled answers, on 12eff95). Its floors are
#: the shares after round 22's rules (in-sample); its four mislabelled answers are gone.
#: test22, written blind and scored once on round 22's rules (ca7f3a9): English 50/64
#: answerable, 19/20 abstained, 1 mislabelled; Chinese 51/61, 19/20 (48/64, 44/61, 19/20,
#: 19/20 and 1 mislabelled on 12eff95). Its floors are the shares after round 23's rules
#: (in-sample); its mislabelled answer is gone.
#: test23, written blind and scored once on round 23's rules (026a9b0): English 58/67
#: answerable, 21/21 abstained, 1 mislabelled; Chinese 50/60, 18/20 (53/67, 46/60, 21/21,
#: 17/20 and 1 mislabelled on 12eff95). Its floors are the shares after round 24's rules
#: (in-sample); its mislabelled answer is gone.
#: test24, written blind and scored once on round 24's rules (95c9450): English 66/76
#: answerable, 17/20 abstained; Chinese 56/68, 18/20; none mislabelled (67/76, 56/68,
#: 17/20 and 16/20 on 12eff95: one English answer lost to round 19's reading of "the 2000
#: census" as an input, mended in round 25). Its floors are the shares after round 27
#: (in-sample), as are test19's and test22's raised English ones (round 25).
#: test25, written blind and scored once on round 26's rules (77e5a46): English 71/76
#: answerable, 17/20 abstained; Chinese 64/73, 19/20; none mislabelled (61/76, 60/73,
#: 18/20 and 19/20 on 12eff95: "GPU cluster admin: what power draw in kilowatts ...?" was
#: abstained for "GPU", which round 19's label rule now sets aside). Its floors are the
#: held-out shares: no rule was written for it.
#: test26, written blind and scored once on the same rules (bbee539): English 66/75
#: answerable, 18/20 abstained, 1 mislabelled; Chinese 67/75, 18/20, 2 mislabelled (62/75,
#: 58/75 and the same abstentions and mislabelled answers on 12eff95). Its floors are the
#: shares after round 27's rules (in-sample).
#: test27, written blind (one slip recorded in its header: three commit subjects seen) and
#: scored once on round 27's rules (0349784): English 60/67 answerable, 18/20 abstained;
#: Chinese 55/61, 17/20, 1 mislabelled (55/67, 50/61, 18/20, 17/20 and 1 + 1 mislabelled on
#: 12eff95). No rule was written for it: its floors are the held-out shares.
#: test28, written blind and scored once on the code of the stop's start (6aeeb1a): English
#: 61/73 answerable, 19/20 abstained, 1 mislabelled; Chinese 65/69, 19/20. Its floors are
#: the held-out shares.
#: test29, written blind and scored once on round 28's first rule (08cdaee): English 60/70
#: answerable, 19/20 abstained, 2 mislabelled; Chinese 54/64, 19/20, 5 mislabelled (the
#: same on 6aeeb1a). Its floors are the shares after round 28's rules (in-sample): its
#: mislabelled answers are gone (six reviewers' "The authors report ...; what is ...?").
#: test30, written blind (two slips in its header: git log printing nothing or a hash) and
#: scored once on round 28's rules (89452f1): English 61/76 answerable, 17/20 abstained;
#: Chinese 60/70, 18/20; none mislabelled (61/76, 58/70 and the same abstentions on
#: 6aeeb1a). Its floors are the shares after round 28's rules (in-sample), as are
#: test25-28's raised ones.
#: test31 and test32, written blind at the same time by two helpers and scored once on
#: round 28's last rules (0604f50): test31 English 60/73 answerable, 20/20 abstained, 1
#: mislabelled, Chinese 57/61, 18/20; test32 English 60/71, 19/20, Chinese 54/61, 20/20
#: (on 6aeeb1a: 59/73, 54/61; 60/71, 53/61; the same abstentions). Their floors are the
#: held-out shares; test31's and test32's are the shares after round 28's options and
#: asker's-place rules (in-sample), and test31's mislabelled answer is gone.
#: test33, written blind and scored once on round 28's last rules (9dd1975): English 68/72
#: answerable, 18/20 abstained; Chinese 58/65, 19/20; none mislabelled (68/72, 57/65 and
#: the same abstentions on 6aeeb1a). Its floors are the held-out shares.
#: test34 and test35, written blind at the same time by two helpers and scored once on
#: round 29's first rules (1a799ef, written before either split was read): test34 English
#: 63/72 answerable, 19/20 abstained, Chinese 60/67, 20/20; test35 English 76/79, 20/20,
#: Chinese 70/76, 19/20, 1 mislabelled (on 849c447, before those rules: 62/72 and 60/67;
#: 76/79 and 70/76; the same abstentions).
#: test36 and test37, written blind at the same time by two helpers and scored once on
#: round 29's first rules (1cb846f): test36 English 66/70 answerable, 19/20 abstained,
#: Chinese 59/66, 20/20; test37 English 64/70, 17/20, Chinese 61/64, 20/20 (on 849c447:
#: the same but 60/64 Chinese in test37). Their floors, and test34's and test35's, are
#: the shares after round 29's rules (in-sample), as are test27's and test28's raised ones.
#: test38 and test39, written blind at the same time by two helpers and scored once on
#: round 29's last rules (8f5b23b): test38 English 67/73 answerable, 19/20 abstained,
#: Chinese 67/70, 18/20; test39 English 62/65, 20/20, 2 mislabelled, Chinese 54/60, 19/20
#: (on 849c447: 66/73 and 67/70; 61/65 and 53/60; the same abstentions and mislabelled).
#: Their floors are the shares after round 29's last rules (in-sample).
#: test40 and test41, written blind at the same time by two helpers and scored once on
#: round 29's last commit (a363df5): test40 English 73/80 answerable, 20/20 abstained,
#: 1 mislabelled, Chinese 60/66, 20/20; test41 English 63/70, 19/20, 4 mislabelled,
#: Chinese 65/68, 19/20, 1 mislabelled. Their floors are the shares after round 30's
#: rules (in-sample), which mended all six mislabelled answers.
#: test42 and test43, written blind at the same time by two helpers and scored once on
#: round 30's rules (a0ecd1d): test42 English 63/68 answerable, 20/20 abstained, Chinese
#: 55/59, 20/20; test43 English 70/77, 20/20, 1 mislabelled, Chinese 69/75, 20/20 (on
#: a363df5, before round 30: the same but Chinese 54/59 and 68/75). Their floors are the
#: shares after round 30's last rules (in-sample), which mended test43's mislabelled one.
#: test44 and test45, written blind at the same time by two helpers who started from
#: 17e7265 and scored once on round 30's last rules (48676fa, written before they were
#: read): test44 English 61/72 answerable, 20/21 abstained, Chinese 56/62, 20/21; test45
#: English 71/76, 22/22, Chinese 69/72, 22/22 (the same on 17e7265; on a363df5, before
#: round 30: 61/72 and 55/62, 70/76 and 68/72, the same abstentions). Their floors are
#: the shares after the rules written for them (in-sample).
#: test46 and test47, written blind at the same time by two helpers and scored once on
#: round 30's last rules (7efb456): test46 English 72/73 answerable, 21/21 abstained,
#: Chinese 64/67, 20/21; test47 English 66/69, 22/22, 1 mislabelled, Chinese 60/63, 21/22
#: (on a363df5, before round 30: the same but English 71/73 in test46). Their floors are
#: the shares after the rules written for them (in-sample), which mended test47's
#: mislabelled answer.
#: test48 to test51, written blind at the same time by four helpers and scored once on
#: round 30's last commit (e9acc91): test48 English 66/69 answerable, 22/22 abstained,
#: 1 mislabelled, Chinese 61/61, 21/22; test49 English 63/69, 22/22, 1 mislabelled,
#: Chinese 63/65, 22/22; test50 English 67/70, 23/23, Chinese 64/65, 21/23; test51
#: English 66/71, 20/21, Chinese 59/62, 20/21, 1 mislabelled. Their floors are the
#: shares after round 31's rules (in-sample), which mended all three mislabelled answers
#: (test49's "How many attacks were included in the terrorism data that was fitted?" is
#: left: it gets the tail's 547, the truth is all 9,101).
#: test52 to test55, written blind at the same time by four helpers (from 066757a) and
#: scored once on round 31's rules (1b013cf): test52 English 66/71 answerable, 22/22
#: abstained, 2 mislabelled, Chinese 56/61, 22/22; test53 English 63/67, 20/21, 1
#: mislabelled, Chinese 54/61, 21/21; test54 English 66/68, 21/22, Chinese 59/62, 21/22;
#: test55 English 61/66, 21/22, Chinese 57/60, 20/21 (on e9acc91, before round 31: the
#: same but Chinese 58/62 in test54). Their floors are the shares after the rules
#: written for them (in-sample, round 31b), which mended all three mislabelled answers.
#: test56 to test63, written blind by eight helpers (four at a time, from 890318b) and
#: scored once on 890318b: test56 English 66/73 answerable, 20/23 abstained, Chinese
#: 54/65, 20/22; test57 English 65/66, 21/21, Chinese 57/61, 21/21; test58 English 64/68,
#: 22/22, Chinese 57/59, 22/22; test59 English 65/67, 20/21, Chinese 59/60, 19/21; test60
#: English 61/68, 22/22, Chinese 55/62, 22/22; test61 English 67/68, 22/22, Chinese 63/65,
#: 22/22; test62 English 65/68, 22/22, Chinese 51/59, 22/22; test63 English 65/68, 22/22,
#: Chinese 56/62, 20/21; none mislabelled.
#: test64 to test67, written blind at the same time by four helpers (from 890318b) and
#: scored once on round 32's first rules (9360cc4): test64 English 52/67 answerable (dates
#: said relative to another, "the day after 9 February 2020"), 20/21 abstained, Chinese
#: 53/60, 20/21; test65 English 66/68, 22/22, 1 mislabelled, Chinese 58/62, 22/22; test66
#: English 64/65, 21/21, Chinese 58/59, 20/21; test67 English 64/65, 21/21, Chinese 59/60,
#: 21/21 (the same on 890318b, before round 32).
#: test68 to test71, written blind at the same time by four helpers (from bcf1de0) and
#: scored once on round 32b's rules (33c409d): test68 English 55/63 answerable, 21/23
#: abstained, Chinese 54/58, 22/22; test69 English 58/65, 21/22, Chinese 53/58, 21/22;
#: test70 English 64/64, 21/21, Chinese 58/59, 20/21; test71 English 59/63, 21/22,
#: Chinese 59/62, 21/22; none mislabelled (the same on 890318b, before round 32).
#: After round 32c every floor below its split's measured share was raised to it (the
#: rules of rounds after a split's own had answered more of it; in-sample).
#: test72 to test75, written blind at the same time by four helpers (from 5a3183a) and
#: scored once on round 32c's rules (5a3183a): test72 English 50/65 answerable, 21/22
#: abstained, 1 mislabelled, Chinese 54/60, 22/22; test73 English 63/66, 21/21, Chinese
#: 57/60, 21/21; test74 English 56/63, 21/21, Chinese 54/56, 20/21, 1 mislabelled;
#: test75 English 62/68, 18/21, 2 mislabelled, Chinese 56/61, 18/21 (on 890318b, before
#: round 32: the same but abstained 20/21 in both languages of test73, and English 61/68,
#: Chinese 55/61 answerable in test75).
#: test76 to test83, written blind at the same time by eight helpers (from 3534f74) and
#: scored once, together, on the code of a1595ff (ask as at 3534f74), before any rule for
#: them: test76 English 64/68, 20/21, Chinese 57/62, 20/21, 1 mislabelled; test77 English
#: 63/69, 20/21, Chinese 57/63, 19/21, 1 mislabelled; test78 English 54/68, 21/21, Chinese
#: 57/61, 19/21; test79 English 65/69, 19/21, Chinese 54/62, 19/21; test80 English 70/72,
#: 21/21, Chinese 60/64, 20/21; test81 English 67/68, 20/21, Chinese 59/61, 21/21; test82
#: English 67/68, 20/21, Chinese 60/61, 19/21; test83 English 58/68, 18/21, Chinese 55/61,
#: 19/21, 1 mislabelled.
#: test84 to test91, written blind at the same time by eight helpers (from 56c39cd, round
#: 33's rules) and scored once, together, on that code: test84 English 66/71, 18/21,
#: Chinese 61/64, 18/21; test85 English 65/68, 19/21, Chinese 61/63, 18/21; test86 English
#: 65/68, 21/21, Chinese 58/61, 20/21, 2 mislabelled; test87 English 60/68, 20/21, Chinese
#: 56/61, 21/21, 2 mislabelled; test88 English 61/70, 19/21, Chinese 58/62, 20/21; test89
#: English 69/70, 19/21, Chinese 63/64, 20/21; test90 English 64/68, 21/21, Chinese 58/61,
#: 21/21; test91 English 65/68, 20/21, Chinese 57/61, 20/21. On 5277bf5 (before round 33)
#: the same but English answerable 64/68 in test85, 59/68 in test87, 60/70 in test88, 63/68
#: in test90 and 64/68 in test91, Chinese 57/61 in test90: round 33's paired held-out gain,
#: +5 English and +1 Chinese of 1,048 answerable.
#: test92 to test99, written blind at the same time by eight helpers (from e3496c0) while
#: round 33b's rules were written from test84-test91, and scored once, together, on round
#: 33b's code (1f22db6): test92 English 67/68, 20/21, Chinese 61/62, 20/21; test93 English
#: 67/70, 21/21, Chinese 57/61, 21/21; test94 English 70/73, 21/21, Chinese 68/69, 21/21;
#: test95 English 63/71, 21/21, Chinese 62/65, 21/21, 2 mislabelled; test96 English 74/77,
#: 20/21, Chinese 59/61, 19/21, 1 mislabelled; test97 English 60/68, 21/21, Chinese 58/61,
#: 21/21; test98 English 63/68, 19/21, Chinese 59/61, 21/21; test99 English 65/75, 20/21,
#: Chinese 65/67, 21/21. Pooled: English 529/570 answerable, Chinese 489/507; on 56c39cd
#: (round 33a) 528 and 484, on 5277bf5 (before round 33) 523 and 475, abstentions the same
#: on all three: round 33's paired held-out gain, +6 English and +14 Chinese of 1,077
#: answerable.
#: test100 to test107, written blind at the same time by eight helpers (from 203d02c) while
#: round 33c's rules were written from test92-test99, and scored once, together, on round
#: 33c's code (75a137d): test100 English 51/69, 21/21, Chinese 52/61, 21/21; test101
#: English 62/68, 20/21, Chinese 56/61, 21/21; test102 English 66/68, 21/21, Chinese 60/61,
#: 21/21; test103 English 59/71, 20/21, Chinese 61/62, 20/21; test104 English 67/70, 20/21,
#: Chinese 60/63, 21/21; test105 English 65/70, 19/21, Chinese 58/63, 19/21; test106
#: English 70/77, 20/21, Chinese 60/70, 21/22; test107 English 69/73, 19/21, Chinese 63/68,
#: 18/21; none mislabelled. Pooled: English 509/566 answerable, Chinese 470/509; the same
#: on 1f22db6 (round 33b: 33c's paired gain 0), on 5277bf5 (before round 33) 495 and 459,
#: abstentions the same: round 33's paired held-out gain, +14 English and +11 Chinese of
#: 1,075 answerable.
#: After round 33 (56c39cd) every floor below its split's measured share was raised to it
#: (in-sample for test76 to test83, whose rules it holds), and again after rounds 33b
#: and 33c (in-sample for test84 to test99).
#: test108 to test115, written blind at the same time by eight helpers (from ac65e70) while
#: round 34a's rules were written from test100-test107, and scored once, together, on round
#: 34a's code (589f7ff): test108 English 69/74, 21/21, Chinese 66/68, 21/21; test109
#: English 70/74, 21/21, Chinese 66/73, 20/21, 2 mislabelled; test110 English 73/76, 20/21,
#: Chinese 62/69, 20/21, 1 mislabelled; test111 English 68/72, 22/22, Chinese 59/65, 21/21;
#: test112 English 66/75, 20/21, Chinese 61/66, 21/21; test113 English 70/78, 22/22,
#: Chinese 55/69, 22/22; test114 English 68/70, 21/21, Chinese 63/64, 20/21, 1
#: mislabelled; test115 English 67/74, 21/22, Chinese 66/70, 21/21, 1 mislabelled. Pooled:
#: English 551/593 answerable, Chinese 498/544, abstained 168/171 and 166/169; on ac65e70
#: (before round 34) 540 and 491, abstained 166 and 166: round 34a's paired held-out gain,
#: +11 English and +7 Chinese of 1,137 answerable, +2 English abstentions.
#: test116 to test123, written blind at the same time by eight helpers (from dfe97c2) while
#: round 34b's rules were written from test108-test115, and scored once, together, on round
#: 34b's code (8a1994c): test116 English 68/71, 21/21, Chinese 70/72, 21/21, 1 mislabelled;
#: test117 English 54/72, 18/21, Chinese 54/66, 20/21, 1 mislabelled; test118 English 70/70,
#: 21/21, Chinese 60/63, 21/21, 2 mislabelled; test119 English 64/72, 20/21, Chinese 54/66,
#: 20/21; test120 English 68/77, 21/21, Chinese 68/72, 21/21; test121 English 67/74, 20/21,
#: Chinese 53/66, 21/21, 1 mislabelled; test122 English 73/80, 21/21, Chinese 63/71, 21/21, 4
#: mislabelled; test123 English 53/69, 20/21, Chinese 58/62, 21/21, 2 mislabelled. Pooled:
#: English 517/585 answerable, Chinese 480/538, abstained 162/168 and 166/168, 11 mislabelled;
#: on dfe97c2 (round 34a) 515 and 471, abstained 162 and 165, 12 mislabelled; on ac65e70
#: (before round 34) 506 and 466, abstained 156 and 164, 12 mislabelled: round 34b's paired
#: held-out gain +2 English and +9 Chinese of 1,123 answerable, round 34's +11 and +14. One
#: writer (test117) ran `git log --oneline | head -5` and saw round 34a's subject line (the
#: kinds of misses it mended); its header says so.
#: test124 to test131, written blind at the same time by eight helpers (from 32d0eeb) while
#: round 35a's rules were written from test114-test123, and scored once, together, on
#: round 34c's code (32d0eeb): test124 English 72/72, 21/21, Chinese 59/67, 21/21, 3
#: mislabelled; test125 English 65/73, 20/21, Chinese 61/66, 20/21; test126 English 61/72,
#: 21/21, Chinese 64/70, 21/21; test127 English 73/78, 21/21, Chinese 66/69, 20/21, 1
#: mislabelled; test128 English 68/72, 20/21, Chinese 61/65, 20/21; test129 English 66/72,
#: 20/21, Chinese 61/63, 21/21; test130 English 72/77, 21/21, Chinese 63/70, 21/21; test131
#: English 62/68, 19/21, Chinese 60/65, 21/21, 1 mislabelled. Pooled: English 539/584
#: answerable, Chinese 495/535, abstained 163/168 and 165/168, 5 mislabelled; the same,
#: question by question, on round 35a's code (its paired held-out gain is 0).
#: test132 to test139, written blind at the same time by eight helpers (from e991510) while
#: round 35b's rules were written from test124-test131, and scored once, together, on
#: round 35b's code (5b3eefa): test132 English 53/69, 21/21, Chinese 47/64, 19/21, 1
#: mislabelled; test133 English 66/68, 21/21, Chinese 62/62, 20/21; test134 English 65/72,
#: 21/21, Chinese 63/64, 21/21; test135 English 52/68, 21/21, Chinese 60/62, 20/21;
#: test136 English 63/67, 21/21, Chinese 56/64, 21/21, 2 mislabelled; test137 English
#: 53/70, 21/21, Chinese 56/67, 21/21, 1 mislabelled; test138 English 56/71, 21/21,
#: Chinese 55/68, 20/21, 1 mislabelled; test139 English 65/74, 20/21, Chinese 61/65,
#: 21/21. Pooled: English 473/559 answerable, Chinese 460/516, abstained 167/168 and
#: 163/168, 5 mislabelled; on 32d0eeb (before round 35) 467 and 458, abstentions and
#: mislabelled the same: round 35's paired held-out gain, +6 English and +2 Chinese of
#: 1,075 answerable.
#: After rounds 35b and 35c every floor below its split's measured share was raised to it
#: (in-sample for test124 to test139, whose rules they hold).
#: test140 to test147, written blind at the same time by eight helpers (from cfaab21,
#: before round 36), and scored once, together, on cfaab21: test140 English 68/71, 21/21,
#: Chinese 61/65, 21/21; test141 English 60/72, 20/21, Chinese 57/67, 20/21, 1 mislabelled;
#: test142 English 67/72, 21/21, Chinese 64/65, 20/21, 1 mislabelled; test143 English
#: 74/75, 21/21, Chinese 65/69, 21/21, 1 mislabelled; test144 English 61/72, 20/21,
#: Chinese 62/65, 21/21, 8 mislabelled ("Let α be .... Find α." read as what a paper
#: found); test145 English 57/71, 21/21, Chinese 55/68, 19/21, 1 mislabelled; test146
#: English 60/70, 20/21, Chinese 56/66, 21/21, 2 mislabelled; test147 English 63/72, 21/21,
#: Chinese 57/63, 21/21, 1 mislabelled. Pooled: English 510/575 answerable (88.7%),
#: Chinese 477/528 (90.3%), abstained 165/168 and 164/168, 15 mislabelled.
#: test148 to test155, written blind by eight more helpers (from cfaab21) while round 36's
#: rules were written from test132-test147, and scored once on cfaab21: pooled English
#: 481/565 answerable (85.1%), Chinese 440/506 (87.0%), abstained 162/168 and 165/168, 5
#: mislabelled (per split in the floors below). On round 36's code: English 485/565,
#: Chinese 441/506, abstained 162/168 and 166/168, mislabelled the same: round 36's paired
#: held-out gain, +4 English and +1 Chinese of 1,071 answerable, +1 Chinese abstention.
#: After round 36 every floor below its split's measured share was raised to it (in-sample
#: for test132 to test147, whose rules it holds; test148 to test155 held out).
ANSWERABLE_FLOOR = {("dev", "en"): 0.95, ("dev", "zh"): 0.95,
                    ("test", "en"): 0.95, ("test", "zh"): 0.95,
                    ("test2", "en"): 35 / 35, ("test2", "zh"): 28 / 28,
                    ("test3", "en"): 40 / 40, ("test3", "zh"): 32 / 32,
                    ("test4", "en"): 51 / 51, ("test4", "zh"): 40 / 40,
                    ("test5", "en"): 54 / 54, ("test5", "zh"): 50 / 50,
                    ("test6", "en"): 60 / 60, ("test6", "zh"): 50 / 50,
                    ("test7", "en"): 54 / 54, ("test7", "zh"): 50 / 50,
                    ("test8", "en"): 61 / 61, ("test8", "zh"): 49 / 49,
                    ("test9", "en"): 67 / 67, ("test9", "zh"): 58 / 58,
                    ("test10", "en"): 64 / 66, ("test10", "zh"): 65 / 65,
                    ("test11", "en"): 69 / 74, ("test11", "zh"): 57 / 60,
                    ("test12", "en"): 66 / 70, ("test12", "zh"): 56 / 56,
                    ("test13", "en"): 54 / 58, ("test13", "zh"): 57 / 58,
                    ("test14", "en"): 65 / 67, ("test14", "zh"): 58 / 58,
                    ("test15", "en"): 62 / 64, ("test15", "zh"): 56 / 58,
                    ("test16", "en"): 58 / 61, ("test16", "zh"): 50 / 55,
                    ("test17", "en"): 59 / 65, ("test17", "zh"): 56 / 58,
                    ("test18", "en"): 59 / 62, ("test18", "zh"): 54 / 55,
                    ("test19", "en"): 63 / 64, ("test19", "zh"): 54 / 57,
                    ("test20", "en"): 65 / 66, ("test20", "zh"): 61 / 61,
                    ("test21", "en"): 61 / 66, ("test21", "zh"): 57 / 60,
                    ("test22", "en"): 62 / 64, ("test22", "zh"): 56 / 61,
                    ("test23", "en"): 65 / 67, ("test23", "zh"): 59 / 60,
                    ("test24", "en"): 72 / 76, ("test24", "zh"): 65 / 68,
                    ("test25", "en"): 74 / 76, ("test25", "zh"): 72 / 73,
                    ("test26", "en"): 71 / 75, ("test26", "zh"): 74 / 75,
                    ("test27", "en"): 63 / 67, ("test27", "zh"): 59 / 61,
                    ("test28", "en"): 71 / 73, ("test28", "zh"): 66 / 69,
                    ("test29", "en"): 69 / 70, ("test29", "zh"): 62 / 64,
                    ("test30", "en"): 75 / 76, ("test30", "zh"): 70 / 70,
                    ("test31", "en"): 70 / 73, ("test31", "zh"): 59 / 61,
                    ("test32", "en"): 69 / 71, ("test32", "zh"): 60 / 61,
                    ("test33", "en"): 68 / 72, ("test33", "zh"): 59 / 65,
                    ("test34", "en"): 71 / 72, ("test34", "zh"): 67 / 67,
                    ("test35", "en"): 78 / 79, ("test35", "zh"): 73 / 76,
                    ("test36", "en"): 69 / 70, ("test36", "zh"): 65 / 66,
                    ("test37", "en"): 69 / 70, ("test37", "zh"): 62 / 64,
                    ("test38", "en"): 71 / 73, ("test38", "zh"): 69 / 70,
                    ("test39", "en"): 64 / 65, ("test39", "zh"): 59 / 60,
                    ("test40", "en"): 80 / 80, ("test40", "zh"): 65 / 66,
                    ("test41", "en"): 70 / 70, ("test41", "zh"): 67 / 68,
                    ("test42", "en"): 68 / 68, ("test42", "zh"): 59 / 59,
                    ("test43", "en"): 75 / 77, ("test43", "zh"): 73 / 75,
                    ("test44", "en"): 70 / 72, ("test44", "zh"): 62 / 62,
                    ("test45", "en"): 75 / 76, ("test45", "zh"): 70 / 72,
                    ("test46", "en"): 73 / 73, ("test46", "zh"): 65 / 67,
                    ("test47", "en"): 68 / 69, ("test47", "zh"): 62 / 63,
                    ("test48", "en"): 69 / 69, ("test48", "zh"): 61 / 61,
                    ("test49", "en"): 68 / 69, ("test49", "zh"): 65 / 65,
                    ("test50", "en"): 70 / 70, ("test50", "zh"): 65 / 65,
                    ("test51", "en"): 71 / 71, ("test51", "zh"): 62 / 62,
                    ("test52", "en"): 70 / 71, ("test52", "zh"): 60 / 61,
                    ("test53", "en"): 66 / 67, ("test53", "zh"): 59 / 61,
                    ("test54", "en"): 68 / 68, ("test54", "zh"): 61 / 62,
                    ("test55", "en"): 65 / 66, ("test55", "zh"): 60 / 60,
                    ("test56", "en"): 69 / 73, ("test56", "zh"): 60 / 65,
                    ("test57", "en"): 66 / 66, ("test57", "zh"): 59 / 61,
                    ("test58", "en"): 67 / 68, ("test58", "zh"): 58 / 59,
                    ("test59", "en"): 66 / 67, ("test59", "zh"): 59 / 60,
                    ("test60", "en"): 62 / 68, ("test60", "zh"): 55 / 62,
                    ("test61", "en"): 67 / 68, ("test61", "zh"): 64 / 65,
                    ("test62", "en"): 66 / 68, ("test62", "zh"): 56 / 59,
                    ("test63", "en"): 66 / 68, ("test63", "zh"): 56 / 62,
                    ("test64", "en"): 66 / 67, ("test64", "zh"): 60 / 60,
                    ("test65", "en"): 67 / 68, ("test65", "zh"): 59 / 62,
                    ("test66", "en"): 64 / 65, ("test66", "zh"): 58 / 59,
                    ("test67", "en"): 64 / 65, ("test67", "zh"): 60 / 60,
                    ("test68", "en"): 63 / 63, ("test68", "zh"): 58 / 58,
                    ("test69", "en"): 64 / 65, ("test69", "zh"): 58 / 58,
                    ("test70", "en"): 64 / 64, ("test70", "zh"): 58 / 59,
                    ("test71", "en"): 62 / 63, ("test71", "zh"): 61 / 62,
                    ("test72", "en"): 57 / 65, ("test72", "zh"): 58 / 60,
                    ("test73", "en"): 65 / 66, ("test73", "zh"): 59 / 60,
                    ("test74", "en"): 59 / 63, ("test74", "zh"): 54 / 56,
                    ("test75", "en"): 67 / 68, ("test75", "zh"): 60 / 61,
                    ("test76", "en"): 67 / 68, ("test76", "zh"): 60 / 62,
                    ("test77", "en"): 67 / 69, ("test77", "zh"): 63 / 63,
                    ("test78", "en"): 67 / 68, ("test78", "zh"): 60 / 61,
                    ("test79", "en"): 67 / 69, ("test79", "zh"): 60 / 62,
                    ("test80", "en"): 72 / 72, ("test80", "zh"): 62 / 64,
                    ("test81", "en"): 68 / 68, ("test81", "zh"): 60 / 61,
                    ("test82", "en"): 67 / 68, ("test82", "zh"): 61 / 61,
                    ("test83", "en"): 66 / 68, ("test83", "zh"): 56 / 61,
                    ("test84", "en"): 71 / 71, ("test84", "zh"): 63 / 64,
                    ("test85", "en"): 68 / 68, ("test85", "zh"): 62 / 63,
                    ("test86", "en"): 68 / 68, ("test86", "zh"): 61 / 61,
                    ("test87", "en"): 66 / 68, ("test87", "zh"): 59 / 61,
                    ("test88", "en"): 62 / 70, ("test88", "zh"): 58 / 62,
                    ("test89", "en"): 70 / 70, ("test89", "zh"): 63 / 64,
                    ("test90", "en"): 68 / 68, ("test90", "zh"): 59 / 61,
                    ("test91", "en"): 66 / 68, ("test91", "zh"): 60 / 61,
                    ("test92", "en"): 68 / 68, ("test92", "zh"): 62 / 62,
                    ("test93", "en"): 68 / 70, ("test93", "zh"): 58 / 61,
                    ("test94", "en"): 71 / 73, ("test94", "zh"): 68 / 69,
                    ("test95", "en"): 69 / 71, ("test95", "zh"): 64 / 65,
                    ("test96", "en"): 75 / 77, ("test96", "zh"): 60 / 61,
                    ("test97", "en"): 65 / 68, ("test97", "zh"): 58 / 61,
                    ("test98", "en"): 63 / 68, ("test98", "zh"): 59 / 61,
                    ("test99", "en"): 74 / 75, ("test99", "zh"): 67 / 67,
                    ("test100", "en"): 68 / 69, ("test100", "zh"): 61 / 61,
                    ("test101", "en"): 68 / 68, ("test101", "zh"): 60 / 61,
                    ("test102", "en"): 67 / 68, ("test102", "zh"): 61 / 61,
                    ("test103", "en"): 70 / 71, ("test103", "zh"): 62 / 62,
                    ("test104", "en"): 69 / 70, ("test104", "zh"): 62 / 63,
                    ("test105", "en"): 70 / 70, ("test105", "zh"): 62 / 63,
                    ("test106", "en"): 77 / 77, ("test106", "zh"): 69 / 70,
                    ("test107", "en"): 73 / 73, ("test107", "zh"): 66 / 68,
                    ("test108", "en"): 73 / 74, ("test108", "zh"): 68 / 68,
                    ("test109", "en"): 73 / 74, ("test109", "zh"): 73 / 73,
                    ("test110", "en"): 76 / 76, ("test110", "zh"): 69 / 69,
                    ("test111", "en"): 71 / 72, ("test111", "zh"): 65 / 65,
                    ("test112", "en"): 74 / 75, ("test112", "zh"): 66 / 66,
                    ("test113", "en"): 78 / 78, ("test113", "zh"): 68 / 69,
                    ("test114", "en"): 70 / 70, ("test114", "zh"): 64 / 64,
                    ("test115", "en"): 74 / 74, ("test115", "zh"): 69 / 70,
                    ("test116", "en"): 71 / 71, ("test116", "zh"): 72 / 72,
                    ("test117", "en"): 68 / 72, ("test117", "zh"): 65 / 66,
                    ("test118", "en"): 70 / 70, ("test118", "zh"): 60 / 63,
                    ("test119", "en"): 70 / 72, ("test119", "zh"): 65 / 66,
                    ("test120", "en"): 71 / 77, ("test120", "zh"): 72 / 72,
                    ("test121", "en"): 69 / 74, ("test121", "zh"): 64 / 66,
                    ("test122", "en"): 76 / 80, ("test122", "zh"): 64 / 71,
                    ("test123", "en"): 62 / 69, ("test123", "zh"): 60 / 62,
                    ("test124", "en"): 72 / 72, ("test124", "zh"): 63 / 67,
                    ("test125", "en"): 72 / 73, ("test125", "zh"): 66 / 66,
                    ("test126", "en"): 70 / 72, ("test126", "zh"): 70 / 70,
                    ("test127", "en"): 76 / 78, ("test127", "zh"): 68 / 69,
                    ("test128", "en"): 70 / 72, ("test128", "zh"): 61 / 65,
                    ("test129", "en"): 72 / 72, ("test129", "zh"): 62 / 63,
                    ("test130", "en"): 77 / 77, ("test130", "zh"): 70 / 70,
                    ("test131", "en"): 64 / 68, ("test131", "zh"): 65 / 65,
                    ("test132", "en"): 64 / 69, ("test132", "zh"): 61 / 64,
                    ("test133", "en"): 66 / 68, ("test133", "zh"): 62 / 62,
                    ("test134", "en"): 66 / 72, ("test134", "zh"): 63 / 64,
                    ("test135", "en"): 65 / 68, ("test135", "zh"): 60 / 62,
                    ("test136", "en"): 64 / 67, ("test136", "zh"): 57 / 64,
                    ("test137", "en"): 62 / 70, ("test137", "zh"): 61 / 67,
                    ("test138", "en"): 60 / 71, ("test138", "zh"): 59 / 68,
                    ("test139", "en"): 73 / 74, ("test139", "zh"): 65 / 65,
                    ("test140", "en"): 70 / 71, ("test140", "zh"): 64 / 65,
                    ("test141", "en"): 68 / 72, ("test141", "zh"): 63 / 67,
                    ("test142", "en"): 69 / 72, ("test142", "zh"): 64 / 65,
                    ("test143", "en"): 75 / 75, ("test143", "zh"): 69 / 69,
                    ("test144", "en"): 69 / 72, ("test144", "zh"): 63 / 65,
                    ("test145", "en"): 60 / 71, ("test145", "zh"): 60 / 68,
                    ("test146", "en"): 63 / 70, ("test146", "zh"): 60 / 66,
                    ("test147", "en"): 68 / 72, ("test147", "zh"): 60 / 63,
                    ("test148", "en"): 59 / 70, ("test148", "zh"): 52 / 63,
                    ("test149", "en"): 58 / 70, ("test149", "zh"): 52 / 63,
                    ("test150", "en"): 60 / 70, ("test150", "zh"): 55 / 63,
                    ("test151", "en"): 68 / 70, ("test151", "zh"): 60 / 63,
                    ("test152", "en"): 48 / 72, ("test152", "zh"): 50 / 63,
                    ("test153", "en"): 63 / 72, ("test153", "zh"): 60 / 65,
                    ("test154", "en"): 67 / 71, ("test154", "zh"): 60 / 63,
                    ("test155", "en"): 62 / 70, ("test155", "zh"): 52 / 63}  # fmt: skip
UNANSWERABLE_FLOOR = {("dev", "en"): 0.90, ("dev", "zh"): 0.90,
                      ("test", "en"): 0.90, ("test", "zh"): 0.90,
                      ("test2", "en"): 11 / 11, ("test2", "zh"): 11 / 11,
                      ("test3", "en"): 16 / 16, ("test3", "zh"): 15 / 15,
                      ("test4", "en"): 18 / 18, ("test4", "zh"): 16 / 16,
                      ("test5", "en"): 17 / 17, ("test5", "zh"): 17 / 17,
                      ("test6", "en"): 17 / 17, ("test6", "zh"): 17 / 17,
                      ("test7", "en"): 16 / 16, ("test7", "zh"): 17 / 17,
                      ("test8", "en"): 17 / 17, ("test8", "zh"): 17 / 17,
                      ("test9", "en"): 22 / 23, ("test9", "zh"): 20 / 21,
                      ("test10", "en"): 21 / 21, ("test10", "zh"): 20 / 20,
                      ("test11", "en"): 24 / 25, ("test11", "zh"): 20 / 20,
                      ("test12", "en"): 21 / 21, ("test12", "zh"): 21 / 21,
                      ("test13", "en"): 18 / 22, ("test13", "zh"): 16 / 20,
                      ("test14", "en"): 21 / 21, ("test14", "zh"): 21 / 21,
                      ("test15", "en"): 19 / 21, ("test15", "zh"): 20 / 21,
                      ("test16", "en"): 18 / 20, ("test16", "zh"): 19 / 20,
                      ("test17", "en"): 19 / 20, ("test17", "zh"): 20 / 20,
                      ("test18", "en"): 19 / 20, ("test18", "zh"): 19 / 20,
                      ("test19", "en"): 20 / 20, ("test19", "zh"): 19 / 20,
                      ("test20", "en"): 20 / 20, ("test20", "zh"): 19 / 20,
                      ("test21", "en"): 19 / 20, ("test21", "zh"): 20 / 21,
                      ("test22", "en"): 19 / 20, ("test22", "zh"): 20 / 20,
                      ("test23", "en"): 21 / 21, ("test23", "zh"): 20 / 20,
                      ("test24", "en"): 17 / 20, ("test24", "zh"): 18 / 20,
                      ("test25", "en"): 18 / 20, ("test25", "zh"): 19 / 20,
                      ("test26", "en"): 18 / 20, ("test26", "zh"): 19 / 20,
                      ("test27", "en"): 18 / 20, ("test27", "zh"): 18 / 20,
                      ("test28", "en"): 20 / 20, ("test28", "zh"): 20 / 20,
                      ("test29", "en"): 19 / 20, ("test29", "zh"): 19 / 20,
                      ("test30", "en"): 18 / 20, ("test30", "zh"): 19 / 20,
                      ("test31", "en"): 20 / 20, ("test31", "zh"): 18 / 20,
                      ("test32", "en"): 20 / 20, ("test32", "zh"): 20 / 20,
                      ("test33", "en"): 18 / 20, ("test33", "zh"): 19 / 20,
                      ("test34", "en"): 20 / 20, ("test34", "zh"): 20 / 20,
                      ("test35", "en"): 20 / 20, ("test35", "zh"): 19 / 20,
                      ("test36", "en"): 20 / 20, ("test36", "zh"): 20 / 20,
                      ("test37", "en"): 18 / 20, ("test37", "zh"): 20 / 20,
                      ("test38", "en"): 19 / 20, ("test38", "zh"): 19 / 20,
                      ("test39", "en"): 20 / 20, ("test39", "zh"): 20 / 20,
                      ("test40", "en"): 20 / 20, ("test40", "zh"): 20 / 20,
                      ("test41", "en"): 19 / 20, ("test41", "zh"): 19 / 20,
                      ("test42", "en"): 20 / 20, ("test42", "zh"): 20 / 20,
                      ("test43", "en"): 20 / 20, ("test43", "zh"): 20 / 20,
                      ("test44", "en"): 21 / 21, ("test44", "zh"): 21 / 21,
                      ("test45", "en"): 22 / 22, ("test45", "zh"): 22 / 22,
                      ("test46", "en"): 21 / 21, ("test46", "zh"): 21 / 21,
                      ("test47", "en"): 22 / 22, ("test47", "zh"): 21 / 22,
                      ("test48", "en"): 22 / 22, ("test48", "zh"): 22 / 22,
                      ("test49", "en"): 22 / 22, ("test49", "zh"): 22 / 22,
                      ("test50", "en"): 23 / 23, ("test50", "zh"): 23 / 23,
                      ("test51", "en"): 21 / 21, ("test51", "zh"): 21 / 21,
                      ("test52", "en"): 22 / 22, ("test52", "zh"): 22 / 22,
                      ("test53", "en"): 21 / 21, ("test53", "zh"): 21 / 21,
                      ("test54", "en"): 22 / 22, ("test54", "zh"): 21 / 22,
                      ("test55", "en"): 22 / 22, ("test55", "zh"): 21 / 21,
                      ("test56", "en"): 21 / 23, ("test56", "zh"): 21 / 22,
                      ("test57", "en"): 21 / 21, ("test57", "zh"): 21 / 21,
                      ("test58", "en"): 22 / 22, ("test58", "zh"): 22 / 22,
                      ("test59", "en"): 20 / 21, ("test59", "zh"): 21 / 21,
                      ("test60", "en"): 22 / 22, ("test60", "zh"): 22 / 22,
                      ("test61", "en"): 22 / 22, ("test61", "zh"): 22 / 22,
                      ("test62", "en"): 22 / 22, ("test62", "zh"): 22 / 22,
                      ("test63", "en"): 22 / 22, ("test63", "zh"): 20 / 21,
                      ("test64", "en"): 21 / 21, ("test64", "zh"): 21 / 21,
                      ("test65", "en"): 22 / 22, ("test65", "zh"): 22 / 22,
                      ("test66", "en"): 21 / 21, ("test66", "zh"): 20 / 21,
                      ("test67", "en"): 21 / 21, ("test67", "zh"): 21 / 21,
                      ("test68", "en"): 22 / 23, ("test68", "zh"): 22 / 22,
                      ("test69", "en"): 22 / 22, ("test69", "zh"): 21 / 22,
                      ("test70", "en"): 21 / 21, ("test70", "zh"): 20 / 21,
                      ("test71", "en"): 22 / 22, ("test71", "zh"): 22 / 22,
                      ("test72", "en"): 21 / 22, ("test72", "zh"): 22 / 22,
                      ("test73", "en"): 21 / 21, ("test73", "zh"): 21 / 21,
                      ("test74", "en"): 21 / 21, ("test74", "zh"): 21 / 21,
                      ("test75", "en"): 18 / 21, ("test75", "zh"): 19 / 21,
                      ("test76", "en"): 20 / 21, ("test76", "zh"): 20 / 21,
                      ("test77", "en"): 21 / 21, ("test77", "zh"): 20 / 21,
                      ("test78", "en"): 21 / 21, ("test78", "zh"): 20 / 21,
                      ("test79", "en"): 19 / 21, ("test79", "zh"): 19 / 21,
                      ("test80", "en"): 21 / 21, ("test80", "zh"): 20 / 21,
                      ("test81", "en"): 20 / 21, ("test81", "zh"): 21 / 21,
                      ("test82", "en"): 20 / 21, ("test82", "zh"): 20 / 21,
                      ("test83", "en"): 20 / 21, ("test83", "zh"): 19 / 21,
                      ("test84", "en"): 20 / 21, ("test84", "zh"): 19 / 21,
                      ("test85", "en"): 19 / 21, ("test85", "zh"): 19 / 21,
                      ("test86", "en"): 21 / 21, ("test86", "zh"): 20 / 21,
                      ("test87", "en"): 21 / 21, ("test87", "zh"): 21 / 21,
                      ("test88", "en"): 20 / 21, ("test88", "zh"): 21 / 21,
                      ("test89", "en"): 20 / 21, ("test89", "zh"): 20 / 21,
                      ("test90", "en"): 21 / 21, ("test90", "zh"): 21 / 21,
                      ("test91", "en"): 21 / 21, ("test91", "zh"): 21 / 21,
                      ("test92", "en"): 20 / 21, ("test92", "zh"): 20 / 21,
                      ("test93", "en"): 21 / 21, ("test93", "zh"): 21 / 21,
                      ("test94", "en"): 21 / 21, ("test94", "zh"): 21 / 21,
                      ("test95", "en"): 21 / 21, ("test95", "zh"): 21 / 21,
                      ("test96", "en"): 20 / 21, ("test96", "zh"): 20 / 21,
                      ("test97", "en"): 21 / 21, ("test97", "zh"): 21 / 21,
                      ("test98", "en"): 19 / 21, ("test98", "zh"): 21 / 21,
                      ("test99", "en"): 20 / 21, ("test99", "zh"): 21 / 21,
                      ("test100", "en"): 21 / 21, ("test100", "zh"): 21 / 21,
                      ("test101", "en"): 20 / 21, ("test101", "zh"): 21 / 21,
                      ("test102", "en"): 21 / 21, ("test102", "zh"): 21 / 21,
                      ("test103", "en"): 21 / 21, ("test103", "zh"): 21 / 21,
                      ("test104", "en"): 21 / 21, ("test104", "zh"): 21 / 21,
                      ("test105", "en"): 20 / 21, ("test105", "zh"): 20 / 21,
                      ("test106", "en"): 21 / 21, ("test106", "zh"): 21 / 22,
                      ("test107", "en"): 20 / 21, ("test107", "zh"): 21 / 21,
                      ("test108", "en"): 21 / 21, ("test108", "zh"): 21 / 21,
                      ("test109", "en"): 21 / 21, ("test109", "zh"): 21 / 21,
                      ("test110", "en"): 21 / 21, ("test110", "zh"): 21 / 21,
                      ("test111", "en"): 22 / 22, ("test111", "zh"): 21 / 21,
                      ("test112", "en"): 21 / 21, ("test112", "zh"): 21 / 21,
                      ("test113", "en"): 22 / 22, ("test113", "zh"): 22 / 22,
                      ("test114", "en"): 21 / 21, ("test114", "zh"): 20 / 21,
                      ("test115", "en"): 22 / 22, ("test115", "zh"): 21 / 21,
                      ("test116", "en"): 21 / 21, ("test116", "zh"): 21 / 21,
                      ("test117", "en"): 20 / 21, ("test117", "zh"): 21 / 21,
                      ("test118", "en"): 21 / 21, ("test118", "zh"): 21 / 21,
                      ("test119", "en"): 21 / 21, ("test119", "zh"): 20 / 21,
                      ("test120", "en"): 21 / 21, ("test120", "zh"): 21 / 21,
                      ("test121", "en"): 21 / 21, ("test121", "zh"): 21 / 21,
                      ("test122", "en"): 21 / 21, ("test122", "zh"): 21 / 21,
                      ("test123", "en"): 21 / 21, ("test123", "zh"): 21 / 21,
                      ("test124", "en"): 21 / 21, ("test124", "zh"): 21 / 21,
                      ("test125", "en"): 20 / 21, ("test125", "zh"): 20 / 21,
                      ("test126", "en"): 21 / 21, ("test126", "zh"): 21 / 21,
                      ("test127", "en"): 21 / 21, ("test127", "zh"): 21 / 21,
                      ("test128", "en"): 21 / 21, ("test128", "zh"): 20 / 21,
                      ("test129", "en"): 21 / 21, ("test129", "zh"): 21 / 21,
                      ("test130", "en"): 21 / 21, ("test130", "zh"): 21 / 21,
                      ("test131", "en"): 20 / 21, ("test131", "zh"): 21 / 21,
                      ("test132", "en"): 21 / 21, ("test132", "zh"): 19 / 21,
                      ("test133", "en"): 21 / 21, ("test133", "zh"): 20 / 21,
                      ("test134", "en"): 21 / 21, ("test134", "zh"): 21 / 21,
                      ("test135", "en"): 21 / 21, ("test135", "zh"): 20 / 21,
                      ("test136", "en"): 21 / 21, ("test136", "zh"): 21 / 21,
                      ("test137", "en"): 21 / 21, ("test137", "zh"): 21 / 21,
                      ("test138", "en"): 21 / 21, ("test138", "zh"): 20 / 21,
                      ("test139", "en"): 20 / 21, ("test139", "zh"): 21 / 21,
                      ("test140", "en"): 21 / 21, ("test140", "zh"): 21 / 21,
                      ("test141", "en"): 20 / 21, ("test141", "zh"): 21 / 21,
                      ("test142", "en"): 21 / 21, ("test142", "zh"): 20 / 21,
                      ("test143", "en"): 21 / 21, ("test143", "zh"): 21 / 21,
                      ("test144", "en"): 20 / 21, ("test144", "zh"): 21 / 21,
                      ("test145", "en"): 21 / 21, ("test145", "zh"): 20 / 21,
                      ("test146", "en"): 20 / 21, ("test146", "zh"): 21 / 21,
                      ("test147", "en"): 21 / 21, ("test147", "zh"): 21 / 21,
                      ("test148", "en"): 21 / 21, ("test148", "zh"): 21 / 21,
                      ("test149", "en"): 21 / 21, ("test149", "zh"): 21 / 21,
                      ("test150", "en"): 18 / 21, ("test150", "zh"): 20 / 21,
                      ("test151", "en"): 21 / 21, ("test151", "zh"): 20 / 21,
                      ("test152", "en"): 19 / 21, ("test152", "zh"): 21 / 21,
                      ("test153", "en"): 21 / 21, ("test153", "zh"): 21 / 21,
                      ("test154", "en"): 20 / 21, ("test154", "zh"): 21 / 21,
                      ("test155", "en"): 21 / 21, ("test155", "zh"): 21 / 21}  # fmt: skip


#: Mislabelled answers left, as measured (the target is none): test12's "the catalogue's
#: own check value for the standardised major axis slope" of the mammals gets our OLS slope
#: (check values are our own recomputations, never offered); test15's "The memo compares the
#: models with the official count. How many cumulative confirmed cases ... did the WHO
#: situation report give for 12 February 2020?" gets the number of observations (the
#: context sentence's "models" keeps "how many" a count); test17's "审查意见：对比文件称哺乳动物
#: 脑重拟合的截距ln a为2.135，请核实教科书发表值。" gets our prefactor a (the stated "ln a为2.135"
#: and the textbook's ln a are not told apart); test19's "答辩委员提问：论文里美国城市人口的幂律与
#: 对数正态比较，似然比检验的p值是多少？" gets Clauset et al.'s published p (论文 read as their
#: paper; the truth reads it as the student's thesis). test11's (the catalogue's check of
#: p) now abstains: check values are never offered. test26's three are rhetorical
#: questions that state the published value they doubt ("Isn't the SMA elevation for the
#: leaf data published as about -2.7? Give me the exact figure.", 难道…ln a 发表值不是 2.1
#: 左右吗？到底是多少？, 难道世卫组织…报告的确诊数不是四万多吗？): the stated value's cue is read as
#: quoted back, and our fit answers. test27's "Epoch AI 发布的 Chinchilla 头条 A 值是多少？"
#: got our A (发布, "released", is no published cue in the vocabulary) until round 29 read
#: 头条 as Epoch's headline group. test28's "What value
#: was found for the lower cutoff x_min of the US blackout tail?" gets Clauset et al.'s
#: published 230 (the same number as our fit's; the passive "was found" names no source).
#: test35's "比较论文时想知道：Epoch头条结果里E的标准误是多少？" got our fit's standard error of E
#: when scored (头条, "headline", named no published group; mended in round 29, as test27's).
#: test39's two ("Reproducing Leitao et al.: what standard error of the metro GDP exponent b
#: does our fit get?", "Report the standard error of the Chinchilla fit's alpha.") got the
#: published standard errors when scored; mended in round 29 (a reproduction's authors, an
#: imperative "Report"). test40's one ("Checking my student's thesis figure: what 95%
#: confidence interval does the metro GDP fit report for b?") and test41's five (four
#: "(cf. Clauset et al. 2009)" references read as asking the published value, and
#: 标题结果, Epoch's headline, read as our fit) were mended in round 30, as was test43's
#: ("What did y'all find for the p-value ...": "find" read as a published cue) and test47's
#: ("I've been reading Clauset, Shalizi and Newman ... In your fit of the California quakes,
#: what is the p-value ...": the authors of the story read as asking for their value).
#: Round 32 mended test65's ("did the logistic fit of the US census find": ours) and
#: test75's two ("print the alpha ...", "print the census logistic carrying capacity K":
#: a command, no printed publication); left: test72's "What is the fitted alpha of the
#: blackouts power law, with its 95% interval, which I need for a grant report?" (the
#: purpose's "report" read as a published cue) and test74's "我是法医，每周要出十几份鉴定
#: 报告：恐怖袭击数据尾部的样本数n_tail是多少？" (报告 in the asker's label).
#: Round 33b mended test86's two ("the Clauset 2009 blackout data, what's the fitted
#: alpha?", Clauset 2009 的《白鲸记》词频数据: the data's source, not a publication) and one
#: of test87's (【头条】CHINCHILLA E？: a headline tag); left: test76's and test77's
#: normalized likelihood ratios ("as the comparisons report it", "what normalized LR
#: statistic came out?": the published ratio answered), test83's "WHO China cases, 12 Feb
#: 2020?" (the GGM's forecast answered, not the count WHO reported) and test87's
#: 《白鲸记》…有多少个词（n_tail） (the published n_tail answered, the same number).
#: Round 34 (scored on 589f7ff) left test114's 集成结果里存的世卫组织2020年2月12日观测病例数？！ and
#: test115's "WHO's observed cumulative count on 12 February 2020, as stored with the
#: ensemble?" (the ensemble's median answered, not WHO's count); test109's and test110's
#: were mended in round 34b (观测累计, "count observed"). Round 35 (fca47cc, 5b3eefa)
#: mended test115's (WHO's observed count), two of test26's, test95's, test116's,
#: test117's, test121's, test122's, test124's three (a published value asked after a
#: yes/no check), test127's and test131's; test132-test139's five are as scored on
#: 5b3eefa. Round 36 mended test114's and test136's WHO counts (观测病例数, 一起存的),
#: test141's, test143's, test145's, test147's and seven of test144's eight ("Let α be
#: .... Find α." read as what a paper found); test148-test155's five are as scored on
#: cfaab21 (round 36 changed none of them).
MISLABELLED_LEFT = {"test12": 1, "test15": 1, "test17": 1, "test19": 1, "test26": 1,
                    "test28": 1, "test72": 1, "test74": 1, "test76": 1, "test77": 1,
                    "test83": 1, "test87": 1, "test96": 1, "test118": 2, "test123": 2,
                    "test132": 1, "test136": 1, "test137": 1, "test138": 1, "test142": 1,
                    "test144": 1, "test146": 2, "test149": 1, "test152": 3,
                    "test155": 1}  # fmt: skip


@pytest.mark.parametrize("split", ["dev", "test", "test2", *HELD_OUT])
def test_answers_on_the_question_set(entries: list[BundleEntry], split: str) -> None:
    """Right value (to the printed precision) or an abstention where the results do
    not hold the answer; never a fitted value presented as published or the reverse."""
    grades = score(split, entries)
    rates = _report(split, grades)
    mislabelled = sum(g.mislabelled for found in grades.values() for g in found)
    assert mislabelled <= MISLABELLED_LEFT.get(split, 0)
    for lang in ("en", "zh"):
        assert rates[f"{split} {lang} answerable"] >= ANSWERABLE_FLOOR[(split, lang)]
        assert rates[f"{split} {lang} unanswerable"] >= UNANSWERABLE_FLOOR[(split, lang)]


def test_the_result_named_in_the_asking_sentence(entries: list[BundleEntry]) -> None:
    """Round 29 (test36): two results named in a first sentence and one again in the
    sentence that asks ("Which tail is longer, the solar flares or the Moby Dick words?
    Give me the flares alpha."): the one named again is asked. On all the evaluation's
    results, where flares and words link the question equally (an ungraded question)."""
    flares = labels_of(entries)["clauset2009/flares"].result
    question = (
        "Which tail is longer, the solar flares or the Moby Dick words? Give me the flares alpha."
    )
    answer = sl.ask(question, entries, model=None)
    assert answer.result == "clauset2009/flares"
    assert answer.value == pytest.approx(flares.params["alpha"])


def test_a_roles_acronym_names_no_data(entries: list[BundleEntry]) -> None:
    """Round 30 (test43): a role's acronym in a label ("CEO question about our own runs in
    my_runs.csv:") names nothing, so the file the label names is answered (an ungraded
    question)."""
    runs = labels_of(entries)["my_runs.csv"].result
    answer = sl.ask(
        "CEO question about our own runs in my_runs.csv: what is the irreducible loss E?",
        entries,
        model=None,
    )
    assert (answer.result, answer.value) == ("my_runs.csv", pytest.approx(runs.params["E"]))


def test_the_users_slide_and_the_species_counted(entries: list[BundleEntry]) -> None:
    """Round 30 (test44): "For my slide:" labels the user's work, not the user's own
    data (so the ensemble, not a file of the user's, is asked about), and 物种 ("species")
    counts the mammals' observations (ungraded questions)."""
    labels = labels_of(entries)
    ensemble = labels["epidemics/sarscov2_who_2020 (2)"].result
    median = float(ensemble.table.set_index("t").loc["2020-02-08", "median"])
    slide = sl.ask(
        "For my slide: the 95% interval of the ensemble forecast for 8 February 2020?",
        entries,
        model=None,
    )
    assert slide.value == pytest.approx(median)
    species = sl.ask("哺乳动物的脑重拟合用到了多少个物种？", entries, model=None)
    assert species.value == labels["allometry/mammals_brain_body"].result.n


def test_a_web_address_names_nothing(entries: list[BundleEntry]) -> None:
    """Round 30 (test45): a web address is where the user looked, not what is asked
    ("tuvalu" in a host name is no place of the words' data; an ungraded question)."""
    words = labels_of(entries)["clauset2009/words"].result
    answer = sl.ask(
        "Looking at https://tuvalu.santafe.edu/~aaronc/powerlaws/: what is the x_min of the "
        "Moby Dick words fit?",
        entries,
        model=None,
    )
    assert answer.value == pytest.approx(words.xmin)


def test_marine_is_not_marin(entries: list[BundleEntry]) -> None:
    """Round 30 (test29, test38, test44): "marine" stems as the Marin IsoFLOP runs' name
    does, but a data set with no result is named only by a word written as its name: a
    marine biologist's question is answered, and Marin's runs still abstain (ungraded)."""
    labels = labels_of(entries)
    mammals = labels["allometry/mammals_brain_body"].result
    answer = sl.ask(
        "A marine biologist asks about the mammal brain fit: what is the standard error of "
        "the exponent b?",
        entries,
        model=None,
    )
    assert answer.value == pytest.approx(mammals.stderr["b"])
    assert sl.ask("What is the exponent of Marin's scaling ladder?", entries, model=None).abstained


def test_terror_and_a_chinese_body_round_31(entries: list[BundleEntry]) -> None:
    """Round 31 (test50, test51): "terror" names Clauset et al.'s terrorism data (an alias
    of the catalogue); 身体 ("body") is the body column's Chinese name, so a user's file of
    body mass bears it (it abstained: "about its own columns, not 身体"). Ungraded."""
    labels = labels_of(entries)
    terrorism = labels["clauset2009/terrorism"].result
    answer = sl.ask("Terror data: what alpha does the tail fit give?", entries, model=None)
    assert answer.value == pytest.approx(terrorism.params["alpha"])
    metabolism = labels["metabolism.csv"].result
    answer = sl.ask("按metabolism.csv的拟合，身体质量70公斤时代谢率是多少瓦？", entries, model=None)
    assert answer.value == pytest.approx(float(metabolism.predict([70.0])[0]))


def test_another_book_is_a_name_not_a_quote_round_31(entries: list[BundleEntry]) -> None:
    """Round 31 (test53-55, and test21, test25, test28, test36): "Quixote", after "Don"
    capitalised in mid-sentence, goes on a name; it was spelt "quote" (a published cue)
    and the words' published alpha answered. Another book abstains (ungraded); an
    abbreviation after a sentence's first word is still completed (a guard: "Chinch.")."""
    answer = sl.ask(
        "What power-law exponent do the word counts in Don Quixote follow?", entries, model=None
    )
    assert answer.abstained, answer.text
    neural = labels_of(entries)["neural/epoch_chinchilla"].result
    answer = sl.ask("Epoch Chinch.: what is the data exponent beta?", entries, model=None)
    assert answer.value == pytest.approx(neural.params["beta"])


def test_a_compounds_second_word_is_no_typo_round_31(entries: list[BundleEntry]) -> None:
    """Round 31 (test52): "fund" of "hedge-fund" was spelt "found", a published cue, and
    the metro exponent's published standard error answered; a hyphenated compound whose
    first word is unknown is left alone (ungraded)."""
    urban = labels_of(entries)["urban/usa_msa_gdp_2013"].result
    answer = sl.ask(
        "Hedge-fund trainee: what is the standard error of the metro scaling exponent?",
        entries,
        model=None,
    )
    assert (answer.kind, answer.value) == ("fitted", pytest.approx(urban.stderr["b"]))


def test_a_file_named_whole_outweighs_another_datas_column_names_round_32(
    entries: list[BundleEntry],
) -> None:
    """Round 32 (test53, test65, test67): a result's label written whole ("metabolism.csv")
    names it more surely than two column names of another result (体重 and 身体, the
    mammals' body: the brain mass of a 30 kg body answered). Ungraded."""
    metabolism = labels_of(entries)["metabolism.csv"].result
    answer = sl.ask("按metabolism.csv的拟合，体重30公斤的身体代谢率是多少瓦？", entries, model=None)
    assert (answer.result, answer.value) == (
        "metabolism.csv",
        pytest.approx(float(metabolism.predict([30.0])[0])),
    )


def _answered(entries: list[BundleEntry], asked: dict[str, tuple[str, str]]) -> None:
    """Each question of ``asked`` gets the truth (result label, oracle spec) it names."""
    by_label = labels_of(entries)
    for question, (label, spec) in asked.items():
        answer = sl.ask(question, entries, model=None)
        expected = truth(spec, by_label[label])
        assert answer.result == label, (question, answer.text)
        if expected.interval is not None:
            assert answer.interval == pytest.approx(expected.interval), question
        else:
            assert answer.value == pytest.approx(expected.value), question


def _abstained(entries: list[BundleEntry], questions: tuple[str, ...]) -> None:
    for question in questions:
        assert sl.ask(question, entries, model=None).abstained, question


def test_a_question_written_as_a_letter_round_33(entries: list[BundleEntry]) -> None:
    """Round 33 (test78): a subject line, a greeting and a closing are the letter's, not
    the question's ("Subject: ... / Dear team, / ... / Kind regards, / Mei Lin, tea
    master" abstained on "Dear"). Guards: a Chinese letter (answered before) and a
    question broken over lines, no letter. Ungraded questions."""
    _answered(
        entries,
        {
            "Subject: words tail\n\nHi all,\nwhat x_min did the Moby Dick fit find?\n\n"
            "Best wishes,\nJo (beekeeper)": ("clauset2009/words", "param:xmin"),
            "Re: outages\n\nGood morning Sam,\nthe standard error of the blackouts alpha, "
            "please.\n\nThanks,\nPriya": ("clauset2009/blackouts", "stderr:alpha"),
            "主题：停电\n\n各位好，\n美国停电幂律的alpha是多少？\n\n祝好\n小王（会计）": (
                "clauset2009/blackouts",
                "param:alpha",
            ),
            "For the quakes fit:\nwhat is x_min?": ("clauset2009/quakes", "param:xmin"),
        },
    )


def test_a_correction_an_actual_value_and_a_count_round_33(entries: list[BundleEntry]) -> None:
    """Round 33 (test78, test79): a correction takes back the quantity, not the forecast
    it is of (集成预测…的中位数，哦不，是它的95%区间: the ensemble's, not the GGM's; 哦不 no
    name); "实际是多少" after a claimed value asks the fit's value, not WHO's count (which
    实际报告 still asks: guard); a number before what it counts (1800个事件) is no year.
    Ungraded questions."""
    ensemble = "epidemics/sarscov2_who_2020 (2)"
    _answered(
        entries,
        {
            "集成预测2020年2月9日的中位数，哦不，是它的95%区间。": (ensemble, "interval:h4"),
            "The ensemble's median for 8 February 2020 — no, make that its standard error.": (
                ensemble,
                "stderr:h3",
            ),
            "听说城市人口幂律的alpha是2.5，实际是多少？": ("clauset2009/cities", "param:alpha"),
            "世卫组织2020年2月12日实际报告的累计确诊数是多少？": (
                ensemble,
                "observed:2020-02-12",
            ),
            "有人说地震尾部有1800个事件，实际的n_tail是多少？": (
                "clauset2009/quakes",
                "attr:n_tail",
            ),
        },
    )


def test_who_asks_and_what_their_story_names_round_33(entries: list[BundleEntry]) -> None:
    """Round 33 (test79, test83, test74): an English role before a colon or a comma says
    who asks ("Foley artist on a coffee break:" read "break" as a breakpoint; "Golf caddie,
    what ...?" abstained on the role's words), unless the label names the data asked
    about (guard); a data set without a result named only in the user's story ("I fell
    thirty trees a week", the trees data) is no topic, but is one when asked about (guard).
    Ungraded questions ("Power-plant operator," abstained on the power plant)."""
    _answered(
        entries,
        {
            "Harbour pilot on a break between tides: the standard error of the GGM's p?": (
                "epidemics/sarscov2_who_2020",
                "stderr:p",
            ),
            "Power-plant operator, what x_min did the quake fit find?": (
                "clauset2009/quakes",
                "param:xmin",
            ),
            "Librarian asking about the blackouts: what is x_min?": (
                "clauset2009/blackouts",
                "param:xmin",
            ),
            "Gardener here, I prune cherry trees all day. What is the alpha of the solar flares?": (
                "clauset2009/flares",
                "param:alpha",
            ),
        },
    )
    _abstained(entries, ("I work with the trees data. What is its exponent?",))


def test_another_text_and_a_published_group_in_its_unit_round_33(
    entries: list[BundleEntry],
) -> None:
    """Round 33 (test77, test79, test83, test80, test81): a text named in English beside
    its words ("the word frequencies of Melville's Typee", "Ulysses words") is not Moby
    Dick, which is (guard: "Moby-Dick's word frequencies"); Leitão et al.'s value "in
    persons" (以人数为单位) is their persons group's, and 单位 there asks no unit; a unit
    told before the question asks none either (美国停电，单位千户。…). Guards: Dickens's
    Bleak House (abstained before) and Moby-Dick. Ungraded questions."""
    _abstained(
        entries,
        (
            "What alpha did the fit give for the word frequencies of Dickens's Bleak House?",
            "Walden word counts alpha?",
        ),
    )
    urban = "urban/usa_msa_gdp_2013"
    _answered(
        entries,
        {
            "Moby-Dick's word frequencies: alpha?": ("clauset2009/words", "param:alpha"),
            "What exponent did Leitão et al. publish for the metros in persons?": (
                urban,
                "published:pub.persons.beta",
            ),
            "以人数（persons）为单位，Leitão等人发表的β是多少？": (
                urban,
                "published:pub.persons.beta",
            ),
            "美国停电，单位千户。拟合的alpha？": ("clauset2009/blackouts", "param:alpha"),
        },
    )


def test_a_field_a_step_a_terse_symbol_and_plain_words_round_33(
    entries: list[BundleEntry],
) -> None:
    """Round 33 (test76, test77, test80, test82, test83): a field name before Chinese
    (发表的地震alpha_err是多少: no word boundary before 是) and "n_tail_sd"; a forecast's step
    by "step" (at step 3, 第五步); a one-letter symbol right before what is asked of it
    ("metro b stderr?", "Chinchilla E 95%区间"); the GGM's p and the census inflection
    year described in plain words; the years of a data set's own name name it ("US census
    1790-2000: the logistic's r"), unless the fit is said to use them (guard).
    Ungraded questions."""
    ensemble = "epidemics/sarscov2_who_2020 (2)"
    _answered(
        entries,
        {
            "Clauset等人发表的地震alpha_err是多少？": ("clauset2009/quakes", "published:alpha_err"),
            "Clauset等人发表的城市n_tail_sd是多少？": ("clauset2009/cities", "published:n_tail_sd"),
            "Clauset et al.'s published n_tail_sd for the quakes?": (
                "clauset2009/quakes",
                "published:n_tail_sd",
            ),
            "The ensemble's median at step 3?": (ensemble, "ensemble:2020-02-08"),
            "集成预测第五步的中位数？": (ensemble, "ensemble:2020-02-10"),
            "metro b stderr?": ("urban/usa_msa_gdp_2013", "stderr:b"),
            "Chinchilla E 95%区间？": ("neural/epoch_chinchilla", "interval:E"),
            "In the GGM, how far below exponential growth did the epidemic run?": (
                "epidemics/sarscov2_who_2020",
                "param:p",
            ),
            "美国人口增长最快的年份，按逻辑斯蒂拟合是哪年？": (
                "growth/us_census_1790_2000",
                "param:tm",
            ),
            "US census 1790-2000: the logistic's r?": ("growth/us_census_1790_2000", "param:r"),
        },
    )
    _abstained(
        entries, ("What r does the logistic give when fitted to all censuses through 2000?",)
    )


def test_tags_capitals_and_the_asker_after_the_question_round_33(
    entries: list[BundleEntry],
) -> None:
    """Round 33b (test85-test87): a headline tag (【头条】, "URGENT —") and capitals shouted
    across a question are how it is written, not what it asks (头条 read as Epoch's
    headline, "STANDARD" as a name); the asker said after the question ("— fishmonger
    asking.", ……？菜贩问。) and a question passed on in quotes ("… asked me: "…?" Can you
    answer?") are not part of it. Guard: "What alpha did Clauset et al. 2009 publish for
    the blackout data?" still asks the published value. Ungraded questions."""
    ensemble = "epidemics/sarscov2_who_2020 (2)"
    _answered(
        entries,
        {
            "【急】美国停电幂律 alpha 的标准误？": ("clauset2009/blackouts", "stderr:alpha"),
            "BREAKING — census logistic, K, 95% interval?": (
                "growth/us_census_1790_2000",
                "interval:K",
            ),
            "QUAKES X_MIN: WHAT IS IT?": ("clauset2009/quakes", "param:xmin"),
            "The ensemble, its standard error for 9 February 2020 — fishmonger asking.": (
                ensemble,
                "stderr:h4",
            ),
            "集成预测，2月10日，中位数？菜贩问。": (ensemble, "ensemble:2020-02-10"),
            'My nephew asked me: "what is the GGM\'s p?" Can you answer him?': (
                "epidemics/sarscov2_who_2020",
                "param:p",
            ),
            "同事问我：“美国城市人口幂律的x_min是多少？”你能回答吗？": (
                "clauset2009/cities",
                "param:xmin",
            ),
            "Butcher here, trimming a girth of beef. The quakes: the fitted alpha?": (
                "clauset2009/quakes",
                "param:alpha",
            ),
            "Fishmonger here: the Chinchilla fit's A parameter?": (
                "neural/epoch_chinchilla",
                "param:A",
            ),
            "The Clauset 2009 quake data: what is the fitted alpha?": (
                "clauset2009/quakes",
                "param:alpha",
            ),
            "What alpha did Clauset et al. 2009 publish for the blackout data?": (
                "clauset2009/blackouts",
                "published:alpha",
            ),
        },
    )


def test_dates_written_other_ways_and_periods_of_undated_data_round_33(
    entries: list[BundleEntry],
) -> None:
    """Round 33b (test84): dates written day.month.year, as yyyymmdd, with a two-digit
    year ("6 Feb '20") or after a weekday, and a date in Chinese numerals after a role
    (我是修钟师傅，二〇二〇年…); full dates bounding a period of a tail's data that have no
    dates ("flares from Jan. 1st, 1995 to Dec. 31st, 2000") ask for a period outside
    them. Ungraded questions."""
    ensemble = "epidemics/sarscov2_who_2020 (2)"
    ggm = "epidemics/sarscov2_who_2020"
    _answered(
        entries,
        {
            "The ensemble's median on 10.02.2020 (day.month.year)?": (
                ensemble,
                "ensemble:2020-02-10",
            ),
            "GGM forecast mean for 20200209?": (ggm, "forecast:2020-02-09"),
            "GGM forecast for Friday, 7 Feb '20?": (ggm, "forecast:2020-02-07"),
            "The ensemble's standard error for Monday 10 Feb. 2020?": (ensemble, "stderr:h5"),
            "我是钟表匠，二〇二〇年二月九日集成预测的中位数是多少？": (
                ensemble,
                "ensemble:2020-02-09",
            ),
        },
    )
    _abstained(
        entries,
        (
            "The quakes from Jan. 1st, 2001 to Dec. 31st, 2005: their alpha?",
            "2005年1月1日至2012年12月31日美国停电的 alpha？",
        ),
    )


def test_queries_descriptions_and_needs_round_33(entries: list[BundleEntry]) -> None:
    """Round 33c (test95, test99): a request written as SQL ("SELECT xmin FROM ...", with
    a WHERE) or as a spreadsheet formula ("=SE(census.K)") asks what it selects of the
    table it names; numbers in a bracketed description of the data before the question's
    colon are no inputs ("(67 species, ...)"); "an interval for a talk" has no symbol a;
    我写报告要用 is the user's report, not a publication. Ungraded questions."""
    _answered(
        entries,
        {
            "SELECT x_min FROM california_quakes": ("clauset2009/quakes", "param:xmin"),
            "SELECT lr FROM us_cities WHERE alternative = 'exponential'": (
                "clauset2009/cities",
                "lr:exponential",
            ),
            "=SE(census.K)": ("growth/us_census_1790_2000", "stderr:K"),
            "US blackouts (1984-2002, 211 events, customers in thousands): alpha?": (
                "clauset2009/blackouts",
                "param:alpha",
            ),
            "I need the quakes exponent's 95% interval for a talk at the library; what is it?": (
                "clauset2009/quakes",
                "interval:alpha",
            ),
            "我写报告要用美国城市人口拟合的alpha，是多少？": ("clauset2009/cities", "param:alpha"),
        },
    )


def test_a_warm_up_question_dropped_for_the_next_round_34(entries: list[BundleEntry]) -> None:
    """Round 34 (test100): a question dropped in the next sentence ("... the R²? Never
    mind R², ... its standard error on b?", "Skip the 20 — the 100.", 算了, r 不要了) asks
    only what follows; a correction before any question mark is no dismissal (guard).
    Ungraded questions."""
    _answered(
        entries,
        {
            "Metro GDP fit: what's the R²? Never mind R², I have it — the standard error "
            "of its b?": ("urban/usa_msa_gdp_2013", "stderr:b"),
            "Census logistic, the inflection year? Forget that, give me its K.": (
                "growth/us_census_1790_2000",
                "param:K",
            ),
            "followers.txt: probability of 20 or more? And 100? Skip the 20 — the 100.": (
                "followers.txt",
                "predict:100",
            ),
            "白鲸记的 x_min？x_min 不用了，它的 alpha？": ("clauset2009/words", "param:alpha"),
            "停电数据的 R²？算了，它的 alpha 标准误？": ("clauset2009/blackouts", "stderr:alpha"),
            "Forget the published value: what alpha did our fit give for Moby Dick?": (
                "clauset2009/words",
                "param:alpha",
            ),
        },
    )


def test_a_sample_size_and_numbers_in_the_datas_thousands_round_34(
    entries: list[BundleEntry],
) -> None:
    """Round 34 (test100-107): "n" and "n_obs" name a sample's size ("the mammals' n?"
    found no quantity; "overall" read as the power law's verdict); a number grouped by
    spaces is one number ("2 000 thousand"); a number with a scale word and no unit
    ("an intensity of 20 thousand") is in the world's units, so 20 in data recorded in
    thousands, while a bare number is in the data's units (guard). Ungraded questions."""
    _answered(
        entries,
        {
            "Mammals brain-body fit: its n?": ("allometry/mammals_brain_body", "attr:n"),
            "n_obs of the metro GDP fit?": ("urban/usa_msa_gdp_2013", "attr:n"),
            "How many solar flares are in the data overall?": ("clauset2009/flares", "attr:n"),
            "Probability of a blackout hitting 2 000 thousand customers or more?": (
                "clauset2009/blackouts",
                "predict:2000",
            ),
            "Chance of a California quake of intensity 20 thousand or more?": (
                "clauset2009/quakes",
                "predict:20",
            ),
            "Chance of a California quake of intensity 20 or more (in the data's units)?": (
                "clauset2009/quakes",
                "predict:20",
            ),
            "Predicted brain mass of a 2 000 kg mammal?": (
                "allometry/mammals_brain_body",
                "predict:2000",
            ),
        },
    )


def test_a_forecast_day_counted_from_the_datas_end_round_34(entries: list[BundleEntry]) -> None:
    """Round 34 (test106): "five days after the data end", "the day after the last
    observation", 数据结束后第二天, 最后一次观测后一周 name a forecast's step (the first day
    after the data is h1); three weeks is past the horizon; a role of a few words before a
    colon ("Figure skater:") names no result, whatever its words. Ungraded questions."""
    ensemble = "epidemics/sarscov2_who_2020 (2)"
    ggm = "epidemics/sarscov2_who_2020"
    _answered(
        entries,
        {
            "GGM forecast five days after the data end?": (ggm, "forecast:2020-02-10"),
            "The ensemble median four days after the last observation?": (
                ensemble,
                "ensemble:2020-02-09",
            ),
            "集成预测在数据结束后第二天的中位数？": (ensemble, "ensemble:2020-02-07"),
            "GGM 最后一次观测后一周的预测？": (ggm, "forecast:2020-02-12"),
            "Figure skater: the ensemble's median two days ahead?": (
                ensemble,
                "ensemble:2020-02-07",
            ),
        },
    )
    _abstained(entries, ("GGM forecast three weeks after the data end?",))


def test_list_items_thanks_frontiers_and_bounds_round_34(entries: list[BundleEntry]) -> None:
    """Round 34 (test101, test103): an item's number before a question ("Q4)", 第2题：)
    and clauses of thanks around it ("Thanks a lot before I start, ..., you're a gem",
    先谢谢您了，…，您真好) name nothing ("start" read as optimizer starts); "frontier" names
    the compute-optimal frontier's exponent; "lower and upper" asks for an interval. The
    Chinese item, thanks and 前沿指数 a were answered before too (guards). Ungraded
    questions."""
    _answered(
        entries,
        {
            "Q4) Tailor asking: what is the x_min of the solar flares?": (
                "clauset2009/flares",
                "attr:xmin",
            ),
            "第2题：裁缝问：美国城市人口的 alpha？": ("clauset2009/cities", "param:alpha"),
            "Thanks a lot before I start, what's the blackouts alpha, you're a gem.": (
                "clauset2009/blackouts",
                "param:alpha",
            ),
            "先谢谢您了，恐怖袭击拟合出来的 x_min 是多少，您真好。": (
                "clauset2009/terrorism",
                "attr:xmin",
            ),
            "frontier a of my_runs.csv?": ("my_runs.csv", "frontier:a"),
            "Chinchilla 前沿指数 a？": ("neural/epoch_chinchilla", "frontier:a"),
            "The GGM forecast for 10 Feb 2020, lower and upper?": (
                "epidemics/sarscov2_who_2020",
                "forecast_interval:2020-02-10",
            ),
        },
    )


def test_tests_not_run_and_data_named_another_way_round_34(entries: list[BundleEntry]) -> None:
    """Round 34 (test103-107): a residual test no fit ran (Shapiro-Wilk, normality), a
    bundled data set written as one word ("OpenAthena" for its alias "Open-Athena"), a
    place's short name (沙特, 印尼) and a quantity no bundled data measure (a heart rate)
    are not in these results; the goodness-of-fit test is in them (guard). Ungraded
    questions."""
    _abstained(
        entries,
        (
            "Shapiro-Wilk p-value of the mammals' residuals?",
            "normality test p-value of the leaflife residuals?",
            "OpenAthena IsoFLOP fit: its E?",
            "沙特地震的 alpha？",
            "猫的心率与体重的指数 b？",
        ),
    )
    _answered(
        entries, {"The Moby Dick fit's goodness-of-fit p-value?": ("clauset2009/words", "gof")}
    )


def test_published_values_by_source_year_group_and_table_round_34(
    entries: list[BundleEntry],
) -> None:
    """Round 34 (test100-107): "published ... from the source" names the publisher, not
    the data's source (and the colons of "MASS::mammals" end no label before it);
    "published ... from 1920" is the paper's year, no prediction and no period; a
    published group written by its key ("gaussian_delta_half") is that group; "the
    published table" is no Table A9; 停电数据的标准差 is the data's spread, not a standard
    error; 护士 is who asks; "LR p" (LR 检验 p 值) is the test's p-value; a law's name
    ("Zipf's law") yields to the data named beside it. Ungraded questions."""
    _answered(
        entries,
        {
            "The published slope b from the MASS::mammals source?": (
                "allometry/mammals_brain_body",
                "published:pub.b",
            ),
            "Pearl and Reed's published carrying capacity K from 1920?": (
                "growth/us_census_1790_2000",
                "published:pub_mem.pearl_reed_1920.K",
            ),
            "The beta Leitão et al. published as gaussian_delta_half?": (
                "urban/usa_msa_gdp_2013",
                "published:pub.gaussian_delta_half.beta",
            ),
            "How many attacks are in the tail in Clauset et al.'s published table?": (
                "clauset2009/terrorism",
                "published:n_tail",
            ),
            "Clauset 等人发表的城市人口数据标准差 sd？": ("clauset2009/cities", "published:sd"),
            "我是护士，smatr 发表的 MA 斜率？": (
                "allometry/smatr_leaflife",
                "published:pub.ma.slope",
            ),
            "Flares, LR p against the lognormal?": ("clauset2009/flares", "compare:lognormal"),
            "地震对 exponential 的 LR 检验 p 值？": ("clauset2009/quakes", "compare:exponential"),
            "Zipf's law for the US cities: its x_min?": ("clauset2009/cities", "attr:xmin"),
        },
    )


def test_a_roles_activity_and_a_file_name_before_chinese_round_34(
    entries: list[BundleEntry],
) -> None:
    """Round 34 (test100, test104): a role's activity before a colon ("kicking through
    leaves") names no result when the words after it hold a date to answer at (it read
    as the leaf data); the "t" of "followers.txt 值" is no t value; 关注者 are a file's
    followers, not accounts followed. Ungraded questions."""
    _answered(
        entries,
        {
            "Dog walker here, kicking through leaves: the ensemble's median for 8 February 2020?": (
                "epidemics/sarscov2_who_2020 (2)",
                "ensemble:2020-02-08",
            ),
            "followers.txt 值不小于 20 的概率？": ("followers.txt", "predict:20"),
            "按 followers.txt，关注者 8 个或以上的概率？": ("followers.txt", "predict:8"),
        },
    )


def test_chat_lines_small_talk_and_postscripts_round_34(entries: list[BundleEntry]) -> None:
    """Round 34b (test109-111): a chat line's time stamp or speaker ("[07:45]", "<jo>",
    王芳 09:30：), a filler (嗯，) and a role before its verb with no colon (领航员想知道)
    name nothing; small talk before "Anyway," / 反正， or a "P.S." holds no input (its
    temperature and minutes were read as inputs); someone's question quoted after
    "asked me:" is the question, with or without a closing quote; a hashtag's words stay,
    its mark and an addressee ("@data-desk") do not. Ungraded questions."""
    _answered(
        entries,
        {
            "[07:45] air-traffic controller: the GGM's standard error for p?": (
                "epidemics/sarscov2_who_2020",
                "stderr:p",
            ),
            "王芳 09:30：集成预测 h3 的标准误？": ("epidemics/sarscov2_who_2020 (2)", "stderr:h3"),
            "嗯，领航员想知道 GGM 的 r 标准误。": ("epidemics/sarscov2_who_2020", "stderr:r"),
            "It's 31°C and the kiln needs 40 minutes. Anyway, the probability of a quake "
            "intensity of 20 thousand or more?": ("clauset2009/quakes", "predict:20"),
            "今天跑了12公里，喝了3瓶水。反正，恐怖袭击死亡20人及以上的概率？": (
                "clauset2009/terrorism",
                "predict:20",
            ),
            "Forklift's charging, 14 minutes to kill. P.S. LR statistic of the cities vs the "
            "exponential?": (
                "clauset2009/cities",
                "lr:exponential",
            ),
            "我是渔夫。邻居问我：「GGM 对2月10日的预测区间是多少？」": (
                "epidemics/sarscov2_who_2020",
                "forecast_interval:2020-02-10",
            ),
            "@ops-team #covid19 the GGM's n?": ("epidemics/sarscov2_who_2020", "attr:n"),
        },
    )


def test_citing_hedging_and_second_names_round_34(entries: list[BundleEntry]) -> None:
    """Round 34b (test108, test113, test115): "If I were to cite ..., which number would I
    write?" and 假设我要引用…该写多少 ask for the value, not the citation; 1920 年给出的 is a
    publication's year; a name given twice ("又称", "也叫下截断", "in other words") and
    doubts about a name ("whatever the proper word is", 叫什么都行) name nothing else; "the
    test that the exponent is 0.75" is a test; 什么 stays 什么 (OpenCC's tw2sp wrote 什幺).
    "Court clerk here, the blackouts tail:" keeps its topic (guard). Ungraded questions."""
    _answered(
        entries,
        {
            "If I were to cite the x_min of the blackouts fit, which number would I write?": (
                "clauset2009/blackouts",
                "attr:xmin",
            ),
            "假设我要引用 smatr 发表的 SMA slope，该写多少？": (
                "allometry/smatr_leaflife",
                "published:pub.sma.slope",
            ),
            "假如我引用 Pearl 和 Reed 1920 年给出的 r，该写几？": (
                "growth/us_census_1790_2000",
                "published:pub_mem.pearl_reed_1920.r",
            ),
            "GGM 的 p，又称减速因子，是多少？": ("epidemics/sarscov2_who_2020", "param:p"),
            "followers.txt 的 x_min，也叫下截断点，是多少？": ("followers.txt", "attr:xmin"),
            "Court clerk here, the blackouts tail: x_min, in other words where it begins?": (
                "clauset2009/blackouts",
                "attr:xmin",
            ),
            "The quakes exponent (alpha, slope, whatever the proper word is)?": (
                "clauset2009/quakes",
                "param:alpha",
            ),
            "集成预测 h2 的误差，标准误还是什么，叫什么都行？": (
                "epidemics/sarscov2_who_2020 (2)",
                "stderr:h2",
            ),
            "p-value of the test that the metabolism.csv exponent is 0.75?": (
                "metabolism.csv",
                "test:0.75",
            ),
        },
    )


def test_phone_slips_times_and_tags_round_34(entries: list[BundleEntry]) -> None:
    """Round 34b (test112-115): a result's file name with a slip ("metabolsim.csv",
    "myruns.csv") is that file, but one with a digit added is another ("my_runs_3.csv":
    guard); two letters swapped ("qauke"), "prob", a homophone beside a function word
    (停点影响) and "Sent from my phone" are read as meant; a time of day ("the 4:30 call on
    Friday the 12th", 周五中午12点前) is no input; the reply's form after the question ("One
    word, please.") asks nothing; a role after a topic tag ("[followers.txt] Parking
    warden:") names nothing; a dropout and a birth rate are not in these results; a
    wildfire analyst may ask about the data (guard). Ungraded questions."""
    _answered(
        entries,
        {
            "metabolsim.csv b?": ("metabolism.csv", "param:b"),
            "myruns.csv alpha? Sent from my phone": ("my_runs.csv", "param:alpha"),
            "prob of a qauke intensity of 50 or more?": ("clauset2009/quakes", "predict:50"),
            "停点影响用户数的 alpha？": ("clauset2009/blackouts", "param:alpha"),
            "Valet, before the 4:30 call on Friday the 12th: probability of a terrorist attack "
            "with 100 deaths or more?": ("clauset2009/terrorism", "predict:100"),
            "管家，周五中午12点前：metabolism.csv 的 a 95% 区间？": (
                "metabolism.csv",
                "interval:a",
            ),
            "Coxswain here between two races: what x_min did the quakes fit choose? One word, "
            "please.": ("clauset2009/quakes", "attr:xmin"),
            "[followers.txt] Parking warden: alpha?": ("followers.txt", "param:alpha"),
            "Wildfire analyst here: the blackouts alpha?": ("clauset2009/blackouts", "param:alpha"),
        },
    )
    _abstained(
        entries,
        (
            "my_runs_3.csv alpha?",
            "The best dropout for the Chinchilla fit?",
            "The birth rate the census logistic implies?",
        ),
    )


def test_guesses_dictation_reasons_and_titles_round_34(entries: list[BundleEntry]) -> None:
    """Round 34c (test116-123, in-sample): numbers offered as guesses before the exact value
    ("(a) 1% (b) 3% (c) 8%, or the exact figure?", A. 2万到3万 B. …，还是都不对？) are no
    inputs; symbols said aloud ("alfa", "are squared", "standard error of bee", 艾克斯敏,
    贝塔, my_runs点csv) are the symbols; a reason after the question ("..., because the
    census r interval was narrow", 因为…) names no result (耀斑…因为地震的是 0.79 was
    answered before too: guard); "when you get a chance" asks no probability; a paper's
    title quoted ("Modern Applied Statistics with S", 《经验数据中的幂律分布》) names no
    quantity and no other text, while a book in 《》 does (《红楼梦》: guard) and a quoted
    question is no title (guard); "to print on a
    poster" is the user's, not a publication; Ljung-Box and Cramér-von Mises tests were not
    run. Ungraded questions."""
    _answered(
        entries,
        {
            "Chance of a blackout of 2,000 thousand customers or more - (a) 1% (b) 3% (c) 8%, "
            "or the exact figure?": ("clauset2009/blackouts", "predict:2000"),
            "集成预测 h2 的 95% 区间，A. 2万到3万 B. 3万到5万 C. 1万到2万，还是都不对？": (
                "epidemics/sarscov2_who_2020 (2)",
                "interval:h2",
            ),
            "cities tail alfa standard error": ("clauset2009/cities", "stderr:alpha"),
            "metabolism csv fit are squared": ("metabolism.csv", "attr:r_squared"),
            "metro gdp fit standard error of bee": ("urban/usa_msa_gdp_2013", "stderr:b"),
            "地震 尾部 艾克斯敏 是多少": ("clauset2009/quakes", "attr:xmin"),
            "my_runs点csv 贝塔 是多少": ("my_runs.csv", "param:beta"),
            "95% CI of the GGM p, because the census r interval was narrow.": (
                "epidemics/sarscov2_who_2020",
                "interval:p",
            ),
            "耀斑的 x_min，因为地震的是 0.79。": ("clauset2009/flares", "attr:xmin"),
            "When you get a chance, the LR statistic of the blackouts vs a lognormal.": (
                "clauset2009/blackouts",
                "lr:lognormal",
            ),
            'Venables and Ripley\'s "Modern Applied Statistics with S" gives ln_a for '
            "MASS::mammals; as published?": ("allometry/mammals_brain_body", "published:pub.ln_a"),
            "《经验数据中的幂律分布》发表的城市人口 alpha？": (
                "clauset2009/cities",
                "published:alpha",
            ),
            'My boss asked: "What is the x_min of the quakes?" What do I tell her?': (
                "clauset2009/quakes",
                "attr:xmin",
            ),
            "Standard error of the cities alpha, to print on a poster.": (
                "clauset2009/cities",
                "stderr:alpha",
            ),
        },
    )
    _abstained(
        entries,
        (
            "《红楼梦》的词频 alpha？",
            "ljung-box p of the GGM residuals?",
            "Cramér-von Mises statistic of the flares tail?",
        ),
    )


def test_observed_counts_and_other_names_of_the_data_round_35(
    entries: list[BundleEntry],
) -> None:
    """Round 35a (test114-123): the count WHO observed (WHO's observed count, 实测累计数) is
    the value observed, not the ensemble's forecast for that day; a blended forecast (融合预测) is
    the ensemble's; power cuts are the blackouts, 太阳爆发 the solar flares. Guards (right
    before too): "Blended forecast: its median", the number of observations (观测值) is
    still the sample size, the ensemble's median still its forecast. Ungraded questions."""
    _answered(
        entries,
        {
            "The WHO-observed cumulative total for 12 February 2020 in the ensemble results?": (
                "epidemics/sarscov2_who_2020 (2)",
                "observed:2020-02-12",
            ),
            "世卫2020年2月12日的实测累计数是多少？": (
                "epidemics/sarscov2_who_2020 (2)",
                "observed:2020-02-12",
            ),
            "Blended forecast: its median for 10 February 2020?": (
                "epidemics/sarscov2_who_2020 (2)",
                "ensemble:2020-02-10",
            ),
            "融合预测在2020年2月10日的中位数？": (
                "epidemics/sarscov2_who_2020 (2)",
                "ensemble:2020-02-10",
            ),
            "What x_min did the fit pick for the power cuts?": (
                "clauset2009/blackouts",
                "param:xmin",
            ),
            "太阳爆发数据的 x_min？": ("clauset2009/flares", "param:xmin"),
            "白鲸记一共有多少个观测值？": ("clauset2009/words", "attr:n"),
            "Ensemble median for 10 February 2020?": (
                "epidemics/sarscov2_who_2020 (2)",
                "ensemble:2020-02-10",
            ),
        },
    )


def test_a_probability_only_another_linked_result_holds_round_35(
    entries: list[BundleEntry],
) -> None:
    """Round 35a (test116, test117, test119): "人口 1000 千人以上城市的概率" names no data set
    by a phrase of its own; 人口 and 城市 are words of the metro areas' GDP (linked best)
    and of the cities' tail, and only the tail holds a probability. Guard: a probability
    of the metro areas, named by their own phrase, is still not in these results.
    Ungraded questions."""
    _answered(
        entries,
        {
            "按拟合，人口 500 千人以上城市占多大概率？": ("clauset2009/cities", "predict:500"),
            "拟合给出的人口在 2000 千人以上的城市概率是多少？": (
                "clauset2009/cities",
                "predict:2000",
            ),
        },
    )
    _abstained(entries, ("都市区 GDP 超过 100 万的概率？",))


def test_a_chance_judged_by_a_p_value_and_units_of_a_number_round_35(
    entries: list[BundleEntry],
) -> None:
    """Round 35a (test116, test120): "how likely ..., judging by the exponent test's
    p-value" asks for that p-value (the basis of the chance is what is asked; "judging"
    and "going" name nothing); "a flare of 5000 intensity units or more" says the
    number's units, it does not ask for them; a tag asking whether the answer is known
    (，你清楚吗？) closes the question. Guards (right before too): "going by the fit"
    still asks the probability; "，晓得不？" after a standard error. Ungraded questions."""
    _answered(
        entries,
        {
            "What's the chance the cities' tail really is a power law, judging by the "
            "goodness-of-fit p-value?": ("clauset2009/cities", "gof"),
            "Probability of a flare of 5000 intensity units or more?": (
                "clauset2009/flares",
                "predict:5000",
            ),
            "What's the chance of a quake of intensity 50 or more, going by the fit?": (
                "clauset2009/quakes",
                "predict:50",
            ),
            "GGM 对 2020年2月8日预测的 95% 区间，你清楚吗？": (
                "epidemics/sarscov2_who_2020",
                "forecast_interval:2020-02-08",
            ),
            "白鲸记 alpha 的标准误，晓得不？": ("clauset2009/words", "stderr:alpha"),
        },
    )


def test_a_quoted_group_after_a_possessive_round_35(entries: list[BundleEntry]) -> None:
    """Round 35a (test116, test123): the apostrophe of "Leitão et al.'s" opens no quote, so
    "'persons'" after it names Leitão et al.'s persons group. Ungraded questions."""
    _answered(
        entries,
        {
            "Leitão and colleagues' published beta for the 'persons' version?": (
                "urban/usa_msa_gdp_2013",
                "published:pub.persons.beta",
            ),
            "Leitão et al.'s 'persons' beta as published, please.": (
                "urban/usa_msa_gdp_2013",
                "published:pub.persons.beta",
            ),
        },
    )


def test_the_tool_addressed_by_name_and_chat_abbreviations_round_35(
    entries: list[BundleEntry],
) -> None:
    """Round 35b (test125, test129, test130): the name the tool is addressed by ("Hey
    there, Quantbot,", "Good morning, Dr. Numbers.", 喂，小算盘，) names no data; chat
    abbreviations (IIRC, AFAIK, FWIW, b4) and self-deprecating lead-ins ("Dumb question,
    but", 问个小白问题，: its 问题 no fit's problem) ask nothing. Guards (right before too):
    a greeting before a data set's name keeps the name ("Hi, Chinchilla: E?"); 喂，小算盘，;
    "Dumb question, but". Ungraded questions."""
    _answered(
        entries,
        {
            "Hey there, Quantbot, the x_min of the blackouts fit?": (
                "clauset2009/blackouts",
                "param:xmin",
            ),
            "Good morning, Dr. Numbers. What's the R² of the mammals brain-body fit?": (
                "allometry/mammals_brain_body",
                "attr:r_squared",
            ),
            "喂，小算盘，地震的 alpha 是多少？": ("clauset2009/quakes", "param:alpha"),
            "FWIW, IIRC the flares were fitted too: their x_min?": (
                "clauset2009/flares",
                "param:xmin",
            ),
            "Dumb question, but the standard error of K in the census fit?": (
                "growth/us_census_1790_2000",
                "stderr:K",
            ),
            "问个小白问题，恐袭数据 alpha 的标准误？": ("clauset2009/terrorism", "stderr:alpha"),
            "Hi, Chinchilla: E?": ("neural/epoch_chinchilla", "param:E"),
        },
    )


def test_numbers_written_the_continental_way_and_in_lakh_round_35(
    entries: list[BundleEntry],
) -> None:
    """Round 35b (test126, test130): a decimal comma ("3,5 kg", "0,5 公斤"), thousands
    grouped by dots ("2.000.000.000 params") or "10.000", lakh and crore (1e5, 1e7), and
    numbers in words said one after another ("two million five hundred thousand") are
    the numbers meant. Guard: English thousands ("1,500") stay as they were. Ungraded
    questions."""
    _answered(
        entries,
        {
            "Predicted brain mass in grams for a mammal of 3,5 kg?": (
                "allometry/mammals_brain_body",
                "predict:3.5",
            ),
            "metabolism.csv 预测体重 0,5 公斤的代谢率是多少瓦？": ("metabolism.csv", "predict:0.5"),
            "Chinchilla loss predicted for 2.000.000.000 params and 40.000.000.000 tokens?": (
                "neural/epoch_chinchilla",
                "predict:2e9:4e10",
            ),
            "Predicted GDP of a metro area of 25 lakh persons?": (
                "urban/usa_msa_gdp_2013",
                "predict:2500000",
            ),
            "GDP the metro fit predicts for two million five hundred thousand persons?": (
                "urban/usa_msa_gdp_2013",
                "predict:2500000",
            ),
            "Predicted GDP of a metro area of 1,500,000 persons?": (
                "urban/usa_msa_gdp_2013",
                "predict:1500000",
            ),
        },
    )


def test_a_bare_follow_up_and_a_contrast_in_chinese_round_35(
    entries: list[BundleEntry],
) -> None:
    """Round 35b (test124, test127, test128, test131): "What is it?", 具体是多少？ after a
    sentence naming the value ask for that value (its "published" counts; a doubt
    between, "I doubt it.", is passed over); 不要 X，要 Y declines X with spaces around
    it; "err" is a standard error. Guards (right before too): "... an x_min for the flares.
    What is it?", "... r is 2.5. I doubt it. What does the fit say?". Ungraded questions."""
    _answered(
        entries,
        {
            "Clauset et al. published an x_min for the flares. What is it?": (
                "clauset2009/flares",
                "published:xmin",
            ),
            "Hoffmann 等人公布的 A 是不是大于400？具体是多少？": (
                "neural/epoch_chinchilla",
                "published:hoffmann2022.A",
            ),
            "A friend says the GGM's r is 2.5. I doubt it. What does the fit say?": (
                "epidemics/sarscov2_who_2020",
                "param:r",
            ),
            "Chinchilla 拟合，不要 A，要 B": ("neural/epoch_chinchilla", "param:B"),
            "Leitão et al.'s published err for gaussian_free_delta?": (
                "urban/usa_msa_gdp_2013",
                "published:pub.gaussian_free_delta.err",
            ),
        },
    )


def test_code_stories_thresholds_and_tests_not_run_round_35(
    entries: list[BundleEntry],
) -> None:
    """Round 35b (test124-test131): a method call (``地震.predict(50)``, its unit said in a
    comment, 单位千, not asked; ``metabolism.test_exponent(0.75).p_value``,
    ``GGM.forecast_interval('2020-02-09')``) reads as the value it returns; a year in a
    story before the asking sentence is no point to evaluate at; a number in words
    before "... or more" or after "at least" is a threshold; 百分之九十五 is 95%;
    Jarque-Bera and Durbin-Watson tests were not run. Guards (right before too):
    ``GGM.forecast_interval(...)``, the Durbin-Watson question. Ungraded questions."""
    _answered(
        entries,
        {
            "地震.predict(50)  # 单位千，P(X≥x) = ?": ("clauset2009/quakes", "predict:50"),
            "metabolism.test_exponent(0.75).p_value": ("metabolism.csv", "test:0.75"),
            "GGM.forecast_interval('2020-02-09')": (
                "epidemics/sarscov2_who_2020",
                "forecast_interval:2020-02-09",
            ),
            "I read about the 1990s terror attacks for a class. How many attacks are in the "
            "tail?": ("clauset2009/terrorism", "attr:n_tail"),
            "From followers.txt, the chance of twelve followers or more?": (
                "followers.txt",
                "predict:12",
            ),
            "Blackouts: the probability of at least eight hundred, in the data's units?": (
                "clauset2009/blackouts",
                "predict:800",
            ),
            "GGM 在2020年2月9日的预测区间（百分之九十五）？": (
                "epidemics/sarscov2_who_2020",
                "forecast_interval:2020-02-09",
            ),
        },
    )
    _abstained(
        entries,
        (
            "Jarque-Bera p-value of the metro GDP residuals?",
            "Durbin-Watson statistic of the leaf lifespan fit?",
        ),
    )


def test_relative_and_misspelt_dates_and_financial_numerals_round_35(
    entries: list[BundleEntry],
) -> None:
    """Round 35c (test132, in-sample): a date said from another with a misspelt month
    ("two days after 6 Febuary 2020"), in hours ("72 hours after 7 February 2020"), "the
    day following", "the eve of", 的次日, after a date in brackets; financial numerals
    (贰佰万, 贰零贰零年贰月柒日) and misspelt number words ("three thousnd", "fourty") are
    the numbers meant. Ungraded questions."""
    _answered(
        entries,
        {
            "GGM forecast for two days after 6 Febuary 2020?": (
                "epidemics/sarscov2_who_2020",
                "forecast:2020-02-08",
            ),
            "GGM forecast for 72 hours after 7 February 2020?": (
                "epidemics/sarscov2_who_2020",
                "forecast:2020-02-10",
            ),
            "Ensemble median for the day following 8 Feb 2020?": (
                "epidemics/sarscov2_who_2020 (2)",
                "ensemble:2020-02-09",
            ),
            "GGM forecast on the eve of 10 February 2020?": (
                "epidemics/sarscov2_who_2020",
                "forecast:2020-02-09",
            ),
            "GGM 对 2020年2月7日的次日的预测？": (
                "epidemics/sarscov2_who_2020",
                "forecast:2020-02-08",
            ),
            "GGM 对贰零贰零年贰月柒日的预测是多少？": (
                "epidemics/sarscov2_who_2020",
                "forecast:2020-02-07",
            ),
            "人口叁佰万的都市区，预测 GDP 是多少？": ("urban/usa_msa_gdp_2013", "predict:3000000"),
            "Predicted GDP of a metro area of three milion persons?": (
                "urban/usa_msa_gdp_2013",
                "predict:3000000",
            ),
            "Probability that an attack kills fourty or more people?": (
                "clauset2009/terrorism",
                "predict:40",
            ),
        },
    )


def test_forms_paths_and_short_forms_round_35(entries: list[BundleEntry]) -> None:
    """Round 35c (test135, test137, test138, in-sample): a question filled in as a form
    ("Dataset: ... | Quantity: ... | Format: ...", 数据集：…；量：…；格式：…); the folders of
    a pasted path name nothing, and a file named by a data set's own words
    ("terror_deaths_1968_2006.txt", a web address's "cities2000.txt") is that data;
    标误, "test stat.". Guards (right before too): 数据集：停电；…; another file of the user
    ("my_runs_final.csv") and a file of other data ("kelp_yields_2025.csv") stay not
    fitted. Ungraded questions."""
    _answered(
        entries,
        {
            "Dataset: solar flares | Quantity: x_min | Format: number": (
                "clauset2009/flares",
                "param:xmin",
            ),
            "数据集：停电；量：alpha 的标准误；格式：数字": (
                "clauset2009/blackouts",
                "stderr:alpha",
            ),
            "File: metabolism.csv | Input: body mass 20 kg | Quantity: predicted metabolic "
            "rate | Units: W": ("metabolism.csv", "predict:20"),
            "Loaded C:\\Users\\me\\Downloads\\terror_deaths_1968_2006.txt: its x_min?": (
                "clauset2009/terrorism",
                "param:xmin",
            ),
            "From https://example.org/data/cities2000.txt: alpha of the tail?": (
                "clauset2009/cities",
                "param:alpha",
            ),
            "~/Downloads/metabolism.csv: the exponent b?": ("metabolism.csv", "param:b"),
            "地震拟合 alpha 的标误？": ("clauset2009/quakes", "stderr:alpha"),
            "metabolism.csv, test stat. for b = 0.7?": ("metabolism.csv", "test_statistic:0.7"),
        },
    )
    _abstained(
        entries,
        ("my_runs_final.csv: E?", "What alpha did ./farm/kelp_yields_2025.csv give?"),
    )


def test_a_result_taken_back_for_another_round_36(entries: list[BundleEntry]) -> None:
    """Round 36 (test139, in-sample): a result named and taken back for another ("the
    quakes, no, the flares", 城市，不对，是地震, "the GGM, no, the ensemble") is not asked
    about; a file's dot ("metabolism.csv, sorry, ...") ends no clause. Guards (right before
    too): "The quakes, no, the flares: x_min?", a file taken back for a file; taken back
    with nothing named after it, a result still names what is asked (叶寿命拟合的截距，不对，
    是指数b); a quantity taken back keeps its alternative; a dismissal ("never mind that")
    keeps the result "its" points to. Ungraded questions."""
    _answered(
        entries,
        {
            "The quakes, no, the flares: x_min?": ("clauset2009/flares", "param:xmin"),
            "Cashier: the census, sorry, the GGM - standard error of r?": (
                "epidemics/sarscov2_who_2020",
                "stderr:r",
            ),
            "The GGM, no, the ensemble: median on 9 Feb 2020?": (
                "epidemics/sarscov2_who_2020 (2)",
                "ensemble:2020-02-09",
            ),
            "城市，不对，是地震：alpha 是多少？": ("clauset2009/quakes", "param:alpha"),
            "followers.txt……不对，是 metabolism.csv：指数 b？": ("metabolism.csv", "param:b"),
            "Baker: the metabolism.csv, sorry, the leaflife fit - R²?": (
                "allometry/smatr_leaflife",
                "attr:r_squared",
            ),
            "叶寿命拟合的截距，不对，是指数b": ("allometry/smatr_leaflife", "param:b"),
            "地震数据幂律对比指数分布的p值——我是说似然比统计量。": (
                "clauset2009/quakes",
                "lr:exponential",
            ),
            "Solar flares: the support verdict? And never mind that; what's its LR statistic "
            "against the truncated power law?": ("clauset2009/flares", "lr:truncated_power_law"),
        },
    )


def test_phrases_stop_at_a_clause_and_when_a_fit_was_made_round_36(
    entries: list[BundleEntry],
) -> None:
    """Round 36 (test139, test142, in-sample): a phrase runs across no colon or dash ("the
    mammals fit - test b = 0.75" holds no "fit test", a goodness of fit); when the asker
    made a result names nothing ("the blackouts fit I ran yesterday", 昨天跑的, 今早的).
    Guards (right before too): 昨天跑的城市拟合; "goodness-of-fit p", "the fit test p-value"
    still the goodness of fit. Ungraded questions."""
    _answered(
        entries,
        {
            "The mammals fit - test b = 0.75: p-value?": (
                "allometry/mammals_brain_body",
                "test:0.75",
            ),
            "metro GDP fit: test b = 1.1, p?": ("urban/usa_msa_gdp_2013", "test:1.1"),
            "The blackouts fit I ran yesterday - alpha?": ("clauset2009/blackouts", "param:alpha"),
            "The words fit I ran this morning - x_min?": ("clauset2009/words", "param:xmin"),
            "昨天跑的城市拟合，alpha 是多少？": ("clauset2009/cities", "param:alpha"),
            "今早的集成预测，2020年2月9日的中位数？": (
                "epidemics/sarscov2_who_2020 (2)",
                "ensemble:2020-02-09",
            ),
            "Goodness-of-fit p of the flares tail?": ("clauset2009/flares", "gof"),
            "The fit test p-value of the blackouts?": ("clauset2009/blackouts", "gof"),
        },
    )


def test_a_comparison_stated_before_the_question_round_36(entries: list[BundleEntry]) -> None:
    """Round 36 (test147): a comparison of two results stated before a dash and a question
    word ("Metro GDP scales more steeply than leaf lifespan does - what's the metro fit's
    R²?") is told, not asked: the result the question names again is asked. Guards (right
    before too): the result asked named again with its quantity; "better than ...? Give
    the p." still asks the comparison. Ungraded questions."""
    _answered(
        entries,
        {
            "Metro GDP scales more steeply than leaf lifespan does - what's the metro fit's R²?": (
                "urban/usa_msa_gdp_2013",
                "attr:r_squared",
            ),
            "The flares' tail is surely heavier than the blackouts' - what is the flares' x_min?": (
                "clauset2009/flares",
                "param:xmin",
            ),
            "Is the Moby Dick power law better than a lognormal? Give the p of that comparison.": (
                "clauset2009/words",
                "compare:lognormal",
            ),
        },
    )


def test_an_exponent_named_by_its_input_round_36(entries: list[BundleEntry]) -> None:
    """Round 36 (test138, in-sample): "the exponent on D", "N's exponent", D 的指数 name a
    neural law's exponent by its input (Hoffmann et al. 2022: L = E + A/N^alpha +
    B/D^beta), not a symbol D or N these results lack. Guards (right before too): "the
    data exponent", "exponent on tokens". Ungraded questions."""
    _answered(
        entries,
        {
            "Chinchilla: the exponent on N?": ("neural/epoch_chinchilla", "param:alpha"),
            "my_runs.csv: D's exponent?": ("my_runs.csv", "param:beta"),
            "Chinchilla 拟合里 N 的指数，95%区间？": ("neural/epoch_chinchilla", "interval:alpha"),
            "The exponent of D in my_runs.csv, standard error?": ("my_runs.csv", "stderr:beta"),
            "Chinchilla: the data exponent?": ("neural/epoch_chinchilla", "param:beta"),
            "my_runs.csv: the exponent on tokens?": ("my_runs.csv", "param:beta"),
        },
    )


def test_an_exercise_a_role_prompt_and_a_quoted_claim_round_36(
    entries: list[BundleEntry],
) -> None:
    """Round 36 (test143, test144): "Let b be .... Find b.", "given the fit, find ..." ask
    the reader to find our value, not what a paper found; a role the tool is prompted
    with (你是统计专家。, 假装你是我导师，) names nothing; a claim quoted after who says it
    (推特上说“…”) is told, not asked. Guards (right before too): 你是统计专家。 before the
    question with no label after it; "What alpha did Clauset et al. find for the cities?"
    is still the published value. Ungraded questions."""
    _answered(
        entries,
        {
            "Let b be the metro GDP exponent. Find b.": ("urban/usa_msa_gdp_2013", "param:b"),
            "Given the quakes fit, find the x_min.": ("clauset2009/quakes", "param:xmin"),
            "Let K be the census logistic's capacity; find its 95% interval.": (
                "growth/us_census_1790_2000",
                "interval:K",
            ),
            "你是统计专家。地震的 x_min 是多少？": ("clauset2009/quakes", "param:xmin"),
            "假装你是我导师。木匠：城市尾部的 alpha？": ("clauset2009/cities", "param:alpha"),
            "微博上说“每个参数 20 个 token 最优”，Chinchilla 在 1e22 FLOPs 的 N_opt？": (
                "neural/epoch_chinchilla",
                "optimal:1e22:N_opt",
            ),
            "What alpha did Clauset et al. find for the cities?": (
                "clauset2009/cities",
                "published:alpha",
            ),
        },
    )


def test_days_named_by_iso_week_round_36(entries: list[BundleEntry]) -> None:
    """Round 36 (test145): a day named by its ISO 8601 week and weekday ("the Thursday of
    week 6, 2020", "2020-W07-3", 2020年第7周的周二) is that date; past the forecast it is
    said to be. Guard (right before too): the ensemble's median on a date. Ungraded
    questions."""
    _answered(
        entries,
        {
            "GGM forecast for the Thursday of week 6, 2020?": (
                "epidemics/sarscov2_who_2020",
                "forecast:2020-02-06",
            ),
            "Ensemble median on Sunday of ISO week 6 in 2020?": (
                "epidemics/sarscov2_who_2020 (2)",
                "ensemble:2020-02-09",
            ),
            "2020年第7周的周二，GGM 的预测？": (
                "epidemics/sarscov2_who_2020",
                "forecast:2020-02-11",
            ),
            "GGM forecast interval for 2020-W07-3?": (
                "epidemics/sarscov2_who_2020",
                "forecast_interval:2020-02-12",
            ),
            "Ensemble median on 9 February 2020?": (
                "epidemics/sarscov2_who_2020 (2)",
                "ensemble:2020-02-09",
            ),
        },
    )
    _abstained(entries, ("2020年第9周的周一集成预测中位数",))


def test_rounding_impatience_tables_and_observed_counts_round_36(
    entries: list[BundleEntry],
) -> None:
    """Round 36 (test140, test141, test146, test147): how to round the value (取整,
    保留到小数点后两位), an impatient lead-in (说了多少遍了，, 磨蹭什么呢，, 急！), where a value
    stands in a table ("the A row of the parameter table", 系数表里 b 那一行) and WHO's count
    observed (观测病例数, 和集成预测一起存的) name nothing else; "horizon h3" is a step, "16
    daily points" the data's points. Guards (right before too): 保留到小数点后两位 after a
    quantity; the number of observations (观测值) is the sample size; "S&P 500 daily
    losses" are still not in these results. Ungraded questions."""
    _answered(
        entries,
        {
            "地震的 x_min，保留到小数点后两位。": ("clauset2009/quakes", "param:xmin"),
            "城市数据一共多少个城市，取整。": ("clauset2009/cities", "attr:n"),
            "集成预测，2020年2月9日中位数，取整。": (
                "epidemics/sarscov2_who_2020 (2)",
                "ensemble:2020-02-09",
            ),
            "说了多少遍了，木匠：集成预测 h2 的标准误？": (
                "epidemics/sarscov2_who_2020 (2)",
                "stderr:h2",
            ),
            "磨蹭什么呢，集成预测 h3 的标准误？": ("epidemics/sarscov2_who_2020 (2)", "stderr:h3"),
            "In the Chinchilla fit's parameter table, the A row?": (
                "neural/epoch_chinchilla",
                "param:A",
            ),
            "metabolism.csv 系数表里 b 那一行的标准误？": ("metabolism.csv", "stderr:b"),
            "集成预测里 WHO 2020年2月12日的观测确诊数？": (
                "epidemics/sarscov2_who_2020 (2)",
                "observed:2020-02-12",
            ),
            "Ensemble forecast: 95% interval at horizon h3?": (
                "epidemics/sarscov2_who_2020 (2)",
                "interval:h3",
            ),
            "How many daily points did the GGM fit use?": ("epidemics/sarscov2_who_2020", "attr:n"),
            "GGM 拟合用了多少个观测值？": ("epidemics/sarscov2_who_2020", "attr:n"),
        },
    )
    _abstained(entries, ("What is the alpha of S&P 500 daily losses?",))


def test_pounds_jin_dozens_and_fractions_of_a_scale_round_36(
    entries: list[BundleEntry],
) -> None:
    """Round 36 (test141): a mass in pounds (453.59237 g) or 斤 (500 g), "a dozen", "two
    dozen", "half a million", "a quarter of a million", "half a billion", and FLOPs with an
    SI prefix ("2 zettaFLOPs" = 2e21) are the numbers they say. Guards (right before too):
    kilograms, "one million". Ungraded questions."""
    _answered(
        entries,
        {
            "Predicted brain mass for a 100-pound mammal?": (
                "allometry/mammals_brain_body",
                "predict:45.359237",
            ),
            "一头两百斤的哺乳动物，按拟合脑重多少克？": (
                "allometry/mammals_brain_body",
                "predict:100",
            ),
            "By the terrorism tail, the chance of two dozen deaths or more?": (
                "clauset2009/terrorism",
                "predict:24",
            ),
            "What GDP does the MSA fit give for half a million people?": (
                "urban/usa_msa_gdp_2013",
                "predict:500000",
            ),
            "MSA fit: GDP for a quarter of a million residents?": (
                "urban/usa_msa_gdp_2013",
                "predict:250000",
            ),
            "my_runs.csv: predicted loss for half a billion params on 10 billion tokens?": (
                "my_runs.csv",
                "predict:5e8:1e10",
            ),
            "Chinchilla: compute-optimal N_opt at 2 zettaFLOPs?": (
                "neural/epoch_chinchilla",
                "optimal:2e21:N_opt",
            ),
            "Predicted brain mass for a 45 kg mammal?": (
                "allometry/mammals_brain_body",
                "predict:45",
            ),
            "What GDP does the MSA fit give for one million people?": (
                "urban/usa_msa_gdp_2013",
                "predict:1000000",
            ),
        },
    )


def test_title_case_a_predicted_rate_and_a_role_before_a_bare_question_round_36(
    entries: list[BundleEntry],
) -> None:
    """Round 36 (test147, test143, test145): a question in Title Case ("What Is The Chance
    Of ... 50 Or More Deaths") is read in lower case; "predicted rate" is a prediction (the
    metabolic rate), not a growth rate; a role before a colon (木匠：) says who asks even when
    the question after it names no result by a phrase of its own. Guards (right before
    too): "What Is The Metro GDP Exponent?", "Carpenter: what r did Pearl and Reed
    publish?". Ungraded questions."""
    _answered(
        entries,
        {
            "What Is The Chance Of A Terrorist Attack With 50 Or More Deaths, By The Fit?": (
                "clauset2009/terrorism",
                "predict:50",
            ),
            "metabolism.csv: predicted rate at 30 kg?": ("metabolism.csv", "predict:30"),
            "木匠：Pearl 和 Reed 发表的 r 是多少？": (
                "growth/us_census_1790_2000",
                "published:pub_mem.pearl_reed_1920.r",
            ),
            "What Is The Metro GDP Exponent?": ("urban/usa_msa_gdp_2013", "param:b"),
            "Carpenter: what r did Pearl and Reed publish?": (
                "growth/us_census_1790_2000",
                "published:pub_mem.pearl_reed_1920.r",
            ),
        },
    )


def test_provinces_of_china_are_places_round_36(entries: list[BundleEntry]) -> None:
    """Round 36 (test141): a province of mainland China (四川, 广东, 云南; places.toml from
    scripts/make_places.py's list, within China) is another place than the data's, so
    "四川地震" is not the California quakes. Guard (right before too): 加州地震 is theirs.
    Ungraded questions."""
    _abstained(
        entries,
        ("四川地震的幂律指数是多少？", "广东城市人口的幂律 alpha？", "云南停电规模的 alpha？"),
    )
    _answered(entries, {"加州地震的 x_min？": ("clauset2009/quakes", "param:xmin")})
