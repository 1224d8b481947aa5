"""The run summary of a batch: what went in, what came out, which pages failed and why."""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ..errors import InputError

__all__ = ["RunSummary", "Failure", "SUMMARY_FILE"]

SUMMARY_FILE = "summary.json"


@dataclass
class Failure:
    """A page (or a whole WARC) that produced nothing, with the reason."""

    where: str
    reason: str

    @classmethod
    def from_error(cls, err: InputError) -> "Failure":
        loc = f"{err.where}:{err.line}" if err.line is not None else err.where
        return cls(where=loc, reason=err.problem)


@dataclass
class RunSummary:
    """Counts of one run. Partial summaries (one per Spark task) add up with `merge`.

    Example:
        >>> s = RunSummary(inputs=1, records=3, documents=2, events=5)
        >>> s.merge(RunSummary(records=1, failed=[Failure("b.warc.gz", "no such file")])).records
        4
    """

    inputs: int = 0                  # WARC files (or other inputs) named
    records: int = 0                 # HTML responses read, damaged and failed ones included
    documents: int = 0
    events: int = 0
    failed: list[Failure] = field(default_factory=list)
    elapsed_seconds: float = 0.0
    extra: dict[str, Any] = field(default_factory=dict)   # master, out dir, workers ...

    def merge(self, other: "RunSummary") -> "RunSummary":
        """Add ``other``'s counts and failures into this one; returns self."""
        self.inputs += other.inputs
        self.records += other.records
        self.documents += other.documents
        self.events += other.events
        self.failed.extend(other.failed)
        return self

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["elapsed_seconds"] = round(self.elapsed_seconds, 3)
        extra = out.pop("extra")
        out.update(extra)
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "RunSummary":
        known = {"inputs", "records", "documents", "events", "failed", "elapsed_seconds"}
        return cls(
            inputs=int(data.get("inputs", 0)),
            records=int(data.get("records", 0)),
            documents=int(data.get("documents", 0)),
            events=int(data.get("events", 0)),
            failed=[Failure(**f) for f in data.get("failed") or []],
            elapsed_seconds=float(data.get("elapsed_seconds", 0.0)),
            extra={k: v for k, v in data.items() if k not in known},
        )

    def write(self, out_dir: str | Path) -> Path:
        """Write ``summary.json`` into ``out_dir``; returns its path."""
        path = Path(out_dir) / SUMMARY_FILE
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(self.to_dict(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        return path

    @classmethod
    def read(cls, out_dir: str | Path) -> "RunSummary":
        """Read ``summary.json`` back from a batch output directory."""
        path = Path(out_dir) / SUMMARY_FILE
        try:
            return cls.from_dict(json.loads(path.read_text(encoding="utf-8")))
        except FileNotFoundError:
            raise InputError(str(path), "no run summary here: is this a `batch` output directory?") from None
        except (ValueError, TypeError) as err:
            raise InputError(str(path), f"not a run summary: {err}") from None
