"""The hand-audit script (scripts/audit_sample.py): a seeded sample, the verdict sheet and its score."""
from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

from projectradar.errors import InputError

_SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "audit_sample.py"


@pytest.fixture(scope="module")
def audit():
    spec = importlib.util.spec_from_file_location("audit_sample", _SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module          # its dataclasses look their module up while being built
    spec.loader.exec_module(module)
    yield module
    sys.modules.pop(spec.name, None)


def _event(n: int) -> dict:
    return {"id": f"ev{n:03d}", "source": f"page{n % 4}.txt", "document_id": f"doc{n % 4}",
            "type": "signing" if n % 2 else "groundbreaking",
            "region": {"name": "湖州市", "adcode": "330500"},
            "date": {"start": "2024-03-01", "end": "2024-03-01", "precision": "day"},
            "project_count": n, "investment_yuan": n * 100_000_000, "annual_investment_yuan": None,
            "people": [], "destinations": [], "metrics": [],
            "evidence": {"text": f"第{n}条\t证据\n第二行", "start": 0, "end": 8}}


def _write_jsonl(path: Path, events: list[dict]) -> Path:
    path.write_text("".join(json.dumps(e, ensure_ascii=False) + "\n" for e in events), encoding="utf-8")
    return path


def test_same_seed_draws_the_same_sample_whatever_the_file_order(audit, tmp_path):
    events = [_event(n) for n in range(40)]
    forward = audit.read_jsonl(str(_write_jsonl(tmp_path / "a.jsonl", events)))
    backward = audit.read_jsonl(str(_write_jsonl(tmp_path / "b.jsonl", events[::-1])))
    first = [e["id"] for e in audit.draw_sample(forward, 10, 20261204)]
    assert first == [e["id"] for e in audit.draw_sample(forward, 10, 20261204)]
    assert first == [e["id"] for e in audit.draw_sample(backward, 10, 20261204)]
    assert len(set(first)) == 10
    assert first != [e["id"] for e in audit.draw_sample(forward, 10, 7)]
    assert len(audit.draw_sample(forward, 100, 1)) == 40          # a sample never exceeds the events


def test_sheet_round_trips(audit, tmp_path):
    sample = audit.draw_sample([_event(n) for n in range(12)], 5, 3)
    rows = audit.sheet_rows(sample)
    sheet = tmp_path / "sheet.tsv"
    audit.write_sheet(rows, str(sheet))
    assert audit.read_sheet(str(sheet)) == rows
    assert sheet.read_text(encoding="utf-8").splitlines()[0].split("\t") == list(audit.SHEET_COLUMNS)
    first = rows[0]
    assert first["type_ok"] == "" and "\t" not in first["evidence"] and "第二行" in first["evidence"]
    assert "count=" in first["figures"] and "330500" in first["region"]


def _filled(audit, tmp_path, verdicts: list[tuple[str, str, str, str]]) -> Path:
    rows = audit.sheet_rows([_event(n) for n in range(len(verdicts))])
    for row, marks in zip(rows, verdicts):
        row.update(zip(audit.FIELDS, marks))
    path = tmp_path / "filled.tsv"
    audit.write_sheet(rows, str(path))
    return path


def test_score_counts_right_one_wrong_and_wrong(audit, tmp_path):
    sheet = _filled(audit, tmp_path, [
        ("y", "y", "y", "y"),
        ("y", "y", "Y", "y"),
        ("y", "n", "y", "y"),       # one field wrong
        ("n", "y", "y", "y"),       # one field wrong
        ("y", "n", "n", "y"),       # wrong
        ("none", "", "", ""),       # no event at all: wrong
        ("y", "y", "", ""),         # not judged yet
    ])
    result = audit.score(audit.read_sheet(str(sheet)))
    assert (result.judged, result.unjudged) == (6, 1)
    assert (result.fully_right, result.one_wrong, result.wrong, result.no_event) == (2, 2, 2, 1)
    assert result.right == {"type_ok": 5, "region_ok": 4, "date_ok": 4, "figures_ok": 5}
    assert result.seen == {"type_ok": 7, "region_ok": 6, "date_ok": 5, "figures_ok": 5}
    report = audit.score_report(result)
    assert "fully right:      2/6 (33%)" in report and "no event at all: 1" in report


def test_a_bad_verdict_names_the_line(audit, tmp_path):
    sheet = _filled(audit, tmp_path, [("y", "y", "y", "y"), ("y", "maybe", "y", "y")])
    with pytest.raises(InputError, match=r"filled.tsv:3: region_ok is 'maybe'"):
        audit.read_sheet(str(sheet))


def test_the_command_shows_context_writes_and_scores_a_sheet(audit, tmp_path, capsys):
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "p1.txt").write_text(
        "湖州市重大项目集中开工\n"
        "2024年3月1日，湖州市举行一季度重大项目集中开工仪式，共开工项目12个，总投资86亿元。\n"
        "这些项目涵盖先进制造和城市更新等领域。\n", encoding="utf-8")
    from projectradar.pipeline import extract_raw
    from projectradar.sources import iter_file

    events = [e.to_dict() for raw in iter_file(str(pages / "p1.txt")) for e in extract_raw(raw).events]
    assert events, "the page should give an event"
    jsonl = _write_jsonl(tmp_path / "events.jsonl", events)
    sheet = tmp_path / "sheet.tsv"
    assert audit.main([str(jsonl), "-n", "5", "--corpus", str(pages), "--sheet", str(sheet)]) == 0
    shown = capsys.readouterr().out
    assert "湖州市 330500" in shown and "after  | 这些项目涵盖先进制造" in shown
    rows = audit.read_sheet(str(sheet))
    assert [r["id"] for r in rows] == [e["id"] for e in events]
    for row in rows:
        row.update(dict.fromkeys(audit.FIELDS, "y"))
    audit.write_sheet(rows, str(sheet))
    assert audit.main(["--score", str(sheet)]) == 0
    assert f"fully right:      {len(rows)}/{len(rows)} (100%)" in capsys.readouterr().out


def test_bad_inputs_are_one_line_errors(audit, tmp_path, capsys):
    broken = tmp_path / "broken.jsonl"
    broken.write_text('{"id": "a", "type": "signing"}\nnot json\n', encoding="utf-8")
    assert audit.main([str(broken)]) == 2
    assert capsys.readouterr().err.strip() == f"error: {broken}:2: not JSON (Expecting value)"
    assert audit.main([str(tmp_path / "missing.db")]) == 2
    assert "no such database file" in capsys.readouterr().err
    assert not (tmp_path / "missing.db").exists()
