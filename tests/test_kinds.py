"""The registry of list kinds (kinds.py): a kind declared once is collected, owned, cached and
kept incrementally by the engine with no other edit.

A toy kind, read from `#toy` lines by the generic rule, is declared here for the length of
each test (`kinds.declared`), as a new kind would be declared in kinds.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from vaultkit.core import kinds
from vaultkit.core.models import LineTag
from vaultkit.engine.index import VaultView
from vaultkit.pages import reach_out as reachout
from vaultkit.read import scan
from vaultkit.read.parse import parse
from vaultkit.reports import reach_out
from vaultkit.session import reader, sync
from vaultkit.session.sync import Vault
from vaultkit.store import cache_file

TODAY = date(2026, 11, 25)
ANN, BOB, CAL = "People/Ann.md", "People/Bob.md", "People/Cal.md"
DAILY = "Daily/2026-11-20.md"


@dataclass(frozen=True, slots=True)
class Toy:
    person: str
    text: str
    date: date | None
    source: str
    line: int


def _toy(who: str, tag: LineTag, when: date | None, source: str) -> Toy:
    return Toy(who, tag.text, when, source, tag.line)


TOYS: kinds.Kind[Toy] = kinds.Kind(
    "toys", Toy, "source", lambda t: (t.source, t.line), line_tags=("toy",), from_tag=_toy
)


@pytest.fixture(autouse=True)
def toy_kind() -> Iterator[None]:
    with kinds.declared(TOYS):
        yield


def _vault(tmp_path: Path) -> Path:
    root = tmp_path / "v"
    (root / "People").mkdir(parents=True)
    (root / "Daily").mkdir()
    (root / ANN).write_text("---\ncadence: weekly\n---\n- a kite #toy\n", encoding="utf-8")
    (root / BOB).write_text("---\ncadence: weekly\n---\nBob.\n", encoding="utf-8")
    (root / CAL).write_text("---\ncadence: weekly\n---\nCal.\n", encoding="utf-8")
    (root / DAILY).write_text(
        "## Log\n"
        "- lunch with [[Bob]] and [[Ann]], a yo-yo for both #toy/small\n"
        "- [x] the train set for [[Cal]] #toy\n"
        "- [[Cal]] said hello\n",
        encoding="utf-8",
    )
    return root


def _toys(view: VaultView) -> dict[str, list[tuple[str, date | None, str, int]]]:
    return {
        who: [(t.text, t.date, t.source, t.line) for t in items]
        for who, items in sorted(view.of(TOYS).items())
    }


def test_a_toy_tag_is_collected_as_a_line_tag() -> None:
    facts = parse(DAILY, "- [x] a kite for [[Ann]] #Toy/Kites ok\n- #toy\n- #other\n")
    assert [(t.head, t.topic, t.line, t.closed) for t in facts.line_tags] == [
        ("toy", "kites", 1, True),
        ("toy", "", 2, False),
    ]


def test_a_toy_is_owned_dated_and_a_checked_one_dropped(tmp_path: Path) -> None:
    view = Vault(_vault(tmp_path)).view()
    yo_yo = ("lunch with [[Bob]] and [[Ann]], a yo-yo for both #toy/small", date(2026, 11, 20))
    assert _toys(view) == {
        ANN: [(*yo_yo, DAILY, 2), ("a kite #toy", None, ANN, 4)],  # by source, then line
        BOB: [(*yo_yo, DAILY, 2)],
    }


def test_toys_come_back_from_the_cache_without_reading_a_note(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _vault(tmp_path)
    path = cache_file.cache_file(root, tmp_path / "cache")
    first = Vault(root, cache_path=path)
    sync.sync(first, TODAY)
    expected = _toys(first.view())
    assert expected  # something to come back

    reads: list[str] = []
    real = scan.read_note

    def read_note(*args: Any) -> Any:
        reads.append(args[1].path)
        return real(*args)

    monkeypatch.setattr(reader, "read_note", read_note)  # where the session reads notes
    later = Vault(root, cache_path=path)
    later.refresh()
    assert _toys(later.view()) == expected
    assert reads == []
    assert later.index.same_since_restore(ANN)


def test_an_edit_moves_only_its_persons_version_and_a_deleted_line_is_gone(
    tmp_path: Path,
) -> None:
    root = _vault(tmp_path)
    vault = Vault(root)
    before = vault.view()
    versions = {p: before.version(p) for p in (ANN, BOB, CAL)}
    (root / ANN).write_text("---\ncadence: weekly\n---\n- a kite\n- a ball #toy\n", "utf-8")
    vault.refresh()
    after = vault.view()
    assert after.version(ANN) != versions[ANN]
    assert {p: after.version(p) for p in (BOB, CAL)} == {p: versions[p] for p in (BOB, CAL)}
    assert [t.text for t in after.of(TOYS)[ANN]] == [before.of(TOYS)[ANN][0].text, "a ball #toy"]
    assert after.of(TOYS)[BOB] is before.of(TOYS)[BOB]  # untouched: the very same list

    daily = (root / DAILY).read_text("utf-8").replace(", a yo-yo for both #toy/small", "")
    (root / DAILY).write_text(daily, "utf-8")
    vault.refresh()
    gone = vault.view()
    assert BOB not in gone.of(TOYS)
    assert [t.text for t in gone.of(TOYS)[ANN]] == ["a ball #toy"]
    assert gone.version(CAL) == versions[CAL]


def test_a_kind_shown_for_birthdays_is_in_the_reach_out_entry_of_a_birthday_only(
    tmp_path: Path,
) -> None:
    """`digest_groups`: the page, the terminal letter and the JSON list the person's items,
    with no edit to the digest or the page; JSON has the key only while a kind asks for it."""
    root = _vault(tmp_path)
    (root / ANN).write_text(
        "---\ncadence: weekly\nbirthday: 1990-11-27\n---\n- a kite #wish\n", "utf-8"
    )
    vault = Vault(root)
    shown = kinds.Kind("shown", Toy, "source", TOYS.order, line_tags=("wish",), from_tag=_toy,
                       digest_groups=frozenset({"birthday"}), title="Toy ideas")  # fmt: skip

    def entries() -> dict[str, dict[str, Any]]:
        found = reach_out.digest(vault.view(), TODAY, 7, 5, 30)
        return {r.status.person.path: reach_out.reach_json(vault.view(), r) for r in found}

    plain = entries()
    assert "toys" not in plain[ANN] and "shown" not in plain[ANN]
    with kinds.declared(shown):
        vault = Vault(root)
        found = entries()
        view = vault.view()
        page = reachout.page(view, TODAY, vault.config)
        letter = reachout.letter(view, TODAY, vault.config)
    assert found[ANN]["shown"] == [{"text": "a kite #wish", "date": None, "source": ANN, "line": 5}]
    assert found[BOB]["shown"] == []  # listed, but not for a birthday
    assert {k: v for k, v in found[ANN].items() if k != "shown"} == plain[ANN]
    assert "**Toy ideas:**\n\n- a kite \\#wish · [[People/Ann|Ann]]" in page
    assert "  Toy ideas: a kite #wish  [People/Ann.md]" in letter
