"""Proving a sync would change nothing, with the least work and the fewest imports.

A warm `vaultkit sync` on an unchanged vault is the most common run of all, so it must not
pay for what it does not use: this module imports neither the parser (markdown-it, PyYAML)
nor the index nor the renderer. It scans the stamps, hashes them, and compares the hash, the
day, the config, vaultkit's own code and the output files' stamps with what the last clean
sync recorded in the cache header. Any difference, and the caller runs the real sync.
"""

from __future__ import annotations

import hashlib
import os
from array import array
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import outputs
from ..core.errors import UsageError
from ..core.models import Issue
from ..core.stats import Changes, PageStats, SyncStats
from ..read.config import CONFIG_NAME, Config
from ..read.scan import ScanResult, scan, scan_output
from ..store import cache_file, database

if TYPE_CHECKING:  # the rows' module imports the engine: only when a question is asked
    from ..store.answers import Rows

# Folders an editor keeps at a vault's root: Obsidian's settings, a Foam workspace's.
VAULT_MARKERS = (".obsidian", ".foam")
LOGSEQ_CONFIG = "logseq/config.edn"


def find_vault(explicit: str | None, cwd: Path | None = None) -> Path:
    """`--vault`/`VAULTKIT_VAULT`; else the nearest folder at or above the current one holding
    `vaultkit.toml`; else the nearest holding `.obsidian/`, `.foam/` or `logseq/config.edn`.
    The settings file wins over a nearer editor folder: "open folder as vault" leaves a stray
    `.obsidian/` in many a subfolder, and vaultkit must not start writing pages into one of
    those."""
    if explicit:
        path = Path(explicit).expanduser()
        if not path.is_dir():
            raise UsageError(f"vault folder not found: {path}")
        return path.resolve()
    here = (cwd or Path.cwd()).resolve()
    folders = (here, *here.parents)
    for folder in folders:
        if (folder / CONFIG_NAME).is_file():
            return folder
    for folder in folders:
        if any((folder / marker).is_dir() for marker in VAULT_MARKERS):
            return folder
        if (folder / LOGSEQ_CONFIG).is_file():  # a Logseq graph (§13)
            return folder
    raise UsageError(
        "no vault found here or above (no vaultkit.toml, .obsidian/, .foam/ or "
        "logseq/config.edn); "
        "pass --vault PATH, set VAULTKIT_VAULT, or run `vaultkit init` in your notes folder"
    )


def today_from(text: str | None, option: str = "--today") -> date:
    """`--today`/`VAULTKIT_TODAY` (any form `days.parse_day` reads), else the local date.
    `option`: what an error calls it (the API's `today`, not the command line's `--today`)."""
    if not text:
        return date.today()
    from ..text.day_options import (
        day_option,  # only when a day is given: every command imports this module
    )

    return day_option(text, option, date.today())


def stamps_digest(paths: list[str], mtimes: list[int], sizes: list[int]) -> str:
    """One hash for every note's (path, mtime, size) in walk order: equal means no note changed.

    Kept in the cache header instead of the stamps themselves, so the no-op check reads
    ~100 bytes instead of decoding an entry per note. Walk order is stable for an unchanged
    tree; if it ever differs (a restored backup), the digest differs and the sync just runs.
    """
    h = hashlib.sha256("\0".join(paths).encode("utf-8", "surrogatepass"))
    h.update(array("q", mtimes).tobytes())
    h.update(array("q", sizes).tobytes())
    return h.hexdigest()


def result_key(config: Config, today: date) -> list[str]:
    """What, besides the notes, the pages depend on: the day, the config, vaultkit's code."""
    return [
        today.isoformat(),
        repr(config),
        cache_file.code_key(),
        cache_file.parser_key(config.parse_options, config.facts_settings),
        outputs.signature(),
    ]


def output_stamps(root: Path, config: Config, files: list[str] | None = None) -> dict[str, Any]:
    """The output folder's files and their stamps: a page edited or deleted by hand is redone."""
    out: dict[str, Any] = {}
    found = scan_output(root, config) if files is None else files
    for rel in [*found, *outputs.configured_paths(config)]:  # and outputs sent elsewhere
        try:
            st = os.stat(root / Path(rel).expanduser(), follow_symlinks=False)
        except OSError:
            continue
        out[rel] = [st.st_mtime_ns, st.st_size]
    return out


def issue_rows(issues: list[Issue]) -> list[list[Any]]:
    return [[i.kind, i.path, i.line, i.message] for i in issues]


def unchanged(
    root: Path, config: Config, config_issues: list[Issue], cache_path: Path, today: date
) -> tuple[ScanResult, SyncStats | None]:
    """The scan, and the last run's stats when they still hold (nothing to read or write).

    The scan is returned either way, so a sync that must run does not walk the vault twice.
    """
    found = scan(root, config)
    extra = database.load_extra(cache_path)
    key = result_key(config, today)
    if not extra or extra.get("result", [])[: len(key)] != key:
        return found, None
    digest = stamps_digest(found.paths, found.mtimes, found.sizes)
    if extra.get("count") != len(found.paths) or extra.get("digest") != digest:
        return found, None
    if extra.get("scan_issues") != issue_rows(found.issues):
        return found, None
    if extra.get("config_issues") != issue_rows(config_issues):
        return found, None
    if output_stamps(root, config) != extra["result"][len(key)]:
        return found, None
    notes, people, interactions, issues = extra["stats"]
    pages = PageStats(unchanged=list(extra.get("pages", [])))
    return found, SyncStats(notes, Changes(), people, interactions, issues, pages)


def rows_for(root: Path, config: Config, cache_path: Path) -> Rows | None:
    """The database's rows (`store.answers.Rows`, a read transaction) when its view is the
    view of the notes on disk now: the walk's stamps hash to what the save that wrote the view
    recorded, with the same parser and the same code and config behind the view. Else None,
    and the caller reads the vault as ever. One walk, no note read; the answer then costs the
    rows it reads (issue 24). The caller closes the rows."""
    from ..store.answers import Rows
    from ..store.cache_store import CacheStore

    opened = database.reading(cache_path)
    if opened is None:
        return None
    rows = Rows(*opened, database.section_value)
    fresh = False
    try:
        meta, store = rows.meta, CacheStore(cache_path)
        extra = meta.get("extra")
        if (
            isinstance(extra, dict)
            and meta.get("key") == store.parser_key(config)
            and meta.get("derived") == store.derived_key(config)
            and meta.get("sections") is not None
        ):
            found = scan(root, config)
            digest = stamps_digest(found.paths, found.mtimes, found.sizes)
            fresh = extra.get("count") == len(found.paths) and extra.get("digest") == digest
    finally:
        if not fresh:
            rows.close()
    return rows if fresh else None
