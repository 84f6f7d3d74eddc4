"""Markers count only where Markdown shows them (issue 21, finding 4): a YAML block scalar,
a fenced or indented code block, or another HTML block holding marker lines is the user's
text, never written into."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from vaultkit.read.frontmatter import read_frontmatter
from vaultkit.read.markers import BLOCK_BEGIN as BEGIN
from vaultkit.read.markers import BLOCK_END as END
from vaultkit.read.markers import find_block
from vaultkit.session.sync import Vault, sync

TODAY = date(2026, 11, 25)
DAILY = "Coffee with [[Jane]] at the park.\n"

YAML_SCALAR = f"---\ncadence: 30\nbirthday: 1990-12-01\nnote: |\n  {BEGIN}\n  {END}\n---\n# Jane\n"
# The same with the scalar's lines not indented past the key: still YAML (a plain list item
# can not hold them, so this is the one shape where only the front matter's end tells).
YAML_UNINDENTED = f"---\ncadence: 30\n# {BEGIN}\n---\n# Jane\n"
PLACES = {
    "yaml-block-scalar": YAML_SCALAR,
    "front-matter-comment-lines": f"---\ncadence: 30\nx: >\n {BEGIN}\n {END}\n---\n# Jane\n",
    "fenced-code": f"# Jane\n\n```md\n{BEGIN}\n{END}\n```\n",
    "tilde-fence": f"# Jane\n\n~~~~\n{BEGIN}\n~~~\n{END}\n~~~~~\n",  # ~~~ does not close ~~~~
    "indented-code": f"# Jane\n\nHow to:\n\n    {BEGIN}\n    {END}\n",
    "tab-indented-code": f"# Jane\n\n\t{BEGIN}\n\t{END}\n",
    "html-div": f"# Jane\n\n<div>\n{BEGIN}\n{END}\n</div>\n",
    "html-details": f"# Jane\n\n<details><summary>How</summary>\n{BEGIN}\n{END}\n</details>\n",
    "html-pre": f"# Jane\n\n<pre>\n\n{BEGIN}\n\n{END}\n</pre>\n",
}


def _vault(root: Path, note: str, config: str = "") -> Path:
    (root / "People").mkdir(parents=True)
    (root / "Daily").mkdir()
    (root / "People" / "Jane.md").write_text(note, encoding="utf-8")
    (root / "Daily" / "2026-11-20.md").write_text(DAILY, encoding="utf-8")
    if config:
        (root / "vaultkit.toml").write_text(config, encoding="utf-8")
    return root


@pytest.mark.parametrize("where", sorted(PLACES))
def test_markers_the_user_put_in_front_matter_code_or_html_are_not_written_into(
    tmp_path: Path, where: str
) -> None:
    note = PLACES[where]
    root = _vault(tmp_path, note)
    lines = note.split("\n")
    assert find_block(lines) == (None, None)
    stats = sync(Vault(root), TODAY)
    assert stats.blocks.written == []
    assert (root / "People" / "Jane.md").read_text(encoding="utf-8") == note
    issues = (root / "Vaultkit" / "Vault issues.md").read_text(encoding="utf-8")
    assert "marker" not in issues  # an example, not a broken block


def test_a_yaml_block_scalar_holding_markers_keeps_cadence_and_birthday(tmp_path: Path) -> None:
    root = _vault(tmp_path, YAML_SCALAR)
    sync(Vault(root), TODAY)
    text = (root / "People" / "Jane.md").read_text(encoding="utf-8")
    fm = read_frontmatter(text)
    assert not fm.errors and str(fm.data["cadence"]) == "30"
    people = (root / "Vaultkit" / "People.md").read_text(encoding="utf-8")
    assert "30 days" in people or "every 30" in people


@pytest.mark.parametrize("where", sorted(PLACES))
def test_a_real_pair_after_the_users_example_is_the_block(tmp_path: Path, where: str) -> None:
    example = PLACES[where]
    note = f"{example}\nMy own text.\n\n{BEGIN}\n{END}\n\nAfter.\n"
    root = _vault(tmp_path, note)
    stats = sync(Vault(root), TODAY)
    assert stats.blocks.written == ["People/Jane.md"]
    text = (root / "People" / "Jane.md").read_text(encoding="utf-8")
    assert text.startswith(example + "\nMy own text.\n\n" + BEGIN + "\n")
    assert "Last contact:** 2026-11-20" in text.split(example)[1]
    assert text.endswith(END + "\n\nAfter.\n")


@pytest.mark.parametrize("where", ["yaml-block-scalar", "fenced-code", "indented-code"])
def test_append_mode_appends_at_the_end_when_the_only_markers_are_examples(
    tmp_path: Path, where: str
) -> None:
    note = PLACES[where]
    root = _vault(tmp_path, note, 'person_block = "append"\n')
    sync(Vault(root), TODAY)
    text = (root / "People" / "Jane.md").read_text(encoding="utf-8")
    assert text.startswith(note)  # the example, the YAML: every byte as it was
    assert text[len(note) :].startswith(f"\n{BEGIN}\n")
    assert "Last contact:** 2026-11-20" in text[len(note) :]
    stats = sync(Vault(root), TODAY)  # the appended block is found again: not appended twice
    assert stats.blocks.written == []
    assert (root / "People" / "Jane.md").read_text(encoding="utf-8") == text


def test_a_marker_line_itself_is_an_html_block_and_counts(tmp_path: Path) -> None:
    """After a paragraph line, with two spaces of indent, after an HTML block closed by a
    blank line: still markers."""
    note = f"# Jane\ntext\n  {BEGIN}\nold\n{END}\n<div>\nx\n</div>\n\n"
    assert find_block(note.split("\n")) == ((3, 5), None)
    after_div = f"<div>\nx\n</div>\n\n{BEGIN}\n{END}\n"
    assert find_block(after_div.split("\n")) == ((5, 6), None)
