"""VAULT_FORMAT §7: how a link target resolves to a note (`vaultkit.read.links.Resolver`)."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vaultkit.read.links import Resolver, path_name, path_names

PATHS = [
    "People/Jane Doe.md",
    "People/Family/Mum.md",
    "Work/Contacts/Priya Raman.md",
    "Projects/Launch.md",
    "Home.md",
]


def resolver(*extra: str, aliases: dict[str, list[str]] | None = None) -> Resolver:
    return Resolver([*PATHS, *extra], aliases or {})


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("People/Jane Doe", "People/Jane Doe.md"),  # exact vault path
        ("Work/Contacts/Priya Raman", "Work/Contacts/Priya Raman.md"),
        ("Contacts/Priya Raman", "Work/Contacts/Priya Raman.md"),  # path suffix
        ("Family/Mum", "People/Family/Mum.md"),
        ("Jane Doe", "People/Jane Doe.md"),  # file name
        ("Priya Raman", "Work/Contacts/Priya Raman.md"),
        ("Mum", "People/Family/Mum.md"),
        ("Home", "Home.md"),
    ],
)
def test_resolves_path_suffix_and_name(target: str, expected: str) -> None:
    assert resolver().resolve(target, "Notes/a.md") == (expected, ())


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("jane doe", "People/Jane Doe.md"),
        ("JANE DOE", "People/Jane Doe.md"),
        ("people/jane doe", "People/Jane Doe.md"),
        ("contacts/PRIYA raman", "Work/Contacts/Priya Raman.md"),
        ("home", "Home.md"),
    ],
)
def test_resolution_is_case_insensitive(target: str, expected: str) -> None:
    assert resolver().resolve(target, "Notes/a.md") == (expected, ())


@pytest.mark.parametrize(
    "target",
    ["Nobody", "Jane", "Doe", "Other/Jane Doe", "ople/Jane Doe", "Contacts/Mum", "Jane Doe x"],
)
def test_unknown_targets_do_not_resolve(target: str) -> None:
    assert resolver().resolve(target, "Notes/a.md") == (None, ())


def test_path_suffix_must_match_whole_folders() -> None:
    r = Resolver(["Work/Contacts/Priya.md", "Home/Priya.md"])
    assert r.resolve("Contacts/Priya", "a.md") == ("Work/Contacts/Priya.md", ())
    assert r.resolve("acts/Priya", "a.md") == (None, ())


# --- several files with one name -------------------------------------------------------------

SAME_NAME = ["People/Sam.md", "Work/Sam.md", "Archive/Old/Sam.md", "Notes/a.md"]


def test_same_folder_wins_and_is_not_ambiguous() -> None:
    """Obsidian's own choice (the note beside the linking one) is sure: nothing to report."""
    r = Resolver(SAME_NAME)
    assert r.resolve("Sam", "Work/meeting.md") == ("Work/Sam.md", ())
    assert r.resolve("Sam", "People/index.md") == ("People/Sam.md", ())
    assert r.resolve("Sam", "Archive/Old/x.md") == ("Archive/Old/Sam.md", ())


def test_shortest_path_wins_otherwise_and_is_ambiguous() -> None:
    r = Resolver(SAME_NAME)
    sams = ("Work/Sam.md", "People/Sam.md", "Archive/Old/Sam.md")
    assert r.resolve("Sam", "Notes/a.md") == ("Work/Sam.md", sams)
    assert r.resolve("Sam", "Archive/x.md") == ("Work/Sam.md", sams)  # the parent is not local
    assert r.resolve("Sam", "top.md") == ("Work/Sam.md", sams)


def test_shortest_path_ties_break_by_path() -> None:
    r = Resolver(["Zed/Sam.md", "Abc/Sam.md"])
    assert r.resolve("Sam", "top.md") == ("Abc/Sam.md", ("Abc/Sam.md", "Zed/Sam.md"))


def test_exact_vault_path_beats_a_same_name_file() -> None:
    r = Resolver(["People/Sam.md", "Sam.md"])
    assert r.resolve("Sam", "top.md") == ("Sam.md", ())
    assert r.resolve("Sam", "People/x.md") == ("Sam.md", ())


def test_same_name_is_case_insensitive() -> None:
    r = Resolver(["People/sam.md", "Work/SAM.md"])
    assert r.resolve("Sam", "Work/x.md") == ("Work/SAM.md", ())
    assert r.resolve("Sam", "x.md") == ("Work/SAM.md", ("Work/SAM.md", "People/sam.md"))


def test_a_longer_path_removes_the_ambiguity() -> None:
    r = Resolver(SAME_NAME)
    assert r.resolve("People/Sam", "Work/meeting.md") == ("People/Sam.md", ())
    assert r.resolve("Old/Sam", "Work/meeting.md") == ("Archive/Old/Sam.md", ())


def test_same_name_in_different_path_suffixes_is_ambiguous() -> None:
    r = Resolver(["A/Team/Sam.md", "B/Team/Sam.md"])
    assert r.resolve("Team/Sam", "B/Team/x.md") == ("B/Team/Sam.md", ())
    assert r.resolve("Team/Sam", "x.md") == ("A/Team/Sam.md", ("A/Team/Sam.md", "B/Team/Sam.md"))


# --- Markdown links --------------------------------------------------------------------------


def test_markdown_link_is_relative_to_the_linking_note() -> None:
    r = Resolver(["People/Jane Doe.md", "Notes/Jane Doe.md", "Notes/Sub/x.md"])
    assert r.resolve("Jane Doe", "Notes/a.md", "md") == ("Notes/Jane Doe.md", ())
    assert r.resolve("../People/Jane Doe", "Notes/a.md", "md") == ("People/Jane Doe.md", ())
    assert r.resolve("../../People/Jane Doe", "Notes/Sub/x.md", "md") == (
        "People/Jane Doe.md",
        (),
    )
    assert r.resolve("./Jane Doe", "Notes/a.md", "md") == ("Notes/Jane Doe.md", ())


def test_markdown_link_falls_back_to_a_vault_path() -> None:
    r = Resolver(["People/Jane Doe.md", "Notes/a.md"])
    assert r.resolve("People/Jane Doe", "Notes/a.md", "md") == ("People/Jane Doe.md", ())


def test_markdown_link_vault_absolute() -> None:
    r = Resolver(["People/Jane Doe.md", "Notes/People/Jane Doe.md"])
    assert r.resolve("/People/Jane Doe", "Notes/a.md", "md") == ("People/Jane Doe.md", ())
    assert r.resolve("People/Jane Doe", "Notes/a.md", "md") == ("Notes/People/Jane Doe.md", ())


def test_wikilink_is_not_relative() -> None:
    r = Resolver(["People/Jane Doe.md", "Notes/People/Jane Doe.md"])
    assert r.resolve("People/Jane Doe", "Notes/a.md") == ("People/Jane Doe.md", ())


def test_markdown_link_is_case_insensitive() -> None:
    r = Resolver(["People/Jane Doe.md"])
    assert r.resolve("../people/JANE DOE", "Notes/a.md", "md") == ("People/Jane Doe.md", ())


# --- aliases ---------------------------------------------------------------------------------


def test_alias_resolves_to_its_person() -> None:
    r = resolver(aliases={"jd": ["People/Jane Doe.md"], "mom": ["People/Family/Mum.md"]})
    assert r.resolve("JD", "Notes/a.md") == ("People/Jane Doe.md", ())
    assert r.resolve("jd", "Notes/a.md") == ("People/Jane Doe.md", ())
    assert r.resolve("Mom", "Notes/a.md") == ("People/Family/Mum.md", ())


def test_a_note_name_beats_an_alias() -> None:
    r = resolver("Projects/Launch Plan.md", aliases={"launch": ["People/Jane Doe.md"]})
    assert r.resolve("Launch", "Notes/a.md") == ("Projects/Launch.md", ())


def test_alias_shared_by_two_people_is_ambiguous_and_names_neither() -> None:
    r = resolver(aliases={"sam": ["People/Jane Doe.md", "People/Family/Mum.md"]})
    assert r.resolve("Sam", "Notes/a.md") == (None, ("People/Jane Doe.md", "People/Family/Mum.md"))
    assert r.resolve("Sam", "People/x.md") == (None, ("People/Jane Doe.md", "People/Family/Mum.md"))


def test_alias_is_not_a_folder_path() -> None:
    r = resolver(aliases={"jd": ["People/Jane Doe.md"]})
    assert r.resolve("People/JD", "Notes/a.md") == (None, ())


def test_relative_wikilinks_resolve_against_the_linking_note_first() -> None:
    r = Resolver(["People/Jane.md", "Notes/Jane.md", "Notes/Sub/x.md", "Solo/Ann.md"])
    assert r.resolve("./Jane", "Notes/a.md") == ("Notes/Jane.md", ())
    assert r.resolve("../People/Jane", "Notes/a.md") == ("People/Jane.md", ())
    assert r.resolve("../../People/Jane", "Notes/Sub/x.md") == ("People/Jane.md", ())
    assert r.resolve("../Jane", "Notes/Sub/x.md") == ("Notes/Jane.md", ())
    # nothing at the relative path: looked up like any other link
    assert r.resolve("./Ann", "Notes/a.md") == ("Solo/Ann.md", ())
    # a plain wikilink is not relative: the exact vault path wins
    assert r.resolve("People/Jane", "Notes/a.md") == ("People/Jane.md", ())


def test_names_and_paths_compare_in_nfc() -> None:
    nfd = unicodedata.normalize("NFD", "People/José.md")
    r = Resolver([nfd, "Notes/a.md"])
    assert r.resolve(unicodedata.normalize("NFC", "José"), "Notes/a.md") == (nfd, ())
    assert r.resolve(unicodedata.normalize("NFC", "People/JOSÉ"), "Notes/a.md") == (nfd, ())
    assert path_name(nfd) == unicodedata.normalize("NFC", "josé")


def test_repeated_lookups_give_the_same_answer() -> None:
    r = Resolver(SAME_NAME)
    first = r.resolve("Sam", "Work/a.md")
    assert r.resolve("Sam", "Work/b.md") == first == ("Work/Sam.md", ())
    assert r.resolve("Sam", "Notes/b.md") == (
        "Work/Sam.md",
        ("Work/Sam.md", "People/Sam.md", "Archive/Old/Sam.md"),
    )
    assert r.resolve("Sam", "People/b.md") == ("People/Sam.md", ())


NAMES = ["Sam", "sam", "Jane Doe", "Ideas", "2026-11-20", "x"]
FOLDERS = ["", "People/", "Work/", "Work/Contacts/", "people/"]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.tuples(st.sampled_from(FOLDERS), st.sampled_from(NAMES)), max_size=12),
    st.lists(
        st.tuples(
            st.sampled_from([*NAMES, "People/Sam", "../People/Sam", "Work/x", "/Ideas", ""]),
            st.sampled_from(["Daily/a.md", "Work/b.md", "c.md"]),
            st.sampled_from(["wiki", "md"]),
        ),
        max_size=12,
    ),
    st.integers(0, 3),
)
def test_a_lazy_resolver_answers_like_an_eager_one(
    files: list[tuple[str, str]], links: list[tuple[str, str, str]], limit: int
) -> None:
    """The incremental build indexes only the names it looks up; past a few names it indexes
    everything: either way every answer is the eager resolver's."""
    paths = sorted({f"{folder}{name}.md" for folder, name in files})
    aliases = {"nono": ["People/Sam.md"], "twins": ["a.md", "b.md"]}
    eager = Resolver(paths, aliases)
    lazy = Resolver(paths, aliases, lazy=True)
    lazy.LAZY_NAMES = limit
    for target, source, kind in links:
        assert lazy.resolve(target, source, kind) == eager.resolve(target, source, kind)


_PATH_PART = st.text(alphabet=st.sampled_from(list("aZ.md/MD é\u0301ſKİß\n\u212a")), max_size=12)


@settings(max_examples=400)
@given(st.lists(_PATH_PART, max_size=8))
def test_path_names_fold_in_one_pass_as_path_name_does_one_by_one(paths: list[str]) -> None:
    """The lazy resolver folds every path at once; it must give what `path_name` gives,
    with decomposed accents, `.MD`, case-folding that changes length, and line breaks."""
    assert path_names(paths) == [path_name(p) for p in paths]
