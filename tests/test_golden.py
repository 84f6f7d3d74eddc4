"""The generated pages of examples/vault, byte for byte, against reviewed golden files.

A rendering change shows up here as a diff; accept it with `make golden` after reading it.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner

from vaultkit.cli.main import cli

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "vault"
GOLDEN = Path(__file__).resolve().parent / "golden"
TODAY = "2026-11-25"


def _synced_copy(tmp_path: Path) -> Path:
    vault = tmp_path / "vault"
    shutil.copytree(EXAMPLE, vault)
    result = CliRunner().invoke(cli, ["sync", "--vault", str(vault), "--today", TODAY])
    assert result.exit_code == 0, result.output
    return vault


def _outputs(vault: Path) -> dict[str, bytes]:
    """Generated pages, plus every person note that holds a vaultkit block."""
    found = {
        f"Vaultkit/{p.name}": p.read_bytes() for p in sorted((vault / "Vaultkit").glob("*.md"))
    }
    for note in sorted(vault.rglob("*.md")):
        rel = note.relative_to(vault).as_posix()
        if not rel.startswith("Vaultkit/") and b"<!-- vaultkit:begin -->" in note.read_bytes():
            found[rel] = note.read_bytes()
    return found


def test_example_vault_pages_match_golden(tmp_path: Path, update_golden: bool) -> None:
    outputs = _outputs(_synced_copy(tmp_path))
    assert len(outputs) >= 6
    if update_golden:
        shutil.rmtree(GOLDEN, ignore_errors=True)
        for rel, data in outputs.items():
            (GOLDEN / rel).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / rel).write_bytes(data)
    expected = {
        p.relative_to(GOLDEN).as_posix(): p.read_bytes() for p in sorted(GOLDEN.rglob("*.md"))
    }
    assert sorted(outputs) == sorted(expected)
    for rel, data in outputs.items():
        assert data.decode() == expected[rel].decode(), f"{rel} differs from tests/golden/{rel}"


def test_second_sync_of_example_writes_nothing(tmp_path: Path) -> None:
    vault = _synced_copy(tmp_path)
    before = {p: p.stat().st_mtime_ns for p in vault.rglob("*.md")}
    result = CliRunner().invoke(cli, ["sync", "--vault", str(vault), "--today", TODAY])
    assert result.exit_code == 0
    assert "0 written" in result.output
    assert {p: p.stat().st_mtime_ns for p in vault.rglob("*.md")} == before


def test_example_user_notes_untouched(tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    shutil.copytree(EXAMPLE, vault)
    before = {p: p.read_bytes() for p in vault.rglob("*") if p.is_file()}
    result = CliRunner().invoke(cli, ["sync", "--vault", str(vault), "--today", TODAY])
    assert result.exit_code == 0
    for path, data in before.items():
        if b"<!-- vaultkit:begin -->" not in data:
            assert path.read_bytes() == data, path
