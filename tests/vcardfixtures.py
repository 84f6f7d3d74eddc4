"""vCard files written the way each address book exports them (by hand, from their exports'
shapes): Google Contacts (3.0), Apple Contacts (3.0 with `itemN.` groups, `X-APPLE-OMIT-YEAR`
and a base64 `PHOTO`), Outlook (2.1 with quoted-printable and `CHARSET=`), and a 4.0 card.
Cards end in CRLF as the standard says; Apple's export uses LF, as it does."""

from __future__ import annotations

# Google Contacts, "Export" -> vCard (for iOS Contacts): 3.0, lines folded at 75 octets with a
# space, `item1.` groups for labelled URLs, `CATEGORIES:myContacts` on everything, CRLF.
GOOGLE = (
    "BEGIN:VCARD\r\n"
    "VERSION:3.0\r\n"
    "FN:Maya Chen\r\n"
    "N:Chen;Maya;;;\r\n"
    "NICKNAME:May\r\n"
    "EMAIL;TYPE=INTERNET;TYPE=HOME:maya@example.com\r\n"
    "EMAIL;TYPE=INTERNET;TYPE=WORK:maya.chen@northwind.example\r\n"
    "EMAIL;TYPE=INTERNET:MAYA@example.com\r\n"
    "TEL;TYPE=CELL:+1 503-555-0100\r\n"
    "ADR;TYPE=HOME:;;12 Fern St;Portland;OR;97201;United States\r\n"
    "ORG:Northwind Labs;Research\r\n"
    "TITLE:Data Scientist\r\n"
    "BDAY:1991-12-03\r\n"
    "item1.URL:https\\://maya.example.com\r\n"
    "item1.X-ABLabel:_$!<HomePage>!$_\r\n"
    "CATEGORIES:myContacts,Climbing Friends\r\n"
    "NOTE:Met at the climbing gym\\, 2019.\\nLikes oolong tea and long walks along t\r\n"
    " he river.\r\n"
    "END:VCARD\r\n"
    "BEGIN:VCARD\r\n"
    "VERSION:3.0\r\n"
    "FN:Ana Lima / Work\r\n"
    "N:Lima;Ana;;;\r\n"
    "EMAIL;TYPE=INTERNET:ana@lima.example\r\n"
    "BDAY:--04-09\r\n"
    "CATEGORIES:myContacts\r\n"
    "END:VCARD\r\n"
    "BEGIN:VCARD\r\n"
    "VERSION:3.0\r\n"
    "FN:\r\n"
    "N:Okafor;Emeka;;Dr.;\r\n"
    "TEL;TYPE=HOME:+234 1 555 0199\r\n"
    "END:VCARD\r\n"
)

# Apple Contacts, "Export vCard…": 3.0, LF line ends, PRODID, `itemN.` groups for emails,
# addresses and URLs, a year-less birthday written with year 1604 and X-APPLE-OMIT-YEAR,
# a base64 PHOTO folded over several lines, and X-ABUID.
APPLE = (
    "BEGIN:VCARD\n"
    "VERSION:3.0\n"
    "PRODID:-//Apple Inc.//macOS 14.5//EN\n"
    "N:Tan;Oli;;;\n"
    "FN:Oli Tan\n"
    "NICKNAME:Oli\\, the Great,OT\n"
    "ORG:Acme\\, Inc.;\n"
    "item1.EMAIL;type=INTERNET;type=pref:oli@example.com\n"
    "item1.X-ABLabel:_$!<Other>!$_\n"
    "item2.EMAIL;type=INTERNET:oli@home.example\n"
    "TEL;type=CELL;type=VOICE;type=pref:+44 20 7946 0000\n"
    "item3.ADR;type=HOME;type=pref:;;1 High St;London;;N1 9GU;United Kingdom\n"
    "item3.X-ABADR:gb\n"
    "BDAY;X-APPLE-OMIT-YEAR=1604:1604-03-15\n"
    "PHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAMCAgICAgMCAgIDAwMDBAYE\n"
    " BAQEBAgGBgUGCQgKCgkICQkKDA8MCgsOCwkJDRENDg8QEBEQCgwSExIQEw8QEBD/2wBDAQMDAwQDBAg\n"
    " EBAgQCwkLEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBD/wA\n"
    "item4.URL;type=pref:https\\://oli.example\n"
    "item4.X-ABLabel:_$!<HomePage>!$_\n"
    "NOTE:Line one\\nLine two\n"
    "X-ABUID:5AD380FD-B2DE-4261-BA99-DE1D1DB52FBE:ABPerson\n"
    "END:VCARD\n"
    "BEGIN:VCARD\n"
    "VERSION:3.0\n"
    "PRODID:-//Apple Inc.//macOS 14.5//EN\n"
    "N:Lindqvist;Nora;;;\n"
    "FN:Nora Lindqvist\n"
    "BDAY:1988-02-29\n"
    "item1.EMAIL;type=INTERNET;type=pref:nora@example.se\n"
    "END:VCARD\n"
)

# Outlook "Save as vCard" / Outlook.com export: 2.1, parameters without names (`WORK;VOICE`),
# quoted-printable values with `CHARSET=Windows-1252` and soft line breaks (`=` then CRLF),
# a BASE64 PHOTO ended by a blank line, BDAY as YYYYMMDD; the bytes are Windows-1252.
OUTLOOK = (
    "BEGIN:VCARD\r\n"
    "VERSION:2.1\r\n"
    "N;LANGUAGE=de-de;CHARSET=Windows-1252;ENCODING=QUOTED-PRINTABLE:M=FCller;J=FCrgen\r\n"
    "FN;CHARSET=Windows-1252;ENCODING=QUOTED-PRINTABLE:J=FCrgen M=FCller\r\n"
    "ORG:Contoso Ltd.;Sales\r\n"
    "TITLE:Manager\r\n"
    "TEL;WORK;VOICE:(425) 555-0100\r\n"
    "ADR;WORK;PREF;CHARSET=Windows-1252;ENCODING=QUOTED-PRINTABLE:"
    ";;Stra=DFe 1;M=FCnchen;;80331;Deu=\r\n"
    "tschland\r\n"
    "NOTE;CHARSET=Windows-1252;ENCODING=QUOTED-PRINTABLE:"
    "Caf=E9 owner, met at the fair, 2023. Outlook br=\r\n"
    "eaks long lines like this one.\r\n"
    "EMAIL;PREF;INTERNET:juergen@contoso.example\r\n"
    "EMAIL;INTERNET:jm@home.example\r\n"
    "BDAY:19750412\r\n"
    "PHOTO;TYPE=JPEG;ENCODING=BASE64:\r\n"
    " /9j/4AAQSkZJRgABAQEAYABgAAD/2wBDAAgGBgcGBQgHBwcJCQgKDBQNDAsLDBkSEw8UHRofHh0a\r\n"
    " HBwgJC4nICIsIxwcKDcpLDAxNDQ0Hyc5PTgyPC4zNDL/\r\n"
    "\r\n"
    "URL;WORK:http://www.contoso.example/\r\n"
    "REV:20240101T120000Z\r\n"
    "END:VCARD\r\n"
)

# vCard 4.0 (RFC 6350), as Nextcloud/Thunderbird write it: a year-less BDAY as --MMDD, PREF=1,
# a tel: URI, a name with an emoji, a BDAY that is text.
V4 = (
    "BEGIN:VCARD\r\n"
    "VERSION:4.0\r\n"
    "FN:Zoë 🌻 Park\r\n"
    "N:Park;Zoë;;;\r\n"
    "NICKNAME:Zo,Zozo\r\n"
    "BDAY:--1203\r\n"
    "EMAIL;TYPE=home;PREF=1:zoe@example.org\r\n"
    'TEL;VALUE=uri;TYPE="voice,cell":tel:+1-555-555-5555\r\n'
    "ADR;TYPE=home:;;1 Main St;Seoul;;;South Korea\r\n"
    "END:VCARD\r\n"
    "BEGIN:VCARD\r\n"
    "VERSION:4.0\r\n"
    "FN:Old Friend\r\n"
    "BDAY;VALUE=text:circa 1800\r\n"
    "END:VCARD\r\n"
)

# A file with broken cards among good ones: no name at all, a line that is not a property,
# a card never closed; the good cards around them are still imported.
MIXED = (
    "BEGIN:VCARD\r\n"
    "VERSION:3.0\r\n"
    "FN:Good One\r\n"
    "END:VCARD\r\n"
    "BEGIN:VCARD\r\n"
    "VERSION:3.0\r\n"
    "EMAIL:nobody@example.com\r\n"
    "END:VCARD\r\n"
    "BEGIN:VCARD\r\n"
    "VERSION:3.0\r\n"
    "FN:Broken Line\r\n"
    "this line has no colon\r\n"
    "END:VCARD\r\n"
    "BEGIN:VCARD\r\n"
    "VERSION:3.0\r\n"
    "FN:Never Closed\r\n"
    "BEGIN:VCARD\r\n"
    "VERSION:3.0\r\n"
    "FN:Good Two\r\n"
    "END:VCARD\r\n"
)
