"""Every finder on short stories told the ways different provinces tell them (tests/fixtures/mentions/)."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from projectradar.mentions.counts import find_counts
from projectradar.mentions.dates import find_dates
from projectradar.mentions.money import find_money
from projectradar.mentions.orgs import find_organizations
from projectradar.mentions.people import find_people
from projectradar.mentions.sectors import find_sectors

STORIES = Path(__file__).resolve().parent / "fixtures" / "mentions" / "stories.jsonl"


def _stories():
    with STORIES.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


@pytest.mark.parametrize("story", _stories(), ids=lambda s: s["note"])
def test_story(story):
    text = story["text"]
    base = dt.date.fromisoformat(story["base"])
    if "money" in story:
        got = [[m.value, m.currency, m.qualifier, m.role] for m in find_money(text)]
        assert got == [[float(v), c, q, r] for v, c, q, r in story["money"]]
    if "counts" in story:
        assert [[c.value, c.noun] for c in find_counts(text)] == story["counts"]
    if "dates" in story:
        got = [[d.start_date, d.end_date, d.precision] for d in find_dates(text, base=base)]
        assert got == story["dates"]
    if "people" in story:
        assert [[p.name, p.title] for p in find_people(text)] == story["people"]
    if "orgs" in story:
        assert [o.name for o in find_organizations(text)] == story["orgs"]
    if "sectors" in story:
        assert [s.name for s in find_sectors(text)] == story["sectors"]
