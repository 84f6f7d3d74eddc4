"""Watch latency: time from saving a note to the page being rewritten, and idle CPU.

`python -m benchmarks.watch_latency [--size target] [--saves 20] [--idle 60] [--polling]`

Each save adds a line linking an overdue person to today's daily note; the clock stops when
`Vaultkit/Overdue check-ins.md` changes on disk. Prints median and worst of the saves, and the
CPU seconds the watcher used while idle for `--idle` seconds.
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
from pathlib import Path

from benchmarks.genvault import generate
from benchmarks.run import SIZES, TODAY

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


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--size", default="target", choices=sorted(SIZES))
    ap.add_argument("--saves", type=int, default=20)
    ap.add_argument("--idle", type=float, default=60.0)
    ap.add_argument("--polling", action="store_true")
    ns = ap.parse_args(argv)
    people, days = SIZES[ns.size]
    with tempfile.TemporaryDirectory(prefix="vk-watch-") as tmp:
        vault = Path(tmp) / "vault"
        generate(vault, people=people, days=days, seed=1)
        env = {**os.environ, "VAULTKIT_CACHE_DIR": str(Path(tmp) / "cache")}
        vk = [sys.executable, "-m", "vaultkit"]
        common = ["--vault", str(vault), "--today", TODAY]
        subprocess.run([*vk, "sync", *common, "-q"], env=env, check=True)
        late = json.loads(
            subprocess.run(
                [*vk, "overdue", *common, "--json"], env=env, check=True, capture_output=True
            ).stdout
        )
        cmd = [*vk, "watch", *common, "--quiet", *(["--polling"] if ns.polling else [])]
        proc = subprocess.Popen(cmd, env=env)
        try:
            page = vault / PAGE
            time.sleep(3.0)  # the start-up sync (cache warm) and the observer's first watches
            latencies = []
            daily = vault / "Daily" / f"{TODAY}.md"
            for person in late[: ns.saves]:
                before = page.stat().st_mtime_ns
                text = daily.read_bytes() if daily.exists() else b""
                link = person["note"][:-3]
                start = time.perf_counter()
                daily.write_bytes(text + f"\nCalled [[{link}]], all good.\n".encode())
                latencies.append(_wait_change(page, before, 30.0) - start)
                time.sleep(0.5)  # let the sync finish before the next save
            time.sleep(2.0)
            cpu0 = _cpu_seconds(proc.pid)
            time.sleep(ns.idle)
            idle_cpu = _cpu_seconds(proc.pid) - cpu0
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    mode = "polling" if ns.polling else "native"
    print(f"watch latency ({ns.size} vault, {mode}, {len(latencies)} saves, debounce 200 ms):")
    median, worst = statistics.median(latencies) * 1000, max(latencies) * 1000
    print(f"  median {median:.0f} ms, worst {worst:.0f} ms")
    print(f"  idle CPU: {idle_cpu:.2f} s over {ns.idle:.0f} s ({100 * idle_cpu / ns.idle:.1f}%)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
