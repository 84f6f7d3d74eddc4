"""Watch latency: time from saving a note to the page being rewritten, and idle CPU.

`python -m benchmarks.watch_latency [--size target] [--saves 20] [--idle 60] [--polling]`
`python -m benchmarks.watch_latency --vault /tmp/vaultkit-bench/100k [--saves 10]`

Each save adds a line linking an overdue person to today's daily note; the clock stops when
`Vaultkit/Overdue check-ins.md` changes on disk. Prints median and worst of the saves, the
watcher's peak RSS (`VmHWM`) once its start-up sync is done and at the end, and the CPU
seconds the watcher used while idle for `--idle` seconds. `--vault` uses a vault `make bench`
made (and its cache, `<vault>.cache` beside it) instead of generating one in a temp folder.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from benchmarks.genvault import generate
from benchmarks.sizes import SIZES, TODAY

PAGE = Path("Vaultkit") / "Overdue check-ins.md"


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    return (int(fields[11]) + int(fields[12])) / ticks  # utime + stime


def _wait_change(path: Path, before: int, timeout: float) -> float:
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        try:
            if path.stat().st_mtime_ns != before:
                return time.perf_counter()
        except FileNotFoundError:
            pass
        time.sleep(0.002)
    raise TimeoutError(f"{path} did not change within {timeout} s")


def _peak_rss_mib(pid: int) -> int | None:
    """The process's peak resident set so far (Linux: VmHWM), in MiB."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) // 1024
    except OSError:
        pass
    return None


def _wait_idle(pid: int, timeout: float = 300.0) -> None:
    """Until the process has used no CPU for half a second (its start-up sync is done)."""
    start = time.perf_counter()
    last = _cpu_seconds(pid)
    while time.perf_counter() - start < timeout:
        time.sleep(0.5)
        now = _cpu_seconds(pid)
        if now - last < 0.01:
            return
        last = now


@dataclass
class WatchResult:
    latencies: list[float]  # seconds from each save to the page changing
    peak_rss_mib: int | None
    idle_cpu: float | None = None
    started_rss_mib: int | None = None  # VmHWM once the start-up sync was done


def measure(
    vault: Path,
    env: dict[str, str],
    people: list[str],
    *,
    polling: bool = False,
    idle: float = 0.0,
) -> WatchResult:
    """Run `vaultkit watch` on a synced vault; save a line linking each of `people` (note
    paths without `.md`) into today's daily note, one at a time, and time each save until
    `Vaultkit/Overdue check-ins.md` changes. The daily note is put back afterwards."""
    vk = [sys.executable, "-m", "vaultkit"]
    cmd = [*vk, "watch", "--vault", str(vault), "--today", TODAY, "--quiet"]
    proc = subprocess.Popen([*cmd, *(["--polling"] if polling else [])], env=env)
    daily = vault / "Daily" / f"{TODAY}.md"
    original = daily.read_bytes() if daily.exists() else None
    try:
        page = vault / PAGE
        _wait_idle(proc.pid)  # the start-up sync, and the observer's first watches
        started = _peak_rss_mib(proc.pid)
        latencies = []
        for link in people:
            before = page.stat().st_mtime_ns
            text = daily.read_bytes() if daily.exists() else b""
            start = time.perf_counter()
            daily.write_bytes(text + f"\nCalled [[{link}]], all good.\n".encode())
            latencies.append(_wait_change(page, before, 60.0) - start)
            _wait_idle(proc.pid)  # let the sync finish before the next save
        idle_cpu = None
        if idle:
            cpu0 = _cpu_seconds(proc.pid)
            time.sleep(idle)
            idle_cpu = _cpu_seconds(proc.pid) - cpu0
        peak = _peak_rss_mib(proc.pid)
    finally:
        proc.terminate()
        proc.wait(timeout=60)
        if original is None:
            daily.unlink(missing_ok=True)
        else:
            daily.write_bytes(original)
    return WatchResult(latencies, peak, idle_cpu, started)


def overdue_people(vault: Path, env: dict[str, str], count: int) -> list[str]:
    """Note paths (without `.md`) of the first `count` overdue people: a save naming one of
    them changes the overdue page."""
    vk = [sys.executable, "-m", "vaultkit"]
    late = json.loads(
        subprocess.run(
            [*vk, "overdue", "--vault", str(vault), "--today", TODAY, "--json"],
            env=env,
            check=True,
            capture_output=True,
        ).stdout
    )
    return [str(p["note"])[:-3] for p in late[:count]]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--size", default="target", choices=sorted(SIZES))
    ap.add_argument("--saves", type=int, default=20)
    ap.add_argument("--idle", type=float, default=60.0)
    ap.add_argument("--polling", action="store_true")
    ap.add_argument("--vault", type=Path, help="an existing generated vault (default: generate)")
    ns = ap.parse_args(argv)
    people, days = SIZES[ns.size]
    with tempfile.TemporaryDirectory(prefix="vk-watch-") as tmp:
        if ns.vault is None:
            vault = Path(tmp) / "vault"
            generate(vault, people=people, days=days, seed=1)
            cache = Path(tmp) / "cache"
        else:
            vault = ns.vault.resolve()
            cache = vault.parent / f"{vault.name}.cache"  # as benchmarks.run keeps it
        env = {**os.environ, "VAULTKIT_CACHE_DIR": str(cache)}
        vk = [sys.executable, "-m", "vaultkit"]
        sync = [*vk, "sync", "--vault", str(vault), "--today", TODAY, "-q"]
        subprocess.run(sync, env=env, check=True)
        found = measure(
            vault, env, overdue_people(vault, env, ns.saves), polling=ns.polling, idle=ns.idle
        )
        if ns.vault is not None:
            subprocess.run(sync, env=env, check=True)  # the daily note is back: pages too
    mode = "polling" if ns.polling else "native"
    latencies = found.latencies
    name = ns.size if ns.vault is None else str(ns.vault)
    print(f"watch latency ({name} vault, {mode}, {len(latencies)} saves, debounce 200 ms):")
    median, worst = statistics.median(latencies) * 1000, max(latencies) * 1000
    print(
        f"  median {median:.0f} ms, worst {worst:.0f} ms; peak RSS {found.peak_rss_mib} MiB "
        f"({found.started_rss_mib} MiB after the start-up sync)"
    )
    idle_cpu = found.idle_cpu or 0.0
    print(f"  idle CPU: {idle_cpu:.2f} s over {ns.idle:.0f} s ({100 * idle_cpu / ns.idle:.1f}%)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
