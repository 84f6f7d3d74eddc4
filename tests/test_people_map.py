"""`People map.md` (issue 26 item 4): the relations and introductions between people as a
Mermaid graph, one cluster per circle; off unless asked for; the same bytes every run."""

from __future__ import annotations

from pathlib import Path

from rulehelp import md
from vaulthelp import PAGE_NAMES, make_vault, vk

MAP = "People map.md"
NOTES = {
    "People/Ana Silva.md": md(["circle: family", 'partner: "[[Ben Carter]]"'], "# Ana"),
    "People/Ben Carter.md": md(
        ["circle: family", "children: [Mia, '[[Cy \"Jr\" Carter]]']"], "# Ben"
    ),
    'People/Cy "Jr" Carter.md': md(["parents: ['[[Ben Carter]]']"], "# Cy"),
    "People/Dee Ng.md": md(["introduced_by: Ana Silva", "archived: false"], "# Dee"),
    "People/Old Friend.md": md(["archived: true", "siblings: [Dee Ng]"], "# Old"),
}
CIRCLES = '\n[circles]\nfamily = "monthly"\n'


def _map(tmp_path: Path, settings: str, notes: dict[str, str] = NOTES) -> tuple[Path, str]:
    vault = make_vault(tmp_path, {**notes, "vaultkit.toml": settings})
    result = vk(vault, "sync")
    assert result.exit_code == 0, result.output
    page = vault / "Vaultkit" / MAP
    return vault, page.read_text(encoding="utf-8") if page.exists() else ""


def test_off_by_default(tmp_path: Path) -> None:
    vault, page = _map(tmp_path, CIRCLES)
    assert page == "" and MAP not in PAGE_NAMES
    assert not (vault / "Vaultkit" / MAP).exists()


def test_the_graph_has_each_relation_once_and_a_box_per_circle(tmp_path: Path) -> None:
    _, page = _map(tmp_path, "people_map = true\n" + CIRCLES)
    body = page.split("```mermaid\n", 1)[1].split("```", 1)[0].splitlines()
    assert body == [
        "flowchart LR",
        '  subgraph c1["family"]',
        '    p1["Ana Silva"]',
        '    p2["Ben Carter"]',
        "  end",
        '  p3["Cy #quot;Jr#quot; Carter"]',
        '  p4["Dee Ng"]',
        "  p1 ---|partner| p2",  # written on Ana's side only: once, undirected
        "  p2 -->|child| p3",  # written on both sides (children / parents): once
        "  p4 -->|introduced by| p1",
        "  class p1,p2,p3,p4 internal-link",
    ]
    assert "Mia" not in page  # a name with no note is no node
    assert "Old Friend" not in page  # archived people are left out
    assert "4 people, 3 relations" in page


def test_the_same_vault_gives_the_same_bytes(tmp_path: Path) -> None:
    vault, first = _map(tmp_path, "people_map = true\n" + CIRCLES)
    assert vk(vault, "sync", "--no-cache").exit_code == 0
    assert (vault / "Vaultkit" / MAP).read_text(encoding="utf-8") == first


def test_outputs_can_send_it_elsewhere_and_turning_it_off_removes_it(tmp_path: Path) -> None:
    vault, page = _map(tmp_path, '[outputs]\npeople-map = "Maps/people.md"\n')
    assert page == "" and "flowchart LR" in (vault / "Maps" / "people.md").read_text()
    (vault / "vaultkit.toml").write_text("")
    assert vk(vault, "sync").exit_code == 0
    assert not (vault / "Maps" / "people.md").exists()  # vaultkit's own page, no longer asked for


def test_with_no_relations_it_says_how_to_write_them(tmp_path: Path) -> None:
    notes = {"People/Ana Silva.md": md(["cadence: weekly"], "# Ana")}
    _, page = _map(tmp_path, "people_map = true\n", notes)
    assert "No relations between people yet. Write the people around a person" in page


def test_a_setting_that_is_not_true_or_false_is_one_line(tmp_path: Path) -> None:
    vault = make_vault(tmp_path, {"vaultkit.toml": 'people_map = "yes"\n'})
    result = vk(vault, "sync")
    assert result.exit_code == 2
    assert "people_map" in result.stderr and "true or false" in result.stderr
