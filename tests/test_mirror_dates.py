"""A page dated after the story it copies (a later mirror): the day it tells is moved to the year
its sentence names, and only events of that day escape the "too old" check, not the whole page."""
from __future__ import annotations

from projectradar.events import extract_events
from projectradar.mentions.annotate import annotate
from projectradar.records import Document

MIRRORED = "4月7日，安徽省2022年第二批重大项目集中开工，共开工项目120个，总投资500亿元。"
OLD_SIGNING = "2021年5月10日，肥西县举行项目集中签约仪式，签约项目12个，总投资30亿元。"


def _events(text: str) -> list[tuple[str, str, int | None]]:
    doc = Document(id="d", source="mirror.txt", published="2023-03-07", text=text)
    return [(e.type, e.date.start, e.project_count) for e in extract_events(annotate(doc))]


def test_a_day_after_the_page_in_a_sentence_naming_an_earlier_year_is_of_that_year() -> None:
    assert _events(MIRRORED) == [("groundbreaking", "2022-04-07", 120)]


def test_a_mirror_day_does_not_let_an_older_event_of_the_page_through() -> None:
    assert _events(f"{MIRRORED}\n{OLD_SIGNING}") == [("groundbreaking", "2022-04-07", 120)]
