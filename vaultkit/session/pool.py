"""The fork workers of a cold run: parse a big batch of notes, and derive a first view, in
child processes that die with their parent (see docs/performance.md).

Only `sync.Session` (its `_load_many` and `refresh`) starts them; nothing here holds state
between runs but `_FORKED`, set only while derive workers fork.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..core.models import FileStamp, Issue
from ..core.progress import Progress
from ..engine.encoding import entry_raw
from ..engine.index import Index, derive_parts, person_note
from ..read.config import Config
from ..read.parse import is_page, parse
from ..read.scan import read_note
from ..rules.relations import NOBODY
from ..store import cache_file

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

PARALLEL_MIN = 2000  # below this, starting workers costs more than it saves


def can_fork() -> bool:
    """Fork only from a single-threaded process (a running watcher has observer threads)."""
    import threading

    return hasattr(os, "fork") and threading.active_count() == 1


Parsed = tuple[bytes | Issue | None, tuple[Any, ...] | None]

_PR_SET_PDEATHSIG = 1  # linux/prctl.h


def start(workers: int) -> ProcessPoolExecutor:
    """A pool of forked workers that die with this process (`_worker_start`)."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    ctx = multiprocessing.get_context("fork")
    return ProcessPoolExecutor(
        max_workers=workers, mp_context=ctx, initializer=_worker_start, initargs=(os.getpid(),)
    )


def _worker_start(parent: int) -> None:
    """A pool worker's first act: die with its parent, and let go of the parent's output.

    A parent killed with SIGKILL never shuts its pool down; its workers would wait forever
    on their task pipe, holding the parent's stdout, so `$(vaultkit sync)` or a supervisor
    waiting for end-of-file would hang too. On Linux the kernel sends the worker SIGKILL
    when the parent dies (PR_SET_PDEATHSIG); elsewhere a thread notices the new parent
    process. Either way a parent that died before this ran is caught by `getppid`. The
    worker writes nothing (answers go back through the pool's pipes), so its stdout and
    stderr become /dev/null: even a worker that lives on holds no one's pipe."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    for fd in (1, 2):
        os.dup2(devnull, fd)
    os.close(devnull)
    if not _kernel_kills_orphans():
        import threading

        threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()
    if os.getppid() != parent:
        os._exit(1)


def _kernel_kills_orphans() -> bool:
    """Ask Linux to SIGKILL this process when its parent dies; False where it cannot."""
    import sys

    if not sys.platform.startswith("linux"):
        return False
    try:
        import ctypes
        import signal

        libc = ctypes.CDLL(None, use_errno=True)
        return int(libc.prctl(_PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)) == 0
    except (OSError, AttributeError, ImportError):
        return False


def _watch_parent(parent: int, every: float = 0.2) -> None:
    """The portable way: an orphan is adopted by another process, so its parent id changes."""
    import time

    while os.getppid() == parent:
        time.sleep(every)
    os._exit(1)


def parse_batch(stamps: list[FileStamp], args: tuple[Path, Config]) -> list[Parsed]:
    """Worker side of `_load_many`, one answer per stamp in order: read + parse; None where
    the file moved while read.

    Facts come back encoded as the cache stores them: a few bytes to pickle instead of an
    object tree, and the parent keeps them that way (and never decodes them: see `fan_out`).
    The note's `person_note` comes along too. The stamp does not come back: the parent
    keeps the walk's (one path string and one stamp per note, not two)."""
    root, config = args
    out: list[Parsed] = []
    for stamp in stamps:
        text, issue, same = read_note(root, stamp, config.max_file_bytes)
        if text is None:
            out.append((issue, None))
            continue
        if not same:  # changed since the walk or while read: the parent looks again
            out.append((None, None))
            continue
        facts = parse(stamp.path, text, config.parse_options)
        if is_page(facts.props):  # a page vaultkit wrote: not a note
            out.append((b"", None))
            continue
        entry = person_note(facts, config)  # NOBODY (most notes) travels as None
        out.append((cache_file.pack_facts(facts), None if entry is NOBODY else entry_raw(entry)))
    return out


_FORKED: Index | None = None  # the index derive workers inherit (set just before they fork)


def _derive_batch(span: tuple[int, int]) -> list[tuple[int, bytes, bytes]]:
    """Worker side of `fan_out`: the parts of the view of the notes at these positions."""
    assert _FORKED is not None
    return derive_parts(_FORKED, span[0], span[1], cache_file.pack_part)


def fan_out(
    index: Index, order: list[str], progress: Progress | None = None
) -> Iterator[list[tuple[int, bytes, bytes]]] | None:
    """A cold build's derivations, in workers forked once the people are known (`Index.fan_out`);
    None when the process can no longer fork (then the index derives them itself).

    The workers inherit the index (every note still encoded, the people, the resolver), so
    nothing is sent to them but positions in `order`; each sends back only the parts of notes
    that add something, as the bytes a restored view would hold: the parent decodes no note."""
    if not can_fork():
        return None
    return _derive_in_workers(index, len(order), progress or Progress())


def _derive_in_workers(
    index: Index, count: int, progress: Progress
) -> Iterator[list[tuple[int, bytes, bytes]]]:
    global _FORKED
    workers = min(os.cpu_count() or 2, 4)
    size = max(200, count // (workers * 4))
    spans = [(i, min(i + size, count)) for i in range(0, count, size)]
    _FORKED = index
    progress.phase("deriving", count)
    try:
        with start(workers) as pool:
            for (first, stop), parts in zip(spans, pool.map(_derive_batch, spans), strict=True):
                progress.advance(stop - first)  # one message a batch, never one a note
                yield parts
    finally:
        _FORKED = None
