"""An index updated note by note gives exactly the view a fresh index gives (memoised build)."""

from __future__ import annotations

import marshal

from hypothesis import given, settings
from hypothesis import strategies as st

from vaultkit.engine.index import Index, VaultView
from vaultkit.read.config import Config
from vaultkit.read.parse import parse

NOTES = {
    "People/Jane.md": (
        "---\naliases: [J]\ncadence: weekly\n---\n## Log\n- 2026-11-01 tea with [[Bob]]\n"
    ),
    "People/Bob.md": "---\nlast_contact: 2026-10-01\n---\n# Bob\n- [ ] call [[Ana]]\n",
    "Daily/2026-11-20.md": "Coffee with [[J]] and [[Ana]].\n",
    "Notes/Ideas.md": "Ask [[Bob]] about [[Jane]].\n",
    "Daily/2026-11-19.md": "See [[Ideas]], [Bob](../People/Bob.md) and [[People/Ana]].\n",
}
EDITS = [
    ("Daily/2026-11-21.md", "Lunch with [[Bob]].\n"),
    ("Daily/2026-11-20.md", "Coffee with [[Jane]] only.\n"),
    ("People/Ana.md", "---\naliases: [J]\n---\n"),  # a clash: resolution changes
    ("People/Ana.md", "# Ana\n"),
    ("Notes/Ideas.md", None),  # removed
    ("People/Jane.md", "---\nname: Janet\n---\n## Log\n- 2026-11-10 walk\n"),  # renamed
    ("Daily/2026-11-22.md", "- [x] called [[Janet]]\n- [ ] write to [[Bob]]\n"),
    ("People/Bob.md", None),
    ("Daily/2026-11-23.md", "[[Ana]] [[Bob]] [[Jane]]\n"),
    # notes that re-route other notes' links without being edited themselves:
    ("Other/Bob.md", "Another Bob.\n"),  # [[Bob]] becomes ambiguous
    ("Other/Ideas.md", "More ideas.\n"),  # so does [[Ideas]]
    ("Ana.md", "A root note named Ana.\n"),  # [[Ana]] now means this one
    ("Other/Bob.md", None),
    ("Ana.md", None),
    ("People/Jane.md", "---\naliases: [Ana, Bobby]\n---\n"),  # an alias that is a name
    ("People/Bob.md", "---\nname: Bobby\n---\n- [ ] ask [[J]]\n"),
    # a person's folder (VAULT_FORMAT §3): its notes stop being people when its owner appears
    ("People/Oli/2026-11-09 1on1.md", "Talked about the move.\n"),
    ("People/Oli/Mia.md", "---\naliases: [M]\n---\nOli's partner.\n"),
    ("People/Oli.md", "# Oli\n"),
    ("People/Oli.md", None),
    ("People/Oli/Oli.md", "---\ntype: person\n---\n"),  # the folder note form
    ("People/Oli/Oli.md", None),
    ("Daily/2026-11-24.md", "Met [[M]].\n- [x] called [[Ana]] ✅ 2026-11-23\n  - and [[Jane]]\n"),
    ("Notes/Tpl.md", "{{date}} with [[Bob]]\n"),
    # near misses (VAULT_FORMAT §7): they depend on people's names, not only on the linking note
    ("Daily/2026-11-25.md", "Met [[Mia]] and [[bob_]].\n"),
    ("People/Mia Wong.md", "# Mia\n"),  # [[Mia]] nearly names her
    ("People/Mia Wong.md", "---\naliases: [Mia]\n---\n"),  # and then names her
]


def _fresh(notes: dict[str, str]) -> VaultView:
    index = Index(Config())
    for path, text in sorted(notes.items()):
        index.add(parse(path, text))
    return index.view()


def _same(a: VaultView, b: VaultView) -> None:
    assert a.people == b.people
    assert a.interactions == b.interactions
    assert a.followups == b.followups
    assert a.mentions == b.mentions
    assert a.issues == b.issues


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(range(len(EDITS))), max_size=14))
def test_memoised_builds_equal_fresh_builds(order: list[int]) -> None:
    notes = dict(NOTES)
    index = Index(Config())
    for path, text in notes.items():
        index.add(parse(path, text))
    _same(index.view(), _fresh(notes))
    for step in order:
        _apply(index, notes, step)
        _same(index.view(), _fresh(notes))


def _apply(index: Index, notes: dict[str, str], step: int) -> None:
    """One edit to the index and to the notes a fresh build is made from."""
    path, edit = EDITS[step]
    if edit is None:
        notes.pop(path, None)
        index.remove(path)
    else:
        notes[path] = edit
        index.update(parse(path, edit))


def test_unchanged_notes_are_not_rebuilt() -> None:
    index = Index(Config())
    for path, text in NOTES.items():
        index.add(parse(path, text))
    index.view()
    before = dict(index.memo.contrib)
    index.update(parse("Daily/2026-11-20.md", "Coffee with [[Bob]].\n"))
    index.view()
    kept = [p for p in before if p != "Daily/2026-11-20.md"]
    assert kept and all(index.memo.contrib[p] is before[p] for p in kept)
    assert index.memo.contrib["Daily/2026-11-20.md"] is not before["Daily/2026-11-20.md"]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(range(len(EDITS))), st.integers(0, 40)), max_size=10))
def test_memoised_pages_equal_fresh_pages(steps: list[tuple[int, int]]) -> None:
    """Rows and statuses are reused across syncs; the pages must still be what a fresh run
    renders, edit after edit and day after day (the watcher lives past midnight)."""
    from datetime import date, timedelta

    from vaultkit.pages.catalog import render_pages
    from vaultkit.pages.person_block import render_block

    config = Config()
    notes = dict(NOTES)
    index = Index(config)
    for path, text in notes.items():
        index.add(parse(path, text))
    for step, days in steps:
        _apply(index, notes, step)
        today = date(2026, 11, 1) + timedelta(days=days)
        live, fresh = index.view(), _fresh(notes)
        assert render_pages(live, today, config) == render_pages(fresh, today, config)
        for person in fresh.people:
            assert render_block(live, person, today, config) == render_block(
                fresh, person, today, config
            )


def _edited(notes: dict[str, str], steps: list[int]) -> dict[str, str]:
    out = dict(notes)
    for step in steps:
        path, edit = EDITS[step]
        if edit is None:
            out.pop(path, None)
        else:
            out[path] = edit
    return out


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.sampled_from(range(len(EDITS))), max_size=6),
    st.lists(st.sampled_from(range(len(EDITS))), max_size=6),
)
def test_restored_views_equal_fresh_builds(before: list[int], after: list[int]) -> None:
    """A new process restores the last view from the cache, adds the unchanged notes still
    encoded and the changed ones parsed: it must see what a fresh build sees."""
    from vaultkit.core.models import FileStamp
    from vaultkit.store import cache_file

    notes = _edited(NOTES, before)
    first = Index(Config(), decoder=cache_file.decode_facts)
    for path, text in notes.items():
        first.add(parse(path, text))
    first.view()
    snapshot = first.snapshot()
    assert snapshot is not None
    blobs = dict(cache_file.encode_derived(snapshot.parts))
    sections = marshal.loads(marshal.dumps(snapshot.sections))
    encoded = {p: cache_file.encode(FileStamp(p, 1, 1), f) for p, f in first.facts.items()}

    changed = _edited(notes, after)
    second = Index(Config(), decoder=cache_file.decode_facts)
    second.restore(blobs, sections, cache_file.unpack_part)
    for path, text in changed.items():
        if notes.get(path) == text:
            second.add_encoded(path, encoded[path], derived=second.has_derived(path))
        else:
            second.add(parse(path, text))
    _same(second.view(), _fresh(changed))
    # and what it saves is a snapshot the next process can restore as is
    again = second.snapshot()
    assert again is not None
    third = Index(Config(), decoder=cache_file.decode_facts)
    again_blobs = dict(cache_file.encode_derived(again.parts))
    third.restore(again_blobs, marshal.loads(marshal.dumps(again.sections)), cache_file.unpack_part)
    for path, text in changed.items():
        third.add(parse(path, text))
    assert third.memo.dirty == set(changed)
    _same(third.view(), _fresh(changed))


def test_a_persons_folder_appearing_and_going_updates_its_notes() -> None:
    """The owner of a folder changes other notes' person-ness and contacts without their
    being edited: the memoised build must find them (VAULT_FORMAT §3)."""
    notes = dict(NOTES)
    index = Index(Config())
    for path, text in notes.items():
        index.add(parse(path, text))
    steps = [i for i, (path, _) in enumerate(EDITS) if path.startswith("People/Oli")]
    seen_folder = False
    for step in steps:
        _apply(index, notes, step)
        view = index.view()
        _same(view, _fresh(notes))
        owner = next((p for p in ("People/Oli.md", "People/Oli/Oli.md") if p in notes), None)
        if owner is not None:
            seen_folder = True
            assert "People/Oli/Mia.md" not in view.people
            notes_of = [i.note for i in view.interactions[owner]]
            assert notes_of == ["People/Oli/2026-11-09 1on1.md"]
        elif "People/Oli/Mia.md" in notes:
            assert "People/Oli/Mia.md" in view.people
    assert seen_folder
