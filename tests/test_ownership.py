"""What vaultkit deletes or overwrites is decided by nothing a vault's writer can plant (issue
21, findings 1 and 3, and the `[outputs]` items of 9): a manifest in the vault never points
vaultkit at a user's file; a marked page vaultkit never wrote is the user's copy."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from vaulthelp import BASIC, MARKER_HEAD, OUTPUT, make_vault, vk, vk_json

MANIFEST = f"{OUTPUT}/.vaultkit-manifest.json"


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _plant(vault: Path, files: dict[str, str]) -> None:
    """What anyone who can write the vault (a shared folder, git, Syncthing) can put there."""
    (vault / OUTPUT).mkdir(exist_ok=True)
    body = {"version": 1, "files": files}
    (vault / MANIFEST).write_text(json.dumps(body), encoding="utf-8")


def _ok(vault: Path, *args: str) -> str:
    result = vk(vault, "sync", *args)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_a_planted_manifest_entry_for_a_person_note_deletes_nothing(tmp_path: Path) -> None:
    vault = make_vault(tmp_path, BASIC)
    note = vault / "People" / "Jane Doe.md"
    _plant(vault, {"People/Jane Doe.md": _sha(note.read_bytes())})
    _ok(vault)
    _ok(vault, "--today", "2026-11-26")
    assert note.read_text(encoding="utf-8").startswith("---\naliases: [JD, Janey]")


def test_a_planted_manifest_entry_for_vaultkit_toml_deletes_nothing(tmp_path: Path) -> None:
    vault = make_vault(tmp_path, {**BASIC, "vaultkit.toml": "recent_days = 30\n"})
    _plant(vault, {"vaultkit.toml": _sha(b"recent_days = 30\n")})
    _ok(vault)
    assert (vault / "vaultkit.toml").read_text(encoding="utf-8") == "recent_days = 30\n"


def test_a_planted_manifest_entry_for_a_file_beside_the_vault_deletes_nothing(
    tmp_path: Path,
) -> None:
    vault = make_vault(tmp_path, BASIC)
    beside = tmp_path / "x"
    beside.write_bytes(b"someone's file\n")
    _plant(vault, {"../x": _sha(b"someone's file\n")})
    _ok(vault)
    assert beside.read_bytes() == b"someone's file\n"


def test_a_planted_manifest_entry_for_an_absolute_path_deletes_nothing(tmp_path: Path) -> None:
    vault = make_vault(tmp_path, BASIC)
    away = tmp_path / "home" / "thesis.tex"
    away.parent.mkdir()
    away.write_bytes(b"\\documentclass{article}\n")
    _plant(vault, {str(away): _sha(away.read_bytes())})
    _ok(vault)
    assert away.read_bytes() == b"\\documentclass{article}\n"


def test_a_planted_manifest_entry_for_a_file_in_the_output_folder_deletes_nothing(
    tmp_path: Path,
) -> None:
    vault = make_vault(tmp_path, {**BASIC, f"{OUTPUT}/notes.txt": "mine\n"})
    _plant(vault, {f"{OUTPUT}/notes.txt": _sha(b"mine\n")})
    _ok(vault)
    assert (vault / OUTPUT / "notes.txt").read_text(encoding="utf-8") == "mine\n"


def test_a_folder_at_the_manifests_path_is_one_line(tmp_path: Path) -> None:
    feed = 'path = "Calendar/people.ics"'
    vault = make_vault(tmp_path, {**BASIC, "vaultkit.toml": f"[calendar]\n{feed}\n"})
    (vault / MANIFEST).mkdir(parents=True)
    result = vk(vault, "sync")
    assert result.exception is None or isinstance(result.exception, SystemExit)
    errors = [line for line in result.stderr.splitlines() if "error" in line]
    assert len(errors) == 1 and ".vaultkit-manifest.json" in errors[0], result.stderr
    assert "Traceback" not in result.output
    assert (vault / "Calendar" / "people.ics").is_file()  # the rest of the sync went on
    assert (vault / MANIFEST).is_dir()


# --- finding 3: a marked page vaultkit never wrote is a user's file ------------------------


def test_a_copy_of_a_page_made_in_obsidian_is_kept_and_reported(tmp_path: Path) -> None:
    vault = make_vault(tmp_path, BASIC)
    _ok(vault)
    page = (vault / OUTPUT / "People.md").read_text(encoding="utf-8")
    copy = vault / OUTPUT / "People 1.md"
    annotated = page + "\nMy notes: call Jane about the trip.\n"
    copy.write_text(annotated, encoding="utf-8")  # "Make a copy", then typed into
    _ok(vault)
    _ok(vault, "--today", "2026-11-27")
    assert copy.read_text(encoding="utf-8") == annotated
    issues = vk_json(vault, "doctor")
    found = [i for i in issues if i["path"] == f"{OUTPUT}/People 1.md"]
    assert [i["kind"] for i in found] == ["foreign-file"]
    assert "did not write it" in found[0]["message"]


def test_a_page_an_earlier_version_wrote_is_still_updated(tmp_path: Path) -> None:
    """No record of it (written before vaultkit kept one, or the cache was cleared): a marked
    page at the path of an output vaultkit produces is vaultkit's."""
    old = MARKER_HEAD + "# People\n\nAs an older vaultkit wrote it.\n"
    vault = make_vault(tmp_path, {**BASIC, f"{OUTPUT}/People.md": old})
    _ok(vault, "--no-cache")
    assert "Jane Doe" in (vault / OUTPUT / "People.md").read_text(encoding="utf-8")
    assert not [i for i in vk_json(vault, "doctor") if i["kind"] == "foreign-file"]


# --- [outputs]: where pages and feeds may go --------------------------------------------------


def test_a_page_sent_to_a_txt_file_stays_vaultkits(tmp_path: Path) -> None:
    toml = '[outputs]\npeople = "Dash/people.txt"\n'
    vault = make_vault(tmp_path, {**BASIC, "vaultkit.toml": toml})
    _ok(vault)
    target = vault / "Dash" / "people.txt"
    assert target.read_text(encoding="utf-8").startswith("---\ngenerated_by: vaultkit")
    (vault / "People" / "Abe.md").write_text("# Abe\n", encoding="utf-8")
    _ok(vault, "--no-cache")  # no record to lean on: the marker at its own path says it
    assert "Abe" in target.read_text(encoding="utf-8")
    _ok(vault, "--today", "2026-11-26")
    assert not [i for i in vk_json(vault, "doctor") if i["kind"] == "foreign-file"]


def test_two_outputs_sent_to_one_file_is_a_usage_error_naming_both(tmp_path: Path) -> None:
    toml = '[outputs]\npeople = "Dash/x.md"\nfollow-ups = "Dash/x.md"\n'
    vault = make_vault(tmp_path, {**BASIC, "vaultkit.toml": toml})
    result = vk(vault, "sync")
    assert result.exit_code == 2
    (line,) = result.stderr.splitlines()
    assert "'people'" in line and "'follow-ups'" in line and "Dash/x.md" in line
    assert not (vault / "Dash").exists()


def test_a_calendar_feed_beside_the_vault_is_written(tmp_path: Path) -> None:
    vault = make_vault(tmp_path, {**BASIC, "vaultkit.toml": '[calendar]\npath = "../cal.ics"\n'})
    result = vk(vault, "sync")
    assert result.exit_code == 0, result.output
    feed = tmp_path / "cal.ics"
    assert feed.read_bytes().startswith(b"BEGIN:VCALENDAR")
    assert vk(vault, "sync", "--today", "2026-11-26").exit_code == 0
    assert not [i for i in vk_json(vault, "doctor") if i["kind"] == "foreign-file"]


@pytest.mark.parametrize("where", [".obsidian/people.md", "Notes/.hidden/people.md", ".x.md"])
def test_an_output_sent_into_a_hidden_folder_is_refused(tmp_path: Path, where: str) -> None:
    vault = make_vault(tmp_path, {**BASIC, "vaultkit.toml": f'[outputs]\npeople = "{where}"\n'})
    (vault / ".obsidian").mkdir()
    result = vk(vault, "sync")
    assert result.exit_code == 2
    (line,) = result.stderr.splitlines()
    assert "hidden folder" in line and where in line
    assert not (vault / where).exists()


def test_an_output_the_settings_no_longer_produce_is_deleted_only_as_written(
    tmp_path: Path,
) -> None:
    """The record of what vaultkit wrote is outside the vault: a page it wrote is deleted when
    no output goes there any more, unless the user changed it meanwhile."""
    toml = '[outputs]\npeople = "Dash/people.md"\nfollow-ups = "Dash/follow.md"\n'
    vault = make_vault(tmp_path, {**BASIC, "vaultkit.toml": toml})
    _ok(vault)
    edited = vault / "Dash" / "follow.md"
    edited.write_text(edited.read_text(encoding="utf-8") + "mine\n", encoding="utf-8")
    (vault / "vaultkit.toml").unlink()
    _ok(vault)
    assert not (vault / "Dash" / "people.md").exists()
    assert edited.read_text(encoding="utf-8").endswith("mine\n")


def test_a_recorded_page_is_not_deleted_through_a_folder_swapped_for_a_link(
    tmp_path: Path,
) -> None:
    """The record holds the real path vaultkit wrote to: the same name reached through a
    link since (to a backup holding the same bytes) is not that file."""
    toml = '[outputs]\npeople = "Dash/people.md"\n'
    vault = make_vault(tmp_path, {**BASIC, "vaultkit.toml": toml})
    _ok(vault)
    backup = vault / "Backup"  # inside the vault: only the real path tells them apart
    (vault / "Dash").rename(backup)
    (vault / "Dash").symlink_to(backup, target_is_directory=True)
    (vault / "vaultkit.toml").unlink()
    vk(vault, "sync")
    assert (backup / "people.md").is_file()


def test_a_planted_entry_for_a_note_an_output_was_sent_to_by_mistake_changes_nothing(
    tmp_path: Path,
) -> None:
    """Even at a path the settings send a page to, the vault's manifest cannot make a note
    vaultkit's: a page is vaultkit's by its marker (or by the record outside the vault)."""
    toml = '[outputs]\npeople = "People/Jane Doe.md"\n'
    vault = make_vault(tmp_path, {**BASIC, "vaultkit.toml": toml})
    note = vault / "People" / "Jane Doe.md"
    before = note.read_bytes()
    _plant(vault, {"People/Jane Doe.md": _sha(before)})
    vk(vault, "sync")
    assert note.read_bytes() == before
