"""`vaultkit show --json` of a person with list-valued and nested custom fields (VAULT_FORMAT §3:
"anything else: kept and shown"). Before issue 10 no test ever reached the list and mapping
branches of the JSON conversion.
"""

from __future__ import annotations

from pathlib import Path

from vaulthelp import make_vault, vk, vk_json

KIM = (
    "---\n"
    "aliases: Kimmy\n"
    "tags: [friend, person/climbing]\n"
    "cadence: every 2 weeks\n"
    "birthday: --12-03\n"
    "email: [kim@example.com, kim@work.example]\n"
    'projects: ["[[Alpha]]", "[[Beta]]"]\n'
    "address:\n"
    "  city: Lyon\n"
    "  zip: '69001'\n"
    "  floors: [1, 2]\n"
    "  since: 2020-01-02\n"
    "  rooms: {main: [kitchen, hall]}\n"
    "met: 2019-05-01\n"
    "phone:\n"
    "empty_list: []\n"
    "score: 4.5\n"
    "vip: false\n"
    "---\n"
    "## Log\n"
    "- 2026-11-20 coffee\n"
    "- [ ] send the book [due:: 2026-12-01]\n"
)

FIELDS = {
    "email": ["kim@example.com", "kim@work.example"],
    "projects": ["[[Alpha]]", "[[Beta]]"],
    "address": {
        "city": "Lyon",
        "zip": "69001",
        "floors": [1, 2],
        "since": "2020-01-02",  # dates stay text, as Obsidian writes them
        "rooms": {"main": ["kitchen", "hall"]},
    },
    "met": "2019-05-01",
    "empty_list": [],
    "score": 4.5,
    "vip": False,
}


def test_show_json_keeps_list_and_mapping_fields_as_json(tmp_path: Path) -> None:
    vault = make_vault(tmp_path, {"People/Kim Lee.md": KIM})
    data = vk_json(vault, "show", "Kimmy")
    assert data["fields"] == FIELDS
    assert list(data["fields"]) == list(FIELDS)  # in the note's order
    assert {key: data[key] for key in ("name", "note", "aliases", "tags", "birthday")} == {
        "name": "Kim Lee",
        "note": "People/Kim Lee.md",
        "aliases": ["Kimmy"],
        "tags": ["friend", "person/climbing"],
        "birthday": "--12-03",
    }
    assert (data["cadence_days"], data["last_contact"], data["next_due"]) == (
        14,
        "2026-11-20",
        "2026-12-04",
    )
    assert (data["archived"], data["days_overdue"], data["snooze_until"]) == (False, None, None)
    assert data["interactions"] == [
        {"date": "2026-11-20", "note": "People/Kim Lee.md", "line": 21, "text": "coffee"}
    ]
    assert data["followups"] == [
        {
            "name": "Kim Lee",
            "note": "People/Kim Lee.md",
            "source": "People/Kim Lee.md",
            "line": 22,
            "text": "send the book [due:: 2026-12-01]",
            "due": "2026-12-01",
        }
    ]


def test_show_text_lists_every_field(tmp_path: Path) -> None:
    vault = make_vault(tmp_path, {"People/Kim Lee.md": KIM})
    result = vk(vault, "show", "kim lee")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "Kim Lee  (People/Kim Lee.md)"
    shown = [line.split(":", 1)[0].strip() for line in lines if line.startswith("  ")]
    for key in FIELDS:
        assert key in shown
    assert "phone" not in shown  # an empty value is not a field


def test_show_json_future_contacts_are_not_listed(tmp_path: Path) -> None:
    note = (
        "---\ncadence: 7\nsnooze_until: 2026-12-01\n---\n"
        "## Log\n- 2026-11-25 today\n- 2026-11-26 tomorrow, a plan\n"
    )
    vault = make_vault(tmp_path, {"People/Kim.md": note})
    data = vk_json(vault, "show", "Kim")
    assert [i["date"] for i in data["interactions"]] == ["2026-11-25"]
    assert (data["last_contact"], data["next_due"], data["days_overdue"]) == (
        "2026-11-25",
        "2026-12-02",
        None,
    )
    assert data["snooze_until"] == "2026-12-01"
    assert data["fields"] == {}
