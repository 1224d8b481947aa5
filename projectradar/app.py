"""The web application: the REST API under /api, the dashboard under /, API docs at /docs.

`api` and `web` know nothing of each other; this factory mounts both on one FastAPI app with
what they share (`projectradar.http`): the store, the settings, cached totals and error pages.
"""
from __future__ import annotations

import html
import time
from typing import Any

from fastapi import Depends, FastAPI, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles

from . import api, web
from .http import (SESSION_COOKIE, CountCache, Settings, install_error_handlers, open_store, require_read_token,
                   session_value, token_matches)

__all__ = ["create_app", "Settings"]

SWAGGER = web.STATIC_DIR / "vendor" / "swagger-ui"
DOCS_BACK_LINK = ('<a id="back-to-dashboard" href="/" style="display:block;padding:8px 16px;background:#fff;'
                  'border-bottom:3px solid #c0392b;font:15px sans-serif;color:#c0392b;text-decoration:none">'
                  '← 项目雷达 Project Radar：返回总览</a>')


def create_app(store: Any = None, *, settings: Settings | None = None) -> FastAPI:
    """Build the application over a store.

    Args:
        store: a ``projectradar.Store``, a database path or SQLAlchemy URL, or
            ``None`` for ``$PROJECTRADAR_DB`` / ``./projectradar.db``.
        settings: token and upload limit; default from the environment.

    Returns:
        The FastAPI app, ready for uvicorn or ``fastapi.testclient.TestClient``.

    Example:
        >>> app = create_app("demo.db")            # doctest: +SKIP
        >>> TestClient(app).get("/api/events").json()["total"]   # doctest: +SKIP
        42
    """
    app = FastAPI(
        title="Project Radar API (项目雷达)",
        version="0.1.0",
        description="Investment-project events read from Chinese economic news: "
                    "signings, groundbreakings, completions, key-project lists, trips, "
                    "meetings, targets and awards, with regions, dates, figures and evidence.",
        docs_url=None,  # served below from our own static files, not a CDN
        redoc_url=None,
        openapi_url=None,  # served below, behind the read check like every other read
    )
    app.state.store = open_store(store)
    app.state.settings = settings or Settings.from_env()
    app.state.counts = CountCache(ttl=30.0)

    @app.middleware("http")
    async def _server_timing(request: Request, call_next):  # type: ignore[no-untyped-def]
        # Server-Timing lets the benchmark (and a browser's devtools) read server time.
        started = time.perf_counter()
        response = await call_next(request)
        elapsed_ms = (time.perf_counter() - started) * 1000
        response.headers["Server-Timing"] = f"app;dur={elapsed_ms:.1f}"
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        return response

    install_error_handlers(app, html_error=web.render_error)
    app.include_router(api.router)
    app.mount("/static", StaticFiles(directory=web.STATIC_DIR), name="static")

    @app.get("/openapi.json", include_in_schema=False, dependencies=[Depends(require_read_token)])
    def _openapi() -> JSONResponse:
        return JSONResponse(app.openapi())

    @app.get("/login", include_in_schema=False)
    def _login_form(next: str = "/") -> HTMLResponse:  # noqa: A002  (the query parameter's name)
        return HTMLResponse(_login_page(next))

    @app.post("/login", include_in_schema=False, response_model=None)
    async def _login(request: Request) -> HTMLResponse | RedirectResponse:
        form = await request.form(max_files=0, max_fields=5)
        token, target = str(form.get("token") or ""), str(form.get("next") or "/")
        settings: Settings = app.state.settings
        if not token_matches(token, settings.token):
            return HTMLResponse(_login_page(target, wrong=True), status_code=401)
        if not target.startswith("/") or target.startswith("//"):
            target = "/"                  # only a page of this server, never another site
        response = RedirectResponse(target, status_code=303)
        response.set_cookie(SESSION_COOKIE, session_value(settings), httponly=True, samesite="strict",
                            secure=request.url.scheme == "https", path="/")
        return response

    @app.get("/docs", include_in_schema=False, dependencies=[Depends(require_read_token)])
    def _docs() -> HTMLResponse:
        if not (SWAGGER / "swagger-ui-bundle.js").is_file():
            return HTMLResponse(
                "<!doctype html><meta charset='utf-8'><title>API docs</title>"
                "<p>Swagger UI is not built: run <code>python scripts/build_assets.py</code>. "
                "The schema itself is at <a href='/openapi.json'>/openapi.json</a>.</p>")
        page = get_swagger_ui_html(openapi_url="/openapi.json", title="Project Radar API (项目雷达)",
                                   swagger_js_url="/static/vendor/swagger-ui/swagger-ui-bundle.js",
                                   swagger_css_url="/static/vendor/swagger-ui/swagger-ui.css",
                                   swagger_favicon_url="/static/vendor/swagger-ui/favicon-32x32.png")
        # a way back to the dashboard above Swagger UI
        html = bytes(page.body).decode("utf-8").replace("<body>", "<body>" + DOCS_BACK_LINK, 1)
        return HTMLResponse(html)

    app.include_router(web.router)
    return app


def _login_page(target: str, *, wrong: bool = False) -> str:
    """The sign-in form of a server whose reads need the token (PROJECTRADAR_READ_TOKEN=1)."""
    note = "<p role='alert'>令牌不对 (wrong token)</p>" if wrong else ""
    return ("<!doctype html><html lang='zh-CN'><meta charset='utf-8'><title>登录 · 项目雷达</title>"
            "<link rel='stylesheet' href='/static/css/radar.css'><main class='login'><h1>项目雷达</h1>"
            f"{note}<form method='post' action='/login'><input type='hidden' name='next' value='{html.escape(target)}'>"
            "<label>访问令牌 (token) <input type='password' name='token' autocomplete='current-password' autofocus>"
            "</label> <button type='submit'>登录</button></form></main></html>")
