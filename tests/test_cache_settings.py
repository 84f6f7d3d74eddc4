"""Every setting that can change what is read or rendered is in a cache key: no key of
`config.KEYS` (nested tables too) is left out, and none is served stale after a change."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from vaultkit import api, outputs
from vaultkit.read.config import CALENDAR_KEYS, FACT_KEYS, KEYS, Config, load_config
from vaultkit.session.quick import result_key
from vaultkit.session.sync import Vault, sync
from vaultkit.store.cache_store import CacheStore

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "examples" / "vault"
TODAY = date(2026, 11, 25)

# A value other than the default for every key, as a line of vaultkit.toml ("table.key" for
# an entry of a nested table), chosen to change the demo vault's pages where it can.
SAMPLES = {
    "output_folder": 'output_folder = "Pages"',
    "people_folders": 'people_folders = ["People", "Climbing"]',
    "templates_folders": 'templates_folders = ["Templates", "Ideas"]',
    "person_template": 'person_template = "Templates/Daily.md"',
    "ignore": 'ignore = ["Meetings/"]',
    "daily_folder": 'daily_folder = "Daily"',
    "daily_format": 'daily_format = "DD-MM-YYYY"',
    "log_headings": 'log_headings = ["Notes"]',
    "birthday_window_days": "birthday_window_days = 90",
    "recent_days": "recent_days = 5",
    "due_soon_days": "due_soon_days = 1",
    "max_file_size_mb": "max_file_size_mb = 0.0006",  # 629 bytes: the longest notes are out
    "person_block": 'person_block = "off"',
    "timeline_limit": "timeline_limit = 1",
    "drift_horizon_days": "drift_horizon_days = 20",
    "digest_days": "digest_days = 30",
    "digest_drifting_limit": "digest_drifting_limit = 1",
    "ask_days": "ask_days = 3",
    "circles.*": 'family = "daily"',
    "calendar.path": 'path = "people.ics"',
    "people_map": "people_map = true",
    "link_style": 'link_style = "markdown"',
    "dialect": 'dialect = "foam"',
    **{
        f"outputs.{kind.name}": f'{kind.name} = "Lists/{kind.name}.out"'
        for kind in outputs.registered()
    },
}

# The keys that are not in the facts' key (config.FACT_KEYS), and why a note's cached entry
# (its facts, or why it was not read) stays true when they change. Each still changes the key
# of the view, its rows and the no-op check, which is the whole Config (tested below).
NOT_FACTS = {
    "output_folder": "which files are walked and where pages go; a note's facts are its bytes'",
    "people_folders": "who is a person: worked out from the facts (relations.person_note)",
    "templates_folders": "which folders are walked; a walked note's facts do not depend on it",
    "person_template": "read by `add` only",
    "ignore": "which files are walked; a walked note's facts do not depend on it",
    "birthday_window_days": "reports only",
    "recent_days": "reports only",
    "due_soon_days": "reports only",
    "person_block": "which blocks are written; the block's lines are found in the facts anyway",
    "timeline_limit": "the block's rendering only",
    "drift_horizon_days": "reports only",
    "digest_days": "the digest only",
    "digest_drifting_limit": "the digest only",
    "ask_days": "ways to help only",
    "circles.*": "people's cadences: worked out from the facts (people.interpret)",
    "calendar.path": "where the feed goes (never a Markdown file, so never walked)",
    "people_map": "whether one more page is written (the output folder is never walked)",
    "link_style": "how the pages and blocks write links; the block's lines are found anyway",
    **{
        f"outputs.{kind.name}": "where an output goes; a destination in the vault is not walked"
        for kind in outputs.registered()
    },
}


def _every_key() -> set[str]:
    """KEYS with each nested table's keys spelled out (circles take any name)."""
    found: set[str] = set()
    for name, key in KEYS.items():
        if name == "outputs":
            found |= {f"outputs.{kind.name}" for kind in outputs.registered()}
        elif name == "calendar":
            found |= {f"calendar.{k}" for k in CALENDAR_KEYS}
        elif key.table:
            found.add(f"{name}.*")
        else:
            found.add(name)
    return found


def _settings(key: str) -> str:
    """The demo vault's vaultkit.toml with this one key changed."""
    demo = (DEMO / "vaultkit.toml").read_text(encoding="utf-8")
    table, _, _ = key.partition(".")
    if key == "circles.*":
        changed = demo.replace('family = "weekly"', SAMPLES[key])
        assert changed != demo
        return changed
    if "." in key:
        return f"{demo}\n[{table}]\n{SAMPLES[key]}\n"
    return f"{SAMPLES[key]}\n{demo}"


def _config(tmp_path: Path, key: str | None) -> Config:
    folder = tmp_path / "settings"
    folder.mkdir(parents=True, exist_ok=True)
    text = (DEMO / "vaultkit.toml").read_text(encoding="utf-8") if key is None else _settings(key)
    (folder / "vaultkit.toml").write_text(text, encoding="utf-8")
    return load_config(folder)[0]


def test_every_key_is_either_in_the_facts_key_or_on_the_list_of_keys_that_are_not() -> None:
    every = _every_key()
    assert set(SAMPLES) == every, "give a new key a sample value above"
    facts = set(FACT_KEYS)
    assert facts <= every
    assert facts.isdisjoint(NOT_FACTS), "a key is on one side only"
    assert facts | set(NOT_FACTS) == every, "a new key: in config.FACT_KEYS, or say why not"


@pytest.mark.parametrize("key", sorted(_every_key()))
def test_a_changed_setting_changes_the_keys_it_must(tmp_path: Path, key: str) -> None:
    store = CacheStore(None)
    before, after = _config(tmp_path / "a", None), _config(tmp_path / "b", key)
    assert before != after, f"the sample of {key} changes nothing"
    assert store.derived_key(before) != store.derived_key(after)
    assert result_key(before, TODAY) != result_key(after, TODAY)
    changes_facts = store.parser_key(before) != store.parser_key(after)
    assert changes_facts == (key in FACT_KEYS)


def _files(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.name != ".vaultkit-manifest.json"
    }


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo vault synced twice with the demo's settings (`v`), and its cache."""
    base = tmp_path_factory.mktemp("built")
    shutil.copytree(DEMO, base / "v")
    for _ in range(2):
        api.Vault(base / "v", TODAY, base / "cache.marshal").sync()
    return base


@pytest.mark.parametrize("key", sorted(_every_key()))
def test_a_warm_cache_is_never_served_stale_after_a_setting_changes(
    tmp_path: Path, built: Path, key: str
) -> None:
    """A cache built with the demo's settings, then one setting changed: the sync that uses
    the cache writes what a sync without any cache writes."""
    warm, cold = tmp_path / "warm" / "v", tmp_path / "cold" / "v"
    shutil.copytree(built / "v", warm)  # the notes' times too: the cache's stamps hold
    path = tmp_path / "cache.marshal"
    shutil.copy2(built / "cache.marshal", path)
    (warm / "vaultkit.toml").write_text(_settings(key), encoding="utf-8")
    shutil.copytree(warm, cold)
    vault = api.Vault(warm, TODAY, path)
    vault.sync()
    assert vault.warnings == []
    sync(Vault(cold, cache_path=None), TODAY)
    assert _files(warm) == _files(cold)


def test_a_lower_size_limit_leaves_out_notes_the_cache_read_before(tmp_path: Path) -> None:
    """The attack's case: `max_file_size_mb` had no effect while the cache existed."""
    vault = tmp_path / "v"
    shutil.copytree(DEMO, vault)
    path = tmp_path / "cache.marshal"
    sync(Vault(vault, cache_path=path), TODAY)
    (vault / "vaultkit.toml").write_text(_settings("max_file_size_mb"), encoding="utf-8")
    session = Vault(vault, cache_path=path)
    sync(session, TODAY)
    too_large = {i.path for i in session.view().issues if i.kind == "too-large"}
    assert "People/Maya Chen.md" in too_large
