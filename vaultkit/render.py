"""Page models -> Markdown. Deterministic, and valid both in Obsidian and on GitHub.

Every table cell goes through `cell`, every link through `note_link`, so a name holding
`|`, `]]` or `#` can never break a table or a link.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import marshal
import operator
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from datetime import date
from functools import lru_cache
from typing import Any, NamedTuple
from urllib.parse import quote

from . import hints, reports
from .config import Config
from .index import VaultView
from .models import Interaction, Issue
from .reports import Status
from .sparkline import rhythm

MARKER = "generated_by: vaultkit"
HEADER = f"---\n{MARKER}\n---\n"
NOTICE = "*Written by vaultkit: edits here are replaced on the next `vaultkit sync`.*"
# Characters a wikilink target cannot carry, and whitespace other than one plain space, which
# table cells and Obsidian would fold: such paths get a percent-encoded Markdown link instead.
_UNSAFE_TARGET = re.compile(r"[\[\]|#^\\]|[^\S ]")

PAGE_OVERDUE = "Overdue check-ins.md"
PAGE_BIRTHDAYS = "Upcoming birthdays.md"
PAGE_RECENT = "Recent interactions.md"
PAGE_FOLLOWUPS = "Follow-ups.md"
PAGE_PEOPLE = "People.md"
PAGE_ISSUES = "Vault issues.md"
PAGE_REACH_OUT = "Reach out.md"
PAGE_WAYS_TO_HELP = "Ways to help.md"

ISSUE_TITLES = {
    "front-matter": "Front matter that could not be read",
    "bad-date": "Dates that are not dates",
    "bad-cadence": "Cadences vaultkit does not understand",
    "bad-birthday": "Birthdays vaultkit does not understand",
    "bad-last-contact": "Bad last_contact dates",
    "bad-snooze-until": "Bad snooze_until dates",
    "bad-archived": "Bad archived values",
    "ambiguous-link": "Links that match several notes",
    "near-miss-link": "Links that nearly name a person",
    "duplicate-name": "People with the same name",
    "duplicate-alias": "Aliases used twice",
    "markers": "Broken vaultkit markers",
    "encoding": "Files that are not UTF-8",
    "binary": "Binary files named .md",
    "too-large": "Files over the size limit",
    "unreadable": "Files that cannot be read",
    "symlink": "Symbolic links not followed",
    "foreign-file": "Files in the output folder vaultkit did not write",
    "config": "Settings",
    "daily-settings": "Daily-note settings that match no note",
    "template-placeholder": "Template placeholders outside the templates folders",
    "unknown-circle": "Circles that vaultkit.toml does not define",
    "bad-ask": "Asks without a topic",
    "bad-offer": "Offers without a topic",
    "bad-asks": "Bad asks properties",
    "bad-offers": "Bad offers properties",
}


_BREAKING = re.compile(r"[ \t\n\r\f\v]+")


def cell(text: str) -> str:
    """One line, every `|` escaped: `[[a|b]]` becomes `[[a\\|b]]`, as Obsidian wants in tables;
    no `#tag` (`untag`). A no-break space is kept (the rhythm's blank months are made of
    them), where `str.split` would fold it with the rest."""
    one = " ".join(text.split()) if "\xa0" not in text else _BREAKING.sub(" ", text).strip()
    flat = untag(one)
    return flat.replace("\\|", "|").replace("|", "\\|")


def inline(text: str) -> str:
    """Text placed at the start of a list item: one line, never the start of an HTML block, and
    no `#tag` (`untag`)."""
    flat = untag(" ".join(text.split()))
    return "\\" + flat if flat.startswith("<") else flat


# A `#` that Obsidian could take for the start of a tag: not after a word character, `/`, `&`
# (`&#39;`), `#` or `\`, and followed by a tag's characters, not only digits (`#12`).
_TAG_START = re.compile(r"(?<![\w/&#\\])#(?=[\w\-/]*[^\W\d])")
# What copied text keeps as it is, `#` and all: wikilinks and embeds, HTML tags and autolinks
# (code spans are paired in `_kept`). Neither pattern can look past a bracket: linear in all.
_KEPT = re.compile(r"!?\[\[[^\[\]]*\]\]|<[A-Za-z/!][^<>]*>")
_TICKS = re.compile(r"`+")


def untag(text: str) -> str:
    """Copied text without tags: `asked about #ask/climbing` is written `asked about
    \\#ask/climbing`, which Obsidian shows as `#ask/climbing` but does not count, so vaultkit's
    pages and blocks never appear in the tag pane (or tag searches) as tagged notes."""
    if "#" not in text:
        return text
    kept = _kept(text)
    out: list[str] = []
    done = k = 0
    for m in _TAG_START.finditer(text):
        at = m.start()
        while k < len(kept) and kept[k][1] <= at:
            k += 1
        if k < len(kept) and kept[k][0] <= at:
            continue  # in a code span, a link or a tag: left as written
        out += [text[done:at], "\\"]
        done = at
    return "".join(out) + text[done:] if out else text


def _kept(text: str) -> list[tuple[int, int]]:
    """(start, end) of the code spans, wikilinks and HTML tags, disjoint and in order: a code
    span runs from a backtick run to the next run of the same length (markdown's rule)."""
    spans = [m.span() for m in _KEPT.finditer(text)]
    if "`" in text:
        runs = [m.span() for m in _TICKS.finditer(text)]
        after: list[int] = [-1] * len(runs)  # the next run of the same length
        last: dict[int, int] = {}
        for i in range(len(runs) - 1, -1, -1):
            width = runs[i][1] - runs[i][0]
            after[i], last[width] = last.get(width, -1), i
        i = 0
        while i < len(runs):
            if after[i] < 0:
                i += 1
                continue
            spans.append((runs[i][0], runs[after[i]][1]))
            i = after[i] + 1
    spans.sort()
    merged: list[tuple[int, int]] = []  # a link inside a code span, ...: one span, disjoint
    for start, end in spans:
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _display(text: str) -> str:
    """Shown text of a link: brackets and pipes would end the link early."""
    return " ".join(text.translate(str.maketrans("[]|", "()/")).split()) or "?"


@lru_cache(maxsize=1 << 16)
def note_link(path: str, shown: str | None = None) -> str:
    """A link to a vault note: a wikilink, or a Markdown link when the path would break one.

    Memoised: the pages link the same people and notes thousands of times per sync."""
    target = path[:-3] if path.lower().endswith(".md") else path
    label = _display(shown if shown is not None else target.rsplit("/", 1)[-1])
    if _UNSAFE_TARGET.search(target) or "  " in target or target != target.strip(" /"):
        label = label.replace("\\", "\\\\").replace("*", "\\*").replace("_", "\\_")
        return f"[{label}](<../{quote(path, safe='/')}>)"
    return f"[[{target}|{label}]]" if label != target else f"[[{target}]]"


def beside_link(i: Interaction) -> str:
    """An interaction's text where a link to its note stands next to it: a link from the front
    matter of a note without text reads `Offsite planning (attendees)`, which beside
    `[[Offsite planning]]` says `listed in attendees`."""
    stem = i.note.rsplit("/", 1)[-1]
    stem = stem[:-3] if stem.lower().endswith(".md") else stem
    if i.text.startswith(stem + " (") and i.text.endswith(")"):
        return f"listed in {i.text[len(stem) + 2 : -1]}"
    return i.text


def _table(headers: list[str], rows: Iterable[list[str]]) -> list[str]:
    return _head(headers) + [_line(row) for row in rows]


def _head(headers: list[str]) -> list[str]:
    return ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]


def _line(row: list[str]) -> str:
    return "| " + " | ".join(cell(c) for c in row) + " |"


def _ord(day: date | None) -> int | None:
    return day.toordinal() if day else None


def key_digest(key: tuple[Any, ...]) -> bytes:
    """A page entry's key as 16 bytes, the form the cache keeps it in (the key's values are
    ~1 KB an entry: names, reasons, recent contacts, follow-ups). Marshal's format 2 is
    canonical for plain values (format 3 and later mark shared and interned objects, which
    depend on how the values were made), and 4x quicker than `repr`."""
    return hashlib.blake2b(marshal.dumps(key, 2), digest_size=16).digest()


def plain(
    value: Any, people: Mapping[str, Any] | None = None, walked: Mapping[str, Any] | None = None
) -> Any:
    """Every value `value` is made of, as plain values (tuples, str, int, ...), the key of
    anything rendered from it: equal keys, equal text, and no hand-kept list of what a page
    prints. Dataclasses are walked by all their fields, a field added later too. A `person`
    field holding a note path (an interaction's, a need's, the other side of an introduction)
    brings along the values of `people[path]`, which a page prints as that person's name;
    unless `walked[path]` is that very object, met inside `value` (the entry's own person)."""
    met: dict[str, None] = {}
    out = _plain(value, met)
    if people is None or not met:
        return out
    walked = walked or {}
    return out, tuple(
        [(q, _plain(p, {})) for q in sorted(met) if (p := people.get(q)) is not walked.get(q, q)]
    )


# values that are their own plain form: not `bool` or `float`, which equal an `int` (True == 1)
# where the text they give does not
_SCALARS = frozenset({str, int, bytes, type(None)})
_FLAGS = {True: ("bool", True), False: ("bool", False)}
# a dataclass -> (a getter of all its fields, whether one is `person`): read once per class
_FIELDS: dict[type, tuple[Callable[[Any], tuple[Any, ...]], bool]] = {}


def _fields_of(kind: type) -> tuple[Callable[[Any], tuple[Any, ...]], bool]:
    names = [f.name for f in dataclasses.fields(kind)]
    get = operator.attrgetter(*names)
    spec = _FIELDS[kind] = (get if len(names) > 1 else lambda v: (get(v),), "person" in names)
    return spec


def _plain(value: Any, met: dict[str, None]) -> Any:
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
        if spec[1] and type(path := value.person) is str:
            met[path] = None
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


def _other(value: Any, met: dict[str, None]) -> Any:
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
    memo = row_memo(view).setdefault(kind, {})
    kept = f"row:{kind}"
    out = []
    for s in found:
        path = s.person.path
        hit = memo.get(path)
        if type(hit) is StatusRow and hit.status is s:  # same Status object: same row
            out.append(hit.text)
            continue
        line = reports.kept(view, kept, path, today, functools.partial(_row, make, s), _is_str)
        memo[path] = StatusRow(s, line)
        out.append(line)
    return out


def _page(title: str, lines: list[str]) -> str:
    body = "\n".join([f"# {title}", "", NOTICE, "", *lines]).rstrip("\n")
    return HEADER + body + "\n"


def _plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def _ago(day: date, today: date) -> str:
    days = (today - day).days
    return "today" if days == 0 else "yesterday" if days == 1 else f"{days} days ago"


def _ahead(day: date, today: date) -> str:
    days = (day - today).days
    if days < 0:
        return f"{-days} days ago"
    return "today" if days == 0 else "tomorrow" if days == 1 else f"in {days} days"


def _last(s: Status, today: date) -> str:
    if s.last is None:
        return "never"
    return f"{note_link(s.last.note, s.last.date.isoformat())} ({_ago(s.last.date, today)})"


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
    return f"{low}–{days} days" if low is not None and low != days else _plural(days, "day")


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
    text = f"{s.due.isoformat()} ({_ahead(s.due, today)}"
    if s.window_opens is not None and s.window_opens <= today:
        text += f"; reach out from {s.window_opens.isoformat()}"
    return text + ")"


def overdue_page(view: VaultView, today: date, config: Config) -> str:
    late = reports.overdue(view, today)
    soon = reports.due_soon(view, today, config.due_soon_days)
    who = _plural(len(late), "person", "people")
    lines = [f"As of {today.isoformat()}: {who} to reach out to.", ""]
    if late:

        def late_row(s: Status) -> list[str]:
            return [
                *_who_last_every(s, today),
                s.due.isoformat() if s.due else "",
                _plural(s.days_overdue, "day") if s.days_overdue else "due today",
            ]

        lines += _head(["Who", "Last contact", "Every", "Due", "Overdue by"])
        lines += _status_rows(view, "overdue", late, today, late_row)
    else:
        people = view.people.values()
        lines.append(hints.nobody_overdue(len(people), hints.without_cadence(people)))
    lines += ["", f"## Due in the next {_plural(config.due_soon_days, 'day')}", ""]
    if soon:

        def soon_row(s: Status) -> list[str]:
            return [
                *_who_last_every(s, today),
                _due_soon(s, today),
            ]

        lines += _head(["Who", "Last contact", "Every", "Due"])
        lines += _status_rows(view, "soon", soon, today, soon_row)
    else:
        lines.append("Nobody else is due this week.")
    lines += ["", "## Drifting apart", ""]
    drifting = reports.drifting(view, today, config.drift_horizon_days)
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
    return _page("Overdue check-ins", lines)


def drift_text(d: reports.Drift, today: date) -> str:
    """`usually every ~14 days; last contact [[Daily/2026-06-01|2026-06-01]] (178 days ago)`"""
    last = d.status.last
    assert last is not None
    seen = note_link(last.note, last.date.isoformat())
    ago = _ago(last.date, today)
    return f"usually every ~{_plural(d.usual_gap, 'day')}; last contact {seen} ({ago})"


def birthdays_page(view: VaultView, today: date, config: Config) -> str:
    window = config.birthday_window_days
    found = reports.birthdays(view, today, window)
    lines = [f"The next {_plural(window, 'day')} from {today.isoformat()}.", ""]
    if found:
        rows = [
            [
                f"{b.date.isoformat()} ({_ahead(b.date, today)})",
                note_link(b.person.path, b.person.name),
                "" if b.age is None else str(b.age),
            ]
            for b in found
        ]
        lines += _table(["When", "Who", "Turns"], rows)
    else:
        lines.append("No birthdays coming up.")
    return _page("Upcoming birthdays", lines)


def kept_rows(
    view: VaultView, kind: str, path: str, today: date, make: Callable[[], list[Any]]
) -> Any:
    """A person's rows on a page for today, each `(sort key, text)` in plain values: kept per
    person version and day with the cache (`reports.person_day`), so a new process after one
    edit reads the lists of, and renders rows for, only the people that edit touched. The
    page sorts everyone's rows by their keys."""
    return reports.kept(view, kind, path, today, lambda: tuple(make()), _is_tuple)


def _row(make: Callable[[Status], list[str]], s: Status) -> str:
    return _line(make(s))


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
            (reports.recent_key(view, i), _line(_recent_row(view, i)))
            for i in reports.recent_of(view, path, today, days)
        ]

    for path in view.interactions:
        if reports.in_recent_window(view, path, today, days):
            rows.extend(kept_rows(view, kind, path, today, functools.partial(made, path)))
    rows.sort(key=lambda r: r[0])
    lines = [
        f"The last {_plural(days, 'day')} up to {today.isoformat()}: "
        f"{_plural(len(rows), 'interaction')}.",
        "",
    ]
    if rows:
        lines += _head(["Date", "Who", "What", "Where"]) + [line for _, line in rows]
    else:
        lines.append("Nothing logged in this time.")
    return _page("Recent interactions", lines)


def _recent_row(view: VaultView, i: Interaction) -> list[str]:
    person = view.people[i.person]
    where = note_link(i.note) + (f", line {i.line}" if i.line else "")
    return [i.date.isoformat(), note_link(person.path, person.name), i.text, where]


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
    lines = [f"{_plural(count, 'open follow-up')}; ones with a due date first.", ""]
    lines += [text for _, _, text in sections]
    if not sections:
        lines.append("No open follow-ups.")
    return _page("Follow-ups", lines)


def _followup_section(
    view: VaultView, path: str, today: date
) -> tuple[Any, tuple[tuple[str, int], ...], str]:
    """(the person's most urgent item's key, their tasks as (note, line), the section's lines):
    a task that links several people is under each of them, and counted once."""
    items = sorted(view.followups[path], key=lambda f: reports.followup_key(view, f))
    person = view.people[path]
    lines = [f"## {note_link(path, person.name)}", ""]
    for f in items:
        due = ""
        if f.due:
            late = " **overdue**" if f.due < today else ""
            due = f" — due {f.due.isoformat()} ({_ahead(f.due, today)}){late}"
        lines.append(f"- {inline(f.text)}{due} · {note_link(f.source)}, line {f.line}")
    lines.append("")
    tasks = tuple((f.source, f.line) for f in items)
    return (reports.followup_key(view, items[0]), tasks, "\n".join(lines))


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
        return f"overdue by {_plural(s.days_overdue, 'day')}"
    return f"{s.due.isoformat()} ({_ahead(s.due, today)})"


def people_page(view: VaultView, today: date, config: Config) -> str:
    everyone = reports.all_status(view, today)
    groups: dict[str, list[Status]] = defaultdict(list)
    for s in everyone:
        for tag in s.person.tags or ("",):
            groups[tag].append(s)
    if not everyone:
        return _page("People", [hints.no_people(config)])
    lines = [f"{_plural(len(everyone), 'person', 'people')}, grouped by tag.", ""]

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
        lines += _head(["Who", "Last contact", "Every", "Next check-in", "Birthday", "12 months"])
        lines += _status_rows(view, "people", members, today, person_row)
        lines.append("")
    return _page("People", lines)


def _birthday(birthday: tuple[int | None, int, int] | None) -> str:
    """`1991-12-03`, or `12-10` when the year is unknown (the month and day as a dated
    birthday shows them; `--12-10` is how a note writes it, not how a page should show it)."""
    text = reports.birthday_text(birthday) or ""
    return text[2:] if text.startswith("--") else text


def issues_page(view: VaultView, today: date, config: Config) -> str:
    found = reports.issues(view)
    kinds: dict[str, list[Issue]] = defaultdict(list)
    for issue in found:
        kinds[issue.kind].append(issue)
    lines = [
        f"{_plural(len(found), 'problem')} vaultkit could not use. "
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
    return _page("Vault issues", lines)


def reach_out_page(view: VaultView, today: date, config: Config) -> str:
    """`Reach out.md` (reachout.py, which builds on this module's helpers)."""
    from .reachout import page

    return page(view, today, config)


def ways_to_help_page(view: VaultView, today: date, config: Config) -> str:
    """`Ways to help.md` (helppage.py)."""
    from .helppage import page

    return page(view, today, config)


PAGES = {
    PAGE_OVERDUE: overdue_page,
    PAGE_BIRTHDAYS: birthdays_page,
    PAGE_RECENT: recent_page,
    PAGE_FOLLOWUPS: followups_page,
    PAGE_PEOPLE: people_page,
    PAGE_ISSUES: issues_page,
    PAGE_REACH_OUT: reach_out_page,
    PAGE_WAYS_TO_HELP: ways_to_help_page,
}


def render_pages(view: VaultView, today: date, config: Config) -> dict[str, str]:
    """Page file name -> Markdown text, for every generated page."""
    return {name: build(view, today, config) for name, build in PAGES.items()}


def is_generated(text: str) -> bool:
    """Only files whose front matter carries the marker are ours to replace or delete."""
    if not text.startswith("---"):
        return False
    end = text.find("\n---", 3)
    head = text[: end if end >= 0 else 2000]
    return any(line.strip() == MARKER for line in head.splitlines()[1:])
