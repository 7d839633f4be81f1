"""A question's numbers in the units of the data they are set against.

A user names an input in the units of the world ("a million customers", "a mammal of
one tonne", "a 500 g animal"); a fit was made in the units of its data file, which the
catalogue's ``units`` field states ("customers affected (x10^3)", "body: kg; brain: g").
:func:`in_data_units` converts the one into the other:

* a mass (g, kg, t, lb, 斤) into the data's mass unit of that column;
* a count of people or customers into a column of such counts recorded in thousands
  or millions ("customers affected (x10^3)", "millions of persons");
* a number said with a scale word and no unit word ("an intensity of 10 thousand",
  "10 000 thousand", 五万) into a column recorded in thousands or millions ("quake
  intensity 10^magnitude (x10^3)"): the scale word says it is in the world's units.

A number without a unit word or scale word, or one whose unit the column's units do not
name, is taken as given: the user wrote it in the data's units ("an intensity of 10",
"10（千）").
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from scalinglaws.ask._value import units_by_column
from scalinglaws.ask.numbers import Number

__all__ = ["NEURAL_UNITS", "in_data_units"]

#: The units of a neural law's inputs: never a size of a tail or a relation.
NEURAL_UNITS = frozenset({"params", "tokens", "flops"})

#: Grams per unit of mass (the avoirdupois pound, 453.59237 g; the Chinese 斤, 500 g).
MASS = {"g": 1.0, "kg": 1e3, "t": 1e6, "lb": 453.59237, "jin": 500.0}
#: What a column counted in people or customers says in its units.
COUNTS = {
    "persons": re.compile(r"person|people|population|inhabitant|resident", re.I),
    "customers": re.compile(r"customer|household", re.I),
}
_MASS_UNIT = re.compile(r"(?<![A-Za-z])(kg|g|tonnes?|t)(?![A-Za-z])", re.I)
_SCALE = [
    (re.compile(r"x\s?10\^(\d+)"), None),
    (re.compile(r"\bthousands? of\b", re.I), 1e3),
    (re.compile(r"\bmillions? of\b", re.I), 1e6),
]


#: A scale word of a number: "10 thousand", "2.5k", "3 million", "5M", 五万, 3千.
_SCALE_WORD = re.compile(r"(?i:thousand|million|billion|\d\s*[km]$)|[千万亿]")


def column_units(meta: Mapping[str, Any], column: str | None) -> str:
    """The catalogue's units of ``column`` ("body: kg; brain: g" -> "kg" for body).

    The whole units text when it is not written per column or names no such column.
    """
    text = str(meta.get("units") or "")
    return units_by_column(meta).get(column, text) if column else text


def _scale(units: str) -> float:
    for pattern, factor in _SCALE:
        match = pattern.search(units)
        if match:
            return factor if factor is not None else 10.0 ** int(match.group(1))
    return 1.0


def in_data_units(number: Number, meta: Mapping[str, Any], column: str | None) -> float:
    """``number`` in the units the data of ``column`` are recorded in (see the module)."""
    units = column_units(meta, column)
    if number.unit in MASS:
        match = _MASS_UNIT.search(units)
        if match:
            unit = match.group(1).lower()
            unit = "t" if unit.startswith("t") else unit
            return number.value * MASS[number.unit] / MASS[unit]
    counted = COUNTS.get(number.unit or "")
    if counted is not None and counted.search(units):
        return number.value / _scale(units)
    if number.unit is None and _SCALE_WORD.search(number.text):
        return number.value / _scale(units)
    return number.value
