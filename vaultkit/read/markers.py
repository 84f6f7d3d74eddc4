"""Where the vaultkit block sits in a person note: its two marker lines, or why not (§9).

A marker counts only where Markdown shows it as a comment of its own: never in the front
matter (a YAML block scalar may hold marker lines), never in code (fenced, or indented four
spaces), never inside another HTML block (a `<div>` up to its blank line, a comment opened
earlier). Writing there would break the user's YAML or rewrite their example; such markers
are not markers at all, so they are neither written into nor reported.

Markers are found before Markdown structure, in one pass: a begin marker outside the user's
code blocks opens the block, and everything up to the end marker is ours — a fence that
vaultkit (or anyone) wrote inside the block can never hide the end marker and freeze the block.
"""

from __future__ import annotations

import re

BLOCK_BEGIN = "<!-- vaultkit:begin -->"
BLOCK_END = "<!-- vaultkit:end -->"
_FENCE_RE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_FM_CLOSE_RE = re.compile(r"^(?:---|\.\.\.)[ \t]*$")  # frontmatter.split's closing line
_LEAVE = "; the note is left alone"

# CommonMark's HTML blocks (spec 4.6): how each kind starts, and the text that ends it (None:
# a blank line ends it). Kind 7 (any complete tag alone on its line) cannot interrupt a
# paragraph.
_BLOCK_TAGS = (
    "address|article|aside|base|basefont|blockquote|body|caption|center|col|colgroup|dd|"
    "details|dialog|dir|div|dl|dt|fieldset|figcaption|figure|footer|form|frame|frameset|"
    "h1|h2|h3|h4|h5|h6|head|header|hr|html|iframe|legend|li|link|main|menu|menuitem|nav|"
    "noframes|ol|optgroup|option|p|param|search|section|summary|table|tbody|td|tfoot|th|"
    "thead|title|tr|track|ul"
)
_HTML_STARTS: tuple[tuple[re.Pattern[str], re.Pattern[str] | None], ...] = (
    (
        re.compile(r"^ {0,3}<(?:script|pre|style|textarea)(?:\s|>|$)", re.I),
        re.compile(r"</(?:script|pre|style|textarea)>", re.I),
    ),
    (re.compile(r"^ {0,3}<!--"), re.compile(r"-->")),
    (re.compile(r"^ {0,3}<\?"), re.compile(r"\?>")),
    (re.compile(r"^ {0,3}<![A-Za-z]"), re.compile(r">")),
    (re.compile(r"^ {0,3}<!\[CDATA\["), re.compile(r"\]\]>")),
    (re.compile(rf"^ {{0,3}}</?(?:{_BLOCK_TAGS})(?:\s|/?>|$)", re.I), None),
)
_HTML_TAG_ALONE = re.compile(
    r"^ {0,3}(?:<[A-Za-z][A-Za-z0-9-]*(?:\s+[A-Za-z_:][\w.:-]*"
    r"(?:\s*=\s*(?:[^\s\"'=<>`]+|'[^']*'|\"[^\"]*\"))?)*\s*/?>|</[A-Za-z][A-Za-z0-9-]*\s*>)\s*$"
)


def _front_matter_end(lines: list[str]) -> int:
    """How many lines the front matter takes (0: none; unclosed front matter is none, as
    `frontmatter.split` reads it)."""
    if not lines or lines[0].rstrip(" \t") != "---":
        return 0
    for i in range(1, len(lines)):
        if _FM_CLOSE_RE.match(lines[i]):
            return i + 1
    return 0


def _is_marker(line: str, bullets: bool = False) -> str | None:
    """BLOCK_BEGIN or BLOCK_END when the line is one, alone and not indented into code; in a
    Logseq graph (`bullets`) also as a block of its own at any depth (`\t- <!-- ... -->`),
    as Logseq writes back a page it edits (§13)."""
    text = line.strip()
    if bullets and text.startswith("- "):
        text = text[2:].lstrip(" ")
        return text if text in (BLOCK_BEGIN, BLOCK_END) else None
    if text not in (BLOCK_BEGIN, BLOCK_END):
        return None
    if bullets:
        return text
    indent = len(line) - len(line.lstrip(" "))
    return text if indent <= 3 and not line.startswith("\t") else None


def marker_indent(line: str) -> str:
    """The whitespace before a marker (`\t` for `\t- <!-- vaultkit:begin -->`): in a Logseq
    graph the block is written as blocks at this depth (§13)."""
    return line[: len(line) - len(line.lstrip(" \t"))]


class _Containers:
    """The user's code and HTML blocks, line by line: a marker line inside one is text."""

    def __init__(self) -> None:
        self.fence: str | None = None
        self.html_end: re.Pattern[str] | None = None  # the text that closes this HTML block
        self.in_html = False  # inside an HTML block that a blank line ends
        self.blank_before = True  # no paragraph open (an HTML block of kind 7 may start)

    def holds(self, line: str) -> bool:
        """Whether this line lies inside an open container (and whether it closes it)."""
        blank = not line.strip()
        held = True
        if self.fence is not None:
            m = _FENCE_RE.match(line)
            closes = m is not None and m[1][0] == self.fence[0] and len(m[1]) >= len(self.fence)
            if closes and m is not None and not line[m.end() :].strip():
                self.fence = None
        elif self.html_end is not None:
            if self.html_end.search(line):
                self.html_end = None
        elif self.in_html:
            self.in_html = not blank
        else:
            held = False
        self.blank_before = blank
        return held

    def opens(self, line: str) -> None:
        """A line outside every container: it may open one."""
        if m := _FENCE_RE.match(line):
            self.fence = m[1]
        else:
            self.html_end, self.in_html = _html_start(line, self.blank_before)
        self.blank_before = not line.strip()


def find_block(
    lines: list[str], bullets: bool = False
) -> tuple[tuple[int, int] | None, tuple[int, str] | None]:
    """The 1-based (begin, end) marker lines, or a problem (line, message) when they are broken.
    Only a marker alone on its line, where Markdown shows it, counts; in a Logseq graph
    (`bullets`), also one standing as a block (`- <!-- vaultkit:begin -->`, any depth)."""
    if "vaultkit:" not in "".join(lines):  # the common case, without a line-by-line scan
        return None, None
    begins: list[int] = []
    ends: list[int] = []
    inside = False  # between a begin marker and its end marker: no Markdown structure
    containers = _Containers()
    for i in range(_front_matter_end(lines), len(lines)):
        line = lines[i]
        marker = _is_marker(line, bullets)
        if inside:
            inside = marker != BLOCK_END
            (ends if marker == BLOCK_END else begins if marker else []).append(i + 1)
        elif containers.holds(line):
            continue
        elif marker is not None:
            inside = marker == BLOCK_BEGIN
            (begins if inside else ends).append(i + 1)
            containers.blank_before = False
        else:
            containers.opens(line)
    return _verdict(begins, ends)


def _html_start(line: str, blank_before: bool) -> tuple[re.Pattern[str] | None, bool]:
    """Whether `line` opens an HTML block: (the text that closes it, when not on this very
    line) or (None, True) for one a blank line ends; (None, False) for no HTML block."""
    if "<" not in line[:4]:
        return None, False
    for start, end in _HTML_STARTS:
        if start.match(line):
            if end is None:
                return None, True
            after = line[line.index("<") + 1 :]
            return (None if end.search(after) else end), False
    if blank_before and _HTML_TAG_ALONE.match(line):
        return None, True
    return None, False


def _verdict(
    begins: list[int], ends: list[int]
) -> tuple[tuple[int, int] | None, tuple[int, str] | None]:
    if not begins and not ends:
        return None, None
    if len(begins) == 1 and len(ends) == 1 and begins[0] < ends[0]:
        return (begins[0], ends[0]), None
    if len(begins) > 1 or len(ends) > 1:
        return None, (min(begins[1:] + ends[1:]), "vaultkit markers appear more than once" + _LEAVE)
    if not ends:
        return None, (begins[0], f"'{BLOCK_BEGIN}' has no '{BLOCK_END}'" + _LEAVE)
    if not begins:
        return None, (ends[0], f"'{BLOCK_END}' has no '{BLOCK_BEGIN}'" + _LEAVE)
    return None, (ends[0], "the vaultkit end marker comes before the begin marker" + _LEAVE)
