"""The line-scan fast path must give exactly the facts the markdown-it walk gives."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vaultkit.models import NoteFacts
from vaultkit.parse import parse

ROOT = Path(__file__).resolve().parent.parent
parse_module = importlib.import_module("vaultkit.parse")  # the package exports a `parse` function

FRAGMENTS = [
    "[[Jane]]", "[[Bob|B]]", "![[Ana]]", "[[", "]]", "[[a\\|b]]", "[[x#h]]", "[[2026-11-20]]",
    "#person", "#tag/sub", " #7", "#", "- ", "* ", "+ ", "  - ", "   - ",
    "- [ ] ", "- [x] ", "- [-] ",
    "## Log", "# Timeline", "### Notes", "# ", "2026-11-20 ", "**2026-11-21** — ", "2026-02-30 ",
    "📅 2026-11-28", "[due:: 2026-11-29]", "text", "and more", " ", "  ", "\n", "\n\n", "\n  ",
    "|", "!", "[", "]", "##", "Log", "-", "x", "1", "[[Jane]] [[Jane]]", "[[ ]]", "[[\n]]",
    "```", "\n```\n", "```bash\n", "\n~~~\n", "~~~~", " ```", "`", "\n    ```\n",
    "]]:", "[[2026-11-20]]: ", "]:", "[x]: ", "\n[a]: b\n", "[[a]]:b",
]  # fmt: skip


def _markdown_only(relpath: str, text: str, monkeypatch: pytest.MonkeyPatch) -> NoteFacts:
    with monkeypatch.context() as m:
        m.setattr(parse_module, "walk_simple", lambda walker, body: False)
        return parse(relpath, text)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=40))
def test_fast_path_equals_markdown_it(parts: list[str]) -> None:
    text = "".join(parts)
    with pytest.MonkeyPatch.context() as mp:
        slow = _markdown_only("People/Jane.md", text, mp)
    assert parse("People/Jane.md", text) == slow


def test_fast_path_is_taken_for_a_plain_daily_note(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[bool] = []
    real = parse_module.walk_simple

    def spy(walker: object, body: str) -> bool:
        calls.append(real(walker, body))
        return calls[-1]

    monkeypatch.setattr(parse_module, "walk_simple", spy)
    parse("Daily/2026-11-20.md", "Coffee with [[Jane]] #friends\n\n- [ ] call [[Bob]]\n")
    parse("Daily/2026-11-21.md", "Some `code` with [[Jane]]\n")
    assert calls == [True, False]


def test_every_note_of_the_example_vault_parses_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    vault = ROOT / "examples" / "vault"
    checked = 0
    for path in sorted(vault.rglob("*.md")):
        rel = path.relative_to(vault).as_posix()
        text = path.read_bytes().decode("utf-8-sig")
        assert parse(rel, text) == _markdown_only(rel, text, monkeypatch), rel
        checked += 1
    assert checked > 90
