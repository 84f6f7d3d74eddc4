"""The flat front matter fast path (flatyaml.py) must give exactly what the PyYAML path gives.

Every comparison reads the same note twice, once as it is read (the fast path where it
answers) and once with the fast path turned off, and compares the whole `FrontMatter`: values
with their types (1, 1.0 and True are different answers), key spellings, key lines, issues.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vaultkit.read.flatyaml import load_flat
from vaultkit.read.frontmatter import FrontMatter, read_frontmatter, split

ROOT = Path(__file__).resolve().parent.parent
frontmatter_module = importlib.import_module("vaultkit.read.frontmatter")


def typed(value: Any) -> Any:
    """A value in a form where 1, 1.0, True and -0.0/0.0 compare as different."""
    if isinstance(value, dict):
        return ("dict", [(k, typed(v)) for k, v in value.items()])
    if isinstance(value, list):
        return ("list", [typed(v) for v in value])
    return (type(value).__name__, repr(value))


def shape(fm: FrontMatter) -> tuple[Any, ...]:
    return (
        typed(fm.data),
        list(fm.keys.items()),
        list(fm.lines.items()),
        fm.raw,
        fm.body_line,
        fm.present,
        fm.errors,
    )


def slow(text: str) -> FrontMatter:
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(frontmatter_module, "load_flat", lambda raw: None)
        return read_frontmatter(text)


def check(text: str) -> bool:
    """Both paths agree on `text`; True when the fast path answered."""
    assert shape(read_frontmatter(text)) == shape(slow(text)), text
    raw = split(text)[0]
    return raw is not None and load_flat(raw) is not None


def note(*lines: str) -> str:
    return "---\n" + "".join(line + "\n" for line in lines) + "---\nbody\n"


# --- what it reads, and what it leaves to PyYAML --------------------------------------------

SCALARS = {
    "no": "no",
    "on": "on",
    "yes": "yes",
    "0x1F": "0x1F",
    "1_000": "1_000",
    "0o17": "0o17",
    ".inf": ".inf",
    "-.inf": "-.inf",
    ".nan": ".nan",
    "~": None,
    "null": None,
    "NULL": None,
    "nil": "nil",
    "true": True,
    "True": True,
    "TRUE": True,
    "false": False,
    "False": False,
    "FALSE": False,
    "tRue": "tRue",
    "2026-11-25": "2026-11-25",
    "2026-11-25 10:00": "2026-11-25 10:00",
    "12:30": "12:30",
    "007": "007",
    "-0": 0,
    "+5": 5,
    "1.": 1.0,
    "-.5": -0.5,
    "1.0e5": 100000.0,
    "1e5": "1e5",
    "'quoted'": "quoted",
    "'it''s'": "it's",
    '"esc\\"aped"': 'esc"aped',
    '"a\\\\b\\/c\\nd\\te"': "a\\b/c\nd\te",
    "[[Link]]": [["Link"]],
    '"[[Link]]"': "[[Link]]",
    "[a, 'b', \"c\", 1, [d]]": ["a", "b", "c", 1, ["d"]],
    "[ ]": [],
    "value # comment": "value",
    "https://x.org/a#b": "https://x.org/a#b",
    "a:b": "a:b",
    "--07-01": "--07-01",
    "book-club, friend": "book-club, friend",
    "x\u00a0y": "x\u00a0y",
    "Zoë ✓ 😀": "Zoë ✓ 😀",
    "'x' # c": "x",
    "[x] # c": ["x"],
}


@pytest.mark.parametrize("scalar", list(SCALARS))
def test_a_scalar_is_read_as_pyyaml_reads_it(scalar: str) -> None:
    text = note(f"k: {scalar}")
    assert check(text), "the fast path should read this one"
    assert typed(read_frontmatter(text).data["k"]) == typed(SCALARS[scalar])


DECLINED = [
    "k: |\n  text",
    "k: >\n  text",
    "k:\n  nested: 1",
    "k: {a: 1}",
    "k: &anchor x",
    "k: *alias",
    "k: !!str 1",
    "k: long\n  continued",
    "k: 'two\n  lines'",
    "k: [a,\n  b]",
    "k: [a, b,]",
    "k: [a: b]",
    "k: [a #c]",
    "k:\tx",
    "k: x\ty",
    "'quoted key': x",
    "? k\n: x",
    "k: a: b",
    "k: x:",
    "k: #comment",
    "k: '",
    'k: "\\u00e9"',
    "k: x\u2028y",
    "k: x\u0085y",
    "k: a\nb",
    "k:\n  - a\n - b",
    "k: x\n- y",
    "k:\n  - a\n    b",
    "k:\n  -",
    "k:\n  - - a",
    "k:\n  - a: b",
    "<<: x",
    "- a\n- b",
    "just text",
    "k: " + "[" * 6 + "x" + "]" * 6,
]


@pytest.mark.parametrize("yaml_text", DECLINED)
def test_shapes_it_does_not_model_go_to_pyyaml(yaml_text: str) -> None:
    assert load_flat(yaml_text + "\n") is None
    check(note(yaml_text))


def test_block_lists_flow_lists_comments_and_blank_lines() -> None:
    text = note(
        "# a comment",
        "tags:",
        "  - friend",
        "  # between items",
        "",
        "  - 'climbing'",
        "aliases:",
        "- Maya",
        "- 1990",
        "empty:",
        "cadence: every 2 weeks  ",
        "list: [a, b]   # trailing",
    )
    assert check(text)
    fm = read_frontmatter(text)
    assert fm.data == {
        "tags": ["friend", "climbing"],
        "aliases": ["Maya", 1990],
        "empty": None,
        "cadence": "every 2 weeks",
        "list": ["a", "b"],
    }
    assert fm.lines == {"tags": 3, "aliases": 8, "empty": 11, "cadence": 12, "list": 13}


def test_duplicate_keys_are_reported_on_their_lines() -> None:
    text = note("a: 1", "b: 2", "A: 3", "a:", "  - x", "b: [y]")
    assert check(text)
    fm = read_frontmatter(text)
    assert fm.errors == (
        (5, "duplicate key 'a': the last value is used"),
        (7, "duplicate key 'b': the last value is used"),
    )
    assert fm.lines == {"a": 2, "b": 3}
    assert fm.data == {"a": 3, "b": ["y"]}  # `A` and `a` are one key once normalised
    assert fm.keys == {"a": "a", "b": "b"}


def test_keys_are_text_as_written() -> None:
    text = note("1: one", "true: yes", "null: x", "first name: Ana", "date-created : 2026-01-02")
    assert check(text)
    assert read_frontmatter(text).keys == {
        "1": "1",
        "true": "true",
        "null": "null",
        "first_name": "first name",
        "date_created": "date-created",
    }


def test_empty_and_comment_only_front_matter() -> None:
    assert check("---\n---\nbody\n")
    assert check(note("# nothing here", "   "))
    assert read_frontmatter(note("# nothing")).data == {}


# --- every note of the corpora -------------------------------------------------------------


def _notes(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*.md") if p.is_file())


def _text(path: Path) -> str | None:
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def test_every_note_of_the_corpora_reads_the_same(tmp_path: Path) -> None:
    from corpus.make import build

    from benchmarks.genvault import generate

    build(tmp_path / "corpus")
    generate(tmp_path / "generated", people=60, days=200, seed=3)
    roots = [
        ROOT / "examples" / "vault",
        ROOT / "tests" / "golden",
        tmp_path / "corpus",
        tmp_path / "generated",
    ]
    checked = fast = 0
    for root in roots:
        for path in _notes(root):
            text = _text(path)
            if text is None:
                continue
            checked += 1
            fast += check(text)
    assert checked > 400
    assert fast > checked // 4  # the fast path really answers for most of them


# --- generated front matter ----------------------------------------------------------------

NASTY = [
    *SCALARS, "'unclosed", '"\\x41"', "[a,,b]", "[,a]", "[-]", "[- a]", "[-1, -x]", "[?x]",
    "[x?]", "[x:]", "[x:y]", "[it's]", "[x 'y']", "[ a , b ]", "[a]b", "[a]#c", '"a"#c',
    "'a' b", "x]", "x}", "x[y", "x{y", "a  b", "x #", "x#y", "#", " #", "-", "- x", "?x",
    ":x", "?", ":", ",x", "@x", "`x`", "%x", "|x", ">x", "!x", "&x", "*x", "=", "<<", ".",
    "...", "---", "+", "1:20", "0b1", "1_0", "-.", "+.5e+3", "1.5E-3", "0.", "00", "-01",
    "9" * 1200, "''", '""', "' '", "'#'", "\\", "x\\", "\u00e9", "\ufeff", "\x7f", "\x01",
    "😀", "\u00a0", "x \u00a0", "\u3000x", "tab\t", "x\u2029",
]  # fmt: skip
KEYS = [
    "tags", "aliases", "Tags", "k", "a b", "a-b", "a_b", "x.y", "a/b", "1", "true", "null",
    "été", "日付", "k ", "-k", "'k'", '"k"', "? k", "<<", "a:b", "a #b", "[k]", " k", "k\t",
]  # fmt: skip
SEPARATORS = [": ", ":", " : ", ":  ", ": \t", ":\t"]
INDENTS = ["", " ", "  ", "   ", "    "]

_odd_text = st.text(
    alphabet=st.sampled_from(list("ab 1-:#'\"[],.{}~\\tTnN0eE\u00e9\t\u00a0!&*?|>%@`_/+")),
    max_size=12,
)
_scalar = st.one_of(st.sampled_from(NASTY), _odd_text)


@st.composite
def _line(draw: st.DrawFn) -> str:
    kind = draw(st.integers(0, 9))
    if kind <= 3:
        return draw(st.sampled_from(KEYS)) + draw(st.sampled_from(SEPARATORS)) + draw(_scalar)
    if kind == 4:
        return draw(st.sampled_from(KEYS)) + draw(st.sampled_from([":", ":  ", ": # c"]))
    if kind <= 6:
        dash = draw(st.sampled_from(["- ", "-  ", "-", "- - "]))
        return draw(st.sampled_from(INDENTS)) + dash + draw(_scalar)
    if kind == 7:
        return draw(st.sampled_from(INDENTS)) + "#" + draw(_odd_text)
    if kind == 8:
        return draw(st.sampled_from(["", "  ", " \t"]))
    return draw(st.sampled_from(INDENTS)) + draw(_scalar)  # continuations, nested, garbage


@settings(max_examples=1500, deadline=None)
@given(st.lists(_line(), max_size=12))
def test_generated_front_matter_reads_the_same(lines: list[str]) -> None:
    check(note(*lines))


@settings(max_examples=600, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(KEYS[:13]), _scalar), max_size=8))
def test_generated_flat_mappings_read_the_same(pairs: list[tuple[str, str]]) -> None:
    """Mostly well-formed mappings, so the fast path answers for many of them."""
    check(note(*(f"{key}: {value}" for key, value in pairs)))


@st.composite
def _document(draw: st.DrawFn) -> list[str]:
    """Well-formed shapes with a nasty scalar here and there: key lines, block lists under
    keys with nothing after them, comments and blank lines between, repeated keys."""
    lines: list[str] = []
    for _ in range(draw(st.integers(0, 6))):
        key = draw(st.sampled_from(KEYS[:13]))
        if draw(st.booleans()):
            lines.append(f"{key}: {draw(_scalar)}")
        else:
            lines.append(key + draw(st.sampled_from([":", ":  "])))
            indent = draw(st.sampled_from(INDENTS[:4]))
            for _ in range(draw(st.integers(0, 3))):
                if draw(st.integers(0, 5)) == 0:
                    lines.append(draw(st.sampled_from(["", "  ", "# c", "    # c"])))
                lines.append(f"{indent}- {draw(_scalar)}")
        if draw(st.integers(0, 4)) == 0:
            lines.append(draw(st.sampled_from(["", "# c", "  # c", "   "])))
    return lines


@settings(max_examples=1500, deadline=None)
@given(_document())
def test_generated_documents_read_the_same(lines: list[str]) -> None:
    check(note(*lines))


def test_the_generated_mappings_do_reach_the_fast_path() -> None:
    """The two tests above compare something: a good share of such notes is read fast."""
    answered = sum(
        load_flat(f"k: {value}\n") is not None for value in NASTY if isinstance(value, str)
    )
    assert answered > len(NASTY) // 3
