"""How far long work has got, on one self-updating terminal line, and how long each phase took.

A first sync of a big vault takes seconds and used to print nothing until it was done, so a
new user could not tell working from hung. The rule: a line appears at once when the work's
size says it will take more than about a second (`BIG` notes or cards to read), or as soon as
it has taken `SHOW_AFTER` seconds; it is one line (`reading notes 12,400/32,000`, then
`deriving`, `writing pages`) that is cleared before the command prints its summary. Where no
terminal is watching (a pipe, cron, `--quiet`, `--json`) the caller passes no `write`, and
nothing is ever shown; the phases are still timed, for `sync --verbose`.

Hand-written rather than `click.progressbar`: that draws one bar per loop and ends each with
a newline, where this is one line through several phases; it is a few lines of `\\r`.
"""

from __future__ import annotations

import time
from collections.abc import Callable

BIG = 5000  # notes (or cards) to read: at ~100-150 µs each, about a second or more
SHOW_AFTER = 1.0  # seconds of work after which any phase is shown


class Progress:
    """Phases and counts of one command's work. `write` receives terminal text (`\\r` and
    the line); None never shows anything. `clock` is injectable so tests never wait."""

    def __init__(
        self,
        write: Callable[[str], None] | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
        big: int | None = None,
        show_after: float | None = None,
    ) -> None:
        self._write = write
        self._clock = clock
        self._big = BIG if big is None else big
        self._show_after = SHOW_AFTER if show_after is None else show_after
        self._start = clock()
        self._began = self._start
        self._label = ""
        self.done = 0
        self._total: int | None = None
        self._width = 0  # of the line on the terminal now
        self.shown = False
        self.updates = 0  # lines drawn (tests count these)
        self.phases: list[tuple[str, float]] = []  # (label, seconds), closed phases

    def phase(self, label: str, total: int | None = None) -> None:
        """Start `label` (closing the current phase), or give the current one its size."""
        if label != self._label:
            self._close_phase()
            self._label, self._began = label, self._clock()
            self.done = 0
        self._total = total
        if total is not None and total >= self._big:
            self.shown = self._write is not None
        self._draw()

    def advance(self, n: int = 1) -> None:
        self.done += n
        self._draw()

    def close(self) -> None:
        """End the last phase and clear the line, so the summary prints where it stood."""
        self._close_phase()
        self._label = ""
        if self._width and self._write is not None:
            self._write("\r" + " " * self._width + "\r")
            self._width = 0

    def timings(self) -> str:
        """`reading notes 1.20 s, deriving 0.40 s, ...` for `--verbose`."""
        return ", ".join(f"{label} {seconds:.2f} s" for label, seconds in self.phases)

    def _close_phase(self) -> None:
        if self._label:
            self.phases.append((self._label, self._clock() - self._began))

    def _draw(self) -> None:
        if self._write is None or not self._label:
            return
        if not self.shown:
            if self._clock() - self._start < self._show_after:
                return
            self.shown = True
        if self._total is not None:
            line = f"{self._label} {min(self.done, self._total):,}/{self._total:,}"
        else:
            line = f"{self._label}…"
        pad = " " * max(0, self._width - len(line))
        self._write("\r" + line + pad)
        self._width = len(line)
        self.updates += 1


def terminal_writer(err: object) -> Callable[[str], None] | None:
    """A writer on `err` when it is a terminal, else None (cron, pipes and logs see nothing)."""
    isatty = getattr(err, "isatty", None)
    if not callable(isatty) or not isatty():
        return None
    write = err.write  # type: ignore[attr-defined]
    flush = getattr(err, "flush", None)

    def out(text: str) -> None:
        write(text)
        if callable(flush):
            flush()

    return out
