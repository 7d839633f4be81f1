"""What each parameter of a fit is, and the values of a result's parameters.

:data:`PARAMS` names every parameter of each kind of fit in words, with the concepts
of the vocabulary that point at it (scalinglaws/ask/vocabulary.toml) and its symbols;
:func:`own_params` turns ``params``, ``stderr`` and ``conf_int()`` into values.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from scalinglaws.ask._value import Value, _finite, conf_table, interval_of, units_by_column

__all__ = ["COUNT", "FRONTIER", "OPTIMAL", "PARAMS", "count", "generic", "own_params"]

Concepts = dict[str, float]
#: What each parameter is, per kind of fit: (name, concepts, symbols).
PARAMS: dict[str, dict[str, tuple[str, Concepts, frozenset[str]]]] = {
    "tail": {
        "alpha": ("power-law exponent alpha", {"exponent": 1.5, "tail": 0.3}, frozenset({"alpha"})),
        "xmin": ("x_min, where the power-law tail starts", {"xmin": 1.5, "tail": 0.5}, frozenset()),
    },
    "relation": {
        "b": ("scaling exponent b", {"exponent": 1.5}, frozenset({"b", "beta"})),
        "a": ("prefactor a", {"prefactor": 1.5}, frozenset({"a"})),
        "c": ("offset c", {"offset": 1.5}, frozenset({"c"})),
        "b1": ("exponent b1", {"exponent": 1.5}, frozenset({"b1"})),
        "b2": ("exponent b2", {"exponent": 1.2}, frozenset({"b2"})),
        "x_break": ("break point x_break", {"breakpoint": 1.5}, frozenset()),
    },
    "growth": {
        "r": ("growth rate r", {"growth_rate": 1.5}, frozenset({"r"})),
        "p": ("deceleration of growth p", {"deceleration": 1.5}, frozenset({"p"})),
        "K": ("carrying capacity K", {"carrying_capacity": 1.5}, frozenset({"K"})),
        "tm": ("inflection time tm", {"inflection": 1.5}, frozenset({"tm"})),
        "C0": ("initial size C0", {"initial": 1.5}, frozenset({"C0"})),
        "a": ("shape a", {"shape": 1.5}, frozenset({"a"})),
    },
    "neural": {
        "E": ("irreducible loss E", {"irreducible": 2.0, "loss": 0.5}, frozenset({"E"})),
        "A": ("model-size coefficient A", {"prefactor": 1.0, "model_size": 0.5}, frozenset({"A"})),
        "B": ("data coefficient B", {"prefactor": 1.0, "data_size": 0.5}, frozenset({"B"})),
        "alpha": (
            "model-size exponent alpha",
            {"exponent": 1.0, "model_size": 1.0},
            frozenset({"alpha"}),
        ),
        "beta": ("data exponent beta", {"exponent": 1.0, "data_size": 1.0}, frozenset({"beta"})),
    },
}
FRONTIER = {
    "a": (
        "exponent a of the compute-optimal model size, N_opt ~ C^a",
        {"exponent": 1.0, "optimal": 1.0, "model_size": 0.6, "compute": 1.0},
    ),
    "b": (
        "exponent b of the compute-optimal training tokens, D_opt ~ C^b",
        {"exponent": 1.0, "optimal": 1.0, "data_size": 0.6, "compute": 1.0},
    ),
}
OPTIMAL = {
    "N_opt": (
        "compute-optimal model size N_opt",
        "parameters",
        {"optimal": 1.0, "model_size": 1.0, "compute": 0.5},
    ),
    "D_opt": (
        "compute-optimal training tokens D_opt",
        "tokens",
        {"optimal": 1.0, "data_size": 1.0, "compute": 0.5},
    ),
    "tokens_per_param": (
        "compute-optimal tokens per parameter",
        "tokens per parameter",
        {
            "tokens_per_param": 2.0,
            "optimal": 0.5,
            "compute": 0.3,
            "model_size": 0.3,
            "data_size": 0.3,
        },
    ),
    "loss": (
        "loss of the compute-optimal model",
        None,
        {"loss": 1.0, "optimal": 1.0, "compute": 0.5, "prediction": 0.5},
    ),
}
COUNT = {"count": 1.0, "sample": 1.0}


def own_params(label: str, result: Any, meta: Mapping[str, Any]) -> list[Value]:
    """Every parameter with its interval and standard error (kind "fitted")."""
    table = conf_table(result)
    names = PARAMS.get(result.kind, {})
    units = units_by_column(meta)
    stderr = dict(result.stderr)
    out = []
    for name, value in result.params.items():
        what, concepts, symbols = names.get(name, (f"parameter {name}", {}, frozenset({name})))
        unit = None
        if result.kind == "tail" and name == "xmin":
            unit = next(iter(units.values()), None)
        out.append(
            Value(
                source=label,
                key=f"param:{name}",
                name=what,
                value=_finite(value),
                kind="fitted",
                concepts=concepts,
                symbols=symbols,
                unit=unit,
                interval=interval_of(table, name),
                stderr=_finite(stderr.get(name)),
                fact=f"param:{name}",
            )
        )
    return out


def generic(
    label: str, result: Any, meta: Mapping[str, Any], extras: Mapping[str, Any]
) -> list[Value]:
    return own_params(label, result, meta)


def count(label: str, n: Any, what: str, fact: str) -> Value:
    symbols = frozenset({"n", "n_obs"})
    return Value(label, "n", what, _finite(n), "fitted", COUNT, symbols, fact=fact)
