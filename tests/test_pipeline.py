"""pipeline: extract / extract_raw wire pages to events and stamp source and document ids."""
from __future__ import annotations

from pathlib import Path

import projectradar
from projectradar import pipeline
from projectradar.records import Event, RawInput, Result

PAGES = Path(__file__).resolve().parent / "fixtures" / "pages"


def fake_events(annotated):
    # one event per document that names 签约, so wiring is tested apart from the rules
    if "签约" not in annotated.text:
        return []
    return [Event(type="signing", title=annotated.document.title)]


def test_extract_raw_stamps_source_document_and_id(monkeypatch):
    monkeypatch.setattr("projectradar.events.extract_events", fake_events)
    raw = RawInput(source="city_paper.txt", content=(PAGES / "city_paper.txt").read_text(encoding="utf-8"))
    result = pipeline.extract_raw(raw)
    assert isinstance(result, Result)
    assert [d.kind for d in result.documents] == ["article", "teaser", "teaser", "teaser"]
    assert len(result.events) == 1
    event = result.events[0]
    assert event.source == "city_paper.txt"
    assert event.document_id == result.documents[0].id
    assert event.id and event.id == event.compute_id()


def test_extract_reads_html_text_and_markdown_alike(monkeypatch):
    monkeypatch.setattr("projectradar.events.extract_events", fake_events)
    html = "<html><head><title>某区签约</title></head><body><h1>某区签约</h1><p>今天,某区签约五个项目,总投资20亿元。</p></body></html>"
    md = (PAGES / "daily_dump.md").read_text(encoding="utf-8")
    text = (PAGES / "gov_site.txt").read_text(encoding="utf-8")
    assert projectradar.extract(html).documents[0].title == "某区签约"
    assert [d.title for d in projectradar.extract(md).documents][0].startswith("甘肃")
    assert projectradar.extract(text.encode("gb18030")).documents[0].source_name == "埇桥区发展和改革委员会"


def test_published_argument_overrides_page():
    text = (PAGES / "gov_site.txt").read_text(encoding="utf-8")
    result = projectradar.extract(text, published="2024-03-13", url="https://example.gov.cn/a.html")
    doc = result.documents[0]
    assert doc.published == "2024-03-13" and doc.url == "https://example.gov.cn/a.html"
    assert doc.source == "https://example.gov.cn/a.html"


def test_events_carry_offsets_into_document_text():
    # whatever the events stage finds, its evidence must point into the normalized text
    result = projectradar.extract((PAGES / "city_paper.txt").read_bytes(), source="city_paper.txt")
    by_id = {d.id: d for d in result.documents}
    for event in result.events:
        doc = by_id[event.document_id]
        if event.evidence is not None:
            assert doc.text[event.evidence.start:event.evidence.end] == event.evidence.text


def test_published_argument_forms_and_errors():
    import pytest

    from projectradar.errors import InputError

    assert projectradar.extract("某县签约\n今天签约。", published="2023年2月4日").documents[0].published == "2023-02-04"
    with pytest.raises(InputError, match="not a date"):
        projectradar.extract("某县签约\n今天签约。", published="yesterday")
