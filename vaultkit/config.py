"""`vaultkit.toml` and Obsidian's daily-notes settings, validated in one pass (VAULT_FORMAT §2).

Every bad key is collected and reported together, with the nearest valid key suggested,
so a user fixes their config in one go instead of one error per run.
"""

from __future__ import annotations

import difflib
import json
import posixpath
import tomllib
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from .errors import ConfigError
from .models import Issue

CONFIG_NAME = "vaultkit.toml"
PERSON_BLOCK_MODES = ("markers", "append", "off")


@dataclass(frozen=True, slots=True)
class ParseOptions:
    """The settings that change what `parse` extracts from a note; part of the cache key."""

    log_headings: tuple[str, ...] = ("Log", "Interactions", "Timeline")
    daily_folder: str = ""
    daily_format: str = "YYYY-MM-DD"


@dataclass(frozen=True, slots=True)
class Config:
    """Every setting with its default; `vaultkit init` writes these out, commented."""

    output_folder: str = "Vaultkit"
    people_folders: tuple[str, ...] = ("People",)
    templates_folders: tuple[str, ...] = ("Templates",)
    ignore: tuple[str, ...] = ()
    daily_folder: str = ""
    daily_format: str = "YYYY-MM-DD"
    log_headings: tuple[str, ...] = ("Log", "Interactions", "Timeline")
    birthday_window_days: int = 30
    recent_days: int = 30
    due_soon_days: int = 7
    max_file_size_mb: float = 5.0
    person_block: str = "markers"
    timeline_limit: int = 10

    @property
    def parse_options(self) -> ParseOptions:
        return ParseOptions(self.log_headings, self.daily_folder, self.daily_format)

    @property
    def max_file_bytes(self) -> int:
        return int(self.max_file_size_mb * 1024 * 1024)


_LIST_KEYS = {"people_folders", "templates_folders", "ignore", "log_headings"}
_FOLDER_KEYS = {"output_folder", "daily_folder"}
_INT_KEYS = {"birthday_window_days", "recent_days", "due_soon_days", "timeline_limit"}


def load_config(vault: Path) -> tuple[Config, list[Issue]]:
    """The vault's config; raises ConfigError naming every bad key. Issues are non-fatal notes."""
    issues: list[Issue] = []
    values: dict[str, Any] = {}
    daily = _obsidian_daily(vault, issues)
    values.update(daily)
    path = vault / CONFIG_NAME
    if path.is_file():
        try:
            raw = tomllib.loads(path.read_text(encoding="utf-8-sig"))
        except (ValueError, RecursionError) as exc:  # also: nested too deep, 4300+ digits
            reason = "nested too deeply" if isinstance(exc, RecursionError) else exc
            raise ConfigError(
                f"{path}: not valid TOML ({reason}); fix or delete the file"
            ) from None
        except OSError as exc:
            raise ConfigError(f"{path}: cannot be read ({exc.strerror})") from None
        values.update(validate(raw, str(path)))
    return Config(**values), issues


def validate(raw: dict[str, Any], source: str) -> dict[str, Any]:
    """Checked and normalised values from a parsed TOML table; every problem in one error."""
    known = {f.name: f for f in fields(Config)}
    errors: list[str] = []
    out: dict[str, Any] = {}
    for key, value in raw.items():
        if key not in known:
            near = difflib.get_close_matches(key, list(known), n=1)
            hint = f" (did you mean '{near[0]}'?)" if near else ""
            errors.append(f"{source}: unknown key '{key}'{hint}")
            continue
        try:
            out[key] = _check(key, value)
        except ValueError as exc:
            errors.append(f"{source}: '{key}' {exc}")
    if "output_folder" in out:
        people = {p.casefold() for p in out.get("people_folders", Config().people_folders)}
        if out["output_folder"].casefold() in people:
            errors.append(f"{source}: 'output_folder' must not be a people folder")
    if errors:
        raise ConfigError("\n".join(errors))
    return out


def _check(key: str, value: Any) -> Any:
    if key in _LIST_KEYS:
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list) or not all(isinstance(v, str) for v in items):
            raise ValueError("must be a string or a list of strings")
        if key.endswith("_folders"):
            return tuple(_folder(v, allow_root=False) for v in items)
        return tuple(items)
    if key in _FOLDER_KEYS:
        if not isinstance(value, str):
            raise ValueError("must be a string (a folder inside the vault)")
        return _folder(value, allow_root=key == "daily_folder")
    if key in _INT_KEYS or key == "max_file_size_mb":
        return _number(key, value)
    if key == "person_block":
        if value not in PERSON_BLOCK_MODES:
            raise ValueError(f"must be one of {', '.join(repr(m) for m in PERSON_BLOCK_MODES)}")
        return value
    if key == "daily_format":
        if not isinstance(value, str) or not value.strip():
            raise ValueError("must be a moment.js date format such as 'YYYY-MM-DD'")
        return value
    raise AssertionError(f"unhandled config key {key}")  # pragma: no cover


MAX_DAYS = 36500  # a hundred years: any window a person could mean
MAX_FILE_SIZE_MB = 1024
MAX_TIMELINE = 10000


def _number(key: str, value: Any) -> Any:
    """Numbers within ranges that mean something (docs/vault-format.md, Configuration): a
    huge window would only overflow the calendar, a huge size limit the memory."""
    shown = repr(value) if len(repr(value)) <= 24 else repr(value)[:21] + "..."
    if key == "max_file_size_mb":
        ok = not isinstance(value, bool) and isinstance(value, int | float)
        if not ok or not 0 < value <= MAX_FILE_SIZE_MB:  # also refuses nan
            raise ValueError(
                f"must be a number of MiB above 0 and at most {MAX_FILE_SIZE_MB}, got {shown}"
            )
        return float(value)
    top, what = (MAX_TIMELINE, "entries") if key == "timeline_limit" else (MAX_DAYS, "days")
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= top:
        raise ValueError(f"must be a whole number of {what} from 0 to {top}, got {shown}")
    return value


def _folder(value: str, *, allow_root: bool) -> str:
    """A vault-relative folder; absolute paths, `..` and (usually) the vault root are refused."""
    text = value.strip().replace("\\", "/").strip("/")
    norm = posixpath.normpath(text) if text else ""
    if value.strip().startswith("/") or norm.startswith("..") or ":" in norm.split("/")[0]:
        raise ValueError(f"must be a folder inside the vault, got {value!r}")
    if any(part.startswith(".") for part in norm.split("/") if part not in ("", ".")):
        raise ValueError(
            f"must not be a hidden (dot) folder, which vaultkit never reads: {value!r}"
        )
    if norm in ("", ".") and not allow_root:
        raise ValueError("must not be the vault root")
    return "" if norm == "." else norm


def _obsidian_daily(vault: Path, issues: list[Issue]) -> dict[str, Any]:
    """Obsidian's own daily-notes settings, used unless vaultkit.toml overrides them."""
    path = vault / ".obsidian" / "daily-notes.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError, RecursionError) as exc:
        issues.append(Issue("config", ".obsidian/daily-notes.json", None, f"ignored: {exc}"))
        return {}
    out: dict[str, Any] = {}
    if not isinstance(data, dict):
        return out
    folder, fmt = data.get("folder"), data.get("format")
    if isinstance(folder, str):
        try:
            out["daily_folder"] = _folder(folder, allow_root=True)
        except ValueError:
            issues.append(Issue("config", ".obsidian/daily-notes.json", None, "folder ignored"))
    if isinstance(fmt, str) and fmt.strip():
        out["daily_format"] = fmt.strip()
    return out
