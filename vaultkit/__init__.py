"""vaultkit: a plain-text relationship keeper for Markdown vaults.

Use it from Python through `open_vault` (see `vaultkit.api`):

    import vaultkit
    vault = vaultkit.open_vault("~/Notes")
    [row.name for row in vault.overdue()]

Names are imported on first use (PEP 562), so `vaultkit sync` on an unchanged vault never
loads the parser. No public name is also the name of a submodule: importing a submodule
would otherwise replace it on the package (`vaultkit.read.parse` the function became
`vaultkit.read.parse` the module); the note parser is `parse_note`.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .api import (
        AskOrOffer,
        Contact,
        Drifting,
        FollowUpEntry,
        InteractionEntry,
        OpenFollowUp,
        Overdue,
        PersonDetail,
        PersonSummary,
        PossibleIntroduction,
        ReachOut,
        UpcomingBirthday,
        UpcomingDate,
        Vault,
        VaultIssue,
        WaysToHelp,
        open_vault,
    )
    from .core.errors import ConfigError, UsageError, VaultkitError, WriteError
    from .core.models import FileStamp, FollowUp, Interaction, Issue, NoteFacts, Person
    from .core.stats import SyncStats as SyncResult
    from .read.config import Config, ParseOptions, load_config
    from .read.parse import parse as parse_note

__version__ = "0.1.0"

# public name -> (module, name there)
_WHERE = {
    "open_vault": ("api", "open_vault"),
    "Vault": ("api", "Vault"),
    "Overdue": ("api", "Overdue"),
    "PersonSummary": ("api", "PersonSummary"),
    "PersonDetail": ("api", "PersonDetail"),
    "UpcomingBirthday": ("api", "UpcomingBirthday"),
    "UpcomingDate": ("api", "UpcomingDate"),
    "OpenFollowUp": ("api", "OpenFollowUp"),
    "InteractionEntry": ("api", "InteractionEntry"),
    "FollowUpEntry": ("api", "FollowUpEntry"),
    "VaultIssue": ("api", "VaultIssue"),
    "Drifting": ("api", "Drifting"),
    "Contact": ("api", "Contact"),
    "ReachOut": ("api", "ReachOut"),
    "AskOrOffer": ("api", "AskOrOffer"),
    "PossibleIntroduction": ("api", "PossibleIntroduction"),
    "WaysToHelp": ("api", "WaysToHelp"),
    "SyncResult": ("core.stats", "SyncStats"),
    "Config": ("read.config", "Config"),
    "ParseOptions": ("read.config", "ParseOptions"),
    "load_config": ("read.config", "load_config"),
    "ConfigError": ("core.errors", "ConfigError"),
    "UsageError": ("core.errors", "UsageError"),
    "VaultkitError": ("core.errors", "VaultkitError"),
    "WriteError": ("core.errors", "WriteError"),
    "FileStamp": ("core.models", "FileStamp"),
    "FollowUp": ("core.models", "FollowUp"),
    "Interaction": ("core.models", "Interaction"),
    "Issue": ("core.models", "Issue"),
    "NoteFacts": ("core.models", "NoteFacts"),
    "Person": ("core.models", "Person"),
    "parse_note": ("read.parse", "parse"),
}


def __getattr__(name: str) -> Any:
    where = _WHERE.get(name)
    if where is None:
        raise AttributeError(f"module 'vaultkit' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{where[0]}", __name__), where[1])
    globals()[name] = value  # once found, a plain attribute
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_WHERE])


__all__ = [
    "AskOrOffer",
    "Config",
    "ConfigError",
    "Contact",
    "Drifting",
    "FileStamp",
    "FollowUp",
    "FollowUpEntry",
    "Interaction",
    "InteractionEntry",
    "Issue",
    "NoteFacts",
    "OpenFollowUp",
    "Overdue",
    "ParseOptions",
    "Person",
    "PersonDetail",
    "PersonSummary",
    "PossibleIntroduction",
    "ReachOut",
    "SyncResult",
    "UpcomingBirthday",
    "UpcomingDate",
    "UsageError",
    "Vault",
    "VaultIssue",
    "VaultkitError",
    "WaysToHelp",
    "WriteError",
    "__version__",
    "load_config",
    "open_vault",
    "parse_note",
]
