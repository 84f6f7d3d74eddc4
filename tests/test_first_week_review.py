"""What a review of issue 22's fixes found, tried as a new user would; named after what they did."""

from __future__ import annotations

from pathlib import Path

from vaulthelp import BASIC, make_vault, vk


def test_add_with_set_company_holding_a_hash(tmp_path: Path) -> None:
    """YAML reads ` #` as a comment and `&` as an anchor: typed words were silently dropped."""
    vault = make_vault(tmp_path, BASIC)
    args = ["--set", "company=Acme #1 client", "--set", "handle=#helen"]
    args += ["--set", "band=&friends"]
    assert vk(vault, "add", "Helen Novak", *args).exit_code == 0
    text = (vault / "People" / "Helen Novak.md").read_text(encoding="utf-8")
    assert 'company: "Acme #1 client"\n' in text
    assert 'handle: "#helen"\n' in text
    assert 'band: "&friends"\n' in text


def test_add_with_set_partner_as_a_link(tmp_path: Path) -> None:
    """`[[Jane Doe]]` is a link, as Obsidian writes a link property, not a list in a list."""
    vault = make_vault(tmp_path, BASIC)
    args = ["--set", "partner=[[Jane Doe]]", "--set", "parents=[[[Jane Doe]], [[Ben]]]"]
    assert vk(vault, "add", "Helen Novak", *args).exit_code == 0
    text = (vault / "People" / "Helen Novak.md").read_text(encoding="utf-8")
    assert 'partner: "[[Jane Doe]]"\n' in text
    assert 'parents: ["[[Jane Doe]]", "[[Ben]]"]\n' in text
