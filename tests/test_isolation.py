"""The suite never touches the real home folder or the real user cache (tests/conftest.py)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import REAL_CACHE, REAL_HOME, cache_names_of_folders_under
from vaulthelp import BASIC, TODAY, make_vault, run_module

from vaultkit.store import cache_file


def test_home_and_default_cache_point_into_the_session_folder(
    private_home: Path, tmp_path: Path
) -> None:
    assert Path.home() == private_home != REAL_HOME
    default = cache_file.default_dir()
    assert default.is_relative_to(private_home)
    assert not default.is_relative_to(REAL_CACHE) and default != REAL_CACHE


def test_undoing_a_tests_monkeypatch_keeps_the_cache_private(
    monkeypatch: pytest.MonkeyPatch, private_home: Path
) -> None:
    """A test that calls `monkeypatch.undo()` also undoes the per-test cache folder; the
    session's folder is still there under it (this once sent two tests into the real cache)."""
    monkeypatch.undo()
    folder = Path(os.environ["VAULTKIT_CACHE_DIR"])
    assert folder.is_relative_to(private_home)
    assert cache_file.cache_file(Path("/any/vault"), None).is_relative_to(private_home)


def test_a_child_given_no_cache_setting_caches_in_the_private_home(
    tmp_path: Path, private_home: Path
) -> None:
    vault = make_vault(tmp_path, BASIC)
    done = run_module(
        ["sync", "--vault", str(vault), "--today", TODAY], tmp_path, {"VAULTKIT_CACHE_DIR": ""}
    )
    assert done.returncode == 0, done.stderr
    name = cache_file.cache_file(vault, Path("x")).name
    found = [p for p in private_home.rglob("*.sqlite") if p.name == name]
    assert len(found) == 1 and found[0].is_relative_to(private_home / ".cache")
    assert not (REAL_CACHE / name).exists()


def test_the_end_of_session_check_knows_every_vault_name(tmp_path: Path) -> None:
    """The names `pytest_sessionfinish` looks for are the ones vaultkit gives vaults."""
    vault = make_vault(tmp_path, BASIC)
    assert cache_file.cache_file(vault, Path("x")).name in cache_names_of_folders_under(tmp_path)


def test_property_tests_run_the_same_examples_in_ci() -> None:
    """CI (`.ci/run` sets CI=true) runs hypothesis derandomized; a local run explores."""
    from hypothesis import settings

    assert settings.get_profile("ci").derandomize
    assert settings.get_profile("ci").database is None
    expected = "ci" if os.environ.get("CI") else "dev"
    assert settings._current_profile == expected
    current = settings.default
    assert current is not None and current.derandomize == (expected == "ci")
    assert current.deadline is None  # no example is timed: on a busy machine it fails at random
