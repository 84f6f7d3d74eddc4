"""`--json` prints exactly what `json.dumps(data, indent=2, ensure_ascii=False)` would."""

from __future__ import annotations

import json
import random
from typing import Any

import pytest

from vaultkit.cli import json_text


class Name(str):
    pass


SAMPLES: list[Any] = [
    None, True, False, 0, -7, 2**70, 1.5, -0.0, 1e300, float("nan"), float("inf"),
    float("-inf"), "", "a\"b\\c\n\t\x00\x1f\u2028 é 😀 \ud800", Name("sub"), [], {}, (),
    [[]], [{}], {"a": []}, {"k": {}}, (1, (2, 3)),
    {"ä": [1, {"b": None, "c": [True, False]}], "": "x"},
    {1: "int key"}, {None: 1}, {1.5: 2}, {True: "t"},  # left to json.dumps
]  # fmt: skip


@pytest.mark.parametrize("data", SAMPLES, ids=range(len(SAMPLES)))
def test_the_same_text_as_json_dumps(data: Any) -> None:
    assert json_text.dumps(data) == json.dumps(data, indent=2, ensure_ascii=False)


def _random(rng: random.Random, depth: int) -> Any:
    pick = rng.randrange(9 if depth < 4 else 6)
    if pick == 0:
        return rng.choice([None, True, False])
    if pick == 1:
        return rng.randrange(-(10**12), 10**12)
    if pick == 2:
        return rng.uniform(-1e6, 1e6)
    if pick in (3, 4, 5):
        return "".join(chr(rng.choice([rng.randrange(32, 127), rng.randrange(0, 0x2FFFF)]))
                       for _ in range(rng.randrange(6)))  # fmt: skip
    if pick == 6:
        return [_random(rng, depth + 1) for _ in range(rng.randrange(4))]
    if pick == 7:
        return tuple(_random(rng, depth + 1) for _ in range(rng.randrange(3)))
    return {str(_random(rng, 3)): _random(rng, depth + 1) for _ in range(rng.randrange(4))}


def test_random_data_gives_the_same_text() -> None:
    rng = random.Random(5)
    for _ in range(500):
        data = _random(rng, 0)
        assert json_text.dumps(data) == json.dumps(data, indent=2, ensure_ascii=False)


def test_what_json_cannot_encode_fails_as_json_does() -> None:
    with pytest.raises(TypeError):
        json_text.dumps({"a": object()})
    with pytest.raises(TypeError):
        json_text.dumps({"a": {1, 2}})
