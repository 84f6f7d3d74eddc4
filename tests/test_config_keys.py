"""vaultkit.toml as a table of typed keys (config.KEYS), nested tables included."""

from __future__ import annotations

import dataclasses

import pytest

from vaultkit.core.errors import ConfigError
from vaultkit.read.config import KEYS, Config, Key, validate
from vaultkit.text.dates import read_cadence


def test_every_setting_is_a_key_and_every_key_a_setting() -> None:
    graph = {"pages_folder", "journal_title", "file_names"}  # from a Logseq graph's config.edn
    settings = {f.name for f in dataclasses.fields(Config)} - {"daily_source", "vault_name"} - graph
    assert set(KEYS) == settings


def _cadence(value: object) -> str:
    if not isinstance(value, str):
        raise ValueError('must be a cadence in quotes, like "weekly"')
    read_cadence(value)
    return value


KEYS_WITH_A_TABLE = {**KEYS, "circles": Key(_cadence, table=True)}


def test_a_nested_table_is_checked_entry_by_entry() -> None:
    raw = {"recent_days": 14, "circles": {"family": "weekly", "close-friends": "every 2-3 weeks"}}
    out = validate(raw, "vaultkit.toml", KEYS_WITH_A_TABLE)
    assert out == {
        "recent_days": 14,
        "circles": (("close-friends", "every 2-3 weeks"), ("family", "weekly")),
    }


def test_every_bad_entry_of_a_table_is_named_in_one_error() -> None:
    raw = {"circles": {"family": "biweekly", "work": 3}, "recnt_days": 3}
    with pytest.raises(ConfigError) as err:
        validate(raw, "vaultkit.toml", KEYS_WITH_A_TABLE)
    lines = str(err.value).splitlines()
    assert lines[0] == (
        "vaultkit.toml: 'circles.family' 'biweekly' means both twice a week and every other "
        "week; write 'every other week' or 'every 2 weeks' (or a window like '3-4 days')"
    )
    assert lines[1] == "vaultkit.toml: 'circles.work' must be a cadence in quotes, like \"weekly\""
    assert lines[2] == "vaultkit.toml: unknown key 'recnt_days' (did you mean 'recent_days'?)"


def test_a_table_key_given_a_value_is_an_error() -> None:
    with pytest.raises(ConfigError, match=r"'circles' must be a table: \[circles\]"):
        validate({"circles": "weekly"}, "vaultkit.toml", KEYS_WITH_A_TABLE)


def test_an_unknown_table_suggests_the_nearest_key() -> None:
    with pytest.raises(ConfigError, match=r"unknown key 'circle' \(did you mean 'circles'\?\)"):
        validate({"circle": {"a": "weekly"}}, "vaultkit.toml", KEYS_WITH_A_TABLE)
