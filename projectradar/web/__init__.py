"""The dashboard: server-rendered Jinja2 pages (总览, 事件, 地区, 阅读, 搜索, 周报) over the store,
and Atom feeds of events. `projectradar.app.create_app` mounts `router`, the static files
and `render_error`."""
from __future__ import annotations

from fastapi import APIRouter

from . import feeds, pages
from .pages import STATIC_DIR, render_error

__all__ = ["router", "render_error", "STATIC_DIR"]

router = APIRouter()
router.include_router(pages.router)
router.include_router(feeds.router)
