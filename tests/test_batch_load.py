"""`load`: a batch output's Parquet read back into the same Results and stored once."""
from __future__ import annotations

import pytest
from typer.testing import CliRunner

from projectradar.batch.load import load_batch
from projectradar.batch.parquet import event_rows, month_of, read_results, result_rows, write_parquet
from projectradar.batch.summary import Failure, RunSummary
from projectradar.cli import app
from projectradar.errors import InputError
from projectradar.records import DateSpan, Document, Event, Evidence, Image, Person, Region, Result


def kunming_page() -> Result:
    """A signing story from Kunming with every kind of field filled in."""
    text = ("1月9日，昆明市2024年首批招商引资项目集中签约，共签约项目28个，总投资约412.6亿元，"
            "另有外资项目协议金额3亿美元。市长刘佳晨出席。")
    doc = Document(id="km-1", source="https://km.example.cn/2024/0110/qy.html", title="昆明首批招商引资项目集中签约",
                   source_name="春城晚报", reporters=["赵一鸣", "钱晓"], photographers=["孙立"], editor="李清",
                   images=[Image(file="qy.jpg", caption="签约现场")], headings=["签约现场"],
                   url="https://km.example.cn/2024/0110/qy.html", published="2024-01-10", year=2024, month=1, text=text)
    signing = Event(type="signing", source=doc.source, document_id=doc.id, title=doc.title,
                    region=Region(name="昆明市", adcode="530100", level="city", path=["云南省", "昆明市"]),
                    date=DateSpan("2024-01-09", "2024-01-09", "day"), project_count=28,
                    investment_yuan=41260000000, qualifier="about", sectors=["生物医药", "绿色能源"],
                    people=[Person("刘佳晨", "市长")], organizations=[{"name": "昆明市投资促进局"}],
                    destinations=[], metrics=[{"metric": "investment", "value": 300000000, "unit": "USD", "qualifier": "exact"}],
                    evidence=Evidence(text[:40], 0, 40), confidence=0.91)
    target = Event(type="target", source=doc.source, document_id=doc.id,
                   region=Region(name="昆明市", adcode="530100", level="city", path=["云南省", "昆明市"]),
                   date=DateSpan("2024", "2024", "year"), investment_yuan=100000000000, qualifier="at_least",
                   cumulative=False, evidence=Evidence(text[40:], 40, len(text)), confidence=0.7)
    return Result(documents=[doc], events=[signing, target])


def trip_page() -> Result:
    """A teaser with no date at all and an investment trip."""
    doc = Document(id="zz-teaser", source="zz.txt", kind="teaser", position=2, text="县委书记带队赴深圳、东莞开展招商活动。")
    trip = Event(type="investment_trip", source="zz.txt", document_id="zz-teaser",
                 people=[Person("周强", "县委书记")],
                 destinations=[{"name": "深圳", "adcode": "440300"}, {"name": "东莞", "adcode": "441900"}],
                 evidence=Evidence(doc.text, 0, len(doc.text)), confidence=0.8)
    return Result(documents=[doc], events=[trip])


@pytest.fixture()
def batch_dir(tmp_path):
    pages = {"km.warc.gz#1": kunming_page(), "zz.warc.gz#4": trip_page()}
    docs, events = [], []
    for page, result in pages.items():
        d, e, _ = result_rows(result, page)
        docs += d
        events += e
    out = tmp_path / "out"
    write_parquet(docs, events, out)
    RunSummary(inputs=2, records=2, documents=len(docs), events=len(events)).write(out)
    return out


def test_round_trip_gives_back_the_same_records(batch_dir):
    got = list(read_results(batch_dir))
    assert [r.to_dict() for r in got] == [kunming_page().to_dict(), trip_page().to_dict()]
    usd = got[0].events[0].metrics[0]
    assert usd["value"] == 300000000 and isinstance(usd["value"], int)


def test_partitioned_by_event_month_then_document_month(batch_dir):
    assert sorted(p.name for p in (batch_dir / "events").iterdir()) == ["month=2024-01", "month=unknown"]
    assert sorted(p.name for p in (batch_dir / "documents").iterdir()) == ["month=2024-01", "month=unknown"]
    # the yearly target has no month of its own: it files under its document's month
    rows = event_rows(kunming_page(), "p")
    assert [r["month"] for r in rows] == ["2024-01", "2024-01"]


def test_month_of():
    assert month_of("2023-01-30") == "2023-01"
    assert month_of(None, "2023-13-01", "2022-12") == "2022-12"
    assert month_of("2023", None) == "unknown"


def test_a_field_the_schema_would_lose_is_refused():
    result = trip_page()
    result.events[0].destinations[0]["population"] = 17000000
    with pytest.raises(InputError, match="destinations has keys the Parquet schema lacks: \\['population'\\]"):
        event_rows(result, "zz.warc.gz#4")


def test_reading_a_folder_that_is_not_a_batch_output(tmp_path):
    with pytest.raises(InputError, match="documents: missing"):
        list(read_results(tmp_path))
    with pytest.raises(InputError, match="no run summary here"):
        RunSummary.read(tmp_path)


def test_summary_round_trip_and_merge(tmp_path):
    summary = RunSummary(inputs=1, records=5, documents=4, events=7, elapsed_seconds=1.23456,
                         extra={"master": "local[2]"})
    summary.merge(RunSummary(inputs=1, failed=[Failure("b.warc.gz", "no such file")]))
    summary.write(tmp_path)
    back = RunSummary.read(tmp_path)
    assert back.to_dict() == {"inputs": 2, "records": 5, "documents": 4, "events": 7,
                              "failed": [{"where": "b.warc.gz", "reason": "no such file"}],
                              "elapsed_seconds": 1.235, "master": "local[2]"}


def test_load_then_events_returns_each_once(batch_dir, tmp_path):
    from projectradar.store import Store

    db = str(tmp_path / "radar.db")
    first = load_batch(batch_dir, db)
    assert first.documents == 2 and first.events == 3
    load_batch(batch_dir, db)  # again: nothing new
    with Store(db) as store:
        stored = store.events(limit=100)
        assert store.count_events() == 3
    assert len(stored) == 3
    assert sorted(e["type"] for e in stored) == ["investment_trip", "signing", "target"]
    signing = next(e for e in stored if e["type"] == "signing")
    assert signing["investment_yuan"] == 41260000000 and signing["project_count"] == 28
    assert signing["region"]["adcode"] == "530100"


def test_cli_load(batch_dir, tmp_path):
    db = str(tmp_path / "cli.db")
    result = CliRunner().invoke(app, ["load", str(batch_dir), "--db", db])
    assert result.exit_code == 0, result.output
    assert "2 documents read: 2 new, 0 already stored; 3 events: 3 new" in result.output
    missing = CliRunner().invoke(app, ["load", str(tmp_path / "nowhere"), "--db", db])
    assert missing.exit_code == 1
    assert "nowhere/documents: missing" in missing.output


def test_storage_helpers_on_local_paths(tmp_path):
    from projectradar.batch.storage import is_remote, open_input, output_filesystem, remove_dir, write_text

    assert is_remote("s3a://commoncrawl/x.warc.gz") and is_remote("hdfs://nn/x") and not is_remote("/data/x")
    written = write_text(str(tmp_path / "a" / "b"), "summary.json", "{\"ok\": 1}")
    assert (tmp_path / "a" / "b" / "summary.json").read_text() == "{\"ok\": 1}" and written.endswith("b/summary.json")
    with open_input("file://" + written) as stream:
        assert stream.read() == b"{\"ok\": 1}"
    with pytest.raises(InputError, match="is a directory"):
        open_input(str(tmp_path / "a"))
    remove_dir(str(tmp_path / "a"))
    remove_dir(str(tmp_path / "a"))  # gone already: nothing to do
    assert not (tmp_path / "a").exists()
    filesystem, base = output_filesystem("relative/out")
    assert base.endswith("/relative/out") and base.startswith("/")


def test_the_parquet_schema_covers_every_field_of_the_records():
    """A field added to records.py must be added to batch/parquet.py too, or Parquet would drop it."""
    import dataclasses

    import pyarrow as pa

    from projectradar.batch.parquet import DOCUMENT_SCHEMA, EVENT_SCHEMA
    from projectradar.records import DateSpan, Evidence, Person, Region

    def names(cls) -> set[str]:
        return {f.name for f in dataclasses.fields(cls)}

    def struct_names(schema: pa.Schema, column: str) -> set[str]:
        kind = schema.field(column).type
        kind = kind.value_type if pa.types.is_list(kind) else kind
        return {kind.field(i).name for i in range(kind.num_fields)}

    assert names(Document) - {"month"} | {"doc_month"} <= set(DOCUMENT_SCHEMA.names)
    assert names(Event) <= set(EVENT_SCHEMA.names)
    assert struct_names(DOCUMENT_SCHEMA, "images") == names(Image)
    assert struct_names(EVENT_SCHEMA, "region") == names(Region)
    assert struct_names(EVENT_SCHEMA, "date") == names(DateSpan)
    assert struct_names(EVENT_SCHEMA, "people") == names(Person)
    assert struct_names(EVENT_SCHEMA, "evidence") == names(Evidence)


def test_pages_are_read_back_whole_part_by_part(tmp_path):
    """Two writers (two Spark tasks): each page comes back once, with all its rows."""
    from projectradar.batch.parquet import PartitionedWriter

    out = tmp_path / "out"
    for part, (page, result) in enumerate([("km.warc.gz#1", kunming_page()), ("zz.warc.gz#4", trip_page())]):
        with PartitionedWriter(out, f"part-{part:05d}") as writer:
            writer.add(*result_rows(result, page))
    assert sorted(p.name for p in (out / "events").rglob("*.parquet")) == ["part-00000.parquet", "part-00001.parquet"]
    got = [r.to_dict() for r in read_results(out)]
    assert got == [kunming_page().to_dict(), trip_page().to_dict()]


def test_named_projects_go_through_parquet_into_the_store(tmp_path):
    from projectradar.pipeline import extract
    from projectradar.store import Store

    page = ("3月2日，临沂市兰山区与山东鲁新铝业集团有限公司签约鲁新高端铝合金精深加工项目，总投资15亿元。")
    result = extract(page, published="2025-03-03", source="ln.txt")
    assert len(result.projects) == 1
    docs, events, projects = result_rows(result, "ln.warc.gz#1")
    out = tmp_path / "out"
    write_parquet(docs, events, out, project_rows_=projects)
    [back] = list(read_results(out))
    assert back.to_dict() == result.to_dict()
    with Store(str(tmp_path / "radar.db")) as store:
        store.ingest([back])
        assert [p["name"] for p in store.projects()] == ["鲁新高端铝合金精深加工项目"]


def test_an_output_without_projects_reads_as_before(batch_dir):
    import shutil

    shutil.rmtree(batch_dir / "projects")
    assert [r.projects for r in read_results(batch_dir)] == [[], []]
