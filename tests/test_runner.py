"""The runner: paths, stdin, URLs and RawInputs into results for every face; `projectradar.ingest`."""
from __future__ import annotations

import pytest

import projectradar
from projectradar import runner
from projectradar.errors import InputError, RadarError, RuleError
from projectradar.records import RawInput, Result
from projectradar.store import Store

PAGE = "要闻\n东湖区五个项目集中签约\n3月6日，东湖区举行重点项目集中签约仪式，现场签约项目5个，总投资12亿元。\n"


@pytest.fixture()
def pages(tmp_path):
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "a.txt").write_text(PAGE, encoding="utf-8")
    (folder / "b.txt").write_text(PAGE.replace("东湖区", "南湖区"), encoding="utf-8")
    return folder


def test_paths_and_raw_inputs_come_out_in_order(pages):
    raw = RawInput(source="given.txt", content=PAGE.replace("东湖区", "江岸区"))
    gone = InputError("gone.txt", "no such file")
    out = list(runner.extract_inputs([pages / "a.txt", str(pages / "missing.txt"), raw, gone, str(pages / "b.txt")],
                                     workers=1))
    assert [type(o).__name__ for o in out] == ["Result", "InputError", "Result", "InputError", "Result"]
    assert "missing.txt" in str(out[1]) and out[3] is gone
    assert [o.documents[0].title for o in (out[0], out[2], out[4])] == [
        "东湖区五个项目集中签约", "江岸区五个项目集中签约", "南湖区五个项目集中签约"]
    assert all(o.events for o in (out[0], out[2], out[4]))


def test_published_overrides_every_page(pages):
    out = list(runner.extract_inputs([pages], workers=1, published="2024-03-07"))
    assert [d.published for o in out for d in o.documents] == ["2024-03-07", "2024-03-07"]
    assert {e.date.start for o in out for e in o.events} == {"2024-03-06"}


def test_two_workers_give_what_one_gives(pages):
    one = [o.to_dict() for o in runner.extract_inputs([pages], workers=1)]
    two = [o.to_dict() for o in runner.extract_inputs([pages, pages], workers=2)]
    assert two == one + one


def test_a_broken_rule_table_stops_the_run_with_its_message(pages, monkeypatch):
    def broken(raw):
        raise RuleError("triggers.tsv", 3, "expected 3 tab-separated columns, found 2")

    monkeypatch.setattr(runner, "extract_raw", broken)
    with pytest.raises(RadarError, match=r"^triggers.tsv:3: expected 3"):
        list(runner.extract_inputs([pages], workers=1))


def test_ingest_stores_what_the_runner_extracts(pages, tmp_path):
    with Store(str(tmp_path / "radar.db")) as store:
        report = projectradar.ingest(store, [pages, str(tmp_path / "nothing.txt")], workers=1)
        assert (report.inputs, report.documents_new, report.events_new) == (2, 2, 2)
        assert len(report.errors) == 1 and "nothing.txt" in report.errors[0]
        again = projectradar.ingest(store, [pages], workers=2)
        assert again.documents_new == 0 and again.events_new == 0
        assert sorted(e["region"]["name"] for e in store.events()) == ["东湖区", "南湖区"]


def test_extract_one_of_a_result():
    assert isinstance(runner.extract_one(RawInput(source="a.txt", content=PAGE)), Result)
