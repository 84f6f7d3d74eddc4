"""The block vaultkit keeps inside a person note, between markers the user placed (§9).

`render_block` is a pure function of the view; `splice` replaces only the text between the
two marker lines and returns every other character exactly as it was (front matter, BOM,
line endings, a missing final newline, trailing spaces).
"""

from __future__ import annotations

import posixpath
from datetime import date

from ..core.models import Person
from ..engine.index import VaultView
from ..read.config import Config
from ..read.markers import BLOCK_BEGIN, BLOCK_END, find_block, marker_indent
from ..reports.dates import Occasion, by_day, dates_of, relatives_dates, years_text
from ..reports.overview import Status, birthday_of, drift_of, followups_of, status
from ..reports.relations import around
from ..reports.rhythm import span_text
from ..reports.ways_to_help import helping
from .markdown import (
    Here,
    beside_link,
    inline,
    linking,
    note_link,
    quoted,
    reading,
    relation_groups,
    untag,
)
from .outline import outline, page_names
from .overview import cadence_source, every_text, rhythm_code

NOTICE = "*Kept up to date by vaultkit on every sync; edits inside this block are replaced.*"


def _days(n: int) -> str:
    return "today" if n == 0 else "yesterday" if n == 1 else f"{n} days ago"


def _ahead(n: int) -> str:
    return "today" if n == 0 else "tomorrow" if n == 1 else f"in {n} days"


def _checkins(s: Status, today: date) -> str:
    person = s.person
    every = f"every {every_text(s)} ({cadence_source(s)})"  # `every 21–35 days (own cadence)`
    assert s.due is not None
    if s.snoozed and person.snooze_until:
        nxt = f"snoozed until {person.snooze_until.isoformat()}"
    elif s.days_overdue:
        nxt = f"overdue by {s.days_overdue} day{'s' if s.days_overdue != 1 else ''}"
    else:
        nxt = f"next {s.due.isoformat()} ({_ahead((s.due - today).days)})"
        if s.window_opens is not None:
            nxt += f", reach out from {s.window_opens.isoformat()}"
    return f"{every}; {nxt}"


def _rhythm(view: VaultView, s: Status, today: date, config: Config) -> str | None:
    """The check-ins line: the cadence and where it comes from, or drifting apart."""
    person = s.person
    if person.archived:
        return "- **Check-ins:** archived"
    if person.cadence_days is not None and s.due is not None:
        return f"- **Check-ins:** {_checkins(s, today)}"
    if person.cadence_none:
        return "- **Check-ins:** none"
    drift = drift_of(view, s, today, config.drift_horizon_days)
    if drift is None:
        return None
    gap = drift.usual_gap
    return (
        f"- **Drifting:** usually every ~{gap} day{'s' if gap != 1 else ''}; "
        f"{drift.days_since} days since the last contact"
    )


def _yearly(view: VaultView, person: Person, today: date, window: int) -> list[str]:
    """The birthday and the other dates that matter (§16) coming within the window, their
    family's birthdays among them."""
    lines = []
    b = birthday_of(person, today, window)
    if b is not None:
        turns = f", turns {b.age}" if b.age is not None else ""
        lines.append(f"- **Birthday:** {b.date.isoformat()} ({_ahead(b.in_days)}){turns}")
    found = dates_of(person, today, window) + relatives_dates(view, person, today, window)
    found.sort(key=by_day)
    coming = [_date_text(o) for o in found]
    if coming:
        lines.append(f"- **Coming dates:** {'; '.join(coming)}")
    return lines


def _date_text(o: Occasion) -> str:
    """`anniversary 2026-11-28 (in 3 days, 10 years)`."""
    years = years_text(o.label, o.years)
    when = _ahead(o.in_days) + (f", {years}" if years else "")
    return f"{untag(' '.join(o.label.split()))} {o.date.isoformat()} ({when})"


def render_block(view: VaultView, path: str, today: date, config: Config) -> list[str]:
    """The lines between the markers (without line endings), its links relative to the
    person's note (§9a)."""
    names = page_names(view, config) if config.dialect == "logseq" else None
    here = Here(config.links == "markdown", posixpath.dirname(path), names=names)
    with linking(reading(here, view)):
        return _block(view, path, today, config)


def _block(view: VaultView, path: str, today: date, config: Config) -> list[str]:
    s = status(view, path, today)
    person = s.person
    lines = [NOTICE, ""]
    if s.last:
        when = s.last.date
        if s.last.note != path:
            source = note_link(s.last.note)
        else:  # the person's own note: a link to itself says nothing; its log line does
            source = (
                f"logged here: {untag(quoted(s.last.text, path))}"
                if s.last.text
                else "in this note"
            )
        lines.append(
            f"- **Last contact:** {when.isoformat()} ({_days((today - when).days)}), {source}"
        )
    else:
        lines.append("- **Last contact:** none recorded yet")
    picture = rhythm_code(view, path, today)
    if picture:
        lines.append(f"- **Contact by month:** {picture} ({span_text(today)})")
    rhythm = _rhythm(view, s, today, config)
    if rhythm:
        lines.append(rhythm)
    lines += _yearly(view, person, today, config.birthday_window_days)
    asks, offers, _ = helping(view, today, config.ask_days).of(path)
    for label, found in (("Looking for", asks), ("Can help with", offers)):
        topics = list(dict.fromkeys(n.topic for n in found))
        if topics:
            lines.append(f"- **{label}:** {inline(', '.join(topics))}")
    lines += _relations(view, path)
    tasks = followups_of(view, path)
    if tasks:
        lines += ["", "**Open follow-ups**", ""]
        for f in tasks:
            due = f" (due {f.due.isoformat()})" if f.due else ""
            lines.append(f"- {inline(quoted(f.text, f.source))}{due} · {note_link(f.source)}")
    timeline = _timeline(view, path, today)
    if timeline:
        lines += ["", "**Timeline**", ""]
        shown = timeline[: config.timeline_limit]
        lines += [line for _, line in shown]
        rest = len(timeline) - len(shown)
        if rest > 0:
            lines.append(f'- …and {rest} more (`vaultkit show "{person.name}"`)')
    return lines


def _relations(view: VaultView, path: str) -> list[str]:
    """One line per relation: `- **Partner:** [[Ben Carter]]`, `- **Children:** [[Mia]], Leo`."""
    groups = relation_groups(around(view, path))
    return [f"- **{relation[:1].upper()}{relation[1:]}:** {names}" for relation, names in groups]


def _timeline(view: VaultView, path: str, today: date) -> list[tuple[str, str]]:
    """Contacts and mentions from other notes, newest first; undated mentions last."""
    entries: list[tuple[tuple[int, str, int], str]] = []
    for i in view.interactions.get(path, ()):
        if i.note != path and i.date <= today:
            text = f" — {untag(quoted(beside_link(i), i.note))}" if i.text else ""
            line = f"- {i.date.isoformat()} · {note_link(i.note)}{text}"
            entries.append(((-i.date.toordinal(), i.note, i.line or 0), line))
    for m in view.mentions.get(path, ()):
        if m.note != path:
            when = m.date if m.date and m.date <= today else None
            prefix = f"{when.isoformat()} · " if when else ""
            order = -when.toordinal() if when else 1
            line = f"- {prefix}{note_link(m.note)} (mention) — {untag(quoted(m.text, m.note))}"
            entries.append(((order, m.note, m.line), line))
    entries.sort(key=lambda e: e[0])
    return [(str(key), line) for key, line in entries]


def line_ending(text: str) -> str:
    """The note's own line ending: CRLF when it has any, else LF."""
    return "\r\n" if "\r\n" in text else "\n"


def splice(text: str, block: list[str], logseq: bool = False) -> str | None:
    """`text` with the marker block's inside replaced, or None when the markers are not usable.
    In a Logseq graph the block is written as blocks at the begin marker's depth (§13)."""
    lines = text.splitlines(keepends=True)
    found, problem = find_block([line.rstrip("\r\n") for line in lines], bullets=logseq)
    if found is None or problem:
        return None
    begin, end = found
    eol = line_ending(text)
    head = lines[:begin]
    if not head[-1].endswith(("\n", "\r")):
        return None  # cannot happen: the end marker follows on a later line
    if logseq:
        block = outline(block, marker_indent(head[-1].rstrip("\r\n")))
    inner = [line + eol for line in block]
    return "".join(head + inner + lines[end - 1 :])


def append_block(text: str, block: list[str], logseq: bool = False) -> str:
    """`text` with markers and block added at the end (config `person_block = "append"`); in
    a Logseq graph as top-level blocks."""
    eol = line_ending(text)
    sep = "" if not text or text.endswith(("\n", "\r")) else eol
    if logseq:
        body = [f"- {BLOCK_BEGIN}", *outline(block), f"- {BLOCK_END}"]
        return text + sep + "".join(line + eol for line in body)
    body = [BLOCK_BEGIN, *block, BLOCK_END]
    return text + sep + eol + "".join(line + eol for line in body)
