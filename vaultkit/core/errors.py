"""One exception family, so the CLI can turn every user-caused problem into one line.

Anything that is not a `VaultkitError` is a bug and deserves its traceback.
"""

from __future__ import annotations

import os
import stat


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
    # The disk is full, over quota or read-only: no other write can succeed either, so the
    # run stops here instead of reporting every file (one unwritable file lets it go on).
    whole_disk = False


class NotAFile(WriteError):
    """Something other than a regular file has a note's or page's name: never read (a named
    pipe waits for a writer, or loses its bytes to the reader), never replaced."""

    def __init__(self, path: object, mode: int) -> None:
        super().__init__(f"{path}: is {file_kind(mode)}, not a regular file; left alone")
        self.kind = file_kind(mode)
        self.mode = mode


def special(mode: int) -> bool:
    """A named pipe, socket or device: a name that reading may wait on or never finish."""
    return stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode) or stat.S_ISCHR(mode) or stat.S_ISBLK(mode)


def file_kind(mode: int) -> str:
    """What a stat mode that is not a regular file's is, in the words of a message."""
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    return "not a file"


def shown(text: str) -> str:
    """A path (or a message holding one) as it can be printed and written into a page: bytes
    of a name that are not UTF-8, which Python keeps as lone surrogates, as `\\xe9`."""
    try:
        return os.fsencode(text).decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # a surrogate that stands for no byte
        return text.encode("utf-8", "backslashreplace").decode("utf-8")
