"""Small in-memory helpers for the rule tests (test_index.py, test_rules_*.py): parse notes,
build a view.

Not a conftest: plain functions, imported explicitly.
"""

from __future__ import annotations

from vaultkit.core.models import NoteFacts, Person
from vaultkit.engine.index import Index, VaultView
from vaultkit.read.config import Config
from vaultkit.read.parse import parse


def md(front: list[str] | None, *body: str) -> str:
    """A note: front matter lines (None for none), then body lines."""
    head = ["---", *front, "---"] if front is not None else []
    return "\n".join([*head, *body]) + "\n"


def facts(path: str, text: str) -> NoteFacts:
    return parse(path, text, Config().parse_options)


def build(notes: dict[str, str], config: Config | None = None) -> VaultView:
    cfg = config or Config()
    index = Index(cfg)
    for path, text in notes.items():
        index.add(parse(path, text, cfg.parse_options))
    return index.view()


def person(notes: dict[str, str], path: str) -> Person:
    """The person at `path` in a vault of `notes` (fails when that note is not a person)."""
    view = build(notes)
    assert path in view.people, sorted(view.people)
    return view.people[path]
