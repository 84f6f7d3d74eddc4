"""Which notes are people, and what their front matter says (VAULT_FORMAT §3). Pure."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from ..core import kinds
from ..core.kinds import RELATION_KEYS
from ..core.models import Issue, NoteFacts, Person
from ..text.daily_names import NAME_DATE_RE, match_daily
from ..text.dates import DateValueError, parse_birthday, parse_date, parse_yearly, read_cadence
from ..text.topics import front_matter_needs
from .circles import Circle, circle_table, membership

PERSON_TAGS = frozenset({"person", "people"})
_SCHEMA_KEYS = frozenset(
    [
        "name",
        "aliases",
        "alias",
        "tags",
        "tag",
        "cadence",
        "birthday",
        "last_contact",
        "snooze_until",
        "archived",
        "type",
        "categories",
        "circle",
        "circles",
        "asks",
        "offers",
        "dates",
        "anniversary",
    ]
)
_SPLIT_RE = re.compile(r"[,\s]+")
_YES = frozenset(["true", "yes", "y", "on", "1"])
_NO = frozenset(["false", "no", "n", "off", "0"])
# the people around a person (VAULT_FORMAT §15) are read by `relations.Builder`, not shown
# as custom fields
_SCHEMA_KEYS |= {*RELATION_KEYS, "relations"}


def tag_list(value: Any) -> list[str]:
    """Front matter tags: a list, or a comma/space separated string; a leading `#` is dropped."""
    items = value if isinstance(value, list) else [value] if value is not None else []
    out: list[str] = []
    for item in items:
        if isinstance(item, bool) or not isinstance(item, str | int | float):
            continue
        for part in _SPLIT_RE.split(str(item)):
            part = part.lstrip("#").strip()
            if part and part.casefold() not in [t.casefold() for t in out]:
                out.append(part)
    return out


def str_list(value: Any) -> list[str]:
    """Aliases: a list or a single string; other scalars are taken as text."""
    items = value if isinstance(value, list) else [value] if value is not None else []
    out = []
    for item in items:
        if isinstance(item, str | int | float) and not isinstance(item, bool):
            text = " ".join(str(item).split())
            if text:
                out.append(text)
    return out


def note_tags(facts: NoteFacts) -> list[str]:
    """Front matter tags (`tags`, or Obsidian's older `tag`), then body tags; casefolded, unique.
    A body tag of a registered kind (`#gift/books`, `#ask/climbing`: `kinds.LINE_TAGS`) tags
    a line, an item of a list, not the note: it makes no group of the People page and no
    circle (issue 25). Written in the front matter it is the note's own."""
    props = facts.props
    tags = tag_list(props.get("tags")) + tag_list(props.get("tag"))
    line_tags = kinds.LINE_TAGS
    body = [t for t in sorted(facts.body_tags) if t.partition("/")[0].casefold() not in line_tags]
    out: list[str] = []
    for tag in [*tags, *body]:
        folded = tag.casefold()
        if folded not in out:
            out.append(folded)
    return out


def explicit_type(props: dict[str, Any]) -> bool | None:
    """What the `type` property says: True (`person`, or a list holding it), False (any other
    type: `meeting`, `index`, ...), None (no type written)."""
    kinds = props.get("type")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    written = [k.strip().casefold() for k in kinds if isinstance(k, str) and k.strip()]
    if not written:
        return None
    return "person" in written


def in_people_folder(path: str, people_folders: tuple[str, ...]) -> str | None:
    """The people folder (as configured) the note lies under, if any."""
    lower = nfc(path).casefold()
    for folder in people_folders:
        if lower.startswith(nfc(folder).casefold() + "/"):
            return folder
    return None


def is_person(
    facts: NoteFacts,
    people_folders: tuple[str, ...],
    daily_format: str = "",
    pages_folder: str | None = None,
) -> bool:
    """Which rule wins (VAULT_FORMAT §3): an explicit `type` and `categories` decide; the
    folder and tag rules never make a person of a dated file name or a people folder's note.
    `pages_folder`: a Logseq graph's, whose pages lie in folders as their names say (§13)."""
    props = facts.props
    kind = explicit_type(props)
    if kind is True or _in_people_category(props):
        return True
    if kind is False:
        return False
    where = facts.path
    folder = in_people_folder(where, people_folders)
    if folder is None and pages_folder is not None:
        for where in _graph_places(facts, pages_folder):
            folder = in_people_folder(where, people_folders)
            if folder is not None:
                break
    by_folder = folder is not None and not _folder_note(where, folder)
    if not (by_folder or any(tag.split("/", 1)[0] in PERSON_TAGS for tag in note_tags(facts))):
        return False
    return not dated_name(facts.stem, daily_format)


def _graph_places(facts: NoteFacts, pages_folder: str) -> list[str]:
    """Where a Logseq page lies for the people folder rule (§13): in its namespace (the page
    `People/Maya Chen`, file `People___Maya Chen.md`, is in `People/`), and in the folder
    below the pages folder it sits in (`pages/People/Ann.md` is in `People/`)."""
    places = [f"{facts.title}.md"] if "/" in facts.title else []
    prefix = nfc(pages_folder).casefold() + "/"
    if pages_folder and nfc(facts.path).casefold().startswith(prefix):
        places.append(nfc(facts.path)[len(prefix) :])
    return places


def _in_people_category(props: dict[str, Any]) -> bool:
    categories = props.get("categories")
    categories = categories if isinstance(categories, list) else [categories]
    return any(
        isinstance(c, str) and c.strip().strip("[]").strip().casefold() == "people"
        for c in categories
    )


def _folder_note(path: str, folder: str) -> bool:
    """`People/People.md`: the people folder's own note (a list or a query), not a person."""
    parent, _, name = path.rpartition("/")
    return (
        nfc(parent).casefold() == nfc(folder).casefold()
        and nfc(name[:-3] if name.lower().endswith(".md") else name).casefold()
        == nfc(folder.rsplit("/", 1)[-1]).casefold()
    )


def dated_name(stem: str, daily_format: str) -> bool:
    """A file name holding a date (`2026-11-09 1on1`, or one in the daily format)."""
    if NAME_DATE_RE.search(stem):
        return True
    return bool(daily_format) and match_daily(stem, daily_format.rsplit("/", 1)[-1]) is not None


def nfc(text: str) -> str:
    """Unicode NFC (macOS writes file names decomposed); ASCII, the common case, as it is."""
    return text if text.isascii() else unicodedata.normalize("NFC", text)


def interpret(
    facts: NoteFacts, daily_format: str = "", circles: tuple[tuple[str, str], ...] = ()
) -> tuple[Person, list[Issue]]:
    """A person from their note; unusable values become issues and are left out. `circles`
    is the config's `[circles]` table: a person without a cadence of their own takes the
    shortest cadence of the circles they are in (VAULT_FORMAT §10)."""
    props, issues = facts.props, []

    def problem(key: str, message: str, kind: str | None = None) -> None:
        written = facts.prop_keys.get(key, key)
        issues.append(
            Issue(
                kind or f"bad-{key.replace('_', '-')}",
                facts.path,
                facts.prop_lines.get(key),
                f"'{written}': {message}",
            )
        )

    name_value = props.get("name")
    name = nfc(" ".join(str(name_value).split())) if _scalar(name_value) else ""
    tags = tuple(t for t in note_tags(facts) if t not in PERSON_TAGS)
    rhythm = _rhythm(props, tags, circles, problem)
    window = rhythm.window
    birthday = None
    if props.get("birthday") not in (None, ""):
        try:
            birthday = parse_birthday(props["birthday"])
        except DateValueError as exc:
            problem("birthday", str(exc))
    dates: dict[str, date | None] = {}
    for key in ("last_contact", "snooze_until"):
        dates[key] = None
        if props.get(key) not in (None, ""):
            try:
                dates[key] = parse_date(props[key], daily_format)
            except DateValueError as exc:
                problem(key, str(exc))
    for key in ("asks", "offers"):
        if not front_matter_needs(props.get(key))[1]:
            problem(key, "expected a topic or a list of topics, like [housing, climbing]")
    yearly = _dates(props, problem)
    archived = yes_no(props.get("archived"))
    if archived is None:
        problem("archived", f"expected yes or no (true/false), got {props['archived']!r}")
    fields = tuple(
        (facts.prop_keys[k], v) for k, v in props.items() if k not in _SCHEMA_KEYS and v is not None
    )
    person = Person(
        path=facts.path,
        name=name or nfc(facts.title or facts.stem),
        aliases=tuple(
            nfc(a) for a in str_list(props.get("aliases")) + str_list(props.get("alias"))
        ),
        tags=tags,
        cadence_days=window[1] if window else None,
        cadence_text=rhythm.text,
        birthday=birthday,
        last_contact_prop=dates["last_contact"],
        snooze_until=dates["snooze_until"],
        archived=archived is True,
        fields=fields,
        cadence_min_days=window[0] if window else None,
        cadence_from=rhythm.source,
        circles=rhythm.circles,
        cadence_none=rhythm.none,
        dates=yearly,
    )
    return person, issues


_DATES_HELP = (
    "write labels and dates, like dates: {anniversary: 2015-06-20, started at Acme: --01-08}"
)


def _dates(
    props: dict[str, Any], problem: Callable[[str, str, str | None], None]
) -> tuple[tuple[str, tuple[int | None, int, int]], ...]:
    """The dates that matter (VAULT_FORMAT §16): `dates: {label: date}`, and a top-level
    `anniversary` read as `dates: {anniversary: ...}`; each in the birthday's forms. A date
    that is not one is reported at its key's line (`bad-dates`) and left out; the others stay."""
    found: dict[str, tuple[str, tuple[int | None, int, int]]] = {}
    written = props.get("dates")
    if isinstance(written, dict):
        for key, value in written.items():
            label = nfc(" ".join(str(key).split()))
            if not label or value in (None, ""):
                continue
            try:
                found.setdefault(label.casefold(), (label, parse_yearly(value)))
            except DateValueError as exc:
                problem("dates", f"{label!r}: {exc}", "bad-dates")
    elif written not in (None, "", []):
        problem(
            "dates",
            f"expected labels with dates, got {_shown(written)}; {_DATES_HELP}",
            "bad-dates",
        )
    value = props.get("anniversary")
    if value not in (None, ""):
        try:
            when = parse_yearly(value)
        except DateValueError as exc:
            problem("anniversary", str(exc), "bad-dates")
        else:
            if "anniversary" in found:
                problem(
                    "anniversary",
                    "also written in 'dates'; the one in 'dates' is used",
                    "bad-dates",
                )
            else:
                found["anniversary"] = ("anniversary", when)
    return tuple(found.values())


def _shown(value: Any) -> str:
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 60 else text[:57] + "..."


@dataclass(frozen=True, slots=True)
class _Rhythm:
    window: tuple[int, int] | None  # (reach out from, due at) in days
    text: str | None  # the person's own cadence as written, when it is usable
    source: str | None  # "note", "circle:<name>", or None
    none: bool  # no check-ins and no drifting
    circles: tuple[str, ...]


def _rhythm(
    props: dict[str, Any],
    tags: tuple[str, ...],
    circles: tuple[tuple[str, str], ...],
    problem: Callable[[str, str, str | None], None],
) -> _Rhythm:
    """The person's cadence and where it comes from (VAULT_FORMAT §5, §10): their own `cadence`
    always wins (`none` included); else the shortest cadence of their circles."""
    table = circle_table(circles)
    written = str_list(props.get("circle")) + str_list(props.get("circles"))
    member = membership(written, tags, table)
    for value in member.unknown:
        known = ", ".join(c.name for c in table.values())
        hint = f"known: {known}" if known else "vaultkit.toml has no [circles] table"
        where = "circle" if "circle" in props else "circles"
        problem(where, f"no circle {value!r} ({hint})", "unknown-circle")
    own = props.get("cadence")
    if own not in (None, ""):
        try:
            window = read_cadence(own)
        except DateValueError as exc:
            problem("cadence", f"{exc}; {_circle_said(member.cadence)} until it is fixed", None)
        else:
            text = str(own).strip()
            if window is None:
                return _Rhythm(None, text, None, True, member.circles)
            return _Rhythm(window, text, "note", False, member.circles)
    if member.cadence is not None:
        source = f"circle:{member.cadence.name}"
        return _Rhythm(member.cadence.window, None, source, False, member.circles)
    return _Rhythm(None, None, None, member.all_none, member.circles)


def _circle_said(circle: Circle | None) -> str:
    if circle is None or circle.window is None:
        return "no check-ins"
    return f"the cadence of circle {circle.name!r} applies"


def yes_no(value: Any) -> bool | None:
    """A yes/no property (VAULT_FORMAT §3): False when absent, None when it means neither."""
    if value is None or value == "":
        return False
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return value == 1
    if isinstance(value, str):
        text = value.strip().casefold()
        if text in _YES:
            return True
        if text in _NO:
            return False
    return None


def _scalar(value: Any) -> bool:
    return isinstance(value, str | int | float) and not isinstance(value, bool)
