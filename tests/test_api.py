"""The public API, used as a script would use it (README "Use it from Python")."""

from __future__ import annotations

import importlib
import json
import shutil
import subprocess
import sys
import textwrap
from datetime import date
from pathlib import Path

import pytest
from vaulthelp import BASIC, TODAY, make_vault, vk

import vaultkit

ROOT = Path(__file__).resolve().parent.parent


def test_a_script_reproduces_overdue_json(tmp_path: Path) -> None:
    """Only `vaultkit.open_vault(...)`, in a fresh interpreter, as a user's script runs."""
    vault = make_vault(tmp_path, BASIC)
    script = textwrap.dedent(
        f"""
        import json, vaultkit
        vault = vaultkit.open_vault({str(vault)!r}, today={TODAY!r}, cache=False)
        print(json.dumps([row.to_json() for row in vault.overdue()]))
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=tmp_path, check=True
    )
    cli = vk(vault, "overdue", "--json")
    assert cli.exit_code == 0, cli.output
    assert json.loads(done.stdout) == json.loads(cli.stdout)
    assert json.loads(done.stdout)  # not an empty answer


@pytest.mark.parametrize(
    ("method", "command"),
    [
        ("people", ["people"]),
        ("overdue", ["overdue"]),
        ("birthdays", ["birthdays"]),
        ("followups", ["followups"]),
        ("issues", ["doctor"]),
    ],
)
def test_every_list_equals_its_json_command(
    tmp_path: Path, method: str, command: list[str]
) -> None:
    vault = make_vault(tmp_path, {**BASIC, "People/Bad.md": "---\ncadence: sometimes\n---\n"})
    api = vaultkit.open_vault(vault, today=TODAY, cache=False)
    found = [row.to_json() for row in getattr(api, method)()]
    assert found, method
    assert found == json.loads(vk(vault, *command, "--json").stdout)


def test_person_equals_show_json_and_has_python_types(tmp_path: Path) -> None:
    vault = make_vault(tmp_path, BASIC)
    api = vaultkit.open_vault(vault, today=date(2026, 11, 25), cache=False)
    jane = api.person("jd")
    assert jane.to_json() == json.loads(vk(vault, "show", "Jane Doe", "--json").stdout)
    assert jane.last_contact == date(2026, 11, 20)
    assert jane.interactions[0].date == date(2026, 11, 20)
    assert jane.followups[0].due == date(2026, 12, 2)
    assert jane.aliases == ("JD", "Janey")


def test_unknown_person_is_a_usage_error(tmp_path: Path) -> None:
    api = vaultkit.open_vault(make_vault(tmp_path, BASIC), today=TODAY, cache=False)
    with pytest.raises(vaultkit.UsageError, match="no person named 'Nobody'"):
        api.person("Nobody")


def test_loading_happens_on_first_use_never_skipped(tmp_path: Path) -> None:
    vault = make_vault(tmp_path, BASIC)
    api = vaultkit.open_vault(vault, today=TODAY, cache=False)
    assert api.view().people  # never an empty index for a vault with people
    (vault / "People" / "Zed.md").write_text("# Zed\n", encoding="utf-8")
    again = vaultkit.open_vault(vault, today=TODAY, cache=False)
    assert "Zed" in [p.name for p in again.people()]


def test_sync_writes_the_pages_and_reports_them(tmp_path: Path) -> None:
    vault = make_vault(tmp_path, BASIC)
    api = vaultkit.open_vault(vault, today=TODAY, cache_dir=tmp_path / "cache")
    dry = api.sync(dry_run=True)
    assert dry.pages.written and not (vault / "Vaultkit").exists()
    result = api.sync()
    assert isinstance(result, vaultkit.SyncResult)
    assert (vault / "Vaultkit" / "Overdue check-ins.md").is_file()
    assert (
        vaultkit.open_vault(vault, today=TODAY, cache_dir=tmp_path / "cache").sync().pages.written
        == []
    )
    assert [o.name for o in api.overdue()] == ["Dan", "Ann", "Bob Smith", "Finn"]


def test_no_vault_and_bad_today_are_usage_errors(tmp_path: Path) -> None:
    with pytest.raises(vaultkit.UsageError):
        vaultkit.open_vault(tmp_path / "nowhere")
    with pytest.raises(vaultkit.UsageError):
        vaultkit.open_vault(make_vault(tmp_path, BASIC), today="yesterday-ish")


def test_every_public_name_resolves_and_parse_note_stays_a_function() -> None:
    for name in vaultkit.__all__:
        assert getattr(vaultkit, name) is not None, name
    importlib.import_module("vaultkit.read.parse")  # importing the submodule must shadow nothing
    assert callable(vaultkit.parse_note)
    facts = vaultkit.parse_note("Daily/2026-11-20.md", "Met [[Jane]].\n")
    assert facts.date == date(2026, 11, 20)
    assert set(vaultkit.__all__) <= set(dir(vaultkit))


def test_the_example_vault_through_the_api(tmp_path: Path) -> None:
    copy = tmp_path / "v"
    shutil.copytree(ROOT / "examples" / "vault", copy)
    api = vaultkit.open_vault(copy, today="2026-11-25", cache=False)
    oli = api.person("Oli")
    assert (oli.cadence_min_days, oli.cadence_days, oli.window_opens) == (
        21,
        35,
        date(2026, 11, 24),
    )
    assert {o.name for o in api.overdue()} == {"Ben Carter", "Grandma Rose"}


def test_a_session_view_before_load_reads_the_vault(tmp_path: Path) -> None:
    from vaultkit.session.sync import Vault as Session

    assert len(Session(make_vault(tmp_path, BASIC)).view().people) == 8


@pytest.mark.parametrize("config_first", [False, True])
def test_the_session_of_a_vault_notices_its_settings_change(
    tmp_path: Path, config_first: bool
) -> None:
    """`watch` holds the API's session and reads the settings again when they change: that
    holds also when the API read them first (for the no-op check, or `vault.config`)."""
    root = make_vault(tmp_path, BASIC)
    vault = vaultkit.open_vault(root, today=TODAY, cache=False)
    if config_first:
        assert vault.config.recent_days != 40
    session = vault.session
    assert not session.settings_changed()
    (root / "vaultkit.toml").write_text("recent_days = 40\n", encoding="utf-8")
    assert session.settings_changed()
    assert vault.reloaded().config.recent_days == 40
