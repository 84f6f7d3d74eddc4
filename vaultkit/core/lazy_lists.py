"""Per-person lists that stay encoded until someone asks for them.

Why: a new process after one edit restores the whole view from the cache, and decoding every
interaction of every person into objects (55k of them in the 32k-note benchmark vault) was
the largest part of that run. Most people's lists are never looked at again in that run: a
person the edit did not touch keeps the status, rows and block the last run worked out for
the same day (`reports`, `blocks`). So a restored list is kept as the cache's plain form and
decoded the first time it is read; it goes back into the cache as it came if it was never
replaced.

Lists are replaced, never edited in place (the index's copy-on-write rule), so a decoded list
is shared by every copy of the mapping while the plain form it came from is unchanged.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any, Generic, TypeVar

T = TypeVar("T")


class Later:
    """A plain list still in the cache file: `get()` reads it (its chunk) on first use;
    `count` is its length, known without reading it."""

    __slots__ = ()
    count: int

    def get(self) -> Any:
        raise NotImplementedError


Decode = Callable[[str, Any], list[T]]
Encode = Callable[[list[T]], Any]


class PersonLists(Mapping[str, list[T]], Generic[T]):
    """person path -> list, some of them still plain (`raw`) until first read.

    `decoded` counts the lists decoded so far (tests count work with it, not time).
    """

    __slots__ = ("_cache", "_decode", "_lists", "_raw", "decoded")

    def __init__(
        self,
        lists: dict[str, list[T]] | None = None,
        raw: dict[str, Any] | None = None,
        decode: Decode[T] | None = None,
        cache: dict[str, tuple[Any, list[T]]] | None = None,
    ) -> None:
        self._lists: dict[str, list[T]] = lists if lists is not None else {}
        self._raw: dict[str, Any] = raw if raw is not None else {}  # keys not in _lists
        self._decode = decode
        # person -> (the plain form, its decoded list): shared by copies, so a list is decoded
        # once however many views read it; valid while the plain form is the same object
        self._cache: dict[str, tuple[Any, list[T]]] = cache if cache is not None else {}
        self.decoded = 0

    def __getitem__(self, who: str) -> list[T]:
        found = self._lists.get(who)
        if found is not None:
            return found
        raw = self._raw[who]  # KeyError: nobody by that path
        hit = self._cache.get(who)
        if hit is not None and hit[0] is raw:
            return hit[1]
        assert self._decode is not None, "plain lists need a decoder"
        found = self._decode(who, raw)
        self._cache[who] = (raw, found)
        self.decoded += 1
        return found

    def __contains__(self, who: object) -> bool:
        return who in self._lists or who in self._raw

    def __iter__(self) -> Iterator[str]:
        yield from self._lists
        yield from self._raw

    def __len__(self) -> int:
        return len(self._lists) + len(self._raw)

    def total(self) -> int:
        """How many items all the lists hold, without decoding any (a plain list is a tuple
        of one pair per item, or still in the file: `Later.count`)."""
        plain = sum(len(v) if type(v) is tuple else v.count for v in self._raw.values())
        return sum(map(len, self._lists.values())) + plain

    def set(self, who: str, found: list[T]) -> None:
        """Replace a person's list (an empty list is never stored: the person leaves)."""
        self._raw.pop(who, None)
        self._cache.pop(who, None)
        if found:
            self._lists[who] = found
        else:
            self._lists.pop(who, None)

    def copy(self) -> PersonLists[T]:
        """A view's own mapping: later `set`s on this one do not reach it."""
        return PersonLists(dict(self._lists), dict(self._raw), self._decode, self._cache)

    def plain(self, who: str, encode: Encode[T]) -> Any:
        """The person's list in the cache's form: as loaded when it was never replaced."""
        raw = self._raw.get(who)
        return raw if raw is not None else encode(self._lists[who])

    def is_plain(self, who: str) -> bool:
        """Still in its loaded form (never decoded in this mapping's lifetime, or decoded
        and shared through the cache): what a change-free run hands back untouched."""
        return who in self._raw
