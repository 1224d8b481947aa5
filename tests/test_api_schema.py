"""Schemathesis against the OpenAPI schema: no generated request makes the server fail (5xx)."""
from __future__ import annotations

import tempfile
from pathlib import Path

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from projectradar.app import Settings, create_app


class _DemoStoreOnFirstUse:
    """The demo store, built when a request first needs it (not when pytest collects this file)."""

    def __init__(self) -> None:
        self._store = None

    def __getattr__(self, name: str):
        if self._store is None:
            from projectradar.web.demo import build_demo_db

            folder = Path(tempfile.mkdtemp(prefix="projectradar-schema-"))
            self._store, _ = build_demo_db(folder / "demo.db")
        return getattr(self._store, name)


APP = create_app(_DemoStoreOnFirstUse(), settings=Settings(token="schema-token", max_upload_bytes=256 * 1024))
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_no_server_errors(case):
    response = case.call()
    case.validate_response(response, checks=[not_a_server_error])
