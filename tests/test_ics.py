"""The iCalendar feed: parsed back with icalendar and with vobject (a second, independent
parser), stable UIDs, byte-identical output for a vault and day, 29 February, no archived
people; and the feed as an opt-in output of the registry (`[calendar] path`)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
import vobject
from icalendar import Calendar
from vaulthelp import BASIC, OUTPUT, TODAY, make_vault, run_module, vk

import vaultkit
from vaultkit.outputs.ics import plain, uid
from vaultkit.outputs.manifest import NAME as MANIFEST

# BASIC (see vaulthelp) plus someone born on 29 February, a follow-up for an archived person,
# and two identical tasks in one note.
FILES: dict[str, str | bytes] = {
    **BASIC,
    "People/Lea.md": "---\nbirthday: 1992-02-29\ncadence: every 2-3 weeks\n---\n",
    "Daily/2026-11-21.md": (
        "- [ ] return [[Gus]]'s drill 📅 2026-11-30\n"
        "- [ ] text [[Lea|her]] 📅 2026-12-05\n"
        "- [ ] text [[Lea|her]] 📅 2026-12-05\n"
        "\nClimbing with [[Lea]].\n"
    ),
}


def _vault(tmp_path: Path, toml: str = "", extra: dict[str, str] | None = None) -> Path:
    return make_vault(tmp_path, {**FILES, "vaultkit.toml": toml, **(extra or {})})


def _feed(vault: Path, today: str = TODAY) -> bytes:
    return vaultkit.open_vault(vault, today=today, cache=False).ics()


def _events(data: bytes) -> list[dict[str, Any]]:
    """Every VEVENT as plain values, read by icalendar."""
    cal = Calendar.from_ical(data)
    out = []
    for event in cal.events:
        rrule = event.get("RRULE")
        rid = event.get("RECURRENCE-ID")
        out.append(
            {
                "uid": str(event["UID"]),
                "summary": str(event["SUMMARY"]),
                "description": str(event["DESCRIPTION"]),
                "start": event.decoded("DTSTART"),
                "end": event.decoded("DTEND"),
                "kind": str(event.categories[0]),
                "rrule": rrule.to_ical().decode() if rrule else None,
                "recurrence": rid.dt if rid else None,
                "stamp": event.decoded("DTSTAMP"),
            }
        )
    return out


def _by(events: list[dict[str, Any]], kind: str) -> dict[str, dict[str, Any]]:
    return {e["summary"]: e for e in events if e["kind"] == kind}


def test_the_events_of_the_feed(tmp_path: Path) -> None:
    data = _feed(_vault(tmp_path))
    events = _events(data)
    births = _by(events, "birthday")
    assert sorted(births) == [
        "Birthday: Bob Smith",  # year unknown: no age, and no override
        "Birthday: Hal",  # snoozed: keeps the birthday
        "Birthday: Hal (turns 26)",
        "Birthday: Jane Doe",
        "Birthday: Jane Doe (turns 36)",
        "Birthday: Lea",
        "Birthday: Lea (turns 35)",
    ]
    jane = births["Birthday: Jane Doe"]
    assert (jane["start"], jane["end"], jane["rrule"]) == (
        date(1990, 12, 1),
        date(1990, 12, 2),
        "FREQ=YEARLY",
    )
    turns = births["Birthday: Jane Doe (turns 36)"]
    assert (turns["start"], turns["recurrence"], turns["uid"]) == (
        date(2026, 12, 1),
        date(2026, 12, 1),
        jane["uid"],  # an override of one occurrence of the same event
    )
    assert births["Birthday: Bob Smith"]["start"] == date(2000, 11, 30)  # a leap base year
    checkins = _by(events, "check-in")
    assert sorted(checkins) == [
        "Check in with Ann (due since 2026-10-08)",
        "Check in with Bob Smith (due since 2026-10-08)",
        "Check in with Dan (due since 2026-10-01)",
        "Check in with Finn",  # no contact yet: due today
        "Check in with Jane Doe",
        "Check in with Lea",
    ]  # Hal is snoozed, Gus archived, Carol has no cadence
    bob = checkins["Check in with Bob Smith (due since 2026-10-08)"]
    assert bob["start"] == date(2026, 11, 25)  # overdue: today
    assert bob["description"].startswith("Last contact: 2026-10-01 (People/Bob Smith.md)\n")
    jane_checkin = checkins["Check in with Jane Doe"]
    assert jane_checkin["start"] == date(2026, 12, 20)  # 2026-11-20 + 30 days
    assert jane_checkin["description"] == (
        "Last contact: 2026-11-20: Lunch with Jane Doe downtown. (Daily/2026-11-20.md)\n"
        "Every 30 days; due 2026-12-20.\nNote: People/Jane Doe.md"
    )
    assert checkins["Check in with Finn"]["description"].startswith("No contact recorded yet.")
    assert "You could reach out from 2026-12-05." in checkins["Check in with Lea"]["description"]
    follow = _by(events, "follow-up")
    assert sorted(e["summary"] for e in events if e["kind"] == "follow-up") == [
        "Follow up with Bob Smith: call Bob Smith about the trip",
        "Follow up with Jane Doe: send the photos",
        "Follow up with Lea: text her",
        "Follow up with Lea: text her",  # twice in one note: two events...
    ]  # and Gus's drill is left out: Gus is archived
    lea_tasks = [e for e in events if e["summary"] == "Follow up with Lea: text her"]
    assert len(lea_tasks) == 2 and lea_tasks[0]["uid"] != lea_tasks[1]["uid"]  # ...two UIDs
    assert follow["Follow up with Jane Doe: send the photos"]["start"] == date(2026, 12, 2)
    # nobody archived, every title names its person, one DTSTAMP: the day, at 00:00 UTC
    assert not any("Gus" in e["summary"] + e["description"] for e in events)
    names = ["Ann", "Bob Smith", "Dan", "Finn", "Hal", "Jane Doe", "Lea"]
    assert all(any(n in e["summary"] for n in names) for e in events)
    assert {e["stamp"] for e in events} == {datetime.fromisoformat("2026-11-25T00:00:00+00:00")}
    assert len({(e["uid"], e["recurrence"]) for e in events}) == len(events)


def test_29_february_falls_on_28_february_in_common_years(tmp_path: Path) -> None:
    data = _feed(_vault(tmp_path), today="2027-01-10")
    lea = [e for e in _events(data) if e["summary"].startswith("Birthday: Lea")]
    master = next(e for e in lea if e["recurrence"] is None)
    assert master["start"] == date(1992, 2, 29)
    assert sorted(master["rrule"].split(";")) == ["BYMONTH=2", "BYMONTHDAY=-1", "FREQ=YEARLY"]
    override = next(e for e in lea if e["recurrence"] is not None)
    assert (override["summary"], override["start"]) == (
        "Birthday: Lea (turns 35)",
        date(2027, 2, 28),
    )
    # vobject expands the rule on its own: 28 February in common years, 29 in leap years
    cal = vobject.readOne(data.decode("utf-8"))
    event = next(
        e for e in cal.vevent_list if e.summary.value == "Birthday: Lea" and "rrule" in e.contents
    )
    days = [d.date() if isinstance(d, datetime) else d for d in event.getrruleset()]
    assert [d for d in days if 2026 <= d.year <= 2029] == [
        date(2026, 2, 28),
        date(2027, 2, 28),
        date(2028, 2, 29),
        date(2029, 2, 28),
    ]


def test_a_second_parser_reads_the_same_events(tmp_path: Path) -> None:
    data = _feed(_vault(tmp_path))
    cal = vobject.readOne(data.decode("utf-8"))
    assert cal.version.value == "2.0"
    by_vobject = sorted(
        (e.uid.value, e.summary.value, e.dtstart.value, e.dtend.value) for e in cal.vevent_list
    )
    by_icalendar = sorted((e["uid"], e["summary"], e["start"], e["end"]) for e in _events(data))
    assert by_vobject == by_icalendar
    assert len(by_vobject) == 17


def test_same_vault_and_day_same_bytes_and_uids_stay(tmp_path: Path) -> None:
    vault = _vault(tmp_path)
    first = _feed(vault)
    assert _feed(vault) == first
    # another process (another hash seed), through the command: the same bytes
    proc = subprocess.run(
        [sys.executable, "-m", "vaultkit", "ics", "--vault", str(vault), "--today", TODAY],
        capture_output=True,
        env={**os.environ, "PYTHONHASHSEED": "123"},
        check=True,
        timeout=60,
    )
    assert proc.stdout == first
    assert first.startswith(b"BEGIN:VCALENDAR\r\n") and first.endswith(b"END:VCALENDAR\r\n")
    # another day and an edit: new bytes, the same UIDs for the same people and tasks
    (vault / "Daily" / "2026-11-26.md").write_text("Coffee with [[Finn]].\n")
    later = _feed(vault, today="2026-11-26")
    assert later != first
    uids = {(e["kind"], e["summary"].split(" (")[0]): e["uid"] for e in _events(first)}
    again = {(e["kind"], e["summary"].split(" (")[0]): e["uid"] for e in _events(later)}
    assert again == uids
    jane = uids[("check-in", "Check in with Jane Doe")]
    assert jane == uid("vault", "check-in", "People/Jane Doe.md")  # vault name + note path


def test_uids_differ_between_vaults(tmp_path: Path) -> None:
    a = make_vault(tmp_path, FILES, name="home")
    b = make_vault(tmp_path, FILES, name="work")
    uids_a = {e["uid"] for e in _events(_feed(a))}
    uids_b = {e["uid"] for e in _events(_feed(b))}
    assert uids_a and not uids_a & uids_b


def test_plain_text_of_a_task() -> None:
    assert plain("Send [[Maya Chen]] the [[Notes/article#part|article]] 📅 2026-11-28") == (
        "Send Maya Chen the article"
    )
    assert plain("call [[People/Bob]] [due:: 2026-12-02] ✅ 2026-11-01") == "call Bob"
    assert plain("see [the doc](https://x.org) and ![[pic.png]]") == "see the doc and pic.png"


# --- the feed as an output: opt-in, owned through the manifest, never over a foreign file ---


def _sync(vault: Path, *args: str) -> str:
    result = vk(vault, "sync", *args)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_no_calendar_configured_no_feed_and_no_icalendar_import(tmp_path: Path) -> None:
    vault = _vault(tmp_path)
    script = (
        "import sys, vaultkit\n"
        f"vaultkit.open_vault({str(vault)!r}, today={TODAY!r}).sync()\n"
        "print(sorted(m for m in ('icalendar', 'vobject') if m in sys.modules))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=60
    )
    assert proc.stdout.strip() == "[]"
    assert not list(tmp_path.rglob("*.ics"))
    assert not (vault / OUTPUT / MANIFEST).exists()


def test_feed_outside_the_vault_written_kept_and_redone(tmp_path: Path) -> None:
    feed = tmp_path / "Calendars" / "people.ics"
    vault = _vault(tmp_path, f'[calendar]\npath = "{feed}"\n')
    assert f"wrote {feed}" in _sync(vault, "--verbose")
    assert feed.read_bytes() == _feed(vault)
    manifest = json.loads((vault / OUTPUT / MANIFEST).read_text())
    assert list(manifest["files"]) == [str(feed)]
    stamp = feed.stat().st_mtime_ns
    assert str(feed) not in _sync(vault, "--verbose")  # unchanged: not written again
    assert feed.stat().st_mtime_ns == stamp
    _sync(vault, "--today", "2026-11-26")
    assert feed.read_bytes() == _feed(vault, today="2026-11-26")
    feed.unlink()  # deleted by hand: the next (warm, no-op) sync puts it back
    _sync(vault, "--today", "2026-11-26")
    assert feed.read_bytes() == _feed(vault, today="2026-11-26")
    (vault / "vaultkit.toml").write_text("")  # the feed is turned off: its file goes
    assert f"deleted {feed}" in _sync(vault, "--verbose")
    assert not feed.exists()


def test_feed_inside_the_vault(tmp_path: Path) -> None:
    vault = _vault(tmp_path, '[calendar]\npath = "Calendar/people.ics"\n')
    _sync(vault)
    assert (vault / "Calendar" / "people.ics").read_bytes() == _feed(vault)
    assert vk(vault, "doctor").exit_code == 0


def test_a_foreign_file_at_the_feeds_path_is_never_overwritten(tmp_path: Path) -> None:
    feed = tmp_path / "mine.ics"
    feed.write_bytes(b"BEGIN:VCALENDAR\r\nmy own calendar\r\nEND:VCALENDAR\r\n")
    vault = _vault(tmp_path, f'[calendar]\npath = "{feed}"\n')
    _sync(vault)
    assert feed.read_bytes() == b"BEGIN:VCALENDAR\r\nmy own calendar\r\nEND:VCALENDAR\r\n"
    issues = json.loads(vk(vault, "doctor", "--json").stdout)
    found = [i for i in issues if i["path"] == str(feed)]
    assert [i["kind"] for i in found] == ["foreign-file"]
    assert "left alone" in found[0]["message"]
    (vault / "vaultkit.toml").write_text("")
    _sync(vault)
    assert feed.exists()  # never ours: not deleted either


@pytest.mark.parametrize(
    ("toml", "says"),
    [
        ('[calendar]\npaht = "x.ics"\n', "'calendar' has no key 'paht' (did you mean 'path'?)"),
        ("[calendar]\n", "'calendar' needs path"),
        ('[calendar]\npath = "People/feed.md"\n', "must not be a Markdown note"),
        ('[calendar]\npath = "cal/"\n', "must be the path of a file"),
        ('calendar = "x.ics"\n', "'calendar' must be a table"),
    ],
)
def test_calendar_settings_errors_are_one_line(tmp_path: Path, toml: str, says: str) -> None:
    vault = _vault(tmp_path, toml)
    result = vk(vault, "sync")
    assert result.exit_code == 2
    assert says in result.stderr
    assert len(result.stderr.splitlines()) == 1


def test_outputs_table_does_not_place_the_calendar(tmp_path: Path) -> None:
    vault = _vault(tmp_path, '[outputs]\ncalendar = "x.ics"\n')
    _sync(vault)
    assert not (vault / "x.ics").exists()
    assert "[outputs] 'calendar' is ignored: it has its own setting" in vk(vault, "doctor").stdout


# --- vaultkit ics ---------------------------------------------------------------------------


def test_ics_command_stdout_and_out(tmp_path: Path) -> None:
    vault = _vault(tmp_path)
    result = vk(vault, "ics")
    assert result.exit_code == 0
    assert result.stdout_bytes == _feed(vault)
    out = tmp_path / "feed.ics"
    assert vk(vault, "ics", "--out", str(out)).stdout == f"wrote {out}\n"
    assert out.read_bytes() == _feed(vault)
    assert vk(vault, "ics", "--out", str(out)).stdout == f"unchanged {out}\n"


def test_ics_out_dash_writes_the_feed_to_stdout(tmp_path: Path) -> None:
    """`-` means stdout, as it does for any command; no file named `-` appears."""
    vault = _vault(tmp_path)
    args = ["ics", "--vault", str(vault), "--today", TODAY, "--out", "-"]
    proc = run_module(args, tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.encode("utf-8").replace(b"\n", b"\r\n") == _feed(vault)
    assert not (tmp_path / "-").exists()


def test_ics_out_never_replaces_a_file_that_is_not_a_calendar(tmp_path: Path) -> None:
    vault = _vault(tmp_path)
    notes = tmp_path / "notes.txt"
    notes.write_text("my notes\n")
    result = vk(vault, "ics", "--out", str(notes))
    assert result.exit_code == 2
    assert "is not an iCalendar file" in result.stderr
    assert notes.read_text() == "my notes\n"
    result = vk(vault, "ics", "--out", str(tmp_path / "nope" / "feed.ics"))
    assert result.exit_code == 2


def test_ics_as_a_real_process(tmp_path: Path) -> None:
    vault = _vault(tmp_path)
    proc = run_module(["ics", "--vault", str(vault), "--today", TODAY], tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "BEGIN:VEVENT" in proc.stdout


def test_a_task_linking_two_people_is_one_calendar_event_naming_both(tmp_path: Path) -> None:
    task = "- [ ] Introduce [[Jonas Weber]] to [[Lena Fischer]] 📅 2026-12-04\n"
    extra = {"People/Jonas Weber.md": "", "People/Lena Fischer.md": "", "Daily/2026-11-24.md": task}
    events = [
        e for e in _events(_feed(_vault(tmp_path, extra=extra))) if "Introduce" in e["summary"]
    ]
    assert [e["summary"] for e in events] == [
        "Follow up with Jonas Weber and Lena Fischer: Introduce Jonas Weber to Lena Fischer"
    ]
    (event,) = events
    assert event["start"] == date(2026, 12, 4)
    assert event["description"].endswith(
        "From Daily/2026-11-24.md, line 1.\n"
        "Note: People/Jonas Weber.md\nNote: People/Lena Fischer.md"
    )
    # its UID names the task, not who it links: one more person keeps the event
    (tmp_path / "vault" / "People" / "Ana.md").write_text("")
    (tmp_path / "vault" / "Daily" / "2026-11-24.md").write_text(task + "  - with [[Ana]]\n")
    (again,) = [e for e in _events(_feed(tmp_path / "vault")) if "Introduce" in e["summary"]]
    assert again["summary"].startswith("Follow up with Ana, Jonas Weber and Lena Fischer: ")
    assert again["uid"] == event["uid"]
