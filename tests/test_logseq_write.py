"""What vaultkit writes in a Logseq graph (VAULT_FORMAT §13, "What vaultkit writes in a
graph"), through the CLI: pages as outlines in the `Vaultkit/` namespace of the pages folder,
the person block in bullets, `log` and `add` in Logseq's form."""

from __future__ import annotations

from pathlib import Path

from vaulthelp import make_vault, vk, vk_json

MAYA = "type:: person\ncadence:: weekly\n\n- Likes tea.\n"
SAM = "title:: Sam Rivera\ntype:: person\ncadence:: monthly\n"
LUNCH = (
    "- Lunch with [[Maya Chen]] and [[Sam Rivera]]\n"
    "- TODO send [[Maya Chen]] the book\n  DEADLINE: <2026-11-28 Sat>\n"
)


def graph(tmp_path: Path, files: dict[str, str] | None = None, config: str = "{}\n") -> Path:
    base = {
        "logseq/config.edn": config,
        "pages/Maya Chen.md": MAYA,
        "pages/People___Sam.md": SAM,
        "journals/2026_10_20.md": LUNCH,
    }
    return make_vault(tmp_path, {**base, **(files or {})})


def page(vault: Path, name: str, folder: str = "pages") -> str:
    return (vault / folder / f"Vaultkit___{name}.md").read_text(encoding="utf-8")


def test_pages_go_into_the_namespace_as_outlines_linking_page_names(tmp_path: Path) -> None:
    vault = graph(tmp_path)
    result = vk(vault, "sync")
    assert result.exit_code == 0, result.output
    assert not (vault / "Vaultkit").exists()
    overdue = page(vault, "Overdue check-ins")
    assert overdue.startswith("generated-by:: vaultkit\n\n- *Written by vaultkit")
    lines = overdue.splitlines()[2:]
    assert all(line.lstrip("\t").startswith("- ") for line in lines), overdue
    assert "|" not in overdue  # no table mangled into bullets: one block per row
    assert (
        "- [[Maya Chen]] — Last contact: [[Oct 20th, 2026]] (36 days ago) · Every: 7 days"
        " · Due: 2026-10-27 · Overdue by: 29 days"
    ) in lines
    assert "- ## Drifting apart" in lines
    assert "\t- Nobody is drifting away." in lines  # nested under its heading
    reach = page(vault, "Reach out")
    assert "- ## [[Sam Rivera]]" in reach  # the page name (title::), not pages/People___Sam
    assert "\t- **You promised:**\n\t\t- send [[Maya Chen]] the book" in reach


def test_pages_are_never_read_as_notes_and_a_second_sync_writes_nothing(tmp_path: Path) -> None:
    vault = graph(tmp_path)
    vk(vault, "sync")
    assert page(vault, "People").startswith("generated-by:: vaultkit\n")
    before = {p["note"]: p["last_contact"] for p in vk_json(vault, "people")}
    assert before == {"pages/Maya Chen.md": "2026-10-20", "pages/People___Sam.md": "2026-10-20"}
    again = vk(vault, "sync")
    assert "0 written" in again.output and "3 notes" in again.output, again.output
    assert {p["note"]: p["last_contact"] for p in vk_json(vault, "people")} == before
    assert vk(vault, "doctor").exit_code == 0


def test_a_page_without_the_marker_is_never_written_over(tmp_path: Path) -> None:
    mine = "- my own overdue list\n"
    vault = graph(tmp_path, {"pages/Vaultkit___Overdue check-ins.md": mine})
    result = vk(vault, "sync")
    assert page(vault, "Overdue check-ins") == mine
    assert "Vaultkit___Overdue check-ins.md" in vk(vault, "doctor").output
    assert result.exit_code == 0
    assert page(vault, "People").startswith("generated-by:: vaultkit")


def test_the_pages_folder_of_config_edn_and_a_nested_output_folder(tmp_path: Path) -> None:
    vault = graph(
        tmp_path,
        {"vaultkit.toml": 'output_folder = "CRM/Out"\n'},
        '{:pages-directory "notes"}',
    )
    (vault / "pages").rename(vault / "notes")
    vk(vault, "sync")
    assert (vault / "notes" / "CRM___Out___People.md").is_file()
    assert not (vault / "pages").exists() and not (vault / "CRM").exists()
    assert set(p["note"] for p in vk_json(vault, "people")) == {
        "notes/Maya Chen.md",
        "notes/People___Sam.md",
    }
