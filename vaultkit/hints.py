"""What the pages and commands say when there is nothing to show: how to get something there.

An empty list reads as good news ("Nobody is overdue. Well done.") when in fact vaultkit found
no people, or nobody has a cadence; a new user then learns nothing. These sentences say what
is missing and what to write. Pure: the pages (Markdown) and the CLI (plain text) share them.
"""

from __future__ import annotations

from collections.abc import Iterable

from .config import Config
from .models import Person


def without_cadence(people: Iterable[Person]) -> int:
    """People who could be reminded but are not: no cadence written (`none` is a choice, and a
    cadence vaultkit cannot read is a vault issue of its own), not archived."""
    return sum(
        1 for p in people if p.cadence_days is None and not p.cadence_text and not p.archived
    )


def no_cadence(count: int) -> str:
    who = "1 person has" if count == 1 else f"{count} people have"
    return f"{who} no cadence: add `cadence:` or a circle"


def nobody_overdue(people: int, no_cadence_count: int) -> str:
    """The line in place of the overdue table."""
    if people == 0:
        return "Nobody is overdue: vaultkit found no people yet (see People.md)."
    if no_cadence_count:
        return f"Nobody is overdue, but {no_cadence(no_cadence_count)}."
    return "Nobody is overdue. Well done."


def no_people(config: Config) -> str:
    """How vaultkit finds people, for a vault where it found none."""
    folders = ", ".join(f"`{f}/`" for f in config.people_folders)
    return (
        f"No people yet. A note is a person when it is in a people folder ({folders}), "
        "or has `type: person`, a `person` or `people` tag, or `categories: [[People]]`. "
        'Create one with `vaultkit add "Maya Chen"`.'
    )
