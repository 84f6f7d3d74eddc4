"""The generated pages of each example (examples/vault, the Logseq graph examples/logseq and the
Foam workspace examples/foam), byte for byte, against reviewed golden files in
tests/golden/<example>/.

A rendering change shows up here as a diff; accept it with `make golden` after reading it.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from vaultkit.cli.main import cli

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).resolve().parent / "golden"
TODAY = "2026-11-25"
EXAMPLES = ("vault", "logseq", "foam")
BLOCK = b"<!-- vaultkit:begin -->"
# A page vaultkit wrote says so at its top: `generated_by: vaultkit` in its front matter, or
# `generated-by:: vaultkit` in the first block of a Logseq page (beside other properties, maybe).
# Found by that mark, not by a folder, so the collector follows the pages wherever a dialect
# writes them.
MARK_LINE = re.compile(rb"[ \t]*(?:-[ \t]+)?generated[-_]by::?[ \t]*vaultkit[ \t]*")


def _synced_copy(tmp_path: Path, example: str) -> Path:
    vault = tmp_path / example
    shutil.copytree(ROOT / "examples" / example, vault)
    result = CliRunner().invoke(cli, ["sync", "--vault", str(vault), "--today", TODAY])
    assert result.exit_code == 0, result.output
    return vault


def _first_block(data: bytes) -> list[bytes]:
    """The front matter's lines, or the lines of a page's first block (to its first blank line
    or its second top-level bullet)."""
    lines = data.splitlines()
    if lines and lines[0] == b"---":
        return lines[1 : lines.index(b"---", 1)] if b"---" in lines[1:] else []
    block = []
    for number, line in enumerate(lines):
        if not line.strip() or (number and line.startswith(b"- ")):
            break
        block.append(line)
    return block


def _is_page(data: bytes) -> bool:
    return any(MARK_LINE.fullmatch(line) for line in _first_block(data))


def _outputs(vault: Path) -> dict[str, bytes]:
    """Generated pages, plus every note that holds a vaultkit block."""
    found = {}
    for note in sorted(vault.rglob("*.md")):
        data = note.read_bytes()
        if _is_page(data) or BLOCK in data:
            found[note.relative_to(vault).as_posix()] = data
    return found


@pytest.mark.parametrize("example", EXAMPLES)
def test_example_pages_match_golden(tmp_path: Path, update_golden: bool, example: str) -> None:
    outputs = _outputs(_synced_copy(tmp_path, example))
    assert sum(_is_page(data) for data in outputs.values()) >= 6
    golden = GOLDEN / example
    if update_golden:
        shutil.rmtree(golden, ignore_errors=True)
        for rel, data in outputs.items():
            (golden / rel).parent.mkdir(parents=True, exist_ok=True)
            (golden / rel).write_bytes(data)
    expected = {
        p.relative_to(golden).as_posix(): p.read_bytes() for p in sorted(golden.rglob("*.md"))
    }
    assert sorted(outputs) == sorted(expected)
    for rel, data in outputs.items():
        assert data.decode() == expected[rel].decode(), (
            f"{rel} differs from tests/golden/{example}/{rel}"
        )


def test_the_page_mark_is_found_in_each_dialect_and_only_at_the_top() -> None:
    assert _is_page(b"---\ngenerated_by: vaultkit\n---\n# Overdue\n")
    assert _is_page(b"generated-by:: vaultkit\n\n- # Overdue\n")
    assert _is_page(b"- generated-by:: vaultkit\n- Overdue\n")
    assert _is_page(b"- title:: Vaultkit/Overdue\n  generated-by:: vaultkit\n- Overdue\n")
    assert _is_page(b"title:: Vaultkit/Overdue\ngenerated-by:: vaultkit\n\n- Overdue\n")
    assert not _is_page(b"- notes\n- generated-by:: vaultkit\n")
    assert not _is_page(b"---\ntype: person\n---\ngenerated_by: vaultkit\n")
    assert not _is_page(b"# Notes\n\ngenerated_by: vaultkit\n")
    assert not _is_page(b"---\ntype: person\n---\n<!-- vaultkit:begin -->\n")


@pytest.mark.parametrize("example", EXAMPLES)
def test_second_sync_of_example_writes_nothing(tmp_path: Path, example: str) -> None:
    vault = _synced_copy(tmp_path, example)
    before = {p: p.stat().st_mtime_ns for p in vault.rglob("*.md")}
    result = CliRunner().invoke(cli, ["sync", "--vault", str(vault), "--today", TODAY])
    assert result.exit_code == 0
    assert "0 written" in result.output
    assert {p: p.stat().st_mtime_ns for p in vault.rglob("*.md")} == before


@pytest.mark.parametrize("example", EXAMPLES)
def test_example_user_notes_untouched(tmp_path: Path, example: str) -> None:
    vault = tmp_path / example
    shutil.copytree(ROOT / "examples" / example, vault)
    before = {p: p.read_bytes() for p in vault.rglob("*") if p.is_file()}
    result = CliRunner().invoke(cli, ["sync", "--vault", str(vault), "--today", TODAY])
    assert result.exit_code == 0
    for path, data in before.items():
        if BLOCK not in data:
            assert path.read_bytes() == data, path


@pytest.mark.parametrize(
    ("example", "read_as"), [("logseq", "a Logseq graph"), ("foam", "a Foam workspace")]
)
def test_the_graph_and_the_workspace_read_their_way_with_no_issue(
    tmp_path: Path, example: str, read_as: str
) -> None:
    """The same people as examples/vault, as each tool's user writes them: nothing to report
    (examples/vault's issues are there on purpose; these have none)."""
    vault = tmp_path / example
    shutil.copytree(ROOT / "examples" / example, vault)
    result = CliRunner().invoke(cli, ["sync", "--vault", str(vault), "--today", TODAY])
    assert result.exit_code == 0, result.output
    assert f"read as {read_as}" in result.output
    assert "8 people" in result.output and "0 vault issues" in result.output
