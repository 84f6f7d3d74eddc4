"""Scans of markdown-it-py and its math plugin, made linear on hostile text (issue 10 C).

Each gives exactly the tokens of the original (tests/test_mdlinear.py compares them on random
text); only the time differs. `make_linear(md)` installs them all on one MarkdownIt instance.
docs/performance.md has the worst times per MB before and after.

**Link labels.** markdown-it finds where a link's text ends by walking the tokens after its
`[` (`parseLinkLabel`), once for every `[`. Each plain `[` on that walk starts a walk of its
own, one nesting level deeper, until `maxNesting` gives up and jumps to the paragraph's end;
and each later `[` walks the same tokens again. A paragraph of `[[<` or `![a<` cost about
`maxNesting` steps per byte: 50-130 s per MB with our `maxNesting` of 100.
This scan gives the same answer from the same token walk, with one addition: it remembers each
label's answer (in the inline state's own token cache, under keys its integer positions can
never be), and when the walk meets a plain `[` whose label is already known, it uses it instead
of walking the same tokens again:
- the inner label closes at `]` -> the walk jumps to that `]` (the pair nets level 0; every
  token between was walked by the inner scan, none of them a `]` at the outer level 0);
- the inner label never closes -> neither does the outer one: its level stays above the
  inner one's on the same walk, and it meets the same end or the same nested link.
Every position the original walk would look at is already in markdown-it's cache when a known
answer is used, so the tokens, the cache and every result are exactly the original's.

**Link targets.** `parseLinkDestination` steps through a target one character at a time, up
to 32 nested `(` deep: text of many `[x](` cost ~150 Python steps a byte. Runs of characters
it only steps over are now skipped by a regular expression, and each answer is remembered for
the text at hand (the image at `![x](` and the link at its `[` ask the same).

**HTML comments.** For every `<!--`, the tag regex walked to the end of the text before it
could say that the comment never closes (`<!---->x<!--` repeated: quadratic). Where a comment
body stops is found once per position instead (`_comment_stop`), and a comment that cannot
close is refused without the regex.

**Math blocks.** The dollarmath plugin's block rule looks for the closing `$$` line from every
line that starts with `$$`, down to the end of the note when there is none: a note of many such
lines took quadratic time (40 KB of `$$x` paragraphs: 24 s). A line can only close a block when
its own text, whatever a quote or list takes off its start, ends with `$$` or with a `$$ (label)`;
the rule now looks up the next such line in a list made once per note, and when there is none
before the block's end, it answers from the opening line alone, as the original would after its
fruitless scan. (A raw line and its text inside any container end alike: a container only
takes `>`, spaces and list markers off a line's start.)

**Block quotes.** To find where a quote ends, markdown-it's blockquote rule walks every line
down to the next blank line, marking each as part of the quote, before it parses the quote's
inside; the inside often stops much earlier, at the first line without `>` that only a paragraph
could have continued (`> # Title` then `text`). The next quote in the same run of lines walks
them all again: `> # h\ntext\n` repeated took quadratic time (10 KB: 3 s). When such a line
exists, the rule is now first run on a window that ends `PROBE_LINES` lines after it (`GROWTH`
times longer after each miss). Its answer is kept when the quote's inside stopped before the
window's end and no `$$` search ran into the window's end: every other rule either looks only
at lines it then takes, or stops at a line without `>` (which reads the same whether the window
or the whole run marked it), so the whole run would have stopped at the same line with the same
tokens. Otherwise the window's tokens and references are undone and it tries again, the last
time on the whole run. Quotes inside a window run as they are, one window at a time.
"""

from __future__ import annotations

import bisect
import re
import types
from collections.abc import MutableMapping
from typing import Any, cast

from markdown_it import MarkdownIt, helpers
from markdown_it.common.utils import unescapeAll
from markdown_it.rules_block import StateBlock
from markdown_it.rules_inline import StateInline
from mdit_py_plugins.dollarmath.index import DOLLAR_EQNO_REV

PROBE_LINES = 4  # a quote's first window ends this many lines after its first line without `>`
GROWTH = 16  # each window after a miss is this many times longer
_RAN_OUT = -1  # reached the end of the text: no `]` closed the label
_NESTED = -2  # met a `[` that starts a link while links may not nest


def parse_link_label(state: StateInline, start: int, disableNested: bool = False) -> int:
    """`markdown_it.helpers.parseLinkLabel`: the position of the `]` closing the label that
    opens at `start`, or -1."""
    memo = cast("dict[Any, int]", state.cache)
    limit = state.posMax
    known = memo.get((start, limit, disableNested))
    if known is not None:
        return known if known >= 0 else -1
    src = state.src
    old = state.pos
    state.pos = start + 1
    level = 1
    result = _RAN_OUT
    skip = state.md.inline.skipToken
    while state.pos < limit:
        pos = state.pos
        marker = src[pos]
        if marker == "]":
            level -= 1
            if level == 0:
                result = pos
                break
        skip(state)
        if marker != "[":
            continue
        if state.pos != pos + 1:  # the `[` starts a token of its own (a link, a wikilink)
            if disableNested:
                result = _NESTED
                break
            continue
        inner = memo.get((pos, limit, disableNested))
        if inner is None and not disableNested:
            inner = memo.get((pos, limit, True))  # the same walk, unless it met a nested link
            inner = None if inner == _NESTED else inner
        if inner is None:
            level += 1
        elif inner >= 0:
            state.pos = inner  # the inner label's `]`: the loop takes it as this level's
            level += 1
        else:
            result = inner
            break
    state.pos = old
    memo[(start, limit, disableNested)] = result
    return result if result >= 0 else -1


class Destination:
    """What `markdown_it.helpers.parseLinkDestination` returns: ok, the end, the target."""

    __slots__ = ("ok", "pos", "str")

    def __init__(self) -> None:
        self.ok = False
        self.pos = 0
        self.str = ""


_PLAIN_TARGET = re.compile(r"[^\x00-\x20\x7f\\()]+")  # nothing parseLinkDestination looks at
_PLAIN_ANGLED = re.compile(r"[^\n<>\\]+")


# (text, end, answers) of the text last scanned; replaced whole, so a thread that reads it
# sees one text's answers, never another's.
_last_text: list[tuple[Any, int, dict[int, Destination]]] = [(None, -1, {})]


def parse_link_destination(string: str, pos: int, maximum: int) -> Destination:
    """`markdown_it.helpers.parseLinkDestination`, step for step, but runs of characters it
    only steps over are skipped by a regular expression, and each answer is remembered for
    the text at hand (a link and an image at `![x](` ask the same): a link target is scanned
    up to 32 nested `(` deep, and text of many `[x](` made every byte cost ~150 Python steps."""
    last = _last_text[0]
    if last[0] is not string or last[1] != maximum:
        last = _last_text[0] = (string, maximum, {})
    answers = last[2]
    found = answers.get(pos)
    if found is None:
        found = answers[pos] = _destination(string, pos, maximum)
    return found


def _destination(string: str, pos: int, maximum: int) -> Destination:
    if pos < len(string) and string[pos] == "<":
        return _angled(string, pos, maximum)
    start = pos
    result = Destination()
    level = 0
    while pos < maximum:
        plain = _PLAIN_TARGET.match(string, pos, maximum)
        pos = plain.end() if plain is not None else pos
        char = string[pos] if pos < maximum else " "
        escaped_space = char == "\\" and pos + 1 < maximum and string[pos + 1] == " "
        if char <= " " or char == "\x7f" or escaped_space:
            break  # a space, a control character or an escaped space ends the target
        if char == "\\":
            pos += 2 if pos + 1 < maximum else 1
            continue
        if char == "(":
            level += 1
            if level > 32:
                return result
        elif level == 0:  # `)` closing nothing: the end
            break
        else:
            level -= 1
        pos += 1
    if start == pos or level != 0:
        return result
    result.str = unescapeAll(string[start:pos])
    result.pos = pos
    result.ok = True
    return result


def _angled(string: str, start: int, maximum: int) -> Destination:
    """A target in `<...>`: up to the `>`, never across a line end or another `<`."""
    result = Destination()
    pos = start + 1
    while pos < maximum:
        plain = _PLAIN_ANGLED.match(string, pos, maximum)
        if plain is not None:
            pos = plain.end()
            if pos >= maximum:
                break
        char = string[pos]
        if char in "\n<":
            return result
        if char == ">":
            result.pos = pos + 1
            result.str = unescapeAll(string[start + 1 : pos])
            result.ok = True
            return result
        pos += 2 if pos + 1 < maximum else 1  # a backslash escapes what follows
    return result


def make_linear(md: MarkdownIt, probe_lines: int = PROBE_LINES) -> None:
    """Install the linear scans on `md` (this instance only: other MarkdownIt objects keep
    markdown-it's own). `probe_lines`: the first window of a block quote (tests use tiny ones)."""
    patched = types.ModuleType(helpers.__name__)
    patched.__dict__.update(vars(helpers))
    patched.parseLinkLabel = parse_link_label  # type: ignore[attr-defined]
    patched.parseLinkDestination = parse_link_destination  # type: ignore[attr-defined]
    md.helpers = patched
    ruler = md.block.ruler
    names = [rule.name for rule in ruler.__rules__]
    inline = md.inline.ruler
    inline_names = [rule.name for rule in inline.__rules__]
    if "html_inline" in inline_names:
        inline.at(
            "html_inline", _html_inline(inline.__rules__[inline_names.index("html_inline")].fn)
        )
    if "math_block" in names:
        ruler.at("math_block", _math_block(ruler.__rules__[names.index("math_block")].fn))
    if "blockquote" in names:
        rule = ruler.__rules__[names.index("blockquote")]
        ruler.at("blockquote", _blockquote(rule.fn, probe_lines), {"alt": list(rule.alt)})


_BlockRule = Any  # (state, startLine, endLine, silent) -> bool
_InlineRule = Any  # (state, silent) -> bool


def _html_inline(original: _InlineRule) -> _InlineRule:
    """An HTML comment that cannot close is refused at once; markdown-it's regex would first
    walk to the end of the text from every `<!--` (`<!---->x<!--` repeated: quadratic)."""

    def rule(state: StateInline, silent: bool) -> bool:
        src, pos = state.src, state.pos
        if (
            src.startswith("<!--", pos)
            and not src.startswith("<!-->", pos)
            and not src.startswith("<!--->", pos)
            and not src.startswith("-->", _comment_stop(state, pos + 4))
        ):
            return False
        return bool(original(state, silent))

    return rule


def _comment_stop(state: StateInline, start: int) -> int:
    """Where the comment body that starts at `start` stops, as the tag regex reads it.

    Its body is `(?:[^-]|-[^-]|--[^>])*`: at each position at most one of the three fits (they
    start with a non-dash, a dash and a non-dash, two dashes), so the regex steps through
    the text one way only, to the first position where none fits; it matches there when
    `-->` follows (where `-->` begins, none fits, so it never steps past one), and nowhere
    else, backtracking or not. Walks from different `<!--` meet and share the rest: each
    position's stop is remembered (in the inline state's cache, under a key of its own)."""
    memo = cast("dict[Any, Any]", state.cache).setdefault(("comment stops",), {})
    src, size = state.src, len(state.src)
    path = []
    pos = start
    while pos not in memo:
        path.append(pos)
        if pos >= size:
            memo[pos] = pos
            break
        if src[pos] != "-":
            pos += 1
        elif pos + 1 < size and src[pos + 1] != "-":
            pos += 2
        elif pos + 2 < size and src[pos + 1] == "-" and src[pos + 2] != ">":
            pos += 3
        else:
            memo[pos] = pos
            break
    stop = memo[pos]
    for seen in path:
        memo[seen] = stop
    return cast("int", stop)


def _closes(line: str) -> bool:
    """Whether a line could close a `$$` block (the dollarmath plugin's own two tests)."""
    text = line.strip()
    return text.endswith("$$") or DOLLAR_EQNO_REV.match(line[::-1]) is not None


def _closing_lines(state: StateBlock) -> list[int]:
    """The lines whose whole text could close a `$$` block, once per note (kept in `env`)."""
    memo = state.env.get("vaultkit_math_close")
    if memo is not None and memo[0] is state.src:
        return cast("list[int]", memo[1])
    found = [i for i, line in enumerate(state.src.split("\n")) if "$$" in line and _closes(line)]
    state.env["vaultkit_math_close"] = (state.src, found)
    return found


def _math_block(original: _BlockRule) -> _BlockRule:
    def rule(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
        begin = state.bMarks[start_line] + state.tShift[start_line]
        if not state.src.startswith("$$", begin):
            return bool(original(state, start_line, end_line, silent))  # refuses at once
        lines = _closing_lines(state)
        at = bisect.bisect_right(lines, start_line)
        if at < len(lines) and lines[at] < end_line:
            return bool(original(state, start_line, end_line, silent))  # a line may close it
        if at < len(lines):
            _window_end_reached(state, end_line, lines[at])
        # No later line can close it: only the opening line itself can (`$$x$$`, a label).
        # A line's text in a quote or a list is the end of its whole line, so the whole line
        # failing the test means the text fails it too.
        text = state.src[begin : state.eMarks[start_line]]
        if len(text.strip()) > 3 and _closes(text):
            return bool(original(state, start_line, end_line, silent))  # closes on this line
        return False  # the original would scan every later line, and then say the same

    return rule


_PROBES = "vaultkit_quote_windows"  # env: [window end, run end, missed] of each open window
_REACHED = "vaultkit_quote_reached"  # env: a quote's `>` offset -> a window end it ran into


def _window_end_reached(state: StateBlock, end_line: int, closer: int) -> None:
    """A `$$` search stopped at `end_line` with a closing line further down, at `closer`: a
    quote window ending there may have cut what the whole run would have found."""
    for window in state.env.get(_PROBES, ()):
        if window[0] == end_line and closer < window[1]:
            window[2] = True


def _blockquote(original: _BlockRule, probe_lines: int) -> _BlockRule:
    def rule(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
        begin = state.bMarks[start_line] + state.tShift[start_line]
        if silent or not state.src.startswith(">", begin) or state.is_code_block(start_line):
            return bool(original(state, start_line, end_line, silent))  # no walk down
        windows: list[list[Any]] = state.env.setdefault(_PROBES, [])
        reached: dict[int, int] = state.env.setdefault(_REACHED, {})
        if windows:  # inside another quote's window: one window at a time
            found = bool(original(state, start_line, end_line, silent))
            if state.line >= end_line == windows[-1][0]:
                reached[begin] = max(reached.get(begin, 0), end_line)  # no use trying less
            return found
        lazy = _first_lazy_line(state, start_line, end_line)
        if lazy is None:  # every line has `>` down to the quote's end: no early stop
            return bool(original(state, start_line, end_line, silent))
        ran_into = reached.get(begin, start_line) - start_line  # lines a window of it held
        size = max(lazy - start_line + probe_lines, ran_into * GROWTH + 1)
        while start_line + size < end_line:
            stop = start_line + size
            kept = (len(state.tokens), state.line, _references(state.env))
            window = [stop, end_line, False]
            windows.append(window)
            try:
                found = original(state, start_line, stop, silent)
            finally:
                windows.pop()
            if found and state.line < stop and not window[2]:
                return True
            del state.tokens[kept[0] :]
            state.line = kept[1]
            _restore_references(state.env, kept[2])
            size *= GROWTH
        return bool(original(state, start_line, end_line, silent))

    return rule


def _first_lazy_line(state: StateBlock, start_line: int, end_line: int) -> int | None:
    """The first line below `start_line` without `>` before the quote's run of lines ends at
    a blank line; None when there is none. Only at such a line can the quote stop early. The
    walk ends where the quote's inside may stop, so quote after quote it reads each line once."""
    src, begins, shifts, ends, counts = (
        state.src,
        state.bMarks,
        state.tShift,
        state.eMarks,
        state.sCount,
    )
    for line in range(start_line + 1, end_line):
        at = begins[line] + shifts[line]
        if at >= ends[line]:
            return None
        if src[at] != ">" or counts[line] < state.blkIndent:
            return line
    return None


def _references(env: MutableMapping[str, Any]) -> tuple[Any, Any]:
    refs, dups = env.get("references"), env.get("duplicate_refs")
    return (None if refs is None else dict(refs), None if dups is None else list(dups))


def _restore_references(env: MutableMapping[str, Any], kept: tuple[Any, Any]) -> None:
    for key, value in zip(("references", "duplicate_refs"), kept, strict=True):
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
