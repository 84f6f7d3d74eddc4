"""A Logseq graph's own settings, read as Logseq reads them (VAULT_FORMAT §13).

Logseq keeps its settings in `logseq/config.edn`, an EDN map. Only the few keys vaultkit needs
are read, by a tiny reader that tolerates everything else: a full EDN parser is not worth a
dependency. A file that cannot be read is one reported issue and the defaults: never a crash.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..core.errors import NotAFile
from ..core.kinds import RELATION_KEYS
from ..core.models import Issue
from ..text.daily_names import match_ymd, to_moment
from .dialects import CONFIG_EDN, is_logseq

# how a settings file is read: its bytes, None when absent (`config.read_settings_file`)
Reader = Callable[[Path], bytes | None]

JOURNAL_TITLE = "MMM Do, YYYY"  # Logseq's default `:journal/page-title-format`, as moment.js
DEFAULTS: dict[str, Any] = {
    "journals-directory": "journals",
    "pages-directory": "pages",
    "journal/file-name-format": "yyyy_MM_dd",
    "journal/page-title-format": "MMM do, yyyy",
    "file/name-format": "",
    "hidden": (),
}

# strings, comments, and the tokens that matter: a key, a string, a keyword, a bracket
_TOKEN_RE = re.compile(r'"(?:[^"\\]|\\.)*"|;[^\n]*|#?[{\[(]|[}\])]|:[^\s,{}\[\]()"]+|[^\s,]')


def detect(vault: Path) -> bool:
    """A Logseq graph: the folder holds `logseq/config.edn`."""
    return is_logseq(vault)


def _string(token: str) -> str:
    return re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t"}.get(m[1], m[1]), token[1:-1])


def read_edn(text: str) -> dict[str, Any]:
    """The keys of §13 from the top-level EDN map: strings, keywords (`:triple-lowbar`, as
    text without the colon) and vectors of strings. Raises ValueError when the text is not
    one balanced map."""
    tokens = [t for t in _TOKEN_RE.findall(text) if not t.startswith(";")]
    if not tokens or tokens[0] != "{":
        raise ValueError("not an EDN map")
    out: dict[str, Any] = {}
    depth = 0
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok[-1] in "{[(":
            depth += 1
        elif tok in "}])":
            depth -= 1
            if depth < 0:
                raise ValueError("unbalanced brackets")
        elif depth == 1 and tok.startswith(":") and tok[1:] in DEFAULTS:
            i = _value(tokens, i + 1, tok[1:], out) - 1
        i += 1
    if depth != 0:
        raise ValueError("unbalanced brackets")
    return out


def _value(tokens: list[str], i: int, key: str, out: dict[str, Any]) -> int:
    """The value of `key` at `tokens[i]` into `out`, when of a shape §13 uses; the index of
    the token after it (a vector's closing bracket is skipped too)."""
    value = tokens[i] if i < len(tokens) else ""
    if value.startswith('"'):
        out[key] = _string(value)
    elif value.startswith(":"):
        out[key] = value[1:]
    elif value == "[":
        j = i + 1
        while j < len(tokens) and tokens[j] != "]":
            j += 1
        out[key] = tuple(_string(t) for t in tokens[i + 1 : j] if t.startswith('"'))
        return j + 1
    else:
        return i  # a value of another shape: left out, its brackets counted
    return i + 1


# Java/date-fns date tokens (Logseq's formats) -> the moment.js tokens vaultkit reads
_JAVA = [
    ("yyyy", "YYYY"),
    ("yy", "YY"),
    ("MMMM", "MMMM"),
    ("MMM", "MMM"),
    ("MM", "MM"),
    ("M", "M"),
    ("do", "Do"),
    ("dd", "DD"),
    ("d", "D"),
    ("EEEE", "dddd"),
    ("EEE", "ddd"),
    ("E", "ddd"),
]


def from_java_date(fmt: str) -> str:
    """A Logseq date format (`yyyy_MM_dd`, `MMM do, yyyy`) as a moment.js format
    (`YYYY_MM_DD`, `MMM Do, YYYY`); text in single quotes is kept as written."""
    return to_moment(fmt, _JAVA, "'", bracket_letters=True)


def settings(vault: Path, issues: list[Issue], read_settings_file: Reader) -> dict[str, Any]:
    """The graph's settings of §13, the defaults filled in; an unreadable file is one issue."""
    values = dict(DEFAULTS)
    try:
        raw = read_settings_file(vault / CONFIG_EDN)
        if raw is not None:
            values.update(read_edn(raw.decode("utf-8-sig")))
    except NotAFile as exc:
        issues.append(Issue("config", CONFIG_EDN, None, f"ignored: {exc.kind}, not a file"))
    except (OSError, ValueError) as exc:
        issues.append(
            Issue("config", CONFIG_EDN, None, f"ignored: not readable ({exc}); defaults used")
        )
    return values


def config_values(vault: Path, issues: list[Issue], read_settings_file: Reader) -> dict[str, Any]:
    """What a Logseq graph's settings make of vaultkit's: the journals folder and file-name
    format as the daily notes; `logseq/` and `:hidden` never read."""
    found = settings(vault, issues, read_settings_file)
    folder = str(found["journals-directory"]).strip().replace("\\", "/").strip("/")
    hidden = tuple(
        "/" + h.strip().replace("\\", "/").strip("/")
        for h in found["hidden"]
        if isinstance(h, str) and h.strip().strip("/\\")
    )
    set_by_default = all(
        found[k] == DEFAULTS[k] for k in ("journals-directory", "journal/file-name-format")
    )
    title = str(found["journal/page-title-format"]).strip() or DEFAULTS["journal/page-title-format"]
    pages = str(found["pages-directory"]).strip().replace("\\", "/").strip("/")
    return {
        "dialect": "logseq",
        "pages_folder": pages or DEFAULTS["pages-directory"],
        "journal_title": from_java_date(title),
        "file_names": "triple-lowbar" if found["file/name-format"] == "triple-lowbar" else "legacy",
        "daily_folder": folder,
        "daily_format": from_java_date(str(found["journal/file-name-format"])),
        # Logseq's defaults are not reported when no journal is written yet (a new graph)
        "daily_source": "" if set_by_default else CONFIG_EDN,
        "logseq_ignore": ("/logseq/", *hidden),
    }


# `key:: value`, bare or as the first line of a block (`- key:: value`)
_PROPERTY_RE = re.compile(r"[ \t]*(?:- )?([A-Za-z0-9][\w\-/.?!*+]*)::(?:[ \t]+(.*?))?[ \t]*$")
# values split on commas, as a YAML list would be: `offers:: climbing, route-setting` is two,
# and so is `children:: [[Mia]], [[Leo]]` (every key of the people around a person, §15)
_LIST_KEYS = frozenset({"tags", "alias", "aliases", "asks", "offers", *RELATION_KEYS})
_BOOLS = {"true": True, "false": False}


def _clean(value: str, titles: str) -> str:
    """`[[person]]` -> `person`, `#friend` -> `friend`, `#[[Two Words]]` -> `Two Words`; a
    link to a journal in the graph's title format (`titles`, moment.js), `[[Nov 20th, 2026]]`,
    -> `2026-11-20`."""
    value = value.strip()
    if value.startswith("#"):
        value = value[1:]
    if value.startswith("[[") and value.endswith("]]") and value.count("[[") == 1:
        value = value[2:-2].strip()
        found = match_ymd(value, titles or JOURNAL_TITLE)
        if found is not None:
            return f"{found[0]:04d}-{found[1]:02d}-{found[2]:02d}"
    return value.strip()


def page_properties(
    lines: list[str], start: int, titles: str = JOURNAL_TITLE
) -> tuple[dict[str, Any], dict[str, int], int]:
    """A page's properties (§13): the `key:: value` lines at its top (from 0-based `start`),
    bare or filling its first block. Returns (raw key -> value, raw key -> 1-based line, the
    0-based index of the first line after them). Pure: a function of the text alone."""
    i = start
    while i < len(lines) and not lines[i].strip():
        i += 1
    values: dict[str, Any] = {}
    where: dict[str, int] = {}
    first = i
    while i < len(lines):
        line = lines[i]
        if i > first and line.lstrip().startswith("- "):
            break  # the next block: its properties are its own
        m = _PROPERTY_RE.match(line)
        if m is None:
            break
        key, raw = m[1], (m[2] or "")
        folded = key.casefold().replace("-", "_")
        value: Any
        if folded in _LIST_KEYS:
            value = [c for c in (_clean(v, titles) for v in raw.split(",")) if c]
        else:
            value = _BOOLS.get(raw.strip().casefold(), _clean(raw, titles))
        values[key] = value
        where[key] = i + 1
        i += 1
    return values, where, (i if values else start)


def page_name(relpath: str, title: Any, file_names: str = "triple-lowbar") -> str:
    """A page's name: its `title::`, else its file name with `%XX` decoded (`%2F` is `/`) and
    `/` written Logseq's way: `___` with `:file/name-format :triple-lowbar`
    (`People___Maya Chen.md` is `People/Maya Chen`), else `.`, the older form
    (`People.Maya Chen.md`)."""
    from urllib.parse import unquote

    if isinstance(title, str) and title.strip():
        return " ".join(title.split())
    name = relpath.rpartition("/")[2]
    name = name[:-3] if name.casefold().endswith(".md") else name
    return unquote(name.replace("___" if file_names == "triple-lowbar" else ".", "/"))
