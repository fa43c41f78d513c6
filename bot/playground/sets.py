"""Make a moderator's set file available in the playground, after validating it."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from bot.settings import SHIPPED_CONTENT
from content.cli import run_validate
from content.importers import convert_file, is_import_file
from content.loader import find_set_files, load_directory_files, load_set_file, read_limited


@dataclass(frozen=True, slots=True)
class PlaygroundSets:
    """The content folder the playground's bot loads, and what the moderator's file added."""

    folder: Path
    added: tuple[str, ...]
    replaced: tuple[str, ...]
    """Ids of shipped sets left out because the moderator's file has a set with the same id."""


def validate(path: str, out: TextIO) -> bool:
    """Check ``path`` exactly as ``quiz-tutor validate PATH`` does, printing the same lines."""
    return run_validate([path], out=out) == 0


def gather_sets(source: Path, folder: Path, shipped: Path = SHIPPED_CONTENT) -> PlaygroundSets:
    """Fill ``folder`` with the shipped sets and the (valid) sets at ``source``, which win."""
    files = find_set_files(source) if source.is_dir() else [source]
    converted = folder.with_name(f"{folder.name}-converted")  # outside what the bot loads
    yours = dict(_as_yaml(file, converted) for file in files)
    replaced: list[str] = []
    for file, qset in load_directory_files(shipped)[0].items():
        if qset.id in yours:
            replaced.append(qset.id)
        else:
            _copy(file, folder / "shipped" / file.relative_to(shipped))
    for set_id, file in yours.items():
        _copy(file, folder / "yours" / f"{set_id}{file.suffix}")
    return PlaygroundSets(folder, tuple(sorted(yours)), tuple(sorted(replaced)))


def _as_yaml(file: Path, converted: Path) -> tuple[str, Path]:
    """Return the set id of ``file`` and its YAML file: a GIFT, Aiken or CSV file is converted
    into the folder ``converted`` first, as ``quiz-tutor import`` would."""
    if not is_import_file(file.name):
        return load_set_file(file).id, file
    conversion = convert_file(str(file), read_limited(file, str(file)))
    converted.mkdir(parents=True, exist_ok=True)
    target = converted / f"{conversion.set_id}.yaml"
    target.write_text(conversion.yaml_text, encoding="utf-8")
    return conversion.set_id, target


def _copy(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
