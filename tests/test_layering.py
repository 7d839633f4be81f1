"""Engines below results below fits: no scalinglaws module is imported inside a function.

A function-level import hides a cycle (a result that calls back into its fit) or
postpones a cost. Cycles are broken by moving the engine down a layer (issue 17
item 4); the only imports left inside functions are the ones that load a heavy
optional library, listed below with the library each one loads. A new one fails
this test: import at module level, or add it here with its reason.
"""

from __future__ import annotations

import ast
from pathlib import Path

import scalinglaws

SOURCE = Path(scalinglaws.__file__).parent

#: (file under src/scalinglaws, imported module) -> what makes the import heavy.
LAZY_HEAVY = {
    ("ask/retrieve.py", "scalinglaws.ask._minilm"): "torch (the packaged embedder, ask extra)",
    ("bench/runner.py", "scalinglaws.report"): "plotly (report extra)",
    ("cli/_demo_ladder.py", "scalinglaws.lm.ladder"): "torch (lm extra)",
    ("cli/bench.py", "scalinglaws.bench"): "plotly (the suites write report pages)",
    ("cli/demo.py", "scalinglaws.report"): "plotly (report extra)",
    ("cli/ladder.py", "scalinglaws.lm.ladder"): "torch (lm extra)",
    ("cli/report.py", "scalinglaws.report"): "plotly (report extra)",
    ("cli/serve.py", "scalinglaws.web"): "fastapi (web extra)",
    ("cli/serve.py", "scalinglaws.web.app"): "fastapi (web extra)",
    ("cli/serve.py", "scalinglaws.web.logs"): "fastapi (web extra)",
    ("cli/serve.py", "scalinglaws.web.security"): "fastapi (web extra)",
    ("cli/serve.py", "scalinglaws.web.settings"): "fastapi (web extra)",
    ("forecasters/transformer.py", "scalinglaws.forecasters.transformer_io"): "torch (lm extra)",
    ("forecasters/transformer.py", "scalinglaws.forecasters.transformer_sample"): "torch",
    ("lm/ladder/executors.py", "scalinglaws.lm"): "torch (the ladder's workers train)",
    ("lm/ladder/executors.py", "scalinglaws.lm.checkpoint"): "torch (reads a checkpoint on resume)",
    ("lm/ladder/executors.py", "scalinglaws.lm.ladder._ray"): "ray (ray extra)",
    ("tails/corpus.py", "scalinglaws.tails.corpus_ray"): "ray (ray extra)",
    ("web/pages.py", "scalinglaws.report"): "plotly (the result page embeds the report)",
    ("web/service.py", "scalinglaws.report"): "plotly (report extra)",
    ("web/service.py", "scalinglaws.web.ray_jobs"): "ray (ray extra)",
}


def _type_checking(node: ast.AST) -> bool:
    return isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)


def _imported(node: ast.AST) -> list[str]:
    """The modules an import statement names (``from a.b import c`` names ``a.b``)."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if isinstance(node, ast.ImportFrom):
        return [f"{'.' * node.level}{node.module or ''}"]
    return []


def function_level_imports(tree: ast.AST) -> list[tuple[int, str]]:
    """(line, module) of every scalinglaws import inside a function body."""
    found: list[tuple[int, str]] = []

    def visit(node: ast.AST, inside: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if _type_checking(child):
                continue
            if inside:
                found.extend(
                    (child.lineno, name)  # type: ignore[attr-defined]
                    for name in _imported(child)
                    if name.startswith(("scalinglaws", "."))
                )
            visit(child, inside or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)))

    visit(tree, False)
    return found


def test_the_walk_finds_an_import_inside_a_function() -> None:
    tree = ast.parse(
        "import numpy\n"
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from scalinglaws.results import FitResult\n"
        "def f():\n    from scalinglaws.tails import fit_tail\n    import numpy\n"
        "class A:\n    def g(self):\n        from . import x\n"
        "        from scalinglaws.tails import words\n"
    )
    assert function_level_imports(tree) == [
        (6, "scalinglaws.tails"),
        (10, "."),
        (11, "scalinglaws.tails"),
    ]


def test_no_function_level_import_of_scalinglaws_but_the_heavy_ones() -> None:
    found = {}
    for path in sorted(SOURCE.rglob("*.py")):
        relative = path.relative_to(SOURCE).as_posix()
        for line, module in function_level_imports(ast.parse(path.read_text("utf-8"))):
            found[(relative, module)] = line
    unexpected = sorted(
        f"{f}:{line} imports {m}" for (f, m), line in found.items() if (f, m) not in LAZY_HEAVY
    )
    assert not unexpected, (
        "import these at module level (move the engine down a layer):\n" + "\n".join(unexpected)
    )
    stale = sorted(f"{f} -> {m}" for f, m in LAZY_HEAVY if (f, m) not in found)
    assert not stale, "no longer imported inside a function; drop from LAZY_HEAVY:\n" + "\n".join(
        stale
    )
