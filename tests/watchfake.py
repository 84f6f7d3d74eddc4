"""A change source and a clock that a test drives, so the watcher's logic runs without OS events
or real time: the test calls `Watcher.run_once()` itself, and every wait the watcher makes jumps
the fake clock to the end of the wait, or to the next scheduled action (as a notify would)."""

from __future__ import annotations

import heapq
import threading
from collections.abc import Callable
from pathlib import Path


class FakeSource:
    """A `ChangeSource`: `emit` reports one event at once, as an observer thread would.

    While stopped or dead nobody watches: events are dropped, as the OS would drop them.
    `kill()` makes `alive()` false, as when the observer thread dies; `start()` revives it.
    """

    def __init__(self, min_quiet: float = 0.0) -> None:
        self._min_quiet = min_quiet
        self._report: Callable[[str, bool], None] | None = None
        self.dead = False
        self.starts = 0
        self.stops = 0
        self.emitted = 0
        self.dropped = 0

    @property
    def min_quiet(self) -> float:
        return self._min_quiet

    def start(self, report: Callable[[str, bool], None]) -> None:
        self._report = report
        self.dead = False
        self.starts += 1

    def alive(self) -> bool:
        return self._report is not None and not self.dead

    def stop(self) -> None:
        self._report = None
        self.stops += 1

    def kill(self) -> None:
        self.dead = True

    def emit(self, path: str | Path, is_dir: bool = False) -> bool:
        """Report `path` (absolute) now; False when nobody is watching."""
        if self._report is None or self.dead:
            self.dropped += 1
            return False
        self.emitted += 1
        self._report(str(path), is_dir)
        return True


class FakeClock:
    """Monotonic time that passes only while the watcher waits (`clock=c.now, wait=c.wait`).

    `at(t, action)` runs `action` when the clock reaches `t` during a wait, and ends that wait,
    as a real event would wake the waiting worker. For a single thread only: the watcher's lock
    is reentrant, so an action may report events while the wait "holds" it.
    """

    def __init__(self, start: float = 1000.0) -> None:
        self.t = start
        self._due: list[tuple[float, int, Callable[[], None]]] = []
        self._seq = 0
        self.waits = 0

    def now(self) -> float:
        return self.t

    def at(self, when: float, action: Callable[[], None]) -> None:
        self._seq += 1
        heapq.heappush(self._due, (when, self._seq, action))

    @property
    def scheduled(self) -> int:
        return len(self._due)

    def wait(self, cond: threading.Condition, timeout: float) -> bool:
        self.waits += 1
        until = self.t + timeout
        if self._due and self._due[0][0] <= until:
            when, _, action = heapq.heappop(self._due)
            self.t = max(self.t, when)
            action()
            return True
        self.t = until
        return False
