"""Turn errors into JSON answers with a clear message and the right status.

Every error body is ``{"error": "<one line>", "status": <code>}``; pages under
``/`` get the same message as an HTML page instead."""
from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..errors import FilterError, InputError, RadarError, StoreError

__all__ = ["install_error_handlers", "error_response"]

log = logging.getLogger("projectradar.api")


def _wants_html(request: Request) -> bool:
    path = request.url.path
    return not (path.startswith("/api") or path.startswith("/docs") or path.startswith("/openapi"))


def error_response(request: Request, status: int, message: str, headers: dict | None = None) -> Response:
    """A JSON error for the API, an HTML page for the dashboard."""
    if _wants_html(request):
        from ..web.pages import render_error

        return render_error(request, status, message, headers=headers)
    return JSONResponse({"error": message, "status": status}, status_code=status, headers=headers)


def _describe_validation(err: RequestValidationError) -> str:
    parts = []
    for item in err.errors()[:5]:
        where = ".".join(str(p) for p in item.get("loc", ()) if p not in ("query", "path", "body"))
        parts.append(f"{where or 'request'}: {item.get('msg', 'invalid')}")
    return "; ".join(parts) or "invalid request"


def install_error_handlers(app: FastAPI) -> None:
    """Register the handlers that shape every error answer."""

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        message = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
        if exc.status_code == 404 and message == "Not Found":
            message = f"no such page or resource: {request.url.path}"
        if exc.status_code == 405 and message == "Method Not Allowed":
            message = f"{request.method} is not allowed on {request.url.path}"
        return error_response(request, exc.status_code, message, headers=getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> Response:
        return error_response(request, 422, _describe_validation(exc))

    @app.exception_handler(InputError)
    async def _input(request: Request, exc: InputError) -> Response:
        return error_response(request, 422, str(exc))

    @app.exception_handler(FilterError)
    async def _filter(request: Request, exc: FilterError) -> Response:
        # an unknown region, sort, level or format: the caller's mistake, not an outage
        return error_response(request, 422, str(exc))

    @app.exception_handler(StoreError)
    async def _store(request: Request, exc: StoreError) -> Response:
        log.error("store error on %s: %s", request.url.path, exc)
        return error_response(request, 503, f"the database is not available: {exc}")

    @app.exception_handler(RadarError)
    async def _radar(request: Request, exc: RadarError) -> Response:
        return error_response(request, 400, str(exc))

    @app.exception_handler(ValueError)
    async def _value(request: Request, exc: ValueError) -> Response:
        # The store raises ValueError for a filter it cannot use (bad sort, bad level).
        return error_response(request, 422, str(exc) or "invalid value")
