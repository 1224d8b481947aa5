#!/usr/bin/env python3
"""Hostile input: peak memory and time of each decompression bomb and pathological page, and
read latency while an upload is extracted. One run, about a minute.

    python bench/hostile.py

Each input is extracted by `projectradar extract` in a fresh process that reports its own peak
resident memory (so no case hides under another's peak). Goals: every bomb and page under
300 MB and a few seconds, each one short error line; GET p95 under 100 ms during an upload.
"""
from __future__ import annotations

if __name__ == "__main__":  # run as a script: re-run with the project's .venv when it is not active
    import venv_python  # noqa: F401

import gzip
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

# Runs the CLI in a fresh process and reports that process's own peak memory.
_PEAK = """
import resource, runpy, sys
sys.argv = ["projectradar", *sys.argv[1:]]
try:
    runpy.run_module("projectradar", run_name="__main__")
except SystemExit as exit:
    code = exit.code
else:
    code = 0
# VmHWM: this process's own peak (ru_maxrss would carry over the parent's peak through exec)
status = open("/proc/self/status").read() if sys.platform == "linux" else ""
peak = [line.split()[1] for line in status.splitlines() if line.startswith("VmHWM:")]
print("PEAK_KB", peak[0] if peak else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)
sys.exit(code if isinstance(code, int) else 1)
"""


def zeros_gzip(megabytes: int, prefix: bytes = b"") -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    out = [packer.compress(prefix)]
    block = b"\0" * (1 << 20)
    out += [packer.compress(block) for _ in range(megabytes)]
    out.append(packer.flush())
    return b"".join(out)


def body_bomb(megabytes: int) -> bytes:
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"
    head = (b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:0>\r\n"
            b"WARC-Target-URI: http://example.cn/z.html\r\nContent-Type: application/http; msgtype=response\r\n"
            b"Content-Length: " + str(len(http) + megabytes * (1 << 20)).encode() + b"\r\n\r\n" + http)
    return zeros_gzip(megabytes, head)


def of_size(unit: str, kilobytes: int) -> str:
    return unit * (kilobytes * 1024 // len(unit.encode("utf-8")) + 1)


def run_cli(*args: str, stdin: bytes | None = None, timeout: float = 600) -> tuple[int, str, str, int, float]:
    """(exit code, stdout, stderr without the peak line, peak MB, seconds) of one CLI run in a
    fresh process."""
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", _PEAK, *args], input=stdin, capture_output=True, cwd=ROOT,
                          env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}, timeout=timeout)
    seconds = time.perf_counter() - start
    lines = done.stderr.decode("utf-8", "replace").splitlines()
    peak = int(lines.pop().split()[1]) // 1024
    return done.returncode, done.stdout.decode("utf-8", "replace"), "\n".join(lines), peak, seconds


def upload_latency(folder: Path) -> tuple[int, float, float, float]:
    """(GETs answered during the upload, p50 ms, p95 ms, upload seconds)."""
    from fastapi.testclient import TestClient

    from projectradar.app import Settings, create_app
    from projectradar.store import Store

    page = of_size("2024年3月5日，某市某区举行重点项目集中签约活动，现场签约项目12个，总投资86亿元。", 5)
    files = [("files", (f"p{i}.txt", (page + f"第{i}页。").encode("utf-8"), "text/plain")) for i in range(40)]
    app = create_app(Store(str(folder / "upload.db")), settings=Settings(token="t", max_upload_bytes=8 << 20))
    with TestClient(app) as client:
        client.get("/api/events")
        done, latencies = threading.Event(), []
        started = time.perf_counter()

        def upload():
            client.post("/api/ingest", files=files, headers={"Authorization": "Bearer t"})
            done.set()

        threading.Thread(target=upload).start()
        while not done.is_set():
            t0 = time.perf_counter()
            client.get("/api/events?limit=5")
            latencies.append((time.perf_counter() - t0) * 1000)
            time.sleep(0.01)
        took = time.perf_counter() - started
    latencies.sort()
    return len(latencies), statistics.median(latencies), latencies[int(len(latencies) * 0.95)], took


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="radar-hostile-") as tmp:
        folder = Path(tmp)
        cases: list[tuple[str, list[str], bytes | None]] = []
        for name, data in (("warc.gz line bomb 16 KB -> 16 MB", zeros_gzip(16)),
                           ("warc.gz line bomb 1 MB -> 1 GB", zeros_gzip(1024)),
                           ("warc.gz body bomb -> 400 MB", body_bomb(400))):
            path = folder / (name.split()[3] + str(len(cases)) + ".warc.gz")
            path.write_bytes(data)
            cases.append((f"{name} ({len(data) // 1024} KB file)", ["extract", str(path)], None))
        jsonl = folder / "bomb.jsonl.gz"
        jsonl.write_bytes(gzip.compress(b'{"text": "' + b"0" * (200 << 20), 9))
        cases.append((f"jsonl.gz 200 MB line ({jsonl.stat().st_size // 1024} KB file)", ["extract", str(jsonl)], None))
        cases.append(("stdin warc.gz bomb -> 300 MB", ["extract", "-"], zeros_gzip(300)))
        pages = {
            "签约 repeated, 1 MB": of_size("签约", 1024),
            "签约 repeated, 4 MB": of_size("签约", 4096),
            "签约+digits+个, 400 KB": "".join(f"签约{i}个" for i in range(50_000)),
            "news text without punctuation, 800 KB": of_size(
                "某市举行重点项目集中签约活动现场签约项目12个总投资86亿元落地园区在开发区举行市委书记出席", 800),
            "poison figures (1e19 yuan, 4400-digit count)": "日照市重点项目集中签约，共签约项目" + "9" * 4400
                                                           + "个，总投资100000000000亿元。",
        }
        for name, text in pages.items():
            path = folder / f"page{len(cases)}.txt"
            path.write_text(text, encoding="utf-8")
            cases.append((name, ["extract", str(path)], None))
        print(f"{'input':52} {'seconds':>8} {'peak MB':>8} {'exit':>5} {'err line':>9}")
        for name, args, stdin in cases:
            code, _, err, peak, seconds = run_cli(*args, stdin=stdin)
            longest = max(map(len, err.splitlines()), default=0)
            print(f"{name:52} {seconds:8.2f} {peak:8d} {code:5d} {longest:9d}", flush=True)
        count, p50, p95, took = upload_latency(folder)
        print(f"\nGET /api/events during a 40-file upload ({took:.1f} s): {count} requests, "
              f"p50 {p50:.1f} ms, p95 {p95:.1f} ms")


if __name__ == "__main__":
    main()
