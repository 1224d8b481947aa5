"""The annotated document: each mention found once, on demand, places read in their story."""
from __future__ import annotations

from projectradar.mentions import annotate as annotate_module
from projectradar.mentions.annotate import annotate
from projectradar.records import Document

STORY = Document(
    id="a", source="a.txt", title="甲市槐荫区12个项目集中签约", published="2024-03-02",
    text="济南市槐荫区举行重点项目集中签约仪式。\n"
         "3月1日，槐荫区与远航精密制造有限公司等企业签约12个项目，总投资56亿元，全区上下干劲十足。\n"
         "全国工商联有关负责人出席。",
)


def test_nothing_is_found_before_a_paragraph_is_asked_for(monkeypatch):
    calls = []
    real = annotate_module.find_money
    monkeypatch.setattr(annotate_module, "find_money", lambda text: calls.append(text) or real(text))
    annotated = annotate(STORY)
    assert calls == []
    assert [STORY.text[s:e] for s, e in annotated.sentences][0] == "济南市槐荫区举行重点项目集中签约仪式。"
    first = annotated.paragraph(1)
    assert annotated.paragraph(1) is first and len(calls) == 1


def test_paragraph_mentions_have_paragraph_offsets_and_figures():
    para = annotate(STORY).paragraph(1)
    assert para.text[para.money[0].start:para.money[0].end] == "56亿元"
    assert [(m.value, m.role) for m in para.money] == [(5.6e9, "total")]
    assert [c.value for c in para.counts] == [12]
    assert [d.start_date for d in para.dates] == ["2024-03-01"]
    assert [o.name for o in para.organizations] == ["远航精密制造有限公司"]


def test_every_place_carries_the_region_it_means_in_the_story():
    annotated = annotate(STORY)
    places = {p.text: p for p in annotated.paragraph(1).places}
    assert places["槐荫区"].region.adcode == "370104"         # 济南's, as the story says
    assert places["全区上下"].kind == "self" and places["全区上下"].region.adcode == "370104"
    assert annotated.home.adcode == "370104"


def test_the_nation_is_a_self_reference_even_inside_an_organization_name():
    # 全国工商联 names no place for the finder; the story still reads its 全国 as a self-reference,
    # whose meaning the event stage decides
    places = annotate(STORY).paragraph(2).places
    assert [(p.text, p.kind, p.region) for p in places] == [("全国", "self", None)]


def test_title_places_and_counts_are_read_once():
    annotated = annotate(STORY)
    assert [(p.text, p.region.adcode) for p in annotated.title_places] == [("槐荫区", "370104")]
    assert annotated.title_places is annotated.title_places
    assert [c.value for c in annotated.title_counts] == [12]
