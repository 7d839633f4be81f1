"""Errors of the web app and the HTTP status of every error a request can cause.

The app's own errors extend the library's tree (:mod:`scalinglaws.errors`), so an
API error body is always ``{"error": <ScalingLawError subclass name>, "message": ...}``::

    ScalingLawError
    ├── InvalidInputError
    │   └── UploadTooLargeError   an upload over the byte or row limit      -> 413
    ├── UnknownResultError        no stored result has this id              -> 404
    └── UnknownJobError           no job has this id                        -> 404

A 5xx from the app is a bug.
"""

from __future__ import annotations

from scalinglaws.errors import (
    InvalidInputError,
    ScalingLawError,
    ScalingLawWarning,
    UnknownDatasetError,
)

__all__ = [
    "UnknownJobError",
    "UnknownResultError",
    "UploadTooLargeError",
    "error_body",
    "status_for",
]


class UploadTooLargeError(InvalidInputError):
    """The upload has more bytes or rows than the server accepts."""


class UnknownResultError(ScalingLawError):
    """No stored result has the requested id."""


class UnknownJobError(ScalingLawError):
    """No background job has the requested id."""


def status_for(exc: BaseException) -> int:
    """The HTTP status for an error the user caused (422 unless more specific)."""
    if isinstance(exc, UploadTooLargeError):
        return 413
    if isinstance(exc, (UnknownResultError, UnknownJobError, UnknownDatasetError)):
        return 404
    return 422


def error_body(exc: BaseException) -> dict[str, str]:
    """The JSON body of an error response: the error class name and its message.

    A :class:`~scalinglaws.errors.ScalingLawWarning` shows up here only when
    warnings are turned into errors (``python -W error``); it is reported the same way.
    """
    name = type(exc).__name__
    if not isinstance(exc, (ScalingLawError, ScalingLawWarning)):
        name = "ScalingLawError"
    return {"error": name, "message": str(exc)}
