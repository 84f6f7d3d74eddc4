"""`Ways to help.md`: possible introductions, open asks, and who can help with what (§11)."""

from __future__ import annotations

from datetime import date

from ..core.models import Need
from ..engine.index import VaultView
from ..read.config import Config
from ..reports import overview
from ..reports.ways_to_help import helping
from .markdown import inline, note_link, page_text, plural, quoted, table_head, table_row

_MARKS = str.maketrans({c: "\\" + c for c in "*_[]`<>"})
HOW = (
    "Write `#ask/<topic>` or `#offer/<topic>` on a line (in a person note it is theirs; "
    "elsewhere it is every person linked on that line), or `asks:` / `offers:` in a person's "
    "front matter."
)


def page(view: VaultView, today: date, config: Config) -> str:
    h = helping(view, today, config.ask_days)
    last = {s.person.path: s.last for s in overview.all_status(view, today)}

    def seen(path: str) -> str:
        contact = last.get(path)
        name = view.people[path].name
        when = contact.date.isoformat() if contact else "never"
        return f"{name}: {when}"

    intros = plural(len(h.introductions), "possible introduction")
    lines = [
        f"What people are looking for and who might help, as of {today.isoformat()}: "
        f"{intros}, {plural(len(h.asks), 'open ask')}.",
        "",
        "## Possible introductions",
        "",
    ]
    if h.introductions:
        lines += table_head(["Topic", "Who asks", "Who can help", "The ask", "Last contact"])
        for i in h.introductions:
            asker, helper = view.people[i.ask.person], view.people[i.offer.person]
            lines.append(
                table_row(
                    [
                        i.topic,
                        note_link(asker.path, asker.name),
                        note_link(helper.path, helper.name),
                        f"{quoted(i.ask.text, i.ask.source)} · {note_link(i.ask.source)}",
                        f"{seen(asker.path)} · {seen(helper.path)}",
                    ]
                )
            )
    else:
        lines.append("None yet: they appear when someone's ask meets someone else's offer.")
    lines += ["", "## Open asks", ""]
    if h.asks:
        lines += table_head(["Who", "Topic", "Since", "What", "Where"])
        lines += [_ask_row(view, n) for n in h.asks]
    else:
        lines.append(f"No open asks. {HOW}")
    lines += ["", "## Who can help with what", ""]
    if h.offers:
        topics: dict[str, list[Need]] = {}
        for n in h.offers:
            topics.setdefault(n.topic, []).append(n)
        for topic, found in topics.items():
            who = dict.fromkeys(note_link(n.person, view.people[n.person].name) for n in found)
            shown = inline(topic).translate(_MARKS)
            lines.append(f"- **{shown}**: {', '.join(who)}")
    else:
        lines.append(f"No offers yet. {HOW}")
    return page_text("Ways to help", lines)


def _ask_row(view: VaultView, n: Need) -> str:
    person = view.people[n.person]
    where = note_link(n.source) + (f", line {n.line}" if n.line else "")
    since = n.date.isoformat() if n.date else ""
    text = quoted(n.text, n.source)
    return table_row([note_link(person.path, person.name), n.topic, since, text, where])


PAGES = {"Ways to help.md": page}
