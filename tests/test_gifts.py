"""VAULT_FORMAT §17: gift ideas. One test per rule: whose idea it is (person note, elsewhere,
people linked on the line only), `#gift` and `#gift/<topic>` in any case, a checked task is
a gift given, where tags do not count (code, comments, struck-through text), the date (log
item, date heading, the note's, none), the order, archived people; then the page, the CLI
(text and JSON, in-process and as a process), the API, the digest entry of a birthday, and
the cache (a new session after an edit, without re-reading unchanged notes)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from rulehelp import build, md
from vaulthelp import make_vault, run_module, vk, vk_json

import vaultkit
from vaultkit.core.kinds import GIFTS
from vaultkit.read.config import Config
from vaultkit.reports.gifts import gift_lists

ANA = "People/Ana Silva.md"
BEN = "People/Ben Carter.md"
PEOPLE = {
    ANA: md(["birthday: 1990-11-27", "cadence: monthly"], "# Ana Silva"),
    BEN: md(["cadence: monthly"], "# Ben Carter"),
}


def _ideas(notes: dict[str, str]) -> dict[str, list[tuple[str, str | None, str, int]]]:
    """Person's name -> their open ideas as (text, date, source, line), in the page's order."""
    view = build({**PEOPLE, **notes}, Config())
    return {
        g.person.name: [
            (i.text, i.date.isoformat() if i.date else None, i.source, i.line) for i in g.ideas
        ]
        for g in gift_lists(view)
    }


# --- whose idea --------------------------------------------------------------------------------


def test_in_a_person_note_the_idea_is_theirs_even_when_it_links_someone_else() -> None:
    found = _ideas(
        {ANA: md(["birthday: 1990-11-27"], "# Ana", "- a mug like [[Ben Carter]]'s #gift")}
    )
    assert found == {"Ana Silva": [("a mug like [[Ben Carter]]'s #gift", None, ANA, 5)]}


def test_elsewhere_it_is_for_every_person_linked_on_its_line_and_no_one_else() -> None:
    found = _ideas(
        {
            "Ideas.md": "# Ideas\n\n[[Ben Carter]] was here.\n"
            "- board game for [[Ana Silva]] and [[Ben Carter]] #gift/games\n"
        }
    )
    text = "board game for [[Ana Silva]] and [[Ben Carter]] #gift/games"
    assert found == {
        "Ana Silva": [(text, None, "Ideas.md", 4)],
        "Ben Carter": [(text, None, "Ideas.md", 4)],
    }


def test_a_line_that_links_no_person_is_nobodys_idea() -> None:
    assert _ideas({"Ideas.md": "- a kite #gift\n- a book for [[Nobody Here]] #gift\n"}) == {}


@pytest.mark.parametrize("tag", ["#gift", "#Gift", "#GIFT/Books", "#gift/books/novels"])
def test_gift_and_gift_with_a_topic_in_any_case(tag: str) -> None:
    assert list(_ideas({"Ideas.md": f"- for [[Ben Carter]] {tag}\n"})) == ["Ben Carter"]


@pytest.mark.parametrize("tag", ["#gifts", "#giftwrap", "#regift", "gift", "#ask/gift"])
def test_other_tags_are_not_gift_ideas(tag: str) -> None:
    assert _ideas({"Ideas.md": f"- for [[Ben Carter]] {tag}\n"}) == {}


def test_a_checked_task_is_a_gift_given_not_an_open_idea() -> None:
    notes = {
        "Ideas.md": "- [x] scarf for [[Ben Carter]] #gift ✅ 2026-11-01\n"
        "- [ ] gloves for [[Ben Carter]] #gift\n"
    }
    assert _ideas(notes) == {
        "Ben Carter": [("gloves for [[Ben Carter]] #gift", None, "Ideas.md", 2)]
    }


@pytest.mark.parametrize(
    "body",
    [
        "```\n- for [[Ben Carter]] #gift\n```\n",
        "    for [[Ben Carter]] #gift\n",
        "<!-- for [[Ben Carter]] #gift -->\n",
        "%% for [[Ben Carter]] #gift %%\n",
        "- ~~for [[Ben Carter]] #gift~~\n",
        "- `#gift` for [[Ben Carter]]\n",
    ],
)
def test_a_tag_in_code_comments_or_struck_through_text_does_not_count(body: str) -> None:
    assert _ideas({"Ideas.md": "# Ideas\n\n" + body}) == {}


# --- dates and order ---------------------------------------------------------------------------


def test_the_date_is_the_log_items_then_the_date_headings_then_the_notes() -> None:
    ben = md(
        ["cadence: monthly"],
        "# Ben",
        "## Log",
        "- 2026-10-02 lunch",
        "  - he wants a new thermos #gift",
        "### 2026-10-09",
        "A bike bell would do #gift",
    )
    found = _ideas(
        {
            BEN: ben,
            "Daily/2026-11-20.md": "- [[Ben Carter]] loves fig jam #gift/food\n",
            "Ideas.md": "- socks for [[Ben Carter]] #gift\n",
        }
    )
    assert [(text.split(" #")[0], when) for text, when, _, _ in found["Ben Carter"]] == [
        ("[[Ben Carter]] loves fig jam", "2026-11-20"),
        ("A bike bell would do", "2026-10-09"),
        ("he wants a new thermos", "2026-10-02"),
        ("socks for [[Ben Carter]]", None),  # undated last
    ]


def test_archived_people_are_left_out() -> None:
    archived = md(["archived: true"], "# Ben", "- a pen #gift")
    assert _ideas({BEN: archived}) == {}


def test_people_are_listed_by_name() -> None:
    found = _ideas({"Ideas.md": "- [[Ben Carter]] #gift\n- [[Ana Silva]] #gift\n"})
    assert list(found) == ["Ana Silva", "Ben Carter"]


# --- the page, the CLI, the API ----------------------------------------------------------------

VAULT = {
    **PEOPLE,
    "Daily/2026-11-20.md": (
        "- Coffee with [[Ana Silva]]: she wants the Saramago novel #gift/books\n"
    ),
    "Ideas.md": "- climbing chalk bag for [[Ben Carter]] #gift\n",
}


def test_the_page_lists_each_person_with_their_ideas_and_sources(tmp_path: Path) -> None:
    vault = make_vault(tmp_path, VAULT)
    assert vk(vault, "sync").exit_code == 0
    page = (vault / "Vaultkit" / "Gift ideas.md").read_text(encoding="utf-8")
    assert "Open gift ideas, as of 2026-11-25: 2 ideas for 2 people." in page
    ana, ben = page.index("## [[People/Ana Silva|Ana Silva]]"), page.index("## [[People/Ben")
    assert ana < ben
    assert (
        "- 2026-11-20 · Coffee with [[Ana Silva]]: she wants the Saramago novel \\#gift/books"
        " · [[Daily/2026-11-20|2026-11-20]]\n" in page
    )
    assert "- climbing chalk bag for [[Ben Carter]] \\#gift · [[Ideas]]\n" in page


def test_with_no_ideas_the_page_says_how_to_write_one(tmp_path: Path) -> None:
    vault = make_vault(tmp_path, PEOPLE)
    assert vk(vault, "sync").exit_code == 0
    page = (vault / "Vaultkit" / "Gift ideas.md").read_text(encoding="utf-8")
    assert "No open gift ideas. Write `#gift`" in page


def test_gifts_json_is_name_note_and_ideas(tmp_path: Path) -> None:
    vault = make_vault(tmp_path, VAULT)
    assert vk_json(vault, "gifts") == [
        {
            "name": "Ana Silva",
            "note": ANA,
            "ideas": [
                {
                    "text": "Coffee with [[Ana Silva]]: she wants the Saramago novel #gift/books",
                    "date": "2026-11-20",
                    "source": "Daily/2026-11-20.md",
                    "line": 1,
                }
            ],
        },
        {
            "name": "Ben Carter",
            "note": BEN,
            "ideas": [
                {
                    "text": "climbing chalk bag for [[Ben Carter]] #gift",
                    "date": None,
                    "source": "Ideas.md",
                    "line": 1,
                }
            ],
        },
    ]


def test_gifts_as_text_and_as_a_process(tmp_path: Path) -> None:
    vault = make_vault(tmp_path, VAULT)
    done = run_module(["gifts", "--vault", str(vault), "--today", "2026-11-25"], cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "Ana Silva:",
        "  2026-11-20  Coffee with Ana Silva: she wants the Saramago novel #gift/books"
        "  [Daily/2026-11-20.md]",
        "Ben Carter:",
        "  climbing chalk bag for Ben Carter #gift  [Ideas.md]",
    ]
    empty = make_vault(tmp_path, PEOPLE, name="empty")
    assert vk(empty, "gifts").stdout == "No open gift ideas in the vault.\n"


def test_the_api_gives_typed_ideas(tmp_path: Path) -> None:
    vault = make_vault(tmp_path, VAULT)
    found = vaultkit.open_vault(vault, today=date(2026, 11, 25), cache=False).gifts()
    assert [g.name for g in found] == ["Ana Silva", "Ben Carter"]
    assert found[0].ideas[0].date == date(2026, 11, 20)
    assert found[0].to_json() == vk_json(vault, "gifts")[0]


# --- the digest --------------------------------------------------------------------------------


def test_a_person_listed_for_a_birthday_has_their_ideas_in_the_digest(tmp_path: Path) -> None:
    vault = make_vault(tmp_path, VAULT)  # Ana: birthday in 2 days; Ben: never contacted
    entries = {e["name"]: e for e in vk_json(vault, "digest")}
    assert entries["Ana Silva"]["group"] == "birthday"
    assert [i["text"] for i in entries["Ana Silva"]["gifts"]] == [
        "Coffee with [[Ana Silva]]: she wants the Saramago novel #gift/books"
    ]
    assert entries["Ben Carter"]["group"] != "birthday"
    assert entries["Ben Carter"]["gifts"] == []  # his ideas wait for his birthday
    letter = vk(vault, "digest").stdout
    assert "  Gift ideas: Coffee with Ana Silva: she wants the Saramago novel #gift/books" in letter
    assert "climbing chalk bag" not in letter
    assert vk(vault, "sync").exit_code == 0
    page = (vault / "Vaultkit" / "Reach out.md").read_text(encoding="utf-8")
    assert "**Gift ideas:**" in page and "climbing chalk bag" not in page


# --- cached and incremental --------------------------------------------------------------------


def test_an_edited_idea_shows_from_the_cache_in_a_new_session(tmp_path: Path) -> None:
    vault = make_vault(tmp_path, VAULT)
    cache = tmp_path / "cache"
    today = date(2026, 11, 25)
    first = vaultkit.open_vault(vault, today=today, cache_dir=cache).sync()
    assert first.changes.added == 4 and "Gift ideas.md" in first.pages.written
    ideas = vault / "Ideas.md"
    ideas.write_text(
        "- [x] climbing chalk bag for [[Ben Carter]] #gift\n- a hat for [[Ben Carter]] #gift\n"
    )
    second = vaultkit.open_vault(vault, today=today, cache_dir=cache)
    stats = second.sync()
    assert stats.changes.added == 0 and stats.changes.modified == 1  # the other notes stay cached
    assert [i.text for g in second.gifts() if g.name == "Ben Carter" for i in g.ideas] == [
        "a hat for [[Ben Carter]] #gift"
    ]
    page = (vault / "Vaultkit" / "Gift ideas.md").read_text(encoding="utf-8")
    assert "a hat for" in page and "chalk bag" not in page


def test_gifts_are_a_kind_of_the_registry() -> None:
    """The whole kind is one declaration: the engine, the cache and the collector read it."""
    assert GIFTS.line_tags == ("gift",) and GIFTS.from_tag is not None
    assert json.dumps(GIFTS.item_json(GIFTS.model("p", "t", None, "s.md", 1))) == (
        '{"text": "t", "date": null, "source": "s.md", "line": 1}'
    )
