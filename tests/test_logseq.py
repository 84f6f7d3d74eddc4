"""Logseq graphs, read as their users write them (VAULT_FORMAT §13), through the CLI.

A folder holding `logseq/config.edn` is a graph: its journals are the daily notes (named in
Logseq's date format), its `logseq/` folder and `:hidden` paths are never read.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from vaulthelp import make_vault, run_module, vk, vk_json

from vaultkit.read.config import load_config
from vaultkit.read.logseq import from_java_date, read_edn

MAYA = "---\ntype: person\ncadence: monthly\n---\nLikes tea.\n"
SAM = "---\ntype: person\ncadence: weekly\n---\n"
LUNCH = "- Lunch with [[Maya Chen]] and [[Sam Rivera]]\n"
CONFIG = """{:meta/version 1
 ;; the journals, as this user set them up
 :journals-directory "diary"
 :journal/file-name-format "dd.MM.yyyy" ; day first
 :hidden ["/archive" "drafts"]
 :default-templates {:journals ""}
 :shortcuts {:editor/new-block "enter"}
 :feature/enable-journals? true
 :ui/show-brackets? true}
"""


def graph(tmp_path: Path, files: dict[str, str], config: str = "{}\n") -> Path:
    base = {"pages/Maya Chen.md": MAYA, "pages/Sam Rivera.md": SAM}
    return make_vault(tmp_path, {**base, "logseq/config.edn": config, **files})


def people(vault: Path) -> dict[str, dict[str, Any]]:
    return {p["note"]: p for p in vk_json(vault, "people")}


def test_journals_by_default_are_dated_notes(tmp_path: Path) -> None:
    vault = graph(tmp_path, {"journals/2026_10_20.md": LUNCH})
    config = load_config(vault)[0]
    assert (config.dialect, config.daily_folder, config.daily_format) == (
        "logseq",
        "journals",
        "YYYY_MM_DD",
    )
    assert people(vault)["pages/Sam Rivera.md"]["last_contact"] == "2026-10-20"


def test_journals_folder_and_format_from_config_edn_and_hidden_folders(tmp_path: Path) -> None:
    ghost = "---\ntype: person\n---\n"
    vault = graph(
        tmp_path,
        {
            "diary/20.10.2026.md": LUNCH,
            "archive/Ghost.md": ghost,
            "drafts/Ghost two.md": ghost,
            "logseq/bak/pages/Maya Chen/2026_10_01.md": ghost,
            "logseq/.recycle/Gone.md": ghost,
        },
        CONFIG,
    )
    found = people(vault)
    assert set(found) == {"pages/Maya Chen.md", "pages/Sam Rivera.md"}
    assert found["pages/Maya Chen.md"]["last_contact"] == "2026-10-20"


def test_a_broken_config_edn_is_one_issue_and_the_defaults(tmp_path: Path) -> None:
    vault = graph(tmp_path, {"journals/2026_10_20.md": LUNCH}, '{:journals-directory "x"\n')
    result = vk(vault, "doctor")
    assert result.exit_code == 1
    assert result.output.count("logseq/config.edn") == 1
    assert "Traceback" not in result.output
    assert people(vault)["pages/Sam Rivera.md"]["last_contact"] == "2026-10-20"


def test_a_logseq_graph_is_found_from_inside_it(tmp_path: Path) -> None:
    vault = graph(tmp_path, {"journals/2026_10_20.md": LUNCH})
    result = run_module(["people", "--today", "2026-11-25"], cwd=vault / "pages")
    assert result.returncode == 0, result.stderr
    assert "Maya Chen" in result.stdout


def test_dialect_in_vaultkit_toml_wins(tmp_path: Path) -> None:
    vault = graph(tmp_path, {"vaultkit.toml": 'dialect = "obsidian"\n'})
    assert load_config(vault)[0].dialect == "obsidian"
    plain = make_vault(tmp_path, {"vaultkit.toml": 'dialect = "logseq"\n'}, "b")
    assert load_config(plain)[0].daily_format == "YYYY_MM_DD"


@pytest.mark.parametrize(
    ("java", "moment"),
    [
        ("yyyy_MM_dd", "YYYY_MM_DD"),
        ("MMM do, yyyy", "MMM Do, YYYY"),
        ("EEEE, dd.MM.yyyy", "dddd, DD.MM.YYYY"),
        ("yyyy-MM-dd'T'", "YYYY-MM-DD[T]"),
    ],
)
def test_logseq_date_formats_become_moment_formats(java: str, moment: str) -> None:
    assert from_java_date(java) == moment


def test_edn_reader_takes_the_keys_it_knows_and_tolerates_the_rest() -> None:
    found = read_edn(CONFIG + ";; trailing comment\n")
    assert found == {
        "journals-directory": "diary",
        "journal/file-name-format": "dd.MM.yyyy",
        "hidden": ("/archive", "drafts"),
    }
    assert read_edn('{:file/name-format :triple-lowbar :x "a \\" ; b"}') == {
        "file/name-format": "triple-lowbar"
    }
    for bad in ("", "[1 2]", "{:a [1 2}", "{:a 1}}"):
        with pytest.raises(ValueError):
            read_edn(bad)


MAYA_PAGE = (
    "title:: Maya Chen\ntype:: [[person]]\ntags:: #friend, [[book-club]]\n"
    "Cadence:: monthly\nalias:: Maya, M. Chen\n\n- Likes tea.\n  id:: 6571\n"
)
SAM_PAGE = "- type:: person\n  cadence:: weekly\n  birth-day:: 1991-12-03\n- notes\n"


def test_page_properties_play_the_role_of_front_matter(tmp_path: Path) -> None:
    vault = graph(
        tmp_path,
        {
            "pages/People___maya.md": MAYA_PAGE,
            "pages/Sam Rivera.md": SAM_PAGE,
            "pages/Maya Chen.md": "- not a person\n",
            "pages/Lee%3F.md": "tags:: person\n",
            "journals/2026_10_20.md": "- Lunch with [[M. Chen]] and [[Sam Rivera]]\n",
        },
    )
    found = people(vault)
    assert set(found) == {"pages/People___maya.md", "pages/Sam Rivera.md", "pages/Lee%3F.md"}
    maya = found["pages/People___maya.md"]
    assert maya["name"] == "Maya Chen"
    assert maya["last_contact"] == "2026-10-20"
    assert sorted(maya["tags"]) == ["book-club", "friend"]
    assert found["pages/Sam Rivera.md"]["last_contact"] == "2026-10-20"
    assert found["pages/Lee%3F.md"]["name"] == "Lee?"


TRIPLE_LOWBAR = "{:file/name-format :triple-lowbar}\n"


def test_a_namespaced_file_name_is_the_page_name(tmp_path: Path) -> None:
    vault = graph(tmp_path, {"pages/People___Ann%2FBo.md": "type:: person\n"}, TRIPLE_LOWBAR)
    assert people(vault)["pages/People___Ann%2FBo.md"]["name"] == "People/Ann/Bo"


def test_an_older_graph_writes_a_namespace_with_dots_or_percent_2f(tmp_path: Path) -> None:
    """Without `:file/name-format :triple-lowbar` (graphs older than Logseq 0.8.9), `/` in a
    page name is `.` or `%2F` in its file name, and `___` is just three underscores."""
    files = {
        "pages/People.Ann.md": "type:: person\n",
        "pages/Work%2FBo.md": "type:: person\n",
        "pages/Cy___Dee.md": "type:: person\n",
        "journals/2026_11_20.md": "- tea with [[People/Ann]], [[work/bo]] and [[Cy___Dee]]\n",
    }
    found = people(graph(tmp_path, files))
    assert found["pages/People.Ann.md"]["name"] == "People/Ann"
    assert found["pages/Work%2FBo.md"]["name"] == "Work/Bo"
    assert found["pages/Cy___Dee.md"]["name"] == "Cy___Dee"
    for note in ("pages/People.Ann.md", "pages/Work%2FBo.md", "pages/Cy___Dee.md"):
        assert found[note]["last_contact"] == "2026-11-20", note


def test_a_page_in_the_people_namespace_is_a_person(tmp_path: Path) -> None:
    """`People/Maya Chen` (file `People___Maya Chen.md`) is in the people folder `People`, as
    is a page filed in `pages/people/`; a page in another namespace is not a person."""
    files = {
        "pages/People___Ann Lee.md": "- met at the climbing gym\n",
        "pages/people___People.md": "- {{query (namespace people)}}\n",
        "pages/people/Bo.md": "- neighbour\n",
        "pages/Projects___Ann Lee.md": "- not a person\n",
        "journals/2026_11_20.md": "- climbing with [[People/Ann Lee]]\n",
    }
    found = people(graph(tmp_path, files, TRIPLE_LOWBAR))
    assert set(found) == {
        "pages/Maya Chen.md",
        "pages/Sam Rivera.md",
        "pages/People___Ann Lee.md",
        "pages/people/Bo.md",
    }
    assert found["pages/People___Ann Lee.md"]["name"] == "People/Ann Lee"
    assert found["pages/People___Ann Lee.md"]["last_contact"] == "2026-11-20"


def test_the_pages_directory_from_config_edn_holds_the_people_folder(tmp_path: Path) -> None:
    config = '{:pages-directory "wiki" :file/name-format :triple-lowbar}\n'
    files = {"wiki/people/Ann.md": "- hi\n", "pages/people/Bo.md": "- hi\n"}
    vault = graph(tmp_path, files, config)
    assert "wiki/people/Ann.md" in people(vault) and "pages/people/Bo.md" not in people(vault)
    assert load_config(vault)[0].pages_folder == "wiki"


def test_org_pages_are_not_read_and_counted_in_one_hint(tmp_path: Path) -> None:
    org = "* type:: person\n"
    vault = graph(
        tmp_path,
        {"pages/Ann.org": org, "journals/2026_10_20.org": org, "archive/x.org": org},
        '{:hidden ["archive"]}',
    )
    result = vk(vault, "doctor")
    assert result.exit_code == 1
    assert result.output.count(".org") == 2  # the first one's path, and the count
    assert "2 Org-mode pages (.org) are not read" in result.output
    vk(vault, "sync")
    issues = (vault / "pages" / "Vaultkit___Vault issues.md").read_text()
    assert "- ## Logseq pages vaultkit does not read (1)" in issues
    assert set(people(vault)) == {"pages/Maya Chen.md", "pages/Sam Rivera.md"}
    assert vk(graph(tmp_path / "b", {}), "doctor").output.strip() == "No vault issues."


def test_journals_set_in_config_edn_that_match_no_note_are_reported(tmp_path: Path) -> None:
    vault = graph(tmp_path, {"journals/2026_10_20.md": LUNCH}, CONFIG)
    assert "daily-note folder 'diary' holds no notes" in vk(vault, "doctor").output


TASKS = (
    "- TODO [#A] send [[Maya Chen]] the book\n  DEADLINE: <2026-11-28 Sat>\n"
    "  SCHEDULED: <2026-11-22 Sun .+1w>\n"
    "- DONE call [[Sam Rivera]]\n"
    "- CANCELED visit [[Ann]]\n"
    "- LATER ask [[Ann]] about tea\n  SCHEDULED: <2026-11-23 Mon>\n"
    "- DOING plan [[Bo]]\n"
)


def test_task_keywords_are_follow_ups_and_done_is_contact(tmp_path: Path) -> None:
    vault = graph(
        tmp_path,
        {
            "pages/Ann.md": "type:: person\n",
            "pages/Bo.md": "type:: person\n",
            "journals/2026_11_20.md": TASKS,
        },
    )
    follow = {(f["name"], f["text"], f["due"]) for f in vk_json(vault, "followups")}
    assert follow == {
        ("Maya Chen", "send [[Maya Chen]] the book", "2026-11-28"),
        ("Ann", "ask [[Ann]] about tea", "2026-11-23"),
        ("Bo", "plan [[Bo]]", None),
    }
    found = people(vault)
    assert found["pages/Sam Rivera.md"]["last_contact"] == "2026-11-20"
    assert found["pages/Ann.md"]["last_contact"] is None  # canceled: no contact
    assert found["pages/Maya Chen.md"]["last_contact"] is None  # open: not yet


def test_cadence_property_and_journals_make_a_person_overdue(tmp_path: Path) -> None:
    vault = graph(
        tmp_path,
        {
            "pages/Ann.md": "type:: person\ncadence:: weekly\n",
            "pages/Bo.md": "- type:: [[person]]\n  cadence:: every 2 weeks\n",
            "journals/2026_11_01.md": "- coffee with [[Ann]] and [[Bo]]\n",
            "journals/2026_11_20.md": "- call with [[Bo]]\n",
        },
    )
    late = {p["name"] for p in vk_json(vault, "overdue", "--today", "2026-11-25")}
    assert "Ann" in late and "Bo" not in late  # Bo: seen 5 days ago, every 2 weeks


def test_a_journal_title_link_in_a_property_is_a_date(tmp_path: Path) -> None:
    page = "type:: person\nlast-contact:: [[Nov 20th, 2026]]\nbirthday:: [[Dec 3rd, 1991]]\n"
    vault = graph(tmp_path, {"pages/Ann.md": page})
    ann = people(vault)["pages/Ann.md"]
    assert ann["last_contact"] == "2026-11-20"
    assert "12-03" in str(ann["birthday"])


def test_a_two_word_tag_in_a_journal_is_contact(tmp_path: Path) -> None:
    vault = graph(tmp_path, {"journals/2026_11_02.md": "- coffee #[[Maya Chen]]\n"})
    assert people(vault)["pages/Maya Chen.md"]["last_contact"] == "2026-11-02"


def test_a_template_page_in_the_templates_namespace_is_not_read(tmp_path: Path) -> None:
    """Logseq keeps templates as pages in a namespace (`pages/Templates___Docs.md` is the page
    `Templates/Docs`): their placeholders are no vault issue, as a templates folder's are not."""
    graph = make_vault(
        tmp_path,
        {
            "logseq/config.edn": "{}\n",
            "pages/Templates___Docs.md": "- title:: <% tp.file.title %>\n",
            "pages/templates___meeting.md": "- {{date}}\n",
            "pages/Ana Silva.md": "type:: person\n\n- Ana\n",
        },
    )
    result = vk(graph, "doctor")
    assert result.exit_code == 0, result.stdout
    assert "template" not in result.stdout


def test_logseq_macros_and_dynamic_variables_are_no_template_placeholders(tmp_path: Path) -> None:
    """`{{query (between <% 7 days ago %> <% today %>)}}` is Logseq's own syntax, not a template
    that was never filled (the placeholder hint is for Obsidian's Templates and Templater)."""
    graph = make_vault(
        tmp_path,
        {
            "logseq/config.edn": "{}\n",
            "pages/Queries.md": "- {{query (between <% 7 days ago %> <% today %>)}}\n"
            "- {{embed [[Ana Silva]]}}\n",
        },
    )
    result = vk(graph, "doctor")
    assert result.exit_code == 0 and "placeholder" not in result.stdout, result.stdout


def contacts(vault: Path, name: str) -> list[tuple[str, str, str]]:
    """(date, note, text) of each interaction `show NAME` lists."""
    shown = vk_json(vault, "show", name)
    return [(i["date"], i["note"], i["text"]) for i in shown["interactions"]]


def test_a_block_that_starts_with_a_journal_title_dates_it_in_any_page(tmp_path: Path) -> None:
    """`- [[Nov 20th, 2026]] coffee with [[Maya Chen]]` is contact on that day wherever it is
    written, as a date heading is (§4); its children are in it; its date wins over the
    journal's; a date after today is a plan, not contact."""
    notes = (
        "- [[Nov 20th, 2026]] coffee with [[Maya Chen]]\n"
        "- [[nov 18th, 2026]]\n\t- lunch with [[Sam Rivera]]\n"
        "- [[2026-11-17]] call with [[Ann]]\n"
        "- [[Dec 3rd, 2026]] dinner with [[Bo]]\n"
    )
    files = {
        "pages/Ann.md": "type:: person\n",
        "pages/Bo.md": "type:: person\n",
        "pages/Book club.md": notes,
        "journals/2026_11_24.md": "- [[Nov 21st, 2026]] a walk with [[Cy]]\n",
        "pages/Cy.md": "type:: person\n",
    }
    vault = graph(tmp_path, files)
    assert contacts(vault, "Maya Chen") == [
        ("2026-11-20", "pages/Book club.md", "[[Nov 20th, 2026]] coffee with [[Maya Chen]]")
    ]
    assert contacts(vault, "Sam Rivera") == [
        ("2026-11-18", "pages/Book club.md", "lunch with [[Sam Rivera]]")
    ]
    assert contacts(vault, "Ann")[0][0] == "2026-11-17"
    assert contacts(vault, "Bo") == []  # a plan
    assert contacts(vault, "Cy")[0][:2] == ("2026-11-21", "journals/2026_11_24.md")


@pytest.mark.parametrize(
    ("title_format", "title"),
    [
        ("EEEE, dd.MM.yyyy", "Friday, 20.11.2026"),
        ("yyyy-MM-dd", "2026-11-20"),
        ("MM/dd/yyyy", "11/20/2026"),
        ("do MMMM yyyy", "20th November 2026"),
        ("yyyy年MM月dd日", "2026年11月20日"),
    ],
)
def test_journal_titles_in_the_format_config_edn_sets_are_dates(
    tmp_path: Path, title_format: str, title: str
) -> None:
    """`:journal/page-title-format` decides what a journal's title looks like, so what a link
    to a date looks like: in a block, under a log heading, and in a property."""
    files = {
        "pages/Ann.md": f"type:: person\nlast-contact:: [[{title}]]\n",
        "pages/Bo.md": f"type:: person\n\n## Log\n- [[{title}]] tea\n",
        "pages/Notes.md": f"- [[{title}]] coffee with [[Maya Chen]]\n",
    }
    vault = graph(tmp_path, files, f'{{:journal/page-title-format "{title_format}"}}\n')
    found = people(vault)
    for note in ("pages/Ann.md", "pages/Bo.md", "pages/Maya Chen.md"):
        assert found[note]["last_contact"] == "2026-11-20", note


def test_a_person_pages_dated_blocks_are_its_log(tmp_path: Path) -> None:
    """A top-level block of a person page that starts with a date is contact with them; so
    is a dated block under a block named Log; a dated block under another block dates only
    the people it names, and an undated block is no contact."""
    page = (
        "type:: person\n\n"
        "- [[Nov 10th, 2026]] lunch at the market\n"
        "- 2026-11-12 call about the move\n"
        "- **Interactions**\n\t- notes\n\t\t- [[Nov 14th, 2026]] walk by the river\n"
        "- Kids\n\t- [[Nov 24th, 2026]] Mia's school play, with [[Sam Rivera]]\n"
        "- [[Nov 16th, 2026]]\n\t- talked for an hour\n"
        "- likes tea\n"
    )
    vault = graph(tmp_path, {"pages/Bo.md": page})
    assert contacts(vault, "Bo") == [
        ("2026-11-16", "pages/Bo.md", "talked for an hour"),
        ("2026-11-14", "pages/Bo.md", "walk by the river"),
        ("2026-11-12", "pages/Bo.md", "call about the move"),
        ("2026-11-10", "pages/Bo.md", "lunch at the market"),
    ]
    assert people(vault)["pages/Sam Rivera.md"]["last_contact"] == "2026-11-24"


def test_an_impossible_journal_title_in_a_block_is_reported(tmp_path: Path) -> None:
    vault = graph(tmp_path, {"pages/Notes.md": "- [[Feb 30th, 2026]] tea with [[Maya Chen]]\n"})
    result = vk(vault, "doctor")
    assert "pages/Notes.md:1" in result.stdout and "not a real date" in result.stdout


def test_a_one_word_tag_and_block_tags_are_references(tmp_path: Path) -> None:
    """In a graph `#maya` is a link to the page `maya` (any case, aliases too), and so is each
    value of a block's `tags::`: contact in a journal. vaultkit's own line tags (`#gift`) stay
    what they are, a heading is no tag, and a tag naming no page is nothing, not an issue."""
    files = {
        "pages/Maya.md": "type:: person\nalias:: Em\n",
        "pages/Gift.md": "type:: person\n",
        "pages/Book club.md": "- reading list\n",
        "journals/2026_11_20.md": "- coffee with #Maya about #books\n",
        "journals/2026_11_21.md": "- a walk\n  tags:: sam rivera, em, [[Ann]], #bo\n",
        "journals/2026_11_22.md": "# Gift\n- #gift a teapot for #maya\n- chat with #mya\n",
        "pages/Ann.md": "type:: person\n",
        "pages/Bo.md": "type:: person\n",
        # a block's tags tag the block, not the page: no person, no gift idea
        "pages/Ideas.md": "- a kettle for [[Maya]]\n  tags:: gift, person\n",
    }
    vault = graph(tmp_path, files)
    found = people(vault)
    assert "pages/Ideas.md" not in found
    assert found["pages/Maya.md"]["last_contact"] == "2026-11-22"
    for note in ("pages/Sam Rivera.md", "pages/Ann.md", "pages/Bo.md"):
        assert found[note]["last_contact"] == "2026-11-21", note
    assert found["pages/Gift.md"]["last_contact"] is None
    ideas = json.dumps(vk_json(vault, "gifts"))
    assert "teapot" in ideas and "kettle" not in ideas
    doctor = vk(vault, "doctor").stdout
    assert "mya" not in doctor.casefold().replace("maya", ""), doctor


def test_a_tag_stays_a_tag_outside_a_graph(tmp_path: Path) -> None:
    files = {
        "journals/2026-11-20.md": "- coffee with #sam\n",
        "pages/Sam.md": "---\ntype: person\n---\n",
    }
    vault = graph(tmp_path, {**files, "vaultkit.toml": 'dialect = "obsidian"\n'})
    assert people(vault)["pages/Sam.md"]["last_contact"] is None


def test_embeds_block_refs_and_queries_are_no_contact(tmp_path: Path) -> None:
    journal = (
        "- {{embed [[Maya Chen]]}}\n"
        "- ((6571ab2c-0b7e-4c5a-9d53-1a2b3c4d5e6f))\n"
        "- {{query (and [[Sam Rivera]] (task TODO))}}\n"
        "- {{embed ((6571ab2c-0b7e-4c5a-9d53-1a2b3c4d5e6f))}} with [[Ann]]\n"
    )
    vault = graph(tmp_path, {"journals/2026_11_20.md": journal, "pages/Ann.md": "type:: person\n"})
    found = people(vault)
    assert found["pages/Maya Chen.md"]["last_contact"] is None
    assert found["pages/Sam Rivera.md"]["last_contact"] is None
    assert found["pages/Ann.md"]["last_contact"] == "2026-11-20"  # beside it: still read


def test_a_changed_config_edn_reads_the_notes_again(tmp_path: Path) -> None:
    """What config.edn says about titles and file names changes a note's facts, so the cache
    must not serve the facts read under the old settings."""
    files = {
        "pages/Ann.md": "type:: person\n",
        "pages/Work___Bo.md": "type:: person\n",
        "journals/2026_11_24.md": "- [[20.11.2026]] tea with [[Ann]] and [[Work/Bo]]\n",
    }
    vault = graph(tmp_path, files)
    before = people(vault)
    assert before["pages/Ann.md"]["last_contact"] == "2026-11-24"  # no date: the journal's
    assert before["pages/Work___Bo.md"]["name"] == "Work___Bo"
    assert vk(vault, "sync").exit_code == 0
    (vault / "logseq/config.edn").write_text(
        '{:journal/page-title-format "dd.MM.yyyy"\n :file/name-format :triple-lowbar}\n'
    )
    after = people(vault)
    assert after["pages/Ann.md"]["last_contact"] == "2026-11-20"
    assert after["pages/Work___Bo.md"]["name"] == "Work/Bo"
    assert after["pages/Work___Bo.md"]["last_contact"] == "2026-11-20"


def test_a_block_of_only_links_takes_its_text_from_the_block_under_it(tmp_path: Path) -> None:
    """`- [[Maya Chen]]` with the conversation nested under it: the contact's text is the
    conversation, in a journal and in a dated block; a block with its own words keeps them."""
    files = {
        "journals/2026_11_20.md": "- [[Maya Chen]]\n\t- talked about the move\n",
        "pages/Notes.md": "- [[Nov 18th, 2026]] #[[Sam Rivera]]\n\t- lunch at the market\n",
        "journals/2026_11_10.md": "- [[Maya Chen]] came by\n\t- with cake\n",
        "pages/Bo.md": "type:: person\n\n- [[Nov 21st, 2026]] [[Maya Chen]]\n\t- a walk\n",
    }
    vault = graph(tmp_path, files)
    assert [c[2] for c in contacts(vault, "Maya Chen")] == [
        "a walk",
        "talked about the move",
        "[[Maya Chen]] came by",
    ]
    assert contacts(vault, "Sam Rivera") == [
        ("2026-11-18", "pages/Notes.md", "lunch at the market")
    ]
    assert contacts(vault, "Bo") == [("2026-11-21", "pages/Bo.md", "a walk")]


def test_a_task_keyword_and_a_priority_never_show_in_contact_text(tmp_path: Path) -> None:
    """A `DONE` block's contact text drops its keyword as a checked `- [x]` drops its box, and
    a priority (`[#A]`, anywhere in a block) is Logseq's badge, not text (issue 25)."""
    vault = graph(
        tmp_path,
        {
            "journals/2026_11_20.md": "- DONE [#B] walked with [[Sam Rivera]]\n"
            "- [[Maya Chen]]\n\t- DONE returned her book [#C]\n",
            "journals/2026_11_21.md": "- tea with [[Sam Rivera]] [#A], see [[#A]]\n",
        },
    )
    assert contacts(vault, "Sam Rivera") == [
        ("2026-11-21", "journals/2026_11_21.md", "tea with [[Sam Rivera]], see [[#A]]"),
        ("2026-11-20", "journals/2026_11_20.md", "walked with [[Sam Rivera]]"),
    ]
    assert contacts(vault, "Maya Chen") == [
        ("2026-11-20", "journals/2026_11_20.md", "returned her book")
    ]


def test_the_people_keys_of_a_page_split_on_commas(tmp_path: Path) -> None:
    """§13: `tags`, `alias` and the relation keys of §15 split on commas, so
    `children:: [[Mia]], Leo` is two children, as a YAML list would be."""
    vault = graph(
        tmp_path,
        {
            "pages/Ana Silva.md": "type:: person\npartner:: [[Ben Carter]]\n"
            "children:: [[Mia]], Leo\nintroduced-by:: [[Maya Chen]]\n\n- notes\n",
            "pages/Ben Carter.md": "type:: person\n\n- notes\n",
        },
    )
    got = [(r["relation"], r["name"]) for r in vk_json(vault, "show", "Ana Silva")["relations"]]
    assert got == [
        ("partner", "Ben Carter"),
        ("child", "Leo"),
        ("child", "Mia"),
        ("introduced by", "Maya Chen"),
    ]


def test_a_relation_names_a_page_in_a_namespace(tmp_path: Path) -> None:
    """`partner:: [[People/Ben Carter]]` names the page `People/Ben Carter`
    (`pages/People___Ben Carter.md`), as every other link of a graph does (§13, §15)."""
    vault = graph(
        tmp_path,
        {
            "pages/People___Ana Silva.md": "type:: person\npartner:: [[People/Ben Carter]]\n"
            "children:: [[People/Mia]], Leo\n\n- notes\n",
            "pages/People___Ben Carter.md": "type:: person\n\n- notes\n",
            "pages/People___Mia.md": "type:: person\n\n- notes\n",
        },
        config="{:file/name-format :triple-lowbar}\n",
    )
    got = [
        (r["relation"], r["name"], r["note"])
        for r in vk_json(vault, "show", "People/Ana Silva")["relations"]
    ]
    assert got == [
        ("partner", "People/Ben Carter", "pages/People___Ben Carter.md"),
        ("child", "Leo", None),
        ("child", "People/Mia", "pages/People___Mia.md"),
    ]
