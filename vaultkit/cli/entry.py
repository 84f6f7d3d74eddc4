"""The console script and `python -m vaultkit`: run the command line, then leave at once.

Why: a command on a big vault ends holding hundreds of thousands of objects (the index, the
cache's blobs, the pages), and a normal interpreter exit frees them one by one, a tenth of a
second or more that nobody waits for on purpose. Skipping that loses nothing: every file
vaultkit writes is closed (and renamed into place) before its command returns, so what is
left is stdout and stderr, flushed here, and the `atexit` functions, run here. Where leaving
early could lose something (another thread still running, a child process, a coverage tool,
an exit status that is a message, a flush that fails) the interpreter exits the usual way.
"""

from __future__ import annotations

import atexit
import os
import sys
import threading


def main() -> None:
    from . import main as cli
    from .main import main as cli_main

    cli.KEEP_UNTIL_EXIT = True  # nothing is freed before `leave` (see cli._keep)

    try:
        cli_main()
    except SystemExit as exc:  # click ends every command this way, with its exit status
        leave(exc.code)
        raise


def leave(code: object) -> None:
    """`os._exit` with the status `sys.exit(code)` would give, when that is safe; else return
    (and the caller exits the usual way)."""
    if code is None:
        status = 0
    elif isinstance(code, int):
        status = code
    else:
        return  # a message for stderr: let the interpreter print it
    if threading.active_count() > 1 or "coverage" in sys.modules:
        return
    multiprocessing = sys.modules.get("multiprocessing")
    if multiprocessing is not None and multiprocessing.active_children():
        return
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):  # a closed pipe or stream: the usual exit reports it
        return
    atexit._run_exitfuncs()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):
        return
    os._exit(status)
