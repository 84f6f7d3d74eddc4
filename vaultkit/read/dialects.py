"""Which files mark a Foam workspace or a Logseq graph, and the cheap checks for them.

A module of its own, light to import, so that reading the settings of an ordinary vault (every
no-op sync does) does not load the Foam and Logseq readers: `read/config.py` imports them only
when one of these files says the vault needs them.
"""

from __future__ import annotations

from pathlib import Path

VSCODE_SETTINGS = ".vscode/settings.json"  # Foam's settings live in VS Code's
DAILY_TEMPLATE = ".foam/templates/daily-note.md"
FOAM_FILES = (VSCODE_SETTINGS, DAILY_TEMPLATE)
CONFIG_EDN = "logseq/config.edn"
LOGSEQ_FILES = (CONFIG_EDN,)


def may_be_foam(vault: Path) -> bool:
    """`.foam/`, or VS Code settings that may hold `foam.` keys (read to know)."""
    return (vault / ".foam").is_dir() or (vault / VSCODE_SETTINGS).exists()


def is_logseq(vault: Path) -> bool:
    """A Logseq graph: the folder holds `logseq/config.edn`."""
    return (vault / CONFIG_EDN).is_file()
