"""A Foam workspace's own settings, read as Foam reads them (VAULT_FORMAT §14).

Foam keeps its settings in VS Code's `.vscode/settings.json` (JSON with comments and trailing
commas, as VS Code allows) and its daily-note template in `.foam/templates/daily-note.md`.
A file that cannot be read is one reported issue and its settings are left out: never a crash.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..core.errors import NotAFile
from ..core.models import Issue
from ..text.daily_names import to_moment
from .dialects import DAILY_TEMPLATE, VSCODE_SETTINGS

# how a settings file is read: its bytes, None when absent (`config.read_settings_file`)
Reader = Callable[[Path], bytes | None]


_JSONC_RE = re.compile(r'"(?:[^"\\\n]|\\.)*"|//[^\n]*|/\*.*?(?:\*/|$)', re.DOTALL)
_TRAILING_COMMA_RE = re.compile(r'"(?:[^"\\\n]|\\.)*"|,(\s*[}\]])')


def loads_jsonc(text: str) -> Any:
    """JSON with `//` and `/* */` comments and trailing commas (VS Code's settings files).
    Comments and commas inside strings are kept; raises ValueError as `json.loads` does."""
    without = _JSONC_RE.sub(lambda m: m[0] if m[0].startswith('"') else " ", text)
    cleaned = _TRAILING_COMMA_RE.sub(lambda m: m[1] if m[1] is not None else m[0], without)
    return json.loads(cleaned)


def vscode_settings(vault: Path, issues: list[Issue], read_settings_file: Reader) -> dict[str, Any]:
    """`.vscode/settings.json` as an object; {} when absent, one issue when unreadable."""

    try:
        raw = read_settings_file(vault / VSCODE_SETTINGS)
        if raw is None:
            return {}
        data = loads_jsonc(raw.decode("utf-8-sig"))
    except NotAFile as exc:
        issues.append(Issue("config", VSCODE_SETTINGS, None, f"ignored: {exc.kind}, not a file"))
        return {}
    except (OSError, ValueError, RecursionError) as exc:
        issues.append(Issue("config", VSCODE_SETTINGS, None, f"ignored: not readable ({exc})"))
        return {}
    if not isinstance(data, dict):
        issues.append(Issue("config", VSCODE_SETTINGS, None, "ignored: not a JSON object"))
        return {}
    return data


def has_foam_keys(settings: dict[str, Any]) -> bool:
    """VS Code settings that configure Foam: the workspace is read as Foam."""
    return any(isinstance(k, str) and k.startswith("foam.") for k in settings)


def ignore_globs(settings: dict[str, Any]) -> list[str]:
    """`foam.files.ignore`, `foam.files.exclude` (lists of globs) and `files.exclude` (glob ->
    true/false): the files Foam leaves out, which vaultkit leaves out too."""
    found: list[str] = []
    for key in ("foam.files.ignore", "foam.files.exclude"):
        value = settings.get(key)
        if isinstance(value, str):
            value = [value]
        if isinstance(value, list):
            found += [g for g in value if isinstance(g, str) and g.strip()]
    excluded = settings.get("files.exclude")
    if isinstance(excluded, dict):
        found += [g for g, on in excluded.items() if on is True and g.strip()]
    return [p for g in found for p in _braces(g.strip())]


_BRACES_RE = re.compile(r"\{([^{}]*)\}")


def _braces(glob: str) -> list[str]:
    """VS Code's `{a,b}` alternatives as one pattern each (.gitignore's rules have none)."""
    m = _BRACES_RE.search(glob)
    if m is None:
        return [glob]
    head, tail = glob[: m.start()], glob[m.end() :]
    return [p for alt in m[1].split(",") for p in _braces(head + alt + tail)]


# `dateformat` tokens (Foam's `filenameFormat`) -> the moment.js tokens vaultkit reads
_DATEFORMAT = [
    ("yyyy", "YYYY"),
    ("mmmm", "MMMM"),
    ("mmm", "MMM"),
    ("dddd", "dddd"),
    ("ddd", "ddd"),
    ("yy", "YY"),
    ("mm", "MM"),
    ("dd", "DD"),
    ("m", "M"),
    ("d", "D"),
]


def from_dateformat(fmt: str) -> str:
    """A `dateformat` mask (`yyyy-mm-dd`) as a moment.js format (`YYYY-MM-DD`); text in quotes
    is kept as written."""
    return to_moment(fmt, _DATEFORMAT, "'\"")


_TEMPLATE_VARS = {"FOAM_DATE_YEAR": "YYYY", "FOAM_DATE_MONTH": "MM", "FOAM_DATE_DATE": "DD"}
_VAR_RE = re.compile(r"\$\{FOAM_DATE_FORMAT:([^}]*)\}|\$\{(\w+)\}|\$(\w+)")


def template_path(filepath: str) -> tuple[str, str] | None:
    """A daily-note template's `filepath` as (folder, moment.js format), or None when it
    names no date (a variable vaultkit does not know). The folder is the path before the
    first part holding a variable: `$FOAM_DATE_YEAR/$FOAM_DATE_MONTH/...` is a format with
    `/`, matched below the folder; text around the variables is kept as written."""
    path = filepath.strip().replace("\\", "/").lstrip("/")
    if path.lower().endswith(".md"):
        path = path[:-3]
    parts = path.split("/")
    first = next((i for i, part in enumerate(parts) if "$" in part), len(parts))
    folder, dated = "/".join(parts[:first]), "/".join(parts[first:])
    out: list[str] = []
    at = 0
    for m in _VAR_RE.finditer(dated):
        out.append(_LETTERS_RE.sub(lambda t: f"[{t[0]}]", dated[at : m.start()]))
        at = m.end()
        if m[1] is not None:
            out.append(from_dateformat(m[1]))
        elif (m[2] or m[3]) in _TEMPLATE_VARS:
            out.append(_TEMPLATE_VARS[m[2] or m[3]])
        else:
            return None
    out.append(_LETTERS_RE.sub(lambda t: f"[{t[0]}]", dated[at:]))
    fmt = "".join(out)
    return (folder, fmt) if dated and "$" not in fmt else None


_LETTERS_RE = re.compile(r"[A-Za-z]+")


def template_filepath(vault: Path, issues: list[Issue], read_settings_file: Reader) -> str | None:
    """`foam_template: filepath:` in the front matter of the daily-note template, if any."""
    from .frontmatter import read_frontmatter  # PyYAML: loaded only for a Foam workspace

    try:
        raw = read_settings_file(vault / DAILY_TEMPLATE)
    except (NotAFile, OSError) as exc:
        issues.append(Issue("config", DAILY_TEMPLATE, None, f"ignored: {exc}"))
        return None
    if raw is None:
        return None
    fm = read_frontmatter(raw.decode("utf-8-sig", "replace").replace("\r\n", "\n"))
    template = fm.data.get("foam_template")
    value = template.get("filepath") if isinstance(template, dict) else None
    return value if isinstance(value, str) and value.strip() else None


def detect(vault: Path, settings: dict[str, Any]) -> bool:
    """A Foam workspace: it holds `.foam/`, or VS Code settings with `foam.` keys."""
    return (vault / ".foam").is_dir() or has_foam_keys(settings)


def daily_values(
    vault: Path, settings: dict[str, Any], issues: list[Issue], read_settings_file: Reader
) -> dict[str, Any]:
    """Foam's daily-note folder and format: the daily-note template's `filepath`, else
    `foam.openDailyNote.*` in the VS Code settings, else `journal/` or `journals/` (ISO names)
    when one exists. vaultkit.toml, read after, overrides them all."""
    filepath = template_filepath(vault, issues, read_settings_file)
    if filepath is not None:
        found = template_path(filepath)
        if found is not None:
            out: dict[str, Any] = {"daily_folder": found[0], "daily_format": found[1]}
            # Foam makes the folder with the first daily note: the template of a new
            # workspace, whose folder is not there yet, is no setting that matches nothing
            if not found[0] or (vault / found[0]).is_dir():
                out["daily_source"] = DAILY_TEMPLATE
            return out
        issues.append(
            Issue("config", DAILY_TEMPLATE, None, f"filepath {filepath!r} names no date; ignored")
        )
    folder = settings.get("foam.openDailyNote.directory")
    fmt = settings.get("foam.openDailyNote.filenameFormat")
    if isinstance(folder, str) or isinstance(fmt, str):
        out = {"daily_source": VSCODE_SETTINGS}
        if isinstance(folder, str):
            out["daily_folder"] = folder.strip().replace("\\", "/").strip("/")
        out["daily_format"] = (
            from_dateformat(fmt.strip()) if isinstance(fmt, str) and fmt.strip() else "YYYY-MM-DD"
        )
        return out
    for name in ("journal", "journals"):
        if (vault / name).is_dir():
            return {"daily_folder": name, "daily_format": "YYYY-MM-DD"}
    return {}
