"""A fast path for flat front matter: PyYAML's answer without PyYAML, or no answer at all.

Most front matters are a handful of `key: value` lines, flow lists (`tags: [a, b]`) and block
lists of plain or quoted scalars. libyaml reads those in ~17 us, most of it building events and
nodes in Python; a line scan reads them in a few. `load_flat` returns exactly what the loader
in frontmatter.py would (values resolved with the same YAML 1.2 core-schema patterns and
constructed as PyYAML constructs them), and None for anything outside the shapes it models,
which then goes to PyYAML: nested mappings, multi-line scalars, anchors, tags, block scalars,
flow mappings, tabs, unusual line breaks, keys that are not plain words. When in doubt it
declines; tests/test_flatyaml.py holds it to PyYAML's answers on the corpus and on generated
front matter.
"""

from __future__ import annotations

import re
from typing import Any

# YAML 1.2 core schema, as Obsidian reads it; frontmatter.py registers these same patterns
# (with these first characters) as the loader's implicit resolvers.
BOOL_RE = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
INT_RE = re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$")
FLOAT_RE = re.compile(r"^[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$")
NULL_RE = re.compile(r"^(?:~|null|Null|NULL|)$")
BOOL_FIRST = "tTfF"
INT_FIRST = "-+0123456789"
FLOAT_FIRST = "-+0123456789."
NULL_FIRST = ("~", "n", "N", "")

# Characters this scan leaves to libyaml: everything but LF and YAML's printable set, and the
# characters libyaml takes for line breaks (NEL, LS, PS) or skips (BOM). Tabs and CR too.
_UNMODELLED = re.compile(
    "[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]"
)
# A top-level key: a plain word (letters, digits, `_`, and ` .-/` inside), then `:` and a
# space or the end of the line. Anything else (quoted keys, `? `, `<<`, ...) is PyYAML's.
_KEY = re.compile(r"(\w(?:[\w .\-/]*[\w.\-/])?) *:(?: +|$)")
# Characters that begin something other than a plain scalar (YAML's c-indicators).
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")
_SINGLE = re.compile(r"'((?:[^']|'')*)'")
_DOUBLE = re.compile(r'"((?:[^"\\]|\\["\\/nt])*)"')
_ESCAPES = {'"': '"', "\\": "\\", "/": "/", "n": "\n", "t": "\t"}
_ESCAPE = re.compile(r"\\(.)")
# A plain scalar inside `[...]`: stops at flow indicators; `#` and `:` are left to libyaml.
_FLOW_PLAIN = re.compile(r"[^,\[\]{}#:]*")
MAX_RAW = 65_536  # longer front matter is rare and goes to libyaml (and its size limits)
MAX_KEY = 256  # libyaml's simple keys end at 1024 characters; stay far below
MAX_FLOW_DEPTH = 4


class _Decline(Exception):
    """The text is outside what this scan models: ask PyYAML."""


Flat = tuple[dict[str, Any], list[tuple[str, int]], list[tuple[str, int]]]


def load_flat(raw: str) -> Flat | None:
    """(mapping, [(key, 1-based note line) of each key's first line], [(key, line) of each
    repeated key]) for a flat front matter; None when PyYAML must read it.

    Lines are counted as the note counts them: `raw` starts on the note's second line.
    """
    if len(raw) > MAX_RAW or _UNMODELLED.search(raw):
        return None
    try:
        return _load(raw)
    except _Decline:
        return None


def _load(raw: str) -> Flat:
    out: dict[str, Any] = {}
    firsts: list[tuple[str, int]] = []
    repeats: list[tuple[str, int]] = []
    pending: str | None = None  # a key with nothing after its `:`: a block list may follow
    seq: list[Any] | None = None
    seq_indent = -1
    for index, line in enumerate(raw.split("\n")):
        if not line or line[0] == "#":
            continue
        first = line[0]
        if first == " " or first == "-":
            text = line.lstrip(" ")
            if not text or text[0] == "#":
                continue  # a blank or comment line
            if pending is None or text[0] != "-" or text[1:2] != " ":
                raise _Decline  # a continuation, a nested mapping, a list after a value
            indent = len(line) - len(text)
            if seq is None:
                seq, seq_indent = [], indent
                out[pending] = seq
            elif indent != seq_indent:
                raise _Decline
            seq.append(_value(text[2:].lstrip(" ")))
            continue
        m = _KEY.match(line)
        if m is None:
            raise _Decline
        key = m[1]
        if len(key) > MAX_KEY:
            raise _Decline
        number = index + 2
        if key in out:
            repeats.append((key, number))
        else:
            firsts.append((key, number))
        text = line[m.end() :]
        seq = None
        if text:
            out[key] = _value(text)
            pending = None
        else:
            out[key] = None
            pending = key
    return out, firsts, repeats


def _value(text: str) -> Any:
    """A scalar or flow list on one line, with any `# comment` after it (block context)."""
    if not text:
        raise _Decline  # `- ` with nothing after it
    first = text[0]
    value: Any
    if first == "[":
        value, end = _flow(text, 0, 1)
        _rest(text, end)
        return value
    if first == "'" or first == '"':
        value, end = _quoted(text, 0)
        _rest(text, end)
        return value
    if first in _INDICATORS and not (first == "-" and text[1:2] not in ("", " ")):
        raise _Decline
    cut = text.find(" #")
    if cut >= 0:
        text = text[:cut]
    text = text.rstrip(" ")
    if ": " in text or text[-1] == ":":
        raise _Decline  # a mapping inside a mapping
    return resolve(text)


def _rest(text: str, end: int) -> None:
    """After a quoted scalar or a flow list: only spaces, then perhaps a comment."""
    rest = text[end:]
    if rest.strip(" ") and not (rest[0] == " " and rest.lstrip(" ")[0] == "#"):
        raise _Decline


def _quoted(text: str, start: int) -> tuple[str, int]:
    """A quoted scalar that ends on its line: (value, index after the closing quote)."""
    if text[start] == "'":
        m = _SINGLE.match(text, start)
        if m is None:
            raise _Decline
        return m[1].replace("''", "'"), m.end()
    m = _DOUBLE.match(text, start)
    if m is None:
        raise _Decline  # unclosed, or an escape not modelled here (\u, \x, a line break)
    inner = m[1]
    if "\\" in inner:
        inner = _ESCAPE.sub(_unescape, inner)
    return inner, m.end()


def _unescape(m: re.Match[str]) -> str:
    return _ESCAPES[m[1]]


def _flow(text: str, start: int, depth: int) -> tuple[list[Any], int]:
    """A flow list `[a, "b", [c]]` that ends on its line: (items, index after `]`)."""
    if depth > MAX_FLOW_DEPTH:
        raise _Decline
    items: list[Any] = []
    n = len(text)
    i = _skip(text, start + 1)
    if i < n and text[i] == "]":
        return items, i + 1
    item: Any
    while i < n:
        c = text[i]
        if c == "[":
            item, i = _flow(text, i, depth + 1)
        elif c == "'" or c == '"':
            item, i = _quoted(text, i)
        else:
            if c in _INDICATORS and not (c == "-" and text[i + 1 : i + 2] not in _FLOW_STOP):
                raise _Decline
            m = _FLOW_PLAIN.match(text, i)
            assert m is not None  # the pattern matches the empty string
            plain = m[0].rstrip(" ")
            if not plain:
                raise _Decline
            item, i = resolve(plain), m.end()
        items.append(item)
        i = _skip(text, i)
        if i >= n:
            break
        if text[i] == "]":
            return items, i + 1
        if text[i] != ",":
            raise _Decline  # `[a: b]`, `[a #c]`, `["a" b]`
        i = _skip(text, i + 1)
        if i >= n or text[i] in ",]":
            raise _Decline  # `[a,]` and `[a,,b]`: leave YAML's rules on empty entries to it
    raise _Decline  # not closed on this line


_FLOW_STOP = frozenset(["", " ", ",", "[", "]", "{", "}"])


def _skip(text: str, i: int) -> int:
    n = len(text)
    while i < n and text[i] == " ":
        i += 1
    return i


def resolve(plain: str) -> Any:
    """A plain scalar's value, by the loader's implicit resolvers and PyYAML's constructors."""
    first = plain[0]
    if first in BOOL_FIRST and BOOL_RE.match(plain):
        return plain.lower() == "true"
    if first in INT_FIRST and INT_RE.match(plain):
        digits = plain.lstrip("+-")
        if digits == "0":
            return 0
        if len(digits) > 1000:
            raise _Decline  # Python's int() refuses very long digit strings; so does PyYAML
        return -int(digits) if first == "-" else int(digits)
    if first in FLOAT_FIRST and FLOAT_RE.match(plain):
        number = plain.lower()
        sign = -1 if number[0] == "-" else 1
        return sign * float(number.lstrip("+-"))
    if first in NULL_FIRST and NULL_RE.match(plain):
        return None
    return plain
