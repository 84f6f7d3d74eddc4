"""What a session knows of the vault's files, and how it reads them: the notes' stamps, the
walk's order, what was caught changing; the diff against the last walk (`refresh`, or the
watcher's `refresh_paths`) and the reading and parsing of what changed (big cold batches in
the fork workers of `pool.py`). The session (`sync.Vault`) owns the index and the cache;
this reads notes into the index it is given.
"""

from __future__ import annotations

import functools
import os
import stat
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from ..core import atomic
from ..core.errors import special
from ..core.models import FileStamp, Issue, NoteFacts
from ..core.progress import Progress
from ..core.stats import Changes
from ..engine.encoding import entry_from
from ..engine.index import Index
from ..read.config import Config
from ..read.parse import is_page, parse
from ..read.scan import ScanResult, excluded, not_a_file, read_note, scan, undecodable
from ..rules.relations import NOBODY
from ..store import cache_file
from . import pool

_STEP = 500  # notes read one by one between two progress updates


class Reader:
    """The files of one vault as last read into `index` (which the session may replace)."""

    index: Index  # where notes are read into: the session's, set (and replaced) by it

    def __init__(self, root: Path, config: Config, warn: Callable[[str], None]) -> None:
        self.root = root
        self.config = config
        self.warn = warn  # a cache entry that does not decode: one line for the user
        self.stamps: dict[str, FileStamp] = {}
        self.pages: set[str] = set()  # walked, but pages vaultkit wrote: never notes (§1)
        self.walk_order: list[str] = []  # note paths in the last walk's order (the no-op digest)
        self.output_files: list[str] = []
        self.scan_issues: list[Issue] = []
        self.unstable: set[str] = set()  # read while being written: read again next round
        self._emptied: set[str] = set()
        # what a note's modification time is compared with (an editor may be saving it)
        self.clock: Callable[[], float] = lambda: atomic.wall_clock()

    def forget(self) -> None:
        """Every note unread (a rebuild reads them all again)."""
        self.stamps = {}
        self.pages = set()

    def refresh(
        self,
        entries: Callable[[], dict[str, tuple[Any, ...]]],
        *,
        reread: bool = False,
        found: ScanResult | None = None,
        progress: Progress | None = None,
    ) -> Changes:
        """Scan, then re-read and re-parse only the files whose stamp changed.

        `reread` ignores the cache and the stamps: every note is read again (`sync --full`),
        which catches an edit that kept both the size and the modification time.
        """
        found = found or scan(self.root, self.config)
        if found.temp_files:  # what a killed write left behind (write.remove_stale_temps)
            atomic.remove_stale_temps(self.root, found.temp_files, self.clock())
        self.walk_order = found.paths
        self.output_files = found.output_files
        now = {s.path: s for s in found.notes}
        changes = Changes()
        for path in list(self.stamps):
            if path not in now:
                self.index.remove(path)
                del self.stamps[path]
                self.pages.discard(path)
                changes.removed += 1
        cached = {} if reread else entries()  # the cache's notes, handed over
        todo: list[FileStamp] = []
        first = not self.stamps  # a new process: count changes against the cache's last run
        if first:
            changes.removed += sum(1 for p in cached if p not in now)
        for path, stamp in now.items():
            old = self.stamps.get(path)
            if old == stamp and not reread:
                continue
            raw = cached.get(path)
            was = cache_file.stamp_of(path, raw) if raw is not None else None
            before = old or (was if first else None)
            if before is None:
                changes.added += 1
            elif before != stamp or reread:
                changes.modified += 1
            if raw is not None and was == stamp and not reread and self._use_cached(stamp, raw):
                continue
            todo.append(stamp)
        progress = progress or Progress()
        self._load_many(todo, progress)
        if len(self.stamps) >= pool.PARALLEL_MIN and (os.cpu_count() or 1) >= 2:
            # a first build (no view restored) derives in workers too, parsed or cached notes
            fan = functools.partial(pool.fan_out, progress=progress)
            self.index.fan_out = (fan, cache_file.unpack_part)
        self.scan_issues = found.issues
        return changes

    def _use_cached(self, stamp: FileStamp, raw: tuple[Any, ...]) -> bool:
        """The cached entry for an unchanged note: kept encoded (facts) or decoded (an issue)."""
        if cache_file.is_page(raw):
            self._page(stamp)
            return True
        if cache_file.is_issue(raw):
            try:
                issue = cache_file.decode_issue(raw)
            except cache_file.CacheError as exc:
                self.warn(str(exc))
                return False
            self.stamps[stamp.path] = stamp
            self.pages.discard(stamp.path)
            self.index.set_file_issue(stamp.path, issue)
            return True
        self.stamps[stamp.path] = stamp
        self.pages.discard(stamp.path)
        self.index.add_encoded(stamp.path, raw, derived=self.index.has_derived(stamp.path))
        return True

    def _load_many(self, stamps: list[FileStamp], progress: Progress) -> None:
        """Read and parse; a big cold batch is split over a process pool (see performance.md)."""
        progress.phase("reading notes", len(stamps))
        if len(stamps) < pool.PARALLEL_MIN or (os.cpu_count() or 1) < 2 or not pool.can_fork():
            for at, stamp in enumerate(stamps, 1):
                self._load(stamp)
                if at % _STEP == 0 or at == len(stamps):
                    progress.advance(_STEP if at % _STEP == 0 else at % _STEP)
            return
        workers = min(os.cpu_count() or 2, 4)
        size = max(200, len(stamps) // (workers * 4))
        batches = [stamps[i : i + size] for i in range(0, len(stamps), size)]
        args = (self.root, self.config)
        with pool.start(workers) as running:
            answers = running.map(pool.parse_batch, batches, [args] * len(batches))
            for batch, results in zip(batches, answers, strict=True):
                progress.advance(len(batch))  # one message a batch, never one a note
                for stamp, (value, entry) in zip(batch, results, strict=True):
                    if value is None:
                        self._load(stamp)  # vanished or moving under us: the careful path
                    elif isinstance(value, Issue):
                        self._use(stamp, value)
                    elif not value:
                        self._page(stamp)
                    else:
                        self.stamps[stamp.path] = stamp
                        self.pages.discard(stamp.path)
                        hint = NOBODY if entry is None else entry_from(stamp.path, entry)
                        self.index.add_encoded(
                            stamp.path, cache_file.facts_entry(stamp, value), hint=hint
                        )

    def _use(self, stamp: FileStamp, value: NoteFacts | Issue) -> None:
        self.stamps[stamp.path] = stamp
        self.pages.discard(stamp.path)
        if isinstance(value, Issue):
            self.index.set_file_issue(stamp.path, value)
        else:
            self.index.add(value)

    def refresh_paths(self, paths: Iterable[str]) -> Changes:
        """Like `refresh`, for just these vault paths (the watcher's dirty set)."""
        changes = Changes()
        for rel in sorted(set(paths)):
            if excluded(rel, self.config, vault=self.root) or undecodable(
                rel
            ):  # the walk reports a bad name
                continue
            try:
                st = os.stat(self.root / rel, follow_symlinks=False)
            except OSError:
                st = None
            self._special_file(rel, st)
            if st is None or not stat.S_ISREG(st.st_mode):
                if rel in self.stamps:
                    self.index.remove(rel)
                    del self.stamps[rel]
                    self.pages.discard(rel)
                    changes.removed += 1
                continue
            stamp = FileStamp(rel, st.st_mtime_ns, st.st_size)
            old = self.stamps.get(rel)
            if old == stamp:
                continue
            if old is None:
                changes.added += 1
            else:
                changes.modified += 1
            self._load(stamp)
        return changes

    def _special_file(self, rel: str, st: os.stat_result | None) -> None:
        """A named pipe, device or socket is reported as the walk reports it, so a watcher's
        pages say what a fresh sync's say; it is never opened."""
        found = [i for i in self.scan_issues if i.path == rel and i.kind == "unreadable"]
        odd = st is not None and special(st.st_mode)
        if (not found and not odd) or (st is None and os.path.lexists(self.root / rel)):
            return  # nothing to say, or a path that cannot be stat'ed: the walk's word stands
        kept = [i for i in self.scan_issues if i not in found]
        if st is not None and odd:
            kept.append(not_a_file(rel, st.st_mode))
        self.scan_issues = sorted(kept, key=lambda i: i.path)

    def _load(self, stamp: FileStamp) -> None:
        old = self.stamps.get(stamp.path)
        if stamp.size == 0 and old is not None and old.size > 0 and stamp.path not in self._emptied:
            # Emptied: most likely an editor's truncate-then-write caught in the middle.
            self._emptied.add(stamp.path)
            self.unstable.add(stamp.path)
            return
        self._emptied.discard(stamp.path)
        text, issue, same = read_note(self.root, stamp, self.config.max_file_bytes)
        if text is not None and not same:
            self.unstable.add(stamp.path)  # changed while we read it: keep the old stamp
            return
        self.stamps[stamp.path] = stamp
        facts = parse(stamp.path, text, self.config.parse_options) if text is not None else None
        if facts is not None and is_page(facts.props):
            self._page(stamp)
            return
        self.pages.discard(stamp.path)
        if issue is not None:
            self.index.set_file_issue(stamp.path, issue)
        elif facts is not None:
            self.index.add(facts)
        else:  # vanished between scan and read
            self.index.remove(stamp.path)
            del self.stamps[stamp.path]

    def _page(self, stamp: FileStamp) -> None:
        """A page vaultkit wrote, found among the notes (`parse.is_page`): kept by its stamp,
        so it is not read again while unchanged, and never a note (§1)."""
        self.stamps[stamp.path] = stamp
        self.pages.add(stamp.path)
        if stamp.path in self.index or stamp.path in self.index.file_issues:
            self.index.remove(stamp.path)

    def reload(self, path: str) -> NoteFacts | None:
        """A note the index let go, read and parsed again (`Index.release_encoded`); a note
        that is not what its stamp says any more is read again next round, like any note
        caught changing (`unstable`)."""
        stamp = self.stamps.get(path)
        if stamp is None:
            return None
        text, _issue, same = read_note(self.root, stamp, self.config.max_file_bytes)
        if text is None or not same:
            self.unstable.add(path)
        return None if text is None else parse(path, text, self.config.parse_options)
