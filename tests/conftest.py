"""Shared test options. `--update-golden` rewrites tests/golden/ (a reviewed diff, not a habit)."""

from __future__ import annotations

import pytest


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="Rewrite the golden pages of examples/vault from the current output.",
    )


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture(autouse=True)
def _private_cache(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Tests never touch the user's cache folder: each test gets its own."""
    monkeypatch.setenv("VAULTKIT_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
