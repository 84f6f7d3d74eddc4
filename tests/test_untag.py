"""Copied text on vaultkit's pages and person blocks carries no `#tag` (VAULT_FORMAT §11): a tag
there would make Obsidian's tag pane count vaultkit's own pages as tagged notes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from vaulthelp import BASIC, make_vault, vk

from vaultkit.pages.markdown import cell, inline, untag


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("asked about #ask/climbing", "asked about \\#ask/climbing"),
        ("#person at the start", "\\#person at the start"),
        ("(#p) and a #tag, twice #tag", "(\\#p) and a \\#tag, twice \\#tag"),
        ("no hash at all", "no hash at all"),
        # left as written: not tags, already escaped, or where a backslash would show or break
        ("issue #12, C#, x/#y, &#39;, \\#done, ##", "issue #12, C#, x/#y, &#39;, \\#done, ##"),
        ("`#code` and ``a`#b`` stay", "`#code` and ``a`#b`` stay"),
        ("[[Note#Heading]] [[A|#b]] ![[c#d]]", "[[Note#Heading]] [[A|#b]] ![[c#d]]"),
        ('<a href="#x"> <https://e.org/#y>', '<a href="#x"> <https://e.org/#y>'),
        ("`a [[b #c]] d` #e", "`a [[b #c]] d` \\#e"),
        ("an unclosed ` then #tag", "an unclosed ` then \\#tag"),
        ("x < #tag > y", "x < \\#tag > y"),
    ],
)
def test_untag(text: str, want: str) -> None:
    assert untag(text) == want


def test_cells_and_list_items_are_untagged() -> None:
    assert cell("a | #b [[x|y]]") == "a \\| \\#b [[x\\|y]]"
    assert inline("  #b\n<c> ") == "\\#b <c>"
    assert inline("<c> #d") == "\\<c> \\#d"


def test_untag_on_hostile_shapes() -> None:
    """Shapes that would be quadratic for a pattern that looks past a bracket or pairs code
    spans by searching ahead from every run; here each is one pass (never timed)."""
    assert untag("[[ #a " * 20000) == "[[ \\#a " * 20000
    assert untag("<" * 50000 + "#a") == "<" * 50000 + "\\#a"
    # as markdown-it pairs them: a run opens a span the next run of its length closes
    want = "` #a `` ` \\#a `` ` #a `` ` \\#a `` \\#b"
    assert untag("` #a `` " * 4 + "#b") == want
    assert untag("`` #a ` " * 3) == "`` #a ` `` \\#a ` `` #a ` "


# A tag as Obsidian reads one: `#` at a line's start or after a space, outside code spans.
_TAG = re.compile(r"(?:^|(?<=\s))#[\w\-/]*[^\W\d]", re.MULTILINE)


def _tags(text: str) -> list[str]:
    return _TAG.findall(re.sub(r"`[^`\n]*`", "", text))


def test_no_page_and_no_person_block_carries_a_tag(tmp_path: Path) -> None:
    markers = "\n<!-- vaultkit:begin -->\n<!-- vaultkit:end -->\n"
    files = {
        **BASIC,
        "People/Jane Doe.md": str(BASIC["People/Jane Doe.md"]) + markers,
        "People/Carol.md": str(BASIC["People/Carol.md"]) + markers,
        "Daily/2026-11-22.md": "- [[Jane Doe]] asked about #ask/climbing and #running\n",
        "Ideas.md": "An undated note that mentions [[Carol]] #someday\n",
    }
    vault = make_vault(tmp_path, files)
    result = vk(vault, "sync")
    assert result.exit_code == 0, result.output
    pages = {p.name: p.read_text() for p in (vault / "Vaultkit").glob("*.md")}
    assert "asked about \\#ask/climbing and \\#running" in pages["Recent interactions.md"]
    assert "\\#ask/climbing" in pages["Ways to help.md"]
    for name, text in pages.items():
        assert _tags(text) == [], name
    jane = (vault / "People/Jane Doe.md").read_text()
    carol = (vault / "People/Carol.md").read_text()
    assert "\\#ask/climbing" in jane and "\\#someday" in carol
    for text in (jane, carol):
        block = text.split("<!-- vaultkit:begin -->")[-1]
        assert _tags(block) == []
    assert "#ask/climbing" in (vault / "Daily/2026-11-22.md").read_text()  # the note: untouched
