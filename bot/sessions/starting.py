"""Start sessions and post their questions."""

from __future__ import annotations

import contextlib
import secrets

import discord
from discord.utils import escape_mentions

from bot import engine, rendering
from bot.commands.errors import MissingBotPermissions, UserFacingError, missing_permissions
from bot.languages import in_server_language, in_session_language, session_language
from bot.rendering import channel_mention
from bot.runtime.clock import now
from bot.runtime.live import LiveSession
from bot.runtime.retry import describe_failure, retrying
from bot.sessions.base import SessionsBase, log
from bot.sessions.sentences import ALREADY_YOURS, BUSY_HERE, BUSY_SCHEDULED, READY_IN_THREAD
from content.model import Mode, QuestionSet
from i18n import _, current_locale, ngettext, use_locale

NEEDED_IN_CHANNEL = (
    "view_channel",
    "send_messages",
    "embed_links",
    "add_reactions",
    "read_message_history",
)
NEEDED_FOR_THREADS = ("create_public_threads", "send_messages_in_threads")
THREAD_ARCHIVE_MINUTES = 60
IDLE_MINUTES = 30
"""A practice or test with no answer or hint for this long ends by itself."""


class StartingPart(SessionsBase):
    """``/practice``, ``/challenge``, ``/test``: start a session and post its questions."""

    async def start(
        self,
        interaction: discord.Interaction,
        qset: QuestionSet,
        mode: Mode,
        *,
        review: bool = False,
    ) -> None:
        """Start ``mode`` on ``qset`` for the member behind ``interaction``.

        A ``review`` plays like practice; its set is made of the member's due questions.
        A refusal is in the member's language (it is theirs alone); the session then starts
        in its own (a challenge the server's).
        """
        language = await session_language(interaction, mode)  # read before any check
        channel = interaction.channel
        guild = interaction.guild
        if self.closing:
            raise UserFacingError(
                _("I'm restarting; start again in a minute and you'll be all set.")
            )
        if guild is None or channel is None or interaction.channel_id is None:
            raise UserFacingError(_("Quizzes run in server channels, not in direct messages."))
        if not isinstance(channel, discord.TextChannel | discord.Thread):
            raise UserFacingError(_("Quizzes run in text channels and their threads."))
        permissions = interaction.app_permissions
        use_thread = (
            mode is not Mode.CHALLENGE
            and isinstance(channel, discord.TextChannel)
            and not missing_permissions(permissions, NEEDED_FOR_THREADS)
        )
        busy = self.in_channel(channel.id)
        if busy is not None and not use_thread:  # a personal session gets its own thread
            raise UserFacingError(_(BUSY_HERE[busy.session.mode], title=busy.qset.title))
        needed = list(NEEDED_IN_CHANNEL)
        if isinstance(channel, discord.Thread):
            needed[needed.index("send_messages")] = "send_messages_in_threads"
        missing = missing_permissions(permissions, needed)
        if missing:
            raise MissingBotPermissions(missing)
        member_id = interaction.user.id
        personal_key = (guild.id, member_id)
        if mode is not Mode.CHALLENGE:
            mine = self.personal_of(guild.id, member_id)
            if mine is not None:
                raise UserFacingError(
                    _(
                        ALREADY_YOURS[mine.session.mode],
                        title=mine.qset.title,
                        channel=channel_mention(mine.channel_id),
                    )
                )
            if personal_key in self.starting_personal:
                raise UserFacingError(
                    _("Your other session is starting right now; answer there, or /stop it first.")
                )
        at = now()
        try:
            session = engine.start_session(
                qset,
                mode,
                session_id=secrets.token_hex(8),
                starter_id=member_id,
                now=at,
                seed=secrets.randbits(32),
            )
        except engine.NoQuestionsError as error:
            raise UserFacingError(str(error)) from error
        with use_locale(language):
            await self._launch(interaction, channel, session, qset, use_thread, at, review=review)

    async def _launch(  # noqa: PLR0917
        self,
        interaction: discord.Interaction,
        channel: discord.TextChannel | discord.Thread,
        session: engine.Session,
        qset: QuestionSet,
        use_thread: bool,
        at: float,
        *,
        review: bool,
    ) -> None:
        """Post the intro of a session that passed every check, then its first question."""
        assert interaction.guild is not None
        member_id = interaction.user.id
        personal_key = (interaction.guild.id, member_id)
        if review:
            intro = rendering.review_intro_embed(qset, len(session.question_ids), member_id)
        else:
            shown = self.catalog.localized(interaction.guild.id, qset, current_locale())
            intro = rendering.intro_embed(shown, session.mode, len(session.question_ids), member_id)
        if use_thread:
            assert isinstance(channel, discord.TextChannel)
            # Reserved before the first await, so a second /practice at once is refused.
            self.starting_personal.add(personal_key)
            try:
                live = await self._start_in_thread(
                    interaction, channel, session, qset, intro, review=review
                )
            finally:
                self.starting_personal.discard(personal_key)
        else:
            # Registered before the first await, so a second /challenge here is refused.
            live = self._register(
                session, qset, interaction.guild.id, channel.id, None, at, review=review
            )
            try:
                if interaction.response.is_done():  # deferred: the intro goes to the channel
                    await self._messageable(live).send(embed=intro)
                    await interaction.followup.send(_("Your review starts below."), ephemeral=True)
                else:
                    await interaction.response.send_message(embed=intro)
            except BaseException:
                self._unregister(live)
                raise
        # Held while the first question is posted: a /stop meanwhile waits, then ends it whole.
        async with live.lock:
            if not self.is_live(live):
                return
            try:
                await self._save(live)
            except Exception as error:
                await self._abandon(
                    live, _("I couldn't save it ({reason}).", reason=describe_failure(error))
                )
                return
            await self._post_question(live)

    @in_server_language
    async def start_scheduled(  # noqa: PLR0917
        self,
        guild_id: int,
        channel_id: int,
        qset: QuestionSet,
        starter_id: int,
        announcement: str,
        role_id: int | None,
    ) -> str | None:
        """Start a scheduled challenge; return None, or the sentence saying why it can't."""
        if self.closing:
            return _("I was restarting at that moment.")
        busy = self.in_channel(channel_id)
        if busy is not None:
            return _(BUSY_SCHEDULED[busy.session.mode], title=busy.qset.title)
        guild = self.client.get_guild(guild_id)
        channel = guild.get_channel(channel_id) if guild is not None else None
        if guild is None or not isinstance(channel, discord.TextChannel | discord.Thread):
            return _("the channel no longer exists")
        missing = missing_permissions(channel.permissions_for(guild.me), NEEDED_IN_CHANNEL)
        if missing:
            return str(MissingBotPermissions(missing, f"<#{channel_id}>"))
        at = now()
        try:
            session = engine.start_session(
                qset,
                Mode.CHALLENGE,
                session_id=secrets.token_hex(8),
                starter_id=starter_id,
                now=at,
                seed=secrets.randbits(32),
            )
        except engine.NoQuestionsError as error:
            return str(error)
        live = self._register(session, qset, guild_id, channel_id, None, at)
        shown = self.catalog.localized(guild_id, qset, current_locale())
        intro = rendering.intro_embed(shown, Mode.CHALLENGE, len(session.question_ids), starter_id)
        pings = discord.AllowedMentions(
            everyone=False,
            users=False,
            roles=[discord.Object(role_id)] if role_id is not None else False,
        )
        content = f"<@&{role_id}> {announcement}" if role_id is not None else announcement
        try:
            await retrying(lambda: channel.send(content, embed=intro, allowed_mentions=pings))
        except Exception as error:
            self._unregister(live)
            return _(
                "I couldn't post in {channel} ({reason})",
                channel=channel_mention(channel_id),
                reason=describe_failure(error),
            )
        async with live.lock:
            if not self.is_live(live):
                return None
            try:
                await self._save(live)
            except Exception as error:
                await self._abandon(
                    live, _("I couldn't save it ({reason}).", reason=describe_failure(error))
                )
                return None
            await self._post_question(live)
        return None

    async def _start_in_thread(
        self,
        interaction: discord.Interaction,
        channel: discord.TextChannel,
        session: engine.Session,
        qset: QuestionSet,
        intro: discord.Embed,
        *,
        review: bool = False,
    ) -> LiveSession:
        if not interaction.response.is_done():  # /review defers before reading the cards
            await interaction.response.defer(ephemeral=True, thinking=True)
        label = _("Review") if review else rendering.mode_label(session.mode)
        # Discord announces a new thread by its name in the channel: no mention may ping there
        name = escape_mentions(f"{label} · {qset.title} · {interaction.user.display_name}")
        thread = await channel.create_thread(
            name=rendering.clip(name, 100),
            type=discord.ChannelType.public_thread,
            auto_archive_duration=THREAD_ARCHIVE_MINUTES,
        )
        await thread.send(embed=intro)
        assert interaction.guild is not None
        live = self._register(
            session, qset, interaction.guild.id, thread.id, thread.id, now(), review=review
        )
        kind = "review" if review else session.mode.value
        try:
            await interaction.followup.send(
                _(READY_IN_THREAD[kind], title=qset.title, thread=thread.mention),
                ephemeral=True,
            )
        except discord.HTTPException as error:  # the thread is there: the session goes on
            log.warning("could not say where the %s of %s is: %s", kind, live.id, error)
        return live

    @in_session_language
    async def _post_question(self, live: LiveSession) -> None:
        """Post the current question, register it for answers and arm its deadline.

        Any failure ends the session with a sentence: a session never waits on a question
        that was not posted.
        """
        session = live.session
        question = live.shown_question
        hints = session.mode is not Mode.TEST and question.hint is not None
        embed = rendering.question_embed(
            live.shown_set,
            question,
            mode=session.mode,
            position=session.position,
            attempts=session.round.attempts,
            deadline=session.round.deadline,
            hints=hints,
        )
        channel = self._messageable(live)
        try:
            message = await retrying(lambda: channel.send(embed=embed))
        except Exception as error:
            await self._abandon(
                live,
                _("I couldn't post the next question ({reason}).", reason=describe_failure(error)),
            )
            return
        if not self.is_live(live):  # stopped while the question was on its way
            with contextlib.suppress(Exception):
                await message.delete()
            return
        live.question_message_id = message.id
        live.status_message_id = None
        live.status_dirty = False
        live.hint_posted = False
        self.by_message[message.id] = live
        self._arm_deadline(live)
        self._arm_idle(live)
        try:
            await self._save(live)
        except Exception as error:
            await self._abandon(
                live, _("I couldn't save it ({reason}).", reason=describe_failure(error))
            )
            return
        await self._add_option_reactions(live, message, len(question.options), hints)

    async def _add_option_reactions(
        self, live: LiveSession, message: discord.Message, options: int, hints: bool
    ) -> None:
        emojis = [rendering.option_emoji(i) for i in range(options)]
        if hints:
            emojis.append(rendering.HINT_EMOJI)
        for emoji in emojis:
            try:
                await retrying(lambda emoji=emoji: message.add_reaction(emoji))
            except discord.NotFound:
                return  # the message is gone: on_raw_message_delete ends the session
            except Exception as error:
                self._log_once("add_reaction", live.channel_id, error)
                if not live.reactions_notice_sent:
                    live.reactions_notice_sent = True
                    await self._send(
                        live,
                        _(
                            "⚠️ I couldn't add the answer reactions ({reason}). "
                            "React with the option letters yourselves to answer; a moderator can "
                            "give me **Add Reactions** and **Read Message History** here.",
                            reason=describe_failure(error),
                        ),
                    )
                return

    def _arm_deadline(self, live: LiveSession) -> None:
        deadline = live.session.round.deadline
        if deadline is None:
            return
        question_id = live.session.round.question_id
        index = live.session.index
        self.deadlines.schedule_later(
            live.id, deadline - now(), lambda: self._on_deadline(live, index, question_id)
        )

    @in_session_language
    async def _on_deadline(self, live: LiveSession, index: int, question_id: str) -> None:
        if not self.is_live(live):
            return
        round_ = live.session.round
        if live.session.index != index or round_.question_id != question_id or round_.closed:
            return
        live.session = engine.close_round(live.session, now())
        await self._finish_round(live, _("⏰ Time's up!"))

    def _arm_idle(self, live: LiveSession) -> None:
        """(Re)start the idle timer of a personal session: it ends after IDLE_MINUTES quiet."""
        if live.session.personal:
            self.deadlines.schedule_later(
                ("idle", live.id), IDLE_MINUTES * 60, lambda: self._end_idle(live)
            )

    @in_session_language
    async def _end_idle(self, live: LiveSession) -> None:
        async with live.lock:
            if not self.is_live(live):
                return
            live.session = engine.stop(live.session, now())
            me = self.client.user.id if self.client.user else live.session.starter_id
            await self._finish_session(
                live,
                stopped_by=me,
                # translated here: a reason with a number can't be translated where it is shown
                stop_reason=ngettext(
                    "nobody answered for {n} minute, so it ended by itself",
                    "nobody answered for {n} minutes, so it ended by itself",
                    IDLE_MINUTES,
                ),
            )
