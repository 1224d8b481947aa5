"""The 项目库 over REST: /api/projects (filters, paging), /api/projects/{id}, /api/delivery,
/api/export/projects, and the records in the OpenAPI schema."""
from __future__ import annotations

import csv
import io

import pytest
from fastapi.testclient import TestClient

from fixtures.projects_pages import BATCH, THREE_TELLINGS
from projectradar.app import Settings, create_app
from projectradar.pipeline import extract
from projectradar.store import Store


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    store = Store(str(tmp_path_factory.mktemp("api-projects") / "radar.db"))
    store.ingest([extract(page, published=day, source=source)
                  for page, day, source in THREE_TELLINGS + [(BATCH, "2025-01-11", "batch.txt")]])
    yield TestClient(create_app(store, settings=Settings(token="t0ken")))
    store.close()


def test_projects_list_filters_and_pages(client):
    body = client.get("/api/projects", params={"limit": 2}).json()
    assert body["total"] == 3 and len(body["projects"]) == 2 and body["limit"] == 2
    rest = client.get("/api/projects", params={"limit": 2, "offset": 2}).json()["projects"]
    assert len(rest) == 1 and rest[0]["id"] not in {p["id"] for p in body["projects"]}
    signed = client.get("/api/projects", params={"stage": "signing", "adcode": "3713"}).json()
    assert signed["total"] == 2 and signed["filters"] == {"stage": "signing", "adcode": "3713"}
    rich = client.get("/api/projects", params={"min_yuan": "10亿", "org": "鲁新"}).json()["projects"]
    assert [p["name"] for p in rich] == ["鲁新高端铝合金精深加工项目"]


def test_one_project_with_its_tellings(client):
    [listed] = client.get("/api/projects", params={"q": "铝合金"}).json()["projects"]
    body = client.get(f"/api/projects/{listed['id']}").json()
    assert [t["stage"] for t in body["timeline"]] == ["signing", "groundbreaking", "production"]
    assert len(body["mentions_told"]) == 3
    assert client.get("/api/projects/nope").status_code == 404


def test_delivery(client):
    body = client.get("/api/delivery", params={"adcode": "371302", "since": "2025", "until": "2026-06-30"}).json()
    assert body["funnel"]["signed"]["projects"] == 3 and body["ceremonies"]["projects"] == 12
    assert [s["name"] for s in body["stalled"]] == ["星河智能装备制造基地", "青禾生物医药产业园项目"]


@pytest.mark.parametrize("params, status", [({"stage": "done"}, 422), ({"since": "last year"}, 422),
                                            ({"min_yuan": "lots"}, 422), ({"region": "无此地"}, 422)])
def test_bad_filters(client, params, status):
    answer = client.get("/api/projects", params=params)
    assert answer.status_code == status, answer.text


def test_export_projects_csv(client):
    answer = client.get("/api/export/projects", params={"format": "csv", "stage": "production"})
    assert answer.status_code == 200
    rows = list(csv.DictReader(io.StringIO(answer.content.decode("utf-8-sig"))))
    assert [r["name"] for r in rows] == ["鲁新高端铝合金精深加工项目"]


def test_the_project_record_is_in_the_openapi_schema(client):
    schema = client.get("/openapi.json").json()
    project = schema["components"]["schemas"]["Project"]
    assert {"id", "name", "region", "organizations", "investment_yuan", "stage", "timeline"} <= set(project["properties"])
    assert "/api/projects/{project_id}" in schema["paths"] and "/api/delivery" in schema["paths"]
