"""Per-module mutation scores from `mutmut results --all true` (read on stdin); see `make mutate`.

A mutant counts as killed when a test failed or timed out on it (mutmut's "killed", "timeout"
and "caught by type check"); "no tests" mutants are in the total: no test reaches that code.
"""

from __future__ import annotations

import sys
from collections import Counter, defaultdict
from collections.abc import Iterable

KILLED = frozenset({"killed", "timeout", "caught by type check"})


def scores(lines: Iterable[str]) -> dict[str, Counter[str]]:
    """{module: Counter of statuses} from lines like `vaultkit.text.dates.x_f__mutmut_3: killed`."""
    out: dict[str, Counter[str]] = defaultdict(Counter)
    for line in lines:
        name, sep, status = line.strip().partition(": ")
        if not sep or "__mutmut_" not in name:
            continue
        out[name.rsplit(".", 1)[0]][status] += 1
    return dict(out)


def table(found: dict[str, Counter[str]]) -> list[str]:
    rows = [f"{'module':<18} {'killed':>6} / {'total':<5} {'score':>6}  survived  no tests  other"]
    all_killed = all_total = 0
    for module in sorted(found):
        counts = found[module]
        total = sum(counts.values())
        killed = sum(n for status, n in counts.items() if status in KILLED)
        survived, no_tests = counts["survived"], counts["no tests"]
        other = total - killed - survived - no_tests
        all_killed, all_total = all_killed + killed, all_total + total
        rows.append(
            f"{module:<18} {killed:>6} / {total:<5} {100 * killed / total:>5.1f}%"
            f"  {survived:>8}  {no_tests:>8}  {other:>5}"
        )
    if all_total:
        rows.append(
            f"{'all':<18} {all_killed:>6} / {all_total:<5} {100 * all_killed / all_total:>5.1f}%"
        )
    return rows


def main() -> int:
    found = scores(sys.stdin)
    if not found:
        print("no mutation results: run `make mutate` first", file=sys.stderr)
        return 1
    print("\n".join(table(found)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
