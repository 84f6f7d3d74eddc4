"""One exception family, so the CLI can turn every user-caused problem into one line.

Anything that is not a `VaultkitError` is a bug and deserves its traceback.
"""

from __future__ import annotations


class VaultkitError(Exception):
    """A problem the user can fix; its message is the whole story (file and what to do)."""

    exit_code = 2


class UsageError(VaultkitError):
    """Bad arguments, no vault found, unknown person name."""


class ConfigError(VaultkitError):
    """`vaultkit.toml` is unreadable or holds unknown keys or wrong types."""


class WriteError(VaultkitError):
    """A page or note could not be written; the old file is left intact."""

    exit_code = 1
