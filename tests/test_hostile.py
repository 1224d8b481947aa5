"""Hostile input: decompression bombs, poison figures, pathological text. Each stays bounded
(memory, time, message length), is its input's one-line error, and the other inputs go on."""
from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path

import pytest

PAGES = Path(__file__).resolve().parent / "fixtures" / "pages"
GOOD = PAGES / "gov_site.txt"
ROOT = Path(__file__).resolve().parents[1]

sys.path.insert(0, str(ROOT / "bench"))
from hostile import body_bomb, of_size, run_cli as _run_cli, zeros_gzip  # noqa: E402  (the bench's helpers)


def run_cli(*args: str, stdin: bytes | None = None) -> tuple[int, str, str, int]:
    """(exit code, stdout, stderr, peak MB) of one CLI run in a fresh process."""
    return _run_cli(*args, stdin=stdin, timeout=120)[:4]


@pytest.mark.parametrize("kind", ["line", "body"])
def test_warc_gz_bombs_stay_bounded_and_are_one_short_error(tmp_path, kind):
    bomb = tmp_path / "bomb.warc.gz"
    bomb.write_bytes(zeros_gzip(400) if kind == "line" else body_bomb(400))
    assert bomb.stat().st_size < 1_000_000        # under 1 MB that inflate to 400 MB
    code, out, err, peak = run_cli("extract", "--documents", str(bomb), str(GOOD))
    assert code == 1
    assert peak < 300, f"peak {peak} MB"
    lines = err.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: {bomb}"), lines
    assert len(lines[0]) < 400                    # no decompressed line quoted whole
    assert [json.loads(line)["source"] for line in out.splitlines()] == [GOOD.name]


def test_bomb_on_stdin_stays_bounded():
    code, _, err, peak = run_cli("extract", "-", stdin=zeros_gzip(300))
    assert code == 1 and peak < 300 and len(err) < 400, (peak, err[:500])


def test_jsonl_gz_bomb_is_named_and_bounded(tmp_path):
    bomb = tmp_path / "bomb.jsonl.gz"
    bomb.write_bytes(gzip.compress(b'{"text": "' + b"0" * (100 << 20), 9))
    code, _, err, peak = run_cli("extract", str(bomb))
    assert code == 1 and peak < 300, peak
    assert "line over the" in err and len(err) < 400, err[:500]


def test_file_name_with_a_newline_cannot_forge_an_error_line(tmp_path):
    odd = tmp_path / "a\nerror: forged.txt"
    odd.write_bytes(b"")
    code, _, err, _ = run_cli("extract", str(odd), str(GOOD))
    assert code == 1
    assert len(err.splitlines()) == 1, err


# ------------------------------------------------------------------ linear time
def _seconds(text: str) -> float:
    import time

    from projectradar.pipeline import extract_raw
    from projectradar.records import RawInput

    start = time.perf_counter()
    extract_raw(RawInput(source="t.txt", content=text))
    return time.perf_counter() - start


def test_repeated_triggers_take_linear_time():
    _seconds("某市集中签约项目5个。")                     # lexicons loaded
    small = min(_seconds(of_size("签约", 100)) for _ in range(2))
    large = _seconds(of_size("签约", 4096))             # 41 times the text
    assert large / max(small, 0.01) < 90, (small, large)
    assert _seconds(of_size("签约", 1024)) < 3           # about 1 s on a laptop; was minutes


@pytest.mark.parametrize("unit", ["签约12个", "某市举行重点项目集中签约活动现场签约项目12个总投资86亿元落地园区在开发区举行"])
def test_pathological_lines_take_linear_time(unit):
    _seconds("某市集中签约项目5个。")
    small = min(_seconds(of_size(unit, 50)) for _ in range(2))
    large = _seconds(of_size(unit, 400))               # 8 times the text
    assert large / max(small, 0.01) < 16, (small, large)


def test_a_page_over_the_time_budget_is_reported_and_the_run_goes_on(monkeypatch):
    from projectradar import runner
    from projectradar.errors import InputError
    from projectradar.records import RawInput

    monkeypatch.setattr(runner, "PAGE_SECONDS", 0.05)
    slow = RawInput(source="slow.txt", content=of_size("签约12个", 400), location="slow.txt")
    quick = RawInput(source="ok.txt", content=GOOD.read_text(encoding="utf-8"), location="ok.txt")
    monkeypatch.setattr(runner, "PAGE_SECONDS", 0.05)
    first = runner.extract_one(slow)
    assert isinstance(first, InputError) and "took over" in str(first) and str(first).startswith("slow.txt")
    monkeypatch.setattr(runner, "PAGE_SECONDS", 60)
    assert not isinstance(runner.extract_one(quick), InputError)


def test_a_reader_that_fails_is_that_inputs_error_and_the_others_go_on(tmp_path, monkeypatch):
    from projectradar import runner

    def broken(stream, where):
        raise ImportError("No module named 'warcio'")
        yield  # a generator, as the real reader

    monkeypatch.setattr("projectradar.sources.files.iter_warc_file", lambda path: broken(None, path))
    crawl = tmp_path / "crawl.warc.gz"
    crawl.write_bytes(b"\x1f\x8b" + bytes(30))
    outs = list(runner.extract_inputs([str(crawl), str(GOOD)], workers=1))
    assert str(outs[0]).startswith(f"{crawl}: cannot be read: ImportError")
    assert not isinstance(outs[1], Exception)
