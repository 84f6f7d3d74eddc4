"""`vaultkit watch` as a real process, starting from a warm cache (the restored view, cached
rows and checked blocks), against real file events: what it writes must be what a sync
without any cache writes, and SIGTERM must end it cleanly."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from vaulthelp import run_module

ROOT = Path(__file__).resolve().parent.parent
PAGE = Path("Vaultkit") / "Overdue check-ins.md"


def test_watch_from_a_warm_cache_keeps_pages_current(tmp_path: Path) -> None:
    vault = tmp_path / "v"
    shutil.copytree(ROOT / "examples" / "vault", vault)
    env = {"VAULTKIT_CACHE_DIR": str(tmp_path / "cache"), "VAULTKIT_TODAY": "2026-11-25"}
    for _ in range(2):  # the second run records the blocks as current
        assert run_module(["sync", "--vault", str(vault)], ROOT, env).returncode == 0
    assert "2 people to reach out to" in (vault / PAGE).read_text(encoding="utf-8")
    full_env = {**os.environ, **env, "PYTHONIOENCODING": "utf-8"}
    watcher = subprocess.Popen(
        [sys.executable, "-m", "vaultkit", "watch", "--vault", str(vault), "--debounce", "50"],
        cwd=ROOT,
        env=full_env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert watcher.stdout is not None
        first = watcher.stdout.readline()
        assert first.startswith("watching"), first
        second = watcher.stdout.readline()  # the start-up sync
        assert "synced" in second, second
        with open(vault / "Daily" / "2026-11-25.md", "a", encoding="utf-8") as fh:
            fh.write("\nLong call with [[Ben Carter]].\n")
        deadline = time.monotonic() + 30
        while "1 person to reach out to" not in (vault / PAGE).read_text(encoding="utf-8"):
            assert time.monotonic() < deadline, "the page never caught up"
            assert watcher.poll() is None, watcher.stderr.read() if watcher.stderr else ""
            time.sleep(0.05)
    finally:
        watcher.send_signal(signal.SIGTERM)
        _out, err = watcher.communicate(timeout=30)
    assert watcher.returncode == 0, err
    assert "Traceback" not in err
    check = run_module(["sync", "--vault", str(vault), "--no-cache", "--check"], ROOT, env)
    assert check.returncode == 0, check.stdout + check.stderr


def _start_watch(vault: Path, env: dict[str, str]) -> subprocess.Popen[str]:
    watcher = subprocess.Popen(
        [sys.executable, "-m", "vaultkit", "watch", "--vault", str(vault), "--debounce", "50"],
        cwd=ROOT,
        env={**os.environ, **env, "PYTHONIOENCODING": "utf-8"},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert watcher.stdout is not None
    assert watcher.stdout.readline().startswith("watching")
    assert "synced" in watcher.stdout.readline()  # the start-up sync
    return watcher


def _wait(done: Callable[[], bool], watcher: subprocess.Popen[str], what: str) -> None:
    deadline = time.monotonic() + 30
    while not done():
        assert time.monotonic() < deadline, what
        time.sleep(0.05)


def test_watch_survives_a_half_typed_vaultkit_toml(tmp_path: Path) -> None:
    vault = tmp_path / "v"
    shutil.copytree(ROOT / "examples" / "vault", vault)
    env = {"VAULTKIT_CACHE_DIR": str(tmp_path / "cache"), "VAULTKIT_TODAY": "2026-11-25"}
    recent = vault / "Vaultkit" / "Recent interactions.md"
    watcher = _start_watch(vault, env)
    try:
        settings = vault / "vaultkit.toml"
        good = settings.read_text(encoding="utf-8")
        settings.write_text("recent_days = \n" + good, encoding="utf-8")  # half typed
        assert watcher.stderr is not None
        line = watcher.stderr.readline()
        assert "settings not read again" in line and "vaultkit.toml: not valid TOML" in line
        assert watcher.poll() is None, "watch stopped on a half-typed vaultkit.toml"
        settings.write_text("recent_days = 40\n" + good, encoding="utf-8")
        _wait(
            lambda: "The last 40 days" in recent.read_text(encoding="utf-8"),
            watcher,
            "the fixed settings were never read",
        )
    finally:
        watcher.send_signal(signal.SIGTERM)
        _out, err = watcher.communicate(timeout=30)
    assert watcher.returncode == 0, err
    assert "Traceback" not in err


def test_moving_the_vault_while_watch_runs_stops_it_with_one_line(tmp_path: Path) -> None:
    vault = tmp_path / "v"
    shutil.copytree(ROOT / "examples" / "vault", vault)
    env = {"VAULTKIT_CACHE_DIR": str(tmp_path / "cache"), "VAULTKIT_TODAY": "2026-11-25"}
    watcher = _start_watch(vault, env)
    moved = tmp_path / "moved"
    try:
        vault.rename(moved)
        deadline = time.monotonic() + 30
        while watcher.poll() is None and time.monotonic() < deadline:
            with open(moved / "Daily" / "2026-11-25.md", "a", encoding="utf-8") as fh:
                fh.write("\nMet [[Ben Carter]].\n")  # its event names the old path
            time.sleep(0.2)
    finally:
        if watcher.poll() is None:
            watcher.send_signal(signal.SIGTERM)
        _out, err = watcher.communicate(timeout=30)
    assert not vault.exists(), "watch made the vault folder again where it was"
    assert watcher.returncode == 1, err
    assert "Traceback" not in err
    lines = err.splitlines()  # (a busy machine may add "file watch limit reached" first)
    assert f"the vault folder {vault} was moved or deleted; stopping" in lines[-1], err
    assert not any("sync failed" in line for line in lines), err
