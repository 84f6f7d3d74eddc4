"""Link syntax (the wikilink rule for markdown-it) and link resolution (VAULT_FORMAT §7)."""

from __future__ import annotations

import posixpath
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import unquote

if TYPE_CHECKING:  # the parser's types only: a question answered from rows loads no parser
    from markdown_it import MarkdownIt
    from markdown_it.rules_inline import StateInline

# Targets with these endings are attachments, not notes (Obsidian links them the same way).
ATTACHMENT_EXTS = frozenset(
    [
        "png",
        "jpg",
        "jpeg",
        "gif",
        "bmp",
        "svg",
        "webp",
        "avif",
        "heic",
        "tif",
        "tiff",
        "pdf",
        "mp3",
        "wav",
        "m4a",
        "ogg",
        "flac",
        "3gp",
        "webm",
        "mp4",
        "mov",
        "mkv",
        "ogv",
        "canvas",
        "base",
        "csv",
        "zip",
        "docx",
        "xlsx",
        "pptx",
        "json",
        "txt",
    ]
)
_SCHEME_RE = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.\-]*:")
WIKILINK_RE = re.compile(r"(!?)\[\[([^\[\]\n]+?)\]\]")


def wikilink_plugin(md: MarkdownIt) -> None:
    """`[[target#heading|shown]]` and `![[embed]]` as tokens, so code and comments hide them.

    Running as an inline rule (not a regex over the text) is what makes links in code spans,
    HTML comments and math invisible, and `\\[[x]]` not a link.
    """
    md.inline.ruler.before("link", "wikilink", _wikilink_rule)


def _wikilink_rule(state: StateInline, silent: bool) -> bool:
    src, pos = state.src, state.pos
    if src.startswith("![[", pos):
        start, embed = pos + 3, True
    elif src.startswith("[[", pos):
        start, embed = pos + 2, False
    else:
        return False
    # Remember the last `]]` found in this text: a paragraph of many unclosed `[[` would
    # otherwise search to its end from each of them (quadratic).
    memo: list[int] = state.env.setdefault("vaultkit_close", [-1, -1, -1])
    if memo[0] == id(src) and memo[1] <= start and (memo[2] < 0 or memo[2] >= start):
        end = memo[2]
    else:
        end = src.find("]]", start)
        memo[:] = [id(src), start, end]
    if end < 0 or src.find("[[", start, end) >= 0 or src.find("\n", start, end) >= 0:
        return False
    inner = src[start:end]
    if not inner.strip():
        return False
    if not silent:
        token = state.push("wikilink", "", 0)
        token.content = inner
        token.meta = {"embed": embed}
    state.pos = end + 2
    return True


def wikilink_target(inner: str) -> str | None:
    """The note a wikilink's inside points at, or None for same-note and attachment links."""
    inner = inner.replace("\\|", "|")
    target = inner.split("|", 1)[0].split("#", 1)[0].strip()
    return note_target(target)


def markdown_target(href: str) -> str | None:
    """The note a Markdown link points at (percent-decoded), or None for URLs and attachments."""
    if not href or href.startswith(("#", "//")) or _SCHEME_RE.match(href):
        return None
    target = unquote(href.split("#", 1)[0]).strip()
    return note_target(target)


def note_target(target: str) -> str | None:
    target = target.replace("\\", "/").strip()
    if not target:
        return None
    base = target.rsplit("/", 1)[-1]
    ext = base.rsplit(".", 1)[-1].lower() if "." in base else ""
    if ext in ATTACHMENT_EXTS:
        return None
    if ext == "md":
        target = target[:-3]
    return target or None


def _key(path: str) -> str:
    """Lookup key of a note path without `.md`: case-insensitive, in Unicode NFC (macOS writes
    file names decomposed, links are typed composed)."""
    return fold(path[:-3] if path.lower().endswith(".md") else path)


def fold(text: str) -> str:
    """How names are compared (VAULT_FORMAT §3): NFC, then case-folded."""
    return (text if text.isascii() else unicodedata.normalize("NFC", text)).casefold()


def name_key(name: str) -> str:
    """A name as `show NAME` compares it: spaces collapsed, then `fold`ed."""
    return fold(" ".join(name.split()))


def _relative(target: str, kind: str) -> bool:
    """Resolved against the linking note's folder first: Markdown links, and wikilinks in
    Obsidian's "relative path" format (`[[./Jane]]`, `[[../People/Jane]]`)."""
    if kind == "md":
        return not target.startswith("/")
    return target.startswith(("./", "../"))


def _unrelative(key: str) -> str:
    """A relative target without its leading `./` and `../`: where no note sits at the
    relative path, it is looked up like any other link."""
    while key.startswith(("./", "../")):
        key = key.split("/", 1)[1]
    return key


def _shortest(path: str) -> tuple[int, str]:
    return (len(path), path)


def path_name(path: str) -> str:
    """The name a note answers to in links: its file name without `.md`, folded (NFC, case)."""
    return _key(path).rsplit("/", 1)[-1]


def path_names(paths: Sequence[str]) -> list[str]:
    """`path_name` of every path, folded in one pass over one string (NFC and case folding
    never reach across a line break): a lookup after one edit must not spend 2 us a note."""
    bases = [p.rsplit("/", 1)[-1] for p in paths]
    bases = [b[:-3] if b[-3:].lower() == ".md" else b for b in bases]
    joined = "\n".join(bases)
    if joined.count("\n") == len(bases) - 1:  # no line break inside a name
        folded = fold(joined).split("\n")
        if len(folded) == len(bases):
            return folded
    return [path_name(p) for p in paths]


_NAMED = ("page", "tag")  # a Logseq graph's references name pages, `/` and all (§13)


def link_names(target: str, kind: str, source: str) -> tuple[str, ...]:
    """The names whose notes and people can decide where this link goes.

    `Resolver.resolve` only ever looks up notes whose `path_name` is the last component of
    the (normalised) target, and aliases equal to the whole (normalised) target: so a link's
    resolution can change only when a note or person with one of these names comes, goes or
    changes.
    The index uses this to re-derive only the notes an added note can re-route.
    """
    key = fold(target).strip("/")
    whole = posixpath.normpath(_unrelative(key)) if key else key
    names = {whole.rsplit("/", 1)[-1]}
    if "/" in whole and kind in _NAMED:  # a person named `People/Maya Chen` (a namespace)
        names.add(whole)
    if _relative(target, kind):
        folder = fold(source.rsplit("/", 1)[0]) if "/" in source else ""
        names.add(posixpath.normpath(posixpath.join(folder, key)).rsplit("/", 1)[-1])
    return tuple(names)


@dataclass
class Resolver:
    """Resolves link targets to note paths; answers from dicts built once per index.

    `lazy`: for re-deriving a few notes (one edit), index only the names those notes look
    up, one scan of the paths per name, instead of every path of a big vault; past
    `LAZY_NAMES` names it indexes everything after all.
    """

    paths: Sequence[str]
    aliases: dict[str, list[str]] = field(default_factory=dict)  # casefolded alias -> person paths
    lazy: bool = False
    _by_key: dict[str, str] | None = field(init=False, default=None)
    _by_name: dict[str, list[str]] | None = field(init=False, default=None)
    _names: list[str] | None = field(init=False, default=None)  # path_name of each path
    _partial: dict[str, list[str]] = field(init=False, default_factory=dict)
    _memo: dict[tuple[str, str, str], tuple[str | None, tuple[str, ...]]] = field(
        init=False, default_factory=dict
    )

    LAZY_NAMES = 64

    def __post_init__(self) -> None:
        if not self.lazy:
            self._build()

    def _build(self) -> None:
        by_key: dict[str, str] = {}
        by_name: dict[str, list[str]] = {}
        for path in sorted(self.paths, key=_shortest):
            key = _key(path)
            by_key.setdefault(key, path)
            by_name.setdefault(key.rsplit("/", 1)[-1], []).append(path)
        self._by_key, self._by_name = by_key, by_name

    def _candidates(self, name: str) -> list[str]:
        """Notes with this name, shortest path first, then by path."""
        if self._by_name is None:
            hit = self._partial.get(name)
            if hit is not None:
                return hit
            if len(self._partial) < self.LAZY_NAMES:
                if self._names is None:
                    self._names = path_names(self.paths)
                found = [p for p, n in zip(self.paths, self._names, strict=True) if n == name]
                hit = self._partial[name] = sorted(found, key=_shortest)
                return hit
            self._build()
        assert self._by_name is not None
        return self._by_name.get(name, [])

    def _exact(self, key: str) -> str | None:
        """The note whose path (without `.md`, case-folded) is `key`."""
        if self._by_key is not None:
            return self._by_key.get(key)
        for path in self._candidates(key.rsplit("/", 1)[-1]):
            if _key(path) == key:
                return path
        return None

    def resolve(
        self, target: str, source: str, kind: str = "wiki"
    ) -> tuple[str | None, tuple[str, ...]]:
        """(path or None, the notes it could also have meant) for a target written in note
        `source`. The second part is empty when the choice is sure: one match, or the match
        in the linking note's own folder, which is what Obsidian picks (VAULT_FORMAT §7, §8).
        """
        folder = source.rsplit("/", 1)[0] if "/" in source else ""
        memo_key = (target, folder, kind)
        hit = self._memo.get(memo_key)
        if hit is None:
            hit = self._resolve(target, folder, kind)
            self._memo[memo_key] = hit
        return hit

    def _resolve(self, target: str, folder: str, kind: str) -> tuple[str | None, tuple[str, ...]]:
        key = fold(target).strip("/")
        if _relative(target, kind):
            relative = posixpath.normpath(posixpath.join(fold(folder), key))
            exact = self._exact(relative)
            if exact is not None:
                return exact, ()
            key = _unrelative(key)
        key = posixpath.normpath(key) if key else key
        exact = self._exact(key)
        if exact is not None:
            return exact, ()
        name = key.rsplit("/", 1)[-1]
        candidates = self._candidates(name)
        if "/" in key:
            candidates = [p for p in candidates if _key(p).endswith("/" + key)]
        if len(candidates) == 1:
            return candidates[0], ()
        if candidates:
            local = [p for p in candidates if _folder(p) == folder]
            if len(local) == 1:  # Obsidian's own choice: the note beside the linking one
                return local[0], ()
            # candidates are sorted shortest path first, then by path
            return (local or candidates)[0], tuple(candidates)
        # a Logseq page's name may hold `/`: `People/Maya Chen`, in a namespace (§13); in
        # Obsidian, `[[AC/DC]]` is a path, never an alias
        people = self.aliases.get(key, []) if "/" not in key or kind in _NAMED else []
        if len(people) == 1:
            return people[0], ()
        return None, tuple(people)  # an alias two people share names neither


def _folder(path: str) -> str:
    return path.rsplit("/", 1)[0] if "/" in path else ""


_SEPARATORS = str.maketrans("", "", "-_ \t")


def near_key(text: str) -> str:
    """How a near-miss link is compared with people's names (VAULT_FORMAT §7): up to case,
    accents (decomposed, combining marks dropped), `-`, `_` and spaces."""
    if not text.isascii():
        decomposed = unicodedata.normalize("NFD", text)
        text = "".join(c for c in decomposed if not unicodedata.combining(c))
        text = " ".join(text.split())
    return text.casefold().translate(_SEPARATORS)


def plain_name(target: str) -> str | None:
    """The name a link gives when it names a note by name alone (no folder), as written;
    None for a path. Only such a link can be a near miss of a person's name."""
    name = target.strip().strip("/")
    while name.startswith(("./", "../")):
        name = name.split("/", 1)[1]
    if not name or "/" in name:
        return None
    return name
