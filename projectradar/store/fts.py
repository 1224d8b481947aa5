"""Full-text search for Chinese: every character a token, a query a phrase of its characters.

Why characters and not jieba words: a search for 签约 or 长江 must find every
text that contains those characters in a row, whatever a segmenter would have
cut (南京市长江大桥 may become 南京/市长/江大桥 and lose 长江). Indexing each
character (the text with a space between characters) and asking for the
query as a phrase of its characters gives exact-substring semantics for any
query, one character or twenty. It also costs nothing to prepare (one
str.join in C; jieba costs milliseconds a document, as much as extraction,
and even Python-made bigrams cost half a millisecond) and behaves the same on
SQLite (FTS5, unicode61 tokenizer) and PostgreSQL (tsvector with the
'simple' config, phrase queries with <->, GIN index).
"""
from __future__ import annotations

import re

from sqlalchemy import Select, select, text
from sqlalchemy.engine import Connection

from .schema import FTS_TABLE, documents

__all__ = ["tokenize", "match_expression", "create_fts", "drop_fts", "insert_rows", "match_clause",
           "matching_documents"]

_CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_TOKEN = re.compile(rf"[{_CJK}0-9A-Za-z]")


def tokenize(body: str) -> str:
    """The text as the index sees it: a space between characters (punctuation is dropped by
    the tokenizers), ASCII lower-cased.

        >>> tokenize("合肥签约23个")
        '合 肥 签 约 2 3 个'
    """
    return " ".join((body or "").lower())


def _phrases(query: str) -> list[list[str]]:
    """Each whitespace-separated part of the query → its characters (a phrase)."""
    phrases = []
    for part in (query or "").lower().split():
        chars = _TOKEN.findall(part)
        if chars:
            phrases.append(chars)
    return phrases


def match_expression(query: str, dialect: str) -> str | None:
    """The MATCH (FTS5) or tsquery text for a user query, or None when it has nothing to search.

        >>> match_expression("合肥 签约", "sqlite")
        '"合 肥" AND "签 约"'
        >>> match_expression("合肥市", "postgresql")
        '合 <-> 肥 <-> 市'
    """
    phrases = _phrases(query)
    if not phrases:
        return None
    if dialect == "postgresql":
        return " & ".join("(" + " <-> ".join(p) + ")" if len(phrases) > 1 else " <-> ".join(p) for p in phrases)
    return " AND ".join('"' + " ".join(p) + '"' for p in phrases)


def create_fts(conn: Connection) -> None:
    """Create the full-text table for this dialect."""
    if conn.dialect.name == "postgresql":
        conn.execute(text(
            f"CREATE TABLE IF NOT EXISTS {FTS_TABLE} ("
            " document_id VARCHAR(64) PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,"
            " tsv TSVECTOR NOT NULL)"))
        # a larger pending list lets GIN merge a whole batch of new documents at once
        conn.execute(text(f"CREATE INDEX IF NOT EXISTS ix_{FTS_TABLE}_tsv ON {FTS_TABLE} USING GIN (tsv) "
                          "WITH (fastupdate = on, gin_pending_list_limit = 32768)"))
    else:
        conn.execute(text(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5("
            "document_id UNINDEXED, body, tokenize='unicode61')"))


def drop_fts(conn: Connection) -> None:
    conn.execute(text(f"DROP TABLE IF EXISTS {FTS_TABLE}"))


def insert_rows(conn: Connection, rows: list[dict]) -> None:
    """Index documents in bulk: rows of {"document_id", "body"} with body already `tokenize`d."""
    if not rows:
        return
    if conn.dialect.name == "postgresql":
        conn.execute(text(f"INSERT INTO {FTS_TABLE} (document_id, tsv) "
                          "VALUES (:document_id, to_tsvector('simple', :body)) "
                          "ON CONFLICT (document_id) DO NOTHING"), rows)
    elif conn.dialect.paramstyle == "qmark":
        # straight to sqlite3's executemany: SQLAlchemy's per-row parameter handling costs more
        conn.exec_driver_sql(f"INSERT INTO {FTS_TABLE} (document_id, body) VALUES (?, ?)",
                             [(r["document_id"], r["body"]) for r in rows])
    else:
        conn.execute(text(f"INSERT INTO {FTS_TABLE} (document_id, body) VALUES (:document_id, :body)"), rows)


def match_clause(dialect: str) -> str:
    """SQL that selects the ids of documents matching the bound parameter :fts_q."""
    if dialect == "postgresql":
        return f"SELECT document_id FROM {FTS_TABLE} WHERE tsv @@ to_tsquery('simple', :fts_q)"
    return f"SELECT document_id FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :fts_q"


def matching_documents(query: str, dialect: str) -> Select | None:
    """SELECT of the ids of documents whose text holds the query (every word of it as a
    phrase), or None when the query has nothing to search for."""
    expr = match_expression(query, dialect)
    if expr is None:
        return None
    matched = text(match_clause(dialect)).bindparams(fts_q=expr).columns(
        document_id=documents.c.id.type).subquery()
    return select(matched.c.document_id)
