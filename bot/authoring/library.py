"""A server's own sets as the form changes them: found, named, copied, stored as versions."""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING, Any

import discord

from bot import rendering
from bot.authoring.changing import renamed
from bot.authoring.checking import Checked, in_worker
from bot.authoring.drafts import Draft
from bot.authoring.form import shown_form
from bot.authoring.uploads import describe_changes, limit_sentence
from bot.cogs.common import resolve_set
from bot.cogs.sets import MAX_QUESTIONS_PER_SERVER, MAX_SETS_PER_SERVER
from bot.commands.errors import UserFacingError
from bot.library.catalog import ServerSet
from bot.library.review_sets import REVIEW_SET_ID
from bot.runtime.clock import now
from content import _rules as rules
from content.errors import SetFileError, printable
from content.limits import SET_TITLE_MAX
from i18n import _, ngettext
from storage import LimitReachedError

if TYPE_CHECKING:
    from bot.app import QuizBot

log = logging.getLogger(__name__)


class Conflict(Exception):
    """The set changed since the form was opened."""


class ServerSets:
    """The server sets the form writes: each save is a new version, never a silent overwrite."""

    def __init__(self, bot: QuizBot) -> None:
        self.bot = bot
        self._locks: dict[tuple[int, str], asyncio.Lock] = {}

    def new_set_draft(self, interaction: discord.Interaction, set_id: str, title: str) -> Draft:
        """Return the form of the first question of a set ``/sets new`` makes."""
        assert interaction.guild_id is not None
        set_id = self.new_set_id(interaction.guild_id, set_id)
        title = title.strip()
        if not title or len(title) > SET_TITLE_MAX:
            raise UserFacingError(
                _(
                    "A set's title is 1 to {limit} characters; this one has {n}.",
                    limit=SET_TITLE_MAX,
                    n=len(title),
                )
            )
        return Draft(interaction.guild_id, interaction.user.id, set_id, None, title=title)

    def draft_for(
        self, interaction: discord.Interaction, set_id: str, question: str | None = None
    ) -> Draft:
        """Return a form on a server's own set as it stands, for a new or a changed question."""
        assert interaction.guild_id is not None
        entry = self.own_set(interaction.guild_id, set_id)
        draft = Draft(interaction.guild_id, interaction.user.id, entry.qset.id, entry.version)
        if question is not None:
            found = entry.qset.question(question.strip())
            if found is None:
                raise UserFacingError(
                    _(
                        "`{set}` has no question `{question}`. Type a few letters in the "
                        "`question` option to pick one.",
                        set=entry.qset.id,
                        question=rendering.inline(rendering.clip(question.strip(), 100)),
                    )
                )
            draft.question_id = found.id
            draft.shown = shown_form(found)
        return draft

    def own_set(self, guild_id: int, set_id: str) -> ServerSet:
        """Return a server's own set, or refuse a shipped or unknown one with a sentence."""
        set_id = set_id.strip()
        entry = self.bot.catalog.server_set(guild_id, set_id)
        if entry is not None:
            return entry
        shown = rendering.inline(rendering.clip(set_id, 100))
        if set_id in self.bot.catalog.shipped:
            raise UserFacingError(
                _(
                    "`{set}` ships with the bot and can't be changed here. Make this server's "
                    "own copy to change with `/sets copy set:{set} id:<new id>`.",
                    set=shown,
                )
            )
        raise UserFacingError(
            _(
                "This server has no set `{set}` of its own. Start one with `/sets new`, or "
                "copy one with `/sets copy`.",
                set=shown,
            )
        )

    def new_set_id(self, guild_id: int, set_id: str) -> str:
        """Return an id a new server set may take, or refuse it with a sentence."""
        set_id = set_id.strip()
        try:
            rules.identifier(set_id)
        except ValueError as error:
            raise UserFacingError(_("The id {problem}.", problem=printable(str(error)))) from None
        if set_id in self.bot.catalog.shipped or set_id == REVIEW_SET_ID:
            raise UserFacingError(
                _(
                    "`{set}` is the id of a set shipped with the bot; give yours another id.",
                    set=set_id,
                )
            )
        if self.bot.catalog.server_set(guild_id, set_id) is not None:
            raise UserFacingError(
                _(
                    "This server already has a set `{set}`. Add a question to it with "
                    "`/questions add set:{set}`, or choose another id.",
                    set=set_id,
                )
            )
        return set_id

    async def copy_set(self, interaction: discord.Interaction, source: str, new_id: str) -> str:
        """Store a server copy of any set this server sees, as version 1 of ``new_id``."""
        assert interaction.guild_id is not None
        qset = resolve_set(self.bot, interaction.guild_id, source)
        new_id = self.new_set_id(interaction.guild_id, new_id)
        text = await self.bot.set_source(interaction.guild_id, qset.id)
        if text is None:
            raise UserFacingError(_("The source of `{set}` is not available.", set=qset.id))
        try:
            yaml_text, copied = await in_worker(
                self.bot.uploads, interaction.guild_id, f"{new_id}.yaml", renamed, text, new_id
            )
        except SetFileError as error:
            log.error("the copy of %s does not load: %s", qset.id, error)
            raise UserFacingError(_("`{set}` could not be copied.", set=qset.id)) from None
        draft = Draft(interaction.guild_id, interaction.user.id, new_id, None)
        try:
            summary = await self.store(draft, Checked(copied, yaml_text))
        except Conflict:
            raise UserFacingError(
                _("Someone made a set `{set}` just now; choose another id.", set=new_id)
            ) from None
        head = _("Copied `{source}` as this server's own set `{set}`.", source=qset.id, set=new_id)
        hint = _("Change it with `/questions add`, `/questions edit` and `/questions remove`.")
        return f"{head} {summary}\n{hint}"

    async def store(self, draft: Draft, checked: Checked) -> str:
        """Store ``checked`` as the set's next version if it is still at the form's version.

        Return what changed, as ``/sets load`` says it; raise Conflict when the set moved on.
        """
        guild_id, set_id = draft.guild_id, draft.set_id
        lock = self._locks.setdefault((guild_id, set_id), asyncio.Lock())
        async with lock:
            record = await self.bot.storage.guild_set(guild_id, set_id)
            if (record.version if record is not None else None) != draft.base_version:
                raise Conflict
            previous = self.bot.catalog.server_set(guild_id, set_id)
            self.check_limits(guild_id, checked)
            at = now()
            try:
                version = await self.bot.storage.put_guild_set(
                    guild_id,
                    set_id,
                    checked.yaml_text,
                    draft.user_id,
                    at,
                    questions=len(checked.qset.questions),
                    max_sets=MAX_SETS_PER_SERVER,
                    max_questions=MAX_QUESTIONS_PER_SERVER,
                )
            except LimitReachedError as error:  # another save or load of this server came first
                raise UserFacingError(limit_sentence(error)) from None
            self.bot.catalog.put(guild_id, ServerSet(checked.qset, version, draft.user_id, at))
        return self.summary(guild_id, checked, version, previous)

    def check_limits(self, guild_id: int, checked: Checked) -> None:
        """Refuse a set that takes the server past its limits, as ``/sets load`` does."""
        previous = self.bot.catalog.server_set(guild_id, checked.qset.id)
        sets_cog: Any = self.bot.get_cog("SetsCog")
        sets_cog._check_server_limits(guild_id, checked.qset, previous)

    def summary(
        self, guild_id: int, checked: Checked, version: int, previous: ServerSet | None
    ) -> str:
        """Return what a new version holds and how it differs from the one before."""
        qset = checked.qset
        count = ngettext("{n} question", "{n} questions", len(qset.questions))
        text = _(
            "**{title}** (`{set}`) is at version {version}: {count}.",
            title=rendering.inline(qset.title),
            set=qset.id,
            version=version,
            count=count,
        )
        if previous is not None:
            text += "\n" + describe_changes(previous.qset, qset)
            playing = len(self.bot.sessions.playing(guild_id, qset.id))
            if playing:
                text += "\n" + ngettext(
                    "{n} running session finishes with the previous version.",
                    "{n} running sessions finish with the previous version.",
                    playing,
                )
        return text
