"""projectradar.ingest from a plain script, as a new user writes one: no `__main__` guard.

Each case runs a real script in a fresh interpreter: worker processes must not re-run it
(fork), or, where they must (forkserver, spawn), the call fails at once saying what to do.
A call that stores nothing raises instead of returning an empty report."""
from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from projectradar import Store
from projectradar.errors import IngestError
from projectradar.runner import ingest


def _run_script(tmp_path, body: str, timeout: int = 120) -> subprocess.CompletedProcess:
    script = tmp_path / "my_script.py"
    script.write_text(textwrap.dedent(body), encoding="utf-8")
    return subprocess.run([sys.executable, str(script)], cwd=tmp_path, capture_output=True, text=True,
                          timeout=timeout)


def test_a_script_without_main_guard_stores_with_two_workers(tmp_path, fixtures_dir):
    done = _run_script(tmp_path, f"""
        import projectradar
        from projectradar import Store

        store = Store("radar.db")
        report = projectradar.ingest(store, [{str(fixtures_dir / "store" / "pages")!r}], workers=2)
        print("stored", report.documents_new, report.events_new, len(report.errors))
    """)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "Traceback" not in done.stderr
    _, documents, events, errors = done.stdout.split()
    assert int(documents) > 0 and int(events) > 0 and errors == "0"


def test_workers_that_must_import_the_script_fail_at_once_with_what_to_do(tmp_path, fixtures_dir):
    # a thread running makes the runner start workers with forkserver, which import the script
    done = _run_script(tmp_path, f"""
        import threading, time
        import projectradar
        from projectradar import Store

        threading.Thread(target=time.sleep, args=(60,), daemon=True).start()
        projectradar.ingest(Store("radar.db"), [{str(fixtures_dir / "store" / "pages")!r}], workers=2)
    """, timeout=60)
    assert done.returncode != 0
    assert 'if __name__ == "__main__":' in done.stderr and "workers=1" in done.stderr
    assert "bootstrapping phase" not in done.stderr          # the workers said nothing themselves
    assert len(done.stderr.splitlines()) < 40


def test_an_ingest_that_reads_nothing_raises(tmp_path):
    store = Store(str(tmp_path / "radar.db"))
    with pytest.raises(IngestError, match="every input failed; .*missing.txt: no such file") as caught:
        ingest(store, [str(tmp_path / "missing.txt")], workers=1)
    assert caught.value.report.errors and caught.value.report.documents == 0
    (tmp_path / "empty").mkdir()
    with pytest.raises(IngestError, match="no page found"):
        ingest(store, [str(tmp_path / "empty")], workers=1)


def test_an_ingest_with_some_failures_returns_them(tmp_path, fixtures_dir):
    store = Store(str(tmp_path / "radar.db"))
    report = ingest(store, [str(tmp_path / "missing.txt"), str(fixtures_dir / "store" / "pages")], workers=1)
    assert report.documents_new > 0 and len(report.errors) == 1
