"""One base exception and a small hierarchy; faces turn them into exit codes
or HTTP statuses, nothing below them does."""
from __future__ import annotations

__all__ = ["quote", "QUOTE_CHARS", "RadarError", "InputError", "RuleError", "StoreError", "FetchError", "FilterError", "ConflictError",
           "BlockedAddressError", "IngestError"]


# What a message may quote of an input (a decompressed line, a field): a few dozen characters.
QUOTE_CHARS = 40
# The longest problem an InputError states; longer ones are cut (a message is one line).
_PROBLEM_CHARS = 300


def quote(text: object, limit: int = QUOTE_CHARS) -> str:
    """``text`` as one line of at most ``limit`` characters, control characters escaped, cut
    with an ellipsis: what a message may show of untrusted input.

    >>> quote("签约" * 50, 6)
    '签约签约签…'
    """
    text = str(text)[: limit * 4 + 8]
    flat = "".join(ch if ch.isprintable() or ch == " " else repr(ch)[1:-1] for ch in text)
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


class RadarError(Exception):
    """Base of every error Project Radar raises on purpose.

    ``str(err)`` is a one-line message fit for a user: what went wrong and,
    where it helps, how to fix it.
    """


class InputError(RadarError):
    """An input that cannot be read: names the file (and line) and the problem."""

    def __init__(self, where: str, problem: str, *, line: int | None = None):
        # a file name is shown whole but on one line (a newline in it cannot forge another
        # error line); the problem is cut so that no message can carry a page of input
        where = quote(where, 4096)
        problem = quote(problem, _PROBLEM_CHARS)
        self.where = where
        self.line = line
        self.problem = problem
        loc = f"{where}:{line}" if line is not None else where
        super().__init__(f"{loc}: {problem}")


class FetchError(InputError):
    """A URL or feed that could not be fetched."""


class BlockedAddressError(FetchError):
    """A URL whose host is (or resolves to) a loopback, link-local, private or otherwise
    non-public address, refused unless the operator allows such targets."""


class RuleError(RadarError):
    """A malformed line in one of the rule tables under projectradar/data/."""

    def __init__(self, path: str, line: int, problem: str):
        super().__init__(f"{path}:{line}: {problem}")


class StoreError(RadarError):
    """The database cannot be opened, migrated or written."""


class FilterError(StoreError):
    """A query the store cannot answer as asked: an unknown region, sort, level, grouping or
    format. The caller's mistake, not an outage (the API answers 422)."""


class ConflictError(FilterError):
    """A write that would clash with what is stored: a watch name already taken (the API
    answers 409)."""


class IngestError(RadarError):
    """An ingest that read nothing: no input was given, found or readable. A call that
    stores nothing must not look like success; ``report`` (an IngestReport) lists the errors."""

    def __init__(self, message: str, report: object = None):
        self.report = report
        super().__init__(message)
