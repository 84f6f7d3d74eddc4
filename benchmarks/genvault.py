"""Generate a large, realistic, deterministic vault for benchmarking vaultkit.

Determinism matters because benchmark numbers are only comparable when every run
reads the same bytes: everything is drawn from one seeded ``random.Random`` in a
fixed order, and nothing depends on ``hash()``, set order, the clock or the OS.

The content mixes the shapes a real vault has (several front matter styles, logs,
tasks, aliases, code blocks, the odd CRLF or BOM file) so that a benchmark cannot
look fast by only handling the easy path.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from random import Random

TODAY = date(2026, 11, 25)


def _words(text: str) -> list[str]:
    """Long word lists read better as prose blocks than as quoted list literals."""
    return text.split()


MARKER = ".genvault.json"
"""Dot-file (so vaultkit skips it) recording the arguments a vault was built with."""

FIRST_NAMES = _words("""
James Mary Robert Patricia John Jennifer Michael Linda William Elizabeth David Barbara
Richard Susan Joseph Jessica Thomas Sarah Charles Karen Christopher Nancy Daniel Lisa
Matthew Betty Anthony Margaret Mark Sandra Donald Ashley Steven Kimberly Paul Emily
Andrew Donna Joshua Michelle Kenneth Carol Kevin Amanda Brian Dorothy George Melissa
Timothy Deborah Ronald Stephanie Edward Rebecca Jason Sharon Jeffrey Laura Ryan Cynthia
Jacob Kathleen Gary Amy Nicholas Angela Eric Shirley Jonathan Anna Stephen Brenda Larry
Pamela Justin Emma Scott Nicole Brandon Helen Benjamin Samantha Samuel Katherine Gregory
Christine Alexander Debra Frank Rachel Patrick Carolyn Raymond Janet Jack Catherine Dennis
Maria Jerry Heather Tyler Diane Aaron Ruth Jose Julie Adam Olivia Nathan Joyce Henry
Virginia Douglas Victoria Zachary Kelly Peter Lauren Kyle Christina Noah Joan Ethan
Evelyn Jeremy Judith Walter Megan Christian Andrea Keith Cheryl Roger Hannah Terry
Jacqueline Austin Martha Sean Gloria Gerald Teresa Carl Ann Harold Sara Dylan Madison
Arthur Frances Lawrence Kathryn Jordan Janice Jesse Jean Bryan Abigail Billy Alice Bruce
Judy Gabriel Sophia Joe Grace Logan Denise Alan Amber Juan Doris Albert Marilyn Willie
Danielle Elijah Beverly Wayne Isabella Randy Theresa Vincent Diana Mason Natalie Roy
Brittany Ralph Charlotte Bobby Marie Russell Kayla Bradley Alexis Philip Lori Eugene
Priya Arjun Wei Mei Hiroshi Yuki Ahmed Fatima Omar Aisha Olumide Chiamaka Kwame Ama
Sven Ingrid Lars Astrid Pierre Camille Luca Giulia Mateo Valentina Dmitri Anastasia
José Zoë Björn Anaïs Łukasz Chloé Søren Renée Joaquín Ines Siobhán Niamh Tomás Agnieszka
""")

LAST_NAMES = [
    *_words("""
Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez
Lopez Gonzalez Wilson Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson
White Harris Sanchez Clark Ramirez Lewis Robinson Walker Young Allen King Wright Scott
Torres Nguyen Hill Flores Green Adams Nelson Baker Hall Rivera Campbell Mitchell Carter
Roberts Gomez Phillips Evans Turner Diaz Parker Cruz Edwards Collins Reyes Stewart Morris
Morales Murphy Cook Rogers Gutierrez Ortiz Morgan Cooper Peterson Bailey Reed Kelly Howard
Ramos Kim Cox Ward Richardson Watson Brooks Chavez Wood James Bennett Gray Mendoza Ruiz
Hughes Price Alvarez Castillo Sanders Patel Myers Long Ross Foster Jimenez Powell Jenkins
Perry Russell Sullivan Bell Coleman Butler Henderson Barnes Gonzales Fisher Vasquez
Simmons Romero Jordan Patterson Alexander Hamilton Graham Reynolds Griffin Wallace Moreno
West Cole Hayes Bryant Herrera Gibson Ellis Tran Medina Aguilar Stevens Murray Ford Castro
Marshall Owens Harrison Fernandez McDonald Woods Washington Kennedy Wells Vargas Henry
Chen Freeman Webb Tucker Guzman Burns Crawford Olson Simpson Porter Hunter Gordon Mendez
Silva Shaw Snyder Mason Dixon Munoz Hunt Hicks Holmes Palmer Wagner Black Robertson Boyd
Rose Stone Salazar Fox Warren Mills Meyer Rice Schmidt Garza Daniels Ferguson Nichols
Stephens Soto Weaver Ryan Gardner Payne Grant Dunn Kelley Spencer Hawkins Arnold Pierce
Hansen Peters Santos Hart Bradley Knight Elliott Cunningham Duncan Armstrong Hudson Carroll
Lane Riley Andrews Alvarado Ray Delgado Berry Perkins Hoffman Johnston Matthews Pena
Sato Tanaka Suzuki Watanabe Yamamoto Wang Zhang Liu Singh Kumar Sharma Okafor Adeyemi
Mensah Larsen Johansson Lindqvist Dubois Lefebvre Rossi Bianchi Kowalski Nowak Ivanov
Müller García Øvergaard Nguyễn Fernández O'Brien O'Connor Smith-Jones
"""),
    "van der Berg",
    "de la Cruz",
]

NICKNAMES = {
    "Robert": "Bob",
    "William": "Bill",
    "Elizabeth": "Liz",
    "Richard": "Rick",
    "Joseph": "Joe",
    "Thomas": "Tom",
    "Christopher": "Chris",
    "Daniel": "Dan",
    "Matthew": "Matt",
    "Anthony": "Tony",
    "Michael": "Mike",
    "Jennifer": "Jen",
    "Katherine": "Kate",
    "Margaret": "Maggie",
    "Patricia": "Patty",
    "Samantha": "Sam",
    "Alexander": "Alex",
    "Nicholas": "Nick",
    "Benjamin": "Ben",
    "Jonathan": "Jon",
    "Rebecca": "Becky",
    "Victoria": "Vicky",
    "Abigail": "Abby",
    "Anastasia": "Nastya",
    "Dmitri": "Dima",
    "Kimberly": "Kim",
    "Deborah": "Deb",
    "Gregory": "Greg",
}

COMPANIES = _words("""Acme Globex Initech Umbrella Hooli Vandelay Stark Wayne Wonka Tyrell Cyberdyne
Soylent Aperture Massive Dynamic Gringotts Pied-Piper Oscorp Monarch Nakatomi Dunder-Mifflin
Prestige Sterling-Cooper Blue-Sun Virtucon Bluth Krusty Ollivanders""")

TAGS = [
    "friend",
    "family",
    "work",
    "colleague",
    "client",
    "school",
    "neighbor",
    "climbing",
    "book-club",
    "mentor",
    "investor",
    "football",
    "choir",
    "uni",
]

CADENCES = [
    "weekly",
    "monthly",
    "45",
    "every 2 weeks",
    "3m",
    "quarterly",
    "fortnightly",
    "yearly",
    "2w",
    "every 6 months",
    "60",
    "Monthly",
    "every 3 weeks",
    "1y",
    "annually",
    "14",
]

SUBFOLDERS = ["Family", "Work", "Friends", "Work/Former", "Climbing", "Neighbours"]

PLACES = [
    "the river",
    "the park",
    "Lisbon",
    "the office",
    "Café Central",
    "the market",
    "the climbing gym",
    "Kyoto",
    "the lake",
    "the old town",
    "Brighton",
    "the library",
    "São Paulo",
    "the allotment",
    "Zürich",
    "the station",
]

TOPICS = [
    "the new job",
    "their kids",
    "the move to Lisbon",
    "the book club pick",
    "the marathon",
    "the renovation",
    "a startup idea",
    "the wedding plans",
    "burnout",
    "the trip to Japan",
    "their dad's health",
    "the Q3 roadmap",
    "interest rates",
    "the garden",
    "a podcast they like",
    "the reunion",
    "learning Portuguese",
    "the hiring freeze",
    "the band",
    "sourdough",
]

ACTIVITIES = [
    "coffee",
    "call",
    "lunch",
    "dinner",
    "video call",
    "walk",
    "drinks",
    "climbing",
    "brunch",
    "texted",
    "ran into them",
    "board games",
    "hike",
]

SOLO_SENTENCES = [
    "Slept badly, rain all morning.",
    "Worked on {topic} most of the day.",
    "Long walk along {place}.",
    "Read a few chapters; slow going.",
    "Gym in the evening and my legs are done.",
    "Spent too long on email again.",
    "Cooked the lentil thing, it was fine.",
    "Idea: write up {topic} properly.",
    "Tired, early night.",
    "Finished the quarterly review draft.",
    "Paid the bills and sorted the receipts.",
    "Weather finally turned, first cold morning.",
    "Watched a documentary about {place}.",
    "Cleared the inbox to zero (for about an hour).",
    "Note to self: fewer meetings on Mondays.",
    "Grateful for a quiet morning, good coffee and {place}.",
    "Mood 6/10, energy 5/10.",
    "Couldn't focus after lunch.",
    "The train was late again, so I read on the platform.",
    "Made progress on {topic}, still stuck on the details.",
    "Bought groceries for the week.",
    "Fixed the bike's back brake finally.",
    "Thinking a lot about {topic} lately.",
    "Planned the weekend: {place} if it doesn't rain.",
    "Meditated for ten minutes, which felt like an hour.",
    "Wrote 800 words, deleted 500 of them.",
    "Headache most of the afternoon.",
    "Tidied the desk and the downloads folder.",
    "Booked tickets for the trip to {place}.",
    "Listened to a podcast episode about {topic}.",
]

PERSON_SENTENCES = [
    "Coffee with {p} at {place}, talked about {topic}.",
    "Call with {p} about {topic}.",
    "{p} sent photos from {place}.",
    "Lunch with {p}, mostly about {topic}.",
    "Ran into {p} at {place}.",
    "{p} gave me an update on {topic}; sounds stressful.",
    "Long chat with {p}, who is thinking about {topic}.",
    "Dinner at {p}'s place; great evening.",
    "Texted {p} happy birthday.",
    "Helped {p} with {topic}.",
    "Video call with {p} and the team about {topic}.",
    "Walked to {place} with {p}.",
    "{p} recommended a book about {topic}.",
]

HEADINGS = ["## Notes", "## Journal", "## Work", "## Today", "### Evening"]

CMDS = [
    "rsync -av --delete",
    "git rebase -i",
    "jq '.items[]'",
    "make -j4",
    "ssh -L 8080",
    "docker compose up",
    "du -sh *",
    "python -m http.server",
]

MEETING_TOPICS = [
    "Weekly sync",
    "Project Phoenix kickoff",
    "Quarterly planning",
    "Design review",
    "Budget review",
    "Hiring committee",
    "Retro",
    "Board prep",
    "Roadmap review",
    "Incident review",
    "Offsite planning",
    "Customer call",
    "Sprint planning",
    "Architecture review",
]


@dataclass
class Person:
    """What later notes need to link a person the way a user would."""

    name: str
    first: str
    folder: str
    aliases: list[str]


@dataclass
class Stats:
    """Summary the CLI prints and the benchmark runner records."""

    notes: int = 0
    people: int = 0
    daily: int = 0
    meetings: int = 0
    bytes: int = 0
    seconds: float = 0.0


def _ascii(text: str) -> str:
    """E-mail local parts stay ASCII even for names like 'Zoë Øvergaard'."""
    decomposed = unicodedata.normalize("NFKD", text)
    kept = "".join(c for c in decomposed if c.isascii() and (c.isalnum() or c in ".-"))
    return kept.lower()


def _iso(d: date) -> str:
    return d.isoformat()


class _Gen:
    """One generator run; the single ``Random`` makes call order part of the output."""

    def __init__(self, seed: int, people: int, days: int, meetings: int) -> None:
        self.rng = Random(seed)
        self.n_people = people
        self.n_days = days
        self.n_meetings = meetings
        self.first_day = TODAY - timedelta(days=max(days - 1, 0))
        self.people: list[Person] = []
        self.popularity: list[int] = []

    # -- helpers ---------------------------------------------------------------

    def rand_date(self, lo: date, hi: date) -> date:
        span = (hi - lo).days
        return lo + timedelta(days=self.rng.randint(0, max(span, 0)))

    def recent_date(self) -> date:
        """Dates cluster towards today, like real contact history does."""
        span = (TODAY - self.first_day).days
        back = int(span * (self.rng.random() ** 2.0))
        return TODAY - timedelta(days=back)

    def pick_person(self) -> Person:
        """A few people are linked constantly and most rarely (power-law-ish)."""
        idx = int(len(self.popularity) * (self.rng.random() ** 2.5))
        return self.people[self.popularity[idx]]

    def link(self, p: Person) -> str:
        r = self.rng.random()
        if r < 0.70:
            return f"[[{p.name}]]"
        if r < 0.85:
            return f"[[{p.name}|{p.first}]]"
        if r < 0.95 and p.aliases:
            return f"[[{self.rng.choice(p.aliases)}]]"
        if r < 0.98 and p.folder != "People":
            return f"[[{p.folder}/{p.name}|{p.name}]]"
        return f"[[{p.name}#Log]]" if r >= 0.98 else f"[[{p.name}]]"

    def fill(self, template: str, p: str = "") -> str:
        rng = self.rng
        out = template
        if "{place}" in out:
            out = out.replace("{place}", rng.choice(PLACES))
        if "{topic}" in out:
            out = out.replace("{topic}", rng.choice(TOPICS))
        if "{p}" in out:
            out = out.replace("{p}", p)
        return out

    def tags_yaml(self, tags: list[str]) -> str:
        r = self.rng.random()
        if r < 0.5:
            return "tags: [" + ", ".join(tags) + "]\n"
        if r < 0.85:
            return "tags:\n" + "".join(f"  - {t}\n" for t in tags)
        if r < 0.95:
            return "tags: " + ", ".join(tags) + "\n"
        return "tags: [" + ", ".join(f'"#{t}"' for t in tags) + "]\n"

    # -- people ----------------------------------------------------------------

    def make_people(self) -> None:
        rng = self.rng
        taken: set[str] = set()
        suffix: dict[str, int] = {}
        for _ in range(self.n_people):
            name = ""
            first = ""
            for _attempt in range(4):
                first = rng.choice(FIRST_NAMES)
                last = rng.choice(LAST_NAMES)
                name = f"{first} {last}"
                if name.casefold() not in taken:
                    break
            else:
                base = name
                n = suffix.get(base, 1) + 1
                while f"{base} {n}".casefold() in taken:
                    n += 1
                suffix[base] = n
                name = f"{base} {n}"
            taken.add(name.casefold())
            folder = "People"
            if rng.random() < 0.10:
                folder = "People/" + rng.choice(SUBFOLDERS)
            self.people.append(Person(name=name, first=first, folder=folder, aliases=[]))
        # Aliases after all names exist, so an alias never shadows a real note name.
        used = set(taken)
        for p in self.people:
            if rng.random() >= 0.20:
                continue
            last = p.name[len(p.first) + 1 :]
            options = [
                f"{p.first} {last[:1]}.",
                f"{p.first[:1]}. {last}",
                p.first,
                f"{p.first} {rng.choice(LAST_NAMES)}",
            ]
            nick = NICKNAMES.get(p.first)
            if nick:
                options += [f"{nick} {last}", nick]
            for alias in rng.sample(options, k=rng.choice((1, 1, 2))):
                if alias.casefold() not in used:
                    used.add(alias.casefold())
                    p.aliases.append(alias)
        order = list(range(len(self.people)))
        rng.shuffle(order)
        self.popularity = order

    def person_note(self, p: Person) -> str:
        body = (
            self._intro(p) + self._facts() + self._markers() + self._log() + self._follow_ups()
        ) or f"{p.name}.\n"
        fm = self._identity_yaml(p) + self._fields_yaml(p)
        if self.rng.random() < 0.03:
            return body  # some people are just a file name
        return "---\n" + fm + "---\n" + body

    def _identity_yaml(self, p: Person) -> str:
        rng = self.rng
        fm = "type: person\n" if rng.random() < 0.05 else ""
        if rng.random() < 0.70:
            tags = rng.sample(TAGS, k=rng.randint(1, 3))
            if rng.random() < 0.15:
                tags.insert(0, "person")
            fm += self.tags_yaml(tags)
        if p.aliases:
            r = rng.random()
            if len(p.aliases) == 1 and r < 0.3:
                fm += f"aliases: {p.aliases[0]}\n"
            elif r < 0.7:
                fm += "aliases: [" + ", ".join(f'"{a}"' for a in p.aliases) + "]\n"
            else:
                fm += "aliases:\n" + "".join(f"  - {a}\n" for a in p.aliases)
        return fm

    def _birthday(self) -> str:
        if self.rng.random() < 0.7:
            return _iso(self.rand_date(date(1940, 1, 1), date(2010, 12, 31)))
        bday = self.rand_date(date(2000, 1, 1), date(2000, 12, 31))  # leap year: --02-29 occurs
        return f"--{bday.month:02d}-{bday.day:02d}"

    def _fields_yaml(self, p: Person) -> str:
        rng = self.rng
        last = p.name[len(p.first) + 1 :]
        domain = rng.choice(("example.com", "example.org", "mail.example.net"))
        snooze = self.rand_date(TODAY - timedelta(days=60), TODAY + timedelta(days=120))
        cadence = rng.choice(CADENCES) if rng.random() > 0.005 else "sometimes"
        # (probability, key, value): values are drawn up front so each branch stays cheap.
        fields: list[tuple[float, str, Callable[[], str]]] = [
            (0.50, "cadence", lambda: cadence),
            (0.40, "birthday", self._birthday),
            (0.40, "email", lambda: f"{_ascii(p.first)}.{_ascii(last)}@{domain}"),
            (0.35, "company", lambda: rng.choice(COMPANIES)),
            (0.15, "phone", lambda: f'"+1 555 01{rng.randint(0, 99):02d}"'),
            (0.10, "location", lambda: rng.choice(PLACES).removeprefix("the ")),
            (0.05, "last_contact", lambda: _iso(self.recent_date())),
            (0.03, "archived", lambda: "true"),
            (0.03, "snooze_until", lambda: _iso(snooze)),
        ]
        return "".join(f"{key}: {value()}\n" for prob, key, value in fields if rng.random() < prob)

    def _intro(self, p: Person) -> str:
        rng = self.rng
        text = f"# {p.name}\n\n" if rng.random() < 0.5 else ""
        r = rng.random()
        if r < 0.25 and self.people:
            rel = rng.choice(
                ("Partner of", "Introduced by", "Sister of", "Works with", "Met through")
            )
            text += f"{rel} {self.link(self.pick_person())}. Likes {rng.choice(TOPICS)}.\n\n"
        elif r < 0.60:
            text += f"Met at {rng.choice(PLACES)}. Into {rng.choice(TOPICS)}.\n\n"
        return text

    def _facts(self) -> str:
        rng = self.rng
        if rng.random() >= 0.30:
            return ""
        facts = (
            "Cares about {topic}",
            "Lives near {place}",
            "Ask about {topic}",
            "Allergic to peanuts",
            "Two kids",
            "Prefers texts to calls",
            "Vegetarian",
            "Dog called Biscuit",
            "Supports Arsenal",
        )
        picked = rng.sample(facts, k=rng.randint(1, 4))
        return "## Notes\n" + "".join(f"- {self.fill(f)}\n" for f in picked) + "\n"

    def _markers(self) -> str:
        """Some users opted in to vaultkit's per-person block, so sync writes into People/."""
        if self.rng.random() >= 0.10:
            return ""
        return "## vaultkit\n<!-- vaultkit:begin -->\n<!-- vaultkit:end -->\n\n"

    def _log_line(self) -> tuple[date, str]:
        rng = self.rng
        d = self.recent_date()
        if rng.random() < 0.03:
            d = TODAY + timedelta(days=rng.randint(1, 30))  # a plan, not a contact
        what = self.fill(rng.choice(ACTIVITIES) + ", talked about {topic}")
        if self.people and rng.random() < 0.3:
            what = f"{rng.choice(ACTIVITIES)}, talked about {self.link(self.pick_person())}"
        style = rng.random()
        if style < 0.7:
            return d, f"- {_iso(d)} {what}\n"
        if style < 0.85:
            return d, f"- [[{_iso(d)}]]: {what}\n"
        return d, f"- **{_iso(d)}** — {what}\n"

    def _log(self) -> str:
        rng = self.rng
        if rng.random() >= 0.30:
            return ""
        heading = rng.choice(("## Log\n", "## Log\n", "### Interactions\n", "## Timeline\n"))
        entries = [self._log_line() for _ in range(rng.randint(1, 10))]
        entries.sort(key=lambda e: e[0], reverse=rng.random() < 0.5)
        text = heading + "".join(line for _, line in entries)
        if rng.random() < 0.25:
            text += f"- [ ] ask about {rng.choice(TOPICS)}\n"
        return text + "\n"

    def _follow_ups(self) -> str:
        rng = self.rng
        if rng.random() >= 0.12:
            return ""
        due = TODAY + timedelta(days=rng.randint(-20, 30))
        what = rng.choice(("the book", "the photos", "a card", "the intro"))
        text = f"## Follow-ups\n- [ ] send {what} 📅 {_iso(due)}\n"
        if rng.random() < 0.3:
            text += "- [x] thank-you note\n"
        return text

    # -- daily notes -----------------------------------------------------------

    def task_line(self, d: date, p: str | None) -> str:
        rng = self.rng
        due = d + timedelta(days=rng.randint(1, 14))
        if p is None:
            return rng.choice(
                (
                    f"- [ ] renew passport 📅 {_iso(due)}\n",
                    "- [x] take out recycling\n",
                    f"- [ ] book dentist [due:: {_iso(due)}]\n",
                )
            )
        if rng.random() < 0.6:
            verb = rng.choice(("call", "email", "send a card to", "reply to"))
            suffix = f" 📅 {_iso(due)}" if rng.random() < 0.6 else ""
            return f"- [ ] {verb} {p}{suffix}\n"
        return f"- [x] sent {p} the {rng.choice(('photos', 'article', 'invoice', 'recipe'))}\n"

    def daily_note(self, d: date) -> str:
        rng = self.rng
        head = "---\ntags: [daily]\n---\n" if rng.random() < 0.30 else ""
        r = rng.random()
        if r < 0.15:
            head += f"# {_iso(d)}\n\n"
        elif r < 0.25:
            head += f"# {d.strftime('%A, %B')} {d.day}, {d.year}\n\n"
        mentions, tasks = self._daily_people(d)
        body = self._prose(mentions) + self._code()
        if rng.random() < 0.08:
            tasks.append(self.task_line(d, None))
        if tasks:
            body += "\n## Tasks\n" + "".join(tasks)
        return head + body

    def _daily_people(self, d: date) -> tuple[list[str], list[str]]:
        """0-4 people a day; a few of them only as an open or done task."""
        rng = self.rng
        k = rng.choices((0, 1, 2, 3, 4), weights=(25, 30, 25, 12, 8))[0] if self.people else 0
        mentions: list[str] = []
        tasks: list[str] = []
        for _ in range(k):
            link = self.link(self.pick_person())
            if rng.random() < 0.15:
                tasks.append(self.task_line(d, link))
            else:
                mentions.append(self.fill(rng.choice(PERSON_SENTENCES), link))
        return mentions, tasks

    def _prose(self, mentions: list[str]) -> str:
        """Each line is a bullet or a short paragraph; people land on random lines."""
        rng = self.rng
        n_lines = max(rng.randint(3, 15), len(mentions))
        slots: list[list[str]] = [[] for _ in range(n_lines)]
        for m in mentions:
            slots[rng.randrange(n_lines)].append(m)
        bullets = rng.random() < 0.4
        parts: list[str] = []
        for i, slot in enumerate(slots):
            if i and rng.random() < 0.12:
                parts.append(f"\n{rng.choice(HEADINGS)}\n")
            while len(slot) < (1 if bullets else rng.randint(1, 3)):
                slot.insert(rng.randint(0, len(slot)), self.fill(rng.choice(SOLO_SENTENCES)))
            parts.append(("- " + " ".join(slot) + "\n") if bullets else (" ".join(slot) + "\n\n"))
        return "".join(parts)

    def _code(self) -> str:
        """Links inside code must not count as contact, so some code blocks hold one."""
        rng = self.rng
        text = ""
        if rng.random() < 0.05:
            text += f"Fixed the `{rng.choice(CMDS)}` alias in my dotfiles.\n"
        if rng.random() < 0.02:
            inner = f"# ping {self.link(self.pick_person())}\n" if self.people else ""
            text += f"\n```bash\n{rng.choice(CMDS)} ~/notes\n{inner}```\n"
        return text

    # -- meetings --------------------------------------------------------------

    def meeting_note(self, d: date, topic: str) -> str:
        rng = self.rng
        attendees = [self.pick_person() for _ in range(rng.randint(1, 6))] if self.people else []
        links = []
        for a in attendees:
            links.append(f"[[{a.name}|{a.first}]]" if rng.random() < 0.1 else f"[[{a.name}]]")
        links = list(dict.fromkeys(links))
        if rng.random() < 0.8:
            att = "attendees: [" + ", ".join(f'"{x}"' for x in links) + "]\n"
        else:
            att = "attendees:\n" + "".join(f'  - "{x}"\n' for x in links)
        fm = f"---\ndate: {_iso(d)}\n{att}tags: [meeting]\n---\n"
        body = [f"# {topic}\n\n## Agenda\n"]
        for _ in range(rng.randint(1, 4)):
            body.append(f"- {self.fill('{topic}')}\n")
        body.append("\n## Notes\n")
        for _ in range(rng.randint(2, 8)):
            who = (
                self.link(rng.choice(attendees)) if attendees and rng.random() < 0.5 else "The team"
            )
            verb = rng.choice(("raised", "proposed", "is worried about", "owns"))
            body.append(f"- {who} {verb} {rng.choice(TOPICS)}\n")
        if attendees and rng.random() < 0.6:
            body.append("\n## Action items\n")
            for _ in range(rng.randint(1, 3)):
                due = d + timedelta(days=rng.randint(1, 14))
                owner = self.link(rng.choice(attendees))
                body.append(f"- [ ] {owner} to send the deck 📅 {_iso(due)}\n")
        return fm + "".join(body)


def _encode(text: str, rng: Random) -> bytes:
    """A few notes come from Windows or other editors: CRLF line ends, a BOM."""
    r = rng.random()
    if r < 0.01:
        text = text.replace("\n", "\r\n")
    elif r < 0.015:
        text = "\ufeff" + text
    return text.encode("utf-8")


def _prepare_out(out: Path) -> None:
    """Only ever wipe a folder this tool made, so a typo cannot delete a real vault."""
    if out.exists():
        if not out.is_dir():
            raise SystemExit(f"genvault: {out} exists and is not a folder")
        if any(out.iterdir()):
            if not (out / MARKER).is_file():
                raise SystemExit(
                    f"genvault: {out} is not empty and has no {MARKER}; refusing to overwrite"
                )
            shutil.rmtree(out)
    out.mkdir(parents=True, exist_ok=True)


def generate(out: Path, *, people: int, days: int, seed: int, meetings: int | None = None) -> Stats:
    """Build the vault; the runner imports this to skip a process start."""
    if meetings is None:
        meetings = days // 10
    args = {"people": people, "days": days, "seed": seed, "meetings": meetings}
    _prepare_out(out)
    t0 = time.perf_counter()  # after clearing an old vault, which is not generation work
    gen = _Gen(seed, people, days, meetings)
    gen.make_people()
    stats = Stats()
    made_dirs: set[str] = set()

    def write(rel: str, text: str) -> None:
        folder = rel.rpartition("/")[0]
        if folder and folder not in made_dirs:
            (out / folder).mkdir(parents=True, exist_ok=True)
            made_dirs.add(folder)
        data = _encode(text, gen.rng)
        with open(os.path.join(out, rel), "wb") as fh:
            fh.write(data)
        stats.notes += 1
        stats.bytes += len(data)

    for p in gen.people:
        write(f"{p.folder}/{p.name}.md", gen.person_note(p))
        stats.people += 1
    for i in range(days):
        d = TODAY - timedelta(days=i)
        write(f"Daily/{_iso(d)}.md", gen.daily_note(d))
        stats.daily += 1
    seen: set[str] = set()
    for _ in range(meetings):
        d = gen.recent_date()
        topic = gen.rng.choice(MEETING_TOPICS)
        if topic == "Customer call" and gen.people:
            topic = f"Customer call {gen.rng.choice(COMPANIES)}"
        base = rel = f"Meetings/{d.year}/{_iso(d)} {topic}"
        n = 1
        while rel.casefold() in seen:
            n += 1
            rel = f"{base} ({n})"
        seen.add(rel.casefold())
        write(rel + ".md", gen.meeting_note(d, topic))
        stats.meetings += 1

    # Templates look like people and days but must be ignored (VAULT_FORMAT.md section 1).
    write(
        "Templates/Person.md",
        "---\ntags: [person]\ncadence: monthly\n---\n# {{title}}\n\n## Log\n- {{date}} \n",
    )
    write("Templates/Daily.md", "---\ntags: [daily]\n---\n# {{date}}\n\n## Tasks\n- [ ] \n")
    obsidian = out / ".obsidian"
    obsidian.mkdir(exist_ok=True)
    (obsidian / "daily-notes.json").write_text(
        json.dumps({"folder": "Daily", "format": "YYYY-MM-DD"}) + "\n", encoding="utf-8"
    )
    # Written last: a vault interrupted half-way has no marker and is never reused.
    (out / MARKER).write_text(json.dumps(args, sort_keys=True) + "\n", encoding="utf-8")
    stats.seconds = time.perf_counter() - t0
    return stats


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.genvault",
        description="Generate a deterministic benchmark vault (dates end at 2026-11-25).",
    )
    parser.add_argument(
        "out", type=Path, help="folder to create (must be empty, or a vault made by this tool)"
    )
    parser.add_argument("--people", type=int, default=300, help="person notes (default 300)")
    parser.add_argument(
        "--days",
        type=int,
        default=700,
        help="daily notes, one per day back from 2026-11-25 (default 700)",
    )
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument(
        "--meetings", type=int, default=None, help="meeting notes (default days//10)"
    )
    ns = parser.parse_args(argv)
    if ns.people < 0 or ns.days < 0 or (ns.meetings is not None and ns.meetings < 0):
        parser.error("counts must be >= 0")
    if ns.days > (TODAY - date(1, 1, 1)).days:
        parser.error("--days reaches before year 1")
    stats = generate(ns.out, people=ns.people, days=ns.days, seed=ns.seed, meetings=ns.meetings)
    print(
        f"genvault: {stats.notes} notes ({stats.people} people, {stats.daily} daily, "
        f"{stats.meetings} meetings, 2 templates), {stats.bytes / 2**20:.1f} MiB, "
        f"{stats.seconds:.2f} s -> {ns.out}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
