"""The in-memory index: NoteFacts per path, and the vault-wide view derived from them.

`add`/`remove` are O(1); `view()` resolves links and derives people, interactions and
follow-ups in one pass over all links (linear in notes + links), and is memoised until the
next change. The index never reads files.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

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

    def add(self, facts: NoteFacts) -> None:
        self.facts[facts.path] = facts
        self.file_issues.pop(facts.path, None)
        self._view = None

    update = add

    def remove(self, path: str) -> None:
        self.facts.pop(path, None)
        self.file_issues.pop(path, None)
        self._view = None

    def set_file_issue(self, path: str, issue: Issue) -> None:
        """A file that could not be read: it leaves the index and is reported instead."""
        self.facts.pop(path, None)
        self.file_issues[path] = [issue]
        self._view = None

    def set_extra_issues(self, issues: list[Issue]) -> None:
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


@dataclass
class _Memo:
    """Per-note results from the last build, keyed by the (immutable) NoteFacts they came from.

    A person note's interpretation depends on its own facts only. A note's contribution also
    depends on link resolution, i.e. on the set of note paths, the set of people and the alias
    map: while those three are equal (an edit that renames nobody), unchanged notes are reused.
    """

    people: dict[str, tuple[NoteFacts, Person | None, list[Issue]]] = field(default_factory=dict)
    epoch: tuple[frozenset[str], frozenset[str], dict[str, list[str]]] | None = None
    resolver: Resolver | None = None
    notes: dict[str, tuple[NoteFacts, _Contribution]] = field(default_factory=dict)


def _people(index: Index, facts: dict[str, NoteFacts], issues: list[Issue]) -> dict[str, Person]:
    memo = index.memo.people
    people: dict[str, Person] = {}
    for path, note in facts.items():
        hit = memo.get(path)
        if hit is None or hit[0] is not note:
            if is_person(note, index.config.people_folders):
                person, problems = interpret(note)
                problems = [*note.issues, *problems]
            else:
                person, problems = None, [i for i in note.issues if i.kind != "markers"]
            hit = memo[path] = (note, person, problems)
        issues.extend(hit[2])
        if hit[1] is not None:
            people[path] = hit[1]
    for path in [p for p in memo if p not in facts]:
        del memo[path]
    return people


def _build(index: Index) -> VaultView:
    facts = dict(sorted(index.facts.items()))
    issues: list[Issue] = list(index.extra_issues)
    for found in index.file_issues.values():
        issues.extend(found)
    people = _people(index, facts, issues)
    aliases = _alias_map(people, issues)
    memo = index.memo
    epoch = (frozenset(facts), frozenset(people), aliases)
    if memo.epoch != epoch or memo.resolver is None:
        memo.epoch, memo.resolver, memo.notes = epoch, Resolver(facts.keys(), aliases), {}
    resolver = memo.resolver
    interactions: dict[str, list[Interaction]] = defaultdict(list)
    followups: dict[str, list[FollowUp]] = defaultdict(list)
    mentions: dict[str, list[Mention]] = defaultdict(list)
    for path, note in facts.items():
        hit = memo.notes.get(path)
        if hit is None or hit[0] is not note:
            builder = _Builder(people, resolver, [])
            builder.note(note, path in people)
            contribution = _Contribution(
                builder.interactions, builder.followups, builder.mentions, builder.issues
            )
            hit = memo.notes[path] = (note, contribution)
        part = hit[1]
        for who, found_i in part.interactions.items():
            interactions[who].extend(found_i)
        for who, found_f in part.followups.items():
            followups[who].extend(found_f)
        for who, found_m in part.mentions.items():
            mentions[who].extend(found_m)
        issues.extend(part.issues)
    for path in [p for p in memo.notes if p not in facts]:
        del memo.notes[path]
    for person in people.values():
        if person.last_contact_prop:
            line = facts[person.path].prop_lines.get("last_contact")
            interactions[person.path].append(
                Interaction(person.path, person.last_contact_prop, person.path, line, "")
            )
    for contacts in interactions.values():
        contacts.sort(key=lambda i: (-i.date.toordinal(), i.note, i.line or 0))
    issues.sort(key=lambda i: (i.kind, i.path, i.line or 0, i.message))
    return VaultView(
        notes=len(facts),
        people=people,
        interactions=dict(interactions),
        followups=dict(followups),
        mentions=dict(mentions),
        issues=_unique(issues),
        facts=facts,
    )


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
            self.mentions[person].append(Mention(person, note.path, link.line, link.text))

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
