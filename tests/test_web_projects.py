"""The 项目库's pages over the demo corpus: the list, one project, and the funnel on a region page."""
from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from projectradar.app import Settings, create_app
from projectradar.web.demo import build_demo_db


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    store, _ = build_demo_db(tmp_path_factory.mktemp("web-projects") / "demo.db")
    return TestClient(create_app(store, settings=Settings()))


def _aviation(client) -> str:
    html = client.get("/projects", params={"q": "低空飞行器"}).text
    return re.search(r'data-project-id="([0-9a-f]+)"', html).group(1)


def test_the_list_filters_shows_stage_badges_and_amounts_in_yi(client):
    html = client.get("/projects").text
    assert 'id="projects"' in html and "项目库" in html
    assert '<span class="badge stage s-completion" data-stage="completion">竣工</span>' in html
    assert '<span class="money">20亿元</span>' in html
    only = client.get("/projects", params={"stage": "completion"}).text
    assert only.count("data-project-id=") == 1 and "低空飞行器总装基地" in only
    assert 'href="/api/export/projects?stage=completion&amp;format=csv"' in only
    assert client.get("/projects", params={"stage": "done"}).status_code == 422


def test_a_project_page_shows_its_timeline_and_marks_the_name_in_each_evidence(client):
    html = client.get(f"/projects/{_aviation(client)}").text
    steps = re.findall(r'<li data-stage="(\w+)">', html)
    assert steps == ["signing", "completion"]
    assert html.count('<mark class="project-name">') == 2
    assert '<mark class="project-name">低空飞行器总装基地项目</mark>竣工投产' in html
    assert client.get("/projects/nope").status_code == 404


def test_a_region_page_shows_the_funnel_and_the_stalled_list(client):
    html = client.get("/regions/510100", params={"year": 2026}).text
    assert 'id="funnel"' in html and 'id="funnel-table"' in html
    assert re.search(r'data-step="signed"><th>签约</th><td class="num">1</td>', html)
    assert re.search(r'data-step="completed"><th>竣工投产</th><td class="num">1</td>', html)
    assert "仪式总数与点名项目分开列出，不相加" in html
    assert 'id="stalled"' in html
