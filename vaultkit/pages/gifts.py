"""`Gift ideas.md` (VAULT_FORMAT §17): each person with open ideas, by name; their ideas newest
first (undated last), each with the note it is written in."""

from __future__ import annotations

from datetime import date

from ..engine.index import VaultView
from ..read.config import Config
from ..reports.gifts import gift_lists
from .markdown import inline, note_link, page_text, plural, quoted

FILENAME = "Gift ideas.md"
HOW = (
    "Write `#gift` (or `#gift/<topic>`) on a line: in a person's note it is for them; "
    "elsewhere it is for every person linked on that line. Check it off as a task "
    "(`- [x]`) once given."
)


def page(view: VaultView, today: date, config: Config) -> str:
    lists = gift_lists(view)
    ideas = sum(len(g.ideas) for g in lists)
    if not lists:
        return page_text("Gift ideas", [f"No open gift ideas. {HOW}"])
    lines = [
        f"Open gift ideas, as of {today.isoformat()}: {plural(ideas, 'idea')} "
        f"for {plural(len(lists), 'person', 'people')}.",
    ]
    for g in lists:
        lines += ["", f"## {note_link(g.person.path, g.person.name)}", ""]
        for idea in g.ideas:
            when = f"{idea.date.isoformat()} · " if idea.date else ""
            lines.append(
                f"- {when}{inline(quoted(idea.text, idea.source))} · {note_link(idea.source)}"
            )
    return page_text("Gift ideas", lines)


PAGES = {FILENAME: page}
