"""The kill -9 harness (benchmarks/killharness.py) as a test: slow, so skipped unless asked for
(`pytest --run-slow tests/test_killharness.py`, or VAULTKIT_RUN_SLOW=1). It checks that no
process outlives the killed command: forked pool workers must die with their parent."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from benchmarks import killharness


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="finds processes in /proc")
def test_kill_9_at_random_moments_loses_nothing_and_leaves_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    runs = 14  # twice each command; `python -m benchmarks.killharness` runs 200
    code = killharness.main(["--runs", str(runs), "--work", str(tmp_path / "work")])
    out = capsys.readouterr().out
    assert code == 0, out
    assert f"{runs} runs" in out
