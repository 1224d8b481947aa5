"""`projectradar extract`: formats, --documents, --published, folders and stdin, through Typer's runner."""
from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from projectradar.cli import app

PAGES = Path(__file__).resolve().parent / "fixtures" / "pages"


def run(*args, input=None):
    return CliRunner().invoke(app, ["extract", *map(str, args)], input=input)


def test_documents_jsonl_one_a_line():
    result = run(PAGES / "city_paper.txt", "--documents")
    assert result.exit_code == 0, result.output
    docs = [json.loads(line) for line in result.stdout.splitlines()]
    assert [d["kind"] for d in docs] == ["article", "teaser", "teaser", "teaser"]
    assert docs[0]["title"] == "洛阳伊滨区开春“赶考”:新能源项目扎堆落地,全年盯紧百亿目标"
    assert docs[0]["editor"] == "宋佳怡" and docs[0]["source"] == "city_paper.txt"
    assert result.stderr == ""


def test_events_jsonl_source_is_the_file_name(shared_dir):
    sample = shared_dir / "seeds" / "000_673cbbdfa69013ac.txt"
    result = run(sample, "--format", "jsonl")
    assert result.exit_code == 0, result.output
    events = [json.loads(line) for line in result.stdout.splitlines()]
    assert all(e["source"] == "000_673cbbdfa69013ac.txt" for e in events)
    for e in events:  # the record of spec/events.md, key order included
        assert list(e)[:4] == ["id", "source", "document_id", "type"]


def test_jsonl_input_events_named_after_the_file(tmp_path, monkeypatch):
    from projectradar.records import Event

    monkeypatch.setattr("projectradar.events.extract_events", lambda doc: [Event(type="signing")])
    path = tmp_path / "feed-dev.jsonl"
    path.write_text(json.dumps({"url": "https://example.cn/x.html", "title": "某县签约", "text": "某县今天签约。"},
                               ensure_ascii=False) + "\n", encoding="utf-8")
    result = run(path)
    (event,) = [json.loads(line) for line in result.stdout.splitlines()]
    assert event["source"] == "feed-dev.jsonl"


def test_json_format_is_one_array():
    result = run(PAGES / "two_articles.txt", PAGES / "gov_site.txt", "--documents", "--format", "json")
    assert result.exit_code == 0
    docs = json.loads(result.stdout)
    assert [d["source"] for d in docs] == ["two_articles.txt", "two_articles.txt", "gov_site.txt"]


def test_table_format_is_readable():
    result = CliRunner().invoke(app, ["extract", str(PAGES / "gov_site.txt"), "--documents", "--format", "table"],
                                env={"COLUMNS": "200"})
    assert result.exit_code == 0
    assert "宿州市埇桥区召开2024年重点项目推进会" in result.stdout and "1 documents" in result.stdout


def test_published_option_overrides_and_is_checked():
    result = run(PAGES / "city_paper.txt", "--documents", "--published", "2024-02-08")
    docs = [json.loads(line) for line in result.stdout.splitlines()]
    assert docs[0]["published"] == "2024-02-08" and docs[0]["month"] == 2
    bad = run(PAGES / "city_paper.txt", "--published", "8 Feb")
    assert bad.exit_code == 2 and "not a date like 2023-02-04" in bad.output


def test_stdin_and_folder(tmp_path):
    page = (PAGES / "gov_site.txt").read_text(encoding="utf-8")
    result = run("-", "--documents", input=page)
    assert result.exit_code == 0
    (doc,) = [json.loads(line) for line in result.stdout.splitlines()]
    assert doc["source"] == "stdin" and doc["published"] == "2024-03-12"
    result = run(PAGES, "--documents")
    sources = [json.loads(line)["source"] for line in result.stdout.splitlines()]
    assert sorted(set(sources)) == sorted(p.name for p in PAGES.iterdir())
    assert {"city_paper.txt", "daily_dump.md", "portal_page.html"} <= set(sources)


def test_help_names_the_options():
    result = CliRunner().invoke(app, ["extract", "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    for option in ("--format", "--documents", "--published"):
        assert option in result.stdout
