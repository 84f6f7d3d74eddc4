"""The hostile-input corpus: broken front matter, bad bytes, hostile names and file names.

`build(root)` writes the corpus vault, byte for byte, and returns what vaultkit must make of
every note in it (as of TODAY). `python tests/corpus/make.py DIR` writes it for a look by hand.
Inputs of many megabytes are not here: the tests make those in vaults of their own.

Every person note named in NAMES carries HOSTILE_FM, so it shows up in every table page
(People, Overdue, Recent interactions, Upcoming birthdays): that is where a name could break
a table row or a link.
"""

from __future__ import annotations

import sys
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

TODAY = "2026-11-25"

Found = tuple[tuple[str, int | None], ...]


@dataclass(frozen=True)
class Expect:
    """What vaultkit must make of one corpus file."""

    # Every (kind, line) issue reported for this file, exactly; None: not checked here.
    issues: Found | None = ()
    # The person's display name; None: the file must not be a person (skipped, or not one).
    person: str | None = None
    # A subset of `vaultkit show --json` for this person.
    show: Mapping[str, Any] = field(default_factory=dict)
    # A piece of text one of this file's issue messages must hold.
    message: str = ""
    # The note holds vaultkit markers: sync may rewrite what is between them, nothing else.
    block: bool = False


# Due (cadence 1, last contact 5 days ago), with a birthday in the window: in every table.
HOSTILE_FM = "cadence: 1\nlast_contact: 2026-11-20\nbirthday: --12-01\n"

NFC_ZOE = unicodedata.normalize("NFC", "Zoë")
NFD_ZOE = unicodedata.normalize("NFD", "Zoë")
assert NFC_ZOE != NFD_ZOE


def _fm(*lines: str, body: str = "") -> str:
    return "---\n" + "".join(line + "\n" for line in lines) + "---\n" + body


def _hostile(*lines: str) -> str:
    return "---\n" + "".join(line + "\n" for line in lines) + HOSTILE_FM + "---\n"


def _alias_bomb() -> str:
    """Billion laughs: 9 levels of 9 aliases each (9**9 strings if anything expanded it)."""
    rows = ["name: Bomb", 'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    prev = "a"
    for name in "bcdefghi":
        rows.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 9) + "]")
        prev = name
    return _fm(*rows)


def _front_matter_cases() -> dict[str, tuple[str | bytes, Expect]]:
    fm = "front-matter"
    return {
        "People/FM invalid YAML.md": (
            "---\nname: [unclosed\ncadence: 3\n---\nStill a person.\n",
            Expect(((fm, 3),), "FM invalid YAML", message="invalid YAML"),
        ),
        "People/FM list.md": (_fm("- a", "- b"), Expect(((fm, 2),), "FM list", message="list")),
        "People/FM scalar.md": (
            _fm("just a sentence"),
            Expect(((fm, 2),), "FM scalar", message="mapping"),
        ),
        "People/FM number.md": (_fm("42"), Expect(((fm, 2),), "FM number", message="mapping")),
        "People/FM never closed.md": (
            "---\nname: Never Closed\ncadence: 7\n\nBody text.\n",
            Expect(((fm, 1),), "FM never closed", message="never closed"),
        ),
        "People/FM only opening.md": ("---", Expect(((fm, 1),), "FM only opening")),
        "People/FM empty.md": (_fm(body="Body.\n"), Expect((), "FM empty")),
        "People/FM blank.md": (_fm("", ""), Expect((), "FM blank")),
        "People/FM duplicate keys.md": (
            _fm("name: First", "cadence: 7", "name: Second"),
            Expect(((fm, 4),), "Second", {"cadence_days": 7}, message="duplicate key 'name'"),
        ),
        "People/FM python tag.md": (
            _fm("name: Pwned", 'x: !!python/object/apply:os.system ["touch PWNED"]'),
            Expect(((fm, 3),), "FM python tag", message="invalid YAML"),
        ),
        "People/FM python new.md": (
            _fm('x: !!python/object/new:os.system [["touch PWNED"]]'),
            Expect(((fm, 2),), "FM python new", message="invalid YAML"),
        ),
        "People/FM python name.md": (
            _fm("x: !!python/name:os.system"),
            Expect(((fm, 2),), "FM python name", message="invalid YAML"),
        ),
        "People/FM alias bomb.md": (_alias_bomb(), Expect(((fm, 2),), "FM alias bomb")),
        "People/FM recursive alias.md": (
            _fm("x: &a [*a]"),
            Expect(((fm, 2),), "FM recursive alias"),
        ),
        "People/FM deep flow.md": (
            _fm("x: " + "[" * 10_000 + "]" * 10_000),
            Expect(((fm, 2),), "FM deep flow"),
        ),
        "People/FM bad dates.md": (
            _fm(
                "birthday: 2026-02-30",
                "last_contact: 0000-01-01",
                "snooze_until: 20261120",
                "cadence: 7",
            ),
            Expect(
                (("bad-birthday", 2), ("bad-last-contact", 3), ("bad-snooze-until", 4)),
                "FM bad dates",
                {"cadence_days": 7, "last_contact": None, "birthday": None},
            ),
        ),
        "People/FM date times.md": (
            _fm(
                "last_contact: 2026-11-20T10:30:00",
                "birthday: !!timestamp 1990-12-01",
                "snooze_until: 2026-11-30 09:00",
                "cadence: 7",
            ),
            Expect(
                (),
                "FM date times",
                {
                    "last_contact": "2026-11-20",
                    "birthday": "1990-12-01",
                    "snooze_until": "2026-11-30",
                },
            ),
        ),
        "People/FM timestamp out of range.md": (
            _fm("cadence: 7", "last_contact: !!timestamp 2026-02-30"),
            Expect(((fm, 3),), "FM timestamp out of range"),
        ),
        "People/FM yes no.md": (
            _fm("name: no", "company: yes", "meeting: 12:30", "flag: on", "zip: 01234"),
            Expect(
                (),
                "no",
                {"fields": {"company": "yes", "meeting": "12:30", "flag": "on", "zip": "01234"}},
            ),
        ),
        "People/FM nested values.md": (
            _fm(
                "name: {a: 1}",
                "cadence: [1, 2]",
                "birthday: {x: 1}",
                "last_contact: [2026-11-20]",
                "archived: {y: 2}",
            ),
            Expect(
                (
                    ("bad-cadence", 3),
                    ("bad-birthday", 4),
                    ("bad-last-contact", 5),
                    ("bad-archived", 6),
                ),
                "FM nested values",
                {"cadence_days": None, "archived": False},
            ),
        ),
        "People/FM key types.md": (
            _fm("1: one", "true: yes-key", "null: nothing", "2026-11-20: dated key"),
            Expect(
                (),
                "FM key types",
                {
                    "fields": {
                        "1": "one",
                        "true": "yes-key",
                        "null": "nothing",
                        "2026-11-20": "dated key",
                    }
                },
            ),
        ),
        "People/FM complex key.md": (
            _fm("[a, b]: c"),
            Expect(((fm, 2),), "FM complex key", message="invalid YAML"),
        ),
        "People/FM tab indent.md": (
            _fm("name: Tab", "\tcadence: 7"),
            Expect(((fm, 3),), "FM tab indent", message="invalid YAML"),
        ),
        "People/FM huge numbers.md": (
            _fm("cadence: 99999999999999999999999"),
            Expect((), "FM huge numbers", {"cadence_days": 99999999999999999999999}),
        ),
        "People/FM inf cadence.md": (
            _fm("cadence: .inf"),
            Expect((("bad-cadence", 2),), "FM inf cadence"),
        ),
        "People/FM negative cadence.md": (
            _fm("cadence: -5"),
            Expect((("bad-cadence", 2),), "FM negative cadence"),
        ),
        "People/FM odd lists.md": (
            _fm("tags: [person, {a: 1}, [x], 3, true, '#friend']", "aliases: [{a: 1}, null, 5]"),
            Expect((), "FM odd lists", {"tags": ["3", "friend"], "aliases": ["5"]}),
        ),
        "People/FM injected key.md": (
            '---\n"x\\n# Injected heading": 1\n"x\\n# Injected heading": 2\n---\n',
            Expect(((fm, 3),), "FM injected key", message="duplicate key"),
        ),
        "Notes/Typed person.md": (_fm("type: [person, 3, {a: 1}]"), Expect((), "Typed person")),
        "Notes/Categories person.md": (
            _fm('categories: ["[[People]]"]'),
            Expect((), "Categories person"),
        ),
    }


def _dated_note_cases() -> dict[str, tuple[str | bytes, Expect]]:
    """Dated notes that link Jane Doe: only the ones with a real date, on or before today, count."""
    link = "Saw [[Jane Doe]].\n"
    return {
        "Notes/Bad date.md": (_fm("date: 2026-02-30", body=link), Expect((("bad-date", 2),))),
        "Notes/Year zero.md": (_fm("date: 0000-01-01", body=link), Expect((("bad-date", 2),))),
        "Notes/Int date.md": (_fm("date: 20261120", body=link), Expect((("bad-date", 2),))),
        "Notes/List date.md": (_fm("date: [2026-11-20]", body=link), Expect((("bad-date", 2),))),
        "Notes/Five digit year.md": (
            _fm("date: 10000-01-01", body=link),
            Expect((("bad-date", 2),)),
        ),
        "Notes/Far future.md": (_fm("date: 9999-12-31", body=link), Expect(())),
        "Notes/Datetime date.md": (_fm("date: 2026-11-19T08:00:00+02:00", body=link), Expect(())),
        "Notes/Timestamp date.md": (
            _fm("date: !!timestamp 2026-11-18 10:00:00", body=link),
            Expect(()),
        ),
        "Notes/2026-02-30 not a day.md": (link, Expect(())),
    }


def _byte_cases() -> dict[str, tuple[str | bytes, Expect]]:
    bom = b"\xef\xbb\xbf"
    wide = "---\nname: Wide\n---\n"
    crlf_block = (
        "---\r\nname: Bommy\r\n---\r\nbefore\r\n"
        "<!-- vaultkit:begin -->\r\nold text\r\n<!-- vaultkit:end -->\r\nafter"
    )
    return {
        "People/Latin-1.md": (b"---\nname: Jos\xe9\n---\n", Expect((("encoding", 2),))),
        "People/UTF-16 LE.md": (
            b"\xff\xfe" + wide.encode("utf-16-le"),
            Expect((("encoding", None),)),
        ),
        "People/UTF-16 BE.md": (
            b"\xfe\xff" + wide.encode("utf-16-be"),
            Expect((("encoding", None),)),
        ),
        "People/UTF-16 no BOM.md": (wide.encode("utf-16-le"), Expect((("binary", 1),))),
        "People/NUL byte.md": (b"---\nname: Nul\n---\nhello\x00world\n", Expect((("binary", 4),))),
        "People/Overlong UTF-8.md": (b"ok\n\xc0\xaf\n", Expect((("encoding", 2),))),
        "People/Surrogate.md": (b"x \xed\xa0\x80\n", Expect((("encoding", 1),))),
        "People/Truncated UTF-8.md": (b"caf\xc3", Expect((("encoding", 1),))),
        "People/BOM CRLF.md": (
            bom + crlf_block.encode(),
            Expect((), "Bommy", block=True),
        ),
        "People/Lone CR.md": ("---\rname: Carriage\r---\rbody\r", Expect((), "Carriage")),
        "People/Mixed endings.md": ("---\r\nname: Mixed\n---\rbody\n", Expect((), "Mixed")),
        "People/Empty.md": (b"", Expect((), "Empty")),
        "People/Only BOM.md": (bom, Expect((), "Only BOM")),
        f"People/{NFC_ZOE}.md": ("NFC spelling\n", Expect(None, NFC_ZOE)),
        f"People/{NFD_ZOE}.md": ("NFD spelling\n", Expect(None, NFC_ZOE)),  # names are NFC
    }


# Display names (front matter `name`) that could break a table row or a link.
NAMES = {
    "People/N pipe.md": ('name: "Pipe | Person"\naliases: ["al|ias"]', "Pipe | Person"),
    "People/N brackets.md": ('name: "Close ]] and [[ open"', "Close ]] and [[ open"),
    "People/N hash caret.md": ('name: "Hash # and ^caret"', "Hash # and ^caret"),
    "People/N backticks.md": ('name: "Back`tick` ``double``"', "Back`tick` ``double``"),
    "People/N newline.md": ('name: "line one\\nline two"', "line one line two"),
    "People/N html.md": ('name: "<script>alert(1)</script>"', "<script>alert(1)</script>"),
    "People/N markdown.md": ('name: "*star* _under_ **bold**"', "*star* _under_ **bold**"),
    "People/N spaces.md": ('name: "   padded   "', "padded"),
    "People/N backslash.md": ("name: 'ends in a backslash \\'", "ends in a backslash \\"),
    "People/N escaped pipe.md": ("name: 'a \\| b \\\\| c'", "a \\| b \\\\| c"),
    "People/N only spaces.md": ('name: "   "', "N only spaces"),
    "People/N unicode spaces.md": ('name: "x\\Ly\\_z\\Nw"', "x y z w"),
    "People/N injection.md": (
        'name: "x | y\\n| --- |\\n# Heading\\n<!-- vaultkit:end -->"',
        "x | y | --- | # Heading <!-- vaultkit:end -->",
    ),
    "People/N aliases.md": (
        'aliases: ["[[x]]", "x|y", "#tag", "^block", "`tick`", "  spaced  ", "line\\nbreak"]',
        "N aliases",
    ),
    "People/N rtl.md": ('name: "\u200fسارا\u200e"', "\u200fسارا\u200e"),
    "People/N combining.md": (
        'name: "Z\u0335\u0321a\u0337l\u0338g\u0335o\u0336"',
        "Z\u0335\u0321a\u0337l\u0338g\u0335o\u0336",
    ),
}

# File names holding the same characters (where Linux allows them); no `name`, so the
# display name is the file name.
FILE_NAMES = [
    "A|B",
    "C#D",
    "[E]",
    "F^G",
    "H]]I[[",
    "J`K`",
    "L*M_N",
    "<i>O<",
    " Leading space",
    "Trailing space ",
    "Percent %20 %7C",
    "New\nline",
    "Tab\there",
    "Double  space",
    "No\u00a0break",
    "emoji 👩\u200d👩\u200d👧",
    "Back\\slash",
    "L" * 200,
]


def _name_cases() -> dict[str, tuple[str | bytes, Expect]]:
    out: dict[str, tuple[str | bytes, Expect]] = {}
    for rel, (line, name) in NAMES.items():
        out[rel] = (_hostile(line), Expect((), name))
    for stem in FILE_NAMES:
        out[f"People/{stem}.md"] = (_hostile(), Expect((), stem))
    out["People/Upper.MD"] = (_hostile(), Expect((), "Upper"))
    out["People/Sub/Deep/Nested Person.md"] = (_hostile(), Expect((), "Nested Person"))
    return out


# A line with pipes, escaped pipes, a code span and a trailing backslash: table-cell trouble.
LUNCH = "Lunch with [[Jane Doe]] | a | b | \\| c \\\\| d `e | f` tail \\"


def _link_cases() -> dict[str, tuple[str | bytes, Expect]]:
    """Jane Doe and the daily notes that reach hostile people and carry hostile context text."""
    return {
        "People/Jane Doe.md": (
            _fm("cadence: 30", body="# Jane\n"),
            Expect(
                (),
                "Jane Doe",
                {
                    # Datetime and explicit-timestamp dates count; bad, future and ignored do not.
                    "last_contact": "2026-11-21",
                    "interactions": [
                        {
                            "date": "2026-11-21",
                            "note": "Daily/2026-11-21.md",
                            "line": 1,
                            "text": "[[Jane Doe]] · table | cell · x",
                        },
                        {
                            "date": "2026-11-20",
                            "note": "Daily/2026-11-20.md",
                            "line": 1,
                            "text": LUNCH,
                        },
                        {
                            "date": "2026-11-19",
                            "note": "Notes/Datetime date.md",
                            "line": 4,
                            "text": "Saw [[Jane Doe]].",
                        },
                        {
                            "date": "2026-11-18",
                            "note": "Notes/Timestamp date.md",
                            "line": 4,
                            "text": "Saw [[Jane Doe]].",
                        },
                    ],
                },
            ),
        ),
        "Daily/2026-11-20.md": (
            LUNCH + "\n"
            "- [ ] ask [[Jane Doe]] about x | y \\\\| z 📅 2026-11-30\n"
            "- [ ] <!-- never closed [[Jane Doe]]\n",
            Expect(()),
        ),
        "Daily/2026-11-21.md": (
            "| [[Jane Doe]] | table \\| cell | x |\n|---|---|---|\n| 1 | 2 | 3 |\n",
            Expect(()),
        ),
        # NFC and NFD twins answer to one name: the link is ambiguous between two people
        "Daily/2026-11-22.md": (f"Met [[{NFC_ZOE}]] for tea.\n", Expect((("ambiguous-link", 1),))),
        "Daily/2026-11-23.md": (
            "Call with [a](<../People/A|B.md>) and [c](../People/C%23D.md).\n",
            Expect(()),
        ),
        "People/Markers in code.md": (
            "```\n<!-- vaultkit:begin -->\n<!-- vaultkit:end -->\n```\n",
            Expect((), "Markers in code"),  # an example in code: not markers, not a problem
        ),
        "People/Markers twice.md": (
            "<!-- vaultkit:begin -->\n<!-- vaultkit:end -->\n"
            "<!-- vaultkit:begin -->\n<!-- vaultkit:end -->\n",
            Expect((("markers", 3),), "Markers twice"),
        ),
        "People/Markers reversed.md": (
            "<!-- vaultkit:end -->\n<!-- vaultkit:begin -->\n",
            Expect((("markers", 1),), "Markers reversed"),
        ),
        "Vaultkit/Foreign.md": ("I wrote this myself.\n", Expect((("foreign-file", None),))),
        "Vaultkit/Note\n# Injected heading.txt": ("mine\n", Expect((("foreign-file", None),))),
    }


# Text that once cost markdown-it ~50-130 s per MB, or time growing with its square
# (docs/performance.md, "Worst cases"): each daily note holds ~6 KB of one shape, then a link.
SLOW_SHAPES = {
    "2026-10-01": "[[<" * 2000,
    "2026-10-02": "![a<" * 1500,
    "2026-10-03": "[[" * 3000 + "<",
    "2026-10-04": "](':+![![" * 700,
    "2026-10-05": "\n\n$$%#" * 1000,
    "2026-10-06": "> # h\nx [\n" * 600,
    "2026-10-07": "%<!---->[x]: [<!--" * 350,
    "2026-10-08": (">" * 20 + " a [\nb [\n") * 200,
}


def _slow_shape_cases() -> dict[str, tuple[str | bytes, Expect]]:
    """One person met in every slow-shape note: the link after the shape is read, at its line."""
    out: dict[str, tuple[str | bytes, Expect]] = {}
    interactions = []
    for day, shape in sorted(SLOW_SHAPES.items(), reverse=True):
        body = shape.rstrip("\n")
        out[f"Daily/{day}.md"] = (body + "\n\nMet [[Scan Target]].\n", Expect(()))
        line = body.count("\n") + 3
        interactions.append(
            {"date": day, "note": f"Daily/{day}.md", "line": line, "text": "Met [[Scan Target]]."}
        )
    out["People/Scan Target.md"] = (
        _fm("tags: [person]"),
        Expect((), "Scan Target", {"interactions": interactions}),
    )
    return out


# Files vaultkit must not read at all (hidden, templates): no issue, no person, no link.
UNREAD = {
    "Templates/Person.md": "---\nname: [broken\n---\n[[Jane Doe]] {{title}}\n",
    ".obsidian/hidden.md": "---\nname: [broken\n---\n",
    ".trash/People/Ghost.md": "---\nname: Ghost\n---\n",
}


def cases() -> dict[str, tuple[str | bytes, Expect]]:
    """Vault path -> (content, expectation), for every note and output-folder file."""
    out: dict[str, tuple[str | bytes, Expect]] = {}
    for group in (
        _front_matter_cases(),
        _dated_note_cases(),
        _byte_cases(),
        _name_cases(),
        _link_cases(),
        _slow_shape_cases(),
    ):
        assert not set(group) & set(out), set(group) & set(out)
        out.update(group)
    return out


def build(root: Path) -> dict[str, Expect]:
    """Write the corpus vault under `root`; returns the expectation of every file in it."""
    root.mkdir(parents=True, exist_ok=True)
    expects: dict[str, Expect] = {}
    files: dict[str, str | bytes] = {rel: text for rel, text in UNREAD.items()}
    for rel, (content, expect) in cases().items():
        files[rel] = content
        expects[rel] = expect
    files["vaultkit.toml"] = "# defaults\n"
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return expects


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python tests/corpus/make.py DIR", file=sys.stderr)
        return 2
    expects = build(Path(argv[0]))
    print(f"wrote {len(expects)} corpus files to {argv[0]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
