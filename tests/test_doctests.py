"""The examples in the library's docstrings run, and print what they say they print.

Every module under ``src/scalinglaws`` whose source holds ``>>>`` is collected
(a new Examples section is picked up without touching this file) and run with
:mod:`doctest` in this process, under the suite's warnings-as-errors. Examples
are deterministic, offline and quick; only a torch module's examples may import
torch (checked in a fresh interpreter, since the suite itself imports torch).
"""

from __future__ import annotations

import doctest
import importlib
from pathlib import Path

import pytest

from tests.fresh import fresh_python

SRC = Path(__file__).resolve().parents[1] / "src"
#: Modules whose examples may load torch (none has examples yet).
TORCH_MODULES: frozenset[str] = frozenset()


def _module_name(path: Path) -> str:
    parts = path.relative_to(SRC).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = sorted(
    _module_name(path)
    for path in (SRC / "scalinglaws").rglob("*.py")
    if ">>>" in path.read_text(encoding="utf-8")
)
FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE


def run_examples(name: str) -> doctest.TestResults:
    """Run every example of module ``name``; the failures are printed."""
    module = importlib.import_module(name)
    finder = doctest.DocTestFinder(exclude_empty=True)
    runner = doctest.DocTestRunner(optionflags=FLAGS)
    for test in finder.find(module, name):
        runner.run(test)
    return runner.summarize(verbose=False)


def test_examples_are_found() -> None:
    assert "scalinglaws.relations" in MODULES
    assert len(MODULES) >= 8


@pytest.mark.parametrize("name", MODULES)
def test_examples_run(name: str) -> None:
    result = run_examples(name)
    assert result.attempted > 0, f"{name} holds '>>>' but no example was found"
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples of {name} failed"


def test_examples_load_no_torch_outside_torch_modules() -> None:
    light = [name for name in MODULES if name not in TORCH_MODULES]
    code = (
        "import sys\n"
        "from tests.test_doctests import run_examples\n"
        f"for name in {light!r}:\n"
        "    assert run_examples(name).failed == 0, name\n"
        "print(sorted(m for m in ('torch', 'transformers') if m in sys.modules))\n"
    )
    out = fresh_python(code, cwd=SRC.parent)
    assert out.strip().splitlines()[-1] == "[]", out
