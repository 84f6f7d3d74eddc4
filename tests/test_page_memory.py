"""A page's text is made without copies of itself: what a sync holds at its peak on a big vault.

At 100k notes `Reach out.md` is 10 million characters, and one character above U+FFFF (a `📅`
copied from a task) makes Python keep all of them at 4 bytes: 38 MiB a copy. Counted in bytes
allocated (tracemalloc), never in time.
"""

from __future__ import annotations

import sys
import tracemalloc

from vaultkit.pages.markdown import page_text


def test_a_big_page_text_is_one_join_not_three_copies() -> None:
    lines = [f"- 📅 2026-11-{i % 28 + 1:02d} call person {i}" for i in range(50_000)]
    lines += ["", "\n"]  # trailing blank lines are stripped, as always
    was_tracing = tracemalloc.is_tracing()
    if not was_tracing:
        tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        tracemalloc.reset_peak()
        text = page_text("Reach out", lines)
        peak = tracemalloc.get_traced_memory()[1] - before
    finally:
        if not was_tracing:
            tracemalloc.stop()
    assert text.endswith("person 49999\n")
    assert peak < 1.5 * sys.getsizeof(text)  # the text and the list of parts; it was 3x
