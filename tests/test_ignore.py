"""`ignore` globs follow .gitignore's rules (pathspec), case-insensitively."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from vaulthelp import make_vault, vk

from vaultkit.read.scan import ignored

PATTERNS = (
    "Archive/**",
    "*.draft.md",
    "Private/",
    "!Private/keep.md",
    "/Top.md",
    "Logs/*.md",
    "!Logs/keep-*.md",
)


@pytest.mark.parametrize(
    ("path", "is_dir", "left_out"),
    [
        ("Archive/a.md", False, True),
        ("archive/Deep/a.md", False, True),  # any case
        ("Notes/Archive/a.md", False, False),  # a pattern with `/` is anchored at the vault
        ("Notes/x.draft.md", False, True),  # one without `/` matches a name at any depth
        ("Private", True, True),
        ("Private.md", False, False),  # a trailing `/` matches folders only
        ("Top.md", False, True),
        ("Notes/Top.md", False, False),
        ("Logs/a.md", False, True),
        ("Logs/keep-1.md", False, False),  # `!` takes it back
        ("Logs/Sub/a.md", False, False),  # `*` stays in one folder
    ],
)
def test_gitignore_rules(path: str, is_dir: bool, left_out: bool) -> None:
    assert ignored(path, PATTERNS, is_dir) is left_out


def test_no_patterns_ignore_nothing() -> None:
    assert not ignored("Archive/a.md", (), False)


def test_a_sync_reads_what_ignore_leaves_in(tmp_path: Path) -> None:
    patterns = json.dumps(["Logs/*.md", "!Logs/keep-*.md", "Private/", "!Private/x.md"])
    vault = make_vault(
        tmp_path,
        {
            "vaultkit.toml": f"ignore = {patterns}\n",
            "People/Jane.md": "# Jane\n",
            "Logs/2026-11-01.md": "Met [[Jane]].\n",
            "Logs/keep-2026-11-02.md": "Met [[Jane]] again.\n",
            "Private/2026-11-03.md": "Secret [[Jane]].\n",
            "Private/x.md": "A folder left out is not walked: `!` cannot bring this back.\n",
        },
    )
    data = json.loads(vk(vault, "show", "Jane", "--json").stdout)
    assert [i["note"] for i in data["interactions"]] == ["Logs/keep-2026-11-02.md"]
