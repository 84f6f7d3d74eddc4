"""The relationship rules (VAULT_FORMAT §3-§8) that need more than one note: pure functions.

Which notes are people and what a note is on its own (`person_note`), what a note adds to the
view once its links are resolved (`contribution`: interactions, follow-ups, mentions), whose
folder a note lies in, how names and aliases clash, and the vault-wide findings. The
incremental engine (`index.py`) decides *when* to call these; they decide *what* is true.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import date
from typing import Any

from ..core import kinds
from ..core.kinds import (
    FOLLOWUPS,
    INTERACTIONS,
    MENTIONS,
    NEEDS,
    RELATION_KEYS,
    RELATIONS,
    Contribution,
    Relation,
    inverse,
)
from ..core.models import NOBODY as NOBODY  # where sync.py reads it
from ..core.models import (
    FollowUp,
    Interaction,
    Issue,
    Link,
    LinkKind,
    LogItem,
    Mention,
    Need,
    NoteFacts,
    Person,
    PersonNote,
    Task,
)
from ..read.config import Config
from ..read.links import (
    WIKILINK_RE,
    Resolver,
    fold,
    link_names,
    near_key,
    path_name,
    plain_name,
    wikilink_target,
)
from ..text.daily_names import daily_date
from ..text.keys import norm_key
from ..text.topics import CLOSES, KINDS, front_matter_needs, topic_key
from .people import in_people_folder, interpret, is_person


def person_note(note: NoteFacts, config: Config) -> PersonNote:
    """The note on its own: person or not, its problems, its block (pure; cached per note)."""
    broken = any(i.kind == "markers" for i in note.issues)
    graph = config.pages_folder if config.dialect == "logseq" else None
    if is_person(note, config.people_folders, config.daily_format, graph):
        person, problems = interpret(note, config.daily_format, config.circles)
        return PersonNote(person, (*note.issues, *problems), note.block, broken)
    issues = tuple(i for i in note.issues if i.kind != "markers")
    if not issues and note.block is None and not broken:
        return NOBODY
    return PersonNote(None, issues, note.block, broken)


def person_keys(path: str, entry: PersonNote) -> set[str]:
    """The link names under which this person can be found: file name, name, aliases; and
    the near-miss keys of them (a link that nearly names them is reported, VAULT_FORMAT §7)."""
    if entry.person is None:
        return set()
    p = entry.person
    return {path_name(path), p.name.casefold(), *(a.casefold() for a in p.aliases)} | set(
        near_keys(path, p)
    )


def near_keys(path: str, person: Person) -> Iterator[str]:
    """The keys a link nearly naming this person folds to (VAULT_FORMAT §7): the name, the
    file name and each alias, and the first word of the name, each up to case, accents,
    `-`, `_` and spaces."""
    words = person.name.split()
    for text in (person.name, path.rsplit("/", 1)[-1][:-3], *person.aliases):
        key = near_key(text)
        if key:
            yield key
    if len(words) > 1:
        first = near_key(words[0])
        if len(first) > 1:
            yield first


NearMap = Mapping[str, tuple[str, ...]]  # a dict, or the store's as read (key by key)


def near_map(people: dict[str, Person]) -> dict[str, tuple[str, ...]]:
    """Near-miss key -> the people it nearly names (sorted paths)."""
    found: dict[str, set[str]] = defaultdict(set)
    for path, person in people.items():
        for key in near_keys(path, person):
            found[key].add(path)
    return {key: tuple(sorted(paths)) for key, paths in found.items()}


NEAR_MISS = "near-miss-link"  # the kind of the vault issue, one per link target
_NEAR_MISS_NOTE = "near-miss-link-use"  # a note's own record of one, gathered vault-wide


def near_misses(
    issues: list[Issue], people: dict[str, Person], near_of: Callable[[], NearMap]
) -> list[Issue]:
    """The notes' records of near-miss links gathered into one issue per target naming the
    fix (VAULT_FORMAT §7, §8), in place of the records. `near_of` is asked only when there
    are any, so a vault without near misses never works out the map."""
    kept: list[Issue] = []
    uses: dict[str, list[Issue]] = defaultdict(list)
    for issue in issues:
        if issue.kind == _NEAR_MISS_NOTE:
            uses[fold(issue.message)].append(issue)
        else:
            kept.append(issue)
    if not uses:
        return issues
    near = near_of()
    for records in uses.values():
        found = near.get(near_key(records[0].message))
        who = tuple(p for p in found if p in people) if type(found) is tuple else ()
        if not who:
            continue
        records.sort(key=lambda i: (i.path, i.line or 0))
        first = records[0]
        kept.append(Issue(NEAR_MISS, first.path, first.line, _near_message(records, who, people)))
    return kept


def _near_message(records: list[Issue], who: tuple[str, ...], people: dict[str, Person]) -> str:
    written = records[0].message
    names = sorted(people[p].name for p in who)
    notes = sorted({i.path for i in records})
    where = ""
    if len(notes) > 1:
        more = f" and {len(notes) - 3} more" if len(notes) > 3 else ""
        where = f" (linked in {', '.join(notes[:3])}{more})"
    alias = _yaml_item(written)
    if len(names) == 1:
        fix = f"did you mean [[{names[0]}]]? add `aliases: [{alias}]` to {names[0]}'s note"
    else:
        options = ", ".join(f"[[{n}]]" for n in names[:-1]) + f" or [[{names[-1]}]]"
        fix = f"did you mean {options}? add `aliases: [{alias}]` to the note of the one you mean"
    # the link as written in code: on the issues page it is not a link to no note once more
    return f"`[[{written}]]` links to no note{where}; {fix}"


def _yaml_item(text: str) -> str:
    """`text` as a YAML flow-list item: plain when it reads back as itself, else quoted."""
    special = set(":,[]{}#&*!|>'\"%@`")
    if text.strip() == text and not set(text) & special and text[:1] not in ("-", "?"):
        return text
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def one_placeholder_hint(issues: list[Issue], config: Config) -> list[Issue]:
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


def person_folders(people: dict[str, Person], people_folders: tuple[str, ...]) -> dict[str, str]:
    """A person's folder (VAULT_FORMAT §3): `People/Oli Tan/` belongs to `People/Oli Tan.md`
    beside it, or to its folder note `People/Oli Tan/Oli Tan.md`. A person note inside another
    person's folder is not a person, so it owns no folder either (shallowest first)."""
    folders: dict[str, str] = {}
    for path in sorted(people, key=lambda p: (p.count("/"), p)):
        if in_people_folder(path, people_folders) is None:
            continue
        if folder_owner(folders, path) not in (None, path):
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


def _folders_above(path: str) -> Iterator[str]:
    """The folders holding a note, deepest first, folded as folder keys are."""
    folder = fold(path)
    while "/" in folder:
        folder = folder.rsplit("/", 1)[0]
        yield folder


def folder_owner(folders: dict[str, str], path: str) -> str | None:
    """The person whose folder holds this note, if any (the deepest such folder)."""
    if not folders:
        return None
    return next((folders[f] for f in _folders_above(path) if f in folders), None)


def under(path: str, folders: set[str]) -> bool:
    """Whether one of `folders` (folded) holds this note."""
    return any(f in folders for f in _folders_above(path))


def contribution(
    note: NoteFacts,
    people: dict[str, Person],
    resolver: Resolver,
    owner: str | None = None,
    near: Callable[[], NearMap] | None = None,
    unresolved: set[str] | None = None,
) -> Contribution:
    """`near`: the people's near-miss keys (asked for at the first link to no note), to
    record the note's near-miss links;
    `unresolved`: filled with the near-miss keys of the links that name no note, and the
    link names of the people a relation names without a link (`children: [Mia]`), which the
    engine keeps so a person added or renamed later finds the notes to derive again."""
    builder = Builder(people, resolver, [], near, unresolved)
    builder.note(note, note.path in people)
    if owner is not None and owner != note.path and note.date is not None:
        builder.in_folder(note, owner, note.date)
    if not (builder.issues or any(builder.lists)):
        return kinds.EMPTY
    return Contribution(tuple([dict(found) for found in builder.lists]), tuple(builder.issues))


def alias_map(people: dict[str, Person], issues: list[Issue]) -> dict[str, list[str]]:
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


class Builder:
    """Turns resolved links into interactions, mentions and follow-ups (VAULT_FORMAT §4, §6)."""

    def __init__(
        self,
        people: dict[str, Person],
        resolver: Resolver,
        issues: list[Issue],
        near: Callable[[], NearMap] | None = None,
        unresolved: set[str] | None = None,
    ) -> None:
        self.people = people
        self.resolver = resolver
        self.issues = issues
        self.near = near
        self.unresolved = unresolved
        self.near_seen: set[str] = set()
        # one per kind (`kind.at`): person -> items; the rules below fill theirs by name
        self.lists: tuple[defaultdict[str, list[Any]], ...] = tuple(
            [defaultdict(list) for _ in kinds.KINDS]
        )
        self.interactions: dict[str, list[Interaction]] = self.lists[INTERACTIONS.at]
        self.followups: dict[str, list[FollowUp]] = self.lists[FOLLOWUPS.at]
        self.mentions: dict[str, list[Mention]] = self.lists[MENTIONS.at]
        self.needs: dict[str, list[Need]] = self.lists[NEEDS.at]

    def contact(self, person: str, when: date, note: str, line: int | None, text: str) -> None:
        self.interactions[person].append(Interaction(person, when, note, line, text))

    def in_folder(self, note: NoteFacts, owner: str, when: date) -> None:
        """A dated note in a person's folder: one interaction with them, linked or not."""
        done = self.interactions.get(owner, [])
        if not any(i.note == note.path and i.date == when for i in done):
            self.contact(owner, when, note.path, None, note.stem)

    def _person(self, link: Link, source: str) -> str | None:
        target, others = self.resolver.resolve(link.target, source, link.kind)
        if link.kind == "tag":  # a Logseq `#tag` naming no person is a tag: nothing to report
            return target if target in self.people and not others else None
        if others and any(p in self.people for p in others):  # only what concerns a person
            self.issues.append(
                Issue(
                    "ambiguous-link",
                    source,
                    link.line,
                    f"'{link.target}' matches several notes; linked to {target or 'none'}",
                )
            )
        if target is None and not others:
            self._unresolved(link, source)
        return target if target in self.people else None

    def _unresolved(self, link: Link, source: str) -> None:
        """A link to no note: a near miss when it nearly names a person (VAULT_FORMAT §7)."""
        found = _near_name(link.target)
        if found is None:
            return
        name, key = found
        if self.unresolved is not None:
            self.unresolved.add(key)
        written = fold(name)  # one record per link as written, as `near_misses` groups them
        if self.near is not None and key in self.near() and written not in self.near_seen:
            self.near_seen.add(written)
            self.issues.append(Issue(_NEAR_MISS_NOTE, source, link.line, name))

    def note(self, note: NoteFacts, person_note: bool) -> None:
        path = note.path
        log_items = {item.line: item for item in note.log_items}
        done = {task.line: task for task in note.tasks if task.done is not None}
        task_people: dict[int, list[str]] = defaultdict(list)
        line_people: dict[int, list[str]] = defaultdict(list)
        seen: set[object] = set()
        for link in note.links:
            person = self._person(link, path)
            if person is None or link.embed:
                continue
            if link.task_line is not None:
                task_people[link.task_line].append(person)
            if note.line_tags and not link.in_frontmatter:
                line_people[link.line].append(person)
            if person != path:
                self._link(note, person_note, link, person, log_items, done, seen)
        if person_note:
            for item in note.log_items:
                if item.own:
                    self.contact(path, item.date, path, item.line, item.text)
            stated = self.people[path].last_contact_prop
            if stated:
                self.contact(path, stated, path, note.prop_lines.get("last_contact"), "")
            self._relations(note)
        self._tasks(note, person_note, task_people)
        if note.line_tags or person_note:
            self._needs(note, person_note, line_people, task_people)
        if note.line_tags:
            self._tagged(note, person_note, line_people)

    def _relations(self, note: NoteFacts) -> None:
        """The people around this person (VAULT_FORMAT §15): each one written is on this
        person's list, and, when it names a person, its inverse is on theirs (`derived`), so
        an edit of this note re-derives both ends. A value is a link or a name resolved like
        one; a name that names no person is kept as text (a near miss of one is reported)."""
        path, props = note.path, note.props
        found: dict[str, list[Relation]] = self.lists[RELATIONS.at]
        me = self.people[path].name
        for key, relation, value in _written_relations(props):
            line = note.prop_lines.get(key)
            values = _relation_values(value)
            if values is None:
                written = note.prop_keys.get(key, key)
                self.issues.append(
                    Issue(
                        "bad-relation",
                        path,
                        line,
                        f"'{written}': expected a name, a `[[link]]` or a list of them",
                    )
                )
                continue
            for text, linked in values:
                other = self._relative(text, linked, path, line)
                if other == path:
                    continue
                shown = self.people[other].name if other is not None else text
                theirs = _birthday(self.people[other]) if other is not None else None
                found[path].append(
                    Relation(path, relation, other, shown, False, path, line, theirs)
                )
                if other is not None:
                    mine = _birthday(self.people[path])
                    back = Relation(other, inverse(relation), path, me, True, path, line, mine)
                    found[other].append(back)
        bad = props.get("relations")
        if bad is not None and not isinstance(bad, dict):
            written = note.prop_keys.get("relations", "relations")
            self.issues.append(
                Issue(
                    "bad-relation",
                    path,
                    note.prop_lines.get("relations"),
                    f"'{written}': expected labels and people, like {{mentor: [Ana Silva]}}",
                )
            )

    def _relative(self, text: str, linked: bool, path: str, line: int | None) -> str | None:
        """The person a relation's value names, if any. A link was resolved (and its problems
        reported) with the note's other links; a name is resolved here like a link, and its
        link names are kept (`unresolved`) so a person who comes later is found."""
        if linked:
            target, _ = self.resolver.resolve(text, path, "wiki")
            return target if target in self.people else None
        # a name holding `/` that is no path may be a page in a Logseq namespace
        # (`partner:: [[People/Ann]]`, its brackets dropped as a property's are): tried as
        # a page's name, which only a graph's pages and aliases hold (§13, §15)
        named = "/" in text and self.resolver.resolve(text, path)[0] is None
        kind: LinkKind = "page" if named else "wiki"
        if self.unresolved is not None:
            self.unresolved.update(link_names(text, kind, path))
        return self._person(Link(text, line or 1, "", kind, in_frontmatter=True), path)

    def _tagged(
        self, note: NoteFacts, person_note: bool, line_people: dict[int, list[str]]
    ) -> None:
        """The generic rule of a kind read from line tags (`Kind.from_tag`): in a person note
        the item is that person's, elsewhere it is each person's linked on its line; its date
        is the log item's or date heading's it sits under, else the note's, else none; a tag
        on a checked task's own line is done with, so it adds nothing."""
        line_tags = kinds.LINE_TAGS
        dates: dict[int, date] | None = None
        path = note.path
        for tag in note.line_tags:
            kind = line_tags.get(tag.head)
            if kind is None or kind.from_tag is None or tag.closed:
                continue
            if dates is None:
                dates = {item.line: item.date for item in note.log_items}
            when = dates.get(tag.log_line) if tag.log_line is not None else None
            owners = [path] if person_note else dict.fromkeys(line_people.get(tag.line, ()))
            found = self.lists[kind.at]
            for who in owners:
                found[who].append(kind.from_tag(who, tag, when or note.date, path))

    def _needs(
        self,
        note: NoteFacts,
        person_note: bool,
        line_people: dict[int, list[str]],
        task_people: dict[int, list[str]],
    ) -> None:
        """Asks and offers (VAULT_FORMAT §11): in a person note they are the person's own (front
        matter and tags); elsewhere a tag belongs to every person linked on its line. Closed
        ones (a checked task) are dropped here; expiry depends on the day, so reports do it.
        A checked task with an ask tag is also kept as a `closes` record for each person it
        links (and the person whose note it is in): an introduction made closes their earlier
        asks on that topic wherever they are written; `helping.py` applies it."""
        path = note.path
        dates = {item.line: item.date for item in note.log_items}
        done = {task.line: task.done for task in note.tasks if task.state == "done"}
        heads = NEEDS.line_tags
        for tag in note.line_tags:
            if tag.head not in heads:
                continue  # another kind's (`_tagged`)
            when = dates.get(tag.log_line) if tag.log_line is not None else None
            if tag.closed:
                if tag.head == "ask":
                    on = done.get(tag.line) or when or note.date
                    linked = [*line_people.get(tag.line, ()), *task_people.get(tag.line, ())]
                    for who in dict.fromkeys([path, *linked] if person_note else linked):
                        closes = Need(who, CLOSES, tag.topic, tag.text, on, path, tag.line)
                        self.needs[who].append(closes)
                continue
            owners = [path] if person_note else dict.fromkeys(line_people.get(tag.line, ()))
            for who in owners:
                need = Need(who, tag.head, tag.topic, tag.text, when or note.date, path, tag.line)
                self.needs[who].append(need)
        if not person_note:
            return
        for kind in KINDS:
            key = kind + "s"
            values, _ = front_matter_needs(note.props.get(key))
            for value in values:
                topic = topic_key(value)
                if topic:
                    line = note.prop_lines.get(key)
                    need = Need(path, kind, topic, value, None, path, line, front_matter=True)
                    self.needs[path].append(need)

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
        elif link.log_line in log_items and log_items[link.log_line].heading and counts:
            # a date heading in any note (a meeting series): its date wins over the note's
            entry = log_items[link.log_line]
            if (person, entry.line) not in seen:
                seen.add((person, entry.line))
                self.contact(person, entry.date, note.path, link.line, link.text)
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


def _written_relations(props: dict[str, Any]) -> Iterator[tuple[str, str, Any]]:
    """(front matter key, relation, value) for each relation a person's front matter writes:
    the table's keys, and each label of `relations: {label: [people]}` (a label that is one
    of the table's keys is that relation)."""
    for key, value in props.items():
        relation = RELATION_KEYS.get(key)
        if relation is not None:
            yield key, relation, value
    table = props.get("relations")
    if isinstance(table, dict):
        for label, value in table.items():
            text = " ".join(str(label).split())
            if text:
                yield "relations", RELATION_KEYS.get(norm_key(text), text), value


def _relation_values(value: Any) -> list[tuple[str, bool]] | None:
    """A relation's value as (text, is a link) pairs: a `[[link]]`, a name, or a list of
    either (an unquoted `[[Ana]]`, which YAML reads as a list in a list, is a link too);
    None when it is none of these (a number, a table)."""
    if value is None:
        return []
    if isinstance(value, str):
        links = [wikilink_target(m[2]) for m in WIKILINK_RE.finditer(value)]
        if links:
            return [(t, True) for t in links if t]
        text = " ".join(value.split())
        return [(text, False)] if text else []
    if isinstance(value, list):
        out: list[tuple[str, bool]] = []
        for item in value:
            if isinstance(item, list) and len(item) == 1 and isinstance(item[0], str):
                found = _relation_values(f"[[{item[0]}]]")
            elif isinstance(item, str) or item is None:
                found = _relation_values(item)
            else:
                return None
            if found is None:
                return None
            out.extend(found)
        return out
    return None


@functools.lru_cache(maxsize=8192)
def _near_name(target: str) -> tuple[str, str] | None:
    """A link target's plain name and its near-miss key (the same targets come again and
    again across a vault's notes)."""
    name = plain_name(target)
    return None if name is None else (name, near_key(name))


def daily_settings_issues(paths: Iterable[str], config: Config) -> tuple[Issue, ...]:
    """A daily-note setting that matches no note (VAULT_FORMAT §2): said, never ignored."""
    source = config.daily_source
    if not source:
        return ()
    folder, fmt = config.daily_folder, config.daily_format
    prefix = fold(folder) + "/" if folder else ""
    seen_folder = False
    for path in paths:  # stops at the first daily note: usually soon
        if prefix and not fold(path).startswith(prefix):
            continue
        seen_folder = True
        if daily_date(path, folder, fmt) is not None:
            return ()
    if folder and not seen_folder:
        message = f"the daily-note folder '{folder}' holds no notes; check the folder setting"
    else:
        where = f"in '{folder}'" if folder else "in the vault"
        message = (
            f"no note {where} is named in the daily-note format '{fmt}'; check the format setting"
        )
    return (Issue("daily-settings", source, None, message),)


def _birthday(person: Person) -> tuple[int | None, int, int] | None:
    """What a relation carries of the other's birthday: none for an archived person."""
    return None if person.archived else person.birthday
