"""The incremental engine: NoteFacts per path, and the vault-wide view derived from them.

`add`/`remove` are O(1) and mark the path dirty; `view()` re-derives only what the dirty
notes can have changed (see `_Memo`), so one edit in a vault of 100k notes costs about as
much as the notes it touches. The first build is linear in notes + links. The index never
reads files; notes loaded from the cache stay encoded until something needs them. What is
true of the notes is decided in `relations.py`; how the view is stored, in `encoding.py`.
"""

from __future__ import annotations

import sys
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, TypeVar

from ..core import kinds
from ..read.config import Config

if TYPE_CHECKING:
    from ..reports.overview import Drift, Status
    from ..reports.ways_to_help import Helping
from ..core.kinds import FOLLOWUPS, INTERACTIONS, MENTIONS, NEEDS, Contribution, Kind
from ..core.lazy_lists import Decode, Later, PersonLists
from ..core.models import (
    NOBODY,
    FollowUp,
    Interaction,
    Issue,
    Mention,
    Need,
    NoteFacts,
    Person,
    PersonNote,
)
from ..read.links import Resolver, link_names, path_name
from ..rules.relations import (
    NearMap,
    alias_map,
    contribution,
    daily_settings_issues,
    folder_owner,
    near_map,
    near_misses,
    one_placeholder_hint,
    person_folders,
    person_keys,
    person_note,
    under,
)
from .encoding import ISSUE, contrib_raw, entry_from, entry_raw

__all__ = [
    "DamagedSnapshot",
    "Index",
    "LazyFacts",
    "Mention",
    "PersonNote",
    "SharedMemo",
    "Snapshot",
    "VaultView",
    "ViewMemo",
    "derive_parts",
    "person_note",
]

T = TypeVar("T")


@dataclass
class ViewMemo:
    """What the reports work out once per view (three pages ask for everyone's status)."""

    all_status: dict[date, list[Status]] = field(default_factory=dict)  # by day, by name
    overdue: dict[date, list[Status]] = field(default_factory=dict)  # by day, most overdue first
    helping: dict[tuple[date, int], Helping] = field(default_factory=dict)  # by day, ask_days
    drifting: dict[tuple[date, int], list[Drift]] = field(default_factory=dict)  # by day, horizon


@dataclass
class SharedMemo:
    """What reports and pages keep across views of one index, keyed by the objects the
    results are made of: the index replaces a person's lists when they change, never edits
    them, so the same objects mean the same answer."""

    # person -> (person, their version, day, status made of them)
    statuses: dict[str, tuple[Person, int, date, Status]] = field(default_factory=dict)
    # kind -> person -> (version, day ordinal, plain value): what a report worked out for one
    # person on one day. Plain, so it is kept in the cache: a new process after one edit
    # takes it for everyone the edit did not touch instead of reading their lists again.
    days: dict[str, dict[str, tuple[int, int, Any]]] = field(default_factory=dict)
    # as read from the cache (flat, `Index.kept_days`): each taken into `days` when first read,
    # so a command pays for the people it asks about (`day`)
    days_loaded: Mapping[str, Any] = field(default_factory=dict)
    days_damage: str = ""  # why a kept day of `days_loaded` could not be read (`kept_days`)
    # (kind, person) -> (a kept plain value, its decoded form): decoded once per process
    decoded: dict[tuple[str, str], tuple[Any, Any]] = field(default_factory=dict)
    # page kind -> person -> (row key, rendered row[, status it was made for])
    rows: dict[str, dict[str, tuple[Any, ...]]] = field(default_factory=dict)

    def day(self, kind: str, path: str) -> tuple[int, int, Any] | None:
        """What was kept for this kind and person (`days`), from the cache if not yet read."""
        found = self.days.get(kind)
        hit = found.get(path) if found is not None else None
        if hit is None and self.days_loaded:
            hit = _loaded_day(self.days_loaded, f"{kind}\0{path}")
            if hit is not None:
                self.days.setdefault(kind, {})[path] = hit
        return hit


def _loaded_day(flat: Mapping[str, Any], key: str) -> tuple[int, int, Any] | None:
    """A kept day as the cache holds it, for version 0 of its person (every person's version
    after a restore); DamagedSnapshot if it is no kept day."""
    if key not in flat:
        return None
    got = flat[key]  # CacheError if its bytes are damaged
    if not (isinstance(got, tuple) and len(got) == 2 and type(got[0]) is int):
        raise DamagedSnapshot("is damaged (a kept day)")
    return (0, got[0], got[1])


@dataclass
class VaultView:
    """Everything the reports need; built from the index, independent of today."""

    notes: int
    people: dict[str, Person]
    lists: tuple[Mapping[str, list[Any]], ...]  # per kind (`kind.at`): person path -> items
    issues: list[Issue]
    facts: Mapping[str, NoteFacts] = field(repr=False, default_factory=dict)
    memo: ViewMemo = field(repr=False, default_factory=lambda: ViewMemo())  # this view's
    shared: SharedMemo = field(repr=False, default_factory=lambda: SharedMemo())  # across views
    person_notes: dict[str, PersonNote] = field(repr=False, default_factory=dict)
    # a person's version: changes whenever their person or any of their lists is replaced,
    # so what was worked out for a version (and a day) still holds (`SharedMemo.days`)
    version: Callable[[str], int] = field(repr=False, default=lambda _path: -1)
    # the note a Markdown link's target, written in a note (the second), reaches, as the
    # notes' own links resolve (§7): for a page that copies that note's text (`quoted`)
    resolve: Callable[[str, str], str | None] = field(repr=False, default=lambda _t, _s: None)

    def of(self, kind: Kind[T]) -> Mapping[str, list[T]]:
        """A kind's lists (`kinds.KINDS`), each in its kind's order."""
        return self.lists[kind.at]

    # the four first kinds by name, for their many readers
    @property
    def interactions(self) -> Mapping[str, list[Interaction]]:  # newest first
        return self.lists[INTERACTIONS.at]

    @property
    def followups(self) -> Mapping[str, list[FollowUp]]:
        return self.lists[FOLLOWUPS.at]

    @property
    def mentions(self) -> Mapping[str, list[Mention]]:
        return self.lists[MENTIONS.at]

    @property
    def needs(self) -> Mapping[str, list[Need]]:  # asks and offers
        return self.lists[NEEDS.at]

    @property
    def interaction_count(self) -> int:
        found = self.interactions
        if isinstance(found, PersonLists):
            return found.total()  # without decoding the lists
        return sum(len(v) for v in found.values())


Decoder = Callable[[str, Any], NoteFacts]
# A cold first build's derivations run elsewhere (sync.py forks workers): given the index and
# every path, batches of (position in the paths, packed snapshot part, packed items) for the
# notes that add something; or None when it cannot run now. The second function unpacks.
FanOut = tuple[
    Callable[["Index", list[str]], Iterator[list[tuple[int, Any, Any]]] | None],
    Callable[[Any], Any],
]


@dataclass
class Snapshot:
    """A built view as plain data: the notes' parts, then named sections (see `Index.snapshot`)."""

    parts: dict[str, Any]
    sections: dict[str, dict[str, Any]]
    lazy: frozenset[str] = frozenset()  # the sections the cache leaves in the file until read


def _decoder(kind: Kind[Any]) -> Decode[Any]:
    """How a kind's restored lists are read back (tests wrap it to count the lists read)."""
    return _checked(kind.decode)


def _checked(decode: Callable[[str, Any], list[Any]]) -> Callable[[str, Any], list[Any]]:
    """A restored list that does not decode is a damaged cache, not a bug to show the user."""

    def decode_checked(who: str, raw: Any) -> list[Any]:
        try:
            return decode(who, raw.get() if isinstance(raw, Later) else raw)
        except Exception as exc:  # the chunk unreadable, the form not one: a damaged cache
            raise DamagedSnapshot(f"is damaged (the view's lists for {who})") from exc

    return decode_checked


class Index:
    """NoteFacts per vault path; cheap to update one file at a time (watch, cache).

    Notes come in parsed (`add`) or still encoded from the cache (`add_encoded`); an encoded
    note is decoded only when the view needs its facts, and not kept decoded, which is what
    keeps a warm run of a big vault small and quick.
    """

    def __init__(self, config: Config, decoder: Decoder | None = None) -> None:
        self.config = config
        self.facts: dict[str, NoteFacts] = {}  # parsed in this process
        self.encoded: dict[str, Any] = {}  # from the cache, decoded on demand
        self.decoder = decoder
        self.file_issues: dict[str, list[Issue]] = {}  # unreadable/oversized files, by path
        self.extra_issues: list[Issue] = []  # config and output-folder findings
        self._view: VaultView | None = None
        self.memo = _Memo()
        self.hints: dict[str, PersonNote] = {}  # person_note() worked out by a parse worker
        self.fan_out: FanOut | None = None  # for the first build only (see `_full`)
        # Set by a session with no cache to save the notes to: the encoded notes are let go
        # after the first build, and a note needed again (rarely) is read again through this.
        self.reload: Callable[[str], NoteFacts | None] | None = None

    def _touch(self, path: str) -> None:
        self.memo.dirty.add(path)
        self._view = None

    def add(self, facts: NoteFacts) -> None:
        self.facts[facts.path] = facts
        self.hints.pop(facts.path, None)
        self.encoded.pop(facts.path, None)
        self.file_issues.pop(facts.path, None)
        self._touch(facts.path)

    update = add

    def add_encoded(
        self, path: str, data: Any, *, derived: bool = False, hint: PersonNote | None = None
    ) -> None:
        """A note from the cache or a parse worker; `derived`: its part of a restored view is
        still valid; `hint`: its `person_note`, already worked out from the same facts."""
        self.encoded[path] = data
        if hint is None:
            self.hints.pop(path, None)
        else:
            self.hints[path] = hint
        self.facts.pop(path, None)
        self.file_issues.pop(path, None)
        if not derived:
            self._touch(path)

    def remove(self, path: str) -> None:
        self.hints.pop(path, None)
        self.facts.pop(path, None)
        self.encoded.pop(path, None)
        self.file_issues.pop(path, None)
        self._touch(path)

    def set_file_issue(self, path: str, issue: Issue) -> None:
        """A file that could not be read: it leaves the index and is reported instead."""
        self.hints.pop(path, None)
        self.facts.pop(path, None)
        self.encoded.pop(path, None)
        self.file_issues[path] = [issue]
        self._touch(path)

    def set_extra_issues(self, issues: list[Issue]) -> None:
        if issues != self.extra_issues:
            self.extra_issues = list(issues)
            self._view = None

    def note(self, path: str) -> NoteFacts | None:
        found = self.facts.get(path)
        if found is None and path in self.encoded:
            data = self.encoded[path]
            if data is None and self.reload is not None:  # let go (`release_encoded`)
                return self.reload(path)
            assert self.decoder is not None, "encoded notes need a decoder"
            found = self.decoder(path, data)
        return found

    def release_encoded(self) -> None:
        """Let the encoded notes go, keeping which notes there are; `note` reads one again
        through `reload`. At 100k notes they are ~75 MB that only a cache write needs."""
        if self.reload is not None and self.encoded:
            self.encoded = dict.fromkeys(self.encoded)

    def __contains__(self, path: object) -> bool:
        return path in self.facts or path in self.encoded

    def paths(self) -> Iterator[str]:
        yield from self.facts
        yield from self.encoded

    def view(self) -> VaultView:
        if self._view is None:
            self._view = _build(self)
        return self._view

    def snapshot(self) -> Snapshot | None:
        """The built view as plain data for the cache; None if not settled.

        `parts`: every note's own part (None when it adds nothing), so a restored index
        knows exactly which notes its view was built from; read back only for a note that is
        derived again. The other sections are what a restored view starts from without
        reading any note's part: people's notes, issues, the per-person lists and the
        people-wide results. Whatever was restored and not replaced since goes back as it
        was loaded, not encoded again.
        """
        memo = self.memo
        if not memo.built or memo.dirty or self._view is None:
            return None
        parts: dict[str, Any] = {}
        blobs = memo.blobs
        entries: dict[str, Any] = {}
        loaded = memo.entry_plain
        for path in memo.order:
            entry = memo.people.get(path, NOBODY)
            blob = blobs.get(path)
            if entry is not NOBODY:
                plain = loaded.get(path) if blob is not None else None
                entries[path] = plain if plain is not None else entry_raw(entry)
            if blob is not None:
                parts[path] = blob
                continue
            part = memo.contrib.get(path)
            names = memo.names.get(path)
            touched = _people_of(part) if part is not None else ()
            parts[path] = (touched, names or ()) if touched or names else None
        issues = {
            path: tuple([ISSUE.encode(i) for i in found])
            for path, found in memo.note_issues.items()
        }
        lists: dict[str, dict[str, Any]] = {}
        for kind, held in zip(kinds.KINDS, memo.lists, strict=True):
            lists[kind.name] = {who: held.plain(who, kind.raw) for who in held}
        people = {
            "folders": memo.folders,
            "aliases": memo.aliases,
            "alias_issues": tuple([ISSUE.encode(i) for i in memo.alias_issues]),
            "view": tuple(memo.people_view),
        }
        near: Mapping[str, Any] | None = memo.near_loaded if memo.near is None else memo.near
        sections: dict[str, Any] = {"entries": entries, "issues": issues, **lists, "people": people}
        sections["near"] = _near(memo) if near is None else near
        return Snapshot(parts, sections, frozenset(k.name for k in kinds.KINDS if k.lazy))

    def restore(
        self,
        blobs: dict[str, Any],
        sections: Mapping[str, Mapping[str, Any]],
        unpack: Callable[[Any], Any],
    ) -> None:
        """Start from a snapshot's view instead of deriving every note again.

        Call on an empty index, then add the notes: those added with `derived=True` are taken
        as the snapshot saw them; any other addition, and any note of the snapshot that is
        never added, is re-derived on the next build. `blobs` are the notes' parts, unpacked
        only for a note that is derived again; the per-person lists stay plain until read
        (`lazylists`). Raises ValueError on malformed data (checked as far as a restore
        reads it; a list found malformed later raises DamagedSnapshot).
        """
        try:
            self._restore(blobs, sections, unpack)
        except (TypeError, KeyError, IndexError, AttributeError) as exc:
            raise ValueError("the view is malformed") from exc

    def _restore(
        self,
        blobs: dict[str, Any],
        sections: Mapping[str, Mapping[str, Any]],
        unpack: Callable[[Any], Any],
    ) -> None:
        memo = self.memo
        memo.order = list(blobs)
        people: dict[str, PersonNote] = dict.fromkeys(memo.order, NOBODY)
        for path, raw in sections["entries"].items():
            if path not in people:
                raise ValueError("an entry of the view names no note")
            people[path] = entry_from(path, raw)
        memo.people = people
        memo.entry_plain = sections["entries"]
        memo.note_issues = {
            path: tuple([ISSUE.decode(i, path) for i in raw])
            for path, raw in sections["issues"].items()
        }
        lists: list[PersonLists[Any]] = []
        for kind in kinds.KINDS:
            raw_lists = dict(sections[kind.name])
            if not all(
                (type(v) is tuple and v) or (isinstance(v, Later) and v.count > 0)
                for v in raw_lists.values()
            ):
                raise ValueError("a list of the view is malformed")
            lists.append(PersonLists(raw=raw_lists, decode=_decoder(kind)))
        memo.lists = tuple(lists)
        found = sections["people"]
        folders, aliases = dict(found["folders"]), dict(found["aliases"])
        view_paths = found["view"]
        memo.folders = {str(k): str(v) for k, v in folders.items()}
        memo.aliases = {str(k): list(v) for k, v in aliases.items()}
        memo.alias_issues = [ISSUE.decode(i, "") for i in found["alias_issues"]]
        people_view: dict[str, Person] = {}
        for path in view_paths:
            person = people[path].person
            if person is None:
                raise ValueError("a person of the view has no note")
            people_view[path] = person
        memo.people_view = people_view
        near = sections.get("near")
        if near is not None and not isinstance(near, Mapping):
            raise ValueError("the near-miss keys are malformed")
        memo.built = memo.restored = True
        memo.from_snapshot = True
        memo.near, memo.near_loaded = None, near
        memo.blobs, memo.unpack = blobs, unpack  # the blobs are the index's from here on

    def kept_days(self) -> dict[str, Any]:
        """What reports kept per person and day (`SharedMemo.days`), for the people it is
        still true of (their version has not moved since), as one flat dict for the cache:
        kind and person joined by a NUL -> (day ordinal, value). What was read and is still
        true goes back as the very tuple read (so the cache copies its chunk)."""
        memo = self.memo
        people, version = memo.people_view, memo.version
        loaded = memo.shared.days_loaded
        out: dict[str, Any] = {}
        days = memo.shared.days
        for key in loaded:  # those no report of this process read, as they came
            kind, _, path = key.partition("\0")
            if path in people and path not in days.get(kind, {}):
                try:
                    memo.shared.day(kind, path)
                except Exception as exc:  # damaged (the store's CacheError, or no kept day):
                    # not kept (what needs it next works it out again); the save says so
                    memo.shared.days_damage = memo.shared.days_damage or str(exc)
        for kind, found in days.items():
            for path, (seen, day, value) in found.items():
                if path in people and seen == version(path):
                    key = f"{kind}\0{path}"
                    was = loaded.get(key)
                    out[key] = was if was is not None and was[1] is value else (day, value)
        return out

    def restore_days(self, flat: Mapping[str, Any]) -> None:
        """`kept_days` of the process that saved the view this index was restored from: kept
        for version 0 of each person, which is every person's version after a restore. Each is
        read (and checked) when a report first asks for it (`SharedMemo.day`)."""
        self.memo.shared.days = {}
        self.memo.shared.days_loaded = flat

    def same_since_restore(self, person: str) -> bool:
        """The person and their lists are as the restored view had them (nothing re-derived
        since touched them): what was true of them when the view was saved still is."""
        return self.memo.from_snapshot and self.memo.version(person) == 0

    def has_derived(self, path: str) -> bool:
        """Whether a restored view covers this note (so it can be added with derived=True)."""
        return self.memo.restored and path in self.memo.people


class LazyFacts(Mapping[str, NoteFacts]):
    """`view.facts`: every note's facts, decoded when asked for (most never are)."""

    def __init__(self, index: Index, order: list[str]) -> None:
        self._index, self._order = index, order

    def __getitem__(self, path: str) -> NoteFacts:
        found = self._index.note(path)
        if found is None:
            raise KeyError(path)
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(self._order)

    def __len__(self) -> int:
        return len(self._order)


@dataclass
class _Memo:
    """The last build, kept so the next one redoes only what the dirty notes can change.

    A note's `PersonNote` depends on its own facts only. Its `Contribution` also depends on
    how its links resolve, and a link's resolution depends only on the notes and people whose
    file name, name or alias equals the link's last path component (`links.link_names`). So a
    build re-derives the dirty notes, plus the notes that link by a name that an added or
    removed note, or a changed person, carries (`linkers`). Aggregated lists are replaced,
    never changed in place: a view handed out earlier stays as it was, and a list that is the
    same object as last time means that person's data did not change (reports memoise on it).
    """

    dirty: set[str] = field(default_factory=set)
    built: bool = False
    order: list[str] = field(default_factory=list)  # every note path, sorted
    people: dict[str, PersonNote] = field(default_factory=dict)  # every note
    people_view: dict[str, Person] = field(default_factory=dict)
    aliases: dict[str, list[str]] = field(default_factory=dict)
    alias_issues: list[Issue] = field(default_factory=list)
    resolver: Resolver | None = None
    # non-empty ones, of notes derived in this process (a restored note's is in its blob)
    contrib: dict[str, Contribution] = field(default_factory=dict)
    note_issues: dict[str, tuple[Issue, ...]] = field(default_factory=dict)  # contributions'

    names: dict[str, tuple[str, ...]] = field(default_factory=dict)  # link names, per note
    linkers: dict[str, set[str]] | None = None  # link name -> notes; built from names on demand
    restored: bool = False  # built from a snapshot: notes gone since are found on the next build
    # Restored notes not derived again since: their snapshot part as loaded, and how to read
    # it. Their contributions and link names are read back from it when needed, never held.
    blobs: dict[str, Any] = field(default_factory=dict)
    unpack: Callable[[Any], Any] | None = None
    # built from a snapshot: a person still at version 0 is as the snapshot had them
    from_snapshot: bool = False
    # per kind (`kind.at`): person -> their list, in the kind's order
    lists: tuple[PersonLists[Any], ...] = field(
        default_factory=lambda: tuple(PersonLists() for _ in kinds.KINDS)
    )
    shared: SharedMemo = field(default_factory=lambda: SharedMemo())  # reports' and pages' memos
    # a person's folder (folded path) -> that person's note (VAULT_FORMAT §3)
    folders: dict[str, str] = field(default_factory=dict)
    daily_check: tuple[list[str], tuple[Issue, ...]] | None = None  # for this `order`
    # restored notes' entries as loaded: saved again as they are while the note is not
    # derived again (the cache then copies their chunks instead of marshalling them)
    entry_plain: Mapping[str, Any] = field(default_factory=dict)
    versions: dict[str, int] = field(default_factory=dict)  # person -> version (absent: 0)
    clock: int = 0
    near: NearMap | None = None  # the people's near-miss keys, worked out when first needed
    # or taken from the restored view (a big vault's people take ~0.1 s to work them out)
    near_loaded: Mapping[str, Any] | None = None  # (saved again as it came while unchanged)

    def changed(self, people: Iterable[str]) -> None:
        """These people's person or lists were replaced: a new version of each."""
        for who in people:
            self.clock += 1
            self.versions[who] = self.clock

    def version(self, person: str) -> int:
        return self.versions.get(person, 0)


def _build(index: Index) -> VaultView:
    memo = index.memo
    dirty, memo.dirty = memo.dirty, set()
    if memo.restored:  # notes the snapshot had but nobody added back are gone
        dirty |= {p for p in memo.people if p not in index}
        memo.restored = False
    if not memo.built:
        _full(index, memo)
    else:
        _incremental(index, memo, dirty)
    memo.built = True
    issues: list[Issue] = list(index.extra_issues)
    for found in index.file_issues.values():
        issues.extend(found)
    for entry in memo.people.values():
        issues.extend(entry.issues)
    issues.extend(memo.alias_issues)
    for found_issues in memo.note_issues.values():
        issues.extend(found_issues)
    issues = near_misses(issues, memo.people_view, lambda: _near(memo))
    issues = one_placeholder_hint(issues, index.config)
    issues.extend(_daily_settings(memo, index.config))
    issues.sort(key=lambda i: (i.path, i.line or 0, i.kind, i.message))
    return VaultView(
        notes=len(memo.order),
        people=memo.people_view,
        lists=tuple([held.copy() for held in memo.lists]),
        issues=_unique(issues),
        facts=LazyFacts(index, memo.order),
        shared=memo.shared,
        person_notes={p: memo.people[p] for p in memo.people_view},
        version=memo.version,
        resolve=lambda target, source: _resolver(memo).resolve(target, source, "md")[0],
    )


def _daily_settings(memo: _Memo, config: Config) -> tuple[Issue, ...]:
    """Worked out again only when the set of notes changed (a new `order` list)."""
    if memo.daily_check is None or memo.daily_check[0] is not memo.order:
        memo.daily_check = (memo.order, daily_settings_issues(memo.order, config))
    return memo.daily_check[1]


def _full(index: Index, memo: _Memo) -> None:
    """Everything from the notes: the first build of a process without a restored view."""
    # Interned: a packed part marks them so, and unpacking one gives back these very strings
    # (not a copy of a person's path for every interaction and mention of them).
    memo.order = [sys.intern(p) for p in sorted(index.paths())]
    memo.people = {}
    for path in memo.order:
        entry = _entry_of(index, path)
        assert entry is not None
        memo.people[path] = entry
    _people_changed(memo, index.config.people_folders)
    _near(memo)  # before the derive workers fork, so they share it
    memo.resolver = Resolver(memo.order, memo.aliases)
    memo.contrib, memo.names, memo.note_issues = {}, {}, {}
    memo.linkers = None  # built from the names if a later build needs it
    lists = _Lists()
    fan, index.fan_out = index.fan_out, None
    parts = fan[0](index, memo.order) if fan is not None else None
    if fan is not None and parts is not None:
        # Derived elsewhere: the parent decodes no note and holds each part as its bytes,
        # as if restored (a later build reads a part back only for a note it derives again).
        unpack = fan[1]
        memo.blobs, memo.unpack = {}, unpack
        order = memo.order
        for batch in parts:
            for at, blob, items in batch:
                path = order[at]
                memo.blobs[path] = blob
                contrib = unpack(items)
                if contrib is not None:
                    issues = lists.add_plain(path, contrib)
                    if issues:
                        memo.note_issues[path] = issues
    else:
        for path in memo.order:
            note = index.note(path)
            assert note is not None
            lists.add(_derive(memo, note))
    lists.settle(memo)
    memo.resolver = None  # the full index of every path: a later build indexes lazily
    index.release_encoded()


def derive_parts(
    index: Index, start: int, stop: int, pack: Callable[[Any], Any]
) -> list[tuple[int, Any, Any]]:
    """Worker side of `Index.fan_out`, in a copy of the index forked while `_full` ran (the
    people and the resolver known): for the notes `order[start:stop]` that add something to
    the view, by position, their part packed as `snapshot` holds it and the items they add
    (packed plain, for the parent's per-person lists). What it records in the copy is
    dropped as it goes."""
    memo = index.memo
    out: list[tuple[int, Any, Any]] = []
    for at in range(start, stop):
        path = memo.order[at]
        note = index.note(path)
        assert note is not None
        part = _derive(memo, note)
        names = memo.names.pop(path, ())
        memo.contrib.pop(path, None)
        memo.note_issues.pop(path, None)
        empty = part is kinds.EMPTY
        if empty and not names:
            continue  # the parent's snapshot makes this note's part from its entry alone
        touched = _people_of(part) if not empty else ()
        contrib = contrib_raw(None if empty else part)
        out.append((at, pack((touched, names)), pack(contrib)))
    return out


class DamagedSnapshot(Exception):
    """A restored view's part could not be read back; the caller rebuilds from the notes."""


def _restored(memo: _Memo, path: str) -> tuple[Any, ...] | None:
    """A restored note's snapshot part (the people it adds items for, its link names), if the
    note was not derived again since."""
    blob = memo.blobs.get(path)
    if blob is None or memo.unpack is None:
        return None
    part = memo.unpack(blob)
    if part is None:
        return None
    if not (isinstance(part, tuple) and len(part) == 2 and isinstance(part[0], tuple)):
        raise DamagedSnapshot(f"is damaged (the view's part for {path})")
    return part


def _people_of(part: Contribution) -> tuple[tuple[str, ...], ...]:
    """The people a contribution adds items for, list by list (empty when it adds none)."""
    found = part.lists
    if not any(found):
        return ()
    return tuple([tuple(sorted(held)) for held in found])


def _contribution_of(memo: _Memo, path: str) -> Contribution:
    """What the note added to the view last time. For a restored note it is read back from
    the people's lists (every item names the note it comes from), so the cache keeps each
    item once, in its person's list, and not again under its note."""
    part = memo.contrib.get(path)
    if part is not None:
        return part
    plain = _restored(memo, path)
    if plain is None or not plain[0]:
        return kinds.EMPTY

    people = plain[0]
    if len(people) != len(kinds.KINDS):
        raise DamagedSnapshot(f"is damaged (the view's part for {path})")

    def mine(kind: Kind[Any], whom: Any) -> dict[str, list[Any]]:
        held, source = memo.lists[kind.at], kind.source_of
        out: dict[str, list[Any]] = {}
        for who in whom:
            if type(who) is not str:
                raise DamagedSnapshot(f"is damaged (the view's part for {path})")
            found = [x for x in held.get(who, ()) if source(x) == path]
            if found:
                out[who] = found
        return out

    lists = tuple([mine(kind, whom) for kind, whom in zip(kinds.KINDS, people, strict=True)])
    return Contribution(lists, memo.note_issues.get(path, ()))


def _names_of(memo: _Memo, path: str) -> tuple[str, ...]:
    names = memo.names.get(path)
    if names is not None:
        return names
    plain = _restored(memo, path)
    return tuple(plain[1]) if plain is not None else ()


class _Lists:
    """Per-person lists being gathered from contributions, then sorted into their one order."""

    def __init__(self) -> None:
        self.lists: tuple[defaultdict[str, list[Any]], ...] = tuple(
            [defaultdict(list) for _ in kinds.KINDS]
        )

    def add(self, part: Contribution) -> None:
        for gathered, found in zip(self.lists, part.lists, strict=True):
            for who, items in found.items():
                gathered[who].extend(items)

    def add_plain(self, path: str, raw: tuple[Any, ...]) -> tuple[Issue, ...]:
        """A contribution in its plain form (a derive worker's, `contrib_raw`); returns its
        issues."""
        issues, *plain = raw
        for kind, gathered, items in zip(kinds.KINDS, self.lists, plain, strict=True):
            decode = kind.codec.decode
            for item in items:
                x = decode(item, path)
                gathered[x.person].append(x)
        return tuple(ISSUE.decode(i, path) for i in issues)

    def settle(self, memo: _Memo) -> None:
        settled: list[PersonLists[Any]] = []
        for kind, gathered in zip(kinds.KINDS, self.lists, strict=True):
            order = kind.order
            for items in gathered.values():
                items.sort(key=order)
            settled.append(PersonLists(dict(gathered), decode=_decoder(kind)))
        memo.lists = tuple(settled)


def _entry_of(index: Index, path: str) -> PersonNote | None:
    """The note's PersonNote: the parse worker's, else worked out now; None if it is gone."""
    hint = index.hints.pop(path, None)
    if hint is not None:
        return hint
    note = index.note(path)
    return None if note is None else person_note(note, index.config)


def _people_changed(memo: _Memo, people_folders: tuple[str, ...]) -> None:
    candidates = {p: entry.person for p in memo.order if (entry := memo.people[p]).person}
    memo.folders = person_folders(candidates, people_folders)
    memo.people_view = {
        p: person for p, person in candidates.items() if folder_owner(memo.folders, p) in (None, p)
    }
    alias_issues: list[Issue] = []
    memo.aliases = alias_map(memo.people_view, alias_issues)
    memo.alias_issues = alias_issues
    memo.near = memo.near_loaded = None


def _near(memo: _Memo) -> NearMap:
    if memo.near is None:
        loaded = memo.near_loaded  # as restored: a value that is no tuple of people is
        # passed over where it is read (`relations.near_misses`)
        memo.near = near_map(memo.people_view) if loaded is None else loaded  # each key read
        # (and checked) when asked for
    return memo.near


def _derive(memo: _Memo, note: NoteFacts) -> Contribution:
    """The note's contribution, recorded with the link names it depends on."""
    path = note.path
    linkers = memo.linkers
    old_names = _names_of(memo, path) if linkers is not None else ()
    memo.blobs.pop(path, None)
    memo.names.pop(path, None)
    for name in old_names:
        found = linkers.get(name) if linkers is not None else None
        if found is not None and linkers is not None:
            found.discard(path)
            if not found:
                del linkers[name]
    owner = folder_owner(memo.folders, path)
    # the near-miss keys of its links to no note (and the names its relations give without
    # a link): whether one is a near miss, or a person, depends on people's names too, so a
    # person who comes or is renamed re-derives these notes
    unresolved: set[str] = set()
    part = contribution(
        note, memo.people_view, _resolver(memo), owner, lambda: _near(memo), unresolved
    )
    found = {n for k in note.links for n in link_names(k.target, k.kind, path)}
    names = tuple(sorted(found | unresolved))
    if names:
        memo.names[path] = names
        if linkers is not None:
            for name in names:
                linkers.setdefault(name, set()).add(path)
    if part is kinds.EMPTY:
        memo.contrib.pop(path, None)
    else:
        memo.contrib[path] = part
    if part.issues:
        memo.note_issues[path] = part.issues
    else:
        memo.note_issues.pop(path, None)
    return part


def _resolver(memo: _Memo) -> Resolver:
    if memo.resolver is None:  # built for an incremental build: lazily, name by name
        memo.resolver = Resolver(memo.order, memo.aliases, lazy=True)
    return memo.resolver


def _linkers(memo: _Memo) -> dict[str, set[str]]:
    if memo.linkers is None:
        linkers: dict[str, set[str]] = {}
        for path in memo.order:
            for name in _names_of(memo, path):
                linkers.setdefault(name, set()).add(path)
        memo.linkers = linkers
    return memo.linkers


def _incremental(index: Index, memo: _Memo, dirty: set[str]) -> None:
    """Re-derive the dirty notes and the notes whose links they can re-route."""
    added = {p for p in dirty if p in index and p not in memo.people}
    removed = {p for p in dirty if p not in index and p in memo.people}
    if added or removed:
        memo.order = sorted(index.paths())
    affected, people_changed, moved, renamed = _reinterpret(index, memo, dirty)
    affected |= {path_name(p) for p in added | removed}
    if added or removed or people_changed:
        memo.resolver = None  # rebuilt when a note needs it
    redo = dirty | moved
    relinked: set[str] = set()  # notes whose links may reach other notes now
    if affected:
        linkers = _linkers(memo)
        for name in affected:
            relinked |= linkers.get(name, set())
        redo |= relinked
    for path in sorted(redo):
        _rederive(index, memo, path, path in renamed, path in relinked)


def _rederive(index: Index, memo: _Memo, path: str, renamed: bool, relinked: bool) -> None:
    """One note derived again (or gone), its items swapped into the people's lists. A page
    labels a note by its person's name, and writes a Markdown link in an item's text to the
    note it reaches (`pages.markdown`): when either may have changed, the people the note
    has such items for get a new version, so nothing kept for them shows the old one."""
    old = _contribution_of(memo, path)
    note = index.note(path)
    if note is None:
        if memo.linkers is not None:
            for name in _names_of(memo, path):
                memo.linkers.get(name, set()).discard(path)
        for held in (memo.contrib, memo.names, memo.note_issues, memo.blobs):
            held.pop(path, None)
        part = kinds.EMPTY
    else:
        part = _derive(memo, note)
    for kind, merged, was, now in zip(kinds.KINDS, memo.lists, old.lists, part.lists, strict=True):
        changed = _swap(merged, path, was, now, kind)
        if kind.version:
            memo.changed(changed)
    if renamed:
        memo.changed({who for lists in (*old.lists, *part.lists) for who in lists})
    elif relinked:
        memo.changed(
            {
                who
                for kind, lists in zip(kinds.KINDS, part.lists, strict=True)
                for who, items in lists.items()
                if any("](" in kind.text_of(x) for x in items)
            }
        )


def _reinterpret(
    index: Index, memo: _Memo, dirty: set[str]
) -> tuple[set[str], bool, set[str], set[str]]:
    """New PersonNotes for the dirty notes: the link names whose people changed, whether any
    did (then the alias map is redone, and the names of changed aliases are affected), the
    notes in a person's folder that came or went (they are derived again), and the notes
    whose person's name changed, came or went (a page labels a note by it, `note_link`)."""
    affected: set[str] = set()
    redo: set[str] = set()
    renamed: set[str] = set()
    people_changed = False
    for path in sorted(dirty):
        before = memo.people.get(path, NOBODY)
        entry = _entry_of(index, path)
        if entry is None:
            memo.people.pop(path, None)
            entry = NOBODY
        else:
            if entry.person is not None and entry.person == before.person:
                entry = PersonNote(before.person, entry.issues, entry.block, entry.broken_markers)
            memo.people[path] = entry
        if entry.person != before.person:
            if _name(entry) != _name(before):
                renamed.add(path)
            people_changed = True
            affected |= person_keys(path, before) | person_keys(path, entry)
            memo.changed((path,))
    if people_changed:
        old, old_view, old_folders = memo.aliases, memo.people_view, memo.folders
        _people_changed(memo, index.config.people_folders)
        new = memo.aliases
        affected |= {key for key in old.keys() | new.keys() if old.get(key) != new.get(key)}
        for path in old_view.keys() ^ memo.people_view.keys():  # in or out of a person's folder
            entry = memo.people.get(path, NOBODY)
            affected |= person_keys(path, entry)
            redo.add(path)
            renamed.add(path)
            memo.changed((path,))
        moved = {
            f
            for f in old_folders.keys() | memo.folders.keys()
            if old_folders.get(f) != memo.folders.get(f)
        }
        if moved:
            redo |= {p for p in memo.order if under(p, moved)}
    return affected, people_changed, redo, renamed


def _name(entry: PersonNote) -> str | None:
    return entry.person.name if entry.person is not None else None


def _swap(
    merged: PersonLists[Any],
    path: str,
    old: dict[str, list[Any]],
    new: dict[str, list[Any]],
    kind: Kind[Any],
) -> set[str]:
    """New lists for the people this note named before or names now (copy on write);
    returns the people whose list changed."""
    changed: set[str] = set()
    order, source = kind.order, kind.source_of
    for who in old.keys() | new.keys():
        was, now = old.get(who, ()), new.get(who, ())
        if len(was) == len(now) and sorted(was, key=order) == sorted(now, key=order):
            continue  # (in either order: read back from a list, or in the note's order)
        changed.add(who)
        kept = [x for x in merged.get(who, ()) if source(x) != path]
        kept.extend(new.get(who, ()))
        kept.sort(key=order)
        merged.set(who, kept)
    return changed


def _unique(issues: list[Issue]) -> list[Issue]:
    return list(dict.fromkeys(issues))
