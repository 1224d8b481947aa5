"""Full-text search for Chinese: overlapping character bigrams, indexed by FTS5 or a tsvector.

Why bigrams and not jieba: a search for 签约 or 济南 must find every text
that contains those two characters, whatever a segmenter would have cut
(签约仪式 → 签约/仪式, but 济南市中区 might become 济/南市/中区 and lose
济南). Bigrams give exact-substring semantics for any query of two or more
characters (a longer query is a phrase of its bigrams), cost a single pass
over the text (jieba costs milliseconds a document, as much as extraction
itself) and behave the same on SQLite (FTS5, unicode61 tokenizer over the
space-separated bigrams) and PostgreSQL (tsvector with the 'simple' config
over the same bigrams, phrase queries with <->, GIN index). A one-character
query becomes a prefix query (济*).
"""
from __future__ import annotations

import re

from sqlalchemy import text
from sqlalchemy.engine import Connection

__all__ = ["tokenize", "match_expression", "create_fts", "drop_fts", "insert_rows", "match_clause"]

FTS_TABLE = "document_fts"
_CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_RUN = re.compile(rf"[{_CJK}]+|[0-9A-Za-z]+")
_IS_CJK = re.compile(rf"[{_CJK}]")


def _run_tokens(run: str) -> list[str]:
    if not _IS_CJK.match(run):
        return [run.lower()]
    if len(run) == 1:
        return [run]
    return [run[i:i + 2] for i in range(len(run) - 1)]


def tokenize(body: str) -> str:
    """Space-separated search tokens: bigrams of CJK runs, lower-cased ASCII words.

        >>> tokenize("济南签约23个项目")
        '济南 南签 签约 23 个项 项目'
    """
    out: list[str] = []
    for run in _RUN.findall(body or ""):
        out.extend(_run_tokens(run))
    return " ".join(out)


def _phrases(query: str) -> list[list[str]]:
    """Each whitespace-separated part of the query → its tokens (a phrase)."""
    phrases = []
    for part in (query or "").split():
        tokens: list[str] = []
        for run in _RUN.findall(part):
            tokens.extend(_run_tokens(run))
        if tokens:
            phrases.append(tokens)
    return phrases


def match_expression(query: str, dialect: str) -> str | None:
    """The MATCH (FTS5) or tsquery text for a user query, or None when it has no searchable token.

        >>> match_expression("济南 签约仪式", "sqlite")
        '"济南" AND "签约 约仪 仪式"'
        >>> match_expression("济南市", "postgresql")
        '济南 <-> 南市'
    """
    phrases = _phrases(query)
    if not phrases:
        return None
    parts = []
    for tokens in phrases:
        prefix = len(tokens) == 1 and len(tokens[0]) == 1 and _IS_CJK.match(tokens[0])
        if dialect == "postgresql":
            parts.append(f"{tokens[0]}:*" if prefix else " <-> ".join(tokens))
        else:
            parts.append(f'"{tokens[0]}"*' if prefix else '"' + " ".join(tokens) + '"')
    return (" & " if dialect == "postgresql" else " AND ").join(parts)


def create_fts(conn: Connection) -> None:
    """Create the full-text table for this dialect."""
    if conn.dialect.name == "postgresql":
        conn.execute(text(
            f"CREATE TABLE IF NOT EXISTS {FTS_TABLE} ("
            " document_id VARCHAR(64) PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,"
            " tsv TSVECTOR NOT NULL)"))
        conn.execute(text(f"CREATE INDEX IF NOT EXISTS ix_{FTS_TABLE}_tsv ON {FTS_TABLE} USING GIN (tsv)"))
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
    else:
        conn.execute(text(f"INSERT INTO {FTS_TABLE} (document_id, body) VALUES (:document_id, :body)"), rows)


def match_clause(dialect: str) -> str:
    """SQL that selects the ids of documents matching the bound parameter :fts_q."""
    if dialect == "postgresql":
        return f"SELECT document_id FROM {FTS_TABLE} WHERE tsv @@ to_tsquery('simple', :fts_q)"
    return f"SELECT document_id FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :fts_q"
