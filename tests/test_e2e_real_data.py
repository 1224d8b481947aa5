"""The dashboard on real data, in a real browser: the xinwenlianbo corpus (../shared) ingested
once per session (about 20 s), served, and read the way a new user reads it.

Skipped, with the reason, when ../shared or Chromium is absent."""
from __future__ import annotations

import re
import threading
import time

import pytest

from projectradar.formatting import MONEY_PATTERN

pytestmark = [pytest.mark.browser, pytest.mark.slow]

from test_e2e_browser import ARGS, CHROMIUM, _free_port  # noqa: E402  (skips without Chromium)

sync_api = pytest.importorskip("playwright.sync_api")

# Text on a page that reads as money: digits, maybe a unit, then 元. Every such figure the
# dashboard writes must be the one formatter's; quoted article text (snippets, evidence,
# headlines) is the news' own and is left out.
MONEY_LIKE = re.compile(r"[约超]?[\d,.]+\s*(?:万亿|亿|千万|百万|万)?\s*元(?:以上)?")
OUR_TEXT = ".cards, .grid td.num, .chips, .targets, #timeline-table, dl.facts dd"


@pytest.fixture(scope="module")
def real_url(shared_dir, tmp_path_factory):
    corpus = shared_dir / "data" / "xinwenlianbo" / "news"
    if not corpus.is_dir():
        pytest.skip(f"no xinwenlianbo corpus under {shared_dir}")
    import uvicorn

    import projectradar
    from projectradar import Store
    from projectradar.app import create_app
    from projectradar.web.pages import vendor_ready

    if not all(vendor_ready().values()):
        pytest.skip("vendor assets missing: run python scripts/build_assets.py")
    store = Store(str(tmp_path_factory.mktemp("real") / "xinwenlianbo.db"))
    projectradar.ingest(store, [str(corpus)])
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(store), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.time() + 30
    while not server.started:
        assert time.time() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", store
    server.should_exit = True
    thread.join(timeout=10)
    store.close()


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


def _money_figures(page) -> list[str]:
    texts = page.eval_on_selector_all(OUR_TEXT, "nodes => nodes.map(n => n.innerText)")
    return [m.group().replace(" ", "") for text in texts for m in MONEY_LIKE.finditer(text)]


def _formatted_right(figure: str) -> bool:
    if not re.fullmatch(MONEY_PATTERN, figure):
        return False
    number = float(re.search(r"\d+(?:\.\d+)?", figure).group())
    unit = re.search(r"(万亿|亿|万)?元", figure).group(1)
    # the largest unit that leaves a figure of at least 1, and at most four digits before the point
    return number < 10000 and (number >= 1 or unit is None)


def test_overview_opens_on_a_year_with_data_and_colours_more_than_one_province(page, real_url):
    base, store = real_url
    page.goto(base + "/")
    page.wait_for_function("() => window.radarMap && window.radarMap.ready", timeout=30000)
    year = int(re.search(r"(\d{4}) 年招商引资总览", page.text_content("h1")).group(1))
    signed = {y["year"]: y["signed_yuan"] for y in store.years()}
    assert signed.get(year), f"opened on {year}, which has no signed money"
    coloured = page.evaluate("() => window.radarMap.items.filter(i => i.value > 0).map(i => i.region)")
    assert len(coloured) > 1, coloured
    assert not page.errors


def test_a_chosen_year_without_events_says_so(page, real_url):
    base, _ = real_url
    page.goto(base + "/?year=1990")
    assert "1990 年还没有事件" in page.text_content("#empty-year")
    assert "没有报出金额的签约" in page.text_content("#province-chips")


def test_no_row_of_the_cities_table_is_a_province(page, real_url):
    base, store = real_url
    page.goto(base + "/")
    links = page.eval_on_selector_all("#top-regions tbody a", "nodes => nodes.map(n => n.getAttribute('href'))")
    assert links, "the top cities table is empty"
    codes = [re.search(r"/regions/(\d{6})", href).group(1) for href in links]
    municipalities = ("11", "12", "31", "50")
    assert not [c for c in codes if c.endswith("0000") and c[:2] not in municipalities], codes
    zero = page.eval_on_selector_all("#top-regions tbody td.num:nth-child(5)", "n => n.map(x => x.innerText)")
    assert "0元" not in zero and "—" not in zero


@pytest.mark.parametrize("path", ["/", "/regions", "/events?type=signing&sort=-investment"])
def test_every_money_figure_is_the_one_formatter(page, real_url, path):
    base, store = real_url
    page.goto(base + path)
    figures = _money_figures(page)
    assert figures, f"no money shown on {path}"
    wrong = [f for f in figures if not _formatted_right(f)]
    assert not wrong, f"{path}: {wrong[:10]}"


def test_every_money_figure_on_region_pages_is_the_one_formatter(page, real_url):
    base, store = real_url
    year = store.latest_year()
    top = store.region_rows(parent=None, year=year, level="province")[:3]
    for row in top:
        page.goto(f"{base}/regions/{row['adcode']}?year={year}")
        wrong = [f for f in _money_figures(page) if not _formatted_right(f)]
        assert not wrong, f"{row['name']}: {wrong[:10]}"
        money = page.eval_on_selector_all(".money", "n => n.map(x => getComputedStyle(x).whiteSpace)")
        assert set(money) <= {"nowrap"}


def test_no_target_bar_exceeds_100_percent_without_saying_why(page, real_url):
    base, store = real_url
    seen = 0
    for target in store.targets():
        region = (target.get("region") or {}).get("adcode")
        year = ((target.get("date") or {}).get("start") or "")[:4]
        if not region or len(region) != 6 or not year:
            continue
        page.goto(f"{base}/regions/{region}?year={year}")
        for item in page.query_selector_all("#targets li.target"):
            bar = item.query_selector(".progress > span")
            if bar is None:
                continue
            seen += 1
            width = float(re.search(r"width:\s*([\d.]+)%", bar.get_attribute("style")).group(1))
            assert width <= 100
            shown = float(item.query_selector(".progress em").inner_text().rstrip("%"))
            if shown > 100:
                assert "倍" in item.inner_text() and "封顶" in item.inner_text()
    assert seen, "no target with a progress bar on any region page"


def test_map_drills_down_by_code_to_current_districts(page, real_url):
    base, _ = real_url
    page.goto(base + "/")
    page.wait_for_function("() => window.radarMap && window.radarMap.ready", timeout=30000)
    page.evaluate("() => window.radarMap.show({adcode: '370100', name: '济南市'})")
    page.wait_for_function("() => window.radarMap.ready && window.radarMap.names['370116']")
    drawn = set(page.evaluate("() => window.radarMap.items.map(i => i.adcode)"))
    assert {"370115", "370116", "370117", "370112"} <= drawn   # 济阳区, 莱芜区, 钢城区, 历城区
    assert not page.errors
