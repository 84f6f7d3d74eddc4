"""`vaultkit.toml` and Obsidian's daily-notes settings, validated in one pass (VAULT_FORMAT §2).

Every bad key is collected and reported together, with the nearest valid key suggested,
so a user fixes their config in one go instead of one error per run.
"""

from __future__ import annotations

import difflib
import json
import os
import posixpath
import tomllib
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..core.errors import ConfigError, NotAFile
from ..core.models import Issue
from ..core.regular import open_regular, read_upto
from .dialects import FOAM_FILES, LOGSEQ_FILES, is_logseq, may_be_foam

CONFIG_NAME = "vaultkit.toml"
PERSON_BLOCK_MODES = ("markers", "append", "off")


@dataclass(frozen=True, slots=True)
class ParseOptions:
    """The settings that change what `parse` extracts from a note; part of the cache key."""

    log_headings: tuple[str, ...] = ("Log", "Interactions", "Timeline")
    daily_folder: str = ""
    daily_format: str = "YYYY-MM-DD"
    # "foam": a note's name is also its title or first heading; "logseq": see §13
    dialect: str = "obsidian"
    # a Logseq graph's (§13): its journal title format as moment.js (`[[Nov 25th, 2026]]` is a
    # date), and how its file names write `/` ("triple-lowbar": `___`; "legacy": `.`, `%2F`)
    journal_title: str = ""
    file_names: str = ""


@dataclass(frozen=True, slots=True)
class Config:
    """Every setting with its default; `vaultkit init` writes these out, commented."""

    output_folder: str = "Vaultkit"
    people_folders: tuple[str, ...] = ("People",)
    templates_folders: tuple[str, ...] = ("Templates",)
    person_template: str = ""  # the note `add` fills; "": found in the templates folders
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
    outputs: tuple[tuple[str, str], ...] = ()  # [outputs]: output name -> where it goes
    circles: tuple[tuple[str, str], ...] = ()  # [circles]: circle name -> cadence (§10)
    drift_horizon_days: int = 730  # silences longer than this are not "drifting" any more
    digest_days: int = 7  # the reach-out digest looks this far ahead (§12)
    digest_drifting_limit: int = 5  # at most this many drifting people in the digest
    ask_days: int = 365  # a dated ask older than this is dropped (§11)
    calendar: tuple[tuple[str, str], ...] = ()  # [calendar]: `path` of the iCalendar feed
    people_map: bool = False  # write `People map.md` (it names people: some vaults are shared)
    link_style: str = ""  # "wikilink" or "markdown" (§9a); "": the default, `links`
    # how the notes are written: "obsidian", "foam" or "logseq" (§2, §13, §14)
    dialect: str = "obsidian"
    # A Logseq graph's own settings, from `logseq/config.edn` (not keys of vaultkit.toml): its
    # pages folder, its journal title format (moment.js) and its file-name format (§13)
    pages_folder: str = ""
    journal_title: str = ""
    file_names: str = ""
    # Where the daily-note settings came from (not a key of vaultkit.toml): a setting that
    # matches no note is reported, naming this file; "" for the defaults.
    daily_source: str = ""
    # The vault folder's name (not a key either): names the calendar feed and keeps its event
    # UIDs apart from another vault's, the same on every device the vault is synced to.
    vault_name: str = ""

    @property
    def calendar_path(self) -> str | None:
        """Where the iCalendar feed goes (`[calendar] path`); None: no feed (it is opt-in)."""
        return dict(self.calendar).get("path")

    @property
    def links(self) -> str:
        """The link style of what vaultkit writes: `link_style`, else the default (§9a):
        Markdown links in a Foam workspace (Foam's preview and GitHub follow them, §14),
        wikilinks elsewhere (Obsidian, Logseq)."""
        return self.link_style or ("markdown" if self.dialect == "foam" else "wikilink")

    @property
    def output_prefix(self) -> str:
        """What the path of every page vaultkit writes starts with: the output folder
        (`Vaultkit/`), or in a Logseq graph its namespace in the pages folder
        (`pages/Vaultkit___`: the page `Vaultkit/Overdue check-ins`, §13)."""
        if self.dialect == "logseq":
            pages = self.pages_folder or "pages"
            return f"{pages}/{self.output_folder.replace('/', '___')}___"
        return self.output_folder + "/"

    @property
    def parse_options(self) -> ParseOptions:
        return ParseOptions(
            self.log_headings,
            self.daily_folder,
            self.daily_format,
            self.dialect,
            self.journal_title,
            self.file_names,
        )

    @property
    def max_file_bytes(self) -> int:
        return int(self.max_file_size_mb * 1024 * 1024)

    @property
    def facts_settings(self) -> str:
        """The settings a note's cached entry depends on (`FACT_KEYS`), for the facts' key."""
        return repr(tuple((key, getattr(self, key)) for key in FACT_KEYS))


# The settings that decide what a note's cached entry holds (its facts, or the issue that it
# was not read): the facts in the cache are keyed by them (`cache.parser_key`), so changing
# one reads every note again. Every other setting decides which notes are walked, or what the
# view, the pages and the blocks make of the facts: the view, its rows and the no-op check are
# keyed by the whole Config (`store.derived_key`, `quick.result_key`).
# tests/test_cache_settings.py holds every key of KEYS to one side or the other.
FACT_KEYS = ("log_headings", "daily_folder", "daily_format", "max_file_size_mb", "dialect")


def load_config(vault: Path) -> tuple[Config, list[Issue]]:
    """The vault's config; raises ConfigError naming every bad key. Issues are non-fatal notes.

    Obsidian's own settings come first and vaultkit.toml overrides them (VAULT_FORMAT §1, §2):
    the daily-note folder and format from the Periodic Notes plugin, else the core plugin; the
    templates folders of the core Templates plugin and of Templater are added to the config's.
    """
    issues: list[Issue] = []
    values: dict[str, Any] = {}
    values.update(_obsidian_daily(vault, issues))
    path = vault / CONFIG_NAME
    try:
        data = read_settings_file(path)
    except NotAFile as exc:
        raise ConfigError(
            f"{path}: is {exc.kind}, not a file; make it a file or remove it"
        ) from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    checked: dict[str, Any] = {}
    if data is not None:
        try:
            raw = tomllib.loads(data.decode("utf-8-sig"))
        except (ValueError, RecursionError) as exc:  # also: nested too deep, 4300+ digits
            reason = "nested too deeply" if isinstance(exc, RecursionError) else exc
            raise ConfigError(
                f"{path}: not valid TOML ({reason}); fix or delete the file"
            ) from None
        checked = validate(raw, str(path))
        issues.extend(_settings_in_tables(checked))
    values.update(_foam(vault, checked, issues))
    values.update(_logseq(vault, checked, issues))
    if "daily_folder" in checked or "daily_format" in checked:
        values["daily_source"] = CONFIG_NAME
    values.update(checked)
    values["ignore"] = (
        tuple(checked.get("ignore", ()))
        + values.pop("foam_ignore", ())
        + values.pop("logseq_ignore", ())
    )
    templates = list(values.get("templates_folders", Config().templates_folders))
    for folder in _obsidian_templates(vault, issues):
        if folder.casefold() not in (t.casefold() for t in templates):
            templates.append(folder)
    values["templates_folders"] = tuple(templates)
    if values.get("dialect") == "logseq":  # a template page is `Templates/Name`, in the namespace
        values["ignore"] += tuple(f"{_any_case(t)}___*.md" for t in templates if "/" not in t)
    # shown in the calendar feed's name: a folder name that is not UTF-8 is shown, never fatal
    values["vault_name"] = os.fsencode(vault.resolve().name).decode("utf-8", "replace")
    return Config(**values), issues


Check = Callable[[Any], Any]


@dataclass(frozen=True, slots=True)
class Key:
    """One key of `vaultkit.toml`: how its value is checked and normalised (a ValueError's
    text finishes the sentence "'<key>' ..."). A `table` key is a TOML table (`[circles]`)
    whose entries are each checked by `check`; it becomes a tuple of (name, value) pairs."""

    check: Check
    table: bool = False


def _strings(folders: bool) -> Check:
    def check(value: Any) -> tuple[str, ...]:
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list) or not all(isinstance(v, str) for v in items):
            raise ValueError("must be a string or a list of strings")
        return tuple(_folder(v, allow_root=False) for v in items) if folders else tuple(items)

    return check


def _folder_key(allow_root: bool) -> Check:
    def check(value: Any) -> str:
        if not isinstance(value, str):
            raise ValueError("must be a string (a folder inside the vault)")
        return _folder(value, allow_root=allow_root)

    return check


def _note_path(value: Any) -> str:
    """A note inside the vault, like `Templates/Contact.md`."""
    if not isinstance(value, str) or not value.strip().lower().endswith(".md"):
        raise ValueError('must be the path of a note in the vault, like "Templates/Person.md"')
    folder, _, name = value.strip().replace("\\", "/").rpartition("/")
    try:
        return f"{_folder(folder, allow_root=True)}/{name}".lstrip("/")
    except ValueError:
        raise ValueError(f"must be a note inside the vault (not hidden), got {value!r}") from None


LINK_STYLES = ("wikilink", "markdown")


def _daily_format(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError("must be a moment.js date format such as 'YYYY-MM-DD'")
    return value


def _output_path(value: Any) -> str:
    """Where one output goes: a file path (`~` allowed; relative ones are in the vault)."""
    if not isinstance(value, str) or not value.strip() or value.strip().endswith(("/", "\\")):
        raise ValueError('must be the path of a file, like "~/Calendars/vaultkit.outputs.ics"')
    return value.strip()


CALENDAR_KEYS = ("path",)
DIALECTS = ("obsidian", "foam", "logseq")


def _one_of(choices: tuple[str, ...]) -> Check:
    """A key that takes one of a few words (`person_block`, `link_style`, `dialect`)."""

    def check(value: Any) -> str:
        if value not in choices:
            raise ValueError(f"must be one of {', '.join(repr(c) for c in choices)}")
        return str(value)

    return check


def _flag(key: str) -> Check:
    def check(value: Any) -> bool:
        if not isinstance(value, bool):
            raise ValueError(f"must be true or false, like {key} = true")
        return value

    return check


def _calendar(value: Any) -> tuple[tuple[str, str], ...]:
    """`[calendar]`: `path`, the file the feed is written to (inside the vault, or anywhere a
    calendar app can subscribe to it). Never a Markdown file: that would be read as a note."""
    if not isinstance(value, dict):
        raise ValueError('must be a table: [calendar], then path = "~/Calendars/people.ics"')
    for key in value:
        if key not in CALENDAR_KEYS:
            near = difflib.get_close_matches(key, CALENDAR_KEYS, n=1)
            hint = f" (did you mean '{near[0]}'?)" if near else ""
            raise ValueError(f"has no key '{key}'{hint}; it takes: {', '.join(CALENDAR_KEYS)}")
    if "path" not in value:
        raise ValueError('needs path = "..." (the .ics file to write), or remove [calendar]')
    path = _output_path(value["path"])
    if path.casefold().endswith(".md"):
        raise ValueError(f"path must not be a Markdown note, got {path!r}; use a .ics file")
    return (("path", path),)


def folder_in_vault(value: str) -> str:
    """A folder a command is given (`import --folder`), checked like the folder settings."""
    return _folder(value, allow_root=False)


def _circle(value: Any) -> str:
    """One entry of `[circles]`: a cadence, checked by `check_circle`."""
    return check_circle(value)


def _numeric(key: str) -> Check:
    return lambda value: _number(key, value)


# Every key of vaultkit.toml, one line each: a new setting is a field of Config and a line here.
KEYS: dict[str, Key] = {
    "output_folder": Key(_folder_key(allow_root=False)),
    "people_folders": Key(_strings(folders=True)),
    "templates_folders": Key(_strings(folders=True)),
    "person_template": Key(_note_path),
    "ignore": Key(_strings(folders=False)),
    "daily_folder": Key(_folder_key(allow_root=True)),
    "daily_format": Key(_daily_format),
    "log_headings": Key(_strings(folders=False)),
    "birthday_window_days": Key(_numeric("birthday_window_days")),
    "recent_days": Key(_numeric("recent_days")),
    "due_soon_days": Key(_numeric("due_soon_days")),
    "max_file_size_mb": Key(_numeric("max_file_size_mb")),
    "person_block": Key(_one_of(PERSON_BLOCK_MODES)),
    "timeline_limit": Key(_numeric("timeline_limit")),
    "outputs": Key(_output_path, table=True),
    "circles": Key(_circle, table=True),
    "drift_horizon_days": Key(_numeric("drift_horizon_days")),
    "digest_days": Key(_numeric("digest_days")),
    "digest_drifting_limit": Key(_numeric("digest_drifting_limit")),
    "ask_days": Key(_numeric("ask_days")),
    "calendar": Key(_calendar),
    "people_map": Key(_flag("people_map")),
    "link_style": Key(_one_of(LINK_STYLES)),
    "dialect": Key(_one_of(DIALECTS)),
}


def validate(
    raw: dict[str, Any], source: str, keys: dict[str, Key] | None = None
) -> dict[str, Any]:
    """Checked and normalised values from a parsed TOML table; every problem in one error."""
    known = KEYS if keys is None else keys
    errors: list[str] = []
    out: dict[str, Any] = {}
    for key, value in raw.items():
        spec = known.get(key)
        if spec is None:
            errors.append(f"{source}: unknown key '{key}'{_near(key, known)}")
        elif spec.table:
            if not isinstance(value, dict):
                errors.append(f"{source}: '{key}' must be a table: [{key}], then name = value")
                continue
            entries = []
            for name, entry in sorted(value.items()):
                try:
                    entries.append((name, spec.check(entry)))
                except ValueError as exc:
                    if key == "circles" and name in KEYS and not KEYS[name].table:
                        errors.append(f"{source}: {_setting_in_circles(name)}")
                    else:
                        errors.append(f"{source}: '{key}.{name}' {exc}")
            out[key] = tuple(entries)
        else:
            try:
                out[key] = spec.check(value)
            except ValueError as exc:
                errors.append(f"{source}: '{key}' {exc}")
    if "output_folder" in out:
        people = {p.casefold() for p in out.get("people_folders", Config().people_folders)}
        if out["output_folder"].casefold() in people:
            errors.append(f"{source}: 'output_folder' must not be a people folder")
    errors += _same_circles(out.get("circles", ()), source)
    if errors:
        raise ConfigError("\n".join(errors))
    return out


def _settings_in_tables(checked: dict[str, Any]) -> list[Issue]:
    """A setting written after `[circles]` is in that table, as TOML reads it: a circle of
    that name. Said, in case it was meant as the setting."""
    found = []
    for table in ("circles",):
        for name, _ in checked.get(table, ()):
            spec = KEYS.get(name)
            if spec is not None and not spec.table:
                found.append(Issue("config", CONFIG_NAME, None, _setting_in_circles(name)))
    return found


def _setting_in_circles(name: str) -> str:
    """What TOML did with a setting written after `[circles]`, and what to do: a warning when
    its value reads as a cadence, else the error in place of "not a cadence"."""
    return f"`{name}` under [circles] is read as a circle; move it above [circles] to set it"


def _same_circles(circles: tuple[tuple[str, str], ...], source: str) -> list[str]:
    """Circle names compare like tags (`Close friends` is `close-friends`): two are one."""
    if not circles:
        return []
    seen: dict[str, str] = {}
    errors = []
    for name, _ in circles:
        other = seen.setdefault(circle_key(name), name)
        if other != name:
            errors.append(f"{source}: circles '{other}' and '{name}' are the same circle; keep one")
    return errors


def _near(key: str, known: dict[str, Key]) -> str:
    near = difflib.get_close_matches(key, list(known), n=1)
    return f" (did you mean '{near[0]}'?)" if near else ""


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
    counts = key in ("timeline_limit", "digest_drifting_limit")
    top, what = (MAX_TIMELINE, "entries") if counts else (MAX_DAYS, "days")
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


_CORE_DAILY = ".obsidian/daily-notes.json"
_PERIODIC = ".obsidian/plugins/periodic-notes/data.json"
_CORE_TEMPLATES = ".obsidian/templates.json"
_TEMPLATER = ".obsidian/plugins/templater-obsidian/data.json"
# Every file the settings are read from (vault paths): a session that lives on (`watch`)
# starts again from the settings when one of them changes.
SETTINGS_FILES = (
    CONFIG_NAME,
    _CORE_DAILY,
    _PERIODIC,
    _CORE_TEMPLATES,
    _TEMPLATER,
    *FOAM_FILES,
    *LOGSEQ_FILES,
)


def settings_stamps(vault: Path) -> tuple[tuple[int, int] | None, ...]:
    """(mtime_ns, size) of each settings file, None where absent: equal stamps, same settings."""
    out: list[tuple[int, int] | None] = []
    for rel in SETTINGS_FILES:
        try:
            st = (vault / rel).stat()
        except OSError:
            out.append(None)
        else:
            out.append((st.st_mtime_ns, st.st_size))
    return tuple(out)


SETTINGS_LIMIT = 4 * 1024 * 1024  # bytes; a settings file is a few hundred


def read_settings_file(path: Path) -> bytes | None:
    """A settings file's bytes, None when there is none. Only a regular file is read
    (`regular.open_regular`): `NotAFile` else; OSError for a file over `SETTINGS_LIMIT`."""
    found = open_regular(path)
    if found is None:
        return None
    fd, st = found
    try:
        data = read_upto(fd, min(st.st_size, SETTINGS_LIMIT + 1), SETTINGS_LIMIT + 1)
    finally:
        os.close(fd)
    if len(data) > SETTINGS_LIMIT:
        raise OSError(f"larger than {SETTINGS_LIMIT // (1024 * 1024)} MiB")
    return data


def _settings(vault: Path, rel: str, issues: list[Issue]) -> dict[str, Any]:
    """An Obsidian settings file as a JSON object; {} when absent, reported when broken."""
    try:
        raw = read_settings_file(vault / rel)
        if raw is None:
            return {}
        data = json.loads(raw.decode("utf-8-sig"))
    except NotAFile as exc:  # a named pipe would wait for a writer: never opened
        issues.append(Issue("config", rel, None, f"ignored: {exc.kind}, not a file"))
        return {}
    except (OSError, ValueError, RecursionError) as exc:
        issues.append(Issue("config", rel, None, f"ignored: {exc}"))
        return {}
    return data if isinstance(data, dict) else {}


def _obsidian_daily(vault: Path, issues: list[Issue]) -> dict[str, Any]:
    """Obsidian's daily-note settings: Periodic Notes' daily entry when it is enabled, else the
    core Daily notes plugin's; used unless vaultkit.toml overrides them."""
    periodic = _settings(vault, _PERIODIC, issues).get("daily")
    if isinstance(periodic, dict) and periodic.get("enabled") is True:
        return _daily_values(periodic, _PERIODIC, issues)
    return _daily_values(_settings(vault, _CORE_DAILY, issues), _CORE_DAILY, issues)


def _daily_values(data: dict[str, Any], source: str, issues: list[Issue]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    folder, fmt = data.get("folder"), data.get("format")
    if isinstance(folder, str) and folder.strip():
        try:
            out["daily_folder"] = _folder(folder, allow_root=True)
        except ValueError:
            issues.append(Issue("config", source, None, f"folder {folder!r} ignored"))
    if isinstance(fmt, str) and fmt.strip():
        out["daily_format"] = fmt.strip()
    if out:
        out["daily_source"] = source
    return out


def _foam(vault: Path, checked: dict[str, Any], issues: list[Issue]) -> dict[str, Any]:
    """A Foam workspace's settings (§14), when it is one or vaultkit.toml says so; the
    `dialect` key of vaultkit.toml wins over what the folder looks like."""
    asked = checked.get("dialect")
    if asked not in (None, "foam") or (asked is None and not may_be_foam(vault)):
        return {}  # an ordinary vault: the Foam reader is not even imported
    from . import foam

    found: list[Issue] = []
    settings = foam.vscode_settings(vault, found, read_settings_file)
    dialect = checked.get("dialect") or ("foam" if foam.detect(vault, settings) else "obsidian")
    if dialect != "foam":
        return {}
    issues.extend(found)
    out = {"dialect": "foam", "foam_ignore": tuple(foam.ignore_globs(settings))}
    daily = foam.daily_values(vault, settings, issues, read_settings_file)
    if "daily_folder" in daily:
        try:
            daily["daily_folder"] = _folder(daily["daily_folder"], allow_root=True)
        except ValueError:
            issues.append(
                Issue(
                    "config",
                    daily["daily_source"],
                    None,
                    f"folder {daily['daily_folder']!r} ignored",
                )
            )
            del daily["daily_folder"]
    return out | daily


def _logseq(vault: Path, checked: dict[str, Any], issues: list[Issue]) -> dict[str, Any]:
    """A Logseq graph's settings (§13), when it is one or vaultkit.toml says so; a Foam
    workspace (already found) stays one unless vaultkit.toml says otherwise."""
    dialect = checked.get("dialect")
    if dialect is None and not (vault / ".foam").is_dir():
        dialect = "logseq" if is_logseq(vault) else None
    if dialect != "logseq":
        return {}
    from . import logseq

    return logseq.config_values(vault, issues, read_settings_file)


def _any_case(text: str) -> str:
    """A glob that matches `text` in any case (pathspec's globs tell cases apart)."""
    return "".join(f"[{c.lower()}{c.upper()}]" if c.lower() != c.upper() else c for c in text)


def _obsidian_templates(vault: Path, issues: list[Issue]) -> list[str]:
    """The templates folders set in Obsidian's core Templates plugin and in Templater."""
    found: list[str] = []
    for rel, key in ((_CORE_TEMPLATES, "folder"), (_TEMPLATER, "templates_folder")):
        folder = _settings(vault, rel, issues).get(key)
        if not isinstance(folder, str) or not folder.strip():
            continue
        try:
            found.append(_folder(folder, allow_root=False))
        except ValueError:
            issues.append(Issue("config", rel, None, f"templates folder {folder!r} ignored"))
    return found


def circle_key(text: str) -> str:
    """How circle names compare: NFC, any case, a leading `#` dropped, spaces and `_` as `-`
    (the way topics and tags are written), so `Close friends` is `close-friends`."""
    flat = unicodedata.normalize("NFC", text).strip().lstrip("#").strip()
    if flat.startswith("[[") and flat.endswith("]]"):  # `circle: "[[Family]]"`
        flat = flat[2:-2].split("|", 1)[0].strip()
    return "-".join(flat.replace("_", " ").split()).casefold()


def check_circle(value: Any) -> str:
    """One entry of `[circles]` (config validation): a cadence, kept as written. The cadence
    reader is imported only when there are circles, to keep a no-op sync's imports short."""
    from ..text.dates import DateValueError, read_cadence

    if isinstance(value, bool) or not isinstance(value, str | int):
        raise ValueError('must be a cadence like "weekly", "every 2-3 weeks", 30 or "none"')
    try:
        read_cadence(value)
    except DateValueError as exc:
        raise ValueError(str(exc)) from None
    return str(value).strip()
