"""The parse cache: same pages as without it, robust to damage, invalidated by parser changes."""

from __future__ import annotations

import marshal
import os
import shutil
import sqlite3
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from vaulthelp import PAGE_COUNT, loaded_in_fresh_interpreter

from vaultkit.api import open_vault
from vaultkit.cli.main import cli
from vaultkit.session.sync import Changes, SyncOptions, Vault, sync
from vaultkit.store import cache_file, database

ROOT = Path(__file__).resolve().parent.parent
TODAY = date(2026, 11, 25)


def _pages(root: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((root / "Vaultkit").glob("*.md"))}


def _sync(root: Path, cache_dir: Path | None) -> dict[str, bytes]:
    path = cache_file.cache_file(root, cache_dir) if cache_dir else None
    sync(Vault(root, cache_path=path), TODAY)
    return _pages(root)


def _edit_series(root: Path) -> None:
    """Edits, a rename, a delete and a new note, as a day of writing would bring."""
    daily = sorted((root / "Daily").glob("*.md"))
    with open(daily[-1], "a", encoding="utf-8") as fh:
        fh.write("\nLunch with [[Jane Doe]] and [[Sam Rivera]].\n")
    os.replace(daily[-2], root / "Daily" / "2026-11-25.md")
    daily[-3].unlink()
    (root / "Meetings" / "2026-11-25 Standup.md").write_text(
        '---\nattendees: ["[[Priya Raman]]"]\n---\nStandup.\n', encoding="utf-8"
    )


def test_cache_gives_the_same_pages_as_no_cache_after_edits(tmp_path: Path) -> None:
    cached, plain = tmp_path / "cached", tmp_path / "plain"
    for target in (cached, plain):
        shutil.copytree(ROOT / "examples" / "vault", target)
    cache_dir = tmp_path / "cache"
    assert _sync(cached, cache_dir) == _sync(plain, None)
    for _ in range(2):  # two rounds, so the second reads a cache written after edits
        _edit_series(cached)
        _edit_series(plain)
        # pages of both vaults name their own notes identically: compare bytes
        assert _sync(cached, cache_dir) == _sync(plain, None)
    assert (cache_file.cache_file(cached, cache_dir)).is_file()


def test_generated_vault_cache_equals_no_cache(tmp_path: Path) -> None:
    from benchmarks.genvault import generate

    vault = tmp_path / "gen"
    generate(vault, people=60, days=120, seed=3, meetings=10)
    cache_dir = tmp_path / "cache"
    first = _sync(vault, cache_dir)
    victim = sorted((vault / "Daily").glob("*.md"))[5]
    victim.unlink()
    person = sorted((vault / "People").glob("*.md"))[0]
    os.replace(person, person.with_name("Renamed Person.md"))
    with_cache = _sync(vault, cache_dir)
    shutil.rmtree(vault / "Vaultkit")
    assert _sync(vault, None) == with_cache
    assert with_cache != first


def test_warm_sync_reads_no_note(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    vault = tmp_path / "v"
    shutil.copytree(ROOT / "examples" / "vault", vault)
    cache_dir = tmp_path / "cache"
    _sync(vault, cache_dir)
    import vaultkit.session.reader as reader_module

    def fail(*args: object, **kwargs: object) -> None:
        raise AssertionError("a note was read on a warm run")

    monkeypatch.setattr(reader_module, "read_note", fail)
    stats = sync(Vault(vault, cache_path=cache_file.cache_file(vault, cache_dir)), TODAY)
    assert stats.pages.written == [] and not stats.changes
    # one changed note: only that one is read
    calls: list[str] = []
    real = __import__("vaultkit.read.scan", fromlist=["read_note"]).read_note

    def counting(root: Path, stamp: object, limit: int) -> object:
        calls.append(getattr(stamp, "path", ""))
        return real(root, stamp, limit)

    monkeypatch.setattr(reader_module, "read_note", counting)
    note = vault / "Daily" / "2026-11-24.md"
    note.write_text(note.read_text() + "\nCalled [[Sam Rivera]].\n")
    stats = sync(Vault(vault, cache_path=cache_file.cache_file(vault, cache_dir)), TODAY)
    # the edited note, then Sam's note: its vaultkit block was rewritten, so it is read back once
    assert calls == ["Daily/2026-11-24.md", "People/Sam Rivera.md"]
    assert stats.changes.modified == 1 and stats.changes.added == 0


@pytest.mark.parametrize("damage", [b"", b"garbage", b"\xe9\x00\x01", "truncate"])
def test_corrupt_cache_is_rebuilt_with_one_warning(tmp_path: Path, damage: bytes | str) -> None:
    vault = tmp_path / "v"
    shutil.copytree(ROOT / "examples" / "vault", vault)
    cache_dir = tmp_path / "cache"
    expected = _sync(vault, cache_dir)
    path = cache_file.cache_file(vault, cache_dir)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2] if damage == "truncate" else damage)  # type: ignore[arg-type]
    shutil.rmtree(vault / "Vaultkit")
    result = CliRunner().invoke(
        cli, ["sync", "--vault", str(vault), "--today", "2026-11-25", "--cache-dir", str(cache_dir)]
    )
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.output.splitlines() if "warning" in line]
    if damage != b"":  # an empty file is simply "no cache"... or damaged: either way rebuilt
        assert len(warnings) == 1 and "rebuilding it" in warnings[0]
    assert _pages(vault) == expected
    assert database.load(path, cache_file.parser_key(Vault(vault).config.parse_options)) is not None


def test_changed_parser_version_invalidates(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    vault = tmp_path / "v"
    shutil.copytree(ROOT / "examples" / "vault", vault)
    cache_dir = tmp_path / "cache"
    _sync(vault, cache_dir)
    monkeypatch.setattr(cache_file, "FORMAT_VERSION", cache_file.FORMAT_VERSION + 1)
    stats = sync(Vault(vault, cache_path=cache_file.cache_file(vault, cache_dir)), TODAY)
    assert stats.changes.added == stats.notes  # nothing trusted: every note read again


def test_same_size_and_mtime_edit_needs_full(tmp_path: Path) -> None:
    """The documented limit of stamp-based change detection, and its remedy."""
    vault = tmp_path / "v"
    shutil.copytree(ROOT / "examples" / "vault", vault)
    cache_dir = tmp_path / "cache"
    _sync(vault, cache_dir)
    note = vault / "Daily" / "2026-11-24.md"
    st = note.stat()
    text = note.read_text()
    swapped = text.replace("Hana Sato", "Hana Sata")
    assert len(swapped) == len(text) and swapped != text
    note.write_text(swapped)
    os.utime(note, ns=(st.st_atime_ns, st.st_mtime_ns))
    args = ["sync", "--vault", str(vault), "--today", "2026-11-25", "--cache-dir", str(cache_dir)]
    quiet = CliRunner().invoke(cli, args)
    assert "0 written" in quiet.output  # missed: same stamp
    full = CliRunner().invoke(cli, [*args, "--full"])
    assert full.exit_code == 0
    assert "0 written" not in full.output


def test_no_cache_writes_no_cache_file(tmp_path: Path) -> None:
    vault = tmp_path / "v"
    shutil.copytree(ROOT / "examples" / "vault", vault)
    cache_dir = tmp_path / "cache"
    args = ["sync", "--vault", str(vault), "--today", "2026-11-25", "--cache-dir", str(cache_dir)]
    assert CliRunner().invoke(cli, [*args, "--no-cache"]).exit_code == 0
    assert not cache_dir.exists()


def test_process_pool_parse_gives_the_same_pages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import vaultkit.session.pool as pool

    serial, pooled = tmp_path / "serial", tmp_path / "pooled"
    for target in (serial, pooled):
        shutil.copytree(ROOT / "examples" / "vault", target)
    expected = _sync(serial, None)
    monkeypatch.setattr(pool, "PARALLEL_MIN", 10)
    monkeypatch.setattr(pool, "can_fork", lambda: True)
    calls: list[int] = []
    # the pool runs _parse_batch in forked children: count batches through the pool's map
    from concurrent.futures import ProcessPoolExecutor

    real_map = ProcessPoolExecutor.map

    def counting_map(self: ProcessPoolExecutor, fn: object, *its: object, **kw: object) -> object:
        batches = list(its[0])  # type: ignore[call-overload]
        calls.append(len(batches))
        return real_map(self, fn, batches, *its[1:], **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(ProcessPoolExecutor, "map", counting_map)
    assert _sync(pooled, None) == expected
    assert calls and calls[0] >= 1


def test_a_pooled_cold_build_decodes_no_note_in_the_parent(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Parse workers send notes encoded and derive workers send their parts of the view: the
    parent never decodes a note on a cold run, and what it builds is what a serial run builds,
    in this process (the person blocks' re-reads, an edit after) and for the next one (the
    cache it saves)."""
    import vaultkit.session.pool as pool

    serial, pooled = tmp_path / "serial", tmp_path / "pooled"
    for target in (serial, pooled):
        shutil.copytree(ROOT / "examples" / "vault", target)
    expected = _sync(serial, None)
    _edit_series(serial)
    expected_after = _sync(serial, None)
    monkeypatch.setattr(pool, "PARALLEL_MIN", 10)
    monkeypatch.setattr(pool, "can_fork", lambda: True)
    decoded: list[str] = []
    real = cache_file.decode_facts

    def counting(path: str, raw: tuple[Any, ...]) -> Any:
        decoded.append(path)  # the parent's list: a forked worker counts in its own copy
        return real(path, raw)

    monkeypatch.setattr(cache_file, "decode_facts", counting)
    derived: list[int] = []
    real_fan_out = pool.fan_out

    def counting_fan_out(index: Any, order: list[str], **how: Any) -> Any:
        derived.append(len(order))
        return real_fan_out(index, order, **how)

    monkeypatch.setattr(pool, "fan_out", counting_fan_out)
    cache_path = cache_file.cache_file(pooled, tmp_path / "cache")
    vault = Vault(pooled, cache_path=cache_path)
    sync(vault, TODAY)
    assert derived == [len(vault.stamps)]  # one fan-out, over every note
    assert decoded == []
    assert _pages(pooled) == expected
    _edit_series(pooled)
    sync(Vault(pooled, cache_path=cache_path), TODAY)  # a new process: the view as saved
    assert _pages(pooled) == expected_after
    sync(vault, TODAY)  # the same session: parts the workers made are read back
    assert _pages(pooled) == expected_after
    assert len(derived) == 1  # a later build never forks again


def test_without_a_cache_the_encoded_notes_are_let_go_and_read_again_when_needed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A pooled cold build with nowhere to save the notes keeps none of them encoded after the
    first build; a note derived again later (its links re-routed) is read from disk again,
    and the session still writes what a serial one does."""
    import vaultkit.session.pool as pool

    serial, pooled = tmp_path / "serial", tmp_path / "pooled"
    for target in (serial, pooled):
        shutil.copytree(ROOT / "examples" / "vault", target)

    def rename_a_link(root: Path) -> None:  # [[Ben Carter]] turns ambiguous: its linkers redo
        (root / "Work").mkdir(exist_ok=True)
        (root / "Work" / "Ben Carter.md").write_text("Ben's project page.\n", encoding="utf-8")

    serial_vault = Vault(serial)
    sync(serial_vault, TODAY)
    expected = _pages(serial)
    rename_a_link(serial)
    sync(serial_vault, TODAY)
    expected_after = _pages(serial)
    monkeypatch.setattr(pool, "PARALLEL_MIN", 10)
    monkeypatch.setattr(pool, "can_fork", lambda: True)
    vault = Vault(pooled)
    read_again: list[str] = []
    real_reload = vault.reader.reload

    def counting(path: str) -> Any:
        read_again.append(path)
        return real_reload(path)

    vault.index.reload = counting
    sync(vault, TODAY)
    assert _pages(pooled) == expected
    assert vault.index.encoded and set(vault.index.encoded.values()) == {None}
    rename_a_link(pooled)
    sync(vault, TODAY)
    assert _pages(pooled) == expected_after
    assert read_again and "Work/Ben Carter.md" not in read_again
    assert not vault.unstable


def test_a_vault_that_lives_on_is_fully_loaded_even_with_a_warm_cache(tmp_path: Path) -> None:
    """The watcher keeps one Vault: its first sync must fill the index, not take the quick exit."""
    vault = tmp_path / "v"
    shutil.copytree(ROOT / "examples" / "vault", vault)
    path = cache_file.cache_file(vault, tmp_path / "cache")
    sync(Vault(vault, cache_path=path), TODAY)
    living = Vault(vault, cache_path=path)
    first = sync(living, TODAY)
    assert len(living.view().people) == first.people == 21
    note = vault / "Daily" / "2026-11-24.md"
    note.write_text(note.read_text() + "\nCalled [[Sam Rivera]].\n")
    again = sync(living, TODAY, SyncOptions(paths=["Daily/2026-11-24.md"], force=False))
    assert again.people == 21 and again.changes.modified == 1
    people_page = (vault / "Vaultkit" / "People.md").read_text()
    assert "21 people" in people_page
    quick = open_vault(vault, today=TODAY, cache_dir=tmp_path / "cache").sync()
    assert quick.pages.written == [] and quick.people == 21


def _noop_probe(vault: Path, cache_dir: Path) -> list[str]:
    """Run `vaultkit sync` in a fresh interpreter; report its stats line and heavy imports."""
    heavy = (
        "markdown_it", "yaml", "vaultkit.read.parse", "vaultkit.engine.index",
        "vaultkit.read.foam", "vaultkit.read.logseq",
    )  # fmt: skip
    args = ["sync", "--vault", str(vault), "--today", "2026-11-25"]
    return loaded_in_fresh_interpreter(args, cache_dir, heavy, cwd=ROOT)


def test_a_noop_sync_loads_neither_parser_nor_index(tmp_path: Path) -> None:
    """The warm no-op is the commonest run: it must not pay for importing the parser (nor,
    in an ordinary vault, the Foam and Logseq readers)."""
    vault = tmp_path / "v"
    shutil.copytree(ROOT / "examples" / "vault", vault)
    first = _noop_probe(vault, tmp_path / "cache")
    assert "'markdown_it'" in first[-1]  # the first run parses: the probe can see imports
    second = _noop_probe(vault, tmp_path / "cache")
    assert second[-1] == "[]"
    assert f"pages: 0 written, {PAGE_COUNT} unchanged" in second[0]


def test_noop_check_notices_a_new_config_issue(tmp_path: Path) -> None:
    """Obsidian's daily-notes settings can add an issue without changing the config itself."""
    vault = tmp_path / "v"
    shutil.copytree(ROOT / "examples" / "vault", vault)
    before = open_vault(vault, today=TODAY, cache_dir=tmp_path / "cache").sync()
    (vault / ".obsidian" / "daily-notes.json").write_text("{not json", encoding="utf-8")
    after = open_vault(vault, today=TODAY, cache_dir=tmp_path / "cache").sync()
    assert after.issues == before.issues + 1
    issues_page = (vault / "Vaultkit" / "Vault issues.md").read_text(encoding="utf-8")
    assert "daily-notes.json" in issues_page


def test_noop_digest_covers_every_stamp(tmp_path: Path) -> None:
    """Same size, new mtime; same mtime, new size; a rename: each defeats the no-op check."""
    vault = tmp_path / "v"
    shutil.copytree(ROOT / "examples" / "vault", vault)
    path = cache_file.cache_file(vault, tmp_path / "cache")
    sync(Vault(vault, cache_path=path), TODAY)
    note = vault / "Daily" / "2026-11-24.md"

    st = note.stat()
    os.utime(note, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))
    first = open_vault(vault, today=TODAY, cache_dir=tmp_path / "cache").sync()
    assert first.changes.modified == 1
    note.write_bytes(note.read_bytes() + b"x")
    os.utime(note, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))
    second = open_vault(vault, today=TODAY, cache_dir=tmp_path / "cache").sync()
    assert second.changes.modified == 1
    note.rename(note.with_name("2026-11-23 b.md"))
    third = open_vault(vault, today=TODAY, cache_dir=tmp_path / "cache").sync()
    assert (third.changes.added, third.changes.removed) == (1, 1)
    settled = open_vault(vault, today=TODAY, cache_dir=tmp_path / "cache")
    assert settled.sync().changes == Changes()
    assert not settled.session.stamps  # the quick exit: nothing was loaded


@pytest.mark.parametrize(
    "bad", [(0, marshal.dumps("not a tuple")), (7, b""), (1, marshal.dumps(("too", "short")))]
)
def test_entries_that_load_but_do_not_decode_are_rebuilt(
    tmp_path: Path, bad: tuple[int, bytes]
) -> None:
    """A database can be whole yet hold a malformed row (a tampered or buggy writer, its
    checksum right): notes stay encoded until needed, so the damage shows late; it must
    still be one warning."""

    def damage(vault: Vault, path: Path) -> None:
        note = "Daily/2026-11-24.md"
        conn = sqlite3.connect(path)
        mtime, size = conn.execute(
            "SELECT mtime_ns, size FROM notes WHERE path = ?", (note,)
        ).fetchone()
        kind, data = bad
        sealed = database._seal(database._note_key(note, mtime, size, kind), data)
        with conn:  # no view either: every note is decoded
            conn.execute(
                "UPDATE notes SET kind = ?, facts = ? WHERE path = ?", (kind, sealed, note)
            )
            conn.execute("DELETE FROM meta WHERE name = 'derived'")
        conn.close()

    _one_warning_after(tmp_path, damage)


@pytest.mark.parametrize("column", ["facts", "value"])
def test_a_row_whose_bytes_changed_is_damage_never_a_wrong_page(
    tmp_path: Path, column: str
) -> None:
    """A value's bytes changed in place (a flipped byte SQLite does not see): its checksum
    says so when it is read, one warning, the pages of a clean run."""

    def damage(vault: Vault, path: Path) -> None:
        conn = sqlite3.connect(path)
        if column == "facts":
            sql = "SELECT path, facts FROM notes WHERE path = 'Daily/2026-11-24.md'"
            table, where = "notes", "path"
        else:
            sql = (
                "SELECT key, value FROM sections WHERE section = 'interactions'"
                " AND key = 'People/Sam Rivera.md'"
            )
            table, where = "sections", "section = 'interactions' AND key"
        key, blob = conn.execute(sql).fetchone()
        flipped = blob[:-1] + bytes([blob[-1] ^ 1])
        with conn:
            conn.execute(f"UPDATE {table} SET {column} = ? WHERE {where} = ?", (flipped, key))
            if column == "facts":  # no view: every note is decoded
                conn.execute("DELETE FROM meta WHERE name = 'derived'")
        conn.close()

    _one_warning_after(tmp_path, damage)


def _one_warning_after(tmp_path: Path, damage: Callable[[Vault, Path], None]) -> None:
    """Sync, damage the cache, sync again: one warning, and the pages a clean run writes."""
    vault = tmp_path / "v"
    shutil.copytree(ROOT / "examples" / "vault", vault)
    cache_dir = tmp_path / "cache"
    expected = _sync(vault, cache_dir)
    path = cache_file.cache_file(vault, cache_dir)
    damage(Vault(vault, cache_path=path), path)
    shutil.rmtree(vault / "Vaultkit")
    result = CliRunner().invoke(
        cli, ["sync", "--vault", str(vault), "--today", "2026-11-25", "--cache-dir", str(cache_dir)]
    )
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.output.splitlines() if "warning" in line]
    assert len(warnings) == 1 and "rebuilding it" in warnings[0], result.output
    assert _pages(vault) == expected


@pytest.mark.parametrize(
    "section, key, bad",
    [
        ("entries", "People/Sam Rivera.md", ("not", "a", "view")),  # read by the restore
        ("interactions", "People/Sam Rivera.md", (("x",),)),  # read by the reports, later
        ("followups", "People/Maya Chen.md", ((1, 2),)),
        ("people", "view", ("People/Nobody.md",)),
        ("days", "status\0People/Sam Rivera.md", ("no", "kept", "day")),  # read when asked
    ],
)
def test_a_damaged_view_snapshot_is_rebuilt(
    tmp_path: Path, section: str, key: str, bad: object
) -> None:
    """A view that loads but does not decode, wherever the damage shows (when restored, or
    when a report first reads a person's list): one warning, and the pages of a clean run."""

    def damage(v: Vault, path: Path) -> None:
        loaded = database.load(path, v.store.parser_key(v.config), v.store.derived_key(v.config))
        assert loaded is not None and loaded.view is not None and loaded.sections is not None
        assert key in loaded.sections[section], "the damaged entry was saved"
        loaded.sections[section] = {**loaded.sections[section], key: bad}
        derived = (v.store.derived_key(v.config), loaded.view)
        database.save(
            path,
            v.store.parser_key(v.config),
            loaded.entries,
            {},
            derived,
            loaded.rows,
            loaded.blocks,
            loaded.sections,
            lazy=loaded.lazy,
        )

    _one_warning_after(tmp_path, damage)


@pytest.mark.parametrize("section", ["days", "entries"])
def test_a_value_whose_bytes_are_damaged_is_found_when_read(tmp_path: Path, section: str) -> None:
    """Values are checked (their CRC) when first read, not at load: a flipped byte in one a
    sync reads is still one warning and the pages of a run without a cache. (One no run
    reads, a near-miss key no link nearly names, is left for the run that reads it.)"""

    def damage(_v: Vault, path: Path) -> None:
        conn = sqlite3.connect(path)
        with conn:
            key, blob = conn.execute(
                "SELECT key, value FROM sections WHERE section = ? ORDER BY key", (section,)
            ).fetchone()
            flipped = blob[:-1] + bytes([blob[-1] ^ 1])
            conn.execute(
                "UPDATE sections SET value = ? WHERE section = ? AND key = ?",
                (flipped, section, key),
            )
        conn.close()

    _one_warning_after(tmp_path, damage)


def test_cached_rows_follow_the_day_and_the_edits(tmp_path: Path) -> None:
    """Rendered rows are kept in the cache by their inputs; another day or an edited person
    must re-render them exactly as a run without a cache does."""
    from datetime import timedelta

    cached, plain = tmp_path / "cached", tmp_path / "plain"
    for target in (cached, plain):
        shutil.copytree(ROOT / "examples" / "vault", target)
    cache_dir = tmp_path / "cache"
    path = cache_file.cache_file(cached, cache_dir)
    sync(Vault(cached, cache_path=path), TODAY)
    for days, edit in [(40, False), (40, True), (3, True), (400, False)]:
        if edit:
            for root in (cached, plain):
                note = root / "People" / "Sam Rivera.md"
                note.write_text(note.read_text().replace("cadence:", "cadence: 3d\nx_cadence:", 1))
        day = TODAY + timedelta(days=days)
        sync(Vault(cached, cache_path=path), day)
        sync(Vault(plain), day)
        assert _pages(cached) == _pages(plain), (days, edit)


def test_a_block_checked_by_the_last_run_is_redone_when_its_person_changed(
    tmp_path: Path,
) -> None:
    """The cache remembers which blocks were up to date (note stamp, day); a new process may
    skip those only for people nothing has touched since."""
    vault = tmp_path / "v"
    shutil.copytree(ROOT / "examples" / "vault", vault)
    path = cache_file.cache_file(vault, tmp_path / "cache")
    sync(Vault(vault, cache_path=path), TODAY)  # writes the blocks
    settled = Vault(vault, cache_path=path)
    sync(settled, TODAY)  # finds them up to date, and says so in the cache
    assert "People/Sam Rivera.md" in settled.blocks.verified
    _append_line(vault / "Daily" / "2026-11-25.md", "Long call with [[Sam Rivera]].")
    again = sync(Vault(vault, cache_path=path), TODAY)
    assert again.blocks.written == ["People/Sam Rivera.md"]
    assert "2026-11-25" in (vault / "People" / "Sam Rivera.md").read_text(encoding="utf-8")
    quiet = Vault(vault, cache_path=path)
    assert sync(quiet, TODAY).blocks.written == []


def _append_line(note: Path, line: str) -> None:
    with open(note, "a", encoding="utf-8") as fh:
        fh.write(f"\n{line}\n")


def test_a_database_of_another_schema_is_rebuilt_with_one_warning(tmp_path: Path) -> None:
    def damage(_vault: Vault, path: Path) -> None:
        conn = sqlite3.connect(path)
        conn.execute(f"PRAGMA user_version = {database.SCHEMA_VERSION - 1}")
        conn.close()

    _one_warning_after(tmp_path, damage)
    conn = sqlite3.connect(tmp_path / "cache" / cache_file.cache_file(tmp_path / "v", None).name)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == database.SCHEMA_VERSION
    conn.close()


def test_the_marshal_file_of_an_older_vaultkit_is_removed_quietly(tmp_path: Path) -> None:
    vault = tmp_path / "v"
    shutil.copytree(ROOT / "examples" / "vault", vault)
    cache_dir = tmp_path / "cache"
    path = cache_file.cache_file(vault, cache_dir)
    old = path.with_suffix(".marshal")
    old.parent.mkdir(parents=True)
    old.write_bytes(b"VKC\x06" + marshal.dumps(("vaultkit-cache", "1-old-key", {})))
    result = CliRunner().invoke(
        cli, ["sync", "--vault", str(vault), "--today", "2026-11-25", "--cache-dir", str(cache_dir)]
    )
    assert result.exit_code == 0 and "warning" not in result.output, result.output
    assert not old.exists() and path.is_file()


def test_a_parse_workers_blob_and_the_walks_stamp_make_the_cache_entry() -> None:
    from vaultkit.core.models import FileStamp
    from vaultkit.read.config import ParseOptions
    from vaultkit.read.parse import parse

    facts = parse("Daily/2026-11-24.md", "Met [[Ann]].\n- [ ] call [[Bob]]\n", ParseOptions())
    stamp = FileStamp("Daily/2026-11-24.md", 1_700_000_000_123_456_789, 31)
    entry, whole = (
        cache_file.facts_entry(stamp, cache_file.pack_facts(facts)),
        cache_file.encode(stamp, facts),
    )
    assert entry[:3] == whole[:3]
    assert marshal.loads(entry[3]) == marshal.loads(whole[3])  # the same value (refs may differ)
    assert cache_file.decode_facts(stamp.path, entry) == facts


def _damage_interactions(vault: Path, cache_dir: Path) -> None:
    """A synced cache whose people's contacts load but do not decode (their frame's checksum
    is right), with no kept day counts, so whatever reads a person's contacts meets it."""
    _sync(vault, cache_dir)
    v = Vault(vault, cache_path=cache_file.cache_file(vault, cache_dir))
    path = cache_file.cache_file(vault, cache_dir)
    loaded = database.load(path, v.store.parser_key(v.config), v.store.derived_key(v.config))
    assert loaded is not None and loaded.view is not None and loaded.sections is not None
    loaded.sections["interactions"] = dict.fromkeys(loaded.sections["interactions"], (("x",),))
    loaded.sections["days"] = {}  # nothing kept: every report reads the lists
    derived = (v.store.derived_key(v.config), loaded.view)
    database.save(path, v.store.parser_key(v.config), loaded.entries, {}, derived, loaded.rows,
               loaded.blocks, loaded.sections, lazy=loaded.lazy)  # fmt: skip


@pytest.mark.parametrize(
    "command",
    [
        ["digest"],
        ["digest", "--format", "markdown"],
        ["digest", "--json"],
        ["overdue"],
        ["followups", "--json"],
        ["show", "Diego Alvarez"],
        ["asks"],
        ["doctor"],
        ["ics"],
    ],
)
def test_every_read_command_survives_a_damaged_list_in_the_cache(
    tmp_path: Path, command: list[str]
) -> None:
    """A person's list that loads but does not decode (written by a buggy or older build, or
    planted: its frame's checksum is right) shows only when a command first reads it. Each
    read command says so once and answers as a run without the cache does; `digest` in
    words used to end in a traceback."""
    vault = tmp_path / "v"
    shutil.copytree(ROOT / "examples" / "vault", vault)
    cache_dir = tmp_path / "cache"
    _damage_interactions(vault, cache_dir)
    args = [*command, "--vault", str(vault), "--today", "2026-11-25"]
    plain = CliRunner().invoke(cli, [*args, "--no-cache"])
    result = CliRunner().invoke(cli, [*args, "--cache-dir", str(cache_dir)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert result.exit_code == plain.exit_code
    assert result.stdout == plain.stdout
    warnings = [line for line in result.stderr.splitlines() if "rebuilding it" in line]
    # a command that never reads anyone's contacts never meets the damage (the next sync does)
    reads_contacts = command[0] not in ("followups", "asks", "doctor")
    assert len(warnings) == reads_contacts, result.stderr


@pytest.mark.parametrize(
    ("command", "meets"),
    [
        (["log", "Diego Alvarez", "coffee at the market"], 1),
        (["log", "Noor Haddad", "--create", "met at the market"], 0),
        (["add", "Noor Haddad", "--cadence", "monthly"], 0),
        (["import", "CARDS"], 0),
    ],
)
def test_every_writing_command_survives_a_damaged_list_in_the_cache(
    tmp_path: Path, command: list[str], meets: int
) -> None:
    """`log` and `add` read the vault too (whom to log to, the next check-in they print):
    a damaged list is one warning and the answer and files of a run without the cache.
    A new person's contacts are not in the cache: `add`, or `log --create`, never meets it."""
    vault, plain_vault = tmp_path / "v", tmp_path / "p" / "v"
    shutil.copytree(ROOT / "examples" / "vault", vault)
    cache_dir = tmp_path / "cache"
    _damage_interactions(vault, cache_dir)
    shutil.copytree(vault, plain_vault)
    cards = tmp_path / "cards.vcf"
    cards.write_text("BEGIN:VCARD\nVERSION:3.0\nFN:Noor Haddad\nEND:VCARD\n", encoding="utf-8")
    command = [str(cards) if part == "CARDS" else part for part in command]
    plain = CliRunner().invoke(
        cli, [*command, "--vault", str(plain_vault), "--today", "2026-11-25", "--no-cache"]
    )
    assert plain.exit_code == 0, plain.output
    args = [*command, "--vault", str(vault), "--today", "2026-11-25", "--cache-dir", str(cache_dir)]
    result = CliRunner().invoke(cli, args)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert result.exit_code == plain.exit_code
    assert result.stdout == plain.stdout.replace(str(plain_vault), str(vault))
    warnings = [line for line in result.stderr.splitlines() if "rebuilding it" in line]
    assert len(warnings) == meets, result.stderr
    assert _notes(vault) == _notes(plain_vault)


def _notes(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*.md"))}


def test_two_sessions_saving_in_turn_leave_a_database_that_gives_clean_pages(
    tmp_path: Path,
) -> None:
    """Two processes loaded the same database (a `watch` and a cron sync, say) and save in
    turn: the second finds that another saved since its load and writes everything (the last
    writer wins); what it left gives the pages of a sync without any cache."""
    vault = tmp_path / "v"
    shutil.copytree(ROOT / "examples" / "vault", vault)
    cache_dir = tmp_path / "cache"
    path = cache_file.cache_file(vault, cache_dir)
    for _ in range(2):
        _sync(vault, cache_dir)
    first, second = Vault(vault, cache_path=path), Vault(vault, cache_path=path)
    first.load()
    second.load()  # both hold the database as it was: notes and lists left in it
    _append_line(vault / "Daily" / "2026-11-24.md", "Long call with [[Sam Rivera]].")
    sync(first, TODAY)
    _append_line(vault / "Daily" / "2026-11-23.md", "Dinner with [[Maya Chen]].")
    sync(second, TODAY)
    source = second.store.source
    assert source is not None and source.written >= len(second.stamps)  # everything
    reference = tmp_path / "r"
    shutil.copytree(vault, reference)
    shutil.rmtree(vault / "Vaultkit")
    fresh = Vault(vault, cache_path=path)
    sync(fresh, TODAY)
    assert fresh.warnings == []
    assert _pages(vault) == _sync(reference, None)


def _wal(path: Path) -> int:
    wal = path.with_name(path.name + "-wal")
    return wal.stat().st_size if wal.exists() else 0


def test_the_write_ahead_log_starts_over_while_sessions_stay_open(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Sessions that live on (a `watch`, a script's `open_vault`) must not keep the WAL from
    starting over: it grew by every save (a new day rewrites everyone's kept rows), without
    end. (SQLite copies it back after a commit that leaves it over `WAL_PAGES`: 1000 pages,
    4 MB, made small here.)"""
    monkeypatch.setattr(database, "WAL_PAGES", 8)
    vault = tmp_path / "v"
    shutil.copytree(ROOT / "examples" / "vault", vault)
    path = cache_file.cache_file(vault, tmp_path / "cache")
    held = []
    sizes = []
    for days in range(8):  # each day rewrites every person's kept values
        session = Vault(vault, cache_path=path)
        sync(session, TODAY + timedelta(days))
        held.append(session)  # open, as a process that has not exited
        sizes.append(_wal(path))
    assert max(sizes[3:]) <= 2 * max(sizes[:3]), sizes


def test_a_list_another_process_rewrote_since_the_load_is_not_read_as_ours(
    tmp_path: Path,
) -> None:
    """A session loaded the database, another saved over a person's list; the first must not
    read the other's list into its own view (one warning, the view rebuilt from the notes)."""
    vault = tmp_path / "v"
    shutil.copytree(ROOT / "examples" / "vault", vault)
    path = cache_file.cache_file(vault, tmp_path / "cache")
    for _ in range(2):
        sync(Vault(vault, cache_path=path), TODAY)
    mine = Vault(vault, cache_path=path)
    mine.load()  # Sam's contacts left in the database
    _append_line(vault / "Daily" / "2026-11-24.md", "Long call with [[Sam Rivera]].")
    sync(Vault(vault, cache_path=path), TODAY)  # another process: Sam's list rewritten
    sam = "People/Sam Rivera.md"
    found = mine.recovering(lambda: list(mine.view().interactions[sam]))
    assert len(mine.warnings) == 1 and "rebuilding it" in mine.warnings[0], mine.warnings
    assert found == list(Vault(vault).view().interactions[sam])


def test_two_syncs_at_once_leave_a_database_the_next_sync_uses(tmp_path: Path) -> None:
    """Two processes sync the same vault at the same moment (a cron job and `watch`): each
    saves in its own transaction, the last writer wins, and the next sync finds a database
    it can use, with the pages of a sync without any cache."""
    import subprocess
    import sys

    vault = tmp_path / "v"
    shutil.copytree(ROOT / "examples" / "vault", vault)
    reference = tmp_path / "r"
    shutil.copytree(vault, reference)
    cache_dir = tmp_path / "cache"
    args = [sys.executable, "-m", "vaultkit", "sync", "--vault", str(vault), "--today",
            "2026-11-25", "--cache-dir", str(cache_dir)]  # fmt: skip
    env = dict(os.environ)
    for _ in range(2):  # a cold pair (both create the database), then a warm pair
        both = [subprocess.Popen(args, env=env, stderr=subprocess.PIPE, text=True) for _ in "ab"]
        for proc in both:
            _, err = proc.communicate(timeout=60)
            assert proc.returncode == 0 and "warning" not in err, err
    shutil.rmtree(vault / "Vaultkit")
    fresh = Vault(vault, cache_path=cache_file.cache_file(vault, cache_dir))
    sync(fresh, TODAY)
    assert fresh.warnings == []
    assert _pages(vault) == _sync(reference, None)
