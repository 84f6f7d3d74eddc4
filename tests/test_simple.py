"""The line-scan fast path must give exactly the facts the markdown-it walk gives."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vaultkit.core.models import NoteFacts
from vaultkit.read.config import ParseOptions
from vaultkit.read.parse import parse

ROOT = Path(__file__).resolve().parent.parent
parse_module = importlib.import_module(
    "vaultkit.read.parse"
)  # the package exports a `parse` function

FRAGMENTS = [
    "[[Jane]]", "[[Bob|B]]", "![[Ana]]", "[[", "]]", "[[a\\|b]]", "[[x#h]]", "[[2026-11-20]]",
    "#person", "#tag/sub", " #7", "#", "- ", "* ", "+ ", "  - ", "   - ",
    "- [ ] ", "- [x] ", "- [-] ",
    "## Log", "# Timeline", "### Notes", "# ", "2026-11-20 ", "**2026-11-21** — ", "2026-02-30 ",
    "📅 2026-11-28", "[due:: 2026-11-29]", "text", "and more", " ", "  ", "\n", "\n\n", "\n  ",
    "|", "!", "[", "]", "##", "Log", "-", "x", "1", "[[Jane]] [[Jane]]", "[[ ]]", "[[\n]]",
    "```", "\n```\n", "```bash\n", "\n~~~\n", "~~~~", " ```", "`", "\n    ```\n",
    "]]:", "[[2026-11-20]]: ", "]:", "[x]: ", "\n[a]: b\n", "[[a]]:b",
    # Foam's link reference definitions at the end of a note (VAULT_FORMAT §14)
    '\n[maya-chen]: maya-chen "Maya Chen"\n', "\n[Jane]: People/Jane.md 'Jane'", "\n[b]: <c d>\n",
    '\n\n[Jane]: People/Jane.md "Jane"', "\n[Bob]: Bob", "\n[ana]: ana.md  \n", "[Jane]",
    "[maya-chen] ",
    "[[maya-chen]]", "[[[Jane]]]", '\n\n[x]: y "t" z', "\n[^1]: [[Ana]]\n",
    # edition 2 forms: date headings, emoji log headings, dates with times, links or
    # separators, done dates, nested items, struck-through text, relative links, placeholders
    "### 2026-11-19", "## [[2026-11-19]] call", "## 📞 Interactions", "## — Log",
    "2026-11-20 10:30 ", "2026-11-20T10:30+02:00 ", "[[Daily/2026-11-17|Tue]] ", "2026-11-20, ",
    "2026-11-20- ", "2026-11-20 – ", "✅ 2026-11-21", "[completion:: 2026-11-21]", "✅ 2026-02-30",
    "📅 2026-11-31", "~~", "~~[[Jane]]~~", "~~plan~~", "[[./Jane]]", "[[../People/Jane]]",
    "{{date}}", "{{title}}", "{{date:YYYY}}", "<% tp.date.now() %>", "{{", "}}",
    "\n  - [[Bob]]", "\n    - [[Ana]]", "\n  - [ ] ", "\n  - [x] ",
    # inline code spans: runs of one to three backticks, spans hiding links, tags and
    # placeholders, links holding backticks, unmatched runs, spans over two lines, fences
    # in list items
    "`", "``", "```", "`x`", "``a`b``", "`[[Jane]]`", "`#tag`", "` `", "`{{date}}`",
    "[[Ja`ne]]", "`[[", "]]`", "`!`", "- `code` [[Bob]]", "- ```", "- ```py\n", "# `h` [[Ana]]",
    "`a\nb`", "``\n``", "#x`y`#z", "`x`#tag", "## `Log`", "- [ ] `x` 📅 2026-11-28",
    "para `code\nspan` text\n[[Ann]] met #after", "`a\nb\nc` [[Bob]]", "- 2026-11-20 `x\ny` #t",
    "\\#esc", "\\#ask/x", "`\\#`",
    # edition 3: every line stands on its own after a checked task, an open task or a log item
    # (no lazy continuation); lines indented under the item still belong to it
    "- [x] Ask [[Tom]] for the numbers ✅ 2026-11-25\nMet [[Sofia]] at the party",
    "- [ ] Introduce [[Jonas]] 📅 2026-12-01\n[[Priya]] texted #ask/python",
    "- 2026-11-20 called [[Bob]]\n[[Ana]] too", "\nMet [[Sofia]]", "\n [[Ana]] ", "\n  [[Bob]] ",
    "\n   [[Jane]] ", "\n  - [x] done [[Ana]] ✅ 2026-11-22\n  [[Bob]] after",
]  # fmt: skip


def _markdown_only(relpath: str, text: str, monkeypatch: pytest.MonkeyPatch) -> NoteFacts:
    with monkeypatch.context() as m:
        m.setattr(parse_module, "walk_simple", lambda walker, body: False)
        return parse(relpath, text)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=40))
def test_fast_path_equals_markdown_it(parts: list[str]) -> None:
    text = "".join(parts)
    with pytest.MonkeyPatch.context() as mp:
        slow = _markdown_only("People/Jane.md", text, mp)
    assert parse("People/Jane.md", text) == slow


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=40))
def test_fast_path_equals_markdown_it_with_a_daily_format(parts: list[str]) -> None:
    """The same with a European daily format, so `[[18.11.2026]]`-style dates are read."""
    text = "".join(parts) + "\n- [[18.11.2026]] x\n### [[31.02.2026]]\n"
    options = ParseOptions(daily_folder="Journal", daily_format="DD.MM.YYYY")
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(parse_module, "walk_simple", lambda collector, body: False)
        slow = parse("People/Jane.md", text, options)
    assert parse("People/Jane.md", text, options) == slow


def test_fast_path_is_taken_for_a_plain_daily_note(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[bool] = []
    real = parse_module.walk_simple

    def spy(walker: object, body: str) -> bool:
        calls.append(real(walker, body))
        return calls[-1]

    monkeypatch.setattr(parse_module, "walk_simple", spy)
    parse("Daily/2026-11-20.md", "Coffee with [[Jane]] #friends\n\n- [ ] call [[Bob]]\n")
    parse("Daily/2026-11-21.md", "Some `code` with [[Jane]]\n")
    parse("Daily/2026-11-22.md", "Some `code\nover two lines` with [[Jane]]\n")
    parse("Daily/2026-11-23.md", "- ```\n  [[Jane]]\n  ```\n")
    assert calls == [True, True, True, False]


# Lines of backticks, links, tags and plain text, with the characters between them drawn
# one by one: code spans that open and close anywhere, around and inside links.
_INLINE_PIECES = st.one_of(
    st.sampled_from(["`", "``", "```", "[[", "]]", "[[Jane]]", "![[Ana]]", "#tag", "{{date}}"]),
    st.text(alphabet=st.sampled_from(list("`[]!# ax|\n-")), min_size=1, max_size=4),
)


@settings(max_examples=600, deadline=None)
@given(
    st.lists(_INLINE_PIECES, max_size=30),
    st.sampled_from(["", "- ", "# ", "- [ ] ", "  - "]),
)
def test_fast_path_equals_markdown_it_on_lines_with_backticks(pieces: list[str], lead: str) -> None:
    text = "- [[Bob]]\n" + lead + "".join(pieces) + "\nend [[Jane]] #end\n"
    with pytest.MonkeyPatch.context() as mp:
        slow = _markdown_only("People/Jane.md", text, mp)
    assert parse("People/Jane.md", text) == slow


def test_inline_code_keeps_a_note_on_the_fast_path() -> None:
    """The test above compares the two readers on notes the fast path really reads."""
    from vaultkit.read.collect import Collector
    from vaultkit.read.simple import walk_simple

    body = "A `[[Hidden]]` and ``a`b`` then [[Jane]] `#nottag` #tag and ` lone\n"
    collector = Collector("x.md", body.split("\n"), 0, frozenset(), "YYYY-MM-DD")
    assert walk_simple(collector, body)
    assert [link.target for link in collector.links] == ["Jane"]
    assert collector.tags == {"tag"}


# Text after a code span, math, inline HTML, an image or a link target that runs over lines:
# markdown-it's inline tokens carry no line, and none of these leaves a line break token.
_AFTER_SPANS = [
    "para `code\nspan` text\n[[Ann]] met #after",
    "para ``two\nlines\nhere`` text\n[[Ann]] met #after",
    "para $x\ny$ text\n[[Ann]] met #after",
    "para <span\nclass=x> text\n[[Ann]] met #after",
    "para ![alt\ntext](pic.png) text\n[[Ann]] met #after",
    "para [a](<https://example.org>\n'title') text\n[[Ann]] met #after",
    "para [`a\nb`](https://example.org) text\n[[Ann]] met #after",
]


@pytest.mark.parametrize("body", _AFTER_SPANS)
def test_lines_after_a_span_over_lines_are_the_true_lines(
    body: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = "---\ndate: 2026-11-20\n---\nfirst\n\n" + body + "\n"
    want = text.split("\n").index("[[Ann]] met #after") + 1
    for facts in (parse("Notes/x.md", text), _markdown_only("Notes/x.md", text, monkeypatch)):
        assert [(link.target, link.line, link.text) for link in facts.links] == [
            ("Ann", want, "[[Ann]] met #after")
        ]


def test_a_tag_after_a_code_span_over_lines_is_on_its_line(monkeypatch: pytest.MonkeyPatch) -> None:
    """An ask's line is the tag's: one line early, it would be dated by the wrong log item."""
    text = "## Log\n- 2026-11-20 `x\n  y` z\n  met [[Ann]] #ask/climbing\n"
    slow = _markdown_only("People/Jane.md", text, monkeypatch)
    for facts in (parse("People/Jane.md", text), slow):
        needs = [(n.topic, n.line, n.text, n.log_line) for n in facts.line_tags]
        assert needs == [("climbing", 4, "met [[Ann]] #ask/climbing", 2)]


def test_every_note_of_the_example_vault_parses_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    vault = ROOT / "examples" / "vault"
    checked = 0
    for path in sorted(vault.rglob("*.md")):
        rel = path.relative_to(vault).as_posix()
        text = path.read_bytes().decode("utf-8-sig")
        assert parse(rel, text) == _markdown_only(rel, text, monkeypatch), rel
        checked += 1
    assert checked > 90


DEFINITIONS = [
    '[maya-chen]: maya-chen "Maya Chen"', "[Jane]: People/Jane.md", '[jane]: Jane "J"',
    "[Bob|B]: Bob.md", "[Ana]: Ana  ", '[x]: y "t" z', "[^1]: [[Ana]]", "[ ]: a", "[a b]: c",
    "[Ann]: <a b>", "[Jane]:", '[Jane]: J "open', "  [Bob]: b", "[Bob]: b 'x'", "",
]  # fmt: skip


@settings(max_examples=500, deadline=None)
@given(
    st.lists(st.sampled_from(FRAGMENTS), max_size=30),
    st.sampled_from(["\n\n", "\n", "\n\n\n", "\n```\n", ""]),
    st.lists(st.sampled_from(DEFINITIONS), min_size=1, max_size=4),
    st.sampled_from(["", "\n", "\n\n"]),
)
def test_fast_path_equals_markdown_it_on_trailing_definitions(
    parts: list[str], gap: str, defs: list[str], end: str
) -> None:
    """Foam's link reference definitions at the end of a note (VAULT_FORMAT §14)."""
    text = "".join(parts) + gap + "\n".join(defs) + end
    with pytest.MonkeyPatch.context() as mp:
        slow = _markdown_only("People/Jane.md", text, mp)
    assert parse("People/Jane.md", text) == slow


def test_trailing_definitions_keep_a_note_on_the_fast_path() -> None:
    from vaultkit.read.collect import Collector
    from vaultkit.read.simple import walk_simple

    body = 'Met [[maya-chen]] and [[Sam Rivera]].\n\n[maya-chen]: maya-chen "M"\n[Sam Rivera]: s\n'
    collector = Collector("a.md", body.split("\n"), 0, frozenset(), "")
    assert walk_simple(collector, body)
    assert [link.target for link in collector.links] == ["maya-chen", "Sam Rivera"]
    lone = "Met [maya-chen] today.\n\n[maya-chen]: maya-chen\n"
    assert not walk_simple(Collector("a.md", lone.split("\n"), 0, frozenset(), ""), lone)


LOGSEQ_FRAGMENTS = [
    "[[Nov 20th, 2026]] ", "[[nov 2nd, 2026]]", "[[Feb 30th, 2026]] ", "#maya", "#Jane ",
    "#ask/housing ", "#gift ", "\n  tags:: maya, [[Bob]], book club", "tags:: #x, y",
    "{{embed [[Ana]]}}", "{{query (and [[Bob]])}} ", "((6571ab2c)) ", "- Log", "- **Timeline**",
    "- Kids", "TODO ", "DONE ", "LATER ", "CANCELED ", "SCHEDULED: <2026-11-28 Sat>",
    "[[People/Ann]] ", "#[[Two Words]] ",
]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS + LOGSEQ_FRAGMENTS), max_size=40))
def test_fast_path_equals_markdown_it_in_a_logseq_graph(parts: list[str]) -> None:
    """The same for a Logseq page: dated blocks, log blocks, tags and `tags::` as references,
    embeds and queries (VAULT_FORMAT §13)."""
    text = "".join(parts)
    options = ParseOptions(dialect="logseq", journal_title="MMM Do, YYYY", file_names="legacy")
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(parse_module, "walk_simple", lambda collector, body: False)
        slow = parse("pages/Jane.md", text, options)
    assert parse("pages/Jane.md", text, options) == slow
