"""Webhooks: after an ingest, each event new to a watch is POSTed to the watch's URL.

The body is the event record as `events` lists it (JSON, UTF-8); the headers say which
watch and event it is, which delivery and attempt, and carry the body's HMAC-SHA256 under
the watch's secret:

    X-Radar-Signature: sha256=<hex of HMAC-SHA256(secret, body)>
    X-Radar-Delivery: <the same id for every attempt at one event>
    X-Radar-Event: <event id>      X-Radar-Watch: <watch name, percent-encoded>
    X-Radar-Attempt: 1, 2, ...

A 2xx answer settles the event for that watch (it is never sent again); another 4xx (but
408 and 429) settles it as rejected. A 408, 429, 5xx or a network failure is retried with
backoff (1 s, 2 s, ...); when every attempt fails, the watch's other events wait for the
next ingest, which tries again. Every attempt is kept in the store's delivery log
(`projectradar watch deliveries NAME`). Addresses go through `projectradar.netguard`: no
loopback, link-local or private targets unless the operator allows them. The CLI's and the
API's ingest call `deliver_pending` after writing; the store never sends anything.

    >>> report = deliver_pending(store)                # doctest: +SKIP
    >>> report.delivered, report.failed
    (3, 0)
"""
from __future__ import annotations

import hashlib
import hmac
import json
import logging
import secrets
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .errors import FetchError, FilterError
from .netguard import Resolver, guarded_request

__all__ = ["SIGNATURE_HEADER", "sign", "verify", "new_secret", "DeliveryReport", "deliver_pending",
           "delivery_id", "body_of"]

log = logging.getLogger("projectradar.notify")

SIGNATURE_HEADER = "X-Radar-Signature"
USER_AGENT = "projectradar-webhook/1"
# Keys `events` adds to a record that a webhook body leaves out (bookkeeping of the store).
_STAMPS = ("created_at", "updated_at")
_RETRY_STATUSES = {408, 429}
_MAX_RETRY_AFTER = 60.0


def new_secret() -> str:
    """A fresh webhook secret (64 hex characters)."""
    return secrets.token_hex(32)


def sign(secret: str, body: bytes) -> str:
    """The signature header's value for a body: ``sha256=<hex HMAC-SHA256>``.

        >>> sign("s3cret", b'{"id": "e1"}')
        'sha256=4330ddb143bb35c1a2ff35bd8a03f6782a624b9cd2fc36a746843fd6561b8bf7'
    """
    return "sha256=" + hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


def verify(secret: str, body: bytes, header: str | None) -> bool:
    """What a receiver checks: does ``header`` (X-Radar-Signature) sign ``body`` with ``secret``?
    Compared in constant time."""
    return bool(header) and hmac.compare_digest(sign(secret, body), header.strip())


def delivery_id(watch: dict[str, Any], event_id: str) -> str:
    """One id for every attempt at delivering an event to a watch (receivers dedupe on it)."""
    key = f"{watch['name']}\n{watch['created_at']}\n{event_id}".encode("utf-8")
    return hashlib.sha256(key).hexdigest()[:32]


def body_of(event: dict[str, Any]) -> bytes:
    """The JSON body for an event: its record as `events` lists it."""
    return json.dumps({k: v for k, v in event.items() if k not in _STAMPS}, ensure_ascii=False).encode("utf-8")


@dataclass
class DeliveryReport:
    """What one round of deliveries did, over every watch with a webhook."""

    watches: int = 0
    delivered: int = 0
    rejected: int = 0
    failed: int = 0          # events whose attempts all failed this round (tried again next time)
    refused: int = 0         # watches whose address the guard refused
    attempts: int = 0
    problems: list[str] = field(default_factory=list)   # one line per watch that stopped early

    def summary(self) -> str:
        """One line for people: 'webhooks: 3 events delivered, 0 rejected, 0 failed ...'."""
        text = (f"webhooks: {self.delivered} events delivered, {self.rejected} rejected, {self.failed} failed "
                f"({self.watches} watches, {self.attempts} attempts)")
        return text + "".join(f"; {p}" for p in self.problems)


def _retry_after(response, default: float) -> float:
    value = (response.headers.get("retry-after") or "").strip()
    if value.isdigit():
        return min(float(value), _MAX_RETRY_AFTER)
    return default


def deliver_pending(store, *, allow_private: bool | None = None, client=None, attempts: int = 3,
                    backoff: float = 1.0, timeout: float = 10.0, limit: int = 500,
                    sleep: Callable[[float], None] = time.sleep, resolve: Resolver | None = None) -> DeliveryReport:
    """POST every event new to each webhook watch of ``store`` that it has not received yet.

    Args:
        store: a `projectradar.Store`.
        allow_private: allow loopback, link-local and private targets (default:
            $PROJECTRADAR_ALLOW_PRIVATE_URLS).
        client: an httpx.Client to send with (tests pass one); one is made otherwise.
        attempts: tries per event in this round; ``backoff`` seconds before the second,
            twice that before the third (a Retry-After of up to 60 s is honoured).
        limit: events sent per watch in this round (the rest wait for the next).
    Returns:
        a DeliveryReport. Database failures raise StoreError; nothing the receivers do
        raises (it is logged).
    """
    import httpx

    report = DeliveryReport()
    targets = store.webhook_watches()
    if not targets:
        return report
    own = client is None
    client = client or httpx.Client(timeout=timeout, headers={"User-Agent": USER_AGENT})
    try:
        for watch in targets:
            report.watches += 1
            try:
                pending = store.pending_deliveries(watch, limit=limit)
            except FilterError as err:       # a filter the store no longer understands: say so, go on
                report.problems.append(f"{watch['name']}: {err}")
                continue
            for event in pending:
                outcome = _deliver(store, client, watch, event, attempts=attempts, backoff=backoff, sleep=sleep,
                                   allow_private=allow_private, resolve=resolve, report=report)
                if outcome in ("failed", "refused"):
                    break      # the receiver is down or not allowed: the rest wait for the next round
    finally:
        if own:
            client.close()
    return report


def _deliver(store, client, watch: dict, event: dict, *, attempts: int, backoff: float, sleep, allow_private,
             resolve, report: DeliveryReport) -> str:
    import httpx

    body = body_of(event)
    did = delivery_id(watch, event["id"])
    headers = {"Content-Type": "application/json; charset=utf-8", SIGNATURE_HEADER: sign(watch["secret"] or "", body),
               "X-Radar-Delivery": did, "X-Radar-Event": event["id"],
               "X-Radar-Watch": urllib.parse.quote(watch["name"], safe="")}
    wait = backoff
    for attempt in range(1, max(1, attempts) + 1):
        started = time.perf_counter()
        status, error, retry_in = None, None, wait
        try:
            response = guarded_request(client, "POST", watch["webhook_url"], allow_private=allow_private,
                                       follow_redirects=False, resolve=resolve, content=body,
                                       headers={**headers, "X-Radar-Attempt": str(attempt)})
            status = response.status_code
            response.close()
        except FetchError as err:             # the guard: refused or unresolvable
            _log(store, watch, event, did, attempt, "refused", None, err.problem, started, report)
            report.refused += 1
            report.problems.append(f"{watch['name']}: {err.problem}")
            return "refused"
        except httpx.HTTPError as err:
            error = (str(err).splitlines() or [type(err).__name__])[0] or type(err).__name__
        if status is not None and 200 <= status < 300:
            _log(store, watch, event, did, attempt, "delivered", status, None, started, report)
            report.delivered += 1
            return "delivered"
        if status is not None and 400 <= status < 500 and status not in _RETRY_STATUSES:
            _log(store, watch, event, did, attempt, "rejected", status, f"HTTP {status}", started, report)
            report.rejected += 1
            return "rejected"
        if status is not None and 300 <= status < 400:
            _log(store, watch, event, did, attempt, "failed", status, f"HTTP {status}: redirects are not followed",
                 started, report)
            break
        if status is not None:
            error = f"HTTP {status}"
            retry_in = _retry_after(response, wait)
        _log(store, watch, event, did, attempt, "failed", status, error, started, report)
        if attempt < attempts:
            sleep(retry_in)
            wait *= 2
    report.failed += 1
    report.problems.append(f"{watch['name']}: {event['id']} not delivered, tried again after the next ingest")
    return "failed"


def _log(store, watch, event, did, attempt, outcome, status, error, started, report: DeliveryReport) -> None:
    report.attempts += 1
    milliseconds = int((time.perf_counter() - started) * 1000)
    if outcome != "delivered":
        log.info("webhook %s, event %s, attempt %d: %s %s", watch["name"], event["id"], attempt, outcome,
                    error or status)
    store.log_delivery(watch, event_id=event["id"], delivery_id=did, attempt=attempt, outcome=outcome,
                       status=status, error=error, milliseconds=milliseconds)
