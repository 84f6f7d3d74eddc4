"""The reach-out digest as people read it: the page `Reach out.md` and the terminal's letter.

Both say, per person: why now (one line), the last contact with its source, what has been
going on lately, what you promised, what they are looking for. No scores, no ranks: the
order is the contract's (overdue, promised, due, birthdays, drifting), never a judgement of
anyone.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from ..core import kinds
from ..core.models import Interaction, Person
from ..engine.index import VaultView
from ..read.config import Config
from ..reports.dates import years_text
from ..reports.reach_out import Reach, Reason, digest
from ..reports.ways_to_help import Introduction
from ..text.dates import add_days
from ..text.shown import without_links
from .markdown import (
    Names,
    ago,
    beside_link,
    inline,
    note_link,
    page_text,
    plural,
    quoted,
    relation_groups,
    scoped,
)
from .overview import KeptEntry, cadence_source, every_text, key_digest, plain


def entries(view: VaultView, today: date, config: Config, days: int | None = None) -> list[Reach]:
    return digest(
        view,
        today,
        config.digest_days if days is None else days,
        config.digest_drifting_limit,
        config.drift_horizon_days,
        config.ask_days,
    )


def _every(r: Reach) -> str:
    """`every 14–21 days, circle close-friends` (empty without a cadence)."""
    if r.status.person.cadence_days is None:
        return ""
    return f"every {every_text(r.status)}, {cadence_source(r.status)}"


def reason_text(reason: Reason, today: date, every: str = "") -> str:
    """One reason in words: `overdue by 12 days (due 2026-11-13; every 30 days, own cadence)`."""
    cadence = f"; {every}" if every else ""
    if reason.kind == "overdue":
        if reason.days == 0:
            return f"due today ({every})" if every else "due today"
        due = reason.on.isoformat() if reason.on else ""
        return f"overdue by {plural(reason.days, 'day')} (due {due}{cadence})"
    if reason.kind == "promised":
        return _promised_text(reason)
    if reason.kind == "due":
        due = reason.on.isoformat() if reason.on else ""
        when = "tomorrow" if reason.days == 1 else f"in {plural(reason.days, 'day')}"
        text = f"due {when} ({due}{cadence})"
        opens = reason.window_opens
        if opens is not None and reason.on is not None and opens < reason.on:
            text += f"; reach out from {opens.isoformat()}"
        return text
    if reason.kind == "birthday":
        on = reason.on.isoformat() if reason.on else ""
        when = {0: "today", 1: "tomorrow"}.get(reason.days, f"in {plural(reason.days, 'day')}")
        if reason.label is not None:  # another date that matters: `anniversary in 3 days`
            years = years_text(reason.label, reason.age)
            return f"{reason.label} {when} ({on}){', ' + years if years else ''}"
        turns = f", turns {reason.age}" if reason.age is not None else ""
        return f"birthday {when} ({on}){turns}"
    gap = plural(reason.usual_gap or 0, "day")
    return f"drifting apart: you usually talk every ~{gap}, and it has been {reason.days} days"


def _promised_text(reason: Reason) -> str:
    """`a promise overdue by 5 days (due 2026-12-01)`; `2 promises, the first due today`."""
    due = reason.on.isoformat() if reason.on else ""
    if reason.days < 0:
        when = f"overdue by {plural(-reason.days, 'day')} (due {due})"
    elif reason.days == 0:
        when = f"due today ({due})"
    else:
        ahead = "tomorrow" if reason.days == 1 else f"in {plural(reason.days, 'day')}"
        when = f"due {ahead} ({due})"
    if reason.count > 1:
        return f"{reason.count} promises, the first {when}"
    return f"a promise {when}"


def window_text(span: int, today: date) -> str:
    """The digest's window in words (§12: today and the N-1 days after it); `--days 0` looks
    at no day ahead, only at what is already late."""
    if span == 0:
        return f"now (what is already late on {today.isoformat()}; no day ahead)"
    if span == 1:
        return f"today ({today.isoformat()})"
    last = add_days(today, span - 1)
    until = f" to {last.isoformat()}" if last is not None else ""
    return f"in the next {plural(span, 'day')} ({today.isoformat()}{until})"


def why_now(r: Reach, today: date) -> str:
    """Every reason, in the contract's group order, as one sentence."""
    every = _every(r)
    text = "; ".join(reason_text(x, today, every) for x in r.reasons)
    return text[:1].upper() + text[1:]


def _lines(view: VaultView, today: date, config: Config, days: int | None) -> list[str]:
    span = config.digest_days if days is None else days
    found = entries(view, today, config, span)
    who = plural(len(found), "person", "people")
    lines = [f"Whom to get in touch with {window_text(span, today)}: {who}.", ""]
    if not found:
        lines.append("Nobody needs a nudge this week." if span else "Nothing is late.")
    names = Names(view.people)
    memo = view.shared.rows.setdefault(scoped("reach-out"), {})  # per link style and place
    for r in found:
        path = r.status.person.path
        key = _entry_key(r, today, view.people, view.resolve)
        hit = memo.get(path)
        if type(hit) is not KeptEntry:
            hit = None
        elif hit.key is None:  # as read from the cache: its digest is the test
            hit = KeptEntry(hit.text, key, hit.saved) if _digest_is(hit, key) else None
        elif hit.key != key:
            hit = None
        if hit is None:
            hit = KeptEntry("\n".join(_page_entry(r, today, names)), key)
        memo[path] = hit
        lines.append(hit.text)
    return lines


def _digest_is(hit: KeptEntry, key: tuple[Any, ...]) -> bool:
    return hit.saved is not None and hit.saved[0] == key_digest(key)


def _entry_key(
    r: Reach,
    today: date,
    people: Mapping[str, Person],
    resolve: Callable[[str, str], str | None] | None = None,
) -> tuple[Any, ...]:
    """Everything a person's entry on the page is made of, as plain values (`plain`): the
    entry, every person it names (their own `Person` is in its status), and the day. Equal
    keys, equal text, with nothing listed by hand, so a field added to `Person`, `Reach` or
    what they hold is in the key at once. Kept with the pages' rows in the cache, so a sync
    after one edit formats only the entries that changed (the generated 10k-people vault has
    thousands of them). `resolve`: where the Markdown links of their texts lead (`quoted`)."""
    walked = {r.status.person.path: r.status.person}
    return today.toordinal(), plain(r, people, walked, resolve)


def page(view: VaultView, today: date, config: Config) -> str:
    return page_text("Reach out", _lines(view, today, config, None))


def body(view: VaultView, today: date, config: Config, days: int | None = None) -> str:
    """The page without its front matter and notice, for mail (`digest --format markdown`)."""
    text = "\n".join(["# Reach out", "", *_lines(view, today, config, days)])
    return text.rstrip("\n") + "\n"


def _page_entry(r: Reach, today: date, view_names: Mapping[str, str]) -> list[str]:
    """A heading per person, why now in one line, then what to say: the last contact and what
    came before it, and what you promised."""
    p = r.status.person
    lines = [f"## {note_link(p.path, p.name)}", "", f"{inline(why_now(r, today))}.", ""]
    last = r.status.last
    if last is None:
        lines.append("**Last contact:** none recorded yet.")
    else:
        lines.append(f"**Last contact:** {_contact(last, ago(last.date, today))}")
    if r.recent[1:]:
        lines += ["", "**Before that:**", ""]
        lines += [f"- {_contact(i)}" for i in r.recent[1:]]
    if r.followups:
        lines += ["", "**You promised:**", ""]
        for f in r.followups:
            due = f" (due {f.due.isoformat()})" if f.due else ""
            lines.append(f"- {inline(quoted(f.text, f.source))}{due} · {note_link(f.source)}")
    if r.asks:
        lines += ["", "**Looking for:**", ""]
        lines += [
            f"- {n.topic}: {inline(quoted(n.text, n.source))} · {note_link(n.source)}"
            for n in r.asks
        ]
    if r.introductions:
        lines += ["", "**You could introduce them to:**", ""]
        lines += [f"- {_introduce(x, p.path, view_names)}" for x in r.introductions]
    for name, items in r.extras:  # a kind's items shown for this entry's reasons
        if items:
            kind = kinds.named(name)
            lines += ["", f"**{kind.title}:**", ""]
            for x in items:
                source = kind.source_of(x)
                lines.append(f"- {inline(quoted(kind.text_of(x), source))} · {note_link(source)}")
    if r.relations:
        lines += ["", "**The people around them:**", ""]
        lines += [f"- {relation}: {names}" for relation, names in relation_groups(r.relations)]
    lines.append("")
    return lines


def _introduce(
    intro: Introduction, path: str, names: Mapping[str, str], linked: bool = True
) -> str:
    """Who else to introduce them to: `[[Diego Alvarez]], who can help with climbing`, or
    `[[Sam Rivera]], who is looking for climbing`."""
    mine = intro.ask.person == path
    other = intro.offer.person if mine else intro.ask.person
    shown = note_link(other, names.get(other)) if linked else names.get(other, other)
    if mine:
        return f"{shown}, who can help with {intro.topic}"
    return f"{shown}, who is looking for {intro.topic}"


def _contact(i: Interaction, ago: str = "") -> str:
    """`2026-10-18 (38 days ago) · [[Climbing/Diego Alvarez|Diego Alvarez]] — outdoor day`"""
    what = f" — {inline(quoted(beside_link(i), i.note))}" if i.text else ""
    when = f"{i.date.isoformat()} ({ago})" if ago else i.date.isoformat()
    return f"{when} · {note_link(i.note)}{what}"


def letter(view: VaultView, today: date, config: Config, days: int | None = None) -> str:
    """The terminal's digest: a short letter to oneself, one block per person."""
    span = config.digest_days if days is None else days
    found = entries(view, today, config, span)
    if not found:
        return f"Nobody to reach out to {window_text(span, today)}."
    who = plural(len(found), "person", "people")
    names = Names(view.people)
    out = [f"Reach out {window_text(span, today)}: {who}."]
    for r in found:
        p = r.status.person
        out += ["", f"{p.name} — {why_now(r, today)}."]
        if r.status.last is None:
            out.append("  No contact recorded yet.")
        for n, i in enumerate(r.recent):
            label = "Last contact" if n == 0 else "Before that "
            what = f": {' '.join(i.text.split())}" if i.text else ""
            out.append(f"  {label} {i.date.isoformat()} ({ago(i.date, today)}){what}  [{i.note}]")
        for f in r.followups:
            due = f" (due {f.due.isoformat()})" if f.due else ""
            out.append(f"  You promised: {' '.join(f.text.split())}{due}  [{f.source}:{f.line}]")
        for ask in r.asks:
            text = " ".join(ask.text.split())
            out.append(f"  Looking for: {ask.topic} — {text}  [{ask.source}]")
        for intro in r.introductions:
            out.append(f"  Introduce them to {_introduce(intro, p.path, names, linked=False)}")
        for name, items in r.extras:
            kind = kinds.named(name)
            for x in items:
                text = " ".join(kind.text_of(x).split())
                out.append(f"  {kind.title}: {text}  [{kind.source_of(x)}]")
        if r.relations:
            around = relation_groups(r.relations, linked=False)
            out.append(f"  Around them: {'; '.join(f'{k} {names}' for k, names in around)}")
    return without_links("\n".join(out))  # the terminal prints no link syntax (§9a)


PAGES = {"Reach out.md": page}
