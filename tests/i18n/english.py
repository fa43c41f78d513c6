"""A test helper: the English the bot left in a message shown in the pseudo-locale.

Run the bot with the pseudo-locale (``i18n.pseudo.enable()`` and a member or server speaking
``qps-ploc``): every text that went through the catalogs is then wrapped in ``⟦...⟧``. What
:func:`english_left` returns is the words of a message outside the markers, once what is not
the bot's own text is taken out: what members and moderators wrote (names, a set's texts, given
with ``ignore`` or :func:`set_texts`), numbers, emojis, mentions, timestamps and code.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import discord

from content.model import QuestionSet
from i18n.pseudo import untranslated


def message_texts(message: discord.Message) -> Iterator[str]:
    """Yield every text a member sees in a message: content, embeds, buttons, menus."""
    yield message.content or ""
    for embed in message.embeds:
        yield from (embed.title or "", embed.description or "")
        yield from (embed.author.name or "", embed.footer.text or "")
        for field in embed.fields:
            yield from (field.name or "", field.value or "")
    for row in message.components:
        for item in getattr(row, "children", [row]):
            yield getattr(item, "label", None) or ""
            yield getattr(item, "placeholder", None) or ""
            for option in getattr(item, "options", ()):
                yield from (option.label or "", option.description or "")
    for attachment in message.attachments:
        yield attachment.filename


def set_texts(qset: QuestionSet) -> list[str]:
    """Return every text a set's author wrote (shown as written, never translated)."""
    texts = [qset.id, qset.title, qset.topic or "", qset.description or ""]
    if qset.badge is not None:
        texts += [qset.badge.name, qset.badge.description or ""]
    for question in qset.questions:
        texts += [question.id, question.prompt, *question.options, question.context or ""]
        texts += [question.hint or "", question.takeaway or "", *question.common_mistakes]
        texts += [f or "" for f in question.feedback]
        if question.code is not None:
            texts.append(question.code.source)
        if question.solution is not None:
            texts.append(question.solution.quick_check or "")
            for step in question.solution.steps:
                texts += [step.title, step.text]
    return [t for t in texts if t]


def english_left(message: discord.Message, *, ignore: Iterable[str] = ()) -> list[str]:
    """Return the words of ``message`` left in English (empty: every text was translated)."""
    own = tuple(ignore)
    return [word for text in message_texts(message) for word in untranslated(text, ignore=own)]
