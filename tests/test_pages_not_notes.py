"""Pages vaultkit writes into the vault are never read back as notes (docs/vault-format.md
sections 1 and 9): not people, not contacts, not mentions, not counted."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

import vaultkit.session.pool as pool
from vaultkit.session.sync import SyncOptions, Vault, sync

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "examples" / "vault"
TODAY = date(2026, 11, 25)


def _vault(tmp_path: Path, name: str, settings: str = "") -> Path:
    vault = tmp_path / name / "v"
    shutil.copytree(DEMO, vault)
    toml = vault / "vaultkit.toml"
    toml.write_text(settings + "\n" + toml.read_text(encoding="utf-8"), encoding="utf-8")
    return vault


def _people_notes(vault: Path) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted((vault / "People").glob("*.md"))}


def _twice(vault: Path, cache: Path | None) -> Vault:
    """Two syncs: the first writes the pages, the second would read them back."""
    sync(Vault(vault, cache_path=cache), TODAY)
    session = Vault(vault, cache_path=cache)
    sync(session, TODAY, SyncOptions())
    return session


@pytest.mark.parametrize("cached", [False, True])
def test_people_sent_to_people_directory_is_no_person(tmp_path: Path, cached: bool) -> None:
    vault = _vault(tmp_path, "a", 'outputs = { people = "People/Directory.md" }')
    session = _twice(vault, tmp_path / "cache" if cached else None)
    assert (vault / "People" / "Directory.md").is_file()
    assert "People/Directory.md" not in session.stamps  # not even walked: a destination
    view = session.view()
    assert "People/Directory.md" not in view.people
    assert not any("Directory" in issue.path for issue in view.issues)
    page = (vault / "People" / "Directory.md").read_text(encoding="utf-8")
    assert "[[Directory" not in page


@pytest.mark.parametrize("cached", [False, True])
def test_the_readmes_dashboard_overdue_puts_no_mention_in_any_person_block(
    tmp_path: Path, cached: bool
) -> None:
    plain = _vault(tmp_path, "plain")
    _twice(plain, None)
    vault = _vault(tmp_path, "a", 'outputs = { overdue-check-ins = "Dashboard/Overdue.md" }')
    session = _twice(vault, tmp_path / "cache" if cached else None)
    assert (vault / "Dashboard" / "Overdue.md").is_file()
    assert "Overdue]] (mention)" not in "".join(_people_notes(vault).values())
    assert _people_notes(vault) == _people_notes(plain)
    assert session.view().notes == Vault(plain).view().notes


@pytest.mark.parametrize("cached, pooled", [(False, False), (True, False), (False, True)])
def test_pages_left_behind_by_a_renamed_output_folder_are_not_notes(
    tmp_path: Path, cached: bool, pooled: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    plain = _vault(tmp_path, "plain")
    _twice(plain, None)
    if pooled:  # read and parsed in worker processes, as a big vault's first sync is
        monkeypatch.setattr(pool, "PARALLEL_MIN", 10)
        monkeypatch.setattr(pool, "can_fork", lambda: True)
    vault = _vault(tmp_path, "a")
    cache = tmp_path / "cache" if cached else None
    _twice(vault, cache)
    toml = vault / "vaultkit.toml"
    toml.write_text('output_folder = "Pages"\n' + toml.read_text(encoding="utf-8"), "utf-8")
    session = _twice(vault, cache)
    assert (vault / "Pages" / "People.md").is_file()
    if cached:  # vaultkit's record of what it wrote (in the cache folder) lets it tidy up
        assert not (vault / "Vaultkit" / "People.md").exists()
    else:  # no record: left behind, and walked and read as a page by its front matter
        assert (vault / "Vaultkit" / "People.md").is_file()
        assert "Vaultkit/People.md" in session.pages
    view = session.view()
    assert view.notes == Vault(plain).view().notes
    assert not any(p.startswith("Vaultkit/") for p in view.people)
    assert _people_notes(vault) == _people_notes(plain)
    pages = {p.name: p.read_bytes() for p in (vault / "Pages").glob("*.md")}
    assert pages == {p.name: p.read_bytes() for p in (plain / "Vaultkit").glob("*.md")}
