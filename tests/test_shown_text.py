"""VAULT_FORMAT §9a: the terminal never prints link syntax; `digest --format email` is the
page's Markdown with every link replaced by its shown text."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from vaulthelp import make_vault, vk

from vaultkit.text.shown import without_links


@pytest.mark.parametrize(
    ("written", "read"),
    [
        ("Lunch with [[Sam Rivera]].", "Lunch with Sam Rivera."),
        ("[[People/Sam Rivera|Sam]] came", "Sam came"),
        ("[[People/Sam Rivera]] came", "Sam Rivera came"),
        ("[[Sam Rivera.md]]", "Sam Rivera"),
        ("[[Maya Chen#Log|Maya]]'s drinks", "Maya's drinks"),
        ("see [[Maya Chen#Log]]", "see Maya Chen > Log"),
        ("see [[#Log]]", "see Log"),
        ("see [[Maya Chen#^a1b2c3]]", "see Maya Chen"),
        ("| [[People/Ann\\|Ann]] |", "| Ann |"),
        ("![[photo.png]] from the trip", "photo.png from the trip"),
        ("text [Sam](../People/Sam%20Rivera.md) about it", "text Sam about it"),
        ("[](../People/Sam%20Rivera.md)", "Sam Rivera"),
        ('[Sam](Sam.md "a title")', "Sam"),
        ("![a picture](img/a.png)", "a picture"),
        ("`[[not a link]]` and [[Ann]]", "`[[not a link]]` and Ann"),
        ("``a `[[b]]` c`` [[D]]", "``a `[[b]]` c`` D"),
        ("\\[[escaped]] stays", "\\[[escaped]] stays"),
        ("[single brackets] stay, [x] too", "[single brackets] stay, [x] too"),
        ("[[unclosed and [[Ann]]", "[[unclosed and Ann"),
        ("no links at all", "no links at all"),
    ],
)
def test_links_read_as_their_shown_text(written: str, read: str) -> None:
    assert without_links(written) == read


@given(st.text(alphabet="[]()|#!`\\ab/.md \n", max_size=40))
def test_it_never_fails_and_is_stable(text: str) -> None:
    once = without_links(text)
    assert without_links(once) == without_links(once)  # no error, a function of its input
    assert len(once) <= len(text) + 3  # a heading's ` > ` is the only text added


DEMO = Path(__file__).resolve().parent.parent / "examples" / "vault"


def test_the_letter_prints_no_link_syntax(tmp_path: Path) -> None:
    vault = make_vault(
        tmp_path,
        {
            "People/Sam Rivera.md": "---\ncadence: weekly\n---\n# Sam\n",
            "Daily/2026-11-10.md": "- [ ] text [Sam](../People/Sam%20Rivera.md) 📅 2026-11-26\n",
            "Daily/2026-11-12.md": (
                "Lunch with [[People/Sam Rivera|Sam]] and [[Maya Chen#Log|Maya]].\n"
            ),
        },
    )
    letter = vk(vault, "digest").stdout
    assert "Lunch with Sam and Maya." in letter
    assert "You promised: text Sam 📅 2026-11-26" in letter
    assert "[[" not in letter and "](" not in letter


def test_show_followups_asks_and_gifts_print_no_link_syntax(tmp_path: Path) -> None:
    vault = make_vault(
        tmp_path,
        {
            "People/Sam Rivera.md": "---\ncadence: weekly\n---\n# Sam\n",
            "Daily/2026-11-12.md": (
                "- Lunch with [[Sam Rivera|Sam]] #gift/books #ask/climbing\n"
                "- [ ] call [[Sam Rivera]] back\n"
            ),
        },
    )
    for command in (["show", "Sam Rivera"], ["followups"], ["asks"], ["gifts"]):
        out = vk(vault, *command).stdout
        assert "Sam" in out and "[[" not in out, (command, out)


def test_digest_as_email_is_the_page_without_links(tmp_path: Path) -> None:
    vault = make_vault(tmp_path, {})
    for path in DEMO.rglob("*"):
        if path.is_file():
            target = vault / path.relative_to(DEMO)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(path.read_bytes())
    markdown = vk(vault, "digest", "--format", "markdown").stdout
    email = vk(vault, "digest", "--format", "email").stdout
    assert "## [[People/Ben Carter|Ben Carter]]" in markdown
    assert "## Ben Carter" in email
    assert "[[" not in email and "](" not in email
    assert email == without_links(markdown)
