"""Issue 22's two weeks, re-run (tests/first_week.py): each evening, what a new user reads back
— last contacts, follow-ups, asks and the digest's groups — is what the contract says."""

from __future__ import annotations

from pathlib import Path

import first_week

Groups = list[tuple[str, str]]


def _g(**groups: list[str]) -> Groups:
    return [(name, group) for group, names in groups.items() for name in names]


# (day, last contacts that changed that day, follow-ups (name, due), asks, digest groups)
EXPECTED: list[tuple[str, dict[str, str], list[tuple[str, str | None]], list[str], Groups]] = [
    (
        "2026-11-23",
        {"Helen Novak": "Sunday call, she is planning the garden"},
        [],
        [],
        _g(overdue=["Ben Hartmann", "Maya Chen", "Sofia Russo", "Tom Becker"]),
    ),
    (
        "2026-11-24",
        {"Maya Chen": "Coffee with [[Maya Chen]] at Fern & Bean."},
        [("Maya Chen", "2026-11-28")],
        [],
        _g(
            overdue=["Ben Hartmann", "Sofia Russo", "Tom Becker"],
            promised=["Maya Chen"],
            due=["Helen Novak"],
        ),
    ),
    (
        "2026-11-25",  # the line after Tom's task is Sofia's own contact (issue 22, 1)
        {
            "Sofia Russo": "Met [[Sofia Russo]] at the neighbours' party.",
            "Tom Becker": "Ask [[Tom Becker]] for the Q4 numbers ✅ 2026-11-25",
        },
        [("Maya Chen", "2026-11-28")],
        [],
        _g(overdue=["Ben Hartmann"], promised=["Maya Chen"], due=["Helen Novak"]),
    ),
    (
        "2026-11-26",  # Sofia (weekly, seen yesterday) is due on 12-02: inside 11-26..12-02
        {"Jonas Weber": "lunch; he wants to learn Python #ask/python"},
        [("Maya Chen", "2026-11-28")],
        ["Jonas Weber #python"],
        _g(overdue=["Ben Hartmann"], promised=["Maya Chen"], due=["Helen Novak", "Sofia Russo"]),
    ),
    (
        "2026-11-27",  # Priya's text is contact, and no invented promise
        {"Priya Shah": ("[[Priya Shah]] texted: she is moving to Berlin in January #ask/housing")},
        [("Jonas Weber", "2026-12-01"), ("Maya Chen", "2026-11-28")],
        ["Jonas Weber #python", "Priya Shah #housing"],
        _g(
            overdue=["Ben Hartmann"],
            promised=["Maya Chen", "Jonas Weber"],
            due=["Helen Novak", "Sofia Russo"],
        ),
    ),
    (
        "2026-11-28",
        {
            "Lena Fischer": (
                "Climbing with [[Lena Fischer]]; she would mentor anyone learning Python "
                "#offer/python"
            ),
            "Maya Chen": "Send [[Maya Chen]] the article 📅 2026-11-28 ✅ 2026-11-28",
        },
        [("Jonas Weber", "2026-12-01"), ("Lena Fischer", "2026-12-04")],
        ["Jonas Weber #python", "Priya Shah #housing"],
        _g(
            overdue=["Ben Hartmann"],
            promised=["Jonas Weber", "Lena Fischer"],
            due=["Helen Novak", "Sofia Russo"],
        ),
    ),
    (
        "2026-11-29",  # Helen is due on 12-06: past 11-29..12-05
        {"Helen Novak": "Sunday call"},
        [("Jonas Weber", "2026-12-01"), ("Lena Fischer", "2026-12-04")],
        ["Jonas Weber #python", "Priya Shah #housing"],
        _g(overdue=["Ben Hartmann"], promised=["Jonas Weber", "Lena Fischer"], due=["Sofia Russo"]),
    ),
    (
        "2026-11-30",
        {},
        [("Jonas Weber", "2026-12-01"), ("Lena Fischer", "2026-12-04")],
        ["Jonas Weber #python", "Priya Shah #housing"],
        _g(
            overdue=["Ben Hartmann"],
            promised=["Jonas Weber", "Lena Fischer"],
            due=["Sofia Russo", "Helen Novak"],
        ),
    ),
    (
        "2026-12-01",  # the weekly friend called today is not "due in 7 days" (issue 22, 5)
        {"Sofia Russo": "Called [[Sofia Russo]]: she got the job!"},
        [("Jonas Weber", "2026-12-01"), ("Lena Fischer", "2026-12-04")],
        ["Jonas Weber #python", "Priya Shah #housing"],
        _g(overdue=["Ben Hartmann"], promised=["Jonas Weber", "Lena Fischer"], due=["Helen Novak"]),
    ),
    (
        "2026-12-02",  # the book club's date heading is contact (issue 22, 6)
        dict.fromkeys(
            ("Ben Hartmann", "Sofia Russo"),
            "With [[Ben Hartmann]] and [[Sofia Russo]]: *Middlemarch*, chapters 1-10.",
        ),
        [
            ("Ben Hartmann", "2026-12-12"),
            ("Jonas Weber", "2026-12-01"),
            ("Lena Fischer", "2026-12-04"),
        ],
        ["Jonas Weber #python", "Priya Shah #housing"],
        _g(promised=["Jonas Weber", "Lena Fischer"], due=["Helen Novak"]),
    ),
    (
        "2026-12-03",
        {},
        [
            ("Ben Hartmann", "2026-12-12"),
            ("Jonas Weber", "2026-12-01"),
            ("Lena Fischer", "2026-12-04"),
        ],
        ["Jonas Weber #python", "Priya Shah #housing"],
        _g(promised=["Jonas Weber", "Lena Fischer"], due=["Helen Novak", "Sofia Russo"]),
    ),
    (
        "2026-12-04",  # overdue promises keep Jonas and Lena at the top (issue 22, 3)
        {},
        [
            ("Ben Hartmann", "2026-12-12"),
            ("Jonas Weber", "2026-12-01"),
            ("Lena Fischer", "2026-12-04"),
        ],
        ["Jonas Weber #python", "Priya Shah #housing"],
        _g(promised=["Jonas Weber", "Lena Fischer"], due=["Helen Novak", "Sofia Russo"]),
    ),
    (
        "2026-12-05",  # the introduction closes Jonas's ask (issue 22, 4)
        {
            name: "Introduced [[Jonas Weber]] to [[Lena Fischer]] #ask/python ✅ 2026-12-05"
            for name in ("Jonas Weber", "Lena Fischer")
        },
        [
            ("Ben Hartmann", "2026-12-12"),
            ("Jonas Weber", "2026-12-01"),
            ("Lena Fischer", "2026-12-04"),
        ],
        ["Priya Shah #housing"],
        _g(promised=["Jonas Weber", "Lena Fischer"], due=["Helen Novak", "Sofia Russo"]),
    ),
    (
        "2026-12-06",
        {
            "Helen Novak": "Sunday call, the garden is done",
            "Maya Chen": "[[Maya Chen]] joined us for the first time.",
        },
        [
            ("Ben Hartmann", "2026-12-12"),
            ("Jonas Weber", "2026-12-01"),
            ("Lena Fischer", "2026-12-04"),
        ],
        ["Priya Shah #housing"],
        _g(
            promised=["Jonas Weber", "Lena Fischer", "Ben Hartmann"],
            due=["Sofia Russo"],
            birthday=["Helen Novak"],
        ),
    ),
]


def test_the_first_two_weeks_day_by_day(tmp_path: Path) -> None:
    log: list[str] = []
    states = first_week.run(tmp_path, log.append)
    assert len(states) == len(EXPECTED) == first_week.DAYS
    before: dict[str, str | None] = {}
    for (day, changed, followups, asks, groups), state, said in zip(
        EXPECTED, states, log, strict=True
    ):
        assert said.startswith(day)
        moved = {name: when for name, when in state.last.items() if when != before.get(name)}
        assert moved == dict.fromkeys(changed, day), day
        assert {name: state.texts[name] for name in changed} == changed, day
        assert [(name, due) for name, _, due in state.followups] == followups, day
        assert [f"{name} #{topic}" for name, topic in state.asks] == asks, day
        assert state.digest == groups, day
        before = state.last
    # the introduction suggested from 11-28 is gone once it is made
    assert [s.introductions for s in states[5:12]] == [
        [("Jonas Weber", "Lena Fischer", "python")]
    ] * 7
    assert states[12].introductions == []
