"""vaultkit: a plain-text relationship keeper for Markdown vaults.

The public API is the pipeline's plain functions; the CLI is one thin user of it.
"""

from __future__ import annotations

from .config import Config, ParseOptions, load_config
from .errors import ConfigError, UsageError, VaultkitError, WriteError
from .index import Index, VaultView
from .models import FileStamp, FollowUp, Interaction, Issue, NoteFacts, Person
from .parse import parse

__version__ = "0.1.0"

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
