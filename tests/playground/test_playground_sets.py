"""A moderator's set file in the playground: the shipped sets plus theirs, theirs winning."""

from __future__ import annotations

from pathlib import Path

from bot.playground.sets import gather_sets
from bot.settings import SHIPPED_CONTENT
from content.loader import load_directory
from tests.playground.conftest import QUICK_SET


def test_a_new_set_joins_the_shipped_ones(tmp_path: Path) -> None:
    mine = tmp_path / "mine.yaml"
    mine.write_text(QUICK_SET, encoding="utf-8")
    sets = gather_sets(mine, tmp_path / "content")
    loaded, errors = load_directory(sets.folder)
    shipped, _ = load_directory(SHIPPED_CONTENT)
    assert errors == []
    assert {s.id for s in loaded} == {s.id for s in shipped} | {"quick"}
    assert sets.added == ("quick",)
    assert sets.replaced == ()


def test_a_set_with_a_shipped_id_replaces_the_shipped_one(tmp_path: Path) -> None:
    mine = tmp_path / "mine.yml"
    mine.write_text(QUICK_SET.replace("id: quick", "id: python-asyncio"), encoding="utf-8")
    sets = gather_sets(mine, tmp_path / "content")
    loaded, errors = load_directory(sets.folder)
    assert errors == []
    ours = next(s for s in loaded if s.id == "python-asyncio")
    assert ours.title == "Quick Check"
    assert sets.replaced == ("python-asyncio",)


def test_a_folder_adds_every_set_in_it(tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    (folder / "nested").mkdir(parents=True)
    (folder / "quick.yaml").write_text(QUICK_SET, encoding="utf-8")
    other = QUICK_SET.replace("id: quick", "id: quicker")
    (folder / "nested" / "quicker.yaml").write_text(other, encoding="utf-8")
    sets = gather_sets(folder, tmp_path / "content")
    assert sets.added == ("quick", "quicker")
    assert load_directory(sets.folder)[1] == []


def test_a_gift_file_is_converted_and_joins_the_shipped_sets(tmp_path: Path) -> None:
    mine = tmp_path / "sky.gift"
    mine.write_text("::Sky:: Sky colour? {=blue ~red ~green}\n", encoding="utf-8")
    sets = gather_sets(mine, tmp_path / "content")
    loaded, errors = load_directory(sets.folder)
    assert errors == []
    assert sets.added == ("sky",)
    sky = next(s for s in loaded if s.id == "sky")
    assert [q.prompt for q in sky.questions] == ["Sky colour?"]
