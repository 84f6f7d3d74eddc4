"""Ways to help (VAULT_FORMAT §11): topics, and the asks and offers written about people.

A vault already holds what friends are looking for (a flat, a climbing partner) and what they
are good at; nobody remembers all of it at once. These rules say how a topic is written and
compared; `relations.py` gives each ask and offer its owner, `helping.py` finds where they meet.
"""

from __future__ import annotations

import unicodedata
from typing import Any

KINDS = ("ask", "offer")
# Not an ask or offer: a checked task with an ask tag, kept for each person it links, which
# closes their asks on a matching topic dated on or before it (§11). Only helping.py reads it.
CLOSES = "closes"


def topic_key(text: str) -> str:
    """A topic as compared: NFC, any case, a leading `#` dropped, spaces and `_` read as `-`,
    no empty levels (`Patent law` is `patent-law`, `#Python/Mentoring` is `python/mentoring`).
    Applied until nothing changes, so a key is its own key (`_#` is nothing, not `#`)."""
    key = unicodedata.normalize("NFC", text)
    while True:
        parts = (part.strip().lstrip("#") for part in key.split("/"))
        levels = ("-".join(part.replace("_", " ").split()) for part in parts)
        again = "/".join(level for level in levels if level).casefold()
        if again == key:
            return key
        key = again


def topics_match(a: str, b: str) -> bool:
    """Equal, or one a nested tag of the other (`python` and `python/mentoring`)."""
    return a == b or a.startswith(b + "/") or b.startswith(a + "/")


def front_matter_needs(value: Any) -> tuple[list[str], bool]:
    """`asks:`/`offers:` values: a list, or one string. (topics as written, well formed?)."""
    if value is None or value == "":
        return [], True
    items = value if isinstance(value, list) else [value]
    out: list[str] = []
    ok = isinstance(value, list | str)
    for item in items:
        if isinstance(item, str) and item.strip():
            out.append(item.strip())
        elif item is not None and item != "":
            ok = False
    return out, ok
