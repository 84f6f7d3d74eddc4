"""The entry point leaves without freeing the heap, and loses nothing by it (entry.py).

Run as real processes: a probe registers an `atexit` function (still run) and keeps an object
whose `__del__` would speak when the interpreter frees the heap (skipped), then runs the
console script's `main` with the given arguments.
"""

from __future__ import annotations

import atexit
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from vaulthelp import BASIC, PAGE_COUNT, TODAY, make_vault

from vaultkit.cli import entry

ROOT = Path(__file__).resolve().parent.parent

PROBE = """
import atexit, sys, threading
atexit.register(lambda: print("atexit ran", file=sys.stderr))

class Heap:
    def __del__(self):
        print("heap freed", file=sys.stderr)

kept = Heap()
args = sys.argv[1:]
import vaultkit.cli.entry as entry
if args[0] == "--with-thread":  # another thread still running: the usual exit
    args = args[1:]
    # The thread runs until `leave` has decided (not for a fixed time: a slow run on a busy
    # machine would outlive it and test nothing).
    decided = threading.Event()
    real_leave = entry.leave
    def leave(code):
        try:
            return real_leave(code)
        finally:
            decided.set()
    entry.leave = leave
    threading.Thread(target=decided.wait).start()
sys.argv = ["vaultkit", *args]
entry.main()
"""


def probe(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("VAULTKIT_")}
    env["VAULTKIT_TODAY"] = TODAY
    return subprocess.run(
        [sys.executable, "-c", PROBE, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    return make_vault(tmp_path, BASIC)


def test_a_command_leaves_without_freeing_the_heap(vault: Path, tmp_path: Path) -> None:
    cache = str(tmp_path / "cache")
    proc = probe("sync", "--vault", str(vault), "--cache-dir", cache)
    assert proc.returncode == 0, proc.stderr
    assert f"pages: {PAGE_COUNT} written" in proc.stdout  # stdout is a pipe: flushed before leaving
    assert proc.stderr == "atexit ran\n"  # atexit functions run; the heap is not freed

    proc = probe("people", "--json", "--vault", str(vault), "--cache-dir", cache)
    assert proc.returncode == 0 and proc.stderr == "atexit ran\n"
    assert len(json.loads(proc.stdout)) == 8  # the whole of a long output


def test_the_exit_status_is_kept(vault: Path) -> None:
    # no pages yet: they would change
    check = probe("sync", "--check", "--no-cache", "--vault", str(vault))
    assert check.returncode == 1 and check.stderr.endswith("atexit ran\n")
    usage = probe("sync", "--today", "2026-13-45", "--vault", str(vault))
    assert usage.returncode == 2
    assert usage.stderr.startswith("vaultkit: error: ") and usage.stderr.endswith("atexit ran\n")
    assert "heap freed" not in check.stderr + usage.stderr
    version = probe("--version")
    assert version.returncode == 0 and version.stdout.startswith("vaultkit")


def test_with_another_thread_running_it_exits_the_usual_way(vault: Path) -> None:
    proc = probe("--with-thread", "sync", "--check", "--no-cache", "--vault", str(vault))
    assert proc.returncode == 1
    assert "heap freed" in proc.stderr and "atexit ran" in proc.stderr


class _Stream:
    def __init__(self, broken: bool) -> None:
        self.broken, self.flushed = broken, 0

    def flush(self) -> None:
        self.flushed += 1
        if self.broken:
            raise BrokenPipeError(32, "Broken pipe")


def test_leave_only_when_safe(monkeypatch: pytest.MonkeyPatch) -> None:
    exits: list[int] = []
    monkeypatch.setattr(os, "_exit", exits.append)
    monkeypatch.setattr(atexit, "_run_exitfuncs", lambda: None)
    monkeypatch.delitem(sys.modules, "coverage", raising=False)
    out, err = _Stream(False), _Stream(False)
    monkeypatch.setattr(sys, "stdout", out)
    monkeypatch.setattr(sys, "stderr", err)
    entry.leave(None)
    entry.leave(2)
    entry.leave("a message for stderr")  # the interpreter prints it: not ours to leave
    assert exits == [0, 2]
    assert out.flushed == 4 and err.flushed == 4  # before and after the atexit functions
    monkeypatch.setattr(sys, "stdout", _Stream(True))
    entry.leave(0)  # stdout cannot be flushed: the usual exit says so
    assert exits == [0, 2]


def test_under_the_console_script_the_collector_stays_off(
    vault: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # turned back on, it would walk every object the command made, just before `os._exit`
    import gc

    from vaultkit.cli import main as cli_module
    from vaultkit.cli.main import cli

    monkeypatch.setattr(cli_module, "KEEP_UNTIL_EXIT", True)
    monkeypatch.setattr(cli_module, "_kept", [])
    try:
        gc.enable()
        result = CliRunner().invoke(cli, ["people", "--json", "--no-cache", "--vault", str(vault)])
        assert result.exit_code == 0, result.output
        assert not gc.isenabled()
    finally:
        gc.enable()
    monkeypatch.setattr(cli_module, "KEEP_UNTIL_EXIT", False)
    CliRunner().invoke(cli, ["people", "--json", "--no-cache", "--vault", str(vault)])
    assert gc.isenabled()  # a command run in a longer-lived process turns it back on
