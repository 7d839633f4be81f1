"""Errors and warnings raised by scalinglaws.

Every problem a user can cause raises a subclass of :class:`ScalingLawError`
whose message names the input (column or argument), the value seen and the fix.
Every warning is a subclass of :class:`ScalingLawWarning`, so one filter
silences or escalates them all::

    ScalingLawError (ValueError)
    ├── InvalidInputError          data that cannot be fitted: NaN, inf, strings, wrong sign
    │   ├── EmptyDataError         no rows at all
    │   └── InsufficientDataError  too few points for the requested fit
    ├── InvalidOptionError         an unknown or out-of-range keyword option
    ├── DataFormatError            a file that is not a readable table
    ├── UnknownDatasetError        load_dataset() with a name that is not bundled
    ├── MissingDependencyError     a feature whose extra is not installed (also an ImportError)
    └── FitError                   the optimiser failed on valid input

    ScalingLawWarning (UserWarning)
    └── FitWarning                 a fit that succeeded but deserves a second look
"""

from __future__ import annotations

__all__ = [
    "DataFormatError",
    "EmptyDataError",
    "FitError",
    "FitWarning",
    "InsufficientDataError",
    "InvalidInputError",
    "InvalidOptionError",
    "MissingDependencyError",
    "ScalingLawError",
    "ScalingLawWarning",
    "UnknownDatasetError",
]


class ScalingLawError(ValueError):
    """Base class of every error scalinglaws raises on purpose."""


class InvalidInputError(ScalingLawError):
    """The data cannot be fitted as given (NaN, inf, non-numeric, wrong sign...)."""


class EmptyDataError(InvalidInputError):
    """The data has no rows."""


class InsufficientDataError(InvalidInputError):
    """There are too few (distinct) points for the requested fit."""


class InvalidOptionError(ScalingLawError):
    """A keyword option has an unknown or out-of-range value."""


class DataFormatError(ScalingLawError):
    """A file could not be read as a table of numbers."""


class UnknownDatasetError(ScalingLawError):
    """No bundled dataset has the requested name."""


class MissingDependencyError(ScalingLawError, ImportError):
    """A feature needs an optional package that is not installed.

    The message names the extra that provides it and the install command, e.g.
    ``pip install 'scalinglaws[web]'``. It is an :class:`ImportError` too, so code
    that guards optional imports with ``except ImportError`` keeps working, and the
    command line prints it as one red line like every other :class:`ScalingLawError`.
    """


class FitError(ScalingLawError):
    """The optimiser failed to converge on otherwise valid input."""


class ScalingLawWarning(UserWarning):
    """Base class of every warning scalinglaws emits."""


class FitWarning(ScalingLawWarning):
    """A fit succeeded but its result deserves a second look."""
