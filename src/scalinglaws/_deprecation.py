"""Names kept for one release after they were replaced: each use warns once per call site.

``deprecated(what, instead)`` emits the :class:`DeprecationWarning`;
``positional_keywords`` takes the values of options that became keyword-only,
``renamed_keywords`` those of keywords that were renamed (each warns once per call);
``moved(module, names)`` builds a module ``__getattr__`` (PEP 562) that warns
and then returns a replaced name, so ``from scalinglaws.tails import
TailBootstrap`` keeps working for one release.
"""

from __future__ import annotations

import importlib
import warnings
from collections.abc import Callable
from typing import Any

__all__ = ["deprecated", "moved", "positional_keywords", "renamed_keywords"]


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


def positional_keywords(
    call: str, args: tuple[Any, ...], current: dict[str, Any]
) -> dict[str, Any]:
    """Keyword-only options still passed positionally: their values, with a warning.

    Parameters
    ----------
    call : str
        The call as users write it, for the messages (``"isoflop"``).
    args : tuple
        The extra positional values (the function's ``*args``).
    current : dict
        The keyword-only options those values stand for, in their old positional
        order, with the values passed by keyword (None when not passed).

    Returns
    -------
    dict
        ``current`` with the positional values filled in.

    Raises
    ------
    TypeError
        More positional values than options, or an option given both ways.
    """
    names = list(current)
    if len(args) > len(names):
        raise TypeError(f"{call}() takes at most {len(names)} extra positional argument(s)")
    values = dict(current)
    for name, value in zip(names, args, strict=False):
        if current[name] is not None:
            raise TypeError(f"{call}() got multiple values for argument {name!r}")
        values[name] = value
    if args:
        given = names[: len(args)]
        deprecated(
            f"{call}() with {', '.join(given)} passed by position",
            f"{call}(..., {', '.join(f'{name}=...' for name in given)})",
            stacklevel=4,
        )
    return values


def renamed_keywords(
    call: str, old: dict[str, Any], current: dict[str, Any], renames: dict[str, str]
) -> dict[str, Any]:
    """Keywords passed by their old names: their values under the new names, with a warning.

    Parameters
    ----------
    call : str
        The call as users write it, for the messages (``"NeuralFit.predict"``).
    old : dict
        The keywords the function caught with ``**old``.
    current : dict
        The new keywords' values as passed (None when not passed).
    renames : dict
        ``{old name: new name}``.

    Returns
    -------
    dict
        ``current`` with the old keywords' values filled in.

    Raises
    ------
    TypeError
        An unknown keyword, or one given under both names.
    """
    values = dict(current)
    for name, value in old.items():
        if name not in renames:
            raise TypeError(f"{call}() got an unexpected keyword argument {name!r}")
        new = renames[name]
        if current.get(new) is not None:
            raise TypeError(f"{call}() got values for both {name!r} and {new!r}")
        values[new] = value
    if old:
        deprecated(
            f"{call}({', '.join(f'{name}=...' for name in old)})",
            f"{call}({', '.join(f'{renames[name]}=...' for name in old)})",
            stacklevel=4,
        )
    return values
