"""One article, kept once: content hashes, MinHash signatures and LSH bands of near-duplicate
texts, and the decision which stored document a new one is a copy of."""
from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from functools import cache

import numpy as np

from ..records import Document, Result

__all__ = ["canonical", "content_hash", "minhash_signature", "band_keys", "shingle_hashes", "similarity",
           "same_figures", "same_title", "NEAR_DUPLICATE", "SIGNATURE_DTYPE", "eventful_documents",
           "needs_near_duplicate_check", "CopyFinder"]

NUM_PERM = 64
BANDS, ROWS = 16, 4                # 16 bands of 4: a pair at Jaccard 0.9 shares 2+ bands with p > 0.9999
NEAR_DUPLICATE = 0.9               # estimated Jaccard of 3-character shingles
SHINGLE = 3
SAMPLE_FLOOR = 100                 # texts with more shingles than 4x this are sampled 1 in 4
MIN_NEAR_DUP_CHARS = 80            # shorter texts (teasers) are only ever exact duplicates
# Near-duplicate checks (MinHash) are for the articles whose events they keep straight:
# one article told by two outlets must be one document, so its events are not counted as
# told twice. An article without events carries no figure to double; it gets the check
# only when long enough to be a feature outlets reprint (a tenth of a news-bulletin corpus),
# and exact copies of every document are still caught by the content hash.
NEAR_DUP_WITHOUT_EVENTS_CHARS = 1000
# A pair at Jaccard 0.8 shares 2+ of the 16 bands with p > 0.99; checking only the ten
# most-sharing candidates keeps templated bulletins from costing n² comparisons.
MIN_SHARED_BANDS = 2
MAX_CANDIDATES = 10
_SPACE = re.compile(r"\s+")


def canonical(text: str) -> str:
    """The text without whitespace: what hashes and shingles are taken over."""
    return _without_space(text)


def _without_space(text: str) -> str:
    # `canonical` under another name: the functions below take a flag called `canonical`
    return _SPACE.sub("", text or "")


def content_hash(kind: str, title: str | None, body: str, *, canonical: bool = False) -> str:
    """SHA-1 of the body without whitespace; short bodies (teasers) also hash kind and title,
    so two different teasers with empty bodies stay two documents.

        >>> content_hash("article", "x", "甲 乙") == content_hash("article", "x", "甲乙")
        True
        >>> content_hash("teaser", "x", "") == content_hash("teaser", "y", "")
        False
    """
    canon = body if canonical else _without_space(body)
    if len(canon) < MIN_NEAR_DUP_CHARS:
        canon = f"{kind}\x1f{_without_space(title or '')}\x1f{canon}"
    return hashlib.sha1(canon.encode("utf-8")).hexdigest()


SIGNATURE_DTYPE = np.uint32


@cache
def _permutations() -> tuple[np.ndarray, np.ndarray]:
    """datasketch's MinHash permutations (seed 7, 64 of them, its default 'affine32' scheme)."""
    # imported on first use: datasketch pulls in scipy (half a second), which a store that
    # only answers queries never needs
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

        >>> sig = minhash_signature("多地抢抓开局，重点项目集中签约" * 6)
        >>> sig.shape, sig.dtype
        ((64,), dtype('uint32'))
    """
    canon = body if canonical else _without_space(body)
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


def eventful_documents(results: Iterable[Result]) -> set[str]:
    """Ids of the documents that tell at least one event."""
    return {event.document_id for result in results for event in result.events}


def needs_near_duplicate_check(doc: Document, eventful: set[str] | None) -> bool:
    """Whether a document gets a MinHash: articles that tell an event (every article when
    ``eventful`` is None) and long ones (see NEAR_DUP_WITHOUT_EVENTS_CHARS); teasers never."""
    return doc.kind == "article" and (eventful is None or doc.id in eventful
                                      or len(doc.text or "") >= NEAR_DUP_WITHOUT_EVENTS_CHARS)


# What `CopyFinder.near_duplicate` asks the caller for: the signature, text and title of
# documents it knows only by their bands (those stored before this run).
LoadCopies = Callable[[list[str]], Iterable[tuple[str, np.ndarray, str, str]]]


class CopyFinder:
    """The documents known so far, by content hash and by LSH band, and which of them a new
    document is a copy of. The store fills it with what the database holds for a batch
    (``know_hash``, ``know_band``) and with every document it adds (``add``).

        >>> finder = CopyFinder()
        >>> body = "多地抢抓开局，重点项目集中签约，共签约项目12个，总投资86亿元。" * 3
        >>> sig = minhash_signature(body)
        >>> finder.add("a", content_hash("article", "签约", body), sig, band_keys(sig), body, "签约")
        >>> finder.near_duplicate(sig, band_keys(sig), body + "（记者 李娜）", "签约")
        'a'
    """

    def __init__(self) -> None:
        self._by_hash: dict[str, str] = {}
        self._by_band: dict[str, set[str]] = defaultdict(set)
        self._signatures: dict[str, np.ndarray] = {}
        self._texts: dict[str, str] = {}
        self._titles: dict[str, str] = {}

    def know_hash(self, digest: str, doc_id: str) -> None:
        """A stored document with this content hash."""
        self._by_hash[digest] = doc_id

    def know_band(self, key: str, doc_id: str) -> None:
        """A stored document with this LSH band."""
        self._by_band[key].add(doc_id)

    def same_text(self, digest: str) -> str | None:
        """The document with exactly this text (content hash), if known."""
        return self._by_hash.get(digest)

    def near_duplicate(self, signature: np.ndarray, keys: list[str], body: str, title: str | None,
                       load: LoadCopies | None = None) -> str | None:
        """The known document this text is a near-duplicate of, or None: estimated Jaccard at
        least NEAR_DUPLICATE (the most similar wins; ties go to the later candidate), titles
        that do not contradict and no figure of one that the other lacks. ``load`` gives the
        signature, text and title of candidates known only by their bands."""
        shared: dict[str, int] = defaultdict(int)
        for key in keys:
            for doc_id in self._by_band.get(key, ()):
                shared[doc_id] += 1
        ranked = sorted((d for d, n in shared.items() if n >= MIN_SHARED_BANDS),
                        key=lambda d: (-shared[d], d))[:MAX_CANDIDATES]
        missing = [d for d in ranked if d not in self._signatures]
        if missing and load is not None:
            for doc_id, other, other_body, other_title in load(missing):
                self._remember(doc_id, other, other_body, other_title)
        best, best_sim = None, NEAR_DUPLICATE
        for doc_id in ranked:
            other = self._signatures.get(doc_id)
            if other is None:
                continue
            sim = similarity(signature, other)
            if (sim >= best_sim and same_title(title, self._titles.get(doc_id))
                    and same_figures(body, self._texts.get(doc_id, ""))):
                best, best_sim = doc_id, sim
        return best

    def add(self, doc_id: str, digest: str, signature: np.ndarray | None, keys: list[str], body: str,
            title: str | None) -> None:
        """A new document, kept from now on: later copies of it are found."""
        self._by_hash[digest] = doc_id
        if signature is not None:
            self._remember(doc_id, signature, body, title)
            for key in keys:
                self._by_band[key].add(doc_id)

    def _remember(self, doc_id: str, signature: np.ndarray, body: str | None, title: str | None) -> None:
        self._signatures[doc_id] = signature
        self._texts[doc_id] = body or ""
        self._titles[doc_id] = title or ""
