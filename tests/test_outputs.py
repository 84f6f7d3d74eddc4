"""The output registry: any file vaultkit writes is owned like a page (outputs/, manifest)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from vaulthelp import BASIC, OUTPUT, make_vault, vk

from vaultkit import outputs
from vaultkit.engine.index import VaultView
from vaultkit.outputs.manifest import NAME as MANIFEST
from vaultkit.read.config import Config


def _people_list(view: VaultView, today: date, config: Config) -> bytes:
    names = sorted(p.name for p in view.people.values())
    return ("\n".join([f"as of {today.isoformat()}", *names]) + "\n").encode()


@pytest.fixture
def people_txt() -> Iterator[None]:
    outputs.register(outputs.OutputKind("people-txt", "people.txt", _people_list))
    yield
    outputs.unregister("people-txt")


def _sync(vault: Path, *args: str) -> str:
    result = vk(vault, "sync", *args)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_a_registered_output_is_written_updated_and_deleted(
    tmp_path: Path, people_txt: None
) -> None:
    vault = make_vault(tmp_path, BASIC)
    target = vault / OUTPUT / "people.txt"
    assert "wrote Vaultkit/people.txt" in _sync(vault, "--verbose")
    assert target.read_text().splitlines()[1:3] == ["Ann", "Bob Smith"]
    manifest = json.loads((vault / OUTPUT / MANIFEST).read_text())
    assert list(manifest["files"]) == [f"{OUTPUT}/people.txt"]
    # unchanged: not written again
    stamp = target.stat().st_mtime_ns
    assert "people.txt" not in _sync(vault, "--verbose")
    assert target.stat().st_mtime_ns == stamp
    # its bytes change: written again, still ours (not a foreign file)
    (vault / "People" / "Abe.md").write_text("# Abe\n")
    _sync(vault)
    assert "Abe" in target.read_text()
    assert vk(vault, "doctor").exit_code == 0  # neither people.txt nor the manifest is foreign
    # the output goes away: so does its file, and the manifest forgets it
    outputs.unregister("people-txt")
    assert "  deleted people.txt" in _sync(vault, "--verbose")
    assert not target.exists()
    assert json.loads((vault / OUTPUT / MANIFEST).read_text())["files"] == {}


def test_a_user_file_of_the_same_name_is_never_touched(tmp_path: Path, people_txt: None) -> None:
    vault = make_vault(tmp_path, {**BASIC, f"{OUTPUT}/people.txt": "my own list\n"})
    _sync(vault)
    assert (vault / OUTPUT / "people.txt").read_text() == "my own list\n"
    doctor = json.loads(vk(vault, "doctor", "--json").stdout)
    assert {"path": f"{OUTPUT}/people.txt", "line": None, "kind": "foreign-file"}.items() <= (
        next(i for i in doctor if i["path"] == f"{OUTPUT}/people.txt").items()
    )
    outputs.unregister("people-txt")
    _sync(vault)
    assert (vault / OUTPUT / "people.txt").read_text() == "my own list\n"


def test_a_file_we_wrote_that_the_user_then_replaced_is_theirs(
    tmp_path: Path, people_txt: None
) -> None:
    vault = make_vault(tmp_path, BASIC)
    _sync(vault)
    (vault / OUTPUT / "people.txt").write_text("I rewrote this by hand\n")
    _sync(vault, "--today", "2026-11-26")
    assert (vault / OUTPUT / "people.txt").read_text() == "I rewrote this by hand\n"
    outputs.unregister("people-txt")
    _sync(vault)
    assert (vault / OUTPUT / "people.txt").read_text() == "I rewrote this by hand\n"


def test_an_output_sent_outside_the_vault(tmp_path: Path, people_txt: None) -> None:
    away = tmp_path / "elsewhere" / "people.txt"
    vault = make_vault(tmp_path, {**BASIC, "vaultkit.toml": f'[outputs]\npeople-txt = "{away}"\n'})
    _sync(vault)
    assert away.read_text().startswith("as of 2026-11-25\n")
    assert not (vault / OUTPUT / "people.txt").exists()
    _sync(vault, "--today", "2026-11-26")
    assert away.read_text().startswith("as of 2026-11-26\n")
    outputs.unregister("people-txt")
    _sync(vault)
    assert not away.exists()


def test_an_existing_file_at_a_configured_destination_is_left_alone(
    tmp_path: Path, people_txt: None
) -> None:
    away = tmp_path / "people.txt"
    away.write_text("someone else's\n")
    vault = make_vault(tmp_path, {**BASIC, "vaultkit.toml": f'[outputs]\npeople-txt = "{away}"\n'})
    _sync(vault)
    assert away.read_text() == "someone else's\n"


def test_pages_can_be_sent_elsewhere_and_unknown_names_are_reported(tmp_path: Path) -> None:
    toml = '[outputs]\noverdue-check-ins = "Dashboard/Overdue.md"\nnope = "x.txt"\n'
    vault = make_vault(tmp_path, {**BASIC, "vaultkit.toml": toml})
    _sync(vault)
    assert (vault / "Dashboard" / "Overdue.md").read_text().startswith("---\ngenerated_by:")
    assert not (vault / OUTPUT / "Overdue check-ins.md").exists()
    doctor = vk(vault, "doctor").stdout
    assert "[outputs] names no output 'nope'" in doctor


def test_a_session_reads_its_pages_again_only_when_their_stamp_moved(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A long-lived session (watch) keeps what it read of its own pages by their stamp;
    a page the user rewrote meanwhile (another size, no generated marker) is read again and
    is theirs from then on: never overwritten."""
    from vaultkit.core import atomic
    from vaultkit.outputs import files
    from vaultkit.session.sync import Vault, sync

    root = make_vault(tmp_path, BASIC)
    session = Vault(root)
    sync(session, date(2026, 11, 25))
    session.load([])  # reads the pages the sync wrote, once
    reads: list[Path] = []
    real = atomic.snapshot

    def counting(path: Path) -> object:
        reads.append(path)
        return real(path)

    monkeypatch.setattr(files, "snapshot", counting)
    session.load([])
    assert not [p for p in reads if p.suffix == ".md"], reads  # every page as last seen
    page = root / OUTPUT / "People.md"
    page.write_text("# My own list\n", encoding="utf-8")
    session.load([])
    assert page in reads
    stats = sync(session, date(2026, 11, 25))
    assert "People.md" not in stats.pages.written
    assert page.read_text(encoding="utf-8") == "# My own list\n"
