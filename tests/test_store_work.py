"""A one-note change in a new process costs that note: counted in reads, decodes and rows
(never in time). The store keeps each note's facts and the view's parts encoded; what the last
run worked out per person comes back for everyone the change did not touch."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from vaultkit.engine import index
from vaultkit.read import scan
from vaultkit.session import reader, sync
from vaultkit.session.sync import Vault
from vaultkit.store import cache_file, database

ROOT = Path(__file__).resolve().parent.parent
TODAY = date(2026, 11, 25)
PEOPLE = ["Sam Rivera", "Maya Chen", "Jane Doe", "Ben Carter", "Leo Martins", "Aisha Bello"]


def _vault(tmp_path: Path) -> Path:
    """The demo vault and 150 more daily notes, each meeting two of its people."""
    root = tmp_path / "v"
    shutil.copytree(ROOT / "examples" / "vault", root)
    for n in range(150):
        day = TODAY - timedelta(days=200 + n)
        a, b = PEOPLE[n % len(PEOPLE)], PEOPLE[(n * 5 + 1) % len(PEOPLE)]
        (root / "Daily" / f"{day.isoformat()}.md").write_text(
            f"- coffee with [[{a}]]\n- call with [[{b}]] about the move\n", encoding="utf-8"
        )
    return root


class Counts:
    def __init__(self) -> None:
        self.reads: list[str] = []
        self.decoded_facts: list[str] = []
        self.lists: list[tuple[str, str]] = []  # (kind, person) of each list decoded
        self.rows = 0  # values read from the database one row at a time (`database.Row`)

    def of(self, kind: str) -> list[str]:
        return [who for k, who in self.lists if k == kind]


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> Counts:
    counts = Counts()
    real_read, real_decode = scan.read_note, cache_file.decode_facts

    def read_note(root: Path, stamp: Any, limit: int) -> Any:
        counts.reads.append(stamp.path)
        return real_read(root, stamp, limit)

    def decode_facts(path: str, raw: tuple[Any, ...]) -> Any:
        counts.decoded_facts.append(path)
        return real_decode(path, raw)

    real_row_get = database.Row.get

    def row_get(self: Any) -> Any:
        counts.rows += 1
        return real_row_get(self)

    monkeypatch.setattr(database.Row, "get", row_get)

    def counting(kind: str, decode: Any) -> Any:
        def decode_list(who: str, raw: Any) -> Any:
            counts.lists.append((kind, who))
            return decode(who, raw)

        return decode_list

    monkeypatch.setattr(reader, "read_note", read_note)
    monkeypatch.setattr(cache_file, "decode_facts", decode_facts)
    real_decoder = index._decoder
    letters = {"interactions": "I", "followups": "F", "mentions": "M", "needs": "N"}
    monkeypatch.setattr(
        index,
        "_decoder",
        lambda kind: counting(letters.get(kind.name, kind.name), real_decoder(kind)),
    )
    return counts


def test_one_changed_note_costs_one_read_and_no_decode(tmp_path: Path, counted: Counts) -> None:
    root = _vault(tmp_path)
    path = cache_file.cache_file(root, tmp_path / "cache")
    first = Vault(root, cache_path=path)
    sync.sync(first, TODAY)
    notes = len(first.stamps)
    # the first run reads every note (and again the person notes whose block it wrote)
    assert notes > 90 and set(counted.reads) == set(first.stamps)
    sync.sync(Vault(root, cache_path=path), TODAY)  # and a second settles the kept results

    daily = root / "Daily" / "2026-11-24.md"
    with open(daily, "a", encoding="utf-8") as fh:
        fh.write("\n- lunch with [[Sam Rivera]]\n")
    counted.reads.clear()
    counted.decoded_facts.clear()
    counted.lists.clear()
    counted.rows = 0

    again = Vault(root, cache_path=path)
    stats = sync.sync(again, TODAY)

    assert stats.changes.modified == 1
    # no other note is read: only the changed one, and the person note whose block it moved
    # (read again after the block is written, so pages cite its lines right)
    assert stats.blocks.written == ["People/Sam Rivera.md"]
    assert counted.reads == ["Daily/2026-11-24.md", "People/Sam Rivera.md"]
    assert counted.decoded_facts == []  # nor any cached note's facts decoded
    # and of what the cache leaves in the database (notes' facts, people's lists), only the
    # rows of lazy lists decoded below are read, one row each (asks and offers are not lazy)
    assert 1 <= counted.rows <= len(counted.lists), (counted.rows, counted.lists)
    # Contact lists decoded: only those of the people the notes read again name (what they
    # added before is read back from their lists: Sam's note, read again for its block, names
    # Diego in its front matter, `introduced_by`); everyone else's status, rows, drifting and
    # recent contacts come back as the last run kept them for today. The digest and the
    # ways-to-help page, which look across people, read the follow-ups and asks of the
    # people they list.
    decoded = counted.of("I") + counted.of("M")
    view = again.index.view()
    named = {
        who
        for lists in (view.interactions, view.mentions)
        for who, items in lists.items()
        if any(i.note in counted.reads for i in items)
    }
    assert "People/Sam Rivera.md" in counted.of("I")
    assert set(decoded) <= named, counted.lists
    for kind in "IFMN":  # and none twice
        assert len(counted.of(kind)) == len(set(counted.of(kind))), counted.lists
    assert len(named) < 5 < len(view.people)
    source = again.store.source
    assert source is not None
    # the save writes the rows the change touched (a few per table, whatever the vault's
    # size) and keeps every other row as it was
    held = _rows(path)
    assert source.written > 0 and source.written * 10 < held, (source.written, held)
    assert "Sam Rivera" in (root / "Vaultkit" / "Recent interactions.md").read_text("utf-8")


def _rows(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        tables = ("notes", "parts", "kept_rows", "blocks", "sections")
        return sum(conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables)
    finally:
        conn.close()


def test_a_new_day_works_everyone_out_again(tmp_path: Path, counted: Counts) -> None:
    """What was kept is kept for one day: the next day reads every person's contacts again
    (their statuses move with the date), still without reading or decoding a note."""
    root = _vault(tmp_path)
    path = cache_file.cache_file(root, tmp_path / "cache")
    sync.sync(Vault(root, cache_path=path), TODAY)
    counted.reads.clear()
    counted.lists.clear()
    later = Vault(root, cache_path=path)
    stats = sync.sync(later, TODAY + timedelta(days=1))
    # notes read: only person notes whose block the new day changed, after writing it
    assert sorted(counted.reads) == sorted(stats.blocks.written)
    assert counted.decoded_facts == []
    assert sorted(counted.of("I")) == sorted(later.index.view().interactions)


def test_a_question_decodes_the_values_it_reads_not_every_value_held(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The load reads the kept rows and the view's plain sections as blobs: a value's CRC is
    checked and its bytes decoded when first read, so `person` (show) decodes the few days
    kept for that person, not the ones kept for everyone."""
    from vaultkit import api

    root = _vault(tmp_path)
    path = cache_file.cache_file(root, tmp_path / "cache")
    for _ in range(2):  # the second settles the kept results
        sync.sync(Vault(root, cache_path=path), TODAY)
    with sqlite3.connect(path) as conn:
        held = conn.execute("SELECT count(*) FROM sections WHERE section = 'days'").fetchone()[0]
    conn.close()
    assert held >= 3 * len(PEOPLE)

    decoded: list[str] = []
    real_value = database._value

    def value(key: str, blob: Any) -> Any:
        decoded.append(key)
        return real_value(key, blob)

    monkeypatch.setattr(database, "_value", value)
    found = api.Vault(root, TODAY, path).person("Sam Rivera")
    assert found.name == "Sam Rivera"
    days = [k for k in decoded if k.startswith("days\0")]
    assert all(k.endswith("\0People/Sam Rivera.md") for k in days), days
    assert len(days) < held // 3
    assert not any(k.startswith("near\0") for k in decoded)  # nothing asked for a near miss


def test_many_rows_of_one_section_are_read_in_one_select(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A new day's digest reads every person's contacts: after the first few one row at a
    time (`BATCH_AFTER`), the rest of that section comes in one SELECT, with the same values."""
    root = _vault(tmp_path)
    path = cache_file.cache_file(root, tmp_path / "cache")
    v = Vault(root, cache_path=path)
    sync.sync(v, TODAY)
    key, derived = v.store.parser_key(v.config), v.store.derived_key(v.config)

    def read_all(batch_after: int) -> tuple[dict[str, Any], list[str]]:
        monkeypatch.setattr(database, "BATCH_AFTER", batch_after)
        loaded = database.load(path, key, derived)
        assert loaded is not None and loaded.sections is not None and loaded.source is not None
        reader = loaded.source.reader
        assert reader is not None
        statements: list[str] = []
        reader.conn.set_trace_callback(statements.append)
        rows = loaded.sections["interactions"]
        values = {who: database.plain(row) for who, row in rows.items()}
        values |= {who: database.plain(row) for who, row in rows.items()}  # read twice: the same
        loaded.source.close()
        return values, [s for s in statements if s.lstrip().upper().startswith("SELECT")]

    one_by_one, selects = read_all(10_000)
    assert len(one_by_one) >= 6 and len(selects) == 2 * len(one_by_one)
    batched, selects = read_all(2)
    assert batched == one_by_one
    # two rows one at a time, then the section at once; read again, each row the batch
    # handed out (and let go) is read one at a time, the first two came from the batch
    assert len(selects) == 2 + 1 + (len(one_by_one) - 2), selects


def test_a_big_save_leaves_no_big_write_ahead_log(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A save whose log outgrew `WAL_BYTES` copies it into the database and cuts it to nothing
    (`database._trim_log`): SQLite would only cut it at the next write, or when the last
    connection closes (here another stays open, as a reader's or a watcher's may), and every
    open until then looks through it. Here any log counts as big."""
    root = _vault(tmp_path)
    path = cache_file.cache_file(root, tmp_path / "cache")
    sync.sync(Vault(root, cache_path=path), TODAY)
    other = sqlite3.connect(path)  # another process's connection, idle
    try:
        other.execute("SELECT count(*) FROM meta").fetchall()
        monkeypatch.setattr(database, "WAL_BYTES", 0)
        sync.sync(Vault(root, cache_path=path), TODAY + timedelta(days=1))  # writes rows
        log = Path(f"{path}-wal")
        assert log.exists()  # the other connection keeps it
        assert log.stat().st_size == 0
    finally:
        other.close()
