"""`vaultkit import`: vCards as Google, Apple and Outlook export them, the already-there rules,
idempotence, malformed cards among good ones, and `--dry-run` writing nothing."""

from __future__ import annotations

import codecs
from pathlib import Path
from typing import Any

import pytest
from vaulthelp import TODAY, make_vault, run_module, user_file_hashes, vk, vk_json
from vcardfixtures import APPLE, GOOGLE, MIXED, OUTLOOK, V4

from vaultkit.commands.import_cards import decode
from vaultkit.commands.vcards import Card, read_cards
from vaultkit.core.models import NewPerson

# --- the mapping, card by card (pure) -------------------------------------------------------


def _people(text: str) -> list[NewPerson]:
    cards = read_cards(text)
    assert all(c.person is not None for c in cards), [c.problem for c in cards]
    return [c.person for c in cards if c.person is not None]


def test_google_card_every_field() -> None:
    maya, ana, emeka = _people(GOOGLE)
    assert maya.name == "Maya Chen"
    assert maya.fields == {
        "aliases": ["May"],
        "birthday": "1991-12-03",
        "email": ["maya@example.com", "maya.chen@northwind.example"],  # MAYA@ is the same one
        "phone": "+1 503-555-0100",
        "company": "Northwind Labs",
        "title": "Data Scientist",
        "city": "Portland",
        "country": "United States",
        "url": "https://maya.example.com",  # Google writes https\://
        "tags": ["Climbing-Friends"],  # myContacts is on every Google card: no one's group
    }
    # NOTE: an escaped comma, \n, and a line folded in the middle of a word
    assert maya.body == (
        "Met at the climbing gym, 2019.\nLikes oolong tea and long walks along the river."
    )
    assert (ana.name, ana.fields) == (
        "Ana Lima / Work",
        {"birthday": "--04-09", "email": "ana@lima.example"},
    )
    assert (emeka.name, emeka.fields) == ("Dr. Emeka Okafor", {"phone": "+234 1 555 0199"})


def test_apple_card_groups_omitted_year_and_photo() -> None:
    oli, nora = _people(APPLE)
    assert oli.fields == {
        "aliases": ["Oli, the Great", "OT"],
        "birthday": "--03-15",  # 1604 with X-APPLE-OMIT-YEAR: no year
        "email": ["oli@example.com", "oli@home.example"],  # item1.EMAIL, item2.EMAIL
        "phone": "+44 20 7946 0000",
        "company": "Acme, Inc.",
        "city": "London",
        "country": "United Kingdom",
        "url": "https://oli.example",
    }
    assert oli.body == "Line one\nLine two"
    assert "photo" not in str(oli).casefold()  # its PHOTO (not even valid base64) is skipped
    assert nora.fields["birthday"] == "1988-02-29"


def test_outlook_21_quoted_printable_in_windows_1252() -> None:
    text = decode(OUTLOOK.encode("cp1252"))
    [juergen] = _people(text)
    assert juergen.name == "Jürgen Müller"
    assert juergen.fields == {
        "birthday": "1975-04-12",
        "email": ["juergen@contoso.example", "jm@home.example"],
        "phone": "(425) 555-0100",
        "company": "Contoso Ltd.",
        "title": "Manager",
        "city": "München",
        "country": "Deutschland",  # split by a quoted-printable soft line break
        "url": "http://www.contoso.example/",
    }
    # vCard 2.1 never escapes commas: every one of them stays
    assert juergen.body == (
        "Café owner, met at the fair, 2023. Outlook breaks long lines like this one."
    )


def test_vcard_40_and_a_birthday_that_is_not_a_date() -> None:
    cards = read_cards(V4)
    zoe, old = (c.person for c in cards)
    assert zoe is not None and old is not None
    assert zoe.name == "Zoë 🌻 Park"
    assert zoe.fields == {
        "aliases": ["Zo", "Zozo"],
        "birthday": "--12-03",
        "email": "zoe@example.org",
        "phone": "+1-555-555-5555",  # a tel: URI in 4.0
        "city": "Seoul",
        "country": "South Korea",
    }
    assert old.fields == {}
    assert cards[1].notes == ("birthday 'circa 1800' left out: not a date",)


def _card(*lines: str) -> str:
    return "BEGIN:VCARD\r\nVERSION:3.0\r\n" + "".join(f"{x}\r\n" for x in lines) + "END:VCARD\r\n"


@pytest.mark.parametrize(
    ("bday", "expected"),
    [
        ("BDAY:1991-12-03", "1991-12-03"),
        ("BDAY:19911203", "1991-12-03"),
        ("BDAY:1991-12-03T00:00:00Z", "1991-12-03"),
        ("BDAY:--1203", "--12-03"),
        ("BDAY:--12-03", "--12-03"),
        ("BDAY;X-APPLE-OMIT-YEAR=1604:1604-12-03", "--12-03"),
        ("BDAY;X-APPLE-OMIT-YEAR=1604:1990-12-03", "1990-12-03"),  # a year that is not 1604
        ("BDAY;VALUE=date:--0229", "--02-29"),
        ("BDAY:1991-02-30", None),
        ("BDAY:sometime in May", None),
    ],
)
def test_birthday_forms(bday: str, expected: str | None) -> None:
    [card] = read_cards(_card("FN:Kim", bday))
    assert card.person is not None
    assert card.person.fields.get("birthday") == expected
    assert bool(card.notes) == (expected is None)


def test_malformed_cards_are_named_and_the_good_ones_kept() -> None:
    cards = read_cards(MIXED)
    assert [(c.position, c.line, c.person and c.person.name, c.problem) for c in cards] == [
        (1, 1, "Good One", ""),
        (2, 5, None, "has neither FN nor N (a card needs a name)"),
        (3, 9, None, "line 12 cannot be read (Failed to parse line: this line has no colon)"),
        (4, 14, None, "it never ends (no END:VCARD before the next card)"),
        (5, 17, "Good Two", ""),
    ]


@pytest.mark.parametrize(
    ("lines", "problem"),
    [
        (["FN:", "N:;;;;"], "its FN and N are empty (a card needs a name)"),
        (["FN:///"], "leaves no usable file name"),
        (["FN;CHARSET=x-nope;ENCODING=QUOTED-PRINTABLE:A=FCB"], "not text in its CHARSET"),
    ],
)
def test_more_malformed_cards(lines: list[str], problem: str) -> None:
    [card] = read_cards(_card(*lines))
    assert card.person is None
    assert problem in card.problem


def test_n_alone_names_the_card() -> None:
    [card] = read_cards("BEGIN:VCARD\nVERSION:2.1\nN:Rivera;Sam;J.;Dr.;Jr.\nEND:VCARD\n")
    assert card.person is not None
    assert card.person.name == "Dr. Sam J. Rivera Jr."


def test_decode_boms_and_charsets() -> None:
    text = _card("FN:Jürgen")
    assert decode(codecs.BOM_UTF8 + text.encode()) == text
    assert decode(text.encode("utf-16")) == text  # with its BOM
    latin = _card("FN;CHARSET=ISO-8859-1:Jürgen").encode("latin-1")
    assert "Jürgen" in decode(latin)
    assert "Jürgen" in decode(_card("FN:Jürgen").encode("cp1252"))  # no charset named


def test_text_with_no_card_holds_none() -> None:
    assert read_cards("hello\nthis is not a vCard\n") == []
    assert read_cards("") == []
    assert isinstance(read_cards(_card("FN:A"))[0], Card)


# --- the command, end to end ------------------------------------------------------------------


def _files(tmp_path: Path) -> dict[str, Path]:
    folder = tmp_path / "exports"
    folder.mkdir(exist_ok=True)
    out = {}
    for name, text, encoding in [
        ("google.vcf", GOOGLE, "utf-8"),
        ("apple.vcf", APPLE, "utf-8"),
        ("outlook.vcf", OUTLOOK, "cp1252"),
        ("v4.vcf", V4, "utf-8"),
        ("mixed.vcf", MIXED, "utf-8"),
    ]:
        out[name] = folder / name
        out[name].write_bytes(text.encode(encoding))
    return out


def _vault(tmp_path: Path, files: dict[str, str] | None = None) -> Path:
    return make_vault(tmp_path, {"vaultkit.toml": "", **(files or {})})


def _import(vault: Path, *args: str | Path) -> tuple[int, list[str]]:
    result = vk(vault, "import", *(str(a) for a in args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.stdout.splitlines()


def _notes(vault: Path) -> list[str]:
    return sorted(p.relative_to(vault).as_posix() for p in vault.rglob("*.md"))


def _show(vault: Path, name: str) -> dict[str, Any]:
    data: dict[str, Any] = vk_json(vault, "show", name)
    return data


def test_import_every_export_into_an_empty_vault(tmp_path: Path) -> None:
    files = _files(tmp_path)
    vault = _vault(tmp_path)
    code, lines = _import(vault, *files.values())
    assert code == 1  # mixed.vcf has broken cards
    mixed = str(files["mixed.vcf"])
    assert lines == [
        f"{files['google.vcf']} card 1: new People/Maya Chen.md",
        f"{files['google.vcf']} card 2: new People/Ana Lima Work.md",
        f"{files['google.vcf']} card 3: new People/Dr. Emeka Okafor.md",
        f"{files['apple.vcf']} card 1: new People/Oli Tan.md",
        f"{files['apple.vcf']} card 2: new People/Nora Lindqvist.md",
        f"{files['outlook.vcf']} card 1: new People/Jürgen Müller.md",
        f"{files['v4.vcf']} card 1: new People/Zoë 🌻 Park.md",
        f"{files['v4.vcf']} card 2: new People/Old Friend.md"
        " (birthday 'circa 1800' left out: not a date)",
        f"{mixed} card 1: new People/Good One.md",
        f"{mixed} card 2 (line 5): skipped: has neither FN nor N (a card needs a name)",
        f"{mixed} card 3 (line 9): skipped: line 12 cannot be read"
        " (Failed to parse line: this line has no colon)",
        f"{mixed} card 4 (line 14): skipped: it never ends (no END:VCARD before the next card)",
        f"{mixed} card 5: new People/Good Two.md",
        "10 new, 0 already in the vault, 3 skipped (13 cards)",
    ]
    # vaultkit reads every new note back as the person the card describes
    maya = _show(vault, "may")  # by the alias from NICKNAME
    assert (maya["name"], maya["birthday"], maya["tags"]) == (
        "Maya Chen",
        "1991-12-03",
        ["climbing-friends"],
    )
    assert maya["fields"]["email"] == ["maya@example.com", "maya.chen@northwind.example"]
    assert maya["fields"]["company"] == "Northwind Labs"
    ana = _show(vault, "Ana Lima / Work")  # the `/` is not in the file name, but is the name
    assert (ana["note"], ana["birthday"]) == ("People/Ana Lima Work.md", "--04-09")
    assert _show(vault, "zoë 🌻 park")["note"] == "People/Zoë 🌻 Park.md"
    assert _show(vault, "Oli Tan")["birthday"] == "--03-15"
    text = (vault / "People" / "Maya Chen.md").read_text(encoding="utf-8")
    assert (
        "# Maya Chen\n\n## Notes from import\n\n```text\nMet at the climbing gym, 2019.\n"
        "Likes oolong tea and long walks along the river.\n```\n"
    ) in text
    assert vk(vault, "doctor").exit_code == 0  # no bad YAML, dates or clashing aliases


def test_the_vaults_template_is_used(tmp_path: Path) -> None:
    files = _files(tmp_path)
    template = "---\ntype: person\nemail:\ncreated: {{date}}\n---\n# {{title}}\n\n## Notes\n"
    vault = _vault(tmp_path, {"Templates/Person.md": template})
    assert _import(vault, files["apple.vcf"])[0] == 0
    text = (vault / "People" / "Nora Lindqvist.md").read_text(encoding="utf-8")
    assert text == (
        '---\ntype: person\nemail: "nora@example.se"\ncreated: 2026-11-25\n'
        'birthday: "1988-02-29"\n---\n# Nora Lindqvist\n\n## Notes\n'
    )


def test_an_import_is_not_a_meeting_dated_template_lines_are_left_out(tmp_path: Path) -> None:
    """A template's `- {{date}} met [[{{title}}]]` would make every imported contact "seen
    today" (no one overdue, no one drifting): `add` keeps it, `import` leaves it out."""
    files = _files(tmp_path)
    template = (
        "---\ntype: person\ncreated: {{date}}\n---\n# {{title}}\n\n## Log\n"
        "- {{date:YYYY-MM-DD}} met [[{{title}}]]\n"
        '- [ ] <% tp.date.now("YYYY-MM-DD") %> a dated task\n'
        "### {{date}}\n"
        "- [ ] add [[{{title}}]]'s birthday\n"
    )
    vault = _vault(tmp_path, {"Templates/Person.md": template})
    assert _import(vault, files["apple.vcf"])[0] == 0
    text = (vault / "People" / "Nora Lindqvist.md").read_text(encoding="utf-8")
    assert text.endswith("## Log\n- [ ] add [[Nora Lindqvist]]'s birthday\n")
    assert "created: 2026-11-25" in text  # a date in front matter is not contact
    assert _show(vault, "Nora Lindqvist")["last_contact"] is None
    assert vk(vault, "add", "Pat Doe").exit_code == 0
    added = (vault / "People" / "Pat Doe.md").read_text(encoding="utf-8")
    assert "- 2026-11-25 met [[Pat Doe]]\n" in added


def test_running_the_same_import_again_changes_nothing(tmp_path: Path) -> None:
    files = _files(tmp_path)
    good = [files["google.vcf"], files["apple.vcf"], files["outlook.vcf"], files["v4.vcf"]]
    vault = _vault(tmp_path)
    assert _import(vault, *good)[0] == 0
    before = user_file_hashes(vault)
    code, lines = _import(vault, *good)
    assert code == 0
    assert lines[-1] == "0 new, 8 already in the vault, 0 skipped (8 cards)"
    assert (
        f"{files['google.vcf']} card 2: already in the vault: People/Ana Lima Work.md" in (lines[1])
    )
    assert user_file_hashes(vault) == before


def test_dry_run_writes_nothing(tmp_path: Path) -> None:
    files = _files(tmp_path)
    vault = _vault(tmp_path, {"People/Oli Tan.md": "# Oli\n"})
    before = user_file_hashes(vault)
    code, lines = _import(vault, "--dry-run", *files.values())
    assert code == 1
    assert f"{files['google.vcf']} card 1: would create People/Maya Chen.md" in lines
    assert lines[-1] == (
        "dry run, nothing written: 9 new, 1 already in the vault, 3 skipped (13 cards)"
    )
    assert user_file_hashes(vault) == before
    assert _notes(vault) == ["People/Oli Tan.md"]


def test_people_already_there_are_listed_never_changed(tmp_path: Path) -> None:
    files = _files(tmp_path)
    existing = {
        # by alias, in another case; by file name; by email, in another case and in a list
        "People/Maya.md": "---\naliases: [maya chen]\n---\n# Maya\n",
        "Work/Jürgen.md": (
            "---\ntype: person\nname: Juergen M\nemail: [x@y.z, JM@home.example]\n---\n"
        ),
        "People/Ana Lima Work.md": "---\nname: Ana\n---\n",
        "People/Zoe\u0301.md": "# Zoe, decomposed, as macOS writes names\n",
    }
    vault = _vault(tmp_path, existing)
    zoe = _card("FN:Zoé", "EMAIL:zoe@new.example")
    (tmp_path / "zoe.vcf").write_text(zoe, encoding="utf-8")
    before = user_file_hashes(vault)
    code, lines = _import(
        vault, files["google.vcf"], files["outlook.vcf"], files["apple.vcf"], tmp_path / "zoe.vcf"
    )
    assert code == 0
    assert lines[0] == (
        f"{files['google.vcf']} card 1: already in the vault: People/Maya.md"
        " (matched by alias 'maya chen')"
    )
    assert lines[1] == (
        f"{files['google.vcf']} card 2: already in the vault: People/Ana Lima Work.md"
        " (matched by file name)"
    )
    assert lines[3] == (
        f"{files['outlook.vcf']} card 1: already in the vault: Work/Jürgen.md"
        " (matched by email jm@home.example)"
    )
    assert lines[6] == (
        f"{tmp_path / 'zoe.vcf'} card 1: already in the vault: People/Zoe\u0301.md"
        " (matched by name)"
    )
    assert lines[-1] == "3 new, 4 already in the vault, 0 skipped (7 cards)"
    after = user_file_hashes(vault)
    assert {k: v for k, v in after.items() if k in before} == before  # not a byte changed


def test_two_cards_with_one_name_are_one_line_and_one_note(tmp_path: Path) -> None:
    (tmp_path / "a.vcf").write_text(
        _card("FN:Sam Lee", "EMAIL:sam@one.example")
        + _card("FN:Kim")
        + _card("FN:sam lee", "EMAIL:sam@two.example"),
        encoding="utf-8",
    )
    (tmp_path / "b.vcf").write_text(_card("FN:Sam  Lee", "TEL:123"), encoding="utf-8")
    vault = _vault(tmp_path)
    code, lines = _import(vault, tmp_path / "a.vcf", tmp_path / "b.vcf")
    assert code == 0
    assert lines == [
        f"{tmp_path / 'a.vcf'} cards 1, 3, {tmp_path / 'b.vcf'} card 1: new People/Sam Lee.md"
        " (3 cards with this name: the first one is used)",
        f"{tmp_path / 'a.vcf'} card 2: new People/Kim.md",
        "2 new, 0 already in the vault, 0 skipped (4 cards)",
    ]
    assert _show(vault, "Sam Lee")["fields"] == {"email": "sam@one.example"}


def test_an_alias_that_is_already_someones_is_left_out(tmp_path: Path) -> None:
    vault = _vault(tmp_path, {"People/Bob Jones.md": "---\naliases: [Bob]\n---\n"})
    (tmp_path / "c.vcf").write_text(
        _card("FN:Robert Smith", "NICKNAME:Bob,Rob") + _card("FN:Roberta", "NICKNAME:Rob"),
        encoding="utf-8",
    )
    code, lines = _import(vault, tmp_path / "c.vcf")
    assert code == 0
    assert lines[0].endswith(
        "new People/Robert Smith.md (alias 'Bob' left out: it is already someone's name or alias)"
    )
    assert lines[1].endswith(
        "new People/Roberta.md (alias 'Rob' left out: it is already someone's name or alias)"
    )
    assert _show(vault, "Robert Smith")["aliases"] == ["Rob"]
    assert _show(vault, "bob")["name"] == "Bob Jones"  # [[Bob]] still means Bob Jones
    assert vk(vault, "doctor").exit_code == 0


def test_folder_and_tags(tmp_path: Path) -> None:
    files = _files(tmp_path)
    vault = _vault(tmp_path)
    code, lines = _import(
        vault, files["apple.vcf"], "--folder", "Contacts/2026", "--tag", "imported", "--tag", "#x"
    )
    assert code == 0
    assert lines[0].endswith("new Contacts/2026/Oli Tan.md")
    oli = _show(vault, "Oli Tan")  # outside People/, and still a person: tagged `person`
    assert oli["tags"] == ["imported", "x"]
    # the same import into another folder finds them: nothing new
    assert _import(vault, files["apple.vcf"])[1][-1] == (
        "0 new, 2 already in the vault, 0 skipped (2 cards)"
    )
    # a folder typed in another case is the folder that is there, not a second one
    assert _import(vault, files["google.vcf"], "--folder", "contacts/2026")[0] == 0
    assert (vault / "Contacts" / "2026" / "Maya Chen.md").is_file()
    assert "contacts" not in [p.name for p in vault.iterdir()]


@pytest.mark.parametrize("folder", ["../outside", "/tmp", ".hidden", ""])
def test_a_folder_outside_the_vault_is_a_usage_error(tmp_path: Path, folder: str) -> None:
    files = _files(tmp_path)
    vault = _vault(tmp_path)
    result = vk(vault, "import", str(files["apple.vcf"]), "--folder", folder)
    assert result.exit_code == 2
    assert result.stderr.startswith("vaultkit: error: --folder ")
    assert len(result.stderr.splitlines()) == 1
    assert _notes(vault) == []


def test_a_note_at_the_path_that_is_not_a_person_is_left_alone(tmp_path: Path) -> None:
    vault = _vault(
        tmp_path,
        {
            "vaultkit.toml": 'ignore = ["People/Kim.md"]\n',
            "People/Kim.md": "an ignored note\n",
            "People/Lee.md": "---\ntype: meeting\n---\nnot a person\n",
        },
    )
    (tmp_path / "k.vcf").write_text(_card("FN:Kim") + _card("FN:Lee"), encoding="utf-8")
    before = user_file_hashes(vault)
    code, lines = _import(vault, tmp_path / "k.vcf")
    assert code == 1
    assert lines[0].endswith(
        "card 1 (line 1): skipped: People/Kim.md already exists and is not a person note;"
        " left alone"
    )
    assert "skipped: People/Lee.md already exists" in lines[1]
    assert user_file_hashes(vault) == before


def test_a_file_without_cards_is_skipped_and_a_missing_one_is_a_usage_error(
    tmp_path: Path,
) -> None:
    vault = _vault(tmp_path)
    (tmp_path / "notes.txt").write_text("not a vCard\n", encoding="utf-8")
    code, lines = _import(vault, tmp_path / "notes.txt")
    assert (code, lines) == (
        1,
        [
            f"{tmp_path / 'notes.txt'}: skipped: holds no vCard (no BEGIN:VCARD line)",
            "0 new, 0 already in the vault, 1 skipped (0 cards)",
        ],
    )
    result = vk(vault, "import", str(tmp_path / "nope.vcf"))
    assert result.exit_code == 2


def test_import_as_a_real_process(tmp_path: Path) -> None:
    files = _files(tmp_path)
    vault = _vault(tmp_path)
    args = ["import", str(files["outlook.vcf"]), "--vault", str(vault), "--today", TODAY]
    proc = run_module([*args, "--dry-run"], tmp_path)
    assert (proc.returncode, proc.stdout.splitlines()[-1]) == (
        0,
        "dry run, nothing written: 1 new, 0 already in the vault, 0 skipped (1 card)",
    )
    assert _notes(vault) == []
    proc = run_module(args, tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert _notes(vault) == ["People/Jürgen Müller.md"]
