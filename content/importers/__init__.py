"""Convert question files in other formats (Moodle GIFT, Aiken, CSV) into YAML sets.

``convert_file`` picks the format by the file's extension, reads the questions, writes them
as a YAML set and validates it like any set file; every error points at the source file. A
question the reader cannot read does not hide the others: its error is reported together
with the validation errors of the questions that did read, all in position order.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePath

from content.budget import Budget, OutOfTime, budget_clock
from content.errors import FILE_LEVEL, SetError, SetFileError
from content.importers import aiken, csv_format, gift
from content.importers._build import DraftSet, build
from content.importers._source import ReadLimits, decode, file_error
from content.loader import MAX_FILE_BYTES
from content.model import QuestionSet
from i18n import _, format_number, ngettext

__all__ = [
    "IMPORT_SUFFIXES",
    "Conversion",
    "SetFileError",
    "Skipped",
    "convert_file",
    "is_import_file",
]

IMPORT_SUFFIXES = (".gift", ".txt", ".csv")
YAML_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True, slots=True)
class Skipped:
    """A question of the source file that was not converted, and why."""

    line: int
    kind: str
    reason: str

    def __str__(self) -> str:
        # Translators: {kind} is a GIFT question type, like "short answer".
        return _(
            "line {line}: skipped {kind} question: {reason}",
            line=self.line,
            kind=_(self.kind),
            reason=_(self.reason),
        )


@dataclass(frozen=True, slots=True)
class Conversion:
    """A source file converted into a valid YAML set."""

    set_id: str
    title: str
    source_format: str
    yaml_text: str
    converted: int
    skipped: tuple[Skipped, ...]
    question_set: QuestionSet | None = None
    """The converted set as loaded (validated once, by the conversion itself)."""

    def report(self) -> str:
        """Return what was converted and skipped, one line per skipped question."""
        if self.skipped:
            counts = Counter(skipped.kind for skipped in self.skipped)
            by_kind = ", ".join(_skipped_count(kind, count) for kind, count in counts.items())
            # Translators: {source} is a file format (GIFT, Aiken, CSV); {by_kind} like "2 essays".
            line = ngettext(
                "converted {n} question from {source}, skipped {skipped} ({by_kind})",
                "converted {n} questions from {source}, skipped {skipped} ({by_kind})",
                self.converted,
                source=self.source_format,
                skipped=len(self.skipped),
                by_kind=by_kind,
            )
        else:
            line = ngettext(
                "converted {n} question from {source}",
                "converted {n} questions from {source}",
                self.converted,
                source=self.source_format,
            )
        return "\n".join([line, *(str(skipped) for skipped in self.skipped)])


SKIPPED_COUNTS: dict[str, Callable[[int], str]] = {
    # Translators: how many questions of one kind an import skipped, as "2 essays".
    "description": lambda n: ngettext("{n} description", "{n} descriptions", n),
    "essay": lambda n: ngettext("{n} essay", "{n} essays", n),
    "numerical": lambda n: ngettext("{n} numerical question", "{n} numerical questions", n),
    "matching": lambda n: ngettext("{n} matching question", "{n} matching questions", n),
    "short answer": lambda n: ngettext(
        "{n} short-answer question", "{n} short-answer questions", n
    ),
    "partial credit": lambda n: ngettext(
        "{n} partial-credit question", "{n} partial-credit questions", n
    ),
    "multiple answers": lambda n: ngettext(
        "{n} multiple-answer question", "{n} multiple-answer questions", n
    ),
}
"""One counted sentence per kind of skipped question, so the noun agrees with the number."""


def _skipped_count(kind: str, count: int) -> str:
    """Return how many questions of ``kind`` were skipped, as one counted sentence."""
    counted = SKIPPED_COUNTS.get(kind)
    return counted(count) if counted is not None else f"{format_number(count)} {_(kind)}"


def is_import_file(filename: str) -> bool:
    """Tell whether ``filename`` names a format that is converted rather than loaded as YAML."""
    return PurePath(filename).suffix.lower() in IMPORT_SUFFIXES


def convert_file(
    filename: str,
    data: bytes,
    *,
    deadline: float | None = None,
    max_questions: int | None = None,
    clock: Callable[[], float] = budget_clock,
) -> Conversion:
    """Convert a GIFT (.gift, .txt), Aiken (.txt) or CSV (.csv) file into a valid YAML set.

    Raise SetFileError with errors at the source file's lines and columns when the file is
    broken or its questions would not make a valid set; also when it holds more than
    ``max_questions`` or the check runs past ``deadline`` (on ``clock``), as an upload's.
    """
    suffix = PurePath(filename).suffix.lower()
    if suffix in YAML_SUFFIXES:
        raise file_error(filename, _("a YAML set is loaded as it is; only other formats convert"))
    if suffix not in IMPORT_SUFFIXES:
        raise file_error(
            filename,
            _(
                "cannot tell the format of a '{suffix}' file; name it .gift (Moodle "
                "GIFT), .txt (GIFT or Aiken), .csv or .yaml",
                suffix=suffix,
            )
            if suffix
            else _(
                "cannot tell the format of a 'nameless' file; name it .gift (Moodle "
                "GIFT), .txt (GIFT or Aiken), .csv or .yaml"
            ),
        )
    if len(data) > MAX_FILE_BYTES:
        raise file_error(
            filename,
            _(
                "the file is {size} bytes; a file to import may be at most 1 MiB "
                "({limit} bytes), so split it into several",
                size=format_number(len(data)),
                limit=format_number(MAX_FILE_BYTES),
            ),
        )
    budget = Budget(deadline, clock) if deadline is not None else None
    text = decode(data, filename)
    try:
        read = _read(suffix, text, filename, ReadLimits(max_questions, budget))
    except OutOfTime:
        assert budget is not None
        raise file_error(filename, budget.refusal()) from None
    source_format, draft_set, skipped = read
    if not draft_set.questions and not draft_set.reader_errors:
        raise _nothing_converted(filename, skipped)
    if max_questions is not None and len(draft_set.questions) > max_questions:
        raise file_error(
            filename,
            _(
                "the file holds more than {limit} questions, the most a server may "
                "have; split it into several sets",
                limit=format_number(max_questions),
            ),
        )
    yaml_text, question_set = build(draft_set, filename, deadline=deadline, clock=clock)
    return Conversion(
        set_id=question_set.id,
        title=question_set.title,
        source_format=source_format,
        yaml_text=yaml_text,
        converted=len(question_set.questions),
        skipped=skipped,
        question_set=question_set,
    )


def _read(
    suffix: str, text: str, filename: str, limits: ReadLimits
) -> tuple[str, DraftSet, tuple[Skipped, ...]]:
    """Return the format's name, the drafted set and the skipped questions of ``text``."""
    if suffix == ".csv":
        return "CSV", csv_format.read_csv(text, filename, limits=limits), ()
    if suffix == ".gift" or gift.looks_like_gift(text):
        read = gift.read_gift(text, filename, limits=limits)
        skipped = tuple(Skipped(item.line, item.kind, item.reason) for item in read.skipped)
        return "GIFT", gift.gift_set(read, filename), skipped
    return "Aiken", aiken.read_aiken(text, filename, limits=limits), ()


def _nothing_converted(filename: str, skipped: tuple[Skipped, ...]) -> SetFileError:
    """Return the error of a file without one question to convert, listing what was skipped."""
    if not skipped:
        return file_error(filename, _("the file holds no questions"))
    errors = [
        SetError(
            filename,
            1,
            1,
            FILE_LEVEL,
            ngettext(
                "no question could be converted: all {n} are of types quiz-tutor does not ask",
                "no question could be converted: all {n} are of types quiz-tutor does not ask",
                len(skipped),
            ),
        )
    ]
    errors.extend(
        SetError(
            filename, item.line, 1, _(item.kind), _("skipped: {reason}", reason=_(item.reason))
        )
        for item in skipped
    )
    return SetFileError(errors)
