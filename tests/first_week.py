"""The first two weeks of issue 22, re-run day by day with the CLI as a new user would.

A fresh vault (`init`), eight people (`add`), then fourteen days from Monday 2026-11-23: daily
notes with tasks and a line typed right after a task, asks, offers and an introduction, a book
club note with date headings, `log` now and then, and a `sync` each evening. After each day it
reads back what a user looks at (`people`, `followups`, `asks`, `digest`, all `--json`) so the
test (tests/test_first_week.py) can check it, and prints a short log of the day:

    python tests/first_week.py

Nothing here touches the network or the real user cache: the vault and its cache live in a
temporary folder (or the folder given as the first argument).
"""

from __future__ import annotations

import json
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from vaultkit.cli.main import cli

START = date(2026, 11, 23)  # a Monday
DAYS = 14
PEOPLE = {  # name -> `add` options
    "Sofia Russo": ["--cadence", "weekly"],
    "Tom Becker": ["--cadence", "monthly"],
    "Maya Chen": ["--cadence", "every 2 weeks"],
    "Helen Novak": ["--cadence", "weekly", "--birthday", "--12-10"],
    "Jonas Weber": [],
    "Priya Shah": [],
    "Lena Fischer": [],
    "Ben Hartmann": ["--cadence", "30"],
}


@dataclass(frozen=True)
class State:
    """What a user reads back at the end of a day."""

    last: dict[str, str | None]  # name -> last contact (date)
    texts: dict[str, str]  # name -> the last contact's text
    followups: list[tuple[str, str, str | None]]  # (name, task, due)
    asks: list[tuple[str, str]]  # (name, topic)
    introductions: list[tuple[str, str, str]]  # (asker, helper, topic)
    digest: list[tuple[str, str]]  # (name, group), in the digest's order


class Vault:
    """A vault on disk and the CLI, run in-process (click's runner) with `--today` moving."""

    def __init__(self, folder: Path) -> None:
        self.root = folder / "Notes"
        self.cache = folder / "cache"
        self.runner = CliRunner()
        self.day = START

    def run(self, *args: str, vault: bool = True) -> str:
        extra = ["--vault", str(self.root), "--today", self.day.isoformat()] if vault else []
        extra += ["--cache-dir", str(self.cache)] if vault else []
        env = {"VAULTKIT_VAULT": None, "VAULTKIT_TODAY": None}
        result = self.runner.invoke(cli, [*args, *extra], env=env)
        if result.exit_code != 0:
            raise AssertionError(f"vaultkit {' '.join(args)}: {result.output}{result.stderr}")
        return result.stdout

    def json(self, *args: str) -> Any:
        return json.loads(self.run(*args, "--json"))

    def write(self, rel: str, text: str) -> None:
        """Type lines into a note (a new one, or at its end), as an editor saves them."""
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        old = path.read_text(encoding="utf-8") if path.exists() else ""
        path.write_text(old + text, encoding="utf-8")

    def edit(self, rel: str, old: str, new: str) -> None:
        path = self.root / rel
        text = path.read_text(encoding="utf-8")
        assert old in text, (rel, old)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    def state(self) -> State:
        people = self.json("people")
        last = {p["name"]: p["last_contact"] for p in people}
        texts = {}
        for p in people:
            if p["last_contact"]:
                shown = self.json("show", p["name"])
                texts[p["name"]] = next(
                    i["text"] for i in shown["interactions"] if i["date"] == p["last_contact"]
                )
        follow = [(f["name"], f["text"], f["due"]) for f in self.json("followups")]
        helping = self.json("asks")
        asks = [(a["name"], a["topic"]) for a in helping["asks"]]
        intros = [(i["asker"], i["helper"], i["topic"]) for i in helping["introductions"]]
        digest = [(r["name"], r["group"]) for r in self.json("digest")]
        return State(last, texts, sorted(follow), sorted(asks), intros, digest)


def _day(n: int) -> str:
    return (START + timedelta(days=n)).isoformat()


# What the user did each day: (what, doing it). Lines are the where it quotes them.
Step = tuple[str, Callable[[Vault], None]]


def _setup(v: Vault) -> None:
    v.run("init", str(v.root), vault=False)
    for name, options in PEOPLE.items():
        v.run("add", name, *options)
    v.run("log", "Helen Novak", "Sunday call, she is planning the garden")


def _d1(v: Vault) -> None:
    v.write(
        f"Daily/{_day(1)}.md",
        "Coffee with [[Maya Chen]] at Fern & Bean.\n"
        "- [ ] Send [[Maya Chen]] the article 📅 2026-11-28\n",
    )


def _d2(v: Vault) -> None:
    v.write(
        f"Daily/{_day(2)}.md",
        "- [x] Ask [[Tom Becker]] for the Q4 numbers ✅ 2026-11-25\n"
        "Met [[Sofia Russo]] at the neighbours' party.\n",
    )


def _d3(v: Vault) -> None:
    v.run("log", "Jonas Weber", "lunch; he wants to learn Python #ask/python")


def _d4(v: Vault) -> None:
    v.write(
        f"Daily/{_day(4)}.md",
        "- [ ] Introduce [[Jonas Weber]] to someone at Acme? 📅 2026-12-01\n"
        "[[Priya Shah]] texted: she is moving to Berlin in January #ask/housing\n",
    )


def _d5(v: Vault) -> None:
    v.write(
        f"Daily/{_day(5)}.md",
        "Climbing with [[Lena Fischer]]; she would mentor anyone learning Python #offer/python\n"
        "- [ ] Send [[Lena Fischer]] the climbing gym link 📅 2026-12-04\n",
    )
    v.edit(
        f"Daily/{_day(1)}.md",
        "- [ ] Send [[Maya Chen]] the article 📅 2026-11-28",
        "- [x] Send [[Maya Chen]] the article 📅 2026-11-28 ✅ 2026-11-28",
    )


def _d6(v: Vault) -> None:
    v.run("log", "Helen Novak", "Sunday call")


def _d7(v: Vault) -> None:
    pass  # a quiet Monday


def _d8(v: Vault) -> None:
    v.write(f"Daily/{_day(8)}.md", "Called [[Sofia Russo]]: she got the job!\n")


def _d9(v: Vault) -> None:
    v.write(
        "Notes/Book club.md",
        "# Book club\n\nMonthly, at Ben's.\n\n"
        f"## {_day(9)}\n"
        "With [[Ben Hartmann]] and [[Sofia Russo]]: *Middlemarch*, chapters 1-10.\n"
        "- [ ] Ask [[Ben Hartmann]] for the next book 📅 2026-12-12\n",
    )


def _d10(v: Vault) -> None:
    pass


def _d11(v: Vault) -> None:
    pass  # Lena's gym link is due today


def _d12(v: Vault) -> None:
    v.write(
        f"Daily/{_day(12)}.md",
        "- [x] Introduced [[Jonas Weber]] to [[Lena Fischer]] #ask/python ✅ 2026-12-05\n",
    )


def _d13(v: Vault) -> None:
    v.write(
        "Notes/Book club.md",
        f"\n## {_day(13)} (extra meeting)\n[[Maya Chen]] joined us for the first time.\n",
    )
    v.run("log", "Helen Novak", "Sunday call, the garden is done")


STEPS: list[Step] = [
    ("init; add 8 people; log Helen Novak", _setup),
    ("daily note: coffee with Maya, a task to send her the article", _d1),
    ("daily note: a done task for Tom, then a line about Sofia right after it", _d2),
    ("log Jonas Weber: lunch, #ask/python", _d3),
    ("daily note: a task to introduce Jonas, then Priya's text right after it", _d4),
    ("daily note: climbing with Lena (#offer/python), a task for her; Maya's task checked", _d5),
    ("log Helen Novak: Sunday call", _d6),
    ("nothing written", _d7),
    ("daily note: called Sofia", _d8),
    ("Notes/Book club.md with a date heading: Ben and Sofia", _d9),
    ("nothing written", _d10),
    ("nothing written", _d11),
    ("daily note: introduced Jonas to Lena #ask/python", _d12),
    ("Book club: another date heading (Maya); log Helen Novak", _d13),
]


def run(folder: Path, echo: Callable[[str], None] | None = None) -> list[State]:
    """Live the fourteen days in `folder`; the state read back after each one."""
    v = Vault(folder)
    states: list[State] = []
    before: dict[str, str | None] = {}
    for n, (what, step) in enumerate(STEPS):
        v.day = START + timedelta(days=n)
        step(v)
        v.run("sync", "--quiet")
        state = v.state()
        states.append(state)
        if echo is not None:
            echo(_log(v.day, what, before, state))
        before = state.last
    return states


def _log(day: date, what: str, before: dict[str, str | None], s: State) -> str:
    lines = [f"{day.isoformat()} {day:%a}: {what}"]
    for name, when in sorted(s.last.items()):
        if when and when != before.get(name):
            lines.append(f"  last contact  {name}: {when} — {s.texts[name]}")
    promised = [f"{name} ({due or 'no date'})" for name, _, due in s.followups]
    lines.append(f"  follow-ups    {', '.join(promised) or '—'}")
    asks = [f"{name} #{topic}" for name, topic in s.asks]
    intros = [f"{a} ← {h} ({t})" for a, h, t in s.introductions]
    lines.append(
        f"  asks          {', '.join(asks) or '—'}; introductions: {', '.join(intros) or '—'}"
    )
    groups: dict[str, list[str]] = {}
    for name, group in s.digest:
        groups.setdefault(group, []).append(name)
    shown = "; ".join(f"{g}: {', '.join(names)}" for g, names in groups.items())
    lines.append(f"  digest        {shown or '—'}")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    if argv:
        run(Path(argv[0]), print)
        return 0
    with tempfile.TemporaryDirectory() as folder:
        run(Path(folder), print)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
