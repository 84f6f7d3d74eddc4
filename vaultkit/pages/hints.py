"""What the pages and commands say when there is nothing to show: how to get something there.

An empty list reads as good news ("Nobody is overdue. Well done.") when in fact vaultkit found
no people, or nobody has a cadence; a new user then learns nothing. These sentences say what
is missing and what to write. Pure: the pages (Markdown) and the CLI (plain text) share them.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..core.models import Person
from ..read.config import Config


def without_cadence(people: Iterable[Person]) -> list[str]:
    """People who could be reminded but are not (their names, sorted): no cadence written
    (`none` is a choice, and a cadence vaultkit cannot read is a vault issue of its own), not
    archived."""
    return sorted(
        (
            p.name
            for p in people
            if p.cadence_days is None and not p.cadence_text and not p.archived
        ),
        key=str.casefold,
    )


SHOWN_NAMES = 3


def no_cadence(names: list[str], graph: bool = False) -> str:
    """`2 people have no cadence (Ann, Bo)`: who, so the user knows whose note to edit, and
    the key as they write it (`cadence::`, a page property, in a Logseq graph)."""
    count = len(names)
    who = "1 person has" if count == 1 else f"{count} people have"
    shown = ", ".join(names[:SHOWN_NAMES])
    if count > SHOWN_NAMES:
        shown += f" and {count - SHOWN_NAMES} more"
    key = "cadence::" if graph else "cadence:"
    return f"{who} no cadence ({shown}): add `{key}` or a circle"


def nobody_overdue(people: int, no_cadence_names: list[str], graph: bool = False) -> str:
    """The line in place of the overdue table."""
    if people == 0:
        return "Nobody is overdue: vaultkit found no people yet (see the People page)."
    if no_cadence_names:
        return f"Nobody is overdue, but {no_cadence(no_cadence_names, graph)}."
    return "Nobody is overdue. Well done."


def no_people(config: Config) -> str:
    """How vaultkit finds people, for a vault where it found none."""
    folders = ", ".join(f"`{f}/`" for f in config.people_folders)
    if config.dialect == "logseq":  # page properties, not YAML (§13)
        return (
            "No people yet. A page is a person when it has the property `type:: person` or "
            f"`tags:: person`, or is in a people namespace ({folders}). "
            'Create one with `vaultkit add "Maya Chen"`.'
        )
    return (
        f"No people yet. A note is a person when it is in a people folder ({folders}), "
        "or has `type: person`, a `person` or `people` tag, or `categories: [[People]]`. "
        'Create one with `vaultkit add "Maya Chen"`.'
    )
