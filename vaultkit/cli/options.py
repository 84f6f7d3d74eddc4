"""What the command modules share: cli.py and cli_admin.py both build on these, so neither
imports the other at module level (cli.py imports cli_admin only to run or list its groups).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])

GLOBAL = "vaultkit.before_command"  # ctx.meta key: the options given before the command


def before_command(given: dict[str, Any], names: tuple[str, ...]) -> dict[str, Any]:
    """The options written before the command (`vaultkit --today D overdue`) where the command
    line did not give them after it: after the command wins, then before it, then the
    environment (VAULTKIT_TODAY, ...)."""
    from click.core import ParameterSource

    ctx = click.get_current_context()
    early: dict[str, Any] = ctx.meta.get(GLOBAL, {})
    out = {}
    for name in names:
        value = early.get(name)
        if value in (None, False) or name not in given:
            continue
        if ctx.get_parameter_source(name) is not ParameterSource.COMMANDLINE:
            out[name] = value
    return out


def with_options(func: Callable[..., Any], options: list[Callable[[Any], Any]]) -> Any:
    """`func` under each of `options` (click decorators) applied in turn, the last one
    outermost, as stacked decorators are: one list of options shared by several commands."""
    decorated: Any = func
    for option in options:
        decorated = option(decorated)
    return decorated
