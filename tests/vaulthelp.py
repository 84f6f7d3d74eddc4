"""Helpers for the end-to-end tests (test_cli.py, test_sync.py): temporary vaults and runners.

Not a conftest: plain functions, imported explicitly, so nothing here runs unless a test asks.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from click.testing import CliRunner, Result

from vaultkit import outputs
from vaultkit.cli.main import cli
from vaultkit.read.config import Config

TODAY = "2026-11-25"
OUTPUT = "Vaultkit"
# The pages a sync writes, from vaultkit's own list (the outputs registry): a new page changes
# no test that counts them.
# the pages a vault gets with no settings (an opt-in page, like the people map, is not one)
PAGE_NAMES = sorted(kind.filename for kind in outputs.active(Config()) if kind.marked)
PAGE_COUNT = len(PAGE_NAMES)
MARKER_HEAD = "---\ngenerated_by: vaultkit\n---\n"

# Env vars that would change which vault or day a command sees; every runner clears them.
_VAULTKIT_ENV = ("VAULTKIT_VAULT", "VAULTKIT_TODAY")

# A small vault with known answers as of 2026-11-25 (see the expectations in the tests).
BASIC: dict[str, str | bytes] = {
    "People/Jane Doe.md": (
        "---\n"
        "aliases: [JD, Janey]\n"
        "tags: [friend]\n"
        "cadence: 30\n"
        "birthday: 1990-12-01\n"
        "email: jane@example.com\n"
        "---\n"
        "# Jane\n"
        "\n"
        "## Log\n"
        "- 2026-09-01: coffee at the corner\n"
        "- [ ] send the photos [due:: 2026-12-02]\n"
    ),
    "People/Bob Smith.md": (
        "---\ncadence: weekly\nlast_contact: 2026-10-01\nbirthday: --11-30\n---\nBob.\n"
    ),
    "People/Carol.md": "---\ntags: family\n---\nCarol.\n",
    "People/Dan.md": "---\ncadence: monthly\nlast_contact: 2026-09-01\n---\n",
    "People/Ann.md": "---\ncadence: 7\nlast_contact: 2026-10-01\n---\n",
    "People/Finn.md": "---\ncadence: 14\n---\n",
    "People/Gus.md": (
        "---\ncadence: 7\nlast_contact: 2026-01-01\narchived: true\nbirthday: 1980-11-26\n---\n"
    ),
    "People/Hal.md": (
        "---\ncadence: 7\nlast_contact: 2026-01-01\nsnooze_until: 2026-12-01\n"
        "birthday: 2000-12-20\n---\n"
    ),
    "Daily/2026-11-20.md": (
        "Lunch with [[Jane Doe]] downtown.\n- [ ] call [[Bob Smith]] about the trip 📅 2026-11-28\n"
    ),
    "Daily/2026-11-10.md": "Quick call with [[JD]].\n",
    "Ideas.md": "An undated note that mentions [[Carol]].\n",
}


def make_vault(
    tmp_path: Path,
    files: Mapping[str, str | bytes],
    name: str = "vault",
    *,
    obsidian: bool = False,
) -> Path:
    """A vault folder under tmp_path holding `files` (str is written as UTF-8, byte for byte)."""
    root = tmp_path / name
    root.mkdir(parents=True, exist_ok=True)
    if obsidian:
        (root / ".obsidian").mkdir(exist_ok=True)
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        data = content.encode("utf-8") if isinstance(content, str) else content
        path.write_bytes(data)
    return root


def _clean_env(extra: Mapping[str, str] | None) -> dict[str, str | None]:
    env: dict[str, str | None] = dict.fromkeys(_VAULTKIT_ENV)
    if extra:
        env.update(extra)
    return env


def invoke(args: list[str], env: Mapping[str, str] | None = None) -> Result:
    """Run `vaultkit ARGS` in-process with click's runner (stdout and stderr kept apart)."""
    return CliRunner().invoke(cli, args, env=_clean_env(env))


def vk(vault: Path, command: str, *args: str) -> Result:
    """`vaultkit COMMAND --vault VAULT --today 2026-11-25 ARGS`."""
    return invoke([command, "--vault", str(vault), "--today", TODAY, *args])


def vk_json(vault: Path, command: str, *args: str) -> Any:
    result = vk(vault, command, *args, "--json")
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return json.loads(result.stdout)


def run_module(
    args: list[str], cwd: Path, env: Mapping[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """`python -m vaultkit ARGS` as a real process."""
    full = {k: v for k, v in os.environ.items() if k not in _VAULTKIT_ENV}
    full.update({"PYTHONIOENCODING": "utf-8", "NO_COLOR": "1"})
    if env:
        full.update(env)
    return subprocess.run(
        [sys.executable, "-m", "vaultkit", *args],
        cwd=cwd,
        env=full,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        check=False,
    )


def loaded_in_fresh_interpreter(
    args: list[str], cache_dir: Path, modules: tuple[str, ...], cwd: Path | None = None
) -> list[str]:
    """Run `vaultkit ARGS` (click's `cli`, in-process) in a new interpreter with this cache
    folder; its stdout lines, the last being which of `modules` it imported (a list's repr):
    what a command pays for at start-up, counted, not timed."""
    code = (
        "import sys\n"
        "from vaultkit.cli.main import cli\n"
        "try:\n"
        f"    cli({args!r})\n"
        "except SystemExit:\n"
        "    pass\n"
        f"print([m for m in {modules!r} if m in sys.modules])\n"
    )
    env = {**os.environ, "VAULTKIT_CACHE_DIR": str(cache_dir)}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=cwd, check=True
    )
    return done.stdout.strip().splitlines()


def output_pages(vault: Path) -> dict[str, bytes]:
    """Every file in the output folder, by name, with its bytes."""
    folder = vault / OUTPUT
    if not folder.exists():
        return {}
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def mtimes(folder: Path) -> dict[str, int]:
    return {
        str(p.relative_to(folder)): p.stat().st_mtime_ns
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def user_file_hashes(vault: Path) -> dict[str, str]:
    """sha256 of every file outside the output folder (dot-folders included)."""
    out: dict[str, str] = {}
    for path in sorted(vault.rglob("*")):
        rel = path.relative_to(vault).as_posix()
        if rel == OUTPUT or rel.startswith(OUTPUT + "/") or path.is_symlink():
            continue
        if path.is_file():
            out[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def temp_leftovers(root: Path) -> list[str]:
    return sorted(str(p) for p in root.rglob("*") if "vaultkit-tmp" in p.name)


def people_names(vault: Path) -> list[str]:
    return [p["name"] for p in vk_json(vault, "people")]
