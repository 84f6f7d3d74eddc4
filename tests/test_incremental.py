"""An index updated note by note gives exactly the view a fresh index gives (memoised build)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from vaultkit.config import Config
from vaultkit.index import Index, VaultView
from vaultkit.parse import parse

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
        path, edit = EDITS[step]
        if edit is None:
            notes.pop(path, None)
            index.remove(path)
        else:
            notes[path] = edit
            index.update(parse(path, edit))
        _same(index.view(), _fresh(notes))


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

    from vaultkit.personblock import render_block
    from vaultkit.render import render_pages

    config = Config()
    notes = dict(NOTES)
    index = Index(config)
    for path, text in notes.items():
        index.add(parse(path, text))
    for step, days in steps:
        path, edit = EDITS[step]
        if edit is None:
            notes.pop(path, None)
            index.remove(path)
        else:
            notes[path] = edit
            index.update(parse(path, edit))
        today = date(2026, 11, 1) + timedelta(days=days)
        live, fresh = index.view(), _fresh(notes)
        assert render_pages(live, today, config) == render_pages(fresh, today, config)
        for person in fresh.people:
            assert render_block(live, person, today, config) == render_block(
                fresh, person, today, config
            )
