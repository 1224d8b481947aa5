"""The REST API: `create_app(store)` gives the FastAPI app that serves /api and the dashboard."""
from __future__ import annotations

from .app import create_app
from .settings import Settings

__all__ = ["create_app", "Settings"]
