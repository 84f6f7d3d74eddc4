"""Open what vaultkit reads only when it is a regular file: the one way it opens a note, a
settings file, the cache, a vCard or a file it is about to replace.

A named pipe opened for reading waits for a writer (a sync that never ends), a device may never
end (`/dev/zero`), and a terminal must not become the process's own: so the open is
non-blocking and `O_NOCTTY`, and `fstat` on the open file says what it is before a byte is
read (a name checked before the open could be swapped in between). Neither flag changes
anything for a regular file; Windows has neither.
"""

from __future__ import annotations

import os
import stat

from .errors import NotAFile

OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)


def open_regular(path: str | os.PathLike[str]) -> tuple[int, os.stat_result] | None:
    """A descriptor of the file and its `fstat`, for the caller to close; None when nothing
    has that name; `NotAFile` (nothing left open) when a folder, pipe, socket or device does.
    Other `OSError`s (no permission, ...) are the caller's to word."""
    try:
        fd = os.open(path, OPEN_FLAGS)
    except FileNotFoundError:
        return None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise NotAFile(path, st.st_mode)
    except BaseException:
        os.close(fd)
        raise
    return fd, st


def read_upto(fd: int, want: int, limit: int) -> bytes:
    """At most `limit` bytes, in one `read` when the file is the size it said (`want`: a stamp's
    or `fstat`'s size); a short read goes on until `want` or the end. A caller that must notice
    a file over its cap asks for one byte more than the cap."""
    data = os.read(fd, limit)
    while len(data) < min(want, limit):
        more = os.read(fd, limit - len(data))
        if not more:
            break
        data += more
    return data
