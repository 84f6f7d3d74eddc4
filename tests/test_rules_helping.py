"""VAULT_FORMAT §11: asks, offers and possible introductions. One test per rule: both sources,
ownership in person notes and elsewhere, closing, expiry at its edge, archived people, topic
matching and normalisation, A != B, order, no duplicates; then the CLI's JSON and the page."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rulehelp import build, md
from vaulthelp import make_vault, vk, vk_json

from vaultkit.read.config import Config
from vaultkit.reports.ways_to_help import helping
from vaultkit.text.topics import topic_key, topics_match

TODAY = date(2026, 11, 25)


def _h(notes: dict[str, str], ask_days: int = 365):  # type: ignore[no-untyped-def]
    return helping(build(notes, Config()), TODAY, ask_days)


def _asks(notes: dict[str, str], ask_days: int = 365) -> list[tuple[str, str, str | None]]:
    view = build(notes, Config())
    found = helping(view, TODAY, ask_days).asks
    return [
        (view.people[n.person].name, n.topic, n.date.isoformat() if n.date else None) for n in found
    ]


# --- topics --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "key"),
    [
        ("climbing", "climbing"),
        ("#Climbing", "climbing"),
        ("Patent law", "patent-law"),
        ("patent_law", "patent-law"),
        ("Python/Mentoring", "python/mentoring"),
        ("python//mentoring/", "python/mentoring"),
        ("Cafe\u0301", "café"),  # NFC
    ],
)
def test_topics_are_normalised(written: str, key: str) -> None:
    assert topic_key(written) == key


def test_topics_match_when_equal_or_nested() -> None:
    assert topics_match("python", "python")
    assert topics_match("python", "python/mentoring")
    assert topics_match("python/mentoring", "python")
    assert not topics_match("python", "pythonista")
    assert not topics_match("python/mentoring", "python/packaging")


@given(st.text(alphabet="abcXYZ _-/#é", max_size=12))
def test_topic_key_is_idempotent(text: str) -> None:
    assert topic_key(topic_key(text)) == topic_key(text)


# --- sources and ownership -----------------------------------------------------------------


def test_front_matter_asks_and_offers_one_string_or_a_list_no_date() -> None:
    notes = {
        "People/Ann.md": md(["asks: Kiln share", "offers: [python, Patent law]"], "# Ann"),
    }
    h = _h(notes)
    assert [(n.topic, n.text, n.date, n.line) for n in h.asks] == [
        ("kiln-share", "Kiln share", None, 2)
    ]
    assert [n.topic for n in h.offers] == ["patent-law", "python"]


def test_an_inline_tag_in_a_person_note_is_theirs_even_with_other_links() -> None:
    notes = {
        "People/Ann.md": md(None, "# Ann", "", "Wants a flat near [[Bob]]. #ask/housing"),
        "People/Bob.md": md(None, "# Bob"),
    }
    assert _asks(notes) == [("Ann", "housing", None)]


def test_elsewhere_a_tag_belongs_to_every_person_linked_on_its_line() -> None:
    notes = {
        "People/Ann.md": "# Ann\n",
        "People/Bob.md": "# Bob\n",
        "People/Cy.md": "# Cy\n",
        "Daily/2026-11-20.md": md(
            None, "[[Ann]] and [[Bob]] both want a climbing partner #ask/climbing", "[[Cy]] too"
        ),
        "Ideas.md": "An undated note: #ask/nobody has no owner\n",
    }
    assert _asks(notes) == [("Ann", "climbing", "2026-11-20"), ("Bob", "climbing", "2026-11-20")]


def test_dates_log_item_then_date_heading_then_note_date() -> None:
    notes = {
        "People/Ann.md": md(
            None,
            "# Ann",
            "## Log",
            "- 2026-10-01 she wants a mentor #ask/mentoring",
            "### 2026-09-15",
            "Thinking about moving. #ask/housing",
            "## About",
            "Always looking for books #ask/books",
        ),
        "Daily/2026-11-03.md": "[[Ann]] needs a lawyer #ask/law\n",
    }
    assert sorted(_asks(notes)) == [
        ("Ann", "books", None),
        ("Ann", "housing", "2026-09-15"),
        ("Ann", "law", "2026-11-03"),
        ("Ann", "mentoring", "2026-10-01"),
    ]


def test_tags_in_code_comments_and_struck_text_are_not_asks() -> None:
    notes = {
        "People/Ann.md": md(
            None,
            "# Ann",
            "`#ask/code` and %%#ask/comment%%",
            "```",
            "#ask/fenced",
            "```",
            "<!-- #ask/html -->",
            "~~#ask/struck~~",
        )
    }
    assert _asks(notes) == []


def test_a_checked_task_closes_an_ask_an_open_one_does_not() -> None:
    notes = {
        "People/Ann.md": "# Ann\n",
        "Daily/2026-11-20.md": md(
            None,
            "- [x] found [[Ann]] a plumber #ask/plumber",
            "- [ ] find [[Ann]] a dentist #ask/dentist",
        ),
    }
    assert _asks(notes) == [("Ann", "dentist", "2026-11-20")]


def test_expiry_keeps_an_ask_exactly_ask_days_old() -> None:
    def note(days: int) -> dict[str, str]:
        day = (TODAY - timedelta(days=days)).isoformat()
        return {"People/Ann.md": "# Ann\n", f"Daily/{day}.md": "[[Ann]] #ask/housing\n"}

    assert len(_asks(note(365))) == 1
    assert _asks(note(366)) == []
    assert len(_asks(note(30), ask_days=30)) == 1
    assert _asks(note(31), ask_days=30) == []
    # undated asks never expire, and offers never do
    old = (TODAY - timedelta(days=2000)).isoformat()
    notes = {"People/Bo.md": "# Bo\n", f"Daily/{old}.md": "[[Bo]] #offer/cooking\n"}
    assert [n.topic for n in _h(notes).offers] == ["cooking"]


def test_archived_peoples_asks_and_offers_are_left_out() -> None:
    notes = {
        "People/Ann.md": md(["archived: true", "asks: [housing]", "offers: [python]"], "# Ann"),
        "People/Bob.md": md(["offers: [housing]"], "# Bob"),
    }
    h = _h(notes)
    assert h.asks == [] and h.introductions == []
    assert [n.topic for n in h.offers] == ["housing"]


# --- introductions -------------------------------------------------------------------------


def test_an_ask_meets_an_offer_on_equal_or_nested_topics_never_the_same_person() -> None:
    notes = {
        "People/Ann.md": md(["asks: [python/packaging, cooking]", "offers: [cooking]"], "# A"),
        "People/Bob.md": md(["offers: [python]"], "# B"),
        "People/Cy.md": md(["offers: [python/packaging/wheels, pythonista]"], "# C"),
    }
    view = build(notes, Config())
    h = helping(view, TODAY, 365)
    found = [
        (i.topic, view.people[i.ask.person].name, view.people[i.offer.person].name)
        for i in h.introductions
    ]
    assert found == [("python/packaging", "Ann", "Bob"), ("python/packaging", "Ann", "Cy")]


def test_each_asker_helper_topic_once_and_ordered() -> None:
    notes = {
        "People/Zed.md": md(["asks: [Climbing]"], "# Zed", "", "Again #ask/climbing"),
        "People/Amy.md": md(["asks: [climbing]"], "# Amy"),
        "People/Bob.md": md(["offers: [climbing, climbing/bouldering]"], "# Bob"),
        "People/Abe.md": md(["offers: [climbing]"], "# Abe"),
        "People/Cat.md": md(["asks: [art]"], "# Cat"),
        "People/Dan.md": md(["offers: [art]"], "# Dan"),
    }
    view = build(notes, Config())
    pairs = [
        (i.topic, view.people[i.ask.person].name, view.people[i.offer.person].name)
        for i in helping(view, TODAY, 365).introductions
    ]
    assert pairs == [
        ("art", "Cat", "Dan"),
        ("climbing", "Amy", "Abe"),
        ("climbing", "Amy", "Bob"),
        ("climbing", "Zed", "Abe"),
        ("climbing", "Zed", "Bob"),
    ]


def test_the_same_ask_twice_on_a_line_is_listed_once() -> None:
    notes = {"People/Ann.md": "# Ann\n\nflat #ask/housing #ask/Housing\n"}
    assert _asks(notes) == [("Ann", "housing", None)]


# --- issues, CLI, page ---------------------------------------------------------------------


def test_malformed_entries_are_reported() -> None:
    notes = {
        "People/Ann.md": md(["asks: {a: 1}", "offers: [python, 3]"], "# Ann", "", "x #ask/"),
        "Daily/2026-11-20.md": "[[Ann]] #offer/ hmm\n",
    }
    view = build(notes, Config())
    kinds = sorted(
        (i.kind, i.path, i.line) for i in view.issues if "ask" in i.kind or "offer" in i.kind
    )
    assert kinds == [
        ("bad-ask", "People/Ann.md", 7),
        ("bad-asks", "People/Ann.md", 2),
        ("bad-offer", "Daily/2026-11-20.md", 1),
        ("bad-offers", "People/Ann.md", 3),
    ]
    assert [n.topic for n in helping(view, TODAY, 365).offers] == ["python"]


HELP_VAULT = {
    "People/Sam.md": md(["cadence: 7", "birthday: --11-27"], "# Sam"),
    "People/Diego.md": md(["offers: [climbing]"], "# Diego"),
    "Daily/2026-11-20.md": "[[Sam]] wants a climbing partner in Denver #ask/climbing\n",
}


def test_asks_json_shape(tmp_path: Path) -> None:
    vault = make_vault(tmp_path, HELP_VAULT)
    text = "[[Sam]] wants a climbing partner in Denver #ask/climbing"
    assert vk_json(vault, "asks") == {
        "asks": [
            {
                "name": "Sam",
                "note": "People/Sam.md",
                "topic": "climbing",
                "text": text,
                "date": "2026-11-20",
                "source": "Daily/2026-11-20.md",
                "line": 1,
            }
        ],
        "offers": [
            {
                "name": "Diego",
                "note": "People/Diego.md",
                "topic": "climbing",
                "text": "climbing",
                "date": None,
                "source": "People/Diego.md",
                "line": 2,
            }
        ],
        "introductions": [
            {
                "topic": "climbing",
                "asker": "Sam",
                "asker_note": "People/Sam.md",
                "helper": "Diego",
                "helper_note": "People/Diego.md",
                "ask_text": text,
                "ask_source": "Daily/2026-11-20.md",
            }
        ],
    }
    show = vk_json(vault, "show", "Sam")
    assert [a["topic"] for a in show["asks"]] == ["climbing"] and show["offers"] == []
    (sam,) = vk_json(vault, "digest")
    assert [a["topic"] for a in sam["asks"]] == ["climbing"]
    assert [i["helper"] for i in sam["introductions"]] == ["Diego"]


def test_the_page_and_the_person_block(tmp_path: Path) -> None:
    block = "<!-- vaultkit:begin -->\n<!-- vaultkit:end -->\n"
    files = {**HELP_VAULT, "People/Sam.md": HELP_VAULT["People/Sam.md"] + block}
    files["People/Diego.md"] = HELP_VAULT["People/Diego.md"] + block
    vault = make_vault(tmp_path, files)
    assert vk(vault, "sync").exit_code == 0
    page = (vault / "Vaultkit/Ways to help.md").read_text(encoding="utf-8")
    assert "2026-11-25: 1 possible introduction, 1 open ask." in page
    assert "| climbing | [[People/Sam\\|Sam]] | [[People/Diego\\|Diego]] |" in page
    assert "- **climbing**: [[People/Diego|Diego]]" in page
    sam = (vault / "People/Sam.md").read_text(encoding="utf-8")
    assert "- **Looking for:** climbing\n" in sam
    diego = (vault / "People/Diego.md").read_text(encoding="utf-8")
    assert "- **Can help with:** climbing\n" in diego
    digest = (vault / "Vaultkit/Reach out.md").read_text(encoding="utf-8")
    assert "**Looking for:**" in digest
    assert (
        "**You could introduce them to:**\n\n- [[People/Diego|Diego]], who can help with climbing"
        in digest
    )


def test_empty_page_teaches_the_syntax(tmp_path: Path) -> None:
    vault = make_vault(tmp_path, {"People/Bo.md": "# Bo\n"})
    assert vk(vault, "sync").exit_code == 0
    page = (vault / "Vaultkit/Ways to help.md").read_text(encoding="utf-8")
    assert "No open asks. Write `#ask/<topic>`" in page
    assert vk(vault, "asks").stdout.strip() == "No asks or offers in the vault."


def test_a_session_that_lives_on_shows_a_new_ask_in_the_persons_block(tmp_path: Path) -> None:
    """The person block lists what they are looking for: an ask added while `watch` runs
    must reach the block even though none of their contacts changed (found by the cache
    model test's long-lived session)."""
    from vaultkit.session.sync import Vault, sync

    root = make_vault(
        tmp_path,
        {
            "People/Maya.md": "---\ntags: [person]\n---\n# Maya\n\n"
            "<!-- vaultkit:begin -->\n<!-- vaultkit:end -->\n",
            "Daily/2026-11-20.md": "- Coffee with [[Maya]].\n- Lunch with [[Maya]] and [[Sam]].\n",
        },
    )
    session = Vault(root)
    sync(session, TODAY)  # writes the block
    sync(session, TODAY)  # finds it current, and remembers what it was made of
    assert "Looking for" not in (root / "People/Maya.md").read_text(encoding="utf-8")
    with open(root / "Daily/2026-11-20.md", "a", encoding="utf-8") as fh:
        fh.write("- [[Maya]] is looking for a flat #ask/housing\n")
    sync(session, TODAY)
    assert "**Looking for:** housing" in (root / "People/Maya.md").read_text(encoding="utf-8")


# --- edition 3 (issue 22): introductions close asks ------------------------------------------

INTRO_PEOPLE = {
    "People/Jonas Weber.md": md(["tags: [person]"]),
    "People/Lena Fischer.md": md(["tags: [person]", "offers: [python]"]),
    "People/Priya Shah.md": md(["tags: [person]", "asks: [python]"]),
}


def test_introducing_jonas_to_lena_closes_jonass_ask() -> None:
    notes = {
        **INTRO_PEOPLE,
        "Daily/2026-11-20.md": "[[Jonas Weber]] wants to learn Python #ask/python\n",
        "Daily/2026-11-23.md": (
            "- [x] Introduced [[Jonas Weber]] to [[Lena Fischer]] #ask/python ✅ 2026-11-23\n"
        ),
    }
    h = _h(notes)
    assert [(n.person, n.topic) for n in h.asks] == [("People/Priya Shah.md", "python")]
    assert [(i.ask.person, i.offer.person) for i in h.introductions] == [
        ("People/Priya Shah.md", "People/Lena Fischer.md")
    ]  # Jonas's introduction is no longer suggested; Priya's front-matter ask stays open


@pytest.mark.parametrize(
    ("task", "open_after"),
    [
        # a matching (nested) topic closes it too
        ("- [x] Put [[Jonas Weber]] in touch with Lena #ask/python/mentoring ✅ 2026-11-23", []),
        # another topic, another person, or an open task closes nothing
        ("- [x] Introduced [[Jonas Weber]] to Lena #ask/climbing ✅ 2026-11-23", ["python"]),
        ("- [x] Introduced [[Priya Shah]] to Lena #ask/python ✅ 2026-11-23", ["python"]),
        ("- [ ] Introduce [[Jonas Weber]] to Lena #ask/python 📅 2026-11-23", ["python"] * 2),
        # done before the ask was written: that ask is newer
        ("- [x] Introduced [[Jonas Weber]] to Lena #ask/python ✅ 2026-11-19", ["python"]),
        # done the same day: closed
        ("- [x] Introduced [[Jonas Weber]] to Lena #ask/python ✅ 2026-11-20", []),
        # a checked task in a dated note without a done date: done on the note's date
        ("- [x] Introduced [[Jonas Weber]] to Lena #ask/python", []),
    ],
)
def test_which_checked_tasks_close_an_ask(task: str, open_after: list[str]) -> None:
    notes = {
        **INTRO_PEOPLE,
        "Daily/2026-11-20.md": "[[Jonas Weber]] wants to learn Python #ask/python\n",
        "Daily/2026-11-23.md": task + "\n",
    }
    view = build(notes, Config())
    asks = helping(view, TODAY, 365).of("People/Jonas Weber.md")[0]
    assert [n.topic for n in asks] == open_after


def test_an_introduction_closes_the_asks_of_everyone_it_links() -> None:
    notes = {
        "People/Jonas Weber.md": md(["tags: [person]"], "Looking for a Python mentor #ask/python"),
        "People/Lena Fischer.md": md(None, "## Log", "- 2026-11-01 wants a job #ask/python"),
        "Notes/Intros.md": md(
            None, "- [x] Introduced [[Jonas Weber]] to [[Lena Fischer]] #ask/python ✅ 2026-11-24"
        ),
    }
    # Jonas's ask is undated (a person note's body outside its log): closed all the same
    assert _h(notes).asks == []


def test_an_introduction_leaves_a_front_matter_ask_open() -> None:
    notes = {
        **INTRO_PEOPLE,
        "Daily/2026-11-23.md": "- [x] Introduced [[Priya Shah]] to Lena #ask/python ✅ 2026-11-23",
    }
    assert [(n.person, n.topic) for n in _h(notes).asks] == [("People/Priya Shah.md", "python")]
