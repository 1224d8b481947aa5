"""The dashboard: server-rendered Jinja2 pages (总览, 事件, 地区, 阅读, 搜索) over the store.
`projectradar.app.create_app` mounts `router`, the static files and `render_error`."""
from __future__ import annotations

from .pages import STATIC_DIR, render_error, router

__all__ = ["router", "render_error", "STATIC_DIR"]
