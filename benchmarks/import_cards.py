"""Import N generated vCards into an empty vault: how long `vaultkit import` takes, how many
notes it made, and how long the same import takes again (every card already there).

    python -m benchmarks.import_cards                    # 2,000 cards
    python -m benchmarks.import_cards --cards 500 --seed 2

The cards are deterministic (one seeded Random) and mix the three shapes the tests hold
(tests/vcardfixtures.py): Google's 3.0, Apple's 3.0 with `itemN.` groups and
X-APPLE-OMIT-YEAR, Outlook's 2.1 with quoted-printable Windows-1252; some share a name (one
note each), some have several emails, a note, a year-less birthday. Everything lives under
`--workdir` (default /tmp/vaultkit-bench/import), the cache included.
"""

from __future__ import annotations

import argparse
import quopri
import shutil
import sys
from pathlib import Path
from random import Random

from .genvault import FIRST_NAMES, LAST_NAMES
from .measure import run_full

TODAY = "2026-11-25"
MARKER = ".import-bench"  # the workdir is deleted and remade only when it holds this file


def _google(rng: Random, name: str, n: int) -> str:
    first, _, last = name.partition(" ")
    emails = [f"{first.lower()}.{n}@example.com"] + (
        [f"{first[0].lower()}{n}@work.example"] if rng.random() < 0.4 else []
    )
    lines = ["BEGIN:VCARD", "VERSION:3.0", f"FN:{name}", f"N:{last};{first};;;"]
    lines += [f"EMAIL;TYPE=INTERNET:{e}" for e in emails]
    lines.append(f"TEL;TYPE=CELL:+1 555 {n:07d}")
    if rng.random() < 0.6:
        lines.append(
            f"BDAY:{rng.randint(1950, 2005)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        )
    if rng.random() < 0.5:
        lines += ["ORG:Northwind Labs;Research", "TITLE:Engineer"]
    if rng.random() < 0.3:
        note = "Met at the conference\\, talked about climbing. " * 3
        lines.append(_fold(f"NOTE:{note.strip()}"))
    lines += ["CATEGORIES:myContacts,Friends", "END:VCARD"]
    return "\r\n".join(lines) + "\r\n"


def _apple(rng: Random, name: str, n: int) -> str:
    first, _, last = name.partition(" ")
    lines = [
        "BEGIN:VCARD",
        "VERSION:3.0",
        "PRODID:-//Apple Inc.//macOS 14.5//EN",
        f"N:{last};{first};;;",
        f"FN:{name}",
        f"item1.EMAIL;type=INTERNET;type=pref:{first.lower()}{n}@icloud.example",
        "item1.X-ABLabel:_$!<Other>!$_",
        f"item2.ADR;type=HOME:;;{n} High St;London;;N1;United Kingdom",
        f"BDAY;X-APPLE-OMIT-YEAR=1604:1604-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
        "END:VCARD",
    ]
    return "\n".join(lines) + "\n"


def _outlook(rng: Random, name: str, n: int) -> str:
    try:
        charset, raw = "Windows-1252", name.encode("cp1252")
    except UnicodeEncodeError:  # Outlook names UTF-8 for what its code page cannot hold
        charset, raw = "UTF-8", name.encode("utf-8")
    qp = quopri.encodestring(raw).decode("ascii").replace("=\n", "")
    lines = [
        "BEGIN:VCARD",
        "VERSION:2.1",
        f"FN;CHARSET={charset};ENCODING=QUOTED-PRINTABLE:{qp}",
        f"EMAIL;PREF;INTERNET:{n}@contoso.example",
        "TEL;WORK;VOICE:(425) 555-0100",
        f"BDAY:{rng.randint(1950, 2005)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}",
        "END:VCARD",
    ]
    return "\r\n".join(lines) + "\r\n"


def _fold(line: str) -> str:
    return "\r\n ".join(line[i : i + 74] for i in range(0, len(line), 74))


def cards(count: int, seed: int) -> tuple[bytes, int]:
    """`count` cards as one .vcf file's bytes (the Outlook ones' names are quoted-printable,
    so the file is plain UTF-8), and how many distinct people they hold."""
    rng = Random(seed)
    out = []
    names: list[str] = []
    for n in range(count):
        if names and rng.random() < 0.02:
            name = rng.choice(names)  # the same person twice in one export
        else:
            name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
            if name in names:
                name = f"{name} {n}"
            names.append(name)
        shape = rng.random()
        make = _google if shape < 0.7 else _apple if shape < 0.9 else _outlook
        out.append(make(rng, name, n))
    return "".join(out).encode("utf-8"), len(names)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cards", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/vaultkit-bench/import"))
    args = parser.parse_args(argv)
    work: Path = args.workdir
    if work.exists():
        if not (work / MARKER).exists():
            print(f"{work} exists and is not this benchmark's; choose another --workdir")
            return 2
        shutil.rmtree(work)
    vault = work / "vault"
    (vault / "People").mkdir(parents=True)
    (work / MARKER).write_text("")
    (vault / "vaultkit.toml").write_text("")
    contacts = work / "contacts.vcf"
    data, people = cards(args.cards, args.seed)
    contacts.write_bytes(data)
    base = [sys.executable, "-m", "vaultkit"]
    where = ["--vault", str(vault), "--today", TODAY, "--cache-dir", str(work / "cache")]
    rows = []
    for label, cmd in [
        ("import (empty vault)", [*base, "import", str(contacts), *where]),
        ("import again", [*base, "import", str(contacts), *where]),
        ("first sync", [*base, "sync", "--quiet", *where]),
    ]:
        result = run_full(cmd)
        if result.returncode != 0:
            print(f"{label}: exit {result.returncode}: {result.stderr.strip()}")
            return 1
        notes = sum(1 for _ in (vault / "People").glob("*.md"))
        rows.append((label, result.seconds, result.rss_mib, notes))
    size = contacts.stat().st_size // 1024
    print(f"{args.cards} cards of {people} people (seed {args.seed}), {size} KiB")
    print(f"{'step':<22} {'seconds':>8} {'peak MiB':>9} {'notes':>6}")
    for label, seconds, rss, notes in rows:
        print(f"{label:<22} {seconds:>8.2f} {rss:>9} {notes:>6}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
