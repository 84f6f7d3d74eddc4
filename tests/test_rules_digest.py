"""VAULT_FORMAT §12: the reach-out digest. Groups in order, each person once in the first group
that holds them with all their reasons, the drifting limit, what each entry carries; the page,
`vaultkit digest` and its `--json` and `--format markdown` agree."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from rulehelp import build, md
from vaulthelp import make_vault, vk, vk_json

from vaultkit.read.config import Config
from vaultkit.reports.reach_out import digest

TODAY = date(2026, 11, 25)


def _ago(n: int) -> str:
    return (TODAY - timedelta(days=n)).isoformat()


def _log(*ago: int) -> list[str]:
    return ["## Log", *[f"- {_ago(n)} met ({n})" for n in ago]]


def _groups(notes: dict[str, str], days: int = 7, limit: int = 5) -> list[tuple[str, str]]:
    view = build(notes, Config())
    return [(r.status.person.name, r.group) for r in digest(view, TODAY, days, limit, 730)]


def test_groups_come_in_order_overdue_due_birthday_drifting() -> None:
    notes = {
        "People/Drift.md": md(["tags: [x]"], *_log(100, 110, 120)),
        "People/Bday.md": md(["birthday: 1990-11-27"]),
        "People/Due.md": md(["cadence: 10"], *_log(5)),
        "People/Late.md": md(["cadence: 10"], *_log(20)),
        "People/Calm.md": md(["cadence: 30"], *_log(1)),
    }
    assert _groups(notes) == [
        ("Late", "overdue"),
        ("Due", "due"),
        ("Bday", "birthday"),
        ("Drift", "drifting"),
    ]


def test_each_person_once_in_the_first_group_with_every_reason() -> None:
    notes = {"People/Ann.md": md(["cadence: 10", "birthday: 1990-11-28"], *_log(20))}
    view = build(notes, Config())
    (r,) = digest(view, TODAY, 7, 5, 730)
    assert r.group == "overdue"
    assert [(x.kind, x.days) for x in r.reasons] == [("overdue", 10), ("birthday", 3)]
    assert r.reasons[1].age == 36 and r.reasons[1].on == date(2026, 11, 28)


def test_due_within_days_and_open_windows_earliest_due_first_then_name() -> None:
    notes = {
        "People/B.md": md(["cadence: 10"], *_log(5)),  # due in 5
        "People/A.md": md(["cadence: 10"], *_log(5)),  # due in 5: by name
        "People/W.md": md(["cadence: 20-40"], *_log(25)),  # due in 15, window open
        "People/Far.md": md(["cadence: 20"], *_log(5)),  # due in 15, no window
        "People/Edge.md": md(["cadence: 10"], *_log(4)),  # due in 6: the window's last day
    }
    assert _groups(notes) == [("A", "due"), ("B", "due"), ("Edge", "due"), ("W", "due")]
    assert _groups(notes, days=6) == [("A", "due"), ("B", "due"), ("W", "due")]


def test_a_window_that_opens_within_the_digests_days_counts() -> None:
    notes = {
        "People/Soon.md": md(["cadence: 20-40"], *_log(15)),  # opens in 5 days, due in 25
        "People/Later.md": md(["cadence: 30-40"], *_log(15)),  # opens in 15 days
        "People/Open.md": md(["cadence: 10-40"], *_log(15)),  # open since 5 days, due in 25
    }
    assert _groups(notes) == [("Open", "due"), ("Soon", "due")]
    view = build(notes, Config())
    soon = next(r for r in digest(view, TODAY, 7, 5, 730) if r.status.person.name == "Soon")
    assert (soon.reasons[0].days, soon.reasons[0].window_opens) == (25, date(2026, 11, 30))


def test_birthdays_within_days_soonest_first_then_name() -> None:
    notes = {
        "People/Zoe.md": md(["birthday: --11-26"]),
        "People/Al.md": md(["birthday: --11-26"]),
        "People/Cy.md": md(["birthday: --11-25"]),
        "People/Late.md": md(["birthday: --12-03"]),  # 8 days
    }
    assert _groups(notes) == [("Cy", "birthday"), ("Al", "birthday"), ("Zoe", "birthday")]
    assert ("Late", "birthday") not in _groups(notes, days=8)  # today and the 7 days after
    assert ("Late", "birthday") in _groups(notes, days=9)


def test_drifting_limit_counts_only_people_not_already_listed() -> None:
    notes = {
        # drifts most (4 days) and has a birthday: listed as birthday, not counted
        "People/Ann.md": md(["birthday: --11-27", "tags: [x]"], *_log(100, 110, 120, 130)),
        "People/Bob.md": md(["tags: [x]"], *_log(100, 110, 120)),
        "People/Cat.md": md(["tags: [x]"], *_log(90, 100, 110)),
    }
    assert _groups(notes, limit=1) == [("Ann", "birthday"), ("Bob", "drifting")]
    view = build(notes, Config())
    ann = digest(view, TODAY, 7, 1, 730)[0]
    assert [x.kind for x in ann.reasons] == ["birthday", "drifting"]
    assert ann.reasons[1].usual_gap == 10
    assert _groups(notes, limit=0) == [("Ann", "birthday")]


def test_snoozed_and_archived_people_are_left_out() -> None:
    notes = {
        "People/Snz.md": md(["cadence: 10", "snooze_until: 2026-12-01", "birthday: --11-26"]),
        "People/Arc.md": md(["cadence: 10", "archived: true", "birthday: --11-26"]),
    }
    assert _groups(notes) == []


DIGEST_VAULT = {
    "People/Ann.md": md(
        ["cadence: weekly", "birthday: 1990-11-28"],
        "# Ann",
        "## Log",
        "- 2026-11-01 lunch; her new job starts in January",
        "- 2026-10-20 call",
        "- 2026-10-01 walk",
        "- 2026-09-01 old news",
        "- 2026-12-01 plans are not contact",
    ),
    "Daily/2026-11-10.md": "- [ ] send [[Ann]] the book 📅 2026-11-30\n",
}


def test_digest_json_shape(tmp_path: Path) -> None:
    vault = make_vault(tmp_path, DIGEST_VAULT)
    (ann,) = vk_json(vault, "digest")
    recent = [
        {
            "date": "2026-11-01",
            "source": "People/Ann.md",
            "line": 7,
            "text": ann["recent"][0]["text"],
        },
        {"date": "2026-10-20", "source": "People/Ann.md", "line": 8, "text": "call"},
        {"date": "2026-10-01", "source": "People/Ann.md", "line": 9, "text": "walk"},
    ]
    assert ann == {
        "name": "Ann",
        "note": "People/Ann.md",
        "group": "overdue",
        "reasons": [
            {"kind": "overdue", "days": 17, "due": "2026-11-08"},
            {"kind": "promised", "days": 5, "due": "2026-11-30", "count": 1},
            {
                "kind": "birthday",
                "days": 3,
                "date": "2026-11-28",
                "age": 36,
                "label": None,
                "years": 36,
            },
        ],
        "last_contact": recent[0],
        "recent": recent,
        "followups": [
            {
                "name": "Ann",
                "note": "People/Ann.md",
                "source": "Daily/2026-11-10.md",
                "line": 1,
                "text": ann["followups"][0]["text"],
                "due": "2026-11-30",
            }
        ],
        "asks": [],
        "introductions": [],
        "gifts": [],  # open gift ideas: she is listed with a birthday reason, and has none
        "relations": [],  # the people around her (§15): none written
    }
    assert "new job" in ann["recent"][0]["text"] and "the book" in ann["followups"][0]["text"]


def test_digest_days_option_and_config(tmp_path: Path) -> None:
    files = {"People/Bo.md": md(["birthday: --12-05"], "# Bo")}
    vault = make_vault(tmp_path, files)
    assert vk_json(vault, "digest") == []
    assert vk_json(vault, "digest", "--days", "10") == []  # 2026-11-25 to 2026-12-04
    assert [r["name"] for r in vk_json(vault, "digest", "--days", "11")] == ["Bo"]
    (vault / "vaultkit.toml").write_text("digest_days = 11\n", encoding="utf-8")
    assert [r["group"] for r in vk_json(vault, "digest")] == ["birthday"]


def test_page_markdown_and_letter_say_the_same_things(tmp_path: Path) -> None:
    vault = make_vault(tmp_path, DIGEST_VAULT)
    assert vk(vault, "sync").exit_code == 0
    page = (vault / "Vaultkit/Reach out.md").read_text(encoding="utf-8")
    body = vk(vault, "digest", "--format", "markdown").stdout
    assert page.startswith("---\ngenerated_by: vaultkit\n---\n# Reach out\n")
    assert body.startswith("# Reach out\n\n")
    assert page.endswith(body.split("\n", 1)[1])  # the page is the body with its notice
    assert "## [[People/Ann|Ann]]" in body
    assert "Overdue by 17 days (due 2026-11-08; every 7 days, own cadence); " in body
    assert "; a promise due in 5 days (2026-11-30); " in body
    assert "birthday in 3 days (2026-11-28), turns 36." in body
    assert "**Last contact:** 2026-11-01 (24 days ago) · [[People/Ann|Ann]] — lunch;" in body
    assert "- send [[Ann]] the book 📅 2026-11-30 (due 2026-11-30) · [[Daily/2026-11-10" in body
    letter = vk(vault, "digest").stdout
    assert letter.startswith("Reach out in the next 7 days (2026-11-25 to 2026-12-01): 1 person.\n")
    assert "Ann — Overdue by 17 days" in letter
    assert "  Last contact 2026-11-01 (24 days ago): lunch;" in letter
    assert "  You promised: send Ann the book" in letter  # no link syntax in the terminal


def test_an_empty_digest_says_so(tmp_path: Path) -> None:
    vault = make_vault(tmp_path, {"People/Bo.md": "# Bo\n"})
    assert vk(vault, "digest").stdout.strip() == (
        "Nobody to reach out to in the next 7 days (2026-11-25 to 2026-12-01)."
    )
    assert vk(vault, "sync").exit_code == 0
    page = (vault / "Vaultkit/Reach out.md").read_text(encoding="utf-8")
    assert "Nobody needs a nudge this week." in page


# --- edition 3 (issue 22): promises bring people to the top; the window is today + N-1 days ---


def test_overdue_follow_ups_bring_jonas_and_lena_to_reach_out() -> None:
    notes = {
        "People/Jonas Weber.md": md(["tags: [person]"]),
        "People/Lena Fischer.md": md(["tags: [person]"]),
        "People/Maya Chen.md": md(["tags: [person]"]),
        "People/Tom Becker.md": md(["tags: [person]"]),
        "People/Due.md": md(["cadence: 10"], *_log(5)),  # due in 5
        "People/Late.md": md(["cadence: 10"], *_log(20)),  # overdue, and promised
        "Daily/2026-11-20.md": md(
            None,
            "- [ ] Introduce [[Jonas Weber]] to someone at Acme? 📅 2026-11-21",
            "- [ ] Send [[Lena Fischer]] the recipe 📅 2026-11-24",
            "- [ ] Ask [[Maya Chen]] about the flat 📅 2026-11-27",
            "- [ ] Lunch with [[Tom Becker]] 📅 2026-12-02",  # past the 7 days: not yet
            "- [ ] Call [[Late]] back 📅 2026-11-22",
            "- [ ] Book the restaurant with [[Maya Chen]]",  # no due date: no hurry
        ),
    }
    assert _groups(notes) == [
        ("Late", "overdue"),
        ("Jonas Weber", "promised"),
        ("Lena Fischer", "promised"),
        ("Maya Chen", "promised"),
        ("Due", "due"),
    ]
    view = build(notes, Config())
    found = {r.status.person.name: r for r in digest(view, TODAY, 7, 5, 730)}
    assert [(x.kind, x.days, x.on) for x in found["Jonas Weber"].reasons] == [
        ("promised", -4, date(2026, 11, 21))
    ]
    assert [x.kind for x in found["Late"].reasons] == ["overdue", "promised"]
    assert len(found["Maya Chen"].followups) == 2  # every promise is listed
    assert ("Tom Becker", "promised") in _groups(notes, days=8)


def test_a_weekly_friend_called_today_is_not_due_on_the_seven_day_digest() -> None:
    notes = {"People/Sofia Russo.md": md(["cadence: weekly"], *_log(0))}
    assert _groups(notes) == []
    assert _groups(notes, days=8) == [("Sofia Russo", "due")]
    view = build(notes, Config())
    (r,) = digest(view, TODAY, 8, 5, 730)
    assert (r.reasons[0].days, r.reasons[0].on) == (7, date(2026, 12, 2))


def test_digest_days_zero_looks_at_no_day_ahead(tmp_path: Path) -> None:
    files = {
        "People/Bo.md": md(["birthday: --11-25", "cadence: 10"], *_log(3)),  # birthday today
        "People/Al.md": md(["cadence: 10"], *_log(10)),  # due today: overdue by 0
        "People/Cy.md": md(["tags: [x]"]),
        "Daily/2026-11-20.md": "- [ ] call [[Cy]] 📅 2026-11-25\n- [ ] text [[Bo]] 📅 2026-11-24\n",
    }
    vault = make_vault(tmp_path, files)
    found = vk_json(vault, "digest", "--days", "0")
    assert [(r["name"], r["group"]) for r in found] == [("Al", "overdue"), ("Bo", "promised")]
    letter = vk(vault, "digest", "--days", "0").stdout
    assert letter.startswith("Reach out now (what is already late on 2026-11-25; no day ahead)")
    assert "next 0 days" not in letter
    assert "in the next" not in vk(vault, "digest", "--days", "0", "--format", "markdown").stdout
    one = vk(vault, "digest", "--days", "1").stdout
    assert one.startswith("Reach out today (2026-11-25): 3 people.")


def test_a_task_linking_two_people_is_counted_once_on_the_follow_ups_page(tmp_path: Path) -> None:
    files = {
        "People/Jonas Weber.md": "",
        "People/Lena Fischer.md": "",
        "Daily/2026-11-20.md": (
            "- [ ] Introduce [[Jonas Weber]] to [[Lena Fischer]] 📅 2026-12-01\n"
        ),
    }
    vault = make_vault(tmp_path, files)
    assert vk(vault, "sync").exit_code == 0
    page = (vault / "Vaultkit/Follow-ups.md").read_text(encoding="utf-8")
    assert "1 open follow-up; " in page
    assert page.count("Introduce [[Jonas Weber]] to [[Lena Fischer]]") == 2  # under each
