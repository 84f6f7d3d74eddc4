"""The generated vaults' sizes and the day they end on (shared by every benchmark)."""

from __future__ import annotations

TODAY = "2026-11-25"

SIZES: dict[str, tuple[int, int]] = {
    "1k": (300, 700),
    "10k": (3000, 7000),
    "target": (10000, 20000),  # the "10k people / 20k dated notes" vault
    "100k": (30000, 70000),
}
