"""The performance floor: the least work any tool must do to read a vault.

vaultkit cannot be faster than walking the tree, decoding every note and parsing its
front matter with libyaml, so its timings are reported as multiples of this. The walk
skips what the vault format says is never read (dot-folders and dot-files, and the
default output and templates folders), so that the floor does not grow once vaultkit
has written its pages into the vault.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import yaml

SKIP_TOP = frozenset({"Vaultkit", "Templates"})
"""Default output and templates folders (VAULT_FORMAT.md section 1)."""


@dataclass
class FloorStats:
    """Counts that show the floor really touched the whole vault."""

    files: int = 0
    bytes: int = 0
    front_matter: int = 0
    bad: int = 0
    seconds: float = 0.0


def _front_matter(text: str) -> str | None:
    """Split by line rather than regex so CRLF notes and '---' inside values behave."""
    first_nl = text.find("\n")
    if first_nl < 0 or text[:first_nl].rstrip() != "---":
        return None
    pos = first_nl + 1
    while True:
        idx = text.find("\n---", pos - 1)
        if idx < 0:
            return None
        end = text.find("\n", idx + 1)
        line = text[idx + 1 :] if end < 0 else text[idx + 1 : end]
        if line.rstrip() == "---":
            return text[first_nl + 1 : idx + 1]
        pos = idx + 2


def scan(vault: Path) -> FloorStats:
    """Walk and parse once; ``floor`` wraps this so callers can see the counts."""
    stats = FloorStats()
    t0 = time.perf_counter()
    root = os.fspath(vault)
    loader = yaml.CSafeLoader
    for dirpath, dirnames, filenames in os.walk(root):
        if dirpath == root:
            dirnames[:] = [d for d in dirnames if not d.startswith(".") and d not in SKIP_TOP]
        else:
            dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        for name in filenames:
            if not name.endswith(".md") or name.startswith("."):
                continue
            try:
                with open(os.path.join(dirpath, name), "rb") as fh:
                    data = fh.read()
                text = data.decode("utf-8")
            except (OSError, UnicodeDecodeError):
                stats.bad += 1
                continue
            stats.files += 1
            stats.bytes += len(data)
            if text.startswith("\ufeff"):
                text = text[1:]
            if text.startswith("---"):
                fm = _front_matter(text)
                if fm is None:
                    continue
                try:
                    yaml.load(fm, Loader=loader)
                except yaml.YAMLError:
                    stats.bad += 1
                    continue
                stats.front_matter += 1
    stats.seconds = time.perf_counter() - t0
    return stats


def floor(vault: Path) -> float:
    """Seconds for one pass; the number every vaultkit timing is compared with."""
    return scan(vault).seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.floor",
        description="Walk, read and parse the front matter of every note; print seconds.",
    )
    parser.add_argument("vault", type=Path)
    ns = parser.parse_args(argv)
    if not ns.vault.is_dir():
        parser.error(f"{ns.vault} is not a folder")
    stats = scan(ns.vault)
    print(f"{stats.seconds:.6f}")
    print(
        f"floor: {stats.files} notes, {stats.front_matter} front matters, "
        f"{stats.bad} unusable, {stats.bytes / 2**20:.1f} MiB in {stats.seconds:.3f} s",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
