"""Packaging: the extras, the pins and the one-line error when an extra is missing.

pyproject.toml declares the extras, scalinglaws._optional maps each to the modules
it guards, requirements.txt pins them all; these tests keep the three in step. The
core install itself (no extras) is checked in its own venv by ``make core-check``.
"""

from __future__ import annotations

import sys
import tomllib
from importlib.metadata import packages_distributions, requires
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from typer.testing import CliRunner

from scalinglaws._optional import EXTRAS, check_extra, needs_extra
from scalinglaws.cli import app
from scalinglaws.errors import InvalidOptionError, MissingDependencyError, ScalingLawError

ROOT = Path(__file__).resolve().parent.parent
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
#: Pins in requirements.txt that no extra declares: transitive versions held on purpose.
TRANSITIVE_PINS = {"click"}  # huggingface-hub >= 8.4.2; typer 0.20 warned on click 8.5


def _declared(extra: str) -> set[str]:
    """The distributions an extra declares, self-references (scalinglaws[a,b]) expanded."""
    names: set[str] = set()
    for line in PROJECT["optional-dependencies"][extra]:
        requirement = Requirement(line)
        if canonicalize_name(requirement.name) == "scalinglaws":
            for inner in requirement.extras:
                names |= _declared(inner)
        else:
            names.add(canonicalize_name(requirement.name))
    return names


def _closure(names: set[str]) -> set[str]:
    """`names` and every distribution they require (unconditionally), as installed here."""
    seen: set[str] = set()
    todo = list(names)
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        for line in requires(name) or ():
            requirement = Requirement(line)
            if requirement.marker is None or requirement.marker.evaluate({"extra": ""}):
                todo.append(canonicalize_name(requirement.name))
    return seen


def _pins() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#")[0].strip()
        if line:
            name, _, version = line.partition("==")
            pins[canonicalize_name(name)] = version
    return pins


def test_every_extra_guards_the_modules_it_installs() -> None:
    assert set(PROJECT["optional-dependencies"]) == set(EXTRAS)
    providers = packages_distributions()
    for extra, modules in EXTRAS.items():
        declared = _declared(extra)
        installed = _closure(declared)
        for module in modules:  # every guarded module comes with the extra
            owners = {canonicalize_name(d) for d in providers[module]}
            assert owners & installed, f"[{extra}] does not install {module}"
        for dist in declared:  # every declared distribution is guarded by the extra
            owned = {m for m, ds in providers.items() if dist in map(canonicalize_name, ds)}
            assert owned & set(modules), f"[{extra}] installs {dist} but guards none of it"


def test_the_core_declares_no_package_of_an_extra() -> None:
    core = {canonicalize_name(Requirement(line).name) for line in PROJECT["dependencies"]}
    assert core == {
        "numpy",
        "scipy",
        "pandas",
        "mpmath",
        "typer",
        "rich",
        "scoringrules",
        "opencc-python-reimplemented",
        "pypinyin",
    }
    assert not core & _declared("all")
    assert _declared("all") == set().union(*(_declared(e) for e in EXTRAS if e != "all"))


def test_requirements_pin_every_declared_distribution() -> None:
    pins = _pins()
    declared = [Requirement(line) for line in PROJECT["dependencies"]]
    declared += [
        Requirement(line)
        for lines in PROJECT["optional-dependencies"].values()
        for line in lines
        if not line.startswith("scalinglaws[")
    ]
    for requirement in declared:
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{name} is not pinned in requirements.txt"
        assert requirement.specifier.contains(pins[name]), f"{name}=={pins[name]} vs {requirement}"
    assert set(pins) - {canonicalize_name(r.name) for r in declared} == TRANSITIVE_PINS
    assert pins["torch"] == "2.13.0"  # an unpinned torch pulls a multi-GB CUDA build


def test_a_missing_module_of_the_extra_becomes_one_clear_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "uvicorn", None)  # as if it were not installed
    with pytest.raises(MissingDependencyError) as caught, needs_extra("web", "`scalinglaws serve`"):
        import uvicorn  # noqa: F401
    error = caught.value
    assert isinstance(error, ImportError)
    assert isinstance(error, ScalingLawError)
    assert error.name == "uvicorn"
    assert str(error) == (
        "`scalinglaws serve` needs the web extra (uvicorn is not installed): "
        "pip install 'scalinglaws[web]'"
    )


def test_an_import_error_outside_the_extra_passes_through(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "torch", None)
    with pytest.raises(ModuleNotFoundError) as caught, needs_extra("report", "a report"):
        import torch  # noqa: F401
    assert not isinstance(caught.value, MissingDependencyError)  # a broken install shows as is
    with pytest.raises(InvalidOptionError, match="extra='gpu'"), needs_extra("gpu", "x"):
        pass


def test_check_extra_names_every_extra_a_feature_needs(monkeypatch: pytest.MonkeyPatch) -> None:
    check_extra(("report", "ask"), "`scalinglaws demo`")  # all installed here: no error
    monkeypatch.setitem(sys.modules, "torch", None)
    with pytest.raises(MissingDependencyError) as caught:
        check_extra(("report", "ask", "lm"), "`scalinglaws demo`")
    assert str(caught.value) == (
        "`scalinglaws demo` needs the report, ask and lm extras (torch is not installed): "
        "pip install 'scalinglaws[report,ask,lm]'"
    )


@pytest.mark.parametrize(
    ("args", "hidden", "extra"),
    [
        (["serve"], "fastapi", "web"),
        (["report", "results.json"], "plotly", "report"),
        (["ladder", "status", "demo"], "torch", "lm"),
        (["fit", "tail", "data.csv", "--plot", "plot.png"], "matplotlib", "plot"),
    ],
)
def test_cli_says_which_extra_in_one_red_line(
    monkeypatch: pytest.MonkeyPatch, args: list[str], hidden: str, extra: str
) -> None:
    monkeypatch.setitem(sys.modules, hidden, None)
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1, result.output
    assert lines[0].startswith("error: ")
    assert f"({hidden} is not installed): pip install 'scalinglaws[{extra}]'" in lines[0]


def test_plot_without_matplotlib_names_the_plot_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    import scalinglaws as sl

    fit = sl.fit_tail(sl.load_dataset("clauset2009/blackouts").data)
    monkeypatch.setitem(sys.modules, "matplotlib.pyplot", None)
    with pytest.raises(MissingDependencyError, match=r"TailFit.plot\(\) needs the plot extra"):
        fit.plot()
