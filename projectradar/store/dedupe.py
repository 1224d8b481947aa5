"""Keep things once: content hashes, near-duplicate articles (MinHash LSH) and event matching."""
from __future__ import annotations

import datetime as dt
import hashlib
import re
from functools import cache
from typing import Any

import numpy as np

__all__ = ["canonical", "content_hash", "minhash_signature", "band_keys", "similarity", "same_figures", "same_title", "NEAR_DUPLICATE",
           "same_event", "SIGNATURE_DTYPE", "completeness", "is_better", "improved", "neighbour_dates", "FIGURES"]

NUM_PERM = 64
BANDS, ROWS = 16, 4                # 16 bands of 4: a pair at Jaccard 0.9 shares 2+ bands with p > 0.9999
NEAR_DUPLICATE = 0.9               # estimated Jaccard of 3-character shingles
SHINGLE = 3
SAMPLE_FLOOR = 100                 # texts with more shingles than 4x this are sampled 1 in 4
MIN_NEAR_DUP_CHARS = 80            # shorter texts (teasers) are only ever exact duplicates
FIGURES = ("project_count", "investment_yuan", "annual_investment_yuan")
_SPACE = re.compile(r"\s+")


def _canonical(text: str) -> str:
    return _SPACE.sub("", text or "")


def canonical(text: str) -> str:
    """The text without whitespace: what hashes and shingles are taken over."""
    return _canonical(text)


def content_hash(kind: str, title: str | None, body: str, *, canonical: bool = False) -> str:
    """SHA-1 of the body without whitespace; short bodies (teasers) also hash kind and title,
    so two different teasers with empty bodies stay two documents.

        >>> content_hash("article", "x", "甲 乙") == content_hash("article", "y", "甲乙")
        True
    """
    canon = body if canonical else _canonical(body)
    if len(canon) < MIN_NEAR_DUP_CHARS:
        canon = f"{kind}\x1f{_canonical(title or '')}\x1f{canon}"
    return hashlib.sha1(canon.encode("utf-8")).hexdigest()


SIGNATURE_DTYPE = np.uint32


@cache
def _permutations() -> tuple[np.ndarray, np.ndarray]:
    """datasketch's MinHash permutations (seed 7, 64 of them, its default 'affine32' scheme)."""
    from datasketch import MinHash

    a, b = MinHash(num_perm=NUM_PERM, seed=7).permutations
    return a.astype(np.uint32)[None, :], b.astype(np.uint32)[None, :]


def _fmix32(hv: np.ndarray) -> np.ndarray:
    # MurmurHash3's finalizer, as datasketch's affine32 scheme pre-mixes every input hash
    hv = hv ^ (hv >> np.uint32(16))
    hv = hv * np.uint32(0x85EBCA6B)
    hv = hv ^ (hv >> np.uint32(13))
    hv = hv * np.uint32(0xC2B2AE35)
    return hv ^ (hv >> np.uint32(16))


_MASK32 = np.uint64(0xFFFFFFFF)
_K = (np.uint64(0x9E3779B97F4A7C15), np.uint64(0xC2B2AE3D27D4EB4F), np.uint64(0x165667B19E3779F9))


def shingle_hashes(canon: str) -> np.ndarray:
    """32-bit hashes of every 3-character shingle, computed at once with numpy (hashing each
    shingle with SHA-1 in Python, datasketch's default, costs as much as extraction)."""
    codes = np.frombuffer(canon.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    n = len(codes) - SHINGLE + 1
    with np.errstate(over="ignore"):
        h = codes[:n] * _K[0] + codes[1:n + 1] * _K[1] + codes[2:n + 2] * _K[2]
        h ^= h >> np.uint64(33)
        h *= np.uint64(0xFF51AFD7ED558CCD)
        h ^= h >> np.uint64(29)
    h &= _MASK32
    if len(h) > 4 * SAMPLE_FLOOR:
        # keep the shingles whose hash is 0 mod 4: the same ones in every copy of a text, so
        # the Jaccard estimate holds while MinHash does a quarter of the work
        h = h[(h & np.uint64(3)) == 0]
    return h


def minhash_signature(body: str, *, canonical: bool = False) -> np.ndarray | None:
    """The datasketch MinHash (64 permutations, 'affine32' scheme) of the body's 3-character
    shingles, computed for all shingles at once with numpy: the same values as
    ``MinHash(num_perm=64, seed=7, hashfunc=int).update_batch(shingle_hashes(...))``,
    without a Python call per shingle. None for short bodies. Stable across runs (stored).

        >>> sig = minhash_signature("各区县纷纷行动起来，重点项目集中签约" * 6)
        >>> sig.shape, sig.dtype
        ((64,), dtype('uint32'))
    """
    canon = body if canonical else _canonical(body)
    if len(canon) < MIN_NEAR_DUP_CHARS:
        return None
    a, b = _permutations()
    hv = _fmix32(shingle_hashes(canon).astype(np.uint32))[:, None]
    with np.errstate(over="ignore"):
        return (hv * a + b).min(axis=0)


_BAND_MIX = np.array([0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0x27D4EB2F165667C5],
                     dtype=np.uint64)


def band_keys(signature: np.ndarray) -> list[str]:
    """One key per LSH band (16 bands of 4 values): near-duplicates share at least one."""
    with np.errstate(over="ignore"):
        mixed = (signature.astype(np.uint64).reshape(BANDS, ROWS) * _BAND_MIX).sum(axis=1, dtype=np.uint64)
    return [f"{band:02d}{int(v):016x}" for band, v in enumerate(mixed)]


_NUMBER = re.compile(r"[0-9][0-9.,]*|[〇零一二三四五六七八九十百千万亿两]+")
_TITLE_NOISE = re.compile(r"[\s\W_]+")


def same_figures(a: str, b: str) -> bool:
    """Every number (digits or Chinese numerals) of the shorter text occurs in the longer
    one: a reprint may cut or add a paragraph, but a text with other figures (第3批,
    十四届二次会议, 二〇二四年) is another article.

        >>> same_figures("签约项目23个，总投资8亿元", "现场签约项目23个，总投资8亿元。（记者 李娜）")
        True
        >>> same_figures("全国人大二次会议开幕", "全国人大三次会议开幕")
        False
    """
    short, long = sorted((a or "", b or ""), key=len)
    return set(_NUMBER.findall(short)) <= set(_NUMBER.findall(long))


def same_title(a: str | None, b: str | None) -> bool:
    """Titles that do not contradict: either is missing, or one contains the other once
    punctuation and spaces are set aside. Templated stories (…俄文版出版发行 / …法文版出版发行)
    share almost all their text and differ exactly in the title."""
    ta, tb = _TITLE_NOISE.sub("", a or ""), _TITLE_NOISE.sub("", b or "")
    if not ta or not tb:
        return True
    return ta in tb or tb in ta


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of two signatures."""
    return float(np.count_nonzero(a == b)) / len(a)


# ---------------------------------------------------------------- events
def _parse_day(value: str | None) -> dt.date | None:
    if not value or len(value) != 10:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def neighbour_dates(start: str | None) -> list[str]:
    """The date starts an event may have to be the same event: the day itself ±1 (or the
    same month/year string for coarser dates)."""
    day = _parse_day(start)
    if day is None:
        return [start] if start else []
    return [(day + dt.timedelta(days=d)).isoformat() for d in (-1, 0, 1)]


def _close(a: Any, b: Any) -> bool:
    if a is None or b is None:
        return True
    if a == b:
        return True
    big = max(abs(a), abs(b))
    return big > 0 and abs(a - b) / big <= 0.01


def same_event(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Two event records tell the same event: same type and region, dates within a day,
    every figure both give within 1 %, the same cumulative flag. Events with no region or
    no date are never merged (too easy to merge two different things)."""
    if a["type"] != b["type"] or bool(a.get("cumulative")) != bool(b.get("cumulative")):
        return False
    ra, rb = (a.get("region") or {}).get("adcode"), (b.get("region") or {}).get("adcode")
    if not ra or ra != rb:
        return False
    da, db = (a.get("date") or {}).get("start"), (b.get("date") or {}).get("start")
    if not da or not db or db not in neighbour_dates(da):
        return False
    if a.get("level") and b.get("level") and a["level"] != b["level"]:
        return False
    return all(_close(a.get(f), b.get(f)) for f in FIGURES)


_PRECISION_RANK = {"day": 4, "month": 3, "quarter": 2, "year": 1}


def completeness(record: dict[str, Any]) -> int:
    """How many facts a record gives: figures, a precise date, sectors, people, organizations."""
    score = sum(1 for f in FIGURES if record.get(f) is not None)
    score += 1 if record.get("qualifier") else 0
    score += _PRECISION_RANK.get((record.get("date") or {}).get("precision") or "", 0) // 4
    score += sum(1 for f in ("sectors", "people", "organizations", "destinations") if record.get(f))
    return score


def _figures(record: dict[str, Any]) -> int:
    return sum(1 for f in FIGURES if record.get(f) is not None)


def is_better(new: dict[str, Any], old: dict[str, Any]) -> bool:
    """A later telling improves the event: more figures, else more facts, else higher confidence."""
    for measure in (_figures, completeness):
        a, b = measure(new), measure(old)
        if a != b:
            return a > b
    return float(new.get("confidence") or 0) > float(old.get("confidence") or 0) + 1e-9


def improved(new: dict[str, Any], old: dict[str, Any]) -> dict[str, Any]:
    """The better telling, with what it leaves out (None, empty lists) kept from the old one."""
    out = dict(new)
    for key, value in old.items():
        if out.get(key) in (None, [], "") and value not in (None, [], ""):
            out[key] = value
    return out
