#!/usr/bin/env python3
"""Hand audit of extracted events: a seeded random sample, each event shown with its story, a verdict sheet, a score.

    python scripts/audit_sample.py EVENTS [-n 50] [--seed 20261204] [--corpus DIR] [--context K] [--sheet FILE.tsv]
    python scripts/audit_sample.py --score FILE.tsv

EVENTS is a JSONL file of event records (what ``projectradar extract ... --format
jsonl`` writes) or a store (a URL such as sqlite:///radar.db or postgresql://...,
or a .db file). The sample is N events drawn with ``random.Random(seed)`` from the
events ordered by id, so the same events and seed always give the same sample,
whatever order the file lists them in.

For each drawn event it prints the type, region (name and code), date, figures,
people, destinations and evidence, and the paragraphs around the evidence in
its document: read from the source file in ``--corpus DIR`` (split into
documents the way the extractor splits it), or from the store's copy of the
document. ``--sheet FILE.tsv`` also writes a checklist, one row an event, with
empty verdict columns type_ok, region_ok, date_ok, figures_ok and note.

Filling the sheet: ``y`` (right) or ``n`` (wrong) in each verdict column;
``none`` in type_ok when the text holds no event at all there (the row then
counts as wrong whatever the other columns say); leave a cell empty when it is
not judged yet. ``--score FILE.tsv`` reads a filled sheet and prints how many
events are fully right, have one field wrong, or are wrong (two or more fields,
or no event), and the accuracy of each field.

Exit status: 0, or 2 with a one-line ``error: ...`` on bad input.
"""
from __future__ import annotations

try:  # run as a script: re-run with the project's .venv when it is not active
    import venv_python  # noqa: F401
except ImportError:  # imported by a test: its interpreter is the right one
    pass

import argparse
import json
import os
import random
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from projectradar.errors import InputError, RadarError

FIELDS = ("type_ok", "region_ok", "date_ok", "figures_ok")
SHEET_COLUMNS = ("n", "id", "source", "type", "region", "date", "figures", "evidence", *FIELDS, "note")
NO_EVENT = "none"          # type_ok verdict: the text holds no event here at all
VERDICTS = {"y": True, "n": False}
STORE_SUFFIXES = (".db", ".sqlite", ".sqlite3")


# ---------------------------------------------------------------------------
# events and their sample
# ---------------------------------------------------------------------------
def is_store(spec: str) -> bool:
    return "://" in spec or spec.lower().endswith(STORE_SUFFIXES)


def read_jsonl(path: str) -> list[dict]:
    """Every event record of a JSONL file; InputError naming file:line on a bad line."""
    events = []
    try:
        with open(path, encoding="utf-8") as f:
            for number, line in enumerate(f, 1):
                if not line.strip():
                    continue
                try:
                    record = json.loads(line)
                except json.JSONDecodeError as err:
                    raise InputError(path, f"not JSON ({err.msg})", line=number) from None
                if not isinstance(record, dict) or not record.get("id") or not record.get("type"):
                    raise InputError(path, "not an event record (no id or type)", line=number)
                events.append(record)
    except OSError as err:
        raise InputError(path, err.strerror or str(err)) from None
    return events


def read_store(url: str) -> list[dict]:
    """Every event of a store, with the document id of its first telling source."""
    from projectradar.store import Store

    if "://" not in url and not os.path.isfile(url):
        raise InputError(url, "no such database file")     # opening it would create an empty one
    with Store(url, create=False) as store:
        events = store.events(limit=None, sort="date")
    for event in events:
        sources = event.get("sources") or []
        if not event.get("document_id") and sources:
            event["document_id"] = sources[0].get("document_id")
        if not event.get("source") and sources:
            event["source"] = sources[0].get("source")
    return events


def load_events(spec: str) -> list[dict]:
    return read_store(spec) if is_store(spec) else read_jsonl(spec)


def draw_sample(events: Iterable[dict], n: int, seed: int) -> list[dict]:
    """``n`` events (all when there are fewer) drawn by ``random.Random(seed)``
    from the events ordered by id (ties by source and evidence offset), so the
    draw does not depend on the order the events were listed in."""
    def order(e: dict) -> tuple:
        evidence = e.get("evidence") or {}
        return str(e.get("id")), str(e.get("source")), evidence.get("start") or 0
    pool = sorted(events, key=order)
    picks = random.Random(seed).sample(range(len(pool)), min(n, len(pool)))
    return [pool[i] for i in picks]


# ---------------------------------------------------------------------------
# how an event reads
# ---------------------------------------------------------------------------
def region_text(event: dict) -> str:
    region = event.get("region") or {}
    if not region:
        return "-"
    return f"{region.get('name') or '?'} {region.get('adcode') or '?'}"


def date_text(event: dict) -> str:
    date = event.get("date") or {}
    start, end = date.get("start"), date.get("end")
    if not start:
        return "-"
    span = start if not end or end == start else f"{start}..{end}"
    return f"{span} ({date.get('precision') or '?'})"


def yuan_text(yuan) -> str:
    if yuan is None:
        return "-"
    return f"{yuan} ({yuan / 1e8:g}亿)" if yuan >= 1e6 else str(yuan)


def figures_text(event: dict) -> str:
    parts = [f"count={event.get('project_count') if event.get('project_count') is not None else '-'}",
             f"investment={yuan_text(event.get('investment_yuan'))}",
             f"annual={yuan_text(event.get('annual_investment_yuan'))}"]
    if event.get("qualifier"):
        parts.append(f"qualifier={event['qualifier']}")
    if event.get("level"):
        parts.append(f"level={event['level']}")
    if event.get("cumulative"):
        parts.append("cumulative")
    for metric in event.get("metrics") or []:
        parts.append(f"{metric.get('metric')}={metric.get('value')}{metric.get('unit') or ''}")
    return " ".join(parts)


def people_text(event: dict) -> str:
    people = [f"{p.get('name')}({p.get('title')})" if p.get("title") else str(p.get("name"))
              for p in event.get("people") or []]
    return ", ".join(people) or "-"


def destinations_text(event: dict) -> str:
    return ", ".join(f"{d.get('name')} {d.get('adcode')}" for d in event.get("destinations") or []) or "-"


def one_line(text: str) -> str:
    """A sheet cell: no tabs or line breaks (a line break reads as ' / ')."""
    return " / ".join(part.strip() for part in str(text or "").replace("\t", " ").splitlines() if part.strip())


# ---------------------------------------------------------------------------
# the documents events were read from
# ---------------------------------------------------------------------------
@dataclass
class StoryText:
    title: str | None
    text: str


class CorpusTexts:
    """Documents re-read from the source files in a folder, split by the same
    page splitter the extractor used, so evidence offsets point into them."""

    def __init__(self, folder: str):
        if not os.path.isdir(folder):
            raise InputError(folder, "--corpus is not a folder")
        self.folder = folder
        self._by_source: dict[str, dict[str, StoryText]] = {}

    def find(self, source: str | None, document_id: str | None) -> StoryText | None:
        if not source or not document_id:
            return None
        if source not in self._by_source:
            self._by_source[source] = self._read(source)
        return self._by_source[source].get(document_id)

    def _read(self, source: str) -> dict[str, StoryText]:
        from projectradar.pages import split_page
        from projectradar.sources import iter_file

        path = os.path.join(self.folder, source)
        if not os.path.isfile(path):
            return {}
        found: dict[str, StoryText] = {}
        for raw in iter_file(path):
            if isinstance(raw, InputError):
                continue
            try:
                documents = split_page(raw)
            except InputError:
                continue
            for doc in documents:
                found.setdefault(doc.id, StoryText(doc.title, doc.text))
        return found


class StoreTexts:
    """Documents as the store keeps them."""

    def __init__(self, url: str):
        from projectradar.store import Store

        self.store = Store(url, create=False)

    def find(self, source: str | None, document_id: str | None) -> StoryText | None:
        doc = self.store.document(document_id) if document_id else None
        return StoryText(doc.get("title"), doc.get("text") or "") if doc else None


def evidence_span(text: str, event: dict) -> tuple[int, int] | None:
    """Where the evidence sits in ``text``: its offsets when they still hold,
    else the first place its text is found, else None."""
    evidence = event.get("evidence") or {}
    quote = evidence.get("text") or ""
    start, end = evidence.get("start"), evidence.get("end")
    if isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text) \
            and (not quote or text[start:end] == quote):
        return start, end
    if quote and quote in text:
        at = text.index(quote)
        return at, at + len(quote)
    return None


def around(text: str, start: int, end: int, paragraphs: int = 1) -> tuple[list[str], list[str], list[str]]:
    """(paragraphs before, paragraphs holding [start, end), paragraphs after);
    a paragraph is a line of the document text."""
    lines = text.split("\n")
    first = last = None
    offset = 0
    for k, line in enumerate(lines):
        line_end = offset + len(line)
        if first is None and start <= line_end:
            first = k
        if end <= line_end + 1:
            last = k
            break
        offset = line_end + 1
    first = 0 if first is None else first
    last = len(lines) - 1 if last is None else max(last, first)
    return lines[max(0, first - paragraphs):first], lines[first:last + 1], lines[last + 1:last + 1 + paragraphs]


def show(number: int, event: dict, story: StoryText | None, paragraphs: int) -> str:
    """One event as a human reads it to judge it."""
    evidence = (event.get("evidence") or {}).get("text") or ""
    out = [f"=== {number}. {event.get('id')}  {event.get('source')}  document {event.get('document_id')}",
           f"type:         {event.get('type')}",
           f"region:       {region_text(event)}",
           f"date:         {date_text(event)}",
           f"figures:      {figures_text(event)}",
           f"people:       {people_text(event)}",
           f"destinations: {destinations_text(event)}",
           f"evidence:     {one_line(evidence)}"]
    if story is None:
        out.append("context:      (document not found: give --corpus DIR, or the store holds no copy)")
        return "\n".join(out)
    out.append(f"document:     {story.title or '-'}")
    span = evidence_span(story.text, event)
    if span is None:
        out.append("context:      (evidence not found in the document: the corpus or the extractor changed)")
        return "\n".join(out)
    before, held, after = around(story.text, *span, paragraphs)
    out.extend(f"  before | {line}" for line in before)
    out.extend(f"  >>>>>> | {line}" for line in held)
    out.extend(f"  after  | {line}" for line in after)
    return "\n".join(out)


# ---------------------------------------------------------------------------
# the verdict sheet
# ---------------------------------------------------------------------------
def sheet_rows(sample: list[dict]) -> list[dict]:
    return [{"n": str(k), "id": str(e.get("id")), "source": one_line(e.get("source")),
             "type": str(e.get("type")), "region": region_text(e), "date": date_text(e),
             "figures": figures_text(e), "evidence": one_line((e.get("evidence") or {}).get("text")),
             **{field: "" for field in FIELDS}, "note": ""}
            for k, e in enumerate(sample, 1)]


def write_sheet(rows: list[dict], path: str) -> None:
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write("\t".join(SHEET_COLUMNS) + "\n")
        for row in rows:
            f.write("\t".join(one_line(row.get(c, "")) for c in SHEET_COLUMNS) + "\n")


def read_sheet(path: str) -> list[dict]:
    """The rows of a sheet; InputError naming file:line on a wrong header, a
    row of the wrong width or a verdict other than y, n (none in type_ok) or empty."""
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError as err:
        raise InputError(path, err.strerror or str(err)) from None
    except UnicodeDecodeError:
        raise InputError(path, "not UTF-8 text") from None
    if not lines or tuple(lines[0].split("\t")) != SHEET_COLUMNS:
        raise InputError(path, "not an audit sheet: the first line must be the header "
                               + " ".join(SHEET_COLUMNS), line=1)
    rows = []
    for number, line in enumerate(lines[1:], 2):
        if not line.strip():
            continue
        cells = line.split("\t")
        if len(cells) < len(SHEET_COLUMNS) - 1 or len(cells) > len(SHEET_COLUMNS):
            raise InputError(path, f"want {len(SHEET_COLUMNS)} tab-separated columns, found {len(cells)}",
                             line=number)
        cells += [""] * (len(SHEET_COLUMNS) - len(cells))       # an empty note may lose its tab
        row = dict(zip(SHEET_COLUMNS, cells))
        for field in FIELDS:
            value = row[field].strip().lower()
            if value not in VERDICTS and value != "" and not (field == "type_ok" and value == NO_EVENT):
                allowed = "y, n, none or empty" if field == "type_ok" else "y, n or empty"
                raise InputError(path, f"{field} is {row[field]!r}; want {allowed}", line=number)
            row[field] = value
        rows.append(row)
    return rows


@dataclass
class Score:
    judged: int
    unjudged: int
    fully_right: int
    one_wrong: int
    wrong: int
    no_event: int
    right: dict[str, int]          # per field: rows judged right
    seen: dict[str, int]           # per field: rows judged at all


def score(rows: list[dict]) -> Score:
    """Count a filled sheet. A row is judged when every verdict is filled (an
    event marked ``none`` needs only type_ok); per-field accuracy counts every
    filled cell."""
    result = Score(0, 0, 0, 0, 0, 0, {f: 0 for f in FIELDS}, {f: 0 for f in FIELDS})
    for row in rows:
        for field in FIELDS:
            value = row[field]
            if value in VERDICTS or value == NO_EVENT:
                result.seen[field] += 1
                result.right[field] += VERDICTS.get(value, False)
        if row["type_ok"] == NO_EVENT:
            result.judged += 1
            result.no_event += 1
            result.wrong += 1
            continue
        if any(row[field] == "" for field in FIELDS):
            result.unjudged += 1
            continue
        result.judged += 1
        misses = sum(not VERDICTS[row[field]] for field in FIELDS)
        if misses == 0:
            result.fully_right += 1
        elif misses == 1:
            result.one_wrong += 1
        else:
            result.wrong += 1
    return result


def score_report(result: Score) -> str:
    def share(part: int, whole: int) -> str:
        return f"{part}/{whole} ({part / whole:.0%})" if whole else f"{part}/0"
    lines = [f"judged events:    {result.judged}" + (f" ({result.unjudged} not judged yet)" if result.unjudged else ""),
             f"fully right:      {share(result.fully_right, result.judged)}",
             f"one field wrong:  {share(result.one_wrong, result.judged)}",
             f"wrong:            {share(result.wrong, result.judged)}"
             + (f", of which no event at all: {result.no_event}" if result.no_event else "")]
    for field in FIELDS:
        lines.append(f"{field + ':':<17} {share(result.right[field], result.seen[field])}")
    return "\n".join(lines)


# ---------------------------------------------------------------------------
def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("events", nargs="?", metavar="EVENTS", help="events JSONL, or a store URL / .db file")
    ap.add_argument("-n", type=int, default=50, help="sample size (default 50)")
    ap.add_argument("--seed", type=int, default=20261204, help="random seed (default 20261204)")
    ap.add_argument("--corpus", metavar="DIR", help="folder of the source files the events were read from")
    ap.add_argument("--context", type=int, default=1, metavar="K", help="paragraphs shown before and after")
    ap.add_argument("--sheet", metavar="FILE.tsv", help="also write the verdict checklist here")
    ap.add_argument("--score", metavar="FILE.tsv", help="score a filled checklist (no sample is drawn)")
    args = ap.parse_args(argv)
    try:
        if args.score:
            print(score_report(score(read_sheet(args.score))))
            return 0
        if not args.events:
            ap.error("give EVENTS (a JSONL file or a store), or --score FILE.tsv")
        if args.n < 1:
            ap.error("-n must be 1 or more")
        events = load_events(args.events)
        sample = draw_sample(events, args.n, args.seed)
        texts = CorpusTexts(args.corpus) if args.corpus else StoreTexts(args.events) if is_store(args.events) else None
        print(f"# {len(sample)} of {len(events)} events from {args.events}, seed {args.seed}")
        for k, event in enumerate(sample, 1):
            story = texts.find(event.get("source"), event.get("document_id")) if texts else None
            print(show(k, event, story, args.context))
        if args.sheet:
            write_sheet(sheet_rows(sample), args.sheet)
            print(f"# checklist: {args.sheet}", file=sys.stderr)
    except RadarError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
