"""The in-memory index: NoteFacts per path, and the vault-wide view derived from them.

`add`/`remove` are O(1); `view()` resolves links and derives people, interactions and
follow-ups in one pass over all links (linear in notes + links), and is memoised until the
next change. The index never reads files.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .config import Config
from .links import Resolver
from .models import FollowUp, Interaction, Issue, Link, LogItem, NoteFacts, Person
from .people import interpret, is_person


@dataclass(frozen=True, slots=True)
class Mention:
    """A link to a person that is not contact: from an undated note or outside a person's log."""

    person: str
    note: str
    line: int
    text: str
    date: date | None = None  # the mentioning note's date: the timeline shows it


@dataclass
class VaultView:
    """Everything the reports need; built from the index in one pass, independent of today."""

    notes: int
    people: dict[str, Person]
    interactions: dict[str, list[Interaction]]  # person path -> newest first
    followups: dict[str, list[FollowUp]]
    mentions: dict[str, list[Mention]]
    issues: list[Issue]
    facts: dict[str, NoteFacts] = field(repr=False, default_factory=dict)
    memo: dict[object, object] = field(repr=False, default_factory=dict)  # reports' per-view cache
    shared: dict[object, object] = field(
        repr=False, default_factory=dict
    )  # across views, see _Memo

    @property
    def interaction_count(self) -> int:
        return sum(len(v) for v in self.interactions.values())


class Index:
    """Holds NoteFacts per vault path; cheap to update one file at a time (watch, cache)."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self.facts: dict[str, NoteFacts] = {}
        self.file_issues: dict[str, list[Issue]] = {}  # unreadable/oversized files, by path
        self.extra_issues: list[Issue] = []  # config and output-folder findings
        self._view: VaultView | None = None
        self.memo = _Memo()

    def _touch(self, path: str) -> None:
        self.memo.dirty.add(path)
        self._view = None

    def add(self, facts: NoteFacts) -> None:
        self.facts[facts.path] = facts
        self.file_issues.pop(facts.path, None)
        self._touch(facts.path)

    update = add

    def remove(self, path: str) -> None:
        self.facts.pop(path, None)
        self.file_issues.pop(path, None)
        self._touch(path)

    def set_file_issue(self, path: str, issue: Issue) -> None:
        """A file that could not be read: it leaves the index and is reported instead."""
        self.facts.pop(path, None)
        self.file_issues[path] = [issue]
        self._touch(path)

    def set_extra_issues(self, issues: list[Issue]) -> None:
        if issues != self.extra_issues:
            self.extra_issues = list(issues)
            self._view = None

    def view(self) -> VaultView:
        if self._view is None:
            self._view = _build(self)
        return self._view


@dataclass
class _Contribution:
    """What one note adds to the view; reusable while link resolution cannot have changed."""

    interactions: dict[str, list[Interaction]]
    followups: dict[str, list[FollowUp]]
    mentions: dict[str, list[Mention]]
    issues: list[Issue]


_EMPTY = _Contribution({}, {}, {}, [])


@dataclass
class _Memo:
    """The last build, kept so the next one only redoes what the changed notes touch.

    A person note's interpretation depends on its own facts only. A note's contribution also
    depends on link resolution, i.e. on the set of note paths, the set of people and the alias
    map: while those three are equal (an edit that renames nobody), only the notes in `dirty`
    are re-derived, and only the people they name get new lists. Lists are replaced, never
    changed in place, so a view handed out earlier stays as it was, and a list that is the
    same object as last time means that person's data did not change (reports memoise on it).
    """

    dirty: set[str] = field(default_factory=set)
    order: list[str] = field(default_factory=list)  # every note path, sorted
    people: dict[str, tuple[NoteFacts, Person | None, list[Issue]]] = field(default_factory=dict)
    person_paths: list[str] = field(default_factory=list)
    people_view: dict[str, Person] = field(default_factory=dict)
    aliases: dict[str, list[str]] | None = None
    alias_issues: list[Issue] = field(default_factory=list)
    epoch: tuple[frozenset[str], frozenset[str], dict[str, list[str]]] | None = None
    resolver: Resolver | None = None
    notes: dict[str, tuple[NoteFacts, _Contribution]] = field(default_factory=dict)
    interactions: dict[str, list[Interaction]] = field(default_factory=dict)
    followups: dict[str, list[FollowUp]] = field(default_factory=dict)
    mentions: dict[str, list[Mention]] = field(default_factory=dict)
    shared: dict[object, object] = field(default_factory=dict)  # reports' and pages' memos


def _people(index: Index, facts: dict[str, NoteFacts], dirty: set[str], full: bool) -> bool:
    """Re-interpret the dirty notes; True when the people (or their data) changed."""
    memo = index.memo
    changed = False
    for path in list(memo.people) if full else dirty:
        if path not in facts:
            entry = memo.people.pop(path, None)
            changed = changed or (entry is not None and entry[1] is not None)
    for path in facts if full else (p for p in dirty if p in facts):
        note = facts[path]
        hit = memo.people.get(path)
        if hit is not None and hit[0] is note:
            continue
        if is_person(note, index.config.people_folders):
            person, problems = interpret(note)
            problems = [*note.issues, *problems]
        else:
            person, problems = None, [i for i in note.issues if i.kind != "markers"]
        before = hit[1] if hit is not None else None
        if person is not None and person == before:
            person = before  # same object: reports memoised on it stay valid
        elif person is not None or before is not None:
            changed = True
        memo.people[path] = (note, person, problems)
    if changed or full:
        memo.people_view = {p: entry[1] for p in facts if (entry := memo.people[p])[1] is not None}
    return changed


def _build(index: Index) -> VaultView:
    memo = index.memo
    dirty, memo.dirty = memo.dirty, set()
    reshaped = any((p in index.facts) != (p in memo.notes) for p in dirty) or not memo.order
    if reshaped:
        memo.order = sorted(index.facts)
    facts = {p: index.facts[p] for p in memo.order}
    people_changed = _people(index, facts, dirty, full=memo.epoch is None)
    people = memo.people_view
    if people_changed or memo.aliases is None:
        alias_issues: list[Issue] = []
        memo.aliases = _alias_map(people, alias_issues)
        memo.alias_issues = alias_issues
    aliases = memo.aliases
    epoch = (
        frozenset(facts) if reshaped or memo.epoch is None else memo.epoch[0],
        frozenset(people) if people_changed or memo.epoch is None else memo.epoch[1],
        aliases,
    )
    if memo.epoch != epoch or memo.resolver is None:
        memo.epoch, memo.resolver = epoch, Resolver(facts.keys(), aliases)
        memo.notes = {}
        _aggregate_all(memo, facts, people)
    else:
        _aggregate_dirty(memo, facts, people, dirty)
    issues: list[Issue] = list(index.extra_issues)
    for found in index.file_issues.values():
        issues.extend(found)
    for _note, _person, problems in memo.people.values():
        issues.extend(problems)
    issues.extend(memo.alias_issues)
    for _note, part in memo.notes.values():
        issues.extend(part.issues)
    issues.sort(key=lambda i: (i.kind, i.path, i.line or 0, i.message))
    return VaultView(
        notes=len(facts),
        people=people,
        interactions=dict(memo.interactions),
        followups=dict(memo.followups),
        mentions=dict(memo.mentions),
        issues=_unique(issues),
        facts=facts,
        shared=memo.shared,
    )


def _contribution(note: NoteFacts, people: dict[str, Person], resolver: Resolver) -> _Contribution:
    builder = _Builder(people, resolver, [])
    builder.note(note, note.path in people)
    if not (builder.interactions or builder.followups or builder.mentions or builder.issues):
        return _EMPTY
    return _Contribution(builder.interactions, builder.followups, builder.mentions, builder.issues)


def _interaction_order(i: Interaction) -> tuple[int, str, int]:
    return (-i.date.toordinal(), i.note, i.line or 0)


def _followup_order(f: FollowUp) -> tuple[str, int]:
    return (f.source, f.line)


def _mention_order(m: Mention) -> tuple[str, int]:
    return (m.note, m.line)


def _aggregate_all(memo: _Memo, facts: dict[str, NoteFacts], people: dict[str, Person]) -> None:
    resolver = memo.resolver
    assert resolver is not None
    interactions: dict[str, list[Interaction]] = defaultdict(list)
    followups: dict[str, list[FollowUp]] = defaultdict(list)
    mentions: dict[str, list[Mention]] = defaultdict(list)
    for path, note in facts.items():
        part = _contribution(note, people, resolver)
        memo.notes[path] = (note, part)
        for who, found_i in part.interactions.items():
            interactions[who].extend(found_i)
        for who, found_f in part.followups.items():
            followups[who].extend(found_f)
        for who, found_m in part.mentions.items():
            mentions[who].extend(found_m)
    for contacts in interactions.values():
        contacts.sort(key=_interaction_order)
    for tasks in followups.values():
        tasks.sort(key=_followup_order)
    for found in mentions.values():
        found.sort(key=_mention_order)
    memo.interactions = dict(interactions)
    memo.followups = dict(followups)
    memo.mentions = dict(mentions)


def _aggregate_dirty(
    memo: _Memo, facts: dict[str, NoteFacts], people: dict[str, Person], dirty: set[str]
) -> None:
    """Swap the dirty notes' old contributions for new ones, person by person."""
    resolver = memo.resolver
    assert resolver is not None
    interactions, followups, mentions = memo.interactions, memo.followups, memo.mentions
    for path in sorted(dirty):
        old = memo.notes.pop(path, None)
        old_part = old[1] if old is not None else _EMPTY
        note = facts.get(path)
        part = _contribution(note, people, resolver) if note is not None else _EMPTY
        if note is not None:
            memo.notes[path] = (note, part)
        _swap(interactions, path, old_part.interactions, part.interactions, _interaction_order)
        _swap(followups, path, old_part.followups, part.followups, _followup_order)
        _swap(mentions, path, old_part.mentions, part.mentions, _mention_order)


def _swap(
    merged: dict[str, list[Any]],
    path: str,
    old: dict[str, list[Any]],
    new: dict[str, list[Any]],
    order: Callable[[Any], Any],
) -> None:
    """New lists for the people this note named before or names now (copy on write)."""
    for who in old.keys() | new.keys():
        if old.get(who) == new.get(who):
            continue
        kept = [x for x in merged.get(who, ()) if _source(x) != path]
        kept.extend(new.get(who, ()))
        kept.sort(key=order)
        if kept:
            merged[who] = kept
        else:
            merged.pop(who, None)


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
        own = {person.name.casefold(), _stem(path).casefold()}
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
        if person.name.casefold() != _stem(path).casefold():
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


def _stem(path: str) -> str:
    name = path.rsplit("/", 1)[-1]
    return name[:-3] if name.lower().endswith(".md") else name


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
        target, ambiguous = self.resolver.resolve(link.target, source, link.kind)
        if ambiguous:
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
        task_people: dict[int, list[str]] = defaultdict(list)
        seen: set[str] = set()
        for link in note.links:
            person = self._person(link, path)
            if person is None or link.embed:
                continue
            if link.task_line is not None:
                task_people[link.task_line].append(person)
            if person != path:
                self._link(note, person_note, link, person, log_items, seen)
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
        seen: set[str],
    ) -> None:
        """Contact (a dated note, or a dated log item), else a mention (VAULT_FORMAT §4)."""
        counts = link.task in (None, "done")
        if person_note and link.log_line in log_items:
            if counts:
                item = log_items[link.log_line]
                self.contact(person, item.date, note.path, item.line, item.text)
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
