"""The public API: an explicit __all__, and no heavy imports at import time."""

from __future__ import annotations

import subprocess
import sys

import scalinglaws as sl

DESIGN_NAMES = {
    "fit_tail",
    "list_datasets",
    "load_dataset",
    "errors",
    "FitResult",
    "Summary",
    "ask",
}


def test_all_is_explicit_and_importable() -> None:
    assert set(sl.__all__) >= DESIGN_NAMES
    assert len(sl.__all__) == len(set(sl.__all__))
    for name in sl.__all__:
        assert hasattr(sl, name), name


#: Nothing an extra provides loads with ``import scalinglaws`` (pyarrow is not listed:
#: pandas itself imports it when it is installed), nor does the CLI's rich.
HEAVY = (
    "torch",
    "transformers",
    "tokenizers",
    "matplotlib",
    "plotly",
    "jinja2",
    "fastapi",
    "uvicorn",
    "starlette",
    "ray",
    "rank_bm25",
    "rich",
)


def test_import_pulls_in_no_heavy_renderers() -> None:
    code = (
        "import sys, scalinglaws; "
        f"heavy = [m for m in {HEAVY!r} if m in sys.modules]; "
        "print(','.join(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_error_tree() -> None:
    from scalinglaws import errors

    for name in errors.__all__:
        cls = getattr(errors, name)
        if name.endswith("Warning"):
            assert issubclass(cls, errors.ScalingLawWarning)
        else:
            assert issubclass(cls, errors.ScalingLawError)
            assert issubclass(cls, ValueError)
