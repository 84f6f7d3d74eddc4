"""Seconds to read one vCard holding a folded N MB `PHOTO`, and one holding a folded N MB `NOTE`
(issue 21: vobject's unfolding is quadratic, a 20 MB photo took 230 s).

    python -m benchmarks.vcard_photo            # 1, 2, 4 and 20 MB
    python -m benchmarks.vcard_photo --mb 50

The photo is dropped before the card is read; the note is unfolded in linear time and cut to
64 KiB. Both should grow linearly with the size.
"""

from __future__ import annotations

import argparse
import base64
import random
import time

from vaultkit.commands.vcards import read_cards


def card(prop: str, megabytes: float, seed: int = 1) -> str:
    """One 3.0 card whose `prop` value is `megabytes` of base64, folded at 75 octets."""
    rng = random.Random(seed)
    raw = rng.randbytes(int(megabytes * 1024 * 1024 * 3 / 4))
    value = base64.b64encode(raw).decode("ascii")
    lines = [prop + value[:48]] + [" " + value[i : i + 74] for i in range(48, len(value), 74)]
    head = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Pat Photo\r\n"
    return head + "\r\n".join(lines) + "\r\nEND:VCARD\r\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=float, nargs="+", default=[1, 2, 4, 20])
    args = parser.parse_args(argv)
    print(f"{'MB':>6}  {'PHOTO s':>8}  {'NOTE s':>8}")
    for mb in args.mb:
        row = []
        for prop in ("PHOTO;ENCODING=b;TYPE=JPEG:", "NOTE:"):
            text = card(prop, mb)
            start = time.perf_counter()
            (found,) = read_cards(text)
            row.append(time.perf_counter() - start)
            assert found.person is not None, found.problem
        print(f"{mb:>6g}  {row[0]:>8.3f}  {row[1]:>8.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
