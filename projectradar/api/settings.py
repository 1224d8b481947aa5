"""Server settings for the API and the dashboard, read once from the environment."""
from __future__ import annotations

import os
from dataclasses import dataclass

__all__ = ["Settings"]

_TRUE = {"1", "true", "yes", "on"}
DEFAULT_MAX_UPLOAD = 10 * 1024 * 1024


@dataclass(frozen=True)
class Settings:
    """What the server enforces.

    Args:
        token: the bearer token writes need (``PROJECTRADAR_TOKEN``); ``None``
            means writes are refused outright, since nobody can present a token.
        read_requires_token: reads need the token too (``PROJECTRADAR_READ_TOKEN=1``).
        max_upload_bytes: largest request body ``POST /api/ingest`` accepts
            (``PROJECTRADAR_MAX_UPLOAD``, bytes; default 10 MiB).

    Example:
        >>> Settings(token="s3cret").max_upload_bytes
        10485760
    """

    token: str | None = None
    read_requires_token: bool = False
    max_upload_bytes: int = DEFAULT_MAX_UPLOAD

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> "Settings":
        """Build settings from environment variables (see the class docstring)."""
        env = os.environ if environ is None else environ
        raw_limit = env.get("PROJECTRADAR_MAX_UPLOAD", "").strip()
        try:
            limit = int(raw_limit) if raw_limit else DEFAULT_MAX_UPLOAD
        except ValueError:
            limit = DEFAULT_MAX_UPLOAD
        return cls(
            token=env.get("PROJECTRADAR_TOKEN") or None,
            read_requires_token=env.get("PROJECTRADAR_READ_TOKEN", "").strip().lower() in _TRUE,
            max_upload_bytes=limit,
        )
