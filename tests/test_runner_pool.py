"""The runner's process pool (`ingest --workers N`, Spark tasks): order, errors passed through, crashes isolated."""
from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from projectradar.runner import default_workers, extract_in_pool, extract_one
from projectradar.errors import InputError
from projectradar.records import Document, RawInput, Result


# Module-level so the worker processes can unpickle them.
def echo_extract(raw: RawInput) -> Result:
    """A stand-in extractor: one document whose text is the page, with the worker's pid."""
    text = raw.content if isinstance(raw.content, str) else raw.content.decode("utf-8")
    if text == "raise":
        raise ValueError("no article found")
    if text == "die":
        os._exit(7)  # a worker killed outright, as by a segfault or the OOM killer
    if text == "input-error":
        raise InputError(raw.source, "not UTF-8 nor GBK")
    time.sleep(0.02)  # a little work, so that both workers get some
    return Result(documents=[Document(id=text, source=raw.source, text=text, channel=str(os.getpid()))])


def pages(n: int) -> list[RawInput]:
    return [RawInput(source=f"page{i}.txt", content=f"第{i}篇", location=f"page{i}.txt") for i in range(n)]


def ids(outputs) -> list[str]:
    return [o.documents[0].id if isinstance(o, Result) else f"error:{o}" for o in outputs]


def test_order_is_input_order_across_workers():
    raws = pages(50)
    out = list(extract_in_pool(raws, workers=2, chunksize=3, extract=echo_extract))
    assert ids(out) == [f"第{i}篇" for i in range(50)]
    # both workers did something, else this test proves nothing about a pool
    assert len({o.documents[0].channel for o in out}) == 2
    assert str(os.getpid()) not in {o.documents[0].channel for o in out}


def test_input_errors_pass_through_in_place():
    raws: list = pages(10)
    raws[0] = InputError("missing.warc.gz", "no such file")
    raws[6] = InputError("bad.html", "cannot decode")
    out = list(extract_in_pool(raws, workers=2, chunksize=4, extract=echo_extract))
    assert len(out) == 10
    assert out[0] is raws[0] and out[6] is raws[6]
    assert ids(out)[1:6] == [f"第{i}篇" for i in range(1, 6)]
    assert ids(out)[7:] == [f"第{i}篇" for i in range(7, 10)]


def test_exception_on_one_page_becomes_an_input_error_for_that_page():
    raws = pages(12)
    raws[4] = RawInput(source="broken.html", content="raise", location="broken.html")
    raws[9] = RawInput(source="gbk.txt", content="input-error")
    out = list(extract_in_pool(raws, workers=2, chunksize=4, extract=echo_extract))
    assert isinstance(out[4], InputError)
    assert str(out[4]) == "broken.html: extraction failed: ValueError: no article found"
    assert isinstance(out[9], InputError) and out[9].where == "gbk.txt"
    assert out[9].problem == "not UTF-8 nor GBK"
    good = [i for i in range(12) if i not in (4, 9)]
    assert [ids(out)[i] for i in good] == [f"第{i}篇" for i in good]


def test_worker_that_dies_loses_only_its_page():
    raws = pages(30)
    raws[7] = RawInput(source="killer.html", content="die", location="killer.html")
    raws[21] = RawInput(source="killer2.html", content="die", location="killer2.html")
    out = list(extract_in_pool(raws, workers=2, chunksize=4, extract=echo_extract))
    assert len(out) == 30
    assert str(out[7]) == "killer.html: extraction failed: the worker process died on this page"
    assert isinstance(out[21], InputError) and out[21].where == "killer2.html"
    good = [i for i in range(30) if i not in (7, 21)]
    assert [ids(out)[i] for i in good] == [f"第{i}篇" for i in range(30) if i not in (7, 21)]


def test_one_worker_runs_in_process_with_the_same_error_handling():
    raws: list = pages(5)
    raws[2] = RawInput(source="broken.html", content="raise")
    raws[3] = InputError("gone.txt", "no such file")
    out = list(extract_in_pool(raws, workers=1, extract=echo_extract))
    assert ids(out) == ["第0篇", "第1篇", "error:broken.html: extraction failed: ValueError: no article found",
                        "error:gone.txt: no such file", "第4篇"]
    assert out[0].documents[0].channel == str(os.getpid())


def test_reads_the_input_lazily():
    def endless():
        i = 0
        while True:
            yield RawInput(source=f"s{i}", content=str(i))
            i += 1

    got = []
    for out in extract_in_pool(endless(), workers=2, chunksize=2, extract=echo_extract):
        got.append(out.documents[0].id)
        if len(got) == 25:
            break
    assert got == [str(i) for i in range(25)]


def test_empty_input_and_bad_chunksize():
    assert list(extract_in_pool([], workers=2, extract=echo_extract)) == []
    with pytest.raises(ValueError, match="chunksize"):
        list(extract_in_pool(pages(1), workers=2, chunksize=0, extract=echo_extract))


def test_extract_one_and_default_workers():
    assert default_workers() >= 1
    err = extract_one(RawInput(source="x.html", content="raise", location="x.html:3"), echo_extract)
    assert isinstance(err, InputError) and str(err) == "x.html:3: extraction failed: ValueError: no article found"


# ---------------------------------------------------------------- the real extractor
FIXTURE_PAGES = Path(__file__).resolve().parent / "fixtures" / "batch"


def real_pages(shared: Path | None) -> list[RawInput | InputError]:
    raws: list[RawInput | InputError] = [
        RawInput(source=p.name, content=p.read_bytes(), hint="html", location=str(p))
        for p in sorted(FIXTURE_PAGES.glob("*.html"))
    ]
    raws.append(RawInput(source="gbk.txt", content="赣州经开区15个项目集中签约\n5月17日，赣州经开区15个项目集中签约，总投资120亿元。".encode("gbk")))
    raws.append(InputError("lost.html", "no such file"))
    raws.append(RawInput(source="empty.txt", content=b"", location="empty.txt"))
    if shared is not None:
        news = sorted((shared / "data" / "xinwenlianbo" / "news").glob("2023*.md"))[:6]
        raws += [RawInput(source=p.name, content=p.read_text(encoding="utf-8"), hint="markdown", location=str(p))
                 for p in news]
    return raws


def as_comparable(outputs) -> list:
    return [o.to_dict() if isinstance(o, Result) else ("error", str(o)) for o in outputs]


def test_two_workers_give_exactly_what_one_gives(request):
    try:
        shared = request.getfixturevalue("shared_dir")
    except pytest.skip.Exception:
        shared = None
    raws = real_pages(shared)
    one = as_comparable(extract_in_pool(raws, workers=1))
    two = as_comparable(extract_in_pool(raws, workers=2, chunksize=2))
    assert len(one) == len(raws)
    assert two == one
    # and the pages really were extracted: the fixtures hold a signing, a groundbreaking, a key-project list
    types = {e["type"] for o in one if isinstance(o, dict) for e in o["events"]}
    assert {"signing", "groundbreaking", "key_projects"} <= types
    assert ("error", "lost.html: no such file") in one


def test_workers_that_cannot_run_at_all_stop_the_run():
    from projectradar.errors import RadarError

    raws = [RawInput(source=f"k{i}", content="die") for i in range(20)]
    with pytest.raises(RadarError, match="extraction workers keep dying \\(8 pages in a row"):
        list(extract_in_pool(raws, workers=2, chunksize=4, extract=echo_extract))


@pytest.mark.parametrize("method", ["fork", "forkserver", "spawn"])
def test_every_start_method_gives_the_same(method):
    raws = pages(12)
    raws[3] = RawInput(source="broken.html", content="raise")
    out = list(extract_in_pool(raws, workers=2, chunksize=5, extract=echo_extract, start_method=method))
    assert ids(out) == [f"第{i}篇" if i != 3 else "error:broken.html: extraction failed: ValueError: no article found"
                        for i in range(12)]


def test_a_kept_pool_serves_the_next_call_and_survives_a_crash():
    first = list(extract_in_pool(pages(4), workers=1, isolate=True, reuse_pool=True, extract=echo_extract))
    second = list(extract_in_pool(pages(4), workers=1, isolate=True, reuse_pool=True, extract=echo_extract))
    pid = {o.documents[0].channel for o in first}
    assert pid == {o.documents[0].channel for o in second} and str(os.getpid()) not in pid
    raws = pages(5)
    raws[1] = RawInput(source="killer.html", content="die", location="killer.html")
    third = list(extract_in_pool(raws, workers=1, isolate=True, reuse_pool=True, extract=echo_extract))
    assert ids(third)[1] == "error:killer.html: extraction failed: the worker process died on this page"
    assert ids(third)[2:] == ["第2篇", "第3篇", "第4篇"]
    after = list(extract_in_pool(pages(2), workers=1, isolate=True, reuse_pool=True, extract=echo_extract))
    assert {o.documents[0].channel for o in after} == {o.documents[0].channel for o in third[2:]} != pid
