"""vaultkit never opens a socket: not in sync, not in watch (SECURITY.md)."""

from __future__ import annotations

import shutil
import socket
import threading
import time
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from vaultkit import api
from vaultkit.cli.main import cli
from vaultkit.cli.watch import WatchdogSource, Watcher

ROOT = Path(__file__).resolve().parent.parent


class _NoSocket(socket.socket):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        raise AssertionError("vaultkit opened a socket")


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(socket, "socket", _NoSocket)

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("vaultkit looked up or connected to a host")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


def test_the_guard_itself_works(no_network: None) -> None:
    with pytest.raises(AssertionError):
        socket.socket()


def test_sync_and_every_read_command_open_no_socket(tmp_path: Path, no_network: None) -> None:
    vault = tmp_path / "v"
    shutil.copytree(ROOT / "examples" / "vault", vault)
    for args in (["sync"], ["overdue", "--json"], ["people"], ["doctor"], ["show", "maya"]):
        result = CliRunner().invoke(cli, [*args, "--vault", str(vault), "--today", "2026-11-25"])
        assert result.exit_code in (0, 1), result.output
        assert not isinstance(result.exception, AssertionError), result.exception


@pytest.mark.parametrize("polling", [False, True])
def test_watch_opens_no_socket(tmp_path: Path, no_network: None, polling: bool) -> None:
    vault_dir = tmp_path / "v"
    shutil.copytree(ROOT / "examples" / "vault", vault_dir)
    source = WatchdogSource(vault_dir, polling=polling, poll_interval=0.1)
    watcher = Watcher(
        api.Vault(vault_dir, date(2026, 11, 25), None),
        source,
        today=lambda: date(2026, 11, 25),
        debounce=0.05,
        log=lambda _: None,
    )
    thread = threading.Thread(target=watcher.run, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 20
        while not watcher.state.syncs and time.monotonic() < deadline:
            time.sleep(0.02)
        note = vault_dir / "Daily" / "2026-11-24.md"
        note.write_text(note.read_text() + "\nCalled [[Sam Rivera]].\n")
        while len(watcher.state.syncs) < 2 and time.monotonic() < deadline:
            time.sleep(0.02)
        assert len(watcher.state.syncs) >= 2 and not watcher.state.errors
    finally:
        watcher.stop()
        thread.join(timeout=10)
    assert not thread.is_alive()
