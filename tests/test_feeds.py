"""Atom feeds of events (/feeds/events.atom?<filter>, /feeds/watches/NAME.atom) over the demo
corpus: read back with feedparser and checked entry by entry against `events` with the same
filter; conditional GETs answer 304 until the feed changes."""
from __future__ import annotations

import calendar
import datetime as dt
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlencode

import feedparser
import pytest
from fastapi.testclient import TestClient

from projectradar.app import Settings, create_app
from projectradar.formatting import parse_yuan, summary_line
from projectradar.store import EventFilter
from projectradar.web.demo import build_demo_db

ROOT = Path(__file__).resolve().parent.parent
ATOM = "{http://www.w3.org/2005/Atom}"
TOKEN = "feed-token"


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    store, _ = build_demo_db(tmp_path_factory.mktemp("feeds") / "demo.db")
    yield store, TestClient(create_app(store, settings=Settings(token=TOKEN)))
    store.close()


FILTERS = [
    {},
    {"region": "济南", "type": "signing"},
    {"adcode": "37", "min_investment": "100亿"},
    {"type": "signing,groundbreaking", "since": "2026-04", "until": "2026-06-30"},
    {"sector": "新能源"},
    {"org": "有限公司"},
    {"q": "签约"},
]


def _stamp(text: str) -> int:
    return calendar.timegm(dt.datetime.fromisoformat(text).astimezone(dt.timezone.utc).timetuple())


@pytest.mark.parametrize("params", FILTERS, ids=lambda p: urlencode(p) or "all")
def test_feed_entries_are_the_events_of_the_same_filter(demo, params):
    store, client = demo
    response = client.get("/feeds/events.atom", params={**params, "limit": 100})
    assert response.status_code == 200 and response.headers["content-type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo and feed.version == "atom10"
    given = dict(params)
    if "min_investment" in given:
        given["min_investment"] = parse_yuan(given["min_investment"])
    expected = store.feed_events(EventFilter(**given), limit=100)
    assert expected == store.feed_events(EventFilter(**given), limit=100)
    assert [e["id"] for e in expected] == [e["id"] for e in store.events(EventFilter(**given), limit=100)]
    assert expected, "each filter finds something in the demo corpus"
    assert len(feed.entries) == len(expected)
    for entry, event in zip(feed.entries, expected):
        assert entry.link == f"http://testserver/events/{event['id']}" == entry.id
        assert entry.title == summary_line(event)
        assert entry.content[0].value == event["evidence"]["text"]
        assert calendar.timegm(entry.updated_parsed) == _stamp(event["updated_at"])
        assert entry.tags[0].term == event["type"]
        assert event["date"]["start"] in entry.summary
    dates = [e["date"]["start"] for e in expected]
    assert dates == sorted(dates, reverse=True)            # newest first, as `events` sorts


def test_feed_is_valid_atom_with_the_links_a_reader_needs(demo):
    _, client = demo
    body = client.get("/feeds/events.atom", params={"region": "济南", "type": "signing"}).content
    root = ET.fromstring(body)
    assert root.tag == f"{ATOM}feed"
    for tag in ("id", "title", "updated", "author"):
        assert root.find(f"{ATOM}{tag}") is not None, tag
    links = {link.get("rel"): link.get("href") for link in root.findall(f"{ATOM}link")}
    assert links["self"].startswith("http://testserver/feeds/events.atom?region=")
    assert links["alternate"] == "http://testserver/events?region=%E6%B5%8E%E5%8D%97&type=signing"
    entries = root.findall(f"{ATOM}entry")
    assert entries
    for entry in entries:
        for tag in ("id", "title", "updated", "link", "content"):
            assert entry.find(f"{ATOM}{tag}") is not None, tag
    assert entries[0].find(f"{ATOM}title").text.startswith(("槐荫区", "天桥区", "历城区"))
    assert "历城区 签约 22个项目 186.4亿元" in body.decode("utf-8")


def test_a_repeated_conditional_get_answers_304_until_the_feed_changes(demo, tmp_path):
    store, client = demo
    url = "/feeds/events.atom?region=%E6%B5%8E%E5%8D%97"
    first = client.get(url)
    etag, modified = first.headers["etag"], first.headers["last-modified"]
    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b"" and again.headers["etag"] == etag
    assert client.get(url, headers={"If-Modified-Since": modified}).status_code == 304
    assert client.get(url, headers={"If-None-Match": '"other", ' + etag}).status_code == 304
    assert client.get(url, headers={"If-None-Match": '"stale"'}).status_code == 200
    # a new event of the filter: a new ETag, a later Last-Modified, and the entry on top
    page = ROOT / "docs" / "readme" / "follow-lixia-signing.txt"
    ingested = client.post("/api/ingest", headers={"Authorization": f"Bearer {TOKEN}"},
                           files={"files": (page.name, page.read_bytes(), "text/plain")})
    assert ingested.json()["report"]["events_new"] == 1
    changed = client.get(url, headers={"If-None-Match": etag, "If-Modified-Since": modified})
    assert changed.status_code == 200 and changed.headers["etag"] != etag
    assert feedparser.parse(changed.content).entries[0].title == "历下区 签约 15个项目 128亿元"
    # another filter's feed did not change
    other = "/feeds/events.atom?region=%E9%9D%92%E5%B2%9B"
    before = client.get(other).headers["etag"]
    assert client.get(other, headers={"If-None-Match": before}).status_code == 304


def test_a_watch_has_the_feed_of_its_filter(demo):
    store, client = demo
    made = client.post("/api/watches", json={"name": "山东开工", "filters": {"region": "山东", "type": "groundbreaking"}},
                       headers={"Authorization": f"Bearer {TOKEN}"})
    assert made.status_code == 201
    watched = feedparser.parse(client.get(made.json()["feed"]).content)
    plain = feedparser.parse(client.get("/feeds/events.atom", params={"region": "山东", "type": "groundbreaking"}).content)
    assert [e.id for e in watched.entries] == [e.id for e in plain.entries] != []
    assert "山东开工" in watched.feed.title
    assert client.get("/feeds/watches/nobody.atom").status_code == 404


def test_the_filtered_event_list_links_its_feed(demo):
    _, client = demo
    html = client.get("/events", params={"region": "济南", "type": "signing"}).text
    link = "/feeds/events.atom?region=%E6%B5%8E%E5%8D%97&amp;type=signing"
    assert f'id="feed-link" href="{link}"' in html
    assert f'<link rel="alternate" type="application/atom+xml" title="项目雷达 · 事件订阅" href="{link}">' in html


def test_a_bad_filter_is_refused(demo):
    _, client = demo
    assert client.get("/feeds/events.atom", params={"since": "yesterday"}).status_code == 422
    assert client.get("/feeds/events.atom", params={"region": "火星基地"}).status_code == 422
    assert client.get("/feeds/events.atom", params={"limit": 0}).status_code == 422
