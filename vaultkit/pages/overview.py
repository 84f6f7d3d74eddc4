"""Page models -> Markdown. Deterministic, and valid both in Obsidian and on GitHub.

The six pages made from statuses and notes, on the helpers of markdown.py (which the reach-out
and ways-to-help pages share); the list of every page is in pagelist.py.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import marshal
import operator
from collections import defaultdict
from collections.abc import Callable, Mapping
from datetime import date
from typing import Any, NamedTuple

from ..core.models import Interaction, Issue
from ..engine.index import VaultView
from ..read.config import Config
from ..reports import dates, overview
from ..reports.overview import Status
from ..reports.rhythm import rhythm
from . import hints
from .markdown import (
    ago,
    ahead,
    inline,
    note_link,
    page_text,
    plural,
    quoted,
    reached,
    scoped,
    table,
    table_head,
    table_row,
)

PAGE_OVERDUE = "Overdue check-ins.md"
PAGE_BIRTHDAYS = "Upcoming birthdays.md"
PAGE_RECENT = "Recent interactions.md"
PAGE_FOLLOWUPS = "Follow-ups.md"
PAGE_PEOPLE = "People.md"
PAGE_ISSUES = "Vault issues.md"

ISSUE_TITLES = {
    "front-matter": "Front matter that could not be read",
    "bad-date": "Dates that are not dates",
    "bad-cadence": "Cadences vaultkit does not understand",
    "bad-birthday": "Birthdays vaultkit does not understand",
    "bad-dates": "Dates that matter vaultkit does not understand",
    "bad-last-contact": "Bad last_contact dates",
    "bad-snooze-until": "Bad snooze_until dates",
    "bad-archived": "Bad archived values",
    "ambiguous-link": "Links that match several notes",
    "near-miss-link": "Links that nearly name a person",
    "duplicate-name": "People with the same name",
    "duplicate-alias": "Aliases used twice",
    "bad-relation": "Relations vaultkit does not understand",
    "markers": "Broken vaultkit markers",
    "encoding": "Files that are not UTF-8",
    "binary": "Binary files named .md",
    "too-large": "Files over the size limit",
    "unreadable": "Files that cannot be read",
    "symlink": "Symbolic links not followed",
    "foreign-file": "Files in the output folder vaultkit did not write",
    "config": "Settings",
    "logseq": "Logseq pages vaultkit does not read",
    "daily-settings": "Daily-note settings that match no note",
    "template-placeholder": "Template placeholders outside the templates folders",
    "unknown-circle": "Circles that vaultkit.toml does not define",
    "bad-ask": "Asks without a topic",
    "bad-offer": "Offers without a topic",
    "bad-asks": "Bad asks properties",
    "bad-offers": "Bad offers properties",
}


def key_digest(key: tuple[Any, ...]) -> bytes:
    """A page entry's key as 16 bytes, the form the cache keeps it in (the key's values are
    ~1 KB an entry: names, reasons, recent contacts, follow-ups). Marshal's format 2 is
    canonical for plain values (format 3 and later mark shared and interned objects, which
    depend on how the values were made), and 4x quicker than `repr`."""
    return hashlib.blake2b(marshal.dumps(key, 2), digest_size=16).digest()


def plain(
    value: Any,
    people: Mapping[str, Any] | None = None,
    walked: Mapping[str, Any] | None = None,
    resolve: Callable[[str, str], str | None] | None = None,
) -> Any:
    """Every value `value` is made of, as plain values (tuples, str, int, ...), the key of
    anything rendered from it: equal keys, equal text, and no hand-kept list of what a page
    prints. Dataclasses are walked by all their fields, a field added later too. A `person`
    field holding a note path (an interaction's, a need's, the other side of an introduction)
    brings along the values of `people[path]`, which a page prints as that person's name; so
    does a `note` or `source` field naming a person's note, which a page labels by their name
    (`markdown.note_link`); unless `walked[path]` is that very object, met inside `value` (the
    entry's own person). With `resolve`, an item's text holding a Markdown link brings along
    the notes its links reach (`markdown.reached`), where a page routes them."""
    met: dict[Any, None] = {}
    out = _plain(value, met)
    if people is None or not met:
        return out
    walked = walked or {}
    paths = sorted([q for q in met if type(q) is str])
    named = tuple(
        [
            (q, _plain(p, {}))
            for q in paths
            if (p := people.get(q)) is not None and p is not walked.get(q)
        ]
    )
    if resolve is None or len(paths) == len(met):
        return out, named
    quotes = [q for q in met if type(q) is tuple]
    return out, named, tuple([(q, reached(q[1], q[0], resolve)) for q in quotes])


# values that are their own plain form: not `bool` or `float`, which equal an `int` (True == 1)
# where the text they give does not
_SCALARS = frozenset({str, int, bytes, type(None)})
_FLAGS = {True: ("bool", True), False: ("bool", False)}
# a dataclass -> (a getter of all its fields, the fields of those naming a note that may be a
# person's: `person`, and an item's `note` or `source`): read once per class
_Spec = tuple[Callable[[Any], tuple[Any, ...]], tuple[str, ...]]
_FIELDS: dict[type, _Spec] = {}
_NAMING = ("person", "note", "source")


def _fields_of(kind: type) -> _Spec:
    names = [f.name for f in dataclasses.fields(kind)]
    get = operator.attrgetter(*names)
    naming = tuple(n for n in _NAMING if n in names)
    spec = _FIELDS[kind] = (get if len(names) > 1 else lambda v: (get(v),), naming)
    return spec


def _plain(value: Any, met: dict[Any, None]) -> Any:
    kind = type(value)
    if kind in _SCALARS:
        return value
    if kind is tuple or kind is list:
        items = value
    elif kind is bool or kind is float:
        return kind.__name__, value
    elif kind is date:
        return value.toordinal()
    else:
        spec = _FIELDS.get(kind)
        if spec is None and dataclasses.is_dataclass(value):
            spec = _fields_of(kind)
        if spec is None:
            return _other(value, met)
        for name in spec[1]:
            if type(path := getattr(value, name)) is str:
                met[path] = None
                if name != "person" and "](" in (text := getattr(value, "text", "")):
                    met[path, text] = None  # a link in it is routed to the note it reaches
        items = spec[0](value)
    # (scalars, dates and flags inline: most of the values, and a call each otherwise)
    return tuple(
        [
            v
            if (t := type(v)) in _SCALARS
            else v.toordinal()
            if t is date
            else _FLAGS[v]
            if t is bool
            else _plain(v, met)
            for v in items
        ]
    )


def _other(value: Any, met: dict[Any, None]) -> Any:
    if type(value) is dict:
        return tuple([(_plain(k, met), _plain(v, met)) for k, v in value.items()])
    if type(value) is frozenset or type(value) is set:
        return tuple(sorted([_plain(v, met) for v in value], key=repr))
    return type(value).__qualname__, repr(value)  # (no such value on a page yet: safe, slow)


class StatusRow(NamedTuple):
    """A table row kept in this process only, by the Status object it was made for."""

    status: Status
    text: str


class KeptEntry(NamedTuple):
    """A page entry kept by the plain values it is made of (`plain`), and with the cache by
    their digest: `key` once made or checked in this process, `saved` the `(digest, text)`
    pair as read from the cache (saved again as it is, so an unchanged chunk is copied)."""

    text: str
    key: tuple[Any, ...] | None
    saved: tuple[bytes, str] | None = None


# page kind -> person -> a StatusRow or a KeptEntry (only these are saved)
RowMemo = dict[str, tuple[Any, ...]]


def row_memo(view: VaultView) -> dict[str, RowMemo]:
    """Rows by page kind, then person, kept across the views of one process (the reach-out
    page keeps its entries here too, by the plain values they are made of, in the cache)."""
    return view.shared.rows


def _status_rows(
    view: VaultView,
    kind: str,
    found: list[Status],
    today: date,
    make: Callable[[Status], list[str]],
) -> list[str]:
    """Table lines for statuses. A row depends only on the person's status and the day, and
    `reports` hands out the same Status object while the person, their contacts and the day
    are unchanged: so within a process that object is the test, and across processes the
    row is kept with the cache for the person's version and the day (`reports.person_day`)."""
    kind = scoped(kind)  # rows written for another link style or place are not these
    memo = row_memo(view).setdefault(kind, {})
    kept = f"row:{kind}"
    out = []
    for s in found:
        path = s.person.path
        hit = memo.get(path)
        if type(hit) is StatusRow and hit.status is s:  # same Status object: same row
            out.append(hit.text)
            continue
        line = overview.kept(view, kept, path, today, functools.partial(_row, make, s), _is_str)
        memo[path] = StatusRow(s, line)
        out.append(line)
    return out


def _last(s: Status, today: date) -> str:
    if s.last is None:
        return "never"
    return f"{note_link(s.last.note, s.last.date.isoformat())} ({ago(s.last.date, today)})"


def rhythm_code(view: VaultView, path: str, today: date) -> str:
    """The person's contact by month as a code span (monospace, so the months line up; blank
    months are no-break spaces, which neither Markdown nor `cell` folds), or "" for nobody seen
    in the last 12 months."""
    dates = (i.date for i in view.interactions.get(path, ()))
    picture = rhythm(dates, today, blank="\xa0")
    return f"`{picture}`" if picture else ""


def every_text(s: Status) -> str:
    days, low = s.person.cadence_days, s.person.cadence_min_days
    if days is None:
        return "—"
    return f"{low}–{days} days" if low is not None and low != days else plural(days, "day")


def cadence_source(s: Status) -> str:
    """Where a cadence came from, for people to read: `own cadence`, `circle family`."""
    came = s.person.cadence_from or ""
    return f"circle {came[7:]}" if came.startswith("circle:") else "own cadence" if came else ""


def _every_from(s: Status) -> str:
    """The People page's cadence cell: how often, and where that comes from."""
    if s.person.cadence_none:
        return "none"
    if s.person.cadence_days is None:
        return "—"
    return f"{every_text(s)} ({cadence_source(s)})"


def _who_last_every(s: Status, today: date) -> list[str]:
    """The first three columns of both tables on the overdue page; a cadence that comes from
    a circle says so (`14–21 days (circle close-friends)`)."""
    every = every_text(s)
    if (s.person.cadence_from or "").startswith("circle:"):
        every += f" ({cadence_source(s)})"
    return [note_link(s.person.path, s.person.name), _last(s, today), every]


def _due_soon(s: Status, today: date) -> str:
    if s.due is None:
        return ""
    text = f"{s.due.isoformat()} ({ahead(s.due, today)}"
    if s.window_opens is not None and s.window_opens <= today:
        text += f"; reach out from {s.window_opens.isoformat()}"
    return text + ")"


def overdue_page(view: VaultView, today: date, config: Config) -> str:
    late = overview.overdue(view, today)
    soon = overview.due_soon(view, today, config.due_soon_days)
    who = plural(len(late), "person", "people")
    lines = [f"As of {today.isoformat()}: {who} to reach out to.", ""]
    if late:

        def late_row(s: Status) -> list[str]:
            return [
                *_who_last_every(s, today),
                s.due.isoformat() if s.due else "",
                plural(s.days_overdue, "day") if s.days_overdue else "due today",
            ]

        lines += table_head(["Who", "Last contact", "Every", "Due", "Overdue by"])
        lines += _status_rows(view, "overdue", late, today, late_row)
    else:
        people = view.people.values()
        graph = config.dialect == "logseq"
        lines.append(hints.nobody_overdue(len(people), hints.without_cadence(people), graph))
    lines += ["", f"## Due in the next {plural(config.due_soon_days, 'day')}", ""]
    if soon:

        def soon_row(s: Status) -> list[str]:
            return [
                *_who_last_every(s, today),
                _due_soon(s, today),
            ]

        lines += table_head(["Who", "Last contact", "Every", "Due"])
        lines += _status_rows(view, "soon", soon, today, soon_row)
    else:
        lines.append("Nobody else is due this week.")
    lines += ["", "## Drifting apart", ""]
    drifting = overview.drifting(view, today, config.drift_horizon_days)
    if drifting:
        lines += [
            "People with no cadence whom you used to see regularly and have not for a while.",
            "",
        ]
        lines += [
            f"- {note_link(d.person.path, d.person.name)}: {drift_text(d, today)}" for d in drifting
        ]
    else:
        lines.append("Nobody is drifting away.")
    return page_text("Overdue check-ins", lines)


def drift_text(d: overview.Drift, today: date) -> str:
    """`usually every ~14 days; last contact [[Daily/2026-06-01|2026-06-01]] (178 days ago)`"""
    last = d.status.last
    assert last is not None
    seen = note_link(last.note, last.date.isoformat())
    when = ago(last.date, today)
    return f"usually every ~{plural(d.usual_gap, 'day')}; last contact {seen} ({when})"


def birthdays_page(view: VaultView, today: date, config: Config) -> str:
    window = config.birthday_window_days
    found = overview.birthdays(view, today, window)
    lines = [f"The next {plural(window, 'day')} from {today.isoformat()}.", ""]
    if found:
        rows = [
            [
                f"{b.date.isoformat()} ({ahead(b.date, today)})",
                note_link(b.person.path, b.person.name),
                "" if b.age is None else str(b.age),
            ]
            for b in found
        ]
        lines += table(["When", "Who", "Turns"], rows)
    else:
        lines.append("No birthdays coming up.")
    lines += ["", "## Other dates", ""]
    others = dates.other_dates(view, today, window)
    if others:
        rows = [
            [
                f"{o.date.isoformat()} ({ahead(o.date, today)})",
                note_link(o.person.path, o.person.name),
                o.label,
                dates.years_text(o.label, o.years),
            ]
            for o in others
        ]
        lines += table(["When", "Who", "What", "Years"], rows)
    else:
        lines.append(
            "No other dates coming up (anniversaries and such: `dates:` in a person's note)."
        )
    return page_text("Upcoming birthdays", lines)


def kept_rows(
    view: VaultView, kind: str, path: str, today: date, make: Callable[[], list[Any]]
) -> Any:
    """A person's rows on a page for today, each `(sort key, text)` in plain values: kept per
    person version and day with the cache (`reports.person_day`), so a new process after one
    edit reads the lists of, and renders rows for, only the people that edit touched. The
    page sorts everyone's rows by their keys."""
    return overview.kept(view, scoped(kind), path, today, lambda: tuple(make()), _is_tuple)


def _row(make: Callable[[Status], list[str]], s: Status) -> str:
    return table_row(make(s))


def _is_str(value: Any) -> bool:
    return type(value) is str


def _is_tuple(value: Any) -> bool:
    return type(value) is tuple


def recent_page(view: VaultView, today: date, config: Config) -> str:
    days = config.recent_days
    kind = f"recent-page:{days}"
    rows: list[tuple[Any, str]] = []

    def made(path: str) -> list[tuple[Any, str]]:
        return [
            (overview.recent_key(view, i), table_row(_recent_row(view, i)))
            for i in overview.recent_of(view, path, today, days)
        ]

    for path in view.interactions:
        if overview.in_recent_window(view, path, today, days):
            rows.extend(kept_rows(view, kind, path, today, functools.partial(made, path)))
    rows.sort(key=lambda r: r[0])
    lines = [
        f"The last {plural(days, 'day')} up to {today.isoformat()}: "
        f"{plural(len(rows), 'interaction')}.",
        "",
    ]
    if rows:
        lines += table_head(["Date", "Who", "What", "Where"]) + [line for _, line in rows]
    else:
        lines.append("Nothing logged in this time.")
    return page_text("Recent interactions", lines)


def _recent_row(view: VaultView, i: Interaction) -> list[str]:
    person = view.people[i.person]
    where = note_link(i.note) + (f", line {i.line}" if i.line else "")
    return [i.date.isoformat(), note_link(person.path, person.name), quoted(i.text, i.note), where]


def followups_page(view: VaultView, today: date, config: Config) -> str:
    """People in the order of their most urgent item (`reports.followup_key`), each with
    their items in that order: the order of `reports.followups`, one kept section a person."""
    sections: list[tuple[Any, tuple[tuple[str, int], ...], str]] = []

    def made(path: str) -> list[tuple[Any, tuple[tuple[str, int], ...], str]]:
        return [_followup_section(view, path, today)]

    for path in view.followups:
        if path in view.people:
            found = kept_rows(view, "followups-page", path, today, functools.partial(made, path))
            sections.append(found[0])
    sections.sort(key=lambda r: r[0])
    count = len({task for _, tasks, _ in sections for task in tasks})  # a task, once (§6)
    lines = [f"{plural(count, 'open follow-up')}; ones with a due date first.", ""]
    lines += [text for _, _, text in sections]
    if not sections:
        lines.append("No open follow-ups.")
    return page_text("Follow-ups", lines)


def _followup_section(
    view: VaultView, path: str, today: date
) -> tuple[Any, tuple[tuple[str, int], ...], str]:
    """(the person's most urgent item's key, their tasks as (note, line), the section's lines):
    a task that links several people is under each of them, and counted once."""
    items = sorted(view.followups[path], key=lambda f: overview.followup_key(view, f))
    person = view.people[path]
    lines = [f"## {note_link(path, person.name)}", ""]
    for f in items:
        due = ""
        if f.due:
            late = " **overdue**" if f.due < today else ""
            due = f" — due {f.due.isoformat()} ({ahead(f.due, today)}){late}"
        lines.append(
            f"- {inline(quoted(f.text, f.source))}{due} · {note_link(f.source)}, line {f.line}"
        )
    lines.append("")
    tasks = tuple((f.source, f.line) for f in items)
    return (overview.followup_key(view, items[0]), tasks, "\n".join(lines))


def _next(s: Status, today: date) -> str:
    if s.person.archived:
        return "archived"
    if s.due is None:
        return "—"
    if s.snoozed and s.person.snooze_until:
        return f"snoozed until {s.person.snooze_until.isoformat()}"
    if s.days_overdue == 0:
        return "due today"
    if s.days_overdue is not None:
        return f"overdue by {plural(s.days_overdue, 'day')}"
    return f"{s.due.isoformat()} ({ahead(s.due, today)})"


def people_page(view: VaultView, today: date, config: Config) -> str:
    everyone = overview.all_status(view, today)
    groups: dict[str, list[Status]] = defaultdict(list)
    for s in everyone:
        for tag in s.person.tags or ("",):
            groups[tag].append(s)
    if not everyone:
        return page_text("People", [hints.no_people(config)])
    lines = [f"{plural(len(everyone), 'person', 'people')}, grouped by tag.", ""]

    def person_row(s: Status) -> list[str]:
        return [
            note_link(s.person.path, s.person.name),
            _last(s, today),
            _every_from(s),
            _next(s, today),
            _birthday(s.person.birthday),
            rhythm_code(view, s.person.path, today),
        ]

    for tag in sorted(groups, key=lambda t: (t == "", t)):
        members = groups[tag]
        lines += [f"## {tag or 'No tag'} ({len(members)})", ""]
        lines += table_head(
            ["Who", "Last contact", "Every", "Next check-in", "Birthday", "12 months"]
        )
        lines += _status_rows(view, "people", members, today, person_row)
        lines.append("")
    return page_text("People", lines)


def _birthday(birthday: tuple[int | None, int, int] | None) -> str:
    """`1991-12-03`, or `12-10` when the year is unknown (the month and day as a dated
    birthday shows them; `--12-10` is how a note writes it, not how a page should show it)."""
    text = overview.birthday_text(birthday) or ""
    return text[2:] if text.startswith("--") else text


def issues_page(view: VaultView, today: date, config: Config) -> str:
    found = overview.issues(view)
    kinds: dict[str, list[Issue]] = defaultdict(list)
    for issue in found:
        kinds[issue.kind].append(issue)
    lines = [
        f"{plural(len(found), 'problem')} vaultkit could not use. "
        "Fix them in the notes; this page updates on the next sync.",
        "",
    ]
    for kind in sorted(kinds, key=lambda k: (ISSUE_TITLES.get(k, k), k)):
        items = kinds[kind]
        lines += [f"## {ISSUE_TITLES.get(kind, kind)} ({len(items)})", ""]
        for issue in items:
            is_note = issue.path.lower().endswith(".md")
            where = note_link(issue.path) if is_note else f"`{inline(issue.path)}`"
            at = f", line {issue.line}" if issue.line else ""
            lines.append(f"- {where}{at}: {inline(issue.message)}")
        lines.append("")
    return page_text("Vault issues", lines)


# The catalog (`catalog.py`) finds each page module's table: file name -> page.
PAGES = {
    PAGE_OVERDUE: overdue_page,
    PAGE_BIRTHDAYS: birthdays_page,
    PAGE_RECENT: recent_page,
    PAGE_FOLLOWUPS: followups_page,
    PAGE_PEOPLE: people_page,
    PAGE_ISSUES: issues_page,
}
