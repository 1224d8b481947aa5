"""The store's tables (SQLAlchemy Core): sources, documents, events and what hangs off them."""
from __future__ import annotations

from sqlalchemy import (
    BigInteger, Boolean, Column, Float, ForeignKey, Index, Integer, LargeBinary, MetaData,
    String, Table, Text, UniqueConstraint, false,
)

__all__ = ["metadata", "documents", "sources", "document_bands", "events", "event_sources",
           "event_history", "event_sectors", "people", "organizations", "regions", "region_stats",
           "month_stats", "sector_stats", "SUMMARY_KEYS", "FTS_TABLE", "watches", "watch_deliveries", "projects",
           "project_mentions"]

metadata = MetaData()

# The full-text table is dialect-specific (FTS5 on SQLite, tsvector on
# PostgreSQL) and so is created by the migration, not declared here.
FTS_TABLE = "document_fts"

documents = Table(
    "documents", metadata,
    Column("id", String(64), primary_key=True),          # Document.id of the first copy seen
    Column("content_hash", String(40), nullable=False, index=True),
    Column("kind", String(16), nullable=False, default="article"),
    Column("position", Integer, nullable=False, default=0),
    Column("page", Text, nullable=False),                 # `source` of the page it was first read from
    Column("title", Text),
    Column("original_title", Text),
    Column("channel", Text),
    Column("source_name", Text),
    Column("reporters", Text, nullable=False, default="[]"),      # JSON lists, as in the record
    Column("photographers", Text, nullable=False, default="[]"),
    Column("editor", Text),
    Column("images", Text, nullable=False, default="[]"),
    Column("headings", Text, nullable=False, default="[]"),
    Column("url", Text),
    Column("published", String(32)),
    Column("year", Integer),
    Column("month", Integer),
    Column("text", Text, nullable=False, default=""),
    Column("minhash", LargeBinary),                       # MinHash signature (uint64 array), None for short texts
    Column("ingested_at", String(32), nullable=False),
)

# Where a document came from: one row per copy read (a page file, URL, WARC
# record). Two outlets printing one article give one document, two sources.
sources = Table(
    "sources", metadata,
    Column("id", String(64), primary_key=True),           # Document.id as extracted from this copy
    Column("document_id", String(64), ForeignKey("documents.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("source", Text, nullable=False),
    Column("url", Text),
    Column("source_name", Text),
    Column("title", Text),
    Column("published", String(32)),
    Column("position", Integer, nullable=False, default=0),
    Column("ingested_at", String(32), nullable=False),
    Index("ix_sources_source", "source"),
)

# Locality-sensitive-hashing bands of each document's MinHash: near-duplicates
# share at least one band key, so the candidate search is an index lookup.
document_bands = Table(
    "document_bands", metadata,
    Column("band_key", String(24), primary_key=True),
    Column("document_id", String(64), ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    sqlite_with_rowid=False,                              # the key is the table: one B-tree, not two
)

events = Table(
    "events", metadata,
    Column("id", String(64), primary_key=True),           # id of the first extraction of this event
    Column("type", String(24), nullable=False),
    Column("title", Text),
    Column("adcode", String(12)),
    Column("region_name", Text),
    Column("region_level", String(16)),
    Column("date_start", String(10)),
    Column("date_end", String(10)),
    Column("precision", String(10)),
    Column("month", String(7)),                           # date_start[:7]: "2023-02", or "2023" for a year
    Column("project_count", Integer),
    Column("investment_yuan", BigInteger),
    Column("annual_investment_yuan", BigInteger),
    Column("qualifier", String(10)),
    Column("level", String(12)),
    Column("cumulative", Boolean, nullable=False, default=False),
    # a total whose parts (its cities, its districts) the same document also gives: left out
    # of the sums so that a province total and its cities are not added twice
    Column("umbrella", Boolean, nullable=False, default=False, server_default=false()),
    Column("confidence", Float, nullable=False, default=0.0),
    Column("mentions", Integer, nullable=False, default=1),
    Column("document_id", String(64), nullable=False),    # the document the current figures come from
    Column("source", Text, nullable=False),
    Column("record", Text, nullable=False),               # the event record as JSON (shared/spec/events.md)
    Column("created_at", String(32), nullable=False),
    Column("updated_at", String(32), nullable=False),
    # the id in each index lets a page of ids be found and sorted from the index alone;
    # the records are read afterwards for those ids only. The region indexes end with the
    # investment, so that a region with a minimum amount (a watch's feed) is answered from
    # the index without reading each row
    Index("ix_events_type_date", "type", "date_start", "id"),
    Index("ix_events_adcode_date", "adcode", "date_start", "id", "investment_yuan"),
    Index("ix_events_date", "date_start", "id"),
    Index("ix_events_investment", "investment_yuan", "id"),
    Index("ix_events_type_investment", "type", "investment_yuan", "id"),
    Index("ix_events_match", "type", "adcode", "date_start", "id", "investment_yuan"),
    # what came in since a time (a watch's new events) without reading older rows
    Index("ix_events_created", "created_at", "id"),
)

# Every document that told an event, with the evidence it gave.
event_sources = Table(
    "event_sources", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("event_id", String(64), ForeignKey("events.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("extracted_id", String(64), nullable=False, unique=True),   # Event.id as extracted
    Column("document_id", String(64), nullable=False, index=True),     # the stored document
    Column("source_id", String(64), ForeignKey("sources.id", ondelete="CASCADE"), nullable=False),
    Column("evidence_text", Text),
    Column("evidence_start", Integer),
    Column("evidence_end", Integer),
    Column("confidence", Float, nullable=False, default=0.0),
    Column("record", Text, nullable=False),               # the event as that document told it
    Column("ingested_at", String(32), nullable=False),
)

# Changes to an event's facts when a later article told it better.
event_history = Table(
    "event_history", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("event_id", String(64), ForeignKey("events.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("changed_at", String(32), nullable=False),
    Column("document_id", String(64), nullable=False),
    Column("changes", Text, nullable=False),              # JSON {field: [before, after]}
)

event_sectors = Table(
    "event_sectors", metadata,
    Column("event_id", String(64), ForeignKey("events.id", ondelete="CASCADE"), nullable=False),
    Column("sector", Text, nullable=False),
    UniqueConstraint("event_id", "sector", name="uq_event_sectors"),
    Index("ix_event_sectors_sector", "sector"),
)

people = Table(
    "people", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("event_id", String(64), ForeignKey("events.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("name", Text, nullable=False, index=True),
    Column("title", Text),
)

organizations = Table(
    "organizations", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("event_id", String(64), ForeignKey("events.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("name", Text, nullable=False, index=True),
)

regions = Table(
    "regions", metadata,
    Column("adcode", String(12), primary_key=True),
    Column("name", Text, nullable=False, index=True),
    Column("short_name", Text, index=True),
    Column("level", String(16), nullable=False),
    Column("parent", String(12), index=True),
    Column("path", Text, nullable=False, default="[]"),   # JSON list of names, province first
)


# Summary tables kept on write, so `stats` reads a few hundred rows instead of
# scanning every event. Each event adds to one row per level: its province,
# its city and its district code (region_stats), and to the nation ("all"),
# province and city rows of month_stats and sector_stats. Codes are six-digit
# (370000, 370100, 370102); an event without a region counts under "".
def _summary(name: str, *dims: Column) -> Table:
    keys = [d.name for d in dims]
    return Table(
        name, metadata, *dims,
        Column("events", Integer, nullable=False, default=0),
        Column("projects", BigInteger, nullable=False, default=0),
        Column("investment_yuan", BigInteger, nullable=False, default=0),
        UniqueConstraint(*keys, name=f"uq_{name}"),
    )


region_stats = _summary(
    "region_stats",
    Column("level", String(10), nullable=False),          # province | city | district
    Column("code", String(12), nullable=False),
    Column("year", String(4), nullable=False),            # "" when undated
    Column("type", String(24), nullable=False),
)
month_stats = _summary(
    "month_stats",
    Column("level", String(10), nullable=False),          # all | province | city
    Column("code", String(12), nullable=False),
    Column("month", String(7), nullable=False),           # "2023-02", "2023" (year only) or "" (undated)
    Column("type", String(24), nullable=False),
)
sector_stats = _summary(
    "sector_stats",
    Column("sector", Text, nullable=False),
    Column("level", String(10), nullable=False),          # all | province | city
    Column("code", String(12), nullable=False),
    Column("year", String(4), nullable=False),
    Column("type", String(24), nullable=False),
)
SUMMARY_KEYS = {
    "region_stats": ("level", "code", "year", "type"),
    "month_stats": ("level", "code", "month", "type"),
    "sector_stats": ("sector", "level", "code", "year", "type"),
}


# A watch: a named event filter someone follows (feed, webhook, `watch show`). It matches the
# events stored from its creation on; a webhook receives each of them once.
watches = Table(
    "watches", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(60), nullable=False, unique=True),
    Column("filters", Text, nullable=False, default="{}"),      # EventFilter.to_dict() as JSON
    Column("webhook_url", Text),
    Column("secret", String(128)),                              # HMAC-SHA256 key of the webhook
    Column("created_at", String(32), nullable=False),
)

# Every attempt to POST an event to a watch's webhook: what was sent, what came back.
watch_deliveries = Table(
    "watch_deliveries", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("watch_id", Integer, ForeignKey("watches.id", ondelete="CASCADE"), nullable=False),
    Column("event_id", String(64), nullable=False),
    Column("delivery_id", String(64), nullable=False),          # the same for every attempt at one event
    Column("attempt", Integer, nullable=False),
    Column("outcome", String(12), nullable=False),              # delivered | rejected | failed | refused
    Column("status", Integer),                                  # the receiver's HTTP status
    Column("error", Text),
    Column("at", String(32), nullable=False),
    Column("milliseconds", Integer),
    Index("ix_watch_deliveries_event", "watch_id", "event_id", "outcome"),
)


# The 项目库: named projects followed from signing to production. A project is the mentions
# `resolve.projects.link` found to be one; its columns are what lists and the delivery
# figures filter and sum by, its record is `resolve.projects.project_record`.
projects = Table(
    "projects", metadata,
    Column("id", String(64), primary_key=True),          # from its first mention's id
    Column("name", Text, nullable=False),
    Column("tail", String(16), nullable=False),           # resolve.projects.tail_key: candidates by one lookup
    Column("phase", String(16)),
    Column("adcode", String(12)),
    Column("region_name", Text),
    Column("stage", String(24), nullable=False),          # the latest stage (records.PROJECT_STAGES)
    Column("investment_yuan", BigInteger),
    Column("signed_on", String(10)),
    Column("started_on", String(10)),
    Column("completed_on", String(10)),
    Column("started", Boolean, nullable=False, default=False),
    Column("completed", Boolean, nullable=False, default=False),
    Column("first_date", String(10)),                     # the timeline's first and last days
    Column("last_date", String(10)),
    Column("organizations", Text, nullable=False, default=""),   # names, one a line (--org)
    Column("mentions", Integer, nullable=False, default=1),
    Column("record", Text, nullable=False),
    Column("created_at", String(32), nullable=False),
    Column("updated_at", String(32), nullable=False),
    # each filter walks an index that also holds the sort key (last_date, id), so a page is
    # read from the index and a count never reads the records
    Index("ix_projects_tail", "tail"),
    Index("ix_projects_last", "last_date", "id", "first_date"),
    Index("ix_projects_adcode_last", "adcode", "last_date", "id", "investment_yuan"),
    Index("ix_projects_stage_last", "stage", "last_date", "id"),
    Index("ix_projects_orgs", "organizations", "last_date", "id"),
    Index("ix_projects_name", "name", "last_date", "id"),
    Index("ix_projects_adcode_signed", "adcode", "signed_on"),
)

# Every telling of a named project: the mention as its document told it.
project_mentions = Table(
    "project_mentions", metadata,
    Column("id", String(64), primary_key=True),           # ProjectMention.id
    Column("project_id", String(64), ForeignKey("projects.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("document_id", String(64), nullable=False, index=True),    # the stored document
    Column("source_id", String(64), nullable=False),                  # the copy that told it
    Column("event_id", String(64), index=True),                       # the stored event it was told in
    Column("stage", String(24), nullable=False),
    Column("date", String(10)),
    Column("record", Text, nullable=False),
    Column("ingested_at", String(32), nullable=False),
)
