"""What a review of issue 22's fixes found, tried as a new user would; named after what they did."""

from __future__ import annotations

from pathlib import Path

from vaulthelp import BASIC, make_vault, vk, vk_json


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


def test_two_spellings_of_one_name_in_one_note_and_one_of_them_in_another(tmp_path: Path) -> None:
    """Each link as written is one issue listing every note that uses it: the second spelling
    in a note was dropped there (its near-miss key was already seen), so the issue left out
    that note and the user fixing the ones listed found it still there."""
    notes = {
        "Daily/2026-11-20.md": "Met [[jane-doe]], then [[Jane_Doe]] again.\n",
        "Daily/2026-11-21.md": "Lunch with [[Jane_Doe]].\n",
    }
    vault = make_vault(tmp_path, {**BASIC, **notes})
    found = [i for i in vk_json(vault, "doctor") if i["kind"] == "near-miss-link"]
    assert [(i["path"], i["line"]) for i in found] == [("Daily/2026-11-20.md", 1)] * 2
    assert sorted(i["message"].split(";")[0] for i in found) == [
        "`[[Jane_Doe]]` links to no note (linked in Daily/2026-11-20.md, Daily/2026-11-21.md)",
        "`[[jane-doe]]` links to no note",
    ]


def test_output_folder_appended_after_circles(tmp_path: Path) -> None:
    """TOML reads it as a circle whose cadence is 'Pages': the error says so and what to do,
    as it does when the value happens to be a cadence (`digest_days = 14`)."""
    config = '[circles]\nfamily = "weekly"\noutput_folder = "Pages"\n'
    vault = make_vault(tmp_path, {**BASIC, "vaultkit.toml": config})
    result = vk(vault, "sync")
    assert result.exit_code == 2
    assert result.output.count("\n") == 1, result.output
    assert "`output_folder` under [circles] is read as a circle" in result.output
    assert "move it above [circles] to set it" in result.output


def test_sync_help_says_what_verbose_prints(tmp_path: Path) -> None:
    """`sync --verbose` also ends with how long each phase took; its help said only pages."""
    vault = make_vault(tmp_path, BASIC)
    result = vk(vault, "sync", "--help")
    assert "how long each phase took" in " ".join(result.output.split())


def test_show_jose_typed_without_accents(tmp_path: Path) -> None:
    """Names are often typed without their accents: `show jose` suggests José García, as a
    near-miss link `[[Jose Garcia]]` names him (it suggested no one)."""
    person = "---\ncadence: weekly\n---\n"
    vault = make_vault(tmp_path, {**BASIC, "People/José García.md": person})
    result = vk(vault, "show", "jose")
    assert result.exit_code == 2
    assert "no person named 'jose'; did you mean José García?" in result.stderr
    assert "did you mean José García?" in vk(vault, "show", "garc").stderr
