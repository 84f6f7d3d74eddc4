"""How a front matter key is compared (VAULT_FORMAT §3). Its own module, light to import: the
rules read keys when a question is answered from the database, where no YAML is parsed."""

from __future__ import annotations


def norm_key(key: str) -> str:
    """Front matter keys match case-insensitively, with `-` and `_` the same (VAULT_FORMAT §3)."""
    return key.strip().casefold().replace("-", "_").replace(" ", "_")
