"""`link_style` (VAULT_FORMAT §9a): with "markdown" every link vaultkit writes, on every page
and in every person block, is a Markdown link relative to the file it is written in, to a file
that exists; the default writes wikilinks, as before (the golden pages hold its bytes)."""

from __future__ import annotations

import posixpath
import re
import shutil
import unicodedata
from datetime import date
from pathlib import Path
from urllib.parse import unquote

import pytest
from markdown_it import MarkdownIt
from vaulthelp import make_vault, vk

from vaultkit import api
from vaultkit.pages.markdown import Here, is_generated, linking, note_link, quoted
from vaultkit.read.config import Config
from vaultkit.read.markers import BLOCK_BEGIN, BLOCK_END

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "examples" / "vault"
TODAY = date(2026, 11, 25)
ODD = unicodedata.normalize("NFC", "Zoë (Z) #2 100%")  # a name CommonMark must have encoded

SETTINGS = """link_style = "markdown"
person_block = "append"
people_map = true

[outputs]
ways-to-help = "Dashboard/Deep/Ways to help.md"
gift-ideas = "../outside/Gift ideas.md"
"""

_MD = MarkdownIt("commonmark")
_WIKI = re.compile(r"\[\[[^\[\]]*\]\]")


def _links(text: str) -> list[str]:
    """Every link destination in the text, as CommonMark reads it (tables are read as the
    paragraphs they are to CommonMark: their links are inline all the same)."""
    found: list[str] = []
    for token in _MD.parse(text):
        for child in token.children or ():
            if child.type == "link_open":
                found.append(str(child.attrs["href"]))
    return found


def _block(text: str) -> str:
    return text.split(BLOCK_BEGIN, 1)[1].split(BLOCK_END, 1)[0]


@pytest.fixture(scope="module")
def synced(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[Path, str]]:
    """The demo vault with the settings above and one person of an awkward name, synced:
    the vault and every file vaultkit wrote (pages, and person notes by their block)."""
    base = tmp_path_factory.mktemp("linkstyle")
    vault = base / "v"
    shutil.copytree(DEMO, vault)
    (vault / "vaultkit.toml").write_text(SETTINGS, encoding="utf-8")
    (vault / "People" / f"{ODD}.md").write_text(
        "---\ncadence: weekly\nasks: [climbing]\n---\n## Log\n- 2026-11-20 coffee\n"
        "- [ ] send the book #followup\n",
        encoding="utf-8",
    )
    (vault / "Daily" / "2026-11-21.md").write_text(
        f"- met [[{ODD}]] and [[Diego Alvarez]] at the wall\n", encoding="utf-8"
    )
    before = {p: p.read_text(encoding="utf-8") for p in vault.rglob("*.md")}
    api.Vault(vault, TODAY, None).sync()
    written: dict[Path, str] = {}
    for p in [*vault.rglob("*.md"), *(base / "outside").rglob("*.md")]:
        text = p.read_text(encoding="utf-8")
        if is_generated(text):
            written[p] = text
        elif BLOCK_BEGIN in text and before.get(p) != text:
            written[p] = _block(text)
    return vault, written


def _note_wikilinks(vault: Path) -> set[str]:
    """The wikilinks the notes themselves hold: copied note text may carry them."""
    found: set[str] = set()
    for p in DEMO.rglob("*.md"):
        found |= set(_WIKI.findall(p.read_text(encoding="utf-8").replace("\\|", "|")))
    found |= set(_WIKI.findall((vault / "Daily" / "2026-11-21.md").read_text(encoding="utf-8")))
    return found


def test_every_link_written_is_a_markdown_link_to_a_file_that_exists(
    synced: tuple[Path, dict[Path, str]],
) -> None:
    vault, written = synced
    pages = [p for p in written if is_generated(p.read_text(encoding="utf-8"))]
    assert len(pages) >= 10 and any("outside" in p.parts for p in pages)
    assert sum(1 for p in written if p not in pages) >= 5  # person blocks
    theirs = _note_wikilinks(vault)
    count = 0
    for path, text in written.items():
        for href in _links(text):
            assert "://" not in href, (path, href)
            target = (path.parent / unquote(href)).resolve()
            assert target.is_file(), f"{path}: {href} names no file"
            count += 1
        for wiki in _WIKI.findall(text.replace("\\|", "|")):
            assert wiki in theirs, f"{path}: {wiki} is a wikilink vaultkit wrote"
        assert "internal-link" not in text  # the people map's Obsidian-only class
    assert count > 200


def test_links_are_relative_to_the_file_they_are_written_in(
    synced: tuple[Path, dict[Path, str]],
) -> None:
    vault, written = synced
    people = written[vault / "Vaultkit" / "People.md"]
    assert "[Maya Chen](../People/Maya%20Chen.md)" in people
    assert "[Zoë (Z) #2 100%](../People/Zo%C3%AB%20%28Z%29%20%232%20100%25.md)" in people
    sent = written[vault / "Dashboard" / "Deep" / "Ways to help.md"]
    assert "](../../People/" in sent
    outside = written[vault.parent / "outside" / "Gift ideas.md"]
    assert "](../v/People/" in outside
    ana = written[vault / "People" / "Family" / "Ana Silva.md"]
    assert "[Tom Okafor](Tom%20Okafor.md)" in ana  # her child, beside her in People/Family/


@pytest.mark.parametrize(
    "name", ["Maya Chen", ODD, "Ana (Mom) <3>", "Jo#1 [x] | y", "Ştefan Üçgen", "a%20b"]
)
@pytest.mark.parametrize("folder", ["Vaultkit", "People/Family", "", None])
def test_a_name_round_trips_through_a_markdown_link(name: str, folder: str | None) -> None:
    path = f"People/{name}.md"
    with linking(Here(True, folder, "../../v")):
        link = note_link(path, name)
    hrefs = _links(link)
    assert len(hrefs) == 1, link
    start = f"/v/{folder}" if folder is not None else "/a/b"  # outside: `../../v` is /v
    resolved = Path(start, unquote(hrefs[0])).resolve().as_posix()
    assert resolved == unicodedata.normalize("NFC", "/v/" + path)
    assert "[[" not in link


def test_the_default_is_wikilinks() -> None:
    assert Config().links == "wikilink"
    assert note_link("People/Maya Chen.md", "Maya") == "[[People/Maya Chen|Maya]]"


def test_wikilink_style_said_outright_writes_what_the_default_writes(tmp_path: Path) -> None:
    said, default = tmp_path / "said", tmp_path / "default"
    shutil.copytree(DEMO, default)
    shutil.copytree(DEMO, said)
    toml = said / "vaultkit.toml"
    toml.write_text('link_style = "wikilink"\n' + toml.read_text(encoding="utf-8"), "utf-8")
    for root in (said, default):
        api.Vault(root, TODAY, None).sync()
    pages = sorted((default / "Vaultkit").glob("*.md"))
    assert pages
    for page in pages:
        assert (said / "Vaultkit" / page.name).read_bytes() == page.read_bytes()
    assert "[[People/" in (default / "Vaultkit" / "People.md").read_text(encoding="utf-8")


def test_a_bad_link_style_is_one_line_naming_the_key(tmp_path: Path) -> None:
    from vaultkit.core.errors import ConfigError
    from vaultkit.read.config import load_config

    (tmp_path / "vaultkit.toml").write_text('link_style = "html"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="link_style"):
        load_config(tmp_path)


def test_entries_kept_for_one_place_are_not_served_to_another(tmp_path: Path) -> None:
    """The reach-out page sent two folders deep, then `digest --format markdown` from the same
    session (as from the output folder): each entry's links are made for where it goes."""
    vault = tmp_path / "v"
    shutil.copytree(DEMO, vault)
    toml = vault / "vaultkit.toml"
    settings = 'link_style = "markdown"\n[outputs]\nreach-out = "A/B/Reach out.md"\n'
    toml.write_text(settings + toml.read_text(encoding="utf-8"), encoding="utf-8")
    session = api.Vault(vault, TODAY, None)
    session.sync()
    page = (vault / "A" / "B" / "Reach out.md").read_text(encoding="utf-8")
    assert "](../../People/" in page
    mail = session.digest_text(markdown=True)
    assert "](../People/" in mail and "](../../" not in mail


def test_mail_and_the_terminal_read_an_escaped_link_text_as_written() -> None:
    """A label is escaped so no emphasis starts in it; the text without links reads it back."""
    from vaultkit.text.shown import without_links

    with linking(Here(True, "Vaultkit")):
        link = note_link("Notes/plan_b *draft* <v2>.md")
    assert _links(link) == ["../Notes/plan_b%20%2Adraft%2A%20%3Cv2%3E.md"]
    assert without_links(f"see {link}") == "see plan_b *draft* <v2>"


@pytest.mark.parametrize("folder", ["Vaultkit", "People/Family", ""])
def test_a_name_no_wikilink_can_carry_links_from_where_it_is_written(folder: str) -> None:
    """In wikilink style too a file name with `#` or `|` gets a Markdown link, from the file's
    own folder (it was `../<path>` wherever it was written)."""
    with linking(Here(False, folder)):
        link = note_link("People/Jo#1 | y.md", "Jo")
    (href,) = _links(link)
    assert Path(f"/v/{folder}", unquote(href)).resolve().as_posix() == "/v/People/Jo#1 | y.md"


def test_a_foam_workspace_gets_markdown_links_unless_it_says_otherwise(tmp_path: Path) -> None:
    """§14: Foam's preview and GitHub follow Markdown links, so a workspace gets them by default;
    `link_style` still wins."""
    files = {
        ".foam/keep": "",
        "People/Sam Rivera.md": "---\ncadence: weekly\ntags: [person]\n---\n# Sam Rivera\n",
        "journal/2026-11-20.md": "Lunch with [[Sam Rivera]].\n",
    }
    vault = make_vault(tmp_path, files)
    assert vk(vault, "sync").exit_code == 0
    people = (vault / "Vaultkit" / "People.md").read_text(encoding="utf-8")
    assert "[Sam Rivera](../People/Sam%20Rivera.md)" in people and "[[People/" not in people
    (vault / "vaultkit.toml").write_text('link_style = "wikilink"\n', encoding="utf-8")
    assert vk(vault, "sync").exit_code == 0
    people = (vault / "Vaultkit" / "People.md").read_text(encoding="utf-8")
    assert "[[People/Sam Rivera\\|Sam Rivera]]" in people  # a table cell escapes the bar


_NOTES = {"people/aisha-bello.md", "people/aisha bello.md", "notes/ana.md", "people/ana.md"}


def _resolve(target: str, source: str) -> str | None:
    """A note's links as vaultkit reads them, in short: from the note's folder, then the root."""
    for path in (f"{source.rsplit('/', 1)[0]}/{target}", target.lstrip("/")):
        path = posixpath.normpath(path) + ".md"
        if path in _NOTES:
            return path
    return None


@pytest.mark.parametrize(
    ("text", "folder", "want"),
    [
        ("a mug from [Aisha](aisha-bello.md)", "Vaultkit", "[Aisha](../people/aisha-bello.md)"),
        ("see [her](aisha-bello.md)", "people", "[her](aisha-bello.md)"),
        ("[Aisha](<aisha bello.md#Gifts> 'x')", "", "[Aisha](people/aisha%20bello.md#Gifts 'x')"),
        ("[Mom](../notes/ana.md)", "people/deep", "[Mom](../../notes/ana.md)"),
        ("[Ana](/people/ana.md) and [Ana](ana.md)", "V", "[Ana](../people/ana.md) and [Ana](../"),
    ],
)
def test_a_markdown_link_in_quoted_text_is_written_from_the_page(
    text: str, folder: str, want: str
) -> None:
    """§9a: a link in a note is read from that note; copied into a page in another folder,
    it is routed from the page to the note it reaches (issue 25), or it leads nowhere."""
    with linking(Here(True, folder, resolve=_resolve)):
        assert want in quoted(text, "people/maya-chen.md")


@pytest.mark.parametrize(
    "text",
    [
        "[site](https://example.com/a.md)",
        "[mail](mailto:a@example.com)",
        "[here](#gifts)",
        "`[code](ana.md)`",
        "[[aisha-bello]]",
        "[nobody](../../elsewhere.md)",
        "![kiln](kiln.png)",
    ],
)
def test_a_link_that_reaches_no_note_stays_as_written(text: str) -> None:
    with linking(Here(True, "Vaultkit", resolve=_resolve)):
        assert quoted(text, "people/maya-chen.md") == text


def test_quoted_text_in_wikilink_style_stays_as_written() -> None:
    """Obsidian shows the note's own Markdown link as it reads it from the note."""
    with linking(Here(False, "Vaultkit", resolve=_resolve)):
        assert quoted("[Aisha](aisha-bello.md)", "people/maya-chen.md") == "[Aisha](aisha-bello.md)"


def test_an_obsidian_vault_with_markdown_links_routes_quoted_links_from_its_pages(
    tmp_path: Path,
) -> None:
    """The same as in a Foam workspace (issue 25): a gift idea copied from a person's note."""
    vault = make_vault(
        tmp_path,
        {
            "vaultkit.toml": 'link_style = "markdown"\n',
            "People/Maya Chen.md": "# Maya\n\n- a mug from [Aisha](Aisha%20Bello.md) #gift\n",
            "People/Aisha Bello.md": "# Aisha\n",
        },
        obsidian=True,
    )
    assert vk(vault, "sync").exit_code == 0
    gifts = (vault / "Vaultkit" / "Gift ideas.md").read_text(encoding="utf-8")
    assert "a mug from [Aisha](../People/Aisha%20Bello.md)" in gifts
