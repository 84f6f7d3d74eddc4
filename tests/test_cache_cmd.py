"""`vaultkit cache path|clear`: finding and deleting what vaultkit keeps about the notes."""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path

from vaulthelp import BASIC, invoke, make_vault, vk

from vaultkit.store import cache_file, database


def _sync(vault: Path, cache_dir: Path) -> None:
    result = vk(vault, "sync", "--cache-dir", str(cache_dir))
    assert result.exit_code == 0, result.output


def test_path_names_the_vaults_cache_file(tmp_path: Path) -> None:
    vault, folder = make_vault(tmp_path, BASIC), tmp_path / "cache"
    expected = cache_file.cache_file(vault, folder)
    before = invoke(["cache", "path", "--vault", str(vault), "--cache-dir", str(folder)])
    assert before.exit_code == 0
    assert before.stdout == f"{expected}\n"
    assert before.stderr == "vaultkit: nothing there yet: the next sync creates it\n"
    _sync(vault, folder)
    after = invoke(["cache", "path", "--vault", str(vault), "--cache-dir", str(folder)])
    assert (after.stdout, after.stderr) == (f"{expected}\n", "")
    assert expected.is_file()


def test_path_all_is_the_folder_and_follows_the_env(tmp_path: Path) -> None:
    folder = tmp_path / "c"
    result = invoke(["cache", "path", "--all"], env={"VAULTKIT_CACHE_DIR": str(folder)})
    assert result.stdout == f"{folder}\n"


def test_clear_deletes_this_vaults_file_only(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    one = make_vault(tmp_path, BASIC, "one")
    two = make_vault(tmp_path, BASIC, "two")
    _sync(one, folder)
    _sync(two, folder)
    size = cache_file.cache_file(one, folder).stat().st_size
    result = invoke(["cache", "clear", "--vault", str(one), "--cache-dir", str(folder)])
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        f"Deleted 1 cache file ({size / 1000:.1f} KB) from {folder} (the cache of {one}).\n"
    )
    assert not cache_file.cache_file(one, folder).exists()
    assert cache_file.cache_file(two, folder).exists()
    again = invoke(["cache", "clear", "--vault", str(one), "--cache-dir", str(folder)])
    assert again.stdout == f"No cache files in {folder} (the cache of {one}).\n"
    _sync(one, folder)  # rebuilt by the next sync
    assert cache_file.cache_file(one, folder).exists()


def test_clear_all_deletes_only_vaultkits_files(tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    for name in ("one", "two"):
        _sync(make_vault(tmp_path, BASIC, name), folder)
    keep = {
        "notes.txt": b"the user's own",
        "0123456789abcdef0123.marshal.bak": b"x",
        "abc.marshal": b"not a name vaultkit gives",
    }
    for name, data in keep.items():
        (folder / name).write_bytes(data)
    stale, fresh = folder / ".ab12cd34.tmp", folder / ".zz99yy88.tmp"
    stale.write_bytes(b"left by a crash")
    fresh.write_bytes(b"a sync writing now")
    old = time.time() - 3600
    os.utime(stale, (old, old))
    result = invoke(["cache", "clear", "--all", "--cache-dir", str(folder)])
    assert result.exit_code == 0, result.output
    # per vault its cache and its record of the files it wrote; and the stale temp file
    assert result.stdout.startswith("Deleted 5 cache files (")
    assert sorted(p.name for p in folder.iterdir()) == sorted([*keep, fresh.name])


def test_clear_all_removes_the_default_folder_once_empty(private_home: Path) -> None:
    vault = make_vault(private_home / "vaults", BASIC)
    env = {"VAULTKIT_CACHE_DIR": ""}  # the default: the user cache folder
    assert invoke(["sync", "--vault", str(vault), "--today", "2026-11-25"], env=env).exit_code == 0
    folder = cache_file.default_dir()
    assert folder.is_relative_to(private_home) and list(folder.iterdir())
    result = invoke(["cache", "clear", "--all"], env=env)
    assert result.stdout.startswith("Deleted ")  # other tests' child processes may cache here too
    assert result.stdout.rstrip().endswith(f"from {folder}.")
    assert not folder.exists()
    assert invoke(["cache", "clear", "--all"], env=env).stdout == f"No cache files in {folder}.\n"


def test_clear_deletes_the_databases_wal_files_too(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    vault = make_vault(tmp_path, BASIC)
    _sync(vault, folder)
    path = cache_file.cache_file(vault, folder)
    beside = [path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")]
    for extra in beside:  # as a sync still running, or killed, leaves them
        extra.write_bytes(b"x")
    result = invoke(["cache", "clear", "--vault", str(vault), "--cache-dir", str(folder)])
    assert result.exit_code == 0, result.output
    assert "Deleted 3 cache files" in result.stdout
    assert not any(p.exists() for p in [path, *beside])


def test_db_path_names_the_database_sqlite_reads(tmp_path: Path) -> None:
    vault, folder = make_vault(tmp_path, BASIC), tmp_path / "cache"
    before = invoke(["db", "path", "--vault", str(vault), "--cache-dir", str(folder)])
    expected = cache_file.cache_file(vault, folder)
    assert (before.exit_code, before.stdout) == (0, f"{expected}\n")
    assert before.stderr == "vaultkit: nothing there yet: the next sync creates it\n"
    _sync(vault, folder)
    after = invoke(["--vault", str(vault), "db", "path", "--cache-dir", str(folder)])
    assert (after.exit_code, after.stdout, after.stderr) == (0, f"{expected}\n", "")
    conn = sqlite3.connect(f"{expected.as_uri()}?mode=ro", uri=True)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == database.SCHEMA_VERSION
        assert conn.execute("SELECT count(*) FROM notes").fetchone()[0] > 0
    finally:
        conn.close()


def test_db_path_without_a_cache_is_one_line_and_exit_2(tmp_path: Path) -> None:
    vault = make_vault(tmp_path, BASIC)
    for args in (["db", "path", "--no-cache"], ["--no-cache", "db", "path"]):
        result = invoke([*args, "--vault", str(vault)])
        assert result.exit_code == 2, result.output
        assert result.stdout == ""
        assert result.stderr == "vaultkit: error: with --no-cache vaultkit keeps no database\n"
