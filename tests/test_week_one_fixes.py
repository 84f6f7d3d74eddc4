"""What a first week of real notes found (issue 22, items 7-9), named after what the user did."""

from __future__ import annotations

from pathlib import Path

from vaulthelp import BASIC, TODAY, invoke, make_vault, vk, vk_json

# The person template of the Obsidian-CRM vault (BryanHogan/Obsidian-CRM), as it ships.
CRM_TEMPLATE = (
    "---\n"
    "Name: <% tp.file.title %>\n"
    "aliases: \n"
    "Company: \n"
    "Position: \n"
    "Person Tags: \n"
    "E-mail: \n"
    "Phone Number: \n"
    "LinkedIn: \n"
    "Social Media: \n"
    "Priority: false\n"
    "Active: true\n"
    "Created: <% tp.file.creation_date() %>\n"
    "Birthday: \n"
    "Image:\n"
    "---\n"
)


def test_add_helen_novak_with_set_aliases_mom(tmp_path: Path) -> None:
    vault = make_vault(tmp_path, BASIC)
    result = vk(vault, "add", "Helen Novak", "--set", "aliases=[Mom]")
    assert result.exit_code == 0, result.output
    text = (vault / "People" / "Helen Novak.md").read_text(encoding="utf-8")
    assert 'aliases: ["Mom"]\n' in text
    assert vk_json(vault, "show", "Mom")["name"] == "Helen Novak"


def test_add_with_alias_twice(tmp_path: Path) -> None:
    vault = make_vault(tmp_path, BASIC)
    result = vk(vault, "add", "Helen Novak", "--alias", "Mom", "--alias", "Helen N.")
    assert result.exit_code == 0, result.output
    assert vk_json(vault, "show", "Helen Novak")["aliases"] == ["Mom", "Helen N."]


def test_add_with_set_numbers_dates_and_quoted_text(tmp_path: Path) -> None:
    vault = make_vault(tmp_path, BASIC)
    args = ["--set", "kids=2", "--set", "met=2019-05-04", "--set", "code='007'"]
    args += ["--set", "note=yes", "--set", "email=helen@example.com"]
    assert vk(vault, "add", "Helen Novak", *args).exit_code == 0
    text = (vault / "People" / "Helen Novak.md").read_text(encoding="utf-8")
    assert "kids: 2\n" in text
    assert "met: 2019-05-04\n" in text
    assert 'code: "007"\n' in text
    assert 'note: "yes"\n' in text  # YAML 1.2, as front matter is read: text, not true
    assert 'email: "helen@example.com"\n' in text


def test_add_with_the_obsidian_crm_person_template(tmp_path: Path) -> None:
    vault = make_vault(
        tmp_path,
        {
            "Miscellaneous/Templates/People Template.md": CRM_TEMPLATE,
            ".obsidian/templates.json": '{"folder": "Miscellaneous/Templates"}',
            "People/Max Muster.md": "# Max\n",
        },
    )
    args = ["--set", "company=Acme", "--birthday", "1980-01-02", "--alias", "Mom"]
    result = vk(vault, "add", "Helen Novak", *args)
    assert result.exit_code == 0, result.output
    text = (vault / "People" / "Helen Novak.md").read_text(encoding="utf-8")
    assert "<%" not in text
    assert "Created: 2026-11-25\n" in text
    assert "Name: Helen Novak\n" in text
    assert 'Company: "Acme"\n' in text and "company:" not in text
    assert 'Birthday: "1980-01-02"\n' in text and "birthday:" not in text
    assert 'aliases: ["Mom"]\n' in text
    doctor = vk(vault, "doctor")
    assert doctor.stdout == "No vault issues.\n", doctor.stdout
    assert vk_json(vault, "show", "Mom")["birthday"] == "1980-01-02"


def test_add_when_the_people_folder_is_lower_case(tmp_path: Path) -> None:
    vault = make_vault(tmp_path, {"people/Jane Doe.md": "# Jane\n", "Daily/2026-11-20.md": "x\n"})
    result = vk(vault, "add", "Helen Novak")
    assert result.exit_code == 0, result.output
    assert (vault / "people" / "Helen Novak.md").is_file()
    assert sorted(p.name for p in vault.iterdir() if p.name.casefold() == "people") == ["people"]
    assert sorted(p["name"] for p in vk_json(vault, "people")) == ["Helen Novak", "Jane Doe"]


def test_digest_days_appended_after_circles(tmp_path: Path) -> None:
    config = '[circles]\nfamily = "weekly"\ndigest_days = 14\n'
    vault = make_vault(tmp_path, {**BASIC, "vaultkit.toml": config})
    found = [i for i in vk_json(vault, "doctor") if i["kind"] == "config"]
    assert [i["message"] for i in found] == [
        "`digest_days` under [circles] is read as a circle; move it above [circles] to set it"
    ]


def test_doctor_with_two_problems_in_one_note_lists_them_by_line(tmp_path: Path) -> None:
    person = "---\nsnooze_until: soon\ncadence: whenever\n---\n## Log\n- 2026-13-01 impossible\n"
    vault = make_vault(tmp_path, {**BASIC, "People/Zed.md": person})
    lines = [i["line"] for i in vk_json(vault, "doctor") if i["path"] == "People/Zed.md"]
    assert lines == sorted(lines) and len(lines) == 3


def test_overdue_with_five_people_without_a_cadence(tmp_path: Path) -> None:
    files: dict[str, str | bytes] = {f"People/{n}.md": "" for n in ["Eve", "Ann", "Bo", "Cy", "Di"]}
    vault = make_vault(tmp_path, files)
    assert vk(vault, "overdue").stdout == (
        "Nobody is overdue, but 5 people have no cadence (Ann, Bo, Cy and 2 more): "
        "add `cadence:` or a circle.\n"
    )


def test_people_page_with_a_birthday_without_a_year(tmp_path: Path) -> None:
    vault = make_vault(tmp_path, BASIC)  # Bob: `birthday: --11-30`; Jane: 1990-12-01
    assert vk(vault, "sync").exit_code == 0
    page = (vault / "Vaultkit" / "People.md").read_text(encoding="utf-8")
    assert "--11-30" not in page
    assert "| 11-30 |" in page and "| 1990-12-01 |" in page


def test_person_block_when_the_last_contact_is_in_their_own_log(tmp_path: Path) -> None:
    note = (
        "# Kim\n<!-- vaultkit:begin -->\n<!-- vaultkit:end -->\n"
        "## Log\n- 2026-11-20 tea at the corner\n"
    )
    vault = make_vault(tmp_path, {"People/Kim.md": note, "People/Lu.md": "---\n---\n"})
    (vault / "People" / "Lu.md").write_text(
        "---\nlast_contact: 2026-11-01\n---\n<!-- vaultkit:begin -->\n<!-- vaultkit:end -->\n"
    )
    assert vk(vault, "sync").exit_code == 0
    kim = (vault / "People" / "Kim.md").read_text(encoding="utf-8")
    assert "- **Last contact:** 2026-11-20 (5 days ago), logged here: tea at the corner\n" in kim
    assert "[[People/Kim" not in kim
    lu = (vault / "People" / "Lu.md").read_text(encoding="utf-8")
    assert "- **Last contact:** 2026-11-01 (24 days ago), in this note\n" in lu


def test_birthdays_within_400_days(tmp_path: Path) -> None:
    vault = make_vault(tmp_path, {**BASIC, "vaultkit.toml": "birthday_window_days = 400\n"})
    assert vk(vault, "birthdays").exit_code == 0
    result = vk(vault, "birthdays", "--within", "400", "--json")
    assert result.exit_code == 0, result.output
    assert vk(vault, "birthdays", "--within", "36501").exit_code == 2  # as the setting's limit


def test_today_and_vault_written_before_the_command(tmp_path: Path) -> None:
    vault = make_vault(tmp_path, BASIC)
    before = invoke(["--today", TODAY, "--vault", str(vault), "overdue", "--json"])
    assert before.exit_code == 0, before.output
    assert before.stdout == vk(vault, "overdue", "--json").stdout
    # after the command wins; before it wins over the environment
    later = invoke(["--today", "2026-01-01", "overdue", "--vault", str(vault), "--today", TODAY])
    assert later.stdout == vk(vault, "overdue").stdout
    env = invoke(
        ["--today", TODAY, "overdue", "--vault", str(vault)], {"VAULTKIT_TODAY": "2026-01-01"}
    )
    assert env.stdout == vk(vault, "overdue").stdout


def test_add_with_cadence_every_two_weeks(tmp_path: Path) -> None:
    vault = make_vault(tmp_path, BASIC)
    result = vk(vault, "add", "Helen Novak", "--cadence", "every two weeks")
    assert result.exit_code == 0, result.output
    assert vk_json(vault, "show", "Helen Novak")["cadence_days"] == 14
    from vaultkit.text.dates import read_cadence

    assert read_cadence("Every Three Months") == (90, 90)
    assert read_cadence("every two-three weeks") == (14, 21)
    assert read_cadence("none") is None  # not "n1"


NAMES: dict[str, str | bytes] = {
    "People/Helen Novak.md": "",
    "People/Jonas Weber.md": "",
    "People/Tom Becker.md": "",
}


def test_show_nov_suggests_helen_novak(tmp_path: Path) -> None:
    vault = make_vault(tmp_path, NAMES)
    result = vk(vault, "show", "nov")
    assert result.exit_code == 2
    assert "no person named 'nov'; did you mean Helen Novak?" in result.stderr


def test_log_anna_berg_suggests_no_stranger(tmp_path: Path) -> None:
    vault = make_vault(tmp_path, NAMES)
    result = vk(vault, "log", "Anna Berg", "coffee")
    assert result.exit_code == 2
    assert "Jonas Weber" not in result.stderr and "did you mean" not in result.stderr
    spelled = vk(vault, "show", "Helen Nowak")
    assert "did you mean Helen Novak?" in spelled.stderr
    typo = vk(vault, "show", "Jonsa Webber")
    assert "did you mean Jonas Weber?" in typo.stderr
    wild = vk(vault, "show", "Xavier Quint")
    assert "did you mean" not in wild.stderr


def test_open_vault_with_a_german_date(tmp_path: Path) -> None:
    import pytest

    from vaultkit import UsageError, open_vault

    vault = make_vault(tmp_path, BASIC)
    with pytest.raises(UsageError) as caught:
        open_vault(vault, today="31.12.2026")
    assert str(caught.value).startswith("today must be a date")
    assert "--today" not in str(caught.value)


def test_make_demo_keeps_its_cache_beside_the_demo(tmp_path: Path) -> None:
    """`make demo` once left a cache file in the real user cache: its vaultkit runs must
    get a cache folder under the venv (a stand-in vaultkit records what it was given)."""
    import os
    import shutil
    import subprocess

    import pytest

    if shutil.which("make") is None:
        pytest.skip("no make here")
    repo = Path(__file__).resolve().parent.parent
    venv = tmp_path / "venv"
    (venv / "bin").mkdir(parents=True)
    log = tmp_path / "log"
    fake = venv / "bin" / "vaultkit"
    fake.write_text(
        '#!/bin/sh\necho "$VAULTKIT_CACHE_DIR" >> "$FAKE_LOG"\n'
        'mkdir -p "$FAKE_DEMO/Vaultkit" && touch "$FAKE_DEMO/Vaultkit/Overdue check-ins.md"\n'
    )
    fake.chmod(0o755)
    (venv / ".installed").touch()
    os.utime(venv / ".installed", (2**31, 2**31))  # newer than pyproject.toml: no install
    env = {k: v for k, v in os.environ.items() if k != "VAULTKIT_CACHE_DIR"}
    env.update(FAKE_LOG=str(log), FAKE_DEMO=str(venv / "demo-vault"))
    done = subprocess.run(
        ["make", "-s", "-C", str(repo), "demo", f"VENV={venv}"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    given = log.read_text().split()
    # the vault, then the Logseq graph and the Foam workspace: every run gets the demo cache
    assert len(given) == 7 and set(given) == {str(venv / "demo-cache")}
