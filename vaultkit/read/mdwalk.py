"""The markdown-it-py reader: any note's tokens, told to a `Collector` (see collect.py).

markdown-it decides what is code, HTML, a comment, math or struck-through text, so links and
tags in those are never told; the wikilink inline rule (links.py) makes `[[...]]` a token.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from mdit_py_plugins.dollarmath import dollarmath_plugin

from .collect import Collector, Item
from .links import markdown_target, wikilink_plugin, wikilink_target
from .mdlinear import make_linear


@lru_cache(maxsize=1)
def markdown() -> MarkdownIt:
    """CommonMark + tables + strikethrough + math + wikilinks; emphasis is off: only raw text
    matters, and `~~struck~~` must be seen because it hides links (a cancelled plan)."""
    md = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
    md.disable(["emphasis", "entity"])
    md.use(dollarmath_plugin, allow_space=False, allow_digits=False, double_inline=True)
    md.use(wikilink_plugin)
    md.options["maxNesting"] = 100  # the preset's 20 drops links ten list levels deep
    make_linear(md)  # the same tokens, in linear time on hostile text (mdlinear.py)
    md.block.ruler.before("paragraph", "own_line", _own_line, {"alt": ["paragraph"]})
    _count_hidden_lines(md)
    for rule in md.inline.ruler.__rules__:
        if rule.name == "escape":
            md.inline.ruler.at("escape", _escaped_hash(rule.fn), {"alt": list(rule.alt)})
    return md


def _own_line(state: StateBlock, line: int, end: int, silent: bool) -> bool:
    """Every line stands on its own (VAULT_FORMAT §4): a line less indented than the list
    item's content ends the item's paragraph, where CommonMark would continue it ("lazy
    continuation"). The item and its list end there too (their own rules stop at such a
    line), so the line starts a paragraph of its own, with its own line number. A quote's
    lazy lines (negative indent) are left to CommonMark. Only ever asked as a terminator."""
    return silent and 0 <= state.sCount[line] < state.blkIndent


def _escaped_hash(original: Any) -> Any:
    """`\\#person` is no tag in Obsidian: the escaped `#` keeps its backslash in the text the
    collector reads (markdown-it joins it to the text around it as a bare `#`)."""

    def rule(state: StateInline, silent: bool) -> bool:
        pushed = len(state.tokens)
        if not original(state, silent):
            return False
        if not silent and len(state.tokens) > pushed and state.tokens[-1].content == "#":
            state.tokens[-1].content = "\\#"
        return True

    return rule


# Inline rules whose source may run over lines without leaving a line break token: a code
# span's line breaks become spaces, math and HTML keep theirs inside one token, an image's alt
# text is its own token list, and a link's target and title leave no token at all.
_HIDING_RULES = ("backticks", "math_inline", "html_inline", "image", "link")
_HIDDEN = "vaultkit_lines"  # the meta key: line breaks in the source that no token stands for


def _count_hidden_lines(md: MarkdownIt) -> None:
    """Inline tokens carry no line; the walker counts line break tokens instead, so each rule
    that can swallow line breaks notes how many on the last token it pushed."""
    ruler = md.inline.ruler
    for rule in ruler.__rules__:
        if rule.name in _HIDING_RULES:
            ruler.at(rule.name, _counting(rule.fn), {"alt": list(rule.alt)})


def _counting(original: Any) -> Any:
    def rule(state: StateInline, silent: bool) -> bool:
        start, pushed = state.pos, len(state.tokens)
        if not original(state, silent):
            return False
        breaks = state.src.count("\n", start, state.pos)
        if breaks and not silent and len(state.tokens) > pushed:
            new = state.tokens[pushed:]
            for tok in new:  # breaks that tokens made here already stand for
                breaks -= 1 if tok.type in _BREAKS else tok.meta.get(_HIDDEN, 0)
            if breaks:
                new[-1].meta[_HIDDEN] = breaks
        return True

    return rule


_BREAKS = ("softbreak", "hardbreak")


def walk_markdown(collector: Collector, body: str) -> None:
    walk_tokens(collector, markdown().parse(body))


def walk_tokens(collector: Collector, tokens: list[Token]) -> None:
    items: list[Item] = []
    offset = collector.offset + 1
    for i, tok in enumerate(tokens):
        kind = tok.type
        if kind == "heading_open":
            line = (tok.map[0] if tok.map else 0) + offset
            collector.heading(int(tok.tag[1:]), tokens[i + 1].content, line)
        elif kind == "list_item_open":
            line = (tok.map[0] if tok.map else 0) + offset
            items.append(collector.new_item(line, items[-1] if items else None))
        elif kind == "list_item_close":
            items.pop()
        elif kind == "inline":
            item = items[-1] if items else None
            if item is not None and not item.started:
                item.started = True
                collector.item(item, tok.content)
            _inline(collector, tok, item, (tok.map[0] if tok.map else 0) + offset)


def _inline(collector: Collector, tok: Token, item: Item | None, line: int) -> None:
    struck = 0
    for child in tok.children or ():
        kind = child.type
        if kind in _BREAKS:
            line += 1
            continue
        if child.meta and _HIDDEN in child.meta:  # what follows it is on a later line
            line += child.meta[_HIDDEN]
        if kind == "s_open":
            struck += 1
            continue
        if kind == "s_close":
            struck -= 1
            continue
        if struck:
            continue
        if kind == "text":
            collector.text(child.content, line, item)
            continue
        if kind == "wikilink":
            target, embed = wikilink_target(child.content), bool(child.meta["embed"])
            if target is not None:
                collector.link(target, line, "wiki", embed, item)
        elif kind == "link_open":
            target = markdown_target(str(child.attrGet("href") or ""))
            if target is not None:
                collector.link(target, line, "md", False, item)
