"""What a question costs on a warm cache: `show`, `overdue`, `digest`, and the first `digest`
of a new day, each as a ratio to the `vaultkit --version` process measured in the same rounds.

    python -m benchmarks.queries                       # the 32k-note "target" vault
    python -m benchmarks.queries --other /tmp/vaultkit-main --size 10k --repeat 3

Each round syncs the vault on a day of its own (untimed: it leaves a warm cache of that day),
then times `vaultkit --version`, `show NAME --json`, `overdue --json` and `digest --json` on
that day, and `digest --json` on the next day (the morning cron's first command). With
`--other`, the same round runs with the other source tree (each tree its own cache and its own
copy of the vault: one tree's sync of a new day rewrites person blocks, and the other's sync
would then find notes saved in the last seconds and wait for them, saving no cache), the trees
alternating A B B A ..., so load from elsewhere on a shared machine falls on both alike. Each
cell is the median of --repeat rounds.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks.measure import CommandFailed, Result, first_line, run_full
from benchmarks.run import REPO, ensure_vault
from benchmarks.sizes import TODAY

STEPS = ["version", "show", "overdue", "digest", "new day"]


def _checked(cmd: list[str], env: dict[str, str], cwd: Path) -> Result:
    result = run_full(cmd, env=env, cwd=cwd, timeout=1800)
    if result.returncode not in (0, 1) or result.timed_out:  # 1: a check found something
        raise CommandFailed(cmd, result)
    return result


def _env(tree: Path, cache: Path, day: str) -> dict[str, str]:
    return {
        **os.environ,
        "PYTHONPATH": os.fspath(tree),
        "VAULTKIT_CACHE_DIR": os.fspath(cache),
        "VAULTKIT_TODAY": day,
    }


def pick_person(vault: Path) -> str:
    """A person in the middle of the sorted list, found without vaultkit (no cache touched)."""
    names = sorted(p.stem for p in (vault / "People").rglob("*.md"))
    if not names:
        raise SystemExit(f"{vault}: no person notes under People/")
    return names[len(names) // 2]


def day_of(round_no: int) -> str:
    """Round n syncs on TODAY + 2n and asks the new-day question on the day after."""
    return (dt.date.fromisoformat(TODAY) + dt.timedelta(days=2 * round_no)).isoformat()


def question_round(tree: Path, vault: Path, cache: Path, name: str, day: str) -> dict[str, Result]:
    """One round of STEPS on `day`, after an untimed sync of that day; `benchmarks.run`
    reuses it for its questions table, so both report the same work."""
    py = sys.executable
    v = ["--vault", os.fspath(vault)]
    vk = [py, "-m", "vaultkit"]
    env = _env(tree, cache, day)
    _checked([*vk, "sync", *v, "--quiet"], env, tree)  # a warm cache of this day
    got: dict[str, Result] = {}
    got["version"] = _checked([*vk, "--version"], env, tree)
    got["show"] = _checked([*vk, "show", name, *v, "--json"], env, tree)
    got["overdue"] = _checked([*vk, "overdue", *v, "--json"], env, tree)
    got["digest"] = _checked([*vk, "digest", *v, "--json"], env, tree)
    next_day = (dt.date.fromisoformat(day) + dt.timedelta(days=1)).isoformat()
    got["new day"] = _checked([*vk, "digest", *v, "--json"], _env(tree, cache, next_day), tree)
    return got


def _same_answers(
    trees: dict[str, Path], vaults: dict[str, Path], workdir: Path, size: str
) -> None:
    """The trees must give the same `show` answer, or the table compares different work."""
    outs = set()
    for label, tree in trees.items():
        vault = vaults[label]
        name = pick_person(vault)
        env = _env(tree, workdir / f"{size}.q-{label}.cache", TODAY)
        done = subprocess.run(
            [sys.executable, "-m", "vaultkit", "show", name, "--vault", os.fspath(vault), "--json"],
            cwd=tree,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        outs.add(json.dumps(json.loads(done.stdout or "null"), sort_keys=True))
    if len(outs) != 1:
        print("warning: the trees' `show` answers differ", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.queries", description=__doc__)
    parser.add_argument("--size", default="target", help="a size of benchmarks.run")
    parser.add_argument("--repeat", type=int, default=5, help="rounds (default 5)")
    parser.add_argument("--other", type=Path, help="another source tree, run interleaved")
    parser.add_argument(
        "--workdir", type=Path, default=Path(tempfile.gettempdir()) / "vaultkit-bench"
    )
    ns = parser.parse_args(argv)
    if ns.repeat < 1:
        parser.error("--repeat must be >= 1")
    ns.workdir.mkdir(parents=True, exist_ok=True)
    trees = {"this": REPO}
    if ns.other is not None:
        trees["other"] = ns.other.resolve()
    vault = ensure_vault(ns.workdir, ns.size, 1)
    name = pick_person(vault)
    vaults = {}
    for label in trees:
        vaults[label] = ns.workdir / f"{ns.size}.q-{label}.vault"
        shutil.rmtree(vaults[label], ignore_errors=True)
        shutil.copytree(vault, vaults[label], copy_function=shutil.copy2)
    samples: dict[str, list[dict[str, Result]]] = {label: [] for label in trees}
    order = list(trees)
    for i in range(ns.repeat):
        for label in order:
            cache = ns.workdir / f"{ns.size}.q-{label}.cache"
            print(f"round {i + 1} {label}", file=sys.stderr, flush=True)
            try:
                got = question_round(trees[label], vaults[label], cache, name, day_of(i))
            except CommandFailed as exc:
                print(f"{label}: {first_line(exc.result.stderr) or exc}", file=sys.stderr)
                return 1
            samples[label].append(got)
            shown = "  ".join(f"{s} {got[s].seconds:.3f}" for s in STEPS)
            print(f"  wall s: {shown}", file=sys.stderr, flush=True)
        order.reverse()
    if len(trees) > 1:
        _same_answers(trees, vaults, ns.workdir, ns.size)
    print(
        f"{ns.size}: median of {ns.repeat} interleaved rounds, warm cache; "
        "ratio to `vaultkit --version`"
    )
    print(table(samples))
    return 0


def table(samples: dict[str, list[dict[str, Result]]]) -> str:
    lines = []
    for label, runs in samples.items():
        base = statistics.median(r["version"].seconds for r in runs)
        cells = []
        for step in STEPS[1:]:
            value = statistics.median(r[step].seconds for r in runs)
            rss = max(r[step].rss_mib for r in runs)
            cells.append(f"{step} {value:6.3f}s {value / base:5.2f}x {rss}M")
        lines.append(f"{label:5}  version {base:6.3f}s  " + "  ".join(cells))
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
