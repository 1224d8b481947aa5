"""The ingest progress bar: files done of the total counted first, stories and events found,
rate and time left; errors printed above the bar as they come."""
from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from typing import Any

import typer

from ..errors import InputError
from ..records import RawInput, Result
from ..runner import input_files, raw_inputs

__all__ = ["IngestProgress"]


class IngestProgress:
    """Feeds the runner file by file and follows its outputs, which come back in input order:
    each output belongs to the oldest file still waiting, so "files done" is exact.

        >>> with IngestProgress(["news/"], quiet=False) as progress:
        ...     report = ingest(store, progress.inputs(), on_output=progress.output)
    """

    def __init__(self, paths: Iterable[str], *, quiet: bool):
        self.files = input_files(paths)
        self.quiet = quiet
        self._owner: deque[int] = deque()   # the file index of each input handed on, not yet back
        self.files_done = 0
        self.stories = 0
        self.events = 0
        self.errors = 0
        self._progress: Any = None
        self._task: Any = None

    def __enter__(self) -> "IngestProgress":
        if not self.quiet:
            from rich.console import Console
            from rich.progress import (BarColumn, MofNCompleteColumn, Progress, SpinnerColumn,
                                       TaskProgressColumn, TextColumn)

            self._progress = Progress(
                SpinnerColumn(), BarColumn(bar_width=12), TaskProgressColumn(), MofNCompleteColumn(),
                TextColumn("files, {task.fields[stories]:,} stories, {task.fields[events]:,} events"
                           "{task.fields[rate]}"),
                _TimeColumn(),
                console=Console(stderr=True), transient=False)
            self._progress.__enter__()
            self._task = self._progress.add_task("ingest", total=len(self.files), stories=0, events=0, rate="")
        return self

    def __exit__(self, *exc) -> None:
        if self._progress is not None:
            if exc[0] is None:
                self._advance(len(self.files))
            self._progress.__exit__(*exc)

    def inputs(self) -> Iterator[RawInput | InputError]:
        """Every input of every file, read lazily, each remembered with its file."""
        for index, path in enumerate(self.files):
            for item in raw_inputs([path]):
                self._owner.append(index)
                yield item

    def output(self, out: Result | InputError) -> None:
        """One output back from the runner (as ``on_output``)."""
        index = self._owner.popleft() if self._owner else len(self.files)
        if isinstance(out, BaseException):
            self.errors += 1
            self._say(f"error: {out}")
        else:
            self.stories += len(out.documents)
            self.events += len(out.events)
        self._advance(index)   # every file before this one is done

    def _advance(self, files_done: int) -> None:
        self.files_done = max(self.files_done, files_done)
        if self._progress is None:
            return
        elapsed = self._progress.tasks[0].elapsed or 0.0
        rate = f", {self.stories / elapsed:,.0f}/s" if elapsed > 0.5 and self.stories else ""
        self._progress.update(self._task, completed=self.files_done, stories=self.stories, events=self.events,
                              rate=rate)

    def _say(self, line: str) -> None:
        if self._progress is not None:   # above the live bar, not through it
            self._progress.console.print(line, markup=False, highlight=False, soft_wrap=True)
        else:
            typer.echo(line, err=True)



def _time_column_class():
    from rich.progress import ProgressColumn
    from rich.text import Text

    class TimeColumn(ProgressColumn):
        """'ETA 0:12' while running, at the pace of the whole run so far (steadier than the
        recent pace, which jumps while workers start); 'in 0:17' when done."""

        def render(self, task) -> Text:
            if task.finished:
                return Text(f"in {_clock(task.finished_time or task.elapsed)}", style="progress.elapsed")
            done, elapsed = task.completed, task.elapsed or 0.0
            left = elapsed * (task.total - done) / done if done and task.total else None
            return Text(f"ETA {_clock(left)}" if left is not None else "ETA -:--", style="progress.remaining")

    return TimeColumn


def _clock(seconds: float | None) -> str:
    seconds = int(seconds or 0)
    hours, rest = divmod(seconds, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"


def _TimeColumn():  # noqa: N802 - built on first use, so that rich loads only with a bar
    return _time_column_class()()
