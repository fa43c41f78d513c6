"""Uploaded set files: checked in the upload workers, their errors reported, changes described."""

from __future__ import annotations

import io

import discord

from bot import rendering
from content.importers import IMPORT_SUFFIXES, is_import_file
from content.loader import SET_FILE_SUFFIXES, SetFileError
from content.model import QuestionSet
from content.offload import UploadChecker
from i18n import N_, _, format_number, ngettext
from storage import LimitReachedError

REPORT_INLINE_LIMIT = 1800
MAX_QUESTIONS_PER_SERVER = 5_000
# A server's translations of sets (its own or shipped ones; replacing one is not counted again):
# each file is at most MAX_FILE_BYTES, so they can never hold more than its own 50 sets can.
MAX_TRANSLATIONS_PER_SERVER = 50
# Translators: {ids} lists question ids of a replaced set.
CHANGE_ADDED = N_("added: {ids}")
CHANGE_REMOVED = N_("removed: {ids}")
CHANGE_EDITED = N_("edited: {ids}")


async def check_upload(
    uploads: UploadChecker, guild_id: int, filename: str, data: bytes
) -> tuple[QuestionSet, str, str | None]:
    """Return the set an upload holds, its YAML text, and the import report if it converted.

    The work runs in a worker process under a time and memory budget, one upload per server
    at a time, so no upload slows other servers.
    """
    if is_import_file(filename):
        conversion = await uploads.convert(
            guild_id, data, filename, max_questions=MAX_QUESTIONS_PER_SERVER
        )
        assert conversion.question_set is not None
        return conversion.question_set, conversion.yaml_text, conversion.report()
    qset = await uploads.validate(guild_id, data, filename)
    # a byte order mark is not part of the text: the set is kept (and exported) without it
    return qset, data.decode("utf-8").removeprefix("\ufeff"), None


async def send_report(interaction: discord.Interaction, filename: str, error: SetFileError) -> None:
    """Send every validation error, as a file when they would not fit a message."""
    report = str(error)
    count = error.total
    head = ngettext(
        "`{file}` was not loaded ({count} error); nothing changed.",
        "`{file}` was not loaded ({count} errors); nothing changed.",
        count,
        file=filename,
        count=format_number(count),
    )
    if not filename.lower().endswith(SET_FILE_SUFFIXES + IMPORT_SUFFIXES):
        head += " " + _(
            "Question sets are YAML files (.yaml or .yml), or GIFT (.gift, .txt), Aiken (.txt) "
            "and CSV (.csv) files to convert."
        )
    if len(report) <= REPORT_INLINE_LIMIT:
        await interaction.followup.send(
            f"{head}\n{rendering.code_block('', report)}", ephemeral=True
        )
        return
    attachment = discord.File(io.BytesIO(report.encode()), filename="errors.txt")
    await interaction.followup.send(head, file=attachment, ephemeral=True)


def describe_changes(old: QuestionSet, new: QuestionSet) -> str:
    """Summarise which questions a replacement added, removed and edited."""
    old_ids = {q.id: q for q in old.questions}
    new_ids = {q.id: q for q in new.questions}
    added = [i for i in new_ids if i not in old_ids]
    removed = [i for i in old_ids if i not in new_ids]
    edited = [i for i in new_ids if i in old_ids and new_ids[i] != old_ids[i]]
    parts = [
        _(label, ids=", ".join(f"`{i}`" for i in ids))
        for label, ids in (
            (CHANGE_ADDED, added),
            (CHANGE_REMOVED, removed),
            (CHANGE_EDITED, edited),
        )
        if ids
    ]
    if not parts:
        return rendering.clip(_("Changes: none"), 1500)
    # Translators: {changes} is a "; "-separated list of "added: ...", "removed: ..." parts.
    return rendering.clip(_("Changes: {changes}", changes="; ".join(parts)), 1500)


def limit_sentence(error: LimitReachedError) -> str:
    """Return the sentence for a load one of the server's limits on its sets refuses."""
    if error.what == "translations":
        return ngettext(
            "This server already has {n} translation of sets, the most it can have. "
            "Replace one by loading a translation of the same set and language, or remove "
            "the set it translates with `/sets remove`.",
            "This server already has {n} translations of sets, the most it can have. "
            "Replace one by loading a translation of the same set and language, or remove "
            "the set it translates with `/sets remove`.",
            error.count,
        )
    if error.what == "sets":
        return ngettext(
            "This server already has {n} set of its own, the most it can have. "
            "Remove one with `/sets remove`, or replace one by loading a set with its id.",
            "This server already has {n} sets of its own, the most it can have. "
            "Remove one with `/sets remove`, or replace one by loading a set with its id.",
            error.count,
        )
    return _(
        "With this set the server's own sets would hold {questions} questions; "
        "a server may have at most {limit}. Remove a set first.",
        questions=format_number(error.count),
        limit=format_number(error.limit),
    )
