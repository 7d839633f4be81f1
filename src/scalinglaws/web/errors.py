"""Errors of the web app and the HTTP status of every error a request can cause.

The app's own errors extend the library's tree (:mod:`scalinglaws.errors`), so an
API error body is always ``{"error": <ScalingLawError subclass name>, "message": ...}``::

    ScalingLawError
    ├── InvalidInputError
    │   └── UploadTooLargeError   an upload or request body over the limit  -> 413
    ├── UnknownResultError        no stored result has this id (or evicted) -> 404
    ├── UnknownJobError           no job has this id                        -> 404
    ├── UntrustedHostError        a Host header not on the allowlist        -> 400
    ├── AuthenticationError       no token, or a wrong one                  -> 401
    ├── ForbiddenRequestError     cross-origin, or no valid CSRF token      -> 403
    ├── RequestTimeoutError       the request body came too slowly          -> 408
    ├── QuotaExceededError        over a per-client or server-wide limit    -> 429
    └── JobTimeoutError           a background job ran past its time limit  (the job's error)

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
    "AuthenticationError",
    "ForbiddenRequestError",
    "JobTimeoutError",
    "QuotaExceededError",
    "RequestTimeoutError",
    "UnknownJobError",
    "UnknownResultError",
    "UntrustedHostError",
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


class UntrustedHostError(ScalingLawError):
    """The request's Host header names a host this server does not answer for."""


class AuthenticationError(ScalingLawError):
    """The server needs its token and the request did not carry the right one."""


class ForbiddenRequestError(ScalingLawError):
    """A state-changing request from another origin, or without a valid CSRF token."""


class RequestTimeoutError(ScalingLawError):
    """The client took longer than the server allows to send its request."""


class QuotaExceededError(ScalingLawError):
    """A per-client or server-wide limit on jobs or requests is reached; retry later."""


class JobTimeoutError(ScalingLawError):
    """A background job ran longer than the server allows (named on the failed job)."""


_STATUS: tuple[tuple[type[BaseException], int], ...] = (
    (UploadTooLargeError, 413),
    (UnknownResultError, 404),
    (UnknownJobError, 404),
    (UnknownDatasetError, 404),
    (UntrustedHostError, 400),
    (AuthenticationError, 401),
    (ForbiddenRequestError, 403),
    (RequestTimeoutError, 408),
    (QuotaExceededError, 429),
)


def status_for(exc: BaseException) -> int:
    """The HTTP status for an error the user caused (422 unless more specific)."""
    return next((status for kind, status in _STATUS if isinstance(exc, kind)), 422)


def error_body(exc: BaseException) -> dict[str, str]:
    """The JSON body of an error response: the error class name and its message.

    A :class:`~scalinglaws.errors.ScalingLawWarning` shows up here only when
    warnings are turned into errors (``python -W error``); it is reported the same way.
    """
    name = type(exc).__name__
    if not isinstance(exc, (ScalingLawError, ScalingLawWarning)):
        name = "ScalingLawError"
    return {"error": name, "message": str(exc)}
