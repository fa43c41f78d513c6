"""What the form looks like in Discord: the modal, the preview, the errors and the buttons.

Every control here is sent inert (stopped before it is sent, so discord.py keeps nothing of
it) and carries a custom id ``qform:<action>:<form key>``: ``FormService.handle`` answers it
from the open forms, so a late click or a form submitted after a restart still gets a sentence.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import discord

from bot import rendering
from bot.authoring.checking import describe
from bot.authoring.drafts import Draft
from bot.authoring.form import FIELD_MAX, FormProblem, FormText
from bot.languages.views import LocalizedModal, LocalizedView
from content._rules import DIFFICULTY_NAMES
from content.model import MAX_ATTEMPTS, Difficulty, Mode, Question, format_duration
from i18n import _, ngettext

PREFIX = "qform"
MODAL_TITLE_MAX = 45
ERRORS_SHOWN_MAX = 1700


def custom_id(action: str, key: str) -> str:
    return f"{PREFIX}:{action}:{key}"


def parse_custom_id(value: str) -> tuple[str, str] | None:
    """Return the action and form key of one of the form's custom ids, or None."""
    prefix, _sep, rest = value.partition(":")
    action, _sep, key = rest.partition(":")
    return (action, key) if prefix == PREFIX and action and key else None


def form_modal(draft: Draft) -> discord.ui.Modal:
    """Return the question form, filled with what it shows for ``draft``."""
    if draft.question_id is not None:
        title = _("Change {question}", question=draft.question_id)
    else:
        title = _("New question for {set}", set=draft.set_id)
    modal = LocalizedModal(
        title=rendering.clip(title, MODAL_TITLE_MAX),
        custom_id=custom_id("modal", draft.key),
        timeout=None,
    )
    filled = draft.filled
    fields = (
        (
            "prompt",
            _("Question (a ``` code block is its code)"),
            True,
            _("What does this code print?"),
        ),
        (
            "options",
            _("Options: one a line, A) text | feedback"),
            True,
            _("A) 3 | 2 + 2 is one more\nB) 4\nC) 22 | Numbers add, texts join"),
        ),
        ("answer", _("Right answer (its letter)"), True, "B"),
        ("hint", _("Hint (optional)"), False, _("Count on your fingers.")),
        ("explanation", _("Explanation: a step each paragraph"), False, _("Add\n2 + 2 makes 4.")),
    )
    for name, label, required, placeholder in fields:
        modal.add_item(
            discord.ui.TextInput(
                label=rendering.clip(label, 45),
                custom_id=name,
                style=discord.TextStyle.short if name == "answer" else discord.TextStyle.paragraph,
                default=getattr(filled, name)[: FIELD_MAX[name]] or None,
                required=required,
                max_length=FIELD_MAX[name],
                placeholder=rendering.clip(placeholder, 100),
            )
        )
    modal.stop()
    return modal


def inert_view(
    *buttons: tuple[str, str, discord.ButtonStyle, str],
    menus: Callable[[discord.ui.View], None] | None = None,
) -> discord.ui.View:
    """Return a view of buttons (label, action, style, form key) that discord.py won't track."""
    view = LocalizedView(timeout=None)
    if menus is not None:
        menus(view)
    for label, action, style, key in buttons:
        view.add_item(
            discord.ui.Button(
                label=label, style=style, custom_id=custom_id(action, key), row=4 if menus else None
            )
        )
    view.stop()
    return view


def errors_message(problems: list[FormProblem], draft: Draft) -> tuple[str, discord.ui.View]:
    """Return the list of a form's problems and the button that opens it again as typed."""
    head = ngettext(
        "The question was not saved: {n} problem. Nothing you typed is lost.",
        "The question was not saved: {n} problems. Nothing you typed is lost.",
        len(problems),
    )
    lines = [f"• {describe(problem)}" for problem in problems]
    body = rendering.clip("\n".join(lines), ERRORS_SHOWN_MAX)
    view = inert_view((_("Fix the form"), "reopen", discord.ButtonStyle.primary, draft.key))
    return f"{head}\n{body}", view


def preview_messages(draft: Draft) -> list[dict[str, Any]]:
    """Return the preview's messages: the question as members see it, then its reveal."""
    assert draft.checked is not None
    qset = draft.checked.qset
    question_id = draft.question_id or draft.new_id
    number = next(i for i, q in enumerate(qset.questions, start=1) if q.id == question_id)
    question = qset.questions[number - 1]
    shown = rendering.question_embed(
        qset,
        question,
        mode=Mode.PRACTICE,
        position=(number, len(qset.questions)),
        attempts=question.attempts,
        deadline=None,
        hints=question.hint is not None,
    )
    reveal = rendering.reveal_embed(
        question, right=[], show_right=False, reason=_("Preview of the reveal:")
    )
    facts = _(
        "Preview of `{question}` ({difficulty}, {time} to answer, {attempts}), "
        "as members will see it. Nothing is saved until you press **Save**.",
        question=question.id,
        difficulty=difficulty_choice(question.difficulty.value, named=False),
        time=format_duration(question.time_limit),
        attempts=ngettext("{n} attempt", "{n} attempts", question.attempts),
    )
    feedback = [
        f"{question.letters[i]}: {rendering.inline(text)}"
        for i, text in enumerate(question.feedback)
        if text
    ]
    if feedback:
        facts += "\n" + _("Feedback shown to whoever picks a wrong option:") + "\n"
        facts += "\n".join(f"> {line}" for line in feedback)
    view = inert_view(
        (_("Save"), "save", discord.ButtonStyle.success, f"{draft.key}.{draft.revision}"),
        (_("Edit"), "edit", discord.ButtonStyle.secondary, draft.key),
        (_("Discard"), "discard", discord.ButtonStyle.danger, draft.key),
        menus=lambda view: _menus(draft, question, view),
    )
    content = rendering.clip(facts, rendering.MESSAGE_LIMIT)
    if len(shown) + len(reveal) <= rendering.EMBED_TOTAL_LIMIT:
        return [{"content": content, "embeds": [shown, reveal], "view": view}]
    return [{"embeds": [shown]}, {"content": content, "embeds": [reveal], "view": view}]


TIME_CHOICES = (15, 30, 45, 60, 90, 120, 180, 300, 600, 900)
"""The time limits the preview's menu offers, in seconds (the validator allows 1 to 900)."""


def menu_values(menu: str) -> tuple[str, ...]:
    """Return the values one of the preview's menus may send back."""
    if menu == "difficulty":
        return DIFFICULTY_NAMES
    if menu == "time_limit":
        return ("default", *map(str, TIME_CHOICES))
    if menu == "attempts":
        return ("default", *map(str, range(1, MAX_ATTEMPTS + 1)))
    return ()


def _menus(draft: Draft, question: Question, view: discord.ui.View) -> None:
    """Add the menus that set the question's difficulty, time limit and attempts."""
    set_time, set_attempts = draft.set_defaults
    own_time = str(question.time_limit) if "time_limit" in draft.own else "default"
    own_attempts = str(question.attempts) if "attempts" in draft.own else "default"
    times = [("default", _("The set's time to answer: {time}", time=format_duration(set_time)))]
    seconds = sorted({*TIME_CHOICES, question.time_limit})
    times += [(str(s), _("{time} to answer", time=format_duration(s))) for s in seconds]
    tries = [("default", _("The set's attempts: {n}", n=set_attempts))]
    tries += [(str(n), ngettext("{n} attempt", "{n} attempts", n)) for n in range(1, 11)]
    menus = (
        (
            "difficulty",
            [(d, difficulty_choice(d)) for d in DIFFICULTY_NAMES],
            question.difficulty.value,
        ),
        ("time_limit", times, own_time),
        ("attempts", tries, own_attempts),
    )
    for row, (menu, choices, current) in enumerate(menus):
        options = [
            discord.SelectOption(
                label=rendering.clip(label, 100), value=value, default=value == current
            )
            for value, label in choices
        ]
        view.add_item(
            discord.ui.Select(custom_id=custom_id(menu, draft.key), options=options, row=row)
        )


def difficulty_choice(keyword: str, *, named: bool = True) -> str:
    """Name a difficulty in the current language, as the form's menu (``named``: "Difficulty:
    medium") or its preview shows it, with the set file's word when two words share a level
    ('intermediate' is medium)."""
    difficulty = Difficulty(keyword)
    name = rendering.difficulty_name(difficulty)
    if difficulty.level.value == keyword:
        return _("Difficulty: {name}", name=name) if named else name
    if not named:
        # Translators: {keyword} is the set file's word for the level, kept in English.
        return _("{name} (written {keyword})", name=name, keyword=keyword)
    # Translators: {keyword} is the set file's word for the level, kept in English.
    return _("Difficulty: {name} (written {keyword})", name=name, keyword=keyword)


def typed_text(form: FormText) -> str:
    """Return what a form held, field by field, to give back when it can no longer be used."""
    return "\n\n".join(f"[{name}]\n{value}" for name, value in form.as_dict().items() if value)


def typed_file(form: FormText | None) -> discord.File:
    """Return what a form held as a text file, to paste into a new form."""
    text = typed_text(form or FormText())
    return discord.File(io.BytesIO(text.encode()), filename="question.txt")
