"""Questions answered from the database's rows (issue 24, `store/answers.py`): the work a question
does is counted (rows read), not timed, and every answer is the full view's answer.

The broad check over random vaults and days is `test_answers_differential.py`; these are the
rules one at a time: what a question reads, when the rows are not used (a note changed since
the save, a damaged row, a name nobody has), and the month-day windows of yearly dates.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import time
from pathlib import Path
from typing import Any

import pytest
from vaulthelp import TODAY, loaded_in_fresh_interpreter, make_vault

import vaultkit
from vaultkit.store.answers import window_days


def _settled(root: Path) -> None:
    """Every file a minute old: a note saved a moment ago is left for the next round (its
    person block waits), and such a sync records no clean state to answer from."""
    past = time.time() - 60
    for path in root.rglob("*"):
        if path.is_file():
            os.utime(path, (past, past))


def _vault(tmp_path: Path, people: int) -> Path:
    files: dict[str, str] = {}
    for n in range(people):
        name = f"Person {n:03d}"
        files[f"People/{name}.md"] = (
            f"---\ncadence: {7 + n % 30}\nbirthday: 1990-{1 + n % 12:02d}-{1 + n % 28:02d}\n"
            f"aliases: [P{n:03d}]\n---\n<!-- vaultkit:begin -->\n<!-- vaultkit:end -->\n"
        )
        day = dt.date(2026, 11, 1) - dt.timedelta(days=n)
        files[f"Daily/{day.isoformat()}.md"] = f"Coffee with [[{name}]].\n"
    files["People/Ana Lima.md"] = "---\ncadence: 14\n---\n## Log\n- 2026-11-20 lunch\n"
    files["People/Anabel Ruiz.md"] = "---\ncadence: 30\n---\n"
    root = make_vault(tmp_path, files, name=f"v{people}")
    _settled(root)
    return root


def _synced(tmp_path: Path, people: int) -> tuple[Path, Path]:
    root = _vault(tmp_path, people)
    cache = tmp_path / f"cache{people}"
    vaultkit.open_vault(root, today=TODAY, cache_dir=cache).sync()
    return root, cache


def _plain(found: Any) -> Any:
    return [x.to_json() for x in found] if isinstance(found, list) else found.to_json()


ASKS = {
    "overdue": lambda v: v.overdue(),
    "digest": lambda v: v.digest(),
    "birthdays": lambda v: v.birthdays(30),
    "show": lambda v: v.person("ana lima"),
    "dates": lambda v: v.dates(60),
    "drifting": lambda v: v.drifting(),
    "followups": lambda v: v.followups(),
    "asks": lambda v: v.asks(),
    "gifts": lambda v: v.gifts(),
    "people": lambda v: v.people(),
}


@pytest.mark.parametrize("ask", sorted(ASKS))
def test_a_question_is_answered_from_rows_like_the_full_view(tmp_path: Path, ask: str) -> None:
    root, cache = _synced(tmp_path, 12)
    fast = vaultkit.open_vault(root, today=TODAY, cache_dir=cache)
    got = _plain(ASKS[ask](fast))
    assert fast.rows_read >= 0, "answered from the rows"
    assert not fast.session.stamps, "no note was read"
    assert got == _plain(ASKS[ask](vaultkit.open_vault(root, today=TODAY, cache=False)))


def test_show_reads_only_that_persons_rows(tmp_path: Path) -> None:
    """The rows `show` reads do not grow with the vault: the person's entry and lists, and the
    asks and offers every show looks through (none here)."""
    reads = []
    for people in (10, 80):
        root, cache = _synced(tmp_path, people)
        vault = vaultkit.open_vault(root, today=TODAY, cache_dir=cache)
        assert vault.person("Person 005").name == "Person 005"
        reads.append(vault.rows_read)
    assert 0 < reads[0] == reads[1] <= 10


def test_overdue_reads_the_overdue_not_everyone(tmp_path: Path) -> None:
    root, cache = _synced(tmp_path, 80)
    vault = vaultkit.open_vault(root, today=TODAY, cache_dir=cache)
    late = vault.overdue()
    everyone = len(vaultkit.open_vault(root, today=TODAY, cache=False).people())
    assert 0 < len(late) < everyone
    assert vault.rows_read <= 3 * len(late) + 4  # entry, contacts, follow-ups (+ the view)


def test_a_note_changed_since_the_save_is_read_not_answered_from_rows(tmp_path: Path) -> None:
    root, cache = _synced(tmp_path, 12)
    note = root / "People" / "Ana Lima.md"
    note.write_text(note.read_text() + "- 2026-11-24 long call\n", encoding="utf-8")
    vault = vaultkit.open_vault(root, today=TODAY, cache_dir=cache)
    assert vault.person("Ana Lima").last_contact == dt.date(2026, 11, 24)
    assert vault.rows_read == -1
    # and a new person, whom no row names yet
    (root / "People" / "Zoe Park.md").write_text("---\ncadence: 7\n---\n", encoding="utf-8")
    again = vaultkit.open_vault(root, today=TODAY, cache_dir=cache)
    assert "Zoe Park" in [o.name for o in again.overdue()]
    assert again.rows_read == -1


def test_another_config_is_not_answered_from_rows(tmp_path: Path) -> None:
    root, cache = _synced(tmp_path, 12)
    (root / "vaultkit.toml").write_text("digest_days = 30\n", encoding="utf-8")
    vault = vaultkit.open_vault(root, today=TODAY, cache_dir=cache)
    wide = vault.digest()
    assert vault.rows_read == -1
    assert _plain(wide) == _plain(vaultkit.open_vault(root, today=TODAY, cache=False).digest())


def test_a_name_nobody_has_is_said_as_the_full_view_says_it(tmp_path: Path) -> None:
    root, cache = _synced(tmp_path, 12)
    errors = []
    for kwargs in ({"cache_dir": cache}, {"cache": False}):
        vault = vaultkit.open_vault(root, today=TODAY, **kwargs)
        for name in ("Persn 003", "an", "p0", ""):
            with pytest.raises(vaultkit.UsageError) as caught:
                vault.person(name)
            errors.append(str(caught.value))
    assert errors[:4] == errors[4:]
    assert "matches several people" in errors[1]  # Ana Lima, Anabel Ruiz


def test_prefixes_and_aliases_find_one_person(tmp_path: Path) -> None:
    root, cache = _synced(tmp_path, 12)
    found = (("ana l", "Ana Lima"), ("ANABEL", "Anabel Ruiz"), ("p007", "Person 007"))
    for name, expected in found:
        vault = vaultkit.open_vault(root, today=TODAY, cache_dir=cache)
        assert vault.person(name).name == expected
        assert vault.rows_read >= 0


def test_a_damaged_row_is_read_from_the_notes_with_one_warning(tmp_path: Path) -> None:
    root, cache = _synced(tmp_path, 12)
    (db,) = cache.glob("*.sqlite")
    conn = sqlite3.connect(db)
    conn.execute(
        "UPDATE sections SET value = zeroblob(length(value)) WHERE section = 'entries'"
        " AND key = 'People/Ana Lima.md'"
    )
    conn.commit()
    conn.close()
    vault = vaultkit.open_vault(root, today=TODAY, cache_dir=cache)
    fresh = vaultkit.open_vault(root, today=TODAY, cache=False)
    assert _plain(vault.person("Ana Lima")) == _plain(fresh.person("Ana Lima"))
    assert vault.rows_read == -1  # the rows were let go at the damage
    assert len(vault.warnings) == 1 and "rebuilding" in vault.warnings[0]


def test_a_key_the_save_wrote_follows_the_person(tmp_path: Path) -> None:
    """A later one-note sync rewrites the keys of the person it touched: a new contact moves
    them out of the overdue answer."""
    root, cache = _synced(tmp_path, 12)
    first = vaultkit.open_vault(root, today=TODAY, cache_dir=cache)
    assert "Person 011" in [o.name for o in first.overdue()]
    daily = root / "Daily" / "2026-11-24.md"
    daily.write_text("Walk with [[Person 011]].\n", encoding="utf-8")
    _settled(root)
    vaultkit.open_vault(root, today=TODAY, cache_dir=cache).sync()
    again = vaultkit.open_vault(root, today=TODAY, cache_dir=cache)
    assert "Person 011" not in [o.name for o in again.overdue()]
    assert again.rows_read >= 0


def _md(day: dt.date) -> int:
    return day.month * 100 + day.day


def _inside(md: int, ranges: list[tuple[int, int]]) -> bool:
    return any(a <= md <= b for a, b in ranges)


@pytest.mark.parametrize(
    "today", ["2026-02-27", "2027-02-28", "2028-02-28", "2026-12-30", "2026-01-01", "2026-06-15"]
)
@pytest.mark.parametrize("within", [0, 1, 2, 6, 30, 200, 364, 365])
def test_the_window_holds_every_yearly_date_that_falls_in_it(today: str, within: int) -> None:
    """Every day from today to `within` days ahead has its month-day inside the ranges, and a
    29 February falls on a common year's 28 February (`text.dates.next_birthday`)."""
    start = dt.date.fromisoformat(today)
    ranges = window_days(start, within)
    for k in range(within + 1):
        day = start + dt.timedelta(days=k)
        assert _inside(_md(day), ranges), day
        if day.month == 2 and day.day == 28 and day.year % 4:
            assert _inside(229, ranges)


def test_the_window_is_everything_past_a_year_and_at_the_calendars_end() -> None:
    assert window_days(dt.date(2026, 5, 1), 400) == [(0, 9999)]
    assert window_days(dt.date.max, 3) == [(1230, 1231)]
    assert window_days(dt.date.min, 0) == [(101, 102)]


def test_a_quoted_markdown_link_is_routed_by_the_full_view(tmp_path: Path) -> None:
    """Where a Markdown link in a copied text leads is the whole index's to say (`quoted`): a
    digest quoting one is made the full way; one quoting none is answered from rows."""
    files = {
        "vaultkit.toml": 'link_style = "markdown"\n',
        "People/Ana Lima.md": "---\ncadence: 7\n---\n",
        "People/Ben Ode.md": "---\ncadence: 7\n---\n",
        "Daily/2026/2026-11-01.md": (
            "- Lunch with [Ana Lima](../../People/Ana%20Lima.md),"
            " see [Ben](../../People/Ben%20Ode.md)\n"
        ),
    }
    root = make_vault(tmp_path, files)
    _settled(root)
    cache = tmp_path / "cache"
    vaultkit.open_vault(root, today=TODAY, cache_dir=cache).sync()
    vault = vaultkit.open_vault(root, today=TODAY, cache_dir=cache)
    text = vault.digest_text(markdown=True)
    assert text == vaultkit.open_vault(root, today=TODAY, cache=False).digest_text(markdown=True)
    assert "](" in text and vault.rows_read == -1
    terminal = vaultkit.open_vault(root, today=TODAY, cache_dir=cache)
    letter = terminal.digest_text()
    assert letter == vaultkit.open_vault(root, today=TODAY, cache=False).digest_text()
    assert terminal.rows_read >= 0


def test_a_question_answered_from_rows_loads_no_parser(tmp_path: Path) -> None:
    """`show` and `overdue --json` in a fresh interpreter (the real CLI, a subprocess): the
    answer comes from the rows, and neither markdown-it nor PyYAML is imported."""
    root, cache = _synced(tmp_path, 12)
    for question in (["show", "ana lima", "--json"], ["overdue", "--json"]):
        args = [*question, "--vault", str(root), "--today", TODAY]
        found = loaded_in_fresh_interpreter(
            args, cache, ("markdown_it", "yaml", "vaultkit.read.parse")
        )
        assert found[-1] == "[]", (question, found[-3:])


def _one(cache: Path, sql: str) -> Any:
    """The one value `sql` selects from the vault's database."""
    (db,) = cache.glob("*.sqlite")
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql).fetchone()[0]
    finally:
        conn.close()


def _generation(cache: Path) -> bytes:
    return bytes(_one(cache, "SELECT value FROM meta WHERE name = 'generation'"))


def test_the_first_question_after_an_edit_keeps_what_it_read(tmp_path: Path) -> None:
    """It reads the edited note and saves it, so the next question is answered from the rows
    and holds the edit; the pages are still the next sync's to write (its no-op check does
    not pass on a question's save)."""
    root, cache = _synced(tmp_path, 12)
    note = root / "Daily" / "2026-11-24.md"
    note.write_text("Walk with [[Person 011]].\n", encoding="utf-8")
    first = vaultkit.open_vault(root, today=TODAY, cache_dir=cache)
    assert "Person 011" not in [o.name for o in first.overdue()]
    assert first.rows_read == -1  # read the vault: the database did not hold the edit
    second = vaultkit.open_vault(root, today=TODAY, cache_dir=cache)
    assert second.person("Person 011").last_contact == dt.date(2026, 11, 24)
    assert second.rows_read >= 0, "the first question kept what it read"
    recent = root / "Vaultkit" / "Recent interactions.md"
    assert "Walk with" not in recent.read_text(encoding="utf-8")
    synced = vaultkit.open_vault(root, today=TODAY, cache_dir=cache).sync()
    assert "Recent interactions.md" in synced.pages.written
    assert "Walk with" in recent.read_text(encoding="utf-8")


def test_a_question_on_a_database_that_holds_the_notes_writes_nothing(tmp_path: Path) -> None:
    root, cache = _synced(tmp_path, 12)
    before = _generation(cache)
    for ask in ("overdue", "show", "digest"):
        ASKS[ask](vaultkit.open_vault(root, today=TODAY, cache_dir=cache))
    vaultkit.open_vault(root, today=TODAY, cache_dir=cache).issues()  # the full way, no change
    assert _generation(cache) == before


def test_an_older_database_is_rebuilt_by_the_first_question_with_one_warning(
    tmp_path: Path,
) -> None:
    root, cache = _synced(tmp_path, 12)
    (db,) = cache.glob("*.sqlite")
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA user_version = 4")
    conn.commit()
    conn.close()
    first = vaultkit.open_vault(root, today=TODAY, cache_dir=cache)
    first.overdue()
    assert len(first.warnings) == 1 and "another format" in first.warnings[0]
    second = vaultkit.open_vault(root, today=TODAY, cache_dir=cache)
    second.overdue()
    assert second.warnings == [] and second.rows_read >= 0


def _blocks(cache: Path) -> int:
    return int(_one(cache, "SELECT count(*) FROM blocks"))


def test_a_questions_save_keeps_the_person_blocks_found_current(tmp_path: Path) -> None:
    """The blocks the last sync found current stay known (the next sync reads no note for
    them), except the person the edit touched, whose block the next sync writes anew."""
    root, cache = _synced(tmp_path, 12)
    (root / "Ideas.md").write_text("An idea.\n", encoding="utf-8")  # a sync that checks blocks
    _settled(root)
    vaultkit.open_vault(root, today=TODAY, cache_dir=cache).sync()
    before = _blocks(cache)
    assert before >= 12
    note = root / "Daily" / "2026-11-24.md"
    note.write_text("Walk with [[Person 011]].\n", encoding="utf-8")
    vaultkit.open_vault(root, today=TODAY, cache_dir=cache).overdue()  # reads, then keeps
    assert _blocks(cache) == before - 1  # Person 011's is no longer known to be current
    _settled(root)
    synced = vaultkit.open_vault(root, today=TODAY, cache_dir=cache).sync()
    assert synced.blocks.written == ["People/Person 011.md"]
    assert "2026-11-24" in (root / "People" / "Person 011.md").read_text(encoding="utf-8")
