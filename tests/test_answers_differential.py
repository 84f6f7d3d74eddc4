"""A warm cache database gives the answers a fresh read of the notes gives (issue 24).

Issue 24 answers the questions (`show NAME`, `people`, `overdue`, `birthdays`, `dates`,
`digest`, `drifting`, `followups`, `asks`, `gifts`) from a few rows of the cache database picked
by SQL when it holds the view for exactly the notes on disk. Those answers must be the slow
path's, byte for byte as JSON; with no change after the sync they must come from the rows.

Here small random vaults (people with and without cadences and windows, archived and snoozed,
birthdays with and without a year, on 29 February and around new year, other dates, aliases,
names that share a start, relations, asks and offers, contacts in daily notes and in person
notes' logs, some of them after the day asked about, follow-ups open and done) are synced once
(some twice, on two days), to leave a warm database behind; then, on days around the sync (a
year before to two years after, leap days and new year included), every question is asked of a
new `Vault` on that database and of one that keeps no cache, and the answers (or the
`UsageError` of a name nobody or several people have) must be equal. Some examples change a
note after the sync, which the database then does not hold.

Not hypothesis: notes changed after the sync, a damaged database (the answers of a fresh read,
at most one warning), and the commands' output (text and JSON) on the example vault.
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from vaulthelp import invoke, make_vault

from benchmarks.cachedamage import put, settle
from vaultkit import UsageError, open_vault
from vaultkit.api import JsonModel, Vault

# ---------------------------------------------------------------- the random vaults

# Names that share starts (`an`, `ana`, `ben`, `carl`, `el`), two of them not ASCII.
NAMES = (
    "Ana",
    "Anabel",
    "Ana Lucia",
    "Ben Carter",
    "Benno Kraus",
    "Carla Diaz",
    "Carl",
    "Dana Ek",
    "Elif Kaya",
    "Eli",
    "José García",
    "Zoë Brand",
)
ALIASES = ("Nana", "AL", "Benji", "Cee", "Doc", "Lu", "Kay")  # few: two people may share one
CADENCES = (
    "7",
    "14",
    "30",
    "weekly",
    "monthly",
    "quarterly",
    "every 2-3 weeks",
    "4-6 weeks",
    "30-45",
    "every other week",
    "10d",
    "none",
    "biweekly",  # reported: no cadence
)
TAGS = ("family", "close-friends", "acquaintances", "friend")
RELATIONS = ("partner", "children", "parents", "siblings", "introduced_by", "mentor")
TOPICS = ("climbing", "python", "python/mentoring", "kiln-share")
CIRCLES = (
    '[circles]\nfamily = "weekly"\nclose-friends = "every 2-3 weeks"\nacquaintances = "none"\n'
)
# Days the answers change on: leap day, the days around it, new year.
SPECIAL_DAYS = tuple(
    dt.date.fromisoformat(d)
    for d in (
        "2027-12-31",
        "2028-01-01",
        "2028-02-28",
        "2028-02-29",
        "2028-03-01",
        "2029-02-28",
        "2029-03-01",
    )
)
SYNC_DAYS = tuple(dt.date.fromisoformat(d) for d in ("2026-11-25", "2027-12-30", "2028-02-28"))
# A note edited in place is the change a database that trusts itself misses (a note added or
# gone shows in the walk): twice as likely as the others.
EDITS = (
    *("contact", "cadence") * 2,
    *("daily", "new-person", "drop", "rename", "settings"),
)


@dataclass(frozen=True)
class Case:
    """A vault's files, the day it is synced, the days it is asked about, and what is changed
    in its notes after the sync (none, or one of EDITS on `edited`'s note)."""

    files: dict[str, str]
    synced: dt.date
    days: tuple[dt.date, ...]
    people: tuple[tuple[str, str, str | None], ...]  # (name, note path, alias)
    edit: str | None = None
    edited: int = 0
    again: dt.date | None = None  # synced a second time, on this day, before the change


def _iso(day: dt.date) -> str:
    return day.isoformat()


@st.composite
def birthdays(draw: st.DrawFn) -> str | None:
    """No birthday, a year or not, 29 February, the days around new year, any other day, or
    one that is no date (reported)."""
    form = draw(st.sampled_from(("none", "none", "full", "no-year", "leap", "new-year", "bad")))
    if form == "none":
        return None
    if form == "bad":
        return draw(st.sampled_from(("--02-30", "1990-13-01", "soon")))
    if form == "leap":
        month, day = 2, 29
    elif form == "new-year":
        month, day = draw(
            st.sampled_from(((12, 28), (12, 29), (12, 30), (12, 31), (1, 1), (1, 2), (1, 3)))
        )
    else:
        month, day = draw(st.integers(1, 12)), draw(st.integers(1, 28))
    year = draw(st.sampled_from((None, 1988, 1996, 2000, 2001, 2020)))
    if form == "no-year" or year is None:
        return draw(st.sampled_from((f"--{month:02d}-{day:02d}", f"{month:02d}-{day:02d}")))
    if (month, day) == (2, 29) and year % 4:
        year = 1996
    return f"{year}-{month:02d}-{day:02d}"


@dataclass
class Writer:
    """Draws one vault's notes: `near` days around the sync, `link`s to its people."""

    draw: st.DrawFn
    synced: dt.date
    people: list[tuple[str, str, str | None]]  # name, note path, alias

    def near(self, low: int, high: int) -> str:
        return _iso(self.synced + dt.timedelta(self.draw(st.integers(low, high))))

    def maybe(self, one_in: int) -> bool:
        return self.draw(st.integers(1, one_in)) == 1

    def anyone(self) -> int:
        return self.draw(st.integers(0, len(self.people) - 1))

    def link(self, i: int) -> str:
        """By name, alias, path with shown text, or file name."""
        name, path, alias = self.people[i]
        form = self.draw(st.integers(0, 3))
        if form == 1 and alias:
            return f"[[{alias}]]"
        if form == 2:
            return f"[[{path[:-3]}|{name}]]"
        if form == 3:
            return f"[[{_stem(path)}]]"
        return f"[[{name}]]"

    def front(self, i: int) -> list[str]:
        name, path, alias = self.people[i]
        draw = self.draw
        lines = [f"name: {name}"] if _stem(path) != name else []
        lines += ["type: person"] if path.startswith("Contacts/") else []
        lines += [f"aliases: [{alias}]"] if alias else []
        cadence = draw(st.one_of(st.none(), st.sampled_from(CADENCES)))
        lines += [f"cadence: {cadence}"] if cadence else []
        birthday = draw(birthdays())
        lines += [f'birthday: "{birthday}"'] if birthday else []
        lines += self.other_dates()
        lines += [f"last_contact: {self.near(-500, 300)}"] if self.maybe(3) else []
        lines += [f"snooze_until: {self.near(-400, 400)}"] if self.maybe(5) else []
        lines += ["archived: true"] if self.maybe(6) else []
        tags = draw(st.lists(st.sampled_from(TAGS), max_size=2, unique=True))
        lines += [f"tags: [{', '.join(tags)}]"] if tags else []
        for key in ("asks", "offers"):
            topics = draw(st.lists(st.sampled_from(TOPICS), max_size=2, unique=True))
            lines += [f"{key}: [{', '.join(topics)}]"] if topics else []
        return lines + self.relations(i)

    def other_dates(self) -> list[str]:
        other = self.draw(st.sampled_from((None, None, "anniversary", "dates")))
        if other == "anniversary":
            return [f"anniversary: {self.draw(birthdays()) or '2015-06-20'}"]
        if other == "dates":
            written = self.draw(birthdays()) or "--12-31"
            return [
                "dates:",
                f'  anniversary: "{written}"',
                f"  started at Acme: {self.near(-3000, 0)}",
            ]
        return []

    def relations(self, i: int) -> list[str]:
        lines: list[str] = []
        for key in self.draw(st.lists(st.sampled_from(RELATIONS), max_size=2, unique=True)):
            j = self.anyone()
            target = f'"{self.link(j)}"' if j != i else "Leo"  # a relative with no note: text
            if key == "mentor":
                lines += ["relations:", f"  mentor: [{target}]"]
            elif key in ("children", "siblings"):
                lines.append(f"{key}: [{target}, Mia]")
            else:
                lines.append(f"{key}: {target}")
        return lines

    def log(self) -> list[str]:
        """A person note's log: dated items (some with someone else), tasks, an ask, a gift
        idea, a date heading."""
        draw = self.draw
        lines = []
        for _ in range(draw(st.integers(0, 4))):
            with_other = f" and {self.link(self.anyone())}" if draw(st.booleans()) else ""
            lines.append(f"- {self.near(-500, 300)}: coffee{with_other}")
        for _ in range(draw(st.integers(0, 2))):
            done = draw(st.booleans())
            due = f" [due:: {self.near(-200, 400)}]" if draw(st.booleans()) else ""
            lines.append(f"- [{'x' if done else ' '}] send the photos{due}{self.finished(done)}")
        if self.maybe(4):
            lines.append(f"- asked for a plumber #ask/{draw(st.sampled_from(TOPICS))}")
        if self.maybe(4):
            lines.append("- a mug from the studio #gift")
        if self.maybe(4):
            lines += ["", f"### {self.near(-400, 200)}", "met at the market"]
        return lines

    def finished(self, done: bool) -> str:
        return f" ✅ {self.near(-300, 300)}" if done and self.draw(st.booleans()) else ""

    def daily_line(self) -> str:
        """A line of a daily note: contact, a task (open or done, due or not), an ask, a gift."""
        draw = self.draw
        kind = draw(st.sampled_from(("contact", "contact", "task", "ask", "gift")))
        who = self.link(self.anyone())
        if kind == "contact":
            return f"- coffee with {who}"
        if kind == "ask":
            return f"- {who} asked about #ask/{draw(st.sampled_from(TOPICS))}"
        if kind == "gift":
            return f"- a scarf for {who} #gift"
        done = draw(st.booleans())
        due = draw(st.sampled_from(("", " 📅 ", " [due:: ")))
        if due:
            due += self.near(-200, 400) + ("]" if due.startswith(" [") else "")
        return f"- [{'x' if done else ' '}] call {who} about the trip{due}{self.finished(done)}"


def _stem(path: str) -> str:
    return path.rsplit("/", 1)[-1][:-3]


def _settings(draw: st.DrawFn) -> dict[str, str]:
    """No vaultkit.toml, or one with some settings and maybe circles."""
    circles = draw(st.booleans())
    if not circles and draw(st.booleans()):
        return {}
    head = [
        f"due_soon_days = {draw(st.sampled_from((0, 7, 30)))}",
        f"digest_drifting_limit = {draw(st.sampled_from((0, 1, 5)))}",
        f"ask_days = {draw(st.sampled_from((30, 365)))}",
    ]
    return {"vaultkit.toml": "\n".join(head) + "\n" + (CIRCLES if circles else "")}


@st.composite
def cases(draw: st.DrawFn) -> Case:
    synced = draw(st.sampled_from(SYNC_DAYS))
    count = draw(st.integers(2, 12))
    names = draw(st.lists(st.sampled_from(NAMES), min_size=count, max_size=count, unique=True))
    people: list[tuple[str, str, str | None]] = []
    for name in names:
        # the name, a slug, or the name decomposed as macOS writes file names (José)
        stem = draw(
            st.sampled_from(
                (name, name.lower().replace(" ", "-"), unicodedata.normalize("NFD", name))
            )
        )
        folder = draw(st.sampled_from(("People", "People", "Contacts")))
        alias = draw(st.one_of(st.none(), st.none(), st.sampled_from(ALIASES)))
        people.append((name, f"{folder}/{stem}.md", alias))
    w = Writer(draw, synced, people)
    files = _settings(draw)
    daily: dict[str, list[str]] = {}
    for i, (name, path, _alias) in enumerate(people):
        lines = ["---", *w.front(i), "---", f"# {name}", "", "## Log", *w.log()]
        files[path] = "\n".join(lines) + "\n"
        for _ in range(draw(st.integers(0, 5))):
            daily.setdefault(w.near(-500, 300), []).append(w.daily_line())
    for day, lines in daily.items():
        files[f"Daily/{day}.md"] = f"# {day}\n\n" + "\n".join(lines) + "\n"
    low, high = synced - dt.timedelta(400), synced + dt.timedelta(800)
    days = {
        synced,
        *draw(st.lists(st.sampled_from([d for d in SPECIAL_DAYS if low <= d <= high]), max_size=2)),
    }
    days.update(dt.date.fromisoformat(w.near(-400, 800)) for _ in range(draw(st.integers(1, 3))))
    ordered = tuple(draw(st.permutations(sorted(days))))  # a day back after a later one, too
    edit = draw(st.one_of(st.none(), st.sampled_from(EDITS)))  # half the examples
    again = draw(st.one_of(st.none(), st.none(), st.sampled_from(ordered)))
    return Case(files, synced, ordered, tuple(people), edit, w.anyone(), again)


# ---------------------------------------------------------------- the questions


def plain(value: Any) -> Any:
    """An answer as JSON data (models by their `to_json`)."""
    if isinstance(value, JsonModel):
        return value.to_json()
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def outcome(question: Callable[[Vault], Any], vault: Vault) -> tuple[str, Any]:
    """The answer, or the one-line error a user would see (any other error fails the test)."""
    try:
        return ("answer", plain(question(vault)))
    except UsageError as error:
        return ("UsageError", str(error))


Question = tuple[str, Callable[[Vault], Any]]


def _ask(method: str, *args: Any) -> Question:
    return (f"{method}{args}", lambda vault: getattr(vault, method)(*args))


REPORTS: tuple[Question, ...] = (
    _ask("overdue"),
    _ask("nobody_overdue"),
    _ask("people"),
    _ask("followups"),
    _ask("drifting"),
    _ask("asks"),
    _ask("gifts"),
    _ask("issues"),
    _ask("birthdays"),
    *(_ask("birthdays", within) for within in (0, 1, 7, 30, 365, 400)),
    _ask("dates", 30),
    _ask("digest"),
    *(_ask("digest", days) for days in (0, 1, 7, 30)),
    _ask("digest_text", 7),
    _ask("ics"),
)
# Starts several people share, a start of one, spaces and a decomposed accent, nobody, a near
# miss, nothing at all.
PROBES = (
    "an",
    "ana",
    "ANA L",
    "ana lu",
    "ben",
    "carl",
    "el",
    "jos",
    "zo",
    " ana   lucia ",
    "jose\u0301",
    "Anna Lucia",
    "Quentin Nobody",
    "",
)


def names_to_look_up(people: Sequence[tuple[str, str, str | None]]) -> list[str]:
    """Every person's name (as written and in lower case), file name and alias, the start of
    each name, and the probes."""
    found: list[str] = []
    for name, path, alias in people:
        stem = path.rsplit("/", 1)[-1][:-3]
        found += [name, name.lower(), stem, name[:3].lower(), *([alias] if alias else [])]
    return list(dict.fromkeys([*found, *PROBES]))


def questions(people: Sequence[tuple[str, str, str | None]]) -> list[Question]:
    def person(q: str) -> Question:
        return (f"person({q!r})", lambda vault: vault.person(q))

    return [*REPORTS, *(person(q) for q in names_to_look_up(people))]


def assert_same_answers(
    root: Path, cache: Path, day: dt.date, asked: Sequence[Question]
) -> set[str]:
    """Each question asked of a new `Vault` on the warm database (the fast path is chosen per
    `Vault`) and of one without a cache; returns the labels answered from the database's rows
    (`Vault.rows_read`)."""
    slow = open_vault(root, today=day, cache=False)
    from_rows: set[str] = set()
    for label, question in asked:
        warm = open_vault(root, today=day, cache_dir=cache)
        got = outcome(question, warm)
        want = outcome(question, slow)
        assert got == want, f"{label} on {day} (synced earlier), warm cache != no cache"
        assert warm.warnings == [], (label, day, warm.warnings)
        if warm.rows_read >= 0:
            from_rows.add(label)
    return from_rows


# What a database holding the notes on disk answers from its rows, always (issue 24): so the
# comparison above is between the rows and the notes, not the notes twice.
FROM_ROWS = {
    label
    for label, _ in REPORTS
    if label.split("(")[0] in ("people", "overdue", "followups", "drifting", "asks", "gifts",
                               "birthdays", "dates", "digest")
}  # fmt: skip


# ---------------------------------------------------------------- what changes after the sync


def change_after_sync(root: Path, case: Case) -> None:
    """One change the database does not hold yet; each changes a file's size (a change that
    keeps size and modification time is `sync --full`'s, not a read's)."""
    if case.edit is None:
        return
    name, path, _alias = case.people[case.edited]
    note = root / path
    day = _iso(case.synced - dt.timedelta(1))
    if case.edit == "contact":
        with open(note, "a", encoding="utf-8") as fh:
            fh.write(f"\n### {day}\nran into them at the station\n")
    elif case.edit == "new-person":
        (root / "People" / "Newt Ames.md").parent.mkdir(exist_ok=True)
        (root / "People" / "Newt Ames.md").write_text(
            f"---\ncadence: 7\nlast_contact: {day}\nbirthday: --{day[5:]}\n---\n# Newt\n",
            encoding="utf-8",
        )
    elif case.edit == "drop":
        daily = sorted((root / "Daily").glob("*.md")) if (root / "Daily").is_dir() else []
        (daily[0] if daily else note).unlink()
    elif case.edit == "rename":
        note.rename(note.with_name("Renamed " + note.name))
    elif case.edit == "daily":
        (root / "Daily").mkdir(exist_ok=True)
        (root / "Daily" / f"{day} walk.md").write_text(f"- a walk with [[{name}]]\n", "utf-8")
    elif case.edit == "settings":  # other circles: other cadences, in no note
        toml = root / "vaultkit.toml"
        old = toml.read_text(encoding="utf-8") if toml.exists() else ""
        circles = '[circles]\nfamily = "every 3 days"\nfriend = "4-5 weeks"\n'
        toml.write_text(old.split("[circles]")[0] + circles, encoding="utf-8")
    else:  # "cadence": a longer line, so a longer file
        text = note.read_text(encoding="utf-8")
        note.write_text(text.replace("---\n", "---\ncadence: every 3 days\n", 1), encoding="utf-8")


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(cases())
def test_a_warm_database_answers_as_the_notes_do(tmp_path: Path, case: Case) -> None:
    with tempfile.TemporaryDirectory(dir=tmp_path) as tmp:
        root = make_vault(Path(tmp), case.files, obsidian=True)
        cache = Path(tmp) / "cache"
        first = open_vault(root, today=case.synced, cache_dir=cache)
        first.sync()
        assert first.cache_path is not None and first.cache_path.is_file()  # warm, as asked
        if case.again is not None:  # the database then holds what two days worked out
            open_vault(root, today=case.again, cache_dir=cache).sync()
        change_after_sync(root, case)
        people = list(case.people)
        if case.edit == "new-person":
            people.append(("Newt Ames", "People/Newt Ames.md", None))
        asked = questions(people)
        for day in case.days:
            from_rows = assert_same_answers(root, cache, day, asked)
            if case.edit is None:
                assert from_rows >= FROM_ROWS, sorted(FROM_ROWS - from_rows)


# ---------------------------------------------------------------- a stale or damaged database

SYNCED = dt.date(2026, 11, 25)
SMALL: dict[str, str] = {
    "People/Dan Berg.md": "---\ncadence: monthly\nlast_contact: 2026-09-01\n---\n# Dan\n",
    "People/Ann Lee.md": (
        '---\naliases: [Annie]\ncadence: 7\nbirthday: --11-30\npartner: "[[Dan Berg]]"\n---\n'
        "# Ann\n\n## Log\n- 2026-11-01: lunch\n- [ ] return the book [due:: 2026-11-28]\n"
    ),
    "People/Anabel.md": "---\ncadence: every 2-3 weeks\nbirthday: 1996-02-29\n---\n# Anabel\n",
    "Daily/2026-11-20.md": "- coffee with [[Anabel]]\n- [ ] call [[Dan Berg]] 📅 2026-11-27\n",
}
LATER = (SYNCED, SYNCED + dt.timedelta(1), dt.date(2027, 2, 28), dt.date(2028, 2, 29))


def _synced(tmp_path: Path) -> tuple[Path, Path]:
    root = make_vault(tmp_path, SMALL, obsidian=True)
    cache = tmp_path / "cache"
    open_vault(root, today=SYNCED, cache_dir=cache).sync()
    return root, cache


def test_notes_changed_after_the_sync_are_in_the_warm_answers(tmp_path: Path) -> None:
    """The database no longer holds the notes on disk: a contact that makes Dan not overdue, a
    new person who is, a note gone. A warm answer must show all three."""
    root, cache = _synced(tmp_path)
    overdue = [o.name for o in open_vault(root, today=SYNCED, cache_dir=cache).overdue()]
    assert "Dan Berg" in overdue
    with open(root / "People" / "Dan Berg.md", "a", encoding="utf-8") as fh:
        fh.write("\n## Log\n- 2026-11-24: long walk\n")
    (root / "People" / "Newt Ames.md").write_text(
        "---\ncadence: 7\nlast_contact: 2026-10-01\nbirthday: --11-26\n---\n", encoding="utf-8"
    )
    (root / "Daily" / "2026-11-20.md").unlink()
    warm = open_vault(root, today=SYNCED, cache_dir=cache)
    overdue = [o.name for o in warm.overdue()]
    assert "Dan Berg" not in overdue and "Newt Ames" in overdue
    assert open_vault(root, today=SYNCED, cache_dir=cache).person("newt").name == "Newt Ames"
    asked = questions([("Newt Ames", "People/Newt Ames.md", None), ("Dan Berg", "", None)])
    for day in LATER:
        assert_same_answers(root, cache, day, asked)


DAMAGE: dict[str, Callable[[bytes], bytes]] = {
    "truncated": lambda data: data[: len(data) // 2],
    "garbled": lambda data: data[:4096] + b"\xa5" * 2048 + data[6144:],
    "not a database": lambda data: b"vaultkit? no.\n" * 300,
    "empty": lambda data: b"",
}


@pytest.mark.parametrize("damage", sorted(DAMAGE))
def test_a_damaged_database_answers_as_the_notes_do_with_one_warning(
    tmp_path: Path, damage: str
) -> None:
    root, cache = _synced(tmp_path)
    path = open_vault(root, today=SYNCED, cache_dir=cache).cache_path
    assert path is not None and path.is_file()
    put(path, DAMAGE[damage](settle(path)))
    asked = questions([("Ann Lee", "People/Ann Lee.md", "Annie")])
    for day in LATER:
        one = open_vault(root, today=day, cache_dir=cache)  # every question of one Vault
        slow = open_vault(root, today=day, cache=False)
        for label, question in asked:
            got = outcome(question, one)
            assert got == outcome(question, slow), (damage, label, day)
        assert len(one.warnings) <= 1, one.warnings
        for label, question in asked[:3]:  # and a new Vault for each
            warm = open_vault(root, today=day, cache_dir=cache)
            assert outcome(question, warm) == outcome(question, slow), label
            assert len(warm.warnings) <= 1, warm.warnings


# ---------------------------------------------------------------- the commands, on the example

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "vault"


def test_the_commands_print_the_same_from_a_warm_database(tmp_path: Path) -> None:
    """`show NAME`, `overdue`, `birthdays` and `digest`, as text and JSON, on the example vault:
    the same output, error and exit code from the database a sync left as with `--no-cache`."""
    root = tmp_path / "vault"
    shutil.copytree(EXAMPLE, root)
    cache = ["--cache-dir", str(tmp_path / "cache")]
    synced = invoke(["sync", "--vault", str(root), "--today", _iso(SYNCED), *cache])
    assert synced.exit_code == 0, synced.output
    names = [p.name for p in open_vault(root, today=SYNCED, cache=False).people()]
    commands = [
        ["overdue"],
        ["overdue", "--json"],
        ["birthdays"],
        ["birthdays", "--json", "--within", "365"],
        ["digest"],
        ["digest", "--json"],
        ["digest", "--json", "--days", "0"],
        ["digest", "--format", "markdown", "--days", "30"],
        *(["show", name, "--json"] for name in names),
        *(["show", q] for q in (names[0], "ma", "sam", "Nobody Here")),
    ]
    for day in (SYNCED, SYNCED + dt.timedelta(1), dt.date(2028, 2, 29)):
        for command in commands:
            args = [*command, "--vault", str(root), "--today", _iso(day)]
            warm, slow = invoke([*args, *cache]), invoke([*args, "--no-cache"])
            assert (warm.exit_code, warm.stdout, warm.stderr) == (
                slow.exit_code,
                slow.stdout,
                slow.stderr,
            ), (command, day)
