"""VAULT_FORMAT §7: link targets as written and how they resolve, rule by rule.

Gaps a mutation run (issue 10) found in `vaultkit.read.links`: pipes and hashes after the first,
escaped table pipes, dotted names, notes named like an extension, `//` links, three-level paths,
the lazy resolver's exact-path lookup, and the wikilink rule on a freshly built parser.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from vaultkit.read.links import (
    ATTACHMENT_EXTS,
    Resolver,
    link_names,
    markdown_target,
    note_target,
    path_name,
    wikilink_plugin,
    wikilink_target,
)

# --- wikilink targets ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("inner", "target"),
    [
        ("Jane Doe", "Jane Doe"),
        ("Jane Doe#Contact|Jane", "Jane Doe"),
        ("Jane Doe#Contact#Phone", "Jane Doe"),
        ("Jane Doe#^block", "Jane Doe"),
        ("Jane Doe|Jane|again", "Jane Doe"),
        ("Jane Doe|Jane#not a heading", "Jane Doe"),
        ("Jane Doe\\|Jane", "Jane Doe"),  # in a table cell
        ("People/Jane Doe\\|Jane", "People/Jane Doe"),
        ("  Jane Doe  |  x ", "Jane Doe"),
        ("Jane Doe.md", "Jane Doe"),
        ("Jane Doe.MD|x", "Jane Doe"),
        ("People\\Jane Doe", "People/Jane Doe"),  # a Windows separator
        ("Dr. Who", "Dr. Who"),  # a dot is not an extension
        ("Report v1.2", "Report v1.2"),
        ("Mr.Smith", "Mr.Smith"),
        ("Photos.png/Index", "Photos.png/Index"),  # a folder's dot does not count
        ("PDF", "PDF"),  # a note named like an extension is a note
        ("md", "md"),
        ("Canvas#Ideas", "Canvas"),
    ],
)
def test_wikilink_target(inner: str, target: str) -> None:
    assert wikilink_target(inner) == target


@pytest.mark.parametrize(
    "inner",
    ["#Heading", "#^block|x", "|shown", " ", ".md", "Report v1.2.pdf", "Scan.PDF|x", "a/b.canvas"],
)
def test_wikilinks_to_no_note(inner: str) -> None:
    assert wikilink_target(inner) is None


@pytest.mark.parametrize("ext", sorted(ATTACHMENT_EXTS))
def test_every_attachment_extension_is_not_a_note(ext: str) -> None:
    assert note_target(f"Files/thing.{ext}") is None
    assert note_target(f"Files/thing.{ext.upper()}") is None
    assert note_target(f"Files/thing.{ext}.md") == f"Files/thing.{ext}"
    assert note_target(ext) == ext  # a note named like the extension


def test_attachment_list_holds_the_common_kinds() -> None:
    kinds = {"png", "jpg", "jpeg", "gif", "svg", "webp", "pdf", "mp3", "mp4", "canvas", "csv"}
    assert kinds <= ATTACHMENT_EXTS
    assert "md" not in ATTACHMENT_EXTS


# --- Markdown link targets -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("href", "target"),
    [
        ("People/Jane%20Doe.md", "People/Jane Doe"),
        ("People/Jane Doe.md", "People/Jane Doe"),  # `<People/Jane Doe.md>`, brackets removed
        ("Jane%20Doe.md#Contact", "Jane Doe"),
        ("Jane%20Doe.md#Contact#Phone", "Jane Doe"),
        ("Jane%2520Doe.md", "Jane%20Doe"),  # decoded once
        ("../People/Jane%20Doe.md", "../People/Jane Doe"),
        ("/People/Jane%20Doe.md", "/People/Jane Doe"),
        ("Caf%C3%A9.md", "Café"),
        ("Notes", "Notes"),
        ("Jane%23Doe.md", "Jane#Doe"),  # an encoded `#` is part of the name
    ],
)
def test_markdown_target(href: str, target: str) -> None:
    assert markdown_target(href) == target


@pytest.mark.parametrize(
    "href",
    [
        "",
        "#Heading",
        "//example.com/Jane.md",
        "https://example.com/Jane.md",
        "HTTP://example.com",
        "mailto:jane@example.com",
        "obsidian://open?vault=v&file=Jane",
        "file:///home/me/Jane.md",
        "x-devonthink-item://ABC",
        "img/photo%20one.PNG",
        "Report%20v1.2.pdf#page=3",
    ],
)
def test_markdown_links_to_no_note(href: str) -> None:
    assert markdown_target(href) is None


def test_angle_bracket_and_percent_encoded_links_in_a_note() -> None:
    md = MarkdownIt("commonmark")
    tokens = md.parseInline("[a](<People/Jane Doe.md>) [b](People/Jane%20Doe.md) [c](//x/y.md)")
    hrefs = [t.attrs["href"] for t in tokens[0].children or [] if t.type == "link_open"]
    assert [markdown_target(str(h)) for h in hrefs] == ["People/Jane Doe", "People/Jane Doe", None]


# --- the wikilink rule -----------------------------------------------------------------------


def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark").use(wikilink_plugin)


def _wikilinks(md: MarkdownIt, text: str) -> list[list[tuple[str, bool]]]:
    """Per inline run: (inside, embed?) of each wikilink token."""
    return [
        [(c.content, bool(c.meta["embed"])) for c in tok.children or [] if c.type == "wikilink"]
        for tok in md.parse(text)
        if tok.type == "inline"
    ]


def _reference(src: str) -> list[tuple[str, bool]]:
    """The rule as specified: at each `[[` (or `![[`), the text up to the next `]]`, unless that
    text is blank or holds `[[` or a line break; scanning goes on after the link."""
    out, pos = [], 0
    while pos < len(src):
        if src.startswith("![[", pos):
            start, embed = pos + 3, True
        elif src.startswith("[[", pos):
            start, embed = pos + 2, False
        else:
            pos += 1
            continue
        end = src.find("]]", start)
        inner = src[start:end] if end >= 0 else ""
        if end < 0 or "[[" in inner or "\n" in inner or not inner.strip():
            pos += 1
            continue
        out.append((inner, embed))
        pos = end + 2
    return out


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a [[Jane]] b", [("Jane", False)]),
        ("a ![[Jane]] b", [("Jane", True)]),
        ("[[Jane]]", [("Jane", False)]),
        ("x [[A]] y [[B|b]] z ![[C#h]]", [("A", False), ("B|b", False), ("C#h", True)]),
        ("[[Jane]][[Kim]]", [("Jane", False), ("Kim", False)]),
        ("[[ ]] [[Jane]]", [("Jane", False)]),
        ("[[a [[Jane]]", [("Jane", False)]),
        ("[[Jane]]]", [("Jane", False)]),
        ("[[Jane] x", []),
        ("[[Jane", []),
        ("![[", []),
        ("[[a]b]]", [("a]b", False)]),
        ("text [[Jane\nDoe]] [[Kim]]", [("Kim", False)]),
        ("[x [[Jane]] y] [[Kim]]", [("Jane", False), ("Kim", False)]),
        ("[[A]] [b [[C]] d [[E", [("A", False), ("C", False)]),
    ],
)
def test_wikilink_rule(text: str, expected: list[tuple[str, bool]]) -> None:
    found = [link for run in _wikilinks(_parser(), text) for link in run]
    assert found == expected
    assert [link for run in _wikilinks(_parser(), text) for link in run] == found  # same again


def test_the_wikilink_rule_runs_before_markdown_links() -> None:
    # `[[x]](y)` is a wikilink followed by text, not a Markdown link labelled `[x]`
    tokens = _parser().parseInline("[[Jane]](People/Kim.md)")[0].children or []
    assert [t.type for t in tokens] == ["wikilink", "text"]
    assert tokens[0].content == "Jane"
    assert tokens[1].content == "(People/Kim.md)"


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.text(alphabet="[]!a |#\n", max_size=40))
def test_the_wikilink_rule_matches_its_specification(text: str) -> None:
    """Whatever the brackets, the rule (and its memo of the next `]]`) finds what the plain
    left-to-right scan finds, run by run."""
    md = _parser()
    runs = [tok.content for tok in md.parse(text) if tok.type == "inline"]
    assert _wikilinks(md, text) == [_reference(run) for run in runs]


# --- names that decide a link ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("target", "kind", "source", "names"),
    [
        ("Jane Doe", "wiki", "Notes/a.md", {"jane doe"}),
        ("People/Jane Doe", "wiki", "Notes/a.md", {"jane doe"}),
        ("A/B/Jane Doe", "wiki", "a.md", {"jane doe"}),
        ("/People/Jane Doe/", "md", "Notes/a.md", {"jane doe"}),
        ("../People/Jane Doe", "md", "Notes/Sub/a.md", {"jane doe"}),
        ("./Jane", "md", "a.md", {"jane"}),
        # a Logseq page may be named `People/Jane Doe` (a namespace): its whole name too
        ("People/Jane Doe", "page", "journals/a.md", {"jane doe", "people/jane doe"}),
        ("people/jane doe", "tag", "journals/a.md", {"jane doe", "people/jane doe"}),
    ],
)
def test_link_names_are_the_last_path_component(
    target: str, kind: str, source: str, names: set[str]
) -> None:
    assert set(link_names(target, kind, source)) == names


def test_path_name() -> None:
    assert path_name("People/Family/Jane Doe.md") == "jane doe"
    assert path_name("Home.MD") == "home"
    assert path_name("A/b.c.md") == "b.c"


# --- resolution ------------------------------------------------------------------------------


@pytest.mark.parametrize("lazy", [False, True], ids=["eager", "lazy"])
def test_an_exact_path_beats_a_longer_path_with_the_same_ending(lazy: bool) -> None:
    r = Resolver(["Z/A/B/Sam.md", "A/B/Sam.md"], lazy=lazy)
    assert r.resolve("A/B/Sam", "x.md") == ("A/B/Sam.md", ())
    assert r.resolve("a/b/sam", "Z/x.md") == ("A/B/Sam.md", ())
    assert r.resolve("Z/A/B/Sam", "x.md") == ("Z/A/B/Sam.md", ())


@pytest.mark.parametrize("lazy", [False, True], ids=["eager", "lazy"])
def test_a_path_suffix_of_several_folders(lazy: bool) -> None:
    r = Resolver(["Work/Teams/Core/Sam.md", "Home/Sam.md"], lazy=lazy)
    assert r.resolve("Teams/Core/Sam", "x.md") == ("Work/Teams/Core/Sam.md", ())
    assert r.resolve("Core/Sam", "Home/x.md") == ("Work/Teams/Core/Sam.md", ())
    assert r.resolve("Other/Core/Sam", "x.md") == (None, ())


@pytest.mark.parametrize("lazy", [False, True], ids=["eager", "lazy"])
def test_same_folder_then_shortest_path_then_alias(lazy: bool) -> None:
    paths = ["Work/Sam.md", "People/Friends/Sam.md", "Notes/x.md"]
    aliases = {"sammy": ["People/Friends/Sam.md"], "s": ["Work/Sam.md", "People/Friends/Sam.md"]}
    r = Resolver(paths, aliases, lazy=lazy)
    both = ("Work/Sam.md", "People/Friends/Sam.md")
    assert r.resolve("Sam", "People/Friends/x.md") == ("People/Friends/Sam.md", ())
    assert r.resolve("Sam", "People/x.md") == ("Work/Sam.md", both)  # not a parent folder
    assert r.resolve("Sam", "x.md") == ("Work/Sam.md", both)
    assert r.resolve("Sammy", "x.md") == ("People/Friends/Sam.md", ())
    assert r.resolve("S", "x.md") == (None, both)
    assert r.resolve("Nobody", "x.md") == (None, ())


def test_an_alias_holding_a_slash_is_read_as_a_path() -> None:
    r = Resolver(["People/Band.md"], {"ac/dc": ["People/Band.md"]})
    assert r.resolve("AC/DC", "x.md") == (None, ())
    # a Logseq page's name holds `/` (`People/Band`, a namespace): a name, not a path
    assert r.resolve("AC/DC", "x.md", "page") == ("People/Band.md", ())


def test_dot_segments_in_a_wikilink_are_normalised() -> None:
    r = Resolver(["People/Jane Doe.md", "Notes/a.md"])
    assert r.resolve("./Jane Doe", "Notes/a.md") == ("People/Jane Doe.md", ())
    assert r.resolve("People/./Jane Doe", "Notes/a.md") == ("People/Jane Doe.md", ())
    assert r.resolve("Notes/../People/Jane Doe", "x.md") == ("People/Jane Doe.md", ())


def test_a_relative_wikilink_resolves_from_the_linking_note() -> None:
    r = Resolver(["People/Jane Doe.md", "Notes/a.md"])
    assert r.resolve("../People/Jane Doe", "Notes/a.md") == ("People/Jane Doe.md", ())
