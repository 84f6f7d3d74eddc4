"""Text as a person reads it, without link syntax (VAULT_FORMAT §9a): what the terminal prints
and what `digest --format email` sends, where `[[People/Sam Rivera|Sam]]` or
`[Sam](../People/Sam%20Rivera.md)` would be noise.

A wikilink reads as its shown text, else its note's name (no folder, no `.md`), with a heading
after `>` as Obsidian shows it; a Markdown link or image reads as its text, else its file's
name. Code spans are left as written, and an escaped `\\[[` is no link. Pure and linear.
"""

from __future__ import annotations

import re

_CODE_RE = re.compile(r"(`+)(?:(?!\1).)+?\1")
_WIKI_RE = re.compile(r"(?<!\\)!?\[\[([^\[\]\n]+?)\]\]")
_MD_RE = re.compile(r"(?<!\\)!?\[([^\[\]\n]*)\]\(([^()\s]+)(?:\s+\"[^\"\n]*\")?\)")


def without_links(text: str) -> str:
    """`Lunch with [[People/Sam Rivera|Sam]]` -> `Lunch with Sam`; code spans untouched."""
    if "[" not in text:
        return text
    out: list[str] = []
    done = 0
    for code in _CODE_RE.finditer(text):
        out.append(_plain(text[done : code.start()]))
        out.append(code.group(0))
        done = code.end()
    out.append(_plain(text[done:]))
    return "".join(out)


def _plain(text: str) -> str:
    if "[" not in text:
        return text
    text = _WIKI_RE.sub(lambda m: _wiki(m.group(1)), text)
    if "](" not in text:
        return text
    from urllib.parse import unquote  # not on the way of a command that prints no link

    return _MD_RE.sub(lambda m: _shown(m.group(1)) or _file_name(unquote(m.group(2))), text)


_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")


def _shown(label: str) -> str:
    """A Markdown link's text as it is shown: `Maya\\_Chen` is `Maya_Chen` (CommonMark's
    backslash escapes of punctuation)."""
    return _ESCAPED.sub(r"\1", label.strip()) if "\\" in label else label.strip()


def _wiki(inner: str) -> str:
    target, bar, shown = inner.partition("|")
    if bar and shown.strip():
        return shown.strip()
    target = target.rstrip("\\")  # `[[a\|b]]` in a table cell
    note, _, heading = target.partition("#")
    name = _file_name(note)
    heading = "" if heading.startswith("^") else heading.strip()  # a block id is not shown
    if name and heading:
        return f"{name} > {heading}"
    return name or heading


def _file_name(path: str) -> str:
    name = path.strip().rstrip("/").rsplit("/", 1)[-1]
    return name[:-3] if name.lower().endswith(".md") else name
