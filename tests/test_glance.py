"""See it at a glance: progress on long work, and the rhythm of a friendship as a picture.

Progress is driven with a fake terminal and a fake clock and counted, never timed; one test runs
a real cold sync on a pseudo-terminal, as a person at a terminal would see it.
"""

from __future__ import annotations

import os
import pty
import select
import shutil
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest
from vaulthelp import make_vault, vk, vk_json
from watchfake import FakeSource

from vaultkit import api
from vaultkit.cli.watch import Watcher
from vaultkit.core import progress as progress_mod
from vaultkit.core.progress import Progress
from vaultkit.reports.rhythm import contacts_by_month, months, rhythm, sparkline

TODAY = date(2026, 11, 25)
EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "vault"


# --- the picture: rules -----------------------------------------------------------------------


def test_the_twelve_months_end_with_this_month_oldest_first() -> None:
    assert months(date(2026, 11, 25))[0] == (2025, 11)  # December 2025, month index 11
    assert months(date(2026, 11, 25))[-1] == (2026, 10)  # November 2026
    assert [f"{y}-{m + 1:02d}" for y, m in months(date(2026, 1, 5))][:2] == ["2025-02", "2025-03"]
    assert len(months(date(2026, 1, 5))) == 12


def test_counts_are_distinct_days_in_touch_and_plans_are_not_contact() -> None:
    dates = [
        date(2026, 11, 3),
        date(2026, 11, 3),  # two notes on one day: one day in touch
        date(2026, 11, 20),
        date(2026, 11, 26),  # after today: a plan
        date(2025, 11, 30),  # before the twelve months
        date(2025, 12, 1),
    ]
    series = dict(contacts_by_month(dates, TODAY))
    assert series["2026-11"] == 2
    assert series["2025-12"] == 1
    assert "2025-11" not in series
    assert sum(series.values()) == 3


def test_bars_scale_to_the_busiest_month_and_empty_months_are_blank() -> None:
    assert sparkline([0, 1, 2, 3, 4, 5, 10]) == " ▁▁▂▂▃▇"
    assert sparkline([1, 1, 1]) == "▇▇▇"  # steady: a flat line at the top
    assert sparkline([0, 0, 0]) == ""  # nobody seen: no picture at all
    assert sparkline([]) == ""
    assert sparkline([0, 2], blank="_") == "_▇"


def test_a_steady_a_fading_and_a_new_friendship_look_different() -> None:
    steady = [date(2026, m, 10) for m in range(1, 12)] + [date(2025, 12, 10)]
    fading = [date(2025, 12, d) for d in (1, 8, 15, 22)] + [date(2026, 1, d) for d in (5, 19)]
    fading += [date(2026, 3, 2)]
    new = [date(2026, 10, 1), date(2026, 11, 2), date(2026, 11, 9), date(2026, 11, 16)]
    assert rhythm(steady, TODAY) == "▇" * 12
    assert rhythm(fading, TODAY) == "▇▃ ▂        "
    assert rhythm(new, TODAY) == "          ▂▇"


# --- the picture: where it shows --------------------------------------------------------------


@pytest.fixture
def example(tmp_path: Path) -> Path:
    root = tmp_path / "vault"
    shutil.copytree(EXAMPLE, root)
    return root


def test_show_json_carries_the_twelve_months(example: Path) -> None:
    data = vk_json(example, "show", "Sam Rivera")
    series = data["contacts_by_month"]
    assert (series[0]["month"], series[-1]["month"], len(series)) == ("2025-12", "2026-11", 12)
    days = {i["date"] for i in data["interactions"]}
    assert sum(row["count"] for row in series) == len({d for d in days if d >= "2025-12-01"})


def test_show_draws_the_picture_and_a_person_never_seen_gets_none(tmp_path: Path) -> None:
    root = make_vault(
        tmp_path,
        {
            "People/Ana.md": "# Ana\n",
            "People/Ben.md": "# Ben\n## Log\n- 2026-10-02 coffee\n- 2026-11-20 call\n",
        },
    )
    shown = vk(root, "show", "Ben").stdout
    assert "contact by month: |          ▇▇| 2025-12 to 2026-11" in shown
    assert "contact by month" not in vk(root, "show", "Ana").stdout
    assert all(r["count"] == 0 for r in vk_json(root, "show", "Ana")["contacts_by_month"])


def test_the_person_block_and_the_people_page_show_the_picture(tmp_path: Path) -> None:
    root = make_vault(
        tmp_path,
        {
            "People/Ben.md": (
                "# Ben\n<!-- vaultkit:begin -->\n<!-- vaultkit:end -->\n"
                "## Log\n- 2026-06-02 coffee\n- 2026-11-20 call\n"
            ),
            "People/Ana.md": "# Ana\n<!-- vaultkit:begin -->\n<!-- vaultkit:end -->\n",
        },
    )
    assert vk(root, "sync").exit_code == 0
    nbsp = "\xa0"
    picture = f"`{nbsp * 6}▇{nbsp * 4}▇`"
    block = (root / "People/Ben.md").read_text(encoding="utf-8")
    assert f"- **Contact by month:** {picture} (2025-12 to 2026-11)" in block
    assert "Contact by month" not in (root / "People/Ana.md").read_text(encoding="utf-8")
    page = (root / "Vaultkit/People.md").read_text(encoding="utf-8")
    assert "| 12 months |" in page
    assert f"| {picture} |" in page


# --- progress ---------------------------------------------------------------------------------


class Terminal:
    """What a terminal receives; `lines` are the states it showed, in order."""

    def __init__(self) -> None:
        self.text = ""

    def write(self, text: str) -> None:
        self.text += text

    @property
    def lines(self) -> list[str]:
        return [part.rstrip() for part in self.text.split("\r") if part.strip()]


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_big_work_shows_its_count_at_once_and_the_line_is_cleared_at_the_end() -> None:
    term, clock = Terminal(), Clock()
    p = Progress(term.write, clock=clock, big=100)
    p.phase("looking for notes")
    p.phase("reading notes", 32000)
    p.advance(12400)
    p.advance(19600)
    p.phase("deriving")
    p.phase("writing pages")
    p.close()
    assert term.lines == [
        "reading notes 0/32,000",
        "reading notes 12,400/32,000",
        "reading notes 32,000/32,000",
        "deriving…",
        "writing pages…",
    ]
    assert p.updates == 5
    assert term.text.endswith("\r")  # cleared: the summary prints where the line stood
    assert term.text.split("\r")[-2].strip() == ""


def test_small_work_says_nothing_until_it_has_taken_a_second() -> None:
    term, clock = Terminal(), Clock()
    p = Progress(term.write, clock=clock, big=100, show_after=1.0)
    p.phase("reading notes", 40)
    p.advance(20)
    clock.now = 0.9
    p.phase("deriving")
    assert term.text == "" and p.updates == 0
    clock.now = 1.2  # a first sync of a new day that turned out slow
    p.phase("writing pages")
    p.close()
    assert term.lines == ["writing pages…"]
    assert [name for name, _ in p.phases] == ["reading notes", "deriving", "writing pages"]
    assert p.timings() == "reading notes 0.90 s, deriving 0.30 s, writing pages 0.00 s"


def test_no_terminal_means_no_output_ever_but_phases_are_still_timed() -> None:
    clock = Clock()
    p = Progress(None, clock=clock, big=1)
    p.phase("reading notes", 50_000)
    clock.now = 5.0
    p.advance(50_000)
    p.close()
    assert p.updates == 0 and not p.shown
    assert p.phases == [("reading notes", 5.0)]


def test_a_pipe_or_a_file_is_not_a_terminal(tmp_path: Path) -> None:
    with open(tmp_path / "log", "w", encoding="utf-8") as f:
        assert progress_mod.terminal_writer(f) is None
    assert progress_mod.terminal_writer(object()) is None


def _terminal_sync(monkeypatch: pytest.MonkeyPatch, root: Path, *args: str) -> tuple[Terminal, str]:
    """`vaultkit sync` in-process with a fake terminal on stderr (every size counts as big)."""
    term = Terminal()
    monkeypatch.setattr(progress_mod, "BIG", 1)
    monkeypatch.setattr("vaultkit.cli.main.terminal_writer", lambda err: term.write)
    result = vk(root, "sync", *args)
    assert result.exit_code in (0, 1), result.output
    return term, result.stdout


def test_sync_at_a_terminal_shows_phases_and_prints_the_same_summary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = {f"Daily/2026-11-{d:02d}.md": f"Met [[P{d % 3}]].\n" for d in range(1, 25)}
    files |= {f"People/P{i}.md": "---\ncadence: weekly\n---\n" for i in range(3)}
    plain = vk(make_vault(tmp_path, files, "plain"), "sync", "--no-cache").stdout
    term, shown = _terminal_sync(monkeypatch, make_vault(tmp_path, files, "tty"), "--no-cache")
    assert shown == plain  # stdout is exactly what it was
    assert "reading notes 27/27" in term.lines
    assert term.lines[-1] == "writing pages…"
    assert term.text.endswith("\r")


def test_quiet_and_verbose(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_vault(tmp_path, {"People/Ana.md": "# Ana\n", "Daily/2026-11-20.md": "[[Ana]]\n"})
    term, out = _terminal_sync(monkeypatch, root, "--quiet", "--no-cache")
    assert term.text == "" and out == ""
    (root / "Daily/2026-11-21.md").write_text("[[Ana]] again\n", encoding="utf-8")
    term, out = _terminal_sync(monkeypatch, root, "--verbose")
    timings = [line for line in out.splitlines() if line.startswith("  took ")]
    assert len(timings) == 1
    for phase in ("looking for notes", "reading notes", "deriving", "writing pages"):
        assert f"{phase} " in timings[0]


def test_watch_shows_progress_on_its_first_sync_only(tmp_path: Path) -> None:
    root = make_vault(tmp_path, {"People/Ana.md": "# Ana\n", "Daily/2026-11-20.md": "[[Ana]]\n"})
    term = Terminal()
    source = FakeSource()
    watcher = Watcher(
        api.Vault(root, TODAY, None),
        source,
        today=lambda: TODAY,
        log=lambda line: None,
        progress=Progress(term.write, big=1),
    )
    watcher.begin()
    first = len(term.lines)
    assert first > 0 and "reading notes 2/2" in term.lines
    (root / "Daily/2026-11-21.md").write_text("[[Ana]] again\n", encoding="utf-8")
    source.emit(root / "Daily/2026-11-21.md")
    watcher._sync({"Daily/2026-11-21.md"}, TODAY, force=False)
    assert len(term.lines) == first
    watcher.finish()


# --- a real terminal --------------------------------------------------------------------------


def _run_on_pty(args: list[str], env: dict[str, str]) -> str:
    """Run a command with stdout and stderr on a pseudo-terminal; everything it showed."""
    leader, follower = pty.openpty()
    proc = subprocess.Popen(args, stdout=follower, stderr=follower, env=env, close_fds=True)
    os.close(follower)
    chunks: list[bytes] = []
    while True:
        ready, _, _ = select.select([leader], [], [], 120)
        if not ready:
            proc.kill()
            raise AssertionError("the sync printed nothing for 120 s")
        try:
            data = os.read(leader, 65536)
        except OSError:  # EIO: the other side closed
            break
        if not data:
            break
        chunks.append(data)
    proc.wait(timeout=120)
    os.close(leader)
    return b"".join(chunks).decode("utf-8").replace("\r\n", "\n")


def test_a_cold_sync_of_a_big_vault_in_a_terminal_shows_progress_and_piped_prints_the_same(
    tmp_path: Path,
) -> None:
    from benchmarks.genvault import generate

    root = tmp_path / "big"
    generate(root, people=1500, days=3600, seed=3, meetings=None)
    hour_ago = time.time() - 3600  # written long ago: no block waits for an editor (§11)
    for folder, _, names in os.walk(root):
        for name in names:
            os.utime(os.path.join(folder, name), (hour_ago, hour_ago))
    twin = tmp_path / "twin"
    shutil.copytree(root, twin)
    env = {k: v for k, v in os.environ.items() if not k.startswith("VAULTKIT_")}
    env |= {"PYTHONIOENCODING": "utf-8", "NO_COLOR": "1", "VAULTKIT_TODAY": "2026-11-25"}
    env["VAULTKIT_CACHE_DIR"] = str(tmp_path / "cache")
    command = [sys.executable, "-m", "vaultkit", "sync", "--no-cache", "--vault"]
    shown = _run_on_pty([*command, str(root)], env)
    piped = subprocess.run(
        [*command, str(twin)], env=env, capture_output=True, text=True, check=False, timeout=120
    )
    assert piped.stderr.count("\r") == 0 and "reading notes" not in piped.stderr
    summary = piped.stdout.splitlines()[0]
    assert "5," in shown and "reading notes" in shown and "/5," in shown  # `12/5,320`...
    assert "writing pages" in shown
    lines = shown.split("\n")
    assert lines[0].split("\r")[-1] == summary  # the line was cleared; the summary stands alone
    said = piped.stdout.splitlines()[1:] + piped.stderr.splitlines()  # the issues count
    assert said == [line for line in lines[1:] if line]


def test_import_of_many_cards_shows_cards_read_and_notes_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_vault(tmp_path, {"People/Ana.md": "# Ana\n"})
    cards = "".join(
        f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Person {i:03d}\r\nEND:VCARD\r\n" for i in range(250)
    )
    (tmp_path / "all.vcf").write_text(cards, encoding="utf-8")
    plain = vk(
        make_vault(tmp_path, {"People/Ana.md": "# Ana\n"}, "twin"),
        "import",
        str(tmp_path / "all.vcf"),
    )
    term = Terminal()
    monkeypatch.setattr(progress_mod, "BIG", 1)
    monkeypatch.setattr("vaultkit.cli.main.terminal_writer", lambda err: term.write)
    result = vk(root, "import", str(tmp_path / "all.vcf"))
    assert result.exit_code == 0, result.output
    assert result.stdout.replace(str(root), "") == plain.stdout.replace(str(tmp_path / "twin"), "")
    assert "reading cards 250/250" in term.lines
    assert [line for line in term.lines if line.startswith("writing notes")] == [
        "writing notes 0/250",
        "writing notes 100/250",
        "writing notes 200/250",
        "writing notes 250/250",
    ]
    assert term.text.endswith("\r")  # cleared before the report
