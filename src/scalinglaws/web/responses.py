"""Error responses outside a route: JSON ``{error, message}`` on the API, a page elsewhere."""

from __future__ import annotations

from fastapi.responses import HTMLResponse, JSONResponse, Response

from scalinglaws.web.errors import AuthenticationError, error_body, status_for
from scalinglaws.web.pages import error_page

__all__ = ["error_response", "exception_response"]


def error_response(path: str, status: int, body: dict[str, str]) -> Response:
    """``body`` as JSON for ``/api`` and ``/openapi`` paths, as an HTML page otherwise."""
    if path.startswith("/api") or path.startswith("/openapi"):
        return JSONResponse(body, status_code=status)
    return HTMLResponse(error_page(status, body), status_code=status)


def exception_response(path: str, exc: BaseException) -> Response:
    """The response for an error a request caused (its status from :func:`status_for`)."""
    response = error_response(path, status_for(exc), error_body(exc))
    if isinstance(exc, AuthenticationError):
        response.headers["WWW-Authenticate"] = 'Bearer realm="scalinglaws"'
    return response
