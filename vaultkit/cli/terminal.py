"""Plain-text tables for the terminal: aligned, no colour codes, safe to pipe."""

from __future__ import annotations

import unicodedata


def width(text: str) -> int:
    """Display width: East Asian wide characters take two cells, combining marks none."""
    total = 0
    for ch in text:
        if unicodedata.combining(ch):
            continue
        total += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return total


def table(headers: list[str], rows: list[list[str]]) -> str:
    cleaned = [[" ".join(c.split()) for c in row] for row in rows]
    widths = [width(h) for h in headers]
    for row in cleaned:
        for i, c in enumerate(row):
            widths[i] = max(widths[i], width(c))

    def line(cells: list[str]) -> str:
        padded = [c + " " * (widths[i] - width(c)) for i, c in enumerate(cells)]
        return "  ".join(padded).rstrip()

    out = [line(headers), line(["-" * w for w in widths])]
    out.extend(line(row) for row in cleaned)
    return "\n".join(out)
