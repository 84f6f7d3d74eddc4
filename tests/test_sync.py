"""End-to-end tests of `vaultkit sync` on real temporary vaults: what is read (VAULT_FORMAT §1),
configuration (§2), vault issues (§8) and what is written, and how (§9)."""

from __future__ import annotations

import json
import os
import shutil
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
from vaulthelp import (
    BASIC,
    MARKER_HEAD,
    OUTPUT,
    PAGE_COUNT,
    PAGE_NAMES,
    TODAY,
    make_vault,
    mtimes,
    output_pages,
    people_names,
    run_module,
    temp_leftovers,
    user_file_hashes,
    vk,
    vk_json,
)

from vaultkit.cli.main import main
from vaultkit.outputs import render_all

BASIC_NAMES = ["Ann", "Bob Smith", "Carol", "Dan", "Finn", "Gus", "Hal", "Jane Doe"]


def _sync(vault: Path, *args: str) -> str:
    result = vk(vault, "sync", *args)
    assert result.exit_code == 0, result.output
    return result.stdout


def _issues(vault: Path) -> list[dict[str, Any]]:
    result = vk(vault, "doctor", "--json")
    found: list[dict[str, Any]] = json.loads(result.stdout)
    assert result.exit_code == (1 if found else 0)
    return found


def _issues_page(vault: Path) -> str:
    return (vault / OUTPUT / "Vault issues.md").read_text(encoding="utf-8")


def _run_main(
    args: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> tuple[int, str, str]:
    """The installed entry point (`vaultkit.cli.main.main`), in-process: status, stdout, stderr."""
    for name in ("VAULTKIT_VAULT", "VAULTKIT_TODAY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(sys, "argv", ["vaultkit", *args])
    code: int | str | None = 0
    try:
        main()
    except SystemExit as exc:
        code = exc.code
    out = capsys.readouterr()
    assert isinstance(code, int) or code is None
    return code or 0, out.out, out.err


# --- writing only what changes ------------------------------------------------------------


def test_second_sync_writes_nothing(tmp_path: Path) -> None:
    vault = make_vault(tmp_path, BASIC)
    first = _sync(vault)
    assert f"pages: {PAGE_COUNT} written, 0 unchanged" in first
    before = mtimes(vault / OUTPUT)
    pages = output_pages(vault)
    assert sorted(before) == PAGE_NAMES

    second = _sync(vault)
    assert f"pages: 0 written, {PAGE_COUNT} unchanged;" in second
    assert mtimes(vault / OUTPUT) == before
    assert output_pages(vault) == pages


def test_only_changed_pages_are_rewritten(tmp_path: Path) -> None:
    vault = make_vault(tmp_path, BASIC)
    _sync(vault)
    before = mtimes(vault / OUTPUT)
    # a new contact with Dan today: overdue, recent and people pages change; birthdays do not
    (vault / "Daily/2026-11-25.md").write_text("Walk with [[Dan]].\n", encoding="utf-8")
    out = vk(vault, "sync", "--verbose").stdout
    assert out.startswith("12 notes ")
    after = mtimes(vault / OUTPUT)
    changed = sorted(name for name in before if before[name] != after[name])
    written = sorted(line.split("/", 1)[1] for line in out.splitlines() if "wrote " in line)
    assert changed == written
    assert "Upcoming birthdays.md" not in changed
    assert "Overdue check-ins.md" in changed
    assert "Recent interactions.md" in changed


# --- the output folder belongs to the user too -------------------------------------------


def test_foreign_file_in_output_folder_untouched_and_reported(tmp_path: Path) -> None:
    mine = "# My own notes\n\nI keep this here on purpose.\n"
    vault = make_vault(
        tmp_path,
        {
            **BASIC,
            "Vaultkit/My notes.md": mine,
            "Vaultkit/sub/deep.md": "deep\n",
            "Vaultkit/picture.png": b"\x89PNG\r\n\x1a\n\x00\x00",
            # the marker in the body, not the front matter, does not make a file ours
            "Vaultkit/Quoted.md": "Some text\n---\ngenerated_by: vaultkit\n---\n",
        },
    )
    foreign = ["Vaultkit/My notes.md", "Vaultkit/Quoted.md", "Vaultkit/picture.png"]
    foreign.append("Vaultkit/sub/deep.md")
    before = {p: (vault / p).read_bytes() for p in foreign}
    stamps = {p: (vault / p).stat().st_mtime_ns for p in foreign}

    out = _sync(vault)
    assert f"pages: {PAGE_COUNT} written" in out
    assert "4 vault issues" in out
    for path in foreign:
        assert (vault / path).read_bytes() == before[path], path
        assert (vault / path).stat().st_mtime_ns == stamps[path], path
    page = _issues_page(vault)
    assert "## Files in the output folder vaultkit did not write (4)" in page
    assert "- [[Vaultkit/My notes|My notes]]: not written by vaultkit" in page
    assert "- `Vaultkit/picture.png`: not written by vaultkit" in page
    kinds = {(i["path"], i["kind"]) for i in _issues(vault)}
    assert kinds == {(p, "foreign-file") for p in foreign}

    # and again: a second sync neither touches them nor rewrites any page
    page_stamps = mtimes(vault / OUTPUT)
    assert f"pages: 0 written, {PAGE_COUNT} unchanged" in _sync(vault)
    assert mtimes(vault / OUTPUT) == page_stamps


def test_user_file_named_like_a_page_is_not_overwritten(tmp_path: Path) -> None:
    mine = b"---\ntitle: my people list\n---\n# People\n\nHand-written. Do not touch.\n"
    vault = make_vault(tmp_path, {**BASIC, "Vaultkit/People.md": mine})
    stamp = (vault / "Vaultkit/People.md").stat().st_mtime_ns
    result = vk(vault, "sync", "--verbose")
    assert result.exit_code == 0, result.output
    assert (vault / "Vaultkit/People.md").read_bytes() == mine
    assert (vault / "Vaultkit/People.md").stat().st_mtime_ns == stamp
    assert "wrote Vaultkit/People.md" not in result.stdout
    assert f"pages: {PAGE_COUNT - 1} written" in result.stdout
    assert [i["path"] for i in _issues(vault)] == ["Vaultkit/People.md"]
    assert "[[Vaultkit/People|People]]: not written by vaultkit" in _issues_page(vault)
    # --check does not count a page it may never write as a pending change
    assert vk(vault, "sync", "--check").exit_code == 0
    assert (vault / "Vaultkit/People.md").read_bytes() == mine


def test_user_file_named_like_a_page_with_other_case_is_not_overwritten(tmp_path: Path) -> None:
    mine = b"my own overdue list\n"
    vault = make_vault(tmp_path, {**BASIC, "Vaultkit/overdue check-ins.md": mine})
    _sync(vault)
    assert (vault / "Vaultkit/overdue check-ins.md").read_bytes() == mine
    names = {p.name for p in (vault / OUTPUT).iterdir()}
    if "Overdue check-ins.md" in names:  # a case-sensitive file system holds both
        data = (vault / "Vaultkit/Overdue check-ins.md").read_bytes()
        assert data.startswith(MARKER_HEAD.encode())


def test_stale_generated_page_is_deleted_only_when_vaultkit_wrote_it(tmp_path: Path) -> None:
    """A page vaultkit wrote and no longer produces goes; a marked page it never wrote (a
    copy, an older version's page it has no record of) is the user's (issue 21, finding 3)."""
    ours = MARKER_HEAD + "# Old page from an earlier version\n"
    theirs = "---\ngenerated_by: someone else\n---\n# Old page\n"
    vault = make_vault(
        tmp_path, {**BASIC, "Vaultkit/Old page.md": ours, "Vaultkit/Kept page.md": theirs}
    )
    out = _sync(vault)
    assert f"pages: {PAGE_COUNT} written, 0 unchanged;" in out
    assert (vault / "Vaultkit/Old page.md").read_text(encoding="utf-8") == ours
    (vault / "vaultkit.toml").write_text(
        '[outputs]\noverdue-check-ins = "Dashboard/Overdue.md"\n', encoding="utf-8"
    )
    result = vk(vault, "sync", "--dry-run")
    assert "  would delete Overdue check-ins.md" in result.stdout.splitlines()
    assert (vault / "Vaultkit/Overdue check-ins.md").is_file()

    out = _sync(vault)
    assert ", 1 deleted;" in out
    assert not (vault / "Vaultkit/Overdue check-ins.md").exists()
    assert (vault / "Vaultkit/Old page.md").read_text(encoding="utf-8") == ours
    assert (vault / "Vaultkit/Kept page.md").read_text(encoding="utf-8") == theirs
    names = [n for n in PAGE_NAMES if n != "Overdue check-ins.md"]
    assert sorted(output_pages(vault)) == sorted([*names, "Kept page.md", "Old page.md"])


def test_check_exit_1_when_a_stale_page_would_be_deleted(tmp_path: Path) -> None:
    vault = make_vault(tmp_path, BASIC)
    _sync(vault)
    (vault / "vaultkit.toml").write_text(
        '[outputs]\npeople = "Dashboard/People.md"\n', encoding="utf-8"
    )
    assert vk(vault, "sync", "--check").exit_code == 1
    assert (vault / "Vaultkit/People.md").exists()
    _sync(vault)
    assert not (vault / "Vaultkit/People.md").exists()
    assert vk(vault, "sync", "--check").exit_code == 0
    (vault / "Vaultkit/Gone.md").write_text(MARKER_HEAD + "old\n", encoding="utf-8")
    _sync(vault)  # not ours: reported, never deleted
    assert vk(vault, "sync", "--check").exit_code == 0
    assert (vault / "Vaultkit/Gone.md").exists()


# --- bad files are reported, never fatal --------------------------------------------------

BAD_FILES: list[tuple[str, bytes, str, int | None]] = [
    # (file, bytes, issue kind, line)
    ("People/Yaml.md", b"---\nname: Yaml\ncadence: [7\n---\nbody\n", "front-matter", None),
    ("Notes/latin1.md", "line one\ncaf\xe9 [[Jane Doe]]\n".encode("latin-1"), "encoding", 2),
    ("Notes/binary.md", b"PK\x03\x04\n\x00\x00\x01\x02garbage", "binary", 2),
    ("Notes/utf16.md", "Met [[Dan]] today\n".encode("utf-16"), "encoding", None),
]


@pytest.mark.parametrize(("rel", "data", "kind", "line"), BAD_FILES, ids=[b[2] for b in BAD_FILES])
def test_bad_file_is_a_vault_issue_not_a_crash(
    tmp_path: Path, rel: str, data: bytes, kind: str, line: int | None
) -> None:
    vault = make_vault(tmp_path, {**BASIC, rel: data})
    result = vk(vault, "sync")
    assert result.exit_code == 0, result.output
    assert result.exception is None
    assert result.stdout.endswith("; 1 vault issue\n")
    assert result.stderr.startswith("1 vault issue")
    found = _issues(vault)
    assert [(i["path"], i["kind"]) for i in found] == [(rel, kind)]
    if line is not None:
        assert found[0]["line"] == line
    page = _issues_page(vault)
    stem = rel[:-3]
    assert f"- [[{stem}|{stem.rsplit('/', 1)[1]}]]" in page
    # the rest of the vault is still read
    assert vk_json(vault, "overdue")[0]["name"] == "Dan"
    assert (vault / rel).read_bytes() == data


def test_bad_yaml_in_people_folder_still_a_person_named_by_file(tmp_path: Path) -> None:
    vault = make_vault(
        tmp_path, {"People/Broken Bea.md": "---\nname: Bea\ncadence: [7\n---\n## Log\n"}
    )
    _sync(vault)
    people = vk_json(vault, "people")
    assert [(p["name"], p["cadence_days"], p["aliases"], p["tags"]) for p in people] == [
        ("Broken Bea", None, [], [])
    ]
    (issue,) = _issues(vault)
    assert (issue["path"], issue["kind"]) == ("People/Broken Bea.md", "front-matter")
    assert issue["line"] in (2, 3, 4)  # inside the front matter (lines 2-4)
    assert "Broken Bea" in _issues_page(vault)


def test_front_matter_not_a_mapping_is_reported(tmp_path: Path) -> None:
    vault = make_vault(tmp_path, {"People/Listy.md": "---\n- a\n- b\n---\n"})
    _sync(vault)
    assert people_names(vault) == ["Listy"]
    assert [(i["path"], i["kind"]) for i in _issues(vault)] == [("People/Listy.md", "front-matter")]


def test_bom_and_crlf_notes_are_read(tmp_path: Path) -> None:
    note = "\ufeff---\r\ncadence: 7\r\nlast_contact: 2026-11-01\r\n---\r\nHi\r\n"
    vault = make_vault(tmp_path, {"People/Crlf.md": note.encode("utf-8")})
    assert vk_json(vault, "overdue") == [
        {
            "name": "Crlf",
            "note": "People/Crlf.md",
            "last_contact": "2026-11-01",
            "cadence_days": 7,
            "cadence_min_days": 7,
            "cadence_from": "note",
            "window_opens": None,
            "due": "2026-11-08",
            "days_overdue": 17,
        }
    ]
    assert _issues(vault) == []


def test_oversized_file_is_skipped_and_reported(tmp_path: Path) -> None:
    big = "---\ncadence: 7\n---\n" + ("padding line\n" * 200)  # > 0.001 MiB (1048 bytes)
    vault = make_vault(
        tmp_path,
        {
            **BASIC,
            "vaultkit.toml": "max_file_size_mb = 0.001\n",
            "People/Big Ben.md": big,
            "Daily/2026-11-24.md": "Saw [[Big Ben]] and [[Dan]].\n",
        },
    )
    out = _sync(vault)
    assert out.endswith("; 1 vault issue\n")
    assert "Big Ben" not in people_names(vault)
    found = _issues(vault)
    assert [(i["path"], i["kind"]) for i in found] == [("People/Big Ben.md", "too-large")]
    assert "max_file_size_mb" in found[0]["message"]
    assert "## Files over the size limit (1)" in _issues_page(vault)
    # a small note in the same vault is still read
    dan = vk(vault, "show", "dan", "--json")
    assert json.loads(dan.stdout)["last_contact"] == "2026-11-24"


# --- what is not read ---------------------------------------------------------------------


def test_dot_folders_templates_and_ignore_globs_are_not_read(tmp_path: Path) -> None:
    ghost = "---\ntype: person\ncadence: 7\n---\n"
    vault = make_vault(
        tmp_path,
        {
            **BASIC,
            "vaultkit.toml": 'ignore = ["Archive/**", "*.draft.md"]\n',
            ".obsidian/Obs Ghost.md": ghost,
            ".trash/Trash Ghost.md": ghost,
            ".trash/People/Trash Person.md": ghost,
            ".git/People/Git Ghost.md": ghost,
            "People/.Hidden Ghost.md": ghost,
            "Templates/Person template.md": ghost,
            "Templates/People/Template Person.md": ghost,
            "Archive/Archived Ghost.md": ghost,
            "Archive/2020/Deep Ghost.md": ghost,
            "People/Draft Ghost.draft.md": ghost,
            # a dated note in an ignored folder is no contact either
            "Archive/2026-11-24.md": "Met [[Dan]].\n",
            ".trash/2026-11-23.md": "Met [[Dan]].\n",
            "Templates/2026-11-22.md": "Met [[Dan]].\n",
            # a folder merely named like an ignored one, deeper down, is read
            "Projects/Archive Notes/Real Person.md": ghost,
        },
    )
    assert people_names(vault) == sorted([*BASIC_NAMES, "Real Person"])
    dan = json.loads(vk(vault, "show", "Dan", "--json").stdout)
    assert dan["last_contact"] == "2026-09-01"
    out = _sync(vault)
    # the questions above read the notes and kept them: the sync reads none anew
    assert out.startswith("12 notes (+0 ~0 -0), 9 people")
    assert _issues(vault) == []


def test_output_folder_is_not_read_as_notes(tmp_path: Path) -> None:
    vault = make_vault(tmp_path, BASIC)
    _sync(vault)
    # generated pages link everyone; reading them would add contacts or people
    before = vk_json(vault, "people")
    (vault / "Vaultkit/2026-11-24.md").write_text(
        "---\ntype: person\n---\nMet [[Dan]].\n", encoding="utf-8"
    )
    assert vk_json(vault, "people") == before


def test_obsidian_daily_notes_settings_are_used(tmp_path: Path) -> None:
    vault = make_vault(
        tmp_path,
        {
            ".obsidian/daily-notes.json": json.dumps({"folder": "Journal", "format": "DD.MM.YYYY"}),
            "People/Dan.md": "---\ncadence: 30\n---\n",
            "Journal/20.11.2026.md": "Coffee with [[Dan]].\n",
            "Journal/notes.md": "Not a daily note: [[Dan]] 01.01.2026\n",
        },
    )
    data = json.loads(vk(vault, "show", "dan", "--json").stdout)
    assert data["interactions"] == [
        {
            "date": "2026-11-20",
            "note": "Journal/20.11.2026.md",
            "line": 1,
            "text": "Coffee with [[Dan]].",
        }
    ]
    assert data["next_due"] == "2026-12-20"


def test_config_daily_format_overrides_obsidian(tmp_path: Path) -> None:
    vault = make_vault(
        tmp_path,
        {
            ".obsidian/daily-notes.json": json.dumps({"folder": "Journal", "format": "DD.MM.YYYY"}),
            "vaultkit.toml": 'daily_folder = "Diary"\ndaily_format = "YYYY_MM_DD"\n',
            "People/Dan.md": "---\ncadence: 30\n---\n",
            "Journal/20.11.2026.md": "Coffee with [[Dan]].\n",
            "Diary/2026_11_21.md": "Tea with [[Dan]].\n",
        },
    )
    data = json.loads(vk(vault, "show", "dan", "--json").stdout)
    assert [(i["date"], i["note"]) for i in data["interactions"]] == [
        ("2026-11-21", "Diary/2026_11_21.md")
    ]


# --- configuration errors -----------------------------------------------------------------


def _config_error(tmp_path: Path, toml: str) -> tuple[int, list[str], Path]:
    vault = make_vault(tmp_path, {**BASIC, "vaultkit.toml": toml})
    proc = run_module(["sync", "--vault", str(vault), "--today", TODAY], vault)
    assert proc.stdout == ""
    assert "Traceback" not in proc.stderr
    assert not (vault / OUTPUT).exists()
    return proc.returncode, [ln for ln in proc.stderr.splitlines() if ln.strip()], vault


def test_config_unknown_key_names_key_file_and_suggestion(tmp_path: Path) -> None:
    code, lines, vault = _config_error(tmp_path, "recent_dayz = 10\n")
    assert code == 2
    assert lines == [
        f"vaultkit: error: {vault / 'vaultkit.toml'}: unknown key 'recent_dayz' "
        "(did you mean 'recent_days'?)"
    ]


def test_config_unknown_key_without_near_match(tmp_path: Path) -> None:
    code, lines, vault = _config_error(tmp_path, "zzz_totally_unrelated = 1\n")
    assert code == 2
    assert lines == [
        f"vaultkit: error: {vault / 'vaultkit.toml'}: unknown key 'zzz_totally_unrelated'"
    ]


@pytest.mark.parametrize(
    ("toml", "key"),
    [
        ('recent_days = "thirty"\n', "recent_days"),
        ("recent_days = -1\n", "recent_days"),
        ("recent_days = true\n", "recent_days"),
        ("max_file_size_mb = 0\n", "max_file_size_mb"),
        ("ignore = [1, 2]\n", "ignore"),
        ("output_folder = 3\n", "output_folder"),
        ('person_block = "sometimes"\n', "person_block"),
    ],
)
def test_config_wrong_type_exit_2_names_key_and_file(tmp_path: Path, toml: str, key: str) -> None:
    code, lines, vault = _config_error(tmp_path, toml)
    assert code == 2
    assert len(lines) == 1
    assert lines[0].startswith(f"vaultkit: error: {vault / 'vaultkit.toml'}: '{key}' ")


def test_config_all_problems_reported_together(tmp_path: Path) -> None:
    code, lines, _ = _config_error(tmp_path, 'recent_dayz = 1\nrecent_days = "x"\n')
    assert code == 2
    assert len(lines) == 2
    assert "'recent_dayz'" in lines[0]
    assert "'recent_days'" in lines[1]


@pytest.mark.parametrize("folder", ["../x", "/tmp/elsewhere", "Sub/../../x", ".", "People"])
def test_config_output_folder_outside_vault_refused(tmp_path: Path, folder: str) -> None:
    code, lines, vault = _config_error(tmp_path, f"output_folder = {json.dumps(folder)}\n")
    assert code == 2
    assert len(lines) == 1
    assert "'output_folder'" in lines[0]
    assert str(vault / "vaultkit.toml") in lines[0]
    assert not (tmp_path / "x").exists()


def test_config_not_toml_is_exit_2(tmp_path: Path) -> None:
    code, lines, vault = _config_error(tmp_path, "this is = = not toml\n")
    assert code == 2
    assert len(lines) == 1
    assert lines[0].startswith(f"vaultkit: error: {vault / 'vaultkit.toml'}: not valid TOML")


def test_custom_output_folder_is_used(tmp_path: Path) -> None:
    vault = make_vault(tmp_path, {**BASIC, "vaultkit.toml": 'output_folder = "Meta/Summary"\n'})
    out = _sync(vault)
    assert f"pages: {PAGE_COUNT} written" in out
    written = sorted(p.name for p in (vault / "Meta/Summary").iterdir())
    assert written == PAGE_NAMES
    assert not (vault / OUTPUT).exists()


# --- user files are never changed ---------------------------------------------------------


def test_user_files_outside_output_folder_are_byte_identical(tmp_path: Path) -> None:
    files: dict[str, str | bytes] = {
        **BASIC,
        "People/Crlf Cora.md": b"\xef\xbb\xbf---\r\ncadence: 7\r\n---\r\nno newline at end",
        "People/Yaml.md": "---\nname: [\n---\n",
        "Notes/latin1.md": "caf\xe9\n".encode("latin-1"),
        "Notes/binary.md": b"\x00\x01\x02",
        "Templates/Person.md": "---\ntype: person\n---\n",
        ".obsidian/app.json": "{}",
        ".obsidian/daily-notes.json": '{"folder": "Daily", "format": "YYYY-MM-DD"}',
        "attachments/photo.jpg": b"\xff\xd8\xff\xe0 fake jpeg",
        "vaultkit.toml": "recent_days = 60\n",
    }
    vault = make_vault(tmp_path, files)
    before = user_file_hashes(vault)
    assert len(before) == len(files)
    _sync(vault)
    _sync(vault, "--today", "2026-12-31")
    assert user_file_hashes(vault) == before


def test_no_temp_files_left_behind(tmp_path: Path) -> None:
    vault = make_vault(tmp_path, BASIC)
    _sync(vault)
    (vault / "Daily/2026-11-24.md").write_text("Met [[Dan]].\n", encoding="utf-8")
    _sync(vault)
    assert temp_leftovers(tmp_path) == []
    assert sorted(p.name for p in (vault / OUTPUT).iterdir()) == PAGE_NAMES


BLOCK_NOTE = (
    b"\xef\xbb\xbf---\r\ncadence: 7\r\nlast_contact: 2026-11-01\r\n---\r\n# Dan\r\n\r\n"
    b"<!-- vaultkit:begin -->\r\nold stuff\r\n<!-- vaultkit:end -->\r\n\r\ntrailing text  "
)


def _block_vault(tmp_path: Path) -> Path:
    return make_vault(tmp_path, {**BASIC, "People/Dan.md": BLOCK_NOTE})


def test_person_block_keeps_every_byte_outside_the_markers(tmp_path: Path) -> None:
    vault = _block_vault(tmp_path)
    out = _sync(vault)
    assert "person blocks: 1 written" in out
    data = (vault / "People/Dan.md").read_bytes()
    head, _, rest = BLOCK_NOTE.partition(b"<!-- vaultkit:begin -->\r\n")
    _, _, tail = rest.partition(b"<!-- vaultkit:end -->")
    assert data.startswith(head + b"<!-- vaultkit:begin -->\r\n")
    assert data.endswith(b"<!-- vaultkit:end -->" + tail)
    inside = data[len(head) : -len(tail)].decode("utf-8")
    assert "old stuff" not in inside
    assert "- **Check-ins:** every 7 days (own cadence); overdue by 17 days\r\n" in inside
    assert "\n" not in inside.replace("\r\n", "")  # the note's CRLF is kept inside too
    # and a second sync leaves the note alone
    stamp = (vault / "People/Dan.md").stat().st_mtime_ns
    assert "person blocks" not in _sync(vault)
    assert (vault / "People/Dan.md").stat().st_mtime_ns == stamp


def test_dry_run_and_check_leave_person_notes_alone(tmp_path: Path) -> None:
    vault = _block_vault(tmp_path)
    for flag in ("--dry-run", "--check"):
        result = vk(vault, "sync", flag)
        assert "person blocks: 1 would write" in result.stdout
        assert (vault / "People/Dan.md").read_bytes() == BLOCK_NOTE
    assert not (vault / OUTPUT).exists()


def test_check_exit_1_when_only_a_person_block_would_change(tmp_path: Path) -> None:
    """`--check` is for CI: it must fail whenever a real sync would write something,
    person notes included, not only when a summary page would change."""
    vault = _block_vault(tmp_path)
    _sync(vault)
    synced = (vault / "People/Dan.md").read_bytes()
    edited = synced.replace(b"overdue by 17 days", b"hand-edited inside the block")
    (vault / "People/Dan.md").write_bytes(edited)
    result = vk(vault, "sync", "--check")
    assert (
        f"pages: 0 would write, {PAGE_COUNT} unchanged; person blocks: 1 would write"
        in result.stdout
    )
    assert result.exit_code == 1
    assert (vault / "People/Dan.md").read_bytes() == edited


# --- symbolic links -----------------------------------------------------------------------


def test_symlink_out_of_vault_not_followed_and_reported(tmp_path: Path) -> None:
    outside = make_vault(
        tmp_path,
        {
            "Secret Sam.md": "---\ntype: person\ncadence: 7\n---\n",
            "People/Other Olga.md": "---\ncadence: 7\n---\n",
            "2026-11-24.md": "Met [[Dan]].\n",
        },
        "outside",
    )
    vault = make_vault(tmp_path, BASIC)
    os.symlink(outside, vault / "Linked", target_is_directory=True)
    os.symlink(outside / "Secret Sam.md", vault / "People" / "Sam link.md")
    os.symlink(outside / "People", vault / "People" / "More")

    names = people_names(vault)
    assert names == BASIC_NAMES
    dan = json.loads(vk(vault, "show", "dan", "--json").stdout)
    assert dan["last_contact"] == "2026-09-01"
    found = _issues(vault)
    assert sorted((i["path"], i["kind"]) for i in found) == [
        ("Linked", "symlink"),
        ("People/More", "symlink"),
        ("People/Sam link.md", "symlink"),
    ]
    _sync(vault)
    assert "## Symbolic links not followed (3)" in _issues_page(vault)
    assert sorted(p.name for p in outside.rglob("*")) == [
        "2026-11-24.md",
        "Other Olga.md",
        "People",
        "Secret Sam.md",
    ]


def test_output_folder_symlinked_outside_is_refused(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    vault = make_vault(tmp_path, BASIC)
    os.symlink(elsewhere, vault / OUTPUT, target_is_directory=True)
    result = vk(vault, "sync")
    assert result.exit_code == 1
    (line,) = [x for x in result.stderr.splitlines() if x.startswith("vaultkit: error: ")]
    assert "outside the vault" in line  # said once, for the folder, not once per page
    assert list(elsewhere.iterdir()) == []


# --- determinism --------------------------------------------------------------------------


def test_pages_are_deterministic(tmp_path: Path) -> None:
    a = make_vault(tmp_path, BASIC, "a")
    b = tmp_path / "b"
    shutil.copytree(a, b)
    # files created in another order (and so listed in another order by the file system)
    c = make_vault(tmp_path, dict(reversed(list(BASIC.items()))), "c")
    for vault in (a, b, c):
        _sync(vault)
    pages_a = output_pages(a)
    assert sorted(pages_a) == PAGE_NAMES
    assert output_pages(b) == pages_a
    assert output_pages(c) == pages_a
    # and a resync from scratch gives the same bytes
    shutil.rmtree(a / OUTPUT)
    _sync(a)
    assert output_pages(a) == pages_a


def test_pages_depend_on_today(tmp_path: Path) -> None:
    vault = make_vault(tmp_path, BASIC)
    _sync(vault)
    first = output_pages(vault)
    out = _sync(vault, "--today", "2026-11-26")
    assert "pages: 0 written" not in out
    assert output_pages(vault)["Overdue check-ins.md"] != first["Overdue check-ins.md"]
    _sync(vault)
    assert output_pages(vault) == first


def _case_sensitive(folder: Path) -> bool:
    probe = folder / "CaseProbe"
    probe.write_text("x", encoding="utf-8")
    try:
        return not (folder / "caseprobe").exists()
    finally:
        probe.unlink()


def test_output_folder_spelled_in_other_case_is_reused_not_doubled(tmp_path: Path) -> None:
    """The output folder is matched case-insensitively when scanning (it is not read as notes),
    so pages already in `vaultkit/` are ours: they are updated there, not duplicated into a new
    `Vaultkit/`, and no sync claims forever that they "changed on disk"."""
    vault = make_vault(tmp_path, BASIC)
    if not _case_sensitive(tmp_path):  # pragma: no cover - macOS/Windows
        pytest.skip("case-insensitive file system: there is only one folder anyway")
    _sync(vault)
    (vault / OUTPUT).rename(vault / "vaultkit")
    first = vk(vault, "sync", "--today", "2026-11-26")
    assert first.exit_code == 0, first.output
    second = vk(vault, "sync", "--today", "2026-11-26")
    assert "skipped" not in first.stdout + second.stdout
    assert "pages: 0 written" in second.stdout
    holding = sorted(p.name for p in vault.iterdir() if p.name.casefold() == "vaultkit")
    assert len(holding) == 1, holding


def test_pages_are_rendered_and_written_one_at_a_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A sync holds one page's bytes at a time: each is written before the next is rendered."""
    import vaultkit.outputs as outputs_module
    from vaultkit.core.atomic import write_atomic

    vault = make_vault(tmp_path, BASIC)
    events: list[str] = []
    real_get = outputs_module.Rendered.__getitem__
    real_write = write_atomic

    def rendering(self: Any, key: str) -> tuple[Path, bytes, bool]:
        events.append("render")
        return real_get(self, key)

    def writing(root: Path, path: Path, data: bytes, expected: Any) -> None:
        events.append("write")
        real_write(root, path, data, expected)

    monkeypatch.setattr(outputs_module.Rendered, "__getitem__", rendering)
    monkeypatch.setattr("vaultkit.outputs.files.write_atomic", writing)
    _sync(vault)
    assert len(events) >= 8
    assert events == ["render", "write"] * (len(events) // 2)
    pages = len(events) // 2
    events.clear()
    assert "pages: 0 written" in _sync(vault, "--full")  # looked up to compare, never twice
    assert events == ["render"] * pages


def test_a_page_changed_to_other_bytes_of_the_same_length_is_written_again(
    tmp_path: Path,
) -> None:
    """Pages are compared by size and digest (their bytes are not kept): same size, other
    bytes is a changed page."""
    vault = make_vault(tmp_path, BASIC)
    _sync(vault)
    page = vault / OUTPUT / "People.md"
    original = page.read_bytes()
    at = original.rindex(b"|")
    page.write_bytes(original[:at] + b"!" + original[at + 1 :])
    assert "pages: 1 written" in _sync(vault)
    assert page.read_bytes() == original
    assert "pages: 0 written" in _sync(vault)


def test_page_edited_during_sync_is_not_overwritten(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """§9: a page is never written when it changed on disk since it was read."""
    vault = make_vault(tmp_path, BASIC)
    _sync(vault)
    page = vault / OUTPUT / "People.md"
    edited = page.read_bytes() + b"\nmy edit, made while vaultkit was rendering\n"

    def render_while_user_edits(*args: Any) -> Mapping[str, tuple[Path, bytes, bool]]:
        pages = render_all(*args)
        page.write_bytes(edited)  # after vaultkit read the output folder, before it writes
        return pages

    monkeypatch.setattr("vaultkit.outputs.render_all", render_while_user_edits)
    result = vk(vault, "sync", "--today", "2026-11-26")
    monkeypatch.undo()
    assert result.exit_code == 0, result.output
    assert "  skipped People.md: it changed on disk while syncing; next sync retries" in (
        result.stdout.splitlines()
    )
    assert page.read_bytes() == edited
    assert temp_leftovers(tmp_path) == []
    # the next sync sees the edited page (still ours: it has the marker) and replaces it
    _sync(vault, "--today", "2026-11-26")
    assert b"my edit" not in page.read_bytes()


# --- failing writes -----------------------------------------------------------------------


def test_failing_write_is_a_clear_error_and_old_page_is_intact(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    vault = make_vault(tmp_path, BASIC)
    _sync(vault)
    old = output_pages(vault)
    (vault / "Daily/2026-11-24.md").write_text("Met [[Dan]].\n", encoding="utf-8")

    def no_space(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("vaultkit.core.atomic.os.replace", no_space)
    code, out, err = _run_main(
        ["sync", "--vault", str(vault), "--today", TODAY], monkeypatch, capsys
    )
    monkeypatch.undo()

    assert code == 1
    assert out == ""
    lines = err.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("vaultkit: error: ")
    assert "No space left on device" in lines[0]
    assert "Vaultkit" in lines[0]
    assert output_pages(vault) == old
    assert temp_leftovers(tmp_path) == []

    # once the disk has room again, the next sync catches up
    out2 = _sync(vault)
    assert f"pages: 4 written, {PAGE_COUNT - 4} unchanged;" in out2
    assert output_pages(vault) != old
    assert temp_leftovers(tmp_path) == []


def test_failing_first_write_leaves_no_partial_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    vault = make_vault(tmp_path, BASIC)

    def no_space(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("vaultkit.core.atomic.os.replace", no_space)
    code, _, err = _run_main(["sync", "--vault", str(vault), "--today", TODAY], monkeypatch, capsys)
    monkeypatch.undo()
    assert code == 1
    assert "No space left on device" in err
    assert output_pages(vault) == {}
    assert temp_leftovers(tmp_path) == []


def test_failing_person_block_write_leaves_note_intact(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    vault = _block_vault(tmp_path)

    def no_space(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("vaultkit.core.atomic.os.replace", no_space)
    code, _, err = _run_main(["sync", "--vault", str(vault), "--today", TODAY], monkeypatch, capsys)
    monkeypatch.undo()
    assert code == 1
    (line,) = err.splitlines()
    assert line.startswith("vaultkit: error: ")
    assert "No space left on device" in line
    assert (vault / "People/Dan.md").read_bytes() == BLOCK_NOTE
    assert temp_leftovers(tmp_path) == []


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root ignores file permissions"
)
def test_read_only_output_folder(tmp_path: Path) -> None:  # pragma: no cover - not as root
    vault = make_vault(tmp_path, BASIC)
    _sync(vault)
    old = output_pages(vault)
    (vault / "Daily/2026-11-24.md").write_text("Met [[Dan]].\n", encoding="utf-8")
    (vault / OUTPUT).chmod(0o555)
    try:
        proc = run_module(["sync", "--vault", str(vault), "--today", TODAY], vault)
    finally:
        (vault / OUTPUT).chmod(0o755)
    assert proc.returncode == 1
    assert proc.stderr.startswith("vaultkit: error: ")
    assert output_pages(vault) == old
    assert temp_leftovers(tmp_path) == []


def test_main_one_line_error_in_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    vault = make_vault(tmp_path, BASIC)
    code, out, err = _run_main(
        ["show", "Nobody Atall", "--vault", str(vault), "--today", TODAY], monkeypatch, capsys
    )
    assert code == 2
    assert out == ""
    assert err == "vaultkit: error: no person named 'Nobody Atall'\n"


def test_line_tags_of_a_person_note_are_no_person_tags(tmp_path: Path) -> None:
    """`#gift/books`, `#ask/...`, `#offer/...` in a person's note tag a line (a gift idea, an
    ask, an offer), not the person: no group of the People page, no tag in `people --json`
    (issue 25). Front matter tags and other body tags still are theirs."""
    vault = make_vault(
        tmp_path,
        {
            "People/Maya.md": "---\ntags: [friend, gift]\n---\n# Maya\n\n"
            "- a new novel #gift/books\n- looking for a climbing partner #ask/climbing\n"
            "- can teach #offer/python and likes #books\n",
            "People/Sam.md": "# Sam\n\nrepairs bikes #Offer/Bikes\n",
        },
    )
    _sync(vault)
    tags = {p["name"]: p["tags"] for p in vk_json(vault, "people")}
    assert tags == {"Maya": ["friend", "gift", "books"], "Sam": []}
    page = (vault / "Vaultkit" / "People.md").read_text(encoding="utf-8")
    groups = [line for line in page.splitlines() if line.startswith("## ")]
    assert groups == ["## books (1)", "## friend (1)", "## gift (1)", "## No tag (1)"]
    # the line tags are still read as what they are
    assert [g["text"] for g in vk_json(vault, "gifts")[0]["ideas"]] == ["a new novel #gift/books"]
