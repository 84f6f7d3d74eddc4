"""Validity derived (issue 23): what a kept page entry is keyed by comes from the values it is
made of, so a new field of a model can never leave a page stale."""

from __future__ import annotations

import dataclasses
import shutil
import sys
from collections.abc import Callable, Iterator, Mapping
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from vaultkit.core.kinds import KINDS, Relation
from vaultkit.core.models import FollowUp, Interaction, Need, Person
from vaultkit.engine.index import SharedMemo, VaultView, ViewMemo
from vaultkit.pages import reach_out as reachout
from vaultkit.pages.catalog import render_pages
from vaultkit.pages.overview import key_digest, plain
from vaultkit.reports import overview, reach_out
from vaultkit.reports.overview import Status
from vaultkit.reports.reach_out import Reach, Reason
from vaultkit.reports.ways_to_help import Introduction
from vaultkit.session.sync import SyncOptions, Vault, sync

TODAY = date(2026, 11, 25)


def _person(path: str, name: str) -> Person:
    return Person(
        path=path,
        name=name,
        aliases=("JD",),
        tags=("friend",),
        cadence_days=30,
        cadence_text="30",
        birthday=(1990, 12, 1),
        last_contact_prop=date(2026, 9, 1),
        snooze_until=date(2026, 1, 1),
        archived=True,
        fields=(("email", "jane@example.com"),),
        cadence_min_days=20,
        cadence_from="note",
        circles=("close",),
        cadence_none=True,
        dates=(("anniversary", (2015, 6, 20)),),
    )


def _need(person: str, kind: str) -> Need:
    return Need(person, kind, "climbing", f"{kind} climbing", date(2026, 11, 1), person, 4, True)


def _sample() -> tuple[Reach, dict[str, Person]]:
    """A reach-out entry with every field set to a value (no None, no empty tuple), so that
    every field can be replaced by another value."""
    jane = _person("People/Jane.md", "Jane")
    diego = _person("People/Diego.md", "Diego")
    met = Interaction(jane.path, date(2026, 9, 1), "Daily/2026-09-01.md", 3, "coffee")
    status = Status(jane, met, date(2026, 10, 1), 55, 7, True, date(2026, 9, 20))
    reason = Reason(
        "overdue", 55, date(2026, 10, 1), 36, 30, date(2026, 9, 20), 2, label="anniversary"
    )
    promise = FollowUp(jane.path, jane.path, 12, "send the photos", date(2026, 12, 2))
    intro = Introduction("climbing", _need(jane.path, "ask"), _need(diego.path, "offer"))
    asks = (_need(jane.path, "ask"),)
    extra = ("gifts", (promise,))  # a registered kind's items (`Kind.digest_groups`)
    around = Relation(jane.path, "partner", diego.path, "Diego", True, diego.path, 3, (1990, 5, 4))
    reach = Reach(
        status, "overdue", (reason,), (met,), (promise,), asks, (intro,), (extra,), (around,)
    )
    return reach, {jane.path: jane, diego.path: diego}


def _other(value: Any) -> Any:
    """Another value of the same kind."""
    if type(value) is bool:
        return not value
    if type(value) is int:
        return value + 1
    if type(value) is str:
        return value + "x"
    if type(value) is date:
        return value + timedelta(days=1)
    raise AssertionError(f"the sample needs a replaceable value, not {value!r}")


def _variants(value: Any, where: str) -> Iterator[tuple[str, Any]]:
    """Every way to change one leaf of `value`: (where, the changed value). Dataclasses are
    walked by `dataclasses.fields`, so a new field is changed too, with no edit here."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        _seen.add(type(value))
        for f in dataclasses.fields(value):
            for at, changed in _variants(getattr(value, f.name), f"{where}.{f.name}"):
                yield at, dataclasses.replace(value, **{f.name: changed})
    elif type(value) is tuple:
        assert value, f"{where}: the sample needs a non-empty tuple"
        for n, item in enumerate(value):
            for at, changed in _variants(item, f"{where}[{n}]"):
                yield at, (*value[:n], changed, *value[n + 1 :])
        yield f"{where}+", (*value, value[-1])
    else:
        yield where, _other(value)


_seen: set[type] = set()


def test_reach_out_key_covers_every_field() -> None:
    reach, people = _sample()
    key = reachout._entry_key(reach, TODAY, people)
    _seen.clear()
    same = []
    for at, changed in _variants(reach, "reach"):
        if reachout._entry_key(changed, TODAY, people) == key:
            same.append(at)
    for path, person in people.items():  # a person the entry names by path (an introduction)
        for at, changed in _variants(person, path):
            if reachout._entry_key(reach, TODAY, {**people, path: changed}) == key:
                same.append(at)
    assert reachout._entry_key(reach, TODAY + timedelta(days=1), people) != key
    assert {Reach, Reason, Status, Person, Interaction, FollowUp, Need, Introduction} <= _seen
    assert same == []


def test_reach_out_page_follows_a_field_from_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A field the entry prints (here `tags`, as `met:` was in issue 23) is followed after an
    edit by a new process that reads the entries from the cache, with no key written by hand."""
    page_entry = reachout._page_entry

    def with_tags(r: Reach, today: date, names: dict[str, str]) -> list[str]:
        return [*page_entry(r, today, names), f"Tags: {', '.join(r.status.person.tags)}"]

    monkeypatch.setattr(reachout, "_page_entry", with_tags)
    root = tmp_path / "vault"
    (root / "People").mkdir(parents=True)
    note = root / "People" / "Jane Doe.md"
    text = "---\ntags: [friend]\ncadence: 30\n---\n# Jane\n\n- 2026-09-01: coffee\n"
    note.write_text(text, encoding="utf-8")
    (root / "People" / "Bob.md").write_text("---\ncadence: 7\n---\nBob.\n", encoding="utf-8")
    cache = tmp_path / "cache.bin"
    sync(Vault(root, cache_path=cache), TODAY)
    page = root / "Vaultkit" / "Reach out.md"
    assert "Tags: friend" in page.read_text(encoding="utf-8")
    note.write_text(text.replace("[friend]", "[climber]"), encoding="utf-8")
    vault = Vault(root, cache_path=cache)
    sync(vault, TODAY)
    assert vault.warnings == []
    shown = page.read_text(encoding="utf-8")
    assert "Tags: climber" in shown
    assert "Tags: friend" not in shown


def test_a_source_note_is_labelled_by_its_persons_new_name_after_a_restore(
    tmp_path: Path,
) -> None:
    """A page labels a person's note by their name (issue 25), so a row or entry of Ann kept
    per her version shows Bob's name where it cites his note: renaming Bob, in a new process
    that restores the view and the kept values from the cache, moves what cites his note."""
    root = tmp_path / "vault"
    (root / "People").mkdir(parents=True)
    ann = "---\ncadence: weekly\n---\n# Ann\n\n<!-- vaultkit:begin -->\n<!-- vaultkit:end -->\n"
    (root / "People" / "Ann.md").write_text(ann, encoding="utf-8")
    bob = root / "People" / "Bob.md"
    text = "---\nname: Bob\n---\n# Bob\n\n## Log\n- 2026-11-20 tea with [[Ann]]\n"
    bob.write_text(text, encoding="utf-8")
    cache = tmp_path / "cache.bin"
    pages = ("Vaultkit/Reach out.md", "Vaultkit/Recent interactions.md", "People/Ann.md")
    sync(Vault(root, cache_path=cache), TODAY)
    for page in pages:
        assert "Bob]]" in (root / page).read_text(encoding="utf-8"), page  # `Bob\\|Bob` in a table
    bob.write_text(text.replace("name: Bob", "name: Robert"), encoding="utf-8")
    vault = Vault(root, cache_path=cache)
    sync(vault, TODAY)
    assert vault.warnings == []
    for page in pages:
        shown = (root / page).read_text(encoding="utf-8")
        assert "Bob]]" not in shown, page
        assert "Robert]]" in shown, page


def test_a_quoted_link_follows_the_note_it_reaches_after_a_restore(tmp_path: Path) -> None:
    """With Markdown links a page writes a link in copied text to the note it reaches (issue
    25), else as written: a note coming into being, in a new process that restores the view
    and the kept values from the cache, moves every row and entry that quotes a link to it."""
    root = tmp_path / "vault"
    (root / "People").mkdir(parents=True)
    (root / "Daily").mkdir()
    (root / "vaultkit.toml").write_text('link_style = "markdown"\n', encoding="utf-8")
    ann = "---\ncadence: weekly\n---\n# Ann\n\n<!-- vaultkit:begin -->\n<!-- vaultkit:end -->\n"
    (root / "People" / "Ann.md").write_text(ann, encoding="utf-8")
    day = "- tea with [[Ann]], see [the plan](plan.md)\n"
    (root / "Daily" / "2026-11-20.md").write_text(day, encoding="utf-8")
    cache = tmp_path / "cache.bin"
    pages = ("Vaultkit/Reach out.md", "Vaultkit/Recent interactions.md", "People/Ann.md")
    sync(Vault(root, cache_path=cache), TODAY)
    for page in pages:  # reaching no note: as written
        assert "[the plan](plan.md)" in (root / page).read_text(encoding="utf-8"), page
    (root / "Daily" / "plan.md").write_text("# The plan\n", encoding="utf-8")
    vault = Vault(root, cache_path=cache)
    sync(vault, TODAY)
    assert vault.warnings == []
    for page in pages:
        assert "[the plan](../Daily/plan.md)" in (root / page).read_text(encoding="utf-8"), page


class _Reads(Mapping[str, Any]):
    """A view's mapping that tells every open frame which people were read (`*`: all)."""

    def __init__(self, data: Mapping[str, Any], frames: list[set[str]]) -> None:
        self.data, self.frames = data, frames

    def _read(self, key: str) -> None:
        for frame in self.frames:
            frame.add(key)

    def __getitem__(self, key: str) -> Any:
        self._read(key)
        return self.data[key]

    def __iter__(self) -> Iterator[str]:
        self._read("*")
        return iter(self.data)

    def __len__(self) -> int:
        self._read("*")
        return len(self.data)


def _kept_reads(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> dict[tuple[str, str], set[str]]:
    """Render every page of examples/vault on a view that records reads, with nothing kept yet:
    (kind, person) -> the people each value kept per (person, version, day) read."""
    root = tmp_path / "vault"
    shutil.copytree(Path(__file__).resolve().parent.parent / "examples" / "vault", root)
    vault = Vault(root, cache_path=None)
    sync(vault, TODAY, SyncOptions(dry_run=True))
    plain = vault.view()
    frames: list[set[str]] = []
    found: dict[tuple[str, str], set[str]] = {}

    def framed(kind: str, path: str, work: Callable[[], Any]) -> Any:
        frame: set[str] = set()
        frames.append(frame)
        try:
            return work()
        finally:
            frames.remove(frame)
            found.setdefault((kind, path), set()).update(frame)

    kept, status, recent = overview.kept, overview.status, reach_out._recent

    def version(path: str) -> int:
        for frame in frames:
            frame.add(path)
        return plain.version(path)

    monkeypatch.setattr(
        overview,
        "kept",
        lambda view, kind, path, today, work_out, usable: kept(
            view, kind, path, today, lambda: framed(kind, path, work_out), usable
        ),
    )
    monkeypatch.setattr(
        overview,
        "status",
        lambda view, path, today: framed("status", path, lambda: status(view, path, today)),
    )
    monkeypatch.setattr(
        reach_out,
        "_recent",
        lambda view, path, today: framed("recent", path, lambda: recent(view, path, today)),
    )
    view = dataclasses.replace(
        plain,
        people=_Reads(plain.people, frames),  # type: ignore[arg-type]
        lists=tuple(_Reads(held, frames) for held in plain.lists),
        memo=ViewMemo(),
        shared=SharedMemo(),
        version=version,
    )
    render_pages(view, TODAY, vault.config)
    return found


def test_kept_values_read_only_their_person(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Rule 1 of `reports.kept`: a value kept per (person, version, day) reads only that
    person, since only their version says when it is stale. Every kept value of every page."""
    found = _kept_reads(monkeypatch, tmp_path)
    kinds = {kind.split(":")[0] for kind, _ in found}
    assert {"status", "recent", "drift", "promise-dues", "row", "recent-page"} <= kinds
    # a source note is labelled by its person's name: allowed, the index moves the version
    # of everyone a note has items for when that name changes
    view = Vault(tmp_path / "vault", cache_path=None)
    sync(view, TODAY, SyncOptions(dry_run=True))
    lists = view.view()
    sources = {
        path: {kind.source_of(x) for kind in KINDS for x in lists.of(kind).get(path, ())}
        for _, path in found
    }
    stray = {
        (kind, path): read for (kind, path), read in found.items() if read - {path} - sources[path]
    }
    assert stray == {}


def test_a_kept_value_reading_another_person_is_caught(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The check above can fail: promised due days that also read someone else's list."""
    dues = reach_out._dues

    def peeking(view: VaultView, path: str) -> tuple[int, ...]:
        view.followups.get("People/Someone Else.md")
        return dues(view, path)

    monkeypatch.setattr(reach_out, "_dues", peeking)
    found = _kept_reads(monkeypatch, tmp_path)
    peeked = [k for k, read in found.items() if "People/Someone Else.md" in read]
    assert peeked
    assert {kind for kind, _ in peeked} == {"promise-dues"}


def test_a_key_digest_does_not_depend_on_how_values_are_made() -> None:
    """The cache keeps entries by `key_digest`, which a later process must reproduce: values
    shared or not, strings interned or not, give the same bytes."""
    word = "".join(["climb", "ing"])
    shared = (word, date(2026, 1, 2).toordinal(), None, True)
    key = (shared, shared, (sys.intern(word),))
    again = (tuple(list(shared)), tuple(list(shared)), ("".join(["cl", "imbing"]),))
    assert key == again
    assert key_digest(key) == key_digest(again)
    assert key_digest(key) != key_digest((shared, shared, ("climbing!",)))


def test_plain_values_equal_only_when_their_text_is() -> None:
    """`True == 1` and `1.0 == 1` in Python, never on a page: the key tells them apart."""
    assert plain((True, 1.0)) != plain((1, 1))
    assert plain({"met": date(2026, 1, 2)}) != plain({"met": date(2026, 1, 3)})
    assert plain(frozenset({"b", "a"})) == plain(frozenset({"a", "b"}))
