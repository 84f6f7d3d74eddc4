"""The in-memory index: NoteFacts per path, and the vault-wide view derived from them.

`add`/`remove` are O(1) and mark the path dirty; `view()` re-derives only what the dirty
notes can have changed (see `_Memo`), so one edit in a vault of 100k notes costs about as
much as the notes it touches. The first build is linear in notes + links. The index never
reads files; notes loaded from the cache stay encoded until something needs them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .config import Config
from .dailyformat import daily_date
from .links import Resolver, fold, link_names, path_name
from .models import FollowUp, Interaction, Issue, Link, LogItem, NoteFacts, Person, Task
from .people import in_people_folder, interpret, is_person


@dataclass(frozen=True, slots=True)
class Mention:
    """A link to a person that is not contact: from an undated note or outside a person's log."""

    person: str
    note: str
    line: int
    text: str
    date: date | None = None  # the mentioning note's date: the timeline shows it


@dataclass(frozen=True, slots=True)
class PersonNote:
    """What a note is to the view on its own: a person (or not), its problems, its block."""

    person: Person | None
    issues: tuple[Issue, ...] = ()
    block: tuple[int, int] | None = None  # the vaultkit block markers' lines
    broken_markers: bool = False


_NOBODY = PersonNote(None)


@dataclass(frozen=True, slots=True)
class Contribution:
    """What one note adds to the view, once its links are resolved."""

    interactions: dict[str, list[Interaction]]
    followups: dict[str, list[FollowUp]]
    mentions: dict[str, list[Mention]]
    issues: tuple[Issue, ...]


EMPTY = Contribution({}, {}, {}, ())


@dataclass
class VaultView:
    """Everything the reports need; built from the index, independent of today."""

    notes: int
    people: dict[str, Person]
    interactions: dict[str, list[Interaction]]  # person path -> newest first
    followups: dict[str, list[FollowUp]]
    mentions: dict[str, list[Mention]]
    issues: list[Issue]
    facts: Mapping[str, NoteFacts] = field(repr=False, default_factory=dict)
    memo: dict[object, object] = field(repr=False, default_factory=dict)  # reports' per-view cache
    shared: dict[object, object] = field(repr=False, default_factory=dict)  # across views: _Memo
    person_notes: dict[str, PersonNote] = field(repr=False, default_factory=dict)

    @property
    def interaction_count(self) -> int:
        return sum(len(v) for v in self.interactions.values())


Decoder = Callable[[str, Any], NoteFacts]


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
            assert self.decoder is not None, "encoded notes need a decoder"
            found = self.decoder(path, self.encoded[path])
        return found

    def __contains__(self, path: object) -> bool:
        return path in self.facts or path in self.encoded

    def paths(self) -> Iterator[str]:
        yield from self.facts
        yield from self.encoded

    def view(self) -> VaultView:
        if self._view is None:
            self._view = _build(self)
        return self._view

    def snapshot(self) -> dict[str, Any] | None:
        """The built view, note by note, as plain data for the cache; None if not settled.

        Every note has an entry (None when it adds nothing), so a restored index knows
        exactly which notes its view was built from. Parts restored and not re-derived since
        are handed back as they were loaded (`restore`'s `blobs`), not encoded again.
        """
        memo = self.memo
        if not memo.built or memo.dirty or self._view is None:
            return None
        out: dict[str, Any] = {}
        blobs = memo.blobs
        for path in memo.order:
            blob = blobs.get(path)
            if blob is not None:
                out[path] = blob
                continue
            entry = memo.people.get(path, _NOBODY)
            part = memo.contrib.get(path)
            names = memo.names.get(path)
            if entry is _NOBODY and part is None and not names:
                out[path] = None
            else:
                out[path] = (entry_raw(entry), _contrib_raw(part), names or ())
        return out

    def restore(
        self,
        snapshot: Iterable[tuple[str, tuple[Any, ...] | None]],
        blobs: dict[str, Any],
        unpack: Callable[[Any], Any],
    ) -> None:
        """Start from a snapshot's view instead of deriving every note again.

        Call on an empty index, then add the notes: those added with `derived=True` are taken
        as the snapshot saw them; any other addition, and any note of the snapshot that is
        never added, is re-derived on the next build. `snapshot` is `blobs` unpacked, note by
        note; the blobs are kept (and unpacked again for a note that is re-derived), so the
        decoded parts are never held whole. Raises ValueError on malformed data.
        """
        memo = self.memo
        memo.order = []
        lists = _Lists()
        for path, part in snapshot:
            memo.order.append(path)
            if part is None:
                memo.people[path] = _NOBODY
                continue
            entry_raw, contrib_raw, _names = part
            memo.people[path] = entry_from(path, entry_raw)
            if contrib_raw is not None:
                issues = lists.add_plain(path, contrib_raw)
                if issues:
                    memo.note_issues[path] = issues
        _people_changed(memo, self.config.people_folders)
        lists.settle(memo)
        memo.built = memo.restored = True
        memo.touched = set()
        memo.blobs, memo.unpack = blobs, unpack  # the blobs are the index's from here on

    def same_since_restore(self, person: str) -> bool:
        """The person and their lists are as the restored view had them (nothing re-derived
        since touched them): what was true of them when the view was saved still is."""
        touched = self.memo.touched
        return touched is not None and person not in touched

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
    # people whose person or lists changed since the view was restored; None: not restored
    touched: set[str] | None = None
    interactions: dict[str, list[Interaction]] = field(default_factory=dict)
    followups: dict[str, list[FollowUp]] = field(default_factory=dict)
    mentions: dict[str, list[Mention]] = field(default_factory=dict)
    shared: dict[object, object] = field(default_factory=dict)  # reports' and pages' memos
    # a person's folder (folded path) -> that person's note (VAULT_FORMAT §3)
    folders: dict[str, str] = field(default_factory=dict)
    daily_check: tuple[list[str], tuple[Issue, ...]] | None = None  # for this `order`


def person_note(note: NoteFacts, config: Config) -> PersonNote:
    """The note on its own: person or not, its problems, its block (pure; cached per note)."""
    broken = any(i.kind == "markers" for i in note.issues)
    if is_person(note, config.people_folders, config.daily_format):
        person, problems = interpret(note, config.daily_format)
        return PersonNote(person, (*note.issues, *problems), note.block, broken)
    issues = tuple(i for i in note.issues if i.kind != "markers")
    if not issues and note.block is None and not broken:
        return _NOBODY
    return PersonNote(None, issues, note.block, broken)


def _person_keys(path: str, entry: PersonNote) -> set[str]:
    """The link names under which this person can be found: file name, name, aliases."""
    if entry.person is None:
        return set()
    p = entry.person
    return {path_name(path), p.name.casefold(), *(a.casefold() for a in p.aliases)}


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
    issues = _one_placeholder_hint(issues, index.config)
    issues.extend(_daily_settings_issues(memo, index.config))
    issues.sort(key=lambda i: (i.kind, i.path, i.line or 0, i.message))
    return VaultView(
        notes=len(memo.order),
        people=memo.people_view,
        interactions=dict(memo.interactions),
        followups=dict(memo.followups),
        mentions=dict(memo.mentions),
        issues=_unique(issues),
        facts=LazyFacts(index, memo.order),
        shared=memo.shared,
        person_notes={p: memo.people[p] for p in memo.people_view},
    )


def _one_placeholder_hint(issues: list[Issue], config: Config) -> list[Issue]:
    """Template placeholders outside the templates folders are one hint, not one issue per
    note (VAULT_FORMAT §8): they mean a templates folder vaultkit was not told about."""
    found = [i for i in issues if i.kind == "template-placeholder"]
    if not found:
        return issues
    first = min(found, key=lambda i: (i.path, i.line or 0))
    folders = ", ".join(config.templates_folders) or "none"
    many = f"{len(found)} notes hold" if len(found) > 1 else "this note holds"
    message = (
        f"{many} template placeholders ({first.message.split(' ', 2)[-1]}); if they are "
        f"templates, add their folder to templates_folders in vaultkit.toml (now: {folders}) "
        "or set it as Obsidian's templates folder"
    )
    kept = [i for i in issues if i.kind != "template-placeholder"]
    return [*kept, Issue("template-placeholder", first.path, first.line, message)]


def _daily_settings_issues(memo: _Memo, config: Config) -> tuple[Issue, ...]:
    """A daily-note setting that matches no note (VAULT_FORMAT §2): said, never ignored.

    Worked out again only when the set of notes changed (a new `order` list)."""
    source = config.daily_source
    if not source:
        return ()
    if memo.daily_check is not None and memo.daily_check[0] is memo.order:
        return memo.daily_check[1]
    folder, fmt = config.daily_folder, config.daily_format
    prefix = fold(folder) + "/" if folder else ""
    seen_folder = matched = False
    for path in memo.order:  # stops at the first daily note: usually soon
        if prefix and not fold(path).startswith(prefix):
            continue
        seen_folder = True
        if daily_date(path, folder, fmt) is not None:
            matched = True
            break
    found: tuple[Issue, ...] = ()
    if folder and not seen_folder:
        message = f"the daily-note folder '{folder}' holds no notes; check the folder setting"
        found = (Issue("daily-settings", source, None, message),)
    elif not matched:
        where = f"in '{folder}'" if folder else "in the vault"
        message = (
            f"no note {where} is named in the daily-note format '{fmt}'; check the format setting"
        )
        found = (Issue("daily-settings", source, None, message),)
    memo.daily_check = (memo.order, found)
    return found


def _full(index: Index, memo: _Memo) -> None:
    """Everything from the notes: the first build of a process without a restored view."""
    memo.order = sorted(index.paths())
    memo.people = {}
    for path in memo.order:
        entry = _entry_of(index, path)
        assert entry is not None
        memo.people[path] = entry
    _people_changed(memo, index.config.people_folders)
    memo.resolver = Resolver(memo.order, memo.aliases)
    memo.contrib, memo.names, memo.note_issues = {}, {}, {}
    memo.linkers = None  # built from the names if a later build needs it
    lists = _Lists()
    for path in memo.order:
        note = index.note(path)
        assert note is not None
        lists.add(_derive(memo, note))
    lists.settle(memo)
    memo.resolver = None  # the full index of every path: a later build indexes lazily


class DamagedSnapshot(Exception):
    """A restored view's part could not be read back; the caller rebuilds from the notes."""


def _restored(memo: _Memo, path: str) -> tuple[Any, ...] | None:
    """A restored note's snapshot part (entry, contribution, link names), if not re-derived."""
    blob = memo.blobs.get(path)
    if blob is None or memo.unpack is None:
        return None
    part = memo.unpack(blob)
    if part is None:
        return None
    if not (isinstance(part, tuple) and len(part) == 3):
        raise DamagedSnapshot(f"is damaged (the view's part for {path})")
    return part


def _contribution_of(memo: _Memo, path: str) -> Contribution:
    part = memo.contrib.get(path)
    if part is not None:
        return part
    plain = _restored(memo, path)
    if plain is None or plain[1] is None:
        return EMPTY
    try:
        return _contrib_from(path, plain[1])
    except (TypeError, ValueError, OverflowError) as exc:
        raise DamagedSnapshot(f"is damaged (the view's part for {path})") from exc


def _names_of(memo: _Memo, path: str) -> tuple[str, ...]:
    names = memo.names.get(path)
    if names is not None:
        return names
    plain = _restored(memo, path)
    return tuple(plain[2]) if plain is not None else ()


class _Lists:
    """Per-person lists being gathered from contributions, then sorted into their one order."""

    def __init__(self) -> None:
        self.interactions: dict[str, list[Interaction]] = defaultdict(list)
        self.followups: dict[str, list[FollowUp]] = defaultdict(list)
        self.mentions: dict[str, list[Mention]] = defaultdict(list)
        self.days: dict[int, date] = {}  # one date object per day, not per interaction

    def add(self, part: Contribution) -> None:
        for who, found_i in part.interactions.items():
            self.interactions[who].extend(found_i)
        for who, found_f in part.followups.items():
            self.followups[who].extend(found_f)
        for who, found_m in part.mentions.items():
            self.mentions[who].extend(found_m)

    def add_plain(self, path: str, raw: tuple[Any, ...]) -> tuple[Issue, ...]:
        """A restored contribution, straight from its plain form; returns its issues."""
        contacts, tasks, mentions_raw, issues = raw
        days = self.days
        for person, day, line, text in contacts:
            when = days.get(day) or days.setdefault(day, date.fromordinal(day))
            self.interactions[person].append(Interaction(person, when, path, line, text))
        for person, line, text, due in tasks:
            self.followups[person].append(FollowUp(person, path, line, text, _day(due)))
        for person, line, text, day in mentions_raw:
            self.mentions[person].append(Mention(person, path, line, text, _day(day)))
        return tuple(Issue(*i) for i in issues)

    def settle(self, memo: _Memo) -> None:
        for contacts in self.interactions.values():
            contacts.sort(key=_interaction_order)
        for tasks in self.followups.values():
            tasks.sort(key=_followup_order)
        for found in self.mentions.values():
            found.sort(key=_mention_order)
        memo.interactions = dict(self.interactions)
        memo.followups = dict(self.followups)
        memo.mentions = dict(self.mentions)


def _entry_of(index: Index, path: str) -> PersonNote | None:
    """The note's PersonNote: the parse worker's, else worked out now; None if it is gone."""
    hint = index.hints.pop(path, None)
    if hint is not None:
        return hint
    note = index.note(path)
    return None if note is None else person_note(note, index.config)


def _people_changed(memo: _Memo, people_folders: tuple[str, ...]) -> None:
    candidates = {p: entry.person for p in memo.order if (entry := memo.people[p]).person}
    memo.folders = _person_folders(candidates, people_folders)
    memo.people_view = {
        p: person for p, person in candidates.items() if _folder_owner(memo.folders, p) in (None, p)
    }
    alias_issues: list[Issue] = []
    memo.aliases = _alias_map(memo.people_view, alias_issues)
    memo.alias_issues = alias_issues


def _person_folders(people: dict[str, Person], people_folders: tuple[str, ...]) -> dict[str, str]:
    """A person's folder (VAULT_FORMAT §3): `People/Oli Tan/` belongs to `People/Oli Tan.md`
    beside it, or to its folder note `People/Oli Tan/Oli Tan.md`. A person note inside another
    person's folder is not a person, so it owns no folder either (shallowest first)."""
    folders: dict[str, str] = {}
    for path in sorted(people, key=lambda p: (p.count("/"), p)):
        if in_people_folder(path, people_folders) is None:
            continue
        if _folder_owner(folders, path) not in (None, path):
            continue
        parent, _, name = path.rpartition("/")
        stem = fold(name[:-3] if name.lower().endswith(".md") else name)
        if (
            parent.count("/")
            and fold(parent.rsplit("/", 1)[-1]) == stem
            and not any(fold(parent) == fold(f) for f in people_folders)
        ):
            folders.setdefault(fold(parent), path)  # the folder note
        else:
            folders.setdefault(fold(f"{parent}/{name[:-3]}" if parent else name[:-3]), path)
    return folders


def _folder_owner(folders: dict[str, str], path: str) -> str | None:
    """The person whose folder holds this note, if any (the deepest such folder)."""
    if not folders:
        return None
    folder = path
    while "/" in folder:
        folder = folder.rsplit("/", 1)[0]
        owner = folders.get(fold(folder))
        if owner is not None:
            return owner
    return None


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
    names = tuple(sorted({n for k in note.links for n in link_names(k.target, k.kind, path)}))
    if names:
        memo.names[path] = names
        if linkers is not None:
            for name in names:
                linkers.setdefault(name, set()).add(path)
    owner = _folder_owner(memo.folders, path)
    part = _contribution(note, memo.people_view, _resolver(memo), owner)
    if part is EMPTY:
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
    affected, people_changed, moved = _reinterpret(index, memo, dirty)
    affected |= {path_name(p) for p in added | removed}
    if added or removed or people_changed:
        memo.resolver = None  # rebuilt when a note needs it
    redo = dirty | moved
    if affected:
        linkers = _linkers(memo)
        for name in affected:
            redo |= linkers.get(name, set())
    for path in sorted(redo):
        old = _contribution_of(memo, path)
        note = index.note(path)
        if note is None:
            if memo.linkers is not None:
                for name in _names_of(memo, path):
                    memo.linkers.get(name, set()).discard(path)
            for held in (memo.contrib, memo.names, memo.note_issues, memo.blobs):
                held.pop(path, None)
            part = EMPTY
        else:
            part = _derive(memo, note)
        changed = _swap(
            memo.interactions, path, old.interactions, part.interactions, _interaction_order
        )
        changed |= _swap(memo.followups, path, old.followups, part.followups, _followup_order)
        changed |= _swap(memo.mentions, path, old.mentions, part.mentions, _mention_order)
        if memo.touched is not None:
            memo.touched |= changed


def _reinterpret(index: Index, memo: _Memo, dirty: set[str]) -> tuple[set[str], bool, set[str]]:
    """New PersonNotes for the dirty notes: the link names whose people changed, whether any
    did (then the alias map is redone, and the names of changed aliases are affected), and
    the notes in a person's folder that came or went (they are derived again)."""
    affected: set[str] = set()
    redo: set[str] = set()
    people_changed = False
    for path in sorted(dirty):
        before = memo.people.get(path, _NOBODY)
        entry = _entry_of(index, path)
        if entry is None:
            memo.people.pop(path, None)
            entry = _NOBODY
        else:
            if entry.person is not None and entry.person == before.person:
                entry = PersonNote(before.person, entry.issues, entry.block, entry.broken_markers)
            memo.people[path] = entry
        if entry.person != before.person:
            people_changed = True
            affected |= _person_keys(path, before) | _person_keys(path, entry)
            if memo.touched is not None:
                memo.touched.add(path)
    if people_changed:
        old, old_view, old_folders = memo.aliases, memo.people_view, memo.folders
        _people_changed(memo, index.config.people_folders)
        new = memo.aliases
        affected |= {key for key in old.keys() | new.keys() if old.get(key) != new.get(key)}
        for path in old_view.keys() ^ memo.people_view.keys():  # in or out of a person's folder
            entry = memo.people.get(path, _NOBODY)
            affected |= _person_keys(path, entry)
            redo.add(path)
            if memo.touched is not None:
                memo.touched.add(path)
        moved = {
            f
            for f in old_folders.keys() | memo.folders.keys()
            if old_folders.get(f) != memo.folders.get(f)
        }
        if moved:
            redo |= {p for p in memo.order if _under(p, moved)}
    return affected, people_changed, redo


def _under(path: str, folders: set[str]) -> bool:
    folder = fold(path)
    while "/" in folder:
        folder = folder.rsplit("/", 1)[0]
        if folder in folders:
            return True
    return False


def _contribution(
    note: NoteFacts, people: dict[str, Person], resolver: Resolver, owner: str | None = None
) -> Contribution:
    builder = _Builder(people, resolver, [])
    builder.note(note, note.path in people)
    if owner is not None and owner != note.path and note.date is not None:
        # a dated note in a person's folder: one interaction with them, linked or not
        done = builder.interactions.get(owner, [])
        if not any(i.note == note.path and i.date == note.date for i in done):
            builder.contact(owner, note.date, note.path, None, note.stem)
    if not (builder.interactions or builder.followups or builder.mentions or builder.issues):
        return EMPTY
    return Contribution(
        dict(builder.interactions),
        dict(builder.followups),
        dict(builder.mentions),
        tuple(builder.issues),
    )


def _interaction_order(i: Interaction) -> tuple[int, str, int]:
    return (-i.date.toordinal(), i.note, i.line or 0)


_by_date = _interaction_order


def _followup_order(f: FollowUp) -> tuple[str, int]:
    return (f.source, f.line)


def _mention_order(m: Mention) -> tuple[str, int]:
    return (m.note, m.line)


def _swap(
    merged: dict[str, list[Any]],
    path: str,
    old: dict[str, list[Any]],
    new: dict[str, list[Any]],
    order: Callable[[Any], Any],
) -> set[str]:
    """New lists for the people this note named before or names now (copy on write);
    returns the people whose list changed."""
    changed: set[str] = set()
    for who in old.keys() | new.keys():
        if old.get(who) == new.get(who):
            continue
        changed.add(who)
        kept = [x for x in merged.get(who, ()) if _source(x) != path]
        kept.extend(new.get(who, ()))
        kept.sort(key=order)
        if kept:
            merged[who] = kept
        else:
            merged.pop(who, None)
    return changed


def _source(item: Interaction | FollowUp | Mention) -> str:
    return item.source if isinstance(item, FollowUp) else item.note


def _alias_map(people: dict[str, Person], issues: list[Issue]) -> dict[str, list[str]]:
    """Aliases (and display names that differ from the file name) -> people; clashes reported."""
    names: dict[str, list[str]] = defaultdict(list)
    for path, person in people.items():
        names[person.name.casefold()].append(path)
    for paths in names.values():
        for path in paths[1:]:
            message = f"person name '{people[path].name}' is also used by {paths[0]}"
            issues.append(Issue("duplicate-name", path, None, message))
    aliases: dict[str, list[str]] = defaultdict(list)
    for path, person in people.items():
        own = {person.name.casefold(), path_name(path)}
        for alias in person.aliases:
            key = alias.casefold()
            if key in own:
                continue
            if path not in aliases[key]:
                aliases[key].append(path)
            clash = [p for p in names.get(key, []) if p != path]
            if clash:
                issues.append(
                    Issue(
                        "duplicate-alias", path, None, f"alias '{alias}' is the name of {clash[0]}"
                    )
                )
        if person.name.casefold() != path_name(path):
            aliases[person.name.casefold()].append(path)
    for key, paths in aliases.items():
        if len(paths) > 1:
            issues.append(
                Issue(
                    "duplicate-alias",
                    paths[1],
                    None,
                    f"alias '{key}' is shared with {paths[0]}; links to it are ambiguous",
                )
            )
    return dict(aliases)


class _Builder:
    """Turns resolved links into interactions, mentions and follow-ups (VAULT_FORMAT §4, §6)."""

    def __init__(self, people: dict[str, Person], resolver: Resolver, issues: list[Issue]) -> None:
        self.people = people
        self.resolver = resolver
        self.issues = issues
        self.interactions: dict[str, list[Interaction]] = defaultdict(list)
        self.followups: dict[str, list[FollowUp]] = defaultdict(list)
        self.mentions: dict[str, list[Mention]] = defaultdict(list)

    def contact(self, person: str, when: date, note: str, line: int | None, text: str) -> None:
        self.interactions[person].append(Interaction(person, when, note, line, text))

    def _person(self, link: Link, source: str) -> str | None:
        target, others = self.resolver.resolve(link.target, source, link.kind)
        if others and any(p in self.people for p in others):  # only what concerns a person
            self.issues.append(
                Issue(
                    "ambiguous-link",
                    source,
                    link.line,
                    f"'{link.target}' matches several notes; linked to {target or 'none'}",
                )
            )
        return target if target in self.people else None

    def note(self, note: NoteFacts, person_note: bool) -> None:
        path = note.path
        log_items = {item.line: item for item in note.log_items}
        done = {task.line: task for task in note.tasks if task.done is not None}
        task_people: dict[int, list[str]] = defaultdict(list)
        seen: set[object] = set()
        for link in note.links:
            person = self._person(link, path)
            if person is None or link.embed:
                continue
            if link.task_line is not None:
                task_people[link.task_line].append(person)
            if person != path:
                self._link(note, person_note, link, person, log_items, done, seen)
        if person_note:
            for item in note.log_items:
                self.contact(path, item.date, path, item.line, item.text)
            stated = self.people[path].last_contact_prop
            if stated:
                self.contact(path, stated, path, note.prop_lines.get("last_contact"), "")
        self._tasks(note, person_note, task_people)

    def _link(
        self,
        note: NoteFacts,
        person_note: bool,
        link: Link,
        person: str,
        log_items: dict[int, LogItem],
        done: dict[int, Task],
        seen: set[object],
    ) -> None:
        """Contact (a dated entry, a done date, a dated note), else a mention (VAULT_FORMAT §4)."""
        counts = link.task in (None, "done")
        if person_note and link.log_line in log_items:
            if counts:
                item = log_items[link.log_line]
                self.contact(person, item.date, note.path, item.line, item.text)
        elif link.task == "done" and link.task_line in done:
            task = done[link.task_line]  # the done date wins over the note's date
            if (person, task.line) not in seen:
                seen.add((person, task.line))
                assert task.done is not None
                self.contact(person, task.done, note.path, task.line, task.text)
        elif note.date is not None and not person_note and counts:
            if person not in seen:  # one interaction per (note, person): the first link's line
                seen.add(person)
                self.contact(person, note.date, note.path, link.line, link.text)
        elif link.task is None:
            self.mentions[person].append(
                Mention(person, note.path, link.line, link.text, note.date)
            )

    def _tasks(self, note: NoteFacts, person_note: bool, task_people: dict[int, list[str]]) -> None:
        """Open tasks that link a person, or sit in a person's log, are follow-ups (§6)."""
        for task in note.tasks:
            if task.state != "open":
                continue
            who = list(dict.fromkeys(task_people.get(task.line, [])))
            if person_note and task.in_log and note.path not in who:
                who.append(note.path)
            for person in who:
                followup = FollowUp(person, note.path, task.line, task.text, task.due)
                self.followups[person].append(followup)


def _unique(issues: list[Issue]) -> list[Issue]:
    return list(dict.fromkeys(issues))


# --- the snapshot's plain-data form (marshal-able: str, int, None, tuples) ---


def _ord(day: date | None) -> int | None:
    return day.toordinal() if day else None


def _day(n: int | None) -> date | None:
    return date.fromordinal(n) if n else None


def _issue_raw(issues: Iterable[Issue]) -> tuple[tuple[Any, ...], ...]:
    return tuple((i.kind, i.path, i.line, i.message) for i in issues)


def entry_raw(entry: PersonNote) -> tuple[Any, ...]:
    p = entry.person
    person = None
    if p is not None:
        person = (
            p.name,
            p.aliases,
            p.tags,
            p.cadence_days,
            p.cadence_text,
            p.birthday,
            _ord(p.last_contact_prop),
            _ord(p.snooze_until),
            p.archived,
            p.fields,
            p.cadence_min_days,
        )
    return (person, _issue_raw(entry.issues), entry.block, entry.broken_markers)


def entry_from(path: str, raw: tuple[Any, ...]) -> PersonNote:
    person_raw, issues, block, broken = raw
    person = None
    if person_raw is not None:
        name, aliases, tags, days, text, birthday, last, snooze, archived, fields, low = person_raw
        person = Person(
            path,
            name,
            tuple(aliases),
            tuple(tags),
            days,
            text,
            tuple(birthday) if birthday is not None else None,
            _day(last),
            _day(snooze),
            archived,
            tuple(tuple(f) for f in fields),
            low,
        )
    found = tuple(Issue(*i) for i in issues)
    if person is None and not found and block is None and not broken:
        return _NOBODY
    return PersonNote(person, found, tuple(block) if block is not None else None, broken)


def _contrib_raw(part: Contribution | None) -> tuple[Any, ...] | None:
    if part is None:
        return None
    return (
        tuple(
            (i.person, i.date.toordinal(), i.line, i.text)
            for found in part.interactions.values()
            for i in found
        ),
        tuple(
            (f.person, f.line, f.text, _ord(f.due))
            for found in part.followups.values()
            for f in found
        ),
        tuple(
            (m.person, m.line, m.text, _ord(m.date))
            for found in part.mentions.values()
            for m in found
        ),
        _issue_raw(part.issues),
    )


def _contrib_from(path: str, raw: tuple[Any, ...]) -> Contribution:
    contacts, tasks, mentions_raw, issues = raw
    interactions: dict[str, list[Interaction]] = defaultdict(list)
    for person, day, line, text in contacts:
        interactions[person].append(Interaction(person, date.fromordinal(day), path, line, text))
    followups: dict[str, list[FollowUp]] = defaultdict(list)
    for person, line, text, due in tasks:
        followups[person].append(FollowUp(person, path, line, text, _day(due)))
    mentions: dict[str, list[Mention]] = defaultdict(list)
    for person, line, text, day in mentions_raw:
        mentions[person].append(Mention(person, path, line, text, _day(day)))
    return Contribution(
        dict(interactions), dict(followups), dict(mentions), tuple(Issue(*i) for i in issues)
    )
