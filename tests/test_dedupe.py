"""Kept once, decided on plain records (projectradar.resolve): copies of an article, one event
told by several articles, totals whose parts the same page gives. No database here."""
from __future__ import annotations

import doctest

import pytest

from projectradar.records import Document, Result, Event
from projectradar.resolve import documents as copies
from projectradar.resolve import events as tellings
from projectradar.resolve import umbrellas

# Our own sentences: a district's signing ceremony, then the same story reprinted.
STORY = ("3月6日上午，东湖区二〇二四年一季度重点项目集中签约仪式在区政务中心举行，现场签约项目14个，"
         "总投资62.5亿元，涵盖新材料、数字经济和现代物流等领域。区委书记出席并致辞，区长主持仪式。") * 2
TITLE = "东湖区一季度重点项目集中签约"


def _copy_of(text: str, title: str = TITLE, doc_id: str = "a") -> copies.CopyFinder:
    finder = copies.CopyFinder()
    sig = copies.minhash_signature(text)
    finder.add(doc_id, copies.content_hash("article", title, text), sig, copies.band_keys(sig), text, title)
    return finder


def _near(finder: copies.CopyFinder, text: str, title: str = TITLE, load=None) -> str | None:
    sig = copies.minhash_signature(text)
    return finder.near_duplicate(sig, copies.band_keys(sig), text, title, load)


def test_the_same_text_with_other_spacing_is_the_same_copy():
    finder = _copy_of(STORY)
    spaced = STORY.replace("，", "， ")
    assert finder.same_text(copies.content_hash("article", "another title", spaced)) == "a"


def test_a_reprint_with_a_byline_added_is_a_near_duplicate():
    finder = _copy_of(STORY)
    assert _near(finder, STORY + "（记者 王晓 通讯员 李青）") == "a"


def test_other_figures_or_a_contradicting_title_are_another_article():
    finder = _copy_of(STORY)
    assert _near(finder, STORY.replace("14个", "16个")) is None
    assert _near(finder, STORY, title="西湖区一季度重点项目集中签约") is None
    assert _near(finder, STORY, title=None) == "a"          # a missing title contradicts nothing


def test_stored_candidates_are_asked_for_only_when_bands_match():
    finder = copies.CopyFinder()
    sig = copies.minhash_signature(STORY)
    for key in copies.band_keys(sig):
        finder.know_band(key, "stored-1")
    asked = []

    def load(ids):
        asked.append(list(ids))
        return [("stored-1", sig, STORY, TITLE)]

    assert _near(finder, STORY + "（完）", load=load) == "stored-1"
    assert asked == [["stored-1"]]
    assert _near(finder, "与此无关的另一篇报道，讲的是春耕备耕和农资供应的情况。" * 4, load=load) is None
    assert len(asked) == 1


def test_short_texts_get_no_signature_and_teasers_no_check():
    assert copies.minhash_signature("某县签约5个项目。") is None
    teaser = Document(id="t", source="p.txt", kind="teaser", text=STORY)
    article = Document(id="b", source="p.txt", text="短讯")
    long_article = Document(id="c", source="p.txt", text="长" * copies.NEAR_DUP_WITHOUT_EVENTS_CHARS)
    assert not copies.needs_near_duplicate_check(teaser, None)
    assert copies.needs_near_duplicate_check(article, {"b"})
    assert not copies.needs_near_duplicate_check(article, {"x"})
    assert copies.needs_near_duplicate_check(long_article, set())


def test_eventful_documents():
    result = Result(documents=[Document(id="d1", source="s"), Document(id="d2", source="s")],
                    events=[Event(type="signing", document_id="d2")])
    assert copies.eventful_documents([result]) == {"d2"}


# ---------------------------------------------------------------- events
def _signing(day: str = "2024-03-06", **figures) -> dict:
    return {"id": "x", "type": "signing", "region": {"adcode": "360102"}, "date": {"start": day},
            "project_count": 14, **figures}


def test_the_same_event_within_a_day_and_within_one_percent():
    told = _signing()
    assert tellings.same_event(told, _signing("2024-03-07", investment_yuan=6_250_000_000))
    assert tellings.same_event(_signing(investment_yuan=6_250_000_000), _signing(investment_yuan=6_300_000_000))
    assert not tellings.same_event(told, _signing("2024-03-08"))
    assert not tellings.same_event(told, dict(_signing(), project_count=20))
    assert not tellings.same_event(told, dict(_signing(), type="groundbreaking"))
    assert not tellings.same_event(told, dict(_signing(), cumulative=True))
    no_region = dict(_signing(), region=None)
    assert not tellings.same_event(no_region, no_region)


def test_a_document_telling_two_similar_things_tells_two_events():
    stored = [("e1", _signing(), {"doc-a"}), ("e2", _signing(), {"doc-b"})]
    assert tellings.first_same_event(_signing(), "doc-a", iter(stored)) == "e2"
    assert tellings.first_same_event(_signing(), "doc-c", iter(stored)) == "e1"


def test_candidates_are_read_only_up_to_the_match():
    seen = []

    def lazily():
        for event_id in ("e1", "e2", "e3"):
            seen.append(event_id)
            yield event_id, _signing() if event_id == "e2" else dict(_signing(), project_count=99), set()

    assert tellings.first_same_event(_signing(), "doc", lazily()) == "e2"
    assert seen == ["e1", "e2"]


def test_a_better_telling_improves_the_event_and_says_what_changed():
    kept = dict(_signing(), id="e1", confidence=0.6, sectors=["新材料"])
    better = dict(_signing(), id="x2", investment_yuan=6_250_000_000, confidence=0.9, sectors=[])
    record, changes = tellings.retell(kept, better, "e1")
    assert record["id"] == "e1" and record["investment_yuan"] == 6_250_000_000
    assert record["sectors"] == ["新材料"]                  # what the better telling leaves out is kept
    assert changes == {"investment_yuan": [None, 6_250_000_000], "confidence": [0.6, 0.9]}
    assert tellings.retell(better, kept, "e1") is None     # fewer figures: nothing to improve


def test_the_event_finder_looks_a_day_around_stored_ones_first():
    finder = tellings.EventFinder()
    finder.know_stored(("signing", "360102", "2024-03-05"), "s2")
    finder.know_stored(("signing", "360102", "2024-03-07"), "s1")
    finder.add("n1", _signing("2024-03-06"))
    finder.add("n0", dict(_signing(), region=None))         # never a candidate
    assert finder.candidates(_signing("2024-03-06")) == ["s1", "s2", "n1"]
    assert finder.candidates(_signing("2024-03-09")) == []
    assert finder.candidates(dict(_signing(), date={})) == []


# ---------------------------------------------------------------- umbrellas
def test_a_province_total_over_its_cities_is_the_umbrella():
    def told(event_id, adcode, count):
        return {"id": event_id, "type": "groundbreaking", "document_id": "d", "project_count": count,
                "region": {"adcode": adcode}, "date": {"start": "2024-02-18"}}

    recs = [told("p", "360000", 40), told("c1", "360100", 25), told("c2", "360700", 15)]
    assert umbrellas.mark_umbrellas(recs) == {"p"}
    assert umbrellas.mark_umbrellas([recs[0], dict(recs[1], document_id="other")]) == set()
    assert umbrellas.mark_umbrellas([recs[0], dict(recs[1], project_count=None)]) == set()
    assert umbrellas.counts_in_sums(recs[1]) and not umbrellas.counts_in_sums(recs[0], umbrella=True)
    assert not umbrellas.counts_in_sums(dict(recs[1], type="target"))


@pytest.mark.parametrize("module", [copies, tellings, umbrellas])
def test_docstring_examples_run(module):
    failed, tried = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert tried and not failed
