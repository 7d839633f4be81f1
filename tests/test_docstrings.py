"""Every public function, class and method carries a numpydoc docstring.

"Public" means what a user reaches: the names in ``__all__`` of ``scalinglaws``,
of each public subpackage and of the public top-level modules (results,
uncertainty, errors, ...), the public functions of the ``scalinglaws.formulas``
modules, and the public methods and properties of every public class. For each:

* a one-line summary, followed by a blank line (or nothing);
* functions and methods: a ``Parameters`` section naming exactly the
  signature's parameters (``self``/``cls`` aside; ``*args``/``**kwargs`` by
  name), and ``Returns`` or ``Yields`` unless the annotation is ``None``;
* classes: their constructor's parameters named under ``Parameters`` or
  ``Attributes`` (a dataclass documents its fields as attributes);
* properties: the summary line alone.

Section headers are parsed here (a title line underlined with dashes) rather
than with numpydoc, which would pull Sphinx into the test dependencies.

The Typer command functions of ``scalinglaws.cli`` are not walked: their
docstring is the ``--help`` text and each option carries its own ``help=``.

There is no allow-list: every public name passes.
"""

from __future__ import annotations

import importlib
import inspect
import re
from collections.abc import Callable, Iterator
from types import ModuleType
from typing import Any

import pytest

#: Modules whose ``__all__`` is the public surface (subpackages and top-level modules).
EXPORTING = (
    "scalinglaws",
    "scalinglaws.results",
    "scalinglaws.uncertainty",
    "scalinglaws.errors",
    "scalinglaws.quantiles",
    "scalinglaws.predictive",
    "scalinglaws.bundle",
    "scalinglaws.tables",
    "scalinglaws.tails",
    "scalinglaws.relations",
    "scalinglaws.growth",
    "scalinglaws.forecast",
    "scalinglaws.forecasters",
    "scalinglaws.neural",
    "scalinglaws.lm",
    "scalinglaws.lm.ladder",
    "scalinglaws.ask",
    "scalinglaws.scoring",
    "scalinglaws.backtest",
    "scalinglaws.bench",
    "scalinglaws.datasets",
    "scalinglaws.report",
    "scalinglaws.web",
)

#: Modules without ``__all__`` whose public module-level functions are the API.
DEFINING = (
    "scalinglaws.formulas.relations",
    "scalinglaws.formulas.growth",
    "scalinglaws.formulas.neural",
    "scalinglaws.formulas.epidemic",
    "scalinglaws.forecasters.naive",
)

#: The CLI's entry point (its commands are documented by their ``--help``).
EXTRA = ("scalinglaws.cli:main",)


SECTION = re.compile(r"^(?P<title>[A-Z][A-Za-z ]+)\n-{3,}\s*$", re.MULTILINE)
#: A numpydoc entry: ``name``, ``name : type`` or ``a, b : type`` (not Google's ``name: text``).
ENTRY = re.compile(r"^(?P<names>\*{0,2}[A-Za-z_][\w, *]*?)(?:\s+:(?:\s.*)?)?$")


def sections(doc: str) -> dict[str, str]:
    """Split a cleaned docstring into ``{title: body}`` by its dashed section headers."""
    found = list(SECTION.finditer(doc))
    out: dict[str, str] = {}
    for i, match in enumerate(found):
        end = found[i + 1].start() if i + 1 < len(found) else len(doc)
        out[match["title"].strip()] = doc[match.end() : end]
    return out


def entry_names(body: str) -> list[str]:
    """The names a Parameters/Attributes body documents (lines at the base indent)."""
    lines = [line for line in body.splitlines() if line.strip()]
    if not lines:
        return []
    base = min(len(line) - len(line.lstrip()) for line in lines)
    names: list[str] = []
    for line in lines:
        if len(line) - len(line.lstrip()) != base:
            continue
        match = ENTRY.match(line.strip())
        if match:
            names += [n.strip().lstrip("*") for n in match["names"].split(",") if n.strip()]
    return names


def _summary_problem(doc: str | None) -> str | None:
    if not doc or not doc.strip():
        return "no docstring"
    lines = doc.strip().splitlines()
    if len(lines) > 1 and lines[1].strip():
        return "the summary runs over more than one line"
    return None


def _parameters(func: Callable[..., Any]) -> tuple[list[str], bool]:
    """The names a docstring must document, and whether the function returns something."""
    sig = inspect.signature(func)
    names = [
        name
        for i, (name, _) in enumerate(sig.parameters.items())
        if not (i == 0 and name in ("self", "cls"))
    ]
    ret = sig.return_annotation
    returns = ret is not inspect.Signature.empty and ret not in (None, "None")
    return names, returns


def check_function(func: Callable[..., Any], *, method: bool = False) -> list[str]:
    """The problems of one function's docstring (empty when it is complete)."""
    doc = inspect.getdoc(func)
    problem = _summary_problem(doc)
    if problem:
        return [problem]
    assert doc is not None
    found = sections(doc)
    names, returns = _parameters(func)
    problems: list[str] = []
    documented = entry_names(found.get("Parameters", ""))
    if names and "Parameters" not in found:
        problems.append(f"no Parameters section (expected {names})")
    elif sorted(documented) != sorted(names):
        problems.append(f"Parameters name {documented}, the signature {names}")
    if returns and not ({"Returns", "Yields"} & found.keys()):
        problems.append("no Returns section")
    return problems


def check_class(cls: type) -> list[str]:
    """The problems of a class docstring: the summary and the constructor's parameters."""
    doc = inspect.getdoc(cls)
    problem = _summary_problem(cls.__doc__)
    if problem:
        return [problem]
    assert doc is not None
    init = cls.__init__
    if not inspect.isfunction(init) or init.__module__ in ("builtins",):
        return []
    names, _ = _parameters(init)
    names = [n for n in names if n not in ("args", "kwargs")]
    found = sections(doc)
    documented = set(entry_names(found.get("Parameters", "")))
    documented |= set(entry_names(found.get("Attributes", "")))
    missing = [n for n in names if n not in documented]
    return [f"constructor parameters not documented: {missing}"] if missing else []


def _members(cls: type) -> Iterator[tuple[str, Any]]:
    for name, member in vars(cls).items():
        if name.startswith("_"):
            continue
        if isinstance(member, (classmethod, staticmethod)):
            yield name, member.__func__
        elif inspect.isfunction(member) or isinstance(member, property):
            yield name, member


def _exported(module: ModuleType) -> Iterator[tuple[str, Any]]:
    names = getattr(module, "__all__", None)
    if names is None:
        names = [
            n
            for n, obj in vars(module).items()
            if not n.startswith("_") and getattr(obj, "__module__", None) == module.__name__
        ]
    for name in names:
        obj = getattr(module, name)
        if inspect.isfunction(obj) or inspect.isclass(obj):
            yield f"{obj.__module__}.{obj.__qualname__}", obj


def public_objects() -> dict[str, Any]:
    """Every public function, class, method and property, by dotted name (deduplicated)."""
    found: dict[str, Any] = {}
    for name in EXPORTING + DEFINING:
        for key, obj in _exported(importlib.import_module(name)):
            found.setdefault(key, obj)
    for spec in EXTRA:
        module, attr = spec.split(":")
        obj = getattr(importlib.import_module(module), attr)
        found[f"{obj.__module__}.{obj.__qualname__}"] = obj
    for obj in list(found.values()):
        if not inspect.isclass(obj) or not obj.__module__.startswith("scalinglaws"):
            continue
        for klass in obj.__mro__:
            if not klass.__module__.startswith("scalinglaws"):
                continue
            for name, member in _members(klass):
                found.setdefault(f"{klass.__module__}.{klass.__qualname__}.{name}", member)
    return found


def problems_of(obj: Any) -> list[str]:
    """The numpydoc problems of one public object."""
    if isinstance(obj, property):
        return [p for p in [_summary_problem(obj.__doc__)] if p]
    if inspect.isclass(obj):
        return check_class(obj)
    return check_function(obj)


@pytest.fixture(scope="module")
def public() -> dict[str, Any]:
    return public_objects()


def test_the_walk_finds_the_public_surface(public: dict[str, Any]) -> None:
    assert "scalinglaws.tails.api.fit_tail" in public or any(
        k.endswith(".fit_tail") for k in public
    )
    assert any(k.endswith("FitResult.conf_int") for k in public)
    assert len(public) > 300


def test_every_public_name_has_numpydoc_sections(public: dict[str, Any]) -> None:
    failing = {key: problems_of(obj) for key, obj in sorted(public.items())}
    lines = [f"{key}: {'; '.join(p)}" for key, p in failing.items() if p]
    assert not lines, f"{len(lines)} public names lack numpydoc sections:\n" + "\n".join(lines)


def test_the_parser_reads_numpydoc() -> None:
    def example(x: float, *, level: float = 0.95, **kwargs: Any) -> float:
        """Add one.

        Parameters
        ----------
        x : float
            A number.
        level : float, default 0.95
            Unused.
        **kwargs
            Ignored.

        Returns
        -------
        float
            ``x + 1``.
        """
        return x + 1

    def bare(x: float) -> float:
        """Add one, with no sections."""
        return x + 1

    def misnamed(x: float) -> float:
        """Add one.

        Parameters
        ----------
        y : float
            Not the parameter's name.

        Returns
        -------
        float
            ``x + 1``.
        """
        return x + 1

    assert check_function(example) == []
    assert check_function(misnamed) == ["Parameters name ['y'], the signature ['x']"]
    assert check_function(bare) == [
        "no Parameters section (expected ['x'])",
        "no Returns section",
    ]
