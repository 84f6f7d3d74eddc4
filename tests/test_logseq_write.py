"""What vaultkit writes in a Logseq graph (VAULT_FORMAT §13, "What vaultkit writes in a
graph"), through the CLI: pages as outlines in the `Vaultkit/` namespace of the pages folder,
the person block in bullets, `log` and `add` in Logseq's form."""

from __future__ import annotations

from pathlib import Path

from vaulthelp import invoke, make_vault, vk, vk_json

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
    assert overdue.startswith(
        "generated-by:: vaultkit\ntitle:: Vaultkit/Overdue check-ins\n\n- *Written by vaultkit"
    )
    lines = overdue.splitlines()[3:]
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


def logseq_resave(text: str, nest_block: bool = True) -> str:
    """What Logseq writes back when it saves a page it edited: the page properties stay, every
    other line becomes a block (`- `), two-space nesting becomes tabs, blank lines go; with
    `nest_block` the user also indented the vaultkit block under the block before it (Tab)."""
    head, _, rest = text.partition("\n\n")
    out: list[str] = []
    inside = False
    for line in rest.split("\n"):
        if not line.strip():
            continue
        spaces = len(line) - len(line.lstrip(" "))
        body = line.lstrip(" \t")
        tabs = "\t" * (line.count("\t", 0, len(line) - len(line.lstrip(" \t"))) + spaces // 2)
        block = f"{tabs}{body if body.startswith('- ') else '- ' + body}"
        if "vaultkit:begin" in line:
            inside = True
        out.append(("\t" if inside and nest_block else "") + block)
        if "vaultkit:end" in line:
            inside = False
    return head + "\n\n" + "\n".join(out) + "\n"


def _outside(text: str) -> tuple[str, str]:
    """The text before the begin marker's line and after the end marker's line."""
    begin = text.index("<!-- vaultkit:begin -->")
    end = text.index("<!-- vaultkit:end -->")
    return text[: text.rfind("\n", 0, begin) + 1], text[text.index("\n", end) :]


MAYA_MARKED = (
    "type:: person\ncadence:: weekly\n\nLikes tea.\n<!-- vaultkit:begin -->\n"
    "<!-- vaultkit:end -->\nMet at the climbing gym.\n  - she leads 6b now\n"
)


def test_the_person_block_survives_logseq_resaving_the_page(tmp_path: Path) -> None:
    vault = graph(tmp_path, {"pages/Maya Chen.md": MAYA_MARKED})
    note = vault / "pages" / "Maya Chen.md"
    assert "person blocks: 1 written" in vk(vault, "sync").output
    first = note.read_text(encoding="utf-8")
    assert "- <!-- vaultkit:begin -->" not in first  # bare markers stay bare
    assert "\n- **Last contact:** 2026-10-20 (36 days ago), [[Oct 20th, 2026]]\n" in first
    assert "\n- **Open follow-ups**\n\t- send [[Maya Chen]] the book" in first
    assert _outside(first) == _outside(MAYA_MARKED)

    resaved = logseq_resave(first)
    assert "\n- Likes tea.\n\t- <!-- vaultkit:begin -->\n\t- *Kept" in resaved
    note.write_text(resaved, encoding="utf-8")
    later = ["sync", "--vault", str(vault), "--today", "2026-11-26"]
    result = invoke(later)
    assert "person blocks: 1 written" in result.output, result.output
    second = note.read_text(encoding="utf-8")
    assert second.count("vaultkit:begin") == 1 and second.count("vaultkit:end") == 1
    assert _outside(second) == _outside(resaved)  # every byte outside the block stays
    assert "\n\t- **Last contact:** 2026-10-20 (37 days ago), [[Oct 20th, 2026]]\n" in second
    assert "\n\t- **Open follow-ups**\n\t\t- send [[Maya Chen]] the book" in second
    assert "person blocks: 1 written" not in invoke(later).output
    assert note.read_text(encoding="utf-8") == second  # a third sync writes nothing
    assert vk(vault, "doctor").exit_code == 0
    maya = {p["note"]: p for p in vk_json(vault, "people")}["pages/Maya Chen.md"]
    assert maya["last_contact"] == "2026-10-20"  # the block is not read back as contact


def test_resaving_vaultkits_own_block_changes_nothing_and_append_writes_blocks(
    tmp_path: Path,
) -> None:
    vault = graph(tmp_path, {"vaultkit.toml": 'person_block = "append"\n'})
    note = vault / "pages" / "Maya Chen.md"
    vk(vault, "sync")
    first = note.read_text(encoding="utf-8")
    assert first.startswith(MAYA + "- <!-- vaultkit:begin -->\n- *Kept up to date")
    assert first.endswith("\n- <!-- vaultkit:end -->\n")
    assert logseq_resave(first, nest_block=False) == first  # already as Logseq writes it
    assert "person blocks: 1 written" not in vk(vault, "sync").output
    assert note.read_text(encoding="utf-8") == first


def test_log_appends_a_journal_dated_block_to_the_person_page(tmp_path: Path) -> None:
    vault = graph(tmp_path, {"pages/Maya Chen.md": MAYA + "- last block"})  # no final newline
    result = invoke(
        ["log", "Maya", "coffee at Fern", "--vault", str(vault), "--today", "2026-12-07"]
    )
    assert result.exit_code == 0, result.output
    assert "pages/Maya Chen.md: - [[Dec 7th, 2026]] coffee at Fern" in result.output
    text = (vault / "pages" / "Maya Chen.md").read_text(encoding="utf-8")
    assert text == MAYA + "- last block\n- [[Dec 7th, 2026]] coffee at Fern\n"


def test_log_journal_writes_a_block_to_the_days_journal_in_its_formats(tmp_path: Path) -> None:
    config = (
        '{:journal/file-name-format "yyyy-MM-dd" :journal/page-title-format "EEEE, dd.MM.yyyy"}'
    )
    vault = graph(tmp_path, config=config)
    args = ["--vault", str(vault), "--today", "2026-12-07"]
    first = invoke(["log", "Sam", "--journal", "called about   the trip", *args])
    assert first.exit_code == 0, first.output
    day = vault / "journals" / "2026-12-07.md"
    assert day.read_text(encoding="utf-8") == "- [[Sam Rivera]] called about the trip\n"
    invoke(["log", "Maya Chen", "--journal", "lunch", *args])
    assert day.read_text(encoding="utf-8").endswith("\n- [[Maya Chen]] lunch\n")
    people = {
        p["name"]: p["last_contact"] for p in vk_json(vault, "people", "--today", "2026-12-07")
    }
    assert people["Sam Rivera"] == people["Maya Chen"] == "2026-12-07"
    invoke(["log", "Maya Chen", "tea", *args])
    page = (vault / "pages" / "Maya Chen.md").read_text(encoding="utf-8")
    assert page.endswith("\n- [[Monday, 07.12.2026]] tea\n")


def test_log_journal_outside_a_graph_is_a_usage_error(tmp_path: Path) -> None:
    vault = make_vault(tmp_path, {"People/Maya Chen.md": "---\ntype: person\n---\n"})
    result = vk(vault, "log", "Maya Chen", "--journal", "tea")
    assert result.exit_code == 2 and "Logseq graph" in result.output
    assert "Traceback" not in result.output


def test_add_writes_page_properties_read_back_as_a_person(tmp_path: Path) -> None:
    vault = graph(tmp_path)
    result = vk(
        vault, "add", "Lee Park", "--cadence", "monthly", "--tag", "friend", "--alias", "Lee",
        "--birthday", "1990-03-04",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    # the graph keeps people in the People namespace (pages/People___Sam.md): so does `add`
    path = vault / "pages" / "People___Lee Park.md"
    assert path.read_text(encoding="utf-8") == (
        "title:: Lee Park\ntype:: person\ncadence:: monthly\nbirthday:: 1990-03-04\n"
        "tags:: friend\nalias:: Lee\n"
    )
    lee = {p["note"]: p for p in vk_json(vault, "people")}["pages/People___Lee Park.md"]
    assert (lee["name"], lee["tags"]) == ("Lee Park", ["friend"])
    assert vk(vault, "show", "Lee").exit_code == 0


def test_add_in_a_graph_without_a_people_namespace_writes_a_plain_page(tmp_path: Path) -> None:
    vault = make_vault(tmp_path, {"logseq/config.edn": "{}", "pages/Maya Chen.md": MAYA})
    assert vk(vault, "add", "Ann").exit_code == 0
    assert (vault / "pages" / "Ann.md").read_text(encoding="utf-8") == "type:: person\n"
    assert "pages/Ann.md" in {p["note"] for p in vk_json(vault, "people")}


def test_the_namespace_is_outside_what_is_read_for_the_watcher_too(tmp_path: Path) -> None:
    from vaultkit.read.config import load_config
    from vaultkit.read.scan import excluded

    config = load_config(graph(tmp_path))[0]
    assert excluded("pages/Vaultkit___People.md", config)
    assert excluded("pages/vaultkit___people.md", config)  # names compare in any case
    assert not excluded("pages/Maya Chen.md", config)
    assert not excluded("pages/Vaultkit.md", config)


def test_no_people_says_how_a_graph_makes_a_person(tmp_path: Path) -> None:
    vault = make_vault(tmp_path, {"logseq/config.edn": "{}", "pages/Notes.md": "- hello\n"})
    result = vk(vault, "people")
    assert "`type:: person`" in result.output and "`type: person`" not in result.output
    vk(vault, "sync")
    assert "`type:: person`" in page(vault, "People")


def test_digest_markdown_links_page_names_and_log_hints_the_graphs_page(tmp_path: Path) -> None:
    vault = graph(tmp_path)
    text = vk(vault, "digest", "--format", "markdown").output
    assert "## [[Maya Chen]]" in text and "[[Oct 20th, 2026]]" in text
    assert "pages/" not in text
    unknown = vk(vault, "log", "Lee Park", "tea")
    assert unknown.exit_code != 0 and "pages/People___Lee Park.md" in unknown.output


HOSTILE_CARD = (
    "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann Lee\r\nN:Lee;Ann;;;\r\n"
    "NOTE:TODO call [[Maya Chen]]\\n- [[Nov 20th\\, 2026]] met [[Sam Rivera]] #ask/tea\\n"
    "type:: person\r\nEND:VCARD\r\n"
)


def test_import_into_a_graph_keeps_a_cards_note_in_a_code_block(tmp_path: Path) -> None:
    vault = make_vault(tmp_path, {"logseq/config.edn": "{}", "pages/Maya Chen.md": MAYA})
    card = tmp_path / "ann.vcf"
    card.write_text(HOSTILE_CARD, encoding="utf-8")
    result = vk(vault, "import", str(card))
    assert result.exit_code == 0, result.output
    text = (vault / "pages" / "Ann Lee.md").read_text(encoding="utf-8")
    assert text.startswith("type:: person\n")
    assert "\n- ## Notes from import\n- ```text\n  TODO call [[Maya Chen]]\n" in text
    assert text.endswith("\n  ```\n")
    assert vk_json(vault, "followups") == []  # the card's TODO is shown, never a task
    maya = {p["note"]: p for p in vk_json(vault, "people")}["pages/Maya Chen.md"]
    assert maya["last_contact"] is None


def test_a_page_sent_elsewhere_in_the_graph_is_an_outline_named_by_its_file(
    tmp_path: Path,
) -> None:
    vault = graph(tmp_path, {"vaultkit.toml": 'outputs = { people = "pages/Dashboard.md" }\n'})
    assert vk(vault, "sync").exit_code == 0
    text = (vault / "pages" / "Dashboard.md").read_text(encoding="utf-8")
    assert text.startswith("generated-by:: vaultkit\ntitle:: Dashboard\n\n- ")
    assert not (vault / "pages" / "Vaultkit___People.md").exists()
    assert page(vault, "Reach out").startswith(
        "generated-by:: vaultkit\ntitle:: Vaultkit/Reach out\n"
    )
    assert "pages/Dashboard.md" not in {p["note"] for p in vk_json(vault, "people")}
    assert "0 written" in vk(vault, "sync").output


def test_the_marker_counts_anywhere_in_the_first_block_only() -> None:
    from vaultkit.pages.markdown import is_generated

    for ours in (
        "generated-by:: vaultkit\n\n- x\n",
        "- generated-by:: vaultkit\n- x\n",
        "title:: Vaultkit/People\ngenerated-by:: vaultkit\n\n- x\n",
        "- title:: Vaultkit/People\n  generated-by:: vaultkit\n- x\n",
    ):
        assert is_generated(ours, logseq=True), ours
        assert not is_generated(ours), ours  # an ordinary vault knows only its front matter
    for mine in (
        "- notes\n- generated-by:: vaultkit\n",
        "title:: x\n\ngenerated-by:: vaultkit\n",
        "- generated-by:: vaultkit, me\n",
    ):
        assert not is_generated(mine, logseq=True), mine


def test_the_no_cadence_hint_names_the_key_as_a_graph_writes_it(tmp_path: Path) -> None:
    """A page property is `cadence::` in a graph: the hint says what to type there."""
    vault = make_vault(
        tmp_path,
        {"logseq/config.edn": "{}\n", "pages/Ann.md": "type:: person\n\n- notes\n"},
    )
    assert "add `cadence::` or a circle" in vk(vault, "overdue").stdout
    vk(vault, "sync")
    page = (vault / "pages" / "Vaultkit___Overdue check-ins.md").read_text()
    assert "add `cadence::` or a circle" in page
