"""kill -9 at random moments: does vaultkit ever lose or damage a note? (issue 21, Must show)

Each run copies a synced vault (a generated one of a few thousand notes, so a cold or `--full`
sync uses its pool of workers, or the demo vault), starts one command as its own process
(private `VAULTKIT_CACHE_DIR` and `HOME`) — `sync`, `sync` with no cache (cold), `sync --full`,
`log`, `add`, `import` of a small .vcf, `watch` with an edit saved meanwhile, or a question
(`digest --json`) after an edit, which reads the vault and saves what it read — and kills it
with SIGKILL at a random moment of its run. The copy was synced the day before the command's
day, so a sync has every page and many blocks to write (a kill can land in any write). Then it
checks:

- every note is byte-identical to the copy, except inside a vaultkit block and the edit the
  command was asked to make (the log line, the new note, the imported notes, the watched edit);
- no process of the command is left alive (a pool worker orphaned by its parent's death);
- after the next `sync`, no `*.vaultkit-tmp` is left (the leftovers are aged past the hour first,
  as the rule for removing them wants);
- the pages and blocks of that next sync are what a fresh `sync --no-cache` of a copy writes;
- `overdue --json` and `digest --json`, answered from the database that sync left, are what
  `--no-cache` answers.

    python -m benchmarks.killharness --runs 200 [--seed 1] [--kill leader|group] [--work DIR]

By default only the command's own process is killed (what the OOM killer or `kill -9 PID`
does), so its workers must notice; `--kill group` kills the whole process group.
Prints one line per failed check and a summary; exit status 1 when any check failed.
"""

from __future__ import annotations

import argparse
import contextlib
import difflib
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TODAY = "2026-11-25"  # the day the copied vault was synced
RUN_DAY = "2026-11-26"  # the day of the killed command and after: every page has to change
OPS = ("sync", "cold", "full", "log", "add", "import", "watch", "ask")
LOG_TEXT = "kill harness call"
NEW_PERSON = "Killharness Person"
WATCH_EDIT = "Watched edit: coffee with a friend.\n"
VCF = (
    "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Kiri Harness\r\nN:Harness;Kiri;;;\r\n"
    "EMAIL:kiri@example.com\r\nBDAY:1990-04-02\r\nEND:VCARD\r\n"
    "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Lou Harness\r\nN:Harness;Lou;;;\r\n"
    "NOTE:Met at the harness\\, twice.\r\nEND:VCARD\r\n"
)


@dataclass
class Base:
    """A synced vault to copy for each run, and the cache that goes with it."""

    name: str
    vault: Path
    cache: Path
    people: list[str]
    daily: str  # a note the watch run edits
    seconds: dict[str, float] = field(default_factory=dict)  # each op's run to completion


@dataclass
class Outcome:
    op: str
    base: str
    killed_at: float
    problems: list[str]
    temps: int  # temp files the kill left
    orphans: int  # processes left alive after the leader died


def _env(run: Path, day: str = RUN_DAY) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("VAULTKIT_")}
    env.update(
        VAULTKIT_CACHE_DIR=str(run / "cache"),
        HOME=str(run / "home"),
        XDG_CACHE_HOME=str(run / "home" / ".cache"),
        VAULTKIT_TODAY=day,
        PYTHONPATH=str(ROOT),
    )
    return env


def _vk(
    run: Path, *args: str, check: bool = True, day: str = RUN_DAY
) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [sys.executable, "-m", "vaultkit", *args, "--vault", str(run / "vault")],
        cwd=run,
        env=_env(run, day),
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    if check and done.returncode not in (0, 1):
        raise RuntimeError(f"vaultkit {' '.join(args)}: exit {done.returncode}\n{done.stderr}")
    return done


def _age_notes(vault: Path, seconds: float) -> None:
    """Notes as a user's are: saved a while ago (a note saved this instant waits for its block)."""
    when = time.time() - seconds
    for path in vault.rglob("*.md"):
        os.utime(path, (when, when))


def _files(vault: Path) -> dict[str, bytes]:
    """Every file of the vault but the output folder's and dot-files, by vault path."""
    out: dict[str, bytes] = {}
    for path in vault.rglob("*"):
        rel = path.relative_to(vault).as_posix()
        if (
            path.is_file()
            and not rel.startswith("Vaultkit/")
            and not any(part.startswith(".") for part in rel.split("/"))
        ):
            out[rel] = path.read_bytes()
    return out


def _outside_block(data: bytes) -> list[str]:
    """The note's lines with the inside of its vaultkit block left out."""
    from vaultkit.read.markers import find_block

    lines = data.decode("utf-8", "replace").splitlines()
    found, _ = find_block(lines)
    if found is None:
        return lines
    begin, end = found
    return [*lines[:begin], *lines[end - 1 :]]


def _prepare(work: Path, name: str, source: Path | None, people: int, days: int) -> Base:
    """A synced copy of the vault at the very path every run uses (the cache is per path)."""
    base = work / f"base-{name}"
    if base.exists():
        shutil.rmtree(base)
    run = work / "run"
    if run.exists():
        shutil.rmtree(run)
    (run / "home").mkdir(parents=True)
    vault = run / "vault"
    if source is None:
        from benchmarks.genvault import generate

        generate(vault, people=people, days=days, seed=1)
    else:
        shutil.copytree(source, vault)
    _age_notes(vault, 3600)
    _vk(run, "sync", day=TODAY)  # a day before the runs': their syncs write pages and blocks
    _age_notes(vault, 3600)
    base.mkdir(parents=True)
    shutil.copytree(vault, base / "vault", symlinks=True)
    shutil.copytree(run / "cache", base / "cache")
    found = sorted((vault / "People").rglob("*.md"))
    names = [p.stem for p in found if p.stem.replace(" ", "").isalpha()][:20]
    daily = sorted(p.relative_to(vault).as_posix() for p in (vault / "Daily").glob("*.md"))[-1]
    return Base(name, base / "vault", base / "cache", names, daily)


def _fresh_run(work: Path, base: Base) -> Path:
    run = work / "run"
    if run.exists():
        shutil.rmtree(run)
    (run / "home").mkdir(parents=True)
    shutil.copytree(base.vault, run / "vault", symlinks=True)  # copy2: the stamps kept
    shutil.copytree(base.cache, run / "cache")
    (run / "cards.vcf").write_text(VCF, encoding="utf-8", newline="")
    return run


def _command(op: str, base: Base, rng: random.Random, n: int) -> list[str]:
    if op in ("sync", "cold"):
        return ["sync"]
    if op == "full":
        return ["sync", "--full"]
    if op == "log":
        return ["log", rng.choice(base.people), f"{LOG_TEXT} {n}"]
    if op == "add":
        return ["add", f"{NEW_PERSON} {n}"]
    if op == "import":
        return ["import", "cards.vcf"]
    if op == "ask":  # a question after an edit: it reads the vault and saves what it read
        return ["digest", "--json"]
    return ["watch"]


def _start(run: Path, args: list[str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "vaultkit", *args, "--vault", str(run / "vault")],
        cwd=run,
        env=_env(run),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its own process group: its workers are found by the group
    )


def _group(pgid: int) -> list[int]:
    """The processes of a process group (Linux: /proc)."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as fh:
                fields = fh.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid and fields[0] != b"Z":
            found.append(int(entry))
    return found


def _kill(proc: subprocess.Popen[bytes], mode: str) -> int:
    """SIGKILL the command (or its group); the number of its processes still alive after 3 s."""
    pgid = proc.pid
    if mode == "group":
        os.killpg(pgid, signal.SIGKILL)
    else:
        proc.send_signal(signal.SIGKILL)
    proc.wait()
    deadline = time.monotonic() + 3.0
    alive = _group(pgid)
    while alive and time.monotonic() < deadline:
        time.sleep(0.05)
        alive = _group(pgid)
    for pid in alive:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    return len(alive)


def _edit(note: Path) -> None:
    with open(note, "ab") as fh:  # the user's save, in one write
        fh.write(WATCH_EDIT.encode())


def _check_notes(
    before: dict[str, bytes], after: dict[str, bytes], op: str, edited: str | None
) -> list[str]:
    problems = []
    for rel, old in sorted(before.items()):
        new = after.get(rel)
        if new is None:
            problems.append(f"{rel}: deleted")
        elif new != old:
            problems += _check_note(rel, old, new, op, rel == edited)
    for rel in sorted(set(after) - set(before)):
        data = after[rel]
        expected = (op == "add" and NEW_PERSON in rel) or (op == "import" and "Harness" in rel)
        if not expected:
            problems.append(f"{rel}: a new file no command asked for")
        elif not data.strip() or b"\x00" in data:
            problems.append(f"{rel}: a new note, empty or damaged")
    return problems


def _check_note(rel: str, old: bytes, new: bytes, op: str, edited: bool) -> list[str]:
    """A note that changed: only inside its block, or by the lines the command adds."""
    a, b = _outside_block(old), _outside_block(new)
    allowed = {"", "## Log"}
    if op == "log":
        allowed |= {line.strip() for line in b if LOG_TEXT in line}
    if op in ("watch", "ask") and edited:
        allowed.add(WATCH_EDIT.strip())
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        if tag != "insert" or not all(line.strip() in allowed for line in b[j1:j2]):
            return [f"{rel}: changed outside its block ({tag} {a[i1:i2]} -> {b[j1:j2]})"]
    return []


def _temps(vault: Path) -> list[Path]:
    return [p for p in vault.rglob("*.vaultkit-tmp")]


def _pages_and_blocks(vault: Path) -> dict[str, bytes]:
    out = {p.relative_to(vault).as_posix(): p.read_bytes() for p in (vault / "Vaultkit").glob("*")}
    for rel, data in _files(vault).items():
        if b"vaultkit:begin" in data:
            out[rel] = data
    return out


def one_run(work: Path, base: Base, op: str, rng: random.Random, n: int, mode: str) -> Outcome:
    run = _fresh_run(work, base)
    vault = run / "vault"
    if op == "cold":
        shutil.rmtree(run / "cache")
    before = _files(vault)
    edited = base.daily if op in ("watch", "ask") else None
    if op == "ask":
        _edit(vault / base.daily)
    span = base.seconds.get(op, 2.0) * 1.1
    proc = _start(run, _command(op, base, rng, n))
    killed_at = rng.uniform(0.0, span)
    if op == "watch":
        edit_at = rng.uniform(0.0, killed_at)
        time.sleep(edit_at)
        note = vault / base.daily
        _edit(note)
        time.sleep(killed_at - edit_at)
    else:
        time.sleep(killed_at)
    orphans = _kill(proc, mode)
    after = _files(vault)
    problems = _check_notes(before, after, op, edited)
    if orphans:
        problems.append(f"{orphans} process(es) of the command left alive after it was killed")
    left = _temps(vault)
    old = time.time() - 2 * 3600  # past the hour: the next sync may remove them
    for path in left:
        os.utime(path, (old, old))
    newest = max(
        (os.stat(vault / r).st_mtime for r in after if after[r] != before.get(r)), default=0
    )
    wait = newest + 2.2 - time.time()  # a note saved this instant waits for its block
    if wait > 0:
        time.sleep(wait)
    nxt = _vk(run, "sync", check=False)
    if nxt.returncode not in (0, 1) or "Traceback" in nxt.stderr:
        tail = nxt.stderr.strip()[-300:]
        problems.append(f"the next sync failed: exit {nxt.returncode}: {tail}")
    still = _temps(vault)
    if still:
        problems.append(f"temp files left after the next sync: {[p.name for p in still]}")
    synced = _pages_and_blocks(vault)
    fresh = run / "fresh"
    shutil.copytree(vault, fresh / "vault", symlinks=True)
    (fresh / "home").mkdir()
    _vk(fresh, "sync", "--no-cache", check=False)
    again = _pages_and_blocks(fresh / "vault")
    if again != synced:
        differ = sorted(k for k in set(again) | set(synced) if again.get(k) != synced.get(k))
        problems.append(f"the next sync differs from a fresh --no-cache sync: {differ[:5]}")
    for question in (["overdue", "--json"], ["digest", "--json"]):  # answered from the rows
        warm = _vk(run, *question, check=False).stdout
        if warm != _vk(run, *question, "--no-cache", check=False).stdout:
            problems.append(f"`{' '.join(question)}` differs from its --no-cache answer")
    return Outcome(op, base.name, killed_at, problems, len(left), orphans)


def _calibrate(work: Path, base: Base) -> None:
    """How long each command runs to completion on this base: kills fall within that span."""
    for op in OPS:
        run = _fresh_run(work, base)
        if op == "cold":
            shutil.rmtree(run / "cache")
        t0 = time.perf_counter()
        if op == "watch":
            base.seconds[op] = 3.0  # it never ends by itself: its start-up sync and an edit
            continue
        if op == "ask":
            _edit(run / "vault" / base.daily)
        _vk(run, *_command(op, base, random.Random(0), 0), check=False)
        base.seconds[op] = time.perf_counter() - t0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.killharness", description=__doc__)
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--people", type=int, default=300)
    parser.add_argument("--days", type=int, default=1800, help="daily notes (>= 2,000 notes)")
    parser.add_argument("--kill", choices=("leader", "group"), default="leader")
    parser.add_argument("--work", type=Path, default=Path("/tmp/vaultkit-killharness"))
    ns = parser.parse_args(argv)
    if not Path("/proc").is_dir():
        parser.error("needs /proc (Linux) to find the command's processes")
    work: Path = ns.work
    work.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    bases = [
        _prepare(work, "generated", None, ns.people, ns.days),
        _prepare(work, "demo", ROOT / "examples" / "vault", 0, 0),
    ]
    for base in bases:
        _calibrate(work, base)
        spans = ", ".join(f"{op} {s:.1f}s" for op, s in base.seconds.items())
        notes = sum(1 for _ in base.vault.rglob("*.md"))
        print(f"base {base.name}: {notes} notes; runs to completion: {spans}", flush=True)
    rng = random.Random(ns.seed)
    outcomes: list[Outcome] = []
    for n in range(ns.runs):
        base = bases[0] if rng.random() < 0.7 else bases[1]
        op = OPS[n % len(OPS)]
        outcome = one_run(work, base, op, rng, n, ns.kill)
        outcomes.append(outcome)
        for problem in outcome.problems:
            print(f"run {n} ({op} on {base.name}, killed at {outcome.killed_at:.2f}s): {problem}")
    failed = [o for o in outcomes if o.problems]
    by_op = Counter(o.op for o in outcomes)
    print(
        f"{len(outcomes)} runs ({', '.join(f'{op} {by_op[op]}' for op in OPS)}), "
        f"kill -9 of the {ns.kill}: {len(failed)} with a problem; "
        f"{sum(o.temps for o in outcomes)} temp files left by kills "
        f"(in {sum(1 for o in outcomes if o.temps)} runs), none after the next sync "
        f"unless listed above; {sum(o.orphans for o in outcomes)} processes left alive; "
        f"{time.perf_counter() - t0:.0f} s",
        flush=True,
    )
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
