"""Where the vaultkit block sits in a person note: its two marker lines, or why not (§9).

Markers are found before Markdown structure, in one pass: a begin marker outside the user's
code blocks opens the block, and everything up to the end marker is ours — a fence that
vaultkit (or anyone) wrote inside the block can never hide the end marker and freeze the block.
Outside the block, a marker inside the user's fenced code is a problem: they are probably
documenting vaultkit, and we must not write into their example.
"""

from __future__ import annotations

import re

BLOCK_BEGIN = "<!-- vaultkit:begin -->"
BLOCK_END = "<!-- vaultkit:end -->"
_FENCE_RE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_LEAVE = "; the note is left alone"


def find_block(lines: list[str]) -> tuple[tuple[int, int] | None, tuple[int, str] | None]:
    """The 1-based (begin, end) marker lines, or a problem (line, message) when they are broken.
    Only a marker alone on its line counts."""
    if "vaultkit:" not in "".join(lines):  # the common case, without a line-by-line scan
        return None, None
    begins: list[int] = []
    ends: list[int] = []
    fenced: list[int] = []
    fence: str | None = None
    inside = False  # between a begin marker and its end marker: no Markdown structure
    for i, line in enumerate(lines, 1):
        text = line.strip()
        if inside:
            if text == BLOCK_END:
                ends.append(i)
                inside = False
            elif text == BLOCK_BEGIN:
                begins.append(i)
            continue
        m = _FENCE_RE.match(line)
        if m and (fence is None or m[1].startswith(fence)):
            fence = m[1] if fence is None else None
            continue
        if text in (BLOCK_BEGIN, BLOCK_END):
            if fence:
                fenced.append(i)
            elif text == BLOCK_BEGIN:
                begins.append(i)
                inside = True
            else:
                ends.append(i)
    return _verdict(begins, ends, fenced)


def _verdict(
    begins: list[int], ends: list[int], fenced: list[int]
) -> tuple[tuple[int, int] | None, tuple[int, str] | None]:
    if fenced:
        return None, (fenced[0], "a vaultkit marker is inside a code block" + _LEAVE)
    if not begins and not ends:
        return None, None
    if len(begins) == 1 and len(ends) == 1 and begins[0] < ends[0]:
        return (begins[0], ends[0]), None
    if len(begins) > 1 or len(ends) > 1:
        return None, (min(begins[1:] + ends[1:]), "vaultkit markers appear more than once" + _LEAVE)
    if not ends:
        return None, (begins[0], f"'{BLOCK_BEGIN}' has no '{BLOCK_END}'" + _LEAVE)
    if not begins:
        return None, (ends[0], f"'{BLOCK_END}' has no '{BLOCK_BEGIN}'" + _LEAVE)
    return None, (ends[0], "the vaultkit end marker comes before the begin marker" + _LEAVE)
