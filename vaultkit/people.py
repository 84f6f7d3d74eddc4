"""Which notes are people, and what their front matter says (VAULT_FORMAT §3). Pure."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from .dates import DateValueError, parse_birthday, parse_cadence, parse_date
from .models import Issue, NoteFacts, Person

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
    ]
)
_SPLIT_RE = re.compile(r"[,\s]+")


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
    """Front matter tags (`tags`, or Obsidian's older `tag`), then body tags; casefolded, unique."""
    props = facts.props
    tags = tag_list(props.get("tags")) + tag_list(props.get("tag"))
    out: list[str] = []
    for tag in [*tags, *sorted(facts.body_tags)]:
        folded = tag.casefold()
        if folded not in out:
            out.append(folded)
    return out


def is_person(facts: NoteFacts, people_folders: tuple[str, ...]) -> bool:
    lower = facts.path.casefold()
    if any(lower.startswith(folder.casefold() + "/") for folder in people_folders):
        return True
    props = facts.props
    kinds = props.get("type")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    if any(isinstance(k, str) and k.strip().casefold() == "person" for k in kinds):
        return True
    if any(tag.split("/", 1)[0] in PERSON_TAGS for tag in note_tags(facts)):
        return True
    categories = props.get("categories")
    categories = categories if isinstance(categories, list) else [categories]
    return any(
        isinstance(c, str) and c.strip().strip("[]").strip().casefold() == "people"
        for c in categories
    )


def interpret(facts: NoteFacts) -> tuple[Person, list[Issue]]:
    """A person from their note; unusable values become issues and are left out."""
    props, issues = facts.props, []

    def problem(key: str, message: str) -> None:
        written = facts.prop_keys.get(key, key)
        issues.append(
            Issue(
                f"bad-{key.replace('_', '-')}",
                facts.path,
                facts.prop_lines.get(key),
                f"'{written}': {message}",
            )
        )

    name_value = props.get("name")
    name = " ".join(str(name_value).split()) if _scalar(name_value) else ""
    cadence_days = cadence_text = None
    if props.get("cadence") not in (None, ""):
        try:
            cadence_days = parse_cadence(props["cadence"])
            cadence_text = str(props["cadence"]).strip()
        except DateValueError as exc:
            problem("cadence", f"{exc}; no check-ins until it is fixed")
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
                dates[key] = parse_date(props[key])
            except DateValueError as exc:
                problem(key, str(exc))
    archived = props.get("archived")
    if archived not in (None, True, False):
        problem("archived", f"expected true or false, got {archived!r}")
    fields = tuple(
        (facts.prop_keys[k], v) for k, v in props.items() if k not in _SCHEMA_KEYS and v is not None
    )
    person = Person(
        path=facts.path,
        name=name or facts.stem,
        aliases=tuple(str_list(props.get("aliases")) + str_list(props.get("alias"))),
        tags=tuple(t for t in note_tags(facts) if t not in PERSON_TAGS),
        cadence_days=cadence_days,
        cadence_text=cadence_text,
        birthday=birthday,
        last_contact_prop=dates["last_contact"],
        snooze_until=dates["snooze_until"],
        archived=archived is True,
        fields=fields,
    )
    return person, issues


def _scalar(value: Any) -> bool:
    return isinstance(value, str | int | float) and not isinstance(value, bool)
