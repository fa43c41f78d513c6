"""``quiz-tutor import FILE... [--out DIR]``: convert question files into YAML sets."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import TextIO

from content.errors import FILE_LEVEL, SetError
from content.importers import Conversion, SetFileError, convert_file
from content.importers._source import plural
from content.loader import MAX_FILE_BYTES
from i18n import _


def run_import(files: list[str], *, out_dir: str, out: TextIO, force: bool = False) -> int:
    """Convert each file into DIR/<set-id>.yaml; return 0 if all converted, else 1.

    A set file already there is replaced only with ``force``: it may hold edits of its own.
    """
    written: dict[str, str] = {}
    failed = 0
    for filename in files:
        try:
            conversion = convert_file(filename, _read(filename))
            target = _write(conversion, filename, Path(out_dir), written, force=force)
        except SetFileError as error:
            failed += 1
            # str() lists the errors one a line and ends with "and N more errors" past the cap.
            print(error, file=out)
            continue
        except (MemoryError, RecursionError, Exception) as error:  # never a traceback
            failed += 1
            print(_file_error(filename, _crash_sentence(error)), file=out)
            continue
        lines = conversion.report().splitlines()
        print(f"{filename} -> {target}: {lines[0]}", file=out)
        for line in lines[1:]:
            print(f"  {line}", file=out)
    converted = len(files) - failed
    summary = f"{plural(converted, 'file')} converted"
    if failed:
        summary += f", {plural(failed, 'file')} with errors"
    print(summary, file=out)
    return 1 if failed else 0


def _read(filename: str) -> bytes:
    """Return at most 1 MiB + 1 byte of a regular file, or raise why it cannot be read."""
    try:
        # O_NONBLOCK: opening a FIFO must not wait for a writer before it can be refused
        descriptor = os.open(filename, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as error:
        raise _file_error(filename, f"cannot read the file: {error.strerror or error}") from None
    if not stat.S_ISREG(os.fstat(descriptor).st_mode):
        os.close(descriptor)
        raise _file_error(filename, "is not a regular file")
    with os.fdopen(descriptor, "rb") as source:
        try:
            return source.read(MAX_FILE_BYTES + 1)
        except OSError as error:
            raise _file_error(
                filename, f"cannot read the file: {error.strerror or error}"
            ) from None


def _write(
    conversion: Conversion, filename: str, folder: Path, written: dict[str, str], *, force: bool
) -> Path:
    """Write the converted set as DIR/<set-id>.yaml, refusing a set id another file produced."""
    first = written.get(conversion.set_id)
    if first is not None:
        raise _file_error(
            filename,
            f"its set id '{conversion.set_id}' is the one {first} was converted to; give it "
            "another $CATEGORY or file name",
        )
    target = folder / f"{conversion.set_id}.yaml"
    if not force and (target.exists() or target.is_symlink()):
        raise _file_error(
            filename,
            _(
                "{target} already exists and was left as it is; add --force to replace it with "
                "this conversion, or choose another --out folder",
                target=target,
            ),
        )
    partial = folder / f".{conversion.set_id}.yaml.partial"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        partial.write_text(conversion.yaml_text, encoding="utf-8")
        partial.replace(target)
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise _file_error(str(target), f"cannot write the set: {error.strerror or error}") from None
    written[conversion.set_id] = filename
    return target


def _crash_sentence(error: BaseException) -> str:
    """Return the sentence for a file whose conversion failed in an unexpected way."""
    if isinstance(error, MemoryError):
        return "the file needs more memory to convert than there is; split it into smaller files"
    if isinstance(error, RecursionError):
        return "the file nests too deeply to convert; write it flatter"
    return (
        f"the file could not be converted because of an error in quiz-tutor "
        f"({type(error).__name__}); please report it"
    )


def _file_error(filename: str, message: str) -> SetFileError:
    return SetFileError([SetError(filename, 1, 1, FILE_LEVEL, message)])
