"""`People map.md` (issue 26): the relations and introductions between people as a Mermaid
graph (Obsidian, GitHub and VS Code draw it), one cluster per circle.

Off unless asked for (`people_map = true`, or `[outputs] people-map = "..."`): it puts the
names of the people around you on one page, and some vaults are shared. Deterministic: the
same vault gives the same bytes (nodes by name, edges by their ends' names).
"""

from __future__ import annotations

from datetime import date

from ..core.kinds import RELATIONS, inverse
from ..core.models import Person
from ..engine.index import VaultView
from ..read.config import Config
from ..reports.overview import sort_name
from .markdown import page_text, plural

FILENAME = "People map.md"
NAME = "people-map"  # its key in `[outputs]`
SYMMETRIC = frozenset({"partner", "sibling"})
HOW = (
    "Write the people around a person in their front matter: `partner:`, `children:`, "
    "`parents:`, `siblings:`, `introduced_by:` or `relations: {mentor: ...}`."
)


def place(config: Config) -> str | None:
    """Where the map goes: `[outputs] people-map`, else the output folder when `people_map =
    true`; None (no map) otherwise."""
    sent = dict(config.outputs).get(NAME)
    if sent is not None:
        return sent
    return f"{config.output_prefix}{FILENAME}" if config.people_map else None


def page(view: VaultView, today: date, config: Config) -> str:
    edges = _edges(view)
    if not edges:
        return page_text("People map", [f"No relations between people yet. {HOW}"])
    shown = sorted(
        {p for a, _, b in edges for p in (a, b)}, key=lambda p: sort_name(view.people[p])
    )
    ids = {path: f"p{n}" for n, path in enumerate(shown, 1)}
    lines = [
        f"How the people in your vault are related, as of {today.isoformat()}: "
        f"{plural(len(shown), 'person', 'people')}, {plural(len(edges), 'relation')}. "
        "Each circle of yours is a box; an arrow reads from a person to what the other is to "
        "them.",
        "",
        "```mermaid",
        "flowchart LR",
    ]
    by_circle = _by_circle(view, shown, config)
    for n, (circle, members) in enumerate(by_circle.items(), 1):
        if circle:
            lines.append(f'  subgraph c{n}["{_label(circle)}"]')
            lines += [f"    {ids[p]}{_node(view.people[p])}" for p in members]
            lines.append("  end")
        else:
            lines += [f"  {ids[p]}{_node(view.people[p])}" for p in members]
    for a, relation, b in edges:
        arrow = "---" if relation in SYMMETRIC else "-->"
        lines.append(f"  {ids[a]} {arrow}|{_label(relation)}| {ids[b]}")
    # Obsidian opens the note a node names when the node has this class and its text is the
    # note's name: true for people whose name is their file name. A wikilink vault's only:
    # GitHub, VS Code and Foam follow no such class (§9a)
    wiki = config.links == "wikilink"
    linked = [ids[p] for p in shown if wiki and view.people[p].name == _stem(p)]
    if linked:
        lines.append(f"  class {','.join(linked)} internal-link")
    lines.append("```")
    return page_text("People map", lines)


def _edges(view: VaultView) -> list[tuple[str, str, str]]:
    """(person, what the other is to them, the other): each relation between two people once
    (a written relation and its derived inverse are one), people not archived."""
    people = view.people
    seen: set[tuple[str, str, str]] = set()
    found: list[tuple[str, str, str]] = []
    items = [(path, r) for path, relations in view.of(RELATIONS).items() for r in relations]
    items.sort(key=lambda i: (i[1].derived, i[0], i[1].relation, i[1].other or ""))
    for path, r in items:  # as written first: a derived inverse is the same relation
        b = r.other
        if b is None or b == path or path not in people or b not in people:
            continue
        if people[path].archived or people[b].archived:
            continue
        edge = (path, r.relation, b)
        if edge in seen or (b, inverse(r.relation), path) in seen:
            continue
        if r.relation in SYMMETRIC and (b, r.relation, path) in seen:
            continue
        seen.add(edge)
        found.append(edge)
    return sorted(found, key=lambda e: (sort_name(people[e[0]]), e[1], sort_name(people[e[2]])))


def _by_circle(view: VaultView, shown: list[str], config: Config) -> dict[str, list[str]]:
    """Circle name -> its people (each in the first of their circles, in the settings' order);
    "" for the people in none, drawn outside every box."""
    order = [name for name, _ in config.circles]
    out: dict[str, list[str]] = {name: [] for name in order}
    out[""] = []
    for path in shown:
        circles = view.people[path].circles
        first = next((c for c in order if c in circles), "")
        out[first].append(path)
    return {circle: members for circle, members in out.items() if members}


def _stem(path: str) -> str:
    return path.rsplit("/", 1)[-1].removesuffix(".md")


def _node(person: Person) -> str:
    return f'["{_label(person.name)}"]'


def _label(text: str) -> str:
    """Text inside Mermaid's quotes and edge labels: no quote, bar or bracket to break out."""
    flat = " ".join(text.split())
    return "".join(_ESCAPES.get(c, c) for c in flat)


_ESCAPES = {'"': "#quot;", "|": "#124;", "[": "#91;", "]": "#93;", "<": "#lt;", ">": "#gt;"}

PAGES = {FILENAME: page}
PLACES = {FILENAME: place}
