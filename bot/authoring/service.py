"""Open the question form, answer it and its buttons, and save what it makes as a new version."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

import discord

from bot import rendering
from bot.authoring.changing import Change, without_question
from bot.authoring.checking import Checked, change_in_workers, in_worker
from bot.authoring.drafts import FORM_SECONDS, Draft, Drafts
from bot.authoring.form import FormText
from bot.authoring.library import Conflict, ServerSets
from bot.authoring.views import (
    errors_message,
    form_modal,
    inert_view,
    menu_values,
    parse_custom_id,
    preview_messages,
    typed_file,
)
from bot.cogs.common import require_manage_server
from bot.commands.errors import UserFacingError
from bot.commands.tree import UNEXPECTED, replying_to_errors, send_ephemeral
from bot.languages import interaction_language
from content.errors import SetFileError
from i18n import _, use_locale

if TYPE_CHECKING:
    from bot.app import QuizBot

log = logging.getLogger(__name__)


def _stale() -> str:
    return _("This preview is out of date: the form was changed since. Use the latest one.")


_BUTTONS = (discord.InteractionType.component, discord.InteractionType.modal_submit)


class FormService:
    """The question forms of every server: open, check, preview, save, remove."""

    def __init__(self, bot: QuizBot) -> None:
        self.bot = bot
        self.drafts = Drafts()
        self.sets = ServerSets(bot)

    # ------------------------------------------------------------------ opening

    async def open_form(self, interaction: discord.Interaction, draft: Draft) -> None:
        """Open the form of ``draft``: empty for a new question, filled for a change."""
        self.drafts.add(draft)
        await interaction.response.send_modal(form_modal(draft))

    # ------------------------------------------------------------------ interactions

    async def handle(self, interaction: discord.Interaction) -> None:
        """Answer a submitted form or a click on one of its buttons; ignore anything else."""
        if interaction.type not in _BUTTONS or not isinstance(interaction.data, dict):
            return
        parsed = parse_custom_id(str(interaction.data.get("custom_id", "")))
        if parsed is None:
            return
        action, key = parsed
        key, _dot, revision = key.partition(".")
        # The member's language, else the server's, as for every other interaction
        with use_locale(await interaction_language(interaction)):
            try:
                await self._handle(interaction, action, key, revision)
            except Exception:
                log.exception("the question form failed on %s", action)
                await send_ephemeral(interaction, _(UNEXPECTED))

    async def _handle(
        self, interaction: discord.Interaction, action: str, key: str, revision: str
    ) -> None:
        async with replying_to_errors(interaction):
            draft = self.drafts.get(key)
            if draft is None:
                await self._expired(interaction, action, key)
                return
            if interaction.user.id != draft.user_id or interaction.guild_id != draft.guild_id:
                raise UserFacingError(
                    _("Only the moderator who opened this form can use it, in its server.")
                )
            require_manage_server(interaction)
            if revision and revision != str(draft.revision):
                raise UserFacingError(_stale())
            handler = {
                "modal": self._submitted,
                "reopen": self._reopen,
                "edit": self._reopen,
                "save": self._save,
                "discard": self._discard,
                "remove": self._remove,
                "keep": self._keep,
                "difficulty": self._picked,
                "time_limit": self._picked,
                "attempts": self._picked,
            }.get(action)
            if handler is not None:
                await handler(interaction, draft)

    async def _expired(self, interaction: discord.Interaction, action: str, key: str) -> None:
        minutes = FORM_SECONDS // 60
        if action == "modal":
            typed = FormText.from_values(modal_values(interaction))
            await interaction.response.send_message(
                _(
                    "This form was open too long (a form is kept {minutes} minutes), so nothing "
                    "was saved. What you typed is attached, to paste into a new form.",
                    minutes=minutes,
                ),
                file=typed_file(typed),
                ephemeral=True,
            )
            return
        typed = self.drafts.typed_in_expired(key)
        if typed is not None:
            await interaction.response.edit_message(
                content=_(
                    "This form is closed: it was left unused for more than {minutes} minutes, "
                    "so nothing was saved. What you typed is attached, to paste into a new form.",
                    minutes=minutes,
                ),
                attachments=[typed_file(typed)],
                view=None,
            )
            return
        await interaction.response.edit_message(
            content=_(
                "This form is closed: it was saved or discarded already, or left unused for "
                "more than {minutes} minutes. Nothing changed now; run the command again to "
                "open a new one.",
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
        await interaction.response.defer(ephemeral=True, thinking=True)
        for message in await self._preview(draft):
            await interaction.followup.send(ephemeral=True, **message)

    async def _picked(self, interaction: discord.Interaction, draft: Draft) -> None:
        """Apply a choice of the preview's menus (difficulty, time, attempts) and show it."""
        assert isinstance(interaction.data, dict)
        action = parse_custom_id(str(interaction.data.get("custom_id", "")))
        values = interaction.data.get("values") or []
        if action is None or len(values) != 1:
            return
        value = str(values[0])
        if value not in menu_values(action[0]) and not (
            action[0] == "time_limit" and value.isdigit() and len(value) <= 4
        ):
            return
        draft.picked[action[0]] = value
        await interaction.response.defer()
        shown = {"content": None, "embeds": [], "view": None} | (await self._preview(draft))[-1]
        if "files" in shown:
            shown["attachments"] = shown.pop("files")
        await interaction.edit_original_response(**shown)

    async def _preview(self, draft: Draft) -> list[dict[str, Any]]:
        """Validate the typed question; return the preview, or the problems, or the conflict."""
        draft.checked = None
        draft.revision += 1
        try:
            result = await self._build(draft)
            if not isinstance(result, list):
                self.sets.check_limits(draft.guild_id, result)
        except Conflict:
            text, view = await self._conflict(draft)
            if view is None:
                return [{"content": text, "files": [typed_file(draft.typed)]}]
            return [{"content": text, "view": view}]
        except UserFacingError as error:  # the form can't be saved: hand back what was typed
            return [{"content": str(error), "files": [typed_file(draft.typed)]}]
        if isinstance(result, list):
            content, view = errors_message(result, draft)
            return [{"content": content, "view": view}]
        draft.checked = result
        return preview_messages(draft)

    async def _build(self, draft: Draft) -> Checked | list[Any]:
        """Put the typed question into the set as stored and validate it, in the upload
        workers (raise Conflict when the set is no longer at the form's version)."""
        assert draft.typed is not None
        record = await self.bot.storage.guild_set(draft.guild_id, draft.set_id)
        version = record.version if record is not None else None
        if version != draft.base_version:
            raise Conflict
        if record is None:
            assert draft.title is not None
        change = Change(draft.typed, draft.question_id, draft.shown, dict(draft.picked))
        stored = record.yaml_text if record is not None else None
        changed, result = await change_in_workers(
            self.bot.uploads,
            draft.guild_id,
            stored,
            set_id=draft.set_id,
            title=draft.title,
            change=change,
        )
        if not changed.found:
            raise UserFacingError(
                _(
                    "`{question}` is no longer in `{set}`: someone removed it since you "
                    "opened the form. Nothing was saved.",
                    question=draft.question_id,
                    set=draft.set_id,
                )
            )
        if changed.new_id is not None:
            draft.new_id = changed.new_id
        draft.own = changed.own
        draft.set_defaults = changed.set_defaults
        return result

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
            raise UserFacingError(_stale())
        await interaction.response.defer()
        try:
            summary = await self.sets.store(draft, draft.checked)
        except Conflict:
            text, view = await self._conflict(draft)
            files = [typed_file(draft.typed)] if view is None else []
            await interaction.edit_original_response(content=text, view=view, attachments=files)
            return
        self.drafts.drop(draft.key)
        question = draft.question_id or draft.new_id
        head = _("Saved `{question}`.", question=question)
        await interaction.edit_original_response(
            content=rendering.clip(f"{head} {summary}", rendering.MESSAGE_LIMIT), view=None
        )

    # ------------------------------------------------------------------ removing

    async def ask_remove(
        self, interaction: discord.Interaction, set_id: str, question: str
    ) -> None:
        """Ask the moderator to confirm removing one question; never the set's last one."""
        draft = self.sets.draft_for(interaction, set_id, question)
        entry = self.sets.own_set(draft.guild_id, draft.set_id)
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
        try:
            kept = await in_worker(
                self.bot.uploads,
                draft.guild_id,
                f"{draft.set_id}.yaml",
                without_question,
                record.yaml_text,
                draft.set_id,
                draft.question_id or "",
            )
        except SetFileError as error:
            log.error("a set without one of its questions does not load: %s", error)
            raise UserFacingError(
                _("Nothing removed: the set would not load without it.")
            ) from None
        if kept is None:
            raise UserFacingError(_("Nothing removed: the set changed. Run the command again."))
        yaml_text, qset = kept
        try:
            summary = await self.sets.store(draft, Checked(qset, yaml_text))
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
