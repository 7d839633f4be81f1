"""Names kept for one release after they were replaced: each use warns once per call site.

``deprecated(what, instead)`` emits the :class:`DeprecationWarning`;
``moved(module, names)`` builds a module ``__getattr__`` (PEP 562) that warns
and then returns a replaced name, so ``from scalinglaws.tails import
TailBootstrap`` keeps working for one release.
"""

from __future__ import annotations

import importlib
import warnings
from collections.abc import Callable
from typing import Any

__all__ = ["deprecated", "moved"]


def deprecated(what: str, instead: str, *, stacklevel: int = 3) -> None:
    """Warn that `what` will be removed in the next release, and what to use instead."""
    warnings.warn(
        f"{what} is deprecated and will be removed in the next release; use {instead}.",
        DeprecationWarning,
        stacklevel=stacklevel,
    )


def moved(module: str, names: dict[str, tuple[str, str]]) -> Callable[[str], Any]:
    """A module ``__getattr__`` for replaced names.

    Parameters
    ----------
    module : str
        The module the ``__getattr__`` belongs to (for the error message).
    names : dict
        ``{old name: ("package.module:attribute", "what to use instead")}``.
    """

    def __getattr__(name: str) -> Any:
        if name not in names:
            raise AttributeError(f"module {module!r} has no attribute {name!r}")
        target, instead = names[name]
        deprecated(f"{module}.{name}", instead)
        where, attribute = target.split(":")
        return getattr(importlib.import_module(where), attribute)

    return __getattr__
