"""`vaultkit watch`: keep the pages current while the user writes. The only importer of watchdog.

The observer thread only records dirty paths. The worker (the caller's thread) waits for a
quiet moment, then runs an incremental sync of just those paths. Directory events, a periodic
rescan and midnight trigger a full pass. Own writes cost nothing: pages live in the ignored
output folder, and a person-note block write is re-stamped right after it is made, so its
event finds the note unchanged.
"""

from __future__ import annotations

import errno
import os
import threading
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver
from watchdog.observers.polling import PollingObserver

from ..core.atomic import QUIET_SECONDS
from ..core.errors import VaultkitError, shown
from ..core.progress import Progress
from ..core.stats import plural
from ..read.config import SETTINGS_FILES, settings_stamps
from ..read.scan import excluded, is_temp, undecodable  # is_temp: re-exported for tests and tools
from ..session.sync import SyncOptions, SyncStats, sync

if TYPE_CHECKING:
    from ..api import Vault
    from ..session.sync import Vault as Session


class ChangeSource(Protocol):
    """Anything that reports changed paths (absolute, and whether a folder); swappable."""

    def start(self, report: Callable[[str, bool], None]) -> None: ...

    def alive(self) -> bool: ...

    def stop(self) -> None: ...

    @property
    def min_quiet(self) -> float:
        """The least debounce that makes sense (a poller reports in clumps, an interval apart)."""
        ...


class _Handler(FileSystemEventHandler):
    def __init__(self, report: Callable[[str, bool], None]) -> None:
        self.report = report

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in ("opened", "closed_no_write"):
            return
        if event.is_directory and event.event_type not in ("created", "deleted", "moved"):
            return  # a folder's own "modified" is just its files changing; they report themselves
        for raw in (event.src_path, getattr(event, "dest_path", "")):
            if raw:
                path = raw.decode() if isinstance(raw, bytes) else raw
                self.report(path, event.is_directory)


class WatchdogSource:
    """watchdog's native observer (inotify, FSEvents, ...) or, on request, polling."""

    def __init__(
        self, root: Path, *, polling: bool = False, poll_interval: float = 1.0,
        warn: Callable[[str], None] = print,
    ) -> None:  # fmt: skip
        self.root = root
        self.polling = polling
        self.poll_interval = poll_interval
        self.warn = warn
        self.observer: BaseObserver | None = None

    @property
    def min_quiet(self) -> float:
        return self.poll_interval + 0.2 if self.polling else 0.0

    def alive(self) -> bool:
        observer = self.observer
        return (
            observer is not None
            and observer.is_alive()
            and all(emitter.is_alive() for emitter in observer.emitters)
        )

    def start(self, report: Callable[[str, bool], None]) -> None:
        # watchdog 7 warns (RuntimeWarning) when folders appear faster than it adds watches;
        # under `-W error` that warning kills its reader thread, so it must never escalate.
        warnings.filterwarnings("ignore", message="Callback with id", category=RuntimeWarning)
        try:
            self._start(report, self.polling)
        except OSError as exc:
            if self.polling or exc.errno not in (errno.ENOSPC, errno.EMFILE):
                raise
            self.warn(
                "file watch limit reached (raise fs.inotify.max_user_watches or "
                "max_user_instances); falling back to polling"
            )
            self.polling = True
            self._start(report, True)

    def _start(self, report: Callable[[str, bool], None], polling: bool) -> None:
        observer: BaseObserver = (
            PollingObserver(timeout=self.poll_interval) if polling else Observer()
        )
        observer.schedule(_Handler(report), str(self.root), recursive=True)
        observer.daemon = True
        observer.start()
        self.observer = observer

    def stop(self) -> None:
        if self.observer is not None:
            self.observer.stop()
            self.observer.join(timeout=5)


@dataclass
class WatchState:
    """What the worker has seen and done; tests and `--verbose` read it."""

    events: int = 0
    syncs: list[SyncStats] = field(default_factory=list)
    last_paths: frozenset[str] = frozenset()
    errors: list[str] = field(default_factory=list)
    idle: bool = False
    stopped: str = ""  # why the watcher stopped by itself (the vault folder is gone)


class Watcher:
    def __init__(
        self,
        vault: Vault,
        source: ChangeSource,
        *,
        today: Callable[[], date] = date.today,
        debounce: float = 0.2,
        cap: float = 3.0,
        rescan_every: float = 600.0,
        log: Callable[[str], None] = print,
        warn: Callable[[str], None] | None = None,
        ready: Callable[[], None] | None = None,
        verbose: bool = False,
        clock: Callable[[], float] = time.monotonic,
        wait: Callable[[threading.Condition, float], object] = threading.Condition.wait,
        progress: Progress | None = None,
    ) -> None:
        self.vault = vault
        self.progress = progress  # shown on the first sync only (the one that can take long)
        self.ready = ready  # called once, after the first full sync
        self.source = source
        self.today = today
        self.debounce = max(debounce, source.min_quiet)
        self.cap = cap
        self.rescan_every = rescan_every
        self.log = log
        self.warn = warn or log  # what the user must hear even when quiet (stderr)
        self.verbose = verbose  # also log each page and person block a sync writes
        # Time is only ever read and waited out through these two (tests pass a fake that jumps).
        self._clock = clock
        self._wait = wait
        self.state = WatchState()
        self._cond = threading.Condition()
        self._dirty: set[str] = set()
        self._full = False
        self._retry = False  # the next round writes blocks that waited (`_retry_after_quiet`)
        self._last_event = 0.0
        self._first_event = 0.0
        self.stopping = threading.Event()
        self._root = vault.root.resolve()
        self._root_id = _identity(vault.root)
        self._day = today()
        self._next_rescan = 0.0
        self._failures = 0  # syncs failed in a row: the next try waits longer (`_sync`)
        self._last_failure = ""
        self._last_settings_error = ""

    # observer thread: record and return
    def report(self, path: str, is_dir: bool) -> None:
        try:
            rel = Path(path).resolve().relative_to(self._root).as_posix()
        except (ValueError, OSError):
            return
        if rel in SETTINGS_FILES:  # read again before the next round (`run_once`)
            is_dir = True  # a full pass
        elif rel in (".", "") or excluded(rel, self.vault.config, is_dir):
            return
        elif undecodable(rel):  # a name that is not UTF-8: the walk reports it, once
            is_dir = True
        with self._cond:
            now = self._clock()
            if not self._dirty and not self._full:
                self._first_event = now
            self._last_event = now
            if is_dir:
                self._full = True
            else:
                self._dirty.add(rel)
            self.state.events += 1
            self.state.idle = False
            self._cond.notify_all()

    def stop(self) -> None:
        self.stopping.set()
        with self._cond:
            self._cond.notify_all()

    # worker: `run` is `begin`, then `run_once` until stopped, then `finish`
    def run(self) -> None:
        self.begin()
        try:
            while not self.stopping.is_set():
                self.run_once()
        finally:
            self.finish()

    def begin(self) -> None:
        """Start watching, then the first full sync."""
        day = self.today()
        self.source.start(self.report)  # first, so saves made during the first sync are seen
        self._sync(None, day, force=True, progress=self.progress)
        if self.ready is not None:
            self.ready()
        self._next_rescan = self._clock() + self.rescan_every

    def run_once(self) -> None:
        """One round: wait for a batch (or a rescan, midnight, a dead source), then sync."""
        day = self._day  # the day of the last sync
        paths, full = self._next_batch(self._next_rescan)
        if self.stopping.is_set():
            return
        if _identity(self.vault.root) != self._root_id:
            self._vault_gone()
            return
        if not self.source.alive():
            self.log(f"{time.strftime('%H:%M:%S')} file watching stopped; restarting it")
            self.source.stop()
            self.source.start(self.report)
            full = True  # whatever happened meanwhile was not reported
        now_day = self.today()
        rescan = self._clock() >= self._next_rescan
        if rescan:
            self._next_rescan = self._clock() + self.rescan_every
        if full or rescan or now_day != day:
            if self.session.settings_changed():
                self._read_settings()
            self._sync(None, now_day, force=True)
        elif paths:
            retry, self._retry = self._retry, False  # a block waited: render even if no note moved
            self._sync(paths, now_day, force=retry)
        self._requeue_unstable()

    @property
    def session(self) -> Session:
        """The vault's pipeline state: a round syncs only the paths that changed, on the
        watcher's day, and saves what it changed in the cache (what `Vault.sync` never needs)."""
        return self.vault.session

    def _read_settings(self) -> None:
        """The settings changed: a new session on them. Settings that cannot be read (a
        `vaultkit.toml` saved half-typed) are reported once and the last good ones kept until
        the files change again."""
        now = time.strftime("%H:%M:%S")
        stamps = settings_stamps(self.vault.root)  # before reading: a later save is seen
        try:
            vault = self.vault.reloaded()
        except VaultkitError as exc:
            self.session.settings = stamps  # not read again until they change again
            message = f"{now} settings not read again: {exc}; keeping the last good ones"
            self.state.errors.append(message)
            if str(exc) != self._last_settings_error:
                self.warn(message)
            self._last_settings_error = str(exc)
            return
        self._last_settings_error = ""
        self.log(f"{now} settings changed; reading them again")
        self.vault = vault

    def _vault_gone(self) -> None:
        """The vault folder was moved, renamed or deleted: stop (a sync would write the
        pages into a new folder at the old path). Following it is not sound: its new path
        is unknown on most systems, and the cache, a service and the user all name the old
        one."""
        message = (
            f"{time.strftime('%H:%M:%S')} the vault folder {self.vault.root} was moved or "
            "deleted; stopping (start `vaultkit watch` again for its new place)"
        )
        self.state.stopped = message
        self.warn(message)
        self.stopping.set()

    def finish(self) -> None:
        """Stop watching; keep the cache for the next process."""
        self.source.stop()
        state = self.session.store.settled()
        if state is not None:
            self.session.save_cache(state)
            self._say_warnings()

    def _next_batch(self, next_rescan: float) -> tuple[set[str], bool]:
        """Wait for events, then for a quiet moment (or the cap); hand over what piled up."""
        with self._cond:
            while not (self._dirty or self._full) and not self.stopping.is_set():
                self.state.idle = True
                wait = max(0.05, min(1.0, next_rescan - self._clock()))
                self._wait(self._cond, wait)
                if self._clock() >= next_rescan or self.today() != self._day:
                    return set(), False
                if not self.source.alive():
                    return set(), True
            while not self.stopping.is_set():
                now = self._clock()
                quiet = self._last_event + self.debounce - now
                capped = self._first_event + self.cap - now
                if quiet <= 0 or capped <= 0:
                    break
                self._wait(self._cond, min(quiet, capped))
            paths, full = set(self._dirty), self._full
            self._dirty.clear()
            self._full = False
            return paths, full

    def _sync(
        self, paths: set[str] | None, day: date, *, force: bool, progress: Progress | None = None
    ) -> None:
        self._day = day
        # every round that changed something saves the rows it changed (one transaction), so
        # a question asked while watching is answered from the database (`store.answers`)
        options = SyncOptions(paths=paths, force=force, progress=progress or Progress())
        try:
            stats = sync(self.session, day, options)
        except Exception as exc:  # a watcher must survive anything a sync throws
            self._say_warnings()
            if _identity(self.vault.root) != self._root_id:  # moved mid-sync: that is why
                self._vault_gone()
                return
            reason = f"sync failed: {type(exc).__name__}: {shown(str(exc))}"
            message = f"{time.strftime('%H:%M:%S')} {reason}"
            self.state.errors.append(message)
            if reason != self._last_failure:  # the same failure again is not news
                self.log(message)
            self._last_failure = reason
            self._failures += 1
            # Nothing is lost: the next round is a full pass, after 1, 2, 4 ... 60 seconds
            # (or a change's quiet moment), never a loop of failing syncs.
            retry = self._clock() + min(60.0, 2.0 ** (self._failures - 1))
            with self._cond:
                self._full = True
                self._first_event = self._last_event = retry
            return
        self._say_warnings()
        self._failures = 0
        self._last_failure = ""
        self.state.last_paths = frozenset(paths or ())
        if stats.blocks.waiting:
            self._retry_after_quiet(stats.blocks.waiting)
        if force or stats.changes:
            self.state.syncs.append(stats)
            self.log(f"{time.strftime('%H:%M:%S')} synced: {_summary(stats)}")
            if self.verbose:
                for line in stats.listing(self.vault.config.output_folder):
                    self.log(f"  {line}")

    def _say_warnings(self) -> None:
        """What the session noted (a damaged cache, rebuilt): one line each, as every
        command says it, even when quiet."""
        for line in self.session.warnings:
            self.warn(f"{time.strftime('%H:%M:%S')} warning: {line}")
        self.session.warnings.clear()

    def _retry_after_quiet(self, waiting: list[str]) -> None:
        """Notes an editor may have been saving got no block this round: a round once their
        quiet time has passed writes it, even if no event ever comes (`write.QUIET_SECONDS`)."""
        delay = QUIET_SECONDS + 0.25
        with self._cond:
            at = self._clock() + delay - self.debounce
            self._dirty |= set(waiting)
            self._retry = True
            self._first_event = self._last_event = max(self._last_event, at)
            self._cond.notify_all()

    def _requeue_unstable(self) -> None:
        """Files caught mid-write are read again after one more quiet moment."""
        unstable, self.session.unstable = self.session.unstable, set()
        if unstable:
            with self._cond:
                now = self._clock()
                self._dirty |= unstable
                self._first_event = self._first_event or now
                self._last_event = now
                self._cond.notify_all()


def _identity(root: Path) -> tuple[int, int] | None:
    """The vault folder's device and inode (None: gone); another identity, another folder."""
    try:
        st = os.stat(root)
    except OSError:
        return None
    return (st.st_dev, st.st_ino)


def _summary(stats: SyncStats) -> str:
    c, p = stats.changes, stats.pages
    parts = [f"{sign}{plural(n, 'note')}" for sign, n in
             (("+", c.added), ("~", c.modified), ("-", c.removed)) if n]  # fmt: skip
    parts.append(f"{plural(len(p.written), 'page')} written")
    if stats.blocks.written:
        parts.append(f"{plural(len(stats.blocks.written), 'person block')} written")
    if stats.blocks.waiting:  # saved a moment ago: a round of its own follows
        parts.append(f"{plural(len(stats.blocks.waiting), 'person block')} waiting")
    for path in stats.blocks.read_only:
        parts.append(f"{path} is read-only (left alone)")
    parts += [f"not written: {line}" for line in [*stats.pages.failed, *stats.blocks.refused]]
    if stats.issues:
        parts.append(plural(stats.issues, "vault issue"))
    return ", ".join(parts)


def install_signal_handlers(watcher: Watcher) -> None:
    """Ctrl-C and SIGTERM finish the current write, then stop (exit status 0)."""
    import signal

    def handler(signum: int, frame: Any) -> None:
        watcher.stop()

    signal.signal(signal.SIGINT, handler)
    signal.signal(signal.SIGTERM, handler)


__all__ = ["ChangeSource", "WatchdogSource", "Watcher", "install_signal_handlers", "is_temp"]
