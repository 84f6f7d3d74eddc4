"""The pipeline: config -> scan -> diff -> parse -> index -> reports -> render -> write.

`Vault` keeps the index and the stamps between runs, so `refresh` re-reads only what changed;
`watch` reuses one `Vault` for its whole life.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from .. import outputs
from ..core.models import FileStamp, Issue
from ..core.progress import Progress
from ..core.stats import BlockStats, Changes, SyncStats
from ..engine.index import DamagedSnapshot, Index, VaultView
from ..outputs.files import Output, Seen, read_output, write_outputs
from ..outputs.manifest import ledger_path, load_ledger
from ..pages.overview import KeptEntry, key_digest
from ..read.config import Config, load_config, settings_stamps
from ..read.scan import ScanResult, scan, scan_output
from ..store import cache_file
from ..store.cache_store import CacheStore
from ..writing.person_blocks import BlockBook, sync_blocks
from .quick import find_vault, issue_rows, output_stamps, result_key, stamps_digest, today_from
from .reader import Reader

if TYPE_CHECKING:
    pass


def _flatten_rows(rows: object, people: Mapping[str, object]) -> dict[str, Any]:
    """The pages' entries kept by a digest of the plain values they are made of (`KeptEntry`,
    the reach-out page's) as one flat dict for the cache, {"kind\0person": (digest, text)};
    entries of people who are gone, and rows kept only in this process (`StatusRow`), are
    left behind."""
    if not isinstance(rows, dict):
        return {}
    out: dict[str, Any] = {}
    for kind, memo in rows.items():
        for path, hit in memo.items():
            if type(hit) is not KeptEntry or path not in people:
                continue
            if hit.saved is not None:  # as read: saved as it was
                out[f"{kind}\0{path}"] = hit.saved
            elif hit.key is not None:
                out[f"{kind}\0{path}"] = (key_digest(hit.key), hit.text)
    return out


def _unflatten_rows(flat: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    rows: dict[str, dict[str, Any]] = {}
    for key, hit in flat.items():
        kind, _, path = key.partition("\0")
        if not (isinstance(hit, tuple) and len(hit) == 2 and isinstance(hit[1], str)):
            raise ValueError("a cached row is malformed")
        rows.setdefault(kind, {})[path] = KeptEntry(hit[1], None, hit)
    return rows


R = TypeVar("R")


def on_disk_spelling(root: Path, folder: str) -> str:
    """The existing folder that matches `folder` ignoring case (scan matches that way too)."""
    parts: list[str] = []
    for part in folder.split("/"):
        try:
            names = os.listdir(root.joinpath(*parts))
        except OSError:
            names = []
        same = sorted(n for n in names if n.casefold() == part.casefold())
        parts.append(part if part in same or not same else same[0])
    return "/".join(parts)


T = TypeVar("T")


class _Delegated(Generic[T]):
    """An attribute of the session that lives on its reader."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, session: Vault, owner: type | None = None) -> T:
        value: T = getattr(session.reader, self.name)
        return value

    def __set__(self, session: Vault, value: T) -> None:
        setattr(session.reader, self.name, value)


class Vault:
    """A vault on disk, its index and its cache (one `api.Vault` holds one): what a sync
    needs between runs. Reading the files is its `reader`'s (reader.py), the fork workers
    are pool.py's."""

    def __init__(
        self,
        root: Path,
        config: Config | None = None,
        *,
        cache_path: Path | None = None,
        config_issues: list[Issue] | None = None,
    ) -> None:
        self.root = root
        self.store = CacheStore(cache_path)  # the persistent cache (store.py)
        self._loaded = False  # view() reads the vault first when nothing did
        self.warnings: list[str] = []  # one-line notes for stderr (a rebuilt cache, ...)
        self.settings = settings_stamps(root)  # before reading them: a change after is seen
        self.own_config = config is None  # read from the vault's settings (so re-readable)
        if config is None:
            config, config_issues = load_config(root)
        else:
            config_issues = list(config_issues or [])
        self.config_issues = config_issues
        # the files as read, and the reading (reader.py); holds the config and the index
        self.reader = Reader(root, config, self._cache_warning)
        self.index = self._new_index()
        self.output = Output()
        self.outputs_seen: Seen = {}  # pages read before, by their stamp (`read_output`)
        self.blocks = BlockBook()  # which person blocks are current (blocks.py)

    # The reader's state, as the rest of the pipeline (and its tests) name it on the session.
    config = _Delegated[Config]()
    index = _Delegated[Index]()
    stamps = _Delegated[dict[str, FileStamp]]()
    pages = _Delegated[set[str]]()
    walk_order = _Delegated[list[str]]()
    output_files = _Delegated[list[str]]()
    scan_issues = _Delegated[list[Issue]]()
    unstable = _Delegated[set[str]]()
    clock = _Delegated[Callable[[], float]]()

    @property
    def cache_path(self) -> Path | None:
        return self.store.path

    def settings_changed(self) -> bool:
        """Whether `vaultkit.toml` or an Obsidian settings file vaultkit reads changed since
        this session read them (only for a session that read them itself)."""
        return self.own_config and settings_stamps(self.root) != self.settings

    def _cache_entries(self) -> dict[str, tuple[Any, ...]]:
        store = self.store
        if store.entries is None:
            store.entries = {}
            got = store.load(self.config, self._cache_warning)
            if got is not None:
                store.entries = got.entries
                if got.view is not None and got.sections is not None and not self.stamps:
                    self._restore(got.view, got.sections, got.rows or {}, got.blocks or {})
        return store.entries

    def _restore(
        self,
        blobs: dict[str, bytes],
        sections: Mapping[str, Mapping[str, Any]],
        rows: Mapping[str, Any],
        blocks: dict[str, Any],
    ) -> None:
        try:
            self.index.restore(blobs, sections, cache_file.unpack_part)
            self.index.memo.shared.rows = _unflatten_rows(rows)
            self.index.restore_days(sections.get("days", {}))
            self.blocks.checked = blocks
        except (cache_file.CacheError, ValueError, TypeError, IndexError) as exc:
            reason = str(exc) if isinstance(exc, cache_file.CacheError) else "is damaged (the view)"
            self._cache_warning(reason)
            self.store.damaged = True
            self.index = self._new_index()

    def save_cache(self, extra: dict[str, Any]) -> None:
        """Notes loaded from the cache go back as they came; only re-read notes are encoded."""
        if self.store.path is None:
            return
        encoded = self.index.encoded
        raw: dict[str, tuple[Any, ...]] = {}
        for path, stamp in self.stamps.items():
            hit = encoded.get(path)
            if hit is not None:
                raw[path] = hit
                continue
            facts = self.index.facts.get(path)
            issue = self.index.file_issues.get(path)
            if facts is not None:
                raw[path] = cache_file.encode(stamp, facts)
            elif issue:
                raw[path] = cache_file.encode(stamp, issue[0])
            elif path in self.pages:
                raw[path] = cache_file.page_entry(stamp)
        people = self.index.memo.people_view
        rows = _flatten_rows(self.index.memo.shared.rows, people)
        # blocks found current by the last process and untouched since (a question, which
        # checks no block, keeps them), then those this process found
        index, checked = self.index, self.blocks.checked
        blocks = {p: v for p, v in checked.items() if p in people and index.same_since_restore(p)}
        blocks.update((p, v) for p, v in self.blocks.verified.items() if p in people)
        snapshot = self.index.snapshot()
        if snapshot is not None:
            snapshot.sections["days"] = self.index.kept_days()
            if self.index.memo.shared.days_damage:  # one warning; the save makes it anew
                self._cache_warning(self.index.memo.shared.days_damage)
                self.store.damaged = True
        damage = self.store.save(self.config, raw, extra, snapshot, rows, blocks)
        if damage:  # what no read of this run needed: read again or rebuilt by the next
            self._cache_warning(damage)

    def refresh(
        self,
        *,
        reread: bool = False,
        found: ScanResult | None = None,
        progress: Progress | None = None,
    ) -> Changes:
        """Scan, then re-read and re-parse only the files whose stamp changed (`Reader.refresh`)."""
        changes = self.reader.refresh(
            self._cache_entries, reread=reread, found=found, progress=progress
        )
        self.store.entries = {}  # now held by the index, note by note
        return changes

    def refresh_paths(self, paths: Iterable[str]) -> Changes:
        """Like `refresh`, for just these vault paths (the watcher's dirty set)."""
        return self.reader.refresh_paths(paths)

    def load(
        self,
        paths: Iterable[str] | None = None,
        *,
        reread: bool = False,
        found: ScanResult | None = None,
        progress: Progress | None = None,
    ) -> Changes:
        """Refresh the index (all, or only `paths`) and look at the output folder again."""
        self._loaded = True
        actual = on_disk_spelling(self.root, self.config.output_folder)
        if actual != self.config.output_folder:  # `vaultkit/` on disk, `Vaultkit` in config: reuse
            self.config = replace(self.config, output_folder=actual)
            found = None  # scanned with the configured spelling: the pages would count as notes
        if paths is None:
            changes = self.refresh(reread=reread, found=found, progress=progress)
        else:
            changes = self.refresh_paths(paths)
        if paths is not None:
            self.output_files = scan_output(self.root, self.config)
        self.output = read_output(
            self.root,
            self.config,
            self.output_files,
            outputs.destinations(self.root, self.config),
            self.outputs_seen,
            load_ledger(ledger_path(self.cache_path)),
        )
        self.index.set_extra_issues(self._extra_issues())
        return changes

    def view(self) -> VaultView:
        """The view of the vault; read on first use (never an empty answer for want of a
        `load()`)."""
        if not self._loaded:
            self.load()
        return self.index.view()

    def recovering(self, run: Callable[[], R]) -> R:
        """`run()`, once more from the notes when it meets a damaged cache: the only place
        that recovers from damage found after the cache loaded (damage found while it loads
        is the store's and `_cache_entries`'s: one warning, then no cache).

        Parts of a restored view are decoded when first read (a person's list in a report,
        say), so damage can show in `view()` or anywhere after it. `run` must be safe to run
        twice: it reads, or it syncs (which writes only what differs from its answer)."""
        try:
            return run()
        except (DamagedSnapshot, cache_file.CacheError) as exc:
            self.rebuild(str(exc))
            return run()

    def rebuild(self, reason: str) -> None:
        """A cache entry that loaded but does not decode: read every note again instead."""
        self._cache_warning(reason)
        self.store.damaged = True
        self.index = self._new_index()
        self.reader.forget()
        self.blocks = BlockBook()
        self.refresh(reread=True)
        self.index.set_extra_issues(self._extra_issues())

    def _new_index(self) -> Index:
        index = Index(self.config, decoder=cache_file.decode_facts)
        if self.store.path is None:  # nothing to save the encoded notes to: let them go
            index.reload = self.reader.reload
        return index

    def _cache_warning(self, reason: str) -> None:
        """A damaged cache is one line for the user and a slower run, never a failure."""
        self.warnings.append(f"cache {self.cache_path} {reason}; rebuilding it")

    def _extra_issues(self) -> list[Issue]:
        """Findings that are not about one note's text: config, the walk, the output folder."""
        found = [*self.config_issues, *outputs.config_issues(self.config)]
        return [*found, *self.scan_issues, *self.output.issues()]


@dataclass(frozen=True)
class SyncOptions:
    """How one sync runs; the defaults are a plain `vaultkit sync`."""

    dry_run: bool = False  # write nothing; say what would be written
    paths: Iterable[str] | None = None  # re-read only these notes (the watcher's rounds)
    force: bool = True  # False: render nothing when no note changed (idle watcher rounds)
    full: bool = False  # re-read every note, trusting no cache (`sync --full`)
    save: bool = True  # write the cache after a clean run (and every round of the watcher)
    # where long work says how far it got (a terminal line; timings for `--verbose`)
    progress: Progress = field(default_factory=Progress)


def sync(
    vault: Vault,
    today: date,
    options: SyncOptions | None = None,
    *,
    found: ScanResult | None = None,
) -> SyncStats:
    """Refresh the index (everything, or just `options.paths`), render every output, write
    what changed. `found`: a scan already made (the no-op check's), so the walk is not redone."""
    o = options or SyncOptions()
    scans = [found]  # a second run (after a rebuild) walks again
    try:
        return vault.recovering(lambda: _sync(vault, today, o, scans.pop() if scans else None))
    finally:
        o.progress.close()  # the terminal line goes before the command prints its summary


def _sync(vault: Vault, today: date, o: SyncOptions, found: ScanResult | None) -> SyncStats:
    dry_run, paths, force, full, save, progress = (
        o.dry_run, o.paths, o.force, o.full, o.save, o.progress
    )  # fmt: skip
    key = result_key(vault.config, today)
    progress.phase("looking for notes")
    changes = vault.load(paths, reread=full, found=found, progress=progress)
    progress.phase("deriving")
    view = vault.view()
    if not force and not changes:
        return SyncStats(
            view.notes, changes, len(view.people), view.interaction_count, len(view.issues)
        )
    progress.phase("writing pages")
    blocks = sync_blocks(vault, view, today, dry_run=dry_run)
    if blocks.written and not dry_run:
        # A new block moves the lines below it: re-read those notes so pages cite the right lines.
        # The block's own text never depends on line numbers, so this converges in one pass.
        vault.load(blocks.written)
        view = vault.view()
    rendered = outputs.render_all(view, today, vault.root, vault.config)
    page_stats = write_outputs(vault.root, vault.config, rendered, vault.output, dry_run=dry_run)
    stats = SyncStats(
        notes=view.notes,
        changes=changes,
        people=len(view.people),
        interactions=view.interaction_count,
        issues=len(view.issues),
        pages=page_stats,
        blocks=blocks,
        dry_run=dry_run,
    )
    vault.store.state = None
    clean = not (page_stats.skipped or page_stats.failed or blocks.skipped or vault.unstable)
    # the next sync must look again (and say again what it left alone)
    clean = clean and not (blocks.waiting or blocks.refused or blocks.read_only)
    if not dry_run and clean:
        # worked out when saved (a watcher's rounds do not save: it saves at exit)
        vault.store.state = functools.partial(_result_state, vault, key, stats)
        if save:
            vault.save_cache(vault.store.state())
    return stats


def _result_state(vault: Vault, key: list[str], stats: SyncStats) -> dict[str, Any]:
    """What a later run needs to prove nothing changed, without loading a single note."""
    return {
        **notes_state(vault),
        "result": [*key, output_stamps(vault.root, vault.config)],
        "stats": [stats.notes, stats.people, stats.interactions, stats.issues],
        "pages": sorted(stats.pages.written + stats.pages.unchanged),
        "scan_issues": issue_rows(vault.scan_issues),
        "config_issues": issue_rows(vault.config_issues),
    }


def notes_state(vault: Vault) -> dict[str, Any]:
    """The stamps of the notes the index holds, hashed as a walk of them now would be
    (`quick.stamps_digest`): all a question needs to know the database holds these very notes
    (`quick.rows_for`). Alone, with no `result`, it is what a question saves (`api.Vault`):
    the no-op check of a sync then never passes on it, since no page was written for it."""
    known = vault.stamps
    order = [p for p in vault.walk_order if p in known]
    if len(order) != len(known):
        # Notes the watcher added since its last walk: their place in a walk is what the next
        # process's walk hashes (its no-op proof, a question answered from the rows), so walk
        # again for it (a `stat` per note, only after a round that added a note). A note
        # that is gone since goes last, and the next process finds it differs.
        vault.walk_order = scan(vault.root, vault.config).paths
        order = [p for p in vault.walk_order if p in known]
        seen = set(order)
        order += sorted(p for p in known if p not in seen)
    stamps = [known[p] for p in order]
    return {
        "count": len(stamps),
        "digest": stamps_digest(order, [s.mtime_ns for s in stamps], [s.size for s in stamps]),
    }


__all__ = [
    "BlockStats",
    "Changes",
    "SyncOptions",
    "SyncStats",
    "Vault",
    "find_vault",
    "sync",
    "today_from",
]
