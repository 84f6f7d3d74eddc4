"""VAULT_FORMAT §16, the family rule: a family member's own birthday (partner, child, parent or
sibling; not custom relations or introductions) is also a date that matters for the person
they are related to, written on either side; in `dates --json` a row of that person's labelled
`Mia Carter's birthday`, and it lists them in the digest's `birthday` group. A relative's edit
reaches the person's pages from the cache in a new session."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from rulehelp import build, md
from vaulthelp import make_vault, vk, vk_json

import vaultkit
from vaultkit.reports import dates

TODAY = date(2026, 11, 25)
BEN = "People/Ben Carter.md"
MIA = "People/Mia Carter.md"


def _rows(notes: dict[str, str], within: int = 30) -> list[tuple[str, str, str, int | None]]:
    view = build(notes)
    return [
        (o.person.name, o.label, o.date.isoformat(), o.years)
        for o in dates.coming(view, TODAY, within)
    ]


def _ben(*front: str) -> str:
    return md(["cadence: monthly", *front], "# Ben Carter")


def _mia(*front: str) -> str:
    return md(["birthday: 2019-12-10", *front], "# Mia Carter")


@pytest.mark.parametrize(
    ("ben", "mia"),
    [
        (("children: ['[[Mia Carter]]']",), ()),  # written on Ben's side
        ((), ("parents: ['[[Ben Carter]]']",)),  # on Mia's: Ben is her parent
        (("kids: [Mia Carter]",), ()),  # a name resolved like a link
        (("partner: '[[Mia Carter]]'",), ()),
        ((), ("spouse: Ben Carter",)),
        (("siblings: ['[[Mia Carter]]']",), ()),
        ((), ("brother: '[[Ben Carter]]'",)),
        (("father: '[[Mia Carter]]'",), ()),
        (("relations: {daughter: '[[Mia Carter]]'}",), ()),  # a label that is a key
    ],
)
def test_a_family_members_birthday_is_a_date_of_the_person(
    ben: tuple[str, ...], mia: tuple[str, ...]
) -> None:
    rows = _rows({BEN: _ben(*ben), MIA: _mia(*mia)})
    assert ("Ben Carter", "Mia Carter's birthday", "2026-12-10", 7) in rows
    assert ("Mia Carter", "birthday", "2026-12-10", 7) in rows


@pytest.mark.parametrize(
    "ben",
    [
        "relations: {mentor: '[[Mia Carter]]'}",  # a custom relation is not family
        "introduced_by: '[[Mia Carter]]'",
        "met_through: '[[Mia Carter]]'",
    ],
)
def test_custom_relations_and_introductions_are_not_family(ben: str) -> None:
    rows = _rows({BEN: _ben(ben), MIA: _mia()})
    assert [r for r in rows if r[0] == "Ben Carter"] == []


def test_written_on_both_sides_it_is_one_date() -> None:
    rows = _rows({BEN: _ben("children: ['[[Mia Carter]]']"), MIA: _mia("parents: [Ben Carter]")})
    assert [r for r in rows if r[0] == "Ben Carter"] == [
        ("Ben Carter", "Mia Carter's birthday", "2026-12-10", 7)
    ]


def test_no_date_from_a_relative_without_a_note_a_birthday_or_who_is_archived() -> None:
    assert _rows({BEN: _ben("children: [Leo]")}) == []  # plain text: no birthday known
    no_birthday = md(["cadence: weekly"], "# Mia Carter")
    assert _rows({BEN: _ben("children: ['[[Mia Carter]]']"), MIA: no_birthday}) == []
    archived = _mia("archived: true")
    assert _rows({BEN: _ben("children: ['[[Mia Carter]]']"), MIA: archived}) == []


def test_an_archived_person_has_no_family_dates_and_the_window_holds() -> None:
    archived_ben = _ben("children: ['[[Mia Carter]]']", "archived: true")
    assert [r for r in _rows({BEN: archived_ben, MIA: _mia()}) if r[0] == "Ben Carter"] == []
    near = {BEN: _ben("children: ['[[Mia Carter]]']"), MIA: _mia()}
    assert [r[0] for r in _rows(near, within=14)] == []  # 2026-12-10 is 15 days ahead
    assert [r[0] for r in _rows(near, within=15)] == ["Ben Carter", "Mia Carter"]


def test_the_page_table_of_other_dates_does_not_repeat_a_relatives_birthday() -> None:
    view = build({BEN: _ben("children: ['[[Mia Carter]]']"), MIA: _mia()})
    assert dates.other_dates(view, TODAY, 30) == []  # Mia's birthday is in the birthday table


VAULT = {
    BEN: _ben("children: ['[[Mia Carter]]']", "last_contact: 2026-11-24"),
    MIA: md(["birthday: 2019-11-28"], "# Mia Carter"),
}


def test_dates_json_digest_and_person_block(tmp_path: Path) -> None:
    vault = make_vault(tmp_path, VAULT)
    rows = vk_json(vault, "dates")
    assert {
        "name": "Ben Carter",
        "note": BEN,
        "label": "Mia Carter's birthday",
        "date": "2019-11-28",
        "next": "2026-11-28",
        "years": 7,
    } in rows
    entries = {e["name"]: e for e in vk_json(vault, "digest")}
    assert entries["Ben Carter"]["group"] == "birthday"
    reason = entries["Ben Carter"]["reasons"][0]
    assert reason["label"] == "Mia Carter's birthday" and reason["date"] == "2026-11-28"
    letter = vk(vault, "digest").stdout
    assert "Ben Carter — Mia Carter's birthday in 3 days (2026-11-28), turns 7." in letter
    (vault / BEN).write_text(
        (vault / BEN).read_text() + "\n<!-- vaultkit:begin -->\n<!-- vaultkit:end -->\n"
    )
    assert vk(vault, "sync").exit_code == 0
    block = (vault / BEN).read_text(encoding="utf-8")
    assert "**Coming dates:** Mia Carter's birthday 2026-11-28 (in 3 days, turns 7)" in block


def test_a_relatives_birthday_edit_reaches_the_person_from_the_cache(tmp_path: Path) -> None:
    """Ben's block and entry are kept per Ben's version: Mia's edit must move it."""
    vault = make_vault(
        tmp_path,
        {
            **VAULT,
            BEN: VAULT[BEN] + "\n<!-- vaultkit:begin -->\n<!-- vaultkit:end -->\n",
        },
    )
    cache = tmp_path / "cache"
    vaultkit.open_vault(vault, today=TODAY, cache_dir=cache).sync()
    assert "2026-11-28 (in 3 days" in (vault / BEN).read_text(encoding="utf-8")
    (vault / MIA).write_text(md(["birthday: 2019-11-30"], "# Mia Carter"), encoding="utf-8")
    again = vaultkit.open_vault(vault, today=TODAY, cache_dir=cache)
    stats = again.sync()
    assert stats.changes.modified == 1 and stats.changes.added == 0
    block = (vault / BEN).read_text(encoding="utf-8")
    assert "Mia Carter's birthday 2026-11-30 (in 5 days, turns 7)" in block
    page = (vault / "Vaultkit" / "Reach out.md").read_text(encoding="utf-8")
    assert "Mia Carter's birthday in 5 days (2026-11-30)" in page
