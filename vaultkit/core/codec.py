"""Plain-data codecs derived from the dataclasses' fields: one new field is one edit.

The cache stores facts, people and contributions as marshal-able tuples (str, int, None,
tuples, lists, dicts). Writing those tuples by hand meant keeping four places in step with
`models.py`; here each dataclass's codec is generated from its fields and their types, once,
at import, as plain Python functions (as fast as the hand-written ones were):

- `date` is stored as its ordinal, `frozenset` as a sorted tuple, a nested dataclass (or a
  tuple of them) as its own encoding; anything else is stored as it is.
- A field that always equals the key an entry is stored under (a note's path) is left out,
  and given back on decoding: `Codec(Interaction, key="note")`.

Decoding raises ValueError or TypeError on data of the wrong shape, which callers report as
a damaged cache.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Callable
from datetime import date
from typing import Any, Generic, TypeVar

T = TypeVar("T")

_DAYS: dict[int, date] = {}  # one date object per day, however many entries share it


def day(n: int) -> date:
    found = _DAYS.get(n)
    if found is None:
        if type(n) is not int:
            raise TypeError(f"a day ordinal must be an int, not {type(n).__name__}")
        found = _DAYS[n] = date.fromordinal(n)
    return found


def maybe_day(n: int | None) -> date | None:
    return None if n is None else day(n)


def ordinal(d: date | None) -> int | None:
    return None if d is None else d.toordinal()


class Codec(Generic[T]):
    """`encode(obj) -> tuple` and `decode(raw, key) -> obj` for one dataclass."""

    encode: Callable[[T], tuple[Any, ...]]
    decode: Callable[[Any, Any], T]

    def __init__(self, cls: type[T], key: str | None = None, **nested: Codec[Any]) -> None:
        self.cls = cls
        self.key = key
        fields = dataclasses.fields(cls)  # type: ignore[arg-type]
        hints = typing.get_type_hints(cls)
        names = [f.name for f in fields]
        if key is not None and key not in names:
            raise TypeError(f"{cls.__name__} has no field {key!r}")
        env: dict[str, Any] = {"cls": cls, "day": day, "maybe_day": maybe_day, "ordinal": ordinal}
        enc: list[str] = []
        dec: list[str] = []
        stored: list[str] = []
        for name in names:
            if name == key:
                dec.append("key")
                continue
            e, d = _convert(name, hints[name], env, nested)
            enc.append(e.format(f"o.{name}"))
            dec.append(d.format(f"r_{name}"))
            stored.append(f"r_{name}")
        unpack = f"({', '.join(stored)},) = r" if stored else "() = r"
        source = (
            f"def encode(o):\n    return ({', '.join(enc)},)\n"
            f"def decode(r, key):\n    {unpack}\n    return cls({', '.join(dec)})\n"
        )
        exec(compile(source, f"<codec {cls.__name__}>", "exec"), env)
        self.encode = env["encode"]
        self.decode = env["decode"]
        self.fields = tuple(stored)


def _convert(
    name: str, hint: Any, env: dict[str, Any], nested: dict[str, Codec[Any]]
) -> tuple[str, str]:
    """(encode, decode) expressions for one field, with `{}` standing for the value."""
    optional = False
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        members = [a for a in typing.get_args(hint) if a is not type(None)]
        optional = len(members) < len(typing.get_args(hint))
        if len(members) == 1:
            hint = members[0]
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if hint is date:
        return ("ordinal({})", "maybe_day({})") if optional else ("{}.toordinal()", "day({})")
    if origin is frozenset:
        return "tuple(sorted({}))", "frozenset({})"
    inner = nested.get(name)
    if inner is not None:
        env[f"enc_{name}"], env[f"dec_{name}"] = inner.encode, inner.decode
        if origin is tuple and args[-1:] == (Ellipsis,):
            return (
                f"tuple([enc_{name}(x) for x in {{}}])",
                f"tuple([dec_{name}(x, key) for x in {{}}])",
            )
        if optional:
            return (
                f"(None if {{0}} is None else enc_{name}({{0}}))",
                f"(None if {{0}} is None else dec_{name}({{0}}, key))",
            )
        return f"enc_{name}({{}})", f"dec_{name}({{}}, key)"
    if dataclasses.is_dataclass(hint) or any(dataclasses.is_dataclass(a) for a in args):
        raise TypeError(f"field {name!r} holds dataclasses: give its codec as {name}=Codec(...)")
    if origin is tuple:  # marshal keeps tuples; anything else is made one
        return ("{}", "(None if {0} is None else tuple({0}))") if optional else ("{}", "tuple({})")
    return "{}", "{}"
