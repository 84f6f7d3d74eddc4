"""The persistent cache as one session uses it: where it lives, its keys, what was loaded
from it and what the last clean sync would save. The database is `database.py`'s."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..read.config import Config
from . import cache_file, database

if TYPE_CHECKING:
    from ..engine.index import Snapshot


class CacheStore:
    """One vault's cache database (or none: `path` None means neither read nor write)."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.entries: dict[str, tuple[Any, ...]] | None = None  # raw entries, until used
        # what the last clean sync would save (worked out when asked: `settled`)
        self.state: Callable[[], dict[str, Any]] | None = None
        self.source: database.Source | None = None  # the database as last read or written
        self.damaged = False  # found damaged since the last save: the next one makes it anew

    def settled(self) -> dict[str, Any] | None:
        """The last clean sync's summary (for the no-op check of the next process), or None
        when the last sync was not clean."""
        return self.state() if self.state is not None else None

    def parser_key(self, config: Config) -> str:
        """Changes whenever parsing could give different facts for the same bytes."""
        return cache_file.parser_key(config.parse_options, config.facts_settings)

    def derived_key(self, config: Config) -> str:
        """The view depends on all of vaultkit's code and all of the config, not just parsing."""
        return f"{cache_file.code_key()}|{config!r}"

    def load(self, config: Config, warn: Callable[[str], None]) -> database.Loaded | None:
        """The cached entries (and view, rows, blocks); None without a usable cache. A damaged
        database is no cache and one `warn` (the run reads the notes instead, and its save
        makes the database anew): the one place damage found while the cache loads is
        handled."""
        if self.path is None:
            return None
        try:
            found = database.load(self.path, self.parser_key(config), self.derived_key(config))
        except cache_file.CacheError as exc:
            self.damaged = True
            warn(str(exc))
            return None
        self.source = found.source if found is not None else None
        return found

    def save(
        self,
        config: Config,
        raw: dict[str, tuple[Any, ...]],
        extra: dict[str, Any],
        snapshot: Snapshot | None,
        rows: dict[str, Any],
        blocks: dict[str, Any],
    ) -> str:
        """Write what changed; returns what of the old database was found damaged while
        writing (a note's facts or a list no read of this run needed), "" when nothing was."""
        if self.path is None:
            return ""
        derived: tuple[str, Mapping[str, bytes]] | None = None
        sections = None
        lazy: frozenset[str] = frozenset()
        if snapshot is not None:
            parts = snapshot.parts
            derived = (self.derived_key(config), cache_file.encode_derived(parts))
            sections, lazy = snapshot.sections, snapshot.lazy
        written = database.save(
            self.path,
            self.parser_key(config),
            raw,
            extra,
            derived,
            rows,
            blocks,
            sections,
            self.source,
            lazy,
            self.damaged,
        )
        self.damaged = False
        if written is None and self.source is not None:  # nothing written: compare with nothing
            self.source.generation = -1
        else:
            self.source = written
        return written.damage if written is not None else ""
