"""Time a command and read the peak memory of that one child process.

The peak comes from ``os.wait4``, which reports the rusage of exactly the child it
reaped. A subtlety makes a plain ``Popen`` + ``wait4`` unreliable, though: Linux
starts a child's ``ru_maxrss`` at the RSS of the process that forked it (and, with
the vfork/posix_spawn that ``subprocess`` uses, at that process's *peak* RSS). A
runner that has just generated a 100k-note vault would make every child look as big
as itself. So each command is started by a fresh, tiny ``python -I -S -c`` wrapper
(about 8 MiB, below any Python child's own footprint) that forks, execs, times and
``wait4``s the command and hands the numbers back through a file.
"""

from __future__ import annotations

import contextlib
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

_WRAPPER = r"""
import os, sys, time
out = sys.argv[1]
cmd = sys.argv[2:]
t0 = time.perf_counter()
pid = os.fork()
if pid == 0:
    try:
        os.execvp(cmd[0], cmd)
    except OSError as exc:
        os.write(2, ("cannot run %r: %s\n" % (cmd[0], exc)).encode())
        os._exit(127)
_, status, usage = os.wait4(pid, 0)
seconds = time.perf_counter() - t0
with open(out, "w") as fh:
    cpu = usage.ru_utime + usage.ru_stime  # the command's and its reaped children's
    fh.write("%r %d %d %r\n" % (seconds, usage.ru_maxrss, os.waitstatus_to_exitcode(status), cpu))
"""


@dataclass
class Result:
    """Everything about one run; ``run`` reduces it to what a table needs."""

    seconds: float
    rss_mib: int
    returncode: int
    stderr: str
    timed_out: bool = False
    cpu_seconds: float = 0.0  # user + system, its waited-for children included


class CommandFailed(Exception):
    """Raised by ``run`` so a failing command cannot be mistaken for a fast one."""

    def __init__(self, cmd: Sequence[str], result: Result) -> None:
        self.cmd = list(cmd)
        self.result = result
        super().__init__(f"exit status {result.returncode}: {first_line(result.stderr)}")


def first_line(text: str) -> str:
    """The one stderr line worth showing under a table.

    Usually the first non-blank line, but click puts ``Usage:`` before its ``Error:``
    line and a traceback ends with the exception, so those are picked instead.
    """
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if not lines:
        return ""
    for line in lines:
        if line.startswith("Error:"):
            return line
    if lines[0].startswith("Traceback"):
        return lines[-1]
    return lines[0]


def _maxrss_mib(maxrss: int) -> int:
    """ru_maxrss is KiB on Linux but bytes on macOS."""
    per_mib = 2**20 if sys.platform == "darwin" else 2**10
    return round(maxrss / per_mib)


def run_full(
    cmd: Sequence[str],
    env: Mapping[str, str] | None = None,
    cwd: str | os.PathLike[str] | None = None,
    timeout: float | None = None,
) -> Result:
    """Run once without raising, so callers can still show why a command failed."""
    if not cmd:
        raise ValueError("empty command")
    fd, report = tempfile.mkstemp(prefix="vaultkit-bench-", suffix=".txt")
    os.close(fd)
    killed = threading.Event()
    try:
        with tempfile.TemporaryFile() as err:
            proc = subprocess.Popen(
                [sys.executable, "-I", "-S", "-c", _WRAPPER, report, *cmd],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=err,
                env=None if env is None else dict(env),
                cwd=cwd,
                start_new_session=True,
            )  # own process group, so a timeout kills the command too

            def _kill() -> None:
                killed.set()
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGKILL)

            timer = threading.Timer(timeout, _kill) if timeout is not None else None
            if timer is not None:
                timer.start()
            try:
                wrapper_rc = proc.wait()
            finally:
                if timer is not None:
                    timer.cancel()
            err.seek(0)
            stderr = err.read().decode("utf-8", errors="replace")
        with open(report, encoding="ascii") as fh:
            fields = fh.read().split()
    finally:
        os.unlink(report)
    if killed.is_set():
        return Result(
            seconds=float(timeout or 0),
            rss_mib=0,
            returncode=-signal.SIGKILL,
            stderr=f"timed out after {timeout:g} s\n{stderr}",
            timed_out=True,
        )
    if len(fields) != 4:
        return Result(
            seconds=0.0,
            rss_mib=0,
            returncode=wrapper_rc or 1,
            stderr=stderr or "measurement wrapper failed\n",
        )
    return Result(
        seconds=float(fields[0]),
        rss_mib=_maxrss_mib(int(fields[1])),
        returncode=int(fields[2]),
        stderr=stderr,
        cpu_seconds=float(fields[3]),
    )


def run(
    cmd: list[str],
    env: dict[str, str] | None = None,
    cwd: str | os.PathLike[str] | None = None,
    timeout: float | None = None,
) -> tuple[float, int]:
    """(wall seconds, peak RSS MiB) of one run; raises ``CommandFailed`` on failure."""
    result = run_full(cmd, env=env, cwd=cwd, timeout=timeout)
    if result.returncode != 0 or result.timed_out:
        raise CommandFailed(cmd, result)
    return result.seconds, result.rss_mib


def median_of(n: int, fn: Callable[[], tuple[float, int]]) -> tuple[float, int]:
    """Medians of seconds and of RSS over ``n`` calls, so one outlier cannot skew a cell."""
    if n < 1:
        raise ValueError("n must be >= 1")
    samples = [fn() for _ in range(n)]
    seconds = statistics.median(s for s, _ in samples)
    rss = statistics.median_low(r for _, r in samples)
    return seconds, rss
