"""End to end in a real browser (Playwright driving Debian's Chromium) on the demo data:
overview → map drill-down to a district → events filter → event → article → search,
and a hostile page whose scripts must not run. Screenshots go to test-artifacts/."""
from __future__ import annotations

import socket
import threading
import time
from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"
TOKEN = "e2e-token"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]

if not CHROMIUM.exists():
    pytest.skip("/usr/bin/chromium is not installed (apt-get install -y chromium)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def base_url(tmp_path_factory):
    import uvicorn

    from projectradar.app import Settings, create_app
    from projectradar.web.demo import build_demo_db
    from projectradar.web.pages import vendor_ready

    if not all(vendor_ready().values()):
        pytest.skip("vendor assets missing: run python scripts/build_assets.py")
    store, _ = build_demo_db(tmp_path_factory.mktemp("e2e") / "demo.db")
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(store, settings=Settings(token=TOKEN)),
                                           host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.time() + 20
    while not server.started:
        if time.time() > deadline:
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture()
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda err: errors.append(str(err)))
    page.errors = errors
    yield page
    context.close()


def _shot(page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def _click_region(page, name: str, level: str) -> None:
    """Click where the map draws ``name`` (coordinates from ECharts), then wait for ``level``."""
    point = page.evaluate("(n) => window.radarMap.pixelOf(n)", name)
    assert point, f"{name} is not on the map"
    page.mouse.click(point["x"], point["y"])
    if level:
        page.wait_for_function(
            "(lv) => window.radarMap.ready && document.getElementById('map').dataset.level === lv", arg=level)


def test_overview_map_drills_down_to_a_district(page, base_url):
    page.goto(base_url + "/?year=2026")
    page.wait_for_function("() => window.radarMap && window.radarMap.ready", timeout=20000)
    page.wait_for_timeout(600)  # let the map's fade-in finish before the screenshot
    _shot(page, "overview")   # test-artifacts/ only: docs/screenshots/ is `make screenshots`'s
    shandong = page.evaluate("() => window.radarMap.items.find(i => i.region === '山东省')")
    assert shandong["value"] > 0 and shandong["adcode"] == "370000"

    _click_region(page, "山东省", "province")
    assert page.text_content("#map-crumbs") == "全国 › 山东省"
    _click_region(page, "济南市", "city")
    page.wait_for_timeout(400)
    _shot(page, "map-jinan")
    licheng = page.evaluate("() => window.radarMap.items.find(i => i.region === '历城区')")
    # today's districts, by code: 济阳 is a district since 2018, 莱芜 and 钢城 joined 济南 in 2019
    drawn = page.evaluate("() => window.radarMap.items.map(i => i.adcode + i.region)")
    assert {"370115济阳区", "370116莱芜区", "370117钢城区"} <= set(drawn)
    assert licheng["adcode"] == "370112" and licheng["value"] > 0
    with page.expect_navigation():
        _click_region(page, "历城区", "")
    assert "/regions/370112" in page.url
    assert "历城区" in page.text_content("#region-name")
    _shot(page, "region-licheng")
    assert not page.errors


def test_filter_events_open_one_read_its_article_and_search(page, base_url):
    page.goto(base_url + "/events")
    page.select_option("#event-filters select[name=type]", "signing")
    page.fill("#event-filters input[name=region]", "济南")
    with page.expect_navigation():
        page.click("#event-filters button[type=submit]")
    assert "type=signing" in page.url and "region=" in page.url
    rows = page.locator("table.events tbody tr")
    assert rows.count() >= 1
    assert "历城区" in page.text_content("table.events tbody")
    assert "format=xlsx" in page.get_attribute("#download-xlsx", "href")
    _shot(page, "events")

    with page.expect_navigation():
        page.locator("table.events a.event-link").first.click()
    evidence = page.locator("mark.evidence-mark").first
    assert evidence.is_visible() and len(evidence.text_content()) > 5
    _shot(page, "event")

    with page.expect_navigation():
        page.locator("a.read-link").first.click()
    highlighted = page.locator("#article-body mark.ev")
    assert highlighted.count() >= 1 and highlighted.first.is_visible()
    _shot(page, "reader")

    page.fill(".quicksearch input[name=q]", "签约")
    with page.expect_navigation():
        page.press(".quicksearch input[name=q]", "Enter")
    assert page.locator("#document-results li a").count() >= 1
    _shot(page, "search")
    assert not page.errors


def test_hostile_article_runs_no_script(page, base_url):
    import httpx

    hostile = ("<html><head><meta charset='utf-8'><title>江北区签约</title></head><body>"
               "<h1>江北区集中签约8个项目</h1><p>2026年3月2日，重庆市江北区举行项目集中签约活动，8个项目签约，"
               "总投资40亿元。&lt;script&gt;window.pwned=1&lt;/script&gt;"
               "&lt;img src=x onerror=&quot;window.pwned=2&quot;&gt;</p></body></html>")
    response = httpx.post(base_url + "/api/ingest", headers={"Authorization": f"Bearer {TOKEN}"},
                          files={"files": ("hostile.html", hostile.encode("utf-8"), "text/html")})
    assert response.status_code == 200
    assert httpx.post(base_url + "/api/ingest", data={"text": "签约"}).status_code == 401
    events = httpx.get(base_url + "/api/events", params={"source": "hostile"}).json()["events"]
    doc_id = events[0]["document_id"] if events else httpx.get(
        base_url + "/api/search", params={"q": "江北区"}).json()["documents"][0]["id"]
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(f"{base_url}/documents/{doc_id}")
    assert "window.pwned=1" in page.text_content("#article-body")  # shown as text
    page.goto(f"{base_url}/search?q=江北区")
    page.wait_for_timeout(300)
    assert page.evaluate("() => window.pwned") is None
    assert not dialogs
    _shot(page, "hostile-escaped")


def test_weekly_briefing_page_reads_and_links_to_its_evidence(page, base_url):
    page.goto(base_url + "/briefing?week=2026-W09")
    for section in ("overview", "top", "movers", "targets", "projects"):
        assert page.locator(f"#briefing-{section} h2").is_visible(), section
    signing = page.locator("#briefing-totals tr[data-type=signing]")
    assert signing.locator("[data-field=investment]").text_content() == "186.4亿元"
    assert signing.locator("[data-field=events]").text_content() == "1"
    charts = page.locator("#briefing-charts svg")
    assert charts.count() == 2 and charts.first.is_visible()
    assert charts.first.locator("rect").count() >= 4           # legend and bars drawn
    box = charts.first.bounding_box()
    assert box["width"] > 300 and box["height"] > 60
    assert page.locator("#briefing-top .top-link").first.text_content() == "历城区 签约 22个项目 186.4亿元"
    _shot(page, "briefing")
    with page.expect_navigation():
        page.locator("#briefing-top .top-link").first.click()
    assert "/events/" in page.url and page.locator("mark.evidence-mark").first.is_visible()
    page.go_back()

    page.fill("#briefing-form input[name=week]", "2026-W20")
    page.fill("#briefing-form input[name=region]", "山东")
    with page.expect_navigation():
        page.click("#briefing-form button[type=submit]")
    assert "week=2026-W20" in page.url and "region=" in page.url
    assert "（总数，含下列各地）" in page.text_content("#briefing-top")
    assert "1182亿元" in page.text_content("#briefing-totals")
    with page.expect_navigation():
        page.click("#briefing-before")
    assert "week=2026-W19" in page.url
    assert "库中没有山东的事件记录" in page.text_content("#briefing-overview")
    assert page.locator("#briefing-charts").count() == 0
    pdf = page.request.get(base_url + "/briefing.pdf?week=2026-W09")
    assert pdf.ok and pdf.body().startswith(b"%PDF")
    assert not page.errors


def test_projects_list_filter_open_one_and_see_the_funnel(page, base_url):
    page.goto(base_url + "/projects")
    assert page.locator("#projects tr[data-project-id]").count() >= 5
    page.select_option("#project-filters select[name=stage]", "completion")
    with page.expect_navigation():
        page.click("#project-filters button[type=submit]")
    assert "stage=completion" in page.url
    rows = page.locator("#projects tr[data-project-id]")
    assert rows.count() == 1
    assert rows.first.locator(".badge.stage").text_content() == "竣工"
    assert rows.first.locator(".money").text_content() == "20亿元"
    _shot(page, "projects")
    with page.expect_navigation():
        rows.first.locator("a.project-link").click()
    assert "/projects/" in page.url
    assert page.locator("#timeline li").count() == 2
    marks = page.locator("#tellings mark.project-name")
    assert marks.count() == 2 and marks.first.is_visible()
    assert marks.last.text_content() == "低空飞行器总装基地项目"
    _shot(page, "project")
    with page.expect_navigation():
        page.locator("#facts a").first.click()          # the region's page
    page.wait_for_selector("#funnel[data-drawn=yes]")
    box = page.locator("#funnel canvas").first.bounding_box()
    assert box["width"] > 200 and box["height"] > 100
    assert page.locator("#funnel-table tr[data-step=signed] td").first.text_content() == "1"
    assert page.locator("#stalled").is_visible()
    _shot(page, "region-funnel")
    assert not page.errors
