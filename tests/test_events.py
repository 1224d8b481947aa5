"""Event extraction on pages written for these tests (tests/fixtures/events/*.json)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from projectradar.events import extract_events
from projectradar.mentions.annotate import annotate
from projectradar.records import Document
from projectradar.text import normalize

from fixtures.read_events import read_events

FIXTURES = sorted((Path(__file__).parent / "fixtures" / "events").glob("*.json"))


def load(path: Path) -> tuple[dict, list]:
    case = json.loads(path.read_text(encoding="utf-8"))
    events = read_events(case["text"], published=case.get("published"), title=case.get("title"),
                         source=path.name, doc_id=path.stem)
    return case, [e.to_dict() for e in events]


def matches(want: dict, got: dict) -> bool:
    return (got["type"] == want["type"] and got["region"]["adcode"] == want["adcode"]
            and str(got["date"]["start"] or "").startswith(want["date"]))


def check_fields(want: dict, got: dict) -> None:
    for key, value in want.items():
        if key in ("type", "adcode", "date"):
            continue
        if key == "end":
            assert got["date"]["end"] == value, (key, got)
        elif key == "people":
            assert set(value) <= {p["name"] for p in got["people"]}, got["people"]
        elif key == "organizations":
            assert set(value) <= {o["name"] for o in got["organizations"]}, got["organizations"]
        elif key == "destinations":
            names = {d["name"].rstrip("市省") for d in got["destinations"]}
            assert {v.rstrip("市省") for v in value} <= names, got["destinations"]
        else:
            assert got[key] == value, (key, got[key], value)


@pytest.mark.parametrize("path", FIXTURES, ids=[p.stem for p in FIXTURES])
def test_fixture_page(path: Path) -> None:
    case, events = load(path)
    plain = [e for e in events if not e["cumulative"]]
    for want in case["expected"]:
        found = [e for e in plain if matches(want, e)]
        assert found, f"missing {want} in {[(e['type'], e['region']['adcode'], e['date']['start']) for e in events]}"
        check_fields(want, found[0])
    if case.get("exact"):
        assert len(plain) == len(case["expected"]), [(e["type"], e["region"]["adcode"]) for e in plain]
    for name in case.get("absent_people", []):
        assert all(p["name"] != name for e in events for p in e["people"]), name
    for absent in case.get("absent", []):
        assert not [e for e in plain if e["type"] == absent["type"]], absent
    if case.get("cumulative_only"):
        assert len(plain) == len(case["expected"])


def test_running_total_is_marked_cumulative() -> None:
    _, events = load(Path(__file__).parent / "fixtures" / "events" / "running_total.json")
    totals = [e for e in events if e["cumulative"]]
    assert all(e["confidence"] <= 0.35 for e in totals)
    assert all(e["project_count"] != 6 for e in totals)


def test_every_event_has_evidence_inside_the_text() -> None:
    for path in FIXTURES:
        case, events = load(path)
        for event in events:
            ev = event["evidence"]
            assert normalize(case["text"])[ev["start"]:ev["end"]] == ev["text"]  # offsets point into the normalized text
            assert 0 < event["confidence"] <= 1
            assert event["source"] == path.name and event["document_id"] == path.stem


def test_empty_and_eventless_text() -> None:
    assert extract_events(annotate(Document(id="e", source="e.txt", text=""))) == []
    assert extract_events(annotate(Document(id="n", source="n.txt", text="今天天气晴朗，市民出游踏青。"))) == []
