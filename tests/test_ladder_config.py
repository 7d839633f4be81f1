"""Ladder configs (scalinglaws.lm.ladder.config) and the run plan they expand to."""

from __future__ import annotations

from pathlib import Path

import pytest

from scalinglaws.errors import InvalidOptionError
from scalinglaws.lm import GPTConfig
from scalinglaws.lm.ladder import DEMO_CONFIG, Budget, LadderConfig
from scalinglaws.lm.ladder.plan import plan_ladder, plan_target

EXAMPLE = """
name = "example"
seeds = [0, 1]
budgets = ["20x", 100_000]
sizes = ["s1", { name = "tiny", n_layer = 1, n_head = 2, d_model = 16 }]

[model]
context = 64

[train]
batch_size = 4
threads = 1

[target]
size = { name = "big", preset = "s2" }
budget = "10x"
"""


def write(tmp_path: Path, text: str, name: str = "ladder.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_example_parses(tmp_path: Path) -> None:
    config = LadderConfig.from_toml(write(tmp_path, EXAMPLE))
    assert config.name == "example"
    assert config.seeds == (0, 1)
    assert [s.name for s in config.sizes] == ["s1", "tiny"]
    assert config.sizes[0].model == GPTConfig.preset("s1", context=64)  # [model] applies
    assert config.sizes[1].model.context == 64
    assert config.budgets == (Budget(20.0, per_param=True), Budget(100_000.0, per_param=False))
    assert config.target is not None
    assert config.target.size.model == GPTConfig.preset("s2", context=64)
    assert config.target.tokens == round(10 * config.target.size.n_params)
    assert config.target.seeds == (0,)  # the ladder's first seed by default
    assert config.train == {"batch_size": 4, "threads": 1}


def test_budget_forms() -> None:
    assert Budget.parse("20x").tokens(1000) == 20_000
    assert Budget.parse(" 2.5x ").tokens(1000) == 2500
    assert Budget.parse(5e5).tokens(123) == 500_000
    assert Budget.parse("20x").label == "20x"
    for bad in ("20", "x", "-3x", 0, 1.5, True, "0x"):
        with pytest.raises(InvalidOptionError, match="budget"):
            Budget.parse(bad)


def test_toml_round_trip(tmp_path: Path) -> None:
    config = LadderConfig.from_toml(write(tmp_path, EXAMPLE))
    again = LadderConfig.from_toml(write(tmp_path, config.to_toml(), "again.toml"))
    assert again.to_dict() == config.to_dict()
    assert plan_ladder(again) == plan_ladder(config)


@pytest.mark.parametrize(
    ("old", "new", "where", "key"),
    [
        ("seeds = [0, 1]", "seeds = [0, 1]\nsedes = [1]", "top level", "sedes"),
        ("[train]", "[train]\nlearning_rate = 0.1", "[train]", "learning_rate"),
        ("[model]", "[model]\nlayers = 2", "[model]", "layers"),
        ("[target]", "[target]\ntokens = 5", "[target]", "tokens"),
    ],
)
def test_unknown_key_names_file_key_and_valid_keys(
    tmp_path: Path, old: str, new: str, where: str, key: str
) -> None:
    path = write(tmp_path, EXAMPLE.replace(old, new, 1))
    with pytest.raises(InvalidOptionError) as info:
        LadderConfig.from_toml(path)
    message = str(info.value)
    assert message.startswith(f"{path}: {where}: unknown key {key!r}; valid keys are: ")


def test_unknown_size_key_lists_model_fields(tmp_path: Path) -> None:
    text = EXAMPLE.replace("d_model = 16 }", "d_model = 16, width = 3 }")
    with pytest.raises(InvalidOptionError, match=r"sizes\[1\].*'width'.*n_layer, n_head, d_model"):
        LadderConfig.from_toml(write(tmp_path, text))


@pytest.mark.parametrize(
    ("old", "new", "match"),
    [
        ('budgets = ["20x", 100_000]', 'budgets = ["20"]', r"budgets\[0\].*tokens per parameter"),
        ('budgets = ["20x", 100_000]', "budgets = []", "non-empty list"),
        ('budgets = ["20x", 100_000]', 'budgets = ["20x", "20x"]', "distinct"),
        ("seeds = [0, 1]", "seeds = [-1]", "non-negative integers"),
        ('"s1", {', '"s9", {', r"sizes\[0\].*preset='s9'.*s1, s2"),
        ("d_model = 16 }", "d_model = 15 }", r"sizes\[1\].*not divisible"),
        (", d_model = 16 }", " }", r"sizes\[1\].*needs n_layer, n_head and d_model"),
        ('name = "tiny"', 'name = "s1"', "size names must be distinct"),
        ("batch_size = 4", "batch_size = 0", r"\[train\].*batch_size"),
        ('budget = "10x"', "", r"\[target\].*needs a 'budget'"),
    ],
)
def test_bad_values_raise_clear_errors(tmp_path: Path, old: str, new: str, match: str) -> None:
    assert old in EXAMPLE
    with pytest.raises(InvalidOptionError, match=match):
        LadderConfig.from_toml(write(tmp_path, EXAMPLE.replace(old, new, 1)))


def test_missing_file_and_bad_toml(tmp_path: Path) -> None:
    with pytest.raises(InvalidOptionError, match="does not exist"):
        LadderConfig.from_toml(tmp_path / "nope.toml")
    with pytest.raises(InvalidOptionError, match="not valid TOML"):
        LadderConfig.from_toml(write(tmp_path, "sizes = [\n"))
    with pytest.raises(InvalidOptionError, match="needs both 'sizes' and 'budgets'"):
        LadderConfig.from_toml(write(tmp_path, "seeds = [0]\n"))


def test_plan_ids_are_stable_and_fingerprints_track_settings(tmp_path: Path) -> None:
    config = LadderConfig.from_toml(write(tmp_path, EXAMPLE))
    plan = plan_ladder(config)
    assert len(plan) == 2 * 2 * 2
    assert len({r.run_id for r in plan}) == len(plan)
    assert "tiny-100000-seed1" in {r.run_id for r in plan}
    assert [r.flops for r in plan] == sorted(r.flops for r in plan)
    assert all(r.train["lr"] is not None for r in plan)  # resolved per size
    changed = LadderConfig.from_toml(
        write(tmp_path, EXAMPLE.replace("batch_size = 4", "batch_size = 8"), "b.toml")
    )
    before = {r.run_id: r.fingerprint for r in plan}
    after = {r.run_id: r.fingerprint for r in plan_ladder(changed)}
    assert before.keys() == after.keys()
    assert all(before[k] != after[k] for k in before)
    target = plan_target(config)
    assert [r.run_id for r in target] == ["target:big-10x-seed0"]


def test_demo_ladder_meets_the_brief() -> None:
    config = LadderConfig.from_toml(DEMO_CONFIG)
    sizes = sorted(s.n_params for s in config.sizes)
    assert len(sizes) >= 4
    assert sizes[-1] / sizes[0] >= 10
    assert len(config.budgets) >= 2
    assert config.wsd  # one run per (size, seed), the smaller budgets branched
    assert config.target is not None
    # issue 14 item 6: a target at least 3x the largest rung, at a budget the ladder
    # trains (the default protocol fits the law along the target's budget)
    assert max(s.n_params for s in config.target.sizes) / sizes[-1] >= 3
    assert config.target.budget.label in {b.label for b in config.budgets}
