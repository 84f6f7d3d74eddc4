"""A damaged cache file gives a warning and the pages of a clean run, never wrong pages."""

from __future__ import annotations

import os
import shutil
import signal
from datetime import date, timedelta
from pathlib import Path

import pytest

from benchmarks.cachedamage import damage_run
from vaultkit import api
from vaultkit.session.sync import Vault, sync
from vaultkit.store import cache_file

ROOT = Path(__file__).resolve().parent.parent
TODAY = date(2026, 11, 25)


def _files(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.name != ".vaultkit-manifest.json"
    }


def _run(root: Path, path: Path | None, day: date) -> list[str]:
    vault = api.Vault(root, day, path)
    vault.sync()
    return vault.warnings


def _edit(root: Path) -> None:
    with open(root / "Daily" / "2026-11-24.md", "a", encoding="utf-8") as fh:
        fh.write("\n- Called [[Sam Rivera]] about the trip.\n")


@pytest.mark.parametrize("occurrence", [0, 1, 2])
def test_a_flipped_bit_in_a_word_is_never_a_wrong_page(tmp_path: Path, occurrence: int) -> None:
    """The attack's case: "He would love someone" became "He would love(someone" on
    Reach out.md for every later sync, with no warning. The words are in the cache three
    times (the note's facts, the view's lists, a kept row); damage in each is caught."""
    vault, reference = tmp_path / "a" / "v", tmp_path / "b" / "v"
    shutil.copytree(ROOT / "examples" / "vault", vault)
    path = tmp_path / "cache.marshal"
    for _ in range(2):
        assert _run(vault, path, TODAY) == []
    shutil.copytree(vault, reference)
    data = path.read_bytes()
    spots = [i for i in range(len(data)) if data.startswith(b"love someone", i)]
    assert len(spots) == 3, "the words are where the test expects them"
    at = spots[occurrence] + len(b"love")
    path.write_bytes(data[:at] + b"(" + data[at + 1 :])
    _edit(vault)
    _edit(reference)
    warnings = _run(vault, path, TODAY + timedelta(1))
    _run(reference, None, TODAY + timedelta(1))
    assert _files(vault) == _files(reference)
    assert len(warnings) == 1 and "damaged" in warnings[0], warnings
    _edit(vault)  # and the cache written after it is whole again
    _edit(reference)
    assert _run(vault, path, TODAY + timedelta(2)) == []
    _run(reference, None, TODAY + timedelta(2))
    assert _files(vault) == _files(reference)


def test_a_damaged_chunk_of_notes_no_read_needed_is_left_out_with_one_warning(
    tmp_path: Path,
) -> None:
    """Damage in notes' facts that this run does not decode shows when the save marshals
    their chunk again (a neighbour was edited): those notes are left out of the new file,
    so the next run reads them from the notes, and the user is told once."""
    vault = tmp_path / "v"
    shutil.copytree(ROOT / "examples" / "vault", vault)
    path = tmp_path / "cache.marshal"
    for _ in range(2):
        _run(vault, path, TODAY)
    data = path.read_bytes()
    at = data.index(b"love someone")  # in the blobs of the notes' one chunk
    path.write_bytes(data[:at] + b"L" + data[at + 1 :])
    _edit(vault)
    warnings = _run(vault, path, TODAY)
    assert len(warnings) == 1 and "could not be read" in warnings[0], warnings
    fresh = Vault(vault, cache_path=path)
    loaded = cache_file.load(path, fresh.store.parser_key(fresh.config))
    assert loaded is not None and "People/Oli Tan.md" not in loaded.entries
    again = Vault(vault, cache_path=path)
    sync(again, TODAY)
    assert again.warnings == []
    assert "People/Oli Tan.md" in again.stamps


def test_the_cache_damage_run_finds_no_silently_wrong_page(tmp_path: Path) -> None:
    """A small `benchmarks/cachedamage.py` run (a fixed seed): a bit flipped or the file cut
    short at random, then syncs compared with syncs without a cache."""
    flipped, cut, _size = damage_run(ROOT / "examples" / "vault", tmp_path, 20, 20, seed=7)
    for tally in (flipped, cut):
        assert tally.trials == 20
        assert (tally.silently_wrong, tally.crashed, tally.repeated) == (0, 0, 0), tally.examples
    assert cut.warned == 20  # every cut is seen (the last frame's end is the file's)
    assert flipped.warned >= 10  # most flips are in what a sync reads


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes and alarms are POSIX")
def test_a_named_pipe_at_the_cache_path_is_no_cache_never_a_hang(tmp_path: Path) -> None:
    vault = tmp_path / "v"
    shutil.copytree(ROOT / "examples" / "vault", vault)
    expected = tmp_path / "e"
    shutil.copytree(vault, expected)
    _run(expected, None, TODAY)
    path = tmp_path / "cache.marshal"
    os.mkfifo(path)

    def hung(*_args: object) -> None:
        raise TimeoutError("waited on the named pipe")

    signal.signal(signal.SIGALRM, hung)  # a blocking open waits for a writer forever
    signal.alarm(20)
    try:
        assert cache_file.load_extra(path) is None  # the no-op check: not a cache
        warnings = _run(vault, path, TODAY)
    finally:
        signal.alarm(0)
    assert len(warnings) == 1 and "named pipe" in warnings[0], warnings
    assert _files(vault) == _files(expected)


def test_a_cache_of_the_format_before_checksums_is_replaced_quietly(tmp_path: Path) -> None:
    """An upgrade reads every note again once, without calling the old file damaged."""
    vault = tmp_path / "v"
    shutil.copytree(ROOT / "examples" / "vault", vault)
    path = tmp_path / "cache.marshal"
    _run(vault, path, TODAY)
    old = b"VKC\x05" + path.read_bytes()[len(cache_file.FRAMED) :]  # as format 8 began
    path.write_bytes(old)
    assert cache_file.load_extra(path) is None
    assert _run(vault, path, TODAY) == []
    assert path.read_bytes().startswith(cache_file.FRAMED)
