"""The linear scans give markdown-it's own tokens, and their work grows with the text (issue 10 C).

Exactness: every text here is parsed by a MarkdownIt built like vaultkit's, once with
markdown-it's own scans and once with `vaultkit.read.mdlinear`, and the token streams (with every
field) and the references they define must be equal. Tiny quote windows and a tiny `maxNesting`
push the code through its rarest branches (a window missed, markdown-it giving up on nesting).

Work, not time: a doubled text must not much more than double the Python calls made while
parsing it, nor make more than 100 a byte (counted with `sys.setprofile`, the same on every
machine; a plain daily note makes ~8 a byte, these shapes ~35-55, and 430-1170 before).
"""

from __future__ import annotations

import random
import sys
from collections.abc import Callable
from types import FrameType
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.common.html_re import HTML_TAG_RE
from markdown_it.helpers import parseLinkDestination
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from mdit_py_plugins.dollarmath import dollarmath_plugin

from vaultkit.read.links import wikilink_plugin
from vaultkit.read.mdlinear import _comment_stop, make_linear, parse_link_destination
from vaultkit.read.parse import parse

OURS = ("vaultkit_close", "vaultkit_math_close", "vaultkit_quote_windows", "vaultkit_quote_reached")


def _md(nesting: int = 100, window: int | None = None) -> MarkdownIt:
    """vaultkit's parser (mdwalk.markdown), with markdown-it's scans or, given a window, ours."""
    md = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
    md.disable(["emphasis", "entity"])
    md.use(dollarmath_plugin, allow_space=False, allow_digits=False, double_inline=True)
    md.use(wikilink_plugin)
    md.options["maxNesting"] = nesting
    if window is not None:
        make_linear(md, window)
    return md


def _dump(tokens: list[Token]) -> list[Any]:
    fields = ["type", "tag", "nesting", "content", "map", "attrs", "markup", "info", "level"]
    fields += ["hidden", "block", "meta"]
    return [[getattr(t, f) for f in fields] + [_dump(t.children or [])] for t in tokens]


PAIRS = [(_md(n), _md(n, w)) for n, w in ((100, 4), (100, 1), (100, 2), (100, 3), (5, 1), (3, 2))]


def _same(text: str) -> None:
    for theirs, ours in PAIRS:
        env_theirs: dict[str, Any] = {}
        env_ours: dict[str, Any] = {}
        expected = _dump(theirs.parse(text, env_theirs))
        assert _dump(ours.parse(text, env_ours)) == expected, (ours.options["maxNesting"], text)
        for key in OURS:
            env_theirs.pop(key, None)
            env_ours.pop(key, None)
        assert env_ours == env_theirs, text


INLINE = [*"[[[[]]]]]()<>!`$\\ a|*\n:\"'-#%"]
INLINE += ["[[", "]]", "](", "![", "<a>", "<!--", "-->", "http://x", "`` ", "$$", "[a]", "(/u)"]
LINES = ["> ", ">", "> > ", ">>", "- ", "1. ", "2) ", "  ", "    ", "# h", "---", "===", "```"]
LINES += ["~~~", "$$", "$$ (a)", "<div>", "</div>", "<!--", "-->", "[a]: /u", "[a]:", "'t'"]
LINES += ["| a | b |", "|---|---|", "x", "[[x]]", "[a]", "[a](/u)", "$x$", "`c`", "", "text"]


def test_random_inline_text_gives_the_same_tokens() -> None:
    rng = random.Random(10)
    for _ in range(1500):
        _same("".join(rng.choice(INLINE) for _ in range(rng.randint(1, 60))))


def test_random_blocks_give_the_same_tokens() -> None:
    rng = random.Random(11)
    for _ in range(1500):
        lines = [
            "".join(rng.choice(LINES) for _ in range(rng.randint(0, 4)))
            for _ in range(rng.randint(1, 20))
        ]
        _same("\n".join(lines) + rng.choice(["", "\n"]))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(LINES + INLINE + ["\n", "\n", "\n> "]), max_size=40))
def test_any_mix_gives_the_same_tokens(parts: list[str]) -> None:
    _same("".join(parts))


# Texts where a wrong shortcut once showed (each found by the random tests above, shrunk).
KNOWN = [
    "> $$\n> # h\nx\n> y $$\nz\n",  # a `$$` search cut by a quote window
    "> $$\n> # h\n> [a]: /u\nx\n> $$\n\n[a]\n",  # a reference defined in a window that missed
    "[" * 150 + "a](x)",  # deeper than maxNesting: markdown-it gives up, and so must we
    "![" * 60 + "[<" * 60 + "]" * 30,
    "<!---->x<!--" * 5 + "-->",
    "[a](b(c(d)" * 20,
    (">" * 30 + " a\nb\n") * 5,
]


@pytest.mark.parametrize("text", KNOWN)
def test_known_shapes_give_the_same_tokens(text: str) -> None:
    _same(text)


def test_link_destinations_are_markdown_its() -> None:
    rng = random.Random(12)
    alphabet = [*"ab ()<>\\\n\t\x00\x7f\x1f", "\\ ", "\\(", "é", "\U0001f600", "((", "))"]
    for _ in range(20_000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
        start = rng.randint(0, len(text))
        end = rng.randint(start, len(text))
        theirs = parseLinkDestination(text, start, end)
        ours = parse_link_destination(text, start, end)
        assert (ours.ok, ours.pos, ours.str) == (theirs.ok, theirs.pos, theirs.str), text


def test_comment_ends_are_the_tag_regexs() -> None:
    rng = random.Random(13)
    md = MarkdownIt()
    for _ in range(20_000):
        body = "".join(
            rng.choice(["-", "-", "-", ">", "a", "<!--", "-->", "--", "\n"]) for _ in range(20)
        )
        text = "<!--" + body
        if text.startswith(("<!-->", "<!--->")):
            continue
        stop = _comment_stop(StateInline(text, md, {}, []), 4)
        match = HTML_TAG_RE.match(text, 0)
        assert (stop + 3 if text.startswith("-->", stop) else None) == (
            match.end() if match else None
        ), text


def _calls(run: Callable[[], object]) -> int:
    count = 0

    def profile(frame: FrameType, event: str, arg: object) -> None:
        nonlocal count
        if event in ("call", "c_call"):
            count += 1

    sys.setprofile(profile)
    try:
        run()
    finally:
        sys.setprofile(None)
    return count


# name -> (n, make(n)): hostile notes whose work used to grow with n squared, or ~100 n.
SHAPES: dict[str, tuple[int, Callable[[int], str]]] = {
    "[[< on one line": (400, lambda n: "[[<" * n),
    "![a< on one line": (400, lambda n: "![a<" * n),
    "[[ then <": (400, lambda n: "[[" * n + "<"),
    "[< then one ]": (400, lambda n: "[<" * n + "]"),
    "[x]( chains": (300, lambda n: "](':+![![" * n),
    "unclosed $$ lines": (300, lambda n: "\n\n$$%#" * n),
    "quoted heading, lazy line": (300, lambda n: "> # h\nx [\n" * n),
    "deep quote, lazy line": (100, lambda n: (">" * 50 + " a [\nb [\n") * n),
    "quoted fence, lazy line": (300, lambda n: "> ```\nx [\n" * n),
}


@pytest.mark.parametrize("name", sorted(SHAPES))
def test_work_grows_linearly(name: str) -> None:
    n, make = SHAPES[name]
    small, large = make(n), make(2 * n)
    once = _calls(lambda: parse("Daily/2026-11-20.md", small))
    twice = _calls(lambda: parse("Daily/2026-11-20.md", large))
    assert twice < 2.3 * once, (name, once, twice)  # used to grow with n squared
    assert twice < 100 * len(large), (name, twice / len(large))  # used to be 430-1170 a byte
