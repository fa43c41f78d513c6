"""Open the question form, answer it and its buttons, and save what it makes as a new version."""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING, Any

import discord

from bot import rendering
from bot.authoring import document
from bot.authoring.checking import Checked, check
from bot.authoring.drafts import FORM_SECONDS, Draft, Drafts
from bot.authoring.form import FormText, build, question_id, shown_form
from bot.authoring.views import (
    errors_message,
    form_modal,
    inert_view,
    parse_custom_id,
    preview_messages,
    typed_text,
)
from bot.catalog import ServerSet
from bot.clock import now
from bot.cogs.common import require_manage_server, resolve_set
from bot.cogs.sets import describe_changes
from bot.errors import UserFacingError
from bot.review_sets import REVIEW_SET_ID
from bot.tree import replying_to_errors, send_ephemeral
from content import _rules as rules
from content.errors import SetFileError, printable
from content.limits import SET_TITLE_MAX
from content.offload import validate_upload
from i18n import _, ngettext

if TYPE_CHECKING:
    from bot.app import QuizBot

log = logging.getLogger(__name__)

_BUTTONS = (discord.InteractionType.component, discord.InteractionType.modal_submit)


class Conflict(Exception):
    """The set changed since the form was opened."""


class FormService:
    """The question forms of every server: open, check, preview, save, remove."""

    def __init__(self, bot: QuizBot) -> None:
        self.bot = bot
        self.drafts = Drafts()
        self._locks: dict[tuple[int, str], asyncio.Lock] = {}

    # ------------------------------------------------------------------ opening

    async def open_form(self, interaction: discord.Interaction, draft: Draft) -> None:
        """Open the form of ``draft``: empty for a new question, filled for a change."""
        self.drafts.add(draft)
        await interaction.response.send_modal(form_modal(draft))

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
        doc = document.read(text)
        doc["id"] = document.Word(new_id)
        yaml_text = document.dump(doc)
        try:
            copied = await validate_upload(yaml_text.encode(), f"{new_id}.yaml")
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

    # ------------------------------------------------------------------ interactions

    async def handle(self, interaction: discord.Interaction) -> None:
        """Answer a submitted form or a click on one of its buttons; ignore anything else."""
        if interaction.type not in _BUTTONS or not isinstance(interaction.data, dict):
            return
        parsed = parse_custom_id(str(interaction.data.get("custom_id", "")))
        if parsed is None:
            return
        action, key = parsed
        async with replying_to_errors(interaction):
            draft = self.drafts.get(key)
            if draft is None:
                await self._expired(interaction, action)
                return
            if interaction.user.id != draft.user_id or interaction.guild_id != draft.guild_id:
                raise UserFacingError(
                    _("Only the moderator who opened this form can use it, in its server.")
                )
            require_manage_server(interaction)
            handler = {
                "modal": self._submitted,
                "reopen": self._reopen,
                "edit": self._reopen,
                "save": self._save,
                "discard": self._discard,
                "remove": self._remove,
                "keep": self._keep,
            }.get(action)
            if handler is not None:
                await handler(interaction, draft)

    async def _expired(self, interaction: discord.Interaction, action: str) -> None:
        minutes = FORM_SECONDS // 60
        if action == "modal":
            typed = FormText.from_values(modal_values(interaction))
            await send_ephemeral(
                interaction,
                _(
                    "This form was open too long (a form is kept {minutes} minutes), so nothing "
                    "was saved. Here is what you typed, to paste into a new form:",
                    minutes=minutes,
                )
                + "\n"
                + typed_text(typed),
            )
            return
        await interaction.response.edit_message(
            content=_(
                "This form has expired (a form is kept {minutes} minutes after its last use); "
                "nothing was saved. Run the command again to open a new one.",
                minutes=minutes,
            ),
            view=None,
        )

    async def _reopen(self, interaction: discord.Interaction, draft: Draft) -> None:
        await interaction.response.send_modal(form_modal(draft))

    async def _discard(self, interaction: discord.Interaction, draft: Draft) -> None:
        self.drafts.drop(draft.key)
        await interaction.response.edit_message(
            content=_("Discarded: nothing was saved and the set is unchanged."),
            embeds=[],
            view=None,
        )

    async def _keep(self, interaction: discord.Interaction, draft: Draft) -> None:
        self.drafts.drop(draft.key)
        await interaction.response.edit_message(
            content=_("Kept `{question}`; nothing changed.", question=draft.question_id),
            view=None,
        )

    # ------------------------------------------------------------------ the form

    async def _submitted(self, interaction: discord.Interaction, draft: Draft) -> None:
        draft.typed = FormText.from_values(modal_values(interaction))
        draft.checked = None
        await interaction.response.defer(ephemeral=True, thinking=True)
        try:
            doc = await self._document(draft)
        except Conflict:
            text, view = await self._conflict(draft)
            await interaction.followup.send(
                text, ephemeral=True, **({"view": view} if view else {})
            )
            return
        result = await self._build(draft, doc)
        if isinstance(result, list):
            content, view = errors_message(result, draft)
            await interaction.followup.send(content, view=view, ephemeral=True)
            return
        self.check_limits(draft.guild_id, result)
        draft.checked = result
        for message in preview_messages(draft):
            await interaction.followup.send(ephemeral=True, **message)

    async def _document(self, draft: Draft) -> document.Document:
        """Return the set as stored, or raise Conflict when it is no longer the form's version."""
        record = await self.bot.storage.guild_set(draft.guild_id, draft.set_id)
        version = record.version if record is not None else None
        if version != draft.base_version:
            raise Conflict
        if record is None:
            assert draft.title is not None
            return document.new_document(draft.set_id, draft.title)
        return document.read(record.yaml_text)

    async def _build(self, draft: Draft, doc: document.Document) -> Checked | list[Any]:
        """Put the typed question into ``doc`` and validate the set."""
        assert draft.typed is not None
        listed = document.questions(doc)
        if draft.question_id is None:
            built = build(draft.typed, original=None, shown=None)
            taken = {str(q.get("id", "")).strip() for q in listed}
            new_id = question_id(draft.typed.prompt, taken)
            draft.choices["new_id"] = new_id
            built.mapping = {"id": document.Word(new_id), **built.mapping}
            listed.append(built.mapping)
            index = len(listed) - 1
        else:
            found = document.find_question(doc, draft.question_id)
            if found is None:
                raise UserFacingError(
                    _(
                        "`{question}` is no longer in `{set}`: someone removed it since you "
                        "opened the form. Nothing was saved.",
                        question=draft.question_id,
                        set=draft.set_id,
                    )
                )
            index = found
            built = build(draft.typed, original=listed[index], shown=draft.shown)
            listed[index] = built.mapping
        return await check(doc, index, built, draft.set_id)

    async def _conflict(self, draft: Draft) -> tuple[str, discord.ui.View | None]:
        """Return why the form's set moved on, and the button that reopens it on the new one."""
        record = await self.bot.storage.guild_set(draft.guild_id, draft.set_id)
        if record is None:
            text = _("Not saved: `{set}` was removed since you opened this form.", set=draft.set_id)
            return text, None
        if draft.base_version is None:
            text = _(
                "Not saved: someone made a set `{set}` (version {version}) since you opened "
                "this form, and a set is never overwritten silently. Reopen the form to add "
                "your question to it: what you typed is kept.",
                set=draft.set_id,
                version=record.version,
            )
        else:
            text = _(
                "Not saved: `{set}` changed since you opened this form (it is at version "
                "{version} now, you started from version {base}), and a change is never "
                "overwritten silently. Reopen the form on the current version: what you "
                "typed is kept.",
                set=draft.set_id,
                version=record.version,
                base=draft.base_version,
            )
        draft.base_version = record.version
        draft.title = None
        draft.checked = None
        label = _("Reopen on the current version")
        return text, inert_view((label, "reopen", discord.ButtonStyle.primary, draft.key))

    # ------------------------------------------------------------------ saving

    async def _save(self, interaction: discord.Interaction, draft: Draft) -> None:
        if draft.checked is None:
            raise UserFacingError(
                _("This preview is out of date: the form was changed since. Use the latest one.")
            )
        await interaction.response.defer()
        try:
            summary = await self.store(draft, draft.checked)
        except Conflict:
            text, view = await self._conflict(draft)
            await interaction.edit_original_response(content=text, view=view)
            return
        self.drafts.drop(draft.key)
        question = draft.question_id or draft.choices.get("new_id")
        head = _("Saved `{question}`.", question=question)
        await interaction.edit_original_response(
            content=rendering.clip(f"{head} {summary}", rendering.MESSAGE_LIMIT), view=None
        )

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
            version = await self.bot.storage.put_guild_set(
                guild_id, set_id, checked.yaml_text, draft.user_id, at
            )
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

    # ------------------------------------------------------------------ removing

    async def ask_remove(
        self, interaction: discord.Interaction, set_id: str, question: str
    ) -> None:
        """Ask the moderator to confirm removing one question; never the set's last one."""
        draft = self.draft_for(interaction, set_id, question)
        entry = self.own_set(draft.guild_id, draft.set_id)
        if len(entry.qset.questions) < 2:
            raise UserFacingError(
                _(
                    "`{question}` is the only question of `{set}`, and a set needs at least one: "
                    "add another question first, or remove the whole set with `/sets remove`.",
                    question=draft.question_id,
                    set=draft.set_id,
                )
            )
        self.drafts.add(draft)
        text = _(
            "Remove `{question}` from **{title}** (`{set}`, version {version})? Members' answers "
            "to it stay.",
            question=draft.question_id,
            title=rendering.inline(entry.qset.title),
            set=draft.set_id,
            version=entry.version,
        )
        view = inert_view(
            (_("Remove"), "remove", discord.ButtonStyle.danger, draft.key),
            (_("Keep it"), "keep", discord.ButtonStyle.secondary, draft.key),
        )
        await interaction.response.send_message(text, view=view, ephemeral=True)

    async def _remove(self, interaction: discord.Interaction, draft: Draft) -> None:
        await interaction.response.defer()
        record = await self.bot.storage.guild_set(draft.guild_id, draft.set_id)
        if record is None or record.version != draft.base_version:
            await interaction.edit_original_response(
                content=_(
                    "Nothing removed: `{set}` changed since you asked. Run the command again.",
                    set=draft.set_id,
                ),
                view=None,
            )
            return
        doc = document.read(record.yaml_text)
        index = document.find_question(doc, draft.question_id or "")
        listed = document.questions(doc)
        if index is None or len(listed) < 2:
            raise UserFacingError(_("Nothing removed: the set changed. Run the command again."))
        del listed[index]
        yaml_text = document.dump(doc)
        try:
            qset = await validate_upload(yaml_text.encode(), f"{draft.set_id}.yaml")
        except SetFileError as error:
            log.error("a set without one of its questions does not load: %s", error)
            raise UserFacingError(
                _("Nothing removed: the set would not load without it.")
            ) from None
        try:
            summary = await self.store(draft, Checked(qset, yaml_text))
        except Conflict:
            raise UserFacingError(
                _("Nothing removed: `{set}` changed since you asked.", set=draft.set_id)
            ) from None
        self.drafts.drop(draft.key)
        await interaction.edit_original_response(
            content=rendering.clip(
                _(
                    "Removed `{question}`. Members' answers to it stay.",
                    question=draft.question_id,
                )
                + " "
                + summary,
                rendering.MESSAGE_LIMIT,
            ),
            view=None,
        )


def modal_values(interaction: discord.Interaction) -> dict[str, str]:
    """Return a submitted form's text inputs by custom id."""
    values: dict[str, str] = {}
    data = interaction.data if isinstance(interaction.data, dict) else {}
    stack: list[Any] = list(data.get("components") or [])
    while stack:
        component = stack.pop()
        if not isinstance(component, dict):
            continue
        if "value" in component and "custom_id" in component:
            values[str(component["custom_id"])] = str(component["value"] or "")
        stack.extend(component.get("components") or [])
        if isinstance(component.get("component"), dict):
            stack.append(component["component"])
    return values
