"""vaultkit: a plain-text relationship keeper for Markdown vaults.

The public API is the pipeline's plain functions; the CLI is one thin user of it. Names are
imported on first use (PEP 562), so `vaultkit sync` on an unchanged vault never loads the
parser.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .config import Config, ParseOptions, load_config
    from .errors import ConfigError, UsageError, VaultkitError, WriteError
    from .index import Index, VaultView
    from .models import FileStamp, FollowUp, Interaction, Issue, NoteFacts, Person
    from .parse import parse

__version__ = "0.1.0"

_WHERE = {
    "Config": "config",
    "ParseOptions": "config",
    "load_config": "config",
    "ConfigError": "errors",
    "UsageError": "errors",
    "VaultkitError": "errors",
    "WriteError": "errors",
    "Index": "index",
    "VaultView": "index",
    "FileStamp": "models",
    "FollowUp": "models",
    "Interaction": "models",
    "Issue": "models",
    "NoteFacts": "models",
    "Person": "models",
    "parse": "parse",
}


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'vaultkit' has no attribute {name!r}")
    return getattr(importlib.import_module(f".{module}", __name__), name)


__all__ = [
    "Config",
    "ConfigError",
    "FileStamp",
    "FollowUp",
    "Index",
    "Interaction",
    "Issue",
    "NoteFacts",
    "ParseOptions",
    "Person",
    "UsageError",
    "VaultView",
    "VaultkitError",
    "WriteError",
    "__version__",
    "load_config",
    "parse",
]
