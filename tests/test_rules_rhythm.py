"""VAULT_FORMAT §10: circles (default cadences by group) and people drifting apart. One test
per rule, at the rule's exact edges; in-memory views, plus the CLI where the JSON is the rule."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest
from rulehelp import build, md
from vaulthelp import make_vault, vk, vk_json

from vaultkit.core.errors import ConfigError
from vaultkit.engine.index import VaultView
from vaultkit.read.config import Config, validate
from vaultkit.reports import overview

TODAY = date(2026, 11, 25)
CIRCLES = (
    ("family", "weekly"),
    ("close-friends", "every 2-3 weeks"),
    ("colleagues", "quarterly"),
    ("acquaintances", "none"),
)
CONFIG = Config(circles=CIRCLES)


def _person(front: list[str], config: Config = CONFIG) -> overview.Status:
    view = build({"People/Pat.md": md(front, "# Pat")}, config)
    return overview.status(view, "People/Pat.md", TODAY)


def _from(front: list[str], config: Config = CONFIG) -> tuple[int | None, int | None, str | None]:
    p = _person(front, config).person
    return p.cadence_min_days, p.cadence_days, p.cadence_from


# --- circles -------------------------------------------------------------------------------


def test_the_circle_property_gives_the_circles_cadence() -> None:
    assert _from(["circle: family"]) == (7, 7, "circle:family")


def test_a_tag_equal_to_a_circle_puts_the_person_in_it() -> None:
    assert _from(["tags: [friend, family]"]) == (7, 7, "circle:family")


def test_a_body_tag_counts_like_a_front_matter_tag() -> None:
    view = build({"People/Pat.md": md(["tags: [friend]"], "# Pat", "", "Cousin. #family")}, CONFIG)
    assert view.people["People/Pat.md"].cadence_from == "circle:family"


def test_a_nested_tag_is_in_its_parent_circle() -> None:
    assert _from(["tags: [family/inlaws]"]) == (7, 7, "circle:family")


def test_a_tag_that_only_starts_like_a_circle_is_not_in_it() -> None:
    assert _from(["tags: [familyfriends, family-ish]"]) == (None, None, None)


def test_circle_names_compare_like_tags_case_spaces_underscores() -> None:
    assert _from(["circle: Close Friends"])[2] == "circle:close-friends"
    assert _from(["circle: close_friends"])[2] == "circle:close-friends"
    assert _from(["circle: '#Family'"])[2] == "circle:family"
    assert _from(["circle: '[[Family]]'"])[2] == "circle:family"


def test_the_own_cadence_always_wins_even_when_a_circle_is_shorter() -> None:
    assert _from(["circle: family", "cadence: monthly"]) == (30, 30, "note")


def test_the_shortest_circle_wins() -> None:
    assert _from(["circle: [colleagues, family]"]) == (7, 7, "circle:family")
    assert _from(["tags: [colleagues]", "circle: close-friends"])[2] == "circle:close-friends"


def test_windows_compare_by_upper_end_then_lower_end() -> None:
    circles = (("a", "2-4 weeks"), ("b", "3-4 weeks"), ("c", "every 3 weeks"), ("d", "5 weeks"))
    config = Config(circles=circles)
    # c (21, 21) has the smallest upper end
    assert _from(["circle: [a, b, c, d]"], config) == (21, 21, "circle:c")
    # same upper end (28): the lower end decides
    assert _from(["circle: [b, a]"], config) == (14, 28, "circle:a")


def test_equal_circles_go_to_the_first_name() -> None:
    config = Config(circles=(("zeta", "weekly"), ("alpha", "7")))
    assert _from(["circle: [zeta, alpha]"], config)[2] == "circle:alpha"


def test_cadence_none_opts_out_of_the_circles_cadence() -> None:
    s = _person(["circle: family", "cadence: none"])
    assert (s.person.cadence_days, s.person.cadence_from, s.person.cadence_none) == (
        None,
        None,
        True,
    )
    assert s.due is None and s.days_overdue is None


def test_a_none_circle_gives_no_cadence_and_keeps_its_people_out_of_drifting() -> None:
    s = _person(["circle: acquaintances"])
    assert (s.person.cadence_days, s.person.cadence_none) == (None, True)
    both = _person(["circle: [acquaintances, colleagues]"])
    assert (both.person.cadence_days, both.person.cadence_from) == (91, "circle:colleagues")
    assert both.person.cadence_none is False


def test_an_unknown_circle_is_reported_at_the_persons_note() -> None:
    notes = {"People/Pat.md": md(["tags: [x]", "circle: [family, book-club]"], "# Pat")}
    view = build(notes, CONFIG)
    found = [i for i in view.issues if i.kind == "unknown-circle"]
    assert [(i.path, i.line) for i in found] == [("People/Pat.md", 3)]
    assert "'book-club'" in found[0].message and "family" in found[0].message
    assert view.people["People/Pat.md"].cadence_from == "circle:family"  # the known one counts


def test_a_circle_without_a_circles_table_is_reported_with_how_to_fix() -> None:
    view = build({"People/Pat.md": md(["circle: family"], "# Pat")})
    (found,) = [i for i in view.issues if i.kind == "unknown-circle"]
    assert "no [circles] table" in found.message


def test_tags_that_are_not_circles_are_never_reported() -> None:
    view = build({"People/Pat.md": md(["tags: [pottery, friend]"], "# Pat")}, CONFIG)
    assert [i for i in view.issues if i.kind == "unknown-circle"] == []


def test_a_bad_own_cadence_is_reported_and_the_circle_applies() -> None:
    view = build({"People/Pat.md": md(["circle: family", "cadence: sometimes"], "# Pat")}, CONFIG)
    assert view.people["People/Pat.md"].cadence_from == "circle:family"
    (bad,) = [i for i in view.issues if i.kind == "bad-cadence"]
    assert "the cadence of circle 'family' applies until it is fixed" in bad.message


def test_the_circles_of_a_person_are_listed() -> None:
    p = _person(["tags: [family/inlaws]", "circle: colleagues"]).person
    assert p.circles == ("colleagues", "family")


def test_config_circles_are_cadences_and_bad_ones_are_named() -> None:
    out = validate({"circles": {"family": "weekly", "work": 91}}, "vaultkit.toml")
    assert out["circles"] == (("family", "weekly"), ("work", "91"))
    with pytest.raises(ConfigError) as err:
        validate({"circles": {"family": "biweekly", "x": True}}, "vaultkit.toml")
    text = str(err.value)
    assert "'circles.family'" in text and "'circles.x'" in text


def test_two_config_circles_that_compare_equal_are_an_error() -> None:
    with pytest.raises(ConfigError, match="the same circle"):
        validate({"circles": {"Close friends": "weekly", "close-friends": "monthly"}}, "t")


CIRCLE_VAULT = {
    "vaultkit.toml": '[circles]\nfamily = "weekly"\n',
    "People/Ann.md": md(["tags: [family]"], "# Ann"),
    "People/Bo.md": md(["tags: [family]", "cadence: 30"], "# Bo"),
    "People/Cy.md": md(["tags: [friend]"], "# Cy"),
    "Daily/2026-11-01.md": "Saw [[Ann]] and [[Bo]].\n",
}


def test_cadence_from_in_people_overdue_and_show_json(tmp_path: Path) -> None:
    vault = make_vault(tmp_path, CIRCLE_VAULT)
    people = {p["name"]: p for p in vk_json(vault, "people")}
    assert {n: (p["cadence_from"], p["circles"]) for n, p in people.items()} == {
        "Ann": ("circle:family", ["family"]),
        "Bo": ("note", ["family"]),
        "Cy": (None, []),
    }
    assert [(o["name"], o["cadence_from"]) for o in vk_json(vault, "overdue")] == [
        ("Ann", "circle:family")
    ]
    assert vk_json(vault, "show", "Ann")["cadence_from"] == "circle:family"


def test_the_people_page_says_where_each_cadence_comes_from(tmp_path: Path) -> None:
    vault = make_vault(tmp_path, CIRCLE_VAULT)
    assert vk(vault, "sync").exit_code == 0
    page = (vault / "Vaultkit/People.md").read_text(encoding="utf-8")
    assert "| 7 days (circle family) |" in page
    assert "| 30 days (own cadence) |" in page


# --- drifting apart ------------------------------------------------------------------------


def _days(*ago: int) -> list[str]:
    return [f"- {(TODAY - timedelta(days=n)).isoformat()} met" for n in ago]


def _drift_view(
    ago: list[int], front: list[str] | None = None, config: Config = CONFIG
) -> VaultView:
    note = md(front or ["tags: [friend]"], "# Pat", "", "## Log", *_days(*ago))
    return build({"People/Pat.md": note}, config)


def _drift(ago: list[int], **kw: object) -> overview.Drift | None:
    view = _drift_view(ago, **kw)  # type: ignore[arg-type]
    found = overview.drifting(view, TODAY, CONFIG.drift_horizon_days)
    return found[0] if found else None


def test_three_distinct_days_are_needed() -> None:
    assert _drift([200, 210]) is None
    assert _drift([200, 200, 210, 210]) is None  # two days, logged twice
    d = _drift([200, 210, 220])
    assert d is not None and (d.usual_gap, d.days_since, d.contact_dates) == (10, 200, 3)


def test_the_usual_gap_is_the_median_rounded_down() -> None:
    # gaps 3, 10 -> median 6.5 -> 6
    d = _drift([100, 103, 113])
    assert d is not None and d.usual_gap == 6
    # gaps 1, 2, 50 -> 2
    d = _drift([100, 101, 103, 153])
    assert d is not None and d.usual_gap == 2


def test_only_the_last_ten_days_give_the_gap_but_all_are_counted() -> None:
    recent = [100 + 5 * i for i in range(10)]  # gaps of 5 among the last ten
    older = [1000 + 300 * i for i in range(5)]  # huge gaps further back
    d = _drift(recent + older)
    assert d is not None and d.usual_gap == 5 and d.contact_dates == 15


@pytest.mark.parametrize(
    ("gap", "edge"),
    [(10, 40), (40, 80), (30, 60)],  # gap + 30 binds, 2 x gap binds, both equal
)
def test_drifting_starts_the_day_after_both_thresholds(gap: int, edge: int) -> None:
    assert _drift([edge, edge + gap, edge + 2 * gap]) is None
    d = _drift([edge + 1, edge + 1 + gap, edge + 1 + 2 * gap])
    assert d is not None and d.usual_gap == gap and d.days_since == edge + 1


def test_the_horizon_is_inclusive_and_configurable() -> None:
    assert _drift([730, 740, 750]) is not None
    assert _drift([731, 741, 751]) is None
    config = replace(CONFIG, drift_horizon_days=100)
    view = _drift_view([100, 110, 120], config=config)
    assert len(overview.drifting(view, TODAY, 100)) == 1
    assert overview.drifting(view, TODAY, 99) == []


def test_future_contacts_are_plans_not_contact() -> None:
    d = _drift([-5, 100, 110, 120])
    assert d is not None and d.days_since == 100 and d.contact_dates == 3


@pytest.mark.parametrize(
    "front",
    [
        ["cadence: 30"],
        ["circle: family"],
        ["cadence: none"],
        ["circle: acquaintances"],
        ["archived: true"],
        ["snooze_until: 2026-12-24"],
    ],
)
def test_people_with_a_cadence_none_archived_or_snoozed_never_drift(front: list[str]) -> None:
    assert _drift([100, 110, 120], front=front) is None


def test_a_snooze_that_ended_does_not_hide_drifting() -> None:
    assert _drift([100, 110, 120], front=["snooze_until: 2026-11-25"]) is not None


def test_drifting_order_contact_days_then_silence_then_name() -> None:
    def note(ago: list[int]) -> str:
        return md(["tags: [friend]"], "## Log", *_days(*ago))

    notes = {
        "People/Zed.md": note([100, 110, 120, 130]),  # 4 days
        "People/Amy.md": note([100, 110, 120]),  # 3 days, 100 silent
        "People/Bob.md": note([150, 160, 170]),  # 3 days, 150 silent
        "People/Abe.md": note([100, 110, 120]),  # same as Amy: by name
    }
    view = build(notes, CONFIG)
    order = [d.person.name for d in overview.drifting(view, TODAY, 730)]
    assert order == ["Zed", "Bob", "Abe", "Amy"]


def test_drifting_json_and_the_overdue_page_section(tmp_path: Path) -> None:
    log = "\n".join(["# Pat", "## Log", *_days(100, 110, 120)]) + "\n"
    vault = make_vault(tmp_path, {"People/Pat.md": log})
    assert vk_json(vault, "drifting") == [
        {
            "name": "Pat",
            "note": "People/Pat.md",
            "last_contact": "2026-08-17",
            "usual_gap_days": 10,
            "days_since": 100,
            "contact_dates": 3,
        }
    ]
    assert vk(vault, "sync").exit_code == 0
    page = (vault / "Vaultkit/Overdue check-ins.md").read_text(encoding="utf-8")
    _soon, drifting = page.split("## Due in the next", 1)[1].split("## Drifting apart")
    assert (
        "- [[People/Pat|Pat]]: usually every ~10 days; last contact "
        "[[People/Pat|2026-08-17]] (100 days ago)"
    ) in drifting


def test_nobody_drifting_is_said(tmp_path: Path) -> None:
    vault = make_vault(tmp_path, {"People/Pat.md": "# Pat\n"})
    assert vk(vault, "drifting").stdout.strip() == "Nobody is drifting away."
    assert vk(vault, "sync").exit_code == 0
    page = (vault / "Vaultkit/Overdue check-ins.md").read_text(encoding="utf-8")
    assert "## Drifting apart\n\nNobody is drifting away." in page


def test_the_person_block_says_the_rhythm(tmp_path: Path) -> None:
    block = "<!-- vaultkit:begin -->\n<!-- vaultkit:end -->\n"
    files = {
        "vaultkit.toml": '[circles]\nfamily = "every 1-2 weeks"\n',
        "People/Ann.md": md(["tags: [family]"], block, "## Log", *_days(3)),
        "People/Pat.md": md(["tags: [friend]"], block, "## Log", *_days(100, 110, 120)),
        "People/Nix.md": md(["cadence: none"], block),
    }
    vault = make_vault(tmp_path, files)
    assert vk(vault, "sync").exit_code == 0
    ann = (vault / "People/Ann.md").read_text(encoding="utf-8")
    assert "- **Check-ins:** every 7–14 days (circle family); next 2026-12-06 (in 11 days), " in ann
    assert "reach out from 2026-11-29" in ann
    pat = (vault / "People/Pat.md").read_text(encoding="utf-8")
    assert "- **Drifting:** usually every ~10 days; 100 days since the last contact" in pat
    assert "- **Check-ins:** none\n" in (vault / "People/Nix.md").read_text(encoding="utf-8")
