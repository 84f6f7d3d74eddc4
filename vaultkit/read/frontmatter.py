"""Front matter: found by line, loaded by PyYAML's C SafeLoader with Obsidian's YAML 1.2 scalars.

Why our own loader: PyYAML speaks YAML 1.1, where `no` is False, `12:30` is 750 and
`2026-02-30` raises from the date constructor. Obsidian reads YAML 1.2, where all three are
strings. Dates are kept as text and parsed by `dates.parse_date`, so a bad date is a reported
problem, never a crash. Only the C SafeLoader runs: `!!python/...` tags are refused.

Why not python-frontmatter's `load`: we need the exact line of every key and error, duplicate-key
reports and this loader, and we never re-serialize a user's YAML, which is its other half.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

import yaml

from ..text.keys import norm_key as norm_key  # where the readers of front matter find it
from .flatyaml import (
    BOOL_FIRST,
    BOOL_RE,
    FLOAT_FIRST,
    FLOAT_RE,
    INT_FIRST,
    INT_RE,
    NULL_FIRST,
    NULL_RE,
    load_flat,
)

_CLOSE_RE = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)
_KEY_LINE_RE = re.compile(r"^([^\s#:\-?][^:\n]*):(?:[ \t]|$)", re.MULTILINE)
MAX_NODES = 100_000
MAX_DEPTH = 64


class _VaultLoader(yaml.CSafeLoader):
    """YAML 1.2 core-schema scalars; records duplicate keys instead of silently dropping them."""

    yaml_implicit_resolvers: dict[Any, Any] = {}  # noqa: RUF012 - PyYAML's class-level registry

    def construct_mapping(self, node: Any, deep: bool = False) -> dict[Any, Any]:
        """Keys are text as written (`true:` is "true", `1:` is "1"), as in Obsidian.

        Python would fold `1:` and `true:` into one key (1 == True), losing a value silently.
        """
        if isinstance(node, yaml.MappingNode):
            self.flatten_mapping(node)
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise yaml.constructor.ConstructorError(
                    None,
                    None,
                    "a key must be plain text, not a list or mapping",
                    key_node.start_mark,
                )
            key = key_node.value
            if key in out:
                self.duplicates.append((key, key_node.start_mark))
            out[key] = self.construct_object(value_node, deep=deep)
        return out

    def construct_yaml_timestamp(self, node: Any) -> Any:
        """Only an explicit `!!timestamp` gets here; a bad one is an error with its line."""
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError as exc:
            raise yaml.constructor.ConstructorError(None, None, str(exc), node.start_mark) from None

    @property
    def duplicates(self) -> list[tuple[str, Any]]:
        found: list[tuple[str, Any]] | None = self.__dict__.get("_duplicates")
        if found is None:
            found = self.__dict__["_duplicates"] = []
        return found


_VaultLoader.add_constructor("tag:yaml.org,2002:timestamp", _VaultLoader.construct_yaml_timestamp)
_VaultLoader.add_implicit_resolver("tag:yaml.org,2002:bool", BOOL_RE, list(BOOL_FIRST))
_VaultLoader.add_implicit_resolver("tag:yaml.org,2002:int", INT_RE, list(INT_FIRST))
_VaultLoader.add_implicit_resolver("tag:yaml.org,2002:float", FLOAT_RE, list(FLOAT_FIRST))
_VaultLoader.add_implicit_resolver("tag:yaml.org,2002:null", NULL_RE, list(NULL_FIRST))


@dataclass(frozen=True, slots=True)
class FrontMatter:
    data: dict[str, Any]  # normalised keys
    keys: dict[str, str]  # normalised -> as written
    lines: dict[str, int]  # normalised -> 1-based line
    raw: str  # the YAML text
    body_line: int  # 0-based index of the first body line
    present: bool
    errors: tuple[tuple[int, str], ...]  # (1-based line, message)


def split(text: str) -> tuple[str | None, int, str | None]:
    """(yaml text or None, 0-based first body line, problem) for LF text."""
    if not text.startswith("---"):
        return None, 0, None
    first_end = text.find("\n")
    first = text[: first_end if first_end >= 0 else len(text)]
    if first.rstrip(" \t") != "---":
        return None, 0, None
    if first_end < 0:
        return None, 0, "front matter is never closed: add a line '---' after it"
    m = _CLOSE_RE.search(text, first_end + 1)
    if not m:
        return None, 0, "front matter is never closed: add a line '---' after it"
    raw = text[first_end + 1 : m.start()]
    return raw, raw.count("\n") + 2 if raw else 2, None


def read_frontmatter(text: str) -> FrontMatter:
    raw, body_line, problem = split(text)
    if raw is None:
        errors = ((1, problem),) if problem else ()
        return FrontMatter({}, {}, {}, "", 0, False, errors)
    flat = load_flat(raw)
    if flat is not None:
        return _flat_frontmatter(raw, body_line, *flat)
    loader_errors: list[tuple[int, str]] = []
    try:
        loader = _VaultLoader(raw)
        try:
            value = loader.get_single_data()
            duplicates = loader.duplicates
        finally:
            loader.dispose()
        loader_errors.extend(
            (_line_of(raw, mark), f"duplicate key '{key}': the last value is used")
            for key, mark in duplicates
        )
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = _line_of(raw, mark) if mark is not None else 1
        reason = getattr(exc, "problem", None) or str(exc).split("\n", 1)[0]
        return FrontMatter({}, {}, {}, raw, body_line, True, ((line, f"invalid YAML: {reason}"),))
    except (ValueError, TypeError, RecursionError) as exc:
        return FrontMatter({}, {}, {}, raw, body_line, True, ((1, f"invalid YAML: {exc}"),))
    if value is None:
        value = {}
    if not isinstance(value, dict):
        kind = type(value).__name__
        msg = f"front matter must be a mapping of keys to values, not a {kind}"
        return FrontMatter({}, {}, {}, raw, body_line, True, ((2, msg),))
    try:
        clean = _sanitize(value, [0], 0)
    except _TooBig:
        msg = "front matter is too large or too deeply nested (YAML aliases?); it is ignored"
        return FrontMatter({}, {}, {}, raw, body_line, True, ((2, msg),))
    assert isinstance(clean, dict)
    data: dict[str, Any] = {}
    keys: dict[str, str] = {}
    for key, val in clean.items():
        nk = norm_key(key)
        data[nk] = val
        keys.setdefault(nk, key)
    lines: dict[str, int] = {}
    at, line = 0, 2
    for m in _KEY_LINE_RE.finditer(raw):  # count newlines as we go: linear in the YAML's size
        line += raw.count("\n", at, m.start())
        at = m.start()
        lines.setdefault(norm_key(m[1].rstrip(" \t").strip("'\"")), line)
    return FrontMatter(data, keys, lines, raw, body_line, True, tuple(loader_errors))


def _flat_frontmatter(
    raw: str,
    body_line: int,
    value: dict[str, Any],
    firsts: list[tuple[str, int]],
    repeats: list[tuple[str, int]],
) -> FrontMatter:
    """What the PyYAML path below makes of a front matter `flatyaml` could read. `firsts` holds
    each key once, in the mapping's order, so each key is normalised once."""
    data: dict[str, Any] = {}
    keys: dict[str, str] = {}
    lines: dict[str, int] = {}
    for key, line in firsts:
        nk = _NORMED.get(key)
        if nk is None:
            nk = norm_key(key)
            if len(_NORMED) < 4096:  # a vault uses a few dozen keys; bound it all the same
                _NORMED[key] = nk
        data[nk] = value[key]
        keys.setdefault(nk, key)
        lines.setdefault(nk, line)
    errors = tuple(
        (line, f"duplicate key '{key}': the last value is used") for key, line in repeats
    )
    return FrontMatter(data, keys, lines, raw, body_line, True, errors)


_NORMED: dict[str, str] = {}


class _TooBig(Exception):
    pass


def _line_of(raw: str, mark: Any) -> int:
    """The note line of a YAML mark. libyaml also breaks lines at U+2028, U+2029 and U+0085,
    which are not line breaks in the note, so count the note's own newlines up to the mark."""
    index = getattr(mark, "index", None)
    if not isinstance(index, int) or index < 0:
        return int(mark.line) + 2
    return raw.count("\n", 0, min(index, len(raw))) + 2


def _sanitize(value: Any, budget: list[int], depth: int) -> Any:
    """Plain, bounded data: str keys; str/int/float/bool/None/date leaves; no shared references."""
    budget[0] += 1
    if budget[0] > MAX_NODES or depth > MAX_DEPTH:
        raise _TooBig
    if isinstance(value, dict):
        return {str(k): _sanitize(v, budget, depth + 1) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [_sanitize(v, budget, depth + 1) for v in value]
    if isinstance(value, date):  # only an explicit !!timestamp gets here; keep dates as text
        return value.isoformat()
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, bytes):
        return f"<{len(value)} bytes>"
    return str(value)
