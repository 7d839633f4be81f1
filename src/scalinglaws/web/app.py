"""The app factory: routes, error handlers, the upload limit and the app's lifetime.

:func:`create_app` builds a FastAPI app from :class:`~scalinglaws.web.settings.Settings`.
Every error a request can cause becomes a 4xx with a JSON body
``{"error", "message"}`` on ``/api`` and a readable page elsewhere; a request
body over the upload limit is refused with 413 before it is read.
"""

from __future__ import annotations

import functools
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Receive, Scope, Send

from scalinglaws.bundle import package_version
from scalinglaws.errors import ScalingLawError, ScalingLawWarning
from scalinglaws.web import api, pages
from scalinglaws.web.errors import error_body, status_for
from scalinglaws.web.service import Service
from scalinglaws.web.settings import Settings

__all__ = ["create_app"]

#: Room for the form fields and multipart boundaries around the file itself.
_FORM_SLACK = 256 * 1024


class BodyLimit:
    """Refuse a request whose declared Content-Length is over the limit (413), unread."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            length = dict(scope["headers"]).get(b"content-length", b"0")
            try:
                size = int(length)
            except ValueError:
                size = 0
            if size > self.max_bytes + _FORM_SLACK:
                mb = self.max_bytes / (1024 * 1024)
                body = {
                    "error": "UploadTooLargeError",
                    "message": f"the upload is {size / (1024 * 1024):.1f} MB, over the limit of "
                    f"{mb:.1f} MB; fit a sample of it, or start the server with a larger "
                    "--max-upload-mb.",
                }
                response = _error_response(scope.get("path", ""), 413, body)
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


def _error_response(path: str, status: int, body: dict[str, str]) -> Response:
    if path.startswith("/api") or path.startswith("/openapi"):
        return JSONResponse(body, status_code=status)
    return HTMLResponse(pages.error_page(status, body), status_code=status)


def create_app(settings: Settings | None = None) -> FastAPI:
    """The web app (see :mod:`scalinglaws.web`); serve it with uvicorn."""
    settings = settings or Settings()
    service = Service(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        service.close()

    app = FastAPI(
        title="scalinglaws",
        summary="Fit scaling laws to your data: power-law tails, relations, growth, neural laws.",
        version=_version(),
        lifespan=lifespan,
    )
    app.openapi = functools.partial(_openapi, app)  # type: ignore[method-assign]
    app.state.service = service
    app.state.settings = settings
    app.include_router(api.router)
    app.include_router(pages.router)
    app.add_middleware(BodyLimit, max_bytes=settings.max_upload_bytes)

    @app.exception_handler(ScalingLawError)
    async def library_error(request: Request, exc: ScalingLawError) -> Response:
        return _error_response(request.url.path, status_for(exc), error_body(exc))

    @app.exception_handler(ScalingLawWarning)
    async def escalated_warning(request: Request, exc: ScalingLawWarning) -> Response:
        return _error_response(request.url.path, 422, error_body(exc))

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> Response:
        return _error_response(request.url.path, 422, _validation_body(exc))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        body = {"error": "HTTPError", "message": str(exc.detail)}
        response = _error_response(request.url.path, exc.status_code, body)
        for key, value in (exc.headers or {}).items():
            response.headers[key] = value
        return response

    return app


def _openapi(app: FastAPI) -> dict[str, Any]:
    """The schema, with uploads described as ``format: binary`` strings.

    FastAPI writes an optional ``UploadFile`` as ``anyOf: [{contentMediaType}, null]``;
    clients and fuzzers (schemathesis) recognise a file field by ``format: binary``.
    """
    if app.openapi_schema is None:
        schema = get_openapi(
            title=app.title,
            version=app.version,
            summary=app.summary,
            routes=app.routes,
        )
        for component in schema.get("components", {}).get("schemas", {}).values():
            for name, prop in component.get("properties", {}).items():
                branches = prop.get("anyOf", [prop])
                if any("contentMediaType" in branch for branch in branches):
                    component["properties"][name] = {
                        "type": "string",
                        "format": "binary",
                        "title": prop.get("title", name),
                        "description": prop.get("description", ""),
                    }
        app.openapi_schema = schema
    return app.openapi_schema


def _validation_body(exc: RequestValidationError) -> dict[str, str]:
    problems = []
    for error in list(exc.errors())[:5]:
        where = ".".join(str(part) for part in error.get("loc", ()) if part != "body")
        problems.append(f"{where or 'request'}: {error.get('msg', 'invalid')}")
    return {"error": "InvalidOptionError", "message": "; ".join(problems) + "."}


def _version() -> str:
    return package_version()
